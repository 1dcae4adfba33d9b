"""Published values attached to metrics, grouped the way documents state them.

``MetricResult.claims`` holds every published value of a metric instance.  A
value stated on the item itself (key ``function_class_share``) and one stated in
another section (key ``function_class_share:201``) belong to different
statements, and ``key#2`` is a second statement in the same section; grouping by
(where, suffix) keeps each statement's set of shares together.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from jixiao.expr import Bin, Expr, Num, Var, ZeroDivisor, evaluate, names
from jixiao.metrics.compute import Claim, MetricResult
from jixiao.model.values import Value

MONEY_UNITS = {"万元": Decimal(1), "元": Decimal(1) / Decimal(10000), "亿元": Decimal(10000)}


def group_of(claim: Claim) -> tuple[str, str]:
    base, _, suffix = claim.key.partition("#")
    return ("away" if ":" in base else "own", suffix)


def results_for(results: list[MetricResult], ids: list[str] | None) -> Iterator[MetricResult]:
    for result in results:
        if ids is None or result.metric.id in ids:
            yield result


def in_metric_unit(value: Value, metric_unit: str) -> tuple[Decimal | None, bool]:
    """The stated number in the metric's unit, and whether the stated unit fits the metric.

    ``减少0.73元`` for a 万元 metric is −0.000073 万元 with ``fits=False``; a bare
    ``20`` for a % metric is 20 with ``fits=False`` (no % sign).
    """
    number = value.number
    if number is None:
        return None, False
    unit = value.unit
    if metric_unit == "万元":
        if unit is None or unit == "万元":
            return number, True
        if unit in MONEY_UNITS:
            return number * MONEY_UNITS[unit], False
        return number, False
    if metric_unit == "%":
        return number, unit == "%"
    return number, unit in (None, metric_unit)


@dataclass(frozen=True)
class RatioShape:
    """A metric of the form ``numerator / denominator * 100``."""

    numerator: Expr
    denominator: Expr


def ratio_shape(tree: Expr | None) -> RatioShape | None:
    if not isinstance(tree, Bin) or tree.op != "*":
        return None
    if not (isinstance(tree.right, Num) and tree.right.value == 100):
        return None
    inner = tree.left
    if not isinstance(inner, Bin) or inner.op != "/":
        return None
    return RatioShape(inner.left, inner.right)


def evaluate_part(tree: Expr, inputs: dict[str, Decimal | None]) -> Decimal | None:
    env = {k: v for k, v in inputs.items() if v is not None}
    if not names(tree) <= set(env):
        return None
    try:
        return evaluate(tree, env)
    except ZeroDivisor:
        return None


def is_change_rate(result: MetricResult) -> bool:
    shape = ratio_shape(result.metric.tree)
    return (shape is not None and isinstance(shape.denominator, Var) and shape.denominator.name == "prior"
            and "current" in result.inputs)


def working(result: MetricResult) -> str:
    """The formula with the operands put in: ``(2.03 − 2.76) ÷ 2.76 × 100``."""
    import re

    text = result.metric.expr
    for name, value in result.inputs.items():
        shown = "?" if value is None else f"{value:f}"
        text = re.sub(rf"\b{name}\b", shown, text)
    return text.replace("*", "×").replace("/", "÷").replace(" - ", " − ")
