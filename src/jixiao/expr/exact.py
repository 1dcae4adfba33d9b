"""Exact evaluation of an expression tree over ``Decimal``.

Lazy where the language is: a branch of ``x if c else y`` not taken, and the arguments of ``and``/``or``
after the one that decides, are never computed, so a division by zero in them does not matter.
Booleans are 1 and 0.  ``round(x, n)`` rounds half-up (四舍五入, away from zero for negatives), as
Excel's ROUND does and as :mod:`jixiao.expr.sql` writes it.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Mapping

from jixiao.expr.tree import Bin, Call, Cmp, Expr, If, Logic, Neg, Num, Var


class ZeroDivisor(ArithmeticError):
    """A division by zero on the branch actually taken."""


def evaluate(expr: Expr, env: Mapping[str, Decimal]) -> Decimal:
    """Exact Decimal value (the default context: 28 significant digits).  Booleans are 1/0.  Raises KeyError for an unbound name,
    :class:`ZeroDivisor` for a division by zero on the branch actually taken."""
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Var):
        return env[expr.name]
    if isinstance(expr, Neg):
        return -evaluate(expr.operand, env)
    if isinstance(expr, Bin):
        left, right = evaluate(expr.left, env), evaluate(expr.right, env)
        if expr.op == "/":
            if right == 0:
                raise ZeroDivisor()
            return left / right
        return left + right if expr.op == "+" else left - right if expr.op == "-" else left * right
    if isinstance(expr, Cmp):
        return Decimal(1) if _compare(expr.op, evaluate(expr.left, env), evaluate(expr.right, env)) else Decimal(0)
    if isinstance(expr, Logic):
        return _logic(expr, env)
    if isinstance(expr, If):
        return evaluate(expr.then if evaluate(expr.cond, env) != 0 else expr.other, env)
    return _call(expr, env)


def _compare(op: str, a: Decimal, b: Decimal) -> bool:
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op]


def _logic(expr: Logic, env: Mapping[str, Decimal]) -> Decimal:
    if expr.op == "not":
        return Decimal(0) if evaluate(expr.args[0], env) != 0 else Decimal(1)
    if expr.op == "and":
        return Decimal(1) if all(evaluate(a, env) != 0 for a in expr.args) else Decimal(0)
    return Decimal(1) if any(evaluate(a, env) != 0 for a in expr.args) else Decimal(0)


def _call(expr: Call, env: Mapping[str, Decimal]) -> Decimal:
    values = [evaluate(a, env) for a in expr.args]
    if expr.fn == "min":
        return min(values)
    if expr.fn == "max":
        return max(values)
    if expr.fn == "ceil":
        return values[0].to_integral_value(rounding=ROUND_CEILING)
    if expr.fn == "floor":
        return values[0].to_integral_value(rounding=ROUND_FLOOR)
    if expr.fn == "abs":
        return abs(values[0])
    places = int(values[1])
    return values[0].quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
