"""Tables whose rows are lines of tab-separated cells (from .txt, .docx, .pdf and .html alike), of cells
split by ``|`` or box bars (:mod:`jixiao.audit.table_model`), and of cells split by spaces, read only where
every row lines up with a header that names its columns (:mod:`jixiao.audit.space_tables`).

* a rate column (执行率 …) recomputed from the numerator and denominator columns of its row;
* a score table (分值/得分 columns): the 合计/总分 row against the sum of the rows above it,
  each 得分 against its 分值, and the grade (等级) against the total;
* an amount table: the 合计/总计 row (above or below the detail rows) against them, parent rows
  against their children, and 合计/总额 columns against the columns they total
  (:mod:`jixiao.audit.table_sums`);
* a change table (上年数, 本年数, 增减额, 增减率 columns, as in a 三公 table set against last year):
  each row's change amount and rate against its two levels, read as relations
  (:func:`extract_table_changes`) and verified with the narrative's changes (:mod:`jixiao.audit.verify`).

Headers, alignment and merged cells: :mod:`jixiao.audit.table_model`.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from jixiao.audit import space_tables, table_sums
from jixiao.audit.claims import Extraction, Figure, Operand, Reading, Relation
from jixiao.audit.context import AuditContext
from jixiao.audit.rates import rate_def
from jixiao.audit.table_model import (TOTAL_ROW, Header, Row, Table, align, cell_start, find_tables, is_header,
                                      is_number, is_numbering, label, named, next_header, packed_aligned, split_panels)
from jixiao.model.numbers import fmt
from jixiao import relations as R

_GRADES: Final = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "合格": "中", "一般": "中", "差": "差", "不合格": "差"}
Cells = list[tuple[str, int | None]]


def check_tables(ctx: AuditContext) -> None:
    lines = ctx.doc.lines
    for table in find_tables([line.text for line in lines], [line.locator for line in lines]):
        for panel in split_panels(table):
            if packed_aligned(panel):
                _check_table(ctx, panel)
    for table, unclear, whole in space_tables.find_space_tables(ctx):
        ctx.unclear += unclear
        if whole:
            _check_table(ctx, table)
        else:
            _check_row_sums(ctx, table)


def _check_row_sums(ctx: AuditContext, table: Table) -> None:
    """Only the sums along each row (a 合计 column against its parts) of a table some of whose rows could
    not be aligned: a sum down a column would miss those rows."""
    header = next_header(None, table.rows[0])
    segment = [(row, align(header, row)) for row in table.rows[1:] if not is_header(row)]
    if segment:
        table_sums.check_column_totals(ctx, header, segment)


def _check_table(ctx: AuditContext, table: Table) -> None:
    header: Header | None = None
    in_header = False
    score_rows: list[tuple[Row, dict[str, str]]] = []
    amounts: list[tuple[Row, Cells, bool]] = []    # the amount rows under the current header (True: a total)
    segment: list[tuple[Row, Cells]] = []          # every data row under the current header
    heads: set[tuple[str, ...]] = set()           # the current header's rows, repeated on a new page
    for row in table.rows:
        if is_header(row):
            if not in_header and tuple(row.cells) in heads:
                continue   # the header repeated at the top of the next page: the same table goes on
            if header is not None and not in_header:
                _close(ctx, header, amounts, segment)
                heads = set()
            heads.add(tuple(row.cells))
            header = next_header(header if in_header else None, row)
            in_header, amounts, segment = True, [], []
            continue
        in_header = False
        if header is None or is_numbering(row):
            continue
        cells = align(header, row)
        segment.append((row, cells))
        if header.rates is None:
            header.rates = [k for k, n in enumerate(header.names) if (n.endswith("率") or n.endswith("%"))
                            and rate_def(ctx, n)]
            header.scored = any(_is_score_name(n) for n in header.names)
        if header.rates:
            _check_rate_columns(ctx, row, header, cells)
        if header.scored:
            _score_row(ctx, row, named(header, cells), score_rows)
        else:
            amounts.append((row, cells, TOTAL_ROW.match(label(row)) is not None))
    if header is not None:
        _close(ctx, header, amounts, segment)


def _close(ctx: AuditContext, header: Header, amounts: list[tuple[Row, Cells, bool]],
           segment: list[tuple[Row, Cells]]) -> None:
    """End of the rows under one header: its total rows against their rows, and the column totals."""
    groups = _head_groups(header, amounts)
    if groups is not None:
        _check_head_groups(ctx, header, groups)
    else:
        amount_rows: list[tuple[Row, Cells]] = []
        pending_total: tuple[Row, Cells] | None = None
        last_total: tuple[Row, Cells] | None = None    # 本年收入合计 before 总计: a part of the next total
        for row, cells, total in amounts:
            if not total:
                amount_rows.append((row, cells))
            elif amount_rows:
                table_sums.check_total_row(ctx, header, row, cells, amount_rows, last_total)
                amount_rows, last_total = [], (row, cells)
            else:
                pending_total = (row, cells)   # 合计 first: the detail rows follow
        if pending_total is not None:
            table_sums.check_total_row(ctx, header, *pending_total, amount_rows)
    if segment:
        table_sums.check_column_totals(ctx, header, segment)
        table_sums.check_part_rows(ctx, header, segment)


Group = tuple[tuple[Row, Cells], list[tuple[Row, Cells]]]


def _head_groups(header: Header, amounts: list[tuple[Row, Cells, bool]]) -> list[Group] | None:
    """Totals stated above their own rows (``甲市合计`` over its counties, then ``乙市合计`` over its
    own): the groups, each total with the rows after it, when the table opens with a total, states
    several, and more of them add up to the rows after them than to the rows before them."""
    if not amounts or not amounts[0][2] or sum(1 for a in amounts if a[2]) < 2:
        return None
    groups: list[Group] = []
    for row, cells, total in amounts:
        if total:
            groups.append(((row, cells), []))
        else:
            groups[-1][1].append((row, cells))
    heads = sum(1 for total, rows in groups if rows and table_sums.sums_hold(header, total[1], rows))
    tails = sum(1 for k in range(1, len(groups)) if groups[k - 1][1]
                and table_sums.sums_hold(header, groups[k][0][1], groups[k - 1][1]))
    return groups if heads > tails else None


def _check_head_groups(ctx: AuditContext, header: Header, groups: list[Group]) -> None:
    """Each group's total against its rows; a total stated right above the first group's (全省合计
    over 甲市合计 …) against the groups' totals.  The last group, and so the total over all, may go on
    past the text (a page, an excerpt): they are checked only when they do not fall short."""
    grand = groups[0][0] if not groups[0][1] and len(groups) > 2 else None
    own = groups[1:] if grand is not None else groups
    for k, (total, rows) in enumerate(own):
        if k == len(own) - 1 and table_sums.falls_short(header, total[1], rows):
            return
        table_sums.check_total_row(ctx, header, *total, rows)
    if grand is not None:
        totals = [total for total, _ in own]
        if not table_sums.falls_short(header, grand[1], totals):
            table_sums.check_total_row(ctx, header, *grand, totals)


def _score_row(ctx: AuditContext, row: Row, names: dict[str, str], score_rows: list[tuple[Row, dict[str, str]]]) -> None:
    if TOTAL_ROW.match(label(row)):
        _check_score_total(ctx, row, names, score_rows)
        score_rows.clear()
    else:
        score_rows.append((row, names))
        _check_score_max(ctx, row, names)


def _col(header: Header, cells: Cells, word: str, skip: set[int], year: str | None = None) -> int | None:
    """The first column named by ``word`` holding a figure; when several are and they are of different
    years (``2020年完成数 | 2021年完成数``), the one of ``year``, else none."""
    hits = [k for k, name in enumerate(header.names) if k not in skip and word in name and is_number(cells[k][0])]
    if len(hits) > 1 and len({_year_of(header.names[k]) for k in hits}) > 1:
        same = [k for k in hits if year is not None and _year_of(header.names[k]) == year]
        return same[0] if len(same) == 1 else None
    return hits[0] if hits else None


def _year_of(name: str) -> str | None:
    m = _YEAR.search(name)
    return m.group(1) if m else None


def _check_rate_columns(ctx: AuditContext, row: Row, header: Header, cells: Cells) -> None:
    for k in header.rates or ():
        name, cell = header.names[k], cells[k][0]
        if not is_number(cell):
            continue
        definition = rate_def(ctx, name)
        if definition is None:
            continue
        num = next((c for w in definition.numerator if (c := _col(header, cells, w, {k})) is not None), None)
        year = None if num is None else _year_of(header.names[num])
        den = next((c for w in definition.denominator if (c := _col(header, cells, w, {k, -1 if num is None else num},
                                                                       year)) is not None), None)
        if num is None and den is not None:   # the numerator named in two years' columns: the denominator's year
            year = _year_of(header.names[den])
            num = next((c for w in definition.numerator if (c := _col(header, cells, w, {k, den}, year)) is not None), None)
        if num is None or den is None or Decimal(cells[den][0].rstrip("%")) == 0:
            continue
        num_year, den_year = _year_of(header.names[num]), _year_of(header.names[den])
        if num_year is not None and den_year is not None and num_year != den_year:
            continue   # one year's outturn over another year's budget is no rate of either
        stated = Decimal(cell.rstrip("%"))
        n_cell, d_cell = cells[num][0].rstrip("%"), cells[den][0].rstrip("%")
        ctx.relations += 1
        verdict = R.ratio(stated, Decimal(n_cell), Decimal(d_cell), strict=ctx.strict)
        if verdict.ok:
            continue
        cause = None
        if stated == 100 and verdict.computed is not None and verdict.computed > 100:
            cause = "执行数超过预算数，执行率被按100%封顶填写"
        start = cell_start(ctx.text(row.line), cells[k][1], row.starts)
        where = ctx.doc.lines[row.line].locator
        ctx.emit("AUDIT-RATE", (row.line, start, start + len(cell)), claimed=cell if cell.endswith("%") else cell + "%",
                 expected=f"{verdict.shown}%", quote=f"{label(row)} {name} {cell}",
                 operands=[(header.names[num], n_cell, where), (header.names[den], d_cell, where)],
                 cause=cause, label=f"{label(row)} {name}", num_label=header.names[num], num=n_cell,
                 den_label=header.names[den], den=d_cell)


# a score column is headed 得分, or 自评分数/自评分/评分 on some forms (and in our own 自评表)
_SCORE_NAMES: Final = ("自评分数", "自评分", "评分", "分数")


def _is_score_name(name: str) -> bool:
    return "得分" in name or name.strip() in _SCORE_NAMES


def _has(name: str, word: str) -> bool:
    return _is_score_name(name) if word == "得分" else word in name


def _score_of(names: dict[str, str], word: str) -> Decimal | None:
    for name, cell in names.items():
        if _has(name, word) and is_number(cell) and not cell.endswith("%"):
            return Decimal(cell)
    return None


def _check_score_max(ctx: AuditContext, row: Row, names: dict[str, str]) -> None:
    score, weight = _score_of(names, "得分"), _score_of(names, "分值")
    if score is None or weight is None:
        return
    ctx.relations += 1
    if not R.within_maximum(score, weight).ok:
        text = ctx.text(row.line)
        start = text.rfind(str(names[next(k for k in names if _is_score_name(k))]))
        ctx.emit("AUDIT-SCORE-MAX", (row.line, max(start, 0), max(start, 0) + 1), claimed=f"{score}", expected=f"{weight}",
                 operands=[("分值", f"{weight}", ctx.doc.lines[row.line].locator)])


def _check_score_total(ctx: AuditContext, row: Row, names: dict[str, str], rows: list[tuple[Row, dict[str, str]]]) -> None:
    for word in ("得分", "分值"):
        total = _score_of(names, word)
        parts = [v for _, n in rows if (v := _score_of(n, word)) is not None]
        if total is None or len(parts) < 2:
            continue
        ctx.relations += 1
        verdict = R.score_total(total, parts)
        if not verdict.ok:
            text = ctx.text(row.line)
            start = text.find(names[next(k for k in names if _has(k, word))])
            ctx.emit("AUDIT-SCORE-TOTAL", (row.line, max(start, 0), max(start, 0) + len(str(total))),
                     claimed=f"{total}", expected=f"{sum(parts)}", quote=f"{label(row)} {total}",
                     operands=[(label(r), f"{v}", ctx.doc.lines[r.line].locator) for r, n in rows
                               if (v := _score_of(n, word)) is not None], label=f"{word}")
        if word == "得分":
            check_grade(ctx, row.line, total, [c for c in row.cells if c in _GRADES])


def check_grade(ctx: AuditContext, line: int, total: Decimal, grades: list[str]) -> None:
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


# ---- change columns: 上年 | 本年 | 增减额 | 增减率 ------------------------------------------------

_PRIOR: Final = re.compile(r"上年")
_CURRENT: Final = re.compile(r"本年")
_CHANGE: Final = re.compile(r"增减|增、减|增加|减少|变动|增长|比上年")
_RATE_WORD: Final = re.compile(r"率|幅度|%|百分比")
_AMOUNT_WORD: Final = re.compile(r"额|金额|增减数|变动数|^[^率幅%]*增减$")
_NOT_LEVEL: Final = re.compile(r"率|幅度|%|占|比重|行次|序号|编码|代码")
_YEAR: Final = re.compile(r"((?:19|20)\d\d)年(?:度)?")


def _one(names: list[str], test: "re.Pattern[str]", exclude: "re.Pattern[str] | None" = None) -> int | None:
    """The one column whose name passes ``test`` (and not ``exclude``); None when none or several do."""
    hits = [k for k, n in enumerate(names) if test.search(n) and (exclude is None or not exclude.search(n))]
    return hits[0] if len(hits) == 1 else None


ChangeColumns = tuple[int, int, int | None, int | None, Reading]


def _change_columns(header: Header) -> ChangeColumns | None:
    """(上年, 本年, 增减额, 增减率) columns of a header that names each once; None when it does not.
    The two levels are named 上年…/本年… or by two years (``2022年决算数 | 2023年决算数``), and
    measure the same thing (决算数 and 决算数, not 预算数 and 决算数)."""
    names = header.names
    levels = [n if not _CHANGE.search(n) else "" for n in names]
    reading = Reading.EXPLICIT
    prior = _one(levels, _PRIOR, _NOT_LEVEL)
    current = _one(levels, _CURRENT, _NOT_LEVEL)
    if prior is None and current is None:
        dated = [(int(m.group(1)), k) for k, n in enumerate(levels) if n and (m := _YEAR.search(n))
                 and not _NOT_LEVEL.search(n)]
        if len(dated) == 2 and dated[0][0] != dated[1][0]:
            (_, prior), (_, current) = sorted(dated)
        elif len(dated) > 2:
            # ``2020年完成数 | 2021年预算数 | 2021年完成数 | 比上年增长%``: the two years of one measure,
            # when only one measure has two; the change may be the budget's, so at most a warning
            pair = _same_measure_pair(levels, dated)
            if pair is not None:
                (prior, current), reading = pair, Reading.INFERRED
    if prior is None or current is None or _measure(levels[prior]) != _measure(levels[current]):
        return None
    changes = [n if _CHANGE.search(n) else "" for n in names]
    amount = _one(changes, _AMOUNT_WORD, _RATE_WORD)
    rate = _one(changes, _RATE_WORD)
    if amount is None and rate is None:
        return None
    return prior, current, amount, rate, reading


def _same_measure_pair(levels: list[str], dated: list[tuple[int, int]]) -> tuple[int, int] | None:
    """(earlier, later) columns of the one measure stated for two different years; None when no
    measure is, or several are."""
    by_measure: dict[str, list[tuple[int, int]]] = {}
    for year, k in dated:
        by_measure.setdefault(_measure(levels[k]), []).append((year, k))
    pairs = [sorted(cols) for cols in by_measure.values() if len(cols) == 2 and cols[0][0] != cols[1][0]]
    if len(pairs) != 1:
        return None
    (_, earlier), (_, later) = pairs[0]
    return earlier, later


def _measure(name: str) -> str:
    """What a level column measures, its year or 上年/本年 taken out (``上年决算数`` → ``决算数``)."""
    return _YEAR.sub("", name).replace("上年", "").replace("本年", "").replace("度", "").strip()


def _cell_figure(text: str, cells: list[tuple[str, int | None]], k: int, line: int, label: str, unit: str = "",
                 absolute: bool = False) -> Figure | None:
    cell, index = cells[k]
    if not is_number(cell) or index is None or (cell.endswith("%") != (unit == "%")):
        return None
    digits = cell.rstrip("%")
    value = Decimal(digits)
    start = cell_start(text, index)
    return Figure(abs(value) if absolute else value, digits, unit, line, start, start + len(cell), label)


def extract_table_changes(lines: list[str]) -> Extraction:
    """Rows of a table whose header names last year's and this year's level and their change
    (``项目 | 上年决算数 | 本年决算数 | 增减额 | 增减率``): the change amount and rate of each row
    against its two levels.  The header names every column, so the reading is explicit; the
    amount is compared by size (a table may print a fall as ``-3.2`` or as ``3.2``), the rate by
    sign as well unless it is printed without one beside a fall."""
    out = Extraction()
    for table in find_tables(lines):
        for panel in split_panels(table):
            if not packed_aligned(panel):
                continue
            header: Header | None = None
            in_header = False
            columns: ChangeColumns | None = None
            for row in panel.rows:
                if is_header(row):
                    header = next_header(header if in_header else None, row)
                    in_header = True
                    columns = _change_columns(header)
                    continue
                in_header = False
                if header is None or columns is None or is_numbering(row):
                    continue
                out.relations += _row_changes(lines[row.line], row, align(header, row), columns)
    return out


def _row_changes(text: str, row: Row, cells: Cells, columns: ChangeColumns) -> list[Relation]:
    name = label(row)
    p, c, a, r, reading = columns
    prior = _cell_figure(text, cells, p, row.line, f"{name}上年")
    current = _cell_figure(text, cells, c, row.line, f"{name}本年")
    if prior is None or current is None:
        return []
    ops = (Operand("本年", current), Operand("上年", prior))
    out: list[Relation] = []
    amount = _cell_figure(text, cells, a, row.line, f"{name}增减额", absolute=True) if a is not None else None
    if amount is not None:
        out.append(Relation("change-amount", amount, ops, reading, "同一表行：上年数、本年数与增减额"))
    rate = _cell_figure(text, cells, r, row.line, f"{name}增减率", unit="%") if r is not None else None
    if rate is not None and prior.value > 0:
        falls = current.value < prior.value
        word = "减少" if falls and rate.value > 0 else ""
        out.append(Relation("change-rate", rate, ops, reading, "同一表行：上年数、本年数与增减率", word=word))
    return out
