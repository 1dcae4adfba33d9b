"""Read batch data files (parquet, CSV, xlsx) into DuckDB tables of raw cells.

Each file (each data sheet of a workbook) becomes one table whose columns keep
the file's own types, plus ``__row``: the line of a CSV file, the row number of a
worksheet, or the 1-based row of a parquet file — what a finding cites.
Headers may be the identifiers of :mod:`jixiao.batch.schema` or their Chinese names.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field

import duckdb

from jixiao.batch.db import run
from jixiao.batch.schema import (
    INDICATOR_COLUMNS,
    ITEM_COLUMNS,
    PROJECT_COLUMNS,
    table_kind,
)
from jixiao.findings import Finding, UnusableInput, error
from jixiao.model.source import Source

EXTENSIONS = (".parquet", ".csv", ".xlsx")
_CHINESE = {c.zh: c.name for c in PROJECT_COLUMNS + ITEM_COLUMNS + INDICATOR_COLUMNS}
#: the largest worksheet read: its grid (A1 to the last cell) is built in memory
MAX_XLSX_ROWS, MAX_XLSX_COLS, MAX_XLSX_CELLS = 1_048_576, 512, 20_000_000
_KNOWN = {c.name for c in PROJECT_COLUMNS + ITEM_COLUMNS + INDICATOR_COLUMNS}
#: how DuckDB renames a repeated column (``a`` → ``a_1``)
_RENAMED = re.compile(r"(.+)_([0-9]+)")


@dataclass
class RawTable:
    """One table of raw cells and how to cite a cell of it."""

    table: str                      # DuckDB table name
    doc: str                        # the file, as given
    fmt: str                        # parquet | csv | xlsx
    kind: str                       # projects | items | indicators
    columns: dict[str, str]         # canonical column name → column of ``table``
    types: dict[str, str]           # column of ``table`` → DuckDB type
    sheet: str | None = None
    letters: dict[str, str] = field(default_factory=dict)    # xlsx: column → its letter

    def locator(self, row: int, column: str | None = None) -> str:
        if self.fmt == "csv":
            return f"L{row}"
        if self.fmt == "xlsx":
            letter = self.letters.get(self.columns.get(column or "", ""), "A") if column else "A"
            return f"{self.sheet}!{letter}{row}"
        return f"第{row}行"

    def source(self, row: int, column: str | None = None) -> Source:
        return Source(self.doc, self.locator(row, column))


def data_files(data: str) -> list[str]:
    """The data files named by DATA: the file itself, or the data files of a folder (sorted)."""
    if os.path.isdir(data):
        found = sorted(os.path.join(data, n) for n in os.listdir(data)
                       if n.lower().endswith(EXTENSIONS) and not n.startswith((".", "~$")))
        if not found:
            raise UnusableInput([error("BATCH-NO-DATA", "文件夹中没有 .parquet、.csv 或 .xlsx 数据文件", Source(data, "L1"))])
        return found
    if not os.path.exists(data):
        raise UnusableInput([error("BATCH-NO-DATA", "找不到数据文件或文件夹", Source(data, "L1"))])
    if not data.lower().endswith(EXTENSIONS):
        raise UnusableInput([error("BATCH-FORMAT", "数据文件应为 .parquet、.csv 或 .xlsx", Source(data, "L1"))])
    return [data]


def read_all(con, paths: list[str]) -> list[RawTable]:
    """Every file as raw tables; all whole-file problems are raised together."""
    tables: list[RawTable] = []
    problems: list[Finding] = []
    for index, path in enumerate(paths):
        try:
            tables += read_file(con, path, f"raw{index}")
        except UnusableInput as exc:
            problems += exc.findings
    if problems:
        raise UnusableInput(problems)
    return tables


def read_file(con, path: str, name: str) -> list[RawTable]:
    lower = path.lower()
    if lower.endswith(".parquet"):
        return [_parquet(con, path, name)]
    if lower.endswith(".csv"):
        return [_csv(con, path, name)]
    return _xlsx(con, path, name)


def _unreadable(path: str, what: str, exc: Exception | None = None) -> UnusableInput:
    detail = f"（{str(exc).splitlines()[0][:200]}）" if exc is not None else ""
    return UnusableInput([error("BATCH-UNREADABLE", f"无法读取{what}{detail}", Source(path, "L1"))])


def _parquet(con, path: str, name: str) -> RawTable:
    import duckdb

    from jixiao.ingest.limits import check_input

    check_input(path, "parquet")
    literal = "'" + path.replace("'", "''") + "'"
    try:
        # A view, not a copy: the file is scanned once to build the typed table.
        run(con, f"CREATE TEMP VIEW {name} AS SELECT * EXCLUDE (file_row_number), "
                 f"CAST(file_row_number + 1 AS BIGINT) AS __row FROM read_parquet({literal}, file_row_number=true)")
        run(con, f"SELECT * FROM {name} LIMIT 0")
    except duckdb.Error as exc:
        raise _unreadable(path, "parquet 文件", exc) from exc
    return _describe(con, path, name, "parquet")


def _csv(con, path: str, name: str) -> RawTable:
    import duckdb

    from jixiao.ingest.limits import check_input

    check_input(path, "csv")
    source = _utf8_copy(path)
    try:
        header = _csv_header(path, source)
        # The header is read here, not sniffed: DuckDB would rename a repeated header (a, a_1) and may
        # take a ragged row for the header.  Every row must then have as many fields as the header.
        columns = "{" + ", ".join(f"{_sql_text(h)}: 'VARCHAR'" for h in header) + "}"
        # DuckDB keeps file order for a plain scan, so row_number() is the data row (line = row + 1).
        run(con, f"CREATE TEMP TABLE {name} AS SELECT *, CAST(row_number() OVER () + 1 AS BIGINT) AS __row "
                 f"FROM read_csv(?, auto_detect=false, header=true, delim=',', quote='\"', escape='\"', "
                 f"columns={columns}, strict_mode=true, null_padding=false)", [source])
    except duckdb.Error as exc:
        raise _csv_error(path, exc) from exc
    finally:
        if source != path:
            os.unlink(source)
    return _describe(con, path, name, "csv")


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _csv_header(path: str, source: str) -> list[str]:
    """The first record of a CSV file, each header named; a repeated header is refused with its column."""
    import csv

    from jixiao.ingest.xlsx_in import col_letter

    try:
        with open(source, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), None)
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise _unreadable(path, "CSV 文件的表头", exc) from exc
    if not header or not any(h.strip() for h in header):
        raise UnusableInput([error("BATCH-MISSING-COLUMN", "第一行应为表头（列名，以逗号分隔），但它是空的", Source(path, "L1"))])
    problems, seen = [], {}
    out = []
    for index, raw in enumerate(header):
        head = raw.strip() or f"column{index}"
        canonical = _CHINESE.get(head, head)
        if canonical in seen:
            problems.append(error("BATCH-DUPLICATE-COLUMN", f"表头第{index + 1}列（{col_letter(index)}列）“{head}”与第{seen[canonical] + 1}列重复"
                                  f"（都表示 {canonical}）；每列只能出现一次", Source(path, "L1")))
        seen.setdefault(canonical, index)
        out.append(head)
    if problems:
        raise UnusableInput(problems)
    return out


def _csv_error(path: str, exc: Exception) -> UnusableInput:
    """DuckDB's CSV error in Chinese, at its line when it names one."""
    import re

    text = str(exc)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    count = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if line and count:
        return UnusableInput([error("BATCH-RAGGED-ROW", f"第{line.group(1)}行有{count.group(2)}个字段，而表头有{count.group(1)}列；"
                                    "请检查该行是否多了或少了逗号（含逗号的文字须加英文双引号）", Source(path, f"L{line.group(1)}"))])
    where = f"L{line.group(1)}" if line else "L1"
    return UnusableInput([error("BATCH-UNREADABLE", "无法读取 CSV 文件（请确认第一行是表头、以逗号分隔，文字中的逗号或引号须用英文双引号括起）",
                                Source(path, where))])


