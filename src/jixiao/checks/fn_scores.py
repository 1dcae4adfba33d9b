"""Published scores: above the maximum, totals and subtotals against their items, grades in their bands.

Score arithmetic is also the scoring engine's (``SCORE-*``); when both report the
same thing at the same place, ``jixiao check`` keeps the scoring finding
(de-duplication by source and kind, see :mod:`jixiao.checks.merge`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from jixiao.findings import Severity
from jixiao.model.numbers import fmt
from jixiao.model.values import Value
from jixiao.model.walk import get_path
from jixiao import relations as R

from jixiao.checks import judge
from jixiao.checks.context import CheckContext
from jixiao.checks.figures import expand, label_of, show
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Settings


@dataclass(frozen=True)
class Scored:
    path: str                 # path of the score value
    label: str
    score: Decimal | None
    maximum: Decimal | None
    level1: str | None = None
    level2: str | None = None


def scored_items(ctx: CheckContext, record_path: str) -> list[Scored]:
    """Every scored line of a project or of the department: scorecard, indicators, fund rows."""
    record = get_path(ctx.filing, record_path)
    out: list[Scored] = []
    for index, item in enumerate(getattr(record, "scorecard", ()) or ()):
        path = f"{record_path}.scorecard[{index}]"
        out.append(Scored(f"{path}.score", label_of(ctx.filing, path), _num(item.score), item.max_points,
                          item.level1, item.level2))
    for index, item in enumerate(getattr(record, "indicators", ()) or ()):
        path = f"{record_path}.indicators[{index}]"
        if item.score is not None or item.weight is not None:
            out.append(Scored(f"{path}.score", label_of(ctx.filing, path), _num(item.score), item.weight,
                              item.level1, item.level2))
    for index, row in enumerate(getattr(record, "funds", ()) or ()):
        path = f"{record_path}.funds[{index}]"
        if row.weight is not None or "score" in row.published:
            out.append(Scored(f"{path}.published.score", label_of(ctx.filing, path), row.published.number("score"),
                              row.weight))
    return out


def _num(value: Value | None) -> Decimal | None:
    return value.number if value is not None else None


def _records(ctx: CheckContext) -> list[str]:
    return [*expand(ctx.filing, "projects[*]"), "department"]


def score_max(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    for record in _records(ctx):
        for item in scored_items(ctx, record):
            if item.score is not None and item.maximum is not None and not R.within_maximum(item.score, item.maximum).ok:
                fields = {"label": item.label, "score": show(item.score), "max": show(item.maximum),
                          "diff": show(item.score - item.maximum)}
                yield Hit(item.path, fields, claimed=show(item.score), expected=f"≤{show(item.maximum)}")


def score_total(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    for record in _records(ctx):
        published = getattr(get_path(ctx.filing, record), "published")
        stated = published.number("total")
        items = scored_items(ctx, record)
        if stated is None or not items or any(i.score is None for i in items):
            continue
        verdict = R.score_total(stated, [i.score for i in items])  # type: ignore[misc]
        if verdict.ok:
            continue
        assert verdict.computed is not None
        grade = grade_of(ctx.settings, verdict.computed)
        stated_grade = published.get("grade")
        cause = ""
        if grade and stated_grade is not None and _canonical(ctx.settings, stated_grade.text) != grade:
            cause = f"；按各项合计{show(verdict.computed)}分，等级应为“{grade}”而非“{stated_grade.text}”"
        fields = {"label": label_of(ctx.filing, record), "total": published.get("total").text,
                  "sum": show(verdict.computed), "n": str(len(items)), "diff": judge.diff_text(verdict),
                  "tol": judge.tol_text(verdict), "cause": cause}
        yield Hit(f"{record}.published.total", fields, tuple(i.path for i in items[:3]),
                  claimed=published.get("total").text, expected=show(verdict.computed))


def score_subtotal(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """``subtotal:<二级指标>`` against the items of that section (bounds when some items are unscored)."""
    for record in _records(ctx):
        published = getattr(get_path(ctx.filing, record), "published")
        items = scored_items(ctx, record)
        for key, value in published.items():
            if not key.startswith("subtotal:") or value.number is None:
                continue
            section = key.split(":", 1)[1].split("#", 1)[0]
            members = [i for i in items if section in (i.level2, i.level1)]
            hit = _subtotal_hit(ctx, record, key, value, section, members)
            if hit is not None:
                yield hit


def _subtotal_hit(ctx: CheckContext, record: str, key: str, value: Value, section: str, members: list[Scored]) -> Hit | None:
    if not members:
        return None
    stated = value.number
    assert stated is not None
    unscored = [m for m in members if m.score is None]
    maxima = [m.maximum for m in members]
    max_sum = sum(maxima, Decimal(0)) if None not in maxima else None  # type: ignore[arg-type]
    if any(m.maximum is None for m in unscored):
        return None
    verdict = R.score_total(stated, [m.score for m in members if m.score is not None],  # type: ignore[misc]
                            [m.maximum for m in unscored])  # type: ignore[misc]
    if verdict.ok:
        return None
    scored = sum((m.score for m in members if m.score is not None), Decimal(0))
    high = verdict.high if verdict.high is not None else scored
    fields = {"label": f"{label_of(ctx.filing, record)}“{section}”", "stated": value.text, "sum": show(scored),
              "range": show(scored) if not unscored else f"{show(scored)}～{show(high)}",
              "max_sum": show(max_sum) if max_sum is not None else "—", "diff": show(stated - scored),
              "unscored": str(len(unscored))}
    outcome = "max" if max_sum is not None and stated == max_sum and not unscored else "fail"
    return Hit(f"{record}.published.{key}", fields, tuple(m.path for m in members[:3]), outcome=outcome,
               severity=Severity.WARNING if outcome == "max" else None, claimed=value.text, expected=fields["range"])


def grade_of(settings: Settings, total: Decimal) -> str | None:
    bands = settings.grade_bands
    for label, low, high in bands:
        if low <= total < high or (total == high and high == max(b[2] for b in bands)):
            return label
    return None


def _canonical(settings: Settings, label: str) -> str:
    label = label.strip()
    return settings.grade_aliases.get(label, label)


def grade_band(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    for record in _records(ctx):
        published = getattr(get_path(ctx.filing, record), "published")
        total, grade = published.number("total"), published.get("grade")
        if total is None or grade is None:
            continue
        expected = grade_of(ctx.settings, total)
        canonical = _canonical(ctx.settings, grade.text)
        known = {b[0] for b in ctx.settings.grade_bands}
        if expected is None or canonical not in known or canonical == expected:
            continue
        band = next(b for b in ctx.settings.grade_bands if b[0] == canonical)
        fields = {"label": label_of(ctx.filing, record), "grade": grade.text, "total": published.get("total").text,
                  "expected": expected, "band": f"{fmt(band[1], 0)}～{fmt(band[2], 0)}分"}
        yield Hit(f"{record}.published.grade", fields, (f"{record}.published.total",), claimed=grade.text,
                  expected=expected)


FUNCTIONS = (
    CheckFunction("score_max", score_max, "单项得分不超过该项分值", (),
                  ("label", "score", "max", "diff"), kind="score-max"),
    CheckFunction("score_total", score_total, "公开总分 = 各项得分之和（全部单项均有得分时）", (),
                  ("label", "total", "sum", "n", "diff"), kind="score-total"),
    CheckFunction("score_subtotal", score_subtotal, "公开的小计（subtotal）与该部分各项得分相符", (),
                  ("label", "stated", "sum", "range", "max_sum", "diff", "unscored"), kind="score-subtotal",
                  outcomes={"max": "{label}标题所列{stated}等于该部分满分，而各项得分合计为{sum}：若标题为得分则有误"}),
    CheckFunction("grade_band", grade_band, "等级与总分所在分档一致", (),
                  ("label", "grade", "total", "expected", "band"), kind="grade-band"),
)
