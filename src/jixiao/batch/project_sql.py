"""One output row per project: total, grade, section subtotals, flags and each criterion's points.

See :mod:`jixiao.batch.score_sql` for what each figure mirrors in the Python scorer.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao.batch import item_sql as I
from jixiao.batch import schema as B
from jixiao.batch.cells import quote, text_literal
from jixiao.batch.plan import BatchPlan
from jixiao.batch.score_sql import (
    COUNT_NAMES, COUNTS, FLAG_NAMES, OUT, SUMS, indicator_aggregates, indicator_aggregates_query, section_paths,
    wide_aggregates, wide_query,
)
from jixiao.batch.sqlexpr import Sql, compile_expr, literal
from jixiao.scoring import expr as E


def _band(plan: BatchPlan, value: str) -> str:
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


def _rescaled_total(plan: BatchPlan) -> str:
    """total × max_total / applicable, compiled like any rule step (exact, rounded division)."""
    tree = E.parse("total * max_total / applicable", {"max_total": plan.rubric.max_total})
    refs = {"total": Sql("total_raw", 18), "applicable": Sql("CAST(applicable AS DECIMAL(38,6))", 6)}
    return compile_expr(tree, lambda name: refs[name]).text


def _total(plan: BatchPlan) -> str:
    policy = plan.rubric.policy.na
    rescale = ""
    if policy == "exclude":
        rescale = f"WHEN n_not_applicable > 0 AND applicable <> 0 THEN {_rescaled_total(plan)} "
    elif policy == "full":
        rescale = "WHEN n_not_applicable > 0 THEN total_raw + na_max "
    return f"(CASE WHEN n_counted = 0 THEN NULL {rescale}ELSE total_raw END)"


def _combined(plan: BatchPlan) -> tuple[str, list[str]]:
    """The relation of per-project aggregates and the list of its aggregate expressions."""
    wide = wide_aggregates(plan)
    if plan.indicators is None:
        exprs = [f"{wide[k]} AS {quote(k)}" for k in SUMS + COUNTS]
        sections = [(k, wide.get("sec:" + k)) for k in section_paths(plan)]
        exprs += [f"{v if v else 'CAST(NULL AS DECIMAL(38,6))'} AS {quote('sec:' + k)}" for k, v in sections]
        return f"({wide_query(plan)}) w", exprs
    ind = indicator_aggregates(plan)
    exprs = [f"({wide[k]} + {ind[k]}) AS {quote(k)}" for k in SUMS + COUNTS]
    for section in section_paths(plan):
        ws, isec, n = wide.get("sec:" + section), ind["sec:" + section], ind["secn:" + section]
        if ws is None:
            value = f"(CASE WHEN {n} = 0 THEN NULL ELSE {isec} END)"
        else:
            value = f"(CASE WHEN {n} = 0 THEN {ws} ELSE {ws} + {isec} END)"
        exprs.append(f"{value} AS {quote('sec:' + section)}")
    relation = f"({wide_query(plan)}) w LEFT JOIN ({indicator_aggregates_query(plan)}) ia USING (project_id)"
    return relation, exprs


def projects_query(plan: BatchPlan) -> str:
    relation, aggregates = _combined(plan)
    info = [quote(c.name) for c in B.PROJECT_ONLY]
    crit_cols = [f"{quote(c.id + '#' + s)} AS {quote(c.id + '#' + s)}" for c in plan.criteria for s in (I.POINTS, I.STATUS)]
    inner = f"SELECT project_id, {', '.join(info)}, {', '.join(crit_cols)}, {', '.join(aggregates)} FROM {relation}"
    rubric = plan.rubric
    staged = f"SELECT *, counted AS total_raw FROM ({inner})"
    totals = f"SELECT *, {_total(plan)} AS total FROM ({staged})"
    pub_label = _label(plan, "published_grade")
    check = ("(CASE WHEN published_total IS NULL THEN NULL "
             "WHEN unpublished = 0 THEN (CASE WHEN published_total = known THEN 'ok' ELSE 'mismatch' END) "
             "WHEN published_total >= known AND published_total <= known + unknown_max THEN 'unverifiable' "
             "ELSE 'mismatch' END)")
    sections = [f"CAST({quote('sec:' + s)} AS {OUT}) AS {quote('section:' + s)}" for s in section_paths(plan)]
    crits = []
    for c in plan.criteria:
        crits += [f"CAST({quote(c.id + '#' + I.POINTS)} AS {OUT}) AS {quote(c.id + '.points')}",
                  f"{quote(c.id + '#' + I.STATUS)} AS {quote(c.id + '.status')}"]
    counts = [f"CAST({n} AS INTEGER) AS {n}" for n in ("n_items", *COUNT_NAMES.values(), *FLAG_NAMES.values())]
    return f"""SELECT project_id, {', '.join(info)}, {text_literal(rubric.id)} AS rubric,
        CAST(total AS {OUT}) AS total, {_band(plan, 'total')} AS grade, {literal(rubric.max_total).text}::{OUT} AS max_total,
        published_total, published_grade,
        n_insufficient > 0 AS evidence_insufficient, {', '.join(counts)},
        {check} AS total_check,
        (published_grade IS NOT NULL AND {pub_label} IS NULL) AS grade_unknown,
        coalesce({_band(plan, 'published_total')} <> {pub_label}, FALSE) AS grade_band_mismatch,
        coalesce({_band(plan, 'total')} <> {pub_label}, FALSE) AS grade_mismatch,
        {', '.join(sections + crits)}
        FROM ({totals}) ORDER BY project_id"""


__all__ = ["projects_query", "Decimal"]
