"""Findings about batch data cells and rows, each citing its file and row (or sheet!cell).

A column can hold thousands of bad cells; each problem is shown for its first
:data:`SHOWN` cells and then summed up in one more finding, so the report stays
readable at province scale.
"""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.batch.cells import Cell
from jixiao.batch.read import RawTable
from jixiao.findings import Finding, error, warning

SHOWN = 10


@dataclass(frozen=True)
class Problem:
    """One kind of bad row: where (SQL condition over the raw table) and what to say."""

    rule_id: str
    condition: str
    message: str                 # may use {value}
    column: str | None = None    # canonical column name, to cite the cell
    value: str | None = None     # SQL of the value to quote
    severity: str = "error"


def collect(con, raw: RawTable, problems: list[Problem], counts: list[int] | None = None) -> list[Finding]:
    """Count every problem in one scan of the table (unless ``counts`` gives them, counted by another scan),
    then fetch the first rows of those that occur."""
    if not problems:
        return []
    if counts is None:
        counts = con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE {p.condition})" for p in problems)
                             + f" FROM {raw.table}").fetchall()[0]
    out: list[Finding] = []
    for problem, count in zip(problems, counts):
        if count:
            out += _one(con, raw, problem, count)
    return out


def _one(con, raw: RawTable, problem: Problem, total: int) -> list[Finding]:
    value = problem.value or "NULL"
    rows = con.execute(f"SELECT __row, CAST({value} AS VARCHAR) FROM {raw.table} "
                       f"WHERE {problem.condition} ORDER BY __row LIMIT {SHOWN}").fetchall()
    make = error if problem.severity == "error" else warning
    out = [make(problem.rule_id, problem.message.format(value=shown if shown is not None else ""),
                raw.source(row, problem.column)) for row, shown in rows]
    if total > SHOWN:
        out.append(make(problem.rule_id, f"另有{total - SHOWN}行有同样的问题（{_column_zh(problem)}），未逐一列出",
                        raw.source(rows[-1][0], problem.column)))
    return out


def _column_zh(problem: Problem) -> str:
    return f"列“{problem.column}”" if problem.column else problem.rule_id


def bad_cell(column: str, actual: str, cell: Cell) -> Problem:
    from jixiao.batch.cells import quote

    return Problem("BATCH-BAD-VALUE", cell.bad, f"列“{column}”的值“{{value}}”无法读取，应为{cell.why}；该值按缺失处理",
                   column, f"CAST({quote(actual)} AS VARCHAR)")
