"""The same quantity stated in two sections (K20): link every statement to its
:class:`~jixiao.audit.quantity.Quantity` and flag the statements that contradict the others.

Two passes:

1. statements of the same quantity *and scope* (or of a quantity that exists for one scope
   only, such as 三公经费) must agree.  The reference is the earliest statement (the 决算说明
   comes before the restatements), unless another value is stated at least twice more often.
   Same literal name → AUDIT-XSEC (error); a synonym (日常公用经费 for 公用经费) →
   AUDIT-XSEC-ALIAS (warning);
2. a statement with no scope word (``公用经费…实际支出32.43万元``) that agrees with no
   statement of any scope it may mean → AUDIT-XSEC-ALIAS (warning).

Figures are compared at the coarser of the two precisions, with no slack: a restatement is
not a computation, so 2.03 and 2.04 are two different figures.  A finer figure truncated to
the coarser precision is accepted.  万元 amounts count as stated to two decimals (trailing
zeros are often dropped: ``31万元`` is 31.00, not “about 31”).
"""
from __future__ import annotations

import bisect
import re
from typing import Final
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from jixiao.audit.context import AuditContext, Parts, Place, place, wan
from jixiao.audit.mentions import CHANGE_ONLY, Mention, canonical, last_any
from jixiao.audit.quantity import Quantity, QuantityBook, measures_clash, quantity_of, scopes_link
from jixiao.audit.statements import holds_any, is_rate_base, sentence_stops, unmarked_changes
from jixiao.model.numbers import decimals_of, fmt, quantize

_PER_PROJECT: Final = re.compile(r"到位率|到位及时率|完成及时率|质量达标率|实际完成率|成本节约率|满意度|达标率|准确率|办结率|处置率|"
                                 r"拨付率|发放率|到岗率|项目")
_PROJECT_START: Final = re.compile(r"项目(?:支出)?绩效(?:自评|评价)|项目(?:支出)?自评")
_SECTION_END: Final = re.compile(r"整体支出绩效|部门整体|^\s*第[一二三四五六七八九十]+部分|^\s*附件\s*\d*\s*[:]?\s*$")
_HEADING: Final = re.compile(r"^\s*(?:\d{1,2}[.、]|[(][一二三四五六七八九十\d]{1,3}[)]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]+部分)")
_FUND_HEADING: Final = re.compile(r"^\s*(?:\d{1,2}[.、]|[(][一二三四五六七八九十\d]{1,3}[)]|[一二三四五六七八九十]{1,3}、)\s*"
                                  r"[^。,]{0,12}?(?P<fund>一般公共预算|政府性基金|国有资本经营|社会保险基金)[^。,]*$")

# (each pattern starts with a set of the characters a match can start with, checked again by a
# look-behind in each alternative: the regex engine skips ahead to those characters, where an
# alternation of words is tried at every position; tests/test_pattern_prefixes.py holds them to the
# plain alternations)
_PERIOD: Final = re.compile(r"[\d当本累前上季全截](?:(?P<one>(?<=\d)(?<![\d\-—~至].)\d?月份(?!累计)|(?<=[当本])月)"
                            r"|(?<=累)计|(?<=\d)\d?[-—~至]\d{1,2}月|(?<=前)\d{1,2}个月|(?<=上)半年|(?<=季)度"
                            r"|(?<=全)年|(?<=截)[至止])")


_MONTHS: Final = re.compile(r"\d{1,2}[-—~至]\d{1,2}月$")
_MONTHS_SEP: Final = re.compile(r"[—~至]")
_MONTH_SPAN: Final = re.compile(r"(?<![\d\-—~至])\d{1,2}[-—~至]\d{1,2}月")
_PART_LEVEL: Final = re.compile(r"[省市县区州盟本乡中地](?:(?<=[省市县区州盟])本级|(?<=[省市县区])级(?!以上|以下)|(?<=本)级"
                                r"|(?<=县)区|(?<=县)\(市、区\)|(?<=乡)镇|(?<=中)央|(?<=地)方)")
