"""Amount tables: a 合计/总计 row against its detail rows, each parent row against its children,
and a 合计/总额 column against the columns it totals.

Rows nest by classification code (类 3 digits, 款 5, 项 7, also split over several code
columns), by numbering (一、 (一) 1. (1) ①), or by indentation; a row under a numbered or
indented row without a marker of its own is that row's child.  The 合计 row (above or below
the detail rows) must equal the sum of the top-level rows, and a parent row the sum of its
children.  ``其中`` rows are partial and never summed.  A table whose rows carry no marker at
all is read flat; when the flat sum fails, parents are inferred (a row equal to the sum of the
rows right after it) before a difference is reported.

Columns: in a header group (``批复金额`` over ``总额 | 财政拨款 | 其他资金``) whose first column
is a total (总额/合计/小计), that column must equal the sum of the others on every row.  In a
one-row header, a 合计 column followed by two or more amount columns is checked only when the
relation holds on at least one other row of the table (so that a layout read wrongly never
gives an error).
"""
from __future__ import annotations

import re
from typing import Final
from decimal import Decimal

from jixiao.audit.context import AuditContext
from jixiao.audit.statements import complete_decomposition
from jixiao.audit.table_model import Header, Row, cell_start, is_number, label
from jixiao.model.numbers import decimals_of, fmt
from jixiao import relations as R

#: columns that hold no amount; “单位” (a unit of measure or the unit's name) but not 附属单位上缴收入 or 对附属单位补助支出
_NOT_AMOUNT: Final = re.compile(r"率|%|幅度|占比|比重|行次|序号|编码|代码|行号|年度|年份|编号|分值|得分|权重|人数|个数|数量|(?<!附属)单位|次数|辆")
_TOTAL_COLUMN: Final = re.compile(r"(?:合计|总额|小计|总计)$")
_SHARE_COLUMN: Final = re.compile(r"占比|比重|所占|占.{0,8}(?:比例|%)")
_MARKERS: Final = (
    (re.compile(r"^[一二三四五六七八九十]+[、.]"), 1), (re.compile(r"^[(][一二三四五六七八九十]+[)]"), 2),
    (re.compile(r"^\d{1,2}[.、](?!\d)"), 3), (re.compile(r"^[(]\d{1,2}[)]"), 4), (re.compile(r"^[①-⑳]"), 5),
)
_CODE: Final = re.compile(r"^\d{2,7}$")
_CODE_PREFIX: Final = re.compile(r"^(\d{3,7})(?=\s*[\u4e00-\u9fff])")

Cells = list[tuple[str, int | None]]


#: a column of changes (增减额, 比上年增减): signed, or printed by size beside falls and rises alike
_CHANGE_COLUMN: Final = re.compile(r"增减|增、减|增加|减少|变动|比上年")


def amount_columns(header: Header, rows: list[Cells]) -> list[int]:
    cols = []
    for k, name in enumerate(header.names):
        if _NOT_AMOUNT.search(name):
            continue
        if not any(is_number(c[k][0]) and not c[k][0].endswith("%") for c in rows):
            continue
        if _CHANGE_COLUMN.search(name) and not any(c[k][0].startswith("-") and is_number(c[k][0]) for c in rows):
            continue   # changes printed without their signs add up to nothing: a fall and a rise look alike
        cols.append(k)
    return cols


def value(cell: str) -> Decimal | None:
    if is_number(cell) and not cell.endswith("%"):
        return Decimal(cell)
    return None


# ---- rows ---------------------------------------------------------------------------------

