"""其中/包括 parts of a total, and 占…% shares, in narrative text.

A breakdown is a total followed by a keyword (其中, 包括, 主要包括, 分别为, 主要用于以下方面 …)
and the amounts of the same unit after it, up to the end of the sentence; when the
keyword ends its paragraph, the parts are the leading amounts of the paragraphs that
follow (numbered items such as ``1.…支出决算为196.82万元``).
"""
from __future__ import annotations

import re
from typing import Final
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from types import MappingProxyType

from jixiao.audit.budgets import is_budget_label
from jixiao.audit.context import AuditContext, Parts, Place, place, wan
from jixiao.audit.links import Names
from jixiao.audit.mentions import CHANGE_ONLY, MONEY, Mention, canonical, clean_label, last_any
from jixiao.audit.statements import decompositions, holds_any, part_slots
from jixiao.model.numbers import HUNDRED, decimals_of, fmt
from jixiao import relations as R

_KEYWORD: Final = re.compile(r"(?P<kw>其中|主要包括|具体包括|包括|分别为|分别是|主要用于以下方面|主要用于(?=:)|主要构成为|构成为|具体为)[:]?")
_HEADING: Final = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)]|第[一二三四五六七八九十]+部分)")
_INCOMPLETE: Final = re.compile(r"主要|等$")


# a word every alternative of _KEYWORD holds (tests/test_pattern_prefixes.py): a line holding none
# opens no breakdown, and a few substring tests turn it away before the pattern scans it
_KEYWORD_WORDS: Final[tuple[str, ...]] = ("其中", "包括", "分别", "主要用于", "构成为", "具体为")


