"""Read batch data files (parquet, CSV, xlsx) into DuckDB tables of raw cells.

Each file (each data sheet of a workbook) becomes one table whose columns keep
the file's own types, plus ``__row``: the line of a CSV file, the row number of a
worksheet, or the 1-based row of a parquet file — what a finding cites.
Headers may be the identifiers of :mod:`jixiao.batch.schema` or their Chinese names.
"""
from __future__ import annotations

import os
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

    source = _utf8_copy(path)
    try:
        # DuckDB keeps file order for a plain scan, so row_number() is the data row (line = row + 1).
        run(con, f"CREATE TEMP TABLE {name} AS SELECT *, CAST(row_number() OVER () + 1 AS BIGINT) AS __row "
                    f"FROM read_csv(?, all_varchar=true, header=true)", [source])
    except duckdb.Error as exc:
        raise _unreadable(path, "CSV 文件（请确认第一行是表头、以逗号分隔）", exc) from exc
    finally:
        if source != path:
            os.unlink(source)
    return _describe(con, path, name, "csv")


def _utf8_copy(path: str) -> str:
    """The path itself when it is UTF-8, else a UTF-8 copy (GB18030/GBK files from Excel)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise _unreadable(path, "文件", exc) from exc
    try:
        raw.decode("utf-8")
        return path
    except UnicodeDecodeError:
        pass
    # Excel in Chinese saves CSV as GBK/GB18030; a short file can fool a detector (it takes 项目编号
    # for Korean), so GB18030 is tried first and the detector only after it.
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:1 << 20]).best()
        try:
            text = raw.decode(best.encoding if best is not None else "utf-8")
        except (UnicodeDecodeError, LookupError) as exc:
            raise _unreadable(path, "CSV 文件：无法识别文字编码，请另存为 UTF-8", exc) from exc
    fd, copy = tempfile.mkstemp(suffix=".csv", prefix="jixiao-batch-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return copy


def _xlsx(con, path: str, name: str) -> list[RawTable]:
    from python_calamine import CalamineWorkbook

    from jixiao.ingest.limits import MAX_XLSX_BYTES, check_size

    check_size(path, MAX_XLSX_BYTES)
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
