"""The scoring query: typed tables → one scored row per project.

Mirrors the Python scorer (:mod:`jixiao.scoring.engine` and ``checks``):

* total = Σ counted values of the items that are not 不适用, NULL when one of them
  has no value; with 不适用 items the rubric's NA policy applies (``exclude``:
  total × max_total / Σ max of the applicable items; ``full``: + their maxima);
* grade = the band whose lower bound the total (rounded first when the rubric
  says so) reaches; bands are half-open;
* a section's subtotal is NULL when one of its items has no value;
* ``total_check``: the published total against Σ published items (exact; a range
  when some items are unpublished), as ``SCORE-TOTAL-MISMATCH`` does;
* grade flags as ``SCORE-GRADE-UNKNOWN`` / ``-BAND`` / ``-MISMATCH``.
"""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.batch import item_sql as I
from jixiao.batch.cells import quote, text_literal
from jixiao.batch.plan import BatchPlan, CriterionPlan
from jixiao.batch.sqlexpr import POINTS_SCALE, Sql, compile_expr, literal
from jixiao.scoring import expr as E

OUT = f"DECIMAL(18,{POINTS_SCALE})"
COUNT_NAMES = {"scored": "n_scored", "range": "n_range", "insufficient_evidence": "n_insufficient",
               "rule_unknown": "n_rule_unknown", "not_computable": "n_not_computable", "not_applicable": "n_not_applicable"}
FLAG_NAMES = {I.MISMATCH: "n_mismatch", I.OVER_MAX: "n_over_max", I.NEGATIVE: "n_negative"}
ZERO = "CAST(0 AS DECIMAL(38,6))"
#: the per-project aggregates both parts (criteria, indicator rows) provide
SUMS = ("counted", "applicable", "na_max", "known", "unknown_max")
COUNTS = ("n_items", "n_counted", "unpublished", *COUNT_NAMES.values(), *FLAG_NAMES.values())


def places(plan: BatchPlan) -> int:
    policy = plan.rubric.policy
    return policy.points_places if policy.points_places is not None else policy.display_places


def _input(column: str) -> Sql:
    return Sql(f"CAST({quote(column)} AS DECIMAL(38,6))", 6)


def criterion_spec(crit: CriterionPlan, plan: BatchPlan) -> I.ItemSpec:
    compiled = crit.compiled
    return I.ItemSpec(
        prefix=f"{crit.id}#", steps=compiled.steps if compiled else None,
        inputs={spec.name: _input(crit.column(spec.name)) for spec in crit.inputs},
        maximum=literal(crit.criterion.max), published=f"CAST({quote(crit.published_column)} AS DECIMAL(38,6))",
        na=quote(f"{crit.id}.na"), places=places(plan), bounded=bool(compiled and compiled.shape.bounded),
        constants=tuple(crit.constants.items()))


def stacked(relation: str, specs: list[I.ItemSpec]) -> str:
    """``relation`` with every spec's layers added, one nested SELECT per layer."""
    all_layers = [I.layers(s) for s in specs]
    query = f"SELECT * FROM {relation}"
    for depth in range(max((len(x) for x in all_layers), default=0)):
        exprs = [e for x in all_layers if depth < len(x) for e in x[depth]]
        query = f"SELECT *, {', '.join(exprs)} FROM ({query})"
    return query


def _sum(terms: list[str], zero: str = ZERO) -> str:
    return "(" + " + ".join(terms) + ")" if terms else zero


def _int(condition: str) -> str:
    return f"CAST({condition} AS INTEGER)"


# ---------------------------------------------------------------- criteria: one project row

def wide_aggregates(plan: BatchPlan) -> dict[str, str]:
    """Per-project aggregates over the criterion columns (a plain sum keeps NULL)."""
    crits = plan.criteria

    def col(c: CriterionPlan, suffix: str) -> str:
        return quote(f"{c.id}#{suffix}")

    def na(c: CriterionPlan) -> str:
        return f"({col(c, I.STATUS)} = 'not_applicable')"

    def pub(c: CriterionPlan) -> str:
        return quote(c.published_column)

    def mx(c: CriterionPlan) -> str:
        return literal(c.criterion.max).text

    out = {
        "counted": _sum([f"(CASE WHEN {na(c)} THEN 0 ELSE {col(c, I.COUNTED)} END)" for c in crits]),
        "applicable": _sum([f"(CASE WHEN {na(c)} THEN 0 ELSE {mx(c)} END)" for c in crits]),
        "na_max": _sum([f"(CASE WHEN {na(c)} THEN {mx(c)} ELSE 0 END)" for c in crits]),
        "known": _sum([f"(CASE WHEN {na(c)} THEN 0 ELSE coalesce({pub(c)}, 0) END)" for c in crits]),
        "unknown_max": _sum([f"(CASE WHEN NOT {na(c)} AND {pub(c)} IS NULL THEN {mx(c)} ELSE 0 END)" for c in crits]),
        "n_items": str(len(crits)),
        "n_counted": _sum([_int(f"NOT {na(c)}") for c in crits], "0"),
        "unpublished": _sum([_int(f"NOT {na(c)} AND {pub(c)} IS NULL") for c in crits], "0"),
    }
    for status, name in COUNT_NAMES.items():
        out[name] = _sum([_int(f"{col(c, I.STATUS)} = '{status}'") for c in crits], "0")
    for flag, name in FLAG_NAMES.items():
        out[name] = _sum([_int(col(c, flag)) for c in crits], "0")
    for path, section in plan.rubric.all_sections():
        names = tuple(s.name for s in path) + (section.name,)
        inside = [c for c in crits if c.section[:len(names)] == names]
        if inside:
            out["sec:" + "/".join(names)] = _sum([col(c, I.COUNTED) for c in inside])
            out["secn:" + "/".join(names)] = str(len(inside))
    return out


