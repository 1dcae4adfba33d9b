"""The arithmetic relations, one place for every verdict: metrics, checks, scoring, the auditor and
batch (its Python side) all call these functions, none re-implements them.

=====================  ==============================================================
sum                    :func:`total_of` — a stated total against the sum of its parts
share                  :func:`ratio`, :func:`shares` — part / whole × 100
change                 :func:`change_amount` (本年 − 上年), :func:`change_rate` (on 上年);
                       :func:`change` — the change itself, when there is nothing stated to check
rate                   :func:`ratio` — numerator / denominator × 100
score total            :func:`score_total` — Σ item scores, exact; a range when items are unscored
score ≤ maximum        :func:`within_maximum`
=====================  ==============================================================

Each function compares what a document *states* with what its own operands
*imply*, and returns a :class:`Verdict`.  The rule of tolerance is in one
place (:func:`agrees`):

* a stated figure agrees when it equals the recomputed value rounded half-up
  (四舍五入) to its printed precision, or differs from it by one unit of its
  last printed digit (``slack=1``), because units routinely compute from
  rounded operands; ``strict=True`` (``--strict``) drops the one unit;
* scores are exact quantities: a score total must equal the sum of its items;
* a total of ``n`` rounded parts may differ from their sum by ``n`` half-units
  of the last digit (DOMAIN §6).

No I/O, no findings: callers turn verdicts into findings with their own rule ids
and sources.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Sequence

from jixiao.model.numbers import HUNDRED, decimals_of, fmt, quantize


@dataclass(frozen=True)
class Verdict:
    ok: bool
    stated: Decimal
    computed: Decimal | None        # exact, unrounded; None when it cannot be computed
    places: int                     # decimals the stated value was given with
    tolerance: Decimal
    note: str | None = None         # e.g. the largest-remainder adjustment that was accepted
    low: Decimal | None = None      # a score total with unscored items: the range it may lie in
    high: Decimal | None = None

    def __init__(self, ok: bool, stated: Decimal, computed: Decimal | None, places: int, tolerance: Decimal,
                 note: str | None = None, low: Decimal | None = None, high: Decimal | None = None) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "ok", ok)
        object.__setattr__(self, "stated", stated)
        object.__setattr__(self, "computed", computed)
        object.__setattr__(self, "places", places)
        object.__setattr__(self, "tolerance", tolerance)
        object.__setattr__(self, "note", note)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

    @property
    def verifiable(self) -> bool:
        """False when the verdict is only "within the range the unknown operands allow"."""
        return self.low is None

    @property
    def shown(self) -> str | None:
        """The computed value at the stated precision, as a document would print it."""
        return None if self.computed is None else fmt(self.computed, self.places)

    @property
    def difference(self) -> Decimal | None:
        return None if self.computed is None else self.stated - quantize(self.computed, self.places)


def unit_of(places: int) -> Decimal:
    """One unit of the ``places``-th decimal (1, 0.1, 0.01 …)."""
    return _UNITS[places] if 0 <= places < len(_UNITS) else Decimal(1).scaleb(-places)


_UNITS: Final = tuple(Decimal(1).scaleb(-places) for places in range(13))
_HALVES: Final = tuple(unit / 2 for unit in _UNITS)


def agrees(stated: Decimal, computed: Decimal, *, places: int | None = None, slack: int = 1,
           strict: bool = False, tolerance: Decimal | None = None) -> Verdict:
    """Does ``stated`` equal ``computed`` at the stated precision (± slack units)?"""
    places = decimals_of(stated) if places is None else places
    if tolerance is None:
        tolerance = Decimal(0) if strict else unit_of(places) * slack
    ok = abs(stated - quantize(computed, places)) <= tolerance
    return Verdict(ok, stated, computed, places, tolerance)


def ratio(stated_pct: Decimal, numerator: Decimal, denominator: Decimal, **kw: object) -> Verdict:
    """A stated rate or share in % against numerator / denominator × 100."""
    places = decimals_of(stated_pct)
    if denominator == 0:
        return Verdict(False, stated_pct, None, places, Decimal(0), note="分母为0")
    return agrees(stated_pct, numerator / denominator * HUNDRED, **kw)  # type: ignore[arg-type]


def total_of(stated_total: Decimal, parts: Sequence[Decimal], *, strict: bool = False,
             rounded_parts: bool = True) -> Verdict:
    """A stated total against the sum of its parts.

    Amounts printed rounded may add up to n half-units off (n parts); exact
    quantities such as scorecard points must add up exactly (``rounded_parts=False``).
    """
    places = max([decimals_of(stated_total), *(decimals_of(p) for p in parts)])
    computed = sum(parts, Decimal(0))
    if strict or not rounded_parts:
        tolerance = Decimal(0)
    else:
        tolerance = max(unit_of(places), unit_of(places) * Decimal(len(parts)) / 2)
    ok = abs(stated_total - computed) <= tolerance
    return Verdict(ok, stated_total, computed, places, tolerance)


def change_amount(stated: Decimal, current: Decimal, prior: Decimal, **kw: object) -> Verdict:
    """变动额 = 本年 − 上年."""
    return agrees(stated, current - prior, **kw)  # type: ignore[arg-type]


def change_rate(stated_pct: Decimal, current: Decimal, prior: Decimal, **kw: object) -> Verdict:
    """变动率 = (本年 − 上年) / 上年 × 100 — on last year's base."""
    return ratio(stated_pct, current - prior, prior, **kw)


