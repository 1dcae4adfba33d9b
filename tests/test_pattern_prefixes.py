"""Patterns rewritten to start with a set of the characters a match can start with (so that the regex
engine skips ahead to them, where an alternation of words is tried at every position) must find
exactly what the plain alternations, kept here as the oracles, find."""
from __future__ import annotations

import random
import re

from jixiao.audit import linker, statements

# the plain alternations, as first written: the oracle
PERIOD = re.compile(r"(?P<one>(?<![\d\-—~至])\d{1,2}月份(?!累计)|当月|本月)"
                    r"|累计|\d{1,2}[-—~至]\d{1,2}月|前\d{1,2}个月|上半年|季度|全年|截至|截止")
PART_LEVEL = re.compile(r"[省市县区州盟]本级|[省市县区]级(?!以上|以下)|本级|县区|县\(市、区\)|乡镇|中央|地方")


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, bool]]:
    return [(m.start(), m.end(), "one" in pattern.groupindex and m.group("one") is not None)
            for m in pattern.finditer(text)]


def test_markers_find_what_the_plain_alternations_find():
    pieces = list("0123456789-—~至月份累计当本前个上半年季度全截止省市县区州盟级乡镇中央地方以上下()、,。 ٣") + [
        "1-5月", "12月份", "7月份累计", "1—11月", "前3个月", "上半年", "县(市、区)", "市本级", "县级以上", "本级",
        "截至", "全年", "第一季度", "区级", "乡镇", "当月", "本月"]
    rnd = random.Random(7)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        assert _found(linker._PERIOD, text) == _found(PERIOD, text), repr(text)
        assert _found(linker._PART_LEVEL, text) == _found(PART_LEVEL, text), repr(text)


def test_each_marker_is_still_found():
    assert [m.group() for m in linker._PERIOD.finditer("1-5月累计支出，7月份当月收入，前3个月，上半年，截至6月")] == [
        "1-5月", "累计", "7月份", "当月", "前3个月", "上半年", "截至"]
    assert linker._PERIOD.search("7月份").group("one") is not None
    assert linker._PERIOD.search("1-7月").group("one") is None
    assert [m.group() for m in linker._PART_LEVEL.finditer("全市、市本级、县级以上、县(市、区)和乡镇")] == [
        "市本级", "县(市、区)", "乡镇"]


QIZHONG = re.compile(r"[其主具包分构如](?:(?<=其)中|(?<=主)要包括|(?<=具)体包括|(?<=具)体有|(?<=包)括|(?<=分)别为|(?<=分)别是|"
                     r"(?<=具)体为|(?<=构)成为|(?<=分)项情况(?:是|为|如下)|(?<=具)体情况是)[:,]?"
                     r"|(?:如下|分述如下|具体情况如下)[:]?\s*$")


def test_list_openers_find_what_the_plain_alternation_finds():
    pieces = list("其中主要包括具体为分别是构成如下述情况项有:,。 \n") + [
        "其中:", "主要包括", "具体包括", "具体有", "分别为", "分项情况如下", "分述如下", "具体情况如下:", "如下 ", "构成为", "具体情况是"]
    rnd = random.Random(8)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert [m.span() for m in statements._QIZHONG.finditer(text)] == [m.span() for m in QIZHONG.finditer(text)], repr(text)


# list items split at a comma, or at 和/及/以及 right after an amount (…81.73万元和…41.87万元)
ITEM_COMMA = re.compile("[,;、]|(?<=元)(?:和|以及|及)")


def test_list_item_separators_find_what_the_plain_alternation_finds():
    pieces = list("元和及以,;、万1其中") + ["万元和", "万元及", "万元以及", "以及", "和", "元以"]
    rnd = random.Random(9)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert [m.span() for m in statements._ITEM_COMMA.finditer(text)] == [m.span() for m in ITEM_COMMA.finditer(text)], repr(text)


