"""复核口径 functions: when a written review rule applies to an indicator or a project.

Same signature as the warning functions (units, params → hits), so a 口径 rule and
a warning rule read figures the same way and cite the same cells.  What the rule
then *does* (zero, deduct a share, cap the total …) is the pack's ``action``; the
arithmetic is in :mod:`jixiao.review.rescore`.
"""
from __future__ import annotations

from typing import Any, Iterator

from jixiao.review.packs import dec
from jixiao.review.view import UnitView, number
from jixiao.review.warnings import FUNCTIONS as WARNING_FUNCTIONS
from jixiao.review.warnings import NATURES, Hit, _indicators, _plain, _short, pct
from jixiao.scoring.indicators import read_bound


def marked(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """The row's evidence (评分依据) or the reviewer's note says so: “佐证: 无”, “相关性: 与项目无关”."""
    keys = list(params.get("keys") or [])
    words = list(params.get("words") or [])
    exact = list(params.get("exact") or [])
    for u, view, p, i in _indicators(units):
        row = view.indicators(p)[i]
        for key in keys:
            value = row.evidence.get(key)
            if value is not None and (value.text.strip() in exact or any(w in value.text for w in words)):
                cell = view.cell(f"projects[{p}].indicators[{i}].evidence.{key}", f"“{_short(view, p, i)}”{key}", value)
                if cell is not None:
                    yield Hit(u, p, i, (cell,), {"project": view.pname(p), "indicator": _short(view, p, i), "said": value.text})
                    break


def unverifiable(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """A numeric target answered in prose: 一般 (a bound only, "95%以上"), 较重 (no figure at all)."""
    shares = params.get("shares") or {}
    for u, view, p, i in _indicators(units):
        nature, target, actual, score = (view.ind(p, i, k) for k in ("nature", "target", "actual", "score"))
        if nature is None or target is None or actual is None or score is None or nature.value not in NATURES:
            continue
        if number(target) is None or number(actual) is not None or (number(score) or 0) <= 0:
            continue
        grade = "一般" if read_bound(actual.value) is not None else "较重"
        share = dec(shares.get(grade, "0"))
        yield Hit(u, p, i, (nature, target, actual, score), {"project": view.pname(p), "indicator": _short(view, p, i),
                                                           "grade": grade, "share": str(share), "pct": pct(share, 0),
                                                           "actual": actual.value})


def quantity_is_payment_rate(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """A 数量指标 whose name is a money rate (资金支付率, 预算执行率 …): 三级 does not match its 二级."""
    words = list(params.get("rate_words") or [])
    for u, view, p, i in _indicators(units):
        level2, name = view.ind(p, i, "level2"), view.ind(p, i, "name")
        if level2 is None or name is None or "数量" not in level2.value:
            continue
        hit = next((w for w in words if w in name.value), None)
        if hit:
            yield Hit(u, p, i, (level2, name), {"project": view.pname(p), "indicator": _short(view, p, i), "word": hit})


def same_indicator_twice(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """The same 三级指标 under 产出 and under 效益: the 效益 one is not counted again."""
    for u, view in enumerate(units):
        for p in range(len(view.projects)):
            outputs: dict[str, int] = {}
            rows = view.indicators(p)
            for i, row in enumerate(rows):
                if row.name and "产出" in (row.level1 or ""):
                    outputs.setdefault(_plain(row.name), i)
            for i, row in enumerate(rows):
                if row.name and "效益" in (row.level1 or "") and _plain(row.name) in outputs:
                    first = outputs[_plain(row.name)]
                    cells = (view.ind(p, first, "level1"), view.ind(p, first, "name"), view.ind(p, i, "level1"), view.ind(p, i, "name"))
                    if all(c is not None for c in cells):
                        yield Hit(u, p, i, cells, {"project": view.pname(p), "indicator": _short(view, p, i),
                                                   "first": str(first + 1)})


def execution_cap(units: list[UnitView], params: dict[str, Any]) -> Iterator[Hit]:
    """The total is capped by the execution rate band: [low, high) → at most ``cap`` (edges are parameters)."""
    bands = [(dec(a), dec(b), dec(c)) for a, b, c in (params.get("bands") or [])]
    upper_inclusive = str(params.get("upper_edge_capped", "false")).lower() == "true"
    for u, view in enumerate(units):
        for p in range(len(view.projects)):
            budget, executed = view.fund(p, "annual_budget", "全年预算数"), view.fund(p, "executed", "全年执行数")
            b, e = number(budget), number(executed)
            if b is None or e is None or b == 0:
                continue
            rate = e * 100 / b
            for low, high, cap in bands:
                inside = low <= rate <= high if upper_inclusive else low <= rate < high
                if inside:
                    yield Hit(u, p, None, (budget, executed), {"project": view.pname(p), "rate": pct(e / b),
                                                               "cap": format(cap.normalize(), "f"),
                                                               "band": f"{format(low.normalize(), 'f')}%–{format(high.normalize(), 'f')}%"})
                    break


FUNCTIONS = {**WARNING_FUNCTIONS, "marked": marked, "unverifiable": unverifiable,
             "quantity_is_payment_rate": quantity_is_payment_rate, "same_indicator_twice": same_indicator_twice,
             "execution_cap": execution_cap}

