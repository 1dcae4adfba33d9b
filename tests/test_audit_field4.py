"""Phrasings met in the fourth field round (财政总决算 and 预算执行 reports of counties and cities,
政府性基金, 国有资本经营 and 债务 paragraphs, 自评 narratives, Traditional-script pages and Taiwan budget
news), each in sentences written for these tests (never copied from real reports): readings that gave
false findings before, and readings added where they are certain."""
from __future__ import annotations

from test_audit_field3 import found, result


def expected_of(text: str, rule: str) -> set[str | None]:
    return {f.expected for f in result(text).findings if f.rule_id == rule}


# -- totals stated above their own rows ------------------------------------------------------------

_GROUPS = """单位:万元
地区 | 第一批 | 第二批 | 合计 |
全省合计 | 300 | 100 | 400 |
甲市合计 | 120 | 40 | 160 |
东城县 | 70 | 25 | 95 |
西城县 | 50 | 15 | 65 |
乙市合计 | 180 | 60 | 240 |
南山县 | 100 | 30 | 130 |
北山县 | 80 | 30 | 110 |
"""


def test_group_totals_stated_above_their_rows_head_the_rows_after_them():
    # 甲市合计 heads 东城县 and 西城县; 乙市合计 heads the two after it; 全省合计 the two groups
    assert not found(_GROUPS)
    r = result(_GROUPS)
    assert r.relations >= 8
    # a county off by 5 is reported on the total of its own group, nowhere else
    wrong = _GROUPS.replace("东城县 | 70 | 25 | 95 |", "东城县 | 75 | 25 | 100 |")
    assert {(f.rule_id, f.severity.value, f.claimed) for f in result(wrong).findings} == {
        ("AUDIT-TABLE-TOTAL", "error", "120"), ("AUDIT-TABLE-TOTAL", "error", "160")}


def test_the_last_group_falling_short_may_go_on_past_the_text():
    # the excerpt ends inside 乙市's group: its total (and the province's) cannot be told short
    cut = _GROUPS.replace("北山县 | 80 | 30 | 110 |\n", "")
    assert not found(cut)
    # its rows exceeding its total is certain
    over = _GROUPS.replace("南山县 | 100 | 30 | 130 |", "南山县 | 200 | 30 | 230 |")
    assert ("AUDIT-TABLE-TOTAL", "error", "180") in found(over)


# -- a change against a base of another calendar's year, and amounts in 億 -------------------------

def test_a_base_after_a_year_of_another_calendar_is_last_years_level():
    text = "明年度歲出預算編列120.50億元,較113年度法定預算數110.00億元,增加10.50億元,增幅9.55%。"
    r = result(text)
    assert not r.findings and r.relations == 2
    assert ("AUDIT-CHANGE-AMOUNT", "error", "11.50亿元") in found(text.replace("增加10.50", "增加11.50"))


def test_an_amount_in_yi_without_yuan_is_a_level():
    text = ("歲入預算編列200.00億元,較113年度法定預算數190.00億元,增加10.00億元,其中統籌分配稅96.20億,"
            "較上年度法定預算數80.00億元,增加26.20億元。")
    assert expected_of(text, "AUDIT-CHANGE-AMOUNT") == {"16.20亿元"}
    assert not found(text.replace("增加26.20", "增加16.20"))


def test_a_change_after_a_list_may_be_of_its_whole_even_with_a_base():
    # the change against last year's 141.68 is the whole's (50.48), not the last item's (32.92)
    text = ("補助收入編列50.48億元,包括一般性補助款17.56億元、計畫型補助款32.92億元,佔歲入總額16.58%,"
            "較上年度法定預算數141.68億元,減少91.20億元。")
    assert not found(text)


def test_a_change_after_a_list_naming_no_amount_is_not_of_the_total_before():
    text = "收入合计500万元,其中包括专项收入,较上年300万元增加50万元。"
    assert not found(text)


def test_a_comparison_with_this_year_in_a_budget_for_next_year():
    text = "明年度歲入預算656.2億元,比今年減少23.1億元,歲出預算707.9億元,比今年704.9億元增加3.0億元。"
    assert not found(text) and result(text).relations == 1
    assert ("AUDIT-CHANGE-AMOUNT", "error", "3.7亿元") in found(text.replace("增加3.0", "增加3.7"))


# -- the same name stated twice: two quantities, or one figure written twice --------------------------

