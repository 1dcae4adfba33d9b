"""The public 自评表 prints what the unit stated; the rule recomputation goes to an internal 核对报告.

* ``PublicScores`` wraps the score book for the public package: every line, total and grade is the
  unit's own published value, exactly as given.  The engine is asked only for a line's maximum the
  filing lacks (the rubric's weight), and that borrowing is logged.
* ``review_document`` builds the 核对报告 (规则复算, not the bureau's 复核): per card, each item marked
  按规则计算 / 采用单位自评（证据不足）/ 规则不适用, its published and recomputed points, every
  difference, and the unit's own total beside the sum of its items and the recomputed total.  It is
  written beside the package (docx and html) and never enters the public documents.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.model.filing import Filing
from jixiao.model.numbers import D
from jixiao.model.values import Value
from jixiao.render import fmt as F
from jixiao.render.blocks import Block, Cell, Document, Heading, Para, Table
from jixiao.render.scores import Score, ScoreBook

PUBLIC_NOTE = "自评表中的得分、总分和等级为单位自评结果，照单位填报原样列示；按评分规则复算的结果另见内部核对报告，不公开"

MARKS = {
    "computed": "按规则计算",
    "adopted": "采用单位自评（证据不足）",
    "not_applicable": "规则不适用",
    "missing": "无法计算（缺少单位自评分）",
}


@dataclass
class PublicScores:
    """The score book as the public documents read it: the unit's published points only."""

    book: ScoreBook
    note: str = PUBLIC_NOTE

    def item(self, project: str | None, name: str | None, published: Value | None, *, occurrence: int = 0,
             item_id: str | None = None) -> Score:
        engine = self.book.item(project, name, published, occurrence=occurrence, item_id=item_id)
        if published is None or published.number is None:
            return Score(None, "missing", published.text if published is not None else "", engine.max, engine.in_total)
        return Score(published.number, "published", published.text, engine.max, engine.in_total)

    def total(self, project: str | None, published: Value | None) -> Score:
        if published is None or published.number is None:
            return Score(None, "missing", published.text if published is not None else "")
        return Score(published.number, "published", published.text)

    def grade(self, project: str | None, published: Value | None) -> tuple[str | None, str]:
        if published is None or not published.text.strip():
            return None, "missing"
        return published.text.strip(), "published"


# ---- the 核对报告 ----------------------------------------------------------------------------------

def mark(item: dict[str, Any]) -> str:
    status = item.get("status")
    if status == "not_applicable":
        return MARKS["not_applicable"]
    if item.get("points") is not None:
        return MARKS["computed"] if status != "range" else f"{MARKS['computed']}（区间{item.get('low')}～{item.get('high')}）"
    if item.get("counted") is not None:
        return MARKS["adopted"]
    return MARKS["missing"]


