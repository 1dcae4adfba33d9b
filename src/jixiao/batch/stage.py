"""Raw tables → the typed tables scoring reads, with a finding for every cell or row that is wrong.

* ``t_projects``: one row per project: the project columns and, for every
  criterion ``c`` of the rubric, its inputs ``c.<input>``, its published points
  ``c.published`` and ``c.na`` (published as 不适用).  Project tables give these
  columns directly; item tables (one row per project and criterion) are pivoted
  into them.
* ``t_indicators`` (2020 rubrics): one row per indicator row, see
  :mod:`jixiao.batch.stage_indicators`.

Whole-file problems (floats, a table kind the rubric cannot use) raise
:class:`UnusableInput`; bad cells and rows become findings and the cell counts as
missing, the row as absent.
"""
from __future__ import annotations

from jixiao.batch import schema as B
from jixiao.batch.cells import (
    DEC,
    input_cell,
    is_float,
    narrow_input_cell,
    quote,
    text_literal,
    text_of,
)
from jixiao.batch.bad_cells import SHOWN, Problem, collect
from jixiao.batch.db import run
from jixiao.batch.plan import BatchPlan
from jixiao.batch.read import RawTable
from jixiao.batch.stage_common import (
    Part,
    id_problem,
    info_select,
    published_points,
    row_head,
    unknown_columns,
)
from jixiao.batch.stage_indicators import combine_indicators, empty_indicators, stage_indicators
from jixiao.batch.typed import TypedSelect
from jixiao.findings import Finding, UnusableInput, error


def narrow_types(raws: list[RawTable], plan: BatchPlan) -> dict[str, tuple[int, int]] | None:
    """(width, scale) of the input columns of ``t_projects`` typed narrower than DECIMAL(18,6): when the
    data is one project table (no union can widen a type), its columns are typed as the scores-only
    pass types them (:func:`jixiao.batch.cells.narrow_input_cell`: the same values, cheaper sums and
    products); otherwise None (every input DECIMAL(18,6))."""
    from jixiao.batch.scores_only import input_types, single_pass

    return input_types(raws[0], plan) if single_pass(raws, plan) else None


def bounded_published(raws: list[RawTable], plan: BatchPlan) -> bool:
    """Whether every published item figure of ``t_projects`` is below MAX_ABS: one project table (as
    :func:`narrow_types`) whose published columns are text (a readable number has at most 9 digits
    before the point) or integers or DECIMALs with at most 6 decimals (checked against MAX_ABS when
    read); a DECIMAL with more decimals is taken as it is, whatever its size."""
    from jixiao.batch.cells import always_fits, few_decimals, is_numeric

    if narrow_types(raws, plan) is None:
        return False
    types = [raws[0].types[raws[0].columns[c.published_column]] for c in plan.criteria
             if c.published_column in raws[0].columns]
    return all(not is_numeric(t) or always_fits(t) or few_decimals(t) for t in types)


def stage(con, raws: list[RawTable], plan: BatchPlan, counts: dict[str, int] | None = None) -> list[Finding]:
    """Stage ``raws`` into ``t_projects`` (and ``t_indicators``); the findings about their cells and rows.
    ``counts`` (when given) receives ``projects``, the rows of ``t_projects``, when staging counted them.

    One project table is staged as a view: its cells are parsed once to count the bad ones and again,
    inside the scoring query, to score them, which costs less than writing a typed copy of the table."""
    findings: list[Finding] = []
    narrow = narrow_types(raws, plan) is not None
    refused: list[Finding] = []
    parts: list[Part] = []
    for index, raw in enumerate(raws):
        refused += _refuse_floats(raw, plan)
        if raw.kind == B.INDICATORS and plan.indicators is None:
            refused.append(error("BATCH-NO-INDICATOR-RULES", f"评分规则“{plan.rubric.id}”不是2020目标表体系，"
                                 "不能给绩效指标表评分；请选用 2020 体系的评分规则", raw.source(1)))
    if refused:
        raise UnusableInput(refused)
    for index, raw in enumerate(raws):
        if raw.kind == B.PROJECTS:
            parts.append(_projects(con, raw, index, plan, findings, narrow))
        elif raw.kind == B.ITEMS:
            parts.append(_items(con, raw, index, plan, findings))
        else:
            parts.append(stage_indicators(con, raw, index, plan, findings))
    _combine(con, raws, parts, plan, findings, counts if counts is not None else {})
    return findings


