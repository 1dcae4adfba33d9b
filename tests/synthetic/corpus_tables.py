"""Tables and score cards of the synthetic reports (:mod:`jixiao.audit.corpus`)."""
from __future__ import annotations

from decimal import Decimal

from synthetic.corpus import Gen, q
from synthetic.corpus_text import yuan_text
from jixiao.relations import largest_remainder


def score_table(g: Gen) -> None:
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
    grade = _grade(total)
    if g.flag("score_total") and _grade(shown) != grade:
        grade = _grade(shown)
    g.rep.add(f"总分\t\t100\t{shown}\t{grade}", label)


def _grade(total: int) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


_CARD = [("投入", "项目立项", "项目立项规范性", 5), ("投入", "项目立项", "绩效目标合理性", 4),
         ("投入", "资金落实", "资金到位率", 5), ("过程", "业务管理", "制度执行有效性", 6),
         ("过程", "财务管理", "资金使用合规性", 7), ("产出", "项目产出", "实际完成率", 4),
         ("产出", "项目产出", "质量达标率", 5), ("效果", "项目效益", "社会效益", 5),
         ("效果", "项目效益", "满意度", 10)]


def split_scorecard(g: Gen) -> None:
    """A score card flattened to text one cell per line, as many published .txt reports are."""
    scores = [w - g.r.choice([0, 0, 0, 1, 2]) for *_, w in _CARD]
    total = sum(scores)
    shown, label = total, None
    if g.flag("score_split"):
        shown, label = total + 2, "AUDIT-SCORE-TOTAL"
    g.rep.add(f"{g.year}年度项目支出绩效自评计分表")
    g.rep.add("（专项业务工作经费）")
    g.rep.add(f"预算单位名称：某某单位  自评等级：{_grade(shown).replace('良', '良好')}")
    for head in ("一级指标", "二级指标", "三级指标", "指标解释", "自评分数", "自评依据及说明"):
        g.rep.add(f"\t{head}")
    for (first, second, third, w), s in zip(_CARD, scores):
        g.rep.add(f"\t{first}")
        g.rep.add(f"\t{second}")
        g.rep.add(f"\t{third}（{w}分）")
        g.rep.add(f"\t{third}是否达到预期目标，用以反映和考核项目实施情况。")
        g.rep.add(f"\t{s}")
        g.rep.add("\t按相关资料核实")
    g.rep.add("\t合计")
    g.rep.add(f"\t{shown}", label)


def amount_table(g: Gen) -> None:
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


def task_table(g: Gen) -> None:
    """Two-row header: 批复金额 over 总额 | 财政拨款 | 其他资金, and an execution rate per row."""
    g.rep.add("部门年度重点工作任务完成情况表（单位：万元）")
    g.rep.add("任务名称\t项目级次\t批复金额\t\t\t实际支出\t预算执行率\t偏低原因")
    g.rep.add("\t\t总额\t财政拨款\t其他资金")
    bad = g.r.randrange(3)
    for k, name in enumerate(("信访维稳", "矛盾纠纷排查", "业务运转保障")):
        fin = g.money(5, 200)
        other = g.money(0, 30) if g.r.random() < 0.5 else Decimal(0)
        total = fin + other
        label = None
        if g.flag("table_column") and k == bad:
            total, label = total + Decimal("1.00"), "AUDIT-TABLE-TOTAL"
        spent = q(total * Decimal(g.r.randint(85, 100)) / 100)
        other_cell = f"{other:f}" if other else ""
        g.rep.add(f"{name}\t一级预算\t{total:f}\t{fin:f}\t{other_cell}\t{spent:f}\t{g.pct(spent, total, 2)}%\t无", label)


def nested_table(g: Gen) -> None:
    """Rows nested by numbering (一、) with indented or (一)-numbered children; 合计 first or last."""
    personnel, public = g.f["personnel"], g.f["public"]
    wages = q(personnel * Decimal(g.r.randint(70, 90)) / 100)
    groups = [("工资福利支出", wages, ["基本工资", "津贴补贴", "奖金"]),
              ("商品和服务支出", public, ["办公费", "差旅费", "其他商品和服务支出"]),
              ("对个人和家庭的补助", personnel - wages, ["退休费", "生活补助"])]
    indent = g.r.random() < 0.5
    first = g.r.random() < 0.5
    g.rep.add(f"{g.year}年一般公共预算财政拨款基本支出决算明细表（单位：万元）")
    g.rep.add("项目\t决算数")
    if first:
        g.rep.add(f"合计\t{personnel + public:f}")
    bad_group = g.r.randrange(3)
    for k, (name, amount, items) in enumerate(groups):
        cuts = [q(amount * Decimal(g.r.randint(20, 40)) / 100) for _ in items[:-1]]
        values = [*cuts, amount - sum(cuts)]
        label = None
        if g.flag("table_nested") and k == bad_group:
            values[0] += Decimal("2.00")
            label = "AUDIT-TABLE-TOTAL"
        g.rep.add(f"{'一二三'[k]}、{name}\t{amount:f}", label)
        for j, (item, v) in enumerate(zip(items, values)):
            head = f"\u3000\u3000{item}" if indent else f"（{'一二三四'[j]}）{item}"
            g.rep.add(f"{head}\t{v:f}")
    if not first:
        g.rep.add(f"合计\t{personnel + public:f}")


def share_table(g: Gen) -> None:
    """项目 | 金额 | 占比 with a 合计 row; amounts in 元 with thousands separators or in 万元."""
    basic, project = g.f["basic"], g.f["project"]
    parts = [basic, project]
    shares = largest_remainder(parts, 2) if g.r.random() < 0.5 else [g.pct(p, basic + project, 2) for p in parts]
    label = None
    if g.flag("table_share"):
        shares[0] += Decimal("1.50")
        label = "AUDIT-SHARE"
    yuan = g.r.random() < 0.5
    unit = "元" if yuan else "万元"
    g.rep.add(f"支出决算结构表（单位：{unit}）")
    g.rep.add("项目\t金额\t占比")

    def amount(x: Decimal) -> str:
        return yuan_text(x) if yuan else f"{x:f}"

    g.rep.add(f"基本支出\t{amount(basic)}\t{shares[0]}%", label)
    g.rep.add(f"项目支出\t{amount(project)}\t{shares[1]}%")
    g.rep.add(f"合计\t{amount(basic + project)}\t100.00%")