def _d(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return D(str(value))
    except ValueError:
        return None


def _n(value: Decimal | None) -> str:
    return "—" if value is None else F.score(value, 2)


@dataclass(frozen=True)
class CardReview:
    name: str
    rows: list[dict[str, Any]]
    published_total: Decimal | None
    published_items_sum: Decimal | None
    recomputed_total: Decimal | None
    published_grade: str | None
    recomputed_grade: str | None
    max_total: Decimal | None
    differences: list[str]
    counts: dict[str, int]


def review_card(card: dict[str, Any]) -> CardReview:
    rows = []
    diffs: list[str] = []
    counts = {k: 0 for k in MARKS}
    published_sum: Decimal | None = Decimal(0)
    for item in card.get("items") or ():
        published, points = _d(item.get("published")), _d(item.get("points"))
        text = mark(item)
        key = next((k for k, v in MARKS.items() if text.startswith(v)), "missing")
        counts[key] += 1
        in_total = item.get("in_total", True)      # a line scored beside 总分 (total_includes) is not in its sum
        if not in_total:
            pass
        elif published is None:
            published_sum = None
        elif published_sum is not None:
            published_sum += published
        delta = points - published if points is not None and published is not None else None
        if delta:
            diffs.append(f"“{item.get('name')}”：单位自评{_n(published)}分，按规则计算{_n(points)}分，"
                         f"相差{F.score(delta, 2)}分")
        rows.append({"name": item.get("name") or "", "section": item.get("section") or "", "max": _d(item.get("max")),
                     "published": published, "points": points, "mark": text if in_total else f"{text}；不计入总分",
                     "delta": delta,
                     "explanation": item.get("explanation") or ""})
    published_total, total = _d(card.get("published_total")), _d(card.get("total"))
    if published_total is not None and published_sum is not None and published_total != published_sum:
        diffs.append(f"单位公开总分{_n(published_total)}分，其各项自评分合计为{_n(published_sum)}分，"
                     f"相差{F.score(published_total - published_sum, 2)}分")
    if published_total is not None and total is not None and published_total != total:
        diffs.append(f"单位公开总分{_n(published_total)}分，按规则复算总分{_n(total)}分")
    grade, pub_grade = card.get("grade"), card.get("published_grade")
    if grade and pub_grade and not _same_grade(card.get("rubric"), grade, pub_grade):
        diffs.append(f"单位自评等级“{pub_grade}”，按复算总分应为“{grade}”")
    return CardReview(card.get("name") or "", rows, published_total, published_sum, total, pub_grade, grade,
                      _d(card.get("max_total")), diffs, counts)


def _same_grade(rubric_id: str | None, computed: str, published: str) -> bool:
    """良好 and 良 are one grade when the rubric lists both as its labels."""
    if computed == published.strip():
        return True
    if not rubric_id:
        return False
    from jixiao.scoring.library import load_rubric

    named = load_rubric(rubric_id).grade_named(published)
    return named is not None and named.label == computed


def review_document(filing: Filing, book: ScoreBook) -> Document:
    unit, year = filing.unit.name or "本单位", filing.unit.year or ""
    doc = Document(f"{unit}{year}年度绩效自评核对报告", "内部核对用，不公开", year=filing.unit.year)
    blocks = doc.blocks
    blocks.append(Para("本报告由 jixiao 按评分规则对单位的绩效自评表逐项复算（规则复算，不是财政部门的复核），供单位在公开前核对。"
                       "公开的自评表照单位自评原样列示，本报告的复算结果不进入公开文档。", "note"))
    blocks.append(Para("核对方式：“按规则计算”指依据填报数据按评分规则算出得分；“采用单位自评（证据不足）”指填报数据不足以复算，"
                       "复算总分中采用单位自评分；“规则不适用”指该项按评分规则不计分。", "note"))
    cards: list[dict[str, Any]] = list(book.projects.values())
    if book.department is not None:
        cards.append(book.department)
    if not book.engine or not cards:
        blocks.append(Para(book.note or "本填报没有绩效自评表，无需复算。", "note"))
        return doc
    for index, card in enumerate(cards, 1):
        blocks += _card_blocks(review_card(card), index)
    return doc


def _card_blocks(review: CardReview, index: int) -> list[Block]:
    out: list[Block] = [Heading(2, f"{index}. {review.name}")]
    header = ((Cell("指标", header=True, align="center"), Cell("分值", header=True, align="center"),
               Cell("单位自评分", header=True, align="center"), Cell("规则复算分", header=True, align="center"),
               Cell("差异", header=True, align="center"), Cell("核对方式", header=True, align="center"),
               Cell("复算说明", header=True, align="center")),)
    body = []
    for row in review.rows:
        # an item taken over as published counts its published points in the recomputed total: print
        # them, so that the column adds up to its 合计 (核对方式 says they were taken over)
        counted = row["published"] if row["points"] is None and row["mark"].startswith(MARKS["adopted"]) \
            else row["points"]
        body.append((Cell(row["name"]), Cell(_n(row["max"]), align="center"), Cell(_n(row["published"]), align="center"),
                     Cell(_n(counted), align="center"),
                     Cell(F.score(row["delta"], 2) if row["delta"] else "", align="center"),
                     Cell(row["mark"]), Cell(row["explanation"])))
    body.append((Cell("合计", bold=True, align="center"), Cell(_n(review.max_total), align="center"),
                 Cell(_n(review.published_total), align="center"), Cell(_n(review.recomputed_total), align="center"),
                 Cell(""), Cell(f"各项自评分合计{_n(review.published_items_sum)}"), Cell("")))
    out.append(Table(f"review-{index}", f"{review.name} 自评分与规则复算对照", header, tuple(body), 7,
                     (3.0, 0.9, 1.1, 1.1, 0.9, 2.2, 4.5), "", (), orientation="landscape"))
    c = review.counts
    out.append(Para(f"共{len(review.rows)}项：按规则计算{c['computed']}项，采用单位自评（证据不足）{c['adopted']}项，"
                    f"规则不适用{c['not_applicable']}项，无法计算{c['missing']}项。"
                    f"单位公开总分{_n(review.published_total)}分，各项自评分合计{_n(review.published_items_sum)}分，"
                    f"按规则复算总分{_n(review.recomputed_total)}分；单位自评等级{review.published_grade or '未填报'}，"
                    f"复算等级{review.recomputed_grade or '无法确定'}。"))
    if review.differences:
        out.append(Heading(3, "差异"))
        out += [Para(f"{n}. {text}。", "note") for n, text in enumerate(review.differences, 1)]
    else:
        out.append(Para("未发现差异。", "note"))
    return out