# ---------------------------------------------------------------- columns

def criterion_columns(plan: BatchPlan) -> dict[str, tuple[str, str]]:
    """Every wide column of the criteria: ``c.input`` → (input kind, input name)."""
    out: dict[str, tuple[str, str]] = {}
    for crit in plan.criteria:
        for spec in crit.inputs:
            out[crit.column(spec.name)] = (spec.kind, spec.name)
    return out


def generic_inputs(plan: BatchPlan) -> dict[str, str]:
    """Input names of an item table → input kind (first criterion using the name decides)."""
    out: dict[str, str] = {}
    for crit in plan.criteria:
        for spec in crit.inputs:
            out.setdefault(spec.name, spec.kind)
    return out


def _refuse_floats(raw: RawTable, plan: BatchPlan) -> list[Finding]:
    out = []
    for canonical, actual in raw.columns.items():
        if is_float(raw.types[actual]):
            out.append(error("BATCH-FLOAT", f"列“{actual}”是浮点数类型（{raw.types[actual]}），会带入二进制误差；"
                             "请以 DECIMAL 或文本保存数值", raw.source(1, canonical)))
    return out


# ---------------------------------------------------------------- one table per project

def column_findings(raw: RawTable, plan: BatchPlan) -> list[Finding]:
    """The whole-column checks of a project table alone (scores-only single pass): floats raise
    :class:`UnusableInput`; unknown columns are findings.  No cell is looked at."""
    refused = _refuse_floats(raw, plan)
    if refused:
        raise UnusableInput(refused)
    known = {c.name for c in B.PROJECT_COLUMNS} | set(criterion_columns(plan)) | {c.published_column for c in plan.criteria}
    return unknown_columns(raw, known, plan)


def _projects(con, raw: RawTable, index: int, plan: BatchPlan, findings: list[Finding], narrow: bool = False) -> Part:
    wide = criterion_columns(plan)
    published = {c.published_column for c in plan.criteria}
    known = {c.name for c in B.PROJECT_COLUMNS} | set(wide) | published
    findings += unknown_columns(raw, known, plan)
    pid, missing_id = id_problem(raw)
    typed = TypedSelect(raw)
    info = info_select(raw, typed)
    for column, (kind, name) in wide.items():
        actual = raw.columns.get(column)
        if actual is None:
            typed.plain(f"CAST(NULL AS {DEC})", column)
        else:
            read = narrow_input_cell if narrow else input_cell
            typed.cell(column, read(actual, raw.types[actual], kind, name), column, actual)
    for crit in plan.criteria:
        published_points(raw, crit.published_column, crit.id, typed)
    table = f"typed{index}"
    if not narrow:
        findings += collect(con, raw, [missing_id])
        typed.create(con, table, row_head(pid, index), f"{pid} IS NOT NULL")
        findings += typed.findings(con, table)
        return Part(B.PROJECTS, table, info)
    # a staged view: the rows without an id, and the rows and distinct ids kept, are counted in the scan
    # that counts the bad cells (one read of the file instead of three)
    typed.also = {"missing": f"count(*) FILTER (WHERE {missing_id.condition})", "rows": "count(*)",
                  "distinct": f"count(DISTINCT {pid})"}
    typed.create(con, table, row_head(pid, index), f"{pid} IS NOT NULL", view=True)
    bad = typed.findings(con, table)
    found = typed.also_found
    findings += collect(con, raw, [missing_id], [found["missing"]] if found else None)
    findings += bad
    return Part(B.PROJECTS, table, info, (found["rows"] - found["missing"], found["distinct"]) if found else None)


# ---------------------------------------------------------------- one table per project and criterion

def _criterion_case(plan: BatchPlan, text: str) -> str:
    """criterion id for a cell naming a criterion by id, name or alias (ambiguous names do not match)."""
    names: dict[str, str] = {}
    for crit in plan.criteria:
        names[crit.id] = crit.id
    for crit in plan.criteria:
        for name in crit.criterion.names:
            if name not in names and plan.criterion(name) is crit:
                names[name] = crit.id
    cases = " ".join(f"WHEN {text_literal(k)} THEN {text_literal(v)}" for k, v in names.items())
    return f"(CASE {text} {cases} END)"