def test_bases_of_comparisons_of_another_year_name_no_quantity():
    text = ("歲出預算編列302.12億元,較114年度法定預算數277.27億元,增加24.85億元。\n"
            "歲入預算編列304.42億元,較114年度法定預算數279.61億元,增加24.81億元。")
    assert not found(text)


def test_an_amount_in_yi_and_wan_restates_one_to_its_own_precision():
    text = "總預算案歲入編列304.42億元、歲出編列302.12億元。\n另外,債務之償還編列87億元,歲出編列302億1292萬9000元。"
    assert not found(text)
    assert ("AUDIT-XSEC", "warning", "30218929000元") in found(text.replace("302億1292萬", "302億1892萬"))


def test_a_rate_right_after_an_amount_is_the_rate_of_what_it_measures():
    text = ("稅課收入累計實收數為3865億元,預算達成率13.9%。\n"
            "非稅課收入累計實收數906億元,預算達成率23.8%。")
    assert not found(text)
    # the same amount restated with another rate is still one rate stated twice
    same = text.replace("非稅課收入累計實收數906億元", "稅課收入累計實收數為3865億元")
    assert ("AUDIT-XSEC", "warning", "23.8%") in found(same)


def test_a_heading_naming_a_level_sets_its_figures_apart():
    text = ("1.全市一般公共预算收支\n全市一般公共预算收入安排77.6亿元,加上上级补助收入145.1亿元,收入总计222.7亿元。\n"
            "2.市本级一般公共预算收支\n一般公共预算收入安排47.8亿元,加上上级补助和调入资金等133.6亿元,收入总计181.4亿元。")
    assert not found(text)


def test_a_line_of_another_basis_sets_the_figures_after_it_apart():
    text = ("市本级一般公共预算收入安排47.8亿元,同比增长3.7%。\n剔除高新区后:\n"
            "市本级一般公共预算收入安排44.2亿元,同比增长3.4%。")
    assert not found(text)


# -- lists ---------------------------------------------------------------------------------------------

def test_a_cause_after_an_item_is_part_of_it_not_another_item():
    text = ("非税收入累计2080亿元,较上年减少388亿元,其中经营收入较上年减少168亿元,"
            "主要因基金结余缴库减少165亿元。")
    assert not found(text)


_PARTIAL = ("上半年,全市民生支出151.6亿元,增长33%。其中:教育支出55.4亿元;社会保障支出33.7亿元;"
            "农林水支出20.8亿元;卫生支出32.4亿元;文化支出2.4亿元。其他各项支出也得到较好保障。")


def test_a_list_the_text_says_is_partial_is_not_checked_short():
    assert not found(_PARTIAL)
    assert not found(_PARTIAL.replace("文化支出2.4亿元。", "文化支出2.4亿元等。"))
    # without the sentence about the others the list may be complete: it falls 4.6% short
    assert ("AUDIT-SUM", "warning", "151.6亿元") in found(_PARTIAL.replace("其他各项支出也得到较好保障。", ""))
    # parts beyond the whole are wrong whatever was left out
    assert ("AUDIT-SUM", "error", "151.6亿元") in found(_PARTIAL.replace("教育支出55.4", "教育支出75.4"))



def test_two_items_joined_by_he_after_an_amount_are_two_items():
    text = ("年初共拨付配套资金620.50万元。其中甲区120.25万元、乙区300.00万元、丙校150.00万元"
            "和丁校50.25万元。")
    r = result(text)
    assert not r.findings and r.relations == 1
    assert ("AUDIT-SUM", "error", "620.50万元") in found(text.replace("丁校50.25", "丁校80.25"))


def test_a_list_opened_by_juti_you_divides_the_amount_before_it():
    text = "安排重点项目资金3个,共拨付到位资金260万元。具体有:职业教育发展80万元、贷款贴息100万元、教师培训80万元。"
    r = result(text)
    assert not r.findings and r.relations == 1
    assert ("AUDIT-SUM", "error", "260万元") in found(text.replace("贷款贴息100", "贷款贴息140"))


def test_an_amount_in_whole_yi_is_stated_to_the_million_yuan():
    # ``87亿元`` counts as 87.00亿元 (as ``31万元`` counts as 31.00万元): 87.4亿元 restated is another figure
    text = "债务之偿还编列87亿元,较上年增加。\n另外,债务之偿还编列87.4亿元。"
    assert ("AUDIT-XSEC", "warning", "87.4亿元") in found(text)
    assert not found(text.replace("87.4亿元", "87亿元"))
