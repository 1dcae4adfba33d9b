"""The scoring query: typed tables → one scored row per project.

Mirrors the Python scorer (:mod:`jixiao.scoring.engine` and ``checks``):

* total = Σ counted values of the items that are not 不适用, NULL when one of them
  has no value — over the items of the sections 总分 includes (the rubric's ``total_includes``;
  a section left out is scored and subtotalled but not summed, nor checked against 总分); with 不适用 items the rubric's NA policy applies (``exclude``:
  total × max_total / Σ max of the applicable items; ``full``: + their maxima);
* grade = the band whose lower bound the total (rounded first when the rubric
  says so) reaches; bands are half-open;
* a section's subtotal is NULL when one of its items has no value;
* ``total_check``: the published total against Σ published items (exact; a range
  when some items are unpublished), as ``SCORE-TOTAL-MISMATCH`` does; ``over_max`` (item_sql.py):
  a published score above its maximum.  Both are :func:`jixiao.relations.score_total` and
  :func:`~jixiao.relations.within_maximum` compiled to SQL; the Python side (reference.py, through the
  scorer) calls those functions, and tests/test_batch_parity.py and tests/test_relation_parity.py hold
  that the two reach the same verdict;
* grade flags as ``SCORE-GRADE-UNKNOWN`` / ``-BAND`` / ``-MISMATCH``.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao.batch import item_sql as I
from jixiao.batch import schema as B
from jixiao.batch.cells import quote, text_literal
from jixiao.batch.plan import BatchPlan, CriterionPlan
from jixiao.batch.item_sql import POINTS_SCALE
from jixiao.expr.sql import NARROW, Sql, column, literal, whole_digits, width_for

OUT = f"DECIMAL(18,{POINTS_SCALE})"
COUNT_NAMES = {"scored": "n_scored", "range": "n_range", "insufficient_evidence": "n_insufficient",
               "rule_unknown": "n_rule_unknown", "not_computable": "n_not_computable", "not_applicable": "n_not_applicable"}
FLAG_NAMES = {I.MISMATCH: "n_mismatch", I.OVER_MAX: "n_over_max", I.NEGATIVE: "n_negative"}
ZERO = "CAST(0 AS DECIMAL(38,6))"


def places(plan: BatchPlan) -> int:
    policy = plan.rubric.policy
    return policy.points_places if policy.points_places is not None else policy.display_places


#: every number batch data holds lies within ±BOUND (|x| < MAX_ABS with SCALE decimals, checked when read)
BOUND = Decimal(B.MAX_ABS) - Decimal(1).scaleb(-B.SCALE)


def _input(name: str, kind: str = "number", input_name: str = "", typed: tuple[int, int] = (NARROW, 6)) -> Sql:
    """A typed column of ``t_projects`` / ``t_indicators`` (DECIMAL(18,6) unless ``typed`` gives its
    (width, scale)), with the bounds reading guarantees."""
    width, scale = typed
    sql = column(quote(name), scale, BOUND, width)
    if kind == "flag":
        return Sql(sql.text, scale, False, Decimal(0), Decimal(1), width)
    if kind == "code" and input_name in ("nature", "grade"):
        return Sql(sql.text, scale, False, Decimal(1), Decimal(3), width)
    return sql


def criterion_spec(crit: CriterionPlan, plan: BatchPlan, typed: dict[str, tuple[int, int]] | None = None) -> I.ItemSpec:
    """The item's SQL; ``typed`` gives (width, scale) of input columns not typed DECIMAL(18,6)."""
    compiled = crit.compiled
    typed = typed or {}
    return I.ItemSpec(
        prefix=f"{crit.id}#", steps=compiled.steps if compiled else None,
        inputs={spec.name: _input(crit.column(spec.name), spec.kind, spec.name,
                                  typed.get(crit.column(spec.name), (NARROW, 6))) for spec in crit.inputs},
        maximum=literal(crit.criterion.max), published=quote(crit.published_column),
        na=quote(f"{crit.id}.na"), places=places(plan), bounded=bool(compiled and compiled.shape.bounded),
        constants=tuple(crit.constants.items()))


def stacked(relation: str, specs: list[I.ItemSpec], checks: bool = True) -> str:
    """``relation`` with every spec's layers added, one nested SELECT per layer."""
    all_layers = [I.layers(s, checks) for s in specs]
    query = f"SELECT * FROM {relation}"
    for depth in range(max((len(x) for x in all_layers), default=0)):
        exprs = [e for x in all_layers if depth < len(x) for e in x[depth]]
        query = f"SELECT *, {', '.join(exprs)} FROM ({query})"
    return query


