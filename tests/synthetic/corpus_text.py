"""Narrative sections of the synthetic reports (:mod:`jixiao.audit.corpus`)."""
from __future__ import annotations

from decimal import Decimal

from synthetic.corpus import Gen, q
from jixiao.relations import largest_remainder

CLASSES = ["一般公共服务", "教育", "社会保障和就业", "卫生健康", "农林水", "住房保障", "城乡社区", "文化旅游体育与传媒"]


def figures(g: Gen) -> None:
    f = g.f
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


def _words(diff: Decimal, g: Gen) -> tuple[str, str]:
    if diff >= 0:
        return g.r.choice(["增加", "增加"]), g.r.choice(["增长", "增幅为", "增长了"])
    return "减少", g.r.choice(["下降", "降幅为", "下降了"])


def overall(g: Gen) -> None:
    g.rep.add("一、收入支出决算总体情况说明")
    cur, prior = g.f["grand"], g.f["grand_prior"]
    diff = cur - prior
    word, word2 = _words(diff, g)
    rate = q(abs(diff) / prior * 100, 1)
    label = None
    if g.flag("change_base"):
        rate = q(abs(diff) / cur * 100, 1)
        if abs(rate - q(abs(diff) / prior * 100, 1)) <= Decimal("0.1"):
            rate += Decimal("1.0")
        label = "AUDIT-CHANGE-RATE"
    if g.flag("direction"):
        word, word2 = ("减少", "下降") if diff >= 0 else ("增加", "增长")
    style = g.r.randrange(3)
    y = g.year
    if style == 0:
        text = (f"{y}年度收、支总计{g.fmtm(cur)}万元。{g.vs()}收、支总计各{word}{g.fmtm(abs(diff))}万元，{word2}{rate}%。"
                "主要变动原因是严格执行预算，厉行节约。")
    elif style == 1:
        text = (f"{y}年度收、支总计{g.fmtm(cur)}万元，上年为{g.fmtm(prior)}万元，{word}{g.fmtm(abs(diff))}万元，"
                f"{word2}{rate}%。主要原因是人员变动。")
    else:
        text = f"{y}年度收、支总计{g.fmtm(cur)}万元，{g.vs()}{word}{g.fmtm(abs(diff))}万元，{word2}{rate}%。"
    if g.flag("direction"):
        text = (f"{y - 1}年收、支总计为{g.fmtm(prior)}万元，{y}年度收、支总计为{g.fmtm(cur)}万元，"
                f"{word}{g.fmtm(abs(diff))}万元。")
        label = "AUDIT-CHANGE-DIRECTION"
    g.rep.add(text, label)


def _parts_sentence(g: Gen, names: list[str], parts: list[Decimal], total: Decimal, places: int,
                    share_word: str, yuan: bool) -> tuple[str, list[Decimal]]:
    shares = largest_remainder(parts, places) if g.r.random() < 0.5 else [g.pct(p, total, places) for p in parts]
    items = []
    for name, part, share in zip(names, parts, shares):
        amount = f"{yuan_text(part)}元" if yuan else f"{g.fmtm(part)}万元"
        items.append(f"{name}{amount}，{share_word}{share}%")
    return "；".join(items), shares


def yuan_text(wan: Decimal) -> str:
    """An amount in 万元 written in 元 with thousands separators (``1,234,500.00``)."""
    return f"{q(wan * 10000, 2):,.2f}"


