"""A tiny arithmetic language for metric formulas: names, integers, + − × ÷ and brackets.

Parsed once with :mod:`ast` and evaluated over ``Decimal``; nothing else is allowed.
"""
from __future__ import annotations

import ast
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Callable, Mapping

_OPS: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


class ExprError(ValueError):
    pass


class ZeroDivisor(ArithmeticError):
    pass


def compile_expr(text: str) -> ast.expr:
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ExprError(f"公式无法解析：{text}") from exc
    _check(tree)
    return tree


def names_in(tree: ast.expr) -> set[str]:
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _check(node: ast.AST) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        _check(node.left)
        _check(node.right)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _check(node.operand)
    elif isinstance(node, ast.Name):
        return
    elif isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return
    else:
        raise ExprError(f"公式中不允许的写法：{ast.dump(node)[:60]}")


def evaluate(tree: ast.expr, env: Mapping[str, Decimal]) -> Decimal:
    if isinstance(tree, ast.BinOp):
        left, right = evaluate(tree.left, env), evaluate(tree.right, env)
        if isinstance(tree.op, ast.Div) and right == 0:
            raise ZeroDivisor()
        try:
            return _OPS[type(tree.op)](left, right)
        except (DivisionByZero, InvalidOperation) as exc:  # pragma: no cover - guarded above
            raise ZeroDivisor() from exc
    if isinstance(tree, ast.UnaryOp):
        return -evaluate(tree.operand, env)
    if isinstance(tree, ast.Name):
        return env[tree.id]
    if isinstance(tree, ast.Constant):
        return Decimal(tree.value)
    raise ExprError("bad expression")  # pragma: no cover - _check rejects it
