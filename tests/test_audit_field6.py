"""Readings the sixth field round (real 决算说明 and 绩效 excerpts, kept outside the repository) showed
were missing, each tested in sentences written for these tests (never copied from real reports)."""
from __future__ import annotations

from test_audit_field3 import found, result


# -- a change naming its subject with a fund word, after the sentence stating that subject's level ---

SCOPED = ("二、“三公”经费预算情况\n"
          "2024年财政拨款“三公”经费预算总额为8.4万元，其中，因公出国（境）费0万元，公务用车购置及运行费5.0万元，"
          "公务接待费3.4万元。\n"
          "2024年“三公”经费预算数比2023年预算数减少0.6万元，减幅{rate}%。")


def test_a_change_of_sangong_named_without_its_fund_word_takes_the_level_above():
    # 8.4 now, 0.6 less: 9.0 before, a fall of 6.67%
    r = result(SCOPED.format(rate="6.67"))
    assert not r.findings and r.relations == 2


def test_a_wrong_rate_of_sangong_named_without_its_fund_word_is_a_warning():
    assert found(SCOPED.format(rate="0.06")) == {("AUDIT-CHANGE-RATE", "warning", "0.06%")}


def test_a_fund_word_does_not_join_names_of_other_quantities():
    # 财政拨款收入 is not 收入: a change of 收入 does not take the 财政拨款收入 of the line above
    text = ("2024年财政拨款收入预算为80万元，其中，基本支出60万元，项目支出20万元。\n"
            "2024年收入预算数比2023年预算数减少5万元，减幅0.1%。")
    assert not found(text)


# -- a change whose subject is the name of the one amount before, written with a region or 总 ------

WHOLE = ("经汇总，2023年度全县“三公”经费总支出为1200.00万元。与上年相比，2023年度的“三公”经费支出"
         "减少了300.00万元，下降了{rate}%。")


def test_a_change_of_the_amount_named_by_a_longer_name_just_before_it_is_read():
    # 1200 now, 300 less: 1500 before, a fall of 20%
    r = result(WHOLE.format(rate="20.0"))
    assert not r.findings and r.relations == 1


def test_a_wrong_rate_of_the_amount_named_by_a_longer_name_just_before_it_is_a_warning():
    assert found(WHOLE.format(rate="25.0")) == {("AUDIT-CHANGE-RATE", "warning", "25.0%")}


def test_a_short_subject_inside_a_longer_name_is_not_enough():
    # 项目 (two characters) is inside 专项项目: too short a name to say the two are one quantity
    text = "本年项目支出为1200.00万元。与上年相比，专项项目支出减少了300.00万元，下降了25.0%。"
    assert not found(text)


# -- amounts listed 分别为A、B和C and their shares a%、b%和c% after them, in the same order -------------

RESPECTIVE = ("本年度本单位政府采购支出总额200.00万元。货物类、工程类和服务类采购金额分别为120.00万元、50.00万元"
              "和30.00万元，占政府采购支出总额的比重分别为{a}%、{b}%和{c}%。")


def test_shares_listed_respectively_that_hold_say_nothing():
    r = result(RESPECTIVE.format(a="60.0", b="25.0", c="15.0"))
    assert not r.findings and r.relations >= 3


def test_a_wrong_share_listed_respectively_is_an_error():
    assert found(RESPECTIVE.format(a="60.0", b="28.0", c="15.0")) == {("AUDIT-SHARE", "error", "28.0%")}


def test_shares_listed_respectively_adding_to_a_hundred_need_no_stated_whole():
    text = ("中央、地方两级单位政府采购规模分别为30.0亿元和270.0亿元，占全部政府采购规模的{a}%和{b}%。")
    assert not found(text.format(a="10.0", b="90.0"))
    assert found(text.format(a="12.0", b="88.0")) == {("AUDIT-SHARE", "error", "12.0%"),
                                                     ("AUDIT-SHARE", "error", "88.0%")}


def test_shares_after_a_run_of_another_count_of_amounts_are_not_paired():
    # three amounts and two shares: which share is whose is not told
    text = ("本年度本单位政府采购支出总额200.00万元。货物类、工程类和服务类采购金额分别为120.00万元、50.00万元"
            "和30.00万元，占政府采购支出总额的比重分别为60.0%和28.0%。")
    assert not found(text)


# -- a procurement budget executed and the actual spending, by kind, and the saving after them --------

EXECUTED = ("截至本年末，本级各单位执行政府采购预算{plan}万元，其中：货物类1200.00万元；工程类3000.00万元；"
            "服务类800.00万元。实际采购支出金额{actual}万元，其中：货物类1150.00万元；工程类2980.00万元；"
            "服务类770.00万元。节约资金{saved}万元，其中：货物类50.00万元，工程类20.00万元，服务类30.00万元。")


def test_a_procurement_executed_and_spent_by_kind_that_holds_says_nothing():
    r = result(EXECUTED.format(plan="5000.00", actual="4900.00", saved="100.00"))
    assert not r.findings and r.relations >= 4


def test_a_procurement_budget_executed_far_above_its_kinds_is_an_error():
    assert ("AUDIT-SUM", "error", "5600.00万元") in found(EXECUTED.format(plan="5600.00", actual="4900.00",
                                                                       saved="100.00"))


