"""Slips the mutation bench (bench/audit_mutants.py) showed were missed in real phrasings, each in
sentences written for these tests (never copied from real reports).

A figure printed without decimals among figures with decimals (``0万元``, ``1万元``) may carry half a
unit of rounding, so a relation that fails on the printed figures but holds within that rounding is
not sure: a warning, never an error, and never silence.
"""
from __future__ import annotations

from test_audit_field3 import found, result


# -- a list that fails on its printed figures but holds within their rounding: a warning ---------

LIST = "本年“三公”经费预算总额为{total}万元，其中：因公出国（境）费0万元，公务用车购置及运行费1.5万元，公务接待费1万元。"


def test_a_list_that_adds_up_as_printed_says_nothing():
    assert not found(LIST.format(total="2.5"))


def test_a_list_wrong_as_printed_but_within_the_rounding_of_its_whole_numbers_is_a_warning():
    # 0 + 1.5 + 1 = 2.5, not 2.9; but 0万元 may be up to 0.5万元 and 1万元 up to 1.5万元
    assert found(LIST.format(total="2.9")) == {("AUDIT-SUM", "warning", "2.9万元")}
    assert found(LIST.format(total="1.9")) == {("AUDIT-SUM", "warning", "1.9万元")}


def test_a_list_wrong_beyond_any_rounding_is_still_an_error():
    assert found(LIST.format(total="4.9")) == {("AUDIT-SUM", "error", "4.9万元")}


def test_a_rounding_warning_says_why_it_is_not_sure():
    [f] = result(LIST.format(total="2.9")).findings
    assert "舍入范围" in f.message and f.expected == "2.5万元"


SHARES = ("本年“三公”经费支出决算中，因公出国（境）费支出0万元，占0%；公务接待费支出2.10万元，占{a}%；"
          "公务用车购置及运行维护费支出4.90万元，占70%。")


def test_shares_of_a_complete_decomposition_with_a_zero_part():
    assert not found(SHARES.format(a="30"))   # 2.10 ÷ (0 + 2.10 + 4.90) = 30%
    # 28% is wrong as printed, but the printed 0万元 may hide up to 0.5万元: the whole may be 7.5万元,
    # and 2.10 ÷ 7.5 = 28%: a warning
    assert found(SHARES.format(a="28")) == {("AUDIT-SHARE", "warning", "28%")}
    # 36% no rounding of the printed figures reaches: an error
    assert found(SHARES.format(a="36")) == {("AUDIT-SHARE", "error", "36%")}


# -- the name of a whole with its verb (累计完成, 实现) ---------------------------------------------

WHOLE = ("截至6月底，全县一般公共预算收入累计完成52000万元，同比增长6.0%。\n"
         "税收收入累计完成39000万元，占一般公共预算收入的{share}%。")


def test_a_share_of_a_whole_stated_with_its_verb():
    assert not found(WHOLE.format(share="75"))
    assert ("AUDIT-SHARE", "error", "80%") in found(WHOLE.format(share="80"))


def test_a_whole_stated_with_shi_xian():
    text = "全年实现地方财政收入80000万元。\n非税收入20000万元，占地方财政收入的{s}%。"
    assert not found(text.format(s="25"))
    assert ("AUDIT-SHARE", "error", "35%") in found(text.format(s="35"))


# -- a change stated between an amount and its share is not the amount ---------------------------

TAX = ("地方财政收入完成80000万元，较上年同期增长5%。其中：税收收入完成60000万元，较上年同期增长20%，"
       "增收10000万元，税收收入占地方财政收入{s}%。")


def test_the_share_is_of_the_amount_not_of_the_change_after_it():
    assert not found(TAX.format(s="75"))          # 60000 ÷ 80000, not 10000 ÷ 80000
    assert ("AUDIT-SHARE", "error", "70%") in found(TAX.format(s="70"))


def test_a_share_whose_clause_names_its_part_without_an_amount_is_not_of_the_amount_before():
    # the share names 税收收入, stated with no amount: the amount before it is the whole itself
    text = ("全年全市一般公共预算收入完成120.5亿元，同比增长8.2%；收入结构较优，税收收入占一般公共预算收入"
            "比重为76%，居全省前列。")
    assert not found(text)


# -- 三公 parts one sentence each, and the car costs given as their two parts ----------------------

RUN = ("2022年“三公”经费支出决算{total}万元，比上年减少1.00万元。其中：因公出国（境）费0万元。"
       "公务用车购置费3.00万元；公务用车运行维护费5.00万元，比上年减少1.00万元。公务接待费2.00万元，比上年持平。")


