"""Named rates (执行率, 到位率, 控制率 …) recomputed from operands stated next to them,
and points (此项得X分) against the weight in the heading (（W分）)."""
from __future__ import annotations

import functools
import re
from typing import Final
from decimal import Decimal

from jixiao.audit.context import AuditContext, wan
from jixiao.audit.mentions import Mention
from jixiao.audit.rules import RateDef
from jixiao import relations as R

# ``（8分）`` or ``（分值4分，得3.9分）``: the weight of the heading it ends
_WEIGHT: Final = re.compile(r"[(](?:分值)?(\d+(?:\.\d+)?)分[),]")
_GOT: Final = re.compile(r"(?:此项|该项|本项)?(?:得分为|得分|得)(\d+(?:\.\d+)?)分")
_DEDUCT: Final = re.compile(r"扣(?:除|减)?(\d+(?:\.\d+)?)分")
#: the score of the whole, not of an item (``自评得分90分``, ``综合得分``, ``总分``)
_OVERALL: Final = re.compile(r"(?:自评|综合|整体|最终|评价|绩效|合计|总)(?:得分|得|分)|总分|得分合计")


@functools.lru_cache(maxsize=256)
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(name)


def rate_def(ctx: AuditContext, name: str) -> RateDef | None:
    """The definition whose name pattern the rate's name matches (looked up once per name)."""
    if name not in ctx.rate_defs:
        ctx.rate_defs[name] = next((d for d in ctx.rates if _pattern(d.name).search(name)), None)
    return ctx.rate_defs[name]


# the names of the four budgets (一般公共预算收入 is revenue, not a budget figure); the first one
# also as a mirror site garbles it (``一样平常公共预算收入``) or a report shortens it (``公共预算支出``)
_FUND_TYPE: Final = re.compile(r"(?:一般|一样平常)?公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算")


def _bare(label: str) -> str:
    return _FUND_TYPE.sub("", label) if "预算" in label else label


def pick(cands: list[tuple[str, Mention]], words: tuple[str, ...], taken: set[int]) -> Mention | None:
    """The one candidate whose label (without the budget's name: :func:`_bare`) holds the first word
    any candidate's does; None when none does or several do."""
    for word in words:
        hits = [m for label, m in cands if word in label and id(m) not in taken]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None
    return None


def check_rates(ctx: AuditContext) -> None:
    for i, mentions in ctx.figure_lines:
        rates = [m for m in mentions if m.role in ("rate", "complete")]
        if not rates or "\t" in ctx.text(i):
            continue
        operands = [m for m in mentions if m.role == "plain" and (m.is_money or m.unit in ("人", "个", "项", "辆", "次"))]
        for rate in rates:
            begin, end = _clause(ctx.text(i), rate.start)
            near = [m for m in operands if begin <= m.start < end]
            # operands of the rate's own clause are an explicit reading; picked from the rest of
            # the line by their names, an inferred one (at most a warning)
            if not _check_rate(ctx, rate, near if len(near) >= 2 else operands, inferred=len(near) < 2):
                if len(near) >= 2 and len(near) < len(operands):
                    _check_rate(ctx, rate, operands, inferred=True)


_CLAUSE_END: Final = re.compile(r"[。;!?]")


def _clause(text: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: between the sentence or ``；`` boundaries."""
    begin = max((m.end() for m in _CLAUSE_END.finditer(text, 0, pos)), default=0)
    end = _CLAUSE_END.search(text, pos)
    return begin, (end.end() if end else len(text))


def _check_rate(ctx: AuditContext, rate: Mention, operands: list[Mention], inferred: bool = False) -> bool:
    """Check the rate against its operands; False when they cannot be told apart."""
    definition = rate_def(ctx, rate.word)
    if definition is None or len(operands) < 2:
        return False
    cands = [(_bare(m.label), m) for m in operands]
    num = pick(cands, definition.numerator, set())
    den = pick(cands, definition.denominator, {id(num)} if num else set())
    if num is None or den is None or wan(den) == 0 or num.unit != den.unit and not (num.is_money and den.is_money):
        return False
    ctx.relations += 1
    verdict = R.ratio(rate.value, wan(num), wan(den), strict=ctx.strict)
    if verdict.ok:
        return True
    cause = None
    alt = pick(cands, definition.alternative, {id(num), id(den)}) if definition.alternative else None
    if alt is not None and wan(alt) and R.ratio(rate.value, wan(num), wan(alt)).ok:
        cause = definition.cause
    elif R.ratio(rate.value, wan(den), wan(num)).ok:
        cause = "分子与分母颠倒"
    ctx.emit("AUDIT-RATE", rate, claimed=rate.shown, expected=f"{verdict.shown}%",
             operands=[ctx.operand(num), ctx.operand(den)], cause=cause, label=rate.word,
             num_label=num.label, num=num.shown, den_label=den.label, den=den.shown, inferred=inferred)
    return True


def check_points(ctx: AuditContext) -> None:
    """此项得S分 must not exceed the weight （W分） of its heading; 扣D分 must leave W − D.

    A line naming several weights (``部门决策(25分)、部门管理(35分)…``) lists them and heads nothing;
    a score of the whole (自评得分, 综合得分, 总分 …) belongs to no heading's item; a weight read from
    an earlier line than the score is inferred (a warning at most)."""
    weight: tuple[Decimal, int] | None = None
    for i, line in enumerate(ctx.doc.lines):
        text = line.text
        if "分" not in text or "\t" in text:
            continue
        weights = list(_WEIGHT.finditer(text)) if "(" in text else []   # (each weight opens with its "(")
        w = weights[0] if weights else None
        if len(weights) > 1:
            weight, w = None, None
        elif w and (len(text) < 40 or w.start() < 30):
            weight = (Decimal(w.group(1)), i)
        if weight is None or i - weight[1] > 4 or "得" not in text:
            continue
        for got in _GOT.finditer(text, w.end() if w else 0):
            if _OVERALL.search(text, max(0, got.start() - 8), got.start() + 2):
                continue
            score = Decimal(got.group(1))
            _check_point(ctx, i, got, score, weight[0], text, inferred=weight[1] != i)


def _check_point(ctx: AuditContext, i: int, got: re.Match[str], score: Decimal, w: Decimal, text: str,
                 inferred: bool = False) -> None:
    ctx.relations += 1
    where = (i, got.start(1), got.end(1) + 1)
    if not R.within_maximum(score, w).ok:
        ctx.emit("AUDIT-SCORE-MAX", where, claimed=f"{got.group(1)}", expected=f"{w.normalize():f}",
                 operands=[("分值", f"{w.normalize():f}分", ctx.doc.lines[i].locator)], inferred=inferred)
        return
    deduct = None
    for d in _DEDUCT.finditer(text, 0, got.start()):
        deduct = Decimal(d.group(1))
    if deduct is not None and score != w and score != w - deduct:
        ctx.emit("AUDIT-SCORE-TOTAL", where, claimed=got.group(1), expected=f"{(w - deduct).normalize():f}",
                 operands=[("分值", f"{w.normalize():f}分", ctx.doc.lines[i].locator),
                           ("扣分", f"{deduct.normalize():f}分", ctx.doc.lines[i].locator)], label="扣分后得分",
                 inferred=inferred)