def depth(row: Row) -> float | None:
    """How deep a row sits: by code length, numbering marker or indentation; None if unmarked."""
    code = ""
    for cell in row.cells[:3]:
        if _CODE.match(cell):
            code += cell
        else:
            break
    name = next((c for c in row.cells if c and not _CODE.match(c)), "")
    if not code:
        lead = _CODE_PREFIX.match(name)
        code = lead.group(1) if lead else ""
    if len(code) >= 3:
        return float(len(code))
    for pattern, level in _MARKERS:
        if pattern.match(name):
            return 10.0 + level
    first = next((r for r in row.raw if r.strip()), "")
    indent = len(first) - len(first.lstrip(" \u3000"))
    return 20.0 + indent if indent else None


def check_total_row(ctx: AuditContext, header: Header, total: Row, total_cells: Cells, rows: list[tuple[Row, Cells]],
                    previous: tuple[Row, Cells] | None = None) -> None:
    """The 合计 row against the detail rows (and every parent row against its children).

    ``previous`` is a total row right above these rows (本年收入合计 above 年初结转和结余 and 总计):
    a total that equals it plus the rows is accepted too."""
    every = rows                      # 其中 rows included: they may open a complete list of children
    rows = [(r, c) for r, c in rows if not label(r).startswith("其中")]
    if previous is not None:
        if _flat_sums_hold(header, total_cells, [previous, *rows]):
            return
        if not _flat_sums_hold(header, total_cells, rows):
            rows = [previous, *rows]
    if len(rows) < 2:
        return
    depths = _depths([r for r, _ in rows])
    _share_columns(ctx, header, total_cells, rows, depths)
    for k in amount_columns(header, [total_cells, *[c for _, c in rows]]):
        stated = value(total_cells[k][0])
        values = [value(c[k][0]) for _, c in rows]
        if stated is None or sum(1 for v in values if v is not None) < 2:
            continue
        if depths is None:
            _flat(ctx, header, total, total_cells, rows, k, stated, values, every)
        else:
            _nested(ctx, header, total, total_cells, rows, k, stated, values, depths)


def sums_hold(header: Header, total_cells: Cells, rows: list[tuple[Row, Cells]]) -> bool:
    """The rows (其中 rows left out) add up to the total in every amount column."""
    return _flat_sums_hold(header, total_cells, [(r, c) for r, c in rows if not label(r).startswith("其中")])


def falls_short(header: Header, total_cells: Cells, rows: list[tuple[Row, Cells]]) -> bool:
    """In some amount column the rows add up to less than the total, and in none to more."""
    short = False
    for k in amount_columns(header, [total_cells, *[c for _, c in rows]]):
        stated = value(total_cells[k][0])
        parts = [v for r, c in rows if (v := value(c[k][0])) is not None and not label(r).startswith("其中")]
        if stated is None or not parts or R.total_of(stated, parts).ok:
            continue
        if sum(parts, Decimal(0)) > stated:
            return False
        short = True
    return short


def _flat_sums_hold(header: Header, total_cells: Cells, rows: list[tuple[Row, Cells]]) -> bool:
    """Every amount column of the total equals the plain sum of the rows."""
    checked = 0
    for k in amount_columns(header, [total_cells, *[c for _, c in rows]]):
        stated = value(total_cells[k][0])
        parts = [v for _, c in rows if (v := value(c[k][0])) is not None]
        if stated is None or not parts:
            continue
        if not R.total_of(stated, parts).ok:
            return False
        checked += 1
    return checked > 0


def _depths(rows: list[Row]) -> list[float] | None:
    """Depth of every row.  An unmarked row under a numbered or indented row is its child
    (``一、工资福利支出`` / ``基本工资``); unmarked rows among coded rows are the groups above the
    codes (``人员经费`` / ``30101 基本工资``)."""
    raw = [depth(r) for r in rows]
    if all(d is None for d in raw):
        return None
    out: list[float] = []
    last: float | None = None
    for d in raw:
        if d is None:
            if last is None or last < 10:
                d = 0.0
            else:
                d = last + 0.5 if last % 1 == 0 else last
        else:
            last = d
        out.append(d)
    return out


