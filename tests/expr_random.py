"""Random rule expressions for the tests that hold the expression engines to the same values
(test_batch_sqlexpr: Decimal against DuckDB; test_expr_engines: Decimal, DuckDB and LibreOffice)."""
from __future__ import annotations

import random
from decimal import Decimal

from jixiao import expr as E


def random_expression(rng: random.Random, depth: int, names: tuple[str, ...], leaves: tuple[str, ...],
                      divisors: tuple[str, ...]) -> str:
    """An expression text of at most ``depth`` levels over ``names``: a leaf is a name or one of
    ``leaves``; a division is by a name or one of ``divisors``."""
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(names + leaves)
    kind = rng.choice(("bin", "bin", "div", "cmp", "if", "call", "neg", "logic", "round"))
    sub = lambda: random_expression(rng, depth - 1, names, leaves, divisors)
    if kind == "bin":
        return f"({sub()} {rng.choice('+-*')} {sub()})"
    if kind == "div":
        return f"({sub()} / {rng.choice(names + divisors)})"
    if kind == "cmp":
        return f"({sub()} {rng.choice(('<', '<=', '>', '>=', '==', '!='))} {sub()})"
    if kind == "if":
        return f"({sub()} if {sub()} else {sub()})"
    if kind == "call":
        fn = rng.choice(("min", "max", "ceil", "floor", "abs"))
        return f"{fn}({sub()}, {sub()})" if fn in ("min", "max") else f"{fn}({sub()})"
    if kind == "logic":
        return f"({sub()} {rng.choice(('and', 'or'))} {sub()})" if rng.random() < 0.8 else f"(not {sub()})"
    if kind == "neg":
        return f"(-{sub()})"
    return f"round({sub()}, {rng.choice((0, 1, 2))})"


def evaluate_or_none(tree: E.Expr, env: dict[str, Decimal]) -> Decimal | None:
    """The Decimal value, or None where the expression divides by zero."""
    try:
        return E.evaluate(tree, env)
    except E.ZeroDivisor:
        return None
