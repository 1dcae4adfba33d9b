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
    criterion_spec,
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


def total_sql(plan: BatchPlan, applicable: str, na_max: str, counted: str = "n_counted",
              not_applicable: str = "n_not_applicable") -> str:
    """total_raw, with the NA policy applied when items are 不适用 (``applicable``/``na_max`` are lazy SQL;
    ``counted``/``not_applicable`` count the items 总分 includes)."""
    policy = plan.rubric.policy.na
    rescale = ""
    if policy == "exclude":
        tree = E.parse("total * max_total / applicable", {"max_total": plan.rubric.max_total})
        refs = {"total": Sql("CAST(total_raw AS DECIMAL(38,12))", 12), "applicable": Sql(f"CAST({applicable} AS DECIMAL(38,6))", 6)}
        formula = compile_expr(tree, lambda name: refs[name]).text
        # rounded half-up to the points scale, as the Python scorer does: the total stays an int64 DECIMAL
        # (nested CASE, not AND: DuckDB would work out ``applicable`` for every row)
        rescale = (f"WHEN {not_applicable} > 0 THEN (CASE WHEN {applicable} <> 0 THEN CAST({formula} AS {OUT}) "
                   f"ELSE total_raw END) ")
    elif policy == "full":
        rescale = f"WHEN {not_applicable} > 0 THEN total_raw + {na_max} "
    return f"(CASE WHEN {counted} = 0 THEN NULL {rescale}ELSE total_raw END)"


def fast_total_sql(plan: BatchPlan, maxima: list, slow: str, counted: str = "n_counted",
                   not_applicable: str = "n_not_applicable") -> str:
    """``slow`` (:func:`total_sql` over the columns ``total_raw`` and ``applicable_max``), with the 不适用
    rescaling ``total × max_total / applicable`` done on int64 integers instead of HUGEINT division when
    the rubric allows (``maxima``: the Sql of each item maximum the total covers).

    With every item maximum a whole number (so total_raw has POINTS_SCALE decimals), max_total a whole
    number ≤ 1000 and Σ maxima ≤ 10^6, ``t = total_raw × 10^6`` (|total_raw| < 10^6 is checked per row)
    and ``b = applicable``: (2·t·max_total + sign·b) // (2·b) is the quotient rounded half-up (away from
    zero) to 6 decimals exactly; it cannot differ from the Python scorer's 28-digit quotient rounded
    half-up, since a quotient with denominator ≤ 10^6 is never within 10^-13 of a rounding boundary
    without being on it."""
    top = plan.rubric.max_total
    if (plan.rubric.policy.na != "exclude" or I.POINTS_SCALE != 6 or not maxima
            or any(m is None or m.scale != 0 or m.lo is None or m.lo < 0 for m in maxima)
            or top != top.to_integral_value() or not 0 <= top <= 1000
            or sum(m.hi for m in maxima) > 10 ** 6):
        return slow
    n = f"(CAST(CAST(total_raw AS DECIMAL(18,6)) * CAST('1000000' AS DECIMAL(18,0)) AS BIGINT) * {int(top)})"
    b = "CAST(applicable_max AS BIGINT)"
    quotient = f"((2 * {n} + sign({n}) * {b}) // (2 * {b}))"
    fast = f"(CAST({quotient} AS DECIMAL(18,0)) * CAST('0.000001' AS DECIMAL(18,6)))"
    guard = "applicable_max > 0 AND abs(total_raw) < 1000000"
    return (f"(CASE WHEN {counted} = 0 THEN NULL WHEN {not_applicable} > 0 AND {guard} "
            f"THEN CAST({fast} AS {OUT}) ELSE {slow} END)")


