"""Relations of flows stated in one sentence: savings against a plan, a balance after 收支相抵, and
average annual growth.

* **savings** — ``采购计划金额A万元，实际采购金额B万元，节约资金C万元，节约率D%``: C = A − B and
  D = C ÷ A (each read only when the clause group, up to ``；`` or ``。``, names the plan, the
  actual amount and the saving); with no plan stated, D must be C ÷ (B + C) or C ÷ B.  A group naming
  two plans is split at its ``其中`` (the whole's saving before it, each kind's after it); a saving
  opening a sentence of its own takes the plan and the actual amount from the sentences before it
  (the amount before each one's ``其中``): an inferred reading, at most a warning.
* **balance** — ``收入合计X万元…支出合计Y万元…收支相抵，年终结余Z万元``: Z = X − Y, with X and Y the
  last totals of income and spending in the same paragraph; with no totals, the items of its own
  sentence or of the one before (…收入 and 上年结余 less …支出; any other item: not read), inferred.
* **average growth** — ``从2015年的A万元上升到2020年的B万元，年均增长R%``: R = (B ÷ A)^(1/5) − 1.
* **from one level to another** — ``由A万元减少至B万元，减幅R%`` (or ``从A人降为B人``, counts of one
  unit): R = |B − A| ÷ A (a change rate with both levels stated).
"""
from __future__ import annotations

import re
from typing import Final
from decimal import Decimal

from jixiao.audit.claims import Extraction, Figure, Operand, Reading, Relation
from jixiao.audit.mentions import MONEY, Mention, last_any

_PLAN: Final = re.compile(r"(?:(?:计划|预算)(?:采购)?(?:金额|规模|资金)|(?:完成)?采购预算(?:金额)?|采购预算执行|(?:比|较)(?:采购)?预算(?:数)?的?)"
                          r"(?:共计|合计|为)?$")
_ACTUAL: Final = re.compile(r"(?:实际(?:采购)?(?:支出金额|金额|规模|支出)|(?:完成|实现|实施)政府采购(?:总)?(?:金额|额|规模)|政府采购规模)"
                            r"(?:共计|合计|为)?$")
_SAVED: Final = re.compile(r"节约(?:财政)?(?:资金|金额)?(?:共计|合计|为)?$")
_SAVE_RATE: Final = re.compile(r"(?:节约|节支)率(?:为|是|达)?$")
_INCOME_TOTAL: Final = re.compile(r"收入(?:合计|总计|总量|总额)(?:为|是)?$")
_SPEND_TOTAL: Final = re.compile(r"支出(?:合计|总计|总量|总额)(?:为|是)?$")
# (after 收支相抵 the words may name whose balance it is: ``收支相抵后，各级政府岁入岁出剩余A亿元``; 剩余 and
# 賸余 (OpenCC's t2s keeps the 賸 of 賸餘) are a Taiwan budget's surplus, 净利 a fund's:
# ``营业总收入…营业总支出…收支相抵，净利A亿元``)
_BALANCE: Final = re.compile(r"收支相抵(?:后)?[,]?(?:[^\d,;:。]{0,12}?)(?:年终|当年|全年)?(?:结余|结转下年|滚存结余|净结余|剩余|賸余|盈余|净利)(?:为|资金|达)?$")
_CAGR: Final = re.compile(r"从(?P<y0>20\d\d)年(?:的)?(?P<a>\d+(?:\.\d+)?)(?P<ua>万元|亿元|元)(?:上升|增长|增加|提高)到"
                          r"(?P<y1>20\d\d)年(?:的)?(?P<b>\d+(?:\.\d+)?)(?P<ub>万元|亿元|元)[,]?年均增长(?P<r>\d+(?:\.\d+)?)%")


def _lead(text: str, m: Mention) -> str:
    start = last_any(text, (",", ";", ":", "。", "、"), m.start) + 1
    return text[start:m.start]


def extract_flows(lines: list[str], mentions: list[list[Mention]]) -> Extraction:
    out = Extraction()
    for i, text in enumerate(lines):
        if not mentions[i]:
            continue   # (every reading below needs a figure with its unit)
        if "节约" in text:
            _savings(text, mentions[i], out)
        if "收支相抵" in text:
            _balance(lines, mentions, i, out)
        if "年均增长" in text:
            _growth(text, i, out)
        if ("由" in text or "从" in text) and ("至" in text or "到" in text or "为" in text):
            _from_to(text, i, out)
        if "合计" in text or "总计" in text or "总量" in text:
            _running(text, mentions[i], out)
        if "差值" in text or "差额" in text:
            _gap(text, i, out)
    return out


