"""Score a filing: every project and the department, against the chosen rubrics.

    score_filing(filing, rubric_id=None, registry=None) -> (ScoringResult, findings)

Stage of the pipeline after metrics: it reuses the metric values (资金到位率,
成本节约率 …) as rule inputs and the published values the filing keeps.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao.findings import Finding, info, sort_findings, warning
from jixiao.metrics.compute import compute_all
from jixiao.metrics.registry import load_registry
from jixiao.model.filing import Filing
from jixiao.scoring import card_compare
from jixiao.scoring.bindings import RecordContext, index_metrics
from jixiao.scoring.card_lines import lines_for
from jixiao.scoring.items import score_line
from jixiao.scoring.library import choose_department_rubric, choose_project_rubric, load_rubric
from jixiao.scoring.result import ItemResult, Scorecard, ScoringResult, num
from jixiao.scoring.rubric import Rubric
from jixiao.scoring.shape_defs import default_shapes
from jixiao.scoring.shapes import ShapeRegistry, round_points


def score_filing(filing: Filing, rubric_id: str | None = None,
                 registry: ShapeRegistry | None = None) -> tuple[ScoringResult, list[Finding]]:
    custom = registry is not None
    registry = registry or default_shapes()
    metrics = index_metrics(compute_all(filing, load_registry()))
    forced = (load_rubric(rubric_id, registry) if custom else load_rubric(rubric_id)) if rubric_id else None
    findings: list[Finding] = []
    cards: list[Scorecard] = []
    chosen: Rubric | None = None
    for index, project in enumerate(filing.projects):
        if forced is not None and forced.level == "project":
            rubric, fallback = forced, False
        else:
            rubric, fallback = choose_project_rubric(filing, project)
        chosen = chosen or rubric
        path = f"projects[{index}]"
        if fallback:
            findings.append(_fallback(filing, rubric, path))
        ctx = RecordContext(filing, project, path, project.name or f"项目{index + 1}", metrics)
        card, found = score_record(ctx, rubric, registry)
        cards.append(card)
        findings += found
    department = None
    if forced is not None and forced.level == "department":
        dept_rubric: Rubric | None = forced
    elif filing.department.scorecard:
        dept_rubric, fallback = choose_department_rubric(filing, chosen)
        if fallback:
            findings.append(_fallback(filing, dept_rubric, "department"))
    else:
        dept_rubric = None
    if dept_rubric is not None:
        ctx = RecordContext(filing, filing.department, "department", "部门整体支出", metrics)
        department, found = score_record(ctx, dept_rubric, registry)
        findings += found
    ordered = sort_findings(findings)
    return ScoringResult(cards, department, tuple(ordered)), ordered


def _fallback(filing: Filing, rubric: Rubric, path: str) -> Finding:
    where = f"{filing.unit.province or '未填省份'}{filing.unit.year or ''}年"
    return info("SCORE-RUBRIC-FALLBACK", f"没有适用于{where}的评分规则，按“{rubric.name}”（{rubric.id}）评分",
                filing.source_of(path))


def score_record(ctx: RecordContext, rubric: Rubric, registry: ShapeRegistry) -> tuple[Scorecard, list[Finding]]:
    """One project or the department against one rubric."""
    lines, findings = lines_for(ctx, rubric, registry)
    items: list[ItemResult] = []
    resolved = {}
    for line in lines:
        item, found = score_line(line, rubric.policy)
        items.append(item)
        resolved[item.id] = line.resolved
        findings += found
    published = ctx.record.published
    source_of = lambda key: ctx.filing.source_of(f"{ctx.path}.{key}")  # noqa: E731
    section_results, found = card_compare.sections(rubric, items, published, source_of)
    findings += found
    total = card_total(items, rubric)
    published_total = published.number("total")
    grade_value = published.get("grade")
    card_source = source_of("published.total") if published_total is not None else ctx.filing.source_of(ctx.path)
    if published_total is not None:
        finding = card_compare.check_sum(published_total, items, f"“{ctx.name}”总分", card_source)
        if finding is not None:
            findings.append(finding)
    findings += card_compare.grades(rubric, ctx.name, total, published_total, grade_value,
                              source_of("published.grade") if grade_value is not None else card_source)
    findings += _max_total(ctx, rubric, published.number("max_total"), source_of)
    findings += card_compare.rate_claims(items, resolved, set(), ctx.name)
    grade = rubric.grade_of(total) if total is not None else None
    card = Scorecard(ctx.name, rubric.level, rubric.id, rubric.name, tuple(items), tuple(section_results),
                     card_max_total(items, rubric), total, published_total, grade.label if grade else None,
                     grade_value.text.strip() if grade_value is not None else None,
                     rubric.policy.display_places, ctx.filing.source_of(ctx.path))
    return card, findings


def card_total(items: list[ItemResult], rubric: Rubric) -> Decimal | None:
    counted = [i for i in items if i.status != "not_applicable"]
    values = [i.counted for i in counted]
    if not counted or any(v is None for v in values):
        return None
    total = sum((v for v in values if v is not None), Decimal(0))
    excluded = [i for i in items if i.status == "not_applicable"]
    if excluded and rubric.policy.na == "exclude":
        applicable = sum((i.max or Decimal(0) for i in counted), Decimal(0))
        if applicable:      # rescaled, then held at the points scale like every item (batch SQL does the same)
            total = round_points(total * rubric.max_total / applicable)
    elif excluded and rubric.policy.na == "full":
        total += sum((i.max or Decimal(0) for i in excluded), Decimal(0))
    return total


def card_max_total(items: list[ItemResult], rubric: Rubric) -> Decimal:
    """The card's own 满分: the sum of its lines' weights (a 2020 form's weights come from the filing and may
    add to 90 or 110); the rubric's total only when a line's weight is unknown."""
    maxima = [i.max for i in items]
    if items and all(m is not None for m in maxima):
        return sum((m for m in maxima if m is not None), Decimal(0))
    return rubric.max_total


def _max_total(ctx: RecordContext, rubric: Rubric, stated: Decimal | None, source_of) -> list[Finding]:
    if stated is None or stated == rubric.max_total:
        return []
    return [warning("SCORE-MAX-MISMATCH", f"“{ctx.name}”公开的总分值为{num(stated, 4)}分，评分规则“{rubric.name}”的总分值为{num(rubric.max_total)}分",
                    source_of("published.max_total"))]


__all__ = ["score_filing", "score_record"]
