"""Written formulas: ``46.58/57.6*100%=80.87%``, ``(a-b)/a×100%=c%`` and the unbracketed
``a-b/a*100%`` that means (a−b)/a."""
from __future__ import annotations

import re
from typing import Final
from decimal import Decimal, InvalidOperation

from jixiao.audit.context import AuditContext
from jixiao.model.numbers import HUNDRED, decimals_of
from jixiao import relations as R

FORMULA: Final = re.compile(
    r"(?P<expr>\(?\d+(?:\.\d+)?(?:\s*[-+*/]\s*\(?\d+(?:\.\d+)?%?\)?)+)\s*=\s*(?P<res>-?\d+(?:\.\d+)?)(?P<pct>%)?")
_TOKEN: Final = re.compile(r"\d+(?:\.\d+)?%?|[-+*/()]")


def check_formulas(ctx: AuditContext) -> None:
    for i, line in enumerate(ctx.doc.lines):
        if "=" not in line.text:
            continue
        for m in FORMULA.finditer(line.text):
            _check(ctx, i, m)


def evaluate(expr: str, left_to_right: bool = False) -> Decimal | None:
    tokens = _TOKEN.findall(expr.replace(" ", ""))
    values = [t.rstrip("%") if t[0].isdigit() else t for t in tokens]
    try:
        if left_to_right:
            return _ltr(values)
        return _parse(values)
    except (InvalidOperation, ZeroDivisionError, IndexError, ValueError):
        return None


def _parse(tokens: list[str]) -> Decimal:
    pos = 0

    def expr() -> Decimal:
        nonlocal pos
        value = term()
        while pos < len(tokens) and tokens[pos] in "+-":
            op = tokens[pos]
            pos += 1
            value = value + term() if op == "+" else value - term()
        return value

    def term() -> Decimal:
        nonlocal pos
        value = atom()
        while pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            value = value * atom() if op == "*" else value / atom()
        return value

    def atom() -> Decimal:
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "(":
            value = expr()
            pos += 1
            return value
        return Decimal(tok)

    value = expr()
    if pos != len(tokens):
        raise ValueError("trailing tokens")
    return value


def _ltr(tokens: list[str]) -> Decimal:
    if "(" in tokens:
        raise ValueError("brackets")
    value = Decimal(tokens[0])
    for op, num in zip(tokens[1::2], tokens[2::2]):
        n = Decimal(num)
        value = {"+": value + n, "-": value - n, "*": value * n, "/": value / n}[op]
    return value


def _check(ctx: AuditContext, i: int, m: re.Match[str]) -> None:
    expr = m.group("expr")
    if not any(op in expr for op in "*/"):
        return
    stated = Decimal(m.group("res"))
    scale = HUNDRED if m.group("pct") and "100" not in expr else Decimal(1)
    readings = [v * scale for v in (evaluate(expr), evaluate(expr, True)) if v is not None]
    if not readings:
        return
    ctx.relations += 1
    places = decimals_of(stated)
    if any(R.agrees(stated, v, places=places, strict=ctx.strict).ok for v in readings):
        return
    intended = readings[-1] if _unbracketed_difference(expr) else readings[0]
    verdict = R.agrees(stated, intended, places=places, strict=ctx.strict)
    unit = "%" if m.group("pct") else ""
    where = (i, m.start("res"), m.end())
    ctx.emit("AUDIT-FORMULA", where, claimed=m.group("res") + unit, expected=f"{verdict.shown}{unit}",
             quote=m.group(0), operands=[(f"运算数{k + 1}", n, ctx.doc.lines[i].locator)
                                          for k, n in enumerate(re.findall(r"\d+(?:\.\d+)?", expr))],
             expr=m.group(0))


def _unbracketed_difference(expr: str) -> bool:
    """``a-b/c*100``: a difference divided without brackets, meant as (a−b)/c."""
    return "(" not in expr and bool(re.match(r"^\d+(?:\.\d+)?\s*[-+]\s*\d+(?:\.\d+)?\s*/", expr))