# ``公务接待费支出2.05万元，年初预算为2万元，差值为0.05万元``: the gap between the two, whichever is larger
_GAP: Final = re.compile(r"(?P<a>\d+(?:\.\d+)?)(?P<ua>万元|亿元|元)[,]?(?:年初|全年|调整后)?预算(?:数)?为(?P<b>\d+(?:\.\d+)?)"
                         r"(?P<ub>万元|亿元|元)[,]?(?:两者)?(?:差值|差额)为(?P<c>\d+(?:\.\d+)?)(?P<uc>万元|亿元|元)")


def _gap(text: str, i: int, out: Extraction) -> None:
    for g in _GAP.finditer(text):
        def fig(name: str) -> Figure:
            label = {"a": "决算数", "b": "预算数", "c": "差值"}[name]
            return Figure(Decimal(g.group(name)), g.group(name), g.group("u" + name), i, g.start(name), g.end(name), label)
        a, b = fig("a"), fig("b")
        big, small = (a, b) if a.wan >= b.wan else (b, a)
        out.relations.append(Relation("difference", fig("c"), (Operand("较大数", big), Operand("较小数", small)),
                                      Reading.EXPLICIT, "同句：决算数、预算数与差值"))


# ``本级收入A万元，增长x%，加上：上年结转B万元、上级补助收入C万元…，收入总计D万元``: D = A + B + C …
_ADD: Final = re.compile(r"(?:^|(?<=[,;:。]))\s*(?:再)?加(?:上)?[:]?(?=[\u4e00-\u9fff])(?!强|快|大|速|紧|班|工|入|以|之|重|深)")
_RUN_TOTAL: Final = re.compile(r"(?:收入|支出)(?:合计|总计|总量)(?:为|是|达到|达)?$")


def _running(text: str, mentions: list[Mention], out: Extraction) -> None:
    spans = _sentences(text)
    for k, (lo, hi) in enumerate(spans):
        add = _ADD.search(text, lo, hi) if text.find("加", lo, hi) >= 0 else None   # (every match holds 加)
        if add is None:
            _listed_total(text, mentions, lo, hi, out)
            continue
        ms = [m for m in mentions if lo <= m.start and m.end <= hi and m.unit in MONEY and not _in_paren(text, lo, m.start)]
        total = next((m for m in ms if m.start > add.end() and _RUN_TOTAL.search(_lead(text, m))), None)
        if total is None:
            continue
        if "减" in text[add.end():total.start]:
            out.unclear += 1   # ``…加上…，减去…``: signs not read
            continue
        before = [m for m in ms if m.end <= add.start() and m.role == "plain"]
        qz = text.rfind("其中", lo, add.start())
        if qz >= 0 and len([m for m in before if m.start > qz]) >= 2:
            out.unclear += 1   # ``收入A，其中：税收B，非税C，加上…``: which amount is added to is not told
            continue
        added = [m for m in ms if add.end() <= m.start and m.end <= total.start]
        reading, basis = Reading.EXPLICIT, "同句：本级数“加上”各项得总计"
        if not before and k > 0 and not text[lo:add.start()].strip():
            # ``…收入完成147.1亿元，增长7.2%。加上转移性收入49.2亿元，收入合计196.3亿元``: the amount the
            # sentence before states, when it states one only (inferred: the reading crosses a sentence)
            j = k - 1
            while j > 0 and text[spans[j][0]:spans[j][1]].lstrip().startswith("其中"):
                j -= 1   # (``…收入130.2亿元。其中：…125.6亿元。加上…``: the 其中 sentence divides the one before)
            p_lo, p_hi = spans[j]
            before = [m for m in mentions if p_lo <= m.start and m.end <= p_hi and m.unit in MONEY and m.role == "plain"
                      and not _in_paren(text, p_lo, m.start)]
            before = before if len(before) == 1 else []
            reading, basis = Reading.INFERRED, "前句所写的唯一数字“加上”本句各项得总计"
        if not before or not added or any(m.role != "plain" for m in added):
            out.unclear += 1
            continue
        parts = (before[-1], *added)
        out.relations.append(Relation("sum", Figure.of(total), tuple(Operand("分项", Figure.of(m)) for m in parts),
                                      reading, basis, complete=True))


