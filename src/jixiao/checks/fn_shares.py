"""Sets of shares (K22), changes stated without last year's figure (K17), the same quantity
stated by two metrics, and budgets implied by 完成预算% (K13)."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Iterator

from jixiao.findings import Severity
from jixiao.metrics.compute import Claim, MetricResult
from jixiao.model.numbers import HUNDRED, decimals_of, fmt
from jixiao import relations as R

from jixiao.checks import judge
from jixiao.checks.claims import evaluate_part, group_of, in_metric_unit, ratio_shape
from jixiao.checks.context import CheckContext
from jixiao.checks.figures import one, show
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Param

Entry = tuple[MetricResult, Claim]


def _share_groups(ctx: CheckContext, ids: list[str]) -> Iterator[tuple[list[MetricResult], list[Entry]]]:
    members = [r for r in ctx.results if r.metric.id in ids]
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for result in members:
        for claim in result.claims:
            if claim.value.number is not None:
                groups[group_of(claim)].append((result, claim))
    for entries in groups.values():
        yield members, entries


def _complete(members: list[MetricResult], entries: list[Entry]) -> bool:
    needed = {r.instance for r in members if r.inputs.get("part") is not None}
    stated = {r.instance for r, _ in entries}
    return len(entries) >= 2 and needed <= stated


def share_values(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Each published share = part / whole; a set adjusted to total 100% is accepted, and said so."""
    for ids in check.params["sets"]:
        for members, entries in _share_groups(ctx, ids):
            usable = [(r, c) for r, c in entries if r.inputs.get("part") is not None and r.inputs.get("whole")]
            if not usable:
                continue
            whole = usable[0][0].inputs["whole"]
            stated = [c.value.number for _, c in usable]
            parts = [r.inputs["part"] for r, _ in usable]
            complete = _complete(members, entries)
            exact = _verdicts(stated, parts, whole, complete, strict=True)
            if all(v.ok for v in exact):
                for (result, claim), verdict in zip(usable, exact):
                    if verdict.note:
                        yield _share_hit(ctx, result, claim, verdict, "adjusted", Severity.INFO)
                continue
            verdicts = _verdicts(stated, parts, whole, complete, strict=ctx.strict)
            for index, ((result, claim), verdict) in enumerate(zip(usable, verdicts)):
                if not verdict.ok:
                    hit = _share_hit(ctx, result, claim, verdict, "fail", None)
                    hit.fields["cause"] = _share_cause(ctx, check, usable, exact, index)
                    yield hit


def _verdicts(stated, parts, whole, complete: bool, *, strict: bool) -> list[R.Verdict]:
    if complete:
        return R.shares(stated, parts, whole=whole, strict=strict)
    return [R.ratio(s, p, whole, strict=strict) for s, p in zip(stated, parts)]


def _share_hit(ctx: CheckContext, result: MetricResult, claim: Claim, verdict: R.Verdict, outcome: str,
               severity: Severity | None) -> Hit:
    part, whole = result.inputs["part"], result.inputs["whole"]
    fields = {"name": result.label, "stated": claim.value.text, "part": show(part), "whole": show(whole),
              "computed": judge.shown(verdict, "%"), "diff": judge.diff_text(verdict, "%"),
              "tol": judge.tol_text(verdict, "%"), "note": verdict.note or "", "cause": ""}
    related = tuple(ctx.source(p) for n, p in result.input_paths.items() if result.inputs.get(n) is not None)
    return Hit(None, fields, outcome=outcome, severity=severity, source=claim.source, related_sources=related,
               claimed=claim.value.text, expected=fields["computed"])


def _share_cause(ctx: CheckContext, check: CheckDef, usable: list[Entry], exact: list[R.Verdict], index: int) -> str:
    stated = usable[index][1].value.number
    for other, verdict in enumerate(exact):
        if other != index and verdict.computed is not None and R.agrees(stated, verdict.computed).ok:
            return f"；可能原因：与“{usable[other][0].label}”的占比互换"
    part = usable[index][0].inputs["part"]
    for operand in check.params.get("base_candidates") or []:
        candidate = one(ctx, operand)
        if candidate is not None and candidate.number and R.ratio(stated, part, candidate.number).ok:
            return f"；可能原因：疑以{candidate.label}（{candidate.shown}）为分母计算"
    return ""


