"""Plausibility and score inflation: full marks nobody earned, savings from money that never
arrived, indicators whose nature, unit or target cannot be right."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from jixiao.model.numbers import HUNDRED, fmt
from jixiao.model.walk import get_path

from jixiao.checks.context import CheckContext
from jixiao.checks.figures import expand, label_of, show
from jixiao.checks.fn_scores import scored_items
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Param

QUANTITATIVE = ("≥", "≤", "=")


def _indicators(ctx: CheckContext) -> Iterator[tuple[str, Any]]:
    for record in [*expand(ctx.filing, "projects[*]"), "department"]:
        for path in expand(ctx.filing, f"{record}.indicators[*]"):
            yield path, get_path(ctx.filing, path)


def _is_full(item: Any) -> bool:
    return (item.score is not None and item.score.number is not None and item.weight is not None
            and item.score.number >= item.weight)


# ---------------------------------------------------------------- score inflation

def all_full_marks(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Every project at full marks: a pattern that calls for evidence."""
    projects = expand(ctx.filing, "projects[*]")
    minimum = int(check.params.get("min_projects", 2))
    if len(projects) < minimum:
        return
    for path in projects:
        if not _project_full(ctx, path):
            return
    names = "、".join(get_path(ctx.filing, p).name for p in projects)
    fields = {"n": str(len(projects)), "names": names}
    first = f"{projects[0]}.published.total"
    yield Hit(first if "total" in get_path(ctx.filing, projects[0]).published else projects[0], fields,
              tuple(f"{p}.published.total" for p in projects[1:]))


def _project_full(ctx: CheckContext, path: str) -> bool:
    project = get_path(ctx.filing, path)
    items = scored_items(ctx, path)
    if not items or any(i.score is None or i.maximum is None for i in items):
        total = project.published.number("total")
        maximum = project.published.number("max_total") or HUNDRED
        return total is not None and total >= maximum
    return all(i.score >= i.maximum for i in items)  # type: ignore[operator]