#: bytes decoded at a time when checking and converting a CSV file's encoding
CHUNK = 1 << 20


def _utf8_copy(path: str) -> str:
    """The path itself when it is UTF-8, else a UTF-8 copy (GB18030/GBK files from Excel).

    The file is streamed a chunk at a time (incremental decoders), so a file of gigabytes is never
    held in memory whole."""
    if _decodes(path, "utf-8"):
        return path
    # Excel in Chinese saves CSV as GBK/GB18030; a short file can fool a detector (it takes 项目编号
    # for Korean), so GB18030 is tried first and the detector only after it.
    copy = _copy_as_utf8(path, "gb18030")
    if copy is not None:
        return copy
    from charset_normalizer import from_bytes

    try:
        with open(path, "rb") as fh:
            best = from_bytes(fh.read(CHUNK)).best()
    except OSError as exc:
        raise _unreadable(path, "文件", exc) from exc
    copy = _copy_as_utf8(path, best.encoding) if best is not None else None
    if copy is None:
        raise _unreadable(path, "CSV 文件：无法识别文字编码，请另存为 UTF-8")
    return copy


def _decodes(path: str, encoding: str) -> bool:
    import codecs

    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    except OSError as exc:
        raise _unreadable(path, "文件", exc) from exc
    return True


def _copy_as_utf8(path: str, encoding: str) -> str | None:
    """A UTF-8 copy of a file in ``encoding``, converted a chunk at a time; None if it does not decode."""
    import codecs

    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        return None
    fd, copy = tempfile.mkstemp(suffix=".csv", prefix="jixiao-batch-")
    try:
        with open(path, "rb") as src, os.fdopen(fd, "w", encoding="utf-8") as out:
            while chunk := src.read(CHUNK):
                out.write(decoder.decode(chunk))
            out.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        os.unlink(copy)
        return None
    except OSError as exc:
        os.unlink(copy)
        raise _unreadable(path, "文件", exc) from exc
    return copy


