"""Readings a field round on budget statements (部门预算说明, 三公经费预算), budget-execution and 决算
reports, Traditional-script mirrors and odd number formats showed were wrong or missing, each tested in
sentences written for these tests (invented names and figures, never copied from real reports)."""
from __future__ import annotations

from test_audit_field3 import found, result


# -- a 包括 inside parentheses ends its list with them -----------------------------------------------

PROVINCE = ("2023年全省一般公共预算总支出安排900亿元，收支平衡。其中，省本级支出300亿元，占总支出的33.3%；"
            "对市县税收返还和转移支付500亿元，占总支出的55.6%（包括一般性转移支付400亿元，占转移支付比重达{share}；"
            "专项转移支付50亿元）；上解中央支出60亿元，占总支出的6.7%；债务还本支出40亿元，占总支出的4.4%。")


def test_the_amounts_after_a_parenthesis_are_no_parts_of_the_amount_before_it():
    # 上解中央支出 and 债务还本支出 were read as parts of the 500 (a 包括 in parentheses ran on to the
    # sentence's end), and their shares of 总支出 checked against 500: two false errors
    assert not found(PROVINCE.format(share="88.9%"))


def test_a_share_of_one_of_the_two_things_a_whole_joins_is_not_a_share_of_the_whole():
    # 占转移支付比重: 转移支付 is one of 税收返还和转移支付, not all of it (400 ÷ 450, not 400 ÷ 500)
    assert not found(PROVINCE.format(share="80%"))
    assert not found(PROVINCE.format(share="60%"))


def test_shares_inside_the_parenthesis_are_still_checked_against_its_whole():
    text = "对区县补助500亿元（包括一般性补助400亿元，占{a}；专项补助100亿元，占{b}），上解支出60亿元，占总支出的6.7%。"
    assert not found(text.format(a="80%", b="20%"))
    assert found(text.format(a="70%", b="30%")) == {("AUDIT-SHARE", "error", "70%"), ("AUDIT-SHARE", "error", "30%")}


def test_a_part_inside_a_parenthesis_takes_no_share_stated_after_it():
    # 专项补助's sentence runs on past the parenthesis: the 6.7% there is 上解支出's
    text = "对区县补助500亿元（包括一般性补助400亿元，占80%；专项补助100亿元），上解支出60亿元，占总支出的6.7%。"
    assert not found(text)


def test_the_finding_names_the_part_without_the_parenthesis_and_keyword():
    text = "对区县补助500亿元（包括一般性补助400亿元，占70%；专项补助100亿元，占20%）。"
    messages = [f.message for f in result(text).findings]
    assert any("“一般性补助”占比70%" in m for m in messages), messages


# -- the budget a completion rate is of, and a shortfall, name no quantity of their own ---------------

EXECUTION = ("1-6月，全县财政总收入完成2100万元，占年预算9600万元的{rate}，短收1900万元，比上年同期下降12.5%。\n"
             "1-6月，一般公共预算收入完成1200万元，占年预算3000万元的40%，短收20万元，比上年同期增长3.2%。")


def test_two_budgets_named_alike_of_two_subjects_are_not_one_figure_restated():
    # 占年预算 9600 (财政总收入's) and 3000 (一般公共预算收入's), 短收 1900 and 20: false warnings before
    assert not found(EXECUTION.format(rate="21.88%"))


def test_a_rate_of_the_year_budget_is_read_as_a_completion_rate():
    # 年预算 is the year's budget (年度预算): 2100 ÷ 9600 = 21.875%
    assert found(EXECUTION.format(rate="25.88%")) == {("AUDIT-RATE", "error", "25.88%")}


def test_a_rate_of_the_year_budget_that_states_no_budget_is_counted_not_guessed():
    r = result("1-6月，全县一般公共预算收入累计完成3400万元，为年预算的32.3%，同比下降10.2%。")
    assert not r.findings and r.unclear >= 1


# -- a budget's parts each called 决算 are not the outturn restated ------------------------------------

SANGONG = ("一、2022年年初预算\n"
           "2022年度“三公”经费预算60万元，其中：因公出国（境）费支出决算0万元；公务用车购置及运行费支出决算20万元；"
           "公务接待费支出决算40万元。\n"
           "二、2022年决算及变动\n"
           "2022年度“三公”经费决算支出50万元，其中：因公出国（境）费支出决算5万元；公务用车购置及运行费支出决算15万元；"
           "公务接待费支出决算{reception}万元。")


