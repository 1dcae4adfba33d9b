"""Realistic synthetic batch data for a rubric: budgets, rates, indicator rows and published scores.

Seeded and vectorised (numpy draws, DuckDB writes), so a million projects take
seconds.  Every number is drawn as an integer count of its smallest unit (分 of
万元, 0.01 percentage point) and becomes an exact DECIMAL in DuckDB.  Besides
plausible distributions, it reproduces what real units publish: full marks
everywhere, totals that are not the sum of their items, scores above the
maximum, rates printed as 100% when over, 不适用 lines, prose actuals
("95%以上"), grade labels from the wrong band or written as aliases (良好).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal

from jixiao.batch.cells import quote
from jixiao.batch.db import run
from jixiao.batch.plan import BatchPlan, CriterionPlan

FORMATS = ("parquet", "csv", "xlsx")
UNITS = ("信访局", "教育局", "卫生健康局", "民政局", "农业农村局", "交通运输局", "自然资源局", "司法局", "文化旅游局", "水务局")
PLACES = ("雁江区", "沾益区", "安州区", "渠县", "江阳区", "龙马潭区", "麒麟区", "宣威市", "会泽县", "乐至县", "安岳县", "简阳市")
TASKS = ("专项经费", "运行保障经费", "信息化建设", "业务培训", "设备购置", "维修改造", "宣传经费", "专项补助", "工作经费", "服务外包")
PROSE = ("95%以上", "大于90%", "已完成", "达到预期", "100%", "基本完成", "较好", "满意")


@dataclass(frozen=True)
class Draw:
    """One column: integer draws in units of ``10^-places`` (None-able via a mask)."""

    values: object          # numpy int64 array
    places: int
    missing: object = None  # numpy bool array


def _rng(seed: int):
    import numpy as np

    return np.random.default_rng(seed)


def _mix(rng, n: int, parts: list[tuple[float, object]]):
    """Pick each row's value from one of several generators by probability."""
    import numpy as np

    choice = rng.choice(len(parts), size=n, p=[p for p, _ in parts])
    out = np.zeros(n, dtype=np.int64)
    for index, (_, make) in enumerate(parts):
        mask = choice == index
        out[mask] = make(int(mask.sum()))
    return out


def _rate_draw(rng, n: int, crit: CriterionPlan, spec_kind: str) -> Draw:
    """Rates in 0.01 percentage points, by what the rule does with them."""
    shape = crit.criterion.rule.shape
    params = crit.compiled.params if crit.compiled else {}
    if spec_kind == "flag":
        return Draw((rng.random(n) < 0.9).astype("int64"), 0)
    if spec_kind == "count":
        periods = int(params.get("periods") or 4)
        return Draw(_mix(rng, n, [(0.8, lambda k: [periods] * k), (0.2, lambda k: rng.integers(0, periods, k))]), 0)
    if spec_kind == "code":
        return Draw(_mix(rng, n, [(0.8, lambda k: [1] * k), (0.1, lambda k: [2] * k), (0.1, lambda k: [3] * k)]), 0)
    target = int(Decimal(str(params.get("target", 100))) * 100)
    uniform = lambda lo, hi: (lambda k: rng.integers(int(lo * 100), int(hi * 100), k))
    if shape in ("deduct_per_point", "deduct_per_block"):
        if params.get("direction") == "above":
            parts = [(0.75, lambda k: [target] * k), (0.2, lambda k: target - rng.integers(0, 500, k)),
                     (0.05, lambda k: target + rng.integers(1, 1500, k))]
        else:
            parts = [(0.7, lambda k: [target] * k), (0.25, lambda k: target - rng.integers(1, 500, k)),
                     (0.05, lambda k: target - rng.integers(500, 4000, k))]
    elif shape == "degree_times_weight":
        parts = [(0.5, lambda k: [10000] * k), (0.3, uniform(60, 100)), (0.2, lambda k: [0] * k)]
    elif shape == "saving_or_overrun":
        parts = [(0.7, lambda k: [0] * k), (0.2, uniform(0, 15)), (0.1, uniform(-20, 0))]
    elif shape == "tiered_bands":
        parts = [(0.6, lambda k: [0] * k), (0.4, uniform(0, 40))]
    elif shape == "stated_deduction":
        parts = [(0.8, lambda k: [0] * k), (0.2, lambda k: rng.choice([50, 100, 200], k))]
    else:   # rate × weight, survey, coefficient: many exactly 100%, some over (often printed as 100%)
        parts = [(0.55, lambda k: [10000] * k), (0.2, uniform(100, 180)), (0.25, uniform(60, 100))]
    return Draw(_mix(rng, n, parts), 2, rng.random(n) < 0.03)


