"""Phrasings met in the second field round on unseen narrative text (决算说明, 预算执行, 政府采购,
三公 explanations), each in sentences written for these tests (never copied from real reports):
readings that gave false findings before, and readings added where the reading is certain."""
from __future__ import annotations

from jixiao.audit.engine import Auditor, audit_text
from jixiao.ingest.published import make_lines

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


# -- false findings before ------------------------------------------------------------------------


def test_a_fund_named_in_a_garbled_form_is_no_budget_figure():
    # a mirror site writes 一般 as 一样平常: 收入 and 支出 of that fund are actuals, neither is the budget
    # a 完成预算% is taken against (支出 ÷ 收入 gives nothing here)
    text = ("今年,全省一样平常公共预算收入9000.5亿元,为预算的100%,比上年增长3.8%。"
            "全省一样平常公共预算支出13000.25亿元,完成预算的98.9%,增长13.1%。")
    assert not found(text)


def test_an_average_per_car_is_not_a_part_of_the_car_costs():
    text = ("去年三公经费决算数为800.00万元,其中公务用车购置及运行费达500.00万元,平均每辆车的运行维护费用为4.00万元。"
            "一是车辆购置支出100.00万元。二是车辆运行维护支出,全年车辆运行费400.00万元。")
    assert not found(text)
    # the parts read are the purchase and the running costs: a wrong whole is still seen
    assert ("AUDIT-SUM", "warning", "600.00万元") in found(text.replace("达500.00万元", "达600.00万元"))


def test_numbered_items_restating_the_lines_amounts_have_no_whole_on_that_line():
    text = ("本单位三公经费支出决算中,因公出国(境)费支出决算0万元,占0%;公务接待费支出决算6.00万元,占75%;"
            "公务用车购置及运行维护费支出决算2.00万元,占25%。具体情况如下:\n"
            "1.因公出国(境)费支出0万元,与预算相比无增减。\n"
            "2.公务接待费支出6.00万元,与预算相比减少1.00万元。\n"
            "3.公务用车购置及运行维护费支出2.00万元,与预算相比无变化。")
    assert not {f for f in found(text) if f[0] == "AUDIT-SUM"}


def test_numbered_items_above_a_whole_they_repeat_once_are_still_an_error():
    # one item repeats the whole (运行费 = the group's total): that is the report's slip, not a restatement
    text = ("(二)公务用车购置及运行费50.00万元。其中:\n"
            "1、公务用车购置费8.00万元,主要用于更新车辆。\n"
            "2、公务用车运行费50.00万元,主要用于燃油、维修。")
    assert ("AUDIT-SUM", "error", "50.00万元") in found(text)


# -- readings added -------------------------------------------------------------------------------


def test_a_share_of_a_whole_stated_under_a_longer_name_in_the_same_sentence():
    text = ("某局2022年度政府采购支出总额500.00万元,其中授予中小企业合同金额400.00万元,占政府采购支出总额的70.0%,"
            "其中授予小微企业合同金额100.00万元,占政府采购支出总额的20.0%。")
    assert ("AUDIT-SHARE", "error", "70.0%") in found(text)   # 400 / 500 = 80%
    assert not found(text.replace("70.0%", "80.0%"))


def test_two_spans_of_months_are_two_figures():
    text = ("1-12月累计,全国公共财政支出9000亿元,比上年增长10.0%。\n"
            "注:1-11月累计,全国公共财政支出7500亿元,而1-12月累计支出9000亿元,可知12月单月支出1500亿元。")
    assert not found(text)


def test_a_change_named_by_its_comparison_alone_is_no_quantity():
    text = ("企业所得税完成5.00亿元,较上年同期增收2.00亿元,增长66.67%。\n"
            "个人所得税完成1.30亿元,较上年同期增收0.30亿元,增长30.00%。")
    assert not found(text)


