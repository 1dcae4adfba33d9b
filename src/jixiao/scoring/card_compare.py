"""Card-level comparisons: subtotals, totals, grades, and the published rates items use."""
from __future__ import annotations

from decimal import Decimal
from typing import Callable, Sequence

from jixiao.findings import Finding, error, info, warning
from jixiao.model.numbers import fmt
from jixiao.model.source import Source
from jixiao.model.values import Value, ValueMap
from jixiao.relations import agrees, score_total
from jixiao.scoring.bindings import derivation
from jixiao.scoring.result import ItemResult, SectionResult, num
from jixiao.scoring.rubric import Rubric
from jixiao.scoring.items import sum_known


def sections(rubric: Rubric, items: Sequence[ItemResult], published: ValueMap,
             source_of: Callable[[str], Source]) -> tuple[list[SectionResult], list[Finding]]:
    out, findings = [], []
    for path, section in rubric.all_sections():
        names = tuple(s.name for s in path) + (section.name,)
        inside = [i for i in items if i.section[:len(names)] == names]
        stated, src = _subtotal(published, section.names, source_of)
        out.append(SectionResult(section.name, tuple(s.name for s in path), section.max,
                                 sum_known([i.counted for i in inside]) if inside else None, stated, src))
        if stated is not None and src is not None:
            finding = check_sum(stated, inside, f"“{section.name}”小计", src, "SCORE-SUBTOTAL-MISMATCH", section.max)
            if finding is not None:
                findings.append(finding)
    return out, findings


def _subtotal(published: ValueMap, names: Sequence[str], source_of) -> tuple[Decimal | None, Source | None]:
    for name in names:
        value = published.get(f"subtotal:{name}")
        if value is not None and value.number is not None:
            return value.number, source_of(f"published.subtotal:{name}")
    return None, None


def check_sum(stated: Decimal, items: Sequence[ItemResult], label: str, source: Source,
              rule: str = "SCORE-TOTAL-MISMATCH", section_max: Decimal | None = None) -> Finding | None:
    """A stated total or subtotal against the published items it covers.

    When every item is published it must be their exact sum; otherwise it must lie
    within what the unpublished items could add (0 … their maxima), and is reported
    as unverifiable.
    """
    counted = [i for i in items if i.status != "not_applicable"]
    known = [i.published for i in counted if i.published is not None]
    unknown = [i for i in counted if i.published is None]
    shown = num(sum(known, Decimal(0)), 4)
    verdict = score_total(stated, known, [i.max or Decimal(0) for i in unknown])
    if verdict.verifiable:
        if verdict.ok:
            return None
        return _sum_mismatch(rule, stated, label, f"各项公开得分之和为{shown}分", source, section_max, shown)
    low, high = verdict.low, verdict.high
    assert low is not None and high is not None
    names = "、".join(i.name for i in unknown)
    if not verdict.ok:
        return _sum_mismatch(rule, stated, label, f"已公开的各项得分之和为{shown}分，未公开得分的{names}最多再得{num(high - low)}分",
                             source, section_max, f"{num(low)}~{num(high)}")
    return info("SCORE-TOTAL-UNVERIFIABLE",
                f"{label}{num(stated, 4)}分无法复核：已公开的各项得分之和为{shown}分，{names}未公开得分"
                f"（满分合计{num(high - low)}分），需合计得{num(stated - low, 4)}分才能与之一致", source,
                claimed=num(stated, 4), expected=f"{num(low)}~{num(high)}")


