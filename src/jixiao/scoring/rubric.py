"""A rubric (评分规则/计分表) as data: sections, criteria, policy, grade bands.

Loaded from ``rulepacks/rubrics/*.yaml`` by :mod:`jixiao.scoring.rubric_load`;
this module only holds the records and the questions asked of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

from jixiao.model.numbers import quantize
from jixiao.model.source import Source

LEVELS = ("project", "department")
FAMILIES = ("2013", "2020")
CERTAINTIES = ("stated", "customary", "inferred")
#: how sure the rubric is of a rule → severity of a mismatch it finds
CERTAINTY_ZH = {"stated": "评分标准原文写明", "customary": "通行做法（地方文件未核实）", "inferred": "由公开数字推断"}
GRADE_CODES = {"达成": 1, "部分达成": 2, "未达成": 3}
NA_POLICIES = ("exclude", "full", "zero")
BINDING_KINDS = ("metric", "field", "evidence", "const", "met", "indicator", "published")


@dataclass(frozen=True)
class Binding:
    """Where one named input of a shape comes from."""

    kind: str                    # metric | field | evidence | const | met | indicator | published
    key: str                     # metric id, field path, evidence key, constant, indicator attribute
    row: str | None = None       # for per-fund-row metrics: which row (年度资金总额)


@dataclass(frozen=True)
class Example:
    inputs: dict[str, Decimal]
    points: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    outcome: str | None = None   # "证据不足" when inputs are deliberately missing
    source: Source | None = None


@dataclass(frozen=True)
class Rule:
    """A shape with its parameters, input bindings and example cases."""

    shape: str
    params: dict[str, Any]
    inputs: dict[str, tuple[Binding, ...]]
    certainty: str = "stated"
    examples: tuple[Example, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    max: Decimal
    rule: Rule
    aliases: tuple[str, ...] = ()
    meaning: str | None = None       # 指标解释
    standard: str | None = None      # 指标说明（评价计分标准）as published
    cited: str | None = None         # where the rubric text was read, e.g. S4:L249-257
    published_from: dict[str, str] = field(default_factory=dict)   # {fund_row: 年度资金总额}
    on_card: bool = True             # False: a part of the table no filing prints (unknown remainder)
    source: Source | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    max: Decimal
    aliases: tuple[str, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    sections: tuple["Section", ...] = ()
    indicator_level1: tuple[str, ...] = ()    # 2020 tables: indicator rows whose 一级指标 is one of these land here
    source: Source | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class IndicatorRules:
    """How a 2020 table scores its indicator rows (their maxima are the rows' 分值)."""

    quantitative: Rule
    qualitative: Rule
    text_actual: str = "lower_bound"          # "95%以上" read as ≥ 95 | "off": 证据不足
    met_words: tuple[str, ...] = ("无偏差",)   # deviation texts stating the target was met (达成)


@dataclass(frozen=True)
class Grade:
    label: str
    min: Decimal
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


AGGREGATIONS = ("sum",)


@dataclass(frozen=True)
class Policy:
    aggregation: str = "sum"          # total = Σ items (the only aggregation the bundled tables use)
    partial_point_policy: str = "ceil"
    judge_places: int | None = None
    points_places: int | None = None
    display_places: int = 2
    round_total_before_grading: int | None = None
    na: str = "exclude"


@dataclass(frozen=True)
class Variant:
    id: str
    name: str
    source: str


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    name: str
    level: str
    family: str
    source: str
    grades: tuple[Grade, ...]
    sections: tuple[Section, ...]
    policy: Policy = Policy()
    provinces: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    default: bool = False
    companion: str | None = None
    status: str = "complete"
    notes: tuple[str, ...] = ()
    indicator_rules: IndicatorRules | None = None
    variants: tuple[Variant, ...] = ()
    variant: str | None = None
    doc: str = ""
    #: ids of the top-level sections 总分 adds up (``total_includes``); () = every section.  A section left
    #: out (e.g. a 预算执行率 row scored beside the total) is scored, shown and checked, but not summed.
    total_includes: tuple[str, ...] = ()
    ref: str = ""                # what load_rubric() takes to give this rubric again: the id, or a file's path

    @property
    def key(self) -> str:
        return self.ref or self.id

    @property
    def max_total(self) -> Decimal:
        """满分 of 总分: the maxima of the sections the total includes."""
        return sum((s.max for s in self.total_sections), Decimal(0))

    @property
    def total_sections(self) -> tuple[Section, ...]:
        if not self.total_includes:
            return self.sections
        return tuple(s for s in self.sections if s.id in self.total_includes)

    @property
    def outside_total(self) -> tuple[Section, ...]:
        """Top-level sections scored but not added into 总分."""
        return tuple(s for s in self.sections if s not in self.total_sections)

    def in_total(self, section: tuple[str, ...]) -> bool:
        """Does an item under the section names ``section`` (top-level name first) count in 总分?
        Lines the rubric cannot place (（未归类）) count, as they always have."""
        if not section:
            return True
        return not any(section[0] in s.names for s in self.outside_total)

    def criteria(self) -> Iterator[tuple[tuple[Section, ...], Criterion]]:
        """Every criterion with the path of sections above it."""
        for section in self.sections:
            yield from _walk(section, ())

    def all_sections(self) -> Iterator[tuple[tuple[Section, ...], Section]]:
        for section in self.sections:
            yield from _sections(section, ())

    def rules(self) -> Iterator[tuple[str, Rule]]:
        """Every rule with a label: criteria, then the indicator rules of a 2020 table."""
        for _, criterion in self.criteria():
            yield criterion.id, criterion.rule
        if self.indicator_rules is not None:
            yield "indicator.quantitative", self.indicator_rules.quantitative
            yield "indicator.qualitative", self.indicator_rules.qualitative

    def grade_of(self, total: Decimal) -> Grade | None:
        if self.policy.round_total_before_grading is not None:
            total = quantize(total, self.policy.round_total_before_grading)
        for grade in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if total >= grade.min:
                return grade
        return None

    def grade_named(self, label: str) -> Grade | None:
        text = label.strip()
        return next((g for g in self.grades if text in g.labels), None)


def _walk(section: Section, above: tuple[Section, ...]) -> Iterator[tuple[tuple[Section, ...], Criterion]]:
    path = above + (section,)
    for criterion in section.criteria:
        yield path, criterion
    for sub in section.sections:
        yield from _walk(sub, path)


def _sections(section: Section, above: tuple[Section, ...]) -> Iterator[tuple[tuple[Section, ...], Section]]:
    yield above, section
    for sub in section.sections:
        yield from _sections(sub, above + (section,))
