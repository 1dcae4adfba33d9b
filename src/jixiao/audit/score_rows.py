"""Indicator rows of a 项目支出绩效自评表 flattened to text: ``指标N：名称 年度指标值 实际完成值 分值 得分``.

Published self-evaluation tables often reach us as one line per row (or a whole table on one line)
with the cells split by spaces: ``指标16:某某管理数 3807人 3224人 2 1.9``.  A row is read only when
its target and actual carry the same unit (人, 例, %, 次 …) and a weight and a score follow, so
that which number is which is certain.

Relations read:

* ``score-max`` — the score is at most the weight (分值): explicit, an error when it is above.
* ``score-row`` — the proportional rule 得分 = 分值 × min(1, 实际完成值 ÷ 年度指标值).  The rule is
  the standard note of the form but is rarely printed, so the reading is *inferred*: a row scored
  above what the rule gives is a warning, and only in a table whose other rows below target follow
  the rule (at least two of them do), so a table scored by another rule is never flagged.
  A row scored *below* the rule is not flagged (a stricter rule is the unit's right).
"""
from __future__ import annotations

import re
from typing import Final
from decimal import Decimal

from jixiao.audit.claims import Extraction, Figure, Operand, Reading, Relation
from jixiao import relations as R

_NUM: Final = r"\d+(?:\.\d+)?"
_UNIT: Final = r"人次|人|例|次|种|%|个|户|家|项|台|辆|册|本|场|篇|期|份|所|名|天|km|公里|亩|吨|处|座|条|批"
ROW: Final = re.compile(
    rf"指标\d{{1,3}}[:]\s*(?P<name>[^\d\s:][^\s:]{{0,30}}?)\s*"
    rf"(?P<t>{_NUM})(?P<tu>{_UNIT})\s*(?P<a>{_NUM})(?P<au>{_UNIT})\s*"
    rf"(?P<w>{_NUM})\s+(?P<s>{_NUM})(?![\d.%])")
#: the same row with target and actual bare numbers (``指标1:新修水渠条数 3 3 10 10``, the reader perhaps
#: gluing the name to the first; a form printing the name right after its number, ``指标2新修水渠条数 3 3 10
#: 10``): four figures apart, the score closing the row or followed by a space
BARE_ROW: Final = re.compile(
    rf"指标\d{{1,3}}[:]?\s*(?P<name>[^\d\s:][^\s:]{{0,30}}?)\s*"
    rf"(?P<t>{_NUM})(?P<tu>)\s+(?P<a>{_NUM})(?P<au>)\s+(?P<w>{_NUM})\s+(?P<s>{_NUM})(?=\s|$)")


#: a header printing the four columns a bare row is read by, in that order (target, actual, weight, score)
_BARE_HEADER: Final = re.compile(r"指标值.{0,12}?(?:完成值|实际值).{0,6}?分值\s*[|\t]?\s*(?:自评)?得分")


#: how many lines under its header a bare row is read (one table's indicator block)
_BARE_REACH: Final = 60


def _rows(text: str, bare: bool = False) -> list[re.Match[str]]:
    found = [m for m in ROW.finditer(text) if m.group("tu") == m.group("au")]
    if bare:
        spans = [(m.start(), m.end()) for m in found]
        found += [m for m in BARE_ROW.finditer(text) if not any(a < m.end() and m.start() < b for a, b in spans)]
        found.sort(key=lambda m: m.start())
    return found


def _proportional(m: re.Match[str]) -> Decimal | None:
    target, actual, weight = Decimal(m.group("t")), Decimal(m.group("a")), Decimal(m.group("w"))
    if target <= 0:
        return None
    return weight * min(Decimal(1), actual / target)


def _fig(m: re.Match[str], group: str, line: int, unit: str = "") -> Figure:
    return Figure(Decimal(m.group(group)), m.group(group), unit, line, m.start(group), m.end(group), m.group("name"))


