"""Relations of flows stated in one sentence: savings against a plan, a balance after 收支相抵, and
average annual growth.

* **savings** — ``采购计划金额A万元，实际采购金额B万元，节约资金C万元，节约率D%``: C = A − B and
  D = C ÷ A (each read only when the clause group, up to ``；`` or ``。``, names the plan, the
  actual amount and the saving).
* **balance** — ``收入合计X万元…支出合计Y万元…收支相抵，年终结余Z万元``: Z = X − Y, with X and Y the
  last totals of income and spending in the same paragraph.
* **average growth** — ``从2015年的A万元上升到2020年的B万元，年均增长R%``: R = (B ÷ A)^(1/5) − 1.
"""
from __future__ import annotations

import re
from decimal import Decimal

from jixiao.audit.claims import Extraction, Figure, Operand, Reading, Relation
from jixiao.audit.mentions import MONEY, Mention

_PLAN = re.compile(r"(?:计划|预算)(?:采购)?(?:金额|规模|资金)(?:共计|合计|为)?$")
_ACTUAL = re.compile(r"实际(?:采购)?(?:金额|规模|支出)(?:共计|合计|为)?$")
_SAVED = re.compile(r"节约(?:资金|金额)?(?:共计|合计|为)?$")
_SAVE_RATE = re.compile(r"节约率(?:为|是|达)?$")
_INCOME_TOTAL = re.compile(r"收入(?:合计|总计|总量|总额)(?:为|是)?$")
_SPEND_TOTAL = re.compile(r"支出(?:合计|总计|总量|总额)(?:为|是)?$")
_BALANCE = re.compile(r"收支相抵[,]?(?:后)?(?:年终|当年|全年)?(?:结余|结转下年|滚存结余|净结余)(?:为|资金)?$")
_CAGR = re.compile(r"从(?P<y0>20\d\d)年(?:的)?(?P<a>\d+(?:\.\d+)?)(?P<ua>万元|亿元|元)(?:上升|增长|增加|提高)到"
                   r"(?P<y1>20\d\d)年(?:的)?(?P<b>\d+(?:\.\d+)?)(?P<ub>万元|亿元|元)[,]?年均增长(?P<r>\d+(?:\.\d+)?)%")


def _lead(text: str, m: Mention) -> str:
    start = max(text.rfind(c, 0, m.start) for c in ",;:。、") + 1
    return text[start:m.start]


def extract_flows(lines: list[str], mentions: list[list[Mention]]) -> Extraction:
    out = Extraction()
    for i, text in enumerate(lines):
        if "节约" in text:
            _savings(text, mentions[i], out)
        if "收支相抵" in text:
            _balance(lines, mentions, i, out)
        if "年均增长" in text:
            _growth(text, i, out)
    return out


def _groups(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[;。]", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _savings(text: str, mentions: list[Mention], out: Extraction) -> None:
    for lo, hi in _groups(text):
        ms = [m for m in mentions if lo <= m.start and m.end <= hi]
        plan = [m for m in ms if m.unit in MONEY and _PLAN.search(_lead(text, m))]
        actual = [m for m in ms if m.unit in MONEY and _ACTUAL.search(_lead(text, m))]
        saved = [m for m in ms if m.unit in MONEY and _SAVED.search(_lead(text, m))]
        rate = [m for m in ms if m.unit == "%" and _SAVE_RATE.search(_lead(text, m))]
        if not saved and not rate:
            continue
        if len(plan) != 1 or len(saved) > 1 or len(rate) > 1 or len(actual) > 1:
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
            out.unclear += 1
            continue
        out.relations.append(Relation("difference", Figure.of(m), (Operand("收入合计", Figure.of(income)),
                                                                    Operand("支出合计", Figure.of(spend))),
                                      Reading.EXPLICIT, "收支相抵：收入合计减支出合计"))


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


# -- the same allocation document stated twice ---------------------------------------------------------

_DOC_NO = re.compile(r"[〔【\[(](?P<y>20\d\d)[〕】\])](?P<n>\d{1,4})号")
_ALLOCATED = re.compile(r"下达[^,;。]{0,40}?$")


def extract_allocations(lines: list[str], mentions: list[list[Mention]]) -> Extraction:
    """``…〔2023〕41号文件…下达某县资金5万元`` stated again later with another amount: the same
    document's allocation, restated.  Read from the document number, so inferred (a warning)."""
    out = Extraction()
    seen: dict[tuple[str, str], Figure] = {}
    for i, text in enumerate(lines):
        if "号" not in text or "下达" not in text:
            continue
        for doc in _DOC_NO.finditer(text):
            end = min((p for p in (text.find("。", doc.end()), text.find(";", doc.end())) if p >= 0), default=len(text))
            amounts = [m for m in mentions[i] if doc.end() <= m.start < end and m.unit in MONEY
                       and _ALLOCATED.search(text[doc.end():m.start])]
            if len(amounts) != 1 or _DOC_NO.search(text, doc.end(), amounts[0].start):
                continue
            key = (doc.group("y"), doc.group("n"))
            fig = Figure.of(amounts[0])
            first = seen.setdefault(key, fig)
            if first is not fig:
                out.relations.append(Relation("restated", fig, (Operand(f"〔{key[0]}〕{key[1]}号先前所写", first),),
                                              Reading.INFERRED, "同一文号下达的资金"))
    return out
