"""Pair a rubric with what a filing publishes: one :class:`Line` per item to score.

2013 scorecards: each criterion is matched to the card line with the same
三级指标 (quotes and spaces ignored; ties broken by the 二级/一级 section).  2020
tables: the 执行率 criterion reads its 项目资金 row, and the indicator rows fill
the sections their 一级指标 names.
"""
from __future__ import annotations

import re
from decimal import Decimal

from jixiao.findings import Finding, info, warning
from jixiao.model.filing import FundRow, Indicator, ScoreItem
from jixiao.model.source import Source
from jixiao.scoring.bindings import RecordContext, Resolved, resolve
from jixiao.scoring.compile import compile_rule
from jixiao.scoring.indicators import row_inputs
from jixiao.scoring.items import Line
from jixiao.scoring.result import num
from jixiao.scoring.rubric import Criterion, IndicatorRules, Rubric, Rule, Section
from jixiao.scoring.shapes import Compiled, ShapeRegistry

_QUOTES = re.compile(r"[“”\"'‘’「」\s（）()]|[（(]\d+(\.\d+)?分[)）]")


def norm(name: str | None) -> str:
    return _QUOTES.sub("", name or "")


class RuleCompiler:
    """A rubric's rules compiled once per maximum (None: the shape has no plan, or the maximum is unknown)."""

    def __init__(self, rubric: Rubric, registry: ShapeRegistry):
        self.rubric, self.registry, self.cache = rubric, registry, {}

    def __call__(self, rule: Rule, maximum: Decimal | None) -> Compiled | None:
        shape = self.registry.get(rule.shape)
        if shape is None or shape.plan is None or maximum is None:
            return None
        key = (id(rule), maximum)
        if key not in self.cache:
            self.cache[key] = compile_rule(rule, maximum, self.rubric.policy, self.registry)
        return self.cache[key]


def lines_for(ctx: RecordContext, rubric: Rubric, registry: ShapeRegistry) -> tuple[list[Line], list[Finding]]:
    compiler = RuleCompiler(rubric, registry)
    card: tuple[ScoreItem, ...] = getattr(ctx.record, "scorecard", ())
    matches = match_card(rubric, card)
    lines: list[Line] = []
    findings: list[Finding] = []
    taken_rows: set[int] = set()
    for path, section in rubric.all_sections():
        names = tuple(s.name for s in path) + (section.name,)
        for criterion in section.criteria:
            lines.append(_criterion_line(ctx, criterion, names, matches.get(criterion.id), card, compiler, findings))
        if section.indicator_level1:
            lines += _indicator_lines(ctx, rubric, section, names, compiler, findings, taken_rows)
    used = set(matches.values())
    for index, item in enumerate(card):
        if index not in used:
            lines.append(_stray_line(ctx, index, item))
            findings.append(warning("SCORE-ITEM-UNKNOWN", f"评分表的“{item.criterion}”不是评分规则“{rubric.name}”的指标",
                                    ctx.filing.source_of(f"{ctx.path}.scorecard[{index}]")))
    if rubric.indicator_rules is not None:
        lines += _stray_indicators(ctx, taken_rows, findings)
    return lines, findings


def match_card(rubric: Rubric, card: tuple[ScoreItem, ...]) -> dict[str, int]:
    """criterion id → index of the card line it matches."""
    out: dict[str, int] = {}
    taken: set[int] = set()
    crits = list(rubric.criteria())
    for path, criterion in crits:
        wanted = {norm(n) for n in criterion.names}
        candidates = [i for i, item in enumerate(card) if i not in taken and norm(item.criterion) in wanted]
        if len(candidates) > 1 or sum(1 for _, c in crits if wanted & {norm(n) for n in c.names}) > 1:
            sections = {norm(n) for s in path for n in s.names}
            candidates = [i for i in candidates if norm(card[i].level2) in sections or
                          (not card[i].level2 and norm(card[i].level1) in sections)]
        if candidates:
            out[criterion.id] = candidates[0]
            taken.add(candidates[0])
    return out


def _criterion_line(ctx: RecordContext, criterion: Criterion, names: tuple[str, ...], index: int | None,
                    card: tuple[ScoreItem, ...], compiler: RuleCompiler, findings: list[Finding]) -> Line:
    compiled = compiler(criterion.rule, criterion.max)
    if criterion.published_from.get("fund_row"):
        return _fund_row_line(ctx, criterion, names, compiled, findings)
    item = card[index] if index is not None else None
    line_path = f"{ctx.path}.scorecard[{index}]" if index is not None else None
    if item is None and card and criterion.on_card:
        findings.append(info("SCORE-ITEM-NOT-PUBLISHED", f"评分表中没有“{criterion.name}”（评分规则{num(criterion.max)}分）",
                             ctx.filing.source_of(f"{ctx.path}.scorecard")))
    if item is not None and item.max_points is not None and item.max_points != criterion.max:
        findings.append(warning("SCORE-MAX-MISMATCH", f"“{criterion.name}”评分表写的分值为{num(item.max_points, 4)}分，"
                                f"评分规则为{num(criterion.max)}分", ctx.filing.source_of(f"{line_path}.max_points")))
    wanted = compiled.input_names if compiled else tuple(criterion.rule.inputs)
    resolved = resolve(criterion.rule, wanted, ctx, item.evidence if item else None, line_path)
    source = ctx.filing.source_of(f"{line_path}.score") if item is not None else ctx.filing.source_of(ctx.path)
    return Line(criterion.id, criterion.name, names, criterion.max, criterion.rule, compiled, resolved,
                item.score if item is not None else None, source, basis=item.basis if item else None)


