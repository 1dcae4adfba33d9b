"""Compile the expression trees of :mod:`jixiao.expr.tree` to exact DuckDB SQL.

A plain rendering of the trees would be wrong: DuckDB evaluates ``a / b`` in DOUBLE for
DECIMAL operands, and its ``LEAST``/``GREATEST`` skip NULLs.  Batch scoring must give exactly the points the Python evaluator
gives, so this module walks the same trees and emits SQL that keeps every value
a ``DECIMAL(38, s)`` with a scale ``s`` known at compile time:

* ``+ - *``, ``ceil floor abs min max`` and ``round(x, n)`` (half away from zero,
  like ``ROUND_HALF_UP``) are exact, as they are over Python ``Decimal``;
* ``x / c`` by a constant whose reciprocal is a short decimal (100, 5, 4 …) is an
  exact multiplication;
* any other ``x / y`` is integer division on HUGEINT rounded half-up to
  :data:`DIV_SCALE` decimals (Python keeps 28 significant digits; both agree on
  every point value batch stores, at 6 decimals);
* a division by zero gives NULL, and NULL travels on only where the Python
  evaluator would have evaluated that division (branches not taken stay quiet),
  so "the rule divided by zero" is "some step is NULL".
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from jixiao.expr import tree as E

#: decimals kept by a division whose result does not terminate
DIV_SCALE = 18
#: a product needing more decimals than this is rounded first (never happens in the built-in shapes)
MAX_SCALE = 24
#: decimals of a reciprocal that makes ``x / c`` an exact multiplication
RECIPROCAL_DIGITS = 12


class SqlCompileError(ValueError):
    """An expression this compiler cannot write exactly (a bug in a shape, not user input)."""


@dataclass(frozen=True)
class Sql:
    """A compiled fragment: SQL text, its static scale (None for a boolean), whether it may be NULL,
    and bounds on its value (None: unbounded).  Its SQL type is DECIMAL(:attr:`width`, scale)."""

    text: str
    scale: int | None
    nullable: bool = False
    lo: Decimal | None = None
    hi: Decimal | None = None
    declared: int | None = None     # the width of its SQL type, when known; else derived from the bounds

    @property
    def is_bool(self) -> bool:
        return self.scale is None

    @property
    def width(self) -> int:
        return self.declared or width_for(self.lo, self.hi, self.scale or 0)


Ref = Callable[[str], Sql]
NARROW, WIDE = 18, 38


def whole_digits(value: Decimal) -> int:
    """Digits before the point of |value| (0 for |value| < 1)."""
    whole = abs(value).to_integral_value(rounding=ROUND_CEILING)
    return len(str(whole)) if whole >= 1 else 0


def min_width(lo: Decimal | None, hi: Decimal | None, scale: int, rounded: bool = False) -> int:
    """The fewest digits of a DECIMAL(w, scale) holding every value in [lo, hi] (WIDE when unbounded).

    ``rounded``: the values are rounded, and one rounded up may pass a bound (9.5 → 10), so the whole
    digits of the bounds' ceilings count."""
    if lo is None or hi is None:
        return WIDE
    if rounded:
        whole = max(whole_digits(lo), whole_digits(hi))
    else:
        whole = max(len(str(int(abs(v)))) if abs(v) >= 1 else 0 for v in (lo, hi))
    return whole + scale or 1


def width_for(lo: Decimal | None, hi: Decimal | None, scale: int, room: int = NARROW) -> int:
    """DECIMAL(18, s) — an int64 in DuckDB, several times faster than DECIMAL(38, s) — when the bounds
    prove every value fits in ``room`` digits; DECIMAL(38, s) otherwise."""
    if lo is None or hi is None:
        return WIDE
    return NARROW if max(whole_digits(lo), whole_digits(hi)) + scale <= room else WIDE


def cast(part: Sql, scale: int, width: int | None = None) -> Sql:
    """The value typed DECIMAL(width, scale) (exact when scale ≥ its own and the bounds fit)."""
    width = width or width_for(part.lo, part.hi, scale)
    return Sql(f"CAST({part.text} AS DECIMAL({width},{scale}))", scale, part.nullable, part.lo, part.hi, width)


