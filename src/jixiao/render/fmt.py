"""Display formats of the publication documents (DOMAIN §8).

Amounts are 万元.  A template says, per section, whether amounts drop trailing
zeros (Sichuan narrative: 188.9万元, 0万元) or keep two decimals (Yunnan forms:
10.00), and how many decimals a percentage has (决算说明 1, 整体 report 2).
Rounding is half-up, done here only, on display.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from jixiao.model.numbers import fmt, fmt_trim

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMATS = {0: "0", 1: "0.0", 2: "0.00"}
SCORE_FORMAT = "General"    # 5, 3.9, 2.25 as they are ("0.##" would print "5." in Excel)


@dataclass(frozen=True)
class Precision:
    amount: str = "trim"        # trim | fixed
    amount_places: int = 2
    percent: int = 1
    score: int = 1              # scores may print fewer decimals when exact (3.9, 5)

    def merged(self, data: dict[str, Any] | None) -> "Precision":
        if not data:
            return self
        return replace(self, **{k: data[k] for k in ("amount", "amount_places", "percent", "score") if k in data})


MAX_OWN_PLACES = 4     # a unit's own precision is kept up to 4 decimals (89.974万元); beyond that it is arithmetic


def own_places(value: Decimal, default: int) -> int:
    """The decimals the unit gave (89.974 → 3) when more than ``default``, else ``default``.

    A figure keeps the precision the unit gave it: 89.974万元 is never cut to 89.97.  A value with
    more than MAX_OWN_PLACES decimals is a quotient, not a stated figure, and prints at ``default``."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        return default
    return -exponent if default < -exponent <= MAX_OWN_PLACES else default


def amount(value: Decimal, precision: Precision) -> str:
    places = own_places(value, precision.amount_places)
    if precision.amount == "fixed":
        return fmt(value, places)
    return fmt_trim(value, places)


def table_amount(value: Decimal) -> str:
    """Tables print two decimals (more when the unit gave more) with thousands separators."""
    text = fmt(value, own_places(value, 2))
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}.{frac}"


def percent(value: Decimal, places: int) -> str:
    return fmt(value, places) + "%"


def score(value: Decimal, places: int = 1) -> str:
    """A score: exact values print as they are (5, 3.9), others at ``places`` decimals."""
    if value == value.to_integral_value():
        return str(int(value))
    text = fmt(value, max(places, 1))
    return text.rstrip("0").rstrip(".") if "." in text else text


def change_words(change: Decimal) -> tuple[str, str]:
    """('增加', '增长') for a rise or no change, ('减少', '下降') for a fall."""
    return ("减少", "下降") if change < 0 else ("增加", "增长")


def sentence(text: str) -> str:
    """End a unit's text with a full stop (its wording untouched)."""
    text = text.strip()
    if not text:
        return text
    return text if text[-1] in "。！？；…" else text + "。"
