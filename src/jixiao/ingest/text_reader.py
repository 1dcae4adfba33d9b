"""Plain-text reports in any common Chinese encoding: UTF-8 (with or without BOM), UTF-16, GB18030/GBK."""
from __future__ import annotations

import codecs


def decode_bytes(data: bytes) -> str:
    """Decode a published .txt: BOMs first, then UTF-8, then charset-normalizer's guess, then GB18030."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible(text) > 0.97:
        return text
    wide = _utf16_guess(data)
    if wide is not None:
        return wide
    if text is not None:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is not None:
        return str(best)
    return data.decode("gb18030", errors="replace")


def _plausible(text: str) -> float:
    """Share of characters a Chinese report is made of (CJK, ASCII printable, whitespace, CJK punctuation)."""
    sample = text[:2000]
    if not sample:
        return 1.0
    good = sum(1 for ch in sample if ("\u4e00" <= ch <= "\u9fff") or (" " <= ch <= "~") or ch in "\t\r\n"
               or ("\u3000" <= ch <= "\u303f") or ("\uff00" <= ch <= "\uffef") or ch in "“”‘’—…·")
    return good / len(sample)


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: accept the byte order whose text reads as Chinese."""
    if len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausible(text)
        if score > 0.97 and (best is None or score > best[0]):
            best = (score, text)
    return best[1] if best else None


def read_text_lines(path: str) -> list[tuple[str, str]]:
    with open(path, "rb") as fh:
        text = decode_bytes(fh.read())
    return [(line, f"L{i}") for i, line in enumerate(text.splitlines(), start=1)]