# the figure scan as first written, with ``X?`` for the optional decimals and unit: the oracle for
# mentions.NUMBER, which writes them ``(?:X|)`` (no repeat context allocated per figure)
NUMBER = re.compile(
    r"([-+0-9](?<![0-9.A-Za-z〔\[].)(?:(?<=[0-9])|[0-9])[0-9]*(?:\.[0-9]+)?)"
    r"(万元|亿元|千元|元|%|个百分点|人次|人|辆|批次|次|分|个|项|台|套|件|家|名|[万亿](?=[,;。!?)]|$))?"
    r"(?![0-9])")


def test_figure_scan_finds_what_the_optional_groups_find():
    from jixiao.audit import mentions

    pieces = list("0123456789..-+万亿千元%个人次辆批项分台套件家名,;。!?)〔[aZ ") + [
        "个百分点", "人次", "批次", "万元", "亿元", "千元", "1.5", "-3", "+2.25", "2024年", "12.", "3亿", "5万,"]
    rnd = random.Random(11)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        assert ([(m.span(), m.group(1, 2)) for m in mentions.NUMBER.finditer(text)]
                == [(m.span(), m.group(1, 2)) for m in NUMBER.finditer(text)]), repr(text)


# -- shortcuts that skip a pattern where it cannot match, or replace it by plain string searches: each
# must give exactly what the pattern gives

def test_every_change_word_holds_a_change_character():
    """_CHANGE_BEFORE is tried only on spans holding one of _CHANGE_CHARS: every change word it knows
    must hold one (a word added to it without one would be missed silently)."""
    words = re.search(r"\(\?P<word>([^)]*)\)", statements._CHANGE_BEFORE.pattern).group(1).split("|")
    assert len(words) > 10
    assert all(any(c in w for c in statements._CHANGE_CHARS) for w in words), words


def _top_level_alternatives(pattern: str) -> list[str]:
    out, depth, start = [], 0, 0
    for k, c in enumerate(pattern):
        if c == "(" and pattern[k - 1:k] != "\\":
            depth += 1
        elif c == ")" and pattern[k - 1:k] != "\\":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:k])
            start = k + 1
    return out + [pattern[start:]]


def test_every_comparison_holds_bi_or_jiao():
    """_COMPARE is removed from a name only when it holds 比 or 较: each of its alternatives does."""
    alternatives = _top_level_alternatives(statements._COMPARE.pattern)
    assert len(alternatives) > 10
    assert all("比" in a or "较" in a for a in alternatives), alternatives
    assert "累计" in statements._PRIOR_TOTAL.pattern.split("(?=")[0]


def test_change_word_shortcut_finds_what_the_pattern_finds():
    pieces = list("增减降升提变浮下上负长少加幅收支了为率达约(),;:。 ") + ["增长", "下浮", "负增长", "减少了", "上升为", "万元", "12.5"]
    rnd = random.Random(10)
    for _ in range(10_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        statements.new_document()
        for lo in range(len(text) + 1):
            for hi in range(lo, len(text) + 1):
                if not statements._may_change(text, lo, hi):
                    assert statements._CHANGE_BEFORE.search(text, lo, hi) is None, (text, lo, hi)
                assert statements._states_change(text, lo, hi) == bool(re.search("[增减降升提变]", text[lo:hi])), (text, lo, hi)


CLAUSE_DELIM = re.compile(r"[,;:。!?、]")
SENTENCE_END = re.compile(r"[。!?]")
CHANGE_CHAR = re.compile(r"[增减降升提变浮]")


def test_clause_delimiters_and_sentences_as_the_patterns_find_them():
    pieces = list(",;:。!?、，x年 增减降升提变浮再加扣\u3000") + ["万元", "其中:", "。。", "加上", "减去", "扣除"]
    rnd = random.Random(11)
    for _ in range(10_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16)))
        statements.new_document()
        assert statements._delims(text) == [m.start() for m in CLAUSE_DELIM.finditer(text)], repr(text)
        assert statements._char_positions(text, statements._CHANGE_CHARS) == [m.start() for m in CHANGE_CHAR.finditer(text)]
        spans, start = [], 0
        for m in SENTENCE_END.finditer(text):
            spans.append((start, m.end()))
            start = m.end()
        if start < len(text):
            spans.append((start, len(text)))
        assert statements.sentences(text) == spans, repr(text)
        assert statements.sentence_stops(text) == [m.start() for m in SENTENCE_END.finditer(text)], repr(text)
        for lo in range(len(text) + 1):
            for pos in range(lo, len(text) + 1):
                clause = re.split(r"[,;:]", text[lo:pos])[-1]
                assert text[linker._clause_start(text, lo, pos):pos] == clause, (text, lo, pos)
                assert linker._runs_on(text, linker._clause_start(text, lo, pos), pos) == bool(linker._RUNNING.match(clause)), (text, lo, pos)
    statements.new_document()