def income(g: Gen) -> None:
    g.rep.add("二、收入决算情况说明")
    total = g.f["income"]
    a = q(total * Decimal(g.r.randint(70, 95)) / 100)
    b = q((total - a) * Decimal(g.r.randint(0, 100)) / 100)
    c = total - a - b
    names = ["财政拨款收入", "事业收入", "其他收入"]
    yuan = g.flag("yuan_sum") or (g.r.random() < 0.3 and not g.flag("sum") and not g.flag("share_swap"))
    label = None
    body, shares = _parts_sentence(g, names, [a, b, c], total, 1, g.r.choice(["占", "占本年收入合计的", "占比"]), yuan)
    if g.flag("sum"):
        body, shares = _parts_sentence(g, names, [a, b, c], total, 1, "占", False)
        body = body.replace(f"事业收入{g.fmtm(b)}万元", f"事业收入{g.fmtm(b + Decimal('1.00'))}万元")
        label = "AUDIT-SUM"
    if g.flag("yuan_sum"):
        body = body.replace(f"事业收入{yuan_text(b)}元", f"事业收入{yuan_text(b + Decimal('1.00'))}元")
        label = "AUDIT-SUM"
    if g.flag("share_swap") and abs(shares[0] - shares[1]) > 2:
        body = body.replace(f"{shares[0]}%", "@@").replace(f"{shares[1]}%", f"{shares[0]}%").replace("@@", f"{shares[1]}%")
        label = "AUDIT-SHARE"
    kw = g.r.choice(["其中：", "其中", "主要包括：", "分别为："]) if not g.flag("sum") else "其中："
    amount = f"{yuan_text(total)}元" if yuan else f"{g.fmtm(total)}万元"
    g.rep.add(f"{g.year}年本年收入合计{amount}，{kw}{body}。", label)


def spending(g: Gen) -> None:
    g.rep.add("三、支出决算情况说明")
    total, basic, project = g.f["spend"], g.f["basic"], g.f["project"]
    s1, s2 = g.pct(basic, total, 1), g.pct(project, total, 1)
    label = None
    if g.flag("share"):
        s1 = s1 + Decimal("1.5")
        label = "AUDIT-SHARE"
    base = g.r.choice(["占", "占本年支出合计的", "占总支出的", "占比", "所占比重为"])
    g.rep.add(f"{g.year}年本年支出合计{g.fmtm(total)}万元，其中：基本支出{g.fmtm(basic)}万元，{base}{s1}%；"
              f"项目支出{g.fmtm(project)}万元，{base}{s2}%。", label)


def classes(g: Gen) -> None:
    g.rep.add("四、一般公共预算财政拨款支出决算情况说明")
    total = g.f["spend"]
    names = g.r.sample(CLASSES, 4)
    cuts = sorted(g.r.sample(range(1, 99), 3))
    weights = [cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], 100 - cuts[2]]
    parts = [q(total * w / 100) for w in weights[:3]]
    parts.append(total - sum(parts))
    g.f.update({f"class{k}": p for k, p in enumerate(parts)})
    g.names = names
    shares = largest_remainder(parts, 1)
    items = [f"{n}（类）支出{g.fmtm(p)}万元，占{s}%" for n, p, s in zip(names, parts, shares)]
    g.rep.add(f"{g.year}年一般公共预算财政拨款支出{g.fmtm(total)}万元，主要用于以下方面：{'；'.join(items)}。")


def basic(g: Gen) -> None:
    g.rep.add("五、一般公共预算财政拨款基本支出决算情况说明")
    g.rep.add(f"{g.year}年一般公共预算财政拨款基本支出{g.fmtm(g.f['basic'])}万元，其中：")
    p = g.f["personnel"]
    items = [q(p * Decimal(w) / 100) for w in (35, 20, 15, 10)]
    items.append(p - sum(items))
    names = ["基本工资", "津贴补贴", "奖金", "机关事业单位基本养老保险缴费", "住房公积金"]
    g.rep.add("人员经费" + g.fmtm(p) + "万元，主要包括：" + "、".join(f"{n}{g.fmtm(v)}万元" for n, v in zip(names, items)) + "。")
    u = g.f["public"]
    items = [q(u * Decimal(w) / 100) for w in (30, 25, 20)]
    items.append(u - sum(items))
    names = ["办公费", "差旅费", "公务用车运行维护费", "其他商品和服务支出"]
    g.rep.add("公用经费" + g.fmtm(u) + "万元，主要包括：" + "、".join(f"{n}{g.fmtm(v)}万元" for n, v in zip(names, items)) + "。")


