"""Numbers with their units, what they measure and the role the words around them give them.

A :class:`Mention` is one stated figure: ``552.21万元``, ``占86.4%``, ``减少0.42万元``.
Its ``label`` is the text naming what it measures (``本年收入合计``, ``基本支出``); its
``role`` says how the sentence uses it:

* ``plain``  — an amount or count stated for the thing named;
* ``share``  — ``占…p%``;
* ``change`` — ``增加/减少/增长/下降/变动 …`` an amount or a percentage;
* ``complete`` — ``完成预算p%``;
* ``rate``   — ``…率p%`` (执行率, 到位率, 控制率 …);
* ``prior``  — an amount of last year (``上年``, ``2021年``);
* ``bound``  — a threshold (``100万元以上``), never checked;
* ``score``  — points (``得5分``).
"""
from __future__ import annotations

import functools
import re
from typing import Final
from dataclasses import dataclass
from decimal import Decimal

MONEY: Final = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000), "千元": Decimal("0.1"), "万": Decimal(1),
                 "亿": Decimal(10000)}
COUNT_UNITS: Final = ("人次", "人", "辆", "批次", "次", "个", "项", "台", "套", "件", "家", "名")

NUMBER: Final = re.compile(
    # ``[-+]?\d+(?:\.\d+)?`` not preceded by a digit, a point, a letter or a bracket, written so that
    # the pattern starts with a character set (the regex engine then skips ahead fast): the first
    # character, then the check on the one before it, then a digit after a sign.
    # Digits are ASCII here: the text is normalised first (full-width digits are mapped).
    # The decimals and the unit are optional as ``(?:X|)``, not ``X?``: the same greedy choice (X
    # first, then nothing), but the regex engine runs an optional group of more than one character
    # through a repeat context it allocates at every figure, and an alternation without one (about
    # a tenth of the scan's instructions).  The unit stays group 2, None when there is none.
    r"([-+0-9](?<![0-9.A-Za-z〔\[].)(?:(?<=[0-9])|[0-9])[0-9]*(?:\.[0-9]+|))"
    r"(?:(万元|亿元|千元|元|%|个百分点|人次|人|辆|批次|次|分|个|项|台|套|件|家|名|[万亿](?=[,;。!?)]|$))|)"
    r"(?![0-9])"
)
_NOT_A_FIGURE_AFTER: Final = re.compile(r"(?:年|月|日|号|季度|时|周|届|期|〕|\]|级|类|款|项\)|版|部分|号文|条|章|节|层|楼)")
# what _NOT_A_FIGURE_AFTER matches, by its first character: one alone, or one of three words
_NOT_A_FIGURE_CHAR: Final = frozenset("年月日号时周届期〕]级类款版条章节层楼")
_NOT_A_FIGURE_WORDS: Final = ("季度", "项)", "部分")
_NOT_A_FIGURE_WORD_LEADS: Final = frozenset("季项部")


def _not_a_figure_after(text: str, end: int) -> bool:
    """Whether ``_NOT_A_FIGURE_AFTER`` matches at ``end`` (< ``len(text)``), without a pattern: a
    set lookup of the next character, and a word only after its first character
    (tests/test_pattern_prefixes.py holds it to the pattern)."""
    c = text[end]
    if c in _NOT_A_FIGURE_CHAR:
        return True
    return c in _NOT_A_FIGURE_WORD_LEADS and text.startswith(_NOT_A_FIGURE_WORDS, end)


_BOUND_AFTER: Final = re.compile(r"(?:以上|以下|以内|及以上|及以下|左右)")
_DELIM: Final = re.compile(r"[,;。!?、:]")
_CHANGE_CHARS: Final = re.compile(r"[增减降升提变节浮幅]")
_CLAUSE_END: Final = re.compile(r"[;。!?]")
_SHARE_TAIL: Final = re.compile(r"占(?:比(?![例重])|比重)?(?P<base>[^,;。、]{0,24}?)(?:的)?(?:比重|比例|份额)?(?:为|达|约|是)?$")
_CHANGE_TAIL: Final = re.compile(
    r"(?P<word>增加|减少|增长|下降|上升|降低|提高|减|增|变动|变化|节约|节省|增幅|降幅|下浮|上浮)"
    r"(?:了|为|率为|率|幅度为|幅度)?(?:约)?$")
