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
    text = ("歲入預算編列200.00億元,較113年度法定預算數190.00億元,增加10.00億元,其中統籌分配稅88.40億,"
            "較上年度法定預算數80.00億元,增加18.40億元。")
    assert expected_of(text, "AUDIT-CHANGE-AMOUNT") == {"8.40亿元"}
    assert not found(text.replace("增加18.40", "增加8.40"))


def test_a_change_after_a_list_may_be_of_its_whole_even_with_a_base():
    # the change against last year's 110.50 is the whole's (40.30), not the last item's (25.20)
    text = ("補助收入編列40.30億元,包括一般性補助款15.10億元、計畫型補助款25.20億元,佔歲入總額14.20%,"
            "較上年度法定預算數110.50億元,減少70.20億元。")
    assert not found(text)


def test_a_change_after_a_list_naming_no_amount_is_not_of_the_total_before():
    text = "收入合计500万元,其中包括专项收入,较上年300万元增加50万元。"
    assert not found(text)


def test_a_comparison_with_this_year_in_a_budget_for_next_year():
    text = "明年度歲入預算512.4億元,比今年減少18.6億元,歲出預算598.3億元,比今年590.1億元增加8.2億元。"
    assert not found(text) and result(text).relations == 1
    assert ("AUDIT-CHANGE-AMOUNT", "error", "9.2亿元") in found(text.replace("增加8.2", "增加9.2"))


# -- the same name stated twice: two quantities, or one figure written twice --------------------------

def test_bases_of_comparisons_of_another_year_name_no_quantity():
    text = ("歲出預算編列245.60億元,較114年度法定預算數230.10億元,增加15.50億元。\n"
            "歲入預算編列250.80億元,較114年度法定預算數236.40億元,增加14.40億元。")
    assert not found(text)


def test_an_amount_in_yi_and_wan_restates_one_to_its_own_precision():
    text = "總預算案歲入編列250.80億元、歲出編列245.60億元。\n此外,債務還本編列65億元,歲出編列245億6012萬5000元。"
    assert not found(text)
    assert ("AUDIT-XSEC", "warning", "24566125000元") in found(text.replace("245億6012萬", "245億6612萬"))


def test_a_rate_right_after_an_amount_is_the_rate_of_what_it_measures():
    text = ("稅課收入累計實收數為2740億元,預算達成率41.2%。\n"
            "非稅課收入累計實收數615億元,預算達成率35.6%。")
    assert not found(text)
    # the same amount restated with another rate is still one rate stated twice
    same = text.replace("非稅課收入累計實收數615億元", "稅課收入累計實收數為2740億元")
    assert ("AUDIT-XSEC", "warning", "35.6%") in found(same)


def test_a_heading_naming_a_level_sets_its_figures_apart():
    text = ("1.全市一般公共预算收支\n全市一般公共预算收入安排62.3亿元,加上上级补助收入118.4亿元,收入总计180.7亿元。\n"
            "2.市本级一般公共预算收支\n一般公共预算收入安排35.9亿元,加上上级补助和调入资金等96.5亿元,收入总计132.4亿元。")
    assert not found(text)


def test_a_line_of_another_basis_sets_the_figures_after_it_apart():
    text = ("市本级一般公共预算收入安排35.9亿元,同比增长4.1%。\n剔除开发区后:\n"
            "市本级一般公共预算收入安排31.6亿元,同比增长2.8%。")
    assert not found(text)


# -- lists ---------------------------------------------------------------------------------------------

def test_a_cause_after_an_item_is_part_of_it_not_another_item():
    text = ("非税收入累计1530亿元,较上年减少260亿元,其中国有资源有偿使用收入较上年减少112亿元,"
            "主要因出让金缴库减少104亿元。")
    assert not found(text)


_PARTIAL = ("前三季度,全县民生支出86.0亿元,增长12%。其中:教育支出30.2亿元;社会保障支出21.5亿元;"
            "农林水支出13.9亿元;卫生支出12.6亿元;文化支出3.8亿元。其他各项支出也得到较好保障。")


def test_a_list_the_text_says_is_partial_is_not_checked_short():
    assert not found(_PARTIAL)
    assert not found(_PARTIAL.replace("文化支出3.8亿元。", "文化支出3.8亿元等。"))
    # without the sentence about the others the list may be complete: it falls 4.7% short
    assert ("AUDIT-SUM", "warning", "86.0亿元") in found(_PARTIAL.replace("其他各项支出也得到较好保障。", ""))
    # parts beyond the whole are wrong whatever was left out
    assert ("AUDIT-SUM", "error", "86.0亿元") in found(_PARTIAL.replace("教育支出30.2", "教育支出50.2"))



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
