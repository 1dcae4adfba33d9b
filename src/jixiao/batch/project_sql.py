"""One output row per project: total, grade, section subtotals, flags and each criterion's points.

See :mod:`jixiao.batch.score_sql` for what each figure mirrors in the Python scorer.
Rows are not sorted (sorting a million rows costs more than scoring them): a single project table
comes out in input order.
"""
from __future__ import annotations

from jixiao.batch import item_sql as I
from jixiao.batch import schema as B
from jixiao.batch.cells import quote, text_literal
from jixiao.batch.plan import BatchPlan
from jixiao.batch.score_sql import (
    COUNT_NAMES,
    FLAG_NAMES,
    OUT,
    PACKED,
    indicator_aggregates,
    indicator_aggregates_query,
    section_paths,
    wide_aggregates,
    wide_counts,
    wide_query,
)
from jixiao import expr as E
from jixiao.expr.sql import Sql, compile_expr, literal

COUNTS = ("n_items", *COUNT_NAMES.values(), *FLAG_NAMES.values())


def band_sql(plan: BatchPlan, value: str) -> str:
    """The grade label of ``value`` (rounded first when the rubric says so); NULL below every band."""
    places = plan.rubric.policy.round_total_before_grading
    judged = value if places is None else f"ROUND({value}, {int(places)})"
    grades = sorted(plan.rubric.grades, key=lambda g: g.min, reverse=True)
    cases = " ".join(f"WHEN {judged} >= {literal(g.min).text} THEN {text_literal(g.label)}" for g in grades)
    return f"(CASE {cases} END)"


def _label(plan: BatchPlan, text: str) -> str:
    """A published grade text → the rubric's label (aliases such as 良好 → 良), NULL when unknown."""
    cases = " ".join(f"WHEN {text_literal(name)} THEN {text_literal(g.label)}" for g in plan.rubric.grades for name in g.labels)
    return f"(CASE trim({text}) {cases} END)"


def total_sql(plan: BatchPlan, applicable: str, na_max: str) -> str:
    """total_raw, with the NA policy applied when items are 不适用 (``applicable``/``na_max`` are lazy SQL)."""
    policy = plan.rubric.policy.na
    rescale = ""
    if policy == "exclude":
        tree = E.parse("total * max_total / applicable", {"max_total": plan.rubric.max_total})
        refs = {"total": Sql("CAST(total_raw AS DECIMAL(38,12))", 12), "applicable": Sql(f"CAST({applicable} AS DECIMAL(38,6))", 6)}
        formula = compile_expr(tree, lambda name: refs[name]).text
        # rounded half-up to the points scale, as the Python scorer does: the total stays an int64 DECIMAL
        # (nested CASE, not AND: DuckDB would work out ``applicable`` for every row)
        rescale = (f"WHEN n_not_applicable > 0 THEN (CASE WHEN {applicable} <> 0 THEN CAST({formula} AS {OUT}) "
                   f"ELSE total_raw END) ")
    elif policy == "full":
        rescale = f"WHEN n_not_applicable > 0 THEN total_raw + {na_max} "
    return f"(CASE WHEN n_counted = 0 THEN NULL {rescale}ELSE total_raw END)"


def _parts(plan: BatchPlan) -> tuple[str, dict[str, str], dict[str, str], dict[str, str]]:
    """(relation, eager aggregates, counts, lazy aggregates) for criteria, plus indicator rows if any."""
    eager, lazy = wide_aggregates(plan)
    counts = wide_counts(plan)
    if plan.indicators is None:
        sections = {s: eager.get("sec:" + s, "CAST(NULL AS DECIMAL(38,6))") for s in section_paths(plan)}
        return f"({wide_query(plan)}) w", {"total_raw": eager["counted"], "packed": eager["packed"],
                                          **{"sec:" + k: v for k, v in sections.items()}}, counts, lazy
    ind = indicator_aggregates(plan)
    columns = {"total_raw": f"({eager['counted']} + {ind['counted']})", "packed": eager["packed"]}
    for section in section_paths(plan):
        ws, isec, n = eager.get("sec:" + section), ind["sec:" + section], ind["secn:" + section]
        value = f"(CASE WHEN {n} = 0 THEN NULL ELSE {isec} END)" if ws is None else \
            f"(CASE WHEN {n} = 0 THEN {ws} ELSE {ws} + {isec} END)"
        columns["sec:" + section] = value
    counts = {name: f"({counts[name]} + {ind[name]})" for name in ("n_items", *PACKED)}
    lazy = {name: f"({lazy[name]} + {ind[name]})" for name in lazy}
    relation = f"({wide_query(plan)}) w LEFT JOIN ({indicator_aggregates_query(plan)}) ia USING (project_id)"
    return relation, columns, counts, lazy


def projects_query(plan: BatchPlan) -> str:
    relation, columns, counts, lazy = _parts(plan)
    layer = f"SELECT *, {', '.join(f'{v} AS {quote(k)}' for k, v in columns.items())} FROM {relation}"
    layer = f"SELECT *, {', '.join(f'{v} AS {k}' for k, v in counts.items())} FROM ({layer})"
    layer = f"SELECT *, n_items - n_not_applicable AS n_counted FROM ({layer})"
    layer = (f"SELECT *, {total_sql(plan, lazy['applicable'], lazy['na_max'])} AS total, "
             f"(CASE WHEN published_total IS NOT NULL THEN {lazy['known']} END) AS known FROM ({layer})")
    pub_label = _label(plan, "published_grade")
    known, unknown_max = "known", lazy["unknown_max"]
    check = ("(CASE WHEN published_total IS NULL THEN NULL "
             f"WHEN unpublished = 0 THEN (CASE WHEN published_total = {known} THEN 'ok' ELSE 'mismatch' END) "
             f"WHEN published_total >= {known} AND published_total <= {known} + {unknown_max} THEN 'unverifiable' "
             "ELSE 'mismatch' END)")
    sections = [f"CAST({quote('sec:' + s)} AS {OUT}) AS {quote('section:' + s)}" for s in section_paths(plan)]
    crits = []
    for c in plan.criteria:
        crits += [f"CAST({quote(c.id + '#' + I.POINTS)} AS {OUT}) AS {quote(c.id + '.points')}",
                  f"{I.status_text(quote(c.id + '#' + I.STATUS))} AS {quote(c.id + '.status')}"]
    info = [quote(c.name) for c in B.PROJECT_ONLY]
    counted = [f"CAST({n} AS INTEGER) AS {n}" for n in COUNTS]
    rubric = plan.rubric
    return f"""SELECT project_id, {', '.join(info)}, {text_literal(rubric.id)} AS rubric,
        CAST(total AS {OUT}) AS total, {band_sql(plan, 'total')} AS grade, {literal(rubric.max_total).text}::{OUT} AS max_total,
        published_total, published_grade,
        n_insufficient > 0 AS evidence_insufficient, {', '.join(counted)},
        {check} AS total_check,
        (published_grade IS NOT NULL AND {pub_label} IS NULL) AS grade_unknown,
        coalesce({band_sql(plan, 'published_total')} <> {pub_label}, FALSE) AS grade_band_mismatch,
        coalesce({band_sql(plan, 'total')} <> {pub_label}, FALSE) AS grade_mismatch,
        {', '.join(sections + crits)}
        FROM ({layer})"""