def test_the_basic_spending_of_one_functional_line_is_that_lines():
    text = ("2023年本年一般公共预算拨款支出500.00万元,其中:基本支出500.00万元,项目支出0万元。\n"
            "初中教育支出200.00万元,其中:基本支出200.00万元,项目支出0万元。主要用于初中教职工工资。\n"
            "高中教育支出300.00万元,其中:基本支出300.00万元,项目支出0万元。主要用于高中教职工工资。")
    assert not found(text)


def test_a_sentence_wrapped_at_the_margin_is_read_whole():
    # a PDF wraps a sentence after a comma and inside a word: the change and the share span two lines
    text = ("(二)社会保障和就业支出类科目 120000.00 元,占支\n"
            "出总预算 10.00 %,同比增加 20000.00 元,增长 20.00%。\n"
            "1. 基本支出预算 900000.00 元,占一般公共预算支出\n"
            "的90.00%,同比减少 100000.00 元,下降 10.00 %。\n"
            "2. 项目支出 100000.00 元,占一般公共预算支出的 10.00%,\n"
            "同比增加 10000.00 元 ,增长 11.11 %。")
    assert not found(text)
    # 20000 / 100000 = 20%, not 20000 / 120000
    assert ("AUDIT-CHANGE-RATE", "error", "16.67%") in found(text.replace("增长 20.00%", "增长 16.67%"))
    # 基本 90% and 项目 15% of one unstated whole: their sum is the whole
    assert ("AUDIT-SHARE", "error", "15.00%") in found(text.replace("支出的 10.00%", "支出的 15.00%"))


def _lines(text: str) -> list[str]:
    return [line.text for line in make_lines([(t, str(k)) for k, t in enumerate(text.splitlines())])]


def test_a_wrapped_line_never_swallows_the_next_item_heading_or_table_cell():
    item = ("本单位2023年一般公共预算支出合计100.00万元,较上年增加\n"
            "(一)基本支出80.00万元,占80.00%;\n"
            "2.项目支出20.00万元,占20.00%。")
    assert len(_lines(item)) == 3
    cell = "资金支付严格按程序审批,符合预算申报的用途\n财务监控有效性(2分)\n执行严格"
    assert len(_lines(cell)) == 3
    # an item's number (2、, 一、) is no sentence going on: a heading keeps its line, and so does a table's unit
    heading = "2、财政衔接推进乡村振兴资金项目绩效目标设定情况\n该项目共编制12个绩效目标指标,其中一级指标3个"
    assert len(_lines(heading)) == 2
    table = "一、2020年一般公共预算“三公”经费支出预算表\n单位:万元"
    assert len(_lines(table)) == 2
    wrapped = "1. 基本支出预算 900.00 元,占一般公共预算支出\n的90.00%,同比减少 100.00 元。"
    joined = _lines(wrapped)
    assert len(joined) == 1 and "占一般公共预算支出的90.00%" in joined[0]


def test_the_same_name_under_two_wholes_named_by_their_shares_is_two_figures():
    text = ("1.基本支出预算900.00元,占一般公共预算支出的90.00%。其中:\n"
            "商品和服务支出预算150.00元,占基本支出预算16.67%。\n"
            "2.项目支出100.00元,占一般公共预算支出的10.00%。其中:\n"
            "商品和服务支出预算100.00元,占项目支出预算100%。")
    assert not found(text)


def test_a_rate_of_the_budget_the_congress_approved():
    text = ("截止9月30日,完成一般公共预算收入30.00亿元,同比增长20.00%,为人大预算数40.00亿元的75.00%,"
            "为全年预算数50.00亿元的60.00%。")
    assert not found(text)
    assert ("AUDIT-RATE", "error", "70.00%") in found(text.replace("的75.00%", "的70.00%"))
    # the second base is no actual of the third rate: 30 / 50, not 40 / 50
    assert ("AUDIT-RATE", "error", "80.00%") in found(text.replace("的60.00%", "的80.00%"))
    target = "完成一般公共预算收入30.00亿元，为市下全年目标40.00亿元的75.00%。"
    assert not found(target)
    assert ("AUDIT-RATE", "error", "70.00%") in found(target.replace("75.00%", "70.00%"))