def keywords(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """The words opening a breakdown (其中, 包括 …), not after 不 (不包括); the 不 is checked here
    rather than by a look-behind in the pattern, which would make the regex engine try every position."""
    if not holds_any(text, _KEYWORD_WORDS):
        return
    end = len(text) if endpos is None else endpos
    while (m := _KEYWORD.search(text, pos, end)) is not None:
        if m.start() and text[m.start() - 1] == "不":
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()   # a match is never empty


@dataclass
class Breakdown:
    total: Mention
    parts: list[Mention]
    keyword: str
    line: int
    key_prefix: str
    partial: bool
    total_label: str = ""

    def __init__(self, total: Mention, parts: list[Mention], keyword: str, line: int, key_prefix: str, partial: bool,
                 total_label: str = "") -> None:
        # written out so mypyc compiles it (tests/test_native.py)
        self.total = total
        self.parts = parts
        self.keyword = keyword
        self.line = line
        self.key_prefix = key_prefix
        self.partial = partial
        self.total_label = total_label


def family(m: Mention) -> str:
    return "money" if m.is_money else m.unit


def find_breakdowns(ctx: AuditContext) -> tuple[list[Breakdown], Parts]:
    """Every breakdown of the document, and each part's cross-section key (total key / part key)
    and total."""
    found: list[Breakdown] = []
    keys: dict[Place, str] = {}
    of: dict[Place, tuple[Mention, str]] = {}
    for i, line in enumerate(ctx.doc.lines):
        if (not ctx.mentions[i] and "其中" not in line.text) or not holds_any(line.text, _KEYWORD_WORDS):
            continue   # (the test keywords() opens with, made here: the generator is not even made)
        for kw in keywords(line.text):
            bd = _breakdown(ctx, i, kw)
            if bd is not None:
                found.append(bd)
                for part in bd.parts:
                    keys[place(part)] = f"{bd.key_prefix}/{canonical(part.label, ctx.year)}"
                    of[place(part)] = (bd.total, bd.total_label)
    return found, Parts(MappingProxyType(keys), MappingProxyType(of))


def verify_breakdowns(ctx: AuditContext, found: list[Breakdown], parts: Parts, names: Names) -> set[Place]:
    """Check sums and shares; returns where the share mentions checked here stand."""
    done: set[Place] = set()
    for bd in found:
        _verify(ctx, bd, parts, names)
        done.update(place(s) for _, s in share_pairs(ctx, bd.line, bd.parts, _whole_key(ctx, bd)))
    return done


def _breakdown(ctx: AuditContext, i: int, kw: re.Match[str]) -> Breakdown | None:
    total = _total_before(ctx, i, kw.start())
    if total is None:
        return None
    fam = family(total)
    rest = ctx.text(i)[kw.end():].strip()
    if rest and not rest.startswith(("。", ":")):
        s_begin, s_end = ctx.sentence_bounds(i, kw.end())
        nxt = next(keywords(ctx.text(i), kw.end(), s_end), None)
        stop = nxt.start() if nxt else s_end
        stop = _paren_close(ctx.text(i), kw.start(), stop)
        # (an amount named only by its change, ``增收B万元``, is no part: it is how much a part grew)
        parts = [m for m in ctx.mentions[i] if kw.end() <= m.start < stop and m.role == "plain"
                 and family(m) == fam and not _in_parens(ctx.text(i), kw.end(), m.start)
                 and not CHANGE_ONLY.search(m.label)]
        if nxt and parts and any(m.start < nxt.start() for m in parts):
            trailing = _total_before(ctx, i, nxt.start())
            parts = [m for m in parts if m is not trailing]
        parts = _same_measure(total, parts)
        partial = bool(_INCOMPLETE.search(kw.group("kw"))) or "等" in ctx.text(i)[parts[-1].end:stop] if parts else False
    else:
        parts = _following_heads(ctx, i, fam)
        partial = kw.group("kw").startswith("主要")
    if len(parts) < 2 and not any(m.role == "share" for m in ctx.mentions[i] if m.start > kw.end()):
        return None
    prefix = _intro_subject(ctx.text(i), kw.start())
    key_prefix = _total_key(ctx, total, prefix)
    label = total.label.replace("收入", "支出") if "支出" in prefix and "收入" in total.label else total.label
    return Breakdown(total, parts, kw.group("kw"), i, key_prefix, partial, label)


def _same_measure(total: Mention, parts: list[Mention]) -> list[Mention]:
    """Parts stated as budget and as actual side by side (``基本支出年初预算为600万元，支出决算为580万元``):
    keep those measured like the total."""
    budget = [is_budget_label(m.label) for m in parts]
    if all(budget) or not any(budget):
        return parts
    want = is_budget_label(total.label)
    return [m for m, b in zip(parts, budget) if b == want]


def _total_before(ctx: AuditContext, i: int, pos: int) -> Mention | None:
    # (not an amount named by its change alone: ``收入58.6亿元，…，增收4.44亿元。其中：税收40.2亿元，占68.6%``
    # divides the 收入, never the 增收 stated after it)
    cands = [m for m in ctx.mentions[i] if m.end <= pos and m.role == "plain" and (m.is_money or m.unit)
             and not CHANGE_ONLY.search(m.label)]
    s_begin, _ = ctx.sentence_bounds(i, pos)
    in_sentence = [m for m in cands if m.start >= s_begin]
    if in_sentence:
        return in_sentence[-1]
    if ctx.text(i)[s_begin:pos].strip(" :") == "" and cands:
        return cands[-1]
    if not ctx.text(i)[:pos].strip():
        for j in range(i - 1, max(-1, i - 3), -1):
            prev = [m for m in ctx.mentions[j] if m.role == "plain" and (m.is_money or m.unit)]
            if prev:
                return prev[-1]
            if ctx.text(j).strip():
                break
    return None


def _paren_close(text: str, pos: int, stop: int) -> int:
    """Where a keyword at ``pos`` inside parentheses ends its list: at their closing mark, when it
    comes before ``stop`` (``转移支付A亿元(包括一般性转移支付B亿元，…；专项转移支付C亿元)；上解中央支出D亿元``:
    the amounts after the parenthesis are no parts of A). ``stop`` outside any parenthesis."""
    opened = text.rfind("(", 0, pos)
    if opened < 0 or opened < text.rfind(")", 0, pos):
        return stop
    close = text.find(")", pos, stop)
    return close if close >= 0 else stop


def _in_parens(text: str, begin: int, pos: int) -> bool:
    seg = text[begin:pos]
    return seg.count("(") > seg.count(")")


def _following_heads(ctx: AuditContext, i: int, fam: str) -> list[Mention]:
    heads: list[Mention] = []
    for j in range(i + 1, min(len(ctx.doc.lines), i + 60)):
        text = ctx.text(j)
        if not text.strip():
            continue
        if _HEADING.match(text) or "\t" in text:
            break
        head = next((m for m in ctx.mentions[j] if m.role == "plain" and family(m) == fam), None)
        if head is None:
            break
        if not _continues_label(ctx, j, head):
            heads.append(head)
    return heads


def _continues_label(ctx: AuditContext, j: int, head: Mention) -> bool:
    """A line that opens with a bare figure whose label ended the line before (``…差旅费`` /
    ``3.99万元、…``) continues that line's list; its figure is not a new item of the outer total."""
    if ctx.text(j)[:head.start].strip():
        return False
    prev = next((ctx.text(k).rstrip() for k in range(j - 1, -1, -1) if ctx.text(k).strip()), "")
    return bool(prev) and "\u4e00" <= prev[-1] <= "\u9fff"


def _intro_subject(text: str, pos: int) -> str:
    """``支出`` in ``…收入为552.21万元，支出包括：`` — the words just before the keyword."""
    before = text[max(0, pos - 8):pos]
    cut = last_any(before, (",", ";", ":", "。", "、"), len(before))
    return before[cut + 1:]


def _total_key(ctx: AuditContext, total: Mention, subject: str) -> str:
    key = canonical(total.label, ctx.year)
    if subject and "支出" in subject and "收入" in total.label:
        key = canonical(total.label.replace("收入", "支出"), ctx.year)
    return key


def _effective_total(ctx: AuditContext, bd: Breakdown, names: Names) -> tuple[Decimal, Mention | None]:
    """The whole the parts belong to: the stated total, or the quantity the keyword names instead."""
    if canonical(bd.total.label, ctx.year) != bd.key_prefix:
        other = [m for m in names.get(bd.key_prefix, ()) if m.line != bd.line]
        if other:
            return wan(other[0]), other[0]
    return wan(bd.total), None


def _verify(ctx: AuditContext, bd: Breakdown, parts: Parts, names: Names) -> None:
    whole, named = _effective_total(ctx, bd, names)
    label = bd.total.label if named is None else named.label
    if len(bd.parts) >= 2 and named is not None:
        # (a list against its own whole is audit.statements' sum relation; here only the whole
        # restated elsewhere, which is an inferred reading)
        _verify_sum(ctx, bd, whole, named, label, parts, names)
    _verify_shares(ctx, bd, whole, named)


def _verify_sum(ctx: AuditContext, bd: Breakdown, whole: Decimal, named: Mention | None, label: str, known: Parts,
                names: Names) -> None:
    ctx.relations += 1
    parts = [wan(m) for m in bd.parts]
    unit = bd.total.unit if bd.total.is_money else ""
    scale = bd.total.wan / bd.total.value if bd.total.is_money and bd.total.value else Decimal(1)
    verdict = R.total_of(whole, parts, strict=ctx.strict)
    if verdict.ok:
        return
    if bd.partial and sum(parts) < whole:
        return
    places = max(m.text[::-1].find(".") if "." in m.text else 0 for m in [bd.total, *bd.parts])
    expected = fmt(sum(parts) / scale, places) + unit
    claimed = fmt(whole / scale, places) + unit
    where = bd.total if named is None else bd.parts[0]
    ops = [ctx.operand(m) for m in bd.parts] + ([ctx.operand(named)] if named is not None else [])
    cause = _sum_cause(ctx, bd, whole, known, names)
    if named is not None:
        cause = cause or f"所列分项之和{fmt(sum(parts) / scale, places)}{unit}等于文中的“{bd.total.label}”，而非“{named.label}”"
    ctx.emit("AUDIT-SUM", where, claimed=claimed, expected=expected, operands=ops, cause=cause,
             label=label or "合计", n=len(parts), inferred=True)


def _sum_cause(ctx: AuditContext, bd: Breakdown, whole: Decimal, known: Parts, names: Names) -> str | None:
    parts = [wan(m) for m in bd.parts]
    for k, m in enumerate(bd.parts):
        rest = sum(parts) - parts[k]
        for factor, note in ((Decimal(10000), "元"), (Decimal("0.0001"), "亿元")):
            if m.is_money and R.total_of(whole, [*parts[:k], parts[k] * factor, *parts[k + 1:]]).ok:
                return f"“{m.label}”{m.shown}的单位疑为笔误（元/万元）"
        key = known.keys.get(place(m), "")
        for other in names.get(key, ()):
            if other is not m and other.line != m.line and R.total_of(whole, [rest, wan(other)]).ok:
                return (f"合计与“{m.label}”修改前的数值相符：该项在{ctx.doc.lines[other.line].locator}为{other.shown}，"
                        f"按此合计正好为{fmt(whole, 2)}")
    return None


def _whole_key(ctx: AuditContext, bd: Breakdown) -> str:
    return canonical(bd.total_label, ctx.year) or bd.key_prefix


def _verify_shares(ctx: AuditContext, bd: Breakdown, whole: Decimal, named: Mention | None) -> None:
    pairs = share_pairs(ctx, bd.line, bd.parts, _whole_key(ctx, bd))
    if not pairs:
        return
    stated = [s.value for _, s in pairs]
    parts = [wan(p) for p, _ in pairs]
    if whole == 0:
        return
    if len(pairs) == len(bd.parts) and len(pairs) >= 2:
        verdicts = R.shares(stated, parts, whole=whole, strict=ctx.strict)
    else:
        verdicts = [R.ratio(s, p, whole, strict=ctx.strict) for s, p in zip(stated, parts)]
    ctx.relations += len(verdicts)
    for (part, share), verdict in zip(pairs, verdicts):
        if verdict.ok:
            continue
        cause = None
        base = named.shown if named is not None else bd.total.shown
        if named is not None and R.ratio(share.value, wan(part), wan(bd.total)).ok:
            cause = f"占比按“{bd.total.label}”{bd.total.shown}计算，而该项所属合计为{named.shown}"
        cause = cause or swapped_cause(ctx, pairs, part, share, whole)
        ctx.emit("AUDIT-SHARE", share, claimed=share.shown, expected=f"{verdict.shown}%",
                 operands=[ctx.operand(part), ("合计", base, ctx.doc.lines[(named or bd.total).line].locator)],
                 cause=cause, label=part.label, part=part.shown, whole=base, inferred=named is not None)


def share_pairs(ctx: AuditContext, line: int, parts: list[Mention], whole: str = "") -> list[tuple[Mention, Mention]]:
    """Each part with the share stated right after it (before the next part, in its sentence),
    unless the share names another whole (``占政府采购支出总额的60%`` after a part of 中小企业合同)."""
    out = []
    mentions = ctx.mentions[line]
    for k, part in enumerate(parts):
        if part.line != line:
            continue
        limit = parts[k + 1].start if k + 1 < len(parts) and parts[k + 1].line == line else len(ctx.text(line))
        limit = _paren_close(ctx.text(line), part.start, min(limit, ctx.sentence_bounds(line, part.end)[1]))
        share = next((m for m in mentions if part.end <= m.start < limit and m.role == "share"
                      and not _in_series(ctx.text(line), m)), None)
        if share is not None and not (whole and _names_other_whole(ctx, share, whole)):
            out.append((part, share))
    return out


_SERIES_AFTER: Final = re.compile(r"\s*(?:和|、|与|及)\s*[\d.]+\s*%")
_SERIES_BEFORE: Final = re.compile(r"[\d.]+\s*%\s*(?:和|、|与|及)\s*$")


def _in_series(text: str, share: Mention) -> bool:
    """Is ``share`` one of a run of percentages (``占…的8.1%和91.9%``), each of which belongs to one of
    the amounts listed before (分别为A和B) in order, not to the nearest?"""
    if _SERIES_AFTER.match(text, share.end):
        return True
    # a match before the share ends at it, so its % is the last one before the share: the search
    # starts at the character before that % and its spaces (a search from 0 tried every digit of the line)
    k = text.rfind("%", 0, share.start) - 1
    if k < -1:
        return False
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and _SERIES_BEFORE.search(text, k, share.start) is not None


_GENERIC_WHOLE: Final = ("", "总", "合计", "总支出", "总收入", "支出合计", "收入合计", "支出总额", "收入总额", "总额", "全部")


def _names_other_whole(ctx: AuditContext, share: Mention, whole: str) -> bool:
    base = canonical(share.word, ctx.year)
    if base in _GENERIC_WHOLE:
        return False
    if _one_of_two(base, whole):
        return True
    return not (base in whole or whole.endswith(base) or base.endswith(whole))


_JOINED: Final = re.compile(r"(?<=[\u4e00-\u9fff])(?:和|及|与)(?=[\u4e00-\u9fff])")


def _one_of_two(base: str, whole: str) -> bool:
    """Does ``base`` name what follows the 和/及/与 of ``whole``, and nothing before it (``占转移支付比重``
    against ``税收返还和转移支付``; ``占运行费`` against ``公务用车购置及运行费``)? Then it names one of the two things
    the whole joins, a narrower whole.  A base naming what stands before the 和 is left to the other tests."""
    joint = _JOINED.search(whole)
    if joint is None or base in whole[:joint.start()]:
        return False
    after = whole[joint.end():]
    return base == after


def swapped_cause(ctx: AuditContext, pairs: list[tuple[Mention, Mention]], part: Mention, share: Mention,
                  whole: Decimal) -> str | None:
    for other_part, other_share in pairs:
        if other_share is share:
            continue
        if (R.ratio(share.value, wan(other_part), whole).ok and R.ratio(other_share.value, wan(part), whole).ok):
            return f"“{part.label}”与“{other_part.label}”的占比疑似写反"
    del ctx
    return None


def check_loose_shares(ctx: AuditContext, done: set[Place], names: Names) -> None:
    """Shares outside a breakdown: a group whose shares total 100%, or a share of a named whole."""
    for i, mentions in ctx.figure_lines:
        shares = [m for m in mentions if m.role == "share" and place(m) not in done]
        if not shares:
            continue
        groups: dict[tuple[int, int], list[tuple[Mention, Mention]]] = {}
        text = ctx.text(i)
        for pairs in _respective(ctx, i, text, mentions, shares):
            groups[(i, pairs[0][1].start)] = pairs
        for s in shares:
            if _in_series(text, s):
                continue   # ``分别为A和B，占…的a%和b%``: which share is whose is not told by nearness
                #            (but by their order: `_respective`)
            # (the amount the share is of: not a change stated between them, ``…增收B万元，税收收入占…x%``)
            part = next((m for m in reversed(mentions) if m.end <= s.start and m.role == "plain" and m.is_money
                         and not CHANGE_ONLY.search(m.label)), None)
            if part is None or not _names_part(s, part):
                continue
            groups.setdefault(ctx.sentence_bounds(i, s.start), []).append((part, s))
        for pairs in groups.values():
            _check_group(ctx, pairs, names)
    _check_unstated_wholes(ctx, done, names)


_JOIN: Final = re.compile(r"\s*(?:和|、|与|及)\s*")
_RESPECTIVELY: Final = re.compile(r"分别(?:为|是|达到?)")
_RESPECTIVE_TAIL: Final = re.compile(r"的?(?:比重|比例|份额)?分别$")


def _respective(ctx: AuditContext, i: int, text: str, mentions: list[Mention],
                shares: list[Mention]) -> Iterator[list[tuple[Mention, Mention]]]:
    """``货物、工程和服务采购金额分别为A、B和C，占…的比重分别为a%、b%和c%``: a run of shares after a run of
    as many amounts listed after 分别为, in one sentence — the shares are the amounts' in their order."""
    percents = [m for m in mentions if m.unit == "%" and m.role in ("share", "plain")]
    for s in shares:
        run = [s]
        for m in percents:
            if m.start > run[-1].start and _JOIN.fullmatch(text, run[-1].end, m.start):
                run.append(m)
        if len(run) < 2 or any(m.role != "plain" for m in run[1:]):
            continue
        lo = ctx.sentence_bounds(i, run[0].start)[0]
        before = [m for m in mentions if lo <= m.start and m.end <= run[0].start]
        amounts = before[-len(run):]
        # as many amounts right before the shares' own clause (no other figure between), joined by 、/和,
        # the first right after 分别为
        if len(amounts) != len(run) or any(not m.is_money or m.role != "plain" for m in amounts) or any(
                not _JOIN.fullmatch(text, a.end, b.start) for a, b in zip(amounts, amounts[1:])) or not any(
                said.end() == amounts[0].start for said in _RESPECTIVELY.finditer(text, lo, amounts[0].start)):
            continue
        # the shares after the first have no whole of their own: they are all of the first's
        word = _RESPECTIVE_TAIL.sub("", s.word)
        yield [(a, Mention(m.value, m.text, m.unit, m.line, m.start, m.end, m.label, "share", word, m.year))
               for a, m in zip(amounts, run)]


def _names_part(share: Mention, part: Mention) -> bool:
    """Does the share's own clause leave ``part`` as what it is of?  ``税收收入占公共财政收入比重为83%``
    names its part (税收收入): an amount of another name before it (the 公共财政收入 itself) is not it."""
    subject = clean_label(share.label.split("占", 1)[0]) if "占" in share.label else ""
    return len(subject) < 2 or subject in part.label


_OTHER_PERIOD: Final = re.compile(r"上年|去年|上一年|同期|预算数|年初")


def _check_unstated_wholes(ctx: AuditContext, done: set[Place], names: Names) -> None:
    """Shares of one whole that the text never states, in different sentences (``基本支出A万元，占一般
    公共预算支出的x%。`` … ``项目支出B万元，占一般公共预算支出的y%。``): when the parts are all the parts
    of a known complete decomposition of that whole (decompositions.yaml), each named once, the whole
    is their sum and each share is checked against it.  Parts of other names with shares of the same
    whole (its functional classes …) are left aside."""
    by_whole: dict[str, list[tuple[Mention, Mention]]] = {}
    for i, mentions in ctx.figure_lines:
        text = ctx.text(i)
        for s in mentions:
            if s.role != "share" or not s.word or place(s) in done or _in_series(text, s):
                continue
            key = canonical(s.word, ctx.year)
            if key in _GENERIC_WHOLE or names.get(key):
                continue   # no whole named, or the whole is stated: the shares are checked against it
            lo = ctx.sentence_bounds(i, s.start)[0]
            part = next((m for m in reversed(mentions) if lo <= m.start and m.end <= s.start
                         and m.role == "plain" and m.is_money), None)
            if part is not None and not _OTHER_PERIOD.search(text, lo, s.start) and (
                    part.year is None or ctx.year is None or part.year == ctx.year):
                by_whole.setdefault(key, []).append((part, s))
    for pairs in by_whole.values():
        if len({ctx.sentence_bounds(s.line, s.start) + (s.line,) for _, s in pairs}) < 2:
            continue   # one sentence: its group is checked as a group
        slots = part_slots(pairs[0][1].word, [p.label for p, _ in pairs])
        if slots is None:
            _shares_of_their_sum(ctx, pairs)
            continue
        chosen = [pairs[k] for k in slots]
        whole = sum((wan(p) for p, _ in chosen), Decimal(0))
        if whole <= 0:
            continue
        unit = chosen[0][0].unit if len({p.unit for p, _ in chosen}) == 1 else "万元"
        places = max(max(-int(p.value.as_tuple().exponent), 0) for p, _ in chosen)
        names_ = "＋".join(_plain_label(p) for p, _ in chosen)
        shown = f"{fmt(whole / MONEY[unit], places)}{unit}（{names_}）"
        for part, share in chosen:
            v = R.ratio(share.value, wan(part), whole, strict=ctx.strict)
            ctx.relations += 1
            if not v.ok:
                ctx.emit("AUDIT-SHARE", share, claimed=share.shown, expected=f"{v.shown}%",
                         operands=[ctx.operand(p) for p, _ in chosen], label=_plain_label(part), part=part.shown,
                         whole=shown)


def _shares_of_their_sum(ctx: AuditContext, pairs: list[tuple[Mention, Mention]]) -> None:
    """Shares of a whole never stated, named by parts of no known decomposition (``（一）教育支出A元，占支出
    总预算x%`` … ``（四）住房保障支出D元，占支出总预算w%``), each in a sentence of its own, three or more:
    when every share but one is its part's share of the parts' sum (two or more of them of parts not 0),
    the parts are all of the whole and the one left is wrong — an inferred reading, a warning.  A list
    that leaves parts out fits no share; two shares that do not fit are not told apart."""
    sentences = {(s.line,) + ctx.sentence_bounds(s.line, s.start) for _, s in pairs}
    if len(pairs) < 3 or len(sentences) < len(pairs) or len({clean_label(p.label) for p, _ in pairs}) < len(pairs):
        return
    whole = sum((wan(p) for p, _ in pairs), Decimal(0))
    if whole <= 0:
        return
    verdicts = [R.ratio(s.value, wan(p), whole, strict=ctx.strict) for p, s in pairs]
    bad = [k for k, v in enumerate(verdicts) if not v.ok]
    fit = [k for k, v in enumerate(verdicts) if v.ok and pairs[k][0].value != 0]
    if len(bad) > 1 or len(fit) < 2:
        return
    ctx.relations += len(pairs)
    for k in bad:
        part, share = pairs[k]
        ctx.emit("AUDIT-SHARE", share, claimed=share.shown, expected=f"{verdicts[k].shown}%",
                 operands=[ctx.operand(p) for p, _ in pairs], label=_plain_label(part), part=part.shown,
                 whole=fmt(whole, 2) + "万元", inferred=True)


def _plain_label(m: Mention) -> str:
    return m.label.lstrip("0123456789.、:) ")


def _check_group(ctx: AuditContext, pairs: list[tuple[Mention, Mention]], names: Names) -> None:
    stated = [s.value for _, s in pairs]
    parts = [wan(p) for p, _ in pairs]
    if len(pairs) >= 2 and abs(sum(stated, Decimal(0)) - HUNDRED) <= Decimal("0.1") * len(pairs) and sum(parts) > 0:
        verdicts = R.shares(stated, parts, strict=ctx.strict)
        ctx.relations += len(verdicts)
        for (part, share), v in zip(pairs, verdicts):
            if not v.ok:
                ctx.emit("AUDIT-SHARE", share, claimed=share.shown, expected=f"{v.shown}%",
                         operands=[ctx.operand(p) for p, _ in pairs],
                         cause=swapped_cause(ctx, pairs, part, share, sum(parts, Decimal(0))),
                         label=part.label, part=part.shown, whole=fmt(sum(parts, Decimal(0)), 2) + "万元")
        return
    if _check_complete_parts(ctx, pairs):
        return
    for part, share in pairs:
        base_key = canonical(share.word, ctx.year)
        if not share.word or base_key in ("总", "合计", ""):
            continue
        base = [m for m in names.get(base_key, ()) if m is not part] or _named_by_suffix(names, base_key, part) \
            or _named_before(ctx, part, share, base_key)
        inferred = False
        if not base:
            base = _whole_opening(ctx, part, share, names) or _whole_by_sum(ctx, pairs, base_key, names)
            inferred = True
        if not base or wan(base[0]) == 0:
            continue
        if len({wan(m) for m in base}) > 1:
            # the name is stated with several values (``全市…实际采购金额A万元…市本级…实际采购金额B万元``):
            # the share may be of any of them: which one is not told, so it is not checked — unless
            # the amounts of the sentence's shares of that name add up to exactly one of them
            # (``税收收入A万元，占一般公共预算收入的x%；非税收入B万元，占…的y%`` with A + B stated as
            # the 全市 figure): their whole, by the text's own sum, whatever the shares add up to
            base = _whole_of_parts(ctx, pairs, base_key, base)
            if not base:
                continue
        v = R.ratio(share.value, wan(part), wan(base[0]), strict=ctx.strict)
        ctx.relations += 1
        if not v.ok:
            ctx.emit("AUDIT-SHARE", share, claimed=share.shown, expected=f"{v.shown}%",
                     operands=[ctx.operand(part), ctx.operand(base[0])], label=part.label,
                     part=part.shown, whole=base[0].shown, inferred=inferred)


def _whole_of_parts(ctx: AuditContext, pairs: list[tuple[Mention, Mention]], base_key: str,
                    base: list[Mention]) -> list[Mention]:
    """Of the several amounts stated under a share's whole name, the one that the sentence's parts
    with shares of that same name (two or more) add up to — exactly, within the rounding of the
    figures as printed; none when no amount, or more than one value, fits."""
    parts = _shares_parts(ctx, pairs, base_key)
    if len(parts) < 2 or len({p.unit for p in parts} | {m.unit for m in base}) != 1:
        return []
    return _added_up_to(ctx, parts, base)


def _whole_by_sum(ctx: AuditContext, pairs: list[tuple[Mention, Mention]], base_key: str,
                  names: Names) -> list[Mention]:
    """A whole the shares name under another name than the one it is stated under (``…占财政总收入的
    比重为x%`` of a ``公共财政预算总收入A万元``): the one amount of the document, named with the same
    last word (总收入, 支出 …), that the sentence's parts with shares of that name (two or more) add up
    to, within the rounding of the figures as printed.  An inferred reading: a warning at most."""
    parts = _shares_parts(ctx, pairs, base_key)
    if len(parts) < 2 or len({p.unit for p in parts}) != 1 or len(base_key) < 3:
        return []
    return _added_up_to(ctx, parts, [m for key, ms in names.items() if "/" not in key and key[-2:] == base_key[-2:]
                                     for m in ms if m.unit == parts[0].unit and m not in parts])


def _shares_parts(ctx: AuditContext, pairs: list[tuple[Mention, Mention]], base_key: str) -> list[Mention]:
    """The amounts of the sentence's shares that name ``base_key`` as their whole."""
    return [p for p, s in pairs if s.word and canonical(s.word, ctx.year) == base_key]


def _added_up_to(ctx: AuditContext, parts: list[Mention], candidates: list[Mention]) -> list[Mention]:
    """Those of ``candidates`` that ``parts`` add up to, within the rounding of the figures as printed,
    when they are of one value; else none."""
    fitting = [m for m in candidates if R.total_of(m.value, [p.value for p in parts], strict=ctx.strict).ok]
    return fitting if fitting and len({m.value for m in fitting}) == 1 else []


# ``全市一般公共预算收入中的税收收入A万元，…，占总收入比重为x%``: the sentence opens by naming the whole
_WHOLE_OPENING: Final = re.compile(r"\s*(?:在|从)?(?P<w>[^,;:。中]{4,24})中(?:的|,)")


def _whole_opening(ctx: AuditContext, part: Mention, share: Mention, names: Names) -> list[Mention]:
    """The whole a share's sentence names at its opening (``X中的Y``, ``在X中，Y…``), stated under that
    name with one value before the sentence: an inferred reading (the share's own words name its whole
    otherwise, 总收入 for 一般公共预算收入), a warning at most."""
    lo = ctx.sentence_bounds(share.line, share.start)[0]
    text = ctx.text(share.line)
    if "中" not in text[lo:part.start]:
        return []
    opening = _WHOLE_OPENING.match(text, lo, part.start)
    if opening is None:
        return []
    found = [m for m in names.get(canonical(opening.group("w"), ctx.year), ())
             if m is not part and (m.line, m.start) < (share.line, lo)]
    return found if found and len({wan(m) for m in found}) == 1 else []


def _named_before(ctx: AuditContext, part: Mention, share: Mention, base_key: str) -> list[Mention]:
    """The whole a share names, stated earlier in the share's own sentence under a longer name that
    ends with it (``财政部2019年度政府采购支出总额A万元，其中授予中小企业合同金额B万元，占政府采购支出总额
    的x%``): the one such amount, or none."""
    lo = ctx.sentence_bounds(share.line, share.start)[0]
    found = [m for m in ctx.mentions[share.line] if lo <= m.start and m.end <= part.start and m.role == "plain"
             and m.is_money and m is not part and canonical(m.label, ctx.year).endswith(base_key)
             and not _one_of_two(base_key, canonical(m.label, ctx.year))]
    return found if len(found) == 1 else []


# what may stand before the name a share gives its whole, in the whole's own name: the year, and the
# whole area of the report (全市, 全县 …: 市本级 is a part of it, not it)
_THIS_YEAR: Final = re.compile(r"(?:本年度?|全年|年度|当年)?(?:全[省市县区州盟旗镇乡])?")


def _named_by_suffix(names: Names, base_key: str, part: Mention) -> list[Mention]:
    """The whole a share names in short (``占支出合计的x%``) stated in full once in the document
    (``本年支出合计A万元``): the one name ending with the share's, or none."""
    if len(base_key) < 4:
        return []
    # (only 本年… before it: 占财政拨款支出的 is no share of 一般公共预算财政拨款支出, a part of it)
    keys = [k for k in names if "/" not in k and k != base_key and k.endswith(base_key)
            and _THIS_YEAR.fullmatch(k[:-len(base_key)]) is not None]
    return [m for m in names[keys[0]] if m is not part] if len(keys) == 1 else []


def _check_complete_parts(ctx: AuditContext, pairs: list[tuple[Mention, Mention]]) -> bool:
    """Shares of one sentence naming no base whose parts are, each once, all the parts of a known
    complete whole (``因公出国（境）费0万元，占0%；公务用车购置及运行维护费5.5万元，占64.71%；公务接待费3万元，占
    35.29%``): the whole is their sum, whether or not the shares add up to 100.  False when they are not."""
    if len(pairs) < 2 or any(s.word for _, s in pairs):
        return False
    if not 50 <= sum((s.value for _, s in pairs), Decimal(0)) <= 150:
        return False   # shares of some wider whole (本年支出合计 …), not of these parts' sum
    labels = [_plain_label(p) for p, _ in pairs]
    for d in decompositions():
        if not d.complete or len(d.parts) != len(pairs):
            continue
        slots = part_slots(d.whole[0], labels)
        if slots is None or sorted(slots) != list(range(len(pairs))):
            continue
        # one unit for all (a part of 0 may be written in another: ``0.00万元`` beside amounts in 元)
        units = {p.unit for p, _ in pairs if p.value != 0}
        if len(units) > 1:
            return False
        unit = units.pop() if units else pairs[0][0].unit
        scale = {id(p): MONEY[p.unit] / MONEY[unit] for p, _ in pairs}
        value = {id(p): p.value * scale[id(p)] for p, _ in pairs}
        whole = sum(value.values(), Decimal(0))
        if whole <= 0:
            return False
        places = max(max(-int(p.value.as_tuple().exponent), 0) for p, _ in pairs if p.unit == unit)
        shown = f"{fmt(whole, places)}{unit}（{'＋'.join(labels)}）"
        # (each part is rounded, and so is their sum: a share is wrong only beyond what that allows)
        half = {id(p): R.unit_of(decimals_of(p.value)) / 2 * scale[id(p)] for p, _ in pairs}
        whole_half = sum(half.values(), Decimal(0))
        for part, share in pairs:
            v = R.ratio_of_rounded(share.value, value[id(part)], whole, numerator_half=half[id(part)],
                                   denominator_half=whole_half, strict=ctx.strict)
            printed = R.ratio(share.value, value[id(part)], whole, strict=ctx.strict)
            ctx.relations += 1
            if not printed.ok:
                # wrong on the printed figures; when their rounding could explain it (``0万元`` may be
                # up to 0.5万元), not sure
                ctx.emit("AUDIT-SHARE", share, claimed=share.shown, expected=f"{printed.shown}%",
                         operands=[ctx.operand(p) for p, _ in pairs], label=_plain_label(part), part=part.shown,
                         whole=shown, sure=not v.ok, cause=None if not v.ok else "差异在运算数的舍入范围之内，不能确定")
        return True
    return False