def _xlsx(con, path: str, name: str) -> list[RawTable]:
    from python_calamine import CalamineWorkbook

    from jixiao.ingest.limits import check_input, check_zip

    check_input(path, "batch-xlsx")
    try:
        check_zip(path, "batch-xlsx")
    except UnusableInput as exc:
        if exc.findings[0].rule_id == "INPUT-XLSX-CORRUPT":
            raise _unreadable(path, "Excel 工作簿（.xlsx）：文件已损坏或不是 .xlsx") from exc
        raise
    from jixiao.ingest.xlsx_scan import scan_sheets

    try:
        scans = scan_sheets(path, None, MAX_XLSX_ROWS, MAX_XLSX_COLS, MAX_XLSX_CELLS)
    except Exception as exc:  # a broken zip or XML: zipfile, KeyError, lxml errors
        raise _unreadable(path, "Excel 工作簿（.xlsx）：文件已损坏或不是 .xlsx") from exc
    beyond = [(name, scan.beyond) for name, scan in scans.items() if scan.beyond]
    if beyond:
        raise UnusableInput([error("BATCH-XLSX-RANGE", f"单元格 {name}!{ref} 超出可读取的范围（每张工作表最多{MAX_XLSX_COLS}列、"
                                   f"{MAX_XLSX_CELLS // 1_000_000}百万个单元格）；请删除多余的行列，大量数据请改用 CSV 或 parquet",
                                   Source(path, f"{name}!{ref}")) for name, ref in beyond])
    try:
        with CalamineWorkbook.from_path(path) as book:
            sheets = [(s, book.get_sheet_by_name(s).to_python(skip_empty_area=False)) for s in book.sheet_names]
    except Exception as exc:  # calamine raises its own error types for broken files
        raise _unreadable(path, "Excel 工作簿（.xlsx）", exc) from exc
    out = []
    for number, (sheet, rows) in enumerate(sheets):
        table = _sheet(con, path, f"{name}_{number}", sheet, rows)
        if table is not None:
            out.append(table)
    if not out:
        raise UnusableInput([error("BATCH-MISSING-COLUMN", "工作簿中没有含“project_id”（项目编号）列的工作表", Source(path, "L1"))])
    return out


