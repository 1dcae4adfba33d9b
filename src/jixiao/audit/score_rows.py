"""Indicator rows of a 项目支出绩效自评表 flattened to text: ``指标N：名称 年度指标值 实际完成值 分值 得分``.

Published self-evaluation tables often reach us as one line per row (or a whole table on one line)
with the cells split by spaces: ``指标16:某某管理数 3807人 3224人 2 1.9``.  A row is read only when
its target and actual carry the same unit (人, 例, %, 次 …) and a weight and a score follow, so
that which number is which is certain.

Relations read:

* ``score-max`` — the score is at most the weight (分值): explicit, an error when it is above.
* ``score-row`` — the proportional rule 得分 = 分值 × min(1, 实际完成值 ÷ 年度指标值).  The rule is
  the standard note of the form but is rarely printed, so the reading is *inferred*: a row scored
  above what the rule gives is a warning, and only in a table whose other rows below target follow
  the rule (at least two of them do), so a table scored by another rule is never flagged.
  A row scored *below* the rule is not flagged (a stricter rule is the unit's right).
"""
from __future__ import annotations

import re
from typing import Final
from decimal import Decimal

from jixiao.audit.claims import Extraction, Figure, Operand, Reading, Relation
from jixiao import relations as R

_NUM: Final = r"\d+(?:\.\d+)?"
_UNIT: Final = r"人次|人|例|次|种|%|个|户|家|项|台|辆|册|本|场|篇|期|份|所|名|天|km|公里|亩|吨|处|座|条|批"
ROW: Final = re.compile(
    rf"指标\d{{1,3}}[:]\s*(?P<name>[^\d\s:][^\s:]{{0,30}}?)\s*"
    rf"(?P<t>{_NUM})(?P<tu>{_UNIT})\s*(?P<a>{_NUM})(?P<au>{_UNIT})\s*"
    rf"(?P<w>{_NUM})\s+(?P<s>{_NUM})(?![\d.%])")


def _rows(text: str) -> list[re.Match[str]]:
    return [m for m in ROW.finditer(text) if m.group("tu") == m.group("au")]


def _proportional(m: re.Match[str]) -> Decimal | None:
    target, actual, weight = Decimal(m.group("t")), Decimal(m.group("a")), Decimal(m.group("w"))
    if target <= 0:
        return None
    return weight * min(Decimal(1), actual / target)


def _fig(m: re.Match[str], group: str, line: int, unit: str = "") -> Figure:
    return Figure(Decimal(m.group(group)), m.group(group), unit, line, m.start(group), m.end(group), m.group("name"))


_WEIGHT_THEN_SCORE: Final = re.compile(r"分值\s*[|\t]?\s*(?:自评)?得分")
_SCORE_THEN_WEIGHT: Final = re.compile(r"得分\s*[|\t]?\s*分值")


def _column_order(lines: list[str]) -> Reading | None:
    """How sure the order 分值, 得分 is: printed in a header (explicit), printed the other way round
    (None: not read), or not printed at all (inferred: the usual order of the form)."""
    text = "\n".join(lines)
    if _SCORE_THEN_WEIGHT.search(text) and not _WEIGHT_THEN_SCORE.search(text):
        return None
    return Reading.EXPLICIT if _WEIGHT_THEN_SCORE.search(text) else Reading.INFERRED


def extract_score_rows(lines: list[str]) -> Extraction:
    out = Extraction()
    order: Reading | None = None
    order_read = False   # the order is worked out once, on the first row found
    for i, text in enumerate(lines):
        if "指标" not in text:
            continue
        rows = _rows(text)
        if not rows:
            continue
        if not order_read:
            order, order_read = _column_order(lines), True
        if order is None:
            out.unclear += len(rows)
            continue
        follows = 0
        for m in rows:
            exp = _proportional(m)
            stated = Decimal(m.group("s"))
            if exp is not None and Decimal(m.group("a")) < Decimal(m.group("t")):
                if R.agrees(stated, exp).ok:
                    follows += 1
        for m in rows:
            weight, score = _fig(m, "w", i, "分"), _fig(m, "s", i, "分")
            if weight.value > 100:
                out.unclear += 1
                continue
            out.relations.append(Relation("score-max", score, (Operand("分值", weight),), order,
                                          "同一表行：分值与得分" if order is Reading.EXPLICIT
                                          else "同一表行，按通常的列序（分值、得分）读取"))
            if follows >= 2 and _proportional(m) is not None:
                ops = (Operand("分值", weight), Operand("年度指标值", _fig(m, "t", i, m.group("tu"))),
                       Operand("实际完成值", _fig(m, "a", i, m.group("au"))))
                out.relations.append(Relation("score-row", score, ops, Reading.INFERRED,
                                              "同一表行，按完成比例计分（表中其他行所用规则）"))
            elif follows < 2:
                out.unclear += 1
    return out
