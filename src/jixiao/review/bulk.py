"""Province-scale triage on DuckDB over the review tables (units / projects / indicators parquet).

    triage_tables(folder, pack, out) -> BulkResult

Each warning rule of the pack is one SQL query compiled from the rule's function
name and its parameters (read from the same YAML as the Python rules; a parity
test runs both on the same rows).  Flags cite the table, row and columns read.
Exact arithmetic: conditions are cross-multiplied so no decimal is divided.

Also: :func:`filings_from_tables` turns the same rows into :class:`Filing` objects,
so the Python triage can run on them one filing at a time (bench, parity test).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.review.packs import ReviewPack, dec

TABLES = ("units", "projects", "indicators")
COLUMNS = {
    "units": ("unit_id", "unit_name", "department", "region"),
    "projects": ("project_id", "unit_id", "project_name", "expected_goal", "actual_goal", "annual_budget", "executed",
                 "exec_weight", "exec_score", "published_total", "max_total"),
    "indicators": ("project_id", "seq", "level1", "level2", "name", "nature", "target", "unit", "actual", "weight",
                   "score", "deviation"),
}
_PUNCT = r"[\s，。、,.；;：:“”\"]"


def _lit(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _dec_lit(value: Any) -> str:
    return f"CAST('{dec(value)}' AS DECIMAL(38,10))"


def _num(col: str) -> str:
    """The number a cell states, as the Python rules read it (trailing unit dropped), else NULL."""
    return (f"TRY_CAST(regexp_replace(trim({col}), '(%|次|人次|人|项|个|件|分|万元|元)$', '') AS DECIMAL(38,10))")


def _plain(col: str) -> str:
    return f"regexp_replace(coalesce({col}, ''), '{_PUNCT}', '', 'g')"


def _any(col: str, words: list[str]) -> str:
    if not words:
        return "FALSE"
    return "(" + " OR ".join(f"contains({col}, {_lit(w)})" for w in words) + ")"


def load_views(con, folder: str) -> None:
    for table in TABLES:
        path = os.path.join(folder, f"{table}.parquet")
        if not os.path.exists(path):
            from jixiao.findings import UnusableInput, error
            from jixiao.model.source import Source

            raise UnusableInput([error("INPUT-UNREADABLE", f"缺少 {table}.parquet（复核批量数据需要 units、projects、indicators 三张表）",
                                       Source(folder, "L1"))])
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT *, file_row_number + 2 AS row_no "
                    f"FROM read_parquet({_lit(path)}, file_row_number = true)")
        have = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
        missing = [c for c in COLUMNS[table] if c not in have]
        if missing:
            from jixiao.findings import UnusableInput, error
            from jixiao.model.source import Source

            raise UnusableInput([error("INPUT-COLUMNS", f"{table}.parquet 缺少列：{'、'.join(missing)}（格式见 docs/review.md 第五节）",
                                       Source(path, "L1"))])
    con.execute(f"""CREATE OR REPLACE TEMP TABLE ind AS SELECT i.*, {_num('i.target')} AS t, {_num('i.actual')} AS a,
                   {_num('i.score')} AS s, p.unit_id FROM indicators i JOIN projects p USING (project_id)""")


def _cells(*pairs: tuple[str, str]) -> str:
    """A VARCHAR naming each cell read: ``indicators.parquet第12行actual=95%以上``."""
    parts = [f"'{table}.parquet第' || {table[0]}.row_no || '行{col}=' || coalesce(CAST({table[0]}.{col} AS VARCHAR), '')"
             for table, col in pairs]
    return " || '；' || ".join(parts)


def rule_sql(function: str, params: dict[str, Any]) -> str:
    """SELECT unit_id, project_id, seq, cells for one rule (seq NULL for project-level rules)."""
    if function == "score_ahead_of_execution":
        t = _dec_lit(params.get("threshold", "0.05"))
        full = _dec_lit(params.get("full_score", "100"))
        rows_ok = ("x.n > 0 AND x.n = x.ns AND x.n = x.nw AND p.annual_budget IS NOT NULL AND p.executed IS NOT NULL "
                   "AND p.exec_weight IS NOT NULL AND p.annual_budget <> 0")
        total, stated = _num("p.published_total"), _num("p.exec_score")
        return f"""WITH x AS (SELECT project_id, sum(s) AS s_total, sum(weight) AS w_total, count(*) AS n, count(s) AS ns,
                              count(weight) AS nw FROM ind GROUP BY project_id),
                   c AS (SELECT p.*, x.s_total, x.w_total, {rows_ok} AS by_rows,
                                {total} - {stated} AS s_tot, coalesce(p.max_total, {full}) - p.exec_weight AS m_tot, {stated} AS e_tot
                         FROM projects p LEFT JOIN x USING (project_id))
                   SELECT p.unit_id, p.project_id, NULL AS seq,
                   CASE WHEN p.by_rows THEN 'projects.parquet第' || p.row_no || '行annual_budget=' || p.annual_budget || '；executed='
                        || p.executed || '；exec_weight=' || p.exec_weight || '；indicators得分合计' || p.s_total || '/' || p.w_total
                   ELSE 'projects.parquet第' || p.row_no || '行published_total=' || p.published_total || '；exec_score='
                        || p.exec_score || '；exec_weight=' || p.exec_weight END AS cells
                   FROM c p
                   WHERE (p.by_rows AND p.s_total > 0 AND p.w_total > 0 AND p.exec_weight > 0
                          AND p.s_total * p.annual_budget * (1 - {t}) > p.executed * p.w_total)
                      OR (NOT coalesce(p.by_rows, FALSE) AND p.s_tot IS NOT NULL AND p.exec_weight IS NOT NULL
                          AND p.s_tot > 0 AND p.m_tot > 0 AND p.exec_weight > 0
                          AND p.s_tot * p.exec_weight * (1 - {t}) > p.e_tot * p.m_tot)"""
    if function == "execution_low":
        floor = _dec_lit(params.get("min_rate", "80"))
        return f"""SELECT p.unit_id, p.project_id, NULL AS seq, {_cells(('projects', 'annual_budget'), ('projects', 'executed'))} AS cells
                   FROM projects p WHERE p.annual_budget IS NOT NULL AND p.executed IS NOT NULL
                     AND (p.annual_budget = 0 OR p.executed * 100 < {floor} * p.annual_budget)"""
    if function == "all_projects_full":
        least, full = int(dec(params.get("min_projects", "2"))), _dec_lit(params.get("full_score", "100"))
        return f"""WITH x AS (SELECT unit_id, count(*) AS n, count({_num('published_total')}) AS nn,
                              bool_and({_num('published_total')} = coalesce(max_total, {full})) AS all_full
                              FROM projects GROUP BY unit_id)
                   SELECT p.unit_id, p.project_id, NULL AS seq, {_cells(('projects', 'published_total'))} AS cells
                   FROM projects p JOIN x USING (unit_id) WHERE x.n >= {least} AND x.n = x.nn AND x.all_full"""
    if function == "goal_copied":
        least = int(dec(params.get("min_chars", "10")))
        return f"""SELECT p.unit_id, p.project_id, NULL AS seq, {_cells(('projects', 'expected_goal'), ('projects', 'actual_goal'))} AS cells
                   FROM projects p WHERE {_plain('p.expected_goal')} = {_plain('p.actual_goal')}
                     AND length({_plain('p.expected_goal')}) >= {least} AND trim(p.actual_goal) <> ''"""
    cells_ind = lambda *cols: _cells(*(("indicators", c) for c in cols))  # noqa: E731
    if function == "prose_actual":
        return f"""SELECT i.unit_id, i.project_id, i.seq, {cells_ind('nature', 'target', 'actual', 'score')} AS cells FROM ind i
                   WHERE i.nature IN ('≥', '≤', '=') AND i.t IS NOT NULL AND i.a IS NULL AND trim(coalesce(i.actual, '')) <> ''
                     AND i.s > 0"""
    if function == "vague_target":
        words = list(params.get("vague_words") or [])
        high = _dec_lit(params.get("prose_percent", "95"))
        rate_words = list(params.get("rate_words") or [])
        return f"""SELECT i.unit_id, i.project_id, i.seq, {cells_ind('target')} AS cells FROM ind i
                   WHERE trim(coalesce(i.target, '')) <> '' AND (NOT regexp_matches(i.target, '[0-9]') OR {_any('i.target', words)}
                     OR (contains(coalesce(i.level1, ''), '效益') AND trim(coalesce(i.unit, '')) = '%' AND i.t >= {high}
                         AND i.name IS NOT NULL AND NOT {_any('i.name', rate_words)}))"""
    if function == "actual_equals_target_text":
        least = int(dec(params.get("min_chars", "6")))
        return f"""SELECT i.unit_id, i.project_id, i.seq, {cells_ind('target', 'actual')} AS cells FROM ind i
                   WHERE NOT regexp_matches(coalesce(i.target, ''), '[0-9]') AND {_plain('i.target')} = {_plain('i.actual')} AND length({_plain('i.target')}) >= {least}"""
    if function == "satisfaction_without_survey":
        marks = list(params.get("satisfaction_words") or ["满意"])
        survey = list(params.get("survey_words") or [])
        said = "(coalesce(i.actual, '') || ' ' || coalesce(i.deviation, ''))"
        return f"""SELECT i.unit_id, i.project_id, i.seq, {cells_ind('name', 'actual', 'deviation', 'score')} AS cells FROM ind i
                   WHERE i.name IS NOT NULL AND trim(coalesce(i.actual, '')) <> '' AND i.s > 0
                     AND {_any("(i.name || coalesce(i.level2, ''))", marks)} AND NOT {_any(said, survey)}"""
    if function == "overshoot":
        ratio = _dec_lit(params.get("ratio", "1.3"))
        return f"""SELECT i.unit_id, i.project_id, i.seq, {cells_ind('nature', 'target', 'actual')} AS cells FROM ind i
                   WHERE i.nature = '≥' AND i.t > 0 AND i.a IS NOT NULL AND i.a >= {ratio} * i.t"""
    if function == "full_marks_unmet":
        return f"""SELECT i.unit_id, i.project_id, i.seq, {cells_ind('nature', 'target', 'actual', 'weight', 'score')} AS cells FROM ind i
                   WHERE i.t IS NOT NULL AND i.a IS NOT NULL AND i.weight IS NOT NULL AND i.s >= i.weight
                     AND ((i.nature = '≥' AND i.a < i.t) OR (i.nature = '≤' AND i.a > i.t) OR (i.nature = '=' AND i.a <> i.t))"""
    if function == "copied_across_units":
        least = int(dec(params.get("min_chars", "30")))
        fields = [f for f in (params.get("fields") or ["expected_goal", "actual_goal"]) if f in ("expected_goal", "actual_goal")]
        union = " UNION ALL ".join(
            f"SELECT p.unit_id, u.unit_name, p.project_id, p.row_no, '{f}' AS col, {_plain('p.' + f)} AS key, p.{f} AS text "
            f"FROM projects p JOIN units u USING (unit_id)" for f in fields)
        return f"""WITH t AS ({union}), g AS (SELECT key FROM t WHERE length(key) >= {least} GROUP BY key
                                              HAVING count(DISTINCT unit_name) >= 2)
                   SELECT DISTINCT t.unit_id, t.project_id, NULL AS seq,
                          'projects.parquet第' || t.row_no || '行' || t.col || '=' || t.text AS cells
                   FROM t JOIN g USING (key)"""
    raise KeyError(function)


@dataclass
class BulkResult:
    units: int
    projects: int
    flags: int
    seconds: float
    by_rule: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"units": self.units, "projects": self.projects, "flags": self.flags, "seconds": round(self.seconds, 2),
                "by_rule": self.by_rule, "files": self.files}


def triage_tables(folder: str, pack: ReviewPack, out: str | None = None, share: Decimal = Decimal("0.1"),
                  random_share: Decimal = Decimal("0"), seed: int = 1, threads: int | None = None, con=None) -> BulkResult:
    """Flags, risk per project and unit, and a risk-ranked unit sample; written to ``out`` (parquet) when given."""
    from jixiao.batch.db import connect

    start = time.perf_counter()
    con = con or connect(threads)
    load_views(con, folder)
    weights = {k: int(dec(v)) for k, v in (pack.setting("risk_weights") or {}).items()}
    parts = [f"SELECT {_lit(r.id)} AS rule_id, {_lit(r.level)} AS level, {weights.get(r.level or '', 0)} AS weight, "
             f"unit_id, project_id, CAST(seq AS INTEGER) AS seq, cells FROM ({rule_sql(r.function, r.params)})" for r in pack.rules]
    con.execute("CREATE OR REPLACE TEMP TABLE flags AS " + " UNION ALL ".join(parts))
    con.execute("""CREATE OR REPLACE TEMP TABLE project_risk AS
                   SELECT p.unit_id, p.project_id, coalesce(sum(f.weight), 0) AS risk,
                          CASE WHEN bool_or(f.level = 'red') THEN 'red' WHEN count(f.rule_id) > 0 THEN 'yellow' ELSE 'green' END AS level,
                          coalesce(string_agg(f.rule_id, '；' ORDER BY f.rule_id), '') AS rules, p.annual_budget AS money
                   FROM projects p LEFT JOIN flags f USING (project_id) GROUP BY p.unit_id, p.project_id, p.annual_budget""")
    con.execute("""CREATE OR REPLACE TEMP TABLE unit_risk AS
                   SELECT u.unit_id, u.unit_name, u.department, u.region, sum(r.risk) AS risk, count(*) AS projects,
                          sum(CASE WHEN r.level = 'red' THEN 1 ELSE 0 END) AS red_projects,
                          sum(CASE WHEN r.level = 'yellow' THEN 1 ELSE 0 END) AS yellow_projects, sum(r.money) AS money
                   FROM units u JOIN project_risk r USING (unit_id) GROUP BY ALL""")
    n_units = con.execute("SELECT count(*) FROM unit_risk").fetchone()[0]
    take = int((share * n_units).to_integral_value(rounding="ROUND_CEILING"))
    extra = int((random_share * n_units).to_integral_value(rounding="ROUND_CEILING"))
    con.execute(f"""CREATE OR REPLACE TEMP TABLE sample AS
                    WITH ranked AS (SELECT *, row_number() OVER (ORDER BY risk DESC, money DESC, unit_id) AS rank FROM unit_risk),
                    risky AS (SELECT *, 'risk' AS kind FROM ranked WHERE rank <= {take} AND risk > 0),
                    rest AS (SELECT *, 'random' AS kind FROM ranked WHERE unit_id NOT IN (SELECT unit_id FROM risky)
                             ORDER BY hash(unit_id || {_lit(seed)}) LIMIT {extra})
                    SELECT * FROM risky UNION ALL SELECT * FROM rest""")
    by_rule = dict(con.execute("SELECT rule_id, count(*) FROM flags GROUP BY 1 ORDER BY 1").fetchall())
    projects = con.execute("SELECT count(*) FROM project_risk").fetchone()[0]
    files = []
    if out:
        os.makedirs(out, exist_ok=True)
        for table in ("flags", "project_risk", "unit_risk", "sample"):
            path = os.path.join(out, f"{table}.parquet")
            con.execute(f"COPY {table} TO {_lit(path)} (FORMAT parquet, COMPRESSION zstd)")
            files.append(path)
    return BulkResult(n_units, projects, sum(by_rule.values()), time.perf_counter() - start, by_rule, files)


def is_bulk_folder(path: str) -> bool:
    return os.path.isdir(path) and all(os.path.exists(os.path.join(path, f"{t}.parquet")) for t in TABLES)


# ------------------------------------------------------------------ the same rows as filings

def filings_from_tables(folder: str, con=None, limit_units: int | None = None):
    """Yield one :class:`Filing` per unit from the review tables (sources: table and row)."""
    from jixiao.batch.db import connect
    from jixiao.model.filing import Filing, FundRow, Indicator, Project, Unit
    from jixiao.model.source import Source
    from jixiao.model.values import Value, ValueMap

    con = con or connect()
    load_views(con, folder)
    limit = f"WHERE unit_id IN (SELECT unit_id FROM units ORDER BY unit_id LIMIT {int(limit_units)})" if limit_units else ""
    units = con.execute(f"SELECT unit_id, unit_name, department, region FROM units {limit} ORDER BY unit_id").fetchall()
    projects: dict[str, list] = {}
    for row in con.execute(f"SELECT * EXCLUDE (file_row_number) FROM projects {limit} ORDER BY unit_id, row_no").fetchall():
        projects.setdefault(row[1], []).append(row)
    rows: dict[str, list] = {}
    cols = "project_id, level1, level2, name, nature, target, unit, actual, weight, score, deviation, row_no"
    for row in con.execute(f"SELECT {cols} FROM indicators WHERE project_id IN (SELECT project_id FROM projects {limit}) "
                           "ORDER BY project_id, seq").fetchall():
        rows.setdefault(row[0], []).append(row)
    pdoc, idoc = os.path.join(folder, "projects.parquet"), os.path.join(folder, "indicators.parquet")
    for unit_id, name, department, region in units:
        sources: dict[str, Source] = {}
        built = []
        for p, (pid, _, pname, goal, actual_goal, budget, executed, weight, exec_score, total, max_total, prow) in enumerate(projects.get(unit_id, [])):
            at = Source(pdoc, f"第{prow}行")
            for key in ("expected_goal", "actual_goal", "funds[0].annual_budget", "funds[0].executed", "funds[0].weight",
                        "funds[0].published.score", "published.total", "published.max_total"):
                sources[f"projects[{p}].{key}"] = Source(pdoc, f"第{prow}行{key.split('.')[-1]}")
            sources[f"projects[{p}]"] = at
            indicators = []
            for i, (_, l1, l2, iname, nature, target, unit, actual, w, score, deviation, irow) in enumerate(rows.get(pid, [])):
                for key in ("level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score", "deviation"):
                    sources[f"projects[{p}].indicators[{i}].{key}"] = Source(idoc, f"第{irow}行{key}")
                indicators.append(Indicator(level1=l1, level2=l2, name=iname, nature=nature,
                                            target=Value.lenient(target), unit=unit, actual=Value.lenient(actual),
                                            weight=w, score=Value.lenient(score), deviation=deviation))
            published = ValueMap(tuple((k, Value.parse(str(v))) for k, v in (("total", total), ("max_total", max_total)) if v is not None))
            built.append(Project(name=pname, expected_goal=goal, actual_goal=actual_goal,
                                 funds=(FundRow(source="年度资金总额", annual_budget=budget, executed=executed, weight=weight,
                                                published=ValueMap((("score", Value.parse(exec_score)),)) if exec_score else ValueMap()),),
                                 indicators=tuple(indicators), published=published))
        yield unit_id, Filing(unit=Unit(name=name, department=department, region=region, year=2023), projects=tuple(built),
                              doc=pdoc, sources=sources)
