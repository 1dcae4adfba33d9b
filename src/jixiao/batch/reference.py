"""The Python scorer applied to batch rows, one project at a time: the reference for parity and speed.

Each criterion and each indicator row becomes a line of the public per-item scoring API
(:class:`jixiao.scoring.card_scorer.CardScorer`), which scores them as ``jixiao score`` does: the
same ``score_line``, total, grade bands, section sums and card checks.  Nothing here re-states a rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.batch.plan import BatchPlan, CriterionPlan
from jixiao.model.filing import NATURE_ALIASES, NATURES, Indicator
from jixiao.model.source import Source
from jixiao.model.values import Value, ValueMap
from jixiao.scoring.card_lines import norm
from jixiao.scoring.card_scorer import CardScorer
from jixiao.scoring.items import Line
from jixiao.scoring.result import ItemResult
from jixiao.scoring.shapes import ShapeRegistry

_SOURCE = Source("batch", "L1")


@dataclass
class RefProject:
    """One project's batch inputs as text (what a CSV would hold)."""

    project_id: str
    inputs: dict[str, dict[str, str | None]] = field(default_factory=dict)      # criterion → input → text
    published: dict[str, str | None] = field(default_factory=dict)              # criterion → published text
    indicators: list[dict[str, str | None]] = field(default_factory=list)       # indicator table rows
    published_total: str | None = None
    published_grade: str | None = None


@dataclass
class RefResult:
    items: list[ItemResult]
    total: Decimal | None
    grade: str | None
    sections: dict[str, Decimal | None]
    rule_ids: list[str]
    total_check: str | None


value = Value.lenient


def number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


class Reference:
    """The scorer for one rubric, reused across projects (compiled rules are cached)."""

    def __init__(self, plan: BatchPlan, registry: ShapeRegistry):
        self.plan, self.rubric = plan, plan.rubric
        self.scorer = CardScorer(self.rubric, registry)
        self.sections = {norm(k): v for k, v in (plan.indicators.sections.items() if plan.indicators else ())}

    def score(self, project: RefProject) -> RefResult:
        lines = [self._criterion(c, project) for c in self.plan.criteria]
        lines += [self._indicator(i, row) for i, row in enumerate(project.indicators)]
        grade = Value(project.published_grade) if project.published_grade else None
        card = self.scorer.score(lines, project.project_id, published_total=number(project.published_total),
                                 published_grade=grade, source=_SOURCE)
        sections = {"/".join(s.path + (s.name,)): s.points for s in card.sections}
        if project.published_total is None:
            total_check = None
        elif card.total_check is None:
            total_check = "ok"
        else:
            total_check = "unverifiable" if card.total_check.rule_id == "SCORE-TOTAL-UNVERIFIABLE" else "mismatch"
        return RefResult(list(card.items), card.total, card.grade, sections, [f.rule_id for f in card.findings],
                         total_check)

    def _criterion(self, crit: CriterionPlan, project: RefProject) -> Line:
        given = project.inputs.get(crit.id, {})
        inputs = {name: number(given.get(name)) for name in given}
        inputs.update(crit.constants)
        return self.scorer.criterion_line(crit.criterion, crit.section, inputs,
                                          value(project.published.get(crit.id)), _SOURCE)

    def _indicator(self, index: int, row: dict[str, Any]) -> Line:
        grade = row.get("grade")
        nature = NATURE_ALIASES.get((row.get("nature") or "").strip(), (row.get("nature") or "").strip())
        indicator = Indicator(level1=row.get("level1"), name=row.get("name") or f"指标{index + 1}",
                              nature=nature if nature in NATURES else None,
                              target=value(row.get("target")), actual=value(row.get("actual")),
                              weight=number(row.get("weight")), score=value(row.get("published")),
                              deviation=row.get("deviation"),
                              evidence=ValueMap((("grade", Value(grade)),)) if grade else ValueMap())
        return self.scorer.indicator_line(index, indicator, self.sections.get(norm(indicator.level1)), _SOURCE)