def test_the_parts_of_the_units_total_spending_are_of_every_fund():
    # 基本支出 of the unit's spending of every fund and 基本支出 of its 一般公共预算财政拨款: two figures
    text = ("二、支出决算情况说明\n"
            "2023年总支出900.00万元,其中财政项目补助支出100.00万元,基本支出800.00万元。\n"
            "三、一般公共预算财政拨款支出决算情况说明\n"
            "2023年度一般公共预算财政拨款支出500.00万元,占本年支出合计的55.56%。\n"
            "1.基本支出400.00万元,占一般公共预算财政拨款总支出的80.00%。\n"
            "2.项目支出100.00万元,占一般公共预算财政拨款总支出的20.00%。")
    assert not found(text)


def test_an_amount_right_after_xiangbi_is_a_change_that_lost_its_word():
    # ``与上年相比A万元，增加R%``: A is the change (its 增加 lost), not last year's level
    text = "本年财政拨款收入120.00万元,占40.00%,与2022年相比20.00万元,增加20.00%。"
    assert not found(text)


def test_savings_against_a_budget_named_in_other_words():
    # 完成采购预算 / 比预算的 / 采购预算执行: the plan; 节约财政资金: the saving; 节支率: its rate
    done = "全年完成采购预算2000.00万元,实际采购金额1800.00万元,节约财政资金200.00万元,平均节支率为10.00%。"
    assert not found(done)
    assert ("AUDIT-RATE", "error", "11.00%") in found(done.replace("10.00%", "11.00%"))
    than = "上半年实施政府采购总金额900.00万元,比预算的1000.00万元节约资金100.00万元,节约率为10.0%。"
    assert not found(than)
    assert ("AUDIT-RATE", "error", "11.0%") in found(than.replace("10.0%", "11.0%"))
    scale = "全市政府采购规模为18.00亿元,较采购计划节约资金2.00亿元,资金节约率达10.00%。"   # 2 / (18 + 2)
    assert not found(scale)
    assert ("AUDIT-RATE", "error", "12.00%") in found(scale.replace("10.00%", "12.00%"))   # nor 2 / 18


def test_a_nameless_change_opening_its_sentence_is_of_the_one_amount_before_as_a_warning():
    text = "本单位2023年度财政拨款收入决算总计120.00万元。与2022年相比增加20.00万元,增加25.00%;原因是项目增加。"
    assert ("AUDIT-CHANGE-RATE", "warning", "25.00%") in found(text)   # 20 / 100 = 20%
    assert not found(text.replace("25.00%", "20.00%"))
    # two amounts before: which one changed is not told
    two = "本单位财政拨款收入120.00万元,支出110.00万元。与2022年相比增加20.00万元,增加25.00%。"
    assert not found(two)


# -- the template sentences of a 部门决算说明 (read by a probe planting one wrong figure at a time) ----


def test_both_totals_stated_once_and_their_one_change():
    text = "2023年度收、支总计均为500.00万元。与2022年相比，收、支总计各增加100.00万元，增长25.00%。"
    assert not found(text)
    assert ("AUDIT-CHANGE-RATE", "error", "20.00%") in found(text.replace("25.00%", "20.00%"))   # 100 / 400


def test_a_list_whose_items_name_what_they_hold_without_amounts_is_one_level():
    text = ("2023年一般公共预算财政拨款基本支出400.00万元，其中：人员经费350.00万元，主要包括：基本工资、津贴补贴、奖金；"
            "公用经费50.00万元，主要包括：办公费、印刷费、邮电费。")
    assert not found(text)
    assert ("AUDIT-SUM", "error", "410.00万元") in found(text.replace("400.00万元", "410.00万元"))
    nested = ("基本支出400.00万元，其中：人员经费350.00万元，主要包括：基本工资300.00万元、津贴补贴50.00万元；"
              "公用经费60.00万元。")
    assert not {f for f in found(nested) if f[0] == "AUDIT-SUM" and f[1] == "error"}   # two levels: not summed