_WEIGHT_THEN_SCORE: Final = re.compile(r"分值\s*[|\t]?\s*(?:自评)?得分")
_SCORE_THEN_WEIGHT: Final = re.compile(r"得分\s*[|\t]?\s*分值")


def _column_order(lines: list[str]) -> Reading | None:
    """How sure the order 分值, 得分 is: printed in a header (explicit), printed the other way round
    (None: not read), or not printed at all (inferred: the usual order of the form)."""
    text = "\n".join(lines)
    if _SCORE_THEN_WEIGHT.search(text) and not _WEIGHT_THEN_SCORE.search(text):
        return None
    return Reading.EXPLICIT if _WEIGHT_THEN_SCORE.search(text) else Reading.INFERRED


def extract_score_rows(lines: list[str]) -> Extraction:
    out = Extraction()
    order: Reading | None = None
    order_read = False   # the order is worked out once, on the first row found
    # rows of bare figures only under a header that names their four columns in order, a few lines up
    heads = [k for k, text in enumerate(lines) if "分值" in text and _BARE_HEADER.search(text)]
    for i, text in enumerate(lines):
        if "指标" not in text:
            continue
        rows = _rows(text, any(0 <= i - k <= _BARE_REACH for k in heads))
        if not rows:
            continue
        if not order_read:
            order, order_read = _column_order(lines), True
        if order is None:
            out.unclear += len(rows)
            continue
        follows = 0
        for m in rows:
            exp = _proportional(m)
            stated = Decimal(m.group("s"))
            if exp is not None and Decimal(m.group("a")) < Decimal(m.group("t")):
                if R.agrees(stated, exp).ok:
                    follows += 1
        for m in rows:
            weight, score = _fig(m, "w", i, "分"), _fig(m, "s", i, "分")
            if weight.value > 100 or score.value > 100:
                out.unclear += 1
                continue
            out.relations.append(Relation("score-max", score, (Operand("分值", weight),), order,
                                          "同一表行：分值与得分" if order is Reading.EXPLICIT
                                          else "同一表行，按通常的列序（分值、得分）读取"))
            if follows >= 2 and _proportional(m) is not None:
                ops = (Operand("分值", weight), Operand("年度指标值", _fig(m, "t", i, m.group("tu"))),
                       Operand("实际完成值", _fig(m, "a", i, m.group("au"))))
                out.relations.append(Relation("score-row", score, ops, Reading.INFERRED,
                                              "同一表行，按完成比例计分（表中其他行所用规则）"))
            elif follows < 2:
                out.unclear += 1
    _paragraph_rows(lines, out)
    return out


# ---- indicator rows of a Word table flattened one paragraph a cell -----------------------------------

#: a 三级 indicator's cell (``指标1工程完工率``, ``指标2：验收合格率``)
_PARA_NAME: Final = re.compile(r"^指标\d{1,3}[:：]?\S")
_PARA_FIG: Final = re.compile(r"^(?P<n>\d+(?:\.\d+)?)(?P<u>%?)$")
_PARA_END: Final = re.compile(r"^(?:总\s*分|合\s*计|总\s*计)")
#: most cells of an indicator block read after its header
_PARA_MOST: Final = 400


def _paragraph_cells(lines: list[str]) -> list[tuple[str, int]]:
    """The cells of a document flattened one paragraph a cell, empty lines between the cells: lines
    with no empty line between them one cell, a line of spaces an empty cell; a line with cell
    borders (``|``, a tab) stands for a break (an empty name no row is read across)."""
    cells: list[tuple[str, int]] = []
    joined = False
    for j, text in enumerate(lines):
        if not text:
            joined = False
            continue
        if "|" in text or "\t" in text:
            cells.append(("\x00", j))
            joined = False
            continue
        body = text.strip()
        if joined and body:
            cells[-1] = (cells[-1][0] + body, cells[-1][1])
            continue
        cells.append((body, j))
        joined = bool(body)
    return cells


