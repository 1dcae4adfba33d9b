"""比上年/与上年相比 增加/减少/下降/增长: change amounts, change rates and their direction.

Operands, in order of preference: last year's and this year's figures stated in the same
paragraph (``2021年…为2.76万元，2022年…为2.03万元``), else this year's figure and the stated
change amount (last year = this year − change).
"""
from __future__ import annotations

import re
from decimal import Decimal

from jixiao.audit.context import Ctx, wan
from jixiao.audit.mentions import MONEY, Mention, canonical
from jixiao.model.numbers import HUNDRED, decimals_of, fmt
from jixiao.rules import relations as R

UP = ("增加", "增长", "上升", "提高", "增", "增幅", "上浮")
DOWN = ("减少", "下降", "降低", "减", "节约", "节省", "降幅", "下浮")
_PRIOR_MARK = re.compile(r"上年度|上一年|上年|去年|同期|20\d\d年")


def signed(m: Mention) -> Decimal:
    """The change with its sign: from the word (减少 → −), or as written (变动-10.53%)."""
    if m.word in DOWN:
        return -abs(m.value)
    return m.value


def check_changes(ctx: Ctx) -> None:
    for i, mentions in ctx.figure_lines:
        changes = [m for m in mentions if m.role == "change" and m.unit != "个百分点"]
        if not changes:
            continue
        prior = _prior(ctx, mentions)
        for ch in changes:
            current = _current(ctx, mentions, ch, prior)
            if current is None:
                continue
            if prior is not None and prior.unit in MONEY and current.is_money:
                _with_prior(ctx, ch, current, prior)
            elif ch.unit == "%":
                amount = _amount_before(mentions, ch)
                if amount is not None:
                    _rate_from_amount(ctx, ch, current, amount)
        del i


def _prior(ctx: Ctx, mentions: list[Mention]) -> Mention | None:
    priors = [m for m in mentions if m.role == "prior" and m.is_money]
    return priors[0] if len(priors) == 1 else None


def _current(ctx: Ctx, mentions: list[Mention], ch: Mention, prior: Mention | None) -> Mention | None:
    plain = [m for m in mentions if m.role == "plain" and m.is_money]
    if prior is not None:
        key = canonical(_PRIOR_MARK.sub("", prior.label), ctx.year)
        same = [m for m in plain if canonical(m.label.replace("本年度", "").replace("本年", ""), ctx.year) == key]
        if same:
            return same[0]
    before = [m for m in plain if m.end <= ch.start]
    if before:
        return before[-1]
    after = [m for m in plain if m.start >= ch.end]
    return after[0] if after and prior is not None else None


def _amount_before(mentions: list[Mention], ch: Mention) -> Mention | None:
    cands = [m for m in mentions if m.role == "change" and m.is_money and m.end <= ch.start]
    if not cands:
        return None
    last = cands[-1]
    between = [m for m in mentions if last.end <= m.start < ch.start and m.role in ("plain", "share")]
    return None if between else last


def _with_prior(ctx: Ctx, ch: Mention, current: Mention, prior: Mention) -> None:
    diff = wan(current) - wan(prior)
    ops = [ctx.operand(prior, "上年"), ctx.operand(current, "本年")]
    fields = {"current": current.shown, "prior": prior.shown}
    if ch.word and not R.direction_matches(ch.word, diff) and ch.word not in ("变动", "变化"):
        ctx.relations += 1
        actual = "增加" if diff > 0 else "减少"
        ctx.emit("AUDIT-CHANGE-DIRECTION", ch, claimed=ch.word, expected=actual, operands=ops, word=ch.word,
                 actual=actual, **fields)
    if ch.is_money:
        _amount(ctx, ch, diff, ops, fields)
    elif ch.unit == "%" and wan(prior) != 0:
        ctx.relations += 1
        verdict = R.change_rate(signed(ch) if ch.word not in ("变动", "变化") else ch.value, wan(current), wan(prior),
                                strict=ctx.strict)
        if not verdict.ok:
            stated = signed(ch)
            cause = _rate_cause(stated, diff, wan(current), wan(prior))
            ctx.emit("AUDIT-CHANGE-RATE", ch, claimed=ch.shown, expected=f"{verdict.shown}%", operands=ops,
                     cause=cause, **fields)


def _amount(ctx: Ctx, ch: Mention, diff: Decimal, ops: list[tuple[str, str, str]], fields: dict[str, str]) -> None:
    ctx.relations += 1
    stated = abs(wan(ch))
    places = max(decimals_of(ch.value), 2)
    if R.agrees(abs(ch.value) * MONEY[ch.unit], abs(diff), places=places + _shift(ch.unit), strict=ctx.strict).ok:
        return
    expected = fmt(abs(diff) / MONEY[ch.unit], decimals_of(ch.value)) + ch.unit
    for unit, scale in MONEY.items():
        if unit != ch.unit and R.agrees(abs(ch.value) * scale, abs(diff), places=decimals_of(ch.value) + _shift(unit),
                                        strict=ctx.strict).ok:
            ctx.emit("AUDIT-UNIT", ch, claimed=ch.shown, expected=f"{ch.text}{unit}", operands=ops,
                     cause=f"按{unit}计数字相符，单位应为{unit}")
            return
    del stated
    ctx.emit("AUDIT-CHANGE-AMOUNT", ch, claimed=ch.shown, expected=expected, operands=ops, **fields)


def _shift(unit: str) -> int:
    """Decimal places added when a figure in ``unit`` is expressed in 万元."""
    return {"万元": 0, "元": 4, "亿元": -4, "千元": 1}[unit]


def _rate_from_amount(ctx: Ctx, ch: Mention, current: Mention, amount: Mention) -> None:
    delta = signed(amount) * MONEY[amount.unit]
    cur = wan(current)
    if cur - delta == 0:
        return
    stated = signed(ch) if ch.word not in ("变动", "变化") else ch.value
    if amount.word in DOWN or amount.word in UP:
        stated = abs(ch.value) if delta > 0 else -abs(ch.value)
    ctx.relations += 1
    verdict = R.change_rate_from_amount(stated, cur, delta, strict=ctx.strict)
    if verdict.ok:
        return
    prior = cur - delta
    ops = [ctx.operand(current, "本年"), ctx.operand(amount, "变动额")]
    cause = _rate_cause(stated, delta, cur, prior)
    ctx.emit("AUDIT-CHANGE-RATE", ch, claimed=ch.shown, expected=f"{fmt(abs(verdict.computed or 0), verdict.places)}%",
             operands=ops, cause=cause, current=current.shown, prior=fmt(prior, 2) + "万元")


def _rate_cause(stated: Decimal, diff: Decimal, current: Decimal, prior: Decimal) -> str | None:
    if current != 0 and R.agrees(abs(stated), abs(diff) / current * HUNDRED).ok:
        return "以本年数而非上年数作分母计算"
    if prior != 0 and R.agrees(abs(stated), abs(diff) * 10000 / prior * HUNDRED).ok:
        return "变动额与上年数单位不一致（元/万元）"
    return None