def literal(value: Decimal) -> Sql:
    """A DECIMAL literal with exactly the decimals ``value`` needs."""
    value = Decimal(value)
    if value == value.to_integral_value():
        text, scale = f"{value.to_integral_value():f}", 0
    else:
        text = f"{value.normalize():f}"
        scale = len(text.split(".")[1])
    width = min_width(value, value, scale)      # narrow: sums and products of small values stay narrow
    return Sql(f"CAST('{text}' AS DECIMAL({width},{scale}))", scale, False, value, value, width)


def _constant(part: Sql) -> bool:
    """A literal: casting it costs nothing (DuckDB folds it once)."""
    return part.lo is not None and part.lo == part.hi and part.text.startswith("CAST('")


def column(sql: str, scale: int, bound: Decimal | None, width: int = NARROW) -> Sql:
    """An input column of type DECIMAL(width, scale) whose values lie within ±bound."""
    return Sql(sql, scale, False, -bound if bound is not None else None, bound, width)


def compile_expr(expr: E.Expr, ref: Ref) -> Sql:
    """SQL for ``expr``; ``ref(name)`` gives the SQL of each input or earlier step."""
    if isinstance(expr, E.Num):
        return literal(expr.value)
    if isinstance(expr, E.Var):
        return ref(expr.name)
    if isinstance(expr, E.Neg):
        inner = _num(compile_expr(expr.operand, ref))
        lo, hi = (None, None) if inner.lo is None or inner.hi is None else (-inner.hi, -inner.lo)
        return Sql(f"(-{inner.text})", inner.scale, inner.nullable, lo, hi, inner.width)
    if isinstance(expr, E.Bin):
        return _binary(expr, ref)
    if isinstance(expr, E.Cmp):
        left, right = _num(compile_expr(expr.left, ref)), _num(compile_expr(expr.right, ref))
        left, right = _common(left, right)
        op = {"==": "=", "!=": "<>"}.get(expr.op, expr.op)
        return Sql(f"({left.text} {op} {right.text})", None, left.nullable or right.nullable)
    if isinstance(expr, E.Logic):
        return _logic(expr, ref)
    if isinstance(expr, E.If):
        return _if(expr, ref)
    if isinstance(expr, E.Call):
        return _call(expr, ref)
    raise SqlCompileError(f"unknown node {expr!r}")


# ---------------------------------------------------------------- kinds and types

def _num(part: Sql) -> Sql:
    """A boolean used as a number is 1 or 0, as in the Python evaluator."""
    if part.is_bool:
        return Sql(f"(CASE WHEN {part.text} THEN CAST(1 AS DECIMAL(1,0)) "
                   f"WHEN NOT {part.text} THEN CAST(0 AS DECIMAL(1,0)) END)", 0, part.nullable, Decimal(0), Decimal(1), 1)
    return part


def _bool(part: Sql) -> Sql:
    """A number used as a condition is true when it is not 0."""
    if part.is_bool:
        return part
    return Sql(f"({part.text} <> 0)", None, part.nullable)


def _hull(parts: list[Sql]) -> tuple[Decimal | None, Decimal | None]:
    if any(p.lo is None or p.hi is None for p in parts):
        return None, None
    return min(p.lo for p in parts), max(p.hi for p in parts)  # type: ignore[type-var]


def _common(*parts: Sql) -> list[Sql]:
    """All parts cast to one explicit DECIMAL type.

    DuckDB types ``LEAST``, ``GREATEST`` and ``CASE`` over DECIMAL(38, a) and
    DECIMAL(38, b) as the first argument's type and silently rounds the others
    (LEAST(10::DECIMAL(38,0), 9.942::DECIMAL(38,8)) is 10), so every branch and
    argument gets the same explicit type first.
    """
    scale = max(p.scale or 0 for p in parts)
    lo, hi = _hull(list(parts))
    width = width_for(lo, hi, scale)
    if width == NARROW:     # as narrow as the values and the parts that are not literals allow
        width = max([min_width(lo, hi, scale)] + [p.width - (p.scale or 0) + scale for p in parts if not _constant(p)])
        width = width if width <= NARROW else NARROW
    return [p if (p.scale, p.width) == (scale, width) else cast(p, scale, width) for p in parts]


