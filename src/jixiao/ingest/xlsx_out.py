"""Write a filing (or the empty template) as an Excel workbook.

The layout comes from :mod:`jixiao.ingest.xlsx_in` (derived from the field
specifications), so every field of the model has its place without being listed
here.  Amounts are written as numbers, codes and stated values as text cells,
so ``"201"`` stays a code and ``"100.0%"`` stays as stated.  A number whose
float would not give back its exact text (``3.00``) is written as a number and
its text is kept on the hidden ``_jixiao`` sheet, so a round trip is lossless.
The workbook is built in memory and written through
:func:`jixiao.io_util.atomic_write_bytes`: an error never leaves a half-written file.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.catalog import Catalogue, years
from jixiao.ingest.build import DASH, SCHEMA_ID
from jixiao.ingest.xlsx_in import (
    _LOCATION_SEGMENT as LOCATION_SEGMENT,
    CODES_SHEET, FORMAT_VERSION, GUIDE_SHEET, KV_HEADERS, META_SHEET, VALUE_HEADERS, Leaf, Table,
    float_text, item_ref, section_rows, sections, tables, value_sheets,
)
from jixiao.io_util import atomic_write_bytes
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.values import Value, ValueMap

MONEY_FORMAT = "0.00####"
TEXT_FORMAT = "@"
#: rows of a table sheet that get the column's validation
VALIDATION_ROWS = 5000
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PATH_FONT = Font(color="808080")
WRAP = Alignment(wrap_text=True, vertical="top")
_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")

_HINTS = {S.MONEY: "金额（万元）", S.NUMBER: "数值", S.PERCENT: "百分数，如 63.5%", S.COUNT: "整数",
          S.INT: "整数", S.TEXT: "文字", S.TEXTS: "文字，每行一条", S.CODE: "科目编码（按文本填写）",
          S.VALUE: "按原文填写，如 ≥95%"}
_WIDTHS = {S.TEXT: 36, S.TEXTS: 40, S.VALUE: 14, S.MONEY: 14, S.CODE: 14}


def write_workbook(filing: Filing | None, path: str, keys: Any = None) -> None:
    """Write ``filing`` (or, for ``None``, the empty template) to ``path`` atomically.

    ``keys`` (``jixiao.metrics.names.KeyNames``): the 公开数值 sheet then names metrics in Chinese (键 column,
    with a drop-down of every name), as ``metrics`` prints them; without it keys are written as ids.
    Locations are always written as the template's sheet and row titles (``部门决算·收支总体·收入总计``)."""
    book = _Book(filing)
    book.keys = keys
    book.build()
    _save_atomic(book.wb, path)


def _save_atomic(wb: Workbook, path: str) -> None:
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())


def _dig(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


@dataclass
class _Lists:
    """Drop-down lists: short ones inline, long ones (codes) on the hidden 代码表 sheet."""

    columns: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)

    def formula(self, title: str, values: tuple[str, ...], labels: tuple[str, ...] = ()) -> str:
        joined = ",".join(values)
        if not labels and len(joined) <= 250 and not any("," in v or '"' in v for v in values):
            return f'"{joined}"'
        entry = (title, values, labels)
        if entry not in self.columns:
            self.columns.append(entry)
        col = 1 + sum(1 if not lab else 2 for _, _, lab in self.columns[: self.columns.index(entry)])
        letter = get_column_letter(col)
        return f"'{CODES_SHEET}'!${letter}$2:${letter}${len(values) + 1}"

    def write(self, wb: Workbook) -> None:
        if not self.columns:
            return
        ws = wb.create_sheet(CODES_SHEET)
        col = 1
        for title, values, labels in self.columns:
            for offset, (head, items) in enumerate(((title, values), ("名称", labels))):
                if offset and not labels:
                    continue
                _text(ws.cell(1, col + offset), head)
                for row, item in enumerate(items, start=2):
                    _text(ws.cell(row, col + offset), item)
            col += 2 if labels else 1
        ws.sheet_state = "hidden"


def _text(cell: Any, text: str) -> None:
    """A text cell, never a formula; ``_xHHHH_`` escaped so readers give it back unchanged."""
    cell.value = _ESCAPE.sub(r"_x005F\1", text)
    cell.data_type = "s"