def _fund_row_line(ctx: RecordContext, criterion: Criterion, names: tuple[str, ...], compiled: Compiled | None,
                   findings: list[Finding]) -> Line:
    wanted = criterion.published_from["fund_row"]
    funds: tuple[FundRow, ...] = getattr(ctx.record, "funds", ())
    index = next((i for i, row in enumerate(funds) if row.source == wanted), None)
    row = funds[index] if index is not None else None
    row_path = f"{ctx.path}.funds[{index}]"
    if row is not None and row.weight is not None and row.weight != criterion.max:
        findings.append(warning("SCORE-MAX-MISMATCH", f"“{criterion.name}”的分值为{num(row.weight, 4)}分，评分规则为{num(criterion.max)}分",
                                ctx.filing.source_of(f"{row_path}.weight")))
    resolved = resolve(criterion.rule, compiled.input_names, ctx, None, None) if compiled else {}
    published = row.published.get("score") if row is not None else None
    source = ctx.filing.source_of(f"{row_path}.published.score" if row is not None else ctx.path)
    return Line(criterion.id, criterion.name, names, criterion.max, criterion.rule, compiled, resolved, published, source)


def _indicator_lines(ctx: RecordContext, rubric: Rubric, section: Section, names: tuple[str, ...], compiler: RuleCompiler,
                     findings: list[Finding], taken: set[int]) -> list[Line]:
    rules = rubric.indicator_rules
    rows: tuple[Indicator, ...] = getattr(ctx.record, "indicators", ())
    wanted = {norm(n) for n in section.indicator_level1}
    out = []
    weights = Decimal(0)
    first = None
    for index, row in enumerate(rows):
        if index in taken or norm(row.level1) not in wanted or rules is None:
            continue
        taken.add(index)
        first = first if first is not None else index
        weights += row.weight or Decimal(0)
        path = f"{ctx.path}.indicators[{index}]"
        source = ctx.filing.source_of(f"{path}.score" if row.score is not None else path)
        out.append(indicator_line(index, row, names, rules, compiler, source))
    if out and weights != section.max:
        findings.append(warning("SCORE-WEIGHTS-MISMATCH", f"“{section.name}”各指标分值合计{num(weights, 4)}分，"
                                f"评分规则“{rubric.name}”为{num(section.max)}分",
                                ctx.filing.source_of(f"{ctx.path}.indicators[{first}].weight")))
    return out


def indicator_line(index: int, row: Indicator, names: tuple[str, ...], rules: IndicatorRules, compiler: RuleCompiler,
                   source: Source) -> Line:
    """The line of one indicator row (2020 target tables); ``source``: where its published points are."""
    data = row_inputs(row, rules)
    rule = rules.quantitative if data.kind == "quantitative" else rules.qualitative
    compiled = compiler(rule, row.weight)
    resolved: dict[str, Resolved] = {}
    if compiled is not None:
        for name in compiled.input_names:
            value = data.values.get(name)
            resolved[name] = Resolved(value, missing=None if value is not None else "；".join(data.missing) or f"缺少{name}")
    missing = data.missing if row.weight is not None else data.missing + ("未写明分值",)
    return Line(f"indicator[{index}]", row.name or f"指标{index + 1}", names, row.weight, rule, compiled, resolved,
                row.score, source, notes=data.notes, missing=missing if data.missing or row.weight is None else ())


def _stray_line(ctx: RecordContext, index: int, item: ScoreItem) -> Line:
    section = tuple(n for n in (item.level1, item.level2) if n)
    return Line(f"card[{index}]", item.criterion or f"第{index + 1}行", section, item.max_points,
                Rule("unknown", {}, {}), None, {}, item.score,
                ctx.filing.source_of(f"{ctx.path}.scorecard[{index}].score"), basis=item.basis)


def _stray_indicators(ctx: RecordContext, taken: set[int], findings: list[Finding]) -> list[Line]:
    out = []
    for index, row in enumerate(getattr(ctx.record, "indicators", ())):
        if index in taken:
            continue
        source = ctx.filing.source_of(f"{ctx.path}.indicators[{index}]")
        findings.append(warning("SCORE-ITEM-UNKNOWN", f"绩效指标“{row.name}”的一级指标“{row.level1 or '（未填）'}”不属于评分规则的任何部分", source))
        out.append(Line(f"indicator[{index}]", row.name or f"指标{index + 1}", ("（未归类）",), row.weight,
                        Rule("unknown", {}, {}), None, {}, row.score, source))
    return out


__all__ = ["lines_for", "match_card", "norm"]
