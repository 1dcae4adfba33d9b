"""Readings the mutation bench (bench/audit_mutants.py, fifth round) showed were missing in real
phrasings, each tested in sentences written for these tests (never copied from real reports)."""
from __future__ import annotations

from jixiao.audit.engine import Auditor, audit_text

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


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
