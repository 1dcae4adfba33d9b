"""The one expression language of jixiao: rule shapes' point formulas and metric formulas.

Text (numbers, names, ``+ - * /``, comparisons, ``and``/``or``/``not``, ``x if c else y``, ``min max ceil
floor abs round``) is parsed once into a tree of frozen nodes (tree.py), and the same tree is evaluated
exactly over ``Decimal``, written as an Excel formula, or compiled to exact DuckDB SQL (sql.py).
"""
from __future__ import annotations

from jixiao.expr.tree import (
    FUNCTIONS, Bin, Call, Cmp, Expr, ExprError, If, Logic, Neg, Num, Var, ZeroDivisor, children, evaluate, names, parse,
    substitute, to_excel,
)

__all__ = ["FUNCTIONS", "Bin", "Call", "Cmp", "Expr", "ExprError", "If", "Logic", "Neg", "Num", "Var", "ZeroDivisor",
           "children", "evaluate", "names", "parse", "substitute", "to_excel"]
