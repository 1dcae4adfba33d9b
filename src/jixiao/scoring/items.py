"""Score one line of a scorecard against its rule, and compare it with what was published."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from jixiao.findings import Finding, Severity, error, info, warning
from jixiao.model.source import Source
from jixiao.model.values import Value
from jixiao.relations import within_maximum
from jixiao import expr as E
from jixiao.scoring.bindings import Resolved, operand_formula
from jixiao.scoring.result import ItemResult, num
from jixiao.scoring.rubric import CERTAINTY_ZH, Policy, Rule
from jixiao.scoring.shapes import Compiled

NA_WORDS = {"不适用", "NA", "N/A", "n/a", "/", "—", "-", "--", "无"}


@dataclass(frozen=True)
class Line:
    """Everything needed to score one line."""

    id: str
    name: str
    section: tuple[str, ...]
    maximum: Decimal | None
    rule: Rule
    compiled: Compiled | None
    resolved: dict[str, Resolved]
    published: Value | None
    source: Source                     # where the published line is (or the record, when not published)
    notes: tuple[str, ...] = ()        # extra derivation notes (indicator rows)
    missing: tuple[str, ...] = ()
    basis: str | None = None           # the unit's 自评依据, quoted when evidence is missing


def severity_for(certainty: str) -> Severity:
    return {"stated": Severity.ERROR, "customary": Severity.WARNING}.get(certainty, Severity.INFO)


def score_line(line: Line, policy: Policy) -> tuple[ItemResult, list[Finding]]:
    published = line.published.number if line.published is not None else None
    text = line.published.text if line.published is not None else None
    formulas = {k: f for k, f in ((k, operand_formula(r)) for k, r in line.resolved.items()) if f}
    specs = {i.name: i.zh for i in line.compiled.inputs} if line.compiled is not None else {}
    labels = {k: (r.metric.metric.name if r.metric is not None else specs.get(k, k)) for k, r in line.resolved.items()}
    base = dict(id=line.id, name=line.name, section=line.section, max=line.maximum, published=published,
                published_text=text, shape=line.rule.shape, certainty=line.rule.certainty, source=line.source,
                input_formulas=formulas, input_labels=labels)
    findings = _range_findings(line, published)
    if text is not None and published is None and text.strip() in NA_WORDS:
        return ItemResult(status="not_applicable", points=None, low=None, high=None, explanation="公开为“不适用”", **base), findings
    if line.compiled is None or line.maximum is None:
        return _unknown(line, base, published, findings)
    values = {k: r.value for k, r in line.resolved.items()}
    lacking = [k for k, v in values.items() if v is None]
    if lacking or line.missing:
        return _no_evidence(line, base, published, findings, lacking)
    try:
        evaluation = line.compiled.evaluate(values)  # type: ignore[arg-type]
    except E.ZeroDivisor:
        findings.append(warning("SCORE-NOT-COMPUTABLE", f"“{line.name}”的输入齐全但无法按规则计算（除数为0）", line.source))
        return ItemResult(status="not_computable", points=None, low=None, high=None, inputs=values,
                          explanation="除数为0，无法计算", adopted=_clamp(published, line.maximum), **base), findings
    explanation = _explain(line, evaluation)
    if evaluation.points is not None:
        item = ItemResult(status="scored", points=evaluation.points, low=evaluation.points, high=evaluation.points,
                          inputs=values, explanation=explanation, **base)
        findings += _compare_points(line, item, policy)
        return item, findings
    item = ItemResult(status="range", points=None, low=evaluation.low, high=evaluation.high, inputs=values,
                      explanation=explanation, adopted=_within(published, evaluation.low, evaluation.high), **base)
    findings += _compare_range(line, item, evaluation.high_open)
    return item, findings


def _explain(line: Line, evaluation) -> str:
    parts = list(line.notes)
    parts += [r.text for r in line.resolved.values() if r.text]
    parts.append(line.compiled.explain(evaluation))  # type: ignore[union-attr]
    return "，".join(parts)


def _range_findings(line: Line, published: Decimal | None) -> list[Finding]:
    if published is None:
        return []
    if line.maximum is not None and not within_maximum(published, line.maximum).ok:
        return [error("SCORE-ITEM-OVER-MAX", f"“{line.name}”满分{num(line.maximum)}分，公开得分{num(published, 4)}分，超过了满分",
                      line.source, claimed=num(published, 4), expected=f"≤{num(line.maximum)}")]
    if published < 0:
        return [error("SCORE-ITEM-NEGATIVE", f"“{line.name}”公开得分{num(published, 4)}分为负数", line.source)]
    return []


def _unknown(line: Line, base: dict, published: Decimal | None, findings: list[Finding]):
    if published is not None:
        message = f"评分规则未公开“{line.name}”的计分办法，公开得分{num(published, 4)}分只核对了不超过满分"
    else:
        message = f"评分规则未公开“{line.name}”的计分办法，也未公开其得分"
    findings.append(info("SCORE-RULE-UNKNOWN", message, line.source))
    shown = [r.text for r in line.resolved.values() if r.text]
    explanation = "规则未知：计分标准未公开" + (f"（{line.rule.note}）" if line.rule.note else "")
    if shown:
        explanation += "；" + "，".join(shown)
    return ItemResult(status="rule_unknown", points=None, low=Decimal(0), high=line.maximum, explanation=explanation,
                      adopted=_clamp(published, line.maximum), inputs={k: r.value for k, r in line.resolved.items()},
                      **base), findings


def _no_evidence(line: Line, base: dict, published: Decimal | None, findings: list[Finding], lacking: list[str]):
    reasons = list(line.missing) + sorted({line.resolved[k].missing or k for k in lacking})
    quoted = f"（自评依据：“{line.basis}”）" if line.basis else ""
    shown = num(published, 4) if published is not None else None
    explanation = "证据不足：" + "；".join(reasons) + quoted
    explanation += f"；公开得分{shown}分无法核实" if shown is not None else "；亦未公开得分"
    if published is not None:
        findings.append(info("SCORE-EVIDENCE-MISSING", f"“{line.name}”证据不足（{'；'.join(reasons)}），公开得分{shown}分无法核实",
                             line.source))
        unreachable = _unreachable(line, published)
        if unreachable:
            findings.append(unreachable)
    return ItemResult(status="insufficient_evidence", points=None, low=Decimal(0), high=line.maximum,
                      explanation=explanation, adopted=_clamp(published, line.maximum),
                      inputs={k: r.value for k, r in line.resolved.items()}, **base), findings


def _unreachable(line: Line, published: Decimal) -> Finding | None:
    """For rules whose inputs take few values (checklists, periods), is the published score possible at all?"""
    compiled = line.compiled
    if compiled is None or compiled.shape.bounded:
        return None
    domains = []
    for spec in compiled.inputs:
        if spec.kind == "flag":
            domains.append((Decimal(0), Decimal(1)))
        elif spec.kind == "count" and compiled.params.get("periods") is not None:
            domains.append(tuple(Decimal(i) for i in range(int(compiled.params["periods"]) + 1)))
        else:
            return None
    if len(domains) > 12:
        return None
    possible = set()
    for combo in itertools.product(*domains):
        evaluation = compiled.evaluate(dict(zip(compiled.input_names, combo)))
        possible.add(evaluation.points)
    if published in possible or (line.maximum is not None and not within_maximum(published, line.maximum).ok):  # over-max says it
        return None
    shown = "、".join(num(p) or "0" for p in sorted(p for p in possible if p is not None))
    return Finding("SCORE-ITEM-UNREACHABLE", severity_for(line.rule.certainty),
                   f"“{line.name}”按规则只能得{shown}分，公开得分{num(published, 4)}分不可能出现", line.source,
                   claimed=num(published, 4))


def _compare_points(line: Line, item: ItemResult, policy: Policy) -> list[Finding]:
    if item.published is None or item.points is None:
        return []
    places = policy.points_places if policy.points_places is not None else policy.display_places
    if abs(item.published - item.points) <= Decimal(5).scaleb(-places - 1):
        return []
    return [_mismatch(line, item, f"按规则应得{num(item.points, places)}分")]


def _compare_range(line: Line, item: ItemResult, high_open: bool) -> list[Finding]:
    if item.published is None or item.low is None or item.high is None:
        return []
    inside = item.low <= item.published and (item.published < item.high if high_open else item.published <= item.high)
    if inside:
        return []
    close = "）" if high_open else "]"
    return [_mismatch(line, item, f"按规则应在[{num(item.low)}, {num(item.high)}{close}分之间")]


def _mismatch(line: Line, item: ItemResult, expected: str) -> Finding:
    how = CERTAINTY_ZH.get(line.rule.certainty, "")
    message = f"“{line.name}”公开得分{num(item.published, 4)}分，{expected}（{item.explanation}；规则依据：{how}）"
    return Finding("SCORE-ITEM-MISMATCH", severity_for(line.rule.certainty), message, line.source,
                   claimed=num(item.published, 4), expected=expected)


def _clamp(value: Decimal | None, maximum: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    value = max(Decimal(0), value)
    return min(value, maximum) if maximum is not None else value


def _within(value: Decimal | None, low: Decimal, high: Decimal) -> Decimal | None:
    if value is None:
        return None
    return min(high, max(low, value))


def sum_known(values: Sequence[Decimal | None]) -> Decimal | None:
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))