_COMPLETE_TAIL: Final = re.compile(
    r"(?P<word>(?:完成(?:了)?|为|占|达到|是)(?P<kind>年初|调整后?|全年|年度)?(?:支出)?预算(?:数)?)(?:的)?(?:比例)?(?:为|是)?$")
_RATE_TAIL: Final = re.compile(r"(?P<name>[\u4e00-\u9fff\"“”()]{1,20}率)(?:为|是|达到|达|约|仅为|仅)?$")
_SCORE_TAIL: Final = re.compile(r"(?:得|得分|计|扣|扣除|扣减|评分|自评得分|自评分|总分|合计)(?:为)?$")
_PRIOR: Final = re.compile(r"(?:上年度|上一年|上年|去年|同期)(?!结转|结余|末)")
_LEAD_NOISE: Final = re.compile(
    r"^\(?(?:其中|包括|主要包括|主要有|分别为|分别是|主要用于以下方面|主要用于|具体为|具体包括|主要是|合计|共计|共有|共|"
    r"截至|截止|另外|此外|以及|和|及|与|并且|其次|最后|首先|全年|本年度|本年|本部门|本单位|我单位|我局|我部门|"
    r"累计完成|累计实现|完成|实现)+")
_TAIL_NOISE: Final = re.compile(r"(?:为|是|达到|达|约|有|仅为|仅|了|累计完成|完成|累计实现|实现)+$")
_YEAR: Final = re.compile(r"(20\d\d)年(?:度)?")
# a label that is only a comparison and its change word (``较上年同期增收``, ``比上年减少``): the amount
# is a change of whatever its clause is about (its role may still be ``plain``: 增收 is no change word here)
CHANGE_ONLY: Final = re.compile(r"^(?:较|比|同比|与)?(?:上年|去年|上一年)?(?:同期)?(?:相比)?(?:增收|减收|增支|减支|增加|减少|增长|下降|短收|超收)$")
_YEAR_WORD: Final = re.compile(r"^(?:年度|年)")
_PAREN_LEVEL: Final = re.compile(r"\((?:类|款|项)\)")


@dataclass(slots=True)
class Mention:
    value: Decimal
    text: str            # the digits as written
    unit: str
    line: int            # index into the document's lines
    start: int           # span of number and unit in the normalised line
    end: int
    label: str = ""      # what it measures, as written just before it
    role: str = "plain"
    word: str = ""       # the change word, the share base or the rate name
    year: int | None = None

    def __init__(self, value: Decimal, text: str, unit: str, line: int, start: int, end: int, label: str = "",
                 role: str = "plain", word: str = "", year: int | None = None) -> None:
        # written out: compiled by mypyc, unlike the one the dataclass decorator would make
        self.value = value
        self.text = text
        self.unit = unit
        self.line = line
        self.start = start
        self.end = end
        self.label = label
        self.role = role
        self.word = word
        self.year = year

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY

    @property
    def wan(self) -> Decimal:
        """The amount in 万元 (only for money)."""
        return self.value * MONEY[self.unit]

    @property
    def shown(self) -> str:
        return f"{self.text}{self.unit}"


def has_digit(text: str) -> bool:
    """Ten substring tests run faster than any regex over a long line of prose without figures."""
    return ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text
            or "6" in text or "7" in text or "8" in text or "9" in text)


def scan_line(text: str, line_no: int) -> list[Mention]:
    """Every stated figure of one normalised line, with label and role."""
    out: list[Mention] = []
    if not has_digit(text):
        return out
    for m in NUMBER.finditer(text):
        raw, unit = m.group(1, 2)
        start, end = m.span()
        if unit is None:
            unit = ""
            if end == len(text) or _not_a_figure_after(text, end):   # 2022年, 第3条, 〔2021〕12号 …
                continue   # (a bare number ending the line is not kept either)
        if start and text[start - 1] == "第":
            continue
        ranged = raw[0] == "-" and start and text[start - 1] in _RANGE_BEFORE
        if ranged:   # ``5亿-10亿元``: the dash of a range, not a minus sign
            raw, start = raw[1:], start + 1
        mention = Mention(_decimal(raw), raw[1:] if raw[0] == "+" else raw, unit, line_no, start, end)
        if unit in MONEY and start and text[start - 1] in "亿万兆":
            _compound(text, mention, out)
        if unit:   # a bare number (a list number, a table cell) measures nothing the checks use
            _classify(text, mention, out)
        if ranged or end < len(text) and text[end] in "以及左" and _BOUND_AFTER.match(text, end):
            mention.role = "bound"
        out.append(mention)
    if "上年" in text or "去年" in text or "同期" in text:
        _bare_bases(text, out)
    return out


