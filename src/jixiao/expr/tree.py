"""Point formulas as small expression trees: one definition, three engines.

A rule shape writes its arithmetic as text in a tiny language — numbers, names,
``+ - * /``, comparisons, ``and``/``or``/``not``, ``x if c else y`` and the
functions ``min max ceil floor abs round(x, n)`` — parsed once into a tree of
frozen nodes.  The same tree is

* evaluated over ``Decimal`` here (:func:`evaluate`), lazily, so a branch not
  taken is never computed (division by zero in it does not matter);
* written as an Excel formula (:func:`to_excel`) for the live-formula export;
* compiled to exact DuckDB SQL for batch scoring by :mod:`jixiao.expr.sql`, which
  walks these same trees and keeps every value a DECIMAL (no floating point).

``round(x, n)`` rounds half-up (四舍五入, away from zero for negatives), which is
what Excel's ROUND does (and what expr/sql.py writes for DuckDB).  Nothing else is allowed:
no attribute access, no calls but the ones listed, no hidden state.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Callable, Mapping, Union

FUNCTIONS = {"min": (2, None), "max": (2, None), "ceil": (1, 1), "floor": (1, 1), "abs": (1, 1), "round": (2, 2)}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMP = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


class ExprError(ValueError):
    """A formula that cannot be parsed or uses something not allowed (Chinese message)."""


class ZeroDivisor(ArithmeticError):
    pass


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

def parse(text: str, constants: Mapping[str, Decimal] | None = None) -> Expr:
    """Parse ``text``; names found in ``constants`` become numbers (parameters inlined)."""
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as exc:
        raise ExprError(f"公式无法解析：{text}") from exc
    return _node(tree, dict(constants or {}), source)


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


# ---------------------------------------------------------------- Decimal evaluation

def evaluate(expr: Expr, env: Mapping[str, Decimal]) -> Decimal:
    """Exact Decimal value.  Booleans are 1/0.  Raises KeyError for an unbound name,
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


# ---------------------------------------------------------------- Excel (exact SQL: expr/sql.py)

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
