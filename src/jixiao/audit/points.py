"""``个百分点``: a change of a rate or share stated in percentage points, against the two rates
the sentence states (``执行率为95.2%，上年为93.1%，提高2.1个百分点``;
``占比由上年的30.5%提高到35.2%，提高4.7个百分点``).

The earlier rate is the one the text marks as last year's (上年/去年/同期/上一年/the previous
year/由…/从…, or in brackets after 比上年/较上年); the current one is the nearest other rate.
A change that cannot be paired with exactly one earlier and one current rate is not checked.
"""
from __future__ import annotations

import re
from typing import Any, Final
from decimal import Decimal

from jixiao.audit.statements import DOWN, UP
from jixiao.audit.context import AuditContext
from jixiao.audit.mentions import Mention
from jixiao.model.numbers import decimals_of, fmt, quantize

_RATE_ROLES: Final = ("plain", "rate", "share", "complete", "prior")
_PRIOR_BEFORE: Final = re.compile(r"(?:上年度?|上一年度?|去年|同期|由|从)[^,;。%\d]{0,16}$")


def check_percentage_points(ctx: AuditContext) -> None:
    for i, mentions in ctx.figure_lines:
        if not any(m.unit == "个百分点" for m in mentions):
            continue
        for m in mentions:
            if m.unit == "个百分点" and m.word:
                _check(ctx, i, m, mentions)


def _check(ctx: AuditContext, i: int, points: Mention, mentions: list[Mention]) -> None:
    begin, end = ctx.sentence_bounds(i, points.start)
    rates = [m for m in mentions if m.unit == "%" and m.role in _RATE_ROLES and begin <= m.start < end]
    if len(rates) < 2 and begin > 0:
        begin = ctx.sentence_bounds(i, begin - 1)[0]
        rates = [m for m in mentions if m.unit == "%" and m.role in _RATE_ROLES and begin <= m.start < end]
    text = ctx.text(i)
    prior_year = f"{ctx.year - 1}年" if ctx.year else "上年"
    priors = [m for m in rates if m.role == "prior" or _is_prior(text, m, prior_year)]
    currents = [m for m in rates if m not in priors]
    if len(priors) != 1 or not currents:
        return
    prior = priors[0]
    before = [m for m in currents if m.end <= points.start]
    current = before[-1] if before else currents[0]
    _verify(ctx, points, current, prior)


def _is_prior(text: str, m: Mention, prior_year: str) -> bool:
    before = text[max(0, m.start - 20):m.start]
    if _PRIOR_BEFORE.search(before) or before.rstrip("为是:").endswith(prior_year):
        return True
    if prior_year in before[-12:] and not re.search(r"[,;。]", before[before.rfind(prior_year):]):
        return True
    return bool(re.search(r"(?:比|较|与)(?:上年|去年|上年同期|同期|" + prior_year + r")(?:的)?\($", before))


def _verify(ctx: AuditContext, points: Mention, current: Mention, prior: Mention) -> None:
    diff = current.value - prior.value
    ops = [ctx.operand(prior, "上年"), ctx.operand(current, "本年")]
    fields: dict[str, Any] = {"current": current.shown, "prior": prior.shown}
    ctx.relations += 1
    up, down = points.word in UP, points.word in DOWN
    if diff != 0 and ((up and diff < 0) or (down and diff > 0)):
        actual = "提高" if diff > 0 else "下降"
        ctx.emit("AUDIT-CHANGE-DIRECTION", points, claimed=points.word, expected=actual, operands=ops,
                 word=points.word, actual=actual, **fields)
        return
    stated = abs(points.value)
    places = decimals_of(points.value)
    unit = Decimal(1).scaleb(-places)
    slack = Decimal(0) if ctx.strict else unit
    rounding = (Decimal(1).scaleb(-decimals_of(current.value)) + Decimal(1).scaleb(-decimals_of(prior.value))) / 2
    if abs(stated - quantize(abs(diff), places)) <= slack or abs(stated - abs(diff)) <= rounding + unit / 2:
        return
    ctx.emit("AUDIT-POINTS", points, claimed=points.shown, expected=f"{fmt(abs(diff), places)}个百分点", operands=ops,
             **fields)
