"""Readings a field round on department 决算说明 (county bureaus, townships, schools, hospitals, city
departments, 2019–2024) showed were wrong or missing, each tested in sentences written for these tests
(invented names and figures, never copied from real reports)."""
from __future__ import annotations

from test_audit_field3 import found


# -- a ``其中`` list of changes one of whose items names no change word ------------------------------

LEVELS = ("2023年度本站“三公”经费支出决算为{total}元，其中：因公出国（境）费0元；"
          "公务用车购置及运行费{car}元；公务接待费{meal}元。\n")
CHANGES = ("2023年度本站“三公”经费支出决算数比2022年增加{change}元，增长40.00%。其中：因公出国（境）费支出决算"
           "增加0元，增长0%；公务用车购置及运行费支出决算{car_change}元，增长50.00%；公务接待费支出决算增加"
           "{meal_change}元，增长20.00%。")


def test_an_unmarked_item_of_a_change_list_is_neither_a_part_nor_a_level():
    # 公务用车购置及运行费 1,500.00 is its change (its siblings and the whole state changes): read as a
    # level it contradicted the 4,500.00 stated before (a false AUDIT-XSEC), and the list summed
    # without it made a false AUDIT-CHANGE-SUM
    text = LEVELS.format(total="7,000.00", car="4,500.00", meal="2,500.00") + CHANGES.format(
        change="2,000.00", car_change="1,500.00", meal_change="500.00")
    assert not found(text)


def test_a_change_list_whose_every_item_names_its_change_is_still_checked():
    text = ("2023年度本站“三公”经费支出决算数比2022年增加{change}元，增长40.00%。其中：因公出国（境）费"
            "增加0元；公务用车购置及运行费增加1,500.00元；公务接待费增加500.00元。")
    assert not found(text.format(change="2,000.00"))
    assert found(text.format(change="2,400.00")) == {("AUDIT-CHANGE-SUM", "error", "2400.00元")}


def test_an_item_that_did_not_change_leaves_the_change_list_read():
    text = ("本年度基本支出比上年增加{change}万元。其中：工资福利支出增加6.00万元；商品和服务支出与上年持平；"
            "对个人和家庭的补助增加2.00万元。")
    assert not found(text.format(change="8.00"))
    assert any(rule == "AUDIT-CHANGE-SUM" for rule, _, _ in found(text.format(change="9.00")))


def test_a_list_of_levels_with_their_growth_rates_is_still_a_sum():
    # the whole is a level, not a change: its items' amounts are levels, growth rates or not
    text = "本年度基本支出{total}万元，其中：人员经费60.00万元，增长10.00%；公用经费40.00万元，增长5.00%。"
    assert not found(text.format(total="100.00"))
    assert found(text.format(total="110.00")) == {("AUDIT-SUM", "error", "110.00万元")}


# -- a numbered item's point is not part of the name that follows it ------------------------------

def test_the_point_after_an_item_number_is_not_part_of_the_name_in_a_finding():
    from test_audit_field3 import result

    text = "1.公务接待费预算为2万元，支出决算为1.40万元，完成预算的60%。"
    messages = [f.message for f in result(text).findings]
    assert len(messages) == 1 and "÷公务接待费预算2万元" in messages[0], messages
    assert not result("1.公务接待费预算为2万元，支出决算为1.40万元，完成预算的70%。").findings


def test_an_unmarked_item_is_found_whatever_sentence_follows_the_list():
    # with no full stop before 其中's sentence, the sentence before was looked for up to the line's end:
    # a sentence after the list changed whether the unmarked item was seen (a false AUDIT-CHANGE-SUM)
    text = ("本年三公经费支出50.00元，比上年增加30.00元，其中：公务接待费增加10.00元；公务用车运行费支出20.00元，"
            "增长5.00%；因公出国费增加10.00元。")
    assert not found(text)
    assert not found(text + "以上为全部情况。")
