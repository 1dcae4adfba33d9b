"""The checks added for real-world reports, each with passing and failing cases:
cross-section links (synonyms, scopes, years, projects), 个百分点, 完成预算 implied budgets (K13),
合计 columns, nested table rows and 占比 columns.

Each case: report text (first line names the report year), and the findings it must give as
``(rule_id, line)``; every other finding of the rules named in ``RULES`` is a failure.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.audit.engine import Auditor, audit_text

AUDITOR = Auditor()
HEAD = "某某局2022年度部门决算说明\n"
RULES = {"AUDIT-XSEC", "AUDIT-XSEC-ALIAS", "AUDIT-POINTS", "AUDIT-CHANGE-DIRECTION", "AUDIT-BUDGET-PARTS",
         "AUDIT-RATE", "AUDIT-TABLE-TOTAL", "AUDIT-SHARE", "AUDIT-SUM"}

CASES = {
    # ---- the same quantity in two sections -------------------------------------------------
    "xsec: last year's figure is not this year's": (
        "2022年“三公”经费财政拨款支出决算为2.04万元。\n"
        "2021年“三公经费”决算数为2.76万元，2022年“三公经费”的决算数为2.04万元。", set()),
    "xsec: 三公经费 written two ways, two figures": (
        "2022年“三公”经费财政拨款支出决算为2.04万元。\n"
        "2021年“三公经费”决算数为2.76万元，2022年“三公经费”的决算数为2.03万元。", {("AUDIT-XSEC", 3)}),
    "xsec: a place's name names no quantity (收入 in one sentence, 支出 in the next)": (
        "各县收入按规模排序：东山县10.6亿元，西城区6.9亿元，甲省8.1亿元，河南7.2亿元。\n"
        "各县支出按规模排序：东山县15.4亿元，西城区12.1亿元，甲省9.1亿元，河南5.9亿元。", set()),
    "xsec: an unnamed amount of a numbered item is that item's, not another item's": (
        "某市基金预算情况如下：\n"
        "1.甲类收入7亿元，下降4.1%，加上动用上年结转收入2.9亿元，可用收入9.9亿元。\n"
        "2.乙类收入27.9亿元，加上动用上年结转收入2.1亿元，可用收入30亿元。\n"
        "3.丙类收入76.6亿元，加上动用上年结转收入16.7亿元，可用收入93.3亿元。", set()),
    "xsec: the year opening a sentence is its figures' year": (
        "2021年某局“三公经费”预算中，因公出国(境)费61万元，公务用车购置及运行费122.65万元。\n"
        "2022年某局“三公经费”预算中，因公出国(境)费61万元，公务用车购置及运行费120.56万元。", set()),
    "xsec: ... and a figure of the same year restated differently is still flagged": (
        "2022年某局“三公经费”预算中，因公出国(境)费61万元，公务用车购置及运行费122.65万元。\n"
        "2022年，公务用车购置及运行费120.56万元，主要用于车辆维修。", {("AUDIT-XSEC", 3)}),
    "xsec: the amounts of a running computation (加上…) are that computation's": (
        "某市基金预算情况如下：\n"
        "1.甲类收入7亿元，下降4.1%，加上动用上年结转收入2.9亿元，可用收入9.9亿元。\n"
        "甲类支出2.9亿元，增长81.3%，加上市对区县补助支出7亿元，当年甲类支出总计9.9亿元。\n"
        "2.乙类收入27.9亿元，加上动用上年结转收入2.1亿元，可用收入30亿元。\n"
        "乙类支出18.3亿元，下降12.4%，加上市对区县补助支出11.7亿元，当年乙类支出总计30亿元。", set()),
    "xsec: a sentence opening with 加上 goes on from the sentence before": (
        "甲类收入15955亿元，增长4.5%。加上调入资金727亿元，收入总量为16682亿元。\n"
        "乙类收入4178亿元，增长2.6%。加上调入资金100亿元，收入总量为4278亿元。", set()),
    "xsec: a 0 of another section is no restatement of an amount": (
        "一、政府性基金预算支出情况：基本支出19816.81元，项目支出0元。\n"
        "二、一般公共预算支出情况：项目支出469500元，主要用于业务工作。", set()),
    "xsec: ... nor, under a synonym, a 0 of one function's line": (
        "2022年一般公共预算拨款支出1493924.6元，其中：基本支出1440224.6元，项目支出53700元。\n"
        "机构运行1100910.5元，主要用于日常运转，\n"
        "项目支出0元。", set()),
    "xsec: an amount after 其中 is its sentence's whole's part, even when the list runs on to the next line": (
        "2022 年一般公共预算拨款支出 900.5 元,其中:基\n"
        "本支出 800.5 元,项目支出 100 元,具体如下:\n"
        "(一)一般公共预算支出按功能分类。\n"
        "机构运行 700.5 元,其中:基本支出 700.5 元,\n"
        "项目支出 0元。主要用于日常运转。\n"
        "住房公积金 100 元,其中:基本支出 100 元,项\n"
        "目支出 0元。主要用于公积金。\n"
        "养老保险缴费支出 150 元,其中:\n"
        "基本支出 150 元,项目支出 0元。主要用于养老保险。", set()),
    "xsec: a generic label takes the sentence's subject": (
        "2022年一般公共预算财政拨款基本支出350.53万元，其中：人员经费318.08万元，公用经费32.45万元。\n"
        "本部门公用经费年初预算为43.94万元，实际支出32.43万元。", {("AUDIT-XSEC-ALIAS", 3)}),
    "xsec: a synonym with another figure is a warning": (
        "2022年一般公共预算财政拨款基本支出350.53万元，其中：人员经费318.08万元，公用经费32.45万元。\n"
        "2022年日常公用经费支出32.40万元，主要用于日常运转。", {("AUDIT-XSEC-ALIAS", 3)}),
    "xsec: all funds and fiscal funds may differ": (
        "2022年本年支出合计600.00万元，其中：基本支出400.00万元，项目支出200.00万元。\n"
        "2022年一般公共预算财政拨款基本支出350.00万元，其中：人员经费300.00万元，公用经费50.00万元。\n"
        "本部门基本支出400.00万元。", set()),
    "xsec: an unscoped figure agreeing with no scope": (
        "2022年本年支出合计600.00万元，其中：基本支出400.00万元，项目支出200.00万元。\n"
        "2022年一般公共预算财政拨款基本支出350.00万元，其中：人员经费300.00万元，公用经费50.00万元。\n"
        "本部门基本支出390.00万元。", {("AUDIT-XSEC-ALIAS", 4)}),
    "xsec: each project's figures stay in the project": (
        "项目支出绩效自评表\n（项目一）\n项目资金预算为20.00万元，实际支出19.00万元。\n"
        "项目支出绩效自评表\n（项目二）\n项目资金预算为30.00万元，实际支出29.00万元。", set()),
    "xsec: 公务接待费 inside 公用经费 is not the 三公 figure": (
        "2022年一般公共预算财政拨款基本支出52.45万元，其中：人员经费20.00万元，公用经费32.45万元。\n"
        "公用经费32.45万元，其中：办公费30.00万元、公务接待费2.45万元。\n3.公务接待费支出0.26万元，完成预算6.5%。", set()),
    "xsec: trailing zeros dropped are not rounding": (
        "2022年，本单位机关运行经费支出31万元。\n机关运行经费31.3万元。", {("AUDIT-XSEC", 3)}),
    "xsec: trailing zeros dropped, same figure": (
        "2022年，本单位机关运行经费支出31万元。\n机关运行经费31.00万元。", set()),
    "xsec: the unit's name before the label": (
        "2022年，某某区信访局机关运行经费支出32.45万元。\n机关运行经费32.40万元。", {("AUDIT-XSEC", 3)}),
    "xsec: 上年结转 is this year's opening balance": (
        "年初结转和结余165.00万元。\n预算完成率99.42%。年初支出预算555.40万元，上年结转160万元。",
        {("AUDIT-XSEC-ALIAS", 3)}),
    # ---- 个百分点 ------------------------------------------------------------------------------
    "points: 上年为": ("2022年预算执行率为95.2%，上年为93.1%，提高2.1个百分点。", set()),
    "points: 上年为, wrong": ("2022年预算执行率为95.2%，上年为93.1%，提高3.1个百分点。", {("AUDIT-POINTS", 2)}),
    "points: the previous year by number": ("2022年预算执行率95.2%，2021年为97.1%，同比下降1.9个百分点。", set()),
    "points: in brackets": ("2022年预算执行率为95.2%，较上年（93.1%）提高2.2个百分点。", set()),
    "points: 由…提高到": ("基本支出占比由上年的60.5%提高到63.5%，提高2.0个百分点。", {("AUDIT-POINTS", 2)}),
    "points: direction": ("2022年预算执行率为95.2%，上年为93.1%，下降2.1个百分点。", {("AUDIT-CHANGE-DIRECTION", 2)}),
    "points: no earlier rate, nothing to check": ("基本支出占比63.5%，比上年提高2.1个百分点。", set()),
    # ---- 完成预算: implied budgets and stated budgets -------------------------------------------
    "k13: parts add up": (
        "2022年一般公共预算支出决算数为552.38万元，完成预算77.0%。其中：\n"
        "1.行政运行（项）:支出决算为363.48万元，完成预算100.0%。\n"
        "2.信访事务（项）:支出决算为188.9万元，完成预算53.4%。", set()),
    "k13: a part's rate on another budget": (
        "2022年一般公共预算支出决算数为552.38万元，完成预算77.0%。其中：\n"
        "1.行政运行（项）:支出决算为363.48万元，完成预算100.0%。\n"
        "2.信访事务（项）:支出决算为188.9万元，完成预算43.4%。", {("AUDIT-BUDGET-PARTS", 2)}),
    "k13: rates of the adjusted and of the plain budget are not summed": (
        "2022年全县财政总收入12760万元，完成调整预算的99.6%。其中：中央级收入5438万元，完成预算的97.95%；"
        "县级收入7322万元，完成调整预算的100.03%。", set()),
    "k13: amounts that do not add up are not parts": (
        "2022年一般公共预算支出决算数为552.38万元，完成预算77.0%。\n"
        "1.行政运行（项）:支出决算为300.00万元，完成预算100.0%。\n"
        "2.信访事务（项）:支出决算为188.9万元，完成预算43.4%。", set()),
    "completion with its budget": (
        "2022年一般公共预算财政拨款年初预算为500.00万元，支出决算为480.00万元，完成年初预算的96.0%。", set()),
    "completion with its budget, wrong": (
        "2022年一般公共预算财政拨款年初预算为500.00万元，支出决算为480.00万元，为年初预算的98.0%。",
        {("AUDIT-RATE", 2)}),
    # ---- tables ---------------------------------------------------------------------------------
    "table: a group total column": (
        "任务名称\t批复金额\t\t\t实际支出\n\t总额\t财政拨款\t其他资金\n信访维稳\t30.00\t25.00\t5.00\t29.00\n"
        "矛盾调处\t20.00\t15.00\t4.00\t20.00", {("AUDIT-TABLE-TOTAL", 5)}),
    "table: a 合计 column confirmed by the other rows": (
        "项目\t合计\t基本支出\t项目支出\n行政运行\t100.00\t100.00\t\n信访事务\t80.00\t\t80.00\n"
        "一般行政管理事务\t50.00\t20.00\t31.00", {("AUDIT-TABLE-TOTAL", 5)}),
    "table: a 合计 column no row confirms": (
        "项目\t合计\t基本支出\t其他\n行政运行\t100.00\t60.00\t10.00\n信访事务\t80.00\t50.00\t5.00", set()),
    "table: parent rows by numbering": (
        "项目\t金额\n一、工资福利支出\t300.00\n（一）基本工资\t120.00\n（二）津贴补贴\t100.00\n（三）奖金\t70.00\n"
        "二、商品和服务支出\t39.50\n（一）办公费\t20.00\n（二）差旅费\t19.50\n合计\t339.50", {("AUDIT-TABLE-TOTAL", 3)}),
    "table: children by indentation, 合计 first": (
        "项目\t金额\n合计\t339.50\n一、工资福利支出\t300.00\n\u3000\u3000基本工资\t120.00\n\u3000\u3000津贴补贴\t100.00\n"
        "\u3000\u3000奖金\t80.00\n二、商品和服务支出\t39.50\n\u3000\u3000办公费\t20.00\n\u3000\u3000差旅费\t19.50", set()),
    "table: classification codes, 合计 first": (
        "科目编码\t科目名称\t决算数\n\t合计\t552.38\n201\t一般公共服务支出\t477.52\n20103\t政府办公厅（室）及相关机构事务\t477.52\n"
        "2010301\t行政运行\t196.82\n2010308\t信访事务\t280.70\n221\t住房保障支出\t74.86\n22102\t住房改革支出\t74.86\n"
        "2210201\t住房公积金\t74.86", set()),
    "table: classification codes, a 款 off": (
        "科目编码\t科目名称\t决算数\n\t合计\t552.38\n201\t一般公共服务支出\t477.52\n20103\t政府办公厅（室）及相关机构事务\t477.52\n"
        "2010301\t行政运行\t196.82\n2010308\t信访事务\t270.70\n221\t住房保障支出\t74.86\n22102\t住房改革支出\t74.86\n"
        "2210201\t住房公积金\t74.86", {("AUDIT-TABLE-TOTAL", 5)}),
    "table: parents inferred when nothing marks them": (
        "项目\t金额\n工资福利支出\t300.00\n基本工资\t120.00\n津贴补贴\t100.00\n奖金\t80.00\n商品和服务支出\t39.50\n"
        "办公费\t20.00\n差旅费\t19.50\n合计\t339.50", set()),
    "table: a 占比 column": (
        "项目\t金额\t占比\n基本支出\t350.53\t63.46%\n项目支出\t201.85\t36.54%\n合计\t552.38\t100.00%", set()),
    "table: a 占比 column, wrong": (
        "项目\t金额\t占比\n基本支出\t350.53\t64.46%\n项目支出\t201.85\t36.54%\n合计\t552.38\t100.00%",
        {("AUDIT-SHARE", 3)}),
    "table: a column-numbering row is not data": (
        "项目\t本年收入合计\t财政拨款收入\t其他收入\n栏次\t1\t2\t3\n行政运行\t100.00\t90.00\t10.00\n"
        "信访事务\t50.00\t50.00\t\n合计\t150.00\t140.00\t10.00", set()),
    "table: 收入决算表, the 附属单位 columns are amounts": (
        "科目编码\t科目名称\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入\n"
        "\t合计\t500.00\t470.00\t—\t—\t—\t10.00\t20.00\n"
        "201\t一般公共服务支出\t500.00\t470.00\t—\t—\t—\t10.00\t20.00", set()),
    "table: 支出决算表, a row off in its last column": (
        "科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出\n"
        "\t合计\t505.00\t400.00\t100.00\t—\t—\t5.00\n"
        "201\t一般公共服务支出\t505.00\t400.00\t100.00\t—\t—\t5.00\n"
        "20103\t政府办公厅（室）及相关机构事务\t505.00\t400.00\t100.00\t—\t—\t6.00", {("AUDIT-TABLE-TOTAL", 5)}),
    "table: a header wrapped onto two lines": (
        "项目\t批复金额\t实际支出\t执行率\n\t（万元）\t（万元）\n信访维稳\t30.00\t29.00\t96.67%\n矛盾调处\t20.00\t20.00\t90.00%",
        {("AUDIT-RATE", 5)}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_case(name):
    text, expected = CASES[name]
    found = {(f.rule_id, int(f.source.locator.split(":")[0][1:])) for f in audit_text(HEAD + text, AUDITOR).findings
             if f.rule_id in RULES}
    assert found == expected


# ---- reports in other provinces' phrasing (tests/data/audit/varied_phrasing*.txt) --------------
DATA = Path(__file__).parent / "data" / "audit"
MUTATIONS = {
    # name: (file, text replaced, replacement, findings expected as (rule_id, line))
    "1 as published": ("varied_phrasing.txt", "", "", set()),
    "1 总计 of the income panel": ("varied_phrasing.txt", "总计\t7\t1,234.56\t总计", "总计\t7\t1,244.56\t总计",
                                 {("AUDIT-TABLE-TOTAL", 20)}),
    "1 本年支出合计 of the spending panel": ("varied_phrasing.txt", "本年支出合计\t35\t1,000.00", "本年支出合计\t35\t1,010.00",
                                        {("AUDIT-TABLE-TOTAL", 17), ("AUDIT-TABLE-TOTAL", 20)}),
    "1 a share of a named whole": ("varied_phrasing.txt", "占政府采购支出总额的60%", "占政府采购支出总额的70%",
                                   {("AUDIT-SHARE", 8)}),
    "1 a part's 完成年初预算的x%": ("varied_phrasing.txt", "完成年初预算的92.5%", "完成年初预算的82.5%",
                                 {("AUDIT-BUDGET-PARTS", 5), ("AUDIT-RATE", 5)}),
    "1 个百分点": ("varied_phrasing.txt", "下降5.0个百分点", "下降4.0个百分点", {("AUDIT-POINTS", 10)}),
    "1 a part of 本年收入合计": ("varied_phrasing.txt", "其他收入100.00万元，占10.0%", "其他收入110.00万元，占10.0%",
                             {("AUDIT-SUM", 3), ("AUDIT-SHARE", 3)}),
    "2 as published": ("varied_phrasing_2.txt", "", "", set()),
    "2 a row of the 三公 table": ("varied_phrasing_2.txt", "公务接待费\t4.00\t3.00", "公务接待费\t4.00\t4.00",
                              {("AUDIT-TABLE-TOTAL", 14)}),
    "2 完成预算的x% of a 三公 item": ("varied_phrasing_2.txt", "完成预算的83.33%", "完成预算的73.33%",
                                  {("AUDIT-BUDGET-PARTS", 5), ("AUDIT-RATE", 5)}),
    "2 a 三公 item's 决算": ("varied_phrasing_2.txt", "支出决算为3.00万元", "支出决算为2.00万元",
                        {("AUDIT-SUM", 5), ("AUDIT-RATE", 5)}),   # parts no longer add up: no K13
    "2 收入总计 from its parts": ("varied_phrasing_2.txt", "年初结转和结余256.78万元", "年初结转和结余266.78万元",
                              {("AUDIT-SUM", 2)}),
    "2 控制率": ("varied_phrasing_2.txt", "公用经费控制率为80.00%", "公用经费控制率为85.00%", {("AUDIT-RATE", 10)}),
    "2 个百分点 after 较2021年度的": ("varied_phrasing_2.txt", "提高1.38个百分点", "提高2.38个百分点", {("AUDIT-POINTS", 11)}),
    "2 a change rate": ("varied_phrasing_2.txt", "增长9.1%", "增长8.1%", {("AUDIT-CHANGE-RATE", 8)}),
    "2 shares of 本年支出合计": ("varied_phrasing_2.txt", "占64.52%", "占65.52%", {("AUDIT-SHARE", 3)}),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_varied_phrasing(name):
    path, old, new, expected = MUTATIONS[name]
    text = (DATA / path).read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new) if old else text
    found = {(f.rule_id, int(f.source.locator.split(":")[0][1:])) for f in audit_text(text, AUDITOR).findings}
    assert found == expected


def test_a_rate_of_last_year_is_not_linked_to_this_years():
    text = HEAD + "2022年预算执行率为95.20%。\n2021年预算执行率为90.10%。\n预算执行率95.2%，完成较好。"
    assert [f.rule_id for f in audit_text(text, AUDITOR).findings] == []
    wrong = HEAD + "2022年预算执行率为95.20%。\n2021年预算执行率为90.10%。\n预算执行率96.2%，完成较好。"
    assert [(f.rule_id, f.source.locator.split(":")[0]) for f in audit_text(wrong, AUDITOR).findings] == [("AUDIT-XSEC", "L4")]
