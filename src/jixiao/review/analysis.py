"""Cross-unit analysis over a province's review tables, after :func:`jixiao.review.bulk.triage_tables`.

Per unit: projects, budget and execution, mean self score, share at full marks (100)
and at 优 (≥ 90), vague-target share, red/yellow projects, risk and rank, and an
inflation index = mean over projects of (self indicator points − review estimate).

The review estimate applies the automatic part of the 复核口径 pack in SQL: ≥/≤
indicators re-scored in proportion (R8, half-up to 0.01 point, exact integer
arithmetic), satisfaction without a survey → 0, a numeric target answered in prose →
the pack's 一般/较重 share off.  Rules that need a reviewer's judgement (no evidence,
unrelated indicator) are not estimated.

Exports: parquet and CSV, and a Fiscal Data Package (datapackage.json) whose fields
carry FDP ``columnType`` mappings (budget and executed amounts as values; department,
region and unit as classifications).
"""
from __future__ import annotations

import json
import os
from typing import Any

from jixiao.io_util import atomic_write_text
from jixiao.review.bulk import _any, _dec_lit, _lit
from jixiao.review.packs import ReviewPack


def _pack_params(kouj: ReviewPack) -> tuple[str, str, list[str]]:
    light, heavy, survey = "0.3", "0.6", ["问卷", "调查", "回访"]
    for rule in kouj.rules:
        if rule.function == "unverifiable":
            shares = rule.params.get("shares") or {}
            light, heavy = shares.get("一般", light), shares.get("较重", heavy)
        if rule.function == "satisfaction_without_survey":
            survey = list(rule.params.get("survey_words") or survey)
    return light, heavy, survey


def review_estimate_sql(kouj: ReviewPack) -> str:
    """Per indicator row: self and estimated review points, in hundredths of a point (HUGEINT)."""
    light, heavy, survey = _pack_params(kouj)
    said = "(coalesce(i.actual, '') || ' ' || coalesce(i.deviation, ''))"
    bound = r"(大于|超过|高于|不低于|不少于|达到|≥|>)[0-9.]+|[0-9.]+%?(及以上|以上)"
    a4, t4 = "CAST(i.a * 10000 AS HUGEINT)", "CAST(i.t * 10000 AS HUGEINT)"
    w = "CAST(i.weight * 100 AS HUGEINT)"
    s = "CAST(i.s * 100 AS HUGEINT)"
    return f"""SELECT i.unit_id, i.project_id, i.seq, {s} AS self_c, CASE
        WHEN contains(i.name || coalesce(i.level2, ''), '满意') AND i.s > 0 AND NOT {_any(said, survey)} THEN 0
        WHEN i.nature = '≥' AND i.t > 0 AND i.a IS NOT NULL THEN least({w}, (2 * {a4} * {w} + {t4}) // (2 * {t4}))
        WHEN i.nature = '≤' AND i.t > 0 AND i.a IS NOT NULL THEN CASE WHEN i.a <= i.t THEN {w} WHEN i.a >= 2 * i.t THEN 0
             ELSE (2 * {w} * (2 * {t4} - {a4}) + {t4}) // (2 * {t4}) END
        WHEN i.nature IN ('≥', '≤', '=') AND i.t IS NOT NULL AND i.a IS NULL AND trim(coalesce(i.actual, '')) <> '' AND i.s > 0
             THEN greatest(0, {s} - CAST(round(CASE WHEN regexp_matches(i.actual, '{bound}') AND
                                                   len(regexp_extract_all(i.actual, '[0-9]+([.][0-9]+)?')) = 1
                                              THEN {_dec_lit(light)} ELSE {_dec_lit(heavy)} END * {w}) AS HUGEINT))
        ELSE {s} END AS review_c FROM ind i"""