def shares_total(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """A complete set of published shares totals 100% within the rounding of its parts."""
    for ids in check.params["sets"]:
        for members, entries in _share_groups(ctx, ids):
            if not _complete(members, entries):
                continue
            stated = [c.value.number for _, c in entries]
            verdict = R.total_of(HUNDRED, stated, strict=ctx.strict)
            if verdict.ok:
                continue
            fields = {"names": "、".join(f"{r.label}{c.value.text}" for r, c in entries), "sum": show(verdict.computed),
                      "diff": fmt(verdict.computed - HUNDRED, verdict.places), "tol": judge.tol_text(verdict)}
            yield Hit(None, fields, source=entries[0][1].source,
                      related_sources=tuple(c.source for _, c in entries[1:]), expected="100%")


def change_pairs(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """A change rate against the stated change amount when last year's figure is not given (K17)."""
    for amount_id, rate_id in check.params["pairs"]:
        for amount in (r for r in ctx.results if r.metric.id == amount_id):
            rate = ctx.metric(amount.instance.replace(amount_id, rate_id, 1))
            current = amount.inputs.get("current")
            if rate is None or rate.value is not None or current is None:
                continue
            yield from _pair_hits(ctx, amount, rate, current)


def _pair_hits(ctx: CheckContext, amount: MetricResult, rate: MetricResult, current: Decimal) -> Iterator[Hit]:
    amounts = {group_of(c): c for c in amount.claims}
    for claim in rate.claims:
        change_claim = amounts.get(group_of(claim)) or amounts.get((group_of(claim)[0], ""))
        if change_claim is None or claim.value.number is None:
            continue
        change, fits = in_metric_unit(change_claim.value, "万元")
        if change is None or not fits:
            continue
        prior = current - change
        if prior == 0:
            continue
        places = ctx.places(change, money=True)
        half_change = R.half_unit(change, places)
        verdict = R.ratio_of_rounded(claim.value.number, change, prior, numerator_half=half_change,
                                     denominator_half=half_change + R.half_unit(current, ctx.places(current, True)),
                                     strict=ctx.strict)
        if verdict.ok:
            continue
        fields = {"name": rate.label, "stated": claim.value.text, "change": change_claim.value.text,
                  "current": f"{current:f}", "prior": show(prior), "computed": judge.shown(verdict, "%"),
                  "diff": judge.diff_text(verdict, "%"), "tol": judge.tol_text(verdict, "%")}
        yield Hit(None, fields, source=claim.source,
                  related_sources=(change_claim.source, ctx.source(amount.input_paths["current"])),
                  claimed=claim.value.text, expected=fields["computed"])


def cross_claims(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Two metrics that measure the same quantity, published in two places, must agree."""
    if not _conditions_hold(ctx, check):
        return
    for left_id, right_id in check.params["pairs"]:
        lefts = [ctx.metric(left_id)] if ":" in left_id else [r for r in ctx.results if r.metric.id == left_id]
        for left in lefts:
            if left is None:
                continue
            right = ctx.metric(right_id if ":" in right_id else left.instance.replace(left_id, right_id, 1))
            if right is None or not right.claims or not left.claims:
                continue
            yield from _cross(ctx, check, left, right)


def _cross(ctx: CheckContext, check: CheckDef, left: MetricResult, right: MetricResult) -> Iterator[Hit]:
    other = right.claims[0]
    b, b_fits = in_metric_unit(other.value, right.metric.unit)
    money = left.metric.unit == "万元"
    seen: set[str] = set()
    for claim in left.claims:
        a, a_fits = in_metric_unit(claim.value, left.metric.unit)
        if a is None or b is None or (money and not (a_fits and b_fits)) or claim.value.text in seen:
            continue
        seen.add(claim.value.text)
        verdict = judge.equal(ctx, check, a, b, money=money)
        if verdict.ok:
            continue
        fields = {"left_label": left.label, "left": claim.value.text, "right_label": right.label,
                  "right": other.value.text, "diff": judge.diff_text(verdict, left.metric.unit),
                  "tol": judge.tol_text(verdict, left.metric.unit),
                  "cause": _bases_text(left, a, right, b) if check.params.get("explain_bases") else ""}
        yield Hit(None, fields, source=claim.source, related_sources=(other.source,),
                  claimed=claim.value.text, expected=other.value.text)


def _bases_text(left: MetricResult, a: Decimal, right: MetricResult, b: Decimal) -> str:
    parts = []
    for result, stated in ((left, a), (right, b)):
        shape = ratio_shape(result.metric.tree)
        numerator = evaluate_part(shape.numerator, result.inputs) if shape else None
        if numerator is not None and stated:
            parts.append(f"按{result.metric.name}{fmt(stated, decimals_of(stated))}%推算，分母约为{fmt(numerator / stated * HUNDRED, 2)}")
    return ("；" + "，".join(parts) + "：两处所用的预算口径不同") if parts else ""


def _conditions_hold(ctx: CheckContext, check: CheckDef) -> bool:
    for left, right in check.params.get("when_equal") or []:
        a, b = one(ctx, left), one(ctx, right)
        if a is None or b is None or a.number is None or b.number is None:
            return False
        if not R.same_figure(a.number, b.number, places=min(ctx.places(a.number, True), ctx.places(b.number, True))).ok:
            return False
    return True


FUNCTIONS = (
    CheckFunction("share_values", share_values, "每个公开占比 = 部分 / 整体（按最大余额法等调整为合计100%的予以认可并说明）",
                  (Param("sets", "metric_sets"), Param("base_candidates", "operands", False)),
                  ("name", "stated", "part", "whole", "computed", "diff", "note"),
                  outcomes={"adjusted": "{name}公开为{stated}，按{part}/{whole}计算为{computed}；{note}"}, kind="rate"),
    CheckFunction("shares_total", shares_total, "一组完整的公开占比合计为100%（允许各项四舍五入的误差）",
                  (Param("sets", "metric_sets"),), ("names", "sum", "diff")),
    CheckFunction("change_pairs", change_pairs, "未列上年数时，变动率与所述变动额、本年数相符（上年数 = 本年数 − 变动额）",
                  (Param("pairs", "metric_pairs"),),
                  ("name", "stated", "change", "current", "prior", "computed", "diff")),
    CheckFunction("cross_claims", cross_claims, "两处公开的同一数量（不同指标名）应一致",
                  (Param("pairs", "metric_instance_pairs"), Param("when_equal", "pairs", False),
                   Param("explain_bases", "bool", False, False)),
                  ("left_label", "left", "right_label", "right", "diff")),
)
