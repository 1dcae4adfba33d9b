"""Score cards laid out one cell per line (a Word table flattened to text, as many published
.txt reports are): the lone numbers between the header and 合计 are the item scores.

Each item score must not exceed the weight of its indicator (``项目立项规范性（5分）``), the
合计 must equal the sum of the item scores, and 自评等级 must fit the total.
"""
from __future__ import annotations

import re
from typing import Final
from decimal import Decimal

from jixiao.audit.context import AuditContext
from jixiao.audit.tables import check_grade
from jixiao import relations as R

_TITLE: Final = re.compile(r"(?:计分表|评分表|评价表|自评表)")
# a cell written alone on its line, as a Word table flattened to text gives it, or closed by the "|"
# of a web page's table dumped a cell a line (``5 |``)
_END: Final = r"\s*(?:\|\s*)?$"
_LONE: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分?" + _END)
_TOTAL: Final = re.compile(r"^\s*(?:合计|总分|总计|合\s+计)" + _END)
_WEIGHT_CELL: Final = re.compile(r"^\s*[^①-⑳\d\s(|][^\t|]{1,24}?[(](\d+(?:\.\d+)?)分[)]" + _END)
_GRADE: Final = re.compile(r"(?:自评等级|评价等级|等级)[:]\s*(优秀|良好|合格|不合格|优|良|中|差)")
_WEIGHT_HEADER: Final = re.compile(r"^\s*(?:分值|权重|标准分)" + _END)
# a cell naming a column of amounts, targets or rates: the lone numbers of this table are not all
# scores (a 2020-family 自评表, 年度预算数 … 指标值 … 权重 | 得分, flattened a cell a line)
# the characters the words of _WEIGHT_HEADER, _NOT_SCORES and _TOTAL open with (tests/test_pattern_prefixes.py)
# (strings of single characters, asked of a line's first character when it has one)
_WEIGHT_HEADER_LEADS: Final = "分权标"
_NOT_SCORES_LEADS: Final = "年全调预执指实完度计"
_TOTAL_LEADS: Final = "合总"
_NOT_SCORES: Final = re.compile(r"^\s*(?:年初预算数?|全年预算数|调整后预算数|预算数|预算执行数|全年执行数|执行数|预算执行率|执行率|"
                                r"年度指标值|指标值|实际完成值|完成值|全年实际值|度量单位|计量单位|指标性质)" + _END)


def check_scorecards(ctx: AuditContext) -> None:
    lines = ctx.doc.lines
    i = 0
    while i < len(lines):
        text = lines[i].text
        if "表" in text and _TITLE.search(text) and "\t" not in text.strip("\t"):
            i = _card(ctx, i)
        else:
            i += 1


def _card(ctx: AuditContext, start: int) -> int:
    lines = ctx.doc.lines
    scores: list[tuple[int, Decimal, Decimal | None]] = []
    weight: Decimal | None = None
    grade: tuple[int, str] | None = None
    two_columns = False
    for i in range(start + 1, min(len(lines), start + 800)):
        text = lines[i].text
        # (each pattern is tried only when the line holds a word it needs: 表, 等级, 分); the patterns of
        # a whole cell only when the line's first character after its spaces is one their words open with)
        if i > start + 1 and "表" in text and _TITLE.search(text):
            return i
        g = _GRADE.search(text) if "等级" in text else None
        if g:
            grade = (i, g.group(1))
        lead = text.lstrip()[:1]
        cell = lead != ""   # (a blank line opens with nothing: no pattern of a cell matches it)
        if cell and lead in _WEIGHT_HEADER_LEADS and _WEIGHT_HEADER.match(text):
            two_columns = True
        if cell and lead in _NOT_SCORES_LEADS and _NOT_SCORES.match(text):
            return i + 1   # which lone number is a score cannot be told: the table is left unchecked
        w = _WEIGHT_CELL.match(text) if "分)" in text else None
        if w:
            weight = Decimal(w.group(1))
            continue
        if cell and lead in _TOTAL_LEADS and _TOTAL.match(text):
            _total(ctx, i, scores, grade, two_columns)
            return i + 1
        lone = _LONE.match(text) if _is_digit(lead) else None
        if lone and not _page_edge(ctx, i):
            scores.append((i, Decimal(lone.group(1)), weight))
    return start + 1


def _is_digit(c: str) -> bool:
    """``c.isdecimal()`` for one character ("" for none), without the call for ASCII and for ideographs
    (neither holds a digit but 0-9): a lone number's line opens with a digit after its spaces."""
    if c < "\x80":
        return "0" <= c <= "9"
    if "\u4e00" <= c <= "\u9fff":
        return False
    return c.isdecimal()


