"""Warning functions (预警): small, registered by name, named by the rules in the warnings pack.

Each function takes the units being triaged and the rule's parameters and yields
:class:`Hit` objects: which unit, project and indicator, the cells it read, and
the fields its message template uses.  A function yields nothing when any of its
inputs is absent: a flag always cites every figure it was decided on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterator

from jixiao.model.numbers import normalise_text
from jixiao.review.packs import dec
from jixiao.review.view import Cell, UnitView, number

NATURES = ("≥", "≤", "=")


@dataclass(frozen=True)
class Hit:
    unit: int
    project: int | None
    indicator: int | None
    cells: tuple[Cell, ...]
    fields: dict[str, str] = field(default_factory=dict)


WarningFn = Callable[[list[UnitView], dict[str, Any]], Iterator[Hit]]


def pct(value: Decimal, places: int = 2) -> str:
    q = Decimal(1).scaleb(-places)
    return f"{(value * 100).quantize(q, rounding='ROUND_HALF_UP')}%"


def _all(*cells: Cell | None) -> bool:
    return all(c is not None for c in cells)


def _indicators(units: list[UnitView]) -> Iterator[tuple[int, UnitView, int, int]]:
    for u, view in enumerate(units):
        for p in range(len(view.projects)):
            for i in range(len(view.indicators(p))):
                yield u, view, p, i


def _has_any(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


# ----------------------------------------------------------------- project scope

def score_ahead_of_execution(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """Indicator score runs ahead of the execution score: (S/S满 − E/E满) ÷ (S/S满) > 阈值.

    From the indicator rows when every row states its weight and score (E = 分值 × 执行数 ÷ 预算数,
    uncapped as in the provincial system); otherwise from the stated totals (S = 总分 − 执行率得分,
    S满 = 总分值 − 执行率分值, E = 执行率得分), as a published table with only totals allows."""
    threshold = dec(params.get("threshold", "0.05"))
    full = dec(params.get("full_score", "100"))
    for u, view in enumerate(units):
        for p in range(len(view.projects)):
            found = _ahead_from_rows(view, p) or _ahead_from_totals(view, p, full)
            if found is None:
                continue
            s_total, s_max, e_score, w, cells = found
            if s_total <= 0 or s_max <= 0 or w <= 0:
                continue
            ratio = (s_total / s_max - e_score / w) / (s_total / s_max)
            if ratio > threshold:
                yield Hit(u, p, None, cells,
                          {"project": view.pname(p), "s": _n(s_total), "s_max": _n(s_max), "e": _n(e_score.quantize(Decimal("0.01"))),
                           "e_max": _n(w), "ratio": pct(ratio), "threshold": pct(threshold)})


def _ahead_from_rows(view: UnitView, p: int):
    budget, executed, weight = view.fund(p, "annual_budget", "全年预算数"), view.fund(p, "executed", "全年执行数"), view.fund(p, "weight", "分值")
    rows = view.indicators(p)
    scores = [view.ind(p, i, "score") for i in range(len(rows))]
    weights = [view.ind(p, i, "weight") for i in range(len(rows))]
    if not rows or not _all(budget, executed, weight, *scores, *weights):
        return None
    b, e, w = number(budget), number(executed), number(weight)
    s = [number(c) for c in scores]
    sw = [number(c) for c in weights]
    if None in (b, e, w) or None in s or None in sw or not b:
        return None
    return sum(s, Decimal(0)), sum(sw, Decimal(0)), w * e / b, w, (budget, executed, weight, *scores, *weights)


def _ahead_from_totals(view: UnitView, p: int, full: Decimal):
    total, stated, weight = view.published(p, "total", "总分"), view.fund_published(p, "score", "得分"), view.fund(p, "weight", "分值")
    top = view.published(p, "max_total", "总分值")
    t, e, w = number(total), number(stated), number(weight)
    if t is None or e is None or w is None:
        return None
    maximum = number(top) or full
    cells = tuple(c for c in (total, stated, weight, top) if c is not None)
    return t - e, maximum - w, e, w, cells


def execution_low(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """Budget execution below the threshold (or a zero budget)."""
    floor = dec(params.get("min_rate", "80"))
    for u, view in enumerate(units):
        for p in range(len(view.projects)):
            budget, executed = view.fund(p, "annual_budget", "全年预算数"), view.fund(p, "executed", "全年执行数")
            b, e = number(budget), number(executed)
            if b is None or e is None:
                continue
            if b == 0 or e * 100 / b < floor:
                rate = "预算数为0" if b == 0 else pct(e / b)
                yield Hit(u, p, None, (budget, executed), {"project": view.pname(p), "rate": rate, "min_rate": f"{_n(floor)}%"})


def all_projects_full(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """Every project of the unit at full marks."""
    least = int(dec(params.get("min_projects", "2")))
    full = dec(params.get("full_score", "100"))
    for u, view in enumerate(units):
        n = len(view.projects)
        if n < least:
            continue
        totals = [view.published(p, "total", "总分") for p in range(n)]
        if not _all(*totals):
            continue
        tops = []
        for p in range(n):
            top = number(view.published(p, "max_total", "总分值")) or full
            tops.append(top)
        if all(number(t) == top for t, top in zip(totals, tops)):
            for p in range(n):
                yield Hit(u, p, None, tuple(totals), {"project": view.pname(p), "count": str(n), "full": _n(tops[p])})


def goal_copied(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """实际完成情况 word for word the same as the 年度目标."""
    least = int(dec(params.get("min_chars", "10")))
    for u, view in enumerate(units):
        for p in range(len(view.projects)):
            goal, actual = view.project_field(p, "expected_goal", "年度目标"), view.project_field(p, "actual_goal", "实际完成情况")
            if goal is None or actual is None:
                continue
            if _plain(goal.value) == _plain(actual.value) and len(_plain(goal.value)) >= least:
                yield Hit(u, p, None, (goal, actual), {"project": view.pname(p)})


# ----------------------------------------------------------------- indicator scope

def prose_actual(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """A numeric target (≥/≤/=) answered in prose, and still given points."""
    for u, view, p, i in _indicators(units):
        nature, target, actual, score = (view.ind(p, i, k) for k in ("nature", "target", "actual", "score"))
        if not _all(nature, target, actual, score) or nature.value not in NATURES:
            continue
        if number(target) is None or number(actual) is not None:
            continue
        points = number(score)
        if points is None or points <= 0:
            continue
        yield Hit(u, p, i, (nature, target, actual, score), {"project": view.pname(p), "indicator": _short(view, p, i),
                                                           "target": target.value, "actual": actual.value, "score": score.value})


def vague_target(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """A target with no figure, a vague word, or ≥95% set on a prose benefit."""
    words = list(params.get("vague_words") or [])
    high = dec(params.get("prose_percent", "95"))
    for u, view, p, i in _indicators(units):
        target = view.ind(p, i, "target")
        if target is None:
            continue
        text = normalise_text(target.value)
        has_digit = bool(re.search(r"\d", text))
        found = [w for w in words if w in text]
        if not has_digit or found:
            why = f"含“{found[0]}”等模糊表述" if found else "没有可核实的数值"
            yield Hit(u, p, i, (target,), {"project": view.pname(p), "indicator": _short(view, p, i), "target": target.value, "why": why})
            continue
        level1, name, unit = view.ind(p, i, "level1"), view.ind(p, i, "name"), view.ind(p, i, "unit")
        if not _all(level1, name, unit):
            continue
        value = number(target)
        if ("效益" in level1.value and unit.value.strip() == "%" and value is not None and value >= high
                and not _has_any(name.value, list(params.get("rate_words") or []))):
            yield Hit(u, p, i, (level1, name, target, unit), {"project": view.pname(p), "indicator": _short(view, p, i),
                                                               "target": target.value + unit.value,
                                                               "why": f"以“{_n(high)}%以上”衡量文字性效益，无法核实"})


def actual_equals_target_text(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """实际完成值 copies a prose 指标值 (one with no figure in it) word for word."""
    least = int(dec(params.get("min_chars", "6")))
    for u, view, p, i in _indicators(units):
        target, actual = view.ind(p, i, "target"), view.ind(p, i, "actual")
        if target is None or actual is None or re.search(r"\d", normalise_text(target.value)):
            continue                    # a target with a figure in it ("100%覆盖") met exactly is not a copy
        if _plain(target.value) == _plain(actual.value) and len(_plain(target.value)) >= least:
            yield Hit(u, p, i, (target, actual), {"project": view.pname(p), "indicator": _short(view, p, i)})


def satisfaction_without_survey(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """A satisfaction indicator scored above 0 with no survey named anywhere on its row."""
    marks = list(params.get("satisfaction_words") or ["满意"])
    survey = list(params.get("survey_words") or [])
    for u, view, p, i in _indicators(units):
        name, actual, score = view.ind(p, i, "name"), view.ind(p, i, "actual"), view.ind(p, i, "score")
        if not _all(name, actual, score):
            continue
        level2 = view.ind(p, i, "level2")
        label = name.value + (level2.value if level2 else "")
        if not _has_any(label, marks):
            continue
        points = number(score)
        if points is None or points <= 0:
            continue
        deviation = view.ind(p, i, "deviation")
        said = " ".join(c.value for c in (actual, deviation) if c is not None) + view.evidence_text(p, i)
        if _has_any(said, survey):
            continue
        cells = tuple(c for c in (name, actual, deviation, score) if c is not None)
        yield Hit(u, p, i, cells, {"project": view.pname(p), "indicator": _short(view, p, i), "actual": actual.value,
                                   "score": score.value})


def overshoot(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """Completion at or above ``ratio`` × target on a ≥ indicator."""
    limit = dec(params.get("ratio", "1.3"))
    for u, view, p, i in _indicators(units):
        nature, target, actual = view.ind(p, i, "nature"), view.ind(p, i, "target"), view.ind(p, i, "actual")
        if not _all(nature, target, actual) or nature.value != "≥":
            continue
        t, a = number(target), number(actual)
        if t is None or a is None or t <= 0:
            continue
        if a / t >= limit:
            yield Hit(u, p, i, (nature, target, actual), {"project": view.pname(p), "indicator": _short(view, p, i),
                                                          "ratio": pct(a / t), "limit": pct(limit, 0)})


def full_marks_unmet(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """Full points beside a numeric target that was not met."""
    for u, view, p, i in _indicators(units):
        nature, target, actual, weight, score = (view.ind(p, i, k) for k in ("nature", "target", "actual", "weight", "score"))
        if not _all(nature, target, actual, weight, score) or nature.value not in NATURES:
            continue
        t, a, w, s = number(target), number(actual), number(weight), number(score)
        if None in (t, a, w, s) or s < w:
            continue
        unmet = (nature.value == "≥" and a < t) or (nature.value == "≤" and a > t) or (nature.value == "=" and a != t)
        if unmet:
            yield Hit(u, p, i, (nature, target, actual, weight, score), {"project": view.pname(p), "indicator": _short(view, p, i),
                                                                         "target": target.value, "actual": actual.value, "score": score.value})


# ----------------------------------------------------------------- across units

def copied_across_units(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """The same long text (a goal, a completion note, a deviation note) in two or more different units:
    every occurrence is flagged, citing the first occurrence in another unit."""
    least = int(dec(params.get("min_chars", "30")))
    keys = list(params.get("fields") or ["expected_goal", "actual_goal"])
    labels = {"expected_goal": "年度目标", "actual_goal": "实际完成情况", "other_matters": "其他需要说明事项"}
    groups: dict[str, list[tuple[int, int, Cell]]] = {}
    for u, view in enumerate(units):
        for p in range(len(view.projects)):
            cells = [view.project_field(p, k, labels.get(k, k)) for k in keys]
            for cell in cells:
                if cell is not None and len(_plain(cell.value)) >= least:
                    groups.setdefault(_plain(cell.value), []).append((u, p, cell))
    for members in groups.values():
        if len({units[u].name for u, _, _ in members}) < 2:
            continue
        for u, p, cell in members:
            other_u, _, other = next(m for m in members if units[m[0]].name != units[u].name)
            yield Hit(u, p, None, (cell, other), {"project": units[u].pname(p), "other": units[other_u].name,
                                                  "where": other.source.doc + ":" + other.source.locator})


def _plain(text: str) -> str:
    return re.sub(r"[\s，。、,.；;：:“”\"]", "", normalise_text(text))


def _short(view: UnitView, p: int, i: int) -> str:
    return (view.indicators(p)[i].name or f"第{i + 1}项指标")[:24]


def _n(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


FUNCTIONS: dict[str, WarningFn] = {
    "score_ahead_of_execution": score_ahead_of_execution,
    "execution_low": execution_low,
    "all_projects_full": all_projects_full,
    "goal_copied": goal_copied,
    "prose_actual": prose_actual,
    "vague_target": vague_target,
    "actual_equals_target_text": actual_equals_target_text,
    "satisfaction_without_survey": satisfaction_without_survey,
    "overshoot": overshoot,
    "full_marks_unmet": full_marks_unmet,
    "copied_across_units": copied_across_units,
}
