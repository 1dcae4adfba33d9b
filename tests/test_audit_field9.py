"""Ninth field round (绩效自评表 as published on web pages and flattened from tables), on tables
written for these tests (never copied from real reports):

* a funds row weighing the card's full marks (分值 100) carries the card's total score, so no rule
  the header does not print (得分 = 分值 × 执行率) is inferred for it;
* a funds block a PDF flattened onto one line whose 得分 column prints its rule in a parenthesis
  (``得分(20分*执行率)``, OCR'd ``得分 (20 分*执行率)``) is read: the parenthesis is part of the
  column's cell, its 执行率 no column of its own;
* a funds block dumped one cell a line whose rows close with a line of bars (``|||||``, the row's
  empty cells to the table's edge), its title written as a cell and an empty one, its amounts
  printed ``150万``;
* an indicator row a line printing its name right after its number (``指标2验收合格率 100 100 10 10``).
"""
from __future__ import annotations

import pytest

from jixiao.audit.engine import Auditor, audit_text
from jixiao.audit.funds_rows import extract_funds_rows
from jixiao.ingest.published import make_lines

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


def lines_of(text: str) -> list[str]:
    return [line.text for line in make_lines([(t, f"L{k + 1}") for k, t in enumerate(text.split("\n"))])]


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(r.kind, str(r.claim.value), r.reading.name) for r in extract_funds_rows(lines_of(text)).relations]


# ---- a funds row weighing the card's full marks ------------------------------------------------------

FULL_MARKS = """项目支出绩效自评表
项目名称 | 北河公园养护经费 |
项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
年度资金总额 | 80 | 80 | 60 | 100 | 75% | 96 |
其中：当年财政拨款 | 80 | 80 | 60 | — | | — |
"""


def test_a_funds_row_weighing_100_is_the_cards_total_no_score_rule_is_inferred():
    assert ("score-rate", "96", "INFERRED") not in kinds(FULL_MARKS)
    assert ("rate", "75", "EXPLICIT") in kinds(FULL_MARKS)
    assert ("score-max", "96", "EXPLICIT") in kinds(FULL_MARKS)
    assert not found(FULL_MARKS)


def test_a_funds_row_weighing_100_still_has_its_rate_checked():
    bad = FULL_MARKS.replace("| 75% | 96 |", "| 80% | 96 |")
    assert ("AUDIT-RATE", "error", "80%") in found(bad)


def test_a_funds_row_weighing_its_own_10_still_has_the_rule_inferred():
    own = FULL_MARKS.replace("| 100 | 75% | 96 |", "| 10 | 75% | 9.6 |")
    assert ("score-rate", "9.6", "INFERRED") in kinds(own)
    assert {f[0] for f in found(own)} == {"AUDIT-SCORE-FUNDS"}
    assert all(f[1] == "warning" for f in found(own))


def test_a_rule_the_header_prints_applies_whatever_the_weight():
    printed = FULL_MARKS.replace("| 得分 |", "| 得分(100分*执行率) |", 1)
    assert ("score-rate", "96", "EXPLICIT") in kinds(printed)
    assert ("AUDIT-SCORE-FUNDS", "error", "96") in found(printed)


# ---- a one-line funds block whose 得分 column prints its rule ---------------------------------------

ONE_LINE = ("预算执行情况(万元)(20分) 预算数(A) 执行数(B) 执行率(B/A) 得分(20分*执行率) "
            "年度财政资金总额 300 240 80% 16 三级指标 年初目标值(A) 实际完成值(B) 得分")


def test_a_one_line_block_with_its_rule_in_the_score_column_is_read():
    assert kinds(ONE_LINE) == [("rate", "80", "EXPLICIT"), ("score-max", "16", "EXPLICIT"),
                               ("score-rate", "16", "EXPLICIT")]
    assert not found(ONE_LINE)


def test_a_one_line_block_score_off_its_printed_rule_is_an_error():
    assert ("AUDIT-SCORE-FUNDS", "error", "18") in found(ONE_LINE.replace("80% 16", "80% 18"))


def test_a_one_line_block_rate_off_its_amounts_is_an_error():
    assert ("AUDIT-RATE", "error", "85%") in found(ONE_LINE.replace("80% 16", "85% 17"))


def test_an_ocr_spaced_rule_and_its_row_after_the_total_named_before_the_run():
    ocr = ("预算执行 情况(万元) (20 分) 一级指标 年度财政 资金总额 项目实施单位 南湾街道 □ 预算数 (A) "
           "执行数(B) 执行率(B/A) 得分 (20 分*执行率) 300 240 80% 16 三级指标 年初目标值 (A)")
    assert kinds(ocr) == [("rate", "80", "EXPLICIT"), ("score-max", "16", "EXPLICIT"),
                          ("score-rate", "16", "EXPLICIT")]
    assert ("AUDIT-SCORE-FUNDS", "error", "20") in found(ocr.replace("80% 16", "80% 20"))


# ---- a funds block a cell a line, rows closed by a line of bars ----------------------------------------

CELL_LINES = """项目支出绩效自评表 |
项目名称 |
东湖绿道维护费 |
|||||||||
项目资金 (万元) |
|
年初预算数 |
全年预算数 |
全年执行数 |
分值 |
执行率 |
得分 |
||||||
年度资金总额 |
120万 |
120万 |
96万 |
10 |
80% |
8 |
|||||||
其中:当年财政拨款 |
120万 |
120万 |
96万 |
— |
|
— |
|||||||
上年结转资金 |
0 |
0 |
0 |
— |
|
— |
|||||||
其他资金 |
0 |
0 |
0 |
— |
|
— |
|||||||
年度总体目标 |
"""


