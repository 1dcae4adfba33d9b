"""Random batch projects for the parity test: every input of every criterion, with boundary values.

Values are drawn, seeded, from candidates built from the rule's own constants
(targets, band edges, block widths, maxima): each constant itself, ±0.000001,
−0.58 / −0.42 (a ceil edge of "每少一个百分点"), ±0.005 (a judging edge), 0,
100% and plain random decimals.  Published points, totals and grades include the
sloppy cases (above the maximum, negative, 不适用, unknown labels).
"""
from __future__ import annotations

import random
from decimal import Decimal

from jixiao.batch.plan import BatchPlan, CriterionPlan
from jixiao.batch.reference import RefProject
from jixiao import expr as E

OFFSETS = ("0", "0.000001", "-0.000001", "-0.58", "-0.42", "0.42", "-0.005", "0.005", "-0.004999", "-1", "1",
           "-5", "-5.000001", "-10", "10", "0.5")
ANCHORS = ("0", "100", "99.999999", "100.000001", "-3", "50", "200", "1", "99.42", "80.868", "175", "65.54")


def constants(tree: E.Expr) -> set[Decimal]:
    if isinstance(tree, E.Num):
        return {tree.value}
    out: set[Decimal] = set()
    for child in E.children(tree):
        out |= constants(child)
    return out


def candidates(crit: CriterionPlan) -> list[str]:
    found: set[Decimal] = set()
    for _, tree in crit.compiled.steps:  # type: ignore[union-attr]
        found |= constants(tree)
    values = {Decimal(a) for a in ANCHORS}
    for c in found:
        if abs(c) < 10000:
            values |= {c + Decimal(o) for o in OFFSETS}
    return sorted(f"{v.quantize(Decimal('0.000001')).normalize():f}" for v in values)


def _random_decimal(rng: random.Random, low: float, high: float) -> str:
    places = rng.choice((0, 0, 1, 2, 2, 4, 6))
    text = f"{rng.uniform(low, high):.{places}f}"
    return text if text != "-0" else "0"


def _input(rng: random.Random, crit: CriterionPlan, spec, pool: list[str]) -> str | None:
    if rng.random() < 0.04:
        return None
    if spec.kind == "flag":
        return rng.choice(("1", "0", "1"))
    if spec.kind == "code":
        return rng.choice(("1", "2", "3"))
    if spec.kind == "count":
        periods = int(crit.compiled.params.get("periods") or 4)  # type: ignore[union-attr]
        return rng.choice([str(i) for i in range(periods + 2)] + ["2.5"])
    if rng.random() < 0.7:
        return rng.choice(pool)
    return _random_decimal(rng, -20, 250)


def _published(rng: random.Random, maximum: Decimal | None) -> str | None:
    roll = rng.random()
    top = float(maximum) if maximum is not None else 10.0
    if roll < 0.15:
        return None
    if roll < 0.18:
        return "不适用"
    if roll < 0.35:
        return f"{maximum:f}" if maximum is not None else "5"
    if roll < 0.40:
        return _random_decimal(rng, top, top + 3)
    if roll < 0.42:
        return "-1"
    return _random_decimal(rng, 0, top)


def _indicator(rng: random.Random, plan: BatchPlan) -> dict[str, str | None]:
    level1 = rng.choice(list(plan.indicators.sections) + ["其他指标"]) if plan.indicators else "其他"  # type: ignore[union-attr]
    target = rng.choice(("0", "10", "95", "100", "3.5", "95%", "10次", "≥90", "较好", None, "20", "0.000001"))
    number = Decimal(target.rstrip("%次")) if target and target.rstrip("%次").replace(".", "").isdigit() else Decimal(10)
    actual = rng.choice((f"{number:f}", f"{number + Decimal('0.000001'):f}", f"{number - Decimal('0.000001'):f}",
                         f"{number * 2:f}", f"{number * 2 - Decimal('0.000001'):f}", f"{(number * Decimal('1.5')).quantize(Decimal('0.000001')):f}",
                         "0", "-1", "95%以上", "大于90%", "达到要求", None, _random_decimal(rng, 0, 200), f"{number}%"))
    return {
        "level1": level1, "name": f"指标{rng.randint(1, 99)}",
        "nature": rng.choice(("≥", "≤", "=", "定性", ">=", "<=", "≡", "＝", None, "？", "≥", "≤")),
        "target": target, "actual": actual,
        "weight": rng.choice(("5", "10", "20", "2.5", "3.333333", "0", None, "15", "7")),
        "published": _published(rng, Decimal(10)),
        "grade": rng.choice(("达成", "部分达成", "未达成", None, None)),
        "deviation": rng.choice(("无偏差", None, "略有偏差", None)),
    }