def _paragraph_header(cells: list[tuple[str, int]], k: int) -> bool:
    """``分值`` / ``得分`` at ``k`` closing a header that names the target and the actual before them
    (``年度`` / ``指标值`` / ``实际`` / ``完成值`` / ``分值`` / ``得分``)."""
    if k + 1 >= len(cells) or cells[k + 1][0] not in ("得分", "自评得分"):
        return False
    before = [c for c, _ in cells[max(0, k - 8):k]]
    target = next((n for n, c in enumerate(before) if c.endswith("指标值")), None)
    return target is not None and any(c.endswith(("完成值", "实际值")) for c in before[target + 1:])


def _paragraph_rows(lines: list[str], out: Extraction) -> None:
    """Indicator rows of a Word table flattened one paragraph a cell (``指标1工程完工率`` / ``100`` /
    ``100`` / ``10`` / ``9`` / its note), under a header naming 指标值, 完成值, 分值, 得分 in that
    order: a row is read when its name is followed by exactly four figures (target and actual of one
    unit, weight, score) and then a cell that is no figure; its 分值 and 得分 (score-max, explicit).
    A row with figures that does not fit is counted."""
    if "分值" not in "\n".join(lines):
        return
    cells = _paragraph_cells(lines)
    k = 0
    while k < len(cells):
        if cells[k][0] != "分值" or not _paragraph_header(cells, k):
            k += 1
            continue
        end = min(len(cells), k + 2 + _PARA_MOST)
        j = k + 2
        while j < end and not _PARA_END.match(cells[j][0]) and cells[j][0] != "分值":
            if not _PARA_NAME.match(cells[j][0]):
                j += 1
                continue
            name = cells[j][0]
            row = cells[j + 1:j + 5]
            figs = [m for m in (_PARA_FIG.match(c) for c, _ in row) if m is not None]
            after = cells[j + 5][0] if j + 5 < len(cells) else ""
            if len(figs) == 4 and figs[0].group("u") == figs[1].group("u") \
                    and not figs[2].group("u") and not figs[3].group("u") and not _PARA_FIG.match(after):
                (w, wl), (sc, sl) = row[2], row[3]
                if Decimal(w) <= 100 and Decimal(sc) <= 100:
                    weight = Figure(Decimal(w), w, "分", wl, lines[wl].find(w), lines[wl].find(w) + len(w), name)
                    score = Figure(Decimal(sc), sc, "分", sl, lines[sl].find(sc), lines[sl].find(sc) + len(sc), name)
                    out.relations.append(Relation("score-max", score, (Operand("分值", weight),), Reading.EXPLICIT,
                                                  "同一表行：分值与得分（表格一段一格）"))
                    j += 5
                    continue
            if any(_PARA_FIG.match(c) for c, _ in row):
                out.unclear += 1
            j += 1
        k = j


# ---- indicator rows of a `|` table that lost their merged label cells --------------------------------

#: names of the 一级指标 (成本指标 is left out: a 一级 of the 2021 forms, a 二级 of the older ones)
_LEVEL1: Final = frozenset({"产出指标", "效益指标", "满意度指标", "效果指标"})
_LEVEL2: Final = re.compile(r"^(?:数量|质量|时效|经济效益|社会效益|生态效益|环境效益|可持续影响|服务对象满意度|经济成本|"
                            r"社会成本|生态环境成本)(?:指标)?$")
#: the 二级 names each 一级 group holds: a row of another group's 二级 under a group (its own 一级 cell
#: lost, or the table's rows out of order) leaves the group's sum unread
_GROUP_PARTS: Final = {"产出指标": ("数量", "质量", "时效", "成本"),
                       "效益指标": ("经济效益", "社会效益", "生态效益", "环境效益", "可持续影响"),
                       "效果指标": ("经济效益", "社会效益", "生态效益", "环境效益", "可持续影响", "服务对象满意度"),
                       "满意度指标": ("服务对象满意度",), "成本指标": ("经济成本", "社会成本", "生态环境成本")}