def _sum(terms: list[str], zero: str = ZERO) -> str:
    return "(" + " + ".join(terms) + ")" if terms else zero


def typed_sum(terms: list[tuple[str, I.ValueType]]) -> str:
    """Σ terms exactly, NULL when one is NULL, kept in int64 DECIMAL(17, s) when the bounds allow.

    (DuckDB widens a sum by one digit per ``+``: twenty DECIMAL(18) terms would end in DECIMAL(38),
    four times slower; the bounds prove the running sum fits, so it is cast back each time.)"""
    if not terms:
        return ZERO
    scale = max(t.scale for _, t in terms)
    if any(t.lo is None or t.hi is None for _, t in terms):
        return "(" + " + ".join(f"CAST({sql} AS DECIMAL(38,{scale}))" for sql, _ in terms) + ")"
    lo = sum((min(Decimal(0), t.lo) for _, t in terms), Decimal(0))  # type: ignore[type-var]
    hi = sum((max(Decimal(0), t.hi) for _, t in terms), Decimal(0))  # type: ignore[type-var]
    if width_for(lo, hi, scale, NARROW - 1) != NARROW:
        return "(" + " + ".join(f"CAST({sql} AS DECIMAL(38,{scale}))" for sql, _ in terms) + ")"
    # Each term in the fewest digits its bounds need, summed as a balanced tree: each level adds one
    # digit, so the whole sum stays an int64 DECIMAL with one cheap cast per term.
    term = max(whole_digits(max(abs(t.lo), abs(t.hi))) for _, t in terms) + scale  # type: ignore[arg-type]
    if term + (len(terms) - 1).bit_length() <= NARROW:
        return _tree([f"CAST({sql} AS DECIMAL({term},{scale}))" for sql, _ in terms])
    narrow = f"DECIMAL({NARROW - 1},{scale})"
    total = f"CAST({terms[0][0]} AS {narrow})"
    for sql, _ in terms[1:]:
        total = f"CAST({total} + CAST({sql} AS {narrow}) AS {narrow})"
    return total


