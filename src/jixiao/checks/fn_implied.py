"""Budgets implied by a published 完成预算x% (K13): actual ÷ x%, with the rounding of both.

A rate stated to 1 decimal and an amount stated to 2 decimals pin the budget to
an interval; a budget stated elsewhere must fall in it, and the parts' implied
budgets must add up to the whole's.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from jixiao.metrics.compute import Claim, MetricResult
from jixiao.model.numbers import HUNDRED, fmt
from jixiao import relations as R

from jixiao.checks.claims import evaluate_part, group_of, ratio_shape
from jixiao.checks.context import CheckContext
from jixiao.checks.figures import one
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Param

INF = Decimal("Infinity")


def implied(ctx: CheckContext, result: MetricResult, claim: Claim) -> tuple[Decimal, Decimal, Decimal] | None:
    """(low, middle, high) of the denominator a stated rate implies; None when it cannot be told."""
    shape = ratio_shape(result.metric.tree)
    rate = claim.value.number
    if shape is None or rate is None:
        return None
    numerator = evaluate_part(shape.numerator, result.inputs)
    if numerator is None:
        return None
    return R.implied_base(rate, numerator, numerator_half=R.half_unit(numerator, ctx.places(numerator, money=True)))


def _own_claim(result: MetricResult) -> Claim | None:
    for claim in result.claims:
        if claim.value.number is not None and group_of(claim) == ("own", ""):
            return claim
    return next((c for c in result.claims if c.value.number is not None), None)


def _slack(ctx: CheckContext, value: Decimal) -> Decimal:
    return Decimal(0) if ctx.strict else R.unit_of(ctx.places(value, money=True))


def implied_budget(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """The budget a 完成预算% implies against a budget figure stated elsewhere."""
    for rate_id, operand in check.params["pairs"]:
        result = ctx.metric(rate_id)
        budget = one(ctx, operand)
        if result is None or budget is None or budget.number is None:
            continue
        claim = _own_claim(result)
        bounds = implied(ctx, result, claim) if claim is not None else None
        if claim is None or bounds is None or bounds[1] == INF:
            continue
        low, middle, high = bounds
        slack = _slack(ctx, budget.number)
        if low - slack <= budget.number <= high + slack:
            continue
        fields = {"rate_label": result.label, "rate": claim.value.text, "implied": fmt(middle, 2),
                  "range": f"{fmt(low, 2)}～{fmt(high, 2) if high != INF else '∞'}", "budget_label": budget.label,
                  "budget": budget.shown, "diff": fmt(budget.number - middle, 2)}
        yield Hit(None, fields, source=claim.source, related_sources=(ctx.source(budget.path),),
                  claimed=budget.shown, expected=f"约{fmt(middle, 2)}")


def implied_parts(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """The budgets implied by the parts' 完成预算% add up to the budget implied for the whole."""
    total = ctx.metric(check.params["total"])
    total_claim = _own_claim(total) if total is not None else None
    total_bounds = implied(ctx, total, total_claim) if total_claim is not None and total is not None else None
    if total_bounds is None or total_bounds[1] == INF:
        return
    parts = []
    for instance in check.params["parts"]:
        result = ctx.metric(instance)
        claim = _own_claim(result) if result is not None else None
        bounds = implied(ctx, result, claim) if result is not None and claim is not None else None
        if bounds is None:
            return
        parts.append((result, claim, bounds))
    if not parts:
        return
    low_sum = sum((b[0] for _, _, b in parts), Decimal(0))
    high_sum = sum((b[2] for _, _, b in parts), Decimal(0))
    slack = Decimal(0) if ctx.strict else Decimal("0.01")
    if low_sum <= total_bounds[2] + slack and high_sum >= total_bounds[0] - slack:
        return
    shown = "＋".join(f"{r.label}约{fmt(b[1], 2) if b[1] != INF else '未知'}" for r, _, b in parts)
    middle_sum = sum((b[1] for _, _, b in parts if b[1] != INF), Decimal(0))
    fields = {"total_label": total.label, "total_rate": total_claim.value.text,  # type: ignore[union-attr]
              "total_implied": fmt(total_bounds[1], 2), "parts": shown, "parts_sum": fmt(middle_sum, 2),
              "diff": fmt(middle_sum - total_bounds[1], 2)}
    yield Hit(None, fields, source=total_claim.source,  # type: ignore[union-attr]
              related_sources=tuple(c.source for _, c, _ in parts))


FUNCTIONS = (
    CheckFunction("implied_budget", implied_budget, "由“完成预算x%”推算的预算数与他处所述预算数相符",
                  (Param("pairs", "metric_operand_pairs"),),
                  ("rate_label", "rate", "implied", "range", "budget_label", "budget", "diff")),
    CheckFunction("implied_parts", implied_parts, "各分项由完成预算%推算的预算数之和 = 合计由完成预算%推算的预算数",
                  (Param("total", "metric_instance"), Param("parts", "metric_instances")),
                  ("total_label", "total_rate", "total_implied", "parts", "parts_sum", "diff")),
)