def _flat(ctx: AuditContext, header: Header, total: Row, total_cells: Cells, rows: list[tuple[Row, Cells]], k: int,
          stated: Decimal, values: list[Decimal | None], every_rows: list[tuple[Row, Cells]]) -> None:
    parts = [v for v in values if v is not None]
    ctx.relations += 1
    if R.total_of(stated, parts, strict=ctx.strict).ok:
        return
    shown = [(r, c) for r, c in rows if value(c[k][0]) is not None]
    every = [value(c[k][0]) for _, c in every_rows]
    for vals, source in ((values, rows), (every, every_rows)):
        top = _inferred_top(vals)
        if top is None:
            continue
        if R.total_of(stated, [vals[i] or Decimal(0) for i in top], strict=ctx.strict).ok:
            return
        shown = [source[i] for i in top if vals[i] is not None]   # the rows left once children are out
    _emit_total(ctx, header, total, total_cells, k, stated, shown)


def _inferred_top(values: list[Decimal | None]) -> list[int] | None:
    """Rows left after taking out the children of every row equal to the sum of the rows after it."""
    vals = [v or Decimal(0) for v in values]
    top: list[int] = []
    i, found = 0, False
    while i < len(vals):
        top.append(i)
        run = Decimal(0)
        end = None
        for j in range(i + 1, len(vals)):
            run += vals[j]
            if j > i + 1 and R.total_of(vals[i], vals[i + 1:j + 1]).ok and vals[i] != 0:
                end = j
                break
            if run > vals[i] + Decimal("0.01") * (j - i):
                break
        if end is not None:
            found = True
            i = end + 1
        else:
            i += 1
    return top if found else None


def _nested(ctx: AuditContext, header: Header, total: Row, total_cells: Cells, rows: list[tuple[Row, Cells]], k: int,
            stated: Decimal, values: list[Decimal | None], depths: list[float]) -> None:
    lowest = min(depths)
    top = [i for i, d in enumerate(depths) if d == lowest]
    ctx.relations += 1
    parts = [v for v in (values[i] for i in top) if v is not None]
    if len(parts) >= 1 and not R.total_of(stated, parts, strict=ctx.strict).ok:
        _emit_total(ctx, header, total, total_cells, k, stated, [rows[i] for i in top if values[i] is not None])
    for i, d in enumerate(depths):
        children = _children(depths, i)
        own = values[i]
        kids = [v for v in (values[j] for j in children) if v is not None]
        if own is None or len(kids) < 1 or len(children) < 1:
            continue
        if len(children) == 1 and kids[0] != own and len(kids) == 1:
            continue   # one child unequal to its parent: likely a partial (其中) row
        ctx.relations += 1
        if not R.total_of(own, kids, strict=ctx.strict).ok:
            row, cells = rows[i]
            _emit_total(ctx, header, row, cells, k, own, [rows[j] for j in children if values[j] is not None])


def _children(depths: list[float], i: int) -> list[int]:
    out: list[int] = []
    level: float | None = None
    for j in range(i + 1, len(depths)):
        if depths[j] <= depths[i]:
            break
        if level is None or depths[j] < level:
            level = depths[j]
            out = [j] if not out else [x for x in out if depths[x] == level] + [j]
        elif depths[j] == level:
            out.append(j)
    return out


def _emit_total(ctx: AuditContext, header: Header, row: Row, cells: Cells, k: int, stated: Decimal,
                parts: list[tuple[Row, Cells]]) -> None:
    cell, index = cells[k]
    name = header.names[k]
    amounts = [value(c[k][0]) or Decimal(0) for _, c in parts]
    places = max([decimals_of(stated), *(decimals_of(a) for a in amounts)])
    start = cell_start(ctx.text(row.line), index, row.starts)
    ctx.emit("AUDIT-TABLE-TOTAL", (row.line, start, start + len(cell)), claimed=cell,
             expected=fmt(sum(amounts, Decimal(0)), places), quote=f"{label(row)} {name} {cell}",
             label=f"{label(row)}（{name}）",
             operands=[(label(r), c[k][0], ctx.doc.lines[r.line].locator) for r, c in parts])


