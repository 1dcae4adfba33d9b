"""Stated values: a number or a text exactly as a unit wrote it.

Published totals, rates, shares, scores, grades, targets and evidence are kept
as :class:`Value` — the text as written plus the parsed number when there is
one.  They are never overwritten; later stages compare them with what they
compute.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from jixiao.model.numbers import D, NumberError, normalise_text

_UNIT_RE = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(%|个百分点|万元|亿元|元|分|人次|人|辆|次|批次|个|件|台|套|项)?$")

#: words that state the sign of a change: "减少0.73元" is -0.73 元, "增长26.5%" is 26.5 %
_CHANGE_WORDS = (("增加", "+"), ("增长", "+"), ("上升", "+"), ("提高", "+"),
                 ("减少", "-"), ("下降", "-"), ("降低", "-"), ("减", "-"), ("增", "+"))


@dataclass(frozen=True)
class Value:
    """A value as stated.  ``number`` is set when the text is numeric."""

    text: str
    number: Decimal | None = None
    unit: str | None = None

    @classmethod
    def parse(cls, raw: object) -> "Value":
        if isinstance(raw, float):
            raise NumberError("不接受浮点数（float），请以文本形式给出公开值")
        if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
            return cls(str(raw), D(raw), None)
        text = str(raw).strip()
        body, sign = normalise_text(text), ""
        for word, word_sign in _CHANGE_WORDS:
            if body.startswith(word):
                body, sign = body[len(word):], word_sign
                break
        match = _UNIT_RE.match(body)
        if match:
            number = D(match.group(1))
            if sign == "-" and number > 0:
                number = -number
            return cls(text, number, match.group(2))
        return cls(text, None, None)

    @classmethod
    def lenient(cls, text: str | None) -> "Value | None":
        """Like :meth:`parse` for text cells, but keeps unparseable text as text (None stays None)."""
        if text is None:
            return None
        try:
            return cls.parse(text)
        except NumberError:
            return cls(text)

    @property
    def is_number(self) -> bool:
        return self.number is not None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ValueMap:
    """An ordered, immutable mapping of names to stated values."""

    items_: tuple[tuple[str, Value], ...] = ()

    def get(self, key: str) -> Value | None:
        for name, value in self.items_:
            if name == key:
                return value
        return None

    def __contains__(self, key: object) -> bool:
        return any(name == key for name, _ in self.items_)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.items_)

    def __len__(self) -> int:
        return len(self.items_)

    def __bool__(self) -> bool:
        return bool(self.items_)

    def items(self) -> tuple[tuple[str, Value], ...]:
        return self.items_

    def number(self, key: str) -> Decimal | None:
        value = self.get(key)
        return value.number if value is not None else None
