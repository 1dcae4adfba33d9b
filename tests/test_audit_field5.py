"""Readings the mutation bench (bench/audit_mutants.py, fifth round) showed were missing in real
phrasings, each tested in sentences written for these tests (never copied from real reports)."""
from __future__ import annotations

from test_audit_field3 import found


# -- a part's own parts in parentheses do not make the list two levels deep ---------------------

NESTED = ("本年度本级“三公”经费预算为{total}万元，其中：公务接待费12万元，因公出国（境）费3万元，"
          "公务用车购置及运行维护费40万元（其中：公务用车购置费25万元，公务用车运行维护费15万元）。")


def test_a_list_with_a_parenthesised_sub_list_that_adds_up_says_nothing():
    assert not found(NESTED.format(total="55"))


def test_a_list_with_a_parenthesised_sub_list_is_checked_against_its_whole():
    assert found(NESTED.format(total="59")) == {("AUDIT-SUM", "error", "59万元")}
    assert found(NESTED.format(total="51")) == {("AUDIT-SUM", "error", "51万元")}


def test_a_list_whose_parts_each_hold_a_list_of_amounts_is_still_not_read():
    # two levels written without parentheses: which amount is an item cannot be told
    text = ("本年支出合计90万元，其中：基本支出60万元，其中人员经费50万元、公用经费10万元；"
            "项目支出38万元，其中专项业务费38万元。")
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(text))


# -- ``与上年基本持平`` between a whole and its list says nothing of another subject --------------

LEVEL = ("本年本级“三公”经费支出预算为{total}万元，与上年预算基本持平，其中：因公出国（境）费8万元，"
         "公务接待费30万元，公务用车购置及运行维护费62万元。")


def test_a_list_after_a_flat_comparison_is_read():
    assert not found(LEVEL.format(total="100"))
    assert found(LEVEL.format(total="107")) == {("AUDIT-SUM", "error", "107万元")}


def test_other_words_between_a_whole_and_a_list_still_stop_it():
    text = ("本年收入为107万元，支出包括：因公出国（境）费8万元，公务接待费30万元，公务用车购置及运行维护费62万元。")
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(text))


# -- known complete wholes: a region's revenue by who keeps it, a procurement by its three kinds --

REVENUE = ("截至本年6月底，全县累计完成一般公共预算收入{total}万元，比上年同期增加900万元，增长4.1%。"
           "其中：地方一般公共预算收入14000万元，增长3.2%；上划中央收入7500万元，增长5.6%；上划省级收入1300万元，增长4.0%。")


def test_revenue_handed_up_and_kept_that_adds_up_says_nothing():
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(REVENUE.format(total="22800")))


def test_revenue_handed_up_and_kept_short_of_its_whole_is_an_error():
    # 14000 + 7500 + 1300 = 22800: the three are all of it, so 24400 is wrong for certain
    assert ("AUDIT-SUM", "error", "24400万元") in found(REVENUE.format(total="24400"))


def test_revenue_handed_up_to_a_city_too_is_no_known_whole():
    text = ("全县一般公共预算收入24400万元，其中：地方一般公共预算收入14000万元；上划中央收入7500万元；"
            "上划省级收入1300万元；上划市级收入400万元。")
    assert not any(s == "error" for r, s, _ in found(text) if r == "AUDIT-SUM")


PROCUREMENT = ("本年度本级纳入政府集中采购的预算规模为{total}万元，其中：货物类采购预算金额420.50万元；"
               "工程类采购预算金额1300.00万元；服务类采购预算金额279.50万元。")


def test_a_procurement_by_its_three_kinds_that_adds_up_says_nothing():
    assert not found(PROCUREMENT.format(total="2000.00"))


def test_a_procurement_by_its_three_kinds_short_of_its_whole_is_an_error():
    assert found(PROCUREMENT.format(total="2150.00")) == {("AUDIT-SUM", "error", "2150.00万元")}


# -- savings: a whole's saving before 其中 and each kind's after it; a saving in a sentence of its own