_OTHER_BASIS_LINE: Final = re.compile(r"(?:剔除|扣除|不含|不包括)[^,。;]{1,16}?(?:后|以外)?\s*[:]?\s*$")
_OTHER_BASIS_WORDS: Final = ("剔除", "扣除", "不含", "不包括")   # (a line opening with none needs no regex)
_FUNDS: Final[tuple[str, ...]] = ("一般公共预算", "政府性基金", "国有资本经营", "社会保险基金")   # the funds _FUND_HEADING names
# a character or word every match of _PERIOD (of _PART_LEVEL) holds
_PERIOD_NEEDLES: Final[tuple[str, ...]] = ("月", "累计", "上半年", "季度", "全年", "截至", "截止")
_PART_LEVEL_NEEDLES: Final[tuple[str, ...]] = ("级", "县区", "县(", "乡镇", "中央", "地方")


# how far a match of _PERIOD or _PART_LEVEL, with the look-ahead after it, reaches from a needle it
# holds (the longest, ``1-12月`` and ``县(市、区)``, are 6 characters; the look-aheads read 2 more)
_MARKER_REACH: Final = 8


def _markers(pattern: re.Pattern[str], text: str, needles: tuple[str, ...]) -> tuple[list[int], list[re.Match[str]]]:
    """Every match of ``pattern`` in the line, with the ends to bisect on (one scan per line).

    Each match holds one of ``needles``, so the pattern is run only over the stretches within
    ``_MARKER_REACH`` of a needle (merged where they meet): it starts at every digit, and a line of
    figures has many.  A stretch holds each match whole with what its look-ahead reads, and its
    look-behinds see the text before it, so the matches are those of a scan of the whole line
    (tests/test_pattern_prefixes.py)."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        k = text.find(needle)
        while k >= 0:
            spans.append((max(0, k - _MARKER_REACH), k + len(needle) + _MARKER_REACH))
            k = text.find(needle, k + 1)
    if not spans:
        return [], []
    spans.sort()
    found: list[re.Match[str]] = []
    lo, hi = spans[0]
    for a, b in spans[1:]:
        if a > hi:
            found += pattern.finditer(text, lo, hi)
            lo = a
        hi = max(hi, b)
    found += pattern.finditer(text, lo, hi)
    return [x.end() for x in found], found


def _last_before(marks: tuple[list[int], list[re.Match[str]]], lo: int, pos: int) -> re.Match[str] | None:
    """The last marker ending in ``[lo, pos]``."""
    k = bisect.bisect_right(marks[0], pos) - 1
    return marks[1][k] if k >= 0 and marks[1][k].start() >= lo else None

Entry = tuple[Mention, Quantity]
Memo = dict[tuple[Place, str], "Quantity | None"]   # (where, label) → the quantity, within one call
# A name stated with more distinct values than this names many figures (one per project, per year …),
# not one figure restated: such a cluster is not compared.  Example case: the S4 seed states 三公经费
# as 2.03 and 2.04 (two values), while a collection of project reports states 项目支出 once per project.
MAX_VALUES = 3


def link_quantities(ctx: AuditContext, book: QuantityBook, parts: Parts) -> list[Entry]:
    """Every narrative figure that names a specific quantity, with that quantity."""
    entries: list[Entry] = []
    memo: Memo = {}
    blocks = project_blocks(ctx)
    # spans of months (1-11月, 1-12月) set figures apart only when the document states several: a
    # figure stated once for 1-5月 and restated with no span is still the same figure
    several_spans = len({_MONTHS_SEP.sub("-", x.group()) for line in ctx.doc.lines if "月" in line.text
                         for x in _MONTH_SPAN.finditer(line.text)}) > 1
    carried: tuple[int, Quantity] | None = None   # a line ending in 其中：, its line and its last amount
    for i, mentions in ctx.figure_lines:
        if "\t" in ctx.text(i):
            continue
        # ``机关事业单位基本养老保险缴费支出150384元，其中：`` and the list on the next line: its first sentence
        # lists the parts of that amount
        opened = carried[1] if carried is not None and carried[0] == i - 1 else None
        carried = None
        subject: Quantity | None = None
        sentence_start, sentence_end = 0, -1
        text = ctx.text(i)
        markers: tuple[tuple[list[int], list[re.Match[str]]], tuple[list[int], list[re.Match[str]]]] | None = None
        item: Quantity | None = None   # the first amount of a numbered item: what the item is about
        numbered = _opens_heading(text) and _HEADING.match(text) is not None
        head_year = ""
        first: Quantity | None = None     # the first amount of the sentence
        before: Quantity | None = None    # … and of the sentence before
        running: Quantity | None = None   # what a running computation (加上…, 减去…) is of
        # ``比上年增加D元。其中：A增加a元；B支出b元，增长r%``: B's amount may be its change, not its level
        bare = unmarked_changes(text, mentions)
        for k, m in enumerate(mentions):
            if bare and m.start in bare:
                continue
            if m.start > sentence_end:
                subject = None
                if sentence_end >= 0:
                    opened = None   # (only the first sentence of the line goes on from the 其中：)
                sentence_start = text.rfind("。", 0, m.start) + 1
                stops = sentence_stops(text)
                k_stop = bisect.bisect_left(stops, m.end)
                sentence_end = stops[k_stop] if k_stop < len(stops) else len(text)
                head_year = _head_year(text, sentence_start, ctx.year)
                before, first = first or before, None
                # ``…支出86890亿元。加上补充…782亿元，支出总量为87672亿元``: it goes on from the sentence before
                running = before if _runs_on(text, sentence_start, len(text)) else None
            q = _quantity(ctx, book, m, subject, memo, blocks[i], parts)
            if q is None:
                continue
            if m.is_money:
                if running is None and first is not None and _runs_on(text, _clause_start(text, sentence_start, m.start), m.start):
                    running = first   # ``丙类支出18.3亿元，加上补助支出11.7亿元，支出总计30亿元``
                if opened is not None and place(m) not in parts.of and not q.scope.startswith("in:"):
                    q = Quantity(q.name, None, f"in:{opened.name}", q.measure, q.year, q.literal)
                if first is not None and place(m) not in parts.of and "其中" in text[sentence_start:m.start] \
                        and not q.scope.startswith("in:"):
                    # ``机构运行700.5元，其中：基本支出700.5元，`` (the list runs on to the next line):
                    # a part of this sentence's whole, not the unit's own 基本支出
                    q = Quantity(q.name, None, f"in:{first.name}", q.measure, q.year, q.literal)
                if running is not None and q.concept is None and running is not q:
                    # the amounts of a running computation are that computation's, not another's
                    q = Quantity(f"{running.name}/{q.name}", None, q.scope, q.measure, q.year, f"{running.name}/{q.literal}")
                if first is None:
                    first = q
            if head_year and not q.year and not _YEAR_IN.search(m.label):
                # ``2011年某局“三公经费”预算中，…运行费1205万元``: the year opening the sentence is the
                # year of its figures, when their own labels name none
                q = Quantity(q.name, q.concept, q.scope, q.measure, head_year, q.literal)
            if numbered and m.is_money:
                if item is None:
                    item = q
                elif q.concept is None and not q.name.startswith(item.name + "/"):
                    # ``2.乙类收入27.9亿元，加上动用上年结转收入2.1亿元，可用收入30亿元``: an item's
                    # further amounts of no known name are the item's own, not another item's
                    q = Quantity(f"{item.name}/{q.name}", None, q.scope, q.measure, q.year, f"{item.name}/{q.literal}")
            if markers is None:
                markers = (_markers(_PERIOD, text, _PERIOD_NEEDLES), _markers(_PART_LEVEL, text, _PART_LEVEL_NEEDLES))
            periods, levels = markers
            period = _last_before(periods, 0, m.start)
            if period is not None and period.group("one") is not None:
                # ``7月份，全国…支出13944亿元`` and ``1-7月累计，全国…支出125537亿元``: one month's figure
                # is not the months-to-date figure restated
                q = Quantity(q.name, q.concept, q.scope, q.measure, q.year + "@当月", q.literal)
            elif period is not None:
                span = _months(periods, period, m.start) if several_spans else ""
                if span:
                    # ``1-11月累计…支出A亿元`` and ``1-12月累计…支出B亿元``: two spans of months, two figures
                    q = Quantity(q.name, q.concept, q.scope, q.measure, q.year + "@" + span, q.literal)
            if m.role == "rate" and k and (amount := mentions[k - 1]).is_money and amount.start >= sentence_start:
                # ``税课收入实收3865亿元，预算达成率13.9%``. ``非税课收入实收906亿元，预算达成率23.8%``: a rate
                # right after an amount is the rate of what that amount measures; two amounts, two rates
                q = Quantity(q.name, q.concept, q.scope, q.measure, q.year + "@" + str(wan(amount).normalize()), q.literal)
            level = _last_before(levels, sentence_start, m.start)
            if level:
                # ``全市…节约率14.41%。市本级…节约率12.28%``: the sentence speaks of a part of the whole
                # (本级, 地方, 县区 …), not the whole the other sentence speaks of
                q = Quantity(q.name, q.concept, q.scope, q.measure, q.year + "@" + level.group(), q.literal)
            if (m.is_money and subject is not None and q.concept is not None and q.concept.all_funds and q.scope == "all"
                    and subject.concept is q.concept and subject.scope not in ("", "all")):
                # ``财政拨款收入总计900万元，支出总计900万元``: the second total is of the fund the first names
                q = Quantity(q.name, q.concept, subject.scope, q.measure, q.year, q.literal)
            if m.is_money and not q.scope and (q.concept is None or not q.concept.scope_free):
                whole = _share_whole(ctx, mentions, k)
                if whole and (q.concept is None or _FUND_WORD.search(whole)):
                    # ``商品和服务支出29700元，占项目支出预算100%``: the share names the whole the amount is a
                    # part of (the same name under 基本支出 is another figure); ``基本支出A万元，占一般公共预算
                    # 财政拨款总支出的x%``: the 基本支出 of that fund, not the unit's own
                    q = Quantity(q.name, None, f"in:{whole}", q.measure, q.year, q.literal)
            if m.is_money:
                subject = q
                if m is mentions[-1] and text.rstrip().endswith("其中:"):   # (the cheap test first)
                    carried = (i, q)
            entries.append((m, q))
    return entries


_YEAR_IN = re.compile(r"20\d\d年")
_RUNNING = re.compile(r"\s*(?:再)?(?:加上|加|减去|扣除)")


_RUN_OPENERS: Final = ("再", "加", "减", "扣")   # the characters a match of _RUNNING opens with, after its spaces


def _runs_on(text: str, pos: int, endpos: int) -> bool:
    """Does ``text[pos:endpos]`` open with a word of a running computation (``_RUNNING``)?  The pattern is
    tried only when the first character is one such a word opens with, or a space."""
    first = text[pos:pos + 1]
    return (first in _RUN_OPENERS or first.isspace()) and _RUNNING.match(text, pos, endpos) is not None


def _clause_start(text: str, start: int, pos: int) -> int:
    """Where the clause of ``text`` ending at ``pos`` starts (after the last ``,;:`` after ``start``),
    found by three ``rfind`` rather than by splitting ``text[start:pos]`` at every mark."""
    cut = max(text.rfind(",", start, pos), text.rfind(";", start, pos), text.rfind(":", start, pos))
    return cut + 1 if cut >= 0 else start

_HEAD_YEAR = re.compile(r"\s*(?:\d{1,2}[.、]|[(][一二三四五六七八九十\d]{1,3}[)]|[一二三四五六七八九十]{1,3}、)?\s*(20\d\d)年(?:度)?")


_CN_NUMERALS: Final = "一二三四五六七八九十"   # (the ideographs _HEAD_YEAR may open with)


def _head_year(text: str, start: int, report_year: int | None) -> str:
    """The year a sentence opens with (``2011年某局…``), as a Quantity's year: "" for the report's."""
    first = text[start:start + 1]
    if "\u4e00" <= first <= "\u9fff" and first not in _CN_NUMERALS:
        return ""   # (a sentence opening with an ideograph that numbers no item: no match, without the pattern)
    m = _HEAD_YEAR.match(text, start)
    if m is None or report_year is None:
        return ""
    year = int(m.group(1))
    return "" if year == report_year else ("上年" if year == report_year - 1 else str(year))


def _quantity(ctx: AuditContext, book: QuantityBook, m: Mention, subject: Quantity | None,
              memo: Memo, block: str, parts: Parts) -> Quantity | None:
    key = (place(m), m.label)
    if key in memo:
        return memo[key]
    q: Quantity | None = None
    fund = ""
    if block.startswith("fund:"):   # a section about one fund: its figures are of that fund unless they say
        fund = next((sc for word, sc in book.scopes if word == block[5:]), "")
        block = ""
    if m.role == "prior" and CHANGE_ONLY.search(m.label):
        pass   # ``较上年同期增收0.29亿元``: a change named by its comparison alone, of whatever the clause is about
    elif m.role == "plain" and m.label[:1] in ("较", "比"):
        pass   # ``较114年度法定预算数279.61亿元``: the base of a comparison of another year, of the clause's subject
    elif m.role == "plain" and (CHANGE_ONLY.search(m.label) or is_rate_base(m.label)):
        pass   # ``收入完成12655万元，占年预算30820万元的41.06%，短收187万元``: the budget the clause's subject is
        #        measured against, and how far it fell short, of that subject (another sentence's 占年预算 is another's)
    elif m.role in ("plain", "prior") and m.is_money:
        scope, parent, parent_free = _from_total(ctx, book, m, memo, block, parts)
        q = quantity_of(book, m, ctx.year, subject, scope or fund)
        link = parts.of.get(place(m))
        if q is not None and link is not None and measures_clash(book, m.label, link[1] or link[0].label, ctx.year):
            q = None
        if q is not None and q.concept is None and parent:
            q = Quantity(f"{parent}/{q.name}", None, q.scope, q.measure, q.year, f"{parent}/{q.literal}")
        elif q is not None and q.concept is not None and parent_free is False and (
                q.concept.scope_free or _of_unnamed(ctx, book, m, memo, block, parts)):
            # 公务接待费 as an item of 公用经费 is basic spending only, not the 三公 figure; the 基本支出
            # of one functional line (``初中教育支出A元，其中：基本支出A元``) is that line's, not the unit's
            q = Quantity(q.name, None, f"in:{parent}", q.measure, q.year, q.literal)
        if q is not None and block:
            q = Quantity(q.name, None, block, q.measure, q.year, q.literal)
    elif m.role == "rate" and m.unit == "%":
        name = canonical(m.word, ctx.year)
        if len(name) >= 4 and not _PER_PROJECT.search(name) and not _other_year(ctx, m) and not _of_a_project(ctx, m):
            q = Quantity("rate:" + name, None, block, "rate", "", name)
    memo[key] = q
    return q




# (the totals of every fund: 总支出, 支出总额; a budget statement's 支出预算总额, 收入总预算)
_ALL_FUNDS_TOTAL: Final = re.compile(r"(?:总支出|总收入|(?:支出|收入)(?:预算|决算)?总额|(?:支出|收入)总(?:预算|决算))$")
_FUND_WORD: Final = re.compile(r"一般公共预算|政府性基金|国有资本经营|财政拨款")
_WHOLE_GENERIC: Final = ("", "总", "合计", "总支出", "总收入", "支出合计", "收入合计", "支出总额", "收入总额", "总额", "全部")


_CLAUSE_STOP: Final = re.compile(r"[;。]")


def _share_whole(ctx: AuditContext, mentions: list[Mention], k: int) -> str:
    """The whole named by the share stated right after amount ``mentions[k]`` in its clause (``占项目支出预算100%``)."""
    m = mentions[k]
    nxt = mentions[k + 1] if k + 1 < len(mentions) else None
    if nxt is None or nxt.role != "share" or not nxt.word or _CLAUSE_STOP.search(ctx.text(m.line), m.end, nxt.start):
        return ""
    whole = canonical(nxt.word, ctx.year)
    return "" if whole in _WHOLE_GENERIC else whole


def _months(periods: tuple[list[int], list[re.Match[str]]], period: re.Match[str], pos: int) -> str:
    """The span of months (``1-11月``) the figure at ``pos`` is of: the last period marker before it,
    or the one before that when the last is its ``累计``; "" for no span."""
    if period.group() == "累计":
        k = bisect.bisect_right(periods[0], pos) - 2
        period = periods[1][k] if k >= 0 and periods[1][k].end() == period.start() else period
    return _MONTHS_SEP.sub("-", period.group()) if _MONTHS.match(period.group()) else ""


def _of_unnamed(ctx: AuditContext, book: QuantityBook, m: Mention, memo: Memo, block: str, parts: Parts) -> bool:
    """Is ``m`` a part of a total that names no known quantity (a functional line, a project)?"""
    link = parts.of.get(place(m))
    if link is None:
        return False
    tq = _quantity(ctx, book, link[0], None, memo, block, parts)
    return tq is not None and tq.concept is None


def _of_a_project(ctx: AuditContext, m: Mention) -> bool:
    """Does the sentence stating the rate speak of one project (``“乡村道路维护”项目…预算执行率94.74%``)?
    Its rate is that project's, not the unit's."""
    text = ctx.text(m.line)
    lo = last_any(text, ("。", "!", "?"), m.start) + 1
    return "项目" in text[lo:m.start] and "项目支出" not in text[lo:m.start]


def _other_year(ctx: AuditContext, m: Mention) -> bool:
    """The clause stating the rate names last year or another year than the report's."""
    before = ctx.text(m.line)[max(0, m.start - 30):m.start]
    clause = _CLAUSE_SPLIT.split(before)[-1]
    if _LAST_YEAR.search(clause):
        return True
    return any(int(y) != ctx.year for y in _A_YEAR.findall(clause))