def three(g: Gen) -> None:
    g.rep.add("六、“三公”经费财政拨款支出决算情况说明")
    abroad = g.money(1, 5) if g.r.random() < 0.3 else Decimal(0)
    car, rec = g.money(1, 30), g.money(0, 10)
    total = abroad + car + rec
    budgets = [q(x * Decimal(g.r.randint(100, 180)) / 100) for x in (abroad, car, rec)]
    budget = sum(budgets, Decimal(0))
    g.f.update(three=total, three_budget=budget)
    rates = [g.pct(x, b, 1) if b else Decimal("0.0") for x, b in zip((abroad, car, rec), budgets)]
    label = None
    if g.flag("budget_parts"):
        rates[1] = g.pct(car, budgets[1] * 3, 1)
        label = "AUDIT-BUDGET-PARTS"
    verb = g.r.choice(["完成预算", "完成预算的", "为预算的"])
    g.rep.add(f"{g.year}年“三公”经费财政拨款支出决算为{g.fmtm(total)}万元，{verb}{g.pct(total, budget, 1)}%，"
              "决算数小于预算数的主要原因是厉行节约。", label)
    s = largest_remainder([abroad, car, rec], 1)
    g.rep.add(f"{g.year}年“三公”经费财政拨款支出决算中，因公出国（境）费支出决算{g.fmtm(abroad)}万元，占{s[0]}%；"
              f"公务用车购置及运行维护费支出决算{g.fmtm(car)}万元，占{s[1]}%；公务接待费支出决算{g.fmtm(rec)}万元，占{s[2]}%。")
    g.rep.add(f"1.因公出国（境）经费支出{g.fmtm(abroad)}万元，{verb}{rates[0]}%。")
    prior = q(car * Decimal(g.r.choice([*range(60, 100), *range(101, 151)])) / 100)
    if prior == car:   # a zero change says nothing about its unit
        prior = car + Decimal("0.10")
    diff = car - prior
    word, word2 = ("增加", "增长") if diff >= 0 else ("减少", "下降")
    unit, label = "万元", None
    if g.flag("unit"):
        unit, label = "元", "AUDIT-UNIT"
    amount = g.fmtm(abs(diff))
    if g.flag("change_amount"):
        amount = g.fmtm(abs(diff) + Decimal("0.50"))
        label = "AUDIT-CHANGE-AMOUNT"
    rate = q(abs(diff) / prior * 100, 1) if prior else Decimal(0)
    g.rep.add(f"2.公务用车购置及运行维护费支出{g.fmtm(car)}万元，{verb}{rates[1]}%。"
              f"公务用车购置及运行维护费{g.year - 1}年决算数为{g.fmtm(prior)}万元，{g.year}年决算数为{g.fmtm(car)}万元，"
              f"{word}{amount}{unit}，{word2}{rate}%。主要原因是厉行节约，减少开支。", label)
    g.rep.add(f"3.公务接待费支出{g.fmtm(rec)}万元，{verb}{rates[2]}%。")


def running(g: Gen) -> None:
    g.rep.add("七、其他重要事项的情况说明")
    cur, prior = g.f["public"], g.f["public_prior"]
    diff = cur - prior
    word, word2 = ("增加", "增长") if diff >= 0 else ("减少", "下降")
    rate = q(abs(diff) / prior * 100, 1)
    g.rep.add(f"{g.year}年，本单位机关运行经费支出{g.fmtm(cur)}万元，{g.vs()}{word}{g.fmtm(abs(diff))}万元，{word2}{rate}%。"
              "主要原因是严格控制一般性支出。")


def complete(g: Gen) -> None:
    spend = g.f["spend"]
    initial = q(spend * Decimal(g.r.randint(90, 115)) / 100)
    final = q(initial * Decimal(g.r.randint(102, 120)) / 100)
    rate, label = g.pct(spend, initial, 1), None
    if g.flag("complete_rate"):
        rate, label = g.pct(spend, final, 1), "AUDIT-RATE"
        if abs(rate - g.pct(spend, initial, 1)) < 1:
            rate -= Decimal("2.0")
    verb = g.r.choice(["完成年初预算的", "为年初预算的"])
    g.rep.add(f"{g.year}年一般公共预算财政拨款年初预算为{g.fmtm(initial)}万元，调整后预算为{g.fmtm(final)}万元，"
              f"支出决算为{g.fmtm(spend)}万元，{verb}{rate}%。", label)