SAVINGS = ("本年度共采购项目40个，采购计划金额共计1000.00万元，实际采购金额共计900.00万元，共节约资金{saved}万元，"
           "节约率为{rate}%，其中货物类采购项目20个，采购计划金额共计600.00万元，实际采购金额共计560.00万元，"
           "共节约资金40.00万元，节约率为{part_rate}%；工程类采购项目20个，采购计划金额共计400.00万元，"
           "实际采购金额共计340.00万元，共节约资金60.00万元，节约率为15%。")


def test_savings_of_a_whole_and_of_its_kinds_in_one_sentence_that_hold_say_nothing():
    assert not found(SAVINGS.format(saved="100.00", rate="10", part_rate="7"))


def test_a_wrong_saving_of_the_whole_before_its_kinds_is_an_error():
    assert found(SAVINGS.format(saved="100.00", rate="12", part_rate="7")) == {("AUDIT-RATE", "error", "12%")}
    assert ("AUDIT-DIFFERENCE", "error", "110.00万元") in found(SAVINGS.format(saved="110.00", rate="11", part_rate="7"))


def test_a_wrong_saving_of_a_kind_after_its_whole_is_an_error():
    assert found(SAVINGS.format(saved="100.00", rate="10", part_rate="9")) == {("AUDIT-RATE", "error", "9%")}


SEPARATE = ("本年，本级纳入政府集中采购的预算规模为2000.00万元，其中：货物类采购预算金额500.00万元；"
            "工程类采购预算金额1000.00万元；服务类采购预算金额500.00万元。实际采购规模为1800.00万元，其中："
            "货物类实际采购规模450.00万元；工程类实际采购规模900.00万元；服务类实际采购规模450.00万元。"
            "节约资金{saved}万元，节约率为{rate}%。")


def test_a_saving_in_its_own_sentence_that_holds_says_nothing():
    assert not found(SEPARATE.format(saved="200.00", rate="10.00"))


def test_a_saving_in_its_own_sentence_is_checked_against_the_sentences_before_as_a_warning():
    assert found(SEPARATE.format(saved="200.00", rate="12.00")) == {("AUDIT-RATE", "warning", "12.00%")}
    assert found(SEPARATE.format(saved="260.00", rate="13.00")) == {("AUDIT-DIFFERENCE", "warning", "260.00万元")}


def test_a_saving_after_two_plans_before_it_is_not_read():
    text = ("采购计划金额为2000.00万元，调整后计划金额为2100.00万元。实际采购规模为1800.00万元。"
            "节约资金260.00万元，节约率为13.00%。")
    assert not found(text)


# -- 收支相抵 with no totals: the income items less the spending items --------------------------

BALANCE = "某基金收入2400万元，上年结余350万元，上级补助收入50万元，某基金支出1900万元。\n上述收支相抵，年终结余{z}万元，全部结转下年使用。"


def test_a_balance_of_listed_items_that_holds_says_nothing():
    assert not found(BALANCE.format(z="900"))


def test_a_balance_of_listed_items_that_fails_is_a_warning():
    assert found(BALANCE.format(z="960")) == {("AUDIT-DIFFERENCE", "warning", "960万元")}


def test_a_balance_in_the_same_sentence_as_its_items():
    text = "某基金收入300万元，某基金支出250万元，收支相抵，当年结余{z}万元。"
    assert not found(text.format(z="50"))
    assert found(text.format(z="60")) == {("AUDIT-DIFFERENCE", "warning", "60万元")}


def test_a_balance_after_an_item_of_no_known_side_is_not_read():
    text = "某基金收入1500万元，调出资金40万元，某基金支出1400万元。上述收支相抵，年终结余200万元。"
    assert not found(text)


# -- parts whose stated shares add up to 100% are all of their whole ----------------------------

SHARED = ("2.收入情况。本年收入合计{total}万元，较上年减少200.00万元，主要原因是人员减少。其中：财政拨款收入2900.00万元，"
          "占{a}%；事业收入60.00万元，占2.0%；其他收入40.00万元，占1.3%。")


