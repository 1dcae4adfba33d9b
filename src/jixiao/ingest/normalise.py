"""Normalise published report text so that numbers and units read one way.

* full-width digits, signs and ``％`` → half-width (``５５２．２１％`` → ``552.21%``);
* thousands separators dropped (``1,234,567.89`` → ``1234567.89``);
* machine-converted Traditional leftovers: pinyin glosses removed (``數(shù)`` → ``数``) and
  common Traditional characters mapped to Simplified; a text in Traditional script has every
  Traditional ideograph mapped, one character at a time, by OpenCC's ``t2s`` (``稅`` → ``税``);
* spaces between Chinese and digits/units dropped (``2024 年`` → ``2024年``, as PDF text
  extraction produces), after punctuation (``， 其中``), before it (``32.45万元 ，``, a justified PDF
  line), and stray spaces inside a number (``552. 21``);
  full-width spaces (``\u3000``) count as spaces;
* a line broken inside a number or just before a unit is joined to the next one (:func:`join_broken`).

Every edit that changes the length of the text is recorded, so that a position in the
normalised text maps back to a column of the original (:class:`Edits`).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Final
from dataclasses import dataclass

_HALF = str.maketrans(
    "０１２３４５６７８９．－＋％，：；（）＝／＊×÷　\u2212\u2013\u2014\u00a0",
    "0123456789.-+%,:;()=/**/ --- ",
)
# Traditional characters that machine conversion leaves in mirrored pages (1:1, length-preserving).
_TRAD = str.maketrans(
    "數據預決費經額撥財項門單計總結轉餘務資產實際業員萬億與較長減為個點輛購買運維護車國內會險衛醫療養職績評價標準執進況說覽"
    "調節約採統報劃級專務款類區開發環條規範書認證審構總歸職費舊檔雜簡體團隊處辦聯繫質達額應權參與後臺灣變動佔現幣貨", 
    "数据预决费经额拨财项门单计总结转余务资产实际业员万亿与较长减为个点辆购买运维护车国内会险卫医疗养职绩评价标准执进况说览"
    "调节约采统报划级专务款类区开发环条规范书认证审构总归职费旧档杂简体团队处办联系质达额应权参与后台湾变动占现币货",
)
# (characters the same in both scripts, 款 or 務, are left out: they need no mapping)
_TABLE = {chr(k): v for k, to in {**_TRAD, **_HALF}.items() if (v := to if isinstance(to, str) else chr(to)) != chr(k)}
_TO_MAP: Final = re.compile("[" + "".join(re.escape(ch) for ch in _TABLE) + "]")
_DIGIT_COMMA: Final = re.compile(r",[0-9]")   # a cheap first test for thousands separators
_PAREN_LATIN: Final = re.compile(r"\([a-z]")
_COMMA_DIGIT: Final = re.compile(r",\d")   # any digit (\d), as the thousands alternative reads them


def _mapped(m: re.Match[str]) -> str:
    return _TABLE[m.group()]


# Each alternative starts by consuming a character ("(", a digit, a space) and looks behind only
# then, so that the regex engine does not try every look-behind at every position of the line.
_PINYIN: Final = r"(?P<pinyin>\((?<=[\u4e00-\u9fff]\()(?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*|[a-z]{1,6}[1-5])\))"
_THOUSANDS: Final = r"(?P<thousands>\d(?<![\d.,].)\d{0,2}(?:,\d{3})+(?![\d,]))"
# The edits run on mapped text (:func:`_map_chars` first), where a full-width space is already a
# space: the space alternative starts with the one character " ", which the engine finds by a plain
# character search, where a set of two is tested by a call per character.
_SPACE: Final = (r"(?P<space> (?:"
                 r"(?<=[\u4e00-\u9fff\d%)] ) *(?=[\u4e00-\u9fff%])"
                 r"|(?<=[,;:。、!?] ) *(?=[\u4e00-\u9fff\d(“\"])"
                 r"|(?<=[\u4e00-\u9fff%] ) *(?=[,;:。、!?])"
                 r"|(?<=[\u4e00-\u9fff(] ) *(?=[\d.+-])"
                 r"|(?<=\d\. ) *(?=\d)|(?<=\d ) *(?=\.\d)))")
# Each kind of edit is searched for alone, and only in a line that holds what it needs (a gloss a "(",
# a thousands separator a comma before a digit, a space a space); a line needing two or three kinds
# gets the matches of each merged by place.  A pattern of one alternative starts with the character it
# needs, which the regex engine skips to, while an alternation of them is tried at every position.
# The matches are those of the three alternatives together: a gloss holds only "(", letters, tone
# digits and ")", a separated number only digits and commas, a space match only spaces, so no match of
# one can overlap a match of another (tests/test_normalise_edits.py holds it to the alternation).
# Keyed by the bits 1 = "(", 2 = ",digit", 4 = a space.
_ONE_EDIT: Final = ((1, re.compile(_PINYIN)), (2, re.compile(_THOUSANDS)), (4, re.compile(_SPACE)))


def _match_start(m: re.Match[str]) -> int:
    return m.start()


@dataclass(frozen=True)
class Edits:
    """Where the normalised text lost characters: maps a normalised position back to the original."""

    points: tuple[int, ...] = ()    # normalised positions at which text was removed
    removed: tuple[int, ...] = ()   # characters removed up to and including that point

    def __init__(self, points: tuple[int, ...] = (), removed: tuple[int, ...] = ()) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "removed", removed)

    def original(self, pos: int) -> int:
        i = bisect.bisect_right(self.points, pos) - 1
        return pos + (self.removed[i] if i >= 0 else 0)


NO_EDITS = Edits()


def _map_chars(text: str) -> str:
    """The length-preserving part: full-width forms, Chinese punctuation and Traditional leftovers; a
    text in Traditional script (one that holds a character of ``_TRAD``) has every other Traditional
    character mapped too (:func:`_t2s`).

    One pass of the regex engine over the text in the common case: the substitution itself notes
    whether it met a Traditional character (:class:`_Mapper`); only a text in Traditional script is
    mapped again from the start, through ``t2s`` first (a search for any mapped character and one for
    a Traditional one before the substitution were two more passes over every text)."""
    text = text.replace("，", ",").replace("：", ":").replace("；", ";").replace("（", "(").replace("）", ")")
    mapper = _Mapper()
    mapped = _TO_MAP.sub(mapper, text)
    if mapper.traditional:
        mapped = _TO_MAP.sub(_mapped, text.translate(_t2s()))
    return mapped


_TRAD_MARKS: Final = frozenset(chr(k) for k, to in _TRAD.items() if to != k)
# (a character the same in both scripts, 款, marks no text as Traditional)


class _Mapper:
    """The replacement of one ``_TO_MAP`` match (its character's mapping) that notes whether a
    character it mapped marks the text as Traditional (one of ``_TRAD_MARKS``)."""

    traditional: bool

    def __init__(self) -> None:
        self.traditional = False

    def __call__(self, m: re.Match[str]) -> str:
        ch = m.group()
        if ch in _TRAD_MARKS:
            self.traditional = True
        return _TABLE[ch]


@lru_cache(maxsize=1)
def _t2s() -> dict[int, str]:
    """Traditional → Simplified for every CJK ideograph that OpenCC's ``t2s`` maps to one other CJK
    ideograph, one character at a time (so that the text keeps its length and every position its
    meaning; a phrase OpenCC would convert as a whole is left as its characters).  Built once per
    process, on the first text in Traditional script."""
    import opencc

    chars = [chr(cp) for cp in range(0x4E00, 0xA000)]
    out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):
        raise RuntimeError("OpenCC t2s changed the number of lines")   # (a bug, never a user's input)
    return {ord(a): b for a, b in zip(chars, out) if a != b and len(b) == 1 and "\u4e00" <= b <= "\u9fff"}


def normalise_line(text: str) -> tuple[str, Edits]:
    """The normalised line and the edits that map it back to ``text`` (same length unless edited)."""
    return _edit(_map_chars(text))


def normalise_lines(texts: list[str]) -> list[tuple[str, Edits]]:
    """:func:`normalise_line` of every line; the character mapping is done once over the whole text."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:   # a line holding a line break: one at a time
        return [normalise_line(text) for text in texts]
    mapped = _map_chars(joined)
    # what each kind of edit needs, looked for once in the whole text: a kind that no line can need
    # is not looked for line by line (none of the three tests can match across a line break)
    space = " " in mapped
    comma = "," in mapped and _DIGIT_COMMA.search(mapped) is not None
    paren = "(" in mapped and _PAREN_LATIN.search(mapped) is not None
    if not (space or comma or paren):
        return [(text, NO_EDITS) for text in mapped.split("\n")]
    return [_edit(text, space, comma, paren) for text in mapped.split("\n")]


def _edit(text: str, spaces: bool = True, commas: bool = True, parens: bool = True) -> tuple[str, Edits]:
    """The edits that change the length: pinyin glosses, thousands separators, stray spaces (of
    mapped text: a full-width space is a space by then).  ``spaces``, ``commas``, ``parens``: False
    when the whole text holds no space, no comma before a digit, no "(" before a letter."""
    space = spaces and " " in text
    if not (space or (commas and "," in text and _DIGIT_COMMA.search(text))
            or (parens and "(" in text and _PAREN_LATIN.search(text))):
        return text, NO_EDITS
    # only the alternatives that can match somewhere in this line (a gloss needs a "(", a thousands
    # separator a comma before a digit, a space a space)
    kinds = (1 if "(" in text else 0) | (2 if "," in text and _COMMA_DIGIT.search(text) else 0) | (4 if space else 0)
    matches = [m for bit, one in _ONE_EDIT if kinds & bit for m in one.finditer(text)]
    if kinds not in (1, 2, 4):
        matches.sort(key=_match_start)
    return _apply(text, matches)


def _apply(text: str, matches: list[re.Match[str]]) -> tuple[str, Edits]:
    """``text`` with the edits ``matches`` (in order) find made, and the edits that map it back."""
    out: list[str] = []
    points: list[int] = []
    removals: list[int] = []
    last = kept = removed = 0
    for m in matches:
        piece = text[last:m.start()]
        out.append(piece)
        kept += len(piece)
        repl = m.group(0).replace(",", "") if m.lastgroup == "thousands" else ""
        out.append(repl)
        kept += len(repl)
        removed += len(m.group(0)) - len(repl)
        points.append(kept)
        removals.append(removed)
        last = m.end()
    if not points:
        return text, NO_EDITS
    out.append(text[last:])
    return "".join(out), Edits(tuple(points), tuple(removals))


_WRAPPED_FIGURE: Final = re.compile(r"^\d+(?:\.\d+)?(?:%|万元|亿元|元)[,。;、]")
_STARTS_UNIT: Final = re.compile(r"^(?:万元|亿元|元|%|个百分点)")
_STARTS_CONTINUATION: Final = re.compile(r"^[,。;、)]")
# the first characters of every case :func:`join_broken` joins (a digit aside): a cheap first test
_JOIN_STARTS: Final = frozenset(".,。;、)万亿元%个")


# a line opening a numbered item or heading: never the rest of the line before
_OPENS_ITEM: Final = re.compile(r"\s*(?:\d{1,2}[.、](?!\d)|[(][一二三四五六七八九十\d]{1,3}[)]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]+|[①-⑳])")


_GOES_ON: Final = re.compile(r"[^,、。;:]{0,15}[,、。;:]")


def _wrapped_sentence(prev: str, nxt: str) -> bool:
    """A sentence a PDF wrapped at the margin: ``…科目850088.3元,`` / ``占支出总预算78.33%,…`` or
    ``…占一般公共预算支`` / ``出的84.06%,…`` — ``prev`` ends inside a sentence that has already run
    through a comma or a colon (a heading has none) and ``nxt`` opens no item."""
    if len(prev) < 16:
        return False
    last = prev[-1]
    comma = last in ",、"
    if not comma and (not ("\u4e00" <= last <= "\u9fff") or len(prev) < 20):
        return False   # (tested first: most lines end a sentence, and need no pattern run on the next)
    if "|" in prev or "|" in nxt or "\t" in prev or "\t" in nxt or _OPENS_ITEM.match(nxt):
        return False
    if not _GOES_ON.match(nxt):
        return False   # the rest of a sentence soon reaches its next comma; a table cell (``到位率(5分)``) need not
    if comma:
        return True
    tail = prev[max(prev.rfind(c) for c in "。;!?") + 1:]
    opening = _OPENS_ITEM.match(tail)
    if opening:
        tail = tail[opening.end():]   # (the 、 of ``2、…情况`` is an item's number, not a sentence going on)
    return "," in tail or ":" in tail


def join_broken(prev: str, nxt: str) -> bool:
    """Should ``nxt`` be joined to ``prev``: a line broken inside a number (``552.`` / ``21万元``)
    or just before a unit or a comma, or a sentence wrapped at the margin (:func:`_wrapped_sentence`)?
    A short line (a table cell, a lone score) is never joined."""
    if not prev or not nxt:
        return False
    if not (nxt[0].isdigit() or nxt[0] in _JOIN_STARTS):
        return _wrapped_sentence(prev, nxt)
    if "\t" in prev or "\t" in nxt or len(prev) < 8:
        return False
    if prev[-1] == "." and prev[-2:-1].isdigit() and nxt[0].isdigit():
        return True
    if prev[-1].isdigit() and nxt[:1] == "." and nxt[1:2].isdigit():
        return True
    if prev[-1].isdigit() and _STARTS_UNIT.match(nxt):
        return True
    if _WRAPPED_FIGURE.match(nxt) and len(prev) >= 20 and "\u4e00" <= prev[-1] <= "\u9fff":
        return True
    return bool(_STARTS_CONTINUATION.match(nxt)) and prev[-1] not in "。;!?:"
