"""A figure restated in another section (K20), and the same metric stated twice.

A restatement is a published key that is a figure path, e.g. the 整体 report's
``accounts.function_lines[201].amount: 477.35万元`` against the 决算说明's 477.52.
No rounding excuses a difference: both are the same figure (``relations.same_figure``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

from jixiao.metrics.compute import MetricResult
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.source import Source
from jixiao.model.values import Value
from jixiao.model.walk import get_path, iter_values_maps, spec_at
from jixiao import relations as R

from jixiao.checks import judge
from jixiao.checks.claims import MONEY_UNITS, in_metric_unit
from jixiao.checks.context import CheckContext
from jixiao.checks.figures import expand, label_of, one, show
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Param

_FIGURE_RE = re.compile(r"^(unit|accounts|department|projects)(\.|\[)")


@dataclass(frozen=True)
class Restatement:
    record: str               # where it was stated (published map's record path)
    key: str
    path: str                 # concrete path of the figure restated
    value: Value
    source: Source
    original: Decimal
    money: bool


def restatements(ctx: CheckContext) -> Iterator[Restatement]:
    for record, field_name, values in iter_values_maps(ctx.original):
        if field_name != "published":
            continue
        for key, value in values.items():
            base = key.split("#", 1)[0]
            if not _FIGURE_RE.match(base) or value.number is None:
                continue
            found = expand(ctx.filing, base)
            if len(found) != 1:
                continue
            original = get_path(ctx.filing, found[0])
            if original is None or isinstance(original, (str, bool)):
                continue
            money = _kind(found[0]) == S.MONEY
            source = ctx.original.source_of(f"{record}.published.{key}" if record else f"published.{key}")
            yield Restatement(record, key, found[0], value, source, Decimal(original), money)


def _kind(path: str) -> str | None:
    try:
        return spec_at(Filing, re.sub(r"\[[^\]]*\]", "", path)).kind
    except KeyError:
        return None


def restated_figures(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    items = list(restatements(ctx))
    for item in items:
        stated, fits = in_metric_unit(item.value, "万元") if item.money else (item.value.number, True)
        if stated is None or (item.money and not fits and item.value.unit in MONEY_UNITS):
            continue          # a 元/万元 slip: the unit-slip check reports it
        verdict = judge.equal(ctx, check, stated, item.original, money=item.money)
        if verdict.ok:
            continue
        label = label_of(ctx.filing, item.path)
        fields = {"label": label, "stated": item.value.text,
                  "original": show(item.original) + ("万元" if item.money else ""),
                  "diff": judge.diff_text(verdict, "万元" if item.money else None),
                  "tol": judge.tol_text(verdict, "万元" if item.money else None),
                  "cause": _sibling_cause(ctx, check, item, items)}
        yield Hit(None, fields, source=item.source, related_sources=(ctx.source(item.path),),
                  claimed=item.value.text, expected=show(item.original))


def _sibling_cause(ctx: CheckContext, check: CheckDef, item: Restatement, items: list[Restatement]) -> str:
    list_path = item.path.rsplit("[", 1)[0] if "[" in item.path else None
    candidates = (check.params.get("sibling_totals") or {}).get(_unindexed(list_path or ""))
    if not list_path or not candidates:
        return ""
    siblings = [i for i in items if i.record == item.record and i.path.startswith(list_path + "[")
                and i.path.rsplit(".", 1)[-1] == item.path.rsplit(".", 1)[-1]]
    total = sum((i.value.number for i in siblings), Decimal(0))  # type: ignore[misc]
    figures = [one(ctx, operand) for operand in candidates]
    proper = figures[0]
    if proper is not None and proper.number is not None and R.same_figure(total, proper.number, places=2).ok:
        return ""
    for other in figures[1:]:
        if other is not None and other.number is not None and R.same_figure(total, other.number, places=2).ok:
            return (f"；可能原因：同处重述的{len(siblings)}项合计{show(total)}，恰等于{other.label}（{other.shown}），"
                    f"而非{proper.label if proper else '应有的合计'}（{proper.shown if proper else '—'}）：疑用错了合计口径")
    return ""


def _unindexed(path: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", path)


def claims_disagree(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """The same metric published twice with two values, when it cannot be recomputed to tell which is right."""
    for result in ctx.results:
        if result.value is not None or len(result.claims) < 2:
            continue
        yield from _disagreements(ctx, check, result)


def _disagreements(ctx: CheckContext, check: CheckDef, result: MetricResult) -> Iterator[Hit]:
    first = result.claims[0]
    money = result.metric.unit == "万元"
    a, a_fits = in_metric_unit(first.value, result.metric.unit)
    for other in result.claims[1:]:
        b, b_fits = in_metric_unit(other.value, result.metric.unit)
        if a is None or b is None or (money and not (a_fits and b_fits)):
            continue
        verdict = judge.equal(ctx, check, b, a, money=money)
        if verdict.ok:
            continue
        fields = {"name": result.label, "left": other.value.text, "right": first.value.text,
                  "diff": judge.diff_text(verdict, result.metric.unit), "tol": judge.tol_text(verdict, result.metric.unit)}
        yield Hit(None, fields, source=other.source, related_sources=(first.source,),
                  claimed=other.value.text, expected=first.value.text)


def restated_unit_slips(ctx: CheckContext, check: CheckDef) -> Iterator[Any]:
    for item in restatements(ctx):
        unit, number = item.value.unit, item.value.number
        if not item.money or unit is None or unit == "万元" or unit not in MONEY_UNITS or number is None:
            continue
        places = ctx.places(item.original, money=True)
        if R.same_figure(number, item.original, places=places).ok:
            fields = {"name": label_of(ctx.filing, item.path), "stated": item.value.text, "unit": unit,
                      "number": f"{number:f}", "computed": show(item.original), "expected_unit": "万元"}
            yield Hit(None, fields, source=item.source, related_sources=(ctx.source(item.path),),
                      claimed=item.value.text, expected=f"{show(item.original)}万元")


FUNCTIONS = (
    CheckFunction("restated_figures", restated_figures, "他处重述的数字与原数一致（如整体自评报告重述决算数）",
                  (Param("sibling_totals", "map", False),),
                  ("label", "stated", "original", "diff")),
    CheckFunction("claims_disagree", claims_disagree, "同一指标在两处公开的数值一致（无法重算时）",
                  (), ("name", "left", "right", "diff")),
)
