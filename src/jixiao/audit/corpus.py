"""A synthetic corpus of 决算说明-style reports with known, labelled errors.

:func:`make_report` writes one report (about 20,000 characters) from random figures, in
phrasings that vary the way real reports do (比上年/与上年相比/较2021年/同比; 占/占…的;
其中/主要包括/分别为; 增长/增幅; 元 tables with thousands separators; full-width digits;
a line broken inside a number; machine-converted Traditional leftovers).  ``inject`` names
one error type of :data:`ERROR_TYPES`; the report then carries that one error and
:attr:`Report.labels` says which rule must find it on which line.  Without ``inject`` the
report is clean: every figure agrees with every other.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jixiao.rules.relations import largest_remainder

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
}
TWO = Decimal("0.01")
CLASSES = ["一般公共服务", "教育", "社会保障和就业", "卫生健康", "农林水", "住房保障", "城乡社区", "文化旅游体育与传媒"]
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


class _Gen:
    def __init__(self, seed: int, inject: str | None):
        self.r = random.Random(seed)
        self.inject = inject
        self.rep = Report(kind=inject)
        self.year = self.r.choice([2021, 2022, 2023, 2024])
        self.sites = set()
        if inject:
            self.site = inject

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
        return self.r.choice([f"比上年", f"与{y}年相比，", "较上年", f"比{y}年", "与上年相比，", "同比"])

    def filler(self, n: int) -> None:
        for _ in range(n):
            self.rep.add(FILLER * self.r.randint(1, 3))

    def flag(self, kind: str) -> bool:
        return self.inject == kind


def make_report(seed: int, inject: str | None = None) -> Report:
    g = _Gen(seed, inject)
    g.style_trim = g.r.random() < 0.5
    unit = g.r.choice(UNITS)
    y = g.year
    g.rep.add(f"{unit}{y}年度部门决算说明")
    g.rep.add("第一部分 单位概况")
    g.filler(25)
    g.rep.add(f"第二部分 {y}年度部门决算情况说明")
    fig = _figures(g)
    _overall(g, fig)
    _income(g, fig)
    _spending(g, fig)
    g.filler(20)
    _classes(g, fig)
    _basic(g, fig)
    _three(g, fig)
    _running(g, fig)
    g.filler(25)
    _evaluation(g, fig)
    _restate(g, fig)
    _score_table(g)
    _amount_table(g)
    g.filler(30)
    return _dress(g)


def _figures(g: _Gen) -> dict[str, Decimal]:
    f: dict[str, Decimal] = {}
    f["personnel"] = g.money(200, 3000)
    f["public"] = g.money(20, 400)
    f["basic"] = f["personnel"] + f["public"]
    f["project"] = g.money(50, 2000)
    f["spend"] = f["basic"] + f["project"]
    f["carry_end"] = g.money(0, 300)
    f["carry_begin"] = g.money(0, 300)
    f["grand"] = f["spend"] + f["carry_end"]
    f["income"] = f["grand"] - f["carry_begin"]
    if f["income"] <= 0:
        f["carry_begin"] = Decimal(0)
        f["income"] = f["grand"]
    f["grand_prior"] = q(f["grand"] * Decimal(g.r.choice([*range(70, 100), *range(101, 131)])) / 100)
    f["public_prior"] = q(f["public"] * Decimal(g.r.randint(60, 140)) / 100)
    return f


def _overall(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("一、收入支出决算总体情况说明")
    cur, prior = f["grand"], f["grand_prior"]
    diff = cur - prior
    word, word2 = ("增加", g.r.choice(["增长", "增幅为"])) if diff >= 0 else ("减少", g.r.choice(["下降", "降幅为"]))
    rate = q(abs(diff) / prior * 100, 1)
    label = None
    if g.flag("change_base"):
        rate = q(abs(diff) / cur * 100, 1)
        if abs(rate - q(abs(diff) / prior * 100, 1)) <= Decimal("0.1"):
            rate += Decimal("1.0")
        label = "AUDIT-CHANGE-RATE"
    if g.flag("direction"):
        word, word2 = ("减少", "下降") if diff >= 0 else ("增加", "增长")
    text = (f"{g.year}年度收、支总计{g.fmtm(cur)}万元。{g.vs()}收、支总计各{word}{g.fmtm(abs(diff))}万元，{word2}{rate}%。"
            "主要变动原因是严格执行预算，厉行节约。")
    if g.flag("direction"):
        text = (f"{g.year - 1}年收、支总计为{g.fmtm(prior)}万元，{g.year}年度收、支总计为{g.fmtm(cur)}万元，"
                f"{word}{g.fmtm(abs(diff))}万元。")
        label = "AUDIT-CHANGE-DIRECTION"
    g.rep.add(text, label)


def _parts_sentence(g: _Gen, names: list[str], parts: list[Decimal], total: Decimal, places: int,
                    share_word: str) -> tuple[str, list[Decimal]]:
    shares = largest_remainder(parts, places) if g.r.random() < 0.5 else [g.pct(p, total, places) for p in parts]
    items = []
    for name, part, share in zip(names, parts, shares):
        items.append(f"{name}{g.fmtm(part)}万元，{share_word}{share}%")
    return "；".join(items), shares


def _income(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("二、收入决算情况说明")
    total = f["income"]
    a = q(total * Decimal(g.r.randint(70, 95)) / 100)
    b = q((total - a) * Decimal(g.r.randint(0, 100)) / 100)
    c = total - a - b
    names = ["财政拨款收入", "事业收入", "其他收入"]
    parts = [a, b, c]
    label = None
    if g.flag("sum"):
        parts = [a, b + Decimal("1.00"), c]
        label = "AUDIT-SUM"
    body, shares = _parts_sentence(g, names, parts, total, 1, g.r.choice(["占", "占本年收入合计的"]))
    if g.flag("sum"):
        body, shares = _parts_sentence(g, names, [a, b, c], total, 1, "占")
        body = body.replace(f"事业收入{g.fmtm(b)}万元", f"事业收入{g.fmtm(b + Decimal('1.00'))}万元")
    if g.flag("share_swap") and abs(shares[0] - shares[1]) > 2:
        body = body.replace(f"{shares[0]}%", "@@").replace(f"{shares[1]}%", f"{shares[0]}%").replace("@@", f"{shares[1]}%")
        label = "AUDIT-SHARE"
    kw = g.r.choice(["其中：", "其中", "主要包括：", "分别为："]) if not g.flag("sum") else "其中："
    g.rep.add(f"{g.year}年本年收入合计{g.fmtm(total)}万元，{kw}{body}。", label)
    f["income_b"] = b


def _spending(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("三、支出决算情况说明")
    total, basic, project = f["spend"], f["basic"], f["project"]
    s1, s2 = g.pct(basic, total, 1), g.pct(project, total, 1)
    label = None
    if g.flag("share"):
        s1 = s1 + Decimal("1.5")
        label = "AUDIT-SHARE"
    base = g.r.choice(["", "本年支出合计的", "总支出的"])
    g.rep.add(f"{g.year}年本年支出合计{g.fmtm(total)}万元，其中：基本支出{g.fmtm(basic)}万元，占{base}{s1}%；"
              f"项目支出{g.fmtm(project)}万元，占{base}{s2}%。", label)


def _classes(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("四、一般公共预算财政拨款支出决算情况说明")
    total = f["spend"]
    names = g.r.sample(CLASSES, 4)
    cuts = sorted(g.r.sample(range(1, 99), 3))
    weights = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 100 - cuts[2]]
    parts = [q(total * w / 100) for w in weights[:3]]
    parts.append(total - sum(parts))
    f.update({f"class{k}": p for k, p in enumerate(parts)})
    g.names = names
    shares = largest_remainder(parts, 1)
    items = [f"{n}（类）支出{g.fmtm(p)}万元，占{s}%" for n, p, s in zip(names, parts, shares)]
    g.rep.add(f"{g.year}年一般公共预算财政拨款支出{g.fmtm(total)}万元，主要用于以下方面：{'；'.join(items)}。")


def _basic(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("五、一般公共预算财政拨款基本支出决算情况说明")
    g.rep.add(f"{g.year}年一般公共预算财政拨款基本支出{g.fmtm(f['basic'])}万元，其中：")
    p = f["personnel"]
    items = [q(p * Decimal(w) / 100) for w in (35, 20, 15, 10)]
    items.append(p - sum(items))
    names = ["基本工资", "津贴补贴", "奖金", "机关事业单位基本养老保险缴费", "住房公积金"]
    g.rep.add("人员经费" + g.fmtm(p) + "万元，主要包括：" + "、".join(f"{n}{g.fmtm(v)}万元" for n, v in zip(names, items)) + "。")
    u = f["public"]
    items = [q(u * Decimal(w) / 100) for w in (30, 25, 20)]
    items.append(u - sum(items))
    names = ["办公费", "差旅费", "公务用车运行维护费", "其他商品和服务支出"]
    g.rep.add("公用经费" + g.fmtm(u) + "万元，主要包括：" + "、".join(f"{n}{g.fmtm(v)}万元" for n, v in zip(names, items)) + "。")


def _three(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("六、“三公”经费财政拨款支出决算情况说明")
    car, rec = g.money(1, 30), g.money(0, 10)
    total = car + rec
    budget = q(total * Decimal(g.r.randint(100, 160)) / 100)
    g.rep.add(f"{g.year}年“三公”经费财政拨款支出决算为{g.fmtm(total)}万元，完成预算{g.pct(total, budget, 1)}%。")
    s = largest_remainder([Decimal(0), car, rec], 1)
    g.rep.add(f"{g.year}年“三公”经费财政拨款支出决算中，因公出国（境）费支出决算0万元，占0.0%；"
              f"公务用车购置及运行维护费支出决算{g.fmtm(car)}万元，占{s[1]}%；公务接待费支出决算{g.fmtm(rec)}万元，占{s[2]}%。")
    prior = q(car * Decimal(g.r.randint(60, 150)) / 100)
    diff = car - prior
    word = "增加" if diff >= 0 else "减少"
    word2 = "增长" if diff >= 0 else "下降"
    unit, label = "万元", None
    if g.flag("unit"):
        unit, label = "元", "AUDIT-UNIT"
    amount = g.fmtm(abs(diff))
    if g.flag("change_amount"):
        amount = g.fmtm(abs(diff) + Decimal("0.50"))
        label = "AUDIT-CHANGE-AMOUNT"
    rate = q(abs(diff) / prior * 100, 1) if prior else Decimal(0)
    g.rep.add(f"公务用车购置及运行维护费{g.year - 1}年决算数为{g.fmtm(prior)}万元，{g.year}年决算数为{g.fmtm(car)}万元，"
              f"{word}{amount}{unit}，{word2}{rate}%。", label)


def _running(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("七、其他重要事项的情况说明")
    cur, prior = f["public"], f["public_prior"]
    diff = cur - prior
    word, word2 = ("增加", "增长") if diff >= 0 else ("减少", "下降")
    rate = q(abs(diff) / prior * 100, 1)
    g.rep.add(f"{g.year}年，本单位机关运行经费支出{g.fmtm(cur)}万元，{g.vs()}{word}{g.fmtm(abs(diff))}万元，{word2}{rate}%。"
              "主要原因是严格控制一般性支出。")


def _evaluation(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("附件：部门整体支出绩效自评报告")
    final = q(f["spend"] * Decimal(g.r.randint(101, 125)) / 100)
    initial = q(final * Decimal(g.r.randint(80, 95)) / 100)
    spent = f["spend"]
    rate = g.pct(spent, final, 2)
    label = None
    if g.flag("rate_budget"):
        rate = g.pct(spent, initial, 2)
        label = "AUDIT-RATE"
    g.rep.add(f"（1）预算执行率（4分）。年初预算数为{g.fmtm(initial)}万元，调整后预算数为{g.fmtm(final)}万元，"
              f"全年执行数为{g.fmtm(spent)}万元，预算执行率{rate}%。此项得{g.r.choice(['3', '4'])}分。", label)
    budget = q(f["public"] * Decimal(g.r.randint(105, 140)) / 100)
    g.rep.add(f"（2）公用经费控制率（2分）。公用经费控制率{g.pct(f['public'], budget, 2)}%。本部门公用经费年初预算为"
              f"{g.fmtm(budget)}万元，实际支出{g.fmtm(f['public'])}万元。此项得2分。")
    plan = g.money(10, 90)
    actual = q(plan * Decimal(g.r.randint(80, 100)) / 100)
    res = q((plan - actual) / plan * 100, 2)
    label = None
    if g.flag("formula"):
        res = res + Decimal("3.00")
        label = "AUDIT-FORMULA"
    expr = g.r.choice([f"{plan}-{actual}/{plan}*100%", f"({plan}-{actual})/{plan}×100%"])
    g.rep.add(f"（3）成本节约率（5分）。{expr}={res}%。此项得5分。", label)
    w = g.r.choice([5, 8, 10])
    got = w - g.r.randint(0, 2)
    label = None
    if g.flag("score_max"):
        got, label = w + 2, "AUDIT-SCORE-MAX"
    g.rep.add(f"（4）工作实际完成率（{w}分）。全面完成年度工作任务。此项得{got}分。", label)
    g.filler(2)


def _restate(g: _Gen, f: dict[str, Decimal]) -> None:
    g.rep.add("二、部门财政资金收支情况")
    basic = f["basic"]
    label = None
    parts = [f[f"class{k}"] for k in range(4)]
    k = g.r.randrange(4)
    shown = list(parts)
    if g.flag("xsec"):
        shown[k] = shown[k] + Decimal("2.00")
        label = "AUDIT-XSEC"
    items = "；".join(f"{n}支出{g.fmtm(v)}万元" for n, v in zip(g.names, shown))
    g.rep.add(f"本部门{g.year}年一般公共预算财政拨款支出{g.fmtm(f['spend'])}万元，主要用于以下方面：{items}。", label)
    if label:
        g.rep.labels.append(("AUDIT-SUM", len(g.rep.lines)))
    g.rep.add(f"本部门基本支出{g.fmtm(basic)}万元，项目支出{g.fmtm(f['project'])}万元。")


def _score_table(g: _Gen) -> None:
    g.rep.add("项目支出绩效自评表")
    g.rep.add("一级指标\t二级指标\t分值\t得分\t偏差原因")
    rows = [("产出指标", "数量指标", 20), ("产出指标", "质量指标", 20), ("产出指标", "时效指标", 10),
            ("效益指标", "社会效益指标", 20), ("满意度指标", "服务对象满意度", 20), ("预算执行", "执行率", 10)]
    total = 0
    for a, b, w in rows:
        s = w - g.r.choice([0, 0, 1, 2])
        total += s
        g.rep.add(f"{a}\t{b}\t{w}\t{s}\t无")
    shown, label = total, None
    if g.flag("score_total"):
        shown, label = total + 3, "AUDIT-SCORE-TOTAL"
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    if g.flag("score_total") and (shown >= 90) != (total >= 90):
        grade = "优" if shown >= 90 else "良" if shown >= 80 else "中"
    g.rep.add(f"总分\t\t100\t{shown}\t{grade}", label)


def _amount_table(g: _Gen) -> None:
    g.rep.add("“三公”经费及会议费支出明细表（单位：元）")
    g.rep.add("项目\t预算数\t决算数")
    rows = [("公务接待费", g.r.randint(1000, 90000)), ("公务用车运行维护费", g.r.randint(10000, 900000)),
            ("会议费", g.r.randint(1000, 90000)), ("培训费", g.r.randint(1000, 90000))]
    tb = td = 0
    for name, d in rows:
        b = d + g.r.randint(0, 50000)
        tb += b
        td += d
        g.rep.add(f"{name}\t{b:,}.00\t{d:,}.00")
    label = None
    if g.flag("table_total"):
        td, label = td + 1000, "AUDIT-TABLE-TOTAL"
    g.rep.add(f"合计\t{tb:,}.00\t{td:,}.00", label)


_FULL = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def _dress(g: _Gen) -> Report:
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
