"""Tables whose rows are lines of tab-separated cells (from .txt, .docx, .pdf and .html alike).

* a rate column (执行率 …) recomputed from the numerator and denominator columns of its row;
* a score table (分值/得分 columns): the 合计/总分 row against the sum of the rows above it,
  each 得分 against its 分值, and the grade (等级) against the total;
* a 合计/总计 row of an amount table against the rows above it.

A header row names the columns; a second header row right under it refines them
(``批复金额`` over ``总额 | 财政拨款 | 其他资金``).  A data row with as many cells as the
header is read cell by cell, otherwise it is aligned to the header from the right.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.audit.context import Ctx
from jixiao.audit.rates import rate_def
from jixiao.model.numbers import fmt
from jixiao.rules import relations as R

_NUM = re.compile(r"^[-+]?\d+(?:\.\d+)?%?$")
_TOTAL_ROW = re.compile(r"^(?:合计|总计|总分|合\s*计|总\s*分)$")
_GRADES = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "合格": "中", "一般": "中", "差": "差", "不合格": "差"}


@dataclass
class Row:
    line: int
    cells: list[str]


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)


def find_tables(ctx: Ctx) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    for i, line in enumerate(ctx.doc.lines):
        cells = line.text.split("\t") if "\t" in line.text else []
        while cells and not cells[-1].strip():
            cells.pop()
        if len(cells) >= 2 and sum(1 for c in cells if c.strip()) >= 2:
            if current is None:
                current = Table()
                tables.append(current)
            current.rows.append(Row(i, [c.strip() for c in cells]))
        elif line.text.strip():
            current = None
    return tables


def _is_number(cell: str) -> bool:
    return bool(_NUM.match(cell))


_PLACEHOLDER = {"-", "--", "---", "—", "——", "/", "无", "/ "}


def _is_header(row: Row) -> bool:
    filled = [c for c in row.cells if c and c not in _PLACEHOLDER]
    numbers = sum(1 for c in filled if _is_number(c))
    return len(filled) >= 2 and numbers == 0 and all(len(c) <= 30 for c in filled)


def _refines(top: list[str], below: list[str]) -> bool:
    """``below`` splits spanning cells of ``top`` (``批复金额`` over ``总额 | 财政拨款 | 其他资金``)."""
    if len(below) >= len(top):
        return False
    for k, cell in enumerate(below):
        if not cell:
            continue
        if top[k] and not (k + 1 < len(top) and not top[k + 1]):
            return False
    return True


def check_tables(ctx: Ctx) -> None:
    for table in find_tables(ctx):
        _check_table(ctx, table)


def _check_table(ctx: Ctx, table: Table) -> None:
    header: list[str] = []
    prev_header: list[str] | None = None
    score_rows: list[tuple[Row, dict[str, str]]] = []
    amount_rows: list[tuple[Row, dict[str, str]]] = []
    for row in table.rows:
        if _is_header(row) and not _TOTAL_ROW.match(row.cells[0]):
            refine = prev_header is not None and _refines(prev_header, row.cells)
            header = _merge_header(prev_header, row.cells) if refine and prev_header else list(row.cells)
            prev_header = list(row.cells)
            continue
        prev_header = None
        if not header:
            continue
        if _is_header(row):
            amount_rows = []
        named = _align(header, row.cells)
        _check_rate_columns(ctx, row, named)
        if not any("得分" in k for k in named):
            if _TOTAL_ROW.match(_label(row)):
                _check_amount_total(ctx, row, named, amount_rows)
                amount_rows = []
            else:
                amount_rows.append((row, named))
        else:
            if _TOTAL_ROW.match(_label(row)):
                _check_score_total(ctx, row, named, score_rows)
                score_rows = []
            else:
                score_rows.append((row, named))
                _check_score_max(ctx, row, named)


def _merge_header(top: list[str], below: list[str]) -> list[str]:
    out = []
    carry = ""
    for k in range(max(len(top), len(below))):
        t = top[k] if k < len(top) else ""
        b = below[k] if k < len(below) else ""
        if t:
            carry = t
        out.append(f"{carry}{b}" if b and not t else (t or b))
    return out


def _align(header: list[str], cells: list[str]) -> dict[str, str]:
    if len(cells) == len(header) or (len(cells) > len(header) and cells[0]):
        pairs = zip(header, cells)
    else:
        n = min(len(header), len(cells))
        pairs = zip(header[-n:], cells[-n:])
    out: dict[str, str] = {}
    for name, cell in pairs:
        if name and name not in out:
            out[name] = cell
    return out


def _label(row: Row) -> str:
    """The row's name: its first cell, or the most telling of its first three text cells."""
    first = next((c for c in row.cells if c), "")
    if _TOTAL_ROW.match(first) or first.startswith("其中"):
        return first
    texts = [c for c in row.cells[:3] if c and not _is_number(c) and len(c) <= 24]
    return max(texts, key=len) if texts else first


def _col(named: dict[str, str], word: str) -> tuple[str, str] | None:
    for name, cell in named.items():
        if word in name and _is_number(cell):
            return name, cell
    return None