def _listed_total(text: str, mentions: list[Mention], lo: int, hi: int, out: Extraction) -> None:
    """``政府性基金支出A万元，调出资金B万元，债务还本支出C万元，支出合计D万元``: a sentence of amounts only,
    the first naming the kind the total names, ending in that total: D = A + B + C (inferred: no word
    says the amounts before are its parts)."""
    if text.find("合计", lo, hi) < 0 and text.find("总计", lo, hi) < 0 and text.find("总量", lo, hi) < 0:
        return   # (every total _RUN_TOTAL reads names one of them)
    ms = [m for m in mentions if lo <= m.start and m.end <= hi and m.unit in MONEY and not _in_paren(text, lo, m.start)]
    totals = [m for m in ms if _RUN_TOTAL.search(_lead(text, m))]
    if not totals:
        return
    total = totals[-1]   # (``本年收入合计A，…结余B，收入总计C``: the last total is of all the amounts before it)
    parts = [m for m in ms if m.end <= total.start]
    kind = "支出" if "支出" in _lead(text, total) else "收入"
    if len(parts) < 2 or any(m.role != "plain" for m in parts) or "%" in text[lo:total.start] \
            or kind not in _lead(text, parts[0]) or re.search(r"其中|包括|减", text[lo:total.start]):
        return
    out.relations.append(Relation("sum", Figure.of(total), tuple(Operand("分项", Figure.of(m)) for m in parts),
                                  Reading.INFERRED, "同句：各项之后写明的合计", complete=True))


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    end = text.find("。")
    while end >= 0:
        out.append((start, end))
        start = end + 1
        end = text.find("。", start)
    out.append((start, len(text)))
    return out


def _in_paren(text: str, lo: int, pos: int) -> bool:
    """Is ``pos`` inside a parenthesis opened after ``lo`` (``安排预算稳定调节基金A万元（累计B万元）``)?"""
    return text.rfind("(", lo, pos) > text.rfind(")", lo, pos)


