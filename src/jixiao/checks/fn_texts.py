"""Texts that contradict the figures beside them: "无偏差" next to a deviation, the actual
written as the target, the same goals year after year."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from decimal import Decimal
from typing import Any, Iterator

from jixiao.model.numbers import HUNDRED, fmt, quantize
from jixiao.model.walk import get_path

from jixiao.checks.context import CheckContext
from jixiao.checks.figures import expand, label_of, show
from jixiao.checks.fn_plausible import _indicators, _met
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Param

_PUNCT = re.compile(r"[\s，。、；：,.;:“”\"'（）()【】]")


def _norm(text: str | None) -> str:
    return _PUNCT.sub("", text or "")


def _similarity(a: str, b: str) -> Decimal:
    """Percent of matching characters (difflib), one decimal, half-up."""
    if a == b:
        return HUNDRED
    return quantize(Decimal(repr(SequenceMatcher(None, a, b).ratio())) * HUNDRED, 1)


def _similar(a: str | None, b: str | None, minimum: Decimal) -> Decimal | None:
    left, right = _norm(a), _norm(b)
    if not left or not right or left in ("---", "—") or right in ("---", "—"):
        return None
    score = _similarity(left, right)
    return score if score >= minimum else None


def _short(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


def identical_goals(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """The department's goals for different years are (nearly) the same text."""
    minimum = Decimal(check.params.get("min_similarity", 95))
    goals = [(p, get_path(ctx.filing, p)) for p in expand(ctx.filing, "department.year_goals[*]")]
    reported: set[str] = set()
    for index, (path, goal) in enumerate(goals):
        for other_path, other in goals[index + 1:]:
            score = _similar(goal.goal, other.goal, minimum)
            if score is None or other_path in reported:
                continue
            reported.add(other_path)
            fields = {"years": f"{goal.year}年与{other.year}年", "similarity": "完全相同" if score == HUNDRED else f"相似度{score}%",
                      "text": _short(other.goal)}
            yield Hit(f"{other_path}.goal", fields, (f"{path}.goal",))


def target_equals_actual(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """The 实际完成情况 repeats the 预期目标 word for word."""
    pairs = [(p, "expected_goal", "actual_goal") for p in expand(ctx.filing, "projects[*]")]
    pairs += [(p, "goal", "actual") for p in expand(ctx.filing, "department.year_goals[*]")]
    pairs += [(p, "target", "actual") for p, _ in _indicators(ctx)]
    for path, goal_field, actual_field in pairs:
        item = get_path(ctx.filing, path)
        goal, actual = getattr(item, goal_field), getattr(item, actual_field)
        goal_text = getattr(goal, "text", goal)
        actual_text = getattr(actual, "text", actual)
        if getattr(goal, "number", None) is not None:
            continue                                  # equal numbers are a met target, not a copied text
        if goal_text and actual_text and _norm(goal_text) == _norm(actual_text):
            fields = {"label": label_of(ctx.filing, path), "text": _short(str(actual_text))}
            yield Hit(f"{path}.{actual_field}", fields, (f"{path}.{goal_field}",))


def no_deviation_claimed(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """“无偏差” written beside an actual deviation (indicator, project funds, key task)."""
    none_words = set(ctx.settings.none_words)
    for path, item in _indicators(ctx):
        if _says_none(item.deviation, none_words) and _met(item) is False:
            what = f"指标值{item.nature}{item.target.text}，实际完成值{item.actual.text}"
            yield Hit(f"{path}.deviation", _fields(ctx, path, what, item.deviation), (f"{path}.actual",))
    yield from _fund_deviations(ctx, none_words)
    for path in expand(ctx.filing, "department.key_tasks[*]"):
        task = get_path(ctx.filing, path)
        if _says_none(task.reason, none_words) and None not in (task.spent, task.approved_total) \
                and task.spent != task.approved_total:
            what = f"批复金额{show(task.approved_total)}万元，实际支出{show(task.spent)}万元"
            yield Hit(f"{path}.reason", _fields(ctx, path, what, task.reason), (f"{path}.spent",))


def _says_none(text: str | None, none_words: set[str]) -> bool:
    return text is not None and text.strip() in none_words


def _fields(ctx: CheckContext, path: str, what: str, text: str) -> dict[str, str]:
    return {"label": label_of(ctx.filing, path), "what": what, "text": text}


def _fund_deviations(ctx: CheckContext, none_words: set[str]) -> Iterator[Hit]:
    for path in expand(ctx.filing, "projects[*]"):
        project = get_path(ctx.filing, path)
        statements = [(f"{path}.indicators[{i}].deviation", ind.deviation) for i, ind in enumerate(project.indicators)
                      if ind.deviation]
        if not statements or not all(_says_none(text, none_words) for _, text in statements):
            continue
        for index, row in enumerate(project.funds):
            if row.annual_budget and row.executed is not None and row.executed != row.annual_budget:
                rate = row.executed / row.annual_budget * HUNDRED
                what = (f"{row.source}全年预算数{show(row.annual_budget)}万元、全年执行数{show(row.executed)}万元，"
                        f"执行率{fmt(rate, 2)}%")
                row_path = f"{path}.funds[{index}]"
                yield Hit(f"{row_path}.executed", _fields(ctx, row_path, what, statements[0][1]),
                          (statements[0][0],))
                break


def prior_targets(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Indicator targets copied from last year's filing (same project, same indicator, same target)."""
    if ctx.prior is None:
        return
    last = {(p.name, _norm(i.name)): i for p in ctx.prior.projects for i in p.indicators}
    last.update({("", _norm(i.name)): i for i in ctx.prior.department.indicators})
    for path, item in _indicators(ctx):
        owner = get_path(ctx.filing, path.rsplit(".", 1)[0]) if path.startswith("projects") else None
        key = (getattr(owner, "name", ""), _norm(item.name))
        before = last.get(key)
        if before is None or item.target is None or before.target is None:
            continue
        if _norm(item.target.text) == _norm(before.target.text) and _actual_beat(before):
            fields = {"label": label_of(ctx.filing, path), "target": item.target.text,
                      "last_actual": before.actual.text}
            yield Hit(f"{path}.target", fields)


def _actual_beat(indicator: Any) -> bool:
    """Last year's actual met or passed the target: keeping the same target sets no challenge."""
    return _met(indicator) is True


FUNCTIONS = (
    CheckFunction("identical_goals", identical_goals, "各年度目标文字相同或几乎相同",
                  (Param("min_similarity", "number", False, Decimal(95)),), ("years", "similarity", "text")),
    CheckFunction("target_equals_actual", target_equals_actual, "实际完成情况与目标文字完全相同", (),
                  ("label", "text")),
    CheckFunction("no_deviation_claimed", no_deviation_claimed, "写“无偏差”但实际存在偏差", (),
                  ("label", "what", "text")),
    CheckFunction("prior_targets", prior_targets, "本年指标值照搬上年且上年已完成（目标未随完成情况调整）", (),
                  ("label", "target", "last_actual")),
)