def _check_rate_columns(ctx: Ctx, row: Row, named: dict[str, str]) -> None:
    for name, cell in named.items():
        if not name.endswith("率") or not _is_number(cell):
            continue
        definition = rate_def(ctx, name)
        if definition is None:
            continue
        num = next((c for w in definition.numerator if (c := _col(named, w)) and c[0] != name), None)
        den = next((c for w in definition.denominator if (c := _col(named, w)) and c[0] != name and c != num), None)
        if num is None or den is None or Decimal(den[1].rstrip("%")) == 0:
            continue
        stated = Decimal(cell.rstrip("%"))
        ctx.relations += 1
        verdict = R.ratio(stated, Decimal(num[1]), Decimal(den[1]), strict=ctx.strict)
        if verdict.ok:
            continue
        cause = None
        if stated == 100 and verdict.computed is not None and verdict.computed > 100:
            cause = "执行数超过预算数，执行率被按100%封顶填写"
        start = _cell_start(ctx.text(row.line), cell, name, named)
        ctx.emit("AUDIT-RATE", (row.line, start, start + len(cell)), claimed=cell if cell.endswith("%") else cell + "%",
                 expected=f"{verdict.shown}%", quote=f"{_label(row)} {name} {cell}",
                 operands=[(num[0], num[1], ctx.doc.lines[row.line].locator), (den[0], den[1], ctx.doc.lines[row.line].locator)],
                 cause=cause, label=f"{_label(row)} {name}", num_label=num[0], num=num[1], den_label=den[0], den=den[1])


def _cell_start(text: str, cell: str, name: str, named: dict[str, str]) -> int:
    """Position of this column's cell in the line (cells may repeat, so count by column order)."""
    cells = text.split("\t")
    index = list(named).index(name)
    offset_from_right = len(named) - index
    k = len([c for c in cells]) - offset_from_right
    while k >= 0 and cells[k].strip() != cell and k < len(cells) - 1:
        k += 1
    k = max(0, min(k, len(cells) - 1))
    return sum(len(c) + 1 for c in cells[:k]) + (len(cells[k]) - len(cells[k].lstrip()))


def _score_of(named: dict[str, str], word: str) -> Decimal | None:
    for name, cell in named.items():
        if word in name and _NUM.match(cell) and not cell.endswith("%"):
            return Decimal(cell)
    return None


def _check_score_max(ctx: Ctx, row: Row, named: dict[str, str]) -> None:
    score, weight = _score_of(named, "得分"), _score_of(named, "分值")
    if score is None or weight is None:
        return
    ctx.relations += 1
    if score > weight:
        text = ctx.text(row.line)
        start = text.rfind(str(named[next(k for k in named if "得分" in k)]))
        ctx.emit("AUDIT-SCORE-MAX", (row.line, max(start, 0), max(start, 0) + 1), claimed=f"{score}", expected=f"{weight}",
                 operands=[("分值", f"{weight}", ctx.doc.lines[row.line].locator)])


def _check_score_total(ctx: Ctx, row: Row, named: dict[str, str], rows: list[tuple[Row, dict[str, str]]]) -> None:
    for word in ("得分", "分值"):
        total = _score_of(named, word)
        parts = [v for _, n in rows if (v := _score_of(n, word)) is not None]
        if total is None or len(parts) < 2:
            continue
        ctx.relations += 1
        verdict = R.total_of(total, parts, rounded_parts=False, strict=ctx.strict)
        if not verdict.ok:
            text = ctx.text(row.line)
            start = text.find(named[next(k for k in named if word in k)])
            ctx.emit("AUDIT-SCORE-TOTAL", (row.line, max(start, 0), max(start, 0) + len(str(total))),
                     claimed=f"{total}", expected=f"{sum(parts)}", quote=f"{_label(row)} {total}",
                     operands=[(_label(r), f"{v}", ctx.doc.lines[r.line].locator) for r, n in rows
                               if (v := _score_of(n, word)) is not None], label=f"{word}")
        if word == "得分":
            check_grade(ctx, row.line, total, [c for c in row.cells if c in _GRADES])


def check_grade(ctx: Ctx, line: int, total: Decimal, grades: list[str]) -> None:
    if not grades:
        return
    expected = band(total)
    stated = grades[-1]
    ctx.relations += 1
    if _GRADES[stated] != expected:
        start = ctx.text(line).rfind(stated)
        ctx.emit("AUDIT-GRADE", (line, max(start, 0), max(start, 0) + len(stated)), claimed=stated, expected=expected,
                 total=fmt(total, 1).rstrip("0").rstrip("."))


def band(total: Decimal) -> str:
    if total >= 90:
        return "优"
    if total >= 80:
        return "良"
    if total >= 60:
        return "中"
    return "差"


def _check_amount_total(ctx: Ctx, row: Row, named: dict[str, str], rows: list[tuple[Row, dict[str, str]]]) -> None:
    """A 合计 row against the rows above it; rows under 其中 and deeper classification codes are left out."""
    rows = [(r, n) for r, n in rows if not _label(r).startswith("其中")]
    codes = [len(c) for r, _ in rows if (c := _code(_label(r)))]
    if codes:
        top = min(codes)
        rows = [(r, n) for r, n in rows if len(_code(_label(r))) == top]
    for name, cell in named.items():
        if not _is_number(cell) or cell.endswith("%") or name.endswith("率"):
            continue
        parts = [Decimal(v) for _, n in rows if _is_number(v := n.get(name, "")) and not v.endswith("%")]
        if len(parts) < 2:
            continue
        ctx.relations += 1
        verdict = R.total_of(Decimal(cell), parts, strict=ctx.strict)
        if verdict.ok:
            continue
        places = max(len(c.split(".")[1]) if "." in c else 0 for c in [cell, *[str(p) for p in parts]])
        start = _cell_start(ctx.text(row.line), cell, name, named)
        ctx.emit("AUDIT-TABLE-TOTAL", (row.line, start, start + len(cell)), claimed=cell, expected=fmt(sum(parts), places),
                 quote=f"{_label(row)} {name} {cell}", label=f"{_label(row)}（{name}）",
                 operands=[(_label(r), n[name], ctx.doc.lines[r.line].locator) for r, n in rows if n.get(name)])


def _code(label: str) -> str:
    m = re.match(r"^(\d{3,})", label)
    return m.group(1) if m else ""