def _published(rng, n: int, maximum: Decimal, full: object) -> tuple[object, object]:
    """Self-scores in 0.01 points: full marks (always for a "full marks everywhere" unit), else a share;
    sometimes above the maximum.  Returns (values, 不适用 mask)."""
    import numpy as np

    top = int(maximum * 100)
    share = rng.choice([100, 100, 100, 95, 90, 80, 60, 50, 0], n)
    values = (top * share // 100 // 10) * 10
    values = np.where(full, top, values)
    over = rng.random(n) < 0.01
    values = np.where(over, top + rng.choice([50, 100, 200], n), values)
    return values, rng.random(n) < 0.01


def _text_columns(rng, n: int, seed: int) -> dict[str, object]:
    import numpy as np

    place = rng.integers(0, len(PLACES), n)
    unit = rng.integers(0, len(UNITS), n)
    task = rng.integers(0, len(TASKS), n)
    ids = project_ids(n, seed)
    units = np.char.add(np.array(PLACES)[place], np.array(UNITS)[unit])
    names = np.char.add(np.char.add(np.array(UNITS)[unit], "·"), np.array(TASKS)[task])
    return {"project_id": ids.astype(object), "project_name": names.astype(object), "unit_name": units.astype(object),
            "region": np.array(PLACES)[place].astype(object)}


def project_ids(n: int, seed: int):
    import numpy as np

    return np.char.add(f"S{seed}-", np.char.zfill(np.arange(1, n + 1).astype(str), 7)).astype(object)


def project_columns(plan: BatchPlan, n: int, seed: int, extra=None) -> tuple[dict[str, object], list[str]]:
    """numpy columns and the SELECT list that turns them into the project table.

    ``extra``: points (in 0.01) each project's indicator rows published, added to its published total."""
    import numpy as np

    rng = _rng(seed)
    data: dict[str, object] = _text_columns(rng, n, seed)
    select = [quote(c) for c in ("project_id", "project_name", "unit_name", "region")]
    data["year"] = rng.choice([2021, 2022, 2023], n)
    select.append("CAST(year AS INTEGER) AS year")
    full = rng.random(n) < 0.3                                   # units that give full marks everywhere
    total = np.zeros(n, dtype=np.int64) if extra is None else np.asarray(extra, dtype=np.int64)
    for index, crit in enumerate(plan.criteria):
        for spec in crit.inputs:
            draw = _rate_draw(rng, n, crit, spec.kind)
            key = f"i{index}_{spec.name}"
            data[key] = np.asarray(draw.values, dtype=np.int64)
            value = f"CAST({key} AS DECIMAL(18,0)) * CAST('{Decimal(1).scaleb(-draw.places)}' AS DECIMAL(18,{draw.places}))"
            if draw.missing is not None:
                data[key + "_na"] = draw.missing
                value = f"(CASE WHEN {key}_na THEN NULL ELSE {value} END)"
            kind = "INTEGER" if draw.places == 0 else f"DECIMAL(18,{draw.places})"
            select.append(f"CAST({value} AS {kind}) AS {quote(crit.column(spec.name))}")
        points, na = _published(rng, n, crit.criterion.max, full)
        total += np.where(na, 0, points)
        data[f"p{index}"], data[f"p{index}_na"] = points, na
        select.append(f"(CASE WHEN p{index}_na THEN '不适用' ELSE CAST(CAST(p{index} AS DECIMAL(18,0)) * 0.01 AS VARCHAR) END) "
                      f"AS {quote(crit.published_column)}")
    return _totals(rng, n, plan, data, select, total)


def _totals(rng, n: int, plan: BatchPlan, data: dict, select: list[str], total) -> tuple[dict, list[str]]:
    """Published totals (Σ items, sometimes off or missing) and grades (sometimes from the wrong band)."""
    import numpy as np

    off = rng.random(n) < 0.08
    data["total"] = np.where(off, total + rng.choice([-500, -100, 100, 300], n), total)
    data["total_na"] = rng.random(n) < 0.05
    select.append("(CASE WHEN total_na THEN NULL ELSE CAST(CAST(total AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2)) END) "
                  "AS published_total")
    grades = sorted(plan.rubric.grades, key=lambda g: g.min, reverse=True)
    labels = np.array([g.labels[-1] if g.labels[-1] != g.label and rng.random() < 0.5 else g.label for g in grades], dtype=object)
    band = np.zeros(n, dtype=np.int64)
    for position, grade in reversed(list(enumerate(grades))):
        band = np.where(data["total"] >= int(grade.min * 100), position, band)
    wrong = rng.random(n) < 0.03
    band = np.where(wrong, np.maximum(band - 1, 0), band)
    data["grade"] = labels[band]
    select.append("grade AS published_grade")
    return data, select


def indicator_columns(plan: BatchPlan, ids, seed: int) -> tuple[dict[str, object], list[str], object]:
    """2020 target tables: 4–11 indicator rows per project, weights splitting each section's points.

    Also returns each project's published indicator points (in 0.01), for its published total."""
    import numpy as np

    rng = _rng(seed + 1)
    sections = [s for s in plan.rubric.sections if s.indicator_level1]
    n = len(ids)
    per = rng.integers(4, 12, n)
    project = np.repeat(np.arange(n), per)
    m = len(project)
    weights = np.array([0.5, 0.3, 0.2][:len(sections)] + [0.1] * max(0, len(sections) - 3))
    section = rng.choice(len(sections), size=m, p=weights / weights.sum())
    order = np.lexsort((section, project))
    project, section = project[order], section[order]
    key = project * len(sections) + section
    count = np.bincount(key, minlength=n * len(sections))[key]
    first = np.r_[True, key[1:] != key[:-1]]
    top = np.array([int(s.max * 100) for s in sections])[section]
    weight = top // count + np.where(first, top - (top // count) * count, 0)
    nature = rng.choice(4, size=m, p=[0.6, 0.1, 0.1, 0.2])                     # ≥ ≤ = 定性
    target = np.where(rng.random(m) < 0.5, rng.integers(1, 51, m), rng.choice([90, 95, 98, 100], m))
    target = np.where(nature == 2, 0, target)
    relation = rng.choice(5, size=m, p=[0.65, 0.15, 0.12, 0.05, 0.03])        # met, over, short, prose, blank
    factor = np.where(relation == 1, rng.integers(100, 150, m), np.where(relation == 2, rng.integers(60, 100, m), 100))
    share = rng.choice([100, 100, 100, 100, 90, 80, 60], m)
    published = weight * share // 100
    na = rng.random(m) < 0.01
    sums = np.bincount(project, weights=np.where(na, 0, published), minlength=n).astype(np.int64)
    data = {"pid": np.asarray(ids, dtype=object)[project], "section": section, "nature": nature, "target": target,
            "relation": relation, "factor": factor, "weight": weight, "published": published,
            "prose": rng.integers(0, len(PROSE), m), "grade": rng.choice(4, size=m, p=[0.7, 0.2, 0.05, 0.05]),
            "met": rng.random(m) < 0.4, "na": na, "serial": rng.integers(1, 99, m)}
    level1 = " ".join(f"WHEN {i} THEN '{s.indicator_level1[0]}'" for i, s in enumerate(sections))
    prose = " ".join(f"WHEN {i} THEN '{p}'" for i, p in enumerate(PROSE))
    actual = ("CASE relation WHEN 3 THEN (CASE prose " + prose + " END) WHEN 4 THEN NULL "
              "ELSE CAST(CAST(target * factor AS DECIMAL(18,0)) * 0.01 AS VARCHAR) END")
    select = [
        "pid AS project_id", f"CASE section {level1} END AS level1", "'指标' || serial AS name",
        "CASE nature WHEN 0 THEN '≥' WHEN 1 THEN '≤' WHEN 2 THEN '=' ELSE '定性' END AS nature",
        "CASE WHEN nature = 3 THEN '较好' ELSE CAST(target AS VARCHAR) END AS target",
        "CASE WHEN nature = 3 THEN NULL WHEN target > 50 THEN '%' ELSE '次' END AS unit",
        f"CASE WHEN nature = 3 THEN '达到预期' WHEN nature = 2 THEN (CASE WHEN relation = 2 THEN '1' ELSE '0' END) ELSE {actual} END AS actual",
        "CAST(CAST(weight AS DECIMAL(18,0)) * 0.01 AS DECIMAL(18,2)) AS weight",
        "CASE WHEN na THEN '不适用' ELSE CAST(CAST(published AS DECIMAL(18,0)) * 0.01 AS VARCHAR) END AS published",
        "CASE WHEN nature <> 3 THEN NULL WHEN grade = 0 THEN '达成' WHEN grade = 1 THEN '部分达成' WHEN grade = 2 THEN '未达成' END AS grade",
        "CASE WHEN met THEN '无偏差' END AS deviation",
    ]
    return data, select, sums


def synthesise(plan: BatchPlan, out: str, projects: int, seed: int = 1, fmt: str = "parquet", con=None) -> list[str]:
    """Write the project table (and the indicator table for 2020 rubrics) into folder ``out``."""
    from jixiao.batch.db import connect

    con = con or connect()
    os.makedirs(out, exist_ok=True)
    tables = []
    extra = None
    if plan.indicators is not None:
        rows, cols, extra = indicator_columns(plan, project_ids(projects, seed), seed)
        tables.append(("indicators", rows, cols))
    data, select = project_columns(plan, projects, seed, extra)
    tables.insert(0, ("projects", data, select))
    written = []
    for name, columns, exprs in tables:
        con.register(f"synth_{name}", columns)
        path = os.path.join(out, f"{name}.{fmt}")
        query = f"SELECT {', '.join(exprs)} FROM synth_{name}"
        if fmt == "xlsx":
            _write_xlsx(con, query, path, name)
        else:
            options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER"
            run(con, f"COPY ({query}) TO '{path}' ({options})")
        con.unregister(f"synth_{name}")
        written.append(path)
    return written


def _write_xlsx(con, query: str, path: str, sheet: str) -> None:
    from openpyxl import Workbook

    from jixiao.io_util import atomic_write_bytes

    result = con.execute(query)
    book = Workbook(write_only=True)
    ws = book.create_sheet({"projects": "项目", "indicators": "绩效指标"}.get(sheet, sheet))
    ws.append([d[0] for d in result.description])
    while True:
        chunk = result.fetchmany(10_000)
        if not chunk:
            break
        for row in chunk:
            ws.append([f"{v:f}" if isinstance(v, Decimal) else v for v in row])
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
