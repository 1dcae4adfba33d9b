"""The expression language of rule shapes: exact Decimal evaluation, Excel and SQL from one tree."""
from __future__ import annotations

import random
from decimal import Decimal

import pytest

from jixiao import expr as E
from jixiao.scoring import default_shapes


@pytest.mark.parametrize("text, env, value", [
    ("max(0, 5 - 1 * ceil(max(0, 100 - rate)))", {"rate": "99.4202"}, "4"),
    ("max(0, 5 - 1 * floor(max(0, 100 - rate)))", {"rate": "99.4202"}, "5"),
    ("round(x, 2)", {"x": "2.345"}, "2.35"),
    ("round(x, 2)", {"x": "-2.345"}, "-2.35"),
    ("a / b if b != 0 else 0", {"a": "1", "b": "0"}, "0"),           # the branch not taken is not computed
    ("1 if a > 0 and not b > 0 else 2", {"a": "1", "b": "0"}, "1"),
    ("-x + abs(y)", {"x": "1.5", "y": "-2"}, "0.5"),
])
def test_evaluate(text, env, value):
    assert E.evaluate(E.parse(text), {k: Decimal(v) for k, v in env.items()}) == Decimal(value)


@pytest.mark.parametrize("text", ["__import__('os')", "x.real", "pow(2, 3)", "round(x, y)", "x ** 2", "[1]"])
def test_refused(text):
    with pytest.raises(E.ExprError):
        E.parse(text)


def test_division_by_zero_on_the_taken_branch():
    with pytest.raises(E.ZeroDivisor):
        E.evaluate(E.parse("a / b"), {"a": Decimal(1), "b": Decimal(0)})


def test_parameters_are_inlined():
    tree = E.parse("W - step * n", {"W": Decimal(5), "step": Decimal("0.5")})
    assert E.names(tree) == {"n"}
    assert E.to_excel(tree, lambda n: "B2") == "(5-(0.5*B2))"


def _shape_cases():
    shapes = default_shapes()
    grades = {1: {"label": "达成", "range": [Decimal(80), Decimal(100)]}, 2: {"label": "部分达成", "range": [Decimal(60), Decimal(80)]},
              3: {"label": "未达成", "range": [Decimal(0), Decimal(60)]}}
    params = {
        "checklist": {"items": [{"label": "a", "points": Decimal(1)}, {"label": "b", "points": Decimal(2)}]},
        "qualitative_grade": {"grades": grades},
        "tiered_bands": {"bands": [{"le": Decimal(0), "points": Decimal(5)}, {"le": Decimal(10), "points": Decimal(4)}, {"points": Decimal(0)}]},
    }
    for shape in shapes.shapes:
        if shape.plan is not None:
            yield shape.compile({"W": Decimal(3), **params.get(shape.id, {})})


def _random_inputs(compiled, rng):
    values = {}
    for spec in compiled.inputs:
        if spec.kind == "flag":
            values[spec.name] = Decimal(rng.randint(0, 1))
        elif spec.kind == "code":
            values[spec.name] = Decimal(rng.randint(1, 3))
        else:
            values[spec.name] = Decimal(rng.randint(-2000, 25000)) / 100
    return values


def test_exact_sql_agrees_with_python_on_every_shape():
    """Every shape's inlined tree through the batch SQL compiler (exact DECIMAL) gives the Python points."""
    from jixiao.batch.db import connect
    from jixiao.batch.item_sql import POINTS_SCALE
    from jixiao.expr.sql import column, compile_expr
    from jixiao.model.numbers import quantize

    rng = random.Random(7)
    con = connect()
    checked = 0
    for compiled in _shape_cases():
        name = "high" if compiled.shape.bounded else "points"
        sql = compile_expr(compiled.inlined(name), lambda n: column(f'"{n}"', 6, Decimal(10) ** 9))
        for _ in range(40):
            values = _random_inputs(compiled, rng)
            try:
                expected = compiled.evaluate(values).values[name]
            except E.ZeroDivisor:
                continue
            cols = ", ".join(f"CAST('{v}' AS DECIMAL(18,6)) AS \"{k}\"" for k, v in values.items()) or "1 AS dummy"
            got = con.sql(f"SELECT {sql.text} FROM (SELECT {cols})").fetchall()[0][0]
            assert quantize(Decimal(got), POINTS_SCALE) == quantize(expected, POINTS_SCALE), (compiled.shape.id, values)
            checked += 1
    assert checked > 200


@pytest.mark.parametrize("text, value", [
    ("9.5", "9.5"), ("0.1 + 0.2", "0.3"), ("1E-7 * 10", "0.0000010"), ("2.50 * x", "5.00"), ("-0.58", "-0.58"),
])
def test_decimal_literals_are_read_from_their_text(text, value):
    tree = E.parse(text)
    assert E.evaluate(tree, {"x": Decimal(2)}) == Decimal(value)


def test_decimal_literal_in_excel():
    tree = E.parse("min(9.5, x * 0.1)")
    assert E.to_excel(tree, lambda n: "B2") == "MIN(9.5,(B2*0.1))"
