"""Batch scoring end to end: read DATA, check it, score it with DuckDB, write parquet.

    result = score_batch(["data/"], "sichuan-2022-project", "out.parquet")

Returns a :class:`BatchResult` with the findings about the data and a summary
(projects, grades, flags).  Whole-file problems raise
:class:`~jixiao.findings.UnusableInput` (exit code 2).
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field

from jixiao.batch.db import connect, run
from jixiao.batch.plan import BatchPlan, build_plan
from jixiao.batch.project_sql import projects_query
from jixiao.batch.read import data_files, read_all
from jixiao.batch.stage import bounded_published, narrow_types, stage
from jixiao.findings import Finding, UnusableInput, error
from jixiao.model.source import Source


@dataclass
class BatchResult:
    rubric: str
    out: str | None
    projects: int
    grades: dict[str, int]
    flags: dict[str, int]
    findings: list[Finding] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def check_targets(out: str, items_out: str | None, scores_only: bool) -> None:
    """The output files can be written (``.parquet``, a writable place) and the options fit together;
    raises UnusableInput before any work is done."""
    from jixiao.ingest.limits import check_output

    for target in (out, items_out):
        if target is not None and not target.lower().endswith(".parquet"):
            raise UnusableInput([error("INPUT-FORMAT", "结果文件应以 .parquet 结尾", Source(target, "L1"))])
    for target in (out, items_out):
        if target is not None:
            check_output(target)
    if scores_only and items_out is not None:
        raise UnusableInput([error("BATCH-OPTIONS", "--scores-only 只写出每个项目的得分，不能与 --items 同用", Source(items_out, "L1"))])


def load_plan(rubric_id: str) -> BatchPlan:
    from jixiao.scoring import default_shapes, load_rubric

    return build_plan(load_rubric(rubric_id), default_shapes())   # an unknown id raises RubricError (exit 2)


def score_batch(data: list[str], rubric_id: str, out: str | None, items_out: str | None = None,
                con=None, scores_only: bool = False) -> BatchResult:
    plan = load_plan(rubric_id)
    paths = [p for d in data for p in data_files(d)]
    con = con or connect()
    clock = time.perf_counter()
    raws = read_all(con, paths)
    read_s = time.perf_counter() - clock
    if scores_only:
        return _scores_only(con, plan, raws, paths, out, clock, read_s)
    counts: dict[str, int] = {}
    findings = stage(con, raws, plan, counts)
    staged_s = time.perf_counter() - clock - read_s
    projects = counts["projects"] if "projects" in counts else con.execute("SELECT count(*) FROM t_projects").fetchall()[0][0]
    if projects == 0:
        raise UnusableInput(findings + [error("BATCH-NO-DATA", "数据中没有可评分的项目（每行需要项目编号 project_id）", Source(paths[0], "L1"))])
    if out is not None:        # scored and written in one pass; the summary reads the file back
        write_parquet(con, projects_query(plan, narrow_types(raws, plan), bounded_published(raws, plan)), out)
        run(con, "CREATE TEMP VIEW result AS SELECT * FROM read_parquet('" + out.replace("'", "''") + "')")
    else:
        run(con, f"CREATE TEMP TABLE result AS {projects_query(plan, narrow_types(raws, plan), bounded_published(raws, plan))}")
    scored_s = time.perf_counter() - clock - read_s - staged_s
    if items_out is not None:
        from jixiao.batch.items_out import items_query

        write_parquet(con, items_query(plan), items_out)
    result = BatchResult(plan.rubric.id, out, projects, _grades(con, plan), _flags(con), findings)
    result.seconds = {"read": read_s, "check": staged_s, "score": scored_s,
                      "summary": time.perf_counter() - clock - read_s - staged_s - scored_s}
    return result


def _scores_only(con, plan: BatchPlan, raws, paths: list[str], out: str | None, clock: float,
                 read_s: float) -> BatchResult:
    """``--scores-only``: one SQL pass from the file when it is one project table (see scores_only.py)."""
    from jixiao.batch import scores_only as S
    from jixiao.batch.stage import column_findings

    if S.single_pass(raws, plan):
        findings = column_findings(raws[0], plan)
        query = S.scores_query(plan, S.raw_projects(raws[0], plan), raws[0])
    else:
        findings = stage(con, raws, plan)
        query = S.scores_query(plan, "SELECT * FROM t_projects") \
            if plan.indicators is None and not plan.rubric.outside_total \
            else S.from_full(plan, projects_query(plan))
    staged_s = time.perf_counter() - clock - read_s
    run(con, "SET preserve_insertion_order = false")     # rows in any order: keeping it costs more than scoring
    try:
        if out is not None:
            write_parquet(con, query, out)
            run(con, "CREATE TEMP VIEW result AS SELECT * FROM read_parquet('" + out.replace("'", "''") + "')")
        else:
            run(con, f"CREATE TEMP TABLE result AS {query}")
    finally:
        run(con, "RESET preserve_insertion_order")
    scored_s = time.perf_counter() - clock - read_s - staged_s
    projects = con.execute("SELECT count(*) FROM result").fetchall()[0][0]
    if projects == 0:
        if out is not None:
            run(con, "DROP VIEW result")
            os.unlink(out)
        raise UnusableInput(findings + [error("BATCH-NO-DATA", "数据中没有可评分的项目（每行需要项目编号 project_id）", Source(paths[0], "L1"))])
    result = BatchResult(plan.rubric.id, out, projects, _grades(con, plan), {}, findings)
    result.seconds = {"read": read_s, "check": staged_s, "score": scored_s,
                      "summary": time.perf_counter() - clock - read_s - staged_s - scored_s}
    return result


#: a column chunk with more distinct values than this is written plainly: totals and subtotals (tens of
#: thousands of values per row group) skip the dictionary DuckDB would otherwise build and then drop,
#: while points, grades and names keep theirs (the file grows by about 1%; writing a million scored
#: projects takes about 0.1 s less on the 2-core machine)
DICTIONARY_LIMIT = 5000


def write_parquet(con, query: str, path: str) -> None:
    """COPY a query to parquet atomically (a temporary file renamed into place)."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".jixiao-", suffix=".parquet")
    os.close(fd)
    try:
        target = tmp.replace("'", "''")
        run(con, f"COPY ({query}) TO '{target}' (FORMAT parquet, DICTIONARY_SIZE_LIMIT {DICTIONARY_LIMIT})")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _grades(con, plan: BatchPlan) -> dict[str, int]:
    """Projects per grade, in the rubric's order (best first), then those without a total."""
    found = dict(con.execute("SELECT coalesce(grade, '（无总分）'), count(*) FROM result GROUP BY 1").fetchall())
    order = [g.label for g in sorted(plan.rubric.grades, key=lambda g: g.min, reverse=True)] + ["（无总分）"]
    return {label: found[label] for label in order if label in found}


def _flags(con) -> dict[str, int]:
    row = con.execute("""SELECT count(*) FILTER (WHERE evidence_insufficient),
        count(*) FILTER (WHERE total_check = 'mismatch'), count(*) FILTER (WHERE n_mismatch > 0),
        count(*) FILTER (WHERE n_over_max > 0), count(*) FILTER (WHERE grade_band_mismatch),
        count(*) FILTER (WHERE grade_mismatch), count(*) FILTER (WHERE grade_unknown),
        count(*) FILTER (WHERE total IS NULL) FROM result""").fetchall()[0]
    names = ("evidence_insufficient", "total_mismatch", "item_mismatch", "over_max", "grade_band_mismatch",
             "grade_mismatch", "grade_unknown", "no_total")
    return dict(zip(names, row))