def test_a_share_of_the_total_named_in_short():
    text = ("2023年本年支出合计500.00万元，其中：基本支出400.00万元，占80.00%；项目支出100.00万元，占20.00%。\n"
            "2023年一般公共预算财政拨款支出450.00万元，占本年支出合计的90.00%。")
    assert not found(text)
    assert ("AUDIT-SHARE", "error", "95.00%") in found(text.replace("90.00%", "95.00%"))


def test_a_numbered_items_change_in_the_next_sentence_by_its_name():
    text = "2.公务用车购置及运行维护费支出5.50万元，完成预算的91.67%。公务用车购置及运行维护费较上年减少0.50万元，下降9.33%。"
    assert ("AUDIT-CHANGE-RATE", "warning", "9.33%") in found(text)   # 0.5 / 6 = 8.33%


def test_shares_of_all_the_parts_of_a_known_whole_need_not_add_up_to_be_checked():
    text = ("2023年“三公”经费财政拨款支出决算中，因公出国（境）费支出决算0万元，占0%；公务用车购置及运行维护费支出决算"
            "5.50万元，占64.71%；公务接待费支出决算3.00万元，占35.29%。")
    assert not found(text)
    assert ("AUDIT-SHARE", "error", "74.71%") in found(text.replace("64.71%", "74.71%"))


def test_a_running_total_after_jiashang():
    text = ("全县一般公共预算本级收入200000万元，增长4.00%，加上：上年结转5000万元、上级补助收入300000万元"
            "（其中：一般性转移支付200000万元）、调入资金45000万元，收入总计550000万元。")
    assert not found(text)
    assert ("AUDIT-SUM", "error", "560000万元") in found(text.replace("收入总计550000万元", "收入总计560000万元"))
    # 减 among the items: the signs are not read
    minus = text.replace("、调入资金45000万元", "，减去调出资金45000万元")
    assert not found(minus.replace("收入总计550000万元", "收入总计560000万元"))


def test_a_running_total_opening_its_sentence_adds_to_the_one_amount_before_as_a_warning():
    text = "全区一般公共预算收入完成150.0亿元，完成年度预算的100.2%，同比增长7.2%。加上转移性收入50.0亿元，收入合计200.0亿元。"
    assert not found(text)
    assert ("AUDIT-SUM", "warning", "210.0亿元") in found(text.replace("收入合计200.0亿元", "收入合计210.0亿元"))


def test_a_running_total_skips_the_qizhong_sentence_before_it():
    text = ("全区政府性基金预算收入完成130.0亿元，同比增长8.3%。其中：国有土地使用权出让收入完成125.0亿元，同比增长8.2%。"
            "加上转移性收入34.0亿元，收入合计164.0亿元。")
    assert not found(text)


def test_each_item_of_a_listed_change_with_its_level_stated_in_the_paragraph_before():
    text = ("2022年度“三公”经费财政拨款支出预算为20.00万元，支出决算为16.00万元，其中：公务用车购置及运行维护费支出决算为"
            "10.00万元；公务接待费支出决算为6.00万元。\n"
            "2022年度“三公”经费财政拨款支出决算数比2021年度减少4.00万元，下降20.00%，其中：公务用车购置及运行维护费支出决算"
            "减少2.00万元，下降16.67%；公务接待费支出决算减少2.00万元，下降25.00%。")
    assert not found(text)
    assert ("AUDIT-CHANGE-RATE", "warning", "18.67%") in found(text.replace("16.67%", "18.67%"))   # 2 / 12
    # the lines before state another year's figures: not this year's level
    other = ("2021年度“三公”经费合计支出20.00万元，其中：公务接待12.00万元，公务用车运行费用8.00万元。\n"
             "2022年度“三公”经费预算较2021年度增加1.00万元。公务用车运行费用较上年同期增加2.00万元，增长35.00%。")
    assert not found(other)


def test_two_comparisons_against_last_year_are_one_change():
    text = "截至3月31日，全区完成财政收入3000万元，占年初预算的27.7%，较上年同期增收500万元，同比增长20.0%。"
    assert not found(text)
    assert ("AUDIT-CHANGE-RATE", "error", "25.0%") in found(text.replace("20.0%", "25.0%"))   # 500 / 2500
    # against last year and against the budget: two comparisons, not one
    two = "公务接待费30.00万元，较上年减少10.00万元，较预算数减少20.00万元，下降40%。"
    assert not found(two)


