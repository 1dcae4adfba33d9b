"""The columns of ``jixiao batch score`` output, names and types, as docs/batch.md lists them:
no duplicate column (``published_total_1``) and no untyped NULL column (``unit_code`` absent from
the data), in the full mode and ``--scores-only`` (issue 15)."""
from __future__ import annotations

import pytest

from jixiao.batch.db import connect
from jixiao.batch.run import load_plan, score_batch
from jixiao.batch.score_sql import section_paths
from jixiao.batch.synth import synthesise

RUBRIC = "sichuan-2022-project"
PROJECT = [("project_id", "VARCHAR"), ("project_name", "VARCHAR"), ("unit_name", "VARCHAR"),
           ("unit_code", "VARCHAR"), ("region", "VARCHAR"), ("year", "INTEGER"), ("rubric", "VARCHAR"),
           ("total", "DECIMAL(18,6)"), ("grade", "VARCHAR")]
FULL_FLAGS = [("max_total", "DECIMAL(18,6)"), ("published_total", "DECIMAL(18,6)"), ("published_grade", "VARCHAR"),
              ("evidence_insufficient", "BOOLEAN"),
              *((n, "INTEGER") for n in ("n_items", "n_scored", "n_range", "n_insufficient", "n_rule_unknown",
                                         "n_not_computable", "n_not_applicable", "n_mismatch", "n_over_max",
                                         "n_negative")),
              ("total_check", "VARCHAR"), ("grade_unknown", "BOOLEAN"), ("grade_band_mismatch", "BOOLEAN"),
              ("grade_mismatch", "BOOLEAN")]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    plan = load_plan(RUBRIC)
    synthesise(plan, str(folder / "data"), 60, seed=3)     # no unit_code column: absent from the data
    con = connect()
    assert "unit_code" not in [r[0] for r in con.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{folder}/data/projects.parquet')").fetchall()]
    out = {}
    for mode, only in (("full", False), ("fast", True)):
        path = str(folder / f"{mode}.parquet")
        score_batch([str(folder / "data")], RUBRIC, path, scores_only=only)
        out[mode] = [(r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
    return plan, out


def _expected(plan, full: bool) -> list[tuple[str, str]]:
    sections = [(f"section:{s}", "DECIMAL(18,6)") for s in section_paths(plan)]
    if not full:
        return PROJECT + sections + [(f"{c.id}.points", "DECIMAL(18,6)") for c in plan.criteria]
    crits = [x for c in plan.criteria for x in ((f"{c.id}.points", "DECIMAL(18,6)"), (f"{c.id}.status", "VARCHAR"))]
    return PROJECT + FULL_FLAGS + sections + crits


@pytest.mark.parametrize("mode", ["full", "fast"])
def test_output_columns_and_types(outputs, mode):
    plan, out = outputs
    assert out[mode] == _expected(plan, mode == "full")


@pytest.mark.parametrize("mode", ["full", "fast"])
def test_no_duplicate_and_no_untyped_column(outputs, mode):
    _, out = outputs
    names = [n for n, _ in out[mode]]
    assert len(names) == len(set(names)) and not [n for n in names if n.endswith("_1")]
    assert not [n for n, t in out[mode] if t.strip('"') == "NULL"]
