"""The same quantity stated in two sections: collect every specific figure under a key and
flag the statements that contradict the others.

Keys are canonical labels (:func:`~jixiao.audit.mentions.canonical`); a part of a breakdown
is keyed under its total (``一般公共预算财政拨款支出/一般公共服务``), so 人员经费 of all
funds and 人员经费 of fiscal funds do not meet.  Generic labels (金额, 合计, 实际支出 …) are
never linked, nor are per-project indicators (资金到位率 …) that legitimately differ.
"""
from __future__ import annotations

import re
from collections import Counter

from jixiao.audit.context import Ctx, wan
from jixiao.audit.mentions import Mention, canonical
from jixiao.model.numbers import decimals_of, fmt, quantize
from jixiao.rules import relations as R

GENERIC = {"", "金额", "费用", "合计", "总计", "总额", "共计", "支出", "收入", "实际", "实际支出", "实际", "预算", "年初预算",
           "其他", "资金", "经费", "决算", "预算数", "全年预算数", "全年执行数", "年初预算数", "小计", "上年", "本年",
           "支出总额", "项目", "基本", "数", "人员", "完成"}
_PER_PROJECT = re.compile(r"到位率|到位及时率|完成及时率|质量达标率|实际完成率|成本节约率|满意度|达标率|准确率|办结率|处置率|"
                          r"拨付率|发放率|到岗率|项目")
_NOT_A_NAME = re.compile(r"^[\d.%]+$|以上|以下|不超过|不低于|目标|指标值|标准")


def collect(ctx: Ctx) -> None:
    """Fill ``ctx.quantities``: key → the figures stated under it (narrative lines only)."""
    for i, mentions in enumerate(ctx.mentions):
        if not mentions or "\t" in ctx.text(i):
            continue
        for m in mentions:
            key = key_of(ctx, m)
            if key:
                ctx.quantities.setdefault(key, []).append(m)


def key_of(ctx: Ctx, m: Mention) -> str | None:
    if m.role == "plain" and m.is_money:
        key = ctx.part_keys.get(id(m)) or canonical(m.label, ctx.year)
        leaf = key.rsplit("/", 1)[-1]
        if len(leaf) < 2 or leaf in GENERIC or _NOT_A_NAME.search(leaf):
            return None
        return "money:" + key if False else key
    if m.role == "rate" and m.unit == "%":
        key = canonical(m.word, ctx.year)
        if len(key) < 4 or _PER_PROJECT.search(key):
            return None
        return "rate:" + key
    return None


def check_links(ctx: Ctx) -> None:
    for key, mentions in ctx.quantities.items():
        if len(mentions) < 2 or len({m.line for m in mentions}) < 2:
            continue
        _check_key(ctx, key, mentions)


def _value(m: Mention):  # type: ignore[no-untyped-def]
    return wan(m) if m.is_money else m.value


def _places(m: Mention) -> int:
    return decimals_of(m.value) + ({"元": 4, "千元": 1, "亿元": -4}.get(m.unit, 0))


def _same(a: Mention, b: Mention, strict: bool) -> bool:
    places = max(0, min(_places(a), _places(b)))
    va, vb = quantize(_value(a), places), quantize(_value(b), places)
    return R.agrees(va, vb, places=places, strict=strict).ok


def _check_key(ctx: Ctx, key: str, mentions: list[Mention]) -> None:
    ctx.relations += 1
    support = Counter()
    for a in mentions:
        support[id(a)] = sum(1 for b in mentions if _same(a, b, ctx.strict))
    if all(support[id(m)] == len(mentions) for m in mentions):
        return
    best = max(mentions, key=lambda m: (support[id(m)], -m.line))
    flagged_lines = set()
    for m in mentions:
        if _same(m, best, ctx.strict) or m.line in flagged_lines or m.line == best.line:
            continue
        flagged_lines.add(m.line)
        label = key.split(":", 1)[-1].rsplit("/", 1)[-1]
        other = ctx.doc.lines[best.line].locator
        expected = best.shown if best.unit == m.unit else fmt(_value(best), _places(m)) + m.unit
        ctx.emit("AUDIT-XSEC", m, claimed=m.shown, expected=expected,
                 operands=[ctx.operand(best)], related=(ctx.source(best.line, best.start, best.end),),
                 label=m.word if m.role == "rate" else (m.label or label), other=other)
