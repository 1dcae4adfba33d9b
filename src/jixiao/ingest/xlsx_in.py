"""Read the Excel workbook of ``jixiao template`` / ``jixiao convert`` into the neutral tree.

The workbook layout (which sheets, which columns, how list items are located) is
derived here from the model's field specifications and shared with
:mod:`jixiao.ingest.xlsx_out`, so writer and reader cannot drift apart.

The tree has exactly the shape the YAML reader gives, and every Scalar carries
its cell (``项目!C5``), so :func:`jixiao.ingest.build.build_filing` checks the
values and reports each problem with the cell to fix.  Only whole-file and
layout problems (not a workbook, not a jixiao workbook, changed headers, rows
naming no existing parent, duplicate rows) raise :class:`UnusableInput`, all of
them together.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Iterator, Protocol

from jixiao.findings import Finding, UnusableInput, error
from jixiao.ingest.build import SCHEMA_ID
from jixiao.ingest.limits import check_input, check_zip
from jixiao.ingest.tree import MapNode, Node, Scalar, SeqNode
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.source import Source

# --------------------------------------------------------------------------- layout

FORMAT_VERSION = 2
#: table sheets added in a later format: a workbook of an earlier format (made with an older template) may lack them
SHEETS_SINCE = {"收入决算表": 2, "支出决算表": 2}
META_SHEET = "_jixiao"
CODES_SHEET = "代码表"
GUIDE_SHEET = "说明"
SEP = "·"
KV_HEADERS = ("字段", "名称", "值", "说明")
VALUE_HEADERS = ("位置", "字段", "键", "值")
#: the largest sheet a filing workbook may have: cells beyond are refused before any grid is built
MAX_ROWS, MAX_COLS = 50_000, 256
NUMERIC_KINDS = {S.MONEY, S.NUMBER, S.PERCENT, S.COUNT, S.INT}

#: the header row ``money_unit`` shown at the top of the first key/value sheet
MONEY_UNIT_SPEC = S.FieldSpec("money_unit", S.CHOICE, "金额单位",
                              {"kind": S.CHOICE, "zh": "金额单位", "choices": ("万元", "元"), "aliases": {}})


@dataclass(frozen=True)
class Leaf:
    """A scalar field reached through nested records: its path and ``·``-joined Chinese name."""

    path: tuple[str, ...]
    zh: str
    spec: S.FieldSpec

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@lru_cache(maxsize=None)
def leaves(cls: type, prefix: tuple[str, ...] = (), zh: tuple[str, ...] = ()) -> tuple[Leaf, ...]:
    """Scalar leaves of a record, through nested RECORDs but not through lists or maps."""
    out: list[Leaf] = []
    for spec in S.specs(cls):
        if spec.kind == S.RECORD:
            out += leaves(spec.type, prefix + (spec.name,), zh + (spec.zh,))
        elif spec.kind in S.LEAF_KINDS or spec.kind == S.TEXTS:
            out.append(Leaf(prefix + (spec.name,), SEP.join(zh + (spec.zh,)), spec))
    return tuple(out)


@lru_cache(maxsize=None)
def sections() -> tuple[S.FieldSpec, ...]:
    """Top-level RECORD sections of a filing: one key/value sheet each."""
    return tuple(s for s in S.specs(Filing) if s.kind == S.RECORD)


def section_rows(section: S.FieldSpec) -> tuple[Leaf, ...]:
    """The rows of a key/value sheet; the first section also carries ``money_unit``."""
    return _section_rows(section.name)


@lru_cache(maxsize=None)
def _section_rows(name: str) -> tuple[Leaf, ...]:
    section = S.spec_of(Filing, name)
    rows = leaves(section.type, (section.name,), ())
    if section.name == sections()[0].name:
        rows = (Leaf(("money_unit",), MONEY_UNIT_SPEC.zh, MONEY_UNIT_SPEC),) + rows
    return rows


@dataclass(frozen=True)
class Step:
    """One list on the way to a table: its field path from the enclosing item (or filing)."""

    path: tuple[str, ...]
    spec: S.FieldSpec

    @property
    def key(self) -> str | None:
        return self.spec.meta.get("key")

    @property
    def parent_header(self) -> str:
        """Header of the column that names an item of this list from a nested list's row."""
        return S.spec_of(self.spec.type, self.key).zh if self.key else f"{self.spec.zh}序号"


