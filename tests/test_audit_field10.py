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