def test_parts_with_shares_adding_to_a_hundred_that_add_up_say_nothing():
    assert not found(SHARED.format(total="3000.00", a="96.7"))


def test_parts_with_shares_adding_to_a_hundred_far_short_of_their_whole_is_an_error():
    # 2900 + 60 + 40 = 3000, and 96.7% + 2.0% + 1.3% = 100%: the three are all of the income
    assert ("AUDIT-SUM", "error", "3200.00万元") in found(SHARED.format(total="3200.00", a="96.7"))


def test_parts_whose_shares_leave_room_for_more_may_be_partial():
    # 90.0% + 2.0% + 1.3% = 93.3%: the list may leave parts out, and 3000 is far short of 3200
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(SHARED.format(total="3200.00", a="90.0")))


# -- a share whose sentence opens by naming its whole (``X中的Y``) under a shorter name ----------

OPENING = ("1-6月累计，全县一般公共预算收入50000万元，比上年同期增加3000万元，增长6.38%。\n"
           "全县一般公共预算收入中的税收收入40000万元，同比增长8.1%，占总收入比重为{r}%，同比上升1.2个百分点。")


def test_a_share_of_the_whole_its_sentence_opens_with_that_holds_says_nothing():
    assert not found(OPENING.format(r="80.00"))


def test_a_share_of_the_whole_its_sentence_opens_with_is_checked_as_a_warning():
    assert found(OPENING.format(r="84.00")) == {("AUDIT-SHARE", "warning", "84.00%")}


def test_a_whole_stated_with_two_values_is_not_used():
    text = ("全县一般公共预算收入50000万元。全县一般公共预算收入52000万元。\n"
            "全县一般公共预算收入中的税收收入40000万元，占总收入比重为84.00%。")
    assert not any(r == "AUDIT-SHARE" for r, _, _ in found(text))


# -- an execution rate of money paid out of a project's funds, or of 实际总支出 -------------------

PAID = "该项目资金共1500万元，截至年底，已完成拨付1350.00万元，执行率{r}%。"
SPENT = "本年该项目实际下达预算800万元，全年度实际总支出780.5000万元，项目预算执行率{r}%。"


def test_an_execution_rate_of_money_paid_out():
    assert not found(PAID.format(r="90"))
    assert found(PAID.format(r="95")) == {("AUDIT-RATE", "error", "95%")}


def test_an_execution_rate_of_total_actual_spending_against_a_budget_also_named_actual():
    assert not found(SPENT.format(r="98"))
    assert found(SPENT.format(r="92")) == {("AUDIT-RATE", "error", "92%")}


# -- a list in parentheses ends with them; 公车购置及运行费 names the car costs' whole ---------------

CARS = ("本区本年“三公”经费决算数1500万元。分项情况是：因公出国（境）经费10万元；公务接待费600万元；"
        "公车购置及运行费{t}万元（其中公务用车购置费40万元，公务用车运行费850万元），比上年下降20.5%，"
        "年末公务用车保有量分别为1辆和30辆。")


def test_a_list_in_parentheses_that_adds_up_says_nothing():
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(CARS.format(t="890")))


def test_a_list_in_parentheses_is_not_cut_short_by_a_list_after_them():
    # (the 分别为 after the parenthesis lists counts of its own: no concern of the list inside it)
    assert ("AUDIT-SUM", "error", "950万元") in found(CARS.format(t="950"))


# -- a change rate between two counts stated as 从A人降为B人 ------------------------------------

COUNTS = "全年因公出国（境）团组从5个降为3个，出国人次从30人降为18人，下降{r}%。"


def test_a_change_rate_between_two_counts_that_holds_says_nothing():
    assert not found(COUNTS.format(r="40"))


def test_a_change_rate_between_two_counts_that_fails_is_an_error():
    assert found(COUNTS.format(r="44.8")) == {("AUDIT-CHANGE-RATE", "error", "44.8%")}


def test_two_counts_of_different_units_are_not_compared():
    assert not found("出国人数从30人降为18人次，下降44.8%。")