_CLAUSE_SPLIT: Final = re.compile(r"[,;。]")
_LAST_YEAR: Final = re.compile(r"上年|去年|同期|上一年")
_A_YEAR: Final = re.compile(r"(20\d\d)年")


def _from_total(ctx: AuditContext, book: QuantityBook, m: Mention, memo: Memo,
                block: str, parts: Parts) -> tuple[str, str, bool | None]:
    """The scope a part takes from its total, the total's name (for parts of unknown names) and
    whether the total is a scope-free concept (None when the total names nothing specific)."""
    link = parts.of.get(place(m))
    if link is None:
        return "", "", None
    total, label = link
    if label != total.label:   # ``…收入为552.21万元，支出包括：`` — the parts are of the spending
        total = Mention(total.value, total.text, total.unit, total.line, total.start, total.end, label, total.role)
    tq = _quantity(ctx, book, total, None, memo, block, parts)
    every_fund = _ALL_FUNDS_TOTAL.search(total.label) is not None
    # (``总支出7778.55万元，其中：项目支出…，基本支出7095.35万元``: the parts of the unit's spending of every
    # fund, not of one fund: its 一般公共预算财政拨款 基本支出 is another figure)
    if tq is None:
        return ("all", "", None) if every_fund else ("", "", None)
    scope = "all" if every_fund and not tq.scope else tq.scope
    return scope, tq.name, (tq.concept.scope_free if tq.concept is not None else False)