@dataclass(frozen=True)
class Table:
    """A table sheet: one RECORDS field anywhere in the model."""

    steps: tuple[Step, ...]

    @property
    def spec(self) -> S.FieldSpec:
        return self.steps[-1].spec

    @property
    def sheet(self) -> str:
        return self.spec.meta["sheet"]

    @property
    def parents(self) -> tuple[Step, ...]:
        return self.steps[:-1]

    @property
    def columns(self) -> tuple[Leaf, ...]:
        return leaves(self.spec.type)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(p.parent_header for p in self.parents) + tuple(c.zh for c in self.columns)

    @property
    def ident(self) -> str:
        return "[*].".join(".".join(step.path) for step in self.steps)


@lru_cache(maxsize=None)
def tables() -> tuple[Table, ...]:
    """Every table of the model, parents before their nested lists."""
    out = tuple(_tables(Filing, (), ()))
    names = [t.sheet for t in out] + [s.zh for s in sections()]
    if len(set(names)) != len(names):
        raise RuntimeError(f"workbook sheet names are not unique: {names}")
    for table in out:
        if len(set(table.headers)) != len(table.headers):
            raise RuntimeError(f"headers of sheet {table.sheet} are not unique: {table.headers}")
    return out


def _tables(cls: type, prefix: tuple[str, ...], outer: tuple[Step, ...]) -> Iterator[Table]:
    for spec in S.specs(cls):
        if spec.kind == S.RECORD:
            yield from _tables(spec.type, prefix + (spec.name,), outer)
        elif spec.kind == S.RECORDS:
            steps = outer + (Step(prefix + (spec.name,), spec),)
            yield Table(steps)
            yield from _tables(spec.type, (), steps)


@lru_cache(maxsize=None)
def value_sheets() -> tuple[str, ...]:
    """One sheet per kind of stated-value map, named by its Chinese name (公开数值, 评分依据)."""
    out: list[str] = []

    def walk(cls: type) -> None:
        for spec in S.specs(cls):
            if spec.kind == S.VALUES and spec.zh not in out:
                out.append(spec.zh)
            elif spec.kind in (S.RECORD, S.RECORDS):
                walk(spec.type)

    walk(Filing)
    return tuple(out)


def key_text(value: object) -> str:
    """An item key as written in a location or a parent column."""
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def item_ref(spec: S.FieldSpec, key: object, index: int) -> str:
    """``[key]`` for a list with a key field, else the 1-based ``[index]`` (``[#index]`` if the key is unset)."""
    if not spec.meta.get("key"):
        return f"[{index}]"
    return f"[{key_text(key)}]" if key is not None else f"[#{index}]"


# --------------------------------------------------------------------------- cell values