def _rescale(part: Sql, scale: int) -> Sql:
    """Round half-up to fewer decimals (only for products that would not fit otherwise)."""
    if part.scale is not None and part.scale <= scale:
        return part
    return cast(part, scale)


# ---------------------------------------------------------------- arithmetic

def _binary(expr: E.Bin, ref: Ref) -> Sql:
    left = _num(compile_expr(expr.left, ref))
    if expr.op == "/":
        return _divide(left, expr.right, ref)
    right = _num(compile_expr(expr.right, ref))
    if expr.op in "+-":
        return _add(left, right, expr.op)
    return _multiply(left, right)


def _add(left: Sql, right: Sql, op: str) -> Sql:
    scale = max(left.scale, right.scale)  # type: ignore[type-var]
    lo = hi = None
    if None not in (left.lo, left.hi, right.lo, right.hi):
        lo = left.lo + right.lo if op == "+" else left.lo - right.hi  # type: ignore[operator]
        hi = left.hi + right.hi if op == "+" else left.hi - right.lo  # type: ignore[operator]
    nullable = left.nullable or right.nullable
    # DuckDB types a ± b as DECIMAL(max(digits before the point) + max(scale) + 1, max(scale)); an operand
    # whose type has more digits before the point than its values need is cast down first, so that the
    # sum stays an int64 (DECIMAL ≤ 18) without a cast on operands that are narrow already
    a, b = left, right
    if _sum_width(a, b) > NARROW:
        a, b = (_tight(p) for p in (left, right))
    if _sum_width(a, b) <= NARROW:
        return Sql(f"({a.text} {op} {b.text})", scale, nullable, lo, hi, _sum_width(a, b))
    a, b = cast(left, scale, WIDE), cast(right, scale, WIDE)
    return Sql(f"({a.text} {op} {b.text})", scale, nullable, lo, hi, WIDE)


def _sum_width(a: Sql, b: Sql) -> int:
    """The width of DuckDB's type for a ± b."""
    return max(a.width - (a.scale or 0), b.width - (b.scale or 0)) + max(a.scale or 0, b.scale or 0) + 1


def _tight(part: Sql) -> Sql:
    """The value cast to the fewest digits its bounds need (unchanged when it has no more)."""
    need = min_width(part.lo, part.hi, part.scale or 0)
    return cast(part, part.scale or 0, need) if need < part.width else part