def unit_analysis(con, kouj: ReviewPack) -> None:
    """Create TEMP TABLE analysis (one row per unit) on a connection where bulk triage ran."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE est AS {review_estimate_sql(kouj)}")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE analysis AS
        WITH pe AS (SELECT project_id, sum(self_c) AS self_c, sum(review_c) AS review_c FROM est GROUP BY project_id),
        vague AS (SELECT unit_id, count(*) AS n FROM flags WHERE rule_id = 'REV-W-VAGUE-TARGET' GROUP BY unit_id),
        rows AS (SELECT unit_id, count(*) AS n FROM ind GROUP BY unit_id),
        pr AS (SELECT p.unit_id, p.project_id, p.annual_budget, p.executed,
                      TRY_CAST(p.published_total AS DECIMAL(18,2)) AS total, p.max_total,
                      CAST(pe.self_c - pe.review_c AS DECIMAL(38,0)) * CAST('0.01' AS DECIMAL(18,2)) AS gap
               FROM projects p LEFT JOIN pe USING (project_id))
        SELECT u.unit_id, u.unit_name, u.department, u.region, count(*) AS projects,
               sum(pr.annual_budget) AS budget, sum(pr.executed) AS executed,
               CAST(avg(pr.total) AS DECIMAL(18,2)) AS mean_self_score,
               CAST(avg(CASE WHEN pr.total = pr.max_total THEN 1 ELSE 0 END) AS DECIMAL(18,4)) AS full_share,
               CAST(avg(CASE WHEN pr.total >= 90 THEN 1 ELSE 0 END) AS DECIMAL(18,4)) AS excellent_share,
               CAST(coalesce(any_value(vague.n), 0) / any_value(rows.n) AS DECIMAL(18,4)) AS vague_target_share,
               CAST(avg(pr.gap) AS DECIMAL(18,2)) AS inflation_index,
               any_value(r.red_projects) AS red_projects, any_value(r.yellow_projects) AS yellow_projects,
               any_value(r.risk) AS risk
        FROM units u JOIN pr USING (unit_id) JOIN unit_risk r USING (unit_id)
             LEFT JOIN vague USING (unit_id) LEFT JOIN rows USING (unit_id)
        GROUP BY u.unit_id, u.unit_name, u.department, u.region""")
    con.execute("""CREATE OR REPLACE TEMP TABLE analysis AS
                   SELECT row_number() OVER (ORDER BY risk DESC, inflation_index DESC, unit_id) AS rank, * FROM analysis""")


FIELDS = (  # name, type, Chinese title, FDP columnType
    ("rank", "integer", "风险排名", None),
    ("unit_id", "string", "单位编号", "administrative-classification:generic:level2:code"),
    ("unit_name", "string", "单位名称", "administrative-classification:generic:level2:label"),
    ("department", "string", "主管部门", "administrative-classification:generic:level1:label"),
    ("region", "string", "地区", "geo-classification:generic:level1:label"),
    ("projects", "integer", "项目数", None),
    ("budget", "number", "全年预算数（万元）", "value"),
    ("executed", "number", "全年执行数（万元）", "value"),
    ("mean_self_score", "number", "平均自评得分", None),
    ("full_share", "number", "自评满分项目占比", None),
    ("excellent_share", "number", "自评为优项目占比", None),
    ("vague_target_share", "number", "模糊指标值占比", None),
    ("inflation_index", "number", "虚高指数（自评−复核估计）", None),
    ("red_projects", "integer", "红色预警项目数", None),
    ("yellow_projects", "integer", "黄色预警项目数", None),
    ("risk", "integer", "风险分", None),
)


def export_analysis(con, out: str, year: int | None = None) -> list[str]:
    """analysis.parquet, analysis.csv and datapackage.json (Fiscal Data Package) into ``out``."""
    os.makedirs(out, exist_ok=True)
    columns = ", ".join(name for name, *_ in FIELDS)
    parquet, csv = os.path.join(out, "analysis.parquet"), os.path.join(out, "analysis.csv")
    con.execute(f"COPY (SELECT {columns} FROM analysis ORDER BY rank) TO {_lit(parquet)} (FORMAT parquet)")
    con.execute(f"COPY (SELECT {columns} FROM analysis ORDER BY rank) TO {_lit(csv)} (FORMAT csv, HEADER)")
    package = datapackage(year)
    path = os.path.join(out, "datapackage.json")
    atomic_write_text(path, json.dumps(package, ensure_ascii=False, indent=2))
    return [parquet, csv, path]


def datapackage(year: int | None = None) -> dict[str, Any]:
    fields = []
    for name, kind, title, column_type in FIELDS:
        field: dict[str, Any] = {"name": name, "type": kind, "title": title}
        if column_type:
            field["columnType"] = column_type
        if name in ("budget", "executed"):
            field.update({"decimalChar": ".", "groupChar": ""})
        fields.append(field)
    package: dict[str, Any] = {
        "name": "jixiao-review-analysis",
        "title": "预算绩效自评抽查复核：单位分析",
        "profile": "tabular-data-package",
        "resources": [{
            "name": "analysis", "path": "analysis.csv", "profile": "tabular-data-resource", "format": "csv",
            "encoding": "utf-8", "title": "各单位自评复核分析",
            "schema": {"fields": fields, "primaryKey": ["unit_id"]},
        }],
        "model": {
            "measures": {"budget": {"source": "budget", "currency": "CNY", "factor": 10000, "direction": "expenditure",
                                    "phase": "approved"},
                         "executed": {"source": "executed", "currency": "CNY", "factor": 10000, "direction": "expenditure",
                                      "phase": "executed"}},
            "dimensions": {"administrative": {"dimensionType": "classification", "primaryKey": ["unit_id"],
                                              "attributes": {"unit_id": {"source": "unit_id"}, "unit_name": {"source": "unit_name"},
                                                             "department": {"source": "department"}}},
                           "location": {"dimensionType": "location", "primaryKey": ["region"],
                                        "attributes": {"region": {"source": "region"}}}},
        },
        "sources": [{"title": "jixiao review triage（批量预警）与复核口径估计"}],
    }
    if year:
        package["fiscalPeriod"] = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    return package
