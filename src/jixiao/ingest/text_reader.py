"""Plain-text reports in any common Chinese encoding: UTF-8 (with or without BOM), UTF-16, GB18030/GBK.

CRLF and CR line ends are read like LF.  A text hard-wrapped at a fixed width (as copied from a
PDF or an old mainframe export), where sentences and even numbers break across lines, is joined
back into paragraphs (:func:`unwrap`)."""
from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Final
from collections import Counter


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
    return _share(text[:2000], _IMPLAUSIBLE, 1.0)


def _share(sample: str, chars: re.Pattern[str], empty: float) -> float:
    """The share of ``sample``'s characters that ``chars`` matches (``empty`` for an empty sample)."""
    if not sample:
        return empty
    return (len(sample) - len(chars.sub("", sample))) / len(sample)


# (the characters a report is made of, in runs: what a substitution leaves is the rest)
_IMPLAUSIBLE: Final = re.compile("[\u4e00-\u9fff -~\t\r\n\u3000-\u303f\uff00-\uffef“”‘’—…·]+")


#: the share of garbled characters (C0 controls other than tab and line ends, U+FFFD, private use)
#: in a text's first 4,000 characters above which it is not read as a report: a report has none,
#: and random bytes decoded as GB18030 have about 30 %
GARBLED_LIMIT: Final = 0.05
_GARBLED: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")


def _garbled_share(text: str) -> float:
    return _share(text[:4000], _GARBLED, 0.0)


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
    garbled = _garbled_share(text)
    if garbled > GARBLED_LIMIT:
        from jixiao.ingest.limits import Unreadable

        raise Unreadable(f"文件内容不像文字：开头部分约{garbled:.0%}的字符是控制符或无法解码的字节"
                         "（可能是其他类型的文件改成了 .txt，或文字编码无法识别）；请检查是否选错了文件")
    lines = [(line, f"L{i}") for i, line in enumerate(text.splitlines(), start=1)]
    return unwrap(lines)


_END = tuple("。;；!！?？:：")
_STARTS_BLOCK = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)|[①-⑳]|"
                           r"第[一二三四五六七八九十]+部分|附件|附表)")


def width(text: str) -> int:
    """Display width: a character whose East Asian width is W or F (``unicodedata``) counts 2, any
    other 1.  The blocks a Chinese report is mostly written in are decided without asking
    ``unicodedata`` (tests/test_text_width.py holds this to it over every code point)."""
    n = 0
    for ch in text:
        c = ord(ch)
        if c < 0x378:   # (ASCII, Latin, IPA, combining marks: all narrow; U+0378 is the first W or F)
            n += 1
        elif 0x4E00 <= c <= 0x9FFF or 0x3000 <= c <= 0x303E or 0xFF01 <= c <= 0xFF60:   # (all W or F)
            n += 2
        elif unicodedata.east_asian_width(ch) in "WF":
            n += 2
        else:
            n += 1
    return n


def unwrap(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join the lines of a hard-wrapped text (every long line cut at the same width, even inside a
    sentence or a number) back into paragraphs.  A text that is not hard-wrapped is returned as is."""
    # (a line of fewer than 14 characters is narrower than 27, which no width below compares with: 0)
    widths = [width(t.rstrip()) if len(t) >= 14 else 0 for t, _ in lines]
    long = [w for w, (t, _) in zip(widths, lines) if w >= 30 and not _table_line(t)]
    if len(long) < 5:
        return lines
    mode, _ = Counter(long).most_common(1)[0]
    at_mode = sum(1 for w in long if mode - 2 <= w <= mode)
    if at_mode < 0.4 * len(long) or at_mode < 4:
        return lines
    out: list[tuple[str, str]] = []
    joining = False
    for (text, loc), w in zip(lines, widths):
        if joining and text.strip() and not _table_line(text) and not _STARTS_BLOCK.match(text):
            out[-1] = (out[-1][0].rstrip() + text.strip(), out[-1][1])
        else:
            out.append((text, loc))
        current = out[-1][0]
        joining = mode - 3 <= w <= mode and not _table_line(text) and not current.rstrip().endswith(_END)
    return out


def _table_line(text: str) -> bool:
    """A table row or rule (cells split by tabs, ``|`` or box bars; ``├──┼──┤``): never a wrapped
    sentence, though a table drawn in text has every line the same width."""
    return any(mark in text for mark in _TABLE_MARKS)


_TABLE_MARKS: Final = ("\t", "|", "│", "┃", "─", "━", "═")