def change(current: Decimal, prior: Decimal) -> tuple[Decimal, Decimal | None]:
    """The change from ``prior`` to ``current``: (本年 − 上年, exact; (本年 − 上年) / 上年 × 100, exact,
    or None when 上年 is 0) — what a reviewer's comparison of two years shows, nothing stated to check."""
    amount = current - prior
    return amount, (None if prior == 0 else amount / prior * HUNDRED)


def change_rate_from_amount(stated_pct: Decimal, current: Decimal, change: Decimal, **kw: object) -> Verdict:
    """When only this year's figure and the stated change are known: prior = current − change."""
    return ratio(stated_pct, change, current - change, **kw)


def largest_remainder(parts: Sequence[Decimal], places: int, total: Decimal = HUNDRED) -> list[Decimal]:
    """Shares of ``parts`` rounded to ``places`` so that they add to exactly ``total`` (最大余额法)."""
    whole = sum(parts, Decimal(0))
    if whole == 0:
        return [Decimal(0) for _ in parts]
    unit = unit_of(places)
    exact = [p / whole * total for p in parts]
    floors = [(e // unit) * unit for e in exact]
    short = int(((total - sum(floors, Decimal(0))) / unit).to_integral_value())
    order = sorted(range(len(parts)), key=lambda i: (exact[i] - floors[i]), reverse=True)
    for i in order[:max(short, 0)]:
        floors[i] += unit
    return floors


def shares(stated: Sequence[Decimal], parts: Sequence[Decimal], *, whole: Decimal | None = None,
           strict: bool = False) -> list[Verdict]:
    """Each stated share against part / whole (default Σ parts).

    A set of shares adjusted so that it totals exactly 100% is accepted, and the
    verdict says so: every stated share must be the exact share rounded down or
    up at the stated precision (the largest-remainder method is one such choice;
    units also push the difference onto another item).
    """
    whole = sum(parts, Decimal(0)) if whole is None else whole
    places = max((decimals_of(s) for s in stated), default=1)
    plain = [ratio(s, p, whole, strict=strict) for s, p in zip(stated, parts)]
    if all(v.ok for v in plain) or whole == 0 or sum(stated, Decimal(0)) != HUNDRED:
        return plain
    unit = unit_of(places)
    if all(_floor_or_ceil(v.stated, v.computed, unit) for v in plain if v.computed is not None):
        note = "各项占比经尾差调整后合计为100%（如最大余额法），予以认可"
        return [v if v.shown is not None and Decimal(v.shown) == v.stated
                else Verdict(True, v.stated, v.computed, v.places, v.tolerance, note) for v in plain]
    return plain


def _floor_or_ceil(stated: Decimal, exact: Decimal, unit: Decimal) -> bool:
    floor = (exact // unit) * unit
    return stated in (floor, floor + unit)


def within_maximum(score: Decimal, maximum: Decimal) -> Verdict:
    """Score ≤ maximum (分值): a score is an exact quantity, no slack."""
    return Verdict(score <= maximum, score, maximum, decimals_of(score), Decimal(0))


def score_total(stated: Decimal, scores: Sequence[Decimal], unknown_maxima: Sequence[Decimal] = ()) -> Verdict:
    """A stated score total (or subtotal) against its items' scores.

    When every item is scored, the total must be their exact sum.  When some are
    not (``unknown_maxima`` holds their maxima), it must lie within what they could
    add (Σ scores … Σ scores + Σ maxima); such a verdict is not :attr:`~Verdict.verifiable`.
    """
    if not unknown_maxima:
        return total_of(stated, scores, rounded_parts=False)
    low = sum(scores, Decimal(0))
    high = low + sum(unknown_maxima, Decimal(0))
    return Verdict(low <= stated <= high, stated, None, decimals_of(stated), Decimal(0), low=low, high=high)


def direction_matches(word: str, change: Decimal) -> bool:
    """'增加/增长/上升' must go with a positive change, '减少/下降/降低' with a negative one."""
    if change == 0:
        return True
    up = any(w in word for w in ("增加", "增长", "上升", "提高"))
    down = any(w in word for w in ("减少", "下降", "降低"))
    return (up and change > 0) or (down and change < 0) or not (up or down)


def same_figure(a: Decimal, b: Decimal, *, places: int | None = None) -> Verdict:
    """The same quantity stated twice: equal at the coarser of the two precisions, no slack.

    A restatement is not a computation, so there is no rounding to excuse a
    difference: 2.03 and 2.04 are two different figures.  ``places`` sets the
    precision to compare at (e.g. 2 for 万元 amounts printed with trailing zeros dropped).
    """
    if places is None:
        places = min(decimals_of(a), decimals_of(b))
    ok = quantize(a, places) == quantize(b, places)
    return Verdict(ok, a, b, places, Decimal(0))


def ratio_of_rounded(stated_pct: Decimal, numerator: Decimal, denominator: Decimal, *,
                     numerator_half: Decimal, denominator_half: Decimal, strict: bool = False) -> Verdict:
    """A stated rate whose operands are themselves rounded figures.

    Any rate the operands' rounding allows (each operand ± its half-unit) is
    accepted, plus one unit of slack at the stated precision unless ``strict``.
    Used where the rate's base is itself derived from rounded figures, e.g. a
    change rate checked against a stated change amount (prior = current − change).
    """
    places = decimals_of(stated_pct)
    if denominator == 0 or abs(denominator) <= denominator_half:
        return Verdict(False, stated_pct, None, places, Decimal(0), note="分母为0")
    exact = numerator / denominator * HUNDRED
    corners = [(numerator + dn) / (denominator + dd) * HUNDRED
               for dn in (-numerator_half, numerator_half) for dd in (-denominator_half, denominator_half)]
    spread = max(abs(c - exact) for c in corners)
    slack = Decimal(0) if strict else unit_of(places)
    tolerance = spread + slack
    ok = abs(stated_pct - exact) <= tolerance or abs(stated_pct - quantize(exact, places)) <= slack
    return Verdict(ok, stated_pct, exact, places, quantize(tolerance, places + 2))


def half_unit(value: Decimal, places: int | None = None) -> Decimal:
    """Half a unit of the last stated digit: the rounding a printed figure may carry."""
    places = decimals_of(value) if places is None else places
    return _HALVES[places] if 0 <= places < len(_HALVES) else unit_of(places) / 2


def implied_base(stated_pct: Decimal, numerator: Decimal, *, numerator_half: Decimal) -> tuple[Decimal, Decimal, Decimal] | None:
    """The denominator a stated rate implies (numerator ÷ rate), as (low, middle, high).

    The bounds carry the rounding of both the stated rate (half a unit of its
    last digit) and the numerator (``numerator_half``); ``high`` is infinite when
    the rate's rounding reaches 0.  None for a 0% rate of a nonzero numerator.
    """
    half_rate = unit_of(decimals_of(stated_pct)) / 2
    infinite = Decimal("Infinity")
    if stated_pct == 0:
        return (Decimal(0), infinite, infinite) if numerator == 0 else None
    low = max(numerator - numerator_half, Decimal(0)) / (stated_pct + half_rate) * HUNDRED
    high = (numerator + numerator_half) / (stated_pct - half_rate) * HUNDRED if stated_pct > half_rate else infinite
    return low, numerator / stated_pct * HUNDRED, high
