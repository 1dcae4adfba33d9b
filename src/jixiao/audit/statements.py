"""Extract the relations a narrative sentence states: changes against last year or the budget,
``其中`` breakdowns, changes broken down by item, and counted lists.

Every relation is read from the text's own structure and says how (``Relation.basis``):

* **change** — ``[名称]C万元，较[上年|预算数][B万元](增加|减少)D万元，(增长|下降)R%``.  C is the
  nearest amount before the comparison in the same sentence (or the amounts of two years stated
  side by side: ``2021年…为B，2022年…为C``); B, D and R are whichever the text states.  Checked:
  D = |C − B|, the direction word against C − B, R = D ÷ 上年 (上年 = B, or C ∓ D).  Read from a
  sentence before, by the same name, the relation is *inferred*.
* **sum** — ``合计T，其中：A a，B b…`` up to the full stop, or the numbered items after a line
  ending in ``其中：``.  The parts are the first amount of each clause.  A list whose parts add to
  more than the whole is wrong for certain; a list that adds to less is wrong for certain only when
  the parts named are all of the whole (``data/decompositions.yaml``), otherwise it may simply be
  incomplete: a warning when it falls just short, else not checked (counted).
* **change-sum** — a change followed by ``其中：`` and the changes of its items (signed).
* **count** — ``N个，即A、B、C`` (or ``分别为/分别是``): N against the names listed.

Nothing here judges: :mod:`jixiao.audit.verify` does.
"""
from __future__ import annotations

from bisect import bisect_left
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Callable, Final, Iterator


from jixiao.audit.claims import Extraction, Figure, Operand, Reading, Relation
from jixiao.audit.mentions import MONEY, Mention, canonical, last_any
from jixiao.audit.quantity import load_quantities
from jixiao.ingest.packaged import load_plain

UP: Final = ("增加", "增长", "上升", "提高", "增收", "增支", "增幅", "上浮", "增")
DOWN: Final = ("减少", "下降", "降低", "减收", "减支", "降幅", "减幅", "下浮", "减", "负增长")
NEUTRAL: Final = ("变动", "变化")
_CHANGE_BEFORE: Final = re.compile(
    r"[(（]?(?P<word>负增长|增加|减少|增长|下降|上升|降低|提高|增收|减收|增支|减支|增幅|降幅|减幅|下浮|上浮|变动|变化|增|减)"
    r"[)）]?(?:了|为|率为|率|幅度为|幅度|幅为|幅|支出|收入|资金|经费|约|达)*\s*$")
# a character every change word of _CHANGE_BEFORE holds (下浮, 上浮: 浮): a span holding none states no
# change, and _CHANGE_BEFORE, which has no set of first characters to skip ahead to, is not tried on it
# (tests/test_pattern_prefixes.py)
_CHANGE_CHARS: Final[tuple[str, ...]] = ("增", "减", "降", "升", "提", "变", "浮")
# (a bare 比 compares, but not in 比重, 比例 or 比率: ``税收占财政总收入的比重为x%`` is a share)
_COMPARE: Final = re.compile(r"比上年同期|较上年同期|比去年同期|较去年同期|比上年度|较上年度|比上年|较上年|比去年|较去年|同比|环比|与上年相比|与上年度相比|与20\d\d年(?:度)?相比|与上年同期相比|较|比(?![重例率])|与[^,;。]{1,24}?相比")
_CLAUSE_END: Final = re.compile(r"[,;。!?]")
# the words opening a list (a 不 before 包括 is checked after the match: a look-behind at the
# front would make the regex engine try it at every position)
# (the words ending a line, 如下 …, start with a character of the same set, so that the whole pattern
# starts with it and the regex engine skips ahead: tests/test_pattern_prefixes.py)
_QIZHONG: Final = re.compile(r"[其主具包分构如](?:(?:(?<=其)中|(?<=主)要包括|(?<=具)体包括|(?<=具)体有|(?<=包)括|(?<=分)别为|(?<=分)别是|"
                             r"(?<=具)体为|(?<=构)成为|(?<=分)项情况(?:是|为|如下)|(?<=具)体情况是)[:,]?"
                             r"|(?:(?<=如)下|(?<=分)述如下|(?<=具)体情况如下)[:]?\s*$)")
_LIST_HINT: Final[tuple[str, ...]] = ("其中", "包括", "分别", "具体", "构成", "分项", "如下")
_CLASS_SPLIT: Final = re.compile(r"按[^,;。]{0,8}?分类(?:科目)?")
_LIST_MARK: Final = re.compile(r"^\s*(?:\d{1,2}[.、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|[①-⑳])")
_ETC: Final = re.compile(r"等(?![级次])")
_OTHERS_AFTER: Final = re.compile(r"\s*(?:其他|其它|其余)")   # the sentence after a list speaks of the parts it left out
_COUNT: Final = re.compile(r"(?P<n>\d{1,3})(?P<unit>个|家|项|所|名)[^,;。]{0,12}?[,:]?\s*(?:即|分别(?:为|是))[:]?(?P<items>[^。;]*)")
_PRIOR_YEAR_LABEL: Final = re.compile(r"(20\d\d)年")
_ANY_YEAR: Final = re.compile(r"\d{2,4}年")   # a year of any calendar (2024年, 民国113年度) is no amount
_GAP_CLAUSES: Final = re.compile(
    r"(?:比上年同期|比上年度|较上年度|比上年|较上年|同比|与上年相比|与上年度相比)?[,]?\s*"
    r"(?:增加|减少|增长|下降|上升|降低|提高|增幅|降幅|减幅|增|减)(?:了|为)?\s*[\d.]+\s*(?:万元|亿元|元|%)"
    r"|占[^,;。]{0,16}?(?:的)?(?:比重|比例)?(?:为)?[\d.]+%"
    r"|(?:较|比)(?:上年|去年|20\d\d年)(?:度)?(?:的)?[\d.]+(?:万元|亿元|元)"   # 较2024年的2190万元
    # ``与上年预算基本持平``: no change of the whole, no other subject
    + r"|(?:与|和|同|较|比)(?:上年|去年|20\d\d年)(?:度)?(?:同期)?(?:预算|决算)?(?:数)?(?:相比)?(?:基本)?持平")
_GAP_WORDS: Final = re.compile(r"[\s,:;()“”\"]|主要|具体|分别|各项|合计|共计|累计|其中|万元|亿元|元")
_BOTH_SIDES: Final = re.compile(r"收、支|收支")
_OTHER_BASIS: Final = re.compile(r"同口径|可比口径|剔除|扣除|按可比")   # a rate on another basis than the amounts stated
_AFTER_XIANGBI: Final = re.compile(r"相比\s*$")
_PRIOR_LEAD: Final = re.compile(r"\s*(?:上年|上年度|去年|上年同期)(?:决算数|决算|数)?(?:为|是)?\s*")   # ``上年为3763.13万元，减少…``
_OBJECT_OF_RATE: Final = re.compile(r"的\s*[\d.]+%")   # 完成年初预算数60999万元的40.4%: a budget, not this year's figure


def holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Does ``text`` hold one of ``words``?  (A loop the compiled build runs as such: ``any()`` over a
    generator went through an iterator object per line.)"""
    for w in words:
        if w in text:
            return True
    return False


def _drop_change_words(text: str) -> str:
    """``_CHANGE_BEFORE`` removed from ``text``, tried only when it holds a character of a change word."""
    return _CHANGE_BEFORE.sub("", text) if holds_any(text, _CHANGE_CHARS) else text


def _drop_comparisons(text: str) -> str:
    """``_COMPARE`` removed from ``text``, tried only when it holds 比 or 较 (each of its words does)."""
    return _COMPARE.sub("", text) if "比" in text or "较" in text else text


def _object_of_rate(text: str, pos: int) -> bool:
    """Does ``的x%`` follow ``pos`` (``_OBJECT_OF_RATE``)?  Tried only when the character there is 的."""
    return text[pos:pos + 1] == "的" and _OBJECT_OF_RATE.match(text, pos) is not None


def _paren_start(text: str, pos: int) -> int:
    """Where the parenthesis around ``pos`` opens (-1 outside any): a change inside ``(其中:…)``
    compares the figures inside it."""
    opened = text.rfind("(", 0, pos)
    return opened if opened > text.rfind(")", 0, pos) else -1


@dataclass(frozen=True)
class Decomposition:
    whole: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    complete: bool = True     # naming every part proves the list complete
    alone: tuple[str, ...] = ()   # words of a part that may also name the whole (``公务用车运行``)
    derived: bool = False         # a part listed as its own parts (below): never a better fit for a label


@lru_cache(maxsize=1)
def decompositions() -> tuple[Decomposition, ...]:
    """Wholes whose named parts are all of them (三公经费 = 出国 + 公务用车 + 接待 …), from YAML."""
    text = resources.files("jixiao.audit").joinpath("data/decompositions.yaml").read_text("utf-8")
    out = []
    for raw in load_plain(text)["decompositions"]:
        out.append(Decomposition(tuple(raw["whole"]), tuple(tuple(p) for p in raw["parts"]),
                                 bool(raw.get("complete", True)), tuple(raw.get("alone", ()))))
    # a part that is itself a complete whole may be listed as its own parts (三公经费 = 出国 + 公务用车购置
    # + 公务用车运行 + 接待): each such decomposition is added with that part replaced by its parts
    derived = []
    for d in out:
        for k, part in enumerate(d.parts):
            for e in out:
                if e is not d and e.complete and d.complete and set(part) & set(e.whole):
                    derived.append(Decomposition(d.whole, d.parts[:k] + e.parts + d.parts[k + 1:], True, d.alone, True))
    return tuple(out + derived)


def _matches(label: str, words: tuple[str, ...]) -> int:
    """Length of the longest of ``words`` in ``label`` (0: none).  (A loop, not max() over a generator,
    and a word no longer than the best so far is not looked for.)"""
    best = 0
    for w in words:
        if len(w) > best and w in label:
            best = len(w)
    return best


def _part_scores(label: str, k: int) -> tuple[int, ...]:
    """How well ``label`` names each part of the ``k``-th decomposition (the longest word of each in
    it); all 0 when a part of another decomposition fits it better: ``公务用车购置费`` is a part of a part
    of 三公经费 (of 公务用车购置及运行费), never the 公务用车 part itself (unless it holds a word that may
    name that decomposition's whole alone: ``公务用车运行维护费``)."""
    return _label_fits(label)[k]


@lru_cache(maxsize=8192)
def _raw_fits(label: str) -> tuple[tuple[int, ...], ...]:
    """For every decomposition, the longest word of each of its parts in ``label`` (0: none)."""
    return tuple(tuple(_matches(label, p) for p in d.parts) for d in decompositions())


@lru_cache(maxsize=8192)
def _label_fits(label: str) -> tuple[tuple[int, ...], ...]:
    """:func:`_part_scores` of ``label`` for every decomposition, worked out once per label."""
    ds = decompositions()
    raw = _raw_fits(label)
    out = []
    for k, scores in enumerate(raw):
        best = max(scores)
        if best and any(m > best and not any(w in label for w in ds[j].alone)
                        for j in range(len(ds)) if j != k and not ds[j].derived for m in raw[j]):
            scores = (0,) * len(scores)
        out.append(scores)
    return tuple(out)


@lru_cache(maxsize=1)
def _whole_words() -> tuple[str, ...]:
    """The words naming a decomposition's whole, less those holding a shorter one (三公经费 holds 三公):
    a text holding none of them names no whole (``_whole_fits`` is all False for any part of it)."""
    words = {w for d in decompositions() for w in d.whole}
    return tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))


@lru_cache(maxsize=4096)
def _whole_fits(whole: str) -> tuple[bool, ...]:
    """For every decomposition: does ``whole`` name its whole (and no part of it better)?"""
    out = []
    for d in decompositions():
        w = _matches(whole, d.whole)
        out.append(bool(w) and not any(_matches(whole, p) > w for p in d.parts))
    return tuple(out)


def _placings(whole: str, parts: list[str]) -> Iterator[tuple[Decomposition, list[int]]]:
    """Each known decomposition of ``whole`` in which every label of ``parts`` names a different part:
    the decomposition and the index of the part each label names."""
    fits = _whole_fits(whole)
    for k, d in enumerate(decompositions()):
        if not fits[k]:
            continue
        slots = []
        for label in parts:
            scores = _part_scores(label, k)
            best = max(scores)
            if not best:
                break
            slots.append(scores.index(best))
        else:
            if len(set(slots)) == len(slots):
                yield d, slots