def test_a_rate_named_only_by_its_kind_after_its_operands():
    text = "3.“三公”经费控制率：“三公”经费预算数为20.00万元，实际支出18.00万元，控制率为90.00%。"
    assert not found(text)
    assert ("AUDIT-RATE", "error", "95.00%") in found(text.replace("90.00%", "95.00%"))


def test_a_projects_rate_is_not_the_units_rate_restated():
    text = ("2023年部门整体支出全年预算数为650.00万元，全年执行数为630.50万元，预算执行率为97.00%。\n"
            "“乡村道路维护”项目实际到位资金95.00万元，实际支出90.00万元，预算执行率94.74%。")
    assert not found(text)


def test_a_certain_reading_outranks_an_inferred_one_of_the_same_figure():
    # the change is read both against the sentence before (inferred) and as 收、支总计各A…各增加C (explicit)
    text = "2022年度收、支总计各3000.00万元。与2021年相比，收、支总计各增加300.00万元，增长12.00%。"
    assert ("AUDIT-CHANGE-RATE", "error", "12.00%") in found(text)   # 300 / 2700 = 11.11%


def test_a_list_opened_by_zhuyao_yongyu_with_a_colon():
    text = ("2024年一般公共预算拨款支出1100.00万元，主要用于：一般公共服务支出700.00万元，占63.64%；"
            "社会保障和就业支出150.00万元，占13.64%；卫生健康支出100.00万元，占9.09%；住房保障支出150.00万元，占13.64%。")
    assert not found(text)
    assert ("AUDIT-SHARE", "error", "71.00%") in found(text.replace("63.64%", "71.00%"))   # 700 / 1100
    prose = "基本支出900.00万元，主要用于保障人员工资和机构运转，占75.00%。"
    assert not found(prose)


def test_tax_and_non_tax_revenue_are_all_of_the_general_budget_revenue():
    text = "1至7月份，全市地方一般预算收入1300.0亿元，比去年同期增长18%。其中：地方税收收入786.0亿元，增长15.5%；非税收入446.5亿元，增长22.8%。"
    assert ("AUDIT-SUM", "error", "1300.0亿元") in found(text)   # 786 + 446.5 = 1232.5: nothing else is left out
    assert not found(text.replace("1300.0亿元", "1232.5亿元"))


def test_a_share_of_a_wider_whole_is_not_taken_against_a_part_of_it():
    # 财政拨款支出 (every fund) is wider than the 一般公共预算财政拨款支出 the text states
    text = ("2023年一般公共预算财政拨款支出400.00万元，占本年支出合计的80.00%。\n"
            "2023年本年支出合计500.00万元。一般公共服务支出300.00万元，占财政拨款支出的60.00%。")
    assert not found(text)


def test_a_running_total_after_a_list_of_two_parts_is_not_read():
    text = ("全县一般公共预算收入52000万元，其中：税收收入32000万元，非税收入20000万元，加上级补助收入180000万元、"
            "上年结转8000万元，收入总计240000万元。")
    assert not {f for f in found(text) if f[0] == "AUDIT-SUM" and f[2] == "240000万元"}


def test_shares_far_from_100_in_all_are_shares_of_a_wider_whole():
    text = ("因公出国（境）费支出0万元，占0%；公务用车购置及运行维护费支出5.50万元，占0.55%；"
            "公务接待费支出3.00万元，占0.30%。")
    assert not found(text)


def test_both_totals_in_yuan():
    text = "2022年度收、支总计均为3120450.00元。与2021年相比，收、支总计各增加210300.00元，增长8.23%。"
    assert ("AUDIT-CHANGE-RATE", "error", "8.23%") in found(text)   # 210300 / 2910150 = 7.23%
    assert not found(text.replace("8.23%", "7.23%"))


