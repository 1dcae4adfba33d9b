"""Indicator tables (2020 target tables): one row per 绩效指标 row → ``t_indicators``.

Columns of ``t_indicators``: ``project_id``, ``seq`` (row order within the
project), ``section`` (the rubric section its 一级指标 names, NULL when none),
``name``, ``kind`` (quantitative | qualitative), ``W`` (the row's 分值), the rule
inputs ``target``, ``actual``, ``nature``, ``grade``, ``missing`` (why evidence is
lacking, NULL when complete), ``notes``, ``published`` and ``na``.
"""
from __future__ import annotations

from jixiao.batch import schema as B
from jixiao.batch.cells import (
    DEC,
    normalised,
    number_cell,
    one_of,
    quote,
    text_literal,
    text_of,
)
from jixiao.batch.bad_cells import Problem, collect
from jixiao.batch.db import run
from jixiao.batch.indicator_rows import KEY_COLUMNS, resolve_table
from jixiao.batch.plan import BatchPlan
from jixiao.batch.read import RawTable
from jixiao.batch.stage_common import Part, id_problem, info_select, published_points, row_head, unknown_columns
from jixiao.batch.typed import TypedSelect
from jixiao.findings import Finding, warning
from jixiao.model.filing import NATURE_ALIASES, NATURES
from jixiao.scoring.card_lines import norm
from jixiao.scoring.rubric import GRADE_CODES

UNSORTED = "（未归类）"


def _text(raw: RawTable, name: str) -> str:
    actual = raw.columns.get(name)
    return "CAST(NULL AS VARCHAR)" if actual is None else text_of(actual, raw.types[actual])


def _nature(raw: RawTable, problems: list[Problem]) -> str:
    text = _text(raw, "nature")
    words = {w: w for w in NATURES} | dict(NATURE_ALIASES)
    value = f"(CASE {text} {' '.join(f'WHEN {text_literal(k)} THEN {text_literal(v)}' for k, v in words.items())} END)"
    if "nature" in raw.columns:
        problems.append(Problem("BATCH-BAD-VALUE", f"{text} IS NOT NULL AND {value} IS NULL",
                                "列“nature”（指标性质）的值“{value}”无法识别，应为 ≥、≤、= 或 定性；该行按定性指标处理",
                                "nature", text))
    return value


def _grade(raw: RawTable, problems: list[Problem]) -> str:
    text = _text(raw, "grade")
    if "grade" in raw.columns:
        problems.append(Problem("BATCH-BAD-VALUE", f"{text} IS NOT NULL AND NOT {one_of(text, list(GRADE_CODES))}",
                                "列“grade”（定性评价）的值“{value}”应为 达成、部分达成 或 未达成；该值按缺失处理", "grade", text))
        return f"(CASE WHEN {one_of(text, list(GRADE_CODES))} THEN {text} END)"
    return "CAST(NULL AS VARCHAR)"


def _value_text(raw: RawTable, name: str, problems: list[Problem]) -> str:
    """A target/actual cell as text; a number in it with more than SCALE decimals is refused (kept exact or not at all)."""
    text = _text(raw, name)
    if name not in raw.columns:
        return text
    long = f"regexp_matches({normalised(raw.columns[name], raw.types[raw.columns[name]])}, '[0-9]\\.[0-9]{{{B.SCALE + 1},}}')"
    problems.append(Problem("BATCH-BAD-VALUE", f"coalesce({long}, FALSE)",
                            f"列“{name}”的值“{{value}}”超过{B.SCALE}位小数；该值按缺失处理", name, text))
    return f"(CASE WHEN coalesce({long}, FALSE) THEN NULL ELSE {text} END)"


def _plain(raw: RawTable, name: str, typed: TypedSelect) -> None:
    """``name_plain``: the cell as a number when it is a plain number, else NULL (prose is read later, not refused)."""
    actual = raw.columns.get(name)
    if actual is None:
        typed.plain(f"CAST(NULL AS {DEC})", f"{name}_plain")
    else:
        typed.quiet(f"{name}_plain", number_cell(actual, raw.types[actual]))


def _sections(con, raw: RawTable, plan: BatchPlan, findings: list[Finding]) -> str:
    """SQL giving the section path of a row from its 一级指标 (matched as the scorer matches)."""
    text = _text(raw, "level1")
    wanted = {norm(k): "/".join(v) for k, v in (plan.indicators.sections.items() if plan.indicators else ())}
    values = [r[0] for r in con.execute(f"SELECT DISTINCT {text} FROM {raw.table}").fetchall()]
    mapping = {v: wanted.get(norm(v)) for v in values if v is not None}
    for value, section in mapping.items():
        if section is None:
            row = con.execute(f"SELECT min(__row) FROM {raw.table} WHERE {text} = ?", [value]).fetchall()[0][0]
            findings.append(warning("BATCH-UNKNOWN-SECTION", f"一级指标“{value}”不属于评分规则“{plan.rubric.id}”的任何部分，"
                                    "这些行按“规则未知”计（只核对不超过分值）", raw.source(row, "level1")))
    cases = " ".join(f"WHEN {text_literal(k)} THEN {text_literal(v)}" for k, v in mapping.items() if v is not None)
    return f"(CASE {text} {cases} END)" if cases else "CAST(NULL AS VARCHAR)"