def _lone(text: str) -> re.Match[str] | None:
    """``_LONE``, tried only on a line whose first character after its spaces is a digit."""
    return _LONE.match(text) if _is_digit(text.lstrip()[:1]) else None


def _lone_after(ctx: AuditContext, at: int, most: int) -> list[tuple[int, Decimal]]:
    """The lone numbers right after line ``at`` (empty cells, a lone ``|``, skipped), up to ``most``."""
    lines = ctx.doc.lines
    out: list[tuple[int, Decimal]] = []
    for j in range(at + 1, min(len(lines), at + 6)):
        text = lines[j].text.strip()
        if not text or text == "|":
            continue
        lone = _lone(text)
        if lone is None:
            break
        out.append((j, Decimal(lone.group(1))))
        if len(out) == most:
            break
    return out


def _total(ctx: AuditContext, at: int, scores: list[tuple[int, Decimal, Decimal | None]], grade: tuple[int, str] | None,
           two_columns: bool) -> None:
    lines = ctx.doc.lines
    if len(scores) < 3:
        return
    weight_total: tuple[int, Decimal] | None = None
    if two_columns:
        # a 分值 column beside the scores: the lone numbers go in pairs (分值, 得分), and so does the
        # 合计 row (分值合计, 得分合计); a row short of a cell, or a 合计 with one number, cannot be read
        after = _lone_after(ctx, at, 2)
        if len(scores) % 2 or len(after) != 2:
            return
        weights = scores[0::2]
        scores = [(line, score, w) for (line, score, _), (_, w, _) in zip(scores[1::2], weights)]
        weight_total, (nxt, total) = after[0], after[1]
    else:
        after = _lone_after(ctx, at, 1)
        if not after:
            return
        nxt, total = after[0]
    text = lines[nxt].text
    for line, score, weight in scores:
        if weight is not None:
            ctx.relations += 1
            if not R.within_maximum(score, weight).ok:
                pos = _pos(lines[line].text)
                ctx.emit("AUDIT-SCORE-MAX", (line, pos, pos + len(str(score))), claimed=f"{score}", expected=f"{weight}",
                         operands=[("分值", f"{weight}", lines[line].locator)])
    if weight_total is not None:
        _check_sum(ctx, at, weight_total, [(line, w) for line, _, w in scores if w is not None], "分值")
    _check_sum(ctx, at, (nxt, total), [(line, s) for line, s, _ in scores], "得分")
    if grade is not None:
        check_grade(ctx, grade[0], total, [grade[1]])


def _check_sum(ctx: AuditContext, at: int, stated: tuple[int, Decimal], parts: list[tuple[int, Decimal]], what: str) -> None:
    lines = ctx.doc.lines
    line, total = stated
    ctx.relations += 1
    if R.score_total(total, [v for _, v in parts]).ok:
        return
    pos = _pos(lines[line].text)
    name = _card_name(ctx, at)
    ctx.emit("AUDIT-SCORE-TOTAL", (line, pos, pos + len(str(total))), claimed=f"{total}",
             expected=f"{sum(v for _, v in parts)}", quote=f"合计 {total}",
             operands=[(f"第{k + 1}项", f"{v}", lines[p].locator) for k, (p, v) in enumerate(parts)],
             label=name if what == "得分" else f"{name}{what}")


def _pos(text: str) -> int:
    return len(text) - len(text.lstrip())


def _card_name(ctx: AuditContext, at: int) -> str:
    for j in range(at, -1, -1):
        text = ctx.doc.lines[j].text.strip()
        m = re.match(r"^[(]([^()]{2,40})[)]$", text)
        if m:
            return f"“{m.group(1)}”计分表"
        if _TITLE.search(text):
            return "计分表"
    return "计分表"


def _page_edge(ctx: AuditContext, i: int) -> bool:
    """A lone number first or last on a PDF page that equals the page's number is a page number, not a score."""
    loc = ctx.doc.lines[i].locator
    if not loc.startswith("p") or ":" not in loc:
        return False
    page = loc.split(":")[0]
    before = ctx.doc.lines[i - 1].locator.split(":")[0] if i > 0 else ""
    after = ctx.doc.lines[i + 1].locator.split(":")[0] if i + 1 < len(ctx.doc.lines) else ""
    if before == page and after == page:
        return False
    return ctx.doc.lines[i].text.strip() == page[1:]
