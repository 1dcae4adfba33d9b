"""Item points are rounded half-up to 6 decimals before they are summed, in Python and in SQL alike.

88/3 + 91/3 + 91/3 is exactly 90 (the edge of 优); kept at 28 significant digits each quotient
is rounded down and their sum is 89.99…9, one grade lower.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from batch_random import write_parquet

from jixiao.batch.db import connect
from jixiao.batch.reference import Reference, RefProject
from jixiao.batch.run import load_plan, score_batch
from jixiao.scoring import default_shapes
from jixiao.scoring.items import POINTS_PLACES

RUBRIC = str(Path(__file__).parent / "data" / "batch" / "fractional-rubric.yaml")


def _project(plan) -> RefProject:
    project = RefProject("P1", published_total="90", published_grade="优")
    rates = {"third_a": "88", "third_b": "91", "third_c": "91"}
    for crit in plan.criteria:
        project.inputs[crit.id] = {s.name: rates.get(crit.id) for s in crit.inputs}
        project.published[crit.id] = "0"        # 证据不足 for the others: their published 0 is counted
    project.published.update({"third_a": "29.33", "third_b": "30.33", "third_c": "30.33"})
    return project


def test_points_are_rounded_to_the_documented_scale():
    assert POINTS_PLACES == 6


def test_quotients_summing_to_a_grade_edge_python():
    plan = load_plan(RUBRIC)
    out = Reference(plan, default_shapes()).score(_project(plan))
    points = {i.id: i.points for i in out.items if i.points is not None}
    assert points == {"third_a": Decimal("29.333333"), "third_b": Decimal("30.333333"), "third_c": Decimal("30.333333")}
    assert out.total == Decimal("89.999999")
    assert out.grade == "良"


def test_quotients_summing_to_a_grade_edge_duckdb(tmp_path):
    plan = load_plan(RUBRIC)
    con = connect()
    write_parquet(con, plan, [_project(plan)], str(tmp_path))
    out = str(tmp_path / "out.parquet")
    score_batch([str(tmp_path)], RUBRIC, out, con=con)
    row = con.sql(f"SELECT total, grade, \"third_a.points\" FROM '{out}'").fetchall()[0]
    assert row == (Decimal("89.999999"), "良", Decimal("29.333333"))