# ``支出2.05万元，较上年2.08减少0.03万元``: last year's level printed without its unit, between the
# level it is compared with and the change, both in one unit — read only in exactly this form
_BARE_BASE_BEFORE: Final = re.compile(r",?(?:较|比)(?:上年度|上一年度|上一年|上年同期|上年|去年同期|去年|同期)(?:的)?")
_BARE_BASE_AFTER: Final = re.compile(r"(?:减少|增加|下降|增长|降低|减|增)(?:了)?")


def _bare_bases(text: str, out: list[Mention]) -> None:
    for k in range(1, len(out) - 1):
        level, base, change = out[k - 1], out[k], out[k + 1]
        if base.unit or not level.is_money or level.role != "plain" or change.role != "change":
            continue
        if change.unit != level.unit or _BARE_BASE_BEFORE.fullmatch(text, level.end, base.start) is None:
            continue
        after = _BARE_BASE_AFTER.match(text, base.end)
        if after is None or after.end() != change.start:
            continue
        base.unit = level.unit
        _classify(text, base, out[:k])


# the value of each figure's digits as written, built once: ``Decimal(str)`` costs about a thousand
# instructions, a dict lookup a tenth of that; reports repeat their figures (a total in the text and
# in its table, years, scores).  A Decimal never changes, so one value may be shared by any number
# of mentions.  Emptied when it grows large (a long document of distinct figures).
_DECIMALS: Final[dict[str, Decimal]] = {}


def _decimal(raw: str) -> Decimal:
    value = _DECIMALS.get(raw)
    if value is None:
        if len(_DECIMALS) >= 50_000:
            _DECIMALS.clear()
        value = _DECIMALS[raw] = Decimal(raw)
    return value


_RANGE_BEFORE: Final = frozenset("0123456789亿万千元%")
_COMPOUND: Final = re.compile(r"(?:(\d+(?:\.\d+)?)兆)?(?:(\d+(?:\.\d+)?)亿)?(?:(\d+(?:\.\d+)?)万)?$")
_COMPOUND_SCALE: Final = (Decimal(100000000), Decimal(10000), Decimal(1))   # 兆, 亿, 万 in 万元


def _compound(text: str, mention: Mention, out: list[Mention]) -> None:
    """``3亿4000万元``, ``95亿2401万2千元``, ``2兆749亿元``: one amount written in parts; the number
    scanned is only its last part.  Make it the whole amount, spanning all its parts."""
    m = _COMPOUND.search(text, max(0, mention.start - 40), mention.start)
    if m is None or m.start() == mention.start or (m.start() and text[m.start() - 1] in "0123456789."):
        return
    wan = sum((Decimal(g) * k for g, k in zip(m.groups(), _COMPOUND_SCALE) if g), Decimal(0)) + mention.wan
    places = max(-mention.value.as_tuple().exponent, 0)   # type: ignore[operator]
    if mention.unit == "千元":
        mention.unit, places = "万元", places + 1
    value = (wan / MONEY[mention.unit]).quantize(Decimal(1).scaleb(-places))
    mention.value, mention.text, mention.start = value, format(value, "f"), m.start()
    while out and out[-1].start >= m.start():
        out.pop()   # the parts before the last were scanned as bare numbers


def _classify(text: str, mention: Mention, earlier: list[Mention]) -> None:
    begin = max(0, mention.start - 40)
    if earlier and earlier[-1].end > begin:
        begin = earlier[-1].end
        opened = text.rfind("(", 0, earlier[-1].start)
        if opened >= 0 and text.find(")", opened, earlier[-1].start) < 0 and ")" in text[begin:mention.start]:
            # ``增值税收入(50%部分)672890万元``: the figure before stood inside the parenthesis of this label, whose
            # name starts before it (the label is not ``部分)``, alike for every tax of the list)
            begin = max(max(0, mention.start - 40), max((x.end for x in earlier if x.end <= opened), default=0))
    before = text[begin:mention.start]
    tail = before[_label_start(before):]
    mention.label = clean_label(tail)
    if mention.unit == "%" or mention.unit == "个百分点":
        _classify_percent(tail, before, mention)
    elif mention.unit == "分":
        if _SCORE_TAIL.search(tail) or "得" in tail[-3:]:
            mention.role = "score"
    else:
        change = _CHANGE_TAIL.search(tail) if _CHANGE_CHARS.search(tail) else None
        if change and mention.is_money:
            mention.role = "change"
            mention.word = change.group("word")
        elif ("上" in tail or "去" in tail or "同期" in tail) and _PRIOR.search(tail):
            mention.role = "prior"
    if "年" in before:
        year = _YEAR.findall(before)
        if year:
            mention.year = int(year[-1])