def stage_indicators(con, raw: RawTable, index: int, plan: BatchPlan, findings: list[Finding]):
    known = {c.name for c in B.PROJECT_COLUMNS + B.INDICATOR_COLUMNS}
    findings += unknown_columns(raw, known, plan)
    pid, missing_id = id_problem(raw)
    problems = [missing_id]
    typed = TypedSelect(raw)
    info = info_select(raw, typed)
    weight = raw.columns.get("weight")
    if weight is not None:
        typed.cell("W", number_cell(weight, raw.types[weight]), "weight", weight)
    else:
        typed.plain(f"CAST(NULL AS {DEC})", "W")
    typed.plain(_nature(raw, problems), "nature_text")
    typed.plain(_grade(raw, problems), "grade_text")
    for name in ("level1", "name", "deviation"):
        typed.plain(_text(raw, name), name)
    typed.plain(_value_text(raw, "target", problems), "target_text")
    typed.plain(_value_text(raw, "actual", problems), "actual_text")
    _plain(raw, "target", typed)
    _plain(raw, "actual", typed)
    published_points(raw, "published", "item", typed)
    typed.plain(_sections(con, raw, plan, findings), "section")
    findings += collect(con, raw, problems)
    table = f"typed{index}"
    typed.create(con, table, row_head(pid, index), f"{pid} IS NOT NULL")
    findings += typed.findings(con, table)
    return Part(B.INDICATORS, table, info)


def combine_indicators(con, tables: list[str], plan: BatchPlan) -> None:
    """All indicator rows → ``t_indicators`` with their rule inputs resolved."""
    union = " UNION ALL BY NAME ".join(f"SELECT * FROM {t}" for t in tables)
    plain = "coalesce((nature_text = '≥' OR nature_text = '≤' OR nature_text = '=') AND target_plain IS NOT NULL AND actual_plain IS NOT NULL, FALSE)"
    run(con, f"CREATE TEMP TABLE ind_rows AS SELECT *, {plain} AS plain, "
                f"row_number() OVER (PARTITION BY project_id ORDER BY __prio) AS seq FROM ({union})")
    rules = plan.indicators and plan.rubric.indicator_rules
    assert rules is not None
    run(con, "CREATE TEMP VIEW ind_keys AS SELECT * FROM ind_rows WHERE NOT plain")
    resolve_table(con, "ind_keys", "ind_resolved", rules)
    joined = " AND ".join(f"ind_rows.{k} IS NOT DISTINCT FROM r.{k}" for k in KEY_COLUMNS)
    code = "(CASE ind_rows.nature_text WHEN '≥' THEN 1 WHEN '≤' THEN 2 WHEN '=' THEN 3 END)"
    run(con, f"""CREATE TEMP TABLE t_indicators AS SELECT
        project_id, seq, __src, __row, coalesce(section, {text_literal(UNSORTED)}) AS section, section IS NULL AS unsorted,
        coalesce(name, '指标' || seq) AS name, level1, W,
        CASE WHEN plain THEN 'quantitative' ELSE r.kind END AS kind,
        CASE WHEN plain THEN target_plain ELSE r.r_target END AS target,
        CASE WHEN plain THEN actual_plain ELSE r.r_actual END AS actual,
        CASE WHEN plain THEN CAST({code} AS {DEC}) ELSE r.r_nature END AS nature,
        r.r_grade AS grade, CASE WHEN plain THEN NULL ELSE r.r_missing END AS missing,
        CASE WHEN plain THEN NULL ELSE r.r_notes END AS notes,
        {quote('item.published')} AS published, {quote('item.na')} AS na
        FROM ind_rows LEFT JOIN ind_resolved r ON {joined}""")


def empty_indicators(con) -> None:
    """``t_indicators`` with no rows, for a 2020 rubric given no indicator table."""
    run(con, f"""CREATE TEMP TABLE t_indicators AS SELECT CAST(NULL AS VARCHAR) AS project_id, CAST(0 AS BIGINT) AS seq,
        0 AS __src, CAST(0 AS BIGINT) AS __row, CAST(NULL AS VARCHAR) AS section, FALSE AS unsorted,
        CAST(NULL AS VARCHAR) AS name, CAST(NULL AS VARCHAR) AS level1, CAST(NULL AS {DEC}) AS W,
        CAST(NULL AS VARCHAR) AS kind, CAST(NULL AS {DEC}) AS target, CAST(NULL AS {DEC}) AS actual,
        CAST(NULL AS {DEC}) AS nature, CAST(NULL AS {DEC}) AS grade, CAST(NULL AS VARCHAR) AS missing,
        CAST(NULL AS VARCHAR) AS notes, CAST(NULL AS {DEC}) AS published, FALSE AS na WHERE FALSE""")