_FIRST_PART: Final = re.compile(r"^其中\s*[:：]?\s*(?:[(（](?P<p>\d{1,2})[)）]|(?P<d>\d{1,2})[.、](?!\d))?")


def check_part_rows(ctx: AuditContext, header: Header, rows: list[tuple[Row, Cells]]) -> None:
    """A ``其中`` row, with the rows numbered after it (``其中:(1)… / (2)…``), against the row right above
    it: a 其中 may name only some of the parts, so they may fall short of it, but never exceed it."""
    cols = [k for k in amount_columns(header, [c for _, c in rows]) if not _CHANGE_COLUMN.search(header.names[k])]
    if not cols:
        return
    for i in range(1, len(rows)):
        row, cells = rows[i]
        m = _FIRST_PART.match(label(row))
        parent, parent_cells = rows[i - 1]
        if m is None or label(parent).startswith("其中"):
            continue
        parts = [rows[i]]
        if m.group("p") or m.group("d"):
            n = int(m.group("p") or m.group("d"))
            for later in rows[i + 1:]:
                n += 1
                mark = re.compile(rf"^[(（]{n}[)）]" if m.group("p") else rf"^{n}[.、](?!\d)")
                if not mark.match(label(later[0])):
                    break
                parts.append(later)
        for k in cols:
            whole = value(parent_cells[k][0])
            known = [a for _, c in parts if (a := value(c[k][0])) is not None]
            if whole is None or not known or whole < 0 or any(a < 0 for a in known):
                continue
            ctx.relations += 1
            if sum(known, Decimal(0)) <= whole or R.total_of(whole, known, strict=ctx.strict).ok:
                continue   # short of the whole, or within the rounding of its parts
            cell, index = parent_cells[k]
            start = cell_start(ctx.text(parent.line), index, parent.starts)
            places = max([decimals_of(whole), *(decimals_of(a) for a in known)])
            ctx.emit("AUDIT-TABLE-TOTAL", (parent.line, start, start + len(cell)), claimed=cell,
                     expected=fmt(sum(known, Decimal(0)), places), quote=f"{label(parent)} {header.names[k]} {cell}",
                     label=f"{label(parent)}（{header.names[k]}，其中各项）",
                     cause="“其中”所列各项之和超过其所属项目",
                     operands=[(label(r), c[k][0], ctx.doc.lines[r.line].locator) for r, c in parts])


def _share_columns(ctx: AuditContext, header: Header, total_cells: Cells, rows: list[tuple[Row, Cells]],
                   depths: list[float] | None) -> None:
    """A 占比 column: each top-level row's share of the 合计 row, in the amount column to its left."""
    top = list(range(len(rows))) if depths is None else [k for k, d in enumerate(depths) if d == min(depths)]
    for k, name in enumerate(header.names):
        if not _SHARE_COLUMN.search(name):
            continue
        base = next((j for j in range(k - 1, -1, -1) if not _NOT_AMOUNT.search(header.names[j])), None)
        whole = value(total_cells[base][0]) if base is not None else None
        if base is None or not whole:
            continue
        pairs = [(rows[i], Decimal(c[k][0].rstrip("%")), value(c[base][0])) for i in top
                 if is_number((c := rows[i][1])[k][0]) and value(c[base][0]) is not None]
        if len(pairs) < 2:
            continue
        verdicts = R.shares([p[1] for p in pairs], [p[2] or Decimal(0) for p in pairs], whole=whole, strict=ctx.strict)
        ctx.relations += len(verdicts)
        for ((row, cells), stated, part), verdict in zip(pairs, verdicts):
            if verdict.ok:
                continue
            cell, index = cells[k]
            start = cell_start(ctx.text(row.line), index, row.starts)
            ctx.emit("AUDIT-SHARE", (row.line, start, start + len(cell)), claimed=cell if cell.endswith("%") else f"{cell}%",
                     expected=f"{verdict.shown}%", quote=f"{label(row)} {name} {cell}", label=label(row),
                     part=cells[base][0], whole=total_cells[base][0],
                     operands=[(header.names[base], cells[base][0], ctx.doc.lines[row.line].locator),
                               ("合计", total_cells[base][0], ctx.doc.lines[row.line].locator)])


