"""An expression tree written as an Excel formula (the live formulas of ``jixiao score --xlsx``).

The formula says the same arithmetic as the tree, lazy where the language is (a branch or an
``and``/``or`` argument not needed is not computed), so it divides by zero exactly where the Decimal
evaluator raises.  Spreadsheets compute in binary doubles: tests/test_expr_engines.py recalculates
random formulas in LibreOffice Calc against the Decimal value.
"""
from __future__ import annotations

from typing import Callable

from jixiao.expr.tree import Bin, Cmp, Expr, If, Logic, Neg, Num, Var, children


def to_excel(expr: Expr, ref: Callable[[str], str]) -> str:
    """An Excel formula body (without ``=``); ``ref(name)`` gives each input's cell."""
    if isinstance(expr, Num):
        text = f"{expr.value.normalize():f}" if expr.value != 0 else "0"
        return f"({text})" if text.startswith("-") else text
    if isinstance(expr, Var):
        return ref(expr.name)
    if isinstance(expr, Neg):
        return f"(-{to_excel(expr.operand, ref)})"
    if isinstance(expr, Bin):
        return f"({to_excel(expr.left, ref)}{expr.op}{to_excel(expr.right, ref)})"
    if isinstance(expr, Cmp):
        op = {"==": "=", "!=": "<>"}.get(expr.op, expr.op)
        return f"({to_excel(expr.left, ref)}{op}{to_excel(expr.right, ref)})"
    if isinstance(expr, Logic):
        return _logic(expr.op, expr.args, ref)
    if isinstance(expr, If):
        return f"IF({to_excel(expr.cond, ref)},{to_excel(expr.then, ref)},{to_excel(expr.other, ref)})"
    args = [to_excel(a, ref) for a in expr.args]
    if expr.fn == "ceil":
        return f"(-INT(-{args[0]}))"                  # INT is floor toward −∞ in every spreadsheet
    return f"{_FUNCTIONS[expr.fn]}({','.join(args)})"


_FUNCTIONS = {"min": "MIN", "max": "MAX", "floor": "INT", "abs": "ABS", "round": "ROUND"}


def _logic(op: str, args: tuple[Expr, ...], ref: Callable[[str], str]) -> str:
    """``AND(…)``/``OR(…)``/``NOT(…)``; but a spreadsheet's AND and OR compute every argument, where the
    language stops at the one that decides, so when a later argument may divide by zero the first is
    asked with IF (which computes only the branch it takes): ``IF(a,AND(b),FALSE)``, ``IF(a,TRUE,OR(b))``."""
    if op == "not" or not any(_may_divide_by_zero(a) for a in args[1:]):
        return f"{op.upper()}({','.join(to_excel(a, ref) for a in args)})"
    first, rest = to_excel(args[0], ref), _logic(op, args[1:], ref)
    return f"IF({first},{rest},FALSE)" if op == "and" else f"IF({first},TRUE,{rest})"


def _may_divide_by_zero(expr: Expr) -> bool:
    if isinstance(expr, Bin) and expr.op == "/" and not (isinstance(expr.right, Num) and expr.right.value != 0):
        return True
    return any(_may_divide_by_zero(child) for child in children(expr))
