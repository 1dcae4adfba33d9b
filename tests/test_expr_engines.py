"""One parser, three engines: on random expressions of the whole language, the Decimal evaluator,
the DuckDB SQL and the Excel formula (recalculated by LibreOffice Calc) give the same values.

* **Division by zero.**  Python raises ZeroDivisor on the branch it takes; SQL gives NULL and Excel
  an error value there, and nowhere else (a branch not taken, or an ``and``/``or`` argument after the
  one that decides, is not computed by any of the three).
* **Exactness.**  Python and SQL are exact decimal arithmetic: they agree to the 6 decimals points
  are stored at, whatever the divisor (tests/test_batch_sqlexpr.py adds the SQL types).  A
  spreadsheet computes in binary doubles, so a quotient that does not terminate (1/3) can land on
  the other side of a floor, a ceiling or a comparison than its exact value; the inputs here are
  values whose quotients terminate (0, ±1, 2.5, 100, 0.5, 4, 0.25, 99.42 …), and Excel must then agree
  to 1e-9 of the value.
"""
from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from libreoffice_calc import libreoffice_csv
from expr_random import evaluate_or_none, random_expression
from jixiao import expr as E
from jixiao.batch.db import connect
from jixiao.expr.sql import column, compile_expr
from jixiao.model.numbers import quantize

NAMES = ("a", "b", "c")
CONSTANTS = {"half": Decimal("0.5"), "tenth": Decimal("0.1")}
#: inputs: every quotient of two of them terminates, so doubles stay within rounding of the exact value
VALUES = ("0", "1", "-1", "2.5", "100", "0.5", "4", "-0.25", "99.42", "65.54", "-3", "0.000001", "12.5")
ROWS = 30
EXPRESSIONS = 160


def _tree(rng: random.Random, depth: int) -> str:
    return random_expression(rng, depth, NAMES, ("1", "2", "half", "tenth", "100", "0", "3", "9.5", "0.58"), ('4', '100', '2.5', '0'))


_python = evaluate_or_none


def _sql_values(con, tree: E.Expr, envs: list[dict[str, Decimal]]) -> list[Decimal | None]:
    sql = compile_expr(tree, lambda name: column(name, 6, Decimal(10) ** 9))
    text = sql.text if not sql.is_bool else f"CASE WHEN {sql.text} THEN 1 WHEN NOT {sql.text} THEN 0 END"
    rows = ", ".join("(" + ", ".join(f"CAST('{e[n]}' AS DECIMAL(18,6))" for n in NAMES) + ")" for e in envs)
    got = con.execute(f"SELECT {text} FROM (VALUES {rows}) t({', '.join(NAMES)})").fetchall()
    return [None if v is None else Decimal(v) for (v,) in got]


def _excel_value(cell: str) -> Decimal | None:
    """A recalculated cell: a number, TRUE/FALSE (1/0), or an error value (None)."""
    if cell in ("TRUE", "FALSE"):
        return Decimal(1 if cell == "TRUE" else 0)
    if cell.startswith("#") or cell.startswith("Err:"):
        return None
    return Decimal(cell)


def _cases(seed: int) -> tuple[list[E.Expr], list[dict[str, Decimal]]]:
    rng = random.Random(seed)
    envs = [{n: Decimal(rng.choice(VALUES)) for n in NAMES} for _ in range(ROWS)]
    trees = [E.parse(_tree(rng, 4), CONSTANTS) for _ in range(EXPRESSIONS)]
    return trees, envs


def _workbook(path: Path, trees: list[E.Expr], envs: list[dict[str, Decimal]]) -> None:
    """Row r + 1: the inputs a, b, c in A–C, then one formula per expression over that row's cells."""
    book = Workbook()
    sheet = book.active
    sheet.title = "e"
    for r, env in enumerate(envs, start=1):
        for i, name in enumerate(NAMES, start=1):
            sheet.cell(r, i, env[name])
        cells = {name: f"{get_column_letter(i)}{r}" for i, name in enumerate(NAMES, start=1)}
        for j, tree in enumerate(trees, start=len(NAMES) + 1):
            # a number format of its own: else Calc formats the result of AND(…) or a comparison as a
            # boolean, and −1 is exported as TRUE
            sheet.cell(r, j, "=" + E.to_excel(tree, cells.__getitem__)).number_format = "0.000000"
    book.save(path)


def test_decimal_sql_and_excel_agree_on_random_expressions(tmp_path):
    trees, envs = _cases(12)
    path = tmp_path / "expressions.xlsx"
    _workbook(path, trees, envs)
    recalculated = libreoffice_csv(tmp_path, path)["e"]
    con = connect()
    compared = {"sql": 0, "excel": 0, "zero": 0}
    wrong = []
    for j, tree in enumerate(trees):
        sql = _sql_values(con, tree, envs)
        for r, env in enumerate(envs):
            want = _python(tree, env)
            excel = _excel_value(recalculated[r][len(NAMES) + j])
            if want is None:
                compared["zero"] += 1
                if sql[r] is not None or excel is not None:
                    wrong.append((tree, env, want, sql[r], excel))
                continue
            if sql[r] is None or quantize(sql[r], 6) != quantize(want, 6):
                wrong.append((tree, env, want, sql[r], excel))
            compared["sql"] += 1
            if excel is None or abs(excel - want) > Decimal("1e-9") * max(Decimal(1), abs(want)):
                wrong.append((tree, env, want, sql[r], excel))
            compared["excel"] += 1
    assert wrong == [], f"{len(wrong)} disagreements, first: {wrong[:3]}"
    # enough of every kind was compared (and division by zero happened on taken branches)
    assert compared["excel"] > 3000 and compared["zero"] > 300, compared


@pytest.mark.parametrize("text, excel", [
    ("a / b * 100", "((A1/B1)*100)"),
    ("max(0, 5 - ceil(100 - a))", "MAX(0,(5-(-INT(-(100-A1)))))"),
    ("1 if a > 0 and b != 0 else 0", "IF(AND((A1>0),(B1<>0)),1,0)"),
])
def test_excel_text(text, excel):
    assert E.to_excel(E.parse(text), {"a": "A1", "b": "B1"}.__getitem__) == excel


def test_metric_formulas_are_the_arithmetic_part_of_the_language():
    tree = E.parse("(current - prior) / prior * 100", arithmetic=True)
    assert E.evaluate(tree, {"current": Decimal("2.03"), "prior": Decimal("2.76")}) == \
        (Decimal("2.03") - Decimal("2.76")) / Decimal("2.76") * 100
    for refused in ("a if b else c", "min(a, b)", "a > b", "a * 0.5", "'1'"):
        with pytest.raises(E.ExprError, match="不允许"):
            E.parse(refused, arithmetic=True)
        E.parse(refused)                      # the whole language accepts them
