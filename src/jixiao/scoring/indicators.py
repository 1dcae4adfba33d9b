"""Inputs of a 2020 target-table row: target, actual, nature, or a qualitative grade.

An actual written as text is read only when it states one number with a bound
("95%以上", "大于90%") that settles whether the target was met; otherwise the row
has insufficient evidence.  A qualitative row's grade is its evidence ``grade``
or, when the deviation note says the target was met ("无偏差"), 达成.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.filing import Indicator
from jixiao.model.numbers import D, normalise_text
from jixiao.scoring.rubric import GRADE_CODES, IndicatorRules

NATURE_CODES = {"≥": 1, "≤": 2, "=": 3}
_NUMBER = r"(\d+(?:\.\d+)?)"
_LOWER = (re.compile(r"(?:大于|超过|高于|不低于|不少于|达到|≥|>=|>)" + _NUMBER),
          re.compile(_NUMBER + r"%?(?:及以上|以上)"))
_UPPER = (re.compile(r"(?:小于|低于|不超过|不高于|少于|≤|<=|<)" + _NUMBER),
          re.compile(_NUMBER + r"%?(?:及以下|以下|以内)"))


@dataclass(frozen=True)
class RowInputs:
    kind: str                                   # quantitative | qualitative
    values: dict[str, Decimal | None]
    notes: tuple[str, ...] = ()
    missing: tuple[str, ...] = field(default=())


def row_inputs(row: Indicator, rules: IndicatorRules) -> RowInputs:
    target = row.target.number if row.target is not None else None
    if row.nature in NATURE_CODES and target is not None:
        return _quantitative(row, target, rules)
    return _qualitative(row, rules)


def _quantitative(row: Indicator, target: Decimal, rules: IndicatorRules) -> RowInputs:
    nature = NATURE_CODES[row.nature or "≥"]
    values: dict[str, Decimal | None] = {"target": target, "nature": Decimal(nature), "actual": None}
    actual = row.actual.number if row.actual is not None else None
    if actual is not None:
        values["actual"] = actual
        return RowInputs("quantitative", values)
    text = row.actual.text if row.actual is not None else ""
    if not text:
        return RowInputs("quantitative", values, missing=("未填实际完成值",))
    bound = read_bound(text) if rules.text_actual == "lower_bound" else None
    if bound is not None:
        side, value = bound
        meets = (side == "lower" and nature in (1, 3) and value >= target) or (side == "upper" and nature == 2 and value <= target)
        if meets:
            values["actual"] = value
            word = "下限" if side == "lower" else "上限"
            return RowInputs("quantitative", values, (f"实际完成值写作“{text}”，取其{word}{value:f}",))
    return RowInputs("quantitative", values, missing=(f"实际完成值为文字“{text}”，不能判断是否达到指标值",))


def read_bound(text: str) -> tuple[str, Decimal] | None:
    """The one bound a text states: ``("lower", 95)`` for "95%以上"; None when unclear."""
    plain = normalise_text(text)
    if len(re.findall(r"\d+(?:\.\d+)?", plain)) != 1:
        return None
    for side, patterns in (("lower", _LOWER), ("upper", _UPPER)):
        for pattern in patterns:
            match = pattern.search(plain)
            if match:
                return side, D(match.group(1))
    return None


def _qualitative(row: Indicator, rules: IndicatorRules) -> RowInputs:
    stated = row.evidence.get("grade") if row.evidence else None
    if stated is not None and stated.text.strip() in GRADE_CODES:
        return RowInputs("qualitative", {"grade": Decimal(GRADE_CODES[stated.text.strip()])},
                         (f"评分依据写明评价为“{stated.text.strip()}”",))
    deviation = (row.deviation or "").strip()
    if deviation and deviation in rules.met_words:
        return RowInputs("qualitative", {"grade": Decimal(GRADE_CODES["达成"])},
                         (f"偏差原因写“{deviation}”，视为达成年度指标",))
    return RowInputs("qualitative", {"grade": None}, missing=("未写明定性评价档次（达成/部分达成/未达成）",))