def test_an_actual_procurement_spending_far_above_its_kinds_is_an_error():
    assert ("AUDIT-SUM", "error", "5300.00万元") in found(EXECUTED.format(plan="5000.00", actual="5300.00",
                                                                       saved="100.00"))


def test_a_saving_that_is_not_the_plan_less_the_spending_is_a_warning():
    # 5000 − 4900 = 100, but the kinds' savings add up to 100 as well: a saving of 90 fails both
    assert ("AUDIT-DIFFERENCE", "warning", "90.00万元") in found(EXECUTED.format(plan="5000.00", actual="4900.00",
                                                                               saved="90.00"))


# -- a numbered item ``1. 基本支出…`` is the whole its parts' shares name (the number read apart) -----

NUMBERED = ("1. 基本支出预算 800000.00 元，占一般公共预算支出的80.00%，同比减少 1000.00 元，下降 0.12%。其中：\n"
            "工资福利支出预算 600000.00 元，占基本支出预算 {a}%，同比减少 500.00 元，下降 0.08%。\n"
            "商品和服务支出预算 200000.00 元，占基本支出预算 25.00%，同比减少 500.00 元，下降 0.25%。")


def test_shares_of_a_numbered_whole_that_hold_say_nothing():
    r = result(NUMBERED.format(a="75.00"))
    assert not r.findings and r.relations == 5


def test_a_wrong_share_of_a_numbered_whole_is_an_error():
    assert found(NUMBERED.format(a="79.00")) == {("AUDIT-SHARE", "error", "79.00%")}


# -- 上年结转 names an item of this year (the money carried over), not last year's level --------------

CARRIED = ("8.上年结转和结余8.00万元，为以前年度支出预算因客观条件变化未执行完毕、结转到本年度继续使用的资金。"
           "较2023年度决算数增加0.80万元，增长{rate}%，主要原因是按计划执行了预算。")


def test_a_change_after_a_carried_over_amount_that_holds_says_nothing():
    # 8.00 now, 0.80 more: 7.20 before, a rise of 11.1%
    r = result(CARRIED.format(rate="11.1"))
    assert not r.findings and r.relations == 1


def test_a_wrong_change_after_a_carried_over_amount_is_a_warning():
    assert found(CARRIED.format(rate="10.0")) == {("AUDIT-CHANGE-RATE", "warning", "10.0%")}


# -- shares of a whole never stated, one numbered paragraph each: all but one fit the parts' sum ------

CLASSES = ("（一）教育支出类科目 600000.00 元，占支出总预算 60.00%，同比增加 1000.00 元。\n"
           "（二）社会保障和就业支出类科目 250000.00 元，占支出总预算 {b}%，同比增加 500.00 元。\n"
           "（三）卫生健康支出类科目 100000.00 元，占支出总预算 10.00%，同比减少 200.00 元。\n"
           "（四）住房保障支出类科目 50000.00 元，占支出总预算 5.00%，同比无变化。")


def test_shares_of_an_unstated_whole_that_fit_the_parts_sum_say_nothing():
    r = result(CLASSES.format(b="25.00"))
    assert not r.findings and r.relations >= 4


def test_the_one_share_that_does_not_fit_the_parts_sum_is_a_warning():
    assert found(CLASSES.format(b="27.00")) == {("AUDIT-SHARE", "warning", "27.00%")}


def test_shares_of_a_partial_list_of_an_unstated_whole_are_not_checked():
    # the fourth class left out: no share fits the sum of the three, so nothing is said
    partial = CLASSES.format(b="25.00").rsplit("\n", 1)[0]
    assert not found(partial)
    assert not found(partial.replace("25.00%", "27.00%"))


def test_two_shares_that_do_not_fit_are_not_told_apart():
    assert not found(CLASSES.format(b="27.00").replace("10.00%", "12.00%"))


# -- a change of a total after the sentence stating its 决算 by the measure alone (支出决算为B) ---------

BARE = ("本局2023年度一般公共预算财政拨款“三公”经费支出年初预算为30.00万元，支出决算为24.00万元，完成年初预算的80.00%。"
        "其中：公务接待费支出决算为4.00万元。\n"
        "2023年度一般公共预算财政拨款“三公”经费支出决算数比上年减少6.00万元，下降{rate}%。")


def test_a_change_of_a_total_stated_by_its_measure_alone_that_holds_says_nothing():
    # 24 now, 6 less: 30 before, a fall of 20%
    r = result(BARE.format(rate="20.00"))
    assert not r.findings and r.relations == 3


def test_a_wrong_change_of_a_total_stated_by_its_measure_alone_is_a_warning():
    assert found(BARE.format(rate="25.00")) == {("AUDIT-CHANGE-RATE", "warning", "25.00%")}


def test_a_change_of_a_budget_does_not_take_the_total_stated_by_its_measure_alone():
    # of the budget 30 the fall of 6 is 16.67%; of the 决算 24 it would be 20%: the 决算 is not taken
    text = BARE.format(rate="16.67").replace("支出决算数比上年", "支出预算数比上年")
    assert not found(text)