def _items(con, raw: RawTable, index: int, plan: BatchPlan, findings: list[Finding]) -> Part:
    inputs = generic_inputs(plan)
    known = {c.name for c in B.PROJECT_COLUMNS + B.ITEM_COLUMNS} | set(inputs)
    findings += unknown_columns(raw, known, plan)
    pid, missing_id = id_problem(raw)
    crit_actual = raw.columns["criterion"]
    crit_text = text_of(crit_actual, raw.types[crit_actual])
    cid = _criterion_case(plan, crit_text)
    unknown = Problem(
        "BATCH-UNKNOWN-CRITERION", f"{pid} IS NOT NULL AND {cid} IS NULL",
        f"评分项“{{value}}”不是评分规则“{plan.rubric.id}”的评分项（填编号或名称，见 jixiao rubric show {plan.rubric.id}），该行未计入",
        "criterion", f"coalesce({crit_text}, '（空）')")
    typed = TypedSelect(raw)
    typed.plain(cid, "__cid")
    info = info_select(raw, typed)
    for name, kind in inputs.items():
        actual = raw.columns.get(name)
        if actual is None:
            typed.plain(f"CAST(NULL AS {DEC})", name)
        else:
            typed.cell(name, input_cell(actual, raw.types[actual], kind, name), name, actual)
    published_points(raw, "published", "item", typed)
    findings += collect(con, raw, [missing_id, unknown])
    table = f"typed{index}"
    typed.create(con, table, row_head(pid, index), f"{pid} IS NOT NULL AND {cid} IS NOT NULL")
    findings += typed.findings(con, table)
    return Part(B.ITEMS, table, info)


# ---------------------------------------------------------------- combining

def _union(parts: list[Part], kind: str) -> str | None:
    tables = [p.table for p in parts if p.kind == kind]
    if not tables:
        return None
    return " UNION ALL BY NAME ".join(f"SELECT * FROM {t}" for t in tables)


def _unique(con, union: str, keys: str, counts: dict[str, int] | None = None) -> bool:
    """No two rows share ``keys`` (a hash count, much cheaper than numbering every row); ``counts`` receives
    ``distinct``, the number of distinct keys."""
    total, distinct = con.execute(f"SELECT count(*), count(DISTINCT ({keys})) FROM ({union})").fetchall()[0]
    if counts is not None:
        counts["distinct"] = distinct
    return total == distinct


def _first_rows(con, table: str, union: str, keys: str, unique: bool) -> None:
    """``table``: the rows of ``union``, only the first of each ``keys`` (in file and row order)."""
    if unique:
        run(con, f"CREATE TEMP VIEW {table} AS {union}")
    else:
        run(con, f"CREATE TEMP TABLE {table} AS SELECT * FROM ({union}) "
                 f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY __prio) = 1")


def duplicates(con, raws: list[RawTable], union: str, keys: str, rule_id: str, what: str,
               unique: bool | None = None) -> list[Finding]:
    if unique if unique is not None else _unique(con, union, keys):
        return []
    rows = con.execute(f"SELECT __src, __row, {keys.split(',')[0]}, count(*) OVER () FROM (SELECT *, row_number() OVER "
                       f"(PARTITION BY {keys} ORDER BY __prio) AS n FROM ({union})) WHERE n > 1 "
                       f"ORDER BY __prio LIMIT {SHOWN}").fetchall()
    out = [error(rule_id, f"项目“{pid}”的{what}重复，只使用第一次出现的一行", raws[src].source(row))
           for src, row, pid, _ in rows]
    if rows and rows[0][3] > SHOWN:
        out.append(error(rule_id, f"另有{rows[0][3] - SHOWN}行{what}重复，未逐一列出", raws[rows[-1][0]].source(rows[-1][1])))
    return out