def _label_start(before: str) -> int:
    """Where the label starts: after the last delimiter, except the 、 of ``收、支``/``增、减``."""
    cut = _last_delim(before, len(before)) + 1
    while cut >= 2 and before[cut - 1] == "、" and before[cut - 2] in "收支增减" and (
            cut == 2 or before[cut - 3] in ",;。!?:、年度"):
        cut = _last_delim(before, cut - 1) + 1
    return cut


_DELIMS: Final = (",", ";", "。", "!", "?", "、", ":")


def last_any(text: str, chars: tuple[str, ...], hi: int) -> int:
    """The last position before ``hi`` of any of ``chars`` in ``text`` (-1: none): a few reverse
    scans in C, where a pattern anchored at the end is tried at every delimiter.  The largest is kept
    by comparing, which mypyc compiles; ``max()`` over them is a generic call into the interpreter
    (half the cost), and ``chars`` is a tuple: iterating a string makes a new one-character string
    of each CJK character.  A ``hi`` below 0 (before a text's first character) finds nothing, as 0
    does: it is no index from the end (``rfind`` would read it as one and search almost all the text)."""
    last = -1
    if hi < 0:
        return last
    for c in chars:
        found = text.rfind(c, 0, hi)
        if found > last:
            last = found
    return last


def _last_delim(text: str, hi: int) -> int:
    """The last of ``,;。!?、:`` in ``text[:hi]`` (-1: none)."""
    return last_any(text, _DELIMS, hi)


def _classify_percent(tail: str, before: str, mention: Mention) -> None:
    if mention.unit == "个百分点":
        change = _CHANGE_TAIL.search(tail)
        if change:
            mention.role, mention.word = "change", change.group("word")
        return
    # (each pattern is tried only when the tail holds the word it needs: 预算, 占, a change character, 率)
    complete = _COMPLETE_TAIL.search(tail) if "预算" in tail else None
    if complete:
        mention.role, mention.word = "complete", f"完成{complete.group('kind') or ''}预算"
        return
    share = _SHARE_TAIL.search(tail) if "占" in tail else None
    if share:
        mention.role, mention.word = "share", clean_label(share.group("base"))
        return
    change = _CHANGE_TAIL.search(tail) if _CHANGE_CHARS.search(tail) else None
    if change:
        mention.role, mention.word = "change", change.group("word")
        return
    rate = _RATE_TAIL.search(tail) if "率" in tail else None
    if rate:   # ``2022年预算执行率``: the name starts after the year
        mention.role, mention.word = "rate", clean_label(_YEAR_WORD.sub("", rate.group("name")))


@functools.lru_cache(maxsize=8192)
def clean_label(text: str) -> str:
    """The words naming a quantity, without connectives (其中, 为, 共计 …)."""
    text = text.strip(" \t\"“”'‘’")
    text = _LEAD_NOISE.sub("", text)
    text = _TAIL_NOISE.sub("", text)
    # (``1.公务接待费预算为1万元``: the item's number is read as a figure of its own, its point left over)
    return text.strip(" \t").lstrip(".．")


@functools.lru_cache(maxsize=8192)
def canonical(label: str, report_year: int | None) -> str:
    """A key under which the same quantity stated in two sections meets.

    Years of the report are dropped, other years kept (``2021年`` is last year's figure);
    quotes, 的, (类)/(款)/(项), 决算/决算数 and a trailing 支出 are dropped.
    """
    def year(m: re.Match[str]) -> str:
        return "" if report_year is None or int(m.group(1)) == report_year else f"{m.group(1)}年"

    key = _YEAR.sub(year, label)
    key = _PAREN_LEVEL.sub("", key)
    for junk in ("\"", "“", "”", "'", "的", "决算数", "决算", "财政拨款支出决算", "本年度", "本部门", "本单位", " "):
        key = key.replace(junk, "")
    key = key.replace("支出数", "支出").replace("经费支出", "经费").lstrip(".、．")   # (``1. 基本支出``: the number read apart)
    if key.endswith("支出") and len(key) > 3:
        key = key[:-2]
    return key