_LOWEST: Final = 9


def _rank(heading: str) -> int:
    """How high a heading stands: 第…部分 0, 一、 1, （一） 2, 1. 3, (1) 4; not a heading: the lowest."""
    mark = _HEADING.match(heading)
    if mark is None:
        return _LOWEST
    head = mark.group().strip()
    if head.startswith("第"):
        return 0
    if head.endswith("、") and not head[0].isdigit():
        return 1
    if head.startswith("("):
        return 4 if head[1].isdigit() else 2
    return 3


# the characters a match of _HEADING (and of _FUND_HEADING) can open with after its spaces (a digit aside)
_HEADING_LEADS: Final = frozenset("(一二三四五六七八九十第")


def _opens_heading(text: str) -> bool:
    """Whether ``text`` opens, after its spaces, with a character a match of ``_HEADING`` opens with:
    False rules out ``_HEADING`` and ``_FUND_HEADING`` without a pattern (``\\s`` is what ``str.lstrip``
    strips, ``\\d`` what ``str.isdecimal`` holds)."""
    lead = text.lstrip()[:1]
    return lead != "" and (lead in _HEADING_LEADS or lead.isdecimal())


def project_blocks(ctx: AuditContext) -> list[str]:
    """For each line, ``projN`` inside the N-th project's self-evaluation, else ``""``."""
    out: list[str] = []
    current = ""
    count = 0
    apart = False   # in a section of a level or of another basis (``2.市本级…``, ``剔除…后：``)
    rank = _LOWEST   # the rank of the heading that opened that section (a lower heading stays inside it)
    for line in ctx.doc.lines:
        text = line.text
        if len(text) >= 60:
            out.append(current)   # a heading is shorter
            continue
        heading = _opens_heading(text)   # (every branch but two needs _HEADING to match: most lines are no heading)
        fund = _FUND_HEADING.match(text) if heading and len(text) < 40 and holds_any(text, _FUNDS) else None
        if fund:   # ``2.政府性基金收支及其平衡情况``: its figures are of that fund, not the one before
            level = _PART_LEVEL.search(text, 0, fund.start("fund"))
            # (``2.市本级一般公共预算收支``: of the city's own level, not the whole city's of ``1.全市…``)
            current = f"level:{level.group()}@{fund.group('fund')}" if level else f"fund:{fund.group('fund')}"
            apart = level is not None
            rank = _rank(text) if apart else _LOWEST
        elif len(text) < 30 and text.startswith(_OTHER_BASIS_WORDS) and _OTHER_BASIS_LINE.match(text):
            # ``剔除高新区后：`` on a line of its own: the figures after it are on another basis
            current, apart, rank = f"basis:{current}@{text.strip()}", True, _LOWEST
        elif heading and len(text) < 40 and holds_any(text, _PART_LEVEL_NEEDLES) and _HEADING.match(text) \
                and (level := _PART_LEVEL.search(text)) is not None and _rank(text) <= rank:
            # ``（二）市本级情况`` on a line of its own: the figures of its section are of that level, not
            # the whole's of ``（一）全市情况`` (until the next heading of its rank or higher)
            current, apart, rank = f"level:{level.group()}", True, _rank(text)
        elif heading and apart and len(text) < 40 and _HEADING.match(text) and _rank(text) <= rank:
            current, apart, rank = "", False, _LOWEST   # (as a fund's section, ended by the next heading)
        elif heading and current.startswith("fund:") and len(text) < 40 and _HEADING.match(text):
            current = ""   # the next heading that names no fund ends the fund's section
        elif len(text) < 60 and ("项目" in text or "整体" in text or "部分" in text or "附件" in text) \
                and "\t" not in text.strip("\t"):
            if "项目" in text and ("绩效" in text or "自评" in text) and _PROJECT_START.search(text):
                count += 1
                current, apart = f"proj{count}", False
            elif ("整体" in text or "部分" in text or "附件" in text) and _SECTION_END.search(text):
                current, apart = "", False
        out.append(current)
    return out


