"""Item points are rounded half-up to 6 decimals before they are summed, in Python and in SQL alike.

45 × (1 − 1/6) + 45 × (1 − 1/6) + 30 × (1 − 2/3) + 5 = 37.5 + 37.5 + 10 + 5 is exactly 90, the edge
of 优.  Unrounded, Python's 28 significant digits give 30 × (1 − 2/3) = 9.999…9, and DuckDB's
quotients (18 decimals) give 37.499999999999999985 and a total of 89.99999999999999997, one grade
lower.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from batch_random import write_parquet

from jixiao.batch.db import connect
from jixiao.batch.reference import Reference, RefProject
from jixiao.batch.run import load_plan, score_batch
from jixiao.scoring import default_shapes
from jixiao.scoring.shapes import POINTS_PLACES

RUBRIC = str(Path(__file__).parent / "data" / "batch" / "fractional-rubric.yaml")


def _project(plan) -> RefProject:
    project = RefProject("P1", published_total="90", published_grade="优")
    given = {"le_a": {"target": "6", "actual": "7", "nature": "2"}, "le_b": {"target": "6", "actual": "7", "nature": "2"},
             "le_c": {"target": "3", "actual": "5", "nature": "2"}}
    others = {"deduct": "5"}                    # 证据不足: the published 5 is counted
    for crit in plan.criteria:
        project.inputs[crit.id] = {s.name: given.get(crit.id, {}).get(s.name) for s in crit.inputs}
        project.published[crit.id] = others.get(crit.id, "0")   # 证据不足 for the others: counted as published
    project.published.update({"le_a": "37.5", "le_b": "37.5", "le_c": "10"})
    return project


def test_points_are_rounded_to_the_documented_scale():
    assert POINTS_PLACES == 6


def test_quotients_summing_to_a_grade_edge_python():
    plan = load_plan(RUBRIC)
    out = Reference(plan, default_shapes()).score(_project(plan))
    points = {i.id: i.points for i in out.items if i.points is not None}
    assert points == {"le_a": Decimal("37.5"), "le_b": Decimal("37.5"), "le_c": Decimal("10")}
    assert out.total == Decimal("90")
    assert out.grade == "优"
    assert not [i for i in out.items if i.points is not None and i.points != i.published]


def test_quotients_summing_to_a_grade_edge_duckdb(tmp_path):
    plan = load_plan(RUBRIC)
    con = connect()
    write_parquet(con, plan, [_project(plan)], str(tmp_path))
    out = str(tmp_path / "out.parquet")
    score_batch([str(tmp_path)], RUBRIC, out, con=con)
    row = con.sql(f"SELECT total, grade, \"le_a.points\", \"le_c.points\", n_mismatch FROM '{out}'").fetchall()[0]
    assert row == (Decimal("90"), "优", Decimal("37.5"), Decimal("10"), 0)
