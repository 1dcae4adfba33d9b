"""The one door for numbers.  ``Decimal`` only; floats are refused.

Rounding is ROUND_HALF_UP (四舍五入) and happens only when a number is shown.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋％，", "0123456789.-+%,")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class NumberError(ValueError):
    """A text that should be a number is not; the message is Chinese."""


def normalise_text(text: str) -> str:
    """Full-width digits and signs to half-width, strip spaces and thousands separators."""
    text = unicodedata.normalize("NFKC", text).translate(_FULLWIDTH)
    text = text.replace("−", "-").replace("–", "-").replace("—", "-")
    return re.sub(r"[\s,]", "", text)


def D(value: object) -> Decimal:
    """Decimal from str, int or Decimal.  Floats are refused: they carry binary error."""
    if isinstance(value, bool):
        raise NumberError(f"“{value}”不是数字")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise NumberError("不接受浮点数（float），请以文本或整数形式给出数值")
    if isinstance(value, str):
        text = normalise_text(value)
        if not _NUMBER_RE.match(text):
            raise NumberError(f"“{value}”不是数字")
        try:
            return Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - regex guards it
            raise NumberError(f"“{value}”不是数字") from exc
    raise NumberError(f"“{value}”不是数字")


def decimals_of(value: Decimal) -> int:
    """Number of digits after the point as written (Decimal keeps the exponent)."""
    text = str(value)   # cheaper than as_tuple(); exponent notation (1E-7) goes the long way
    if "E" not in text:
        # (no point and no exponent: a whole number, or NaN/Infinity, whose as_tuple() gives 0 too)
        point = text.find(".")
        return len(text) - point - 1 if point >= 0 else 0
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_QUANTUM = [Decimal(1).scaleb(-places) for places in range(13)]


def quantize(value: Decimal, places: int) -> Decimal:
    """Half-up to ``places`` decimals — for display and for comparing with a stated value."""
    quantum = _QUANTUM[places] if 0 <= places < len(_QUANTUM) else Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def fmt(value: Decimal, places: int) -> str:
    """Show a number at a fixed precision, half-up, without exponent notation."""
    q = quantize(value, places)
    if q == 0:
        q = abs(q)
    return f"{q:f}"


def fmt_trim(value: Decimal, places: int = 2) -> str:
    """Sichuan narrative style: round half-up then drop trailing zeros (188.9, 4.9, 0)."""
    text = fmt(value, places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_percent(value: Decimal, places: int) -> str:
    return fmt(value, places) + "%"


def pct(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole × 100, exact as Decimal allows (context precision 28)."""
    return part / whole * HUNDRED
