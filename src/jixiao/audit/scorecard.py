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
_LONE: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分?\s*$")
_TOTAL: Final = re.compile(r"^\s*(?:合计|总分|总计|合\s+计)\s*$")
_WEIGHT_CELL: Final = re.compile(r"^\s*[^①-⑳\d\s(][^\t]{1,24}?[(](\d+(?:\.\d+)?)分[)]\s*$")
_GRADE: Final = re.compile(r"(?:自评等级|评价等级|等级)[:]\s*(优秀|良好|合格|不合格|优|良|中|差)")
_WEIGHT_HEADER: Final = re.compile(r"^\s*(?:分值|权重|标准分)\s*$")


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
        # (each pattern is tried only when the line holds a word it needs: 表, 分值/权重/标准分, 分), 合计/总分/总计)
        if i > start + 1 and "表" in text and _TITLE.search(text):
            return i
        g = _GRADE.search(text) if "等级" in text else None
        if g:
            grade = (i, g.group(1))
        if ("分" in text or "权" in text) and _WEIGHT_HEADER.match(text):
            two_columns = True
        w = _WEIGHT_CELL.match(text) if "分)" in text else None
        if w:
            weight = Decimal(w.group(1))
            continue
        if ("合" in text or "总" in text) and _TOTAL.match(text):
            _total(ctx, i, scores, grade, two_columns)
            return i + 1
        lone = _LONE.match(text)
        if lone and not _page_edge(ctx, i):
            scores.append((i, Decimal(lone.group(1)), weight))
    return start + 1


def _total(ctx: AuditContext, at: int, scores: list[tuple[int, Decimal, Decimal | None]], grade: tuple[int, str] | None,
           two_columns: bool) -> None:
    lines = ctx.doc.lines
    nxt = next((j for j in range(at + 1, min(len(lines), at + 4)) if lines[j].text.strip()), None)
    if nxt is None or not _LONE.match(lines[nxt].text) or len(scores) < 3:
        return
    if two_columns and len(scores) % 2 == 0:
        scores = scores[1::2]
    text = lines[nxt].text
    total = Decimal(_LONE.match(text).group(1))  # type: ignore[union-attr]
    for line, score, weight in scores:
        if weight is not None:
            ctx.relations += 1
            if not R.within_maximum(score, weight).ok:
                pos = _pos(lines[line].text)
                ctx.emit("AUDIT-SCORE-MAX", (line, pos, pos + len(str(score))), claimed=f"{score}", expected=f"{weight}",
                         operands=[("分值", f"{weight}", lines[line].locator)])
    ctx.relations += 1
    verdict = R.score_total(total, [s for _, s, _ in scores])
    pos = _pos(text)
    if not verdict.ok:
        ctx.emit("AUDIT-SCORE-TOTAL", (nxt, pos, pos + len(str(total))), claimed=f"{total}",
                 expected=f"{sum(s for _, s, _ in scores)}", quote=f"合计 {total}",
                 operands=[(f"第{k + 1}项", f"{s}", lines[line].locator) for k, (line, s, _) in enumerate(scores)],
                 label=_card_name(ctx, at))
    if grade is not None:
        check_grade(ctx, grade[0], total, [grade[1]])


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
