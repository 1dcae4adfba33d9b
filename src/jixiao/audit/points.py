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


_SPAN: Final = re.compile(r"(?P<a>(?:19|20)\d\d)\s*(?:~|-|至|到)\s*(?P<b>(?:19|20)\d\d)年")
_RESPECTIVELY: Final = re.compile(r"分别(?:为|是|达到?)")
_YEAR_VS_YEAR: Final = re.compile(r"(?P<b>(?:19|20)\d\d)年(?:比|较)(?P<a>(?:19|20)\d\d)年[^,;。\d%]{0,16}$")


def _from_series(ctx: AuditContext, i: int, points: Mention, mentions: list[Mention]) -> bool:
    """``2013~2017年，…比重分别为22.5%、15.2%、17.6%、17.3%、13.2%，2017年比2013年…下降了9.3个百分点``:
    one rate a year over a span of years, in order, then two of those years compared.  Read only when
    the span has exactly as many rates as years; True when the sentence is of this shape."""
    text = ctx.text(i)
    vs = _YEAR_VS_YEAR.search(text, 0, points.start)
    if vs is None:
        return False
    span = None
    for m in _SPAN.finditer(text, 0, vs.start()):
        span = m
    said = _RESPECTIVELY.search(text, span.end(), vs.start()) if span else None
    if span is None or said is None:
        return False
    first, last = int(span.group("a")), int(span.group("b"))
    series = [m for m in mentions if m.unit == "%" and said.end() <= m.start < vs.start()]
    years = {int(vs.group("a")), int(vs.group("b"))}
    if last - first + 1 != len(series) or not years <= set(range(first, last + 1)):
        return True   # of this shape, but which rate is which year cannot be told: not checked
    _verify(ctx, points, series[int(vs.group("b")) - first], series[int(vs.group("a")) - first],
            now=f"{vs.group('b')}年", then=f"{vs.group('a')}年")
    return True


def _check(ctx: AuditContext, i: int, points: Mention, mentions: list[Mention]) -> None:
    if _from_series(ctx, i, points, mentions):
        return
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


def _verify(ctx: AuditContext, points: Mention, current: Mention, prior: Mention, now: str = "本年",
            then: str = "上年") -> None:
    diff = current.value - prior.value
    ops = [ctx.operand(prior, then), ctx.operand(current, now)]
    fields: dict[str, Any] = {"current": current.shown, "prior": prior.shown}
    ctx.relations += 1
    up, down = points.word in UP, points.word in DOWN
    if diff != 0 and ((up and diff < 0) or (down and diff > 0)):
        actual = "提高" if diff > 0 else "下降"
        ctx.emit("AUDIT-CHANGE-DIRECTION", points, claimed=points.word, expected=actual, operands=ops,
                 word=points.word, actual=actual, now=now, then=then, **fields)
        return
    stated = abs(points.value)
    places = decimals_of(points.value)
    unit = Decimal(1).scaleb(-places)
    slack = Decimal(0) if ctx.strict else unit
    rounding = (Decimal(1).scaleb(-decimals_of(current.value)) + Decimal(1).scaleb(-decimals_of(prior.value))) / 2
    if abs(stated - quantize(abs(diff), places)) <= slack or abs(stated - abs(diff)) <= rounding + unit / 2:
        return
    ctx.emit("AUDIT-POINTS", points, claimed=points.shown, expected=f"{fmt(abs(diff), places)}个百分点", operands=ops,
             now=now, then=then, **fields)
