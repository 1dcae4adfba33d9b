"""Scores only (``jixiao batch score --scores-only``): points, section subtotals, total and grade.

What a spreadsheet of live formulas computes, and nothing more: no comparison with the published
item points, total or grade, no per-cell findings.  It is generated from the same compiled rule
steps and the same item outcomes as the full mode (:func:`jixiao.batch.item_sql.layers` with
``checks=False``), so every figure it writes equals the full mode's:

* each cell is read by the same SQL as in the full mode (:mod:`jixiao.batch.cells`); a cell that
  cannot be read counts as missing there too, but is not listed (run the full mode for that);
* an item still needs its published points when it is 证据不足, 规则未知 or 不适用 (they decide
  what it adds to the total), so those columns are read as well.

One project table (the usual case) is scored in a single SQL pass straight from the file:
columns read, typed, scored, summed, graded and written to parquet in one DuckDB query, on all
cores.  Anything else (item tables, indicator tables, several files) goes through the full
staging first and is then scored the same way.  In the single pass a project id given twice is
scored twice (the full mode keeps the first row and reports the second).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.batch import item_sql as I
from jixiao.batch import schema as B
from jixiao.batch.cells import (
    DEC,
    fast_number,
    int_cell,
    is_numeric,
    is_one_of,
    narrow_input_cell,
    number_cell,
    parsed_text,
    points_cell,
    quote,
    text_literal,
    text_of,
)
from jixiao.batch.plan import BatchPlan
from jixiao.batch.project_sql import band_sql, fast_total_sql, total_sql
from jixiao.batch.read import RawTable
from jixiao.batch.score_sql import OUT, ZERO, criterion_spec, section_paths, stacked, typed_sum
from jixiao.batch.typed import TypedSelect
from jixiao.batch.item_sql import POINTS_SCALE
from jixiao.scoring.items import NA_WORDS


def single_pass(raws: list[RawTable], plan: BatchPlan) -> bool:
    """Whether the data can be scored straight from the file (one project table, no indicator rows, a
    总分 over every section: a rubric whose ``total_includes`` leaves one out goes through the full query)."""
    return len(raws) == 1 and raws[0].kind == B.PROJECTS and plan.indicators is None and not plan.rubric.outside_total


def raw_projects(raw: RawTable, plan: BatchPlan) -> str:
    """SELECT over the raw table giving the columns of ``t_projects`` (same cell SQL, no flags, no copy)."""
    typed = TypedSelect(raw)
    for col in B.PROJECT_ONLY:
        actual = raw.columns.get(col.name)
        if actual is None:
            typed.plain("NULL", col.name)
        elif col.kind == B.INT:
            typed.quiet(col.name, int_cell(actual, raw.types[actual]))
        elif col.kind == B.POINTS:
            typed.quiet(col.name, number_cell(actual, raw.types[actual], B.POINTS))
        else:
            typed.plain(text_of(actual, raw.types[actual]), col.name)
    for crit in plan.criteria:
        for spec in crit.inputs:
            column = crit.column(spec.name)
            actual = raw.columns.get(column)
            if actual is None:
                typed.plain(f"CAST(NULL AS {DEC})", column)
            else:
                typed.quiet(column, narrow_input_cell(actual, raw.types[actual], spec.kind, spec.name))
        actual = raw.columns.get(crit.published_column)
        if actual is None:
            typed.plain(f"CAST(NULL AS {DEC})", crit.published_column)
            typed.plain("FALSE", f"{crit.id}.na")
        else:
            typed.plain(quote(actual), crit.published_column)     # read lazily, see :func:`lazy_points`
            typed.plain(not_applicable(actual, raw.types[actual]), f"{crit.id}.na")
    pid = text_of(raw.columns["project_id"], raw.types[raw.columns["project_id"]])
    pre = "".join(f", {sql} AS {quote(alias)}" for alias, sql in typed.pre.items())
    # a parquet file is scanned directly (the raw view also numbers the rows, for citing cells)
    source = f"read_parquet({text_literal(raw.doc)})" if raw.fmt == "parquet" else raw.table
    # rows with a project id (the same test as ``pid IS NOT NULL``, at half its cost in the scan)
    filled = f"trim(CAST({quote(raw.columns['project_id'])} AS VARCHAR)) <> ''"
    return (f"SELECT {pid} AS project_id, {', '.join(typed.exprs)} "
            f"FROM (SELECT *{pre} FROM {source} WHERE {filled})")


def input_types(raw: RawTable, plan: BatchPlan) -> dict[str, tuple[int, int]]:
    """(width, scale) of each input column :func:`raw_projects` types narrower than DECIMAL(18,6)."""
    out = {}
    for crit in plan.criteria:
        for spec in crit.inputs:
            actual = raw.columns.get(crit.column(spec.name))
            if actual is not None:
                cell = narrow_input_cell(actual, raw.types[actual], spec.kind, spec.name)
                out[crit.column(spec.name)] = (cell.width, cell.scale)
    return out


def not_applicable(column: str, duck_type: str) -> str:
    """Published as 不适用: the full mode's test (:func:`points_cell`), skipping the many cells that begin
    with a digit (no 不适用 word does) without trimming or parsing them."""
    if is_numeric(duck_type):
        return "FALSE"
    col = quote(column)
    words = is_one_of(text_of(column, duck_type), sorted(NA_WORDS))
    # (BETWEEN '0' AND ':' is one comparison; it differs from ``>= '0' AND < ':'`` only for the cell ':',
    # which is no 不适用 word either)
    return f"(CASE WHEN {col} BETWEEN '0' AND ':' THEN FALSE ELSE {words} END)"


def lazy_points(column: str, duck_type: str) -> str:
    """The published points read as the full mode reads them, as one expression: it sits in the branch of
    an item that is not scored (证据不足 …), so DuckDB parses only the cells actually needed.

    (A text cell: the cheap reading, else the slow one, as :func:`jixiao.batch.cells.number_cell`; coalesce
    keeps it short, and it is safe here: inside a CASE branch DuckDB evaluates it only for the rows there.)"""
    if is_numeric(duck_type):
        return points_cell(column, duck_type)[0].value
    return f"coalesce({fast_number(column)}, {parsed_text(column, duck_type, B.POINTS)})"


def scores_query(plan: BatchPlan, relation: str, raw: RawTable | None = None) -> str:
    """One row per project of ``relation`` (columns as ``t_projects``): points, subtotals, total, grade.

    With ``raw``, ``relation`` is :func:`raw_projects` of it (published points still raw text)."""
    assert plan.indicators is None, "2020 indicator rows are scored through the full query"
    assert not plan.rubric.outside_total, "a total that leaves sections out is scored through the full query"
    crits = plan.criteria
    typed = input_types(raw, plan) if raw is not None else None
    specs = [criterion_spec(c, plan, typed) for c in crits]
    if raw is not None:       # the published columns are still raw cells: parsed only where used
        specs = [replace(s, published=lazy_points(c.published_column, raw.types[raw.columns[c.published_column]]))
                 if c.published_column in raw.columns else s for c, s in zip(crits, specs)]
    types = {c.id: I.value_type(s) for c, s in zip(crits, specs)}
    layer = stacked(f"({relation})", specs, checks=False)
    sections, layers, everything, some_na = _section_sums(plan, types)
    for exprs in layers + _na_sums(plan, specs, everything, some_na):
        layer = f"SELECT *, {', '.join(exprs)} FROM ({layer})"
    total = _fast_total(plan, specs)
    if crits:   # no item 不适用 (most projects): every item counts, the total is total_raw
        total = f"(CASE WHEN some_na THEN {total} ELSE total_raw END)"
    layer = f"SELECT *, {total} AS total FROM ({layer})"
    info = [B.output_column(c) for c in B.PROJECT_ONLY if c.name not in B.PUBLISHED_COLUMNS]
    out = [f"CAST({quote('sec:' + s)} AS {OUT}) AS {quote('section:' + s)}" if s in sections
           else f"CAST(NULL AS {OUT}) AS {quote('section:' + s)}" for s in section_paths(plan)]
    out += [f"CAST({_col(c, I.POINTS)} AS {OUT}) AS {quote(c.id + '.points')}" for c in crits]
    return (f"SELECT project_id, {', '.join(info)}, {text_literal(plan.rubric.id)} AS rubric, "
            f"CAST(total AS {OUT}) AS total, {band_sql(plan, 'total')} AS grade, {', '.join(out)} FROM ({layer})")


def _col(crit, suffix: str) -> str:
    return quote(f"{crit.id}#{suffix}")


def _section_sums(plan: BatchPlan, types: dict[str, I.ValueType]) -> tuple[set[str], list[list[str]], str, str]:
    """Section subtotals, deepest sections first, each summed from its own criteria and its subsections.

    An item 不适用 counts 0 in the scores-only layers (:func:`jixiao.batch.item_sql.layers`), so the
    plain sums (``sum:``, NULL when an item has no value) leave it out, and the sum over the top
    sections is total_raw for every project.  A subtotal is NULL when one of its items is 不适用 (as
    the scorer's), told by ``na:`` (one of them is).  Returns (sections with a subtotal, layers,
    that sum, SQL: some item is 不适用)."""
    paths = {"/".join(names): names for names in
             (tuple(s.name for s in path) + (section.name,) for path, section in plan.rubric.all_sections())}
    sums: dict[str, I.ValueType] = {}
    layers: list[list[str]] = []

    def parts(names: tuple[str, ...]) -> tuple[list[tuple[str, I.ValueType]], list[str]]:
        own = [c for c in plan.criteria if c.section == names]
        subs = [key for key, sub in paths.items() if len(sub) == len(names) + 1 and sub[:len(names)] == names
                and key in sums]
        return ([(_col(c, I.COUNTED), types[c.id]) for c in own] + [(quote("sum:" + k), sums[k]) for k in subs],
                [quote(f"{c.id}.na") for c in own] + [quote("na:" + k) for k in subs])

    for depth in sorted({len(names) for names in paths.values()}, reverse=True):
        exprs = []
        for key, names in paths.items():
            terms, flags = parts(names)
            if len(names) == depth and key not in sums and terms:
                exprs += [f"{typed_sum(terms)} AS {quote('sum:' + key)}", f"({' OR '.join(flags)}) AS {quote('na:' + key)}"]
                sums[key] = _sum_type([t for _, t in terms])
        layers.append(exprs)
    layers = [x for x in layers if x]
    layers.append([f"(CASE WHEN {quote('na:' + k)} THEN NULL ELSE {quote('sum:' + k)} END) AS {quote('sec:' + k)}"
                   for k in sums])
    terms, flags = parts(())
    return set(sums), layers, typed_sum(terms) if terms else ZERO, " OR ".join(flags) or "FALSE"


def _sum_type(parts: list[I.ValueType]) -> I.ValueType:
    scale = max(p.scale for p in parts)
    if any(p.lo is None or p.hi is None for p in parts):
        return I.ValueType(scale, None, None)
    return I.ValueType(scale, sum((min(Decimal(0), p.lo) for p in parts), Decimal(0)),   # type: ignore[type-var]
                       sum((max(Decimal(0), p.hi) for p in parts), Decimal(0)))     # type: ignore[type-var]


def _na_sums(plan: BatchPlan, specs: list, everything: str, some_na: str) -> list[list[str]]:
    """Layers: total_raw, n_not_applicable, n_counted and what the NA policy needs (the maxima of the
    applicable items for ``exclude``, of the 不适用 items for ``full``), the last three worked out only
    for the projects with an item 不适用."""
    crits = plan.criteria
    if not crits:
        return [[f"{ZERO} AS total_raw", "0 AS n_not_applicable", f"{ZERO} AS applicable_max", f"{ZERO} AS na_max"],
                ["0 AS n_counted"]]
    na = {c.id: quote(f"{c.id}.na") for c in crits}     # the item is 不适用 exactly when its cell says so
    n_na = " + ".join(f"CAST({na[c.id]} AS INTEGER)" for c in crits)
    policy = plan.rubric.policy.na
    applicable = " + ".join(f"(CASE WHEN {na[c.id]} THEN 0 ELSE {s.maximum.text} END)" for c, s in zip(crits, specs))
    na_max = " + ".join(f"(CASE WHEN {na[c.id]} THEN {s.maximum.text} ELSE 0 END)" for c, s in zip(crits, specs))
    return [[f"({some_na}) AS some_na", f"{everything} AS total_raw"],
            [f"(CASE WHEN some_na THEN {n_na} ELSE 0 END) AS n_not_applicable",
             f"(CASE WHEN some_na THEN ({applicable}) END) AS applicable_max" if policy == "exclude"
             else f"{ZERO} AS applicable_max",
             f"(CASE WHEN some_na THEN ({na_max}) END) AS na_max" if policy == "full" else f"{ZERO} AS na_max"],
            [f"{len(crits)} - n_not_applicable AS n_counted"]]


def _fast_total(plan: BatchPlan, specs: list) -> str:
    """:func:`total_sql` over the columns ``applicable_max``/``na_max``, the 不适用 rescaling on int64
    integers when the rubric allows (:func:`jixiao.batch.project_sql.fast_total_sql`)."""
    return fast_total_sql(plan, [s.maximum for s in specs], total_sql(plan, "applicable_max", "na_max"))


def from_full(plan: BatchPlan, full: str) -> str:
    """The scores-only columns picked from the full query (data that needs the full staging)."""
    info = [quote(c.name) for c in B.PROJECT_ONLY if c.name not in ("published_total", "published_grade")]
    cols = ["project_id", *info, "rubric", "total", "grade"]
    cols += [quote("section:" + s) for s in section_paths(plan)]
    cols += [quote(c.id + ".points") for c in plan.criteria]
    return f"SELECT {', '.join(cols)} FROM ({full})"
