"""An expression tree written as an Excel formula (the live formulas of ``jixiao score --xlsx``).

Spreadsheets compute in binary floating point; the formula says the same arithmetic as the tree, and
tests/test_expr_engines.py recalculates random formulas in LibreOffice against the Decimal value.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from jixiao.expr.tree import Bin, Cmp, Expr, If, Logic, Neg, Num, Var


def to_excel(expr: Expr, ref: Callable[[str], str]) -> str:
    """An Excel formula body (without ``=``); ``ref(name)`` gives each input's cell."""
    return _emit(expr, ref, _EXCEL)


@dataclass(frozen=True)
class _Dialect:
    fns: dict[str, str]
    eq: str
    ne: str
    if_: Callable[[str, str, str], str]
    logic: Callable[[str, list[str]], str]


_EXCEL = _Dialect(
    fns={"min": "MIN", "max": "MAX", "ceil": "CEIL", "floor": "INT", "abs": "ABS", "round": "ROUND"},
    eq="=", ne="<>",
    if_=lambda c, a, b: f"IF({c},{a},{b})",
    logic=lambda op, args: f"{op.upper()}({','.join(args)})",
)


def _emit(expr: Expr, ref: Callable[[str], str], d: _Dialect) -> str:
    if isinstance(expr, Num):
        text = f"{expr.value.normalize():f}" if expr.value != 0 else "0"
        return f"({text})" if text.startswith("-") else text
    if isinstance(expr, Var):
        return ref(expr.name)
    if isinstance(expr, Neg):
        return f"(-{_emit(expr.operand, ref, d)})"
    if isinstance(expr, Bin):
        return f"({_emit(expr.left, ref, d)}{expr.op}{_emit(expr.right, ref, d)})"
    if isinstance(expr, Cmp):
        op = d.eq if expr.op == "==" else d.ne if expr.op == "!=" else expr.op
        return f"({_emit(expr.left, ref, d)}{op}{_emit(expr.right, ref, d)})"
    if isinstance(expr, Logic):
        return d.logic(expr.op, [_emit(a, ref, d) for a in expr.args])
    if isinstance(expr, If):
        return d.if_(_emit(expr.cond, ref, d), _emit(expr.then, ref, d), _emit(expr.other, ref, d))
    args = [_emit(a, ref, d) for a in expr.args]
    if expr.fn == "ceil":
        return f"(-INT(-{args[0]}))"                  # INT is floor toward −∞ in every spreadsheet
    return f"{d.fns[expr.fn]}({','.join(args)})"
