"""The ranges every value must lie in, whatever route it came by (YAML, the Excel template, batch CSV/parquet/xlsx).

One set of rules, checked once at the door (:mod:`jixiao.ingest.build` for filings,
:mod:`jixiao.batch` for batch data), so no later stage meets a number it cannot hold or a
text it cannot write:

* every number (amounts in 万元, percentages, scores, weights, counts, stated values): less than
  10⁹ either way (10⁹ 万元 is 10¹³ 元, more than any budget) — batch data's ``MAX_ABS``;
* at most 20 digits after the point (amounts keep their own limit per unit: 6 in 万元, 2 in 元; batch
  data stores 6, ``SCALE``), so every number fits Decimal's 28 digits;
* years: 1950–2100;
* text: no control characters other than tab and line breaks, no NUL, no U+FFFE/U+FFFF and no
  lone surrogates (none of them can be written to Word, Excel, PDF or a terminal safely).

Each check returns a Chinese reason, or None when the value is fine.
"""
from __future__ import annotations

import re
from decimal import Decimal

MAX_NUMBER = Decimal(10) ** 9          # exclusive
MAX_AMOUNT = MAX_NUMBER                 # 万元
MAX_PERCENT = MAX_NUMBER
MAX_PLACES = 20
YEAR_MIN, YEAR_MAX = 1950, 2100

_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why a text cannot be used, or None."""
    found = _BAD_TEXT.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0:
        what = "空字符（NUL）"
    elif 0xD800 <= code <= 0xDFFF:
        what = f"不成对的代理字符（U+{code:04X}）"
    elif code in (0xFFFE, 0xFFFF):
        what = f"非字符（U+{code:04X}）"
    else:
        what = f"控制字符（U+{code:04X}）"
    return f"含有不允许的{what}，位于第{found.start() + 1}个字符；请删除该字符"


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def number_problem(value: Decimal, limit: Decimal = MAX_NUMBER, what: str = "数值") -> str | None:
    if not value.is_finite():
        return f"{what}无效"
    if abs(value) >= limit:
        return f"{what}超出可用范围（绝对值应小于 {limit:,f}）；请检查单位或是否多写了数字"
    if _places(value) > MAX_PLACES:
        return f"{what}小数位过多（{_places(value)}位，最多{MAX_PLACES}位）"
    return None


def amount_problem(value: Decimal) -> str | None:
    """An amount in 万元."""
    return number_problem(value, MAX_AMOUNT, "金额")


def percent_problem(value: Decimal) -> str | None:
    return number_problem(value, MAX_PERCENT, "百分比")


def year_problem(value: int) -> str | None:
    if not YEAR_MIN <= value <= YEAR_MAX:
        return f"年度“{value}”不在 {YEAR_MIN}–{YEAR_MAX} 之间"
    return None
