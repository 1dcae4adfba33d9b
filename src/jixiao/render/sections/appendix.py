"""附表: lay out the tables of ``tables.yaml`` from the filing (see that file for the spec)."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from jixiao.model.walk import get_path
from jixiao.render import fmt as F
from jixiao.render.blocks import MISSING, Block, Cell, Table
from jixiao.render.context import RenderContext
from jixiao.render.sections.common import econ_name, func_level, func_plain_name
from jixiao.render.sections.table_values import derived_value, is_derived
from jixiao.render.templates import Section

_SELECT = re.compile(r"^(.*?)\[(\w+)=([^\]]+)\](.*)$")
_INDENT = {"类": "", "款": "　", "项": "　　"}


def appendix_tables(ctx: RenderContext, node: Section) -> list[Block]:
    blocks: list[Block] = []
    for number, ref in enumerate(node.tables, 1):
        spec = ctx.template_set.tables[ref["table"]]
        title = filed_annex_title(ctx, ref.get("title") or spec["title"])
        with ctx.in_section(title):
            blocks += build_table(ctx, spec, title, f"table-{ref['table']}", sheet=f"附表{number}")
    return blocks


_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))\s*")
_YEAR = re.compile(r"^(?:20\d\d|\d{4})年度?")


def filed_annex_title(ctx: RenderContext, title: str) -> str:
    """The unit's own name for this 附表 (accounts.annex_tables) when one names the same table."""
    wanted = annex_key(title)
    for name in ctx.filing.accounts.annex_tables:
        if name and annex_key(name) == wanted:
            return name.strip()
    return title


def annex_key(name: str) -> str:
    """A table name without its numbering, a leading year, spaces and quote style."""
    key = _YEAR.sub("", _NUMBERING.sub("", name.strip()))
    return re.sub(r"[\s“”\"'‘’]", "", key)


def build_table(ctx: RenderContext, spec: dict[str, Any], title: str, anchor: str, sheet: str) -> list[Block]:
    gaps: dict[str, int] = {}
    if "sides" in spec:
        header, body, widths = _two_sided(ctx, spec, gaps)
    else:
        header = _header(spec["columns"])
        body = [_row(ctx, spec["columns"], row, item, gaps) for row, item in _rows(ctx, spec["rows"])]
        widths = [float(c.get("width", 1)) for c in spec["columns"]]
    for what, n in gaps.items():
        ctx.missing(what if n == 1 else f"{what}等{n}处")
    ncols = len(widths)
    notes = []
    if spec.get("empty_when_zero") and all(get_path(ctx.filing, p) == 0 for p in spec["empty_when_zero"]):
        notes.append(f"本单位{ctx.year}年度无此项收支，本表为空表。")
    table = Table(anchor, title, tuple(tuple(r) for r in header), tuple(tuple(r) for r in body), ncols,
                  tuple(widths), "单位：万元", tuple(notes), sheet=sheet, orientation=spec.get("orientation", "auto"))
    return [table]


def _header(columns: list[dict[str, Any]]) -> list[list[Cell]]:
    if not any(c.get("group") for c in columns):
        return [[Cell(c["text"], align="center", header=True) for c in columns]]
    top: list[Cell] = []
    bottom: list[Cell] = []
    i = 0
    while i < len(columns):
        group = columns[i].get("group")
        if not group:
            top.append(Cell(columns[i]["text"], rowspan=2, align="center", header=True))
            i += 1
            continue
        span = 0
        while i + span < len(columns) and columns[i + span].get("group") == group:
            bottom.append(Cell(columns[i + span]["text"], align="center", header=True))
            span += 1
        top.append(Cell(group, colspan=span, align="center", header=True))
        i += span
    return [top, bottom]


def _two_sided(ctx: RenderContext, spec: dict[str, Any], gaps: dict[str, int]):
    sides = spec["sides"]
    header_top = [Cell(side["group"], colspan=len(side["columns"]), align="center", header=True) for side in sides]
    header_bottom = [Cell(c["text"], align="center", header=True) for side in sides for c in side["columns"]]
    columns = [[_row(ctx, side["columns"], row, item, gaps) for row, item in _rows(ctx, side["rows"])] for side in sides]
    height = max(len(c) for c in columns)
    body = []
    for r in range(height):
        row: list[Cell] = []
        for side, rows in zip(sides, columns):
            row += rows[r] if r < len(rows) else [Cell("") for _ in side["columns"]]
        body.append(row)
    widths = [float(c.get("width", 1)) for side in sides for c in side["columns"]]
    return [header_top, header_bottom], body, widths


def _rows(ctx: RenderContext, rows: list[dict[str, Any]]):
    shown = {row["id"]: _remainder_shown(ctx, row) for row in rows if row.get("remainder") and "id" in row}
    for row in rows:
        if row.get("remainder") and not (shown[row["id"]] if "id" in row else _remainder_shown(ctx, row)):
            continue
        if "shown_with" in row and not shown.get(row["shown_with"], False):
            continue
        if "each" not in row:
            yield row, None
            continue
        items = get_path(ctx.filing, row["each"]) or ()
        if row.get("order") == "code":    # 类 then its 款 and 项, as a reader expects and as codes nest
            items = sorted(items, key=lambda item: str(getattr(item, "code", None) or ""))
        for item in items:
            if _matches(item, row.get("where") or {}):
                yield row, item


