"""Verify relations: each holds, fails, or cannot be told — and a failure is an error only when sure.

The arithmetic is :mod:`jixiao.relations` (one place for every verdict).  The rule here is:

* a relation **fails** when the stated figure differs from what its operands give by more than
  one unit of its last printed digit (none under ``--strict``) *and* more than the operands' own
  rounding can explain (each operand ± half a unit of its last digit);
* a failing relation read from **explicit** structure is reported at its rule's severity (an
  error); one that was **inferred**, or a sum whose parts may be incomplete, is a **warning**;
* a relation that cannot be computed (a zero base, a list that falls far short of its whole and
  may simply be partial) is **counted** as not checked, never guessed.

Operands whose ratio is exactly 10,000 (元 written for 万元) are a unit slip, reported as one.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Final

from jixiao.audit.claims import Figure, Reading, Relation
from jixiao.audit.mentions import MONEY
from jixiao.audit.places import Places
from jixiao.audit.rules import RuleBook
from jixiao.audit.statements import ALTERNATIVE, DOWN, NEUTRAL, UP
from jixiao.findings import Finding, Severity
from jixiao.model.numbers import HUNDRED, decimals_of, fmt, quantize
from jixiao import relations as R


@dataclass
class Verified:
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    unclear: int = 0

    def __init__(self, findings: list[Finding] | None = None, checked: int = 0, unclear: int = 0) -> None:
        # written out so mypyc compiles it (tests/test_native.py)
        self.findings = [] if findings is None else findings
        self.checked = checked
        self.unclear = unclear


def half(f: Figure) -> Decimal:
    """Half a unit of the figure's last printed digit, in 万元 for money."""
    h = R.half_unit(f.value)
    return h * MONEY[f.unit] if f.is_money else h


def _wan_shown(value: Decimal, like: Figure) -> str:
    """``value`` (万元) printed in ``like``'s unit at its precision."""
    if not like.is_money:
        return f"{fmt(value, decimals_of(like.value))}{like.unit}"
    return f"{fmt(value / MONEY[like.unit], decimals_of(like.value))}{like.unit}"


def verify(relations: list[Relation], places: Places, rules: RuleBook, strict: bool = False) -> Verified:
    out = Verified()
    for rel in relations:
        fn = _VERIFIERS[rel.kind]
        alt = rel.operand(ALTERNATIVE)
        if alt is not None:
            # the first operand may be this one instead (a change after a list may be its whole's):
            # the relation holds when it holds with either
            rel = replace(rel, operands=tuple(o for o in rel.operands if o.role != ALTERNATIVE))
            trial: list[Finding] = []
            swapped = replace(rel, operands=(replace(rel.operands[0], figure=alt.figure),) + rel.operands[1:])
            if fn(swapped, places, rules, strict, trial) and not trial:
                out.checked += 1
                continue
        before = len(out.findings)
        told = fn(rel, places, rules, strict, out.findings)
        if told:
            out.checked += 1
        else:
            out.unclear += 1
            del out.findings[before:]
    return out


def _emit(out: list[Finding], places: Places, rules: RuleBook, rule_id: str, rel: Relation, *, sure: bool,
          claimed: str, expected: str, cause: str | None = None, **fields: object) -> None:
    rule = rules.get(rule_id)
    severity = rule.severity if sure and rel.reading is Reading.EXPLICIT else Severity.WARNING
    message = rule.message.format(claimed=claimed, expected=expected, **fields)
    if cause:
        message += f"（可能原因：{cause}）"
    if severity is Severity.WARNING and rule.severity is Severity.ERROR and rel.reading is Reading.INFERRED:
        message += f"（{rel.basis}，推断所得，请人工核对）"
    c = rel.claim
    operands = tuple((o.role, o.figure.shown, places.locator(o.figure.line, o.figure.start)) for o in rel.operands)
    out.append(Finding(rule_id, severity, message, places.source(c.line, c.start, c.end),
                       quote=places.quote(c.line, c.start, c.end), claimed=claimed, expected=expected,
                       operands=operands, cause=cause))


