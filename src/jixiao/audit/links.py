"""An index of the narrative's figures by canonical label, for the checks that look a
quantity up by name (the whole a breakdown names, the base of a share, a part's value
before it was changed).  The cross-section check itself is :mod:`jixiao.audit.linker`.

Keys are canonical labels (:func:`~jixiao.audit.mentions.canonical`); a part of a breakdown
is keyed under its total (``一般公共预算财政拨款支出/一般公共服务``), so 人员经费 of all
funds and 人员经费 of fiscal funds do not meet.  Generic labels (金额, 合计, 实际支出 …) are
left out, and so are per-project indicators (资金到位率 …) that legitimately differ.
"""
from __future__ import annotations

import re

from functools import lru_cache
from types import MappingProxyType
from typing import Final, Mapping

from jixiao.audit.context import AuditContext, Parts, place
from jixiao.audit.mentions import Mention, canonical

GENERIC: Final = {"", "金额", "费用", "合计", "总计", "总额", "共计", "支出", "收入", "实际", "实际支出", "实际", "预算", "年初预算",
           "其他", "资金", "经费", "决算", "预算数", "全年预算数", "全年执行数", "年初预算数", "小计", "上年", "本年",
           "支出总额", "项目", "基本", "数", "人员", "完成"}
_PER_PROJECT: Final = re.compile(r"到位率|到位及时率|完成及时率|质量达标率|实际完成率|成本节约率|满意度|达标率|准确率|办结率|处置率|"
                                 r"拨付率|发放率|到岗率|项目")
_NOT_A_NAME: Final = re.compile(r"^[\d.%]+$|以上|以下|不超过|不低于|目标|指标值|标准")


Names = Mapping[str, tuple[Mention, ...]]   # key → the figures stated under it, in document order


def collect(ctx: AuditContext, parts: Parts) -> Names:
    """The narrative's figures by key (narrative lines only), as a read-only mapping."""
    found: dict[str, list[Mention]] = {}
    for i, mentions in ctx.figure_lines:
        if "\t" in ctx.text(i):
            continue
        for m in mentions:
            key = key_of(ctx, m, parts)
            if key:
                found.setdefault(key, []).append(m)
    return MappingProxyType({key: tuple(ms) for key, ms in found.items()})


@lru_cache(maxsize=8192)
def _names_nothing(leaf: str) -> bool:
    """Is the last part of a key too short, generic or no name at all (a figure, a bound, a target)?
    Worked out once per leaf: the same labels come back in every section and document."""
    return len(leaf) < 2 or leaf in GENERIC or _NOT_A_NAME.search(leaf) is not None


def key_of(ctx: AuditContext, m: Mention, parts: Parts) -> str | None:
    if m.role == "plain" and m.is_money:
        key = parts.keys.get(place(m)) or canonical(m.label, ctx.year)
        return None if _names_nothing(key.rsplit("/", 1)[-1]) else key
    if m.role == "rate" and m.unit == "%":
        key = canonical(m.word, ctx.year)
        if len(key) < 4 or _PER_PROJECT.search(key):
            return None
        return "rate:" + key
    return None
