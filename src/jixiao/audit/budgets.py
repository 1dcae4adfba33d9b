"""K13: ``完成预算x%`` of a total and of its parts.

Each ``决算a万元，完成预算x%`` implies a budget a ÷ x%.  When the amounts stated with a
completion rate right after a total add up to the total (the 类/款/项 lines after
``一般公共预算支出决算数为552.38万元，完成预算77.0%。其中：``, or the 三公 items after the
三公 total), the budgets they imply must add up to the budget the total implies.

Every implied budget is an interval: the amount ± half a unit of its last digit, divided by the
rate ± half a unit of its last digit (plus one unit of slack unless ``--strict``).  The check
fails only when the interval of the total and the sum of the parts' intervals do not meet.
A part with 0 spent and 0% completed says nothing about its budget (any budget fits).
"""
from __future__ import annotations

import re
from typing import Final
from dataclasses import dataclass
from decimal import Decimal

from jixiao.audit.context import AuditContext, wan
from jixiao.audit.mentions import Mention
from jixiao.model.numbers import HUNDRED, decimals_of, fmt
from jixiao import relations as R

_SCOPE_WORDS: Final = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算")
_INF = Decimal("Infinity")
_MAX_PARTS: Final = 40
_MARKER: Final = re.compile(r"^\s*(?:\d+[.、]|[(]\d+[)]|[一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)]|[①-⑳])")
_MAX_LINES: Final = 120


@dataclass
class Completion:
    amount: Mention
    rate: Mention
    low: Decimal       # the budget it implies, lowest and highest
    high: Decimal

    def __init__(self, amount: Mention, rate: Mention, low: Decimal, high: Decimal) -> None:
        # written out so mypyc compiles it (tests/test_native.py)
        self.amount = amount
        self.rate = rate
        self.low = low
        self.high = high

    @property
    def estimate(self) -> Decimal | None:
        if self.rate.value == 0:
            return None
        return wan(self.amount) / self.rate.value * HUNDRED


def is_budget_label(label: str) -> bool:
    text = _SCOPE_WORDS.sub("", label)
    return "预算" in text and "决算" not in text


def completions(ctx: AuditContext) -> list[Completion]:
    out: list[Completion] = []
    for i, mentions in ctx.figure_lines:
        if "\t" in ctx.text(i):
            continue
        for m in mentions:
            if m.role != "complete" or m.unit != "%":
                continue
            begin, _ = ctx.sentence_bounds(i, m.start)
            amounts = [a for a in mentions if begin <= a.start and a.end <= m.start and a.role == "plain"
                       and a.is_money and not is_budget_label(a.label)]
            if amounts:
                out.append(_completion(ctx, amounts[-1], m))
    return out


def _completion(ctx: AuditContext, amount: Mention, rate: Mention) -> Completion:
    half_a = wan_unit(amount) / 2
    unit_x = Decimal(1).scaleb(-decimals_of(rate.value))
    half_x = unit_x / 2 + (Decimal(0) if ctx.strict else unit_x)
    a, x = wan(amount), rate.value
    if a == 0 and x <= half_x:
        return Completion(amount, rate, Decimal(0), _INF)
    low = max(Decimal(0), a - half_a) / (x + half_x) * HUNDRED
    high = (a + half_a) / (x - half_x) * HUNDRED if x > half_x else _INF
    return Completion(amount, rate, low, high)


def wan_unit(m: Mention) -> Decimal:
    """One unit of the last stated digit, in 万元."""
    return Decimal(1).scaleb(-decimals_of(m.value)) * (m.wan / m.value if m.value else Decimal(1))


def check_budget_parts(ctx: AuditContext) -> None:
    found = completions(ctx)
    k = 0
    while k < len(found):
        parts = _parts_after(ctx, found, k)
        if parts:
            _verify(ctx, found[k], parts)
        k += 1


def list_marker(text: str) -> str:
    """The kind of list number a line starts with (``1.``, ``(1)``, ``一、``, ``(一)``), or ``""``."""
    m = _MARKER.match(text)
    if m is None:
        return ""
    return re.sub(r"\d+", "9", re.sub(r"[一二三四五六七八九十]+", "十", m.group(0)))


def _parts_after(ctx: AuditContext, found: list[Completion], k: int) -> list[Completion]:
    whole = found[k]
    total = wan(whole.amount)
    marker = list_marker(ctx.text(whole.amount.line))
    parts: list[Completion] = []
    for c in found[k + 1:k + 1 + _MAX_PARTS]:
        if c.amount.line - whole.amount.line > _MAX_LINES:
            break
        if marker and c.amount.line != whole.amount.line and list_marker(ctx.text(c.amount.line)) == marker:
            return []   # a sibling item of the same list, not a part
        parts.append(c)
        amounts = [wan(p.amount) for p in parts]
        if sum(amounts) > total + wan_unit(whole.amount) * len(parts):
            return []
        if len(parts) >= 2 and R.total_of(total, amounts).ok and sum(amounts) > 0:
            return parts
    return []


_KIND = re.compile(r"调整|变动|年初")


def _budget_kind(ctx: AuditContext, c: Completion) -> str:
    """Which budget the rate is of: ``调整`` (调整预算, 变动预算), ``年初``, or ``""`` when the
    clause does not say."""
    text = ctx.text(c.rate.line)
    clause = re.split(r"[,;。]", text[:c.rate.start])[-1]
    kind = _KIND.search(clause)
    return "" if kind is None else ("年初" if kind.group() == "年初" else "调整")


def _verify(ctx: AuditContext, whole: Completion, parts: list[Completion]) -> None:
    kinds = {_budget_kind(ctx, c) for c in [whole] + parts}
    if len(kinds) > 1:
        # ``总收入…完成调整预算的99.6%。其中：中央级收入…完成预算的97.95%``: rates of different
        # budgets (the adjusted one and, perhaps, the initial one) imply budgets that need not add up
        return
    ctx.relations += 1
    low = sum((p.low for p in parts), Decimal(0))
    high = sum((p.high for p in parts), Decimal(0))
    if low <= whole.high and whole.low <= high:
        return
    estimate = whole.estimate
    estimates = [p.estimate for p in parts]
    if estimate is None:
        return
    parts_sum = sum((e for e in estimates if e is not None), Decimal(0))   # 0 spent at 0%: budget unknown
    ops = [(p.amount.label or f"第{n + 1}项", f"{p.amount.shown}÷{p.rate.shown}", ctx.doc.lines[p.amount.line].locator)
           for n, p in enumerate(parts)]
    ctx.emit("AUDIT-BUDGET-PARTS", whole.rate, claimed=f"{fmt(estimate, 2)}万元", expected=f"{fmt(parts_sum, 2)}万元",
             operands=ops, label=re.sub("[“”\"]", "", whole.amount.label) or "合计", amount=whole.amount.shown,
             rate=whole.rate.shown,
             n=len(parts))