def full_marks_prose(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Full marks on a quantitative indicator whose 实际完成值 is prose or missing."""
    for path, item in _indicators(ctx):
        if not _is_full(item) or item.nature not in QUANTITATIVE:
            continue
        if item.target is None or item.target.number is None:
            continue
        if item.actual is not None and item.actual.number is not None:
            continue
        fields = {"label": label_of(ctx.filing, path), "score": item.score.text, "weight": show(item.weight),
                  "target": f"{item.nature_as_published or item.nature}{item.target.text}{item.unit or ''}",
                  "actual": item.actual.text if item.actual is not None else "（未填）"}
        yield Hit(f"{path}.actual" if item.actual is not None else f"{path}.score", fields, (f"{path}.score",))


def full_marks_unmet(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Full marks on a quantitative indicator whose numeric actual misses its target."""
    for path, item in _indicators(ctx):
        if not _is_full(item) or item.nature not in QUANTITATIVE or _met(item) is not False:
            continue
        fields = {"label": label_of(ctx.filing, path), "score": item.score.text, "weight": show(item.weight),
                  "target": f"{item.nature}{item.target.text}", "actual": item.actual.text}
        yield Hit(f"{path}.score", fields, (f"{path}.actual", f"{path}.target"))


def _met(item: Any) -> bool | None:
    target = item.target.number if item.target is not None else None
    actual = item.actual.number if item.actual is not None else None
    if target is None or actual is None:
        return None
    if item.nature == "≥":
        return actual >= target
    if item.nature == "≤":
        return actual <= target
    return actual == target


def cost_saving_unfunded(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """A 成本节约率 that is only the money that never arrived (all arrived funds were spent)."""
    for path in expand(ctx.filing, "projects[*]"):
        p = get_path(ctx.filing, path)
        if None in (p.planned_cost, p.actual_cost, p.arrived_funds) or not p.planned_cost:
            continue
        saving = p.planned_cost - p.actual_cost
        unfunded = p.planned_cost - p.arrived_funds
        if saving <= 0 or unfunded <= 0 or p.actual_cost < p.arrived_funds:
            continue
        fields = {"label": label_of(ctx.filing, path), "planned": show(p.planned_cost), "actual": show(p.actual_cost),
                  "arrived": show(p.arrived_funds), "saving": show(saving),
                  "rate": fmt(saving / p.planned_cost * HUNDRED, 2), "score_note": _saving_score(p)}
        yield Hit(f"{path}.actual_cost", fields, (f"{path}.planned_cost", f"{path}.arrived_funds"))


def _saving_score(project: Any) -> str:
    for item in project.scorecard:
        if "成本节约" in (item.criterion or "") and item.score is not None and item.score.number:
            return f"，并在“{item.criterion}”得{item.score.text}分"
    return ""


# ---------------------------------------------------------------- indicator definitions

def qualitative_unit(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """A unit with a number in it (“5%”), or a unit on an indicator whose target is prose."""
    for path, item in _indicators(ctx):
        unit = (item.unit or "").strip()
        if not unit:
            continue
        prose = item.target is not None and item.target.number is None
        if any(ch.isdigit() for ch in unit) or prose:
            fields = {"label": label_of(ctx.filing, path), "unit": unit,
                      "target": item.target.text if item.target is not None else "（未填）",
                      "why": "度量单位中含有数值" if any(ch.isdigit() for ch in unit) else "指标值为文字（定性）却填了度量单位"}
            yield Hit(f"{path}.unit", fields, (f"{path}.target",))


def nature_symbol(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    valid = set(check.params.get("valid") or [])
    for path, item in _indicators(ctx):
        symbol = item.nature_as_published
        if symbol and symbol not in valid:
            fields = {"label": label_of(ctx.filing, path), "symbol": symbol, "read_as": item.nature or "—"}
            yield Hit(f"{path}.nature", fields)


def nature_on_prose(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """≥ / ≤ / = on an indicator whose target is prose: it should be 定性."""
    for path, item in _indicators(ctx):
        if item.nature in QUANTITATIVE and item.target is not None and item.target.number is None:
            fields = {"label": label_of(ctx.filing, path), "nature": item.nature_as_published or item.nature,
                      "target": item.target.text}
            yield Hit(f"{path}.nature", fields, (f"{path}.target",))


def econ_category(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """An economic line's 类别 agrees with its code (301/303 人员经费, 302/310 公用经费)."""
    table = {str(k): str(v) for k, v in (check.params.get("categories") or {}).items()}
    for path in expand(ctx.filing, "accounts.economic_lines[*]"):
        line = get_path(ctx.filing, path)
        if not line.code or not line.category:
            continue
        expected = next((v for k, v in table.items() if line.code.startswith(k)), None)
        if expected and expected != line.category:
            fields = {"label": label_of(ctx.filing, path), "code": line.code, "category": line.category,
                      "expected": expected}
            yield Hit(f"{path}.category", fields, (f"{path}.code",))


def project_function_code(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """A project's 功能分类科目 is one of the lines the accounts list."""
    codes = {line.code for line in ctx.filing.accounts.function_lines if line.code}
    if not codes:
        return
    for path in expand(ctx.filing, "projects[*]"):
        code = get_path(ctx.filing, path).function_code
        if code and code not in codes:
            yield Hit(f"{path}.function_code", {"label": label_of(ctx.filing, path), "code": code})


FUNCTIONS = (
    CheckFunction("all_full_marks", all_full_marks, "所有项目均为满分（评分虚高的迹象）",
                  (Param("min_projects", "number", False, Decimal(2)),), ("n", "names")),
    CheckFunction("full_marks_prose", full_marks_prose, "定量指标的实际完成值为文字或空白却得满分", (),
                  ("label", "score", "weight", "target", "actual")),
    CheckFunction("full_marks_unmet", full_marks_unmet, "定量指标未达到指标值却得满分", (),
                  ("label", "score", "weight", "target", "actual")),
    CheckFunction("cost_saving_unfunded", cost_saving_unfunded, "成本节约率来自未到位的资金（到位资金已全部支出）", (),
                  ("label", "planned", "actual", "arrived", "saving", "rate", "score_note")),
    CheckFunction("qualitative_unit", qualitative_unit, "度量单位含数值，或定性指标填了度量单位", (),
                  ("label", "unit", "target", "why")),
    CheckFunction("nature_symbol", nature_symbol, "指标性质符号不规范（应为≥、≤、=或定性）",
                  (Param("valid", "list"),), ("label", "symbol", "read_as")),
    CheckFunction("nature_on_prose", nature_on_prose, "指标值为文字却标注≥、≤、=（应为定性指标）", (),
                  ("label", "nature", "target")),
    CheckFunction("econ_category", econ_category, "经济分类科目的类别（人员经费/公用经费）与科目编码相符",
                  (Param("categories", "map"),), ("label", "code", "category", "expected")),
    CheckFunction("project_function_code", project_function_code, "项目的功能分类科目在决算功能分类支出中存在", (),
                  ("label", "code")),
)