def random_projects(plan: BatchPlan, count: int, seed: int, prefix: str = "P") -> list[RefProject]:
    rng = random.Random(seed)
    pools = {c.id: candidates(c) for c in plan.criteria if c.compiled is not None}
    labels = [name for g in plan.rubric.grades for name in g.labels] + ["较好", None, None]
    out = []
    for n in range(count):
        project = RefProject(f"{prefix}{n:06d}")
        for crit in plan.criteria:
            if crit.compiled is not None:
                project.inputs[crit.id] = {s.name: _input(rng, crit, s, pools[crit.id]) for s in crit.inputs}
            project.published[crit.id] = _published(rng, crit.criterion.max)
        if plan.indicators is not None:
            project.indicators = [_indicator(rng, plan) for _ in range(rng.randint(0, 9))]
        roll = rng.random()
        project.published_total = (None if roll < 0.2 else _random_decimal(rng, 0, 105) if roll < 0.8
                                   else rng.choice(("90", "80", "60", "89.999999", "90.000001", "100")))
        project.published_grade = rng.choice(labels)
        out.append(project)
    return out


def write_parquet(con, plan: BatchPlan, projects: list[RefProject], folder: str) -> list[str]:
    """The projects as typed parquet: inputs DECIMAL(18,6), published points and indicator cells as text."""
    import numpy as np

    from jixiao.batch.db import run

    columns: dict[str, list] = {"project_id": [p.project_id for p in projects],
                                "published_total": [p.published_total for p in projects],
                                "published_grade": [p.published_grade for p in projects]}
    typed = []
    for crit in plan.criteria:
        for spec in crit.inputs:
            name = crit.column(spec.name)
            columns[name] = [p.inputs[crit.id].get(spec.name) for p in projects]
            typed.append(name)
        columns[crit.published_column] = [p.published.get(crit.id) for p in projects]
    data = {f"c{i}": np.array(v, dtype=object) for i, v in enumerate(columns.values())}
    con.register("gen_projects", data)
    select = ", ".join(f"CAST(c{i} AS {'DECIMAL(18,6)' if name in typed else 'VARCHAR'}) AS \"{name}\""
                       for i, name in enumerate(columns))
    paths = [f"{folder}/projects.parquet"]
    run(con, f"COPY (SELECT {select} FROM gen_projects) TO '{paths[0]}' (FORMAT parquet)")
    con.unregister("gen_projects")
    if plan.indicators is not None:
        keys = ("level1", "name", "nature", "target", "actual", "weight", "published", "grade", "deviation")
        rows = [(p.project_id, *(r[k] for k in keys)) for p in projects for r in p.indicators]
        data = {f"c{i}": np.array([r[i] for r in rows], dtype=object) for i in range(len(keys) + 1)}
        con.register("gen_ind", data)
        names = ("project_id",) + keys
        select = ", ".join(f"CAST(c{i} AS {'DECIMAL(18,6)' if n == 'weight' else 'VARCHAR'}) AS {n}" for i, n in enumerate(names))
        paths.append(f"{folder}/indicators.parquet")
        run(con, f"COPY (SELECT {select} FROM gen_ind) TO '{paths[1]}' (FORMAT parquet)")
        con.unregister("gen_ind")
    return paths