def _parts(plan: BatchPlan, typed: dict[str, tuple[int, int]] | None,
           bounded: bool = False) -> tuple[str, dict[str, str], dict[str, str], dict[str, str]]:
    """(relation, eager aggregates, counts, lazy aggregates) for criteria, plus indicator rows if any."""
    eager, lazy = wide_aggregates(plan, typed, bounded)
    counts = wide_counts(plan)
    if plan.indicators is None:
        sections = {s: eager.get("sec:" + s, "CAST(NULL AS DECIMAL(38,6))") for s in section_paths(plan)}
        return f"({wide_query(plan, typed)}) w", {"total_raw": eager["counted"], "packed": eager["packed"],
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
    relation = f"({wide_query(plan, typed)}) w LEFT JOIN ({indicator_aggregates_query(plan)}) ia USING (project_id)"
    return relation, columns, counts, lazy


def projects_query(plan: BatchPlan, typed: dict[str, tuple[int, int]] | None = None, bounded: bool = False) -> str:
    """The full output, one row per project of ``t_projects``; ``typed`` as :func:`wide_query`; ``bounded``:
    every published item figure of ``t_projects`` is known to lie below MAX_ABS
    (:func:`jixiao.batch.stage.bounded_published`)."""
    relation, columns, counts, lazy = _parts(plan, typed, bounded)
    layer = f"SELECT *, {', '.join(f'{v} AS {quote(k)}' for k, v in columns.items())} FROM {relation}"
    layer = f"SELECT *, {', '.join(f'{v} AS {k}' for k, v in counts.items())} FROM ({layer})"
    if plan.rubric.outside_total:       # 总分 leaves sections out (total_includes): judged on its own items
        layer = (f"SELECT *, n_items - n_not_applicable AS n_counted, {lazy['total_na']} AS total_na, "
                 f"{lazy['total_items']} - {lazy['total_na']} AS total_counted FROM ({layer})")
        counted, not_applicable, unpublished = "total_counted", "total_na", lazy["total_unpublished"]
    else:
        layer = f"SELECT *, n_items - n_not_applicable AS n_counted FROM ({layer})"
        counted, not_applicable, unpublished = "n_counted", "n_not_applicable", "unpublished"
    total = total_sql(plan, lazy['applicable'], lazy['na_max'], counted, not_applicable)
    if plan.indicators is None and not plan.rubric.outside_total and plan.rubric.policy.na == "exclude":
        # Σ maxima of the applicable items as a column, worked out only where an item is 不适用, and the
        # rescaling on int64 integers where the rubric allows (as --scores-only does: the same figures)
        layer = (f"SELECT *, (CASE WHEN {not_applicable} > 0 THEN {lazy['applicable']} END) AS applicable_max "
                 f"FROM ({layer})")
        maxima = [criterion_spec(c, plan, typed).maximum for c in plan.criteria]
        total = fast_total_sql(plan, maxima, total_sql(plan, "applicable_max", lazy['na_max'], counted, not_applicable),
                               counted, not_applicable)
    layer = (f"SELECT *, {total} AS total, "
             f"(CASE WHEN published_total IS NOT NULL THEN {lazy['known']} END) AS known FROM ({layer})")
    pub_label = _label(plan, "published_grade")
    known, unknown_max = "known", lazy["unknown_max"]
    check = ("(CASE WHEN published_total IS NULL THEN NULL "
             f"WHEN {unpublished} = 0 THEN (CASE WHEN published_total = {known} THEN 'ok' ELSE 'mismatch' END) "
             f"WHEN published_total >= {known} AND published_total <= {known} + {unknown_max} THEN 'unverifiable' "
             "ELSE 'mismatch' END)")
    sections = [f"CAST({quote('sec:' + s)} AS {OUT}) AS {quote('section:' + s)}" for s in section_paths(plan)]
    crits = []
    for c in plan.criteria:
        crits += [f"CAST({quote(c.id + '#' + I.POINTS)} AS {OUT}) AS {quote(c.id + '.points')}",
                  f"{I.status_text(quote(c.id + '#' + I.STATUS))} AS {quote(c.id + '.status')}"]
    info = [B.output_column(c) for c in B.PROJECT_ONLY if c.name not in B.PUBLISHED_COLUMNS]
    published = [B.output_column(c) for c in B.PROJECT_ONLY if c.name in B.PUBLISHED_COLUMNS]
    counted = [f"CAST({n} AS INTEGER) AS {n}" for n in COUNTS]
    rubric = plan.rubric
    return f"""SELECT project_id, {', '.join(info)}, {text_literal(rubric.id)} AS rubric,
        CAST(total AS {OUT}) AS total, {band_sql(plan, 'total')} AS grade, {literal(rubric.max_total).text}::{OUT} AS max_total,
        {', '.join(published)},
        n_insufficient > 0 AS evidence_insufficient, {', '.join(counted)},
        {check} AS total_check,
        (published_grade IS NOT NULL AND {pub_label} IS NULL) AS grade_unknown,
        coalesce({band_sql(plan, 'published_total')} <> {pub_label}, FALSE) AS grade_band_mismatch,
        coalesce({band_sql(plan, 'total')} <> {pub_label}, FALSE) AS grade_mismatch,
        {', '.join(sections + crits)}
        FROM ({layer})"""
