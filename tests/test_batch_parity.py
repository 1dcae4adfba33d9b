"""Python scorer and DuckDB batch scorer agree exactly: points, statuses, totals, grades, checks.

At least 10,000 random projects over every bundled rubric (and each regional
variant), plus a test rubric for the shapes and policies no bundled rubric uses
(R12, floor/proportional partial points, judged rates, rounded points, NA “full”,
rounding before grading).  Inputs are drawn around each rule's own constants
(exact thresholds, ±0.000001, the 0.58 ceil edge, 0, 100%), see batch_random.py.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from batch_random import random_projects, write_parquet

from jixiao.batch.db import connect
from jixiao.batch.reference import Reference
from jixiao.batch.run import load_plan, score_batch
from jixiao.model.numbers import quantize
from jixiao.scoring import default_shapes, list_rubrics

TEST_RUBRIC = str(Path(__file__).parent / "data" / "batch" / "parity-rubric.yaml")
#: fractional caps, checklist points, band edges and R9 percentages; quotients summing to a grade edge
FRACTIONAL_RUBRIC = str(Path(__file__).parent / "data" / "batch" / "fractional-rubric.yaml")
#: projects per rubric id; the sum is at least 10,000
SAMPLE = {"sichuan-2022-project": 2500, "mof-2020-project": 1500, "yunnan-2023-project": 1000,
          "sichuan-2022-department": 1000, "mof-2013-department": 1000, "mof-2013-department:hunan": 500,
          "mof-2013-department:final-basis": 500, "mof-2013-department:sichuan": 500, TEST_RUBRIC: 1500,
          "hubei-2022-project": 300, "anhui-2022-project": 200, "beijing-2016-project": 200, "hebei-2019-project": 300,
          "shanxi-2020-project": 300, "hunan-yueyang-department": 300, "chongqing-2021-department": 200,
          "guizhou-2021-department": 200, "sichuan-2023-project": 200,
          FRACTIONAL_RUBRIC: 1000}


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else quantize(value, 6)


def _item_key(item_id: str) -> str:
    if item_id.startswith("indicator["):
        return f"indicator[{int(item_id[10:-1]) + 1}]"
    return item_id


def _differences(ref, project, row, items) -> list[tuple]:
    out = ref.score(project)
    problems = []
    if (_q(out.total), out.grade) != (row["total"], row["grade"]):
        problems.append(("total/grade", out.total, out.grade, row["total"], row["grade"]))
    for item in out.items:
        got = items.get((project.project_id, _item_key(item.id)))
        want = (item.status, _q(item.points), _q(item.low), _q(item.high), _q(item.counted))
        if got != want:
            problems.append((item.id, want, got))
    for path, points in out.sections.items():
        if _q(points) != row["section:" + path]:
            problems.append(("section", path, points, row["section:" + path]))
    ids = out.rule_ids
    checks = {"total_check": out.total_check, "grade_unknown": "SCORE-GRADE-UNKNOWN" in ids,
              "grade_band_mismatch": "SCORE-GRADE-BAND" in ids, "grade_mismatch": "SCORE-GRADE-MISMATCH" in ids,
              "n_mismatch": ids.count("SCORE-ITEM-MISMATCH"), "n_over_max": ids.count("SCORE-ITEM-OVER-MAX"),
              "n_negative": ids.count("SCORE-ITEM-NEGATIVE")}
    problems += [(k, v, row[k]) for k, v in checks.items() if row[k] != v]
    return problems


def test_the_sample_covers_every_rubric_shape_and_variant():
    assert sum(SAMPLE.values()) >= 10_000
    wanted = {r.id for r in list_rubrics()} | {f"{r.id}:{v.id}" for r in list_rubrics() for v in r.variants}
    assert wanted <= set(SAMPLE)
    shapes = {c.rule.shape for rid in SAMPLE for _, c in load_plan(rid).rubric.criteria()}
    shapes |= {rule.shape for rid in SAMPLE if (r := load_plan(rid).rubric).indicator_rules
               for rule in (r.indicator_rules.quantitative, r.indicator_rules.qualitative)}
    assert set(default_shapes().ids) <= shapes


@pytest.mark.parametrize("rubric_id", list(SAMPLE), ids=lambda r: Path(r).stem)
def test_python_and_duckdb_agree(rubric_id, tmp_path):
    plan = load_plan(rubric_id)
    projects = random_projects(plan, SAMPLE[rubric_id], seed=len(rubric_id))
    con = connect()
    write_parquet(con, plan, projects, str(tmp_path))
    result = score_batch([str(tmp_path)], rubric_id, str(tmp_path / "out.parquet"),
                         items_out=str(tmp_path / "items.parquet"), con=con)
    assert result.projects == len(projects)
    rel = con.sql(f"SELECT * FROM '{tmp_path / 'out.parquet'}'")
    rows = {r[0]: dict(zip(rel.columns, r)) for r in rel.fetchall()}
    items = {(r[0], r[1]): tuple(r[2:]) for r in con.sql(
        f"SELECT project_id, item, status, points, low, high, counted FROM '{tmp_path / 'items.parquet'}'").fetchall()}
    reference = Reference(plan, default_shapes())
    failures = {}
    for project in projects:
        problems = _differences(reference, project, rows[project.project_id], items)
        if problems:
            failures[project.project_id] = problems
    assert not failures, f"{len(failures)} projects differ, e.g. {list(failures.items())[:3]}"
    _scores_only_agrees(rubric_id, tmp_path, plan, rows)


def _scores_only_agrees(rubric_id, tmp_path, plan, rows) -> None:
    """``--scores-only`` (one SQL pass from the file, or after staging for indicator tables) writes the same
    points, subtotals, totals and grades as the full mode, which agrees with the Python scorer above."""
    out = tmp_path / "scores.parquet"
    result = score_batch([str(tmp_path / name) for name in sorted(p.name for p in tmp_path.iterdir())
                          if name.endswith(".parquet") and name not in ("out.parquet", "items.parquet")],
                         rubric_id, str(out), scores_only=True)
    assert result.projects == len(rows)
    rel = connect().sql(f"SELECT * FROM '{out}'")
    columns = rel.columns
    assert {"total", "grade"} <= set(columns)
    assert {f"{c.id}.points" for c in plan.criteria} <= set(columns)
    differ = [(r[0], k) for r in rel.fetchall() for k, v in zip(columns, r) if rows[r[0]][k] != v]
    assert not differ, f"{len(differ)} figures differ from the full mode, e.g. {differ[:5]}"
