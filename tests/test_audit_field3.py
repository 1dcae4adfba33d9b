"""Phrasings met in this session's field rounds, each in sentences written for these tests (never
copied from real reports): a part of a part taken for the part, and readings added where certain."""
from __future__ import annotations

from jixiao.audit.engine import Auditor, audit_text

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


def result(text: str):  # type: ignore[no-untyped-def]
    return audit_text(text, AUDITOR)


# -- a part of a part is not the part ------------------------------------------------------------


def test_the_purchase_of_cars_alone_is_not_the_car_part_of_sangong():
    # 公务用车购置费 is only part of 公务用车购置及运行费: the list does not name every part of 三公经费
    text = ("2022年“三公”经费支出决算10.00万元，其中：因公出国（境）费0万元，公务用车购置费3.00万元，"
            "公务接待费2.00万元。\n公务用车购置及运行费支出8.00万元。")
    assert not found(text)
    # (a running-cost name still stands for the car part: a unit that bought no car names it so)
    assert ("AUDIT-SUM", "error", "10.00万元") in found(text.replace("公务用车购置费", "公务用车运行维护费"))
    # the combined item named: the list is complete and its shortfall an error
    wrong = text.replace("公务用车购置费3.00万元", "公务用车购置及运行费3.00万元")
    assert ("AUDIT-SUM", "error", "10.00万元") in found(wrong)
    assert not found(wrong.replace("公务用车购置及运行费3.00万元", "公务用车购置及运行费8.00万元"))


def test_sangong_parts_stated_one_by_one_with_the_car_costs_split_are_summed_with_both():
    # the running costs and the purchase each in a sentence of its own: together they are the car part
    # (the running costs alone are not: 0 + 2 + 6 is not compared with 10)
    text = ("2022年“三公”经费支出10.00万元。\n因公出国（境）费0万元。\n公务接待费2.00万元。\n"
            "公务用车运行维护费6.00万元。\n公务用车购置费2.00万元。")
    r = result(text)
    assert not r.findings and r.relations == 1
    # (paragraphs after a whole are read across sentences: a shortfall is a warning)
    assert found(text.replace("10.00万元", "12.00万元")) == {("AUDIT-SUM", "warning", "12.00万元")}


def test_shares_of_a_part_of_a_part_are_not_shares_of_the_sangong_sum():
    text = "2022年因公出国（境）费0万元，占0%；公务用车购置费6.00万元，占75%；公务接待费2.00万元，占20%。"
    assert not found(text)


def test_the_purchase_and_the_combined_item_stated_apart_are_two_quantities():
    text = ("2022年公务用车购置费支出3.00万元，主要用于更新车辆。\n"
            "2022年公务用车购置及运行费支出8.00万元，比上年减少1.00万元。")
    assert not found(text)


# -- last year's level printed without its unit --------------------------------------------------

_BARE = "2018年度本单位“三公”经费支出2.05万元，较上年2.08减少0.03万元，减少了1.44%，原因为厉行节约。"


def test_a_base_without_its_unit_between_the_level_and_the_change_is_last_years_level():
    r = result(_BARE)
    assert not r.findings and r.relations == 2   # 2.08 − 0.03 = 2.05; 0.03 ÷ 2.08 = 1.44%
    assert ("AUDIT-CHANGE-RATE", "error", "2.44%") in found(_BARE.replace("1.44%", "2.44%"))
    assert ("AUDIT-CHANGE-AMOUNT", "error", "0.03万元") in found(_BARE.replace("2.08", "2.18"))


def test_a_base_without_its_unit_is_read_only_in_that_exact_form():
    # the change in another unit, a clause between the level and 较上年, a word after the number: unread
    for text in (_BARE.replace("0.03万元", "300元"),
                 _BARE.replace("2.05万元，", "2.05万元，主要用于接待，").replace("2.08", "2.18"),
                 _BARE.replace("2.08", "2.18倍")):
        r = result(text)
        assert not r.findings and r.relations == 0, text


# -- 累计 naming last year's total, not a span of months -----------------------------------------

_TOTAL = "2020年“三公”经费支出431万元，比上年累计支出433万元减少2万元，下降0.46%，主要原因是厉行节约。"


def test_last_years_accumulated_spending_is_the_base_of_the_change():
    r = result(_TOTAL)
    assert not r.findings and r.relations == 2 and r.unclear == 0   # 433 − 2 = 431; 2 ÷ 433 = 0.46%
    assert ("AUDIT-CHANGE-RATE", "error", "1.46%") in found(_TOTAL.replace("0.46%", "1.46%"))
    assert ("AUDIT-CHANGE-AMOUNT", "error", "2万元") in found(_TOTAL.replace("433万元", "443万元"))


def test_accumulated_as_a_span_of_months_is_still_not_read_as_the_base():
    # 累计 with no 支出/收入 after it, or a span of months before it: not read (no finding, however wrong)
    for text in ("2020年1-6月“三公”经费支出431万元，比上年累计433万元减少2万元，下降1.46%。",
                 "2020年“三公”经费支出431万元，比上年1-6月累计支出433万元减少2万元，下降1.46%。"):
        r = result(text)
        assert not r.findings and r.relations == 0, text