def test_the_parts_of_a_budget_called_outturns_are_not_compared_with_the_outturn():
    # the text calls the budget's parts 支出决算 (20 and 40), and the outturn's too (15 and 30): what the
    # budget's parts measure is not told, so they are not the outturn stated twice
    assert not found(SANGONG.format(reception="30"))


def test_an_outturn_restated_with_another_figure_is_still_found():
    text = ("一、2022年决算\n"
            "2022年度“三公”经费决算支出50万元，其中：因公出国（境）费支出决算5万元；公务用车购置及运行费支出决算15万元；"
            "公务接待费支出决算30万元。\n"
            "二、具体情况\n"
            "公务接待费支出决算35万元，主要用于上级检查接待。")
    assert ("AUDIT-XSEC", "warning", "35万元") in found(text)


# -- 收支相抵 with the balance named after whose it is, in a Taiwan budget's words ----------------------

def test_a_balance_named_after_whose_it_is_is_the_income_less_the_spending():
    text = "2023年各级政府岁入净额2兆5100亿元，岁出净额2兆4800亿元，收支相抵后，各级政府岁入岁出剩余{rest}亿元。"
    assert not found(text.format(rest="300"))
    # (read from the items of the sentence, not from totals named 合计: an inference, a warning)
    assert found(text.format(rest="400")) == {("AUDIT-DIFFERENCE", "warning", "400亿元")}


def test_a_funds_net_profit_after_its_income_and_spending_is_their_difference():
    text = "甲基金营业总收入1兆2,300亿元，营业总支出1兆1,100亿元，收支相抵，净利{profit}亿元。"
    assert not found(text.format(profit="1,200"))
    assert found(text.format(profit="1,300")) == {("AUDIT-DIFFERENCE", "warning", "1300亿元")}


def test_a_traditional_text_keeps_its_surplus_word_and_is_read_alike():
    text = "2023年各級政府歲入淨額2兆5100億元，歲出淨額2兆4800億元，收支相抵後，各級政府歲入歲出賸餘{rest}億元。"
    assert not found(text.format(rest="300"))
    assert found(text.format(rest="350")) == {("AUDIT-DIFFERENCE", "warning", "350亿元")}


def test_words_of_another_kind_between_the_balance_and_its_amount_are_not_read():
    # 用于 … is what the balance is spent on, not the balance: no relation
    r = result("全区收入100亿元，支出80亿元，收支相抵后结余资金全部用于偿还债务本金30亿元。")
    assert not r.findings


# -- a level and its change before 其中：, and the parts as paragraphs each with its own level and change --

PARAGRAPHS = ("2024年，本县一般公共预算安排的“三公”经费支出共计{total}万元，比2023年预算数减少{change}万元，下降6.98%。其中：\n"
              "公务接待费600万元，比上年年初预算减少300万元。主要原因是减少不必要的公务接待。\n"
              "因公出国（境）经费100万元，比上年年初预算增加20万元。主要原因是出访任务增加。\n"
              "公务用车购置费800万元，比上年年初预算增加100万元，主要原因是更新车辆。\n"
              "公务用车运行维护费2500万元，比上年年初预算减少{last}万元。")


def test_paragraph_parts_with_their_changes_are_read_when_they_name_every_part_of_the_whole():
    assert not found(PARAGRAPHS.format(total="4000", change="300", last="120"))


def test_paragraph_levels_that_do_not_add_up_to_the_whole_are_an_error():
    assert found(PARAGRAPHS.format(total="4100", change="300", last="120")) >= {("AUDIT-SUM", "error", "4100万元")}


def test_paragraph_changes_that_do_not_add_up_to_the_wholes_change_are_an_error():
    assert ("AUDIT-CHANGE-SUM", "error", "300万元") in found(PARAGRAPHS.format(total="4000", change="300", last="160"))


def test_paragraphs_that_leave_a_part_out_are_not_read():
    # (公务用车运行维护费 left out: 600 + 100 + 800 is no sum of the 4000)
    text = PARAGRAPHS.format(total="4000", change="300", last="120").rsplit("\n", 1)[0]
    assert not found(text)


def test_a_paragraph_with_two_amounts_after_its_level_is_not_read():
    # which of 20 and 5 is the change of the part is not told: no relation of the paragraphs
    # (the changes as read would add up to 300, not 340: a false error if they were read)
    text = PARAGRAPHS.format(total="4000", change="340", last="120").replace(
        "增加20万元。", "增加20万元，其中5万元用于培训。").replace("下降6.98%", "下降7.83%")
    assert not found(text)


