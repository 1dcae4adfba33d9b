"""Readings a field round on budget statements (部门预算说明) and budget-execution news (预算执行情况)
showed were wrong or missing, each tested in sentences written for these tests (invented names and
figures, never copied from real reports)."""
from __future__ import annotations

from test_audit_field3 import found


# -- the next sibling of a numbered item ends the list under it ---------------------------------

SIBLINGS = ("本年度本级支出决算数为{total}万元。具体情况如下：\n"
            "1.人员支出决算数为{first}万元，主要是在职人员工资。其中：\n"
            "（1）基本工资决算数为310.00万元，比上年下降1.0%。\n"
            "（2）绩效工资决算数为190.00万元。\n"
            "2.商品和服务支出决算数为400.00万元，主要是日常运转。其中：\n"
            "（1）办公费决算数为150.00万元，比上年增加2.0%。\n"
            "（2）差旅费决算数为250.00万元。")


def test_the_sub_items_of_the_next_numbered_item_are_not_parts_of_this_one():
    # (1)(2) under 2. belong to 2., not to 1.: read as 1.'s parts they made a false warning
    assert not found(SIBLINGS.format(total="900.00", first="500.00"))


def test_each_numbered_item_is_still_checked_against_its_own_sub_items():
    assert ("AUDIT-SUM", "warning", "520.00万元") in found(SIBLINGS.format(total="920.00", first="520.00"))


def test_a_heading_above_an_unmarked_total_ends_the_list_at_its_sibling():
    text = ("（一）人员经费变动情况\n"
            "本年人员经费较上年增加{total}万元。主要原因如下：\n"
            "1.基本工资较上年增加6.00万元。\n"
            "2.津贴补贴较上年增加4.00万元。\n"
            "（二）公用经费变动情况\n"
            "1.办公费较上年增加3.00万元。")
    assert not found(text.format(total="10.00"))
    assert ("AUDIT-CHANGE-SUM", "warning", "12.00万元") in found(text.format(total="12.00"))


# -- ``A万元中，B b万元，C c万元``: the amount before 中 is the whole its clauses divide ---------------

INLINE = "2022年本局“三公”经费财政拨款预算{total}万元中，因公出国（境）费6.50万元，公务用车购置及运行费31.20万元，公务接待费12.30万元。"


def test_an_amount_followed_by_zhong_is_the_whole_of_the_clauses_after_it():
    assert not found(INLINE.format(total="50.00"))
    assert found(INLINE.format(total="56.00")) == {("AUDIT-SUM", "warning", "56.00万元")}
    assert found(INLINE.format(total="44.00")) == {("AUDIT-SUM", "warning", "44.00万元")}


def test_a_list_after_zhong_that_may_be_partial_is_not_read_as_wrong_when_short():
    # 用于设备购置, 用于人员培训: not known to be every use of the funds
    assert not found("本年专项资金800万元中，用于设备购置300万元，用于人员培训150万元。")


def test_a_list_after_zhong_naming_its_items_as_the_main_ones_is_not_read():
    assert not found("本年专项资金800万元中，主要用于设备购置500万元，用于人员培训350万元。")


# -- a numbered item that did not change (较上年无增减) is a part whose change is 0 -----------------

FLAT = ("（一）基本支出预算增减情况\n"
        "本年基本支出预算较上年增加{total}万元，增幅8.00%。主要变动原因如下：\n"
        "1.工资福利支出较上年增加21.40万元，主要原因是新进人员。\n"
        "2.商品和服务支出较上年无增减。\n"
        "3.对个人和家庭补助支出较上年增加3.60万元，主要原因是遗属补助提高。\n"
        "（二）项目支出预算增减情况\n"
        "本年项目支出预算较上年无增减。")


def test_an_item_without_change_leaves_the_other_items_to_make_the_change():
    assert not found(FLAT.format(total="25.00"))
    assert ("AUDIT-CHANGE-SUM", "warning", "35.00万元") in found(FLAT.format(total="35.00"))


def test_an_item_without_any_amount_or_flat_change_still_stops_the_reading():
    text = FLAT.replace("较上年无增减", "保持稳定").format(total="35.00")
    assert not any(r == "AUDIT-CHANGE-SUM" for r, _, _ in found(text))


# -- 上年结转 in a list of income is an item carried over, not a comparison with last year --------

CARRIED = "本年收入预算总额{total}万元，其中：一般公共预算拨款收入1,420.60万元；事业收入120.00万元；上年结转35.40万元。"


def test_the_amount_carried_over_is_one_of_the_income_parts():
    # read as a comparison, 上年结转 was dropped and the list fell just short of a correct total
    assert not found(CARRIED.format(total="1,576.00"))


def test_a_total_that_leaves_out_the_amount_carried_over_is_still_caught():
    assert {r for r, _, _ in found(CARRIED.format(total="1,596.00"))} == {"AUDIT-SUM"}


# -- the parts of a budget's 支出预算总额 are of every fund, not the 一般公共预算 figures -----------

SCOPES = ("2024年支出预算总额980.00万元，其中：基本支出700.00万元，占71.43%；项目支出280.00万元，占28.57%。\n"
          "2024年一般公共预算基本支出{basic}万元，其中：人员经费600.00万元，公用经费{office}万元。\n"
          "本年一般公共预算基本支出为{again}万元。")


def test_the_basic_spending_of_every_fund_is_not_the_general_budget_figure():
    # 基本支出 under 支出预算总额 includes 事业收入 money: unlike 一般公共预算基本支出, it is another figure
    assert not found(SCOPES.format(basic="680.00", office="80.00", again="680.00"))


def test_the_general_budget_figure_restated_differently_is_still_caught():
    assert {r for r, _, _ in found(SCOPES.format(basic="680.00", office="80.00", again="608.00"))} == {"AUDIT-XSEC"}


# -- an amount named by its change alone (增收) is never the whole a 其中 list divides --------------

GAIN = ("1-9月，全区一般公共预算收入完成46.80亿元，为年初预算的75.1%，同比增长7.9%，增收3.42亿元。"
        "其中：税收收入32.50亿元，同比增长5.2%，税收占比{share}%；非税收入14.30亿元，同比增长14.6%。")


def test_the_gain_stated_last_is_not_the_whole_of_the_shares_after_it():
    # 32.50 ÷ 3.42 was a false error: the list divides the income, 46.80
    assert not found(GAIN.format(share="69.4"))


def test_a_wrong_share_of_the_income_is_still_caught():
    assert ("AUDIT-SHARE", "error", "64.9%") in found(GAIN.format(share="64.9"))