_GROUP_WEIGHT: Final = re.compile(r"[(（]\d+(?:\.\d+)?分[)）]$")
_PLAIN: Final = re.compile(r"^\d+(?:\.\d+)?$")
_ROW_END: Final = re.compile(r"^(?:合\s*计|总\s*分|总\s*计|评价结论|存在问题|改进措施|项目名称)")


def _level(cell: str) -> int | None:
    """How many label columns a row opening with ``cell`` kept: 0 from the 一级指标 on, 1 from the
    二级, 2 from the 三级 (any other name); None for 成本指标 (either level: told by the row's cells,
    :func:`_level_by_count`)."""
    name = _GROUP_WEIGHT.sub("", cell.replace(" ", ""))
    if name == "成本指标":
        return None
    if name in _LEVEL1:
        return 0
    return 1 if _LEVEL2.match(name) else 2


def _fits(cells: list[str], start: int, width: int, tail: int) -> bool:
    """Whether a row whose cells run from column ``start`` has a cell for each column from there: as
    many as the columns, or one fewer with the reasons' cell empty and its last cell a figure."""
    k = len(cells)
    return (k == width - start and (tail == 0 or not _PLAIN.match(cells[-1]))) or \
        (tail == 1 and k == width - start - 1 and _PLAIN.match(cells[-1]) is not None)


def _level_by_count(cells: list[str], first: int, width: int, tail: int) -> int | None:
    """The level of a row opening with 成本指标 (a 一级 of the 2021 forms, a 二级 of the older ones), when
    its cells fit one of the two only (its reasons' cell filled or empty told by its last cell); None
    when they fit both or neither."""
    fit = [level for level in (0, 1) if _fits(cells, first + level, width, tail)]
    return fit[0] if len(fit) == 1 else None


def _indicator_header(cells: list[str]) -> tuple[int, int | None, int, int] | None:
    """(一级指标 column, 分值 column, 得分 column, width) of a header naming the three levels and a
    得分 column, with at most one column (the reasons) after it; the 分值 (or 权重) column, when there
    is one, right before 得分 (None when there is none)."""
    names = [c.replace(" ", "") for c in cells]
    if "一级指标" not in names or "三级指标" not in names:
        return None
    first = names.index("一级指标")
    score = next((k for k, n in enumerate(names) if n in ("得分", "自评得分")), None)
    if score is None or score <= first + 2 or len(names) - score > 2 or names.index("三级指标") != first + 2:
        return None
    weight = score - 1 if names[score - 1] in ("分值", "权重") else None
    if weight is None and any(n in ("分值", "权重") for n in names):
        return None   # a weight column elsewhere: the order is not the usual one
    return first, weight, score, len(names)