def complete_decomposition(whole: str, parts: list[str], partial: bool = False) -> bool:
    """Do ``parts`` name every part of ``whole``, each once, and nothing else?
    (``partial``: each names a different part, not necessarily all of them yet.)"""
    return any(partial or (d.complete and len(slots) == len(d.parts)) for d, slots in _placings(whole, parts))


def part_slots(whole: str, labels: list[str]) -> list[int] | None:
    """For labels some of which name the parts of a complete decomposition of ``whole``: the index of
    the one label naming each part, in the decomposition's order; None when a part is not named, or
    named by two labels."""
    fits = _whole_fits(whole)
    for j, d in enumerate(decompositions()):
        if not d.complete or not fits[j]:
            continue
        found: list[list[int]] = [[] for _ in d.parts]
        for k, label in enumerate(labels):
            scores = _part_scores(label, j)
            if max(scores):
                found[scores.index(max(scores))].append(k)
        if all(len(ks) == 1 for ks in found):
            return [ks[0] for ks in found]
    return None


def missing_parts(whole: str, parts: list[str]) -> list[tuple[str, ...]]:
    """The parts of a known whole that ``parts`` do not name ([] when the whole is unknown, a label
    names no part, or two labels name the same one)."""
    for d, slots in _placings(whole, parts):
        return [p for k, p in enumerate(d.parts) if k not in slots]
    return []


# -- the figures of a sentence ---------------------------------------------------------------


@dataclass(frozen=True)
class Stated:
    """A money or percent figure of one sentence, with its role in that sentence."""

    m: Mention
    change: str = ""        # the change word before it ("" for a level)
    base: bool = False      # the B of ``较上年B万元增加D万元``

    def __init__(self, m: Mention, change: str = "", base: bool = False) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "m", m)
        object.__setattr__(self, "change", change)
        object.__setattr__(self, "base", base)

    @property
    def sign(self) -> int:
        if self.change in DOWN:
            return -1
        return 1


def _start(m: Mention) -> int:
    return m.start


def _is_money(m: Mention) -> bool:
    return m.unit in MONEY


def _stated(text: str, mentions: list[Mention], lo: int, hi: int) -> list[Stated]:
    out: list[Stated] = []
    prev_end = lo
    for m in mentions[bisect_left(mentions, lo, key=_start):]:
        if m.start >= hi:
            break
        if m.end > hi or not (_is_money(m) or m.unit == "%") or m.role == "bound":
            continue
        clause_start = max(prev_end, _last_delim(text, lo, m.start))
        ch = _CHANGE_BEFORE.search(text[clause_start:m.start]) if _may_change(text, clause_start, m.start) else None
        out.append(Stated(m, ch.group("word") if ch else ""))
        prev_end = m.end
    # the base of a comparison: a level right after 较/比 and right before a change figure
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.change or not _is_money(a.m) or not b.change:
            continue
        if not _may_change(text, a.m.end, b.m.start) \
                or _CHANGE_BEFORE.fullmatch(text[a.m.end:b.m.start].strip(" ,")) is None:
            continue
        lead = text[_last_delim(text, lo, a.m.start):a.m.start]
        if re.search(r"\d", _ANY_YEAR.sub("", lead)):
            continue   # ``较上年决算数688.84万元131.49万元，增长19.09%``: another amount stands after 较 first
        if _AFTER_XIANGBI.search(lead):
            continue   # ``与上年相比21.79万元，增长14.01%``: the change word lost, not last year's level (that
            #            stands before 相比: ``与上年的155.49万元相比``)
        if (("较" in lead or "比" in lead) and len(lead) <= 40) or _PRIOR_LEAD.fullmatch(lead):
            out[k] = Stated(a.m, "", True)
    return out


#: per document (cleared by :func:`new_document`): a line's clause delimiter positions, and the
#: change word / comparison test of a figure at a place; keyed by the line's text and position
_DELIMS: dict[str, list[int]] = {}
_CHANGE_MARKS: dict[str, list[int]] = {}   # (where a character of _CHANGE_CHARS stands)
_STOPS: dict[str, list[int]] = {}   # (where a line's 。!? stand)
_SENTENCES: dict[str, list[tuple[int, int]]] = {}
_CHANGE_WORDS: dict[tuple[str, int], str] = {}
_COMPARISONS: dict[tuple[str, int, int], bool] = {}


def new_document() -> None:
    """Forget the memos of the document before (they are keyed by line text, so that the same
    line in the next document is worked out again, not taken from a cache)."""
    _DELIMS.clear()
    _CHANGE_MARKS.clear()
    _STOPS.clear()
    _SENTENCES.clear()
    _CHANGE_WORDS.clear()
    _COMPARISONS.clear()
    _UNMARKED.clear()


_DELIM_CHARS: Final = (",", ";", ":", "。", "!", "?", "、")   # the characters that end a clause


def _char_positions(text: str, chars: tuple[str, ...]) -> list[int]:
    """Where any of ``chars`` (single characters) stands in ``text``, in order: a ``str.find`` per
    character and hit (a pattern of the set tests it at every character and builds a match object
    per hit; tests/test_pattern_prefixes.py holds the two equal)."""
    found: list[int] = []
    for c in chars:
        k = text.find(c)
        while k >= 0:
            found.append(k)
            k = text.find(c, k + 1)
    found.sort()
    return found


def _delims(text: str) -> list[int]:
    """Where the line's clause delimiters stand, found once per line."""
    found = _DELIMS.get(text)
    if found is None:
        found = _DELIMS[text] = _char_positions(text, _DELIM_CHARS)
    return found


def _change_marks(text: str) -> list[int]:
    """Where the line's characters of change words (``_CHANGE_CHARS``) stand, found once per line."""
    marks = _CHANGE_MARKS.get(text)
    if marks is None:
        marks = _CHANGE_MARKS[text] = _char_positions(text, _CHANGE_CHARS)
    return marks