def test_series_look_back_finds_what_a_search_from_the_start_finds():
    from jixiao.audit import breakdowns
    from jixiao.audit.mentions import scan_line

    pieces = list("0123456789.% 　和、与及占的,") + ["8.1%", "91.9%", "占总额的", " % ", "和 "]
    rnd = random.Random(12)
    for _ in range(10_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        for m in scan_line(text, 0):
            expected = bool(breakdowns._SERIES_AFTER.match(text, m.end) or breakdowns._SERIES_BEFORE.search(text, 0, m.start))
            assert breakdowns._in_series(text, m) == expected, (text, m.start)


def test_lone_number_shortcut_finds_what_the_pattern_finds():
    from jixiao.audit import scorecard

    pieces = list("0123456789.分| \t　x表") + ["٣", "１", "5分", "10 |"]
    rnd = random.Random(13)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        got, want = scorecard._lone(text), scorecard._LONE.match(text)
        assert (got and got.span(1)) == (want and want.span(1)), repr(text)


def test_every_breakdown_keyword_holds_a_gate_word():
    """breakdowns.keywords scans only lines holding one of _KEYWORD_WORDS: every alternative of
    _KEYWORD must hold one."""
    from jixiao.audit import breakdowns

    body = re.match(r"\(\?P<kw>(.*)\)\[:\]\?$", breakdowns._KEYWORD.pattern).group(1)
    alternatives = [re.sub(r"\(\?=[^)]*\)", "", a) for a in body.split("|")]
    assert len(alternatives) > 8 and all(re.fullmatch(r"[\u4e00-\u9fff]+", a) for a in alternatives), alternatives
    assert all(any(w in a for w in breakdowns._KEYWORD_WORDS) for a in alternatives), alternatives


def test_markers_in_stretches_are_the_markers_of_the_whole_line():
    """linker._markers runs its pattern only near the needles: the same matches as a scan of the line."""
    pieces = list("0123456789-—~至月份累计当本前个上半年季度全截止省市县区州盟级乡镇中央地方以上下()、,。 元万") + [
        "1-5月", "12月份", "7月份累计", "1—11月", "前3个月", "上半年", "县(市、区)", "市本级", "县级以上", "本级",
        "截至", "全年", "第一季度", "区级", "乡镇", "当月", "本月", "支出1234.56万元", "2023年12月31日", "县区"]
    rnd = random.Random(14)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 40)))
        for pattern, needles in ((linker._PERIOD, linker._PERIOD_NEEDLES), (linker._PART_LEVEL, linker._PART_LEVEL_NEEDLES)):
            ends, found = linker._markers(pattern, text, needles)
            whole = list(pattern.finditer(text))
            assert [m.span() for m in found] == [m.span() for m in whole], repr(text)
            assert [m.group("one") if "one" in pattern.groupindex else None for m in found] == \
                   [m.group("one") if "one" in pattern.groupindex else None for m in whole], repr(text)
            assert ends == [m.end() for m in whole]