def _tree(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    half = (len(parts) + 1) // 2
    return f"({_tree(parts[:half])} + {_tree(parts[half:])})"


def _int(condition: str) -> str:
    return f"CAST({condition} AS INTEGER)"


# ---------------------------------------------------------------- criteria: one project row

#: per-item outcome counts packed in one BIGINT, 6 bits each (a rubric has fewer than 64 criteria)
PACKED = (*COUNT_NAMES.values(), *FLAG_NAMES.values(), I.UNPUBLISHED)
BITS = 6
assert all(I.FLAG_SHIFTS[flag] == BITS * PACKED.index(FLAG_NAMES.get(flag, flag)) for flag in I.FLAG_SHIFTS)


def unpack(packed: str, name: str) -> str:
    return f"CAST(({packed} >> {BITS * PACKED.index(name)}) & {(1 << BITS) - 1} AS INTEGER)"


def wide_aggregates(plan: BatchPlan, typed: dict[str, tuple[int, int]] | None = None,
                    bounded: bool = False) -> tuple[dict[str, str], dict[str, str]]:
    """Per-project aggregates over the criterion columns: (eager, lazy).

    Eager ones become columns: ``counted`` (a plain sum, so NULL stays NULL), ``packed`` (every
    count in one BIGINT: one shift per item instead of one comparison per item and count) and
    the section sums.  Lazy ones are SQL written into the CASE branch that needs them, so
    they cost nothing for the many projects with no 不适用 item or no published total."""
    crits = plan.criteria
    assert len(crits) < (1 << BITS), "too many criteria to pack their counts"

    def col(c: CriterionPlan, suffix: str) -> str:
        return quote(f"{c.id}#{suffix}")

    def na(c: CriterionPlan) -> str:
        return f"({col(c, I.STATUS)} = {I.CODE['not_applicable']})"

    def pub(c: CriterionPlan) -> str:
        return quote(c.published_column)

    def mx(c: CriterionPlan) -> str:
        return literal(c.criterion.max).text

    def bits(c: CriterionPlan) -> str:
        status = f"(CAST(1 AS BIGINT) << ({BITS} * ({col(c, I.STATUS)} - 1)))"
        return f"{status} + {col(c, I.FLAG_BITS)}"     # the checks' bits, one column (item_sql._counted)

    types = {c.id: I.value_type(criterion_spec(c, plan, typed)) for c in crits}
    total = [c for c in crits if plan.rubric.in_total(c.section)]     # what 总分 adds up (total_includes)
    eager = {"counted": typed_sum([(f"(CASE WHEN {na(c)} THEN 0 ELSE {col(c, I.COUNTED)} END)", types[c.id]) for c in total]),
             "packed": _sum([bits(c) for c in crits], "CAST(0 AS BIGINT)")}
    for path, section in plan.rubric.all_sections():
        names = tuple(s.name for s in path) + (section.name,)
        inside = [c for c in crits if c.section[:len(names)] == names]
        if inside:
            eager["sec:" + "/".join(names)] = typed_sum([(col(c, I.COUNTED), types[c.id]) for c in inside])
    lazy = {
        "applicable": _sum([f"(CASE WHEN {na(c)} THEN 0 ELSE {mx(c)} END)" for c in total]),
        "na_max": _sum([f"(CASE WHEN {na(c)} THEN {mx(c)} ELSE 0 END)" for c in total]),
        # an item is 不适用 exactly when its published cell says so, so its published points are NULL
        # (``bounded``: every published figure is below MAX_ABS, so the sum stays an int64 DECIMAL)
        "known": typed_sum([(f"coalesce({pub(c)}, 0)", I.ValueType(B.SCALE, -BOUND, BOUND)) for c in total])
        if bounded else _sum([f"coalesce({pub(c)}, 0)" for c in total]),
        "unknown_max": _sum([f"(CASE WHEN NOT {na(c)} AND {pub(c)} IS NULL THEN {mx(c)} ELSE 0 END)" for c in total]),
    }
    if plan.rubric.outside_total:       # the counts 总分 is judged on, over its own items only
        lazy["total_items"] = str(len(total))
        lazy["total_na"] = _sum([_int(na(c)) for c in total], "0")
        lazy["total_unpublished"] = _sum([_int(f"NOT {na(c)} AND {pub(c)} IS NULL") for c in total], "0")
    return eager, lazy


def wide_counts(plan: BatchPlan) -> dict[str, str]:
    """The counts, unpacked from the ``packed`` column."""
    out = {name: unpack("packed", name) for name in PACKED}
    out["n_items"] = str(len(plan.criteria))
    return out


def wide_query(plan: BatchPlan, typed: dict[str, tuple[int, int]] | None = None) -> str:
    """Every criterion's layers over ``t_projects``; ``typed``: input columns typed narrower than
    DECIMAL(18,6) (:func:`jixiao.batch.stage.narrow_types`)."""
    return stacked("t_projects", [criterion_spec(c, plan, typed) for c in plan.criteria])


# ---------------------------------------------------------------- 2020 indicator rows

def indicator_specs(plan: BatchPlan) -> list[I.ItemSpec]:
    assert plan.indicators is not None
    specs = []
    for prefix, rule, kind in (("q#", plan.indicators.quantitative, "quantitative"),
                               ("l#", plan.indicators.qualitative, "qualitative")):
        inputs = {} if rule is None else {s.name: _input(s.name, s.kind, s.name) for s in rule.compiled.inputs}
        specs.append(I.ItemSpec(
            prefix=prefix, steps=rule.steps if rule else None, inputs=inputs, maximum=_input("W"),
            published="published", na="na", places=places(plan),
            bounded=bool(rule and rule.bounded), missing="missing IS NOT NULL",
            unknown=f"(W IS NULL OR unsorted OR kind <> '{kind}')"))
    return specs


def indicator_rows_query(plan: BatchPlan) -> str:
    """Each indicator row scored by the rule of its kind; columns status, points, low, high, counted …"""
    specs = indicator_specs(plan)
    query = stacked("t_indicators", specs)
    quant, qual = ({c: s.col(c) for c in (I.STATUS, I.POINTS, I.COUNTED, I.MISMATCH, I.OVER_MAX, I.NEGATIVE)} for s in specs)
    for spec, cols in zip(specs, (quant, qual)):
        cols[I.LOW], cols[I.HIGH] = I.bounds(spec)
    pick = ", ".join(f"(CASE WHEN kind = 'quantitative' AND NOT unsorted THEN {quant[c]} ELSE {qual[c]} END) AS {c}"
                     for c in quant)
    return f"SELECT *, {pick} FROM ({query})"


def indicator_aggregates_query(plan: BatchPlan) -> str:
    """Per project (GROUP BY) the same aggregates as :func:`wide_aggregates`, from the scored rows.

    Every column is named ``ia_…`` so that it never collides with a criterion's columns."""
    na = f"(status = {I.CODE['not_applicable']})"
    inside = in_total_sql(plan)
    only = "" if inside == "TRUE" else f" FILTER (WHERE {inside})"      # 总分's rows (total_includes)
    exprs = [
        f"sum(CASE WHEN {na} THEN 0 ELSE counted END){only} AS ia_counted",
        f"count(*) FILTER (WHERE NOT {na} AND counted IS NULL AND {inside}) AS ia_counted_nulls",
        f"sum(CASE WHEN {na} THEN 0 ELSE coalesce(W, 0) END){only} AS ia_applicable",
        f"sum(CASE WHEN {na} THEN coalesce(W, 0) ELSE 0 END){only} AS ia_na_max",
        f"sum(CASE WHEN {na} THEN 0 ELSE coalesce(published, 0) END){only} AS ia_known",
        f"sum(CASE WHEN NOT {na} AND published IS NULL THEN coalesce(W, 0) ELSE 0 END){only} AS ia_unknown_max",
        "count(*) AS ia_n_items", f"count(*) FILTER (WHERE NOT {na} AND published IS NULL) AS ia_unpublished",
    ]
    if plan.rubric.outside_total:
        exprs += [f"count(*){only} AS ia_total_items", f"count(*) FILTER (WHERE {na} AND {inside}) AS ia_total_na",
                  f"count(*) FILTER (WHERE NOT {na} AND published IS NULL AND {inside}) AS ia_total_unpublished"]
    exprs += [f"count(*) FILTER (WHERE status = {I.CODE[s]}) AS ia_{n}" for s, n in COUNT_NAMES.items()]
    exprs += [f"count(*) FILTER (WHERE {flag}) AS ia_{n}" for flag, n in FLAG_NAMES.items()]
    for section in section_paths(plan):
        inside = f"(section = {text_literal(section)} OR starts_with(section, {text_literal(section + '/')}))"
        where = f"FILTER (WHERE {inside})"
        exprs += [f"sum(counted) {where} AS {quote('ia_sec:' + section)}",
                  f"count(*) {where} AS {quote('ia_secn:' + section)}",
                  f"count(*) FILTER (WHERE {inside} AND counted IS NULL) AS {quote('ia_secnull:' + section)}"]
    return f"SELECT project_id, {', '.join(exprs)} FROM ({indicator_rows_query(plan)}) GROUP BY project_id"


def in_total_sql(plan: BatchPlan) -> str:
    """SQL over an indicator row's ``section``: does 总分 include the row?  ``TRUE`` when the rubric
    adds every section (rows in no section always count, as in the scorer)."""
    outside = [s.name for s in plan.rubric.outside_total]
    if not outside:
        return "TRUE"
    tests = " OR ".join(f"section = {text_literal(n)} OR starts_with(section, {text_literal(n + '/')})" for n in outside)
    return f"NOT coalesce({tests}, FALSE)"


def section_paths(plan: BatchPlan) -> list[str]:
    return ["/".join(tuple(s.name for s in path) + (section.name,)) for path, section in plan.rubric.all_sections()]


def indicator_aggregates(plan: BatchPlan) -> dict[str, str]:
    """The indicator part as SQL over the joined ``ia_…`` columns, 0 for projects without rows."""
    names = ("applicable", "na_max", "known", "unknown_max", "n_items", "unpublished", *COUNT_NAMES.values(),
             *FLAG_NAMES.values())
    if plan.rubric.outside_total:
        names += ("total_items", "total_na", "total_unpublished")
    out = {name: f"coalesce(ia_{name}, 0)" for name in names}
    out["counted"] = "(CASE WHEN coalesce(ia_counted_nulls, 0) > 0 THEN NULL ELSE coalesce(ia_counted, 0) END)"
    for section in section_paths(plan):
        s, n, nulls = (quote(p + section) for p in ("ia_sec:", "ia_secn:", "ia_secnull:"))
        out["sec:" + section] = f"(CASE WHEN coalesce({nulls}, 0) > 0 THEN NULL ELSE {s} END)"
        out["secn:" + section] = f"coalesce({n}, 0)"
    return out
