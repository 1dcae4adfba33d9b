"""What a stated figure measures: a :class:`Quantity` under which its restatements meet.

A label such as ``2022年“三公”经费财政拨款支出决算`` is taken apart into

* ``year``    — ``""`` for the report's year, ``"上年"`` for last year's figure, or another year;
* ``scope``   — the funds it covers (``gp`` 一般公共预算, ``fa`` 财政拨款, ``all`` 全部资金 …);
* ``measure`` — ``actual`` (决算, 实际支出) or a budget (``budget-initial`` 年初预算 …);
* ``name``    — what is left (``三公经费``), and the ``concept`` it names when the name is one of
  the synonyms of :file:`audit/data/quantities.yaml`.

A generic label (``实际支出``, ``年初预算数``) takes the name of the figure stated before it in
the same sentence: in ``公用经费年初预算为43.94万元，实际支出32.43万元`` the second figure is
公用经费 actually spent.  Figures inside one project's self-evaluation get that project as
their scope, so that one project's 预算资金 is never linked to another's.
"""
from __future__ import annotations

import re
from typing import Final
from dataclasses import dataclass, field
from importlib import resources

import yaml

from jixiao.audit.mentions import Mention
from jixiao.ingest.packaged import load_plain

GENERIC: Final = frozenset({
    "", "金额", "费用", "合计", "总计", "总额", "共计", "支出", "收入", "实际", "预算", "其他", "资金", "经费", "决算",
    "小计", "上年", "本年", "项目", "基本", "数", "人员", "完成", "部门", "单位", "其中", "全年", "年度", "当年", "累计",
    "资金总额", "总支出", "总收入", "支出总额", "收入总额", "本级", "财政", "拨款", "安排", "下达", "到位", "计划",
    "实际到位", "计划投入", "及时到位", "应到位", "实际到位资金", "计划投入资金", "投入", "使用", "结余", "结转",
    "增收", "减收", "增支", "减支", "增加", "减少", "增长", "下降",   # a change, not a quantity of its own
})
_YEAR: Final = re.compile(r"(20\d\d)年(?:度)?")
_PRIOR_WORD: Final = re.compile(r"^(?:上年度|上一年度|上一年|上年|去年|同期)(?!结转|结余|末)")
_JUNK: Final = re.compile(r"[\"“”'‘’ 的]|\((?:类|款|项)\)")
_LIST: Final = re.compile(r"^(?:\d+[.、]|[(][一二三四五六七八九十\d]+[)]|[一二三四五六七八九十]+、|[①-⑳]|[.、])+")
_LEAD: Final = re.compile(r"^(?:本部门|本单位|我单位|我局|我部门|本局|全年|本年度|本年|当年|其中|包括|合计|共计|累计共|共)+")
_BUDGET: Final = (
    (re.compile(r"年初(?:支出)?预算(?:数|资金|安排数?|控制数)?"), "budget-initial"),
    (re.compile(r"(?:调整后?|全年|变动后)(?:支出)?预算(?:数|资金)?"), "budget-final"),
    (re.compile(r"(?:支出)?预算(?:数|资金|安排数?|控制数)?"), "budget"),
)
_ACTUAL: Final = re.compile(r"决算数|决算|实际支出数?|支出数|执行数|实际执行|实际发生|实际")
# a label that is only a place's name (``河南5.9亿元``, ``泽州县15.4亿元``): what it measures is the
# sentence's topic (收入 in one sentence, 支出 in the next), so it names no quantity of its own
_PLACE: Final = re.compile(r"(?!.*社区)(?:北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
                           r"湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|"
                           r"[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|自治县|特别行政区|省|市|县|区|州|旗|盟|镇|乡|街道))")
_ORG_END: Final = re.compile(r"(?:局|办|委|院|中心|馆|会|站|所|队|部|厅|处|室|校|单位|部门|政府|公司|镇|乡|街道)$")


