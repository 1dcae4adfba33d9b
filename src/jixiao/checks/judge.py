"""A check's tolerance applied through :mod:`jixiao.relations` — no arithmetic of its own.

``tolerance`` in a pack is one of:

* ``stated`` — at the stated precision with one unit of slack (``--strict``: none);
* ``exact`` — equal at the stated precision, no slack (restatements, counts, points);
* ``rounded_parts`` — a total of n rounded parts may be n half-units off (``--strict``: exact);
* a number such as ``0.01`` — an absolute tolerance.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from jixiao.model.numbers import fmt
from jixiao import relations as R
from jixiao.relations import Verdict

from jixiao.checks.context import CheckContext
from jixiao.checks.model import CheckDef


def total(ctx: CheckContext, check: CheckDef, stated: Decimal, parts: Sequence[Decimal]) -> Verdict:
    tol = check.tolerance
    if tol == "exact":
        return R.total_of(stated, parts, rounded_parts=False)
    if tol == "rounded_parts":
        return R.total_of(stated, parts, strict=ctx.strict)
    computed = sum(parts, Decimal(0))
    if tol == "stated":
        return R.agrees(stated, computed, strict=ctx.strict)
    return R.agrees(stated, computed, tolerance=Decimal(tol))


def equal(ctx: CheckContext, check: CheckDef, a: Decimal, b: Decimal, *, money: bool = True) -> Verdict:
    """Two figures that must agree: ``a`` stated, ``b`` the one it is compared with."""
    tol = check.tolerance
    places = min(ctx.places(a, money), ctx.places(b, money))
    if tol == "exact":
        return R.same_figure(a, b, places=places)
    if tol in ("stated", "rounded_parts"):
        return R.agrees(a, b, places=places, strict=ctx.strict)
    return R.agrees(a, b, tolerance=Decimal(tol))


def rate(ctx: CheckContext, stated: Decimal, computed: Decimal, *, money: bool = False) -> Verdict:
    """A published value against the value its operands give, at the stated precision."""
    return R.agrees(stated, computed, places=ctx.places(stated, money), strict=ctx.strict)


_UNIT_WORDS = {"%": "个百分点", "万元": "万元"}


def diff_text(verdict: Verdict, unit: str | None = None) -> str:
    difference = verdict.difference
    if difference is None:
        return "—"
    return fmt(difference, verdict.places) + _UNIT_WORDS.get(unit or "", "")


def tol_text(verdict: Verdict, unit: str | None = None) -> str:
    if not verdict.tolerance:
        return "0（须完全一致）"
    return f"±{verdict.tolerance:f}" + _UNIT_WORDS.get(unit or "", "")


def shown(verdict: Verdict, unit: str | None = None) -> str:
    """The computed value at the stated precision, with its unit (``-26.45%``, ``0.73万元``)."""
    if verdict.shown is None:
        return "—"
    return verdict.shown + (unit or "")