def test_scorecard_cell_patterns_open_with_their_leads():
    """scorecard._card tries a whole-cell pattern only on a line whose first character after its spaces
    is one the pattern's words open with; a lone number only on one opening with a digit."""
    from jixiao.audit import scorecard

    for pattern, leads in ((scorecard._WEIGHT_HEADER, scorecard._WEIGHT_HEADER_LEADS),
                           (scorecard._NOT_SCORES, scorecard._NOT_SCORES_LEADS), (scorecard._TOTAL, scorecard._TOTAL_LEADS)):
        body = re.match(r"\^\\s\*\(\?:(.*?)\)\\s\*", pattern.pattern).group(1)
        alternatives = _top_level_alternatives(body)
        assert len(alternatives) >= 3
        assert {a[0] for a in alternatives} == set(leads), (alternatives, leads)
    for c in ["", " ", "a", "0", "9", "١", "１", "٣", "中", "〇", "\u3000", "½", "²"]:
        assert scorecard._is_digit(c) == c.isdecimal(), repr(c)
    for k in range(0x110000):
        c = chr(k)
        assert scorecard._is_digit(c) == c.isdecimal(), hex(k)


def test_every_whole_holds_a_gate_word():
    """extract_blocks passes over a line holding none of statements._whole_words(): every word naming
    a decomposition's whole holds one, and a name holding none fits no whole."""
    words = statements._whole_words()
    assert all(any(g in w for g in words) for d in statements.decompositions() for w in d.whole)
    assert not any(statements._whole_fits("本年支出合计与上年持平的项目"))


def test_head_year_shortcut_finds_what_the_pattern_finds():
    pieces = list("0123456789年度.、()一二三十某局 \u3000") + ["2023年", "2022年度", "(一)", "1.", "十一、"]
    rnd = random.Random(15)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        for start in range(len(text) + 1):
            m = linker._HEAD_YEAR.match(text, start)
            year = int(m.group(1)) if m else None
            want = "" if year is None or year == 2023 else ("上年" if year == 2022 else str(year))
            assert linker._head_year(text, start, 2023) == want, (text, start)


def test_not_a_figure_after_is_the_pattern():
    from jixiao.audit import mentions

    pieces = list("年月日号季度时周届期〕]级类款项)版部分文条章节层楼元万%个 ,。(12") + ["季度", "项)", "部分", "号文", "季", "项", "部"]
    rnd = random.Random(9)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 5)))
        for end in range(len(text)):
            assert mentions._not_a_figure_after(text, end) == (mentions._NOT_A_FIGURE_AFTER.match(text, end) is not None), \
                repr((text, end))


def test_a_line_that_does_not_open_as_a_heading_matches_no_heading_pattern():
    pieces = list(" \t\u3000\u00a0(一二三四五六七八九十第0123456789٣)、.部分级 ") + ["一般公共预算", "政府性基金", "第一部分", "(三)"]
    rnd = random.Random(10)
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
        if not linker._opens_heading(text):
            assert linker._HEADING.match(text) is None and linker._FUND_HEADING.match(text) is None, repr(text)
    assert linker._opens_heading("  (二)市本级情况") and linker._opens_heading("\u30003.政府性基金")
    assert not linker._opens_heading("全市一般公共预算") and not linker._opens_heading("")


def test_last_any_finds_the_last_of_its_characters_before_its_bound_and_nothing_before_the_text():
    from jixiao.audit.mentions import last_any

    text = "甲。乙!丙。丁"
    assert last_any(text, ("。", "!"), len(text)) == 5
    assert last_any(text, ("。", "!"), 5) == 3
    assert last_any(text, ("。", "!"), 1) == -1   # (the 。 at 1 is not before 1)
    assert last_any(text, ("。", "!"), 0) == -1
    # a bound of -1 (the stop before a sentence opening the text, less one) is before the text, not an
    # index from its end: nothing is found (rfind would find the 。 at 5)
    assert last_any(text, ("。", "!"), -1) == -1