@dataclass(frozen=True)
class Concept:
    id: str
    scope_free: bool = False
    all_funds: bool = False


@dataclass
class QuantityBook:
    """The synonym table and the scope words, loaded once per run from quantities.yaml."""

    names: dict[str, Concept] = field(default_factory=dict)
    scopes: list[tuple[str, str]] = field(default_factory=list)    # (word, scope), longest word first
    close: set[frozenset[str]] = field(default_factory=set)
    parsed: dict[tuple[str, int | None], "Parsed"] = field(default_factory=dict)   # memo of parse_label
    found: dict[str, tuple["Concept | None", str]] = field(default_factory=dict)    # memo of _find_concept
    places: dict[str, bool] = field(default_factory=dict)   # memo of _only_a_place

    def concept(self, name: str) -> Concept | None:
        return self.names.get(name)


def load_quantities() -> QuantityBook:
    text = resources.files("jixiao.audit").joinpath("data/quantities.yaml").read_text("utf-8")
    data = load_plain(text)
    book = QuantityBook()
    book.scopes = sorted(((w, s) for w, s in data["scopes"].items()), key=lambda ws: -len(ws[0]))
    book.close = {frozenset(pair) for pair in data.get("close_scopes", [])}
    for raw in data["concepts"]:
        concept = Concept(raw["id"], bool(raw.get("scope_free")), bool(raw.get("all_funds")))
        for name in raw["names"]:
            parsed = parse_label(book, name, None)
            if parsed.name in ("", "支出", "收入", "合计", "总计"):
                raise ValueError(f"quantities.yaml: 名称“{name}”归一后为泛称“{parsed.name}”")
            if parsed.name in book.names and book.names[parsed.name] != concept:
                raise ValueError(f"quantities.yaml: 名称“{name}”属于两个概念")
            book.names[parsed.name] = concept
    return book


@dataclass(frozen=True, slots=True)
class Parsed:
    name: str
    scope: str
    measure: str
    year: str

    def __init__(self, name: str, scope: str, measure: str, year: str) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "scope", scope)
        object.__setattr__(self, "measure", measure)
        object.__setattr__(self, "year", year)


def parse_label(book: QuantityBook, label: str, report_year: int | None) -> Parsed:
    """Take a label apart into name, scope, measure and year (see the module text)."""
    key = (label, report_year)
    parsed = book.parsed.get(key)
    if parsed is None:
        parsed = book.parsed[key] = _parse(book, label, report_year)
    return parsed


def _parse(book: QuantityBook, label: str, report_year: int | None) -> Parsed:
    year = ""
    for y in _YEAR.findall(label):
        if report_year is not None and int(y) != report_year:
            year = "上年" if int(y) == report_year - 1 else y
    text = _YEAR.sub("", label)
    text = _JUNK.sub("", text.replace("（", "(").replace("）", ")"))
    text = _LIST.sub("", text)
    text = _LEAD.sub("", text)
    if _PRIOR_WORD.match(text):
        year = "上年"
        text = _PRIOR_WORD.sub("", text)
    scope = ""
    for word, s in book.scopes:
        if word in text:
            scope = s
            text = text.replace(word, "")
            break
    measure = "actual"
    for pattern, kind in _BUDGET:
        if pattern.search(text):
            measure = kind
            text = pattern.sub("", text)
            break
    text = _ACTUAL.sub("", text)
    text = text.replace("经费支出", "经费").replace("支出数", "支出")
    if text.endswith("支出") and len(text) > 3:
        text = text[:-2]
    text = _LEAD.sub("", text)
    return Parsed(text, scope, measure, year)


@dataclass(frozen=True, slots=True)
class Quantity:
    """The key a figure is linked under, and how sure the link is."""

    name: str             # the normalised name, or the concept's id
    concept: Concept | None
    scope: str
    measure: str
    year: str
    literal: str          # the name as normalised from this statement (equal literals → exact link)

    def __init__(self, name: str, concept: Concept | None, scope: str, measure: str, year: str, literal: str) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "concept", concept)
        object.__setattr__(self, "scope", scope)
        object.__setattr__(self, "measure", measure)
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "literal", literal)

    @property
    def group(self) -> tuple[str, str, str]:
        return (self.name, self.measure, self.year)


