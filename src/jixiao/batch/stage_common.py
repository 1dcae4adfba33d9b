"""What the project-table and indicator-table stages share (stage.py, stage_indicators.py): a staged
part, the row head (project id, priority, source), the project-info columns, published points, and
the unknown-column findings."""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.batch import schema as B
from jixiao.batch.cells import DEC, int_cell, number_cell, points_cell, quote, text_of
from jixiao.batch.bad_cells import Problem
from jixiao.batch.plan import BatchPlan
from jixiao.batch.read import RawTable
from jixiao.batch.typed import TypedSelect
from jixiao.findings import Finding, error, warning

PRIO = "(CAST({index} AS BIGINT) * 4294967296 + __row)"


@dataclass(frozen=True)
class Part:
    kind: str
    table: str                      # typed rows
    info: tuple[str, ...]           # project columns present
    #: (rows, distinct project ids) of ``table`` when staging counted them (else None: counted when needed)
    ids: tuple[int, int] | None = None


def info_select(raw: RawTable, typed: TypedSelect) -> tuple[str, ...]:
    present = []
    for col in B.PROJECT_ONLY:
        actual = raw.columns.get(col.name)
        if actual is None:
            continue
        present.append(col.name)
        kind = raw.types[actual]
        if col.kind == B.INT:
            typed.cell(col.name, int_cell(actual, kind), col.name, actual)
        elif col.kind == B.POINTS:
            typed.cell(col.name, number_cell(actual, kind, B.POINTS), col.name, actual)
        else:
            typed.plain(text_of(actual, kind), col.name)
    return tuple(present)


def id_problem(raw: RawTable) -> tuple[str, Problem]:
    pid = text_of(raw.columns["project_id"], raw.types[raw.columns["project_id"]])
    return pid, Problem("BATCH-MISSING-ID", f"{pid} IS NULL", "该行没有项目编号（project_id），未计入", "project_id")


def row_head(pid: str, index: int) -> str:
    return f"{pid} AS project_id, {PRIO.format(index=index)} AS __prio, {index} AS __src, __row"


def published_points(raw: RawTable, column: str, prefix: str, typed: TypedSelect) -> None:
    """``prefix.published`` (points) and ``prefix.na`` (published as 不适用) from the raw ``column``."""
    points, na = f"{prefix}.published", f"{prefix}.na"
    actual = raw.columns.get(column)
    if actual is None:
        typed.plain(f"CAST(NULL AS {DEC})", points)
        typed.plain("FALSE", na)
        return
    cell, is_na = points_cell(actual, raw.types[actual])
    typed.plain(is_na, na)
    typed.cell(points, cell, column, actual, na_alias=na, na_sql=is_na, cheap=cheap_points(actual, raw.types[actual]))


def cheap_points(column: str, duck_type: str) -> tuple[str, str] | None:
    """Published points read by one cast: a number when the cell casts to DECIMAL(18,6), 不适用 when it is
    filled and does not.  Right for the usual text columns (plain numbers with at most 6 decimals and 不适用
    words), wrong for others (``1e5``, full-width digits, a word that is not 不适用 …): a staged view uses it
    only for a column where it agrees with :func:`jixiao.batch.cells.points_cell` on every value
    (:meth:`jixiao.batch.typed.TypedSelect.cell`)."""
    if duck_type.upper() != "VARCHAR":
        return None
    col = quote(column)
    value = f"TRY_CAST({col} AS {DEC})"
    return value, f"({value} IS NULL AND {col} IS NOT NULL)"


def unknown_columns(raw: RawTable, known: set[str], plan: BatchPlan) -> list[Finding]:
    out = []
    ids = {c.id for c in plan.criteria}
    for canonical in raw.columns:
        if canonical in known:
            continue
        head, dot, _ = canonical.partition(".")
        if dot and head not in ids:
            out.append(error("BATCH-UNKNOWN-CRITERION", f"列“{canonical}”：评分规则“{plan.rubric.id}”中没有评分项“{head}”"
                             f"（可用：{'、'.join(sorted(ids))}）；该列未使用", raw.source(1, canonical)))
        else:
            out.append(warning("BATCH-UNKNOWN-COLUMN", f"列“{canonical}”不是批量评分数据的列，已忽略（列名见 docs/batch.md）",
                               raw.source(1, canonical)))
    return out
