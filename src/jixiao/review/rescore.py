"""Re-scoring (复核评分): the scoring engine's result, then the 复核口径, indicator by indicator.

    rescore_filing(filing, pack) -> Review

For every item of every project the review keeps the unit's self score (the
published points), the review score, the gap (review − self), the deviation as
the pack defines it (``completion_ratio`` = 完成值 ÷ 指标值, the firm's reading; or
``score_gap``) and every 口径 rule applied, with its citation and the cells it read.

The starting point is the engine's own score (``jixiao score``): a scored item
starts from its computed points; a range (qualitative) starts from the self score
held inside the range; an item the engine cannot settle starts from the self
score, marked 待现场核实.  Then the pack's rules apply in pack order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.filing import Filing
from jixiao.model.values import Value
from jixiao.review.kouj import FUNCTIONS
from jixiao.review.packs import ACTIONS, ReviewPack, RuleDef, dec
from jixiao.review.view import Cell, UnitView
from jixiao.review.warnings import Hit
from jixiao.scoring.result import ItemResult, Scorecard, num
from jixiao.scoring.shapes import round_points


@dataclass(frozen=True)
class Applied:
    rule_id: str
    title: str
    action: str
    cite: str               # the citation written into the workpaper 备注
    effect: str             # what it did, in Chinese
    cut: Decimal            # points taken off (0 for no_deduction)
    cells: tuple[Cell, ...]

    def to_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "title": self.title, "action": self.action, "cite": self.cite,
                "effect": self.effect, "cut": num(self.cut), "cells": [c.to_json() for c in self.cells]}


@dataclass
class ReviewedItem:
    item: ItemResult                     # the engine's result (same shape as ``jixiao score``)
    indicator: int | None                # index in project.indicators, for indicator rows
    self_score: Decimal | None
    review: Decimal | None
    self_actual: str | None
    review_actual: str | None
    target: Decimal | None
    basis: str                           # how the starting point was taken
    applied: list[Applied] = field(default_factory=list)

    @property
    def gap(self) -> Decimal | None:
        if self.review is None or self.self_score is None:
            return None
        return self.review - self.self_score

    def deviation(self, basis: str) -> Decimal | None:
        if basis == "score_gap":
            return self.gap
        value = Value.lenient(self.review_actual)
        actual = value.number if value is not None else None
        if actual is None or not self.target:
            return None
        return (actual / self.target).quantize(Decimal("0.0001"))

    def explanation(self) -> str:
        parts = [self.basis] + [a.effect for a in self.applied]
        return "；".join(p for p in parts if p)

    def to_json(self, deviation_basis: str) -> dict[str, Any]:
        out = self.item.to_json()
        out.update({"self_score": num(self.self_score, 4), "review_score": num(self.review), "gap": num(self.gap),
                    "deviation": num(self.deviation(deviation_basis), 4), "deviation_basis": deviation_basis,
                    "self_actual": self.self_actual, "review_actual": self.review_actual,
                    "review_explanation": self.explanation(), "rules": [a.to_json() for a in self.applied]})
        return out


@dataclass
class ReviewedProject:
    name: str
    index: int
    card: Scorecard
    items: list[ReviewedItem]
    caps: list[Applied] = field(default_factory=list)

    @property
    def self_total(self) -> Decimal | None:
        return self.card.published_total

    @property
    def review_total(self) -> Decimal | None:
        values = [i.review for i in self.items]
        if any(v is None for v in values):
            return None
        total = sum((v for v in values if v is not None), Decimal(0))
        for cap in self.caps:
            total -= cap.cut
        return total

    def to_json(self, deviation_basis: str) -> dict[str, Any]:
        total = self.review_total
        gap = None if total is None or self.self_total is None else total - self.self_total
        return {"name": self.name, "rubric": self.card.rubric, "self_total": num(self.self_total, 4),
                "review_total": num(total), "gap": num(gap), "self_grade": self.card.published_grade,
                "review_grade": None, "items": [i.to_json(deviation_basis) for i in self.items],
                "caps": [c.to_json() for c in self.caps]}


@dataclass
class Review:
    unit: str
    doc: str
    pack: ReviewPack
    projects: list[ReviewedProject]

    @property
    def deviation_basis(self) -> str:
        return str(self.pack.setting("deviation", "completion_ratio"))

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "doc": self.doc, "pack": {"id": self.pack.id, "version": self.pack.version,
                                                            "title": self.pack.title},
                "projects": [p.to_json(self.deviation_basis) for p in self.projects]}


def rule_hits(filing: Filing, pack: ReviewPack, rule: RuleDef) -> list[str]:
    """What one rule does to a filing, as Chinese lines (for the pack's cases)."""
    review = rescore_filing(filing, pack, only=[rule.id])
    out = [a.effect for p in review.projects for i in p.items for a in i.applied if a.rule_id == rule.id]
    return out + [c.effect for p in review.projects for c in p.caps if c.rule_id == rule.id]


def rescore_filing(filing: Filing, pack: ReviewPack, only: list[str] | None = None,
                   marks: dict[tuple[int, int], str] | None = None) -> Review:
    """Re-score every project of ``filing`` under ``pack`` (``marks``: reviewer notes by (project, indicator))."""
    from jixiao.scoring import score_filing

    result, _ = score_filing(filing)
    view = UnitView(_with_marks(filing, marks) if marks else filing)
    hits: dict[str, list[Hit]] = {}
    for rule in pack.rules:
        if only is None or rule.id in only:
            hits[rule.id] = list(FUNCTIONS[rule.function]([view], rule.params))
    projects = []
    for p, card in enumerate(result.projects):
        items = [_start(view, p, item) for item in card.items]
        reviewed = ReviewedProject(view.pname(p), p, card, items)
        for rule in pack.rules:
            for hit in hits.get(rule.id, []):
                if hit.project == p:
                    _apply(rule, hit, reviewed)
        projects.append(reviewed)
    return Review(view.name, filing.doc, pack, projects)


def _with_marks(filing: Filing, marks: dict[tuple[int, int], str]) -> Filing:
    """The reviewer's notes (备注) join each indicator's evidence as ``复核备注``."""
    from dataclasses import replace

    from jixiao.model.values import Value, ValueMap

    projects = list(filing.projects)
    sources = dict(filing.sources)
    for (p, i), note in marks.items():
        if p >= len(projects) or i >= len(projects[p].indicators) or not note:
            continue
        rows = list(projects[p].indicators)
        evidence = ValueMap(rows[i].evidence.items() + (("复核备注", Value(note)),))
        rows[i] = replace(rows[i], evidence=evidence)
        projects[p] = replace(projects[p], indicators=tuple(rows))
    return replace(filing, projects=tuple(projects), sources=sources)


def _start(view: UnitView, p: int, item: ItemResult) -> ReviewedItem:
    index = int(item.id[len("indicator["):-1]) if item.id.startswith("indicator[") else None
    self_score = item.published
    actual_text = target = None
    review_actual = None
    if index is not None:
        row = view.indicators(p)[index]
        actual_text = row.actual.text if row.actual is not None else None
        target = row.target.number if row.target is not None else None
        value = item.inputs.get("actual") if item.inputs else None
        review_actual = format(value, "f") if value is not None else (actual_text if row.actual is not None and row.actual.number is not None else None)
    if item.status == "scored" and item.points is not None:
        review, basis = item.points, f"按评分规则计算得{num(item.points)}分"
    elif item.status == "range" and item.low is not None and item.high is not None and self_score is not None:
        review = min(max(self_score, item.low), item.high)
        basis = f"定性指标，评分规则允许[{num(item.low)}, {num(item.high)}]分，取自评得分{num(self_score)}分在区间内的值{num(review)}分"
    elif self_score is not None:
        review, basis = self_score, f"评分依据不足以重算，暂按自评得分{num(self_score)}分，待现场核实"
    else:
        review, basis = None, "既无自评得分也无法按规则计算，需复核人员填写"
    return ReviewedItem(item, index, self_score, review, actual_text, review_actual, target, basis)


def _apply(rule: RuleDef, hit: Hit, project: ReviewedProject) -> None:
    message = rule.message.format(**hit.fields)
    if rule.action == "cap_total":
        total = project.review_total
        cap = dec(hit.fields.get("cap", rule.params.get("cap", "100")))
        cut = max(Decimal(0), (total or Decimal(0)) - cap) if total is not None else Decimal(0)
        effect = f"{rule.id}：{message}；总分{num(total)}分" + (f"超出{num(cut)}分予以扣除" if cut else "未超过上限，不扣分")
        project.caps.append(Applied(rule.id, rule.title, rule.action, rule.cite or rule.id, effect, cut, hit.cells))
        return
    target = next((i for i in project.items if i.indicator == hit.indicator), None) if hit.indicator is not None else None
    if target is None or target.review is None:
        return
    weight = target.item.max or Decimal(0)
    before = target.review
    if rule.action in ("zero", "count_once"):
        after = Decimal(0)
    elif rule.action == "deduct_share":
        share = dec(hit.fields.get("share", rule.params.get("share", "0")))
        after = max(Decimal(0), before - round_points(share * weight))
    elif rule.action == "deduct_points":
        after = max(Decimal(0), before - dec(rule.params.get("points", "0")))
    else:
        after = before
    cut = before - after
    done = ACTIONS[rule.action] if cut or rule.action == "no_deduction" else "已无分可扣"
    effect = f"{rule.id}（{rule.cite}）：{message}；{done}" + (f"，扣{num(cut)}分（{num(before)}→{num(after)}）" if cut else "")
    target.review = after
    target.applied.append(Applied(rule.id, rule.title, rule.action, rule.cite or rule.id, effect, cut, hit.cells))
