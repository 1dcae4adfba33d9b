"""bench/batch_speed.py: the run its ``--instructions`` mode counts works, and the hand-written baseline
writes the file ``--scores-only`` writes (same columns, same order, same types), so that the ratio the
bench prints compares like with like."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from jixiao.batch.run import load_plan
from jixiao.batch.synth import synthesise

BENCH = Path(__file__).resolve().parents[1] / "bench" / "batch_speed.py"
RUBRIC = "sichuan-2022-project"


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("bench")
    plan = load_plan(RUBRIC)
    synthesise(plan, str(root / "data"), 60, seed=7)
    one, many = root / "first-1", root / "first-60"
    for folder, n in ((one, 1), (many, 60)):
        folder.mkdir()
        duckdb.connect().execute(f"COPY (SELECT * FROM read_parquet('{root}/data/projects.parquet') LIMIT {n}) "
                                 f"TO '{folder}/projects.parquet' (FORMAT parquet)")
    work = root / "work"
    work.mkdir()
    return one, many, work


@pytest.mark.parametrize("key", ["full", "fast", "hand"])
def test_counted_run_writes_its_file(folders, key):
    """What ``--instructions`` counts (``--_count``, here without valgrind): a warm-up on one project, then
    the run on the folder, which writes its result."""
    _, many, work = folders
    done = subprocess.run([sys.executable, str(BENCH), "--rubric", RUBRIC, "--_count", key, str(many), str(work)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out = work / ("count-1-hand.parquet" if key == "hand" else f"count-{key}.parquet")
    rows = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchall()[0][0]
    assert rows == 60


def test_baseline_writes_the_scores_only_columns(folders):
    """The hand-written query's file has the columns and types of ``--scores-only``'s, in the same order."""
    _, many, work = folders
    for key in ("fast", "hand"):
        subprocess.run([sys.executable, str(BENCH), "--rubric", RUBRIC, "--_count", key, str(many), str(work)],
                       check=True, capture_output=True, timeout=600)
    con = duckdb.connect()
    fast = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{work}/count-fast.parquet')").fetchall()
    hand = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{work}/count-1-hand.parquet')").fetchall()
    assert [(name, kind) for name, kind, *_ in hand] == [(name, kind) for name, kind, *_ in fast]
    assert len(fast) == 39
    assert os.path.getsize(work / "count-fast.parquet") > 0


def test_baseline_computes_what_scores_only_writes(folders):
    """The hand-written query is an honest baseline: on the synthetic projects (with 不适用 items, missing
    inputs and published points above the maximum among them) its file holds exactly the rows
    ``--scores-only`` writes — the same points, NULLs, subtotals, totals (rescaled where an item is 不适用)
    and grades."""
    _, many, work = folders
    for key in ("fast", "hand"):
        subprocess.run([sys.executable, str(BENCH), "--rubric", RUBRIC, "--_count", key, str(many), str(work)],
                       check=True, capture_output=True, timeout=600)
    con = duckdb.connect()
    fast, hand = f"read_parquet('{work}/count-fast.parquet')", f"read_parquet('{work}/count-1-hand.parquet')"
    for a, b in ((fast, hand), (hand, fast)):
        assert con.execute(f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})").fetchall()[0][0] == 0
    # the data exercises what the baseline must get right, not only the plain case
    nulls = con.execute(f"SELECT count(*) FILTER (WHERE total IS NULL), count(*) FILTER (WHERE \"section:投入\" IS NULL) "
                        f"FROM {fast}").fetchall()[0]
    assert nulls[1] > 0
