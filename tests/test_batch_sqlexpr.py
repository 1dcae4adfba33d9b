"""The SQL compiler of scoring expressions against the Decimal evaluator, on random expressions.

Every node kind, divisions by values that can be 0 (NULL in SQL exactly where Python raises
ZeroDivisor on the branch it takes), bounded and unbounded values (int64 and HUGEINT paths),
and the DuckDB pitfalls the compiler works around (DOUBLE division, LEAST/CASE rounding,
NULL-skipping LEAST/GREATEST).
"""
from __future__ import annotations

import random
from decimal import Decimal

import pytest

from jixiao.batch.db import connect
from jixiao.batch.item_sql import POINTS_SCALE
from jixiao.expr.sql import Sql, column, compile_expr, literal
from jixiao.model.numbers import quantize
from expr_random import evaluate_or_none, random_expression
from jixiao import expr as E

NAMES = ("a", "b", "c")
CONSTANTS = {"half": Decimal("0.5"), "tenth": Decimal("0.1")}
VALUES = ("0", "1", "-1", "2.5", "100", "99.42", "0.000001", "-3.333333", "65.54", "123456.789", "0.58", "3")


def _tree(rng: random.Random, depth: int) -> str:
    return random_expression(rng, depth, NAMES, ("1", "2", "half", "100", "0", "3"), ('4', '3', '100'))


_python = evaluate_or_none


#: input columns as the full mode types them (DECIMAL(18,6)), and as ``--scores-only`` may: a number
#: read from a DECIMAL column as DECIMAL(15,6), a flag as DECIMAL(1,0)
TYPINGS = {"wide": {n: ("DECIMAL(18,6)", column(n, 6, Decimal(10) ** 9)) for n in NAMES},
           "narrow": {"a": ("DECIMAL(18,6)", column("a", 6, Decimal(10) ** 9)),
                      "b": ("DECIMAL(15,6)", column("b", 6, Decimal(10) ** 9, 15)),
                      "c": ("DECIMAL(1,0)", Sql("c", 0, False, Decimal(0), Decimal(1), 1))}}


def _value(rng: random.Random, typing: str, name: str) -> Decimal:
    if typing == "narrow" and name == "c":
        return Decimal(rng.choice(("0", "1")))
    return Decimal(rng.choice(VALUES))


@pytest.mark.parametrize("typing", list(TYPINGS))
@pytest.mark.parametrize("seed", range(6))
def test_random_expressions_agree_with_the_decimal_evaluator(seed, typing):
    rng = random.Random(seed)
    con = connect()
    columns = TYPINGS[typing]
    envs = [{n: _value(rng, typing, n) for n in NAMES} for _ in range(40)]
    values = ", ".join("(" + ", ".join(f"CAST('{e[n]}' AS {columns[n][0]})" for n in NAMES) + ")" for e in envs)
    refs = {n: sql for n, (_, sql) in columns.items()}
    checked = 0
    for _ in range(60):
        tree = E.parse(_tree(rng, 4), CONSTANTS)      # decimals enter as named parameters, as in shapes
        sql = compile_expr(tree, lambda name: refs[name])
        text = sql.text if not sql.is_bool else f"CASE WHEN {sql.text} THEN 1 WHEN NOT {sql.text} THEN 0 END"
        try:
            got = [r[0] for r in con.execute(f"SELECT {text} FROM (VALUES {values}) t({', '.join(NAMES)})").fetchall()]
            typed = con.execute(f"SELECT typeof({text}) FROM (VALUES {values}) t({', '.join(NAMES)}) LIMIT 1").fetchall()
        except Exception as exc:  # an overflow would be a compiler bug, reported with the expression
            raise AssertionError(f"{tree}: {exc}") from exc
        if not sql.is_bool:     # the compiler knows the SQL type of what it writes (it decides casts by it)
            assert typed[0][0] == f"DECIMAL({sql.width},{sql.scale})", (tree, typed, sql.width, sql.scale)
        for env, value in zip(envs, got):
            want = _python(tree, env)
            if want is None or value is None:
                assert want is None and value is None, (tree, env, want, value)
                continue
            assert quantize(Decimal(value), POINTS_SCALE) == quantize(want, POINTS_SCALE), (tree, env, want, value)
            checked += 1
    assert checked > 1000


def test_division_is_exact_decimal_not_double():
    con = connect()
    tree = E.parse("a / b * 100")
    sql = compile_expr(tree, lambda n: column(n, 6, Decimal(10) ** 9))
    got = con.execute(f"SELECT {sql.text} FROM (VALUES (CAST('65.16' AS DECIMAL(18,6)), CAST('65.54' AS DECIMAL(18,6)))) t(a, b)").fetchall()[0][0]
    assert isinstance(got, Decimal)
    assert quantize(got, 12) == quantize(Decimal("65.16") / Decimal("65.54") * 100, 12)


def test_least_of_mixed_scales_is_not_rounded():
    # DuckDB's own LEAST(10::DECIMAL(38,0), 9.942::DECIMAL(38,8)) gives 10
    tree = E.parse("min(10, a * tenth)", CONSTANTS)
    sql = compile_expr(tree, lambda n: column(n, 6, Decimal(10) ** 9))
    got = connect().execute(f"SELECT {sql.text} FROM (VALUES (CAST('99.42' AS DECIMAL(18,6)))) t(a)").fetchall()[0][0]
    assert got == Decimal("9.942")


def test_literals_keep_their_decimals():
    assert literal(Decimal("0.58")).scale == 2 and literal(Decimal(100)).scale == 0