def check_links(ctx: AuditContext, book: QuantityBook, parts: Parts) -> None:
    entries = link_quantities(ctx, book, parts)
    groups: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    for m, q in entries:
        groups[q.group].append((m, q))
    for members in groups.values():
        if len({m.line for m, _ in members}) < 2:
            continue
        flagged = _same_scope(ctx, book, members)
        _unscoped(ctx, book, members, flagged)


def _scope_key(q: Quantity) -> str:
    return "*" if q.concept is not None and q.concept.scope_free else q.scope


def _same_scope(ctx: AuditContext, book: QuantityBook, members: list[Entry]) -> set[Place]:
    clusters: dict[str, list[Entry]] = defaultdict(list)
    for m, q in members:
        clusters[_scope_key(q)].append((m, q))
    flagged: set[Place] = set()
    for cluster in clusters.values():
        if len({m.line for m, _ in cluster}) < 2:
            continue
        ctx.relations += 1
        values = {(_value(m), _places(m)) for m, _ in cluster}
        if len(values) == 1:
            continue   # stated alike everywhere
        if len(values) > MAX_VALUES:
            continue   # one name for many figures (each project's 项目支出 …): not one quantity restated
        ref = _reference(cluster)
        # a 0 against an amount is no restatement gone wrong: ``项目支出0元`` of a fund or section
        # that has none, against the unit's ``项目支出469500元`` (a slip does not turn 469500 into 0)
        wrong = [(m, q) for m, q in cluster if m.line != ref[0].line and not same(m, ref[0])
                 and _value(m) != 0 and _value(ref[0]) != 0]
        if wrong:
            flagged.update(place(x) for x, _ in cluster)
        for m, q in wrong:
            _emit(ctx, m, q, ref, "exact" if q.literal == ref[1].literal else "alias")
    return flagged