# ---- columns ------------------------------------------------------------------------------

def column_groups(header: Header) -> list[tuple[int, list[int], bool]]:
    """(total column, part columns, explicit) for every column that totals others."""
    out: list[tuple[int, list[int], bool]] = []
    for group in header.groups:
        first = header.names[group[0]]
        if len(group) >= 3 and _TOTAL_COLUMN.search(first) and not _NOT_AMOUNT.search(first):
            parts = [j for j in group[1:] if not _NOT_AMOUNT.search(header.names[j])
                     and "其中" not in header.names[j] and not header.names[j].endswith("小计")]
            if len(parts) >= 2:
                out.append((group[0], parts, True))
    grouped = {j for g in header.groups for j in g}
    subtotals = {g[0]: g for g in header.groups if len(g) >= 2 and _TOTAL_COLUMN.search(header.names[g[0]])}
    for k, name in enumerate(header.names):
        if k in grouped or not _TOTAL_COLUMN.search(name) or _NOT_AMOUNT.search(name):
            continue
        parts = []
        j = k + 1
        while j < len(header.names):
            other = header.names[j]
            if j in subtotals:   # a group with its own total (公务用车费 over 小计 | 购置费 | 运行费): that total
                parts.append(j)
                j = subtotals[j][-1] + 1
                continue
            if not other or _NOT_AMOUNT.search(other) or _TOTAL_COLUMN.search(other) or "其中" in other:
                break
            parts.append(j)
            j += 1
        if len(parts) >= 2:
            # the parts of a known whole, each named once (因公出国费 | 公务用车费 | 公务接待费: the 三公
            # total) make the reading certain; otherwise it must hold on another row first
            known = complete_decomposition(_SANGONG, [header.names[j] for j in parts])
            out.append((k, parts, known))
    return out


_SANGONG: Final = "三公经费"


def check_column_totals(ctx: AuditContext, header: Header, rows: list[tuple[Row, Cells]]) -> None:
    for total, parts, explicit in column_groups(header):
        verdicts = []
        for row, cells in rows:
            stated = value(cells[total][0])
            amounts = [value(cells[j][0]) for j in parts]
            known = [a for a in amounts if a is not None]
            if stated is None or not known:
                continue
            verdicts.append((row, cells, stated, known, R.total_of(stated, known, strict=ctx.strict).ok))
        holding = sum(1 for v in verdicts if v[4] and sum(v[3]) != 0)
        if not explicit and holding < max(1, len(verdicts) // 2):
            continue
        for row, cells, stated, known, ok in verdicts:
            ctx.relations += 1
            if ok:
                continue
            cell, index = cells[total]
            start = cell_start(ctx.text(row.line), index, row.starts)
            places = max([decimals_of(stated), *(decimals_of(a) for a in known)])
            names = "+".join(header.names[j] for j in parts)
            name = "" if is_number(label(row)) else label(row)   # a 三公 table's one row has no label
            ctx.emit("AUDIT-TABLE-TOTAL", (row.line, start, start + len(cell)), claimed=cell,
                     expected=fmt(sum(known, Decimal(0)), places), quote=f"{name} {header.names[total]} {cell}".strip(),
                     label=f"{name}（{header.names[total]} = {names}）" if name else f"{header.names[total]} = {names}",
                     operands=[(header.names[j], cells[j][0], ctx.doc.lines[row.line].locator) for j in parts])