def test_a_cell_a_line_block_whose_rows_close_with_bars_is_read():
    read = kinds(CELL_LINES)
    assert ("rate", "80", "EXPLICIT") in read
    assert ("score-rate", "8", "INFERRED") in read
    assert [k for k in read if k[0] == "sum"] == [("sum", "120", "EXPLICIT"), ("sum", "96", "EXPLICIT")]
    assert not found(CELL_LINES)


def test_a_cell_a_line_block_rate_off_its_amounts_is_an_error():
    bad = CELL_LINES.replace("80% |\n8 |", "90% |\n9 |")
    assert ("AUDIT-RATE", "error", "90%") in found(bad)


def test_a_row_short_of_cells_before_its_bars_is_not_read_across_them():
    # the 年度资金总额 row lost its score cell: the bars close it, the next row's name is no cell of it
    short = CELL_LINES.replace("80% |\n8 |\n|||||||", "80% |\n|||||||")
    assert ("rate", "80", "EXPLICIT") not in kinds(short)
    assert not {f for f in found(short) if f[1] == "error"}


# ---- an indicator row a line, its name right after its number -----------------------------------------

BARE = """一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 指标1新植乔木株数 300 300 10 10
质量指标 指标2苗木成活率 95 96 10 10
"""


def test_an_indicator_row_whose_name_follows_its_number_is_read():
    assert not found(BARE)
    assert ("AUDIT-SCORE-MAX", "error", "12") in found(BARE.replace("95 96 10 10", "95 96 10 12"))


def test_such_a_row_without_a_header_naming_its_columns_is_not_read():
    # which figure is the weight? without the header the four bare figures are not placed
    headless = BARE.split("\n", 1)[1].replace("95 96 10 10", "95 96 10 12")
    assert not found(headless)


# ---- a | indicator row opening with 成本指标 (a 一级 of the newer forms, a 二级 of the older) ---------------

OLD_FORM = """绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
产出指标(60分) | 数量指标 | 新建步道长度 | 3公里 | 3公里 | 20 | 20 ||||
质量指标 | 验收合格率 | 100% | 100% | 20 | 20 |||||
成本指标 | 每公里造价 | ≤40万元 | 38万元 | 20 | 20 |||||
效益指标(30分) | 社会效益指标 | 年游客量 | ≥5万人次 | 6万人次 | 30 | 30 ||||
满意度指标(10分) | 服务对象满意度指标 | 游客满意度 | ≥90% | 95% | 10 | 10 |||
总分 | 100 | 100 |||||||
"""

NEW_FORM = """绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
产出指标(40分) | 数量指标 | 新建步道长度 | 3公里 | 3公里 | 20 | 20 ||||
质量指标 | 验收合格率 | 100% | 100% | 20 | 20 |||||
成本指标(20分) | 经济成本指标 | 每公里造价 | ≤40万元 | 38万元 | 20 | 20 ||||
效益指标(30分) | 社会效益指标 | 年游客量 | ≥5万人次 | 6万人次 | 30 | 30 ||||
满意度指标(10分) | 服务对象满意度指标 | 游客满意度 | ≥90% | 95% | 10 | 10 |||
总分 | 100 | 100 |||||||
"""


def totals(text: str) -> list[tuple[str, list[str]]]:
    from jixiao.audit.score_rows import extract_indicator_rows
    return [(r.claim.text, [o.figure.text for o in r.operands])
            for r in extract_indicator_rows(lines_of(text)).relations if r.kind == "score-total"]


def test_a_second_level_cost_row_told_by_its_cells_is_read_and_its_group_summed():
    assert ("60", ["20", "20", "20"]) in totals(OLD_FORM)
    assert not found(OLD_FORM)
    bad = OLD_FORM.replace("| 38万元 | 20 | 20 |", "| 38万元 | 25 | 20 |")
    assert ("AUDIT-SCORE-WEIGHTS", "error", "60") in found(bad)


def test_a_first_level_cost_group_told_by_its_cells_is_summed():
    assert ("40", ["20", "20"]) in totals(NEW_FORM)
    assert not found(NEW_FORM)
    assert ("AUDIT-SCORE-MAX", "error", "22") in found(NEW_FORM.replace("| 38万元 | 20 | 20 |", "| 38万元 | 20 | 22 |"))


def test_a_cost_row_whose_cells_fit_neither_level_is_not_read():
    # a target lost besides the label cells: five cells fit neither a 一级 nor a 二级 row
    short = OLD_FORM.replace("成本指标 | 每公里造价 | ≤40万元 | 38万元 | 20 | 20 |", "成本指标 | 每公里造价 | 38万元 | 20 | 20 |")
    assert ("60", ["20", "20", "20"]) not in totals(short)
    assert not {f for f in found(short.replace("产出指标(60分)", "产出指标(65分)")) if f[0] == "AUDIT-SCORE-WEIGHTS"}


# ---- known gaps --------------------------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="the indicator block of a form a PDF flattened onto one line is not read: "
                                       "its rows' names, text targets and figures are not told apart")
def test_a_score_above_its_weight_in_a_one_line_indicator_block():
    one_line = ("绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 "
                "产出指标(40分) 数量指标 新建步道长度 ≥3公里 3 20 22 质量指标 验收合格率 达到标准 达成预期指标 20 20 "
                "效益指标(60分) 社会效益指标 年游客量 ≥5万人次 6 60 60")
    assert ("AUDIT-SCORE-MAX", "error", "22") in found(one_line)