def _multiply(left: Sql, right: Sql) -> Sql:
    while left.scale + right.scale > MAX_SCALE:  # type: ignore[operator]
        if left.scale >= right.scale:  # type: ignore[operator]
            left = _rescale(left, MAX_SCALE - right.scale if right.scale < MAX_SCALE else MAX_SCALE // 2)  # type: ignore[operator]
        else:
            right = _rescale(right, MAX_SCALE - left.scale if left.scale < MAX_SCALE else MAX_SCALE // 2)  # type: ignore[operator]
    scale = left.scale + right.scale  # type: ignore[operator]
    lo = hi = None
    if None not in (left.lo, left.hi, right.lo, right.hi):
        corners = [a * b for a in (left.lo, left.hi) for b in (right.lo, right.hi)]  # type: ignore[operator]
        lo, hi = min(corners), max(corners)
    nullable = left.nullable or right.nullable
    if width_for(lo, hi, scale) == NARROW and left.width <= NARROW and right.width <= NARROW:
        # DuckDB types the product DECIMAL(wa + wb, sa + sb), or when that is wider than 18 multiplies the two
        # int64 decimals into DECIMAL(18, sa + sb) checking overflow (which the bounds exclude)
        return Sql(f"({left.text} * {right.text})", scale, nullable, lo, hi, min(left.width + right.width, NARROW))
    a, b = cast(left, left.scale, WIDE), cast(right, right.scale, WIDE)  # type: ignore[arg-type]
    return Sql(f"({a.text} * {b.text})", scale, nullable, lo, hi, WIDE)


def _reciprocal(value: Decimal) -> Decimal | None:
    """1/value when it is a decimal of at most RECIPROCAL_DIGITS places, else None."""
    if value == 0:
        return None
    inverse = Decimal(1) / value
    normal = inverse.normalize()
    exponent = normal.as_tuple().exponent
    if not isinstance(exponent, int) or -exponent > RECIPROCAL_DIGITS:
        return None
    if normal * value != 1:
        return None
    return normal


def _divide(left: Sql, right_expr: E.Expr, ref: Ref) -> Sql:
    if isinstance(right_expr, E.Num):
        inverse = _reciprocal(right_expr.value)
        if inverse is not None:
            return _multiply(left, literal(inverse))
        if right_expr.value == 0:
            return Sql(f"CAST(NULL AS DECIMAL(38,{DIV_SCALE}))", DIV_SCALE, True, declared=WIDE)
    right = _num(compile_expr(right_expr, ref))
    return _hugeint_divide(left, right)


def _hugeint_divide(left: Sql, right: Sql) -> Sql:
    """left / right rounded half-up (away from zero) to DIV_SCALE decimals, exact integer arithmetic.

    With ``a = left × 10^sa`` and ``b = right × 10^sb`` as integers, the quotient
    scaled by ``10^DIV_SCALE`` is ``a × 10^(DIV_SCALE + sb − sa) / b``.
    """
    # keep a × 10^shift inside HUGEINT: operands with more than 12 decimals (only ever results of
    # an earlier division) are rounded to 12 first
    if right.scale > RECIPROCAL_DIGITS:  # type: ignore[operator]
        right = _rescale(right, RECIPROCAL_DIGITS)
    if left.scale > RECIPROCAL_DIGITS:  # type: ignore[operator]
        left = _rescale(left, RECIPROCAL_DIGITS)
    shift = DIV_SCALE + right.scale - left.scale  # type: ignore[operator]
    if shift < 0:
        left = _rescale(left, DIV_SCALE + right.scale)  # type: ignore[operator]
        shift = 0
    wide_left, wide_right = cast(left, left.scale, WIDE), cast(right, right.scale, WIDE)  # type: ignore[arg-type]
    a = f"CAST({wide_left.text} * CAST('{10 ** left.scale}' AS DECIMAL(38,0)) AS HUGEINT)"
    b = f"NULLIF(CAST({wide_right.text} * CAST('{10 ** right.scale}' AS DECIMAL(38,0)) AS HUGEINT), 0)"
    num = f"({a} * CAST('1{'0' * shift}' AS HUGEINT))"
    # |2n + sign(n)·|b|| = 2|n| + |b|, and // truncates toward zero: half away from zero.
    rounded = f"((2 * {num} + sign({num}) * abs({b})) // (2 * {b}))"
    text = f"(CAST({rounded} AS DECIMAL(38,0)) * CAST('{Decimal(1).scaleb(-DIV_SCALE):f}' AS DECIMAL(38,{DIV_SCALE})))"
    return Sql(text, DIV_SCALE, True, declared=WIDE)


# ---------------------------------------------------------------- logic and choice

def _logic(expr: E.Logic, ref: Ref) -> Sql:
    args = [_bool(compile_expr(a, ref)) for a in expr.args]
    if expr.op == "not":
        return Sql(f"(NOT {args[0].text})", None, args[0].nullable)
    if not any(a.nullable for a in args):
        return Sql("(" + f" {expr.op.upper()} ".join(a.text for a in args) + ")", None)
    # Python stops at the first false (and) / true (or) argument; a NULL before that is an error.
    out = args[-1]
    for arg in reversed(args[:-1]):
        stop = f"NOT {arg.text}" if expr.op == "and" else arg.text
        result = "FALSE" if expr.op == "and" else "TRUE"
        out = Sql(f"(CASE WHEN {arg.text} IS NULL THEN NULL WHEN {stop} THEN {result} ELSE {out.text} END)", None, True)
    return out


def _if(expr: E.If, ref: Ref) -> Sql:
    cond = _bool(compile_expr(expr.cond, ref))
    then, other = compile_expr(expr.then, ref), compile_expr(expr.other, ref)
    if then.is_bool != other.is_bool:
        then, other = _num(then), _num(other)
    nullable = cond.nullable or then.nullable or other.nullable
    guard = f"WHEN {cond.text} IS NULL THEN NULL " if cond.nullable else ""
    if then.is_bool:
        return Sql(f"(CASE {guard}WHEN {cond.text} THEN {then.text} ELSE {other.text} END)", None, nullable)
    then, other = _common(then, other)
    lo, hi = _hull([then, other])
    return Sql(f"(CASE {guard}WHEN {cond.text} THEN {then.text} ELSE {other.text} END)", then.scale, nullable, lo, hi,
               then.width)


def _call(expr: E.Call, ref: Ref) -> Sql:
    if expr.fn == "round":
        value = _num(compile_expr(expr.args[0], ref))
        places = int(expr.args[1].value)  # type: ignore[union-attr]
        if places >= value.scale:  # type: ignore[operator]
            return value
        lo, hi = (None, None) if value.lo is None else (value.lo - 1, value.hi + 1)  # type: ignore[operator]
        rounded = Sql(f"ROUND({value.text}, {places})", max(places, 0), value.nullable, lo, hi)
        return cast(rounded, max(places, 0))
    args = [_num(compile_expr(a, ref)) for a in expr.args]
    nullable = any(a.nullable for a in args)
    if expr.fn in ("min", "max"):
        args = _common(*args)
        pick = min if expr.fn == "min" else max
        lo = hi = None
        if None not in [a.lo for a in args] + [a.hi for a in args]:
            lo, hi = pick(a.lo for a in args), pick(a.hi for a in args)  # type: ignore[type-var]
        text = f"{'LEAST' if expr.fn == 'min' else 'GREATEST'}({', '.join(a.text for a in args)})"
        if nullable:  # LEAST/GREATEST skip NULLs; Python evaluates every argument
            nulls = " OR ".join(f"{a.text} IS NULL" for a in args if a.nullable)
            text = f"(CASE WHEN {nulls} THEN NULL ELSE {text} END)"
        return Sql(text, args[0].scale, nullable, lo, hi, args[0].width)
    (arg,) = args
    if expr.fn in ("ceil", "floor"):
        lo, hi = (None, None) if arg.lo is None else (arg.lo.to_integral_value(rounding=ROUND_FLOOR),  # type: ignore[union-attr]
                                                      arg.hi.to_integral_value(rounding=ROUND_CEILING))  # type: ignore[union-attr]
        if arg.width <= NARROW and (arg.scale or 0) > 0:    # DuckDB types CEIL(DECIMAL(w, s)) DECIMAL(w, 0)
            return Sql(f"{expr.fn.upper()}({arg.text})", 0, arg.nullable, lo, hi, arg.width)
        return cast(Sql(f"{expr.fn.upper()}({arg.text})", 0, arg.nullable, lo, hi), 0)
    if expr.fn == "abs":
        lo, hi = (None, None) if arg.lo is None else (Decimal(0), max(abs(arg.lo), abs(arg.hi)))  # type: ignore[arg-type]
        return Sql(f"abs({arg.text})", arg.scale, arg.nullable, lo, hi, arg.width)
    raise SqlCompileError(f"unknown function {expr.fn}")


# ---------------------------------------------------------------- steps

@dataclass(frozen=True)
class CompiledSteps:
    """A shape's named steps as SQL, in order; each may refer to the ones before it."""

    steps: tuple[tuple[str, Sql], ...]

    def get(self, name: str) -> Sql:
        return dict(self.steps)[name]

    @property
    def nullable(self) -> tuple[str, ...]:
        return tuple(name for name, sql in self.steps if sql.nullable)


def compile_steps(steps: tuple[tuple[str, E.Expr], ...], inputs: Mapping[str, Sql],
                  step_ref: Callable[[str, Sql], Sql]) -> CompiledSteps:
    """Compile steps in order.  ``step_ref(name, sql)`` says how a later step refers to an
    earlier one (a column name when steps are materialised, else the SQL itself)."""
    known: dict[str, Sql] = dict(inputs)
    out: list[tuple[str, Sql]] = []

    def ref(name: str) -> Sql:
        if name not in known:
            raise SqlCompileError(f"unbound name {name}")
        return known[name]

    for name, tree in steps:
        sql = compile_expr(tree, ref)
        out.append((name, sql))
        known[name] = step_ref(name, sql)
    return CompiledSteps(tuple(out))
