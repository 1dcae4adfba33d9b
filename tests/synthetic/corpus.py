"""A synthetic corpus of 决算说明-style reports with known, labelled errors.

:func:`make_report` writes one report (about 20,000 characters) from random figures, in
phrasings that vary the way real reports do: 比上年/与上年相比/较2021年/同比, 上年为…万元,
占/占…的/占比/所占比重, 其中/主要包括/分别为, 增长/增幅, 完成预算/完成年初预算的/为预算的,
个百分点, amounts in 元 with thousands separators, tables with a two-row header (批复金额 over
总额/财政拨款/其他资金), nested rows (一、/(一)), 项目/金额/占比 tables, score cards one cell
per line, full-width digits, a line broken inside a number, machine-converted Traditional
leftovers.  ``inject`` names one error type of :data:`ERROR_TYPES`; the report then carries
that one error and :attr:`Report.labels` says which rule must find it on which line.  Without
``inject`` the report is clean: every figure agrees with every other.

The sections are written by :mod:`jixiao.audit.corpus_text` and :mod:`jixiao.audit.corpus_tables`.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ERROR_TYPES = {
    "sum": "AUDIT-SUM",                  # a total that matches the parts before one item changed
    "share": "AUDIT-SHARE",              # a share off by more than rounding
    "share_swap": "AUDIT-SHARE",         # two shares swapped
    "change_base": "AUDIT-CHANGE-RATE",  # change rate on this year's base
    "change_amount": "AUDIT-CHANGE-AMOUNT",
    "direction": "AUDIT-CHANGE-DIRECTION",
    "unit": "AUDIT-UNIT",                # 元 written for 万元
    "rate_budget": "AUDIT-RATE",         # execution rate on the initial budget while the text cites the final one
    "formula": "AUDIT-FORMULA",
    "score_total": "AUDIT-SCORE-TOTAL",
    "score_max": "AUDIT-SCORE-MAX",
    "table_total": "AUDIT-TABLE-TOTAL",
    "xsec": "AUDIT-XSEC",
    "yuan_sum": "AUDIT-SUM",             # a breakdown in 元 with thousands separators
    "points": "AUDIT-POINTS",            # 提高x个百分点 ≠ this year's rate − last year's
    "complete_rate": "AUDIT-RATE",       # 完成年初预算的x% ≠ 决算 ÷ 年初预算
    "budget_parts": "AUDIT-BUDGET-PARTS",  # (warning) the parts' implied budgets miss the total's
    "xsec_sg": "AUDIT-XSEC",             # 三公经费 restated with another figure
    "xsec_alias": "AUDIT-XSEC-ALIAS",    # (warning) 公用经费 restated as 日常公用经费 with another figure
    "table_column": "AUDIT-TABLE-TOTAL",  # 总额 column ≠ 财政拨款 + 其他资金
    "table_nested": "AUDIT-TABLE-TOTAL",  # a parent row ≠ the sum of its rows
    "table_share": "AUDIT-SHARE",        # a 占比 column ≠ 金额 ÷ 合计
    "score_split": "AUDIT-SCORE-TOTAL",  # a score card laid out one cell per line
}
TWO = Decimal("0.01")
UNITS = ["某某区信访局", "某某县财政局", "某某市统计局", "某某区司法局", "某某县档案馆", "某某市民政局"]
FILLER = ("本单位坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级决策部署，严格执行预算管理各项制度，"
          "不断加强内部控制建设，规范资金使用，提高财政资金使用效益，各项工作有序推进。")


def q(x: Decimal, places: int = 2) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    labels: list[tuple[str, int]] = field(default_factory=list)   # (rule_id, 1-based line)
    kind: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def add(self, text: str, label: str | None = None) -> None:
        self.lines.append(text)
        if label:
            self.labels.append((label, len(self.lines)))


class Gen:
    """The random source, the injected error, the report being written and its figures."""

    def __init__(self, seed: int, inject: str | None):
        self.r = random.Random(seed)
        self.inject = inject
        self.rep = Report(kind=inject)
        self.year = self.r.choice([2021, 2022, 2023, 2024])
        self.style_trim = self.r.random() < 0.5
        self.f: dict[str, Decimal] = {}
        self.names: list[str] = []

    def money(self, lo: int, hi: int) -> Decimal:
        return q(Decimal(self.r.randint(lo * 100, hi * 100)) / 100)

    def pct(self, part: Decimal, whole: Decimal, places: int) -> Decimal:
        return q(part / whole * 100, places)

    def fmtm(self, x: Decimal) -> str:
        text = f"{x:f}"
        if self.style_trim and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text

    def vs(self) -> str:
        y = self.year - 1
        return self.r.choice(["比上年", f"与{y}年相比，", "较上年", f"比{y}年", "与上年相比，", "同比", f"较{y}年"])

    def filler(self, n: int) -> None:
        for _ in range(n):
            self.rep.add(FILLER * self.r.randint(1, 3))

    def flag(self, kind: str) -> bool:
        return self.inject == kind


def make_report(seed: int, inject: str | None = None) -> Report:
    from synthetic import corpus_tables as T
    from synthetic import corpus_text as X

    g = Gen(seed, inject)
    unit = g.r.choice(UNITS)
    g.rep.add(f"{unit}{g.year}年度部门决算说明")
    g.rep.add("第一部分 单位概况")
    g.filler(25)
    g.rep.add(f"第二部分 {g.year}年度部门决算情况说明")
    X.figures(g)
    for section in (X.overall, X.income, X.spending):
        section(g)
    g.filler(20)
    for section in (X.classes, X.basic, X.three, X.running, X.complete):
        section(g)
    g.filler(18)
    for section in (X.evaluation, X.restate):
        section(g)
    for table in (T.score_table, T.split_scorecard, T.amount_table, T.task_table, T.nested_table, T.share_table):
        table(g)
    g.filler(26)
    return _dress(g)


_FULL = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def _dress(g: Gen) -> Report:
    """Vary the surface: full-width digits, a line broken inside a number, Traditional leftovers."""
    rep = g.rep
    r = g.r
    if r.random() < 0.2:
        k = r.randrange(len(rep.lines))
        if "\t" not in rep.lines[k]:
            rep.lines[k] = rep.lines[k].translate(_FULL)
    if r.random() < 0.2:
        rep.lines = [line.replace("数据", "數(shù)據(jù)") for line in rep.lines]
        rep.lines.insert(3, "本单位數(shù)據(jù)均为决算數(shù)。")
        rep.labels = [(rule, n + 1 if n >= 4 else n) for rule, n in rep.labels]
    return rep