def _sheet(con, path: str, name: str, sheet: str, rows: list[list]) -> RawTable | None:
    import numpy as np

    from jixiao.ingest.xlsx_in import cell_text, col_letter, is_blank

    start = next((i for i, row in enumerate(rows) if any(not is_blank(c) for c in row)), None)
    if start is None:
        return None
    header = [cell_text(c).strip() if not is_blank(c) else "" for c in rows[start]]
    if not {"project_id", "项目编号"} & set(header):
        return None
    seen: dict[str, int] = {}
    for col, head in enumerate(header):
        canonical = _CHINESE.get(head, head)
        if head and canonical in seen:
            raise UnusableInput([error("BATCH-DUPLICATE-COLUMN", f"列标题“{head}”与{col_letter(seen[canonical])}列重复（都表示 {canonical}）；每列只能出现一次",
                                       Source(path, f"{sheet}!{col_letter(col)}{start + 1}"))])
        seen.setdefault(canonical, col)
    body = rows[start + 1:]
    named = [(col, head) for col, head in enumerate(header) if head]
    data = {f"c{col}": np.array([None if col >= len(r) or is_blank(r[col]) else cell_text(r[col]) for r in body],
                                dtype=object) for col, _ in named}
    data["__row"] = np.arange(start + 2, start + 2 + len(body), dtype=np.int64)
    view = f"{name}_view"
    con.register(view, data)
    select = ", ".join(f'CAST(c{col} AS VARCHAR) AS "{_escape(head)}"' for col, head in named)
    keep = " OR ".join(f"c{col} IS NOT NULL" for col, _ in named)
    try:
        run(con, f"CREATE TEMP TABLE {name} AS SELECT {select}, __row FROM {view} WHERE {keep}")
    except duckdb.Error as exc:  # duplicate headers
        raise _unreadable(path, f"工作表“{sheet}”（表头是否重复？）", exc) from exc
    finally:
        con.unregister(view)
    table = _describe(con, path, name, "xlsx", sheet)
    table.letters = {head: col_letter(col) for col, head in named}
    return table


def _escape(name: str) -> str:
    return name.replace('"', '""')


def _describe(con, path: str, name: str, fmt: str, sheet: str | None = None) -> RawTable:
    info = con.execute(f"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '{name}'").fetchall()
    types = {c: t for c, t in info if c != "__row"}
    columns: dict[str, str] = {}
    problems: list[Finding] = []
    where = Source(path, f"{sheet}!A1" if sheet else "L1")
    for actual in types:
        canonical = _CHINESE.get(actual.strip(), actual.strip())
        renamed = _RENAMED.fullmatch(actual)
        if renamed and _CHINESE.get(renamed.group(1), renamed.group(1)) in {_CHINESE.get(t, t) for t in types if t != actual} \
                and canonical not in _KNOWN:
            problems.append(error("BATCH-DUPLICATE-COLUMN", f"列“{renamed.group(1)}”出现了不止一次（重复的一列被改名为“{actual}”）；每列只能出现一次", where))
            continue
        if canonical in columns:
            problems.append(error("BATCH-DUPLICATE-COLUMN", f"列“{actual}”与“{columns[canonical]}”重复（都表示 {canonical}）", where))
        columns[canonical] = actual
    if "project_id" not in columns:
        problems.append(error("BATCH-MISSING-COLUMN", "缺少必需的列“project_id”（项目编号）", where))
    kind = table_kind(list(columns))
    if kind == "items" and "criterion" not in columns:
        problems.append(error("BATCH-MISSING-COLUMN", "评分项表缺少“criterion”（评分项）列", where))
    if problems:
        raise UnusableInput(problems)
    return RawTable(name, path, fmt, kind, columns, types, sheet)


__all__ = ["RawTable", "data_files", "read_all", "read_file"]