def test_a_sentence_of_amounts_ending_in_their_total_as_a_warning():
    text = "政府性基金支出83000万元，调出资金18000万元，债务还本支出300万元，支出合计101300万元。"
    assert not found(text)
    assert ("AUDIT-SUM", "warning", "111300万元") in found(text.replace("支出合计101300万元", "支出合计111300万元"))
    # a rate or a list word among them: not a plain list
    rated = "政府性基金支出83000万元，增长5%，调出资金18000万元，支出合计111300万元。"
    assert not found(rated)


def test_the_fund_total_beside_its_twin_is_of_that_fund():
    text = ("2023年度收入总计1050.00万元，支出总计1050.00万元。\n"
            "2023年度财政拨款收入总计900.00万元，支出总计900.00万元。")
    assert not found(text)


def test_each_totals_change_against_the_total_of_its_own_name():
    text = ("2023年度收入总计1050.00万元，支出总计1050.00万元。与2022年相比，收入总计增加50.00万元，增长5.00%；"
            "支出总计增加50.00万元，增长5.00%。")
    assert not found(text)
    assert ("AUDIT-CHANGE-RATE", "warning", "6.00%") in found(text[:-6] + "6.00%。")


def test_a_rate_of_funds_arrived_against_the_total_investment():
    text = "该项目总投资500.00万元，其中：中央资金300.00万元，省级资金200.00万元。截至年底，实际到位资金480.00万元，资金到位率86.00%。"
    assert ("AUDIT-RATE", "warning", "86.00%") in found(text)   # 480 / 500 = 96%
    assert not found(text.replace("86.00%", "96.00%"))


def test_the_parts_listed_on_the_line_after_qizhong_are_of_that_lines_amount():
    text = ("2021年一般公共预算拨款支出1500.00元,其中:基本支出1400.00元,项目支出100.00元。\n"
            "机关事业单位基本养老保险缴费支出150.00元,其中:\n"
            "基本支出150.00元,项目支出0元。主要用于机关事业单位人员基本养老保险缴费支出。")
    assert not found(text)
    # a wrapped line ending inside a sentence after 其中: is joined to the rest of it
    lines = [("2021年一般公共预算拨款支出1500.00元,其中:基", "1"), ("本支出1400.00元,项目支出100.00元。", "2")]
    assert [line.text for line in make_lines(lines)] == ["2021年一般公共预算拨款支出1500.00元,其中:基本支出1400.00元,项目支出100.00元。"]


def test_a_gap_between_the_budget_and_the_actual():
    text = "公务用车运行维护费支出0万元，年初预算为0.95万元，差值为0.95万元；公务接待费支出2.05万元，年初预算为2万元，差值为0.05万元。"
    assert not found(text)
    wrong = text.replace("年初预算为2万元，差值为0.05万元", "年初预算为2.00万元，差值为0.50万元")
    assert ("AUDIT-DIFFERENCE", "error", "0.50万元") in found(wrong)
    assert ("AUDIT-DIFFERENCE", "warning", "0.5万元") in found(text.replace("差值为0.05万元", "差值为0.5万元"))   # 2 may be 1.5–2.5


def test_the_last_total_of_a_sentence_of_amounts():
    text = "2023年度本年收入合计3000.00万元，使用非财政拨款结余0万元，年初结转和结余50.00万元，收入总计3050.00万元。"
    assert not found(text)
    assert ("AUDIT-SUM", "warning", "3060.00万元") in found(text.replace("收入总计3050.00万元", "收入总计3060.00万元"))


def test_a_rate_named_by_no_word_of_its_own_is_called_a_rate_in_the_message():
    # (the words between the figure before and the rate are a bare 的: no name to print)
    text = "截至6月30日，全镇完成财政收入600万元，为年初预算2000万元的35.0%。"
    rates = [f for f in audit_text(text, AUDITOR).findings if f.rule_id == "AUDIT-RATE"]
    assert rates and rates[0].claimed == "35.0%"
    assert rates[0].message.startswith("“比率”为35.0%"), rates[0].message