def _reference(cluster: list[Entry]) -> Entry:
    """The earliest statement, unless another value is stated at least twice more often.

    Statements are counted by their distinct (value, precision), so a figure repeated thousands of
    times costs one comparison per distinct value, not one per pair."""
    first = cluster[0]
    counts: dict[tuple[Decimal, int], int] = defaultdict(int)
    sample: dict[tuple[Decimal, int], Mention] = {}
    for m, _ in cluster:
        key = (_value(m), _places(m))
        counts[key] += 1
        sample.setdefault(key, m)
    support = {key: sum(n for other, n in counts.items() if same(sample[key], sample[other])) for key in counts}
    best_key = max(support, key=lambda k: support[k])
    first_key = (_value(first[0]), _places(first[0]))
    if support[best_key] < support[first_key] + 2:
        return first
    return next(e for e in cluster if (_value(e[0]), _places(e[0])) == best_key)


def _unscoped(ctx: AuditContext, book: QuantityBook, members: list[Entry], flagged: set[Place]) -> None:
    scoped = [(x, xq) for x, xq in members if xq.scope]
    for m, q in members:
        if q.scope or place(m) in flagged or _scope_key(q) == "*":
            continue
        others = [(x, xq) for x, xq in scoped if x.line != m.line and scopes_link(book, q, xq)]
        if not others:
            continue
        ctx.relations += 1
        if any(same(m, x) for x, _ in others) or _value(m) == 0 or all(_value(x) == 0 for x, _ in others):
            continue   # (a 0 against an amount: see _same_scope)
        _emit(ctx, m, q, next(e for e in others if _value(e[0]) != 0), "alias")