def wide_query(plan: BatchPlan) -> str:
    return stacked("t_projects", [criterion_spec(c, plan) for c in plan.criteria])


# ---------------------------------------------------------------- 2020 indicator rows

def indicator_specs(plan: BatchPlan) -> list[I.ItemSpec]:
    assert plan.indicators is not None
    specs = []
    for prefix, rule, kind in (("q#", plan.indicators.quantitative, "quantitative"),
                               ("l#", plan.indicators.qualitative, "qualitative")):
        inputs = {} if rule is None else {s.name: _input(s.name) for s in rule.compiled.inputs}
        specs.append(I.ItemSpec(
            prefix=prefix, steps=rule.steps if rule else None, inputs=inputs, maximum=_input("W"),
            published="CAST(published AS DECIMAL(38,6))", na="na", places=places(plan),
            bounded=bool(rule and rule.bounded), missing="missing IS NOT NULL",
            unknown=f"(W IS NULL OR unsorted OR kind <> '{kind}')"))
    return specs


def indicator_rows_query(plan: BatchPlan) -> str:
    """Each indicator row scored by the rule of its kind; columns status, points, low, high, counted …"""
    query = stacked("t_indicators", indicator_specs(plan))
    pick = ", ".join(f"(CASE WHEN kind = 'quantitative' AND NOT unsorted THEN {quote('q#' + c)} ELSE {quote('l#' + c)} END) AS {c}"
                     for c in (I.STATUS, I.POINTS, I.LOW, I.HIGH, I.COUNTED, I.MISMATCH, I.OVER_MAX, I.NEGATIVE))
    return f"SELECT *, {pick} FROM ({query})"


def indicator_aggregates_query(plan: BatchPlan) -> str:
    """Per project (GROUP BY) the same aggregates as :func:`wide_aggregates`, from the scored rows."""
    na = "(status = 'not_applicable')"
    exprs = [
        f"sum(CASE WHEN {na} THEN 0 ELSE counted END) AS counted",
        f"count(*) FILTER (WHERE NOT {na} AND counted IS NULL) AS counted_nulls",
        f"sum(CASE WHEN {na} THEN 0 ELSE coalesce(W, 0) END) AS applicable",
        f"sum(CASE WHEN {na} THEN coalesce(W, 0) ELSE 0 END) AS na_max",
        f"sum(CASE WHEN {na} THEN 0 ELSE coalesce(published, 0) END) AS known",
        f"sum(CASE WHEN NOT {na} AND published IS NULL THEN coalesce(W, 0) ELSE 0 END) AS unknown_max",
        "count(*) AS n_items", f"count(*) FILTER (WHERE NOT {na}) AS n_counted",
        f"count(*) FILTER (WHERE NOT {na} AND published IS NULL) AS unpublished",
    ]
    exprs += [f"count(*) FILTER (WHERE status = '{s}') AS {n}" for s, n in COUNT_NAMES.items()]
    exprs += [f"count(*) FILTER (WHERE {flag}) AS {n}" for flag, n in FLAG_NAMES.items()]
    for section in section_paths(plan):
        inside = f"(section = {text_literal(section)} OR starts_with(section, {text_literal(section + '/')}))"
        where = f"FILTER (WHERE {inside})"
        exprs += [f"sum(counted) {where} AS {quote('sec:' + section)}",
                  f"count(*) {where} AS {quote('secn:' + section)}",
                  f"count(*) FILTER (WHERE {inside} AND counted IS NULL) AS {quote('secnull:' + section)}"]
    return f"SELECT project_id, {', '.join(exprs)} FROM ({indicator_rows_query(plan)}) GROUP BY project_id"


def section_paths(plan: BatchPlan) -> list[str]:
    return ["/".join(tuple(s.name for s in path) + (section.name,)) for path, section in plan.rubric.all_sections()]


def indicator_aggregates(plan: BatchPlan) -> dict[str, str]:
    """The indicator part as SQL over the joined aggregate columns (``ia.``), 0 for projects without rows."""
    out = {name: f"coalesce(ia.{name}, 0)" for name in SUMS + COUNTS}
    out["counted"] = f"(CASE WHEN coalesce(ia.counted_nulls, 0) > 0 THEN NULL ELSE coalesce(ia.counted, 0) END)"
    for section in section_paths(plan):
        s, n, nulls = (quote(p + section) for p in ("sec:", "secn:", "secnull:"))
        out["sec:" + section] = f"(CASE WHEN coalesce(ia.{nulls}, 0) > 0 THEN NULL ELSE ia.{s} END)"
        out["secn:" + section] = f"coalesce(ia.{n}, 0)"
    return out