def _may_change(text: str, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` hold a character of a change word (``_CHANGE_CHARS``)?  Without one, no
    search of ``_CHANGE_BEFORE`` in it can match; the line's marks are found once, then bisected."""
    marks = _change_marks(text)
    k = bisect_left(marks, lo)
    return k < len(marks) and marks[k] < hi


def _last_delim(text: str, lo: int, pos: int) -> int:
    """Just after the last clause delimiter in ``text[lo:pos]`` (``lo`` when there is none)."""
    delims = _delims(text)
    k = bisect_left(delims, pos) - 1
    return delims[k] + 1 if k >= 0 and delims[k] >= lo else lo


def sentences(text: str) -> list[tuple[int, int]]:
    """The line's sentences as (start, end), each ending after its 。!? (the last may end without
    one); worked out once per line, as several passes ask for the same line's."""
    found = _SENTENCES.get(text)
    if found is None:
        found = []
        start = 0
        for stop in sentence_stops(text):
            found.append((start, stop + 1))
            start = stop + 1
        if start < len(text):
            found.append((start, len(text)))
        _SENTENCES[text] = found
    return found


_STOP_CHARS: Final[tuple[str, ...]] = ("。", "!", "?")   # the characters that end a sentence
_STOPS_SEMI: Final[tuple[str, ...]] = ("。", "!", "?", ";")
_CLAUSE_STOPS: Final[tuple[str, ...]] = (",", ";", "。", ":")


def sentence_stops(text: str) -> list[int]:
    """Where the line's sentences end (its 。!?), found once per line."""
    found = _STOPS.get(text)
    if found is None:
        found = _STOPS[text] = _char_positions(text, _STOP_CHARS)
    return found


def _states_change(text: str, lo: int, hi: int) -> bool:
    """Does ``text[lo:hi]`` hold one of 增减降升提变 (a change stated, as extract_changes reads one)?  From
    the line's change marks, which hold 浮 as well."""
    marks = _change_marks(text)
    k = bisect_left(marks, lo)
    while k < len(marks) and marks[k] < hi:
        if text[marks[k]] != "浮":
            return True
        k += 1
    return False


# -- changes ---------------------------------------------------------------------------------


_NEW_ITEM: Final = re.compile(r"[;]|其中")
_LAST_YEAR_BASE: Final = re.compile(r"上年|去年|同比|同期")


def _new_comparison(text: str, first: int, last_end: int, nxt: int) -> bool:
    """Does a comparison against another base start between the run so far and the next change
    figure?  ``较上年同期增收1735万元，同比增长6.2%``: both against last year — one change, not two."""
    new = _COMPARE.search(text, last_end, nxt)
    if new is None:
        return False
    lo = last_any(text, _STOPS_SEMI, first) + 1
    before = None
    for before in _COMPARE.finditer(text, lo, first):
        pass
    return not (before is not None and _LAST_YEAR_BASE.search(before.group())
                and _LAST_YEAR_BASE.search(new.group()))


def _groups(text: str, figs: list[Stated]) -> list[tuple[int, list[Stated]]]:
    """Runs of change figures (with the base before them): (index of the first figure, run)."""
    out: list[tuple[int, list[Stated]]] = []
    k = 0
    while k < len(figs):
        if figs[k].change or figs[k].base:
            j = k
            run: list[Stated] = []
            while j < len(figs) and (figs[j].change or (figs[j].base and not run)):
                if run and figs[j].change and _new_comparison(text, run[0].m.start, run[-1].m.end, figs[j].m.start):
                    break   # a new comparison starts (较上年…，较预算数…)
                if run and figs[j].change and _NEW_ITEM.search(text, run[-1].m.end, figs[j].m.start):
                    break   # ``…下降20%，其中：A减少2万元，下降16.67%；B减少…``: each item its own change
                run.append(figs[j])
                j += 1
            out.append((k, run))
            k = j
        else:
            k += 1
    return out


# ``比上年累计支出433万元减少2万元``: 累计 right after 上年 and before 支出/收入 names last year's total,
# no subject of its own (and no span of months)
_PRIOR_TOTAL: Final = re.compile(r"((?:比|较)(?:上年|去年)(?:度)?)累计(?=支出|收入)")


def _subject(text: str, lo: int, first: Stated) -> str:
    """The name the change clause gives its subject: ``公务用车运行费减少…`` → 公务用车运行费."""
    start = max([lo] + [text.rfind(c, lo, first.m.start) + 1 for c in ",;:。!?"])
    clause = text[start:first.m.start]
    if _may_change(text, start, first.m.start):
        clause = _CHANGE_BEFORE.sub("", clause)
    if "累计" in clause:
        clause = _PRIOR_TOTAL.sub(r"\g<1>", clause)
    clause = _drop_comparisons(clause)
    stem = _stem(clause)
    return stem if len(stem) >= 2 else ""


_STEM_JUNK: Final = re.compile(r"按?(?:同|可比)口径(?:计算)?|\d{2,4}年(?:度)?|本年度|本年|[今明]年度|[今明]年|法定预算数|法定预算|上年度|上年同期|上年|去年同期|去年|同期|全年|年度|年初|“|”|\"|的|决算数|决算|预算数|预算|调整数|支出数|支出|为|是|"
                               r"共计|合计|总计|其中|[(（][^)）]*[)）]|\s")
_STEM_MARK: Final = re.compile(r"^(?:\d*[.、]|[一二三四五六七八九十]+、)")   # (``.公务…``: the number read apart)
_LIGHT: Final = re.compile(r"[\s“”\"():,、]|20\d\d年(?:度)?|^(?:\d+[.、]|[一二三四五六七八九十]+、)|(?:为|是)$")
_CJK: Final = re.compile(r"[\u4e00-\u9fff]")
_COMPARISON_LEAD: Final[tuple[str, ...]] = ("较", "比", "去年")   # (同比 holds 比)


def _holds_comparison(lead: str) -> bool:
    """Does the clause before a figure compare (较, 比, 同比, 上年, 去年)?  上年结转 / 上年(度)结余 names
    an item of this year, not a comparison."""
    if holds_any(lead, _COMPARISON_LEAD):
        return True
    k = lead.find("上年")
    while k >= 0:
        rest = lead[k + 3:] if lead.startswith("度", k + 2) else lead[k + 2:]
        if not (rest.startswith("结转") or rest.startswith("结余")):
            return True
        k = lead.find("上年", k + 2)
    return False


_TOTAL_NAME: Final = re.compile(r"(?:收、支|收支|收入|支出)(?:总计|合计)")


@lru_cache(maxsize=16384)
def _stem(label: str) -> str:
    total = _TOTAL_NAME.search(label)
    if total is not None:
        return total.group()   # (收入总计 and 支出总计 are two names, not 收入 and nothing)
    label = _STEM_JUNK.sub("", label)
    label = label[:-1] if label.endswith("各") else label
    return _STEM_MARK.sub("", label)


def extract_changes(lines: list[str], mentions: list[list[Mention]], year: int | None) -> Extraction:
    out = Extraction()
    for i, text in enumerate(lines):
        if not mentions[i] or not _states_change(text, 0, len(text)):
            continue
        for lo, hi in sentences(text):
            if not _states_change(text, lo, hi):
                continue   # no 增/减/降/升/变 in the sentence: no change stated
            figs = _stated(text, mentions[i], lo, hi)
            for k, run in _groups(text, figs):
                rel = _change_relations(lines, mentions, i, text, lo, figs, k, run, year)
                if rel is None:
                    out.unclear += 1
                else:
                    out.relations += rel
    return out


def _change_relations(lines: list[str], mentions: list[list[Mention]], i: int, text: str, lo: int,
                      figs: list[Stated], k: int, run: list[Stated], year: int | None) -> list[Relation] | None:
    base = run[0] if run[0].base else None
    changes = [s for s in run if s.change]
    amount = next((s for s in changes if _is_money(s.m)), None)
    rate = next((s for s in changes if s.m.unit == "%"), None)
    if amount is None and rate is None:
        return []
    anchor = base or changes[0]
    compare = None
    for compare in _COMPARE.finditer(text, lo, anchor.m.start):
        pass   # the comparison nearest before the change
    reading = Reading.EXPLICIT
    current = prior2 = alt = None
    nameless = False
    region = _paren_start(text, anchor.m.start)
    levels = [s for s in figs[:k] if not s.change and not s.base and _is_money(s.m)
              and not _object_of_rate(text, s.m.end) and _paren_start(text, s.m.start) == region]
    subject = _subject(text, lo, anchor)
    found: tuple[Stated, Stated | None, Reading] | None
    if compare is None and base is None and not any(s.change in ("增收", "减收", "增支", "减支") for s in changes):
        # 增长/下降 without 比/较: a comparison only when the years stated before say so
        pair = _year_pair(text, [x.m for x in levels], year)
        found = (Stated(pair[1]), Stated(pair[0]), Reading.EXPLICIT) if pair else (
            None if levels else _look_back(lines, mentions, i, lo, subject, year))
        if found is not None and found[1] is not None:
            current, prior2, reading = found
        elif levels and amount is not None and rate is not None and not subject:
            # ``完成51653万元，增加6455万元，增长14.28%``: a change of the amount before it, though no
            # 比上年 says against what — read, but only as an inferred relation (a warning at most)
            current, reading = levels[-1], Reading.INFERRED
        else:
            return []
    elif levels:
        cand = levels[-1]
        side = _side_by_side(text, [x.m for x in levels])
        if side is not None and base is None:
            # ``2016年预算8万元，2015年预算12.5万元；对比减少4.35万元``: the years say which is which,
            # whatever the order the two amounts are written in
            cand, base = Stated(side[1]), Stated(side[0], "", True)
        elif compare is not None and cand.m.start > compare.start() and base is None:
            return []   # the level stands between 较 and the change: not a current figure
        if "其中" in text[cand.m.end:anchor.m.start]:
            return None   # ``A万元，…，其中包括B项，较上年…增加C万元``: the change is of an item the list names
        current = cand
        if subject and _stem(cand.m.label) and subject not in _stem(cand.m.label) \
                and _stem(cand.m.label) not in subject and not _same_subject(subject, cand.m.label):
            return None   # the clause names another subject than the amount before it
        if not subject and side is None:
            whole = _list_whole(text, lo, figs[:k], cand)
            if whole is not None:
                alt, reading = whole, Reading.INFERRED
    else:
        opens = compare is not None and not text[lo:compare.start()].strip()
        found = _look_back(lines, mentions, i, lo, subject, year, opens)
        if found is None and subject:
            found = _named_back(lines, mentions, i, subject, text[:anchor.m.start], year)
        if found is None:
            return None
        current, prior2, reading = found
        nameless = not subject and reading is Reading.INFERRED
    if base is None and prior2 is not None:
        base = prior2
    ops_c = Operand("本年", Figure.of(current.m))
    rels: list[Relation] = []
    word = (amount or rate).change  # type: ignore[union-attr]
    basis = "同句：本年数、比较基数与增减" if reading is Reading.EXPLICIT else (
        "前句所写的唯一数字与本句未写主语的增减" if nameless else "前文同名数字与本句增减")
    if alt is not None:
        basis = "“其中”末项之后未写主语的增减，可能是末项的，也可能是合计的"
    tail = (Operand(ALTERNATIVE, Figure.of(alt.m)),) if alt is not None else ()
    if base is not None:
        ops_b = Operand("上年", Figure.of(base.m))
        if amount is not None:
            rels.append(Relation("change-amount", Figure.of(amount.m), (ops_c, ops_b) + tail, reading, basis,
                                 word=amount.change))
        elif word not in NEUTRAL and not (rate is not None and rate.m.value < 0):
            # (``增长-10%``: a growth printed negative is a fall; its direction is the rate's relation's to tell)
            rels.append(Relation("direction", Figure.of(current.m), (ops_c, ops_b) + tail, reading, basis, word=word))
        if rate is not None:
            # with the change amount stated too, the rate may have been worked from it (Δ ÷ (C ∓ Δ)):
            # verify accepts either reading, so a slip in one level is reported once, on the amount
            extra = (Operand("变动额", Figure.of(amount.m), amount.sign),) if amount is not None else ()
            rels.append(Relation("change-rate", Figure.of(rate.m), (ops_c, ops_b) + extra + tail, reading, basis,
                                 word=rate.change))
    elif amount is not None and rate is not None and not _OTHER_BASIS.search(text, amount.m.end, rate.m.start) \
            and not _OTHER_BASIS.search(text[_last_delim(text, lo, rate.m.start):rate.m.start]):
        rels.append(Relation("change-rate", Figure.of(rate.m),
                             (ops_c, Operand("变动额", Figure.of(amount.m), amount.sign)) + tail, reading, basis,
                             word=rate.change))
    return rels


#: the role of an operand that may stand for the first (本年) instead: a relation holds when it holds
#: with either (:func:`jixiao.audit.verify.verify`)
ALTERNATIVE: Final = "或本年"


def _list_whole(text: str, lo: int, before: list[Stated], cand: Stated) -> Stated | None:
    """The whole of a ``其中`` list of this sentence when ``cand`` is its last item and the change after
    it may be the whole's: ``运行经费300万元，其中：基本支出20万元，项目支出280万元，同比增加200万元`` —
    no item before the last states a change of its own, so the change (naming no subject) may be the
    whole's as well as the last item's.  None when the list is not of that shape."""
    q = None
    for q in _QIZHONG.finditer(text, lo, cand.m.start):
        pass
    if q is None or "如下" in q.group():
        return None
    wholes = [s for s in before if s.m.end <= q.start() and not s.change and not s.base and _is_money(s.m)]
    items = [s for s in before if s.m.start >= q.end() and s.m.start < cand.m.start]
    if not wholes or not items or any(s.change or s.base or not _is_money(s.m) for s in items):
        return None
    return wholes[-1]


def _look_back(lines: list[str], mentions: list[list[Mention]], i: int, lo: int, subject: str,
               year: int | None, opens: bool = False) -> tuple[Stated, Stated | None, Reading] | None:
    """The current (and prior) figure of a change stated in a sentence of its own.

    ``2021年X为B万元，2022年X为C万元；X减少D`` — two years side by side in the sentence before
    (explicit: the years say which is which).  Otherwise the last amount of the sentence before,
    when its name is the change's subject, or when the change names none and opens its sentence with
    the comparison (``X决算总计B万元。与上年相比增加D万元，增长R%``) and that sentence states one
    amount only (inferred)."""
    text = lines[i]
    prev = [(a, b) for a, b in sentences(text) if b <= lo]
    # ";" also ends the statement the change refers to
    semi = text.rfind(";", 0, lo)
    spans = []
    if semi >= 0:
        start = max(text.rfind("。", 0, semi) + 1, 0)
        spans.append((i, start, semi))
    if prev:   # the sentence before, or the one before that (``差旅费12万元。全年出差120人次。与上年相比…``)
        spans += [(i, a, b) for a, b in reversed(prev[-2:])]
    elif i > 0 and mentions[i - 1]:
        spans.append((i - 1, *list(sentences(lines[i - 1]))[-1]))
    for li, a, b in spans:
        ms = [m for m in mentions[li] if a <= m.start and m.end <= b and _is_money(m) and m.role not in ("bound", "change")]
        if not ms:
            continue
        pair = _year_pair(lines[li], ms, year)
        if pair:
            return Stated(pair[1]), Stated(pair[0]), Reading.EXPLICIT
        if len(ms) >= 2 and _PRIOR_LEAD.fullmatch(_lead_of(lines[li], ms[-1])):
            # ``收、支总计717.21万元，上年为735.3万元。`` then the change: last year is spelled out
            return Stated(ms[-2]), Stated(ms[-1], "", True), Reading.EXPLICIT
        last = ms[-1]
        if subject and _stem(last.label) and (_same_subject(subject, last.label)
                                              or (li == i and prev and a == prev[-1][0] and _inside(subject, last.label))):
            return Stated(last), None, Reading.INFERRED
        named = [m for m in ms if li == i and subject and _names_subject(subject, lines[li], m)
                 and not _is_comparison(lines[li], m)]
        if len(named) == 1:
            # ``收入总计A万元，支出总计B万元。与上年相比，收入总计增加C万元…``: the one amount so named in
            # the sentence before on the same line (across lines, `_named_back` with its checks of year);
            # an amount named by its measure alone by the sentence's subject (``X支出预算为A元，支出决算为
            # B元。…X支出决算数比上年减少C元``)
            return Stated(named[0]), None, Reading.INFERRED
        if not subject and opens and len(ms) == 1 and li == i and not _is_comparison(lines[li], last):
            return Stated(last), None, Reading.INFERRED
        if _BOTH_SIDES.fullmatch(subject) and len(ms) == 2 and ms[0].value == ms[1].value and ms[0].unit == ms[1].unit \
                and "收入" in ms[0].label and "支出" in ms[1].label:
            # ``收入总计A万元，支出总计A万元。收支较上年减少D万元`` — both sides, one level
            return Stated(last), None, Reading.INFERRED
        if subject and li == i and text[a:b].lstrip().startswith("其中"):
            continue   # the sentence before lists the parts of the one before it: the whole is there
        return None
    return None


def _names_subject(subject: str, text: str, m: Mention) -> bool:
    """Is ``m`` named as the change's subject?  By its own name, or where it is named by its measure
    alone (``，支出决算为B元``), by the subject of its sentence, which may open with the unit's name
    (``某局2022年度“三公”经费支出预算为A元，支出决算为B元`` names 某局…“三公”经费)."""
    if _stem(m.label):
        return _same_subject(subject, m.label)
    if len(subject) < 4 or not _BARE_MEASURE.fullmatch(m.label):
        return False
    full = _sentence_subject(text, m)
    return bool(full) and (_same_subject(subject, full) or _stem(full).endswith(subject))


def _inside(subject: str, label: str) -> bool:
    """``全县“三公”经费总支出`` and ``“三公”经费支出``: one name inside the other, the shorter of at least
    three characters (``项目`` inside ``专项项目`` says nothing)."""
    other = _stem(label)
    short, long = (subject, other) if len(subject) <= len(other) else (other, subject)
    return len(_CJK.findall(short)) >= 3 and short in long


_BUDGET_WORD: Final = re.compile(r"预算")
_A_YEAR_RE: Final = re.compile(r"(20\d\d)年")


def _other_years(text: str, m: Mention, years: set[str]) -> bool:
    """Does the sentence of ``m``, up to it, name years none of which is one of ``years`` (any year, when
    ``years`` is empty: which year the change is of is not known)?"""
    lo = last_any(text, _STOP_CHARS, m.start) + 1
    named = set(_A_YEAR_RE.findall(text, lo, m.start))
    return bool(named) and not named & years


def _named_back(lines: list[str], mentions: list[list[Mention]], i: int, subject: str,
                head: str, year: int | None) -> tuple[Stated, Stated | None, Reading] | None:
    """``…其中：公务用车购置及运行维护费支出决算减少2万元，下降16.67%`` after a paragraph stating each item's
    决算: the one amount of the two lines before whose name is the change's subject, which is a budget
    figure exactly when the change's sentence speaks of a budget, and whose sentence names no other year
    than the one the change's line (``head``, up to the change) opens with, or the report's when it names
    none (inferred: the reading crosses lines)."""
    sentence = head[last_any(head, _STOP_CHARS, len(head)) + 1:]
    budget = _BUDGET_WORD.search(_FUND_SCOPE.sub("", sentence)) is not None
    # the year the line opens with (``2022年度…较2021年度…``: 2022), or the report's
    first = _A_YEAR_RE.search(head)
    years = {first.group(1)} if first else ({str(year)} if year else set())
    for li in range(i - 1, max(-1, i - 3), -1):
        hits = [m for m in mentions[li] if _is_money(m) and m.role == "plain"
                and _names_subject(subject, lines[li], m)
                and (_BUDGET_WORD.search(_FUND_SCOPE.sub("", m.label)) is not None) == budget
                and not _is_comparison(lines[li], m) and not _other_years(lines[li], m, years)]
        if len(hits) == 1:
            return Stated(hits[0]), None, Reading.INFERRED
        if hits:
            return None
    return None


_FUND_SCOPE: Final = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算")   # (no budget figure)


@lru_cache(maxsize=1)
def _concepts_by_stem() -> dict[str, str]:
    """Each synonym of audit/data/quantities.yaml, stemmed like a subject, → its concept."""
    book = load_quantities()
    return {_stem(name): concept.id for name, concept in book.names.items() if _stem(name)}


@lru_cache(maxsize=1)
def _scope_free_by_stem() -> tuple[tuple[str, ...], dict[str, str]]:
    """The fund-scope words stemmed like a subject (longest first), and each synonym of a concept that
    exists for one fund scope only (三公经费, its parts, 机关运行经费: 财政拨款 by definition) → its concept."""
    book = load_quantities()
    words = sorted({_stem(w) for w, _ in book.scopes if _stem(w)}, key=len, reverse=True)
    free = {_stem(name): c.id for name, c in book.names.items() if c.scope_free and _stem(name)}
    return tuple(words), free


def _concept(label: str) -> str | None:
    stem = _stem(label)
    found = _concepts_by_stem().get(stem)
    if found is None:
        # ``财政拨款“三公”经费预算总额`` is the 三公经费 of ``“三公”经费预算数``: a fund word names no other
        # quantity of a concept that has one fund scope only (财政拨款收入 is still not 收入)
        words, free = _scope_free_by_stem()
        for w in words:
            stem = stem.replace(w, "")
        found = free.get(stem)
    return found


def _same_subject(subject: str, label: str) -> bool:
    """The same name, or two synonyms of one quantity (因公出国（境）经费 and 因公出国（境）费)."""
    if subject == _stem(label):
        return True
    a, b = _concept(subject), _concept(label)
    return a is not None and a == b


def _lead_of(text: str, m: Mention) -> str:
    return text[_last_delim(text, 0, m.start):m.start]


def _year_pair(text: str, ms: list[Mention], year: int | None) -> tuple[Mention, Mention] | None:
    """``2021年X为B万元，2022年X为C万元``: the last two amounts, of last year and this year, same name."""
    if year and len(ms) >= 2:
        y0, y1 = _year_of(text, ms[-2]), _year_of(text, ms[-1])
        s0, s1 = _stem(ms[-2].label), _stem(ms[-1].label)
        if y1 == year and y0 == year - 1 and (s0 == s1 or not s1 or not s0):
            return ms[-2], ms[-1]
    return None


def _side_by_side(text: str, ms: list[Mention]) -> tuple[Mention, Mention] | None:
    """The last two amounts when each names its own year and the years are consecutive, in either
    order (``2016年预算8万元，2015年预算12.5万元``): (the earlier year's, the later year's)."""
    if len(ms) < 2:
        return None
    a, b = ms[-2], ms[-1]
    ya, yb = _year_of(text, a), _year_of(text, b)
    if ya is None or yb is None or abs(ya - yb) != 1:
        return None
    sa, sb = _stem(a.label), _stem(b.label)
    if sa and sb and sa != sb:
        return None
    return (a, b) if ya < yb else (b, a)


def _year_of(text: str, m: Mention) -> int | None:
    start = last_any(text, _CLAUSE_STOPS, m.start) + 1
    years = _PRIOR_YEAR_LABEL.findall(text, start, m.start)
    return int(years[0]) if years else None


# -- breakdowns (其中) --------------------------------------------------------------------------


def extract_breakdowns(lines: list[str], mentions: list[list[Mention]]) -> Extraction:
    out = Extraction()
    for i, text in enumerate(lines):
        if mentions[i] and "(" in text:
            out.relations += _paren_parts(lines, mentions, i, text)
        if not mentions[i] or not holds_any(text, _LIST_HINT):
            continue
        second = -1   # (where the second side of a total of income and spending opens its list)
        for q in _QIZHONG.finditer(text):
            if q.start() and text[q.start() - 1] == "不":
                continue   # 不包括
            if q.end() == second:
                continue
            both = _both_sides(mentions[i], text, q)
            rels: list[Relation] | None
            if both is not None:
                rels, second = both
            else:
                rels = _breakdown(lines, mentions, i, text, q)
            if not rels and text.find("。", q.end()) >= 0:
                # ``其中：因公出国（境）费0万元。公务用车…万元，…；公务接待费…万元…``: the parts of a known
                # whole run on past full stops, one sentence or clause each
                run = _sentence_parts(mentions[i], text, q)
                if run is not None:
                    rels = [run]
            if rels is None:
                out.unclear += 1
            else:
                out.relations += rels
    return out


_PAREN_KEYWORD: Final = re.compile(r"\s*(?:其中|包括|含|主要|具体|即|分别)")


def _paren_parts(lines: list[str], mentions: list[list[Mention]], i: int, text: str) -> list[Relation]:
    """An amount followed by parentheses that list, with no keyword, every part of the known complete
    whole it names, each once (``公务用车购置及运行费50万元（公务用车购置费10万元，比上年增加0万元；公务用车运行
    维护费40万元，…）``): the parts' levels add up to it. Any other parenthesis is not read here (one opening
    with 其中 or 包括 is a ``其中`` list)."""
    out: list[Relation] = []
    ms = mentions[i]
    for m in ms:
        if not _is_money(m) or m.role != "plain" or text[m.end:m.end + 1] != "(" or _is_comparison(text, m):
            continue
        close = text.find(")", m.end)
        if close < 0 or "(" in text[m.end + 1:close] or _PAREN_KEYWORD.match(text, m.end + 1):
            continue
        parts = [x for x in ms if m.end < x.start and x.end <= close and _is_money(x) and x.role != "bound"
                 and not _is_comparison(text, x)]
        names = [_clause_label(text, m.end + 1, x) for x in parts]
        whole = _clause_label(text, 0, m)
        if len(parts) < 2 or not complete_decomposition(whole, names):
            continue
        rel = _sum_relation(text, m, parts, names, "", m.end + 1, close, lines, i)
        if isinstance(rel, Relation) and rel.complete:
            out.append(replace(rel, basis="括号内所列分项（已知整体的全部组成部分）"))
    return out


# ``收支总预算A万元，收入包括：…；支出包括：…``: a total of both sides, then each side's list
_SIDE_OPEN: Final = re.compile(r"(?:^|[,;:。])\s*(?:本年|本部门)?(收入|支出)(?:预算|决算)?(?:主要)?$")
_OTHER_SIDE: Final = re.compile(r"[,;。]\s*(?:本年|本部门)?(收入|支出)(?:预算|决算)?(?:主要)?(?:包括|构成为)[:,]?")


def _both_sides(mentions: list[Mention], text: str, q: re.Match[str]) -> tuple[list[Relation], int] | None:
    """The lists of a total of income and spending alike (``收支总预算A万元，收入包括：B万元、C万元；支出包括：
    D万元、E万元、F万元。``, the second side also in a sentence of its own): each side's items are the
    total's parts, one sum relation a side, read at the first side's ``包括``; with them, where the
    second side's list opens (its ``包括`` is no list of its own).  Each side alone is a list that
    may leave items out (a shortfall is a warning at most); when both sides add up to the same amount
    they confirm each other, and a total that differs from it is an error.  None where ``q`` does not
    open the first side of such a total."""
    side = _SIDE_OPEN.search(text, max(0, q.start() - 12), q.start())
    if side is None:
        return None
    money = [m for m in mentions if m.end <= side.start(1) and _is_money(m) and m.role == "plain"]
    if not money:
        return None
    whole = money[-1]
    if text[whole.end:side.start(1)].strip(" ,;:。") or not _BOTH_SIDES.search(text, max(0, whole.start - 24),
                                                                              whole.start):
        return None
    end = text.find("。", q.end())
    end = len(text) if end < 0 else end
    other = _OTHER_SIDE.search(text, q.end(), end) or (_OTHER_SIDE.match(text, end) if end < len(text) else None)
    if other is None or other.group(1) == side.group(1):
        return None
    stop = text.find("。", other.end())
    sides: list[tuple[str, list[Mention]]] = []
    for word, lo, hi in ((side.group(1), q.end(), other.start()),
                         (other.group(1), other.end(), len(text) if stop < 0 else stop)):
        items = _list_items(text, mentions, lo, hi, False)
        if len(items) >= 2 and all(len(figs) == 1 for _, figs in items) and not _ETC.search(text, lo, hi) \
                and not holds_any(text[lo:hi], _LIST_HINT):   # (a side holding a list of its own: two levels)
            sides.append((word, [figs[0] for _, figs in items]))
    if not sides:
        return None
    sums = [sum((_amount(m) for m in parts), Decimal(0)) for _, parts in sides]
    slack = sum((_one_unit(m) for _, parts in sides for m in parts), Decimal(0)) / 2
    partial = "主要" in text[side.start():q.end()] or "主要" in other.group()   # (支出主要包括: some items)
    agreed = len(sides) == 2 and not partial and abs(sums[0] - sums[1]) <= slack
    return [Relation("sum", Figure.of(whole), tuple(Operand("分项", Figure.of(m)) for m in parts), Reading.EXPLICIT,
                     f"收支总额中{word}所列各项", complete=agreed) for word, parts in sides], other.end()


def _breakdown(lines: list[str], mentions: list[list[Mention]], i: int, text: str,
               q: re.Match[str]) -> list[Relation] | None:
    """The relations of one ``其中`` (or ``如下``): [] when it introduces no list of amounts,
    None when it does but which amount is which cannot be told."""
    q_start, q_end = q.start(), q.end()   # (asked once: the comprehensions below ask for each mention)
    sent_lo = last_any(text, _STOP_CHARS, q_start) + 1
    before = [m for m in mentions[i] if m.end <= q_start and _listable(m) and m.role != "bound"]
    intro = "如下" in q.group()      # ``…主要变动原因如下：`` and numbered items: the whole is the last figure
    opens = sent_lo == q_start    # 其中 opening a sentence divides the sentence before
    if not opens and not intro:
        before = [m for m in before if m.start >= sent_lo]
    if not before:
        return []
    end = text.find("。", q_end)
    while end >= 0 and _paren_start(text, end) >= q_end:
        end = text.find("。", end + 1)   # ``(购置费1万元;运行费4万元。)``: a stop inside a parenthesis ends no list
    end = len(text) if end < 0 else end
    if intro or (end - q_end < 2 and i + 1 < len(lines)):
        money = [m for m in before if _is_money(m)]
        if not money:
            return []
        total = money[-1]
        if i + 1 >= len(lines):
            return []
        found = _numbered_parts(lines, mentions, i, total, _change_word(text, total))
        if found is False and not intro and not _change_word(text, total):
            # (a change before 其中 is divided by the parts' changes, never by their levels:
            # ``共计3923万元，比上年减少332万元。其中：`` / ``公务接待费638万元，比上年减少317万元。``)
            found = _paragraph_parts(lines, mentions, i, total)
        elif found is False and not intro:
            both = _paragraph_changes(lines, mentions, i, text, money, total)
            if both:
                return both
        if isinstance(found, Relation) and found.kind == "sum":
            added = sum((o.figure.wan for o in found.operands), Decimal(0))
            if abs(added - _amount(total)) > _one_unit(total):
                # ``“三公”经费预算为79万元。其中：…，公务用车购置及运行费预算为75万元。具体情况如下：`` —
                # the numbered items add up to another amount of the line: they divide that one
                other = next((m for m in reversed(money[:-1]) if not _change_word(text, m)
                              and abs(added - _amount(m)) <= _one_unit(m)), None)
                if other is not None:
                    found = replace(found, claim=Figure.of(other))
                elif _restates(found, total, money):
                    # ``…公务接待费5.21万元，公务用车费2.48万元。具体情况如下：1.…2.公务接待费5.21万元…3.公务用车费
                    # 2.48万元``: the last amount is one of the numbered items itself and they restate the
                    # line's amounts one by one rather than divide it; their whole is not on this line
                    return None
        return [found] if isinstance(found, Relation) else ([] if found is False else None)
    if _paren_start(text, q_start) >= 0:
        close = text.find(")", q_end, end)
        end = close if close >= 0 else end   # ``A1065万元(其中购置费38万元,运行费958万元)``: the list ends with its parenthesis
    split = _CLASS_SPLIT.search(text, q_end + 1, end)
    if split:
        end = split.start()
    if _nested_amounts(text, mentions[i], q_end, end):
        return None   # a list with a nested 其中: its parts are not one level
    first = next((m for m in mentions[i] if q_end <= m.start and m.end <= end and _listable(m)
                  and m.role != "bound"), None)
    if first is None:
        return []
    kind = bool(_change_word(text, first))
    same = _is_money if _is_money(first) else (lambda m, unit=first.unit: m.unit == unit)
    items = _list_items(text, mentions[i], q_end, end, kind, same)
    if not items:
        return []
    wholes = [m for m in mentions[i] if m.end <= q_start and same(m) and m.role != "bound"
              and (opens or intro or m.start >= sent_lo)
              and (bool(_change_word(text, m)) if kind else not _is_comparison(text, m))]
    if not wholes:
        return []
    if opens:   # the whole is in the sentence before: only figures of that sentence
        prev_lo = last_any(text, _STOP_CHARS, q_start - 1) + 1
        wholes = [m for m in wholes if m.start >= prev_lo]
    if not wholes:
        return []
    widths = {len(figs) for _, figs in items}
    if len(widths) != 1 or any(bool(_change_word(text, m)) != kind for _, figs in items for m in figs):
        return None
    width = widths.pop()
    if width == 1:
        total = wholes[-1]
        parts, names = [f[0] for _, f in items], [n for n, _ in items]
        other = None if kind else next((w for w in reversed(wholes[:-1]) if not _adds_up(parts, total)
                                        and _adds_up(parts, w)), None)
        if other is not None:
            # ``资金45.66亿元，未分配0.32亿元。其中：中央39.64亿元，地方6.02亿元``: the parts add up to
            # exactly another amount of the sentence: that is the whole they divide
            total = other
        else:
            # a comparison or a share of the whole may stand between it and its list (``支出A万元，比上年
            #增加D万元，增长R%，其中：…``); other words mean the list divides something else
            gap = _GAP_WORDS.sub("", _GAP_CLAUSES.sub("", text[total.end:q_start]))
            if not opens and _CJK.search(gap):
                # words between the whole and the list (``收入为480万元，支出包括：…``): it divides something else
                return []
        if opens and not kind and not _adds_up(parts, total) and len(wholes) > 1 \
                and holds_any(text[last_any(text, _STOP_CHARS, q_start - 1) + 1:total.start], _LIST_HINT):
            # ``支出A万元，其中：基本支出B万元，项目支出C万元。其中：人员经费…``: the sentence before is a
            # list of its own, and a 其中 opening the next one may divide any of its items, not only the last
            return None
        if not kind and not _adds_up(parts, total):
            # the first k items add up to the whole exactly and the list runs on (``收入316580万元，其中：
            # 税收238998万元；非税77582万元；政府性基金预算收入1616万元``): the whole's parts end there
            k = _prefix_adding_up(parts, total)
            if k:
                parts, names = parts[:k], names[:k]
        rel = _sum_relation(text, total, parts, names, _change_word(text, total), q_end, end, lines, i)
        read: list[Relation] | None = [rel] if isinstance(rel, Relation) else ([] if rel is False else None)
        if read and not kind and len(parts) == len(items):
            beside = _changes_beside(lines, mentions[i], i, text, total, q, end, names)
            if beside is not None:
                read.append(beside)
        return read
    # parallel columns: ``A预算为x，决算为y；B预算为…`` — one sum per measure, each against the
    # whole of the same measure before 其中
    out: list[Relation] = []
    for col in range(width):
        measures = {_measure(text, figs[col]) for _, figs in items}
        if len(measures) != 1 or "" in measures:
            return None
        measure = measures.pop()
        column_total = next((m for m in reversed(wholes) if _measure(text, m) == measure), None)
        if column_total is None:
            continue
        rel = _sum_relation(text, column_total, [f[col] for _, f in items], [n for n, _ in items],
                            _change_word(text, column_total), q_end, end, lines, i)
        if isinstance(rel, Relation):
            out.append(rel)
        elif rel is None:
            return None
    return out


def _one_unit(total: Mention) -> Decimal:
    """One unit of the last digit printed in ``total``, in 万元 (0 for a count: counts are exact)."""
    if not _is_money(total):
        return Decimal(0)
    places = max(-int(total.value.as_tuple().exponent), 0)
    return Decimal(1).scaleb(-places) * MONEY[total.unit]


def _amount(m: Mention) -> Decimal:
    return m.wan if _is_money(m) else m.value


def _adds_up(parts: list[Mention], total: Mention) -> bool:
    """Do ``parts`` add up to ``total`` within one unit of its last printed digit?"""
    if not parts or any(_is_money(m) != _is_money(total) for m in parts):
        return False
    return abs(sum((_amount(m) for m in parts), Decimal(0)) - _amount(total)) <= _one_unit(total)


def adds_up(rel: Relation) -> bool:
    """Does a ``其中`` list add up to its whole (within one unit of the whole's last digit)?  Such a
    list divides the whole: the parts of a known decomposition stated after it are not read again
    (``运行维护费11167万元(其中，购置费255万元，运行费7922万元，其他交通工具购置144万元，…)``)."""
    if rel.kind != "sum" or not rel.claim.is_money or any(not o.figure.is_money for o in rel.operands):
        return False
    total = sum((o.figure.wan for o in rel.operands), Decimal(0))
    unit = Decimal(1).scaleb(-max(-int(rel.claim.value.as_tuple().exponent), 0)) * MONEY[rel.claim.unit]
    return abs(total - rel.claim.wan) <= unit


def _prefix_adding_up(parts: list[Mention], total: Mention) -> int:
    """The largest k (2 ≤ k < len(parts)) whose first k parts add up to ``total``; 0 when none does."""
    if any(_is_money(m) != _is_money(total) for m in parts):
        return 0
    running, best, unit, whole = Decimal(0), 0, _one_unit(total), _amount(total)
    for k, m in enumerate(parts[:-1], 1):
        running += _amount(m)
        if k >= 2 and abs(running - whole) <= unit:
            best = k
    return best


_ITEM_SEMI: Final = re.compile(";")
_NAMED: Final = re.compile(r"[\u4e00-\u9fffA-Za-z]")
# ``…A学校81.73万元和B学校41.87万元``: 和 (及, 以及) right after an amount joins two items (the pattern
# starts with a set of characters, so that the regex engine skips ahead: tests/test_pattern_prefixes.py)
_ITEM_COMMA: Final = re.compile("[,;、和及以](?:(?<=[,;、])|(?<=元和)|(?<=元及)|(?<=元以)及)")
_COUNT_UNITS: Final = ("人", "个", "项", "辆", "家", "台", "套", "件", "名", "所")
_JOINS: Final = re.compile(r"以及|和|及|与")


def _listable(m: Mention) -> bool:
    """An amount, or a count of people or things (``实有人数11人，其中：在职10人…``)."""
    return _is_money(m) or m.unit in _COUNT_UNITS


_UNMARKED: dict[str, frozenset[int]] = {}


def unmarked_changes(text: str, mentions: list[Mention]) -> frozenset[int]:
    """The starts of the amounts of a ``其中`` list of changes whose item names no change word of its
    own: ``…比上年增加D元，增长R%。其中：A增加a元；B支出b元，增长r%；C增加c元``.  The list's whole is a
    change and its other items name theirs, so B's amount is B's change as likely as B's level: the
    list is not read as the whole's parts (a sum of some of them only) nor the amount as B's level."""
    if "其中" not in text or ";" not in text:
        return frozenset()
    found = _UNMARKED.get(text)
    if found is not None:
        return found
    out: set[int] = set()
    for q in re.finditer("其中", text):
        lo = q.end()
        stop = text.find("。", lo)
        hi = len(text) if stop < 0 else stop
        if ";" not in text[lo:hi]:
            continue
        before = [m for m in mentions if m.end <= q.start() and _is_money(m) and m.role != "bound"]
        opens = last_any(text, _STOP_CHARS, last_any(text, _STOP_CHARS, q.start()))   # (before the sentence before)
        if not before or before[-1].start <= opens or not _change_word(text, before[-1]):
            continue   # the list's whole (its last amount before, in this sentence or the one before) is no change
        marked, bare, start = False, [], lo
        for k in [x.start() for x in _ITEM_SEMI.finditer(text, lo, hi)] + [hi]:
            figs = [m for m in mentions if start <= m.start and m.end <= k and _is_money(m) and m.role != "bound"]
            if any(_change_word(text, m) for m in figs):
                marked = True
            elif figs and not _NO_CHANGE.search(text, start, k) and not any(_is_comparison(text, m) for m in figs):
                bare.extend(figs)
            start = k + 1
        if marked:
            out.update(m.start for m in bare)
    found = _UNMARKED[text] = frozenset(out)
    return found


def _list_items(text: str, mentions: list[Mention], lo: int, hi: int, changes: bool,
                same: Callable[[Mention], bool] = _is_money) -> list[tuple[str, list[Mention]]]:
    """The items of a ``其中`` list: (name, amounts), split at ``；`` (or at ``，`` when there is none),
    figures inside parentheses left out, items with no amount dropped."""
    region = _paren_start(text, lo)
    if region >= 0:   # ``(其中:A a万元;B b万元)``: the list ends with the parenthesis
        close = text.find(")", lo)
        hi = min(hi, close) if close >= 0 else hi
    sep = _ITEM_SEMI if ";" in text[lo:hi] else _ITEM_COMMA
    inside = [m for m in mentions[bisect_left(mentions, lo, key=_start):] if m.end <= hi
              and same(m) and m.role != "bound"]
    if changes and sep is _ITEM_SEMI and inside:
        bare = unmarked_changes(text, mentions)
        if bare and any(m.start in bare for m in inside):
            return []   # an item's change names no change word: the items read would be some of them only
    out: list[tuple[str, list[Mention]]] = []
    start = lo
    for k in [x.start() for x in sep.finditer(text, lo, hi)] + [hi]:
        figs = [m for m in inside if start <= m.start and m.end <= k and _paren_start(text, m.start) == region
                and (bool(_change_word(text, m)) if changes else not _is_comparison(text, m))]
        if figs:
            name = text[start:figs[0].start]
            if "因" in name or "主要是" in name or "由于" in name:
                if _CAUSE.match(name):
                    break   # ``A减少168亿元，主要因B减少165亿元``: the cause of the item before, part of it, and the list ends
            if out and _SAVED.match(name):
                # ``其中货物类采购200万元，节约20万元``: what the item before saved, an amount of that item
                out[-1] = (out[-1][0], out[-1][1] + figs)
                start = k + 1
                continue
            if len(figs) == 1 and not _NAMED.search(name):
                # ``其中：20万元用于设备采购；…``: the amount first, its name after it
                name = text[figs[0].end:k]
            out.append((name, figs))
        start = k + 1
    return out


# an item named only by a saving (``节约20万元``): the item before's, not an item of its own
_SAVED: Final = re.compile(r"\s*(?:共)?(?:节约|节省|节支|节余|结余)(?:资金)?(?:了|为)?\s*$")


#: the words opening an explanation of the item before (its cause, a part of it), not another item
_CAUSE: Final = re.compile(r"\s*(?:主要(?:是|系)?(?:因为|因|由于)|主要原因(?:是|为)?|主要是|原因(?:是|为)|由于|因为|系因)")


def _is_comparison(text: str, m: Mention) -> bool:
    """Is ``m`` a change, or the base of one (``较上年6万元减少…``, ``较预算数0万元无增减``)?"""
    key = (text, m.start, m.end)
    found = _COMPARISONS.get(key)
    if found is None:
        if _change_word(text, m) or _object_of_rate(text, m.end):
            found = True   # (``占年度预算22443万元的106.9%``: the base of a rate, not a level)
        else:
            lead = text[_last_delim(text, 0, m.start):m.start]
            found = _holds_comparison(lead)
        _COMPARISONS[key] = found
    return found


_MEASURE: Final = (("完成", ""), ("预算", "预算"), ("决算", "决算"), ("实际", "决算"), ("上年", "上年"))


def _measure(text: str, m: Mention) -> str:
    """What an amount measures in a list of parallel columns: 预算, 决算 or 上年 ("" when unnamed)."""
    label = text[_last_delim(text, 0, m.start):m.start]
    for word, measure in _MEASURE:
        if word in label:
            return measure
    return ""


def _paragraph_parts(lines: list[str], mentions: list[list[Mention]], i: int, total: Mention) -> Relation | None | bool:
    """The parts after ``其中：`` ending a line, written as paragraphs without numbers: read only when
    each paragraph opens with a part of a known whole (基本支出 → 人员经费, 公用经费) and all are there."""
    sentence_lo = last_any(lines[i], _STOP_CHARS, total.start) + 1
    whole = lines[i][sentence_lo:total.start]
    parts: list[Mention] = []
    names: list[str] = []
    for j in range(i + 1, min(len(lines), i + 9)):
        first = next((m for m in mentions[j] if _is_money(m) and m.role != "bound"), None)
        if first is None and not _LIST_MARK.match(lines[j]):
            continue   # a line of the paragraph before, wrapped (``贴、伙食补助费、…``)
        if first is None or _change_word(lines[j], first):
            break
        name = lines[j][:first.start]
        if len(name) > 20 or not complete_decomposition(whole, names + [name], partial=True):
            break
        parts.append(first)
        names.append(name)
    if len(parts) < 2 or not complete_decomposition(whole, names):
        return False
    return _sum_relation(lines[i], total, parts, names, "", 0, 0, lines, i, numbered=True)


def _paragraph_changes(lines: list[str], mentions: list[list[Mention]], i: int, text: str, money: list[Mention],
                       change: Mention) -> list[Relation] | None:
    """A whole's level and change before ``其中：`` ending a line, and its parts as paragraphs without numbers,
    each opening with its own level and change (``“三公”经费共计A万元，比上年减少D万元。其中：`` /
    ``公务接待费a万元，比上年减少d万元。主要原因是…``): the levels add up to A and the changes to D (signed by
    their words). Read only when each paragraph opens with a part of a known complete whole, all of them
    named once, and states one change in its first sentence."""
    sentence_lo = last_any(text, _STOP_CHARS, change.start) + 1
    level = next((m for m in reversed(money) if sentence_lo <= m.start and m.end <= change.start
                  and not _is_comparison(text, m)), None)
    if level is None:
        return None
    whole = text[sentence_lo:level.start]
    levels: list[Mention] = []
    changes: list[Mention] = []
    names: list[str] = []
    for j in range(i + 1, min(len(lines), i + 9)):
        first = next((m for m in mentions[j] if _is_money(m) and m.role != "bound"), None)
        if first is None and not _LIST_MARK.match(lines[j]):
            continue   # a line of the paragraph before, wrapped
        if first is None or _is_comparison(lines[j], first):
            break
        name = lines[j][:first.start]
        if len(name) > 20 or not complete_decomposition(whole, names + [name], partial=True):
            break
        stop = lines[j].find("。", first.end)
        stop = len(lines[j]) if stop < 0 else stop
        own = [m for m in mentions[j] if first.end <= m.start and m.end <= stop and _is_money(m) and m.role != "bound"]
        if len(own) != 1 or not _change_word(lines[j], own[0]):
            return None   # a part whose change is not the one amount after its level: which is which is not told
        levels.append(first)
        changes.append(own[0])
        names.append(name)
    if len(levels) < 2 or not complete_decomposition(whole, names):
        return None
    found = (_sum_relation(text, level, levels, names, "", 0, 0, lines, i, numbered=True),
             _sum_relation(text, change, changes, names, _change_word(text, change), 0, 0, lines, i, numbered=True))
    return [r for r in found if isinstance(r, Relation)] or None


_SEGMENT_END: Final = re.compile(r"[。;]")


def _sentence_parts(ms: list[Mention], text: str, q: re.Match[str]) -> Relation | None:
    """The parts of a known complete whole (三公经费 → 出国, 公务用车, 接待) listed after ``其中`` one
    sentence or clause each, past the full stop that ends a ``其中`` list elsewhere: read only when each
    segment opens with a part not yet named, its first amount that part's, until all are named.  The
    whole is the last level before ``其中`` (in the sentence before, when ``其中`` opens one)."""
    sent_lo = last_any(text, _STOP_CHARS, q.start()) + 1
    if sent_lo == q.start():
        sent_lo = last_any(text, _STOP_CHARS, sent_lo - 1) + 1
    total = next((m for m in reversed(ms) if sent_lo <= m.start and m.end <= q.start() and _is_money(m)
                  and m.role == "plain" and not _is_comparison(text, m)), None)
    if total is None:
        return None
    whole = text[sent_lo:total.start]
    if not any(_matches(whole, d.whole) for d in decompositions() if d.complete):
        return None
    parts: list[Mention] = []
    names: list[str] = []
    lo = q.end()
    crossed = False
    while lo < len(text) and not complete_decomposition(whole, names):
        stop = _SEGMENT_END.search(text, lo)
        hi = stop.end() if stop else len(text)
        while stop is not None and _paren_start(text, stop.start()) >= lo:   # (a stop inside a parenthesis)
            stop = _SEGMENT_END.search(text, stop.end())
            hi = stop.end() if stop else len(text)
        first = next((m for m in ms if lo <= m.start < hi and _is_money(m) and m.role != "bound"
                      and _paren_start(text, m.start) < lo), None)
        if first is None or _change_word(text, first) or _is_comparison(text, first):
            return None
        name = text[lo:first.start].strip(" ,:")
        if len(name) > 20 or not complete_decomposition(whole, names + [name], partial=True):
            return None
        if parts:
            crossed = crossed or "。" in text[parts[-1].end:first.start]
        parts.append(first)
        names.append(name)
        lo = hi
    if not crossed or not complete_decomposition(whole, names):
        return None   # (within one sentence, the list is _breakdown's)
    rel = _sum_relation(text, total, parts, names, "", 0, 0, [text], 0)
    return rel if isinstance(rel, Relation) and rel.complete else None


def _clause_label(text: str, lo: int, m: Mention) -> str:
    start = _last_delim(text, lo, m.start)
    return text[start:m.start]


def _change_word(text: str, m: Mention) -> str:
    key = (text, m.start)
    word = _CHANGE_WORDS.get(key)
    if word is None:
        lo = _last_delim(text, 0, m.start)
        ch = _CHANGE_BEFORE.search(text, lo, m.start) if _may_change(text, lo, m.start) else None
        word = _CHANGE_WORDS[key] = ch.group("word") if ch else ""
    return word


def _numbered_parts(lines: list[str], mentions: list[list[Mention]], i: int, total: Mention,
                    total_change: str) -> Relation | None | bool:
    """The parts after a line ending in ``其中：`` or ``如下：``: one per numbered item.

    A level's parts are the first amount of each item's line.  A change's parts are each item's
    first change; an item that states none of its own (``(二)公务用车购置及运行费…。其中：``) counts
    as the changes of its own numbered sub-items."""
    parts: list[Mention] = []
    names: list[str] = []
    items = _items(lines, i + 1, parent=_parent_kind(lines, i))
    for head, children in items:
        mark = _LIST_MARK.match(lines[head])
        assert mark is not None
        level = next((m for m in mentions[head] if _is_money(m) and m.role != "bound"), None)
        if level is None:
            flat = _NO_CHANGE.search(lines[head], mark.end()) if total_change else None
            if flat is None:
                return None
            # ``2.商品和服务支出较上年无增减。``: an item that did not change, a part whose change is 0
            names.append(lines[head][mark.end():flat.start()])
            continue
        if not total_change:
            if _change_word(lines[head], level):
                return None
            parts.append(level)
            names.append(_clause_label(lines[head], mark.end(), level))
            continue
        own = [m for m in mentions[head] if _is_money(m) and m.role != "bound" and _change_word(lines[head], m)]
        if own:
            parts.append(own[0])
        else:
            subs = [next((m for m in mentions[c] if _is_money(m) and _change_word(lines[c], m)), None)
                    for c in children if _LIST_MARK.match(lines[c])]
            if len(subs) < 2 or any(m is None for m in subs):
                return None
            parts += [m for m in subs if m is not None]
        names.append(lines[head][mark.end():level.start])
    if len(items) < 2:
        return None if items else False
    return _sum_relation(lines[i], total, parts, names, total_change, 0, 0, lines, i, numbered=True)


def _mark_kind(line: str) -> str | None:
    """The style of a line's list mark (``(N)``, ``N.``, ``N、`` …), None without one."""
    mark = _LIST_MARK.match(line)
    return re.sub(r"[\d一二三四五六七八九十①-⑳]+", "N", mark.group().strip()) if mark else None


def _parent_kind(lines: list[str], i: int) -> str | None:
    """The style of the numbered item that holds line ``i`` (the line itself, or the nearest marked
    line just above it): its next sibling ends the list under ``i``."""
    for j in range(i, max(-1, i - 3), -1):
        kind = _mark_kind(lines[j])
        if kind is not None:
            return kind
    return None


# an item stating no amount and no change (``较上年无增减``, ``与上年持平``): its change is 0
_NO_CHANGE: Final = re.compile(r"(?:较|比|与)(?:上年|去年|上一年)(?:预算数?|决算数?)?(?:相比)?(?:无增减|持平|无变化|没有变化|未变化)")


def _items(lines: list[str], first: int, limit: int = 30, parent: str | None = None) -> list[tuple[int, list[int]]]:
    """Numbered items from ``first``: (line of the item, lines under it), one list style.  A mark of
    the ``parent`` item's style (``2.`` after the ``(1)…(4)`` under ``1.``) is the next sibling of the
    item that holds the list: it ends the list."""
    items: list[tuple[int, list[int]]] = []
    style = None
    for j in range(first, min(len(lines), first + limit)):
        kind = _mark_kind(lines[j])
        if style is None:
            if kind is None:
                return []
            style = kind
        if kind == style:
            items.append((j, []))
        elif kind is not None and kind == parent:
            break   # the holding item's next sibling (2. after 1.'s (1)…(4)) ends the list
        elif kind is not None and kind == "N、" and not re.match(r"\s*\d", lines[j]):
            break   # a higher heading (一、…) ends the list
        elif not lines[j].strip():
            break
        else:
            items[-1][1].append(j)
    return items


def _changes_beside(lines: list[str], mentions: list[Mention], i: int, text: str, total: Mention,
                    q: re.Match[str], end: int, names: list[str]) -> Relation | None:
    """The changes beside the levels of a ``其中`` list: ``收入A万元，比上年减收D万元，下降R%。其中：税收
    a万元，比上年增收d1万元…；非税b万元，比上年减收d2万元…`` — the whole's change is the sum of its
    parts' changes (signed by their words), read when the whole states one change amount and every
    item of the list one, in the items the levels were read from."""
    changes = [m for m in mentions if total.end <= m.start and m.end <= q.start() and _is_money(m)
               and m.role != "bound" and _change_word(text, m)]
    if len(changes) != 1:
        return None
    items = _list_items(text, mentions, q.end(), end, True)
    if len(items) != len(names) or any(len(figs) != 1 for _, figs in items):
        return None
    whole = changes[0]
    rel = _sum_relation(text, whole, [figs[0] for _, figs in items], names, _change_word(text, whole),
                        q.end(), end, lines, i)
    if not isinstance(rel, Relation):
        return None
    return replace(rel, claim=replace(rel.claim, label=_LIGHT.sub("", total.label) or rel.claim.label))   # (the levels' whole)


_BUDGET_BASES: Final[tuple[str, ...]] = ("预算", "年初", "计划")
_PRIOR_BASES: Final[tuple[str, ...]] = ("上年", "去年", "同比", "同期", "上一年")


def _change_base(text: str, m: Mention) -> str:
    """What a change amount is against, as its clause says: ``prior`` (比上年, 同比, 同期, 比2018年预算: last
    year's figure, a budget's too), ``budget`` (比预算, 较年初预算: this year's), or "" when it does not say."""
    lead = text[_last_delim(text, 0, m.start):m.start]
    k = max(lead.rfind("比"), lead.rfind("较"))
    if k < 0:
        return ""
    said = lead[k:]   # (the comparison only: the subject's own name may hold 预算, 一般公共预算收入)
    if holds_any(said, _PRIOR_BASES) or lead[k - 1:k] == "同" or _A_YEAR_RE.search(said):
        return "prior"   # (比2018年预算, 较上年: last year's figure, a budget's too)
    return "budget" if holds_any(said, _BUDGET_BASES) else ""


def _sum_relation(text: str, total: Mention, parts: list[Mention], names: list[str], total_change: str,
                  lo: int, hi: int, lines: list[str], i: int, numbered: bool = False) -> Relation | None | bool:
    if len(parts) < 2:
        return None if parts else False
    if any(_BOTH_SIDES.search(n) for n in names) or _BOTH_SIDES.search(text, _last_delim(text, 0, total.start),
                                                                      total.start):
        # 收、支总计: a list of both income and spending items is no sum of one whole (the total's own
        # clause names both: ``财政收支情况显示，上半年，全国…支出A亿元`` names one)
        return None
    if any("收入" in n for n in names) and any("支出" in n for n in names):
        return None
    stems = [_LIGHT.sub("", _drop_change_words(_drop_comparisons(n))) for n in names]
    if any(not n for n in stems) or len(set(stems)) != len(stems):
        return None
    if any(a != b and (a in b or b in a) for a in stems for b in stems):
        return None   # one part contains another: nested, not one level
    sentence_lo = last_any(text, _STOP_CHARS, total.start) + 1
    whole = text[sentence_lo:total.start]
    if not any(_matches(whole, d.whole) for d in decompositions()) and sentence_lo > 0:
        # ``…“三公”经费合计20万元，其中…。较上年增加6万元。其中：…``: the subject opens the sentence before
        prev_lo = last_any(text, _STOP_CHARS, sentence_lo - 1) + 1
        subject = re.split(r"[,;:]|其中", text[prev_lo:sentence_lo])[0]
        whole = subject + whole
    etc = bool(hi and _ETC.search(text, lo, hi))
    complete = not etc and (complete_decomposition(whole, names) or _shares_make_whole(text, parts, hi))
    # numbered items after 其中 may run on past the whole's parts (收入总计 … 5.上年结转): sure only
    # when they name exactly the parts of a known whole
    reading = Reading.INFERRED if numbered and not complete else Reading.EXPLICIT
    if total_change:
        base = _change_base(text, total)
        if base and any(_change_base(lines[m.line], m) not in ("", base) for m in parts):
            return None   # ``比上年减收D万元。其中：税收比预算增收…``: changes against other bases add up to nothing
        subject = re.sub(r"20\d\d年(?:度)?|[\d.]+(?:万元|亿元|元|万|%)?", "", whole).split(",")[0]
        subject = _drop_change_words(_drop_comparisons(subject))
        claim = replace(Figure.of(total), label=_stem(subject) or "合计")
        ops = tuple(Operand("分项", Figure.of(m), -1 if _change_word(lines[m.line], m) in DOWN else 1) for m in parts)
        if not complete and not etc:
            # the parts not listed: their levels this year bound their changes (a change is at most
            # this year's level, last year's being ≥ 0)
            unlisted = [_level_before(text, total, words, lines, i) for words in missing_parts(whole, names)]
            if unlisted and all(m is not None for m in unlisted):
                ops += tuple(Operand("未列项本年数", Figure.of(m), 0) for m in unlisted if m is not None)
        basis = "“其中”所列各项的增减" + ("（编号各段）" if numbered else "")
        return Relation("change-sum", claim, ops, reading, basis, complete=complete, word=total_change)
    if (etc or _OTHERS_AFTER.match(text, hi + 1 if hi < len(text) and text[hi] in "。;" else hi)) \
            and sum((_amount(m) for m in parts), Decimal(0)) < _amount(total):
        return None   # the list says it names only some parts (…等; ``。其他各项支出…``): its shortfall tells nothing
    ops = tuple(Operand("分项", Figure.of(m)) for m in parts)
    basis = "“其中”所列分项" + ("（编号各段）" if numbered else "")
    return Relation("sum", Figure.of(total), ops, reading, basis, complete=complete)


_PART_SHARE: Final = re.compile(r"[,;]?\s*占[^,;。%]{0,16}?(\d{1,3}(?:\.\d+)?)%")


def _places(digits: str) -> int:
    return len(digits) - digits.index(".") - 1 if "." in digits else 0


def _shares_make_whole(text: str, parts: list[Mention], hi: int) -> bool:
    """Does each part state its share right after it (``财政拨款收入A万元，占96.5%；…``), the shares
    adding up to 100% within their rounding?  Then the parts are all of their whole: the list is complete."""
    if not hi or not parts or "占" not in text[parts[0].end:hi]:
        return False
    shares: list[Decimal] = []
    slack = Decimal(0)
    for k, m in enumerate(parts):
        share = _PART_SHARE.match(text, m.end, parts[k + 1].start if k + 1 < len(parts) else hi)
        if share is None:
            return False
        value = Decimal(share.group(1))
        shares.append(value)
        slack += Decimal(1).scaleb(-_places(share.group(1))) / 2   # half a unit of its last digit
    return abs(sum(shares, Decimal(0)) - 100) <= slack


def _level_before(text: str, total: Mention, words: tuple[str, ...], lines: list[str], i: int) -> Mention | None:
    """The nearest level before ``total`` in its line whose clause names one of ``words``."""
    from jixiao.audit.mentions import scan_line

    for m in reversed(scan_line(text[:total.start], i)):
        if _is_money(m) and not _is_comparison(text, m) and _matches(text[_last_delim(text, 0, m.start):m.start], words):
            return m
    return None


# -- counted lists -------------------------------------------------------------------------------


def extract_counts(lines: list[str]) -> Extraction:
    out = Extraction()
    for i, text in enumerate(lines):
        if "即" not in text and "分别" not in text:
            continue
        for m in _COUNT.finditer(text):
            items = m.group("items").strip().rstrip(",")
            if not items or _ETC.search(items) or "," in items or re.search(r"\d", items):
                out.unclear += 1
                continue
            names = [x for x in items.split("、") if x.strip()]
            # ``A、B和C``: 和 (及, 与, 以及) may join two names or stand inside one: the list holds either
            # count, and only a stated count that is neither is surely wrong
            joined = len(_JOINS.split(names[-1])) - 1 if names else 0
            if len(names) + joined < 2 or any(len(x) > 24 for x in names):
                out.unclear += 1
                continue
            stated = Decimal(m.group("n"))
            counted = int(stated) if stated in (len(names), len(names) + joined) else len(names) + joined
            n = m.start("n")
            fig = Figure(stated, m.group("n"), m.group("unit"), i, n, m.end("unit"), "")
            out.relations.append(Relation("count", fig, (), Reading.EXPLICIT, "“即/分别为”后列出的名称",
                                          counted=counted))
    return out


# -- 收、支总计各是A、B万元 … 各减少C、D万元，各下降E%、F% -------------------------------------------

_N: Final = r"(\d+(?:\.\d+)?)"
_PAIR_LEVEL: Final = re.compile(rf"收、支总计各(?:是|为|计)?{_N}(?:万元)?[、,]{_N}万元")
_PAIR_CHANGE: Final = re.compile(
    rf"各(?P<w>增加|减少|增长|下降){_N}(?:万元)?[、,]{_N}万元[,]?(?:各|分别)?(?P<r>增长|下降|增幅|降幅)(?:为)?{_N}%?[、,]{_N}%")


# ``收、支总计均为A万元。与上年相比，收、支总计各增加C万元，增长R%`` (one figure for both)
_BOTH_LEVEL: Final = re.compile(rf"(?:收、支|收支|收入、支出)(?:决算)?总计(?:均为|均是|各为|各是|均|各)?{_N}(?P<u>万元|亿元|元)"
                                rf"(?![、,]?{_N})")
_BOTH_CHANGE: Final = re.compile(rf"(?:收、支|收支|收入、支出)(?:决算)?总计(?:均|各)?(?P<w>增加|减少){_N}(?P<u>万元|亿元|元)[,]?"
                                 rf"(?:均|各)?(?P<r>增长|下降)(?:了)?{_N}%")


def extract_pairs(lines: list[str]) -> Extraction:
    """``收、支总计各是A、B万元。与上年相比，收、支总计各减少C、D万元，各下降E%、F%``: two changes
    stated side by side, income first — each rate against its own total and change; and
    ``收、支总计均为A万元。…收、支总计各增加C万元，增长R%``: one change of the one figure both totals share."""
    out = Extraction()
    for i, text in enumerate(lines):
        if "总计" not in text:
            continue
        both = _BOTH_LEVEL.search(text)
        both_change = _BOTH_CHANGE.search(text, both.end()) if both else None
        if both is not None and both_change is not None and "相比" in text[both.end():both_change.start()]:
            cur = _fig_at(both, 1, i, both.group("u"), "收、支总计")
            delta = _fig_at(both_change, 2, i, both_change.group("u"), "收、支总计")
            rate = _fig_at(both_change, 5, i, "%", "收、支总计")
            sign = -1 if both_change.group("w") in DOWN else 1
            out.relations.append(Relation("change-rate", rate, (Operand("本年", cur), Operand("变动额", delta, sign)),
                                          Reading.EXPLICIT, "同句：收、支总计均为…各增减…", word=both_change.group("r")))
            continue
        if "收、支总计各" not in text:
            continue
        level = _PAIR_LEVEL.search(text)
        change = _PAIR_CHANGE.search(text, level.end()) if level else None
        if level is None or change is None:
            continue
        for k, name in ((0, "收入总计"), (1, "支出总计")):
            cur = _fig_at(level, 1 + k, i, "万元", name)
            delta = _fig_at(change, 2 + k, i, "万元", name)
            rate = _fig_at(change, 5 + k, i, "%", name)
            sign = -1 if change.group("w") in DOWN else 1
            out.relations.append(Relation("change-rate", rate, (Operand("本年", cur), Operand("变动额", delta, sign)),
                                          Reading.EXPLICIT, "同句：收、支总计各…各增减…", word=change.group("r")))
    return out


def _fig_at(m: re.Match[str], group: int, line: int, unit: str, label: str) -> Figure:
    return Figure(Decimal(m.group(group)), m.group(group), unit, line, m.start(group), m.end(group), label)


# -- rates of completion: 完成预算M万元的P%, 预算为A、决算为B、完成预算的P% ---------------------------

# (预期: a revenue budget's name in some provinces' reports, ``完成收入预期的98.3%``; 计划: ``完成年度收入计划A万元的x%``)
_BUDGET_OF: Final = re.compile(r"(?:完成|占|为|达到)(?:了)?(?:(?:人大|人代会)?(?:批复的?)?(?:年初|调整后|调整|年度|全年|年)?(?:支出|收入)?"
                               r"(?:预算|预期)(?:数)?|[\u4e00-\u9fff]{0,6}?(?:目标|计划)(?:任务)?(?:数)?)$")
_COMPLETE_PCT: Final = re.compile(r"(?:完成|占|为|达到)(?:了)?(?P<kind>年初|调整后|调整|年度|全年|年)?(?:支出|收入)?(?:预算|预期)(?:数)?的$")
_BUDGET_LABEL: Final = re.compile(r"(?:预算|预期)(?:数)?(?:为|是)?$")
_ACTUAL_LABEL: Final = re.compile(r"决算(?:数)?(?:为|是)?$|实际(?:支出|执行)(?:数)?(?:为|是)?$|执行数(?:为|是)?$")


def is_rate_base(label: str) -> bool:
    """Is ``label`` the words naming the budget a completion rate is of (``占年预算`` in ``…完成A万元，占年预算
    B万元的x%``)?  That amount is the budget of the clause's subject, no quantity of its own name."""
    return _BUDGET_OF.fullmatch(label) is not None


def extract_completion(lines: list[str], mentions: list[list[Mention]]) -> Extraction:
    """Rates of completion whose operands the sentence states:

    * ``…完成X万元，占年度预算M万元的P%`` / ``完成年初预算数M万元的P%`` — P = X ÷ M, X the amount
      stated before it in the same sentence;
    * ``…预算为A万元，决算为B万元，完成预算的P%`` — P = B ÷ A, in the same clause group (to ``；``)."""
    out = Extraction()
    for i, text in enumerate(lines):
        if not mentions[i] or ("预算" not in text and "目标" not in text) or "%" not in text:
            continue
        for lo, hi in sentences(text):
            figs = [m for m in mentions[i] if lo <= m.start and m.end <= hi and (_is_money(m) or m.unit == "%")
                    and m.role != "bound"]
            for k, m in enumerate(figs):
                if m.unit != "%" or k == 0:
                    continue
                rel = _completion(text, lo, figs, k)
                if rel is None:
                    out.unclear += 1
                elif isinstance(rel, Relation):
                    out.relations.append(rel)
    return out


def _completion(text: str, lo: int, figs: list[Mention], k: int) -> Relation | None | bool:
    pct = figs[k]
    prev = figs[k - 1]
    between = text[prev.end:pct.start]
    if _is_money(prev) and between.strip() == "的" and _BUDGET_OF.search(text[_last_delim(text, lo, prev.start):prev.start]):
        budget = prev   # 完成年初预算数60999万元的40.4%
        # (a base of another rate stated before, ``为人大预算数A亿元的x%``, is no actual)
        levels = [m for m in figs[:k - 1] if _is_money(m) and not _is_comparison(text, m)
                  and not _BUDGET_OF.search(text[_last_delim(text, lo, m.start):m.start])]
        if not levels:
            return None
        actual = levels[-1]
        if _paren_start(text, actual.start) != _paren_start(text, pct.start):
            return None
        if re.search(r"[;]", text[actual.end:budget.start]):
            return None
        return Relation("rate", Figure.of(pct), (Operand("分子", Figure.of(actual)), Operand("分母", Figure.of(budget))),
                        Reading.EXPLICIT, "同句：完成数与所占预算数")
    lead = text[_last_delim(text, lo, pct.start):pct.start]
    if not _COMPLETE_PCT.search(lead):
        return False
    group_lo = max(text.rfind(";", lo, pct.start) + 1, lo)
    group = [m for m in figs[:k] if m.start >= group_lo and _is_money(m)]
    budgets = [m for m in group if _BUDGET_LABEL.search(text[_last_delim(text, lo, m.start):m.start])]
    actuals = [m for m in group if _ACTUAL_LABEL.search(text[_last_delim(text, lo, m.start):m.start])]
    if len(budgets) != 1 or len(actuals) != 1:
        return None if group else False
    return Relation("rate", Figure.of(pct), (Operand("分子", Figure.of(actuals[0])), Operand("分母", Figure.of(budgets[0]))),
                    Reading.EXPLICIT, "同句：预算数、决算数与完成预算的比例")


# -- ``在X中，A a万元；B b万元``: the parts of a whole stated before, by its name --------------------

_OPENING: Final = re.compile(r"\s*(?:在|从)?(?P<w>[^,;:。!?中]{4,24})中\s*[,:]")
_PARTIAL: Final = re.compile(r"主要|等|其他|其它|其余|部分")


def extract_openings(lines: list[str], mentions: list[list[Mention]], year: int | None) -> Extraction:
    """``全市收入5000万元。在全市收入中，市本级1200万元；县区3900万元。`` — a sentence opening by naming a
    whole (``在X中，``) and listing amounts, one a clause, is a list of parts of the amount stated before
    under that name (the one value of that name in the three lines before, same unit).  Read across
    sentences, and the list may leave parts out: inferred (a warning at most; far short is not read
    as wrong).  A list naming its items as the main ones (主要, 等, 其他) is not read."""
    out = Extraction()
    for i, text in enumerate(lines):
        if not mentions[i] or ("中," not in text and "中:" not in text and "中 " not in text):
            continue
        for lo, hi in sentences(text):
            inline = _inline_whole(text, mentions[i], lo, hi)
            if inline is not None:
                out.relations += inline
                continue
            opening = _OPENING.match(text, lo, hi)
            if opening is None or _PARTIAL.search(text, opening.end(), hi) or _PARTIAL.search(opening.group("w")):
                continue
            items = _list_items(text, mentions[i], opening.end(), hi, False)
            if len(items) < 2 or any(len(figs) != 1 or not _is_money(figs[0]) for _, figs in items):
                continue
            parts = [figs[0] for _, figs in items]
            if any(p.role != "plain" for p in parts):
                continue
            key = canonical(opening.group("w"), year)
            wholes = [m for j in range(max(0, i - 3), i + 1) for m in mentions[j]
                      if (j < i or m.end <= lo) and _is_money(m) and m.role == "plain"
                      and canonical(m.label, year) == key and not _is_comparison(lines[j], m)]
            if not wholes or len({m.wan for m in wholes}) != 1:
                continue
            whole = wholes[-1]
            names = [n for n, _ in items]
            stems = [_stem(n) for n in names]
            if any(not st for st in stems) or len(set(stems)) != len(stems):
                continue
            out.relations.append(Relation("sum", Figure.of(whole), tuple(Operand("分项", Figure.of(p)) for p in parts),
                                          Reading.INFERRED, "“" + opening.group("w").strip() + "中”所列分项"))
    return out


_INLINE_OPEN: Final = re.compile(r"\s*中\s*[,:]")


def _inline_whole(text: str, mentions: list[Mention], lo: int, hi: int) -> list[Relation] | None:
    """``“三公”经费预算80万元中，因公出国（境）费10万元，公务用车购置及运行费40万元，公务接待费30万元。`` —
    the sentence's first amount followed by ``中，`` is the whole the clauses after it divide, one
    amount a clause.  Read within the sentence, but the list may leave parts out: inferred (a
    warning at most), and complete only when its names are all the parts of a known whole.  None when the sentence does not open so; [] when it does but its list is not
    one of plain amounts (主要, 等, a clause of two amounts …)."""
    money = [m for m in mentions if lo <= m.start and m.end <= hi and _is_money(m) and m.role != "bound"]
    if not money:
        return None
    whole = money[0]
    opening = _INLINE_OPEN.match(text, whole.end, hi)
    if opening is None:
        return None
    if whole.role != "plain" or _PARTIAL.search(text, opening.end(), hi):
        return []
    items = _list_items(text, mentions, opening.end(), hi, False)
    if len(items) < 2 or any(len(figs) != 1 or figs[0].role != "plain" or figs[0].unit != whole.unit
                             for _, figs in items):
        return []
    stems = [_stem(n) for n, _ in items]
    if any(not st for st in stems) or len(set(stems)) != len(stems):
        return []
    names = [n for n, _ in items]
    # (complete only when the names are all the parts of a known whole: else far short is not wrong)
    return [Relation("sum", Figure.of(whole), tuple(Operand("分项", Figure.of(figs[0])) for _, figs in items),
                     Reading.INFERRED, "“" + whole.label.strip() + text[whole.start:whole.end] + "中”所列分项",
                     complete=complete_decomposition(whole.label, names))]


# -- a known whole and its parts stated in the sentences that follow ------------------------------------


def extract_blocks(lines: list[str], mentions: list[list[Mention]], explicit: set[tuple[int, int]]) -> Extraction:
    """``“三公”经费支出1134万元，…。其中：因公出国（境）费为0万元，…；公务接待费为122万元，…。公务用车购置及
    运行维护费为1012万元…`` — a whole of a known decomposition (data/decompositions.yaml) whose parts are
    stated one by one in the sentences or numbered paragraphs after it.  Each part is the first amount
    (not a comparison) whose clause names it, before the whole is named again; read only when every
    part is found, and only as inferred (the reading crosses sentences).  Wholes already read from a
    ``其中`` list (``explicit``, by place) are left to that relation."""
    out = Extraction()
    words = _whole_words()
    for i, text in enumerate(lines):
        named: bool | None = None   # does the line name a decomposition's whole?  (asked at its first amount)
        for m in mentions[i]:
            if not _is_money(m) or (m.line, m.start) in explicit:
                continue
            if named is None:
                named = holds_any(text, words)
            if not named:
                break   # (a name of a whole holds one of its words: no amount of the line can be a whole)
            name = _lead_of(text, m)
            if _BARE_MEASURE.fullmatch(name):
                name = _sentence_subject(text, m) + name   # ``“三公”经费支出预算为A万元，支出决算为B万元``
            fits = _whole_fits(name)
            if not any(fits) or _is_comparison(text, m):
                continue   # (a name that is the whole of no decomposition)
            for k, d in enumerate(decompositions()):
                if not d.complete or not fits[k]:
                    continue
                parts = _block_parts(lines, mentions, m, k)
                if parts is None:
                    continue
                ops = tuple(Operand("分项", Figure.of(p)) for p in parts)
                out.relations.append(Relation("sum", Figure.of(m), ops, Reading.INFERRED,
                                              "其后各句分别写明的各组成部分", complete=True))
                break
    return out


# an amount named only by its measure, its subject said once for the sentence: ``X支出预算为A万元，支出决算为B万元``
_BARE_MEASURE: Final = re.compile(r"\s*(?:支出)?(?:决算|预算)数?(?:为|是)?\s*")


def _sentence_subject(text: str, m: Mention) -> str:
    """What the sentence of ``m`` speaks of, named in its first clause before the measure word of that
    clause's amount (``…“三公”经费支出预算为A万元，支出决算为B万元`` → ``…“三公”经费``); "" when the
    first clause names none or ``m`` is in it."""
    lo = last_any(text, _STOP_CHARS, m.start) + 1
    first = _last_delim(text, lo, m.start)
    if first <= lo:
        return ""
    lead = _BARE_MEASURE_LEAD.match(text, lo, first)
    if lead is None:
        return ""
    subject = lead.group(1)
    return subject if len(_stem(subject)) >= 2 else ""


# the first clause of a sentence: its subject, a measure word, its amount (``X支出预算为5.5万元，``)
_BARE_MEASURE_LEAD: Final = re.compile(r"([^,;:。]*?)(?:支出)?(?:决算|预算)数?(?:为|是)?\s*[\d.]+\s*(?:万元|亿元|元)[,;]")


def _nested_amounts(text: str, mentions: list[Mention], lo: int, hi: int) -> bool:
    """Does a list opened inside ``text[lo:hi]`` list amounts of its own?  ``人员经费A万元，主要包括：基本
    工资、津贴补贴；公用经费B万元，主要包括：办公费…`` names what each item holds and lists no amount.
    A list inside parentheses does not count: the items leave out the figures in parentheses."""
    for n in _QIZHONG.finditer(text, lo, hi):
        if _paren_start(text, n.start()) >= lo:
            continue   # ``…购置及运行维护费1.89亿元(其中，购置费…)``: a part's own parts, in parentheses, not items
        stop = text.find(";", n.end(), hi)
        stop = hi if stop < 0 else stop
        if any(n.end() <= m.start < stop and _listable(m) for m in mentions):
            return True
    return False


def _restates(found: Relation, total: Mention, money: list[Mention]) -> bool:
    """Do the numbered items restate the amounts of the line before them: the last one (taken as their
    whole) and at least one more, each as one of the items?"""
    shown = {(o.figure.value, o.figure.unit) for o in found.operands}
    if (total.value, total.unit) not in shown:
        return False
    return len({(m.value, m.unit) for m in money if (m.value, m.unit) in shown}) >= 2


# an amount per car, per person … (``平均每辆车运行维护费``, ``车均``, ``人均``): no part of a total
_PER_UNIT: Final = re.compile(r"平均|每[辆台人名户次个]|[车人户]均|单车")


def _block_measure(name: str) -> str:
    return "预算" if "预算" in name else ("上年" if re.search(r"上年|去年", name) else "")


def _in_parts_parens(text: str, mentions: list[Mention], m: Mention, whole: Mention | None) -> bool:
    """Is ``m`` in parentheses opened after another amount than ``whole`` (a part's own parts), not
    in the whole's own (``…费1012万元，较上年…(其中:购置费209万元…)``) nor in one around the whole?"""
    opened = _paren_start(text, m.start)
    if opened < 0:
        return False
    if whole is None:
        return True
    return opened > whole.start and any(_is_money(x) and not _is_comparison(text, x)
                                        for x in mentions if whole.end <= x.start < opened)


def _block_parts(lines: list[str], mentions: list[list[Mention]], whole: Mention, k: int) -> list[Mention] | None:
    d = decompositions()[k]
    found: list[Mention | None] = [None] * len(d.parts)
    for j in range(whole.line, min(len(lines), whole.line + 8)):
        text = lines[j]
        for m in mentions[j]:
            if j == whole.line and m.start <= whole.start:
                continue
            if not _is_money(m) or _is_comparison(text, m):
                continue
            if _in_parts_parens(text, mentions[j], m, whole if j == whole.line else None):
                continue   # ``公车购置及运行费890万元（其中购置费40万元…）``: a part of a part, in parentheses
            name = _lead_of(text, m)
            if _PER_UNIT.search(name):
                continue   # ``平均每辆车运行维护费5.41万元``: an average per car, not the part
            if _whole_fits(name)[k]:
                return None   # the whole named again before all its parts were
            raw = _raw_fits(name)
            scores = raw[k]
            best = max(scores)
            if not best or found[scores.index(best)] is not None:
                continue
            if _block_measure(name) != _block_measure(_lead_of(lines[whole.line], whole)):
                return None   # 预算 against 决算, or last year's: not the same measure
            if any(x > best for j in range(len(raw)) if j != k for x in raw[j]):
                return None   # 公务用车购置费: a part of a part, the whole's part is split below it
            found[scores.index(best)] = m
        if all(p is not None for p in found):
            return [p for p in found if p is not None]
    return None