def extract_indicator_rows(lines: list[str]) -> Extraction:
    """The indicator block of a 自评表 dumped with ``|`` (``绩效指标 | 一级指标 | 二级指标 | 三级指标 |
    年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因``), whose rows lost the label cells merged from the
    rows above (the dump moves them to the end as empty cells).  How many a row lost is told twice,
    by the name it opens with (一级, 二级 or 三级) and by how many cells it has (as many as the columns
    from that level on, or one fewer with the reasons' cell empty and its last cell a figure); only
    when the two agree are its 分值 and 得分 read (score-max, explicit).  A row with figures that
    does not fit is counted.

    A 一级 row naming its group's weight (``产出指标(60分)``) opens a group: when every row of the group
    with a figure was read, the group's weight is the sum of their 分值 (score-total; a group the text
    cuts off, not closed by the next group or a 总分/合计 row, only when the 分值 add up to more), and
    the scores read under it never add up to more than it (score-cap, whatever was not read).  The
    block's weight in its title cell (``年度绩效目标(80分)``) is likewise the sum of every row's 分值,
    and of its groups' weights when every 一级 row of the block opened a group."""
    out = Extraction()
    i, n = 0, len(lines)
    while i < n:
        text = lines[i]
        i += 1
        if "三级指标" not in text or "得分" not in text or text.count("|") < 4:
            continue
        head = _indicator_header([c.strip() for c in text.split("|") if c.strip()])
        if head is None:
            continue
        first, wcol, scol, width = head
        tail = width - 1 - scol
        aims = _aim_columns([c.strip() for c in text.split("|") if c.strip()], first + 3, scol)
        title = text.split("|")[0].strip() if first else ""
        block = _open_group(text, title, i - 1) if title else None   # ``绩效指标(90分)``: the block's weight
        groups: list[_Group] = []
        groups_known = True   # every 一级 row naming a weight opened a group
        group: _Group | None = None
        closed = False   # the block ends at a 总分/合计 row or the next header, not where the text stops
        while i < n and lines[i].count("|") >= 2:
            row = lines[i]
            cells = [c.strip() for c in row.split("|") if c.strip()]
            if not cells:
                break
            if _ROW_END.match(cells[0]) or "三级指标" in row:
                closed = True
                break
            i += 1
            level = _level(cells[0])
            if level is None:
                level = _level_by_count(cells, first, width, tail)
            if level == 0:
                _close_group(group, True, out)
                group = _open_group(row, cells[0], i - 1)
                if group is not None:
                    groups.append(group)
            if level != 0 and _GROUP_WEIGHT.search(cells[0]):
                groups_known = False
            if group is not None and level in (0, 1):
                second = _GROUP_WEIGHT.sub("", cells[1 - level].replace(" ", "")) if len(cells) > 1 - level else ""
                if not second.startswith(_GROUP_PARTS.get(group.name, ())):
                    group.broken = group.alien = True
            numbers = sum(1 for c in cells if _PLAIN.match(c))
            start = first + (level or 0)
            fits = level is not None and _fits(cells, start, width, tail)
            w, s = (wcol - start if wcol is not None else None), scol - start
            if not fits or s < 1 or not _PLAIN.match(cells[s]) or w is not None and (
                    w < 0 or not _PLAIN.match(cells[w]) or Decimal(cells[w]) > 100):
                out.unclear += int(numbers >= 2)
                for whole in (group, block):
                    if whole is not None and numbers:
                        whole.broken = True
                continue
            spos = _cell_at(row, cells, s)
            name = cells[:3 - (level or 0)][-1]
            score = Figure(Decimal(cells[s]), cells[s], "分", i - 1, spos, spos + len(cells[s]), name)
            if group is not None:
                group.scores.append(score)
            if w is None:
                if block is not None:
                    block.broken = True   # no 分值 to sum
                continue
            wpos = _cell_at(row, cells, w)
            weight = Figure(Decimal(cells[w]), cells[w], "分", i - 1, wpos, wpos + len(cells[w]), "分值")
            out.relations.append(Relation("score-max", score, (Operand("分值", weight),), Reading.EXPLICIT,
                                          "同一表行：分值与得分（合并的指标名单元格不计，按行中单元格数对齐）"))
            if score.value == weight.value and aims is not None:
                unmet = _unmet(row, cells, aims[0] - start, aims[1] - start, i - 1)
                if unmet is not None:
                    out.relations.append(Relation("score-row", score, (Operand("分值", weight),) + unmet,
                                                  Reading.INFERRED, "同一表行：实际完成值低于年度指标值而得满分"))
            for whole in (group, block):
                if whole is not None:
                    whole.weights.append(weight)
        _close_group(group, closed, out)
        _close_group(block, closed, out)
        if block is not None and groups_known and len(groups) >= 2:
            out.relations.append(Relation("score-total", block.total, tuple(Operand("分值", g.total) for g in groups),
                                          Reading.EXPLICIT, "指标区的分值与各一级指标分值之和", complete=closed))
    return out


