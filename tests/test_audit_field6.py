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