def _catalogue_codes(kind: str, year: int | None) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Codes and names valid in ``year`` (the newest catalogue year when not given); None when none is."""
    year = year or max(years())
    entries = [e for e in Catalogue.load(year, kind).entries() if e.valid_in(year)]
    if not entries:
        return None
    return tuple(e.code for e in entries), tuple(e.name for e in entries)


class _Book:
    def __init__(self, filing: Filing | None):
        self.filing = filing
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.exact: dict[str, str] = {}
        self.lists = _Lists()
        self.validations: dict[tuple[str, str], DataValidation] = {}
        self.year = filing.unit.year if filing is not None else None
        self.keys: Any = None

    def build(self) -> None:
        guide = self.wb.create_sheet(GUIDE_SHEET)
        for spec in S.specs(Filing):
            if spec.kind == S.RECORD:
                self.kv_sheet(next(s for s in sections() if s.name == spec.name))
            for table in tables():
                if table.steps[0].path[0] == spec.name:
                    self.table_sheet(table)
        for name in value_sheets():
            self.values_sheet(name)
        self.lists.write(self.wb)
        self.meta_sheet()
        _write_guide(guide)

    # ----------------------------------------------------------------- cells

    def put(self, ws: Worksheet, row: int, col: int, spec: S.FieldSpec, value: Any) -> None:
        cell = ws.cell(row, col)
        cell.number_format = _format(spec.kind)
        if spec.kind in (S.TEXT, S.TEXTS):
            cell.alignment = WRAP
        if value is None or value == () or isinstance(value, ValueMap):
            return
        if spec.kind in (S.MONEY, S.NUMBER):
            self.put_decimal(ws, cell, value)
        elif spec.kind in (S.COUNT, S.INT):
            cell.value = int(value)
        elif spec.kind == S.PERCENT:
            _text(cell, f"{value:f}%")
        elif spec.kind == S.TEXTS:
            _text(cell, "\n".join(value))
        elif isinstance(value, Value):
            _text(cell, value.text)
        else:
            _text(cell, str(value))

    def put_decimal(self, ws: Worksheet, cell: Any, value: Decimal) -> None:
        """A number cell; its exact text goes to _jixiao when the float would not give it back."""
        text = f"{value:f}"
        back = float_text(float(value))
        back = back[:-2] if back.endswith(".0") else back
        if Decimal(back) != value:
            _text(cell, text)
            return
        cell.value = float(value)
        if back != text:
            self.exact[f"{ws.title}!{cell.coordinate}"] = text

    def dash(self, cell: Any, record: Any, name: str) -> None:
        """An amount the unit published as “—” is written “—” again (read back as 0, kept as “—”)."""
        if self.filing is not None and record is not None and self.filing.dashed(record, name):
            _text(cell, DASH)

    def validate(self, ws: Worksheet, spec: S.FieldSpec, ref: str) -> None:
        formula = None
        if spec.kind == S.CHOICE:
            formula = self.lists.formula(spec.zh, tuple(spec.meta["choices"]))
        elif spec.kind == S.CODE:
            codes = _catalogue_codes(spec.meta["catalogue"], self.year)
            if codes:
                formula = self.lists.formula(spec.zh, *codes)
        if formula is None:
            return
        key = (ws.title, formula)
        if key not in self.validations:
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                                errorStyle="warning", errorTitle="不在可选列表中",
                                error=f"“{spec.zh}”的值不在可选列表中；确定要保留吗？")
            ws.add_data_validation(dv)
            self.validations[key] = dv
        self.validations[key].add(ref)

    # ----------------------------------------------------------------- sheets

    def kv_sheet(self, section: S.FieldSpec) -> None:
        ws = self.wb.create_sheet(section.zh)
        _header(ws, KV_HEADERS, (36, 44, 40, 24))
        for row, leaf in enumerate(section_rows(section), start=2):
            _text(ws.cell(row, 1), leaf.dotted)
            ws.cell(row, 1).font = PATH_FONT
            _text(ws.cell(row, 2), leaf.zh)
            self.put(ws, row, 3, leaf.spec, self.kv_value(leaf))
            self.dash(ws.cell(row, 3), _dig(self.filing, leaf.path[:-1]), leaf.path[-1])
            _text(ws.cell(row, 4), _hint(leaf.spec))
            self.validate(ws, leaf.spec, f"C{row}")

    def kv_value(self, leaf: Leaf) -> Any:
        if leaf.path == ("money_unit",):
            return "万元"
        return _dig(self.filing, leaf.path) if self.filing is not None else None

    def table_sheet(self, table: Table) -> None:
        ws = self.wb.create_sheet(table.sheet)
        parents = len(table.parents)
        widths = [max(12, 2 * len(h) + 2) for h in table.headers[:parents]]
        widths += [max(_WIDTHS.get(c.spec.kind, 10), min(30, 2 * len(c.zh) + 2)) for c in table.columns]
        _header(ws, table.headers, widths)
        for row, (idents, item) in enumerate(_table_items(table, self.filing), start=2):
            for col, ident in enumerate(idents, start=1):
                ws.cell(row, col).number_format = TEXT_FORMAT
                if isinstance(ident, int):
                    ws.cell(row, col).value = ident
                else:
                    _text(ws.cell(row, col), ident)
            for col, leaf in enumerate(table.columns, start=parents + 1):
                self.put(ws, row, col, leaf.spec, _dig(item, leaf.path))
                self.dash(ws.cell(row, col), _dig(item, leaf.path[:-1]), leaf.path[-1])
        for col, leaf in enumerate(table.columns, start=parents + 1):
            letter = get_column_letter(col)
            ws.column_dimensions[letter].number_format = _format(leaf.spec.kind)
            self.validate(ws, leaf.spec, f"{letter}2:{letter}{VALIDATION_ROWS}")

    def values_sheet(self, name: str) -> None:
        ws = self.wb.create_sheet(name)
        _header(ws, VALUE_HEADERS, (48, 12, 40, 30))
        self.value_lists(ws, name)
        for col in "ABCD":
            ws.column_dimensions[col].number_format = TEXT_FORMAT
        row = 2
        for where, spec, values in _value_maps(self.filing, (), Filing):
            if spec.zh != name:
                continue
            place = zh_location(where)
            for key, value in values.items():
                shown = self.keys.label(key) if self.keys is not None and spec.name == "published" else key
                for col, text in enumerate((place, spec.zh, shown, value.text), start=1):
                    _text(ws.cell(row, col), text)
                row += 1

    def value_lists(self, ws: Worksheet, name: str) -> None:
        """Drop-downs: 位置 by the template's own sheet and row titles, 键 by the metric names ``metrics`` prints.

        Warning style: a location of an item added later, or a key with its item (``…比重（201）``), may be typed."""
        places = zh_locations(self.filing, name)
        lists = [("A", "位置", places)]
        if name == "公开数值" and self.keys is not None:
            lists.append(("C", "键（指标名称）", tuple(self.keys.names())))
        for col, title, values in lists:
            values = tuple(dict.fromkeys(values))
            if not values:
                continue
            dv = DataValidation(type="list", formula1=self.lists.formula(f"{name}·{title}", tuple(values)),
                                allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                errorTitle="不在可选列表中", error=f"“{title}”不在可选列表中；确定要保留吗？")
            ws.add_data_validation(dv)
            dv.add(f"{col}2:{col}{VALIDATION_ROWS}")

    def meta_sheet(self) -> None:
        ws = self.wb.create_sheet(META_SHEET)
        rows = [("schema", SCHEMA_ID), ("format", FORMAT_VERSION), ("generator", "jixiao"),
                ("说明", "本表供jixiao读取工作簿使用，请勿修改或删除")]
        rows += [("table", t.sheet, t.ident) for t in tables()]
        rows += [("exact", where, text) for where, text in self.exact.items()]
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values, start=1):
                if isinstance(value, str):
                    _text(ws.cell(row, col), value)
                else:
                    ws.cell(row, col).value = value
        ws.sheet_state = "hidden"


def _format(kind: str) -> str:
    return {S.MONEY: MONEY_FORMAT, S.NUMBER: "General", S.COUNT: "0", S.INT: "0"}.get(kind, TEXT_FORMAT)


def _hint(spec: S.FieldSpec) -> str:
    hint = "可选：" + "、".join(spec.meta["choices"]) if spec.kind == S.CHOICE else _HINTS.get(spec.kind, "")
    return hint + ("，必填" if spec.required else "")


def _header(ws: Worksheet, headers: tuple[str, ...] | list[str], widths: Any) -> None:
    for col, (head, width) in enumerate(zip(headers, widths), start=1):
        cell = ws.cell(1, col)
        _text(cell, head)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def _table_items(table: Table, filing: Filing | None) -> Iterator[tuple[list, Any]]:
    """(parent idents, item) for every item of a table, parents in model order."""
    if filing is None:
        return

    def walk(obj: Any, steps: tuple, idents: list) -> Iterator[tuple[list, Any]]:
        step = steps[0]
        for index, item in enumerate(_dig(obj, step.path) or (), start=1):
            if len(steps) == 1:
                yield idents, item
            else:
                yield from walk(item, steps[1:], idents + [_ident(step, item, index)])

    yield from walk(filing, table.steps, [])


def _ident(step: Any, item: Any, index: int) -> str | int:
    """How a nested row names its parent: the key value, or the 1-based number."""
    if not step.key:
        return index
    key = getattr(item, step.key)
    if key is None:
        return f"#{index}"
    return key if isinstance(key, int) else (f"{key:f}" if isinstance(key, Decimal) else str(key))


def _value_maps(obj: Any, where: tuple[str, ...], cls: type) -> Iterator[tuple[str, S.FieldSpec, ValueMap]]:
    """(location, spec, map) for every non-empty stated-value map, in model order."""
    if obj is None:
        return
    for spec in S.specs(cls):
        value = getattr(obj, spec.name)
        if spec.kind == S.VALUES and value:
            yield ".".join(where), spec, value
        elif spec.kind == S.RECORD:
            yield from _value_maps(value, where + (spec.name,), spec.type)
        elif spec.kind == S.RECORDS:
            key = spec.meta.get("key")
            for index, item in enumerate(value, start=1):
                ref = spec.name + item_ref(spec, getattr(item, key) if key else None, index)
                yield from _value_maps(item, where + (ref,), spec.type)


def zh_location(where: str) -> str:
    """``accounts.totals.income_grand_total`` → ``部门决算·收支总体·收入总计``;
    ``projects[名称].scorecard[4]`` → ``项目评分表·名称·4``.  The English path when a name holds a ``·``."""
    cls: type = Filing
    parts: list[str] = []
    keys: list[str] = []
    steps: list[str] = []
    since: list[str] = []
    pos = 0
    while pos < len(where):
        match = LOCATION_SEGMENT.match(where, pos)
        if match is None:
            return where
        pos = match.end()
        name, bracket = match.group(1), match.group(2)
        try:
            spec = S.spec_of(cls, name)
        except (KeyError, AttributeError):
            return where
        since.append(name)
        if spec.kind == S.RECORDS:
            if bracket is None or "·" in bracket or "・" in bracket:
                return where
            steps.append(".".join(since))
            since, parts = [], []
            keys.append(bracket)
        elif spec.kind == S.RECORD:
            parts.append(spec.zh)
        else:
            return where
        cls = spec.type
    if not steps:
        return "·".join(parts) or where
    ident = "[*].".join(steps)
    table = next((t for t in tables() if t.ident == ident), None)
    return "·".join([table.sheet, *keys, *parts]) if table is not None else where



def zh_locations(filing: Filing | None, sheet: str) -> list[str]:
    """Every record that can hold the values of ``sheet``, named as the template names it: the key/value
    sheet and its row titles (``部门决算·收支总体·收入总计``), or a list sheet and the item
    (``功能分类支出·2010308``, ``项目评分表·项目名称·3``; items only when the filing has them)."""
    out: list[str] = []

    def has_values(cls: type) -> bool:
        return any(s.kind == S.VALUES and s.zh == sheet for s in S.specs(cls))

    def records(cls: type, prefix: list[str]) -> None:
        if has_values(cls) and len(prefix) > 0:
            out.append("·".join(prefix))
        for spec in S.specs(cls):
            if spec.kind == S.RECORD:
                records(spec.type, prefix + [spec.zh])

    for section in sections():
        records(section.type, [section.zh])
    for table in tables():
        if not has_values(table.spec.type):
            continue
        for idents, item in _table_items(table, filing):
            own = _ident(table.steps[-1], item, 0)
            if own == 0:                # no key: the row's number among its siblings
                own = _position(filing, table, idents, item)
            elif own == "#0":           # a key column left empty: ``#`` and the number
                own = f"#{_position(filing, table, idents, item)}"
            out.append("·".join([table.sheet, *(str(i) for i in idents), str(own)]))
    return out


def _position(filing: Filing | None, table: Table, idents: list, item: Any) -> int:
    parent: Any = filing
    for step, ident in zip(table.parents, idents):
        items = _dig(parent, step.path) or ()
        parent = next((x for n, x in enumerate(items, 1) if _ident(step, x, n) == ident), None)
    siblings = _dig(parent, table.steps[-1].path) or ()
    return next(n for n, x in enumerate(siblings, 1) if x is item)


def _write_guide(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    rows = [("jixiao 填报工作簿", f"格式 {SCHEMA_ID}；与YAML填报文件内容完全相同，可用 jixiao convert 相互转换")]
    rows += [(f"{n}. {title}", text) for n, (title, text) in enumerate(_GUIDE, start=1)]
    rows += [("", ""), ("工作表", "内容")]
    rows += [(s.zh, f"{s.zh}：键值表，在C列填写") for s in sections()]
    rows += [(t.sheet, _table_note(t)) for t in tables()]
    rows += [(name, f"各记录的{name}：位置、字段、键、值") for name in value_sheets()]
    for row, (first, second) in enumerate(rows, start=1):
        _text(ws.cell(row, 1), first)
        _text(ws.cell(row, 2), second)
        ws.cell(row, 2).alignment = WRAP
    ws.cell(1, 1).font = Font(bold=True, size=14)


def _table_note(table: Table) -> str:
    note = f"{table.spec.zh}：每行一项"
    if table.parents:
        names = "、".join(f"“{p.parent_header}”" for p in table.parents)
        note += f"；前{len(table.parents)}列{names}写明所属的{table.parents[-1].spec.zh}"
    return note


_GUIDE = (
    ("金额单位", "所有金额以万元为单位（最多6位小数）；如需按元填写，把“单位信息”表 money_unit 行改为“元”（最多2位小数），全部金额都须按元填写。"),
    ("键值表", "单位信息、文字说明、部门决算、部门整体自评：A列“字段”为字段路径，B列为中文名称，只在C列“值”填写；请勿修改A列和第1行标题。不适用或文件未公开的留空，不要自行计算补填。"),
    ("列表表", "收入、功能分类支出、项目等：第1行为标题，请勿修改；每行一项，空行忽略；可增删行。"),
    ("收入决算表、支出决算表", "附表二、三：每行一个科目（类、款、项），每列一个收入来源或支出类型，照公开报表抄录；合计行填在“部门决算”表的“收入决算表·合计”“支出决算表·合计”各行。包括全部资金，不要由“功能分类支出”表推算。"),
    ("下级列表", "项目资金、项目绩效指标、项目评分表等：第一列写明所属上级项的名称（如“项目名称”须与“项目”表中的名称完全一致）；上级项没有名称的，写其序号（从1开始）。"),
    ("公开数值", "每行一个公开值，按原文填写、错误也照录：位置 = 所属记录的路径，列表项用方括号写其名称或编码，无名称的写序号（如 accounts.function_lines[2010308]、projects[项目名称].scorecard[3]）；字段 = published（公开数值）或 evidence（评分依据）；键 = 指标编号或名称；值 = 原文，如 63.5%、减少18.09万元。"),
    ("编码与下拉", "功能分类、经济分类编码按文本填写（如 2010308）；指标性质可选 ≥ ≤ = 定性；有下拉列表的单元格可从列表中选择。"),
    ("隐藏表", f"隐藏表 {META_SHEET} 记录格式版本，请勿删除或修改；{CODES_SHEET} 为下拉列表的编码。"),
)