def evaluation(g: Gen) -> None:
    g.rep.add("附件：部门整体支出绩效自评报告")
    f = g.f
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
    _points(g, q(rate, 1))
    _three_again(g)
    g.filler(2)


def _points(g: Gen, current: Decimal) -> None:
    prior = current - Decimal(g.r.randint(-60, 60)) / 10
    if prior == current:
        prior -= Decimal("1.0")
    diff = current - prior
    word = g.r.choice(["提高", "上升", "增加"]) if diff > 0 else g.r.choice(["下降", "降低", "减少"])
    points, label = abs(diff), None
    if g.flag("points"):
        points, label = points + Decimal("1.0"), "AUDIT-POINTS"
    y = g.year
    style = g.r.randrange(4)
    if style == 0:
        text = f"预算执行率为{current}%，上年为{prior}%，{word}{points}个百分点。"
    elif style == 1:
        text = f"{y}年预算执行率{current}%，{y - 1}年为{prior}%，同比{word}{points}个百分点。"
    elif style == 2:
        text = f"{y}年预算执行率为{current}%，较上年（{prior}%）{word}{points}个百分点。"
    else:
        text = f"预算执行率由上年的{prior}%{'提高到' if diff > 0 else '下降到'}{current}%，{word}{points}个百分点。"
    g.rep.add(f"（5）预算执行率变动情况。{text}", label)


def _three_again(g: Gen) -> None:
    """三公经费 restated in the self-evaluation (变动率 and 控制率 items)."""
    total, budget = g.f["three"], g.f["three_budget"]
    prior = q(total * Decimal(g.r.randint(70, 140)) / 100)
    if prior == 0:
        prior = Decimal("1.00")
    change = q((total - prior) / prior * 100, 2)
    word = "增加" if total >= prior else "减少"
    y = g.year
    g.rep.add(f"（6）“三公经费”变动率（5分）。“三公经费”变动率{change}%。{y - 1}年“三公经费”决算数为{g.fmtm(prior)}万元，"
              f"{y}年“三公经费”的决算数为{g.fmtm(total)}万元；“三公经费”{word}{g.fmtm(abs(total - prior))}万元。此项得5分。")
    shown, label = total, None
    if g.flag("xsec_sg"):
        shown, label = total + Decimal("0.30"), "AUDIT-XSEC"
    g.rep.add(f"（7）“三公经费”控制率（2分）。“三公经费”控制率{g.pct(shown, budget, 2)}%。{y}年度，本部门“三公经费”"
              f"年初预算为{g.fmtm(budget)}万元，实际支出{g.fmtm(shown)}万元，支出数在年初预算控制数内。此项得2分。", label)


def restate(g: Gen) -> None:
    g.rep.add("二、部门财政资金收支情况")
    label = None
    parts = [g.f[f"class{k}"] for k in range(4)]
    k = g.r.randrange(4)
    shown = list(parts)
    if g.flag("xsec"):
        shown[k] = shown[k] + Decimal("2.00")
        label = "AUDIT-XSEC"
    items = "；".join(f"{n}支出{g.fmtm(v)}万元" for n, v in zip(g.names, shown))
    g.rep.add(f"本部门{g.year}年一般公共预算财政拨款支出{g.fmtm(g.f['spend'])}万元，主要用于以下方面：{items}。", label)
    if label:
        g.rep.labels.append(("AUDIT-SUM", len(g.rep.lines)))
    g.rep.add(f"本部门基本支出{g.fmtm(g.f['basic'])}万元，项目支出{g.fmtm(g.f['project'])}万元。")
    public, label = g.f["public"], None
    if g.flag("xsec_alias"):
        public, label = public + Decimal("0.50"), "AUDIT-XSEC-ALIAS"
    g.rep.add(f"{g.year}年日常公用经费支出{g.fmtm(public)}万元，主要用于办公费、差旅费等日常运转支出。", label)