def test_sangong_parts_one_sentence_each_add_up_to_the_whole():
    assert not found(RUN.format(total="10.00"))
    assert ("AUDIT-SUM", "error", "12.50万元") in found(RUN.format(total="12.50"))
    assert ("AUDIT-SUM", "error", "9.00万元") in found(RUN.format(total="9.00"))
    # (0万元 may hide up to 0.5万元: 9.50 is wrong as printed, but not surely)
    assert ("AUDIT-SUM", "warning", "9.50万元") in found(RUN.format(total="9.50"))


def test_a_sentence_run_stops_at_a_sentence_that_opens_with_no_part():
    # the third sentence is about something else: the list is not all of 三公经费, so not summed
    text = ("2022年“三公”经费支出决算12.50万元。其中：因公出国（境）费0万元。会议费3.00万元。"
            "公务用车运行维护费5.00万元。公务接待费2.00万元。")
    assert not any(rule == "AUDIT-SUM" for rule, _, _ in found(text))


def test_the_car_costs_listed_as_purchase_and_running_costs_in_one_sentence():
    text = ("2022年“三公”经费支出决算{total}万元，其中：因公出国（境）费0万元，公务用车购置费3.00万元，"
            "公务用车运行维护费5.00万元，公务接待费2.00万元。")
    assert not found(text.format(total="10.00"))
    # four items naming every part of 三公经费 (the car part as its two parts): a shortfall is an error
    assert found(text.format(total="12.50")) == {("AUDIT-SUM", "error", "12.50万元")}


# -- a counted list whose last name holds 和 ------------------------------------------------------

COUNTED = "本部门所属单位有{n}个，分别为某某局机关本级、某某事务中心和某某服务中心。"


def test_a_count_that_fits_either_reading_of_he_holds():
    # 和 may join two names (3 units) or stand inside one (2 units)
    assert not found(COUNTED.format(n=3))
    assert not found(COUNTED.format(n=2))


def test_a_count_that_fits_neither_reading_of_he_is_an_error():
    assert found(COUNTED.format(n=6)) == {("AUDIT-COUNT", "error", "6个")}
    assert found("下设事业单位4个，即某某事务中心和某某服务中心。") == {("AUDIT-COUNT", "error", "4个")}


# -- 比重 is no comparison; 按同口径 names no subject ---------------------------------------------

def test_a_share_before_a_change_does_not_make_it_a_comparison():
    # 比重 holds 比, which is no 比上年: the second change is of the amount before it
    text = ("累计完成税收收入36000万元，增加2000万元，增长5.88%，税收占财政总收入的比重为60%；"
            "累计完成非税收入24000万元，增加4000万元，增长{r}%，非税收入占财政总收入比重为40%。")
    assert not found(text.format(r="20"))
    assert ("AUDIT-CHANGE-RATE", "warning", "26%") in found(text.format(r="26"))


def test_a_change_on_the_same_basis_is_a_change_of_the_amount_before_it():
    text = "2023年，全县“三公”经费决算支出数为1000.00万元，按同口径同比减少100.00万元，下降{r}%。"
    assert not found(text.format(r="9.1"))   # 100 ÷ 1100
    assert ("AUDIT-CHANGE-RATE", "error", "12.5%") in found(text.format(r="12.5"))


# -- a text in Traditional script is read as the same text in Simplified -------------------------

def test_traditional_script_is_read_character_by_character():
    from jixiao.ingest.normalise import normalise_line

    # 稅, 補 and 縣 are not in the hand-kept table; a text in Traditional script maps them too
    assert normalise_line("縣級稅收收入100萬元，補助收入20萬元。")[0] == "县级税收收入100万元,补助收入20万元。"
    # a text in Simplified script is left as it is (乾隆 keeps its 乾)
    assert normalise_line("税收收入100万元，乾隆年间。")[0] == "税收收入100万元,乾隆年间。"


def test_a_share_in_traditional_script_finds_its_whole():
    simplified = "全县一般公共预算收入累计完成50000万元。\n税收收入累计完成40000万元，占一般公共预算收入的{s}%。"
    traditional = "全縣一般公共預算收入累計完成50000萬元。\n稅收收入累計完成40000萬元，佔一般公共預算收入的{s}%。"
    assert not found(traditional.format(s="80"))
    assert found(traditional.format(s="85")) == found(simplified.format(s="85")) != set()


# -- what an item saved is no item of its own --------------------------------------------------------

def test_the_saving_of_a_listed_kind_is_no_part_of_the_whole_saving():
    # the list gives each kind's amount and its saving: which of them adds up to the 50 cannot be
    # told from the first item alone, and 200 + 20 is no sum of anything
    text = ("2023年全市政府采购预算规模500万元，实际采购金额450万元，节约资金50万元，其中货物类采购200万元，节约20万元。"
            "工程类采购预算150万元，节约15万元。")
    assert not any(rule == "AUDIT-SUM" for rule, _, _ in found(text))
