"""The expression language: text parsed once into a tree of frozen nodes.

Rule shapes write their point formulas in it — numbers, names, ``+ - * /``, comparisons,
``and``/``or``/``not``, ``x if c else y`` and the functions ``min max ceil floor abs round(x, n)`` —
and metric formulas in its arithmetic part (names, integers, ``+ - * /``, brackets; ``parse(…,
arithmetic=True)``).  The same tree is

* evaluated exactly over ``Decimal`` (:mod:`jixiao.expr.exact`);
* written as an Excel formula for the live-formula export (:mod:`jixiao.expr.excel`);
* compiled to exact DuckDB SQL for batch scoring (:mod:`jixiao.expr.sql`), every value a DECIMAL.

Nothing else is allowed: no attribute access, no calls but the ones listed, no hidden state.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Union

FUNCTIONS = {"min": (2, None), "max": (2, None), "ceil": (1, 1), "floor": (1, 1), "abs": (1, 1), "round": (2, 2)}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMP = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


class ExprError(ValueError):
    """A formula that cannot be parsed or uses something not allowed (Chinese message)."""


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Neg:
    operand: "Expr"


@dataclass(frozen=True)
class Bin:
    op: str                      # + - * /
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True)
class Cmp:
    op: str                      # < <= > >= == !=
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True)
class Logic:
    op: str                      # and / or / not
    args: tuple["Expr", ...]


@dataclass(frozen=True)
class Call:
    fn: str                      # min max ceil floor abs round
    args: tuple["Expr", ...]


@dataclass(frozen=True)
class If:
    cond: "Expr"
    then: "Expr"
    other: "Expr"


Expr = Union[Num, Var, Neg, Bin, Cmp, Logic, Call, If]


# ---------------------------------------------------------------- parsing

def parse(text: str, constants: Mapping[str, Decimal] | None = None, *, arithmetic: bool = False) -> Expr:
    """Parse ``text``; names found in ``constants`` become numbers (parameters inlined).

    ``arithmetic``: only names, integers, ``+ - * /``, unary minus and brackets (metric formulas)."""
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise ExprError(f"公式无法解析：{text}") from exc
    if arithmetic:
        _arithmetic_only(tree, source)
    return _node(tree, dict(constants or {}), source)


def _arithmetic_only(node: ast.AST, text: str) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        _arithmetic_only(node.left, text)
        _arithmetic_only(node.right, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _arithmetic_only(node.operand, text)
    elif isinstance(node, ast.Name):
        return
    elif isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return
    else:
        raise ExprError(f"公式中不允许的写法（{type(node).__name__}）：{text}")


def _literal(node: ast.Constant, text: str) -> Num:
    """A number literal read from its source text (``9.5`` → Decimal('9.5'), never through a float)."""
    segment = ast.get_source_segment(text, node) if isinstance(node.value, float) else str(node.value)
    try:
        return Num(Decimal((segment or "").replace("_", "")))
    except ArithmeticError as exc:
        raise ExprError(f"数字无法读取（{segment}）：{text}") from exc


def _node(node: ast.AST, constants: dict[str, Decimal], text: str) -> Expr:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)) and not isinstance(node.value, bool):
        return _literal(node, text)
    if isinstance(node, ast.Name):
        if node.id in constants:
            return Num(Decimal(constants[node.id]))
        return Var(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _node(node.operand, constants, text)
        return Num(-inner.value) if isinstance(inner, Num) else Neg(inner)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return Logic("not", (_node(node.operand, constants, text),))
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        return Bin(_ARITH[type(node.op)], _node(node.left, constants, text), _node(node.right, constants, text))
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMP:
        return Cmp(_CMP[type(node.ops[0])], _node(node.left, constants, text), _node(node.comparators[0], constants, text))
    if isinstance(node, ast.BoolOp):
        op = "and" if isinstance(node.op, ast.And) else "or"
        return Logic(op, tuple(_node(v, constants, text) for v in node.values))
    if isinstance(node, ast.IfExp):
        return If(_node(node.test, constants, text), _node(node.body, constants, text), _node(node.orelse, constants, text))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS and not node.keywords:
        low, high = FUNCTIONS[node.func.id]
        if len(node.args) < low or (high is not None and len(node.args) > high):
            raise ExprError(f"函数 {node.func.id} 的参数个数不对：{text}")
        args = tuple(_node(a, constants, text) for a in node.args)
        if node.func.id == "round" and not isinstance(args[1], Num):
            raise ExprError(f"round 的位数必须是常数：{text}")
        return Call(node.func.id, args)
    raise ExprError(f"公式中不允许的写法（{type(node).__name__}）：{text}")


def names(expr: Expr) -> set[str]:
    """Input names an expression reads."""
    if isinstance(expr, Var):
        return {expr.name}
    out: set[str] = set()
    for child in children(expr):
        out |= names(child)
    return out


def children(expr: Expr) -> tuple[Expr, ...]:
    """The sub-expressions of ``expr``, in order."""
    if isinstance(expr, (Bin, Cmp)):
        return (expr.left, expr.right)
    if isinstance(expr, Neg):
        return (expr.operand,)
    if isinstance(expr, (Logic, Call)):
        return expr.args
    if isinstance(expr, If):
        return (expr.cond, expr.then, expr.other)
    return ()


def substitute(expr: Expr, env: Mapping[str, Expr]) -> Expr:
    """Replace names by expressions (used to inline a shape's named steps)."""
    if isinstance(expr, Var):
        return env.get(expr.name, expr)
    if isinstance(expr, Num):
        return expr
    if isinstance(expr, Neg):
        return Neg(substitute(expr.operand, env))
    if isinstance(expr, Bin):
        return Bin(expr.op, substitute(expr.left, env), substitute(expr.right, env))
    if isinstance(expr, Cmp):
        return Cmp(expr.op, substitute(expr.left, env), substitute(expr.right, env))
    if isinstance(expr, Logic):
        return Logic(expr.op, tuple(substitute(a, env) for a in expr.args))
    if isinstance(expr, Call):
        return Call(expr.fn, tuple(substitute(a, env) for a in expr.args))
    return If(substitute(expr.cond, env), substitute(expr.then, env), substitute(expr.other, env))