def _remainder_shown(ctx: RenderContext, row: dict[str, Any]) -> bool:
    """A `remainder: true` row (the part of a total its listed rows do not break down) is printed only
    when that part is not zero; a negative part means the listed rows exceed the total: not printed, noted."""
    values = [_derived(ctx, expr) for expr in row.get("cells", {}).values() if is_derived(expr)]
    known = [v for v in values if v is not None]
    if any(v < 0 for v in known):
        label = next((e[1:] for e in row["cells"].values() if isinstance(e, str) and e.startswith("=")), "")
        ctx.log.add_unique(ctx.log.notes, f"{ctx.section}：分列各行之和大于合计，未列“{label}”行")
        return False
    return any(v != 0 for v in known)


def _derived(ctx: RenderContext, expr: Any) -> Decimal | None:
    return derived_value(expr, lambda path: _path(ctx.filing, path), _matches)


def _matches(item: Any, where: dict[str, Any]) -> bool:
    for key, wanted in where.items():
        if key == "level":
            if func_level(getattr(item, "code", None)) != wanted:
                return False
        elif getattr(item, key, None) != wanted:
            return False
    return True


def _row(ctx: RenderContext, columns: list[dict[str, Any]], row: dict[str, Any], item: Any,
         gaps: dict[str, int]) -> list[Cell]:
    bold = bool(row.get("bold"))
    cells = row.get("cells", {})
    label = _row_label(ctx, columns, cells, item)
    return [_cell(ctx, column, cells.get(column["id"]), item, bold, gaps, label) for column in columns]


def _cell(ctx: RenderContext, column: dict[str, Any], expr: Any, item: Any, bold: bool, gaps: dict[str, int],
          label: str) -> Cell:
    kind = column.get("kind", "text")
    if isinstance(expr, dict) and "path" in expr:
        kind, expr = expr.get("kind", kind), expr["path"]
    if expr is None:
        return Cell("", bold=bold)
    if isinstance(expr, dict) and "metric" in expr:
        return _metric_cell(ctx, expr["metric"], item, bold)
    value = _derived(ctx, expr) if is_derived(expr) else _resolve(ctx, str(expr), item)
    if kind != "text" and not is_derived(expr) and _published_as_dash(ctx, str(expr), item):
        return Cell("—", align="center", value=Decimal(0), number_format='#,##0.00;-#,##0.00;"—"', bold=bold)
    if kind == "text" or isinstance(value, str):
        return Cell("" if value is None else str(value), bold=bold)
    if value is None:
        what = f"{column['text']}（{label}）" if item is None else f"{column['text']}"
        gaps[what] = gaps.get(what, 0) + 1
        return Cell(MISSING, align="center", bold=bold, missing=True)
    if kind == "count":
        return Cell(str(value), align="right", value=int(value), number_format="0", bold=bold)
    return Cell(F.table_amount(Decimal(value)), align="right", value=Decimal(value), number_format=F.MONEY_FORMAT,
                bold=bold)


def _published_as_dash(ctx: RenderContext, expr: str, item: Any) -> bool:
    """The unit published “—” for this amount (the filing keeps it as 0 and remembers the dash)."""
    if not ctx.filing.dashes:
        return False
    if expr.startswith("$.") and item is not None:
        record, name = item, expr[2:]
        if "." in name:
            head, name = name.rsplit(".", 1)
            record = get_path(item, head)
        return record is not None and ctx.filing.dashed(record, name)
    if expr.startswith(("=", "$")) or "." not in expr:
        return False
    head, name = expr.rsplit(".", 1)
    record = _path(ctx.filing, head)
    return record is not None and not isinstance(record, (str, Decimal)) and ctx.filing.dashed(record, name)


def _metric_cell(ctx: RenderContext, metric: str, item: Any, bold: bool) -> Cell:
    key = metric if item is None else f"{metric}:{getattr(item, 'code', None) or getattr(item, 'name', '')}"
    fig = ctx.figure(key)
    if fig is None:
        return Cell("", align="right", bold=bold)
    places = 1
    return Cell(F.percent(fig.value, places), align="right", value=fig.value / 100,
                number_format="0.0%", bold=bold)


def _row_label(ctx: RenderContext, columns: list[dict[str, Any]], cells: dict[str, Any], item: Any) -> str:
    if item is not None:
        return str(getattr(item, "code", None) or getattr(item, "name", None) or "")
    for column in columns:
        expr = cells.get(column["id"])
        if isinstance(expr, str) and expr.startswith("=") and len(expr) > 1:
            return expr[1:]
    return ""


def _resolve(ctx: RenderContext, expr: str, item: Any) -> Any:
    if expr.startswith("="):
        return expr[1:]
    if expr == "$code":
        return getattr(item, "code", "") or ""
    if expr == "$name":
        return _display_name(ctx, item)
    if expr.startswith("$."):
        return getattr(item, expr[2:], None)
    return _path(ctx.filing, expr)


def _display_name(ctx: RenderContext, item: Any) -> str:
    code = getattr(item, "code", None)
    if hasattr(item, "category"):
        return econ_name(ctx, item)
    name = func_plain_name(ctx, code) or getattr(item, "name", None) or ""
    return _INDENT.get(func_level(code), "") + name


def _path(filing: Any, path: str) -> Any:
    match = _SELECT.match(path)
    if not match:
        return get_path(filing, path)
    head, key, wanted, tail = match.groups()
    elements = get_path(filing, head) or ()
    for element in elements:
        if str(getattr(element, key, None)) == wanted:
            return get_path(element, tail.lstrip(".")) if tail else element
    # a list the unit filled in that lacks this entry: the entry is 0 (e.g. a source of income it did not have)
    return Decimal(0) if elements and tail.endswith("amount") else None


BUILDERS = {"appendix_tables": appendix_tables}
