"""Scoring one card line by line: the public per-item API, for callers that bring their own rows.

``score_filing`` finds a filing's lines itself (card_lines.py); batch's Python reference
(:mod:`jixiao.batch.reference`) has rows of a data file instead, and builds the same lines here::

    scorer = CardScorer(rubric, shapes)
    lines = [scorer.criterion_line(criterion, section, {"rate": Decimal("99.4")}, Value.lenient("4"), source),
             scorer.indicator_line(0, indicator, section, source)]
    card = scorer.score(lines, "项目甲", published_total=Decimal(90), published_grade=Value("优"), source=source)
    card.items, card.total, card.grade, card.sections, card.findings, card.total_check

Every step is the one ``jixiao score`` runs: :func:`~jixiao.scoring.items.score_line` for each line,
the engine's :func:`~jixiao.scoring.engine.card_total`, the rubric's grade bands, and the card
comparisons of :mod:`jixiao.scoring.card_compare`.  Nothing here re-states a rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from jixiao.findings import Finding
from jixiao.model.filing import Indicator
from jixiao.model.source import Source
from jixiao.model.values import Value, ValueMap
from jixiao.scoring import card_compare
from jixiao.scoring.bindings import Resolved
from jixiao.scoring.card_lines import RuleCompiler, indicator_line
from jixiao.scoring.engine import card_total
from jixiao.scoring.items import Line, score_line
from jixiao.scoring.result import ItemResult, SectionResult
from jixiao.scoring.rubric import Criterion, Rubric, Rule
from jixiao.scoring.shapes import ShapeRegistry

#: the rule of a line nothing in the rubric covers (its published points are taken over, 规则未知)
UNKNOWN_RULE = Rule("unknown", {}, {})


@dataclass(frozen=True)
class CardScore:
    items: tuple[ItemResult, ...]
    total: Decimal | None                    # None: some counted item has no points
    grade: str | None
    sections: tuple[SectionResult, ...]
    findings: tuple[Finding, ...]            # the items' findings, then the published grade's
    total_check: Finding | None              # the stated total against the published items (None: it holds)


class CardScorer:
    """One rubric; rules are compiled once and reused across lines and cards."""

    def __init__(self, rubric: Rubric, shapes: ShapeRegistry):
        self.rubric = rubric
        self.compiler = RuleCompiler(rubric, shapes)

    def criterion_line(self, criterion: Criterion, section: tuple[str, ...], inputs: Mapping[str, Decimal | None],
                       published: Value | None, source: Source) -> Line:
        """A criterion with its inputs given by name (a name absent or None: the evidence is missing)."""
        compiled = self.compiler(criterion.rule, criterion.max)
        resolved: dict[str, Resolved] = {}
        if compiled is not None:
            for name in compiled.input_names:
                value = inputs.get(name)
                resolved[name] = Resolved(value, missing=None if value is not None else name)
        return Line(criterion.id, criterion.name, section, criterion.max, criterion.rule, compiled, resolved,
                    published, source)

    def indicator_line(self, index: int, row: Indicator, section: tuple[str, ...] | None, source: Source) -> Line:
        """An indicator row of a 2020 target table; ``section`` None: its 一级指标 is in no section of the
        rubric (or the rubric has no indicator rules), and the line is scored as 规则未知."""
        rules = self.rubric.indicator_rules
        if section is None or rules is None:
            return Line(f"indicator[{index}]", row.name or "", ("（未归类）",), row.weight, UNKNOWN_RULE, None, {},
                        row.score, source)
        return indicator_line(index, row, section, rules, self.compiler, source)

    def score(self, lines: Sequence[Line], name: str, *, published_total: Decimal | None = None,
              published_grade: Value | None = None, source: Source) -> CardScore:
        """The card: every line scored, the total, the grade, section sums, and the checks of what it states."""
        items: list[ItemResult] = []
        findings: list[Finding] = []
        for line in lines:
            item, found = score_line(line, self.rubric.policy)
            items.append(item)
            findings += found
        total = card_total(items, self.rubric)
        grade = self.rubric.grade_of(total) if total is not None else None
        sections, _ = card_compare.sections(self.rubric, items, ValueMap(), lambda key: source)
        findings += card_compare.grades(self.rubric, name, total, published_total, published_grade, source)
        check = card_compare.check_sum(published_total, items, "总分", source) if published_total is not None else None
        return CardScore(tuple(items), total, grade.label if grade else None, tuple(sections), tuple(findings), check)


__all__ = ["CardScore", "CardScorer", "UNKNOWN_RULE"]