def _find_concept(book: QuantityBook, name: str) -> tuple[Concept | None, str]:
    """The concept a name is a synonym of, also after an organisation's name (某某局机关运行经费)."""
    hit = book.found.get(name)
    if hit is None:
        hit = book.found[name] = _lookup(book, name)
    return hit


def _lookup(book: QuantityBook, name: str) -> tuple[Concept | None, str]:
    concept = book.concept(name)
    if concept is not None:
        return concept, name
    for k in range(1, len(name) - 1):
        if name[k + 1:] in book.names and _ORG_END.search(name[:k + 1]):
            return book.names[name[k + 1:]], name[k + 1:]
    return None, name


def _only_a_place(book: QuantityBook, label: str) -> bool:
    """Is ``label`` only a place's name (``河南``, ``泽州县``)?  Worked out once per label: three
    substitutions and a match, asked again for every figure of the same label in every document."""
    hit = book.places.get(label)
    if hit is None:
        hit = book.places[label] = _PLACE.fullmatch(_LIST.sub("", _JUNK.sub("", _YEAR.sub("", label))).strip(" ,:")) is not None
    return hit


def measures_clash(book: QuantityBook, part: str, whole: str, report_year: int | None) -> bool:
    """Does a part's label name the other measure than its whole's (``“三公”经费预算54万元，其中：…
    公务接待费支出决算42万元``: a budget's parts each called 决算)?  The text says two things of the part:
    what it measures is not told, so it names no quantity to meet another statement's."""
    whole_measure = parse_label(book, whole, report_year).measure
    part_measure = parse_label(book, part, report_year).measure
    if whole_measure.startswith("budget"):
        return part_measure == "actual" and _ACTUAL.search(part) is not None
    return _ACTUAL.search(whole) is not None and part_measure.startswith("budget")


def quantity_of(book: QuantityBook, m: Mention, report_year: int | None, subject: Quantity | None,
                inherited_scope: str = "") -> Quantity | None:
    """The quantity ``m`` states, or None when its label names nothing specific.

    ``subject`` is the quantity stated before it in the same sentence (for generic labels);
    ``inherited_scope`` the scope of the total it is a part of."""
    parsed = parse_label(book, m.label, report_year)
    year = "上年" if m.role == "prior" and not parsed.year else parsed.year
    concept, name = _find_concept(book, parsed.name)
    if concept is None and _only_a_place(book, m.label):
        return None
    if concept is None and parsed.name in GENERIC and not (parsed.scope and parsed.name in ("支出", "收入")):
        if subject is None:
            return None
        scope = parsed.scope or subject.scope
        return Quantity(subject.name, subject.concept, scope, parsed.measure, year or subject.year, subject.literal)
    scope = parsed.scope or inherited_scope
    if concept is not None and concept.all_funds and not scope:
        scope = "all"
    return Quantity(concept.id if concept else name, concept, scope, parsed.measure, year, name)


def scopes_link(book: QuantityBook, a: Quantity, b: Quantity) -> str | None:
    """``exact`` when two quantities are surely the same, ``alias`` when probably, else None."""
    if a.group != b.group:
        return None
    scope_free = a.concept is not None and a.concept.scope_free
    if scope_free or a.scope == b.scope:
        level = "exact"
    elif a.scope.startswith(("proj", "in:")) or b.scope.startswith(("proj", "in:")):
        return None   # one project's figure, or a part of a named whole: not the unit's own figure
    elif not a.scope or not b.scope or frozenset((a.scope, b.scope)) in book.close:
        level = "alias"
    else:
        return None
    if a.literal != b.literal:
        level = "alias"
    return level
