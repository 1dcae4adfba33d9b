"""Every published rate, share, change and completion against its operands (via the metric registry).

``MetricResult.claims`` gives every published value attached to a metric; each
is judged at its stated precision (``relations``).  When a value does not fit,
the likely cause is looked for: the other basis of the same rate (a registered
variant), the wrong base (this year's figure instead of last year's), a
denominator among the pack's candidates, a reversed sign, a 元/万元 slip, a
missing % sign.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from jixiao.findings import Severity
from jixiao.metrics.compute import Claim, MetricResult
from jixiao.model.numbers import HUNDRED, fmt
from jixiao.model.walk import get_path
from jixiao import relations as R

from jixiao.checks import judge
from jixiao.checks.claims import MONEY_UNITS, evaluate_part, in_metric_unit, is_change_rate, ratio_shape, working
from jixiao.checks.context import CheckContext
from jixiao.checks.figures import one
from jixiao.checks.fn_restate import restated_unit_slips
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Param


def _ids(check: CheckDef) -> list[str] | None:
    return check.params.get("metrics")


def published_rates(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    capped = set(check.params.get("capped") or [])
    prior_only = bool(check.params.get("prior_only"))
    if prior_only and ctx.prior is None:
        return
    for result in ctx.results:
        if result.value is None or (_ids(check) is not None and result.metric.id not in _ids(check)):
            continue
        if _uses_prior_filing(ctx, result) is not prior_only:
            continue            # a value from last year's filing is judged by its own check (CHK-PRIOR-*)
        for claim in result.claims:
            hit = _judge_claim(ctx, check, result, claim, capped)
            if hit is not None:
                yield hit


def _uses_prior_filing(ctx: CheckContext, result: MetricResult) -> bool:
    if ctx.prior is None:
        return False
    return any(result.inputs.get(name) is not None and get_path(ctx.original, path) is None
               for name, path in result.input_paths.items())


def _judge_claim(ctx: CheckContext, check: CheckDef, result: MetricResult, claim: Claim, capped: set[str]) -> Hit | None:
    assert result.value is not None
    money = result.metric.unit == "万元"
    stated, fits = in_metric_unit(claim.value, result.metric.unit)
    if stated is None:
        return None
    if money and not fits and claim.value.unit in MONEY_UNITS:
        if judge.rate(ctx, stated, result.value, money=True).ok:
            return None
        if judge.rate(ctx, claim.value.number, result.value, money=True).ok:  # type: ignore[arg-type]
            return None          # a 元/万元 slip: reported by the unit-slip check
    verdict = judge.rate(ctx, stated, result.value, money=money)
    if verdict.ok:
        return None
    if result.metric.id in capped and stated == HUNDRED and result.value > HUNDRED:
        return None              # 执行率 over 100% shown as 100%: reported by the capped-rate check
    fields = _fields(result, claim, verdict)
    variant = _variant_match(ctx, result, stated, money)
    causes = [] if variant else _causes(ctx, check, result, claim, stated, fits, money)
    if variant is None:
        causes += _variant_missing(ctx, result)
    fields["cause"] = ("；可能原因：" + "；".join(causes)) if causes else ""
    hit = Hit(None, fields, source=claim.source, related_sources=_input_sources(ctx, result),
              claimed=claim.value.text, expected=fields["computed"])
    if variant is not None:
        fields.update(variant_name=variant.label,
                      variant_value=fmt(variant.value, verdict.places) + result.metric.unit)  # type: ignore[arg-type]
        hit.outcome, hit.severity = "variant", Severity.WARNING
    return hit


def _fields(result: MetricResult, claim: Claim, verdict: R.Verdict) -> dict[str, str]:
    unit = result.metric.unit
    return {"name": result.label, "stated": claim.value.text, "computed": judge.shown(verdict, unit),
            "formula": result.metric.formula, "working": working(result),
            "diff": judge.diff_text(verdict, unit), "tol": judge.tol_text(verdict, unit), "cause": ""}


def _input_sources(ctx: CheckContext, result: MetricResult) -> tuple:
    return tuple(ctx.source(path) for name, path in result.input_paths.items() if result.inputs.get(name) is not None)


def _related_metrics(ctx: CheckContext, result: MetricResult) -> list[MetricResult]:
    metric = result.metric
    param = result.instance.split(":", 1)[1] if ":" in result.instance else None
    out = []
    for other in ctx.registry.metrics:
        if other.id == metric.id:
            continue
        if other.variant_of == metric.id or metric.variant_of == other.id or (
                metric.variant_of and other.variant_of == metric.variant_of):
            found = ctx.metric(f"{other.id}:{param}" if param else other.id)
            if found is not None:
                out.append(found)
    return out


def _variant_match(ctx: CheckContext, result: MetricResult, stated: Decimal, money: bool) -> MetricResult | None:
    for other in _related_metrics(ctx, result):
        if other.value is not None and judge.rate(ctx, stated, other.value, money=money).ok:
            return other
    return None


def _variant_missing(ctx: CheckContext, result: MetricResult) -> list[str]:
    out = []
    for other in _related_metrics(ctx, result):
        if other.value is None and other.missing:
            out.append(f"另一口径{other.metric.name}缺少{'、'.join(m.split('（')[0] for m in other.missing)}，无法核对")
    return out


def _causes(ctx: CheckContext, check: CheckDef, result: MetricResult, claim: Claim, stated: Decimal, fits: bool,
            money: bool) -> list[str]:
    value = result.value
    assert value is not None
    out = []
    if stated != 0 and judge.rate(ctx, -stated, value, money=money).ok:
        out.append("增减方向写反（符号与计算结果相反）")
    if money and any(judge.rate(ctx, stated * k, value, money=True).ok for k in (Decimal(10000), Decimal("0.0001"))):
        out.append("元与万元混用")
    if result.metric.unit == "%":
        if not fits and claim.value.unit is None:
            out.append(f"公开值“{claim.value.text}”未带%号，疑为误填了其他栏目的数值")
        if stated != 0 and judge.rate(ctx, stated * HUNDRED, value).ok:
            out.append("比率未换算为百分数")
    out += _base_causes(ctx, check, result, stated)
    return out


def _base_causes(ctx: CheckContext, check: CheckDef, result: MetricResult, stated: Decimal) -> list[str]:
    shape = ratio_shape(result.metric.tree)
    if shape is None:
        return []
    numerator = evaluate_part(shape.numerator, result.inputs)
    denominator = evaluate_part(shape.denominator, result.inputs)
    if numerator is None:
        return []
    out = []
    current = result.inputs.get("current")
    if is_change_rate(result) and current:
        if judge.rate(ctx, stated, numerator / current * HUNDRED).ok:
            out.append(f"以本年数（{current:f}）而非上年数为基数计算了变动率")
    for operand in check.params.get("base_candidates") or []:
        candidate = one(ctx, operand)
        if candidate is None or not candidate.number or candidate.number == denominator:
            continue
        if judge.rate(ctx, stated, numerator / candidate.number * HUNDRED).ok:
            out.append(f"疑以{candidate.label}（{candidate.shown}）为分母计算")
            break
    if denominator and numerator and judge.rate(ctx, stated, denominator / numerator * HUNDRED).ok:
        out.append("分子与分母颠倒")
    return out


def capped_rate(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """执行率 above 100% published as 100%: accepted as a display convention, the overrun is stated."""
    cap = Decimal(check.params.get("cap", 100))
    for result in ctx.results:
        if result.value is None or result.value <= cap or result.metric.id not in (_ids(check) or []):
            continue
        for claim in result.claims:
            if claim.value.number == cap:
                fields = {"name": result.label, "stated": claim.value.text, "computed": fmt(result.value, 2),
                          "working": working(result), "over": fmt(result.value - cap, 2)}
                yield Hit(None, fields, source=claim.source, related_sources=_input_sources(ctx, result),
                          claimed=claim.value.text, expected=fmt(result.value, 2) + "%")


def unit_slips(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """A published amount whose unit (元) is not the unit its number is in (万元)."""
    for result in ctx.results:
        if result.value is None or result.metric.unit != "万元":
            continue
        for claim in result.claims:
            unit, number = claim.value.unit, claim.value.number
            if number is None or unit is None or unit == "万元" or unit not in MONEY_UNITS:
                continue
            converted = number * MONEY_UNITS[unit]
            if judge.rate(ctx, number, result.value, money=True).ok and not judge.rate(ctx, converted, result.value, money=True).ok:
                fields = {"name": result.label, "stated": claim.value.text, "unit": unit, "number": f"{number:f}",
                          "computed": fmt(result.value, 2), "expected_unit": "万元"}
                yield Hit(None, fields, source=claim.source, related_sources=_input_sources(ctx, result),
                          claimed=claim.value.text, expected=f"{fmt(result.value, 2)}万元")
    yield from restated_unit_slips(ctx, check)


FUNCTIONS = (
    CheckFunction("published_rates", published_rates, "公开的比率、占比、变动额/率、完成率与其运算数重新计算的结果一致",
                  (Param("metrics", "metrics", False), Param("capped", "metrics", False),
                   Param("base_candidates", "operands", False), Param("prior_only", "bool", False, False)),
                  ("name", "stated", "computed", "formula", "working", "diff", "variant_name", "variant_value"),
                  kind="rate",
                  outcomes={"variant": "{name}公开为{stated}，按文字所述口径计算为{computed}（{working}），"
                                       "但与另一口径“{variant_name}”的{variant_value}一致：口径与文字不符"}),
    CheckFunction("capped_rate", capped_rate, "超过100%的执行率按100%列示：予以认可并说明实际执行率",
                  (Param("metrics", "metrics"), Param("cap", "number", False, Decimal(100))),
                  ("name", "stated", "computed", "working", "over"), kind="rate"),
    CheckFunction("unit_slips", unit_slips, "公开金额的单位与数值不符（元与万元混用）",
                  (), ("name", "stated", "unit", "number", "computed", "expected_unit")),
)
