"""The Python scorer applied to batch rows, one project at a time: the reference for parity and speed.

Each criterion becomes a scorer :class:`~jixiao.scoring.items.Line` with the
row's inputs, and each indicator row goes through the scorer's own
``indicator_line``; then ``score_line``, the engine's total, ``grade_of``, the
section sums and the card checks — the same functions ``jixiao score`` runs.
Nothing here re-states a rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from jixiao.batch.plan import BatchPlan
from jixiao.model.filing import NATURE_ALIASES, NATURES, Indicator
from jixiao.model.source import Source
from jixiao.model.values import Value, ValueMap
from jixiao.scoring import card_compare
from jixiao.scoring.bindings import Resolved
from jixiao.scoring.card_lines import RuleCompiler, indicator_line, norm
from jixiao.scoring.engine import card_total
from jixiao.scoring.items import Line, score_line
from jixiao.scoring.result import ItemResult
from jixiao.scoring.rubric import Rule
from jixiao.scoring.shapes import ShapeRegistry

_SOURCE = Source("batch", "L1")
_CTX = SimpleNamespace(path="projects[0]", filing=SimpleNamespace(source_of=lambda path: _SOURCE))


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
        self.compiler = RuleCompiler(self.rubric, registry)
        self.sections = {norm(k): v for k, v in (plan.indicators.sections.items() if plan.indicators else ())}

    def score(self, project: RefProject) -> RefResult:
        lines = [self._criterion(c, project) for c in self.plan.criteria]
        lines += [self._indicator(i, row) for i, row in enumerate(project.indicators)]
        items, rule_ids = [], []
        for line in lines:
            item, found = score_line(line, self.rubric.policy)
            items.append(item)
            rule_ids += [f.rule_id for f in found]
        total = card_total(items, self.rubric)
        grade = self.rubric.grade_of(total) if total is not None else None
        section_results, _ = card_compare.sections(self.rubric, items, ValueMap(), lambda key: _SOURCE)
        sections = {"/".join(s.path + (s.name,)): s.points for s in section_results}
        return RefResult(items, total, grade.label if grade else None, sections,
                         rule_ids + self._card_checks(project, items, total), self._total_check(project, items))

    def _criterion(self, crit, project: RefProject) -> Line:
        compiled = crit.compiled
        resolved: dict[str, Resolved] = {}
        if compiled is not None:
            given = project.inputs.get(crit.id, {})
            for name in compiled.input_names:
                raw = crit.constants.get(name, given.get(name))
                resolved[name] = Resolved(None if raw is None else Decimal(raw), missing=None if raw is not None else name)
        c = crit.criterion
        return Line(c.id, c.name, crit.section, c.max, c.rule, compiled, resolved,
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
        section = self.sections.get(norm(indicator.level1))
        rules = self.rubric.indicator_rules
        if section is None or rules is None:
            return Line(f"indicator[{index}]", indicator.name or "", ("（未归类）",), indicator.weight, Rule("unknown", {}, {}),
                        None, {}, indicator.score, _SOURCE)
        return indicator_line(_CTX, index, indicator, section, rules, self.compiler)

    def _card_checks(self, project: RefProject, items: list[ItemResult], total: Decimal | None) -> list[str]:
        published_total = number(project.published_total)
        grade = Value(project.published_grade) if project.published_grade else None
        return [f.rule_id for f in card_compare.grades(self.rubric, project.project_id, total, published_total, grade, _SOURCE)]

    def _total_check(self, project: RefProject, items: list[ItemResult]) -> str | None:
        stated = number(project.published_total)
        if stated is None:
            return None
        finding = card_compare.check_sum(stated, items, "总分", _SOURCE)
        if finding is None:
            return "ok"
        return "unverifiable" if finding.rule_id == "SCORE-TOTAL-UNVERIFIABLE" else "mismatch"