# -- parentheses after an amount listing, with no keyword, every part of the whole it names ------------

CARS = ("2022年本部门安排“三公”经费302.4万元，比上年减少4.6万元，下降1.50%。其中：因公出国（境）费0万元；"
        "公务用车购置及运行费300.00万元（公务用车购置费80.00万元，比上年增加0万元；公务用车运行维护费{run}万元，"
        "比上年增加0万元。）比上年增加0万元；公务接待费2.4万元，比上年减少4.6万元，下降65.71%。")


def test_the_parts_in_parentheses_after_a_known_whole_add_up_to_it():
    assert not found(CARS.format(run="220.00"))
    assert found(CARS.format(run="210.00")) == {("AUDIT-SUM", "error", "300.00万元")}


def test_parentheses_naming_only_some_parts_of_the_whole_are_not_read():
    # (only the purchase named: the running costs may be anything)
    assert not found("公务用车购置及运行费300.00万元（公务用车购置费80.00万元，主要用于更新执法车辆10.00万元）。")


def test_parentheses_opening_with_a_keyword_are_left_to_the_list_they_open():
    text = "公务用车购置及运行费300.00万元（其中：公务用车购置费80.00万元，公务用车运行维护费{run}万元）。"
    assert not found(text.format(run="220.00"))
    assert found(text.format(run="210.00")) == {("AUDIT-SUM", "error", "300.00万元")}


# -- a label holding a parenthesised percentage (``增值税收入(50%部分)``) starts before the parenthesis ------

TAXES = ("主要收入项目执行情况如下：\n"
         "1、甲税收入(50%部分){a}万元，完成预期的94.7%，增长6.2%；\n"
         "2、乙税收入(40%部分){b}万元，完成预期的94.6%，下降5.2%；")


def test_two_taxes_whose_labels_share_the_words_after_a_percentage_are_two_quantities():
    # both labels were read as ``部分)``: the two taxes taken for one figure stated twice (a false warning)
    assert not found(TAXES.format(a="67289", b="44193"))


def test_the_label_after_a_parenthesised_percentage_names_the_tax():
    r = result("1、甲税收入(50%部分)67289万元，完成预期的94.7%。\n3、某项说明：甲税收入(50%部分)67389万元。")
    assert {(f.rule_id, f.claimed) for f in r.findings} == {("AUDIT-XSEC", "67389万元")}


# -- 完成…计划A的x%, 收入预期为A…完成预期的x%: a plan and an expected revenue are the budget of a rate ----------

def test_a_rate_of_a_stated_plan_is_a_completion_rate():
    text = "本级一般公共预算收入54046万元，可比增长4.8%，完成年度收入计划53500万元的{rate}，超收546万元。"
    assert not found(text.format(rate="101.0%"))
    assert found(text.format(rate="103.0%")) == {("AUDIT-RATE", "error", "103.0%")}


def test_a_rate_of_the_expected_revenue_stated_before_it_is_a_completion_rate():
    text = ("区人代会审议通过2021年全区一般公共预算收入预期为202030万元，全区一般公共预算收入决算为201381万元，"
            "完成预期的{rate}，增长7.6%。")
    assert not found(text.format(rate="99.7%"))
    assert found(text.format(rate="98.7%")) == {("AUDIT-RATE", "error", "98.7%")}


# -- a growth printed negative (增长率为-10%) is a fall ---------------------------------------------------

def test_a_growth_printed_negative_beside_a_fall_is_no_wrong_direction():
    assert not found("2023年本部门支出90万元，比上年减少10万元，增长率为-10%。")
    assert not found("2023年本部门支出90万元，比上年100万元，增长-10%。")


def test_a_growth_printed_negative_beside_a_rise_is_a_wrong_direction():
    assert found("2023年本部门支出110万元，比上年增加10万元，增长率为-10%。") == {
        ("AUDIT-CHANGE-DIRECTION", "error", "增长")}
    assert found("2023年本部门支出110万元，比上年100万元，增长-10%。") == {("AUDIT-CHANGE-DIRECTION", "error", "增长")}


def test_a_growth_printed_positive_beside_a_fall_is_still_a_wrong_direction():
    assert found("2023年本部门支出90万元，比上年减少10万元，增长率为10%。") == {("AUDIT-CHANGE-DIRECTION", "error", "增长")}