def _sum_mismatch(rule: str, stated: Decimal, label: str, why: str, source: Source, section_max: Decimal | None,
                  expected: str | None) -> Finding:
    message = f"公开的{label}为{num(stated, 4)}分，但{why}"
    # Downgrade (error → warning), generalised from one case of the source reports: S4 雁江区信访局2022
    # 部门整体支出绩效自评表, 资产管理 小计 "5分" (S4:L2418, examples/yanjiang-xinfang-2022.yaml) while its
    # items add to 4.5 — the figure is the section's 分值, likely copied from that column.  docs/rubrics.md
    # "Downgrades" lists it; tests/test_downgrades.py counts what it downgrades on both source reports.
    if rule == "SCORE-SUBTOTAL-MISMATCH" and section_max is not None and stated == section_max:
        return warning(rule, message + "（所写数字等于该部分满分，可能是分值而非得分）", source, claimed=num(stated, 4), expected=expected)
    return error(rule, message, source, claimed=num(stated, 4), expected=expected)


def grades(rubric: Rubric, card_name: str, total: Decimal | None, published_total: Decimal | None,
           published_grade: Value | None, source: Source) -> list[Finding]:
    if published_grade is None or not published_grade.text.strip():
        return []
    label = published_grade.text.strip()
    grade = rubric.grade_named(label)
    if grade is None:
        known = "、".join(g.label for g in rubric.grades)
        return [warning("SCORE-GRADE-UNKNOWN", f"“{card_name}”的等级“{label}”不是评分规则的等级（{known}）", source)]
    out = []
    if published_total is not None:
        band = rubric.grade_of(published_total)
        if band is not None and band.label != grade.label:
            out.append(error("SCORE-GRADE-BAND", f"“{card_name}”公开总分{num(published_total, 4)}分应为“{band.label}”"
                             f"（{_band_text(rubric, band)}），公开等级为“{label}”", source, claimed=label, expected=band.label))
    if total is not None:
        band = rubric.grade_of(total)
        if band is not None and band.label != grade.label:
            out.append(warning("SCORE-GRADE-MISMATCH", f"“{card_name}”按规则重新计算的总分为{num(total)}分，等级应为“{band.label}”"
                               f"（{_band_text(rubric, band)}），公开等级为“{label}”", source, claimed=label, expected=band.label))
    return out


def _band_text(rubric: Rubric, band) -> str:
    higher = [g.min for g in rubric.grades if g.min > band.min]
    top = f"<{num(min(higher))}" if higher else f"≤{num(rubric.max_total)}"
    return f"{num(band.min)}≤总分{top}"


def rate_claims(items: Sequence[ItemResult], resolved_by_item: dict[str, dict], checked: set[str],
                card_name: str) -> list[Finding]:
    """Published rates that an item used: do they agree with their operands?"""
    out = []
    for item in items:
        for resolved in resolved_by_item.get(item.id, {}).values():
            metric = resolved.metric
            if metric is None or metric.value is None or metric.instance in checked:
                continue
            checked.add(metric.instance)
            for claim in metric.claims:
                finding = _claim(metric, claim, card_name)
                if finding is not None:
                    out.append(finding)
    return out


def _claim(metric, claim, card_name: str) -> Finding | None:
    stated = claim.value.number
    if stated is None or claim.value.unit not in (None, "%"):
        return None
    verdict = agrees(stated, metric.value)
    if verdict.ok:
        return None
    shown = fmt(metric.value, max(verdict.places, 2))
    message = f"“{card_name}”公开的{metric.metric.name}为“{claim.value.text}”，按其运算数 {derivation(metric)}，应为{shown}%"
    # Downgrade (error → warning), generalised from one case of the source reports: S0 沾益区信访局2023
    # 信访救助金经费 执行率 "100.00%" (S0:L87, examples/zhanyi-xinfang-2023.yaml) for 21.97/20.00 = 109.85% —
    # capped at 100% as some forms ask.  docs/rubrics.md "Downgrades"; tests/test_downgrades.py counts it.
    if stated == 100 and metric.value > 100:
        return warning("SCORE-RATE-MISMATCH", message + "（可能按100%封顶填列）", claim.source,
                       claimed=claim.value.text, expected=f"{shown}%")
    return error("SCORE-RATE-MISMATCH", message, claim.source, claimed=claim.value.text, expected=f"{shown}%")