def _direction_ok(word: str, diff: Decimal) -> bool:
    """增加/增长… with a rise, 减少/下降/负增长… with a fall (a word of neither kind says nothing)."""
    if diff == 0 or word in NEUTRAL:
        return True
    if word in DOWN:
        return diff < 0
    if word in UP:
        return diff > 0
    return R.direction_matches(word, diff)


def _unit_slip(stated: Figure, expected_wan: Decimal) -> str | None:
    """The unit ``stated``'s digits would need to equal ``expected_wan`` (元 written for 万元 …)."""
    if not stated.is_money or expected_wan == 0:
        return None
    for unit, scale in MONEY.items():
        if unit != stated.unit and unit not in ("万", "亿") and R.agrees(stated.value * scale, expected_wan,
                                                            places=decimals_of(stated.value) + (4 if scale < 1 else 0)).ok:
            if stated.value * scale != stated.wan and abs(stated.value * scale / stated.wan) in (Decimal(10000), Decimal("0.0001")):
                return unit
    return None


def _change_amount(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    d, c, b = rel.claim, rel.operands[0].figure, rel.operands[1].figure
    diff = c.wan - b.wan
    if rel.word and rel.word not in NEUTRAL and diff != 0 and not _direction_ok(rel.word, diff):
        _emit(out, places, rules, "AUDIT-CHANGE-DIRECTION", rel, sure=True, claimed=rel.word,
              expected="增加" if diff > 0 else "减少", word=rel.word, now="本年", then="上年", current=c.shown, prior=b.shown,
              actual="增加" if diff > 0 else "减少")
        return True
    expected = abs(diff)
    stated = d.wan if d.is_money else d.value
    if _close(stated, expected, d, Decimal(0), strict):
        return True
    if _close(stated, expected, d, half(c) + half(b), strict):
        # wrong on the printed figures, but their rounding could explain it (3万元 may be 2.5–3.5)
        _emit(out, places, rules, "AUDIT-CHANGE-AMOUNT", rel, sure=False, claimed=d.shown,
              expected=_wan_shown(expected, d), cause="差异在运算数的舍入范围之内，不能确定",
              current=c.shown, prior=b.shown)
        return True
    slip = _unit_slip(d, expected)
    if slip:
        _emit(out, places, rules, "AUDIT-UNIT", rel, sure=True, claimed=d.shown, expected=f"{d.text}{slip}")
        return True
    _emit(out, places, rules, "AUDIT-CHANGE-AMOUNT", rel, sure=True, claimed=d.shown,
          expected=_wan_shown(expected, d), current=c.shown, prior=b.shown)
    return True


def _close(stated_wan: Decimal, computed: Decimal, like: Figure, operand_half: Decimal, strict: bool) -> bool:
    """Equal at ``like``'s precision (± one unit), or within what the operands' rounding allows."""
    scale = MONEY.get(like.unit, Decimal(1))
    places = decimals_of(like.value)
    if R.agrees(stated_wan / scale, computed / scale, places=places, strict=strict).ok:
        return True
    return abs(stated_wan - computed) <= operand_half + (Decimal(0) if strict else R.unit_of(places) * scale)


def _direction(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    c, b = rel.operands[0].figure, rel.operands[1].figure
    diff = c.wan - b.wan
    if diff != 0 and not _direction_ok(rel.word, diff):
        _emit(out, places, rules, "AUDIT-CHANGE-DIRECTION", rel, sure=True, claimed=rel.word,
              expected="增加" if diff > 0 else "减少", word=rel.word, now="本年", then="上年", current=c.shown, prior=b.shown,
              actual="增加" if diff > 0 else "减少")
    return True


def _change_rate(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    r = rel.claim
    c = rel.operands[0].figure
    other = rel.operands[1]
    if other.role == "上年":
        prior = other.figure.wan
        change = c.wan - prior
        num_half, den_half = half(c) + half(other.figure), half(other.figure)
        prior_shown = other.figure.shown
    else:
        d = other.figure
        sign = -1 if other.sign < 0 or rel.word in DOWN else 1
        change = sign * d.wan
        prior = c.wan - change
        num_half, den_half = half(d), half(c) + half(d)
        prior_shown = f"{fmt(prior / MONEY.get(c.unit, Decimal(1)), max(decimals_of(c.value), decimals_of(d.value)))}{c.unit}"
    if prior <= 0 or prior <= den_half:
        return False
    if len(rel.operands) > 2:
        if _rate_from_amount(rel, strict):
            return True   # the rate agrees with the stated change amount; any slip is the amount's
        rel = replace(rel, operands=rel.operands[:2])
    stated = r.value
    if rel.word in UP or rel.word in DOWN:
        stated, change_abs = abs(stated), abs(change)
    else:
        change_abs = change
    v = R.ratio_of_rounded(stated, change_abs, prior, numerator_half=num_half, denominator_half=den_half, strict=strict)
    printed = R.ratio(stated, change_abs, prior, strict=strict)
    if v.ok and not printed.ok:
        # wrong on the printed operands, but the operands' own rounding could explain it: not sure
        exact = change / prior * HUNDRED
        shown = fmt(abs(exact) if rel.word in UP or rel.word in DOWN else exact, decimals_of(r.value))
        _emit(out, places, rules, "AUDIT-CHANGE-RATE", rel, sure=False, claimed=r.shown, expected=f"{shown}%",
              cause="差异在运算数的舍入范围之内，不能确定", current=c.shown, prior=prior_shown)
        return True
    if v.ok:
        rise, fall = rel.word in UP, rel.word in DOWN
        if r.value < 0:
            rise, fall = fall, rise   # ``增长率为-10%``: a growth printed negative is a fall (负增长)
        if rise and change < 0 or fall and change > 0:
            if abs(change) > num_half:
                said = rel.word if r.value >= 0 else f"{rel.word}{r.shown}"
                _emit(out, places, rules, "AUDIT-CHANGE-DIRECTION", rel, sure=True, claimed=rel.word,
                      expected="增加" if change > 0 else "减少", word=said, now="本年", then="上年", current=c.shown, prior=prior_shown,
                      actual="增加" if change > 0 else "减少")
        return True
    exact = change / prior * HUNDRED
    cause = None
    if c.wan and R.agrees(stated, abs(change) / c.wan * HUNDRED).ok:
        cause = "以本年数而非上年数作分母计算"
    places_r = decimals_of(r.value)
    expected = fmt(exact if rel.word not in UP and rel.word not in DOWN else abs(exact), places_r)
    _emit(out, places, rules, "AUDIT-CHANGE-RATE", rel, sure=True, claimed=r.shown, expected=f"{expected}%",
          cause=cause, current=c.shown, prior=prior_shown)
    return True


def _rate_from_amount(rel: Relation, strict: bool) -> bool:
    """Does the rate agree with Δ ÷ (本年 ∓ Δ), Δ the change amount stated beside the two levels?"""
    c, d = rel.operands[0].figure, rel.operands[2]
    change = (-1 if d.sign < 0 or rel.word in DOWN else 1) * d.figure.wan
    prior = c.wan - change
    if prior <= 0:
        return False
    return R.ratio(abs(rel.claim.value), abs(change), prior, strict=strict).ok


def _sum(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    t = rel.claim
    bounds = [o.figure for o in rel.operands if o.role == "未列项本年数"]
    parts = [o.figure for o in rel.operands if o.role != "未列项本年数"]
    signs = [o.sign for o in rel.operands if o.role != "未列项本年数"]
    total = t.wan
    if rel.kind == "change-sum":
        total = -total if rel.word in DOWN else total
    computed = sum((s * p.wan for s, p in zip(signs, parts)), Decimal(0))
    if t.is_money:
        tol = sum((half(p) for p in parts), Decimal(0)) + half(t) + (
            Decimal(0) if strict else R.unit_of(decimals_of(t.value)) * MONEY[t.unit])
    else:
        tol = Decimal(0)   # counts (人, 个 …) are exact: no rounding to excuse a difference
    diff = computed - total
    label = t.label or "合计"
    expected = _wan_shown(abs(computed) if rel.kind == "change-sum" else computed, t)
    if abs(diff) <= tol:
        if t.is_money and not _close(total, computed, t, Decimal(0), strict):
            # wrong on the printed figures, but their rounding could explain it (``0万元`` may be up to
            # 0.5万元, ``1万元`` 0.5–1.5万元): not sure
            _emit(out, places, rules, "AUDIT-CHANGE-SUM" if rel.kind == "change-sum" else "AUDIT-SUM", rel, sure=False,
                  claimed=t.shown, expected=expected, label=label, n=len(parts), cause="差异在运算数的舍入范围之内，不能确定")
        return True
    for p in parts:   # one part written in 元 (or 亿元) for 万元
        slip = _unit_slip(p, p.wan - diff) if p.is_money else None
        if slip:
            shown = Relation(rel.kind, p, rel.operands, rel.reading, rel.basis)
            _emit(out, places, rules, "AUDIT-UNIT", shown, sure=True, claimed=p.shown, expected=f"{p.text}{slip}")
            return True
    if rel.kind == "change-sum":
        # an item not listed changed by at most its level this year (its level last year being ≥ 0),
        # so the total can be no more than the listed changes plus those levels
        ceiling = computed + sum((b.wan for b in bounds), Decimal(0))
        sure = rel.complete or (bool(bounds) and total > ceiling + tol)
        cause = None
        if bounds and not rel.complete and sure:
            cause = f"未列出的项目本年共{_wan_shown(sum((b.wan for b in bounds), Decimal(0)), t)}，其增加额不能超过此数"
        _emit(out, places, rules, "AUDIT-CHANGE-SUM", rel, sure=sure, claimed=t.shown, expected=expected,
              label=label, n=len(parts), cause=cause)
        return True
    if diff > 0 or rel.complete:
        _emit(out, places, rules, "AUDIT-SUM", rel, sure=True, claimed=t.shown, expected=expected, label=label,
              n=len(parts))
        return True
    if computed >= total * Decimal("0.95"):
        _emit(out, places, rules, "AUDIT-SUM", rel, sure=False, claimed=t.shown, expected=expected, label=label,
              n=len(parts))
        return True
    return False   # far short: the list may just be partial


def _count(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    if rel.counted is not None and Decimal(rel.counted) != rel.claim.value:
        _emit(out, places, rules, "AUDIT-COUNT", rel, sure=True, claimed=rel.claim.shown,
              expected=f"{rel.counted}{rel.claim.unit}")
    return True


def _score_max(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    score, weight = rel.claim, rel.operands[0].figure
    if not R.within_maximum(score.value, weight.value).ok:
        _emit(out, places, rules, "AUDIT-SCORE-MAX", rel, sure=True, claimed=score.text, expected=weight.text,
              label=score.label or "该项", weight=weight.text)
    return True


def _score_row(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """得分 against 分值 × min(1, 实际 ÷ 目标); only a score above the rule is flagged."""
    score = rel.claim
    weight, target, actual = (o.figure for o in rel.operands)
    if not R.within_maximum(score.value, weight.value).ok:
        return True   # score-max says it
    exact = weight.value * min(Decimal(1), actual.value / target.value)
    places_s = decimals_of(score.value)
    if R.agrees(score.value, exact, strict=strict).ok or score.value < quantize(exact, places_s):
        return True     # only a score above the rule is flagged
    _emit(out, places, rules, "AUDIT-SCORE-RATE", rel, sure=False, claimed=score.text, expected=fmt(exact, places_s),
          label=score.label or "该指标", weight=weight.text, target=target.shown, actual=actual.shown)
    return True


def _rate(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """A stated rate against 分子 ÷ 分母, each operand as printed (± half a unit for its rounding)."""
    r = rel.claim
    num, den = rel.operands[0].figure, rel.operands[1].figure
    if den.wan == 0:
        return False
    v = R.ratio_of_rounded(r.value, num.wan, den.wan, numerator_half=half(num), denominator_half=half(den), strict=strict)
    printed = R.ratio(r.value, num.wan, den.wan, strict=strict)
    if printed.ok:
        return True
    expected = f"{printed.shown}%"
    _emit(out, places, rules, "AUDIT-RATE", rel, sure=not v.ok, claimed=r.shown, expected=expected,
          cause=None if not v.ok else "差异在运算数的舍入范围之内，不能确定",
          label=_named(r.label, "比率"), num_label=num.label, num=num.shown, den_label=den.label, den=den.shown)
    return True


_CONNECTIVES: Final = "的为是占了约达"


def _named(label: str, default: str) -> str:
    """A label worth printing: not the bare connective (``的`` of ``为年初预算A万元的x%``) left between
    the figure before and this one."""
    return label if len(label.strip(_CONNECTIVES)) >= 2 else default


def _saving_rate(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """节约率 with no plan stated: 节约资金 ÷ (实际 + 节约资金), the plan, or 节约资金 ÷ 实际 (some units'
    reading); wrong only when it is neither, each operand ± half a unit for its rounding."""
    r = rel.claim
    saved, actual = rel.operands[0].figure, rel.operands[1].figure
    plan = actual.wan + saved.wan
    if actual.wan <= 0:
        return False
    fits = (R.ratio_of_rounded(r.value, saved.wan, plan, numerator_half=half(saved),
                               denominator_half=half(actual) + half(saved), strict=strict).ok
            or R.ratio_of_rounded(r.value, saved.wan, actual.wan, numerator_half=half(saved),
                                  denominator_half=half(actual), strict=strict).ok)
    if fits:
        return True
    by_plan, by_actual = R.ratio(r.value, saved.wan, plan, strict=strict), R.ratio(r.value, saved.wan, actual.wan, strict=strict)
    _emit(out, places, rules, "AUDIT-RATE", rel, sure=True, claimed=r.shown,
          expected=f"{by_plan.shown}%（若按节约资金÷实际采购金额，为{by_actual.shown}%）",
          label=r.label or "节约率", num_label=saved.label or "节约资金", num=saved.shown,
          den_label="采购预算（实际采购金额＋节约资金）", den=_wan_shown(plan, actual))
    return True


def _difference(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """A stated difference (节约资金, 年终结余) against the first operand minus the second."""
    d = rel.claim
    a, b = rel.operands[0].figure, rel.operands[1].figure
    expected = a.wan - b.wan
    if _close(d.wan, expected, d, Decimal(0), strict):
        return True
    sure = not _close(d.wan, expected, d, half(a) + half(b), strict)
    _emit(out, places, rules, "AUDIT-DIFFERENCE", rel, sure=sure, claimed=d.shown, expected=_wan_shown(expected, d),
          cause=None if sure else "差异在运算数的舍入范围之内，不能确定", label=d.label or rel.basis,
          a_label=rel.operands[0].role, a=a.shown, b_label=rel.operands[1].role, b=b.shown)
    return True


def _growth(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """年均增长 R% against (终了 ÷ 起始)^(1/年数) − 1, the end amounts ± half a unit."""
    r, start, end = rel.claim, rel.operands[0].figure, rel.operands[1].figure
    years = Decimal(rel.counted or 1)

    def cagr(a: Decimal, b: Decimal) -> Decimal:
        return ((b / a) ** (Decimal(1) / years) - 1) * HUNDRED

    exact = cagr(start.wan, end.wan)
    if R.agrees(r.value, exact, strict=strict).ok:
        return True
    lo = cagr(start.wan + half(start), end.wan - half(end))
    hi = cagr(start.wan - half(start), end.wan + half(end))
    sure = not (lo - R.unit_of(decimals_of(r.value)) <= r.value <= hi + R.unit_of(decimals_of(r.value)))
    _emit(out, places, rules, "AUDIT-GROWTH", rel, sure=sure, claimed=r.shown,
          expected=f"{fmt(exact, decimals_of(r.value))}%", cause=None if sure else "差异在运算数的舍入范围之内，不能确定",
          start=start.shown, end=end.shown, years=rel.counted)
    return True


def _score_by_rate(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """得分 against 分值 × 执行率, capped at 分值."""
    score = rel.claim
    weight, rate = rel.operands[0].figure, rel.operands[1].figure
    if not R.within_maximum(score.value, weight.value).ok:
        return True   # score-max says it
    exact = weight.value * min(rate.value, HUNDRED) / HUNDRED
    places_s = decimals_of(score.value)
    if R.agrees(score.value, exact, places=places_s, strict=strict).ok:
        return True
    # the rate itself is rounded: any score its rounding allows is accepted
    lo = weight.value * min(rate.value - half(rate), HUNDRED) / HUNDRED
    hi = weight.value * min(rate.value + half(rate), HUNDRED) / HUNDRED
    unit = Decimal(0) if strict else R.unit_of(places_s)
    if lo - unit <= score.value <= hi + unit:
        return True
    _emit(out, places, rules, "AUDIT-SCORE-FUNDS", rel, sure=True, claimed=score.text, expected=fmt(exact, places_s),
          label=score.label, weight=weight.text, rate=rate.shown)
    return True


def _score_total(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """A group's weight (``产出指标(60分)``) against the 分值 of its indicators: exact; a group the text
    may have cut off (not ``complete``) only when they add up to more."""
    total, parts = rel.claim, [o.figure.value for o in rel.operands]
    computed = sum(parts, Decimal(0))
    if R.score_total(total.value, parts).ok:
        return True
    if not rel.complete and computed < total.value:
        return False   # the rest of the group may stand past the text
    _emit(out, places, rules, "AUDIT-SCORE-WEIGHTS", rel, sure=True, claimed=total.text,
          expected=fmt(computed, decimals_of(computed)), label=total.label)
    return True


def _score_cap(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """A group's weight against the scores read under it: they add up to no more (the scores not read
    could only add to them)."""
    total, parts = rel.claim, [o.figure.value for o in rel.operands]
    computed = sum(parts, Decimal(0))
    if computed <= total.value:
        return True
    _emit(out, places, rules, "AUDIT-SCORE-TOTAL", rel, sure=True, claimed=total.text,
          expected=fmt(computed, decimals_of(computed)), label=total.label)
    return True


def _restated(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """The same figure stated twice: equal at the coarser precision, no slack (a restatement is no
    computation)."""
    a, b = rel.claim, rel.operands[0].figure
    if R.same_figure(a.wan, b.wan, places=min(decimals_of(a.value), decimals_of(b.value))).ok:
        return True
    _emit(out, places, rules, "AUDIT-RESTATED", rel, sure=True, claimed=a.shown, expected=b.shown,
          basis=rel.basis, other=places.locator(b.line, b.start))
    return True


def _part_of(rel: Relation, places: Places, rules: RuleBook, strict: bool, out: list[Finding]) -> bool:
    """An item of an allocation against the allocation's total: no larger."""
    part, whole = rel.claim, rel.operands[0].figure
    if part.wan <= whole.wan:
        return True
    _emit(out, places, rules, "AUDIT-ALLOCATION-PART", rel, sure=True, claimed=part.shown, expected=f"不超过{whole.shown}",
          basis=rel.basis, other=places.locator(whole.line, whole.start), total=whole.shown)
    return True


_VERIFIERS = {
    "restated": _restated,
    "part-of": _part_of,
    "saving-rate": _saving_rate,
    "score-rate": _score_by_rate,
    "difference": _difference,
    "growth": _growth,
    "rate": _rate,
    "score-max": _score_max,
    "score-row": _score_row,
    "score-total": _score_total,
    "score-cap": _score_cap,
    "change-amount": _change_amount,
    "change-rate": _change_rate,
    "direction": _direction,
    "sum": _sum,
    "change-sum": _sum,
    "count": _count,
}
