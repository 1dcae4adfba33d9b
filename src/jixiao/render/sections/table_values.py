"""Derived cells of the 附表 (``tables.yaml``): sums over a list and differences of figures.

A derived cell is a mapping:
  {sum: PATH, field: F, where: {...}}   Σ of field F over the list at PATH (filtered like a row's `each`);
                                         None when the list is empty or an element lacks F
  {minus: [A, B, ...]}                  A − B − …, each a path or a derived cell; None if one is None
  {first: [A, B, ...]}                  the first of A, B, … that is not None (a fallback chain)
Nothing here rounds: the figures stay Decimal and are formatted by the table.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

DERIVED_KEYS = ("sum", "minus", "first")

Resolve = Callable[[str], Any]
Matches = Callable[[Any, dict[str, Any]], bool]


def is_derived(expr: Any) -> bool:
    return isinstance(expr, dict) and any(key in expr for key in DERIVED_KEYS)


def derived_value(expr: Any, resolve: Resolve, matches: Matches) -> Decimal | None:
    """The value of a path (through ``resolve``) or of a derived cell."""
    if not isinstance(expr, dict):
        value = resolve(str(expr))
        return None if value is None or isinstance(value, str) else Decimal(value)
    if "sum" in expr:
        return _sum(expr, resolve, matches)
    if "minus" in expr:
        parts = [derived_value(part, resolve, matches) for part in expr["minus"]]
        if not parts or any(p is None for p in parts):
            return None
        return parts[0] - sum(parts[1:], Decimal(0))
    for part in expr["first"]:
        value = derived_value(part, resolve, matches)
        if value is not None:
            return value
    return None


def _sum(expr: dict[str, Any], resolve: Resolve, matches: Matches) -> Decimal | None:
    items = [item for item in resolve(expr["sum"]) or () if matches(item, expr.get("where") or {})]
    values = [getattr(item, expr["field"], None) for item in items]
    if not values or any(v is None for v in values):
        return None
    return sum((Decimal(v) for v in values), Decimal(0))