def _aim_columns(cells: list[str], low: int, high: int) -> tuple[int, int] | None:
    """(年度指标值, 实际完成值) columns between the 三级指标 and the 得分, when each is named once."""
    targets = [k for k in range(low, high) if "指标值" in cells[k] or "目标值" in cells[k]]
    actuals = [k for k in range(low, high) if "完成值" in cells[k] or "实际值" in cells[k]]
    if len(targets) != 1 or len(actuals) != 1 or targets == actuals:
        return None
    return targets[0], actuals[0]


_AIM: Final = re.compile(rf"^(?P<cmp>[≥≧>＞])?\s*(?P<n>{_NUM})\s*(?P<u>{_UNIT}|万元|元|平方米|米|公里|亩|册)?$")


def _unmet(row: str, cells: list[str], t: int, a: int, line: int) -> tuple[Operand, Operand] | None:
    """The target and the actual of a row whose actual falls short of a target printed as one to reach
    (``≥90%``, ``≧100人``: a bare ``12`` may be a time or a cost not to pass), both figures of one unit."""
    if min(t, a) < 1 or max(t, a) >= len(cells):
        return None
    mt, ma = _AIM.match(cells[t].replace(" ", "")), _AIM.match(cells[a].replace(" ", ""))
    if mt is None or ma is None or not mt.group("cmp") or ma.group("cmp") or mt.group("u") != ma.group("u"):
        return None
    target, actual = Decimal(mt.group("n")), Decimal(ma.group("n"))
    if target <= 0 or actual >= target:
        return None
    out = []
    for k, m, role in ((t, mt, "年度指标值"), (a, ma, "实际完成值")):
        pos = _cell_at(row, cells, k) + (len(cells[k]) - len(cells[k].lstrip())) + m.start("n")
        out.append(Operand(role, Figure(Decimal(m.group("n")), m.group("n"), m.group("u") or "", line, pos,
                                        pos + len(m.group("n")), role)))
    return out[0], out[1]


class _Group:
    """A 一级 group of indicators with its stated weight, and the 分值 and 得分 of its rows read so far."""

    def __init__(self, name: str, total: Figure) -> None:
        self.name = name
        self.total = total
        self.weights: list[Figure] = []
        self.scores: list[Figure] = []
        self.broken = False   # a row of the group with a figure was not read
        self.alien = False    # a row of another group's 二级 stood under it


def _open_group(row: str, cell: str, line: int) -> _Group | None:
    m = re.search(r"(\d+(?:\.\d+)?)分\s*[)）]$", cell)
    if m is None:
        return None
    at = _cell_at(row, [cell], 0) + m.start(1)
    name = _GROUP_WEIGHT.sub("", cell.replace(" ", ""))
    return _Group(name, Figure(Decimal(m.group(1)), m.group(1), "分", line, at, at + len(m.group(1)), f"“{name}”"))


def _close_group(group: _Group | None, closed: bool, out: Extraction) -> None:
    """The group's (or block's) weight against its rows' 分值, when every row with a figure was read;
    the scores read under it against its weight, whatever was not read."""
    if group is None:
        return
    if not group.broken and len(group.weights) >= 2:
        out.relations.append(Relation("score-total", group.total, tuple(Operand("分值", w) for w in group.weights),
                                      Reading.EXPLICIT, "一级指标的分值与其下各指标分值之和", complete=closed))
    if not group.alien and len(group.scores) >= 2:
        out.relations.append(Relation("score-cap", group.total, tuple(Operand("得分", s) for s in group.scores),
                                      Reading.EXPLICIT, "一级指标的分值不小于其下各指标得分之和"))


def _cell_at(text: str, cells: list[str], k: int) -> int:
    """Where the ``k``-th filled cell of a ``|`` row starts."""
    pos, seen = 0, -1
    for part in text.split("|"):
        stripped = part.strip()
        if stripped:
            seen += 1
            if seen == k:
                return pos + part.find(stripped)
        pos += len(part) + 1
    return 0