def _emit(ctx: AuditContext, m: Mention, q: Quantity, ref: Entry, level: str) -> None:
    other_m = ref[0]
    rule = "AUDIT-XSEC" if level == "exact" else "AUDIT-XSEC-ALIAS"
    shown_places = max(decimals_of(m.value), 2 if m.unit == "万元" else 0)
    expected = other_m.shown if other_m.unit == m.unit else fmt(_value(other_m) / _scale(m), shown_places) + m.unit
    label = m.word if m.role == "rate" else (q.concept.id if q.concept is not None else (m.label or q.name))
    ctx.emit(rule, m, claimed=m.shown, expected=expected, operands=[ctx.operand(other_m)],
             related=(ctx.source(other_m.line, other_m.start, other_m.end),),
             label=label, other=ctx.doc.lines[other_m.line].locator, other_label=other_m.label or label,
             )


def _value(m: Mention) -> Decimal:
    return wan(m)


def _scale(m: Mention) -> Decimal:
    return m.wan / m.value if m.is_money and m.value else Decimal(1)


def _places(m: Mention) -> int:
    """Decimals in 万元.  A 万元 amount counts as stated to the 分 of 万元 (2 places): reports in
    the Sichuan style drop trailing zeros (``31万元`` for 31.00), so fewer digits are no sign of
    rounding."""
    if m.unit == "万元":
        return max(2, decimals_of(m.value))
    if m.unit == "亿元" or m.unit == "亿":
        return max(2, decimals_of(m.value)) - 4   # (as 万元: ``87亿元`` is 87.00亿元, to the 百万元)
    return decimals_of(m.value) + ({"元": 4, "千元": 1}.get(m.unit, 0))


def same(a: Mention, b: Mention) -> bool:
    """Equal at the coarser precision: rounded half-up or truncated; no slack."""
    pa, pb = _places(a), _places(b)
    va, vb = _value(a), _value(b)
    if pa == pb:
        return va == vb
    fine, coarse, places = (va, vb, pb) if pa > pb else (vb, va, pa)
    unit = Decimal(1).scaleb(-places)
    return quantize(fine, places) == coarse or fine.quantize(unit, rounding=ROUND_DOWN) == coarse