def _groups(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[;。]", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _savings(text: str, mentions: list[Mention], out: Extraction) -> None:
    groups = _groups(text)
    while groups:
        lo, hi = groups.pop(0)
        ms = [m for m in mentions if lo <= m.start and m.end <= hi]
        plan = [m for m in ms if m.unit in MONEY and _PLAN.search(_lead(text, m))]
        actual = [m for m in ms if m.unit in MONEY and _ACTUAL.search(_lead(text, m))]
        saved = [m for m in ms if m.unit in MONEY and _SAVED.search(_lead(text, m))]
        rate = [m for m in ms if m.unit == "%" and _SAVE_RATE.search(_lead(text, m))]
        if not saved and not rate:
            continue
        if not plan and not actual and len(saved) <= 1 and len(rate) <= 1:
            _savings_before(text, mentions, lo, saved, rate, out)
            continue
        if not plan and len(actual) == 1 and len(saved) == 1 and len(rate) == 1:
            # no plan stated: 节约率 is 节约资金 ÷ (实际 + 节约资金), or by some units ÷ 实际; a rate
            # that is neither is wrong for certain
            out.relations.append(Relation("saving-rate", Figure.of(rate[0]),
                                          (Operand("节约资金", Figure.of(saved[0])),
                                           Operand("实际金额", Figure.of(actual[0]))),
                                          Reading.EXPLICIT, "同句：实际采购金额与节约资金"))
            continue
        if len(plan) != 1 or len(saved) > 1 or len(rate) > 1 or len(actual) > 1:
            split = _LIST_OPENS.search(text, lo, hi)
            if split is not None and split.start() > lo and len(plan) > 1:
                # ``计划A万元，实际B万元，节约C万元，节约率D%，其中货物类计划…，实际…，节约…``: the whole's
                # saving before 其中, each part's after it
                groups[:0] = [(lo, split.start()), (split.start(), hi)]
                continue
            out.unclear += 1
            continue
        p = Operand("计划金额", Figure.of(plan[0]))
        if saved and actual:
            out.relations.append(Relation("difference", Figure.of(saved[0]), (p, Operand("实际金额", Figure.of(actual[0]))),
                                          Reading.EXPLICIT, "同句：计划金额、实际金额与节约资金"))
        if rate and saved:
            out.relations.append(Relation("rate", Figure.of(rate[0]), (Operand("分子", Figure.of(saved[0])),
                                                                        Operand("分母", Figure.of(plan[0]))),
                                          Reading.EXPLICIT, "同句：节约资金与计划金额"))


_LIST_OPENS: Final = re.compile(r"其中|包括")


def _savings_before(text: str, mentions: list[Mention], at: int, saved: list[Mention],
                    rate: list[Mention], out: Extraction) -> None:
    """``预算规模A万元，其中：…。实际采购规模B万元，其中：…。节约资金C万元，节约率D%``: a saving stated
    in a sentence of its own, the plan and the actual amount in the sentences before it (each the
    amount before its ``其中``) — an inferred reading, at most a warning."""
    plan: list[Mention] = []
    actual: list[Mention] = []
    if text.rfind("。", 0, at) != at - 1:
        return   # the saving's clause does not open a sentence: its own sentence names no plan
    hi = at - 1
    for _ in range(3):
        if hi <= 0:
            break
        lo = text.rfind("。", 0, hi) + 1
        stop = _LIST_OPENS.search(text, lo, hi)
        ms = [m for m in mentions if lo <= m.start and m.end <= (stop.start() if stop else hi) and m.unit in MONEY]
        p = [m for m in ms if _PLAN.search(_lead(text, m))]
        a = [m for m in ms if _ACTUAL.search(_lead(text, m))]
        if len(p) > 1 or len(a) > 1 or (p and plan) or (a and actual):
            return   # which is the whole's cannot be told
        plan += p
        actual += a
        if plan and actual:
            break
        hi = lo - 1
    if not plan:
        return
    basis = "前句：计划金额、实际金额与节约资金（推断）"
    pl = Operand("计划金额", Figure.of(plan[0]))
    if saved and actual:
        out.relations.append(Relation("difference", Figure.of(saved[0]), (pl, Operand("实际金额", Figure.of(actual[0]))),
                                      Reading.INFERRED, basis))
    if rate and saved:
        out.relations.append(Relation("rate", Figure.of(rate[0]), (Operand("分子", Figure.of(saved[0])),
                                                                    Operand("分母", Figure.of(plan[0]))),
                                      Reading.INFERRED, "前句：节约资金与计划金额（推断）"))


def _balance(lines: list[str], mentions: list[list[Mention]], i: int, out: Extraction) -> None:
    text = lines[i]
    for m in mentions[i]:
        at = text.rfind("收支相抵", 0, m.start)
        if m.unit not in MONEY or at < 0 or m.start - at > 16 or not _BALANCE.search(text[at:m.start]):
            continue
        income = spend = None
        for j in range(i, max(-1, i - 4), -1):
            for x in reversed(mentions[j]):
                if j == i and x.start >= m.start or x.unit not in MONEY:
                    continue
                lead = _lead(lines[j], x)
                if income is None and _INCOME_TOTAL.search(lead):
                    income = x
                if spend is None and _SPEND_TOTAL.search(lead):
                    spend = x
            if income is not None and spend is not None:
                break
        if income is None or spend is None:
            items = _balance_items(lines, mentions, i, at)
            if items is None:
                out.unclear += 1
            else:
                out.relations.append(Relation("difference", Figure.of(m), items, Reading.INFERRED,
                                              "收支相抵：前文所列收入各项减支出各项（推断）"))
            continue
        out.relations.append(Relation("difference", Figure.of(m), (Operand("收入合计", Figure.of(income)),
                                                                    Operand("支出合计", Figure.of(spend))),
                                      Reading.EXPLICIT, "收支相抵：收入合计减支出合计"))


# (岁入 and 岁出 are a Taiwan budget's revenue and spending, 净额 after them the sum net of transfers between levels)
_PLUS_ITEM: Final = re.compile(r"(?:收入|岁入(?:净额|总额)?|上年结余|上年结转|结转结余)(?:为|是|达)?$")
_MINUS_ITEM: Final = re.compile(r"(?:支出|岁出(?:净额|总额)?)(?:为|是|达)?$")


def _balance_items(lines: list[str], mentions: list[list[Mention]], i: int, at: int) -> tuple[Operand, Operand] | None:
    """``A收入X万元，上年结余Y万元，A支出Z万元。上述收支相抵，年终结余W万元`` with no totals: the items of
    the sentence before (or of its own sentence, before 收支相抵), each one of income (…收入, 上年结余)
    or of spending (…支出); None unless every amount there is one or the other, in one unit, with both
    sides named."""
    head = lines[i][:at]
    stop = head.rfind("。")
    if any(stop < x.start < at for x in mentions[i]):
        j, lo, hi = i, stop + 1, at   # ``A收入X万元，A支出Z万元，收支相抵，年终结余W万元``: the same sentence
    elif head[stop + 1:].strip(" 上述以"):
        return None   # words of another subject before 收支相抵
    elif stop >= 0:
        j, lo, hi = i, head.rfind("。", 0, stop) + 1, stop
    else:
        j = next((k for k in range(i - 1, max(-1, i - 3), -1) if lines[k].strip()), -1)
        if j < 0:
            return None
        text = lines[j].rstrip()
        hi = len(text) - 1 if text.endswith("。") else len(text)
        lo = text.rfind("。", 0, hi) + 1
    text = lines[j]
    plus: list[Mention] = []
    minus: list[Mention] = []
    for x in mentions[j]:
        if not lo <= x.start < hi or _in_paren(text, lo, x.start):
            continue
        lead = _lead(text, x)
        if x.unit not in MONEY or "其中" in lead:
            return None
        if _PLUS_ITEM.search(lead):
            plus.append(x)
        elif _MINUS_ITEM.search(lead):
            minus.append(x)
        else:
            return None   # 调出资金, 安排稳定调节基金 …: which side it is on is not read
    if not plus or not minus or len({x.unit for x in plus + minus}) != 1:
        return None

    def total(xs: list[Mention], role: str) -> Operand:
        value = sum((x.value for x in xs), Decimal(0))
        return Operand(role, Figure(value, f"{value}", xs[0].unit, j, xs[0].start, xs[-1].end, role))

    return total(plus, "收入各项之和"), total(minus, "支出各项之和")


def _growth(text: str, i: int, out: Extraction) -> None:
    for g in _CAGR.finditer(text):
        years = int(g.group("y1")) - int(g.group("y0"))
        if years <= 0 or Decimal(g.group("a")) <= 0:
            out.unclear += 1
            continue

        def fig(name: str, unit: str) -> Figure:
            return Figure(Decimal(g.group(name)), g.group(name), unit, i, g.start(name), g.end(name), "")

        out.relations.append(Relation("growth", fig("r", "%"), (Operand("起始", fig("a", g.group("ua"))),
                                                                 Operand("终了", fig("b", g.group("ub")))),
                                      Reading.EXPLICIT, f"同句：{years}年年均增长", counted=years))


# (levels in money, or counts of one unit: ``出国人次从29人降为16人，下降44.8%``)
_FROM_TO: Final = re.compile(
    r"(?:由|从)(?:上年度?的?|去年的?)?(?P<a>\d+(?:\.\d+)?)(?P<ua>万元|亿元|元|人次|人|辆|个|次|批次|项)"
    r"[,]?(?:(?:减少|下降|降低|压减|增加|增长|提高|上升)?(?:至|到)|(?:下降|减少|增加|降|减|增|升)为)"
    r"(?:本年度?的?|今年的?)?(?P<b>\d+(?:\.\d+)?)(?P<ub>万元|亿元|元|人次|人|辆|个|次|批次|项)"
    r"[,]?(?:同比|比上年|较上年)?(?P<w>减幅|降幅|下降|减少|降低|增幅|增长|增加|上升|提高)(?:了|为|达)?(?P<r>\d+(?:\.\d+)?)%")


def _from_to(text: str, i: int, out: Extraction) -> None:
    """``由8.26万元减少至8.11万元，减幅1.82%``: the rate of a change between the two levels stated."""
    for g in _FROM_TO.finditer(text):
        if g.group("ua") != g.group("ub") and not (g.group("ua") in MONEY and g.group("ub") in MONEY):
            continue   # 人 against 人次: two measures

        def fig(name: str, unit: str) -> Figure:
            return Figure(Decimal(g.group(name)), g.group(name), unit, i, g.start(name), g.end(name), "")

        out.relations.append(Relation("change-rate", fig("r", "%"), (Operand("本年", fig("b", g.group("ub"))),
                                                                      Operand("上年", fig("a", g.group("ua")))),
                                      Reading.EXPLICIT, "同句：由上年数变为本年数", word=g.group("w")))


# -- the same allocation document stated twice ---------------------------------------------------------

_DOC_NO: Final = re.compile(r"(?P<org>[\u4e00-\u9fff]{0,8})[〔【\[(](?P<y>20\d\d)[〕】\])](?P<n>\d{1,4})号")
_ALLOCATED: Final = re.compile(r"下达[^,;。]{0,40}?$")
_TITLE: Final = re.compile(r"《([^》]{2,60})》")
_GENERIC: Final = re.compile(r"(?:的)?(?:资金|经费|补助资金|专项资金|预算资金)?(?:共计|合计|总计|总额|为|是)?")
_TITLE_NOISE: Final = re.compile(r"^关于(?:下达|拨付|分配|提前下达)?|20\d\d年度?|(?:第[一二三四五六七八九十\d]+批)|(?:预算)?的?通知$")


class _Allocation:
    """One ``…号文件…下达…X万元``: the document, to whom (the text before the year, if any), for what
    (the rest; "" when it names only money or the document's own fund), and the amount."""

    def __init__(self, org: str, key: tuple[str, str], recipient: str, purpose: str, figure: Figure) -> None:
        self.org, self.key, self.recipient, self.purpose, self.figure = org, key, recipient, purpose, figure


def _allocation(doc: re.Match, lead: str, title: str, figure: Figure) -> _Allocation:
    lead = lead[2:]                                   # drop 下达
    year = re.search(r"20\d\d年度?", lead)
    recipient, purpose = (lead[:year.start()], lead[year.end():]) if year else ("", lead)
    purpose = purpose.lstrip("给到的")
    fund = _TITLE_NOISE.sub("", title)
    if _GENERIC.fullmatch(purpose) or (fund and purpose.rstrip("的") in (fund, fund + "资金")):
        purpose = ""
    return _Allocation(doc.group("org"), (doc.group("y"), doc.group("n")), recipient, purpose, figure)


def _issuers(a: str, b: str) -> str:
    """Issuer prefixes of two document numbers (``呼财农指``), read back from their ends: "same",
    "other" (two different issuers: two documents), or "" (one of them gives none)."""
    n = min(len(a), len(b))
    if n < 2:
        return ""
    return "same" if a[-n:] == b[-n:] else "other"


def extract_allocations(lines: list[str], mentions: list[list[Mention]]) -> Extraction:
    """One allocation document (``呼财农指〔2023〕41号``) stated again later with its amount:
    * its total to one recipient (``下达某县2023年资金5万元``, or the document's own fund) stated twice,
      or the same item stated twice, must agree (``restated``);
    * an item from it (``下达某县2023年山洪灾害防治设施维养6万元``) cannot exceed its total to the same
      recipient (``part-of``);
    * two different items of one document are not compared.
    Explicit when both statements give the issuer's prefix of the number and it is the same; read
    from the bare number (``〔2023〕41号``), inferred (a warning)."""
    out = Extraction()
    seen: dict[tuple[str, str], list[_Allocation]] = {}
    for i, text in enumerate(lines):
        if "号" not in text or "下达" not in text:
            continue
        for doc in _DOC_NO.finditer(text):
            end = min((p for p in (text.find("。", doc.end()), text.find(";", doc.end())) if p >= 0), default=len(text))
            amounts = [m for m in mentions[i] if doc.end() <= m.start < end and m.unit in MONEY
                       and _ALLOCATED.search(text[doc.end():m.start])]
            if len(amounts) != 1 or _DOC_NO.search(text, doc.end(), amounts[0].start):
                continue
            between = text[doc.end():amounts[0].start]
            lead = _ALLOCATED.search(between)
            assert lead is not None
            title = _TITLE.search(between)
            now = _allocation(doc, lead.group(0), title.group(1) if title else "", Figure.of(amounts[0]))
            earlier = seen.setdefault(now.key, [])
            for before in earlier:
                _compare(before, now, out)
            earlier.append(now)
    return out


def _compare(before: _Allocation, now: _Allocation, out: Extraction) -> None:
    issuers = _issuers(before.org, now.org)
    if before.recipient != now.recipient or issuers == "other":
        return
    named = f"{now.org if issuers else ''}〔{now.key[0]}〕{now.key[1]}号"
    reading = Reading.EXPLICIT if issuers else Reading.INFERRED
    if before.purpose == now.purpose:
        out.relations.append(Relation("restated", now.figure, (Operand(f"{named}先前所写", before.figure),),
                                      reading, f"{named}下达的{now.purpose or '资金'}"))
    elif not before.purpose or not now.purpose:
        whole, part = (before, now) if not before.purpose else (now, before)
        out.relations.append(Relation("part-of", part.figure, (Operand(f"{named}下达总额", whole.figure),),
                                      reading, f"{named}下达的{part.purpose}"))
