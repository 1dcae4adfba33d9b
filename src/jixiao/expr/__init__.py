"""The one expression language of jixiao: rule shapes' point formulas and metric formulas.

One parser (tree.py: text → a tree of frozen nodes; ``arithmetic=True`` for metric formulas), three
engines over the same tree: exact Decimal evaluation (exact.py), an Excel formula (excel.py) and exact
DuckDB SQL with every value a DECIMAL (sql.py).  tests/test_expr_engines.py holds the three to the
same values on random expressions.  Imports nothing else of jixiao.
"""
from __future__ import annotations

from jixiao.expr.exact import ZeroDivisor, evaluate
from jixiao.expr.excel import to_excel
from jixiao.expr.tree import (
    FUNCTIONS, Bin, Call, Cmp, Expr, ExprError, If, Logic, Neg, Num, Var, children, names, parse, substitute,
)

__all__ = ["FUNCTIONS", "Bin", "Call", "Cmp", "Expr", "ExprError", "If", "Logic", "Neg", "Num", "Var", "ZeroDivisor",
           "children", "evaluate", "names", "parse", "substitute", "to_excel"]