def float_text(number: float) -> str:
    """The shortest text of a spreadsheet number, positional (``1e-06`` → ``0.000001``)."""
    text = repr(number)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def cell_text(raw: object) -> str:
    """Any cell as text: an integral number without ``.0``, a date as ISO text."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        if raw.is_integer() and abs(raw) < 1e16:
            return str(int(raw))
        return float_text(raw)
    if isinstance(raw, (datetime.date, datetime.time)):
        return raw.isoformat()
    return str(raw)


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# --------------------------------------------------------------------------- reading

class KeyResolver(Protocol):
    """Published-value keys by Chinese name (``jixiao.metrics.names.KeyNames``; ingest cannot import metrics)."""

    def resolve(self, text: str) -> str | None: ...

    def suggest(self, text: str, n: int = 3) -> list[str]: ...


def read_workbook_tree(path: str, doc: str, keys: KeyResolver | None = None) -> Node:
    """The neutral tree of a jixiao workbook.  Raises UnusableInput for whole-file problems.

    ``keys`` turns the Chinese names of the 公开数值 sheet's 键 column into keys (an unknown name is an
    error naming the cell and the nearest names); without it keys are taken as written."""
    check_input(path, "xlsx", doc)
    check_zip(path, "xlsx", doc)
    sheets = _load_sheets(path, doc)
    return _Reader(doc, sheets, keys, percent_cells(path, sheets)).run()


def percent_cells(path: str, sheets: dict[str, list[list]]) -> dict[str, str]:
    """``sheet!A1`` → number format, for the numeric cells shown as percentages (``0.00%``).

    A percentage pasted as a number (0.9354 in a %-formatted cell, shown 93.54%) means 93.54%."""
    import openpyxl

    out: dict[str, str] = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for name in book.sheetnames:
            rows = sheets.get(name)
            if not rows or name == META_SHEET:
                continue
            width = max((len(r) for r in rows), default=0)
            for row in book[name].iter_rows(max_row=len(rows), max_col=max(width, 1)):
                for cell in row:
                    fmt = getattr(cell, "number_format", None) or ""
                    if "%" in fmt and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                        out[f"{name}!{cell.coordinate}"] = fmt
    finally:
        book.close()
    return out


def _corrupt(doc: str, detail: str = "") -> UnusableInput:
    more = f"（{detail}）" if detail else ""
    return UnusableInput([error("INPUT-XLSX-CORRUPT", f"文件已损坏或不是Excel工作簿（.xlsx）{more}；请用Excel另存为.xlsx后重试", Source(doc, "L1"))])


def _load_sheets(path: str, doc: str) -> dict[str, list[list]]:
    """Every sheet the layout knows, as rows of cell values from A1.

    The sheets are scanned as a stream first (:mod:`jixiao.ingest.xlsx_scan`): a cell beyond
    :data:`MAX_ROWS` × :data:`MAX_COLS`, and a formula whose saved result is an error or missing,
    is refused with its cell before the grid is built."""
    from python_calamine import CalamineWorkbook

    from jixiao.ingest.xlsx_scan import scan_sheets

    wanted = {META_SHEET, *value_sheets(), *(s.zh for s in sections()), *(t.sheet for t in tables())}
    try:
        scans = scan_sheets(path, wanted, MAX_ROWS, MAX_COLS)
    except Exception as exc:  # a broken zip or XML: zipfile, KeyError, lxml errors
        raise _corrupt(doc, type(exc).__name__) from exc
    problems = scan_problems(scans, doc)
    if problems:
        raise UnusableInput(problems)
    try:
        with CalamineWorkbook.from_path(path) as book:
            return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                    for name in book.sheet_names if name in wanted}
    except Exception as exc:  # calamine raises its own errors and ValueError for broken parts
        raise _corrupt(doc, type(exc).__name__) from exc


def scan_problems(scans: dict, doc: str) -> list[Finding]:
    """Findings for cells beyond the allowed range and formulas without a usable saved result."""
    out: list[Finding] = []
    for name, scan in scans.items():
        if scan.beyond:
            out.append(error("INPUT-XLSX-RANGE", f"单元格 {name}!{scan.beyond} 超出可读取的范围（每张工作表最多{MAX_ROWS}行、{MAX_COLS}列）或引用无效；请删除该单元格或多余的行列后再导入", Source(doc, f"{name}!{scan.beyond}")))
        for ref, shown in scan.formula_errors:
            out.append(error("INPUT-XLSX-FORMULA", f"单元格 {name}!{ref} 的公式结果是错误值“{shown}”；请在Excel中改正公式后再导入", Source(doc, f"{name}!{ref}")))
        for ref in scan.formula_blank:
            out.append(error("INPUT-XLSX-FORMULA", f"单元格 {name}!{ref} 的公式没有保存计算结果，读取时会被当作空白；请在Excel中打开并保存后再导入", Source(doc, f"{name}!{ref}")))
        if scan.more:
            out.append(error("INPUT-XLSX-FORMULA", f"工作表“{name}”还有{scan.more}个公式单元格有同样的问题", Source(doc, f"{name}!A1")))
    return out


def _cell(row: list, col: int) -> object:
    return row[col] if col < len(row) else None


def col_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_LOCATION_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(.*?)\])?(?:\.(?=[A-Za-z_])|$)")
_INDEX = re.compile(r"#?([0-9]+)")


class _Reader:
    def __init__(self, doc: str, sheets: dict[str, list[list]], keys: KeyResolver | None = None,
                 percents: dict[str, str] | None = None):
        self.doc = doc
        self.sheets = sheets
        self.keys = keys
        self.percents = percents or {}
        self.problems: list[Finding] = []
        self.exact: dict[str, str] = {}
        self.root = MapNode(source=self.src(META_SHEET, "A1"))
        self.version = FORMAT_VERSION

    def src(self, sheet: str, ref: str) -> Source:
        return Source(self.doc, f"{sheet}!{ref}")

    def problem(self, rule_id: str, message: str, source: Source) -> None:
        self.problems.append(error(rule_id, message, source))

    def run(self) -> Node:
        self.read_meta()
        missing = [name for name in required_sheets(self.version) if name not in self.sheets]
        if missing:
            raise UnusableInput([error("INPUT-XLSX-SHEET", f"缺少工作表“{name}”：可能被改名或删除，其中的数据将无法读取；请恢复原名称，或用 jixiao template 重新生成模板后把数据复制进去", Source(self.doc, name)) for name in missing])
        for section in sections():
            self.read_kv(section)
        for table in tables():
            self.read_table(table)
        for sheet in value_sheets():
            self.read_values(sheet)
        if self.problems:
            raise UnusableInput(self.problems)
        return self.root

    # ----------------------------------------------------------------- _jixiao

    def read_meta(self) -> None:
        rows = self.sheets.get(META_SHEET)
        if rows is None:
            raise UnusableInput([error("INPUT-XLSX-NOT-JIXIAO", f"这不是jixiao模板生成的工作簿（缺少隐藏工作表“{META_SHEET}”）；请用 jixiao template 生成模板后填写，或用 jixiao convert 转换YAML填报文件", Source(self.doc, "L1"))])
        meta: dict[str, tuple[object, int]] = {}
        for number, row in enumerate(rows, start=1):
            name = cell_text(_cell(row, 0)).strip() if not is_blank(_cell(row, 0)) else ""
            if name == "exact" and not is_blank(_cell(row, 1)):
                self.exact[cell_text(_cell(row, 1))] = cell_text(_cell(row, 2))
            elif name:
                meta.setdefault(name, (_cell(row, 1), number))
        self.check_meta(meta)

    def check_meta(self, meta: dict[str, tuple[object, int]]) -> None:
        schema, row = meta.get("schema", (None, 1))
        where = self.src(META_SHEET, f"B{row}")
        if is_blank(schema):
            raise UnusableInput([error("INPUT-XLSX-NOT-JIXIAO", f"这不是jixiao模板生成的工作簿（工作表“{META_SHEET}”中缺少 schema）", where)])
        if cell_text(schema).strip() != SCHEMA_ID:
            raise UnusableInput([error("INPUT-SCHEMA", f"不支持的工作簿格式“{cell_text(schema)}”，应为 {SCHEMA_ID}；请用当前版本的 jixiao template 重新生成模板", where)])
        version, vrow = meta.get("format", (FORMAT_VERSION, 1))
        text = cell_text(version).strip()
        if not text.isdigit() or int(text) > FORMAT_VERSION:
            raise UnusableInput([error("INPUT-SCHEMA", f"工作簿格式版本“{cell_text(version)}”不受支持（本程序支持到 {FORMAT_VERSION}）；请升级jixiao", self.src(META_SHEET, f"B{vrow}"))])
        self.version = int(text)
        self.root.items["schema"] = Scalar(SCHEMA_ID, where)
        self.root.key_sources["schema"] = where

    # ----------------------------------------------------------------- key/value sheets

    def read_kv(self, section: S.FieldSpec) -> None:
        sheet = section.zh
        self.child_map(self.root, section.name, self.src(sheet, "A1"))
        rows = self.sheets.get(sheet)
        if not rows:
            return
        if [cell_text(_cell(rows[0], c)).strip() for c in (0, 2)] != [KV_HEADERS[0], KV_HEADERS[2]]:
            self.problem("INPUT-XLSX-HEADER", f"工作表“{sheet}”的标题行被修改：A1应为“{KV_HEADERS[0]}”，C1应为“{KV_HEADERS[2]}”；请勿删除或修改第1行", self.src(sheet, "A1"))
            return
        index = {leaf.dotted: leaf for leaf in _all_kv_rows()}
        for number, row in enumerate(rows[1:], start=2):
            raw = _cell(row, 2)
            if is_blank(raw):
                if not is_blank(_cell(row, 0)):
                    self.root.slots[cell_text(_cell(row, 0)).strip()] = self.src(sheet, f"C{number}")
                continue
            path = cell_text(_cell(row, 0)).strip() if not is_blank(_cell(row, 0)) else ""
            if not path or not all(path.split(".")):
                self.problem("INPUT-XLSX-ROW", f"第{number}行C列有值，但A列字段路径“{path}”缺失或无效；请勿修改A列", self.src(sheet, f"A{number}"))
                continue
            leaf = index.get(path)
            node = self.leaf_node(raw, leaf.spec if leaf else None, sheet, f"C{number}")
            self.put(self.root, tuple(path.split(".")), node, self.src(sheet, f"A{number}"))

    # ----------------------------------------------------------------- table sheets

    def read_table(self, table: Table) -> None:
        rows = self.sheets.get(table.sheet)
        if not rows:
            return
        columns = self.table_columns(table, rows)
        if columns is None:
            return
        for number, row in enumerate(rows[1:], start=2):
            item = self.row_item(table, columns, row, number)
            if item is None:
                continue
            seq = self.row_seq(table, columns, row, number)
            if seq is not None:
                seq.items.append(item)

    def table_columns(self, table: Table, rows: list[list]) -> dict[int, Leaf | int] | None:
        """Column index → leaf, or → parent step number.  None (with problems) if the headers were changed."""
        known: dict[str, Leaf | int] = {p.parent_header: i for i, p in enumerate(table.parents)}
        for leaf in table.columns:
            known[leaf.zh] = known[leaf.dotted] = leaf
        found = self.match_headers(table.sheet, rows, known, "、".join(table.headers))
        if found is None:
            return None
        missing = [p.parent_header for i, p in enumerate(table.parents) if i not in found.values()]
        if missing and len(rows) > 1 and any(not is_blank(c) for r in rows[1:] for c in r):
            self.problem("INPUT-XLSX-HEADER", f"工作表“{table.sheet}”缺少列“{missing[0]}”：每行须写明所属的上级项", self.src(table.sheet, "A1"))
            return None
        return found

    def match_headers(self, sheet: str, rows: list[list], known: dict, hint: str) -> dict[int, object] | None:
        found: dict[int, object] = {}
        seen: dict[str, str] = {}
        before = len(self.problems)
        for col, raw in enumerate(rows[0]):
            ref = f"{col_letter(col)}1"
            if is_blank(raw):
                if any(not is_blank(_cell(r, col)) for r in rows[1:]):
                    self.problem("INPUT-XLSX-HEADER", f"工作表“{sheet}”第{col_letter(col)}列有数据但没有标题", self.src(sheet, ref))
                continue
            header = cell_text(raw).strip()
            if header not in known:
                self.problem("INPUT-XLSX-HEADER", f"未知的列标题“{header}”（{sheet}!{ref}）：请勿修改标题行；本表的列为：{hint}", self.src(sheet, ref))
            elif header in seen:
                self.problem("INPUT-XLSX-HEADER", f"列标题“{header}”重复（{sheet}!{seen[header]} 已有）", self.src(sheet, ref))
            else:
                seen[header] = ref
                found[col] = known[header]
        return found if len(self.problems) == before else None

    def row_item(self, table: Table, columns: dict[int, Leaf | int], row: list, number: int) -> MapNode | None:
        item = MapNode(source=self.src(table.sheet, f"A{number}"))
        for col, leaf in columns.items():
            if isinstance(leaf, int):
                continue
            ref = f"{col_letter(col)}{number}"
            node = self.leaf_node(_cell(row, col), leaf.spec, table.sheet, ref)
            if node is not None:
                self.put(item, leaf.path, node, self.src(table.sheet, ref))
        return item if item.items else None

    def row_seq(self, table: Table, columns: dict[int, Leaf | int], row: list, number: int) -> SeqNode | None:
        """The list a row belongs to, found through its parent columns."""
        container = self.root
        parent_cols = {step: col for col, step in columns.items() if isinstance(step, int)}
        for index, step in enumerate(table.parents):
            col = parent_cols[index]
            ref = self.src(table.sheet, f"{col_letter(col)}{number}")
            value = _cell(row, col)
            if is_blank(value):
                self.problem("INPUT-XLSX-PARENT", f"未填写“{step.parent_header}”：请写明本行所属的{step.spec.zh}", ref)
                return None
            found = find_item(self.node_at(container, step.path), step, cell_text(value))
            if found is None:
                self.problem("INPUT-XLSX-PARENT", f"{step.parent_header}“{cell_text(value).strip()}”在工作表“{step.spec.meta['sheet']}”中不存在；请核对名称（须完全一致）", ref)
                return None
            container = found
        return self.child_seq(container, table.steps[-1].path, self.src(table.sheet, "A1"))

    # ----------------------------------------------------------------- stated values

    def read_values(self, sheet: str) -> None:
        rows = self.sheets.get(sheet)
        if not rows:
            return
        found = self.match_headers(sheet, rows, {h: h for h in VALUE_HEADERS}, "、".join(VALUE_HEADERS))
        if found is None:
            return
        cols = {header: col for col, header in found.items()}
        for number, row in enumerate(rows[1:], start=2):
            cells = {h: (_cell(row, c), self.src(sheet, f"{col_letter(c)}{number}")) for h, c in cols.items()}
            if not is_blank(cells.get("值", (None,))[0]):
                self.value_row(sheet, cells, number)

    def value_row(self, sheet: str, cells: dict[str, tuple[object, Source]], number: int) -> None:
        blank = (None, self.src(sheet, f"A{number}"))
        (where, where_src), (field, field_src) = cells.get("位置", blank), cells.get("字段", blank)
        (key, key_src), (value, value_src) = cells.get("键", blank), cells["值"]
        if is_blank(key):
            self.problem("INPUT-XLSX-ROW", "公开值缺少“键”（指标编号或名称）", key_src)
            return
        located = self.locate(cell_text(where).strip() if not is_blank(where) else "", where_src)
        if located is None:
            return
        record, cls = located
        name = self.values_field(cls, sheet, cell_text(field).strip() if not is_blank(field) else "", field_src)
        if name is None:
            return
        target = self.child_map(record, name, field_src if not is_blank(field) else where_src)
        if target is None:
            self.problem("INPUT-XLSX-ROW", f"“{name}”与其他行冲突", field_src)
            return
        key_str = cell_text(key).strip()
        if key_str in target.items:
            self.problem("INPUT-DUPLICATE-KEY", f"公开值“{key_str}”重复（{target.key_sources[key_str].locator} 已有）", key_src)
            return
        if name == "published" and self.keys is not None:
            resolved = self.keys.resolve(key_str)
            if resolved is None:
                near = "、".join(f"“{n}”" for n in self.keys.suggest(key_str)) or "（无）"
                self.problem("INPUT-XLSX-KEY", f"{sheet}!{key_src.locator.split('!')[-1]}“键”中的“{key_str}”不是已登记的指标名称；"
                                               f"最接近的是：{near}（可从下拉列表中选择）", key_src)
                return
            key_str = resolved
            if key_str in target.items:
                self.problem("INPUT-DUPLICATE-KEY", f"公开值“{key_str}”重复（{target.key_sources[key_str].locator} 已有）", key_src)
                return
        shown = self.percents.get(value_src.locator)
        if shown is not None:
            from jixiao.ingest.xlsx_reader import cell_text as shown_text

            target.items[key_str] = Scalar(shown_text(value, shown), value_src)   # 0.9354 in a 0.00% cell: “93.54%”
        else:
            target.items[key_str] = Scalar(cell_text(value), value_src)
        target.key_sources[key_str] = key_src

    def values_field(self, cls: type, sheet: str, field: str, source: Source) -> str | None:
        candidates = [s for s in S.specs(cls) if s.kind == S.VALUES]
        for spec in candidates:
            if field in (spec.name, spec.zh) or (not field and spec.zh == sheet):
                return spec.name
        names = "、".join(f"{s.name}（{s.zh}）" for s in candidates) or "无"
        self.problem("INPUT-XLSX-ROW", f"字段“{field}”不是该位置可用的公开值字段；可用：{names}", source)
        return None

    def locate(self, where: str, source: Source) -> tuple[MapNode, type] | None:
        """The record node a location (``projects[名称].scorecard[3]``, or in Chinese ``项目评分表·名称·3``) names."""
        if where and not where[0].isascii():
            return self.locate_zh(where, source)
        node, cls, pos = self.root, Filing, 0
        while pos < len(where):
            match = _LOCATION_SEGMENT.match(where, pos)
            if not match:
                break
            step = self.location_step(node, cls, match.group(1), match.group(2), where, source)
            if step is None:
                return None
            node, cls, pos = step[0], step[1], match.end()
        if not where or pos < len(where) or cls is Filing:
            self.problem("INPUT-XLSX-ROW", f"位置“{where}”格式无效：应为记录路径，如 accounts.sangong.vehicle 或 projects[项目名称].scorecard[3]", source)
            return None
        return node, cls

    def locate_zh(self, where: str, source: Source) -> tuple[MapNode, type] | None:
        """A location as the template names things: the sheet, then the row's item and record titles.

        ``部门决算·收支总体·收入总计`` (a key/value sheet and the record part of its row titles),
        ``功能分类支出·2010308`` or ``项目·项目名称`` (a list sheet and the item's name or code),
        ``项目评分表·项目名称·3`` (a nested list: the parent's name, then the item's name or number).
        A trailing field title (``…·收入总计·本年决算数``) names the same record."""
        parts = [p.strip() for p in re.split(r"[·・]", where)]
        head, rest = parts[0], parts[1:]
        section = next((s for s in sections() if s.zh == head), None)
        if section is not None:
            node = self.child_map(self.root, section.name, source)
            return None if node is None else self.zh_records(node, section.type, rest, where, source)
        table = next((t for t in tables() if t.sheet == head), None)
        if table is None:
            sheets = [s.zh for s in sections()] + [t.sheet for t in tables()]
            self.problem("INPUT-XLSX-LOCATION", f"位置“{where}”：“{head}”不是模板中的工作表；{_nearest(head, sheets)}", source)
            return None
        if len(rest) < len(table.steps):
            needed = "、".join(_item_title(step) for step in table.steps)
            self.problem("INPUT-XLSX-LOCATION", f"位置“{where}”：工作表“{table.sheet}”中的一项须依次写明{needed}，"
                                                f"用“·”分隔，如“{table.sheet}·{'·'.join(_item_title(st) for st in table.steps)}”", source)
            return None
        container = self.root
        for step, key in zip(table.steps, rest):
            seq = self.node_at(container, step.path)
            item = find_item(seq, step, key)
            if item is None:
                have = _item_keys(seq, step)
                self.problem("INPUT-XLSX-LOCATION", f"位置“{where}”：工作表“{step.spec.meta['sheet']}”中没有{_item_title(step)}为“{key}”的一项；"
                                                    f"{_nearest(key, have)}", source)
                return None
            container = item
        return self.zh_records(container, table.spec.type, rest[len(table.steps):], where, source)

    def zh_records(self, node: MapNode, cls: type, names: list[str], where: str,
                   source: Source) -> tuple[MapNode, type] | None:
        for n, name in enumerate(names):
            spec = next((s for s in S.specs(cls) if s.kind == S.RECORD and name in (s.zh, s.name)), None)
            if spec is None and n == len(names) - 1 and any(name in (s.zh, s.name) for s in S.specs(cls)):
                break           # the row title's field part: the statement belongs to this record
            if spec is None:
                options = [s.zh for s in S.specs(cls) if s.kind == S.RECORD]
                self.problem("INPUT-XLSX-LOCATION", f"位置“{where}”：“{name}”不是“{'·'.join(names[:n]) or where.split('·')[0]}”下的项目；"
                                                    f"{_nearest(name, options)}", source)
                return None
            child = self.child_map(node, spec.name, source)
            if child is None:
                return None
            node, cls = child, spec.type
        return node, cls

    def location_step(self, node: MapNode, cls: type, name: str, bracket: str | None, where: str,
                      source: Source) -> tuple[MapNode, type] | None:
        spec = next((s for s in S.specs(cls) if s.name == name), None)
        if spec is not None and spec.kind == S.RECORD and bracket is None:
            child = self.child_map(node, name, source)
            if child is not None:
                return child, spec.type
        elif spec is not None and spec.kind == S.RECORDS and bracket is not None:
            item = find_item(node.items.get(name), Step((name,), spec), bracket)
            if item is not None:
                return item, spec.type
            step = Step((name,), spec)
            have = _item_keys(node.items.get(name), step)
            self.problem("INPUT-XLSX-LOCATION", f"位置“{where}”：工作表“{spec.meta['sheet']}”中没有{_item_title(step)}为“{bracket}”的一项"
                                                f"（该表各行按“{_item_title(step)}”区分）；{_nearest(bracket, have)}", source)
            return None
        self.problem("INPUT-XLSX-ROW", f"位置“{where}”中的“{name}”无效（不是该处的记录或列表字段）", source)
        return None

    # ----------------------------------------------------------------- tree helpers

    def leaf_node(self, raw: object, spec: S.FieldSpec | None, sheet: str, ref: str) -> Node | None:
        if is_blank(raw):
            return None
        source = self.src(sheet, ref)
        kind = spec.kind if spec else None
        if kind == S.TEXTS:
            lines = [line.strip() for line in cell_text(raw).split("\n") if line.strip()]
            return SeqNode([Scalar(line, source) for line in lines], source)
        shown = self.percents.get(f"{sheet}!{ref}")
        if shown is not None and kind == S.PERCENT:
            return Scalar(_times_hundred(raw), source)          # 0.9354 shown as 93.54% is 93.54
        if shown is not None and kind == S.VALUE:
            from jixiao.ingest.xlsx_reader import cell_text as shown_text

            return Scalar(shown_text(raw, shown), source)       # a stated value as shown: “93.54%”
        if kind in NUMERIC_KINDS:
            return Scalar(self.number(raw, f"{sheet}!{ref}"), source)
        return Scalar(cell_text(raw), source)

    def number(self, raw: object, locator: str) -> object:
        """A numeric cell: the float as is (build refuses binary noise), or the exact text kept at writing."""
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            return raw if isinstance(raw, str) else cell_text(raw)
        text = float_text(float(raw))
        exact = self.exact.get(locator)
        if exact is not None and _same_number(exact, text):
            return exact
        return text if "e" in repr(float(raw)).lower() else raw

    def node_at(self, container: MapNode, path: tuple[str, ...]) -> Node | None:
        node: Node | None = container
        for name in path:
            node = node.items.get(name) if isinstance(node, MapNode) else None
        return node

    def child_map(self, node: MapNode, name: str, source: Source) -> MapNode | None:
        child = node.items.get(name)
        if child is None:
            child = node.items[name] = MapNode(source=source)
            node.key_sources[name] = source
        return child if isinstance(child, MapNode) else None

    def child_seq(self, node: MapNode, path: tuple[str, ...], source: Source) -> SeqNode | None:
        for name in path[:-1]:
            node = self.child_map(node, name, source)
            if node is None:
                break
        existing = node.items.get(path[-1]) if node is not None else None
        if node is not None and existing is None:
            existing = node.items[path[-1]] = SeqNode(source=source)
            node.key_sources[path[-1]] = source
        if not isinstance(existing, SeqNode):
            self.problem("INPUT-XLSX-ROW", f"“{'.'.join(path)}”与键值表中的行冲突", source)
            return None
        return existing

    def put(self, node: MapNode, path: tuple[str, ...], leaf: Node | None, source: Source) -> None:
        if leaf is None:
            return
        for name in path[:-1]:
            child = self.child_map(node, name, source)
            if child is None:
                self.problem("INPUT-XLSX-ROW", f"字段“{'.'.join(path)}”与其他行冲突（“{name}”已有值）", source)
                return
            node = child
        last = path[-1]
        if last in node.items:
            self.problem("INPUT-DUPLICATE-KEY", f"字段“{'.'.join(path)}”重复出现（{node.key_sources[last].locator} 已有）", source)
            return
        node.items[last] = leaf
        node.key_sources[last] = source


@lru_cache(maxsize=None)
def required_sheets(version: int = FORMAT_VERSION) -> tuple[str, ...]:
    """The sheets every jixiao workbook of format ``version`` has (the template writes them all, even when empty)."""
    names = (*(s.zh for s in sections()), *(t.sheet for t in tables()), *value_sheets())
    return tuple(name for name in names if SHEETS_SINCE.get(name, 1) <= version)


@lru_cache(maxsize=None)
def _all_kv_rows() -> tuple[Leaf, ...]:
    return tuple(leaf for section in sections() for leaf in section_rows(section))


def _nearest(text: str, options: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(text, options, n=3, cutoff=0.3)
    if close:
        return "最接近的是：" + "、".join(f"“{c}”" for c in close)
    return ("可用：" + "、".join(f"“{o}”" for o in options[:12])) if options else "该表还没有任何一项"


def _item_title(step: Step) -> str:
    """What names an item of a list: its key column's title (项目名称, 功能分类科目编码), else 序号."""
    return S.spec_of(step.spec.type, step.key).zh if step.key else "序号"


def _item_keys(seq: Node | None, step: Step) -> list[str]:
    if not isinstance(seq, SeqNode):
        return []
    if not step.key:
        return [str(n) for n in range(1, len(seq.items) + 1)]
    out = []
    for item in seq.items:
        node = item.items.get(step.key) if isinstance(item, MapNode) else None
        if isinstance(node, Scalar):
            out.append(cell_text(node.raw).strip())
    return out


def _times_hundred(raw: float) -> str:
    text = f"{(Decimal(float_text(float(raw))) * 100).normalize():f}"
    return text


def _same_number(a: str, b: str) -> bool:
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return False


def find_item(seq: Node | None, step: Step, wanted: str) -> MapNode | None:
    """The item of a list named by its key (``[2010308]``) or its 1-based number (``[3]``, ``[#3]``)."""
    if not isinstance(seq, SeqNode):
        return None
    wanted = wanted.strip()
    if step.key and not wanted.startswith("#"):
        for item in seq.items:
            node = item.items.get(step.key) if isinstance(item, MapNode) else None
            if isinstance(node, Scalar) and cell_text(node.raw).strip() == wanted:
                return item
        return None
    match = _INDEX.fullmatch(wanted)
    if not match or not 1 <= int(match.group(1)) <= len(seq.items):
        return None
    item = seq.items[int(match.group(1)) - 1]
    return item if isinstance(item, MapNode) else None