def _combine(con, raws: list[RawTable], parts: list[Part], plan: BatchPlan, findings: list[Finding],
             counts: dict[str, int]) -> None:
    projects = _union(parts, B.PROJECTS)
    items = _union(parts, B.ITEMS)
    wide = list(criterion_columns(plan)) + [c.published_column for c in plan.criteria] + [f"{c.id}.na" for c in plan.criteria]
    sources = []
    if projects is not None:
        staged = [p for p in parts if p.kind == B.PROJECTS]
        if len(staged) == 1 and staged[0].ids is not None:      # counted while staging
            counts["distinct"] = staged[0].ids[1]
            unique = staged[0].ids[0] == staged[0].ids[1]
        else:
            unique = _unique(con, projects, "project_id", counts)
        findings += duplicates(con, raws, projects, "project_id", "BATCH-DUPLICATE-PROJECT", "项目表行", unique)
        _first_rows(con, "p_rows", projects, "project_id", unique)
        sources.append("p_rows")
    if items is not None:
        unique = _unique(con, items, "project_id, __cid")
        findings += duplicates(con, raws, items, "project_id, __cid", "BATCH-DUPLICATE-ITEM", "评分项", unique)
        _first_rows(con, "i_rows", items, "project_id, __cid", unique)
        run(con, f"CREATE TEMP TABLE i_wide AS SELECT project_id, min(__prio) AS __prio, "
                    f"{', '.join(_pivot(plan))} FROM i_rows GROUP BY project_id")
        sources.append("i_wide")
    if any(p.kind == B.INDICATORS for p in parts):
        combine_indicators(con, [p.table for p in parts if p.kind == B.INDICATORS], plan)
        sources.append("t_indicators")
    elif plan.indicators is not None:
        empty_indicators(con)
    infos = [p for p in parts if p.info]
    if sources == ["p_rows"] and all(p.kind == B.PROJECTS for p in infos):
        info_cols = ", ".join(quote(c.name) if any(c.name in p.info for p in infos) else f"NULL AS {quote(c.name)}"
                              for c in B.PROJECT_ONLY)
        run(con, f"CREATE TEMP VIEW t_projects AS SELECT project_id, {info_cols}, "
                    f"{', '.join(quote(c) for c in wide)} FROM p_rows")
        counts["projects"] = counts["distinct"]     # one row per distinct project id (the first of each)
        return
    _joined(con, parts, sources, wide)


def _pivot(plan: BatchPlan) -> list[str]:
    out = []
    for crit in plan.criteria:
        where = f"FILTER (WHERE __cid = {text_literal(crit.id)})"
        for spec in crit.inputs:
            out.append(f"max({quote(spec.name)}) {where} AS {quote(crit.column(spec.name))}")
        out.append(f"max({quote('item.published')}) {where} AS {quote(crit.published_column)}")
        out.append(f"coalesce(bool_or({quote('item.na')}) {where}, FALSE) AS {quote(crit.id + '.na')}")
    return out


def _joined(con, parts: list[Part], sources: list[str], wide: list[str]) -> None:
    ids = " UNION ".join(f"SELECT project_id FROM {s}" for s in sources)
    info_rows = " UNION ALL BY NAME ".join(f"SELECT project_id, __prio, {', '.join(quote(c) for c in p.info)} FROM {p.table}"
                                           for p in parts if p.info)
    info = ", ".join(f"arg_min({quote(c.name)}, __prio) FILTER (WHERE {quote(c.name)} IS NOT NULL) AS {quote(c.name)}"
                     for c in B.PROJECT_ONLY if any(c.name in p.info for p in parts))
    has_info = bool(info_rows)
    if has_info:
        run(con, f"CREATE TEMP TABLE p_info AS SELECT project_id, {info} FROM ({info_rows}) GROUP BY project_id")
    present = {c.name for p in parts for c in B.PROJECT_ONLY if c.name in p.info}
    info_cols = ", ".join(f"p_info.{quote(c.name)}" if c.name in present else f"NULL AS {quote(c.name)}" for c in B.PROJECT_ONLY)
    joins, values = [], []
    for name in ("p_rows", "i_wide"):
        if name in sources:
            joins.append(f"LEFT JOIN {name} USING (project_id)")
    for column in wide:
        found = [f"{s}.{quote(column)}" for s in ("p_rows", "i_wide") if s in sources]
        default = "FALSE" if column.endswith(".na") else f"CAST(NULL AS {DEC})"
        values.append(f"coalesce({', '.join(found + [default])}) AS {quote(column)}")
    info_join = "LEFT JOIN p_info USING (project_id)" if has_info else ""
    run(con, f"CREATE TEMP TABLE t_projects AS SELECT ids.project_id, {info_cols}, {', '.join(values)} "
                f"FROM ({ids}) ids {' '.join(joins)} {info_join}")
