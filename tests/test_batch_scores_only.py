"""`--scores-only` reads every column by its own type and gives the full mode's figures.

Its single SQL pass types cells as narrowly as their column allows (a flag in an integer column
as DECIMAL(1,0), a number in a DECIMAL column as DECIMAL(15,6)) and keeps points in as few digits
as their bounds need.  The same random projects, written with different column types and with
cells that must be refused (a flag 2, a rate of 10^9, published points far above a small maximum,
不适用 with spaces, full-width digits), must give exactly the full mode's points, subtotals, totals
and grades.
"""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from batch_random import random_projects

from jixiao.batch.db import connect, run
from jixiao.batch.run import load_plan, score_batch

TEST_RUBRIC = str(Path(__file__).parent / "data" / "batch" / "parity-rubric.yaml")
#: column types of (numbers, flags and codes, published points)
TYPINGS = {
    "integers": ("DECIMAL(20,6)", "INTEGER", "VARCHAR"),
    "small": ("DECIMAL(18,6)", "SMALLINT", "VARCHAR"),
    "big": ("DECIMAL(38,6)", "BIGINT", "VARCHAR"),
    "text": ("VARCHAR", "VARCHAR", "VARCHAR"),
    "csv": ("VARCHAR", "VARCHAR", "VARCHAR"),
}
ODD_NUMBERS = ("1000000000", "-1000000000", "999999999.999999", "-999999999.999999", "0.000001")
ODD_CODES = ("2", "-1", "5", "0", "4")
ODD_PUBLISHED = ("150", " 不适用 ", "５", "4分", "99999", "-0.5", "", "N/A", "3.0000001")


def _cells(plan, projects, rng: random.Random) -> tuple[dict[str, list], set[str], set[str]]:
    """Column → values (text), with odd values mixed in; and the number and the code columns."""
    columns: dict[str, list] = {"project_id": [p.project_id for p in projects]}
    numbers, codes = set(), set()
    for crit in plan.criteria:
        for spec in crit.inputs:
            name = crit.column(spec.name)
            coded = spec.kind in ("flag", "code")
            (codes if coded else numbers).add(name)
            odd = ODD_CODES if coded else ODD_NUMBERS
            columns[name] = [rng.choice(odd) if rng.random() < 0.05 else p.inputs[crit.id].get(spec.name)
                             for p in projects]
        columns[crit.published_column] = [rng.choice(ODD_PUBLISHED) if rng.random() < 0.08 else p.published.get(crit.id)
                                          for p in projects]
    return columns, numbers, codes


def _write(con, columns: dict[str, list], numbers: set[str], codes: set[str], typing: str, path: str) -> None:
    number_type, code_type, text_type = TYPINGS[typing]
    data = {f"c{i}": np.array(v, dtype=object) for i, v in enumerate(columns.values())}
    con.register("gen_typed", data)

    def typed(i: int, name: str) -> str:
        target = number_type if name in numbers else code_type if name in codes else text_type
        if target == "VARCHAR" or name == "project_id":
            return f'c{i} AS "{name}"'
        return f'TRY_CAST(c{i} AS {target}) AS "{name}"'     # what the column type cannot hold is missing

    select = ", ".join(typed(i, name) for i, name in enumerate(columns))
    fmt = "csv, HEADER" if path.endswith(".csv") else "parquet"
    run(con, f"COPY (SELECT {select} FROM gen_typed) TO '{path}' (FORMAT {fmt})")
    con.unregister("gen_typed")


@pytest.mark.parametrize("typing", list(TYPINGS))
@pytest.mark.parametrize("rubric_id", [TEST_RUBRIC, "sichuan-2022-project"], ids=["test-rubric", "sichuan"])
def test_scores_only_agrees_with_the_full_mode_for_every_column_type(rubric_id, typing, tmp_path):
    plan = load_plan(rubric_id)
    projects = random_projects(plan, 600, seed=11)
    con = connect()
    columns, numbers, codes = _cells(plan, projects, random.Random(typing))
    folder = tmp_path / "data"
    folder.mkdir()
    _write(con, columns, numbers, codes, typing, str(folder / ("projects.csv" if typing == "csv" else "projects.parquet")))
    full, fast = tmp_path / "full.parquet", tmp_path / "fast.parquet"
    score_batch([str(folder)], rubric_id, str(full), con=con)
    result = score_batch([str(folder)], rubric_id, str(fast), scores_only=True)
    assert result.projects == len(projects)
    rel = con.sql(f"SELECT * FROM '{fast}'")
    wanted = {r[0]: dict(zip(con.sql(f"SELECT * FROM '{full}'").columns, r))
              for r in con.sql(f"SELECT * FROM '{full}'").fetchall()}
    differ = [(r[0], k, v, wanted[r[0]][k]) for r in rel.fetchall() for k, v in zip(rel.columns, r)
              if wanted[r[0]][k] != v]
    assert not differ, f"{len(differ)} figures differ from the full mode, e.g. {differ[:5]}"
    scored = con.sql(f"SELECT count(*) FROM '{fast}' WHERE total IS NOT NULL").fetchall()[0][0]
    assert scored > 0


def test_published_points_far_above_a_small_range_item_are_held_within_it(tmp_path):
    """A qualitative item (a range of points) published as 150 of 15: held within its range, no overflow."""
    con = connect()
    folder = tmp_path / "data"
    folder.mkdir()
    run(con, f"""COPY (SELECT * FROM (VALUES ('p1', 2, '150'), ('p2', 2, '7'), ('p3', 1, '99999'))
                 t(project_id, "qualitative.grade", "qualitative.published"))
                 TO '{folder / "projects.parquet"}' (FORMAT parquet)""")
    for scores_only in (False, True):
        out = tmp_path / f"out-{scores_only}.parquet"
        result = score_batch([str(folder)], TEST_RUBRIC, str(out), scores_only=scores_only,
                             items_out=None if scores_only else str(tmp_path / "items.parquet"))
        assert result.projects == 3
    fast = con.sql(f"SELECT * FROM '{tmp_path / 'out-True.parquet'}' LIMIT 0").columns
    picked = ", ".join(f'"{c}"' for c in fast)
    assert con.sql(f"SELECT {picked} FROM '{tmp_path / 'out-False.parquet'}' ORDER BY project_id").fetchall() == \
        con.sql(f"SELECT {picked} FROM '{tmp_path / 'out-True.parquet'}' ORDER BY project_id").fetchall()
    held = {r[0]: r[1:] for r in con.sql(f"SELECT project_id, counted, low, high FROM '{tmp_path / 'items.parquet'}' "
                                        "WHERE item = 'qualitative' AND status = 'range'").fetchall()}
    assert held["p1"][0] == held["p1"][2] and held["p2"][0] == held["p2"][1]     # 150 → the top, 7 → the bottom


@pytest.mark.parametrize("padding", ["", " ", "\u3000"])
def test_a_cell_read_as_not_applicable_holds_no_points(padding):
    """The single pass counts an item 不适用 by the published points alone: a 不适用 cell must read as no points."""
    from jixiao.batch.scores_only import lazy_points, not_applicable
    from jixiao.scoring.items import NA_WORDS

    con = connect()
    for word in sorted(NA_WORDS):
        cell = padding + word + padding
        na, points = con.execute(f"SELECT {not_applicable('p', 'VARCHAR')}, {lazy_points('p', 'VARCHAR')} "
                                 "FROM (SELECT CAST(? AS VARCHAR) AS p)", [cell]).fetchall()[0]
        assert (na, points) == (True, None), cell
