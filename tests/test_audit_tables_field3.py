"""自评表 as real published text carries them (fourth table round), on tables written for these tests
(never copied from real reports): the funds block of a form a PDF flattened onto one line, a Word
table flattened one paragraph a cell with empty lines between the cells, and a ``|`` funds block with
a fund the row names do not know."""
from __future__ import annotations

from jixiao.audit.engine import Auditor, audit_text
from jixiao.audit.funds_rows import extract_funds_rows
from jixiao.ingest.published import make_lines

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


def lines_of(text: str) -> list[str]:
    return [line.text for line in make_lines([(t, f"L{k + 1}") for k, t in enumerate(text.split("\n"))])]


# ---- the funds block flattened onto one line --------------------------------------------------

ONE_LINE = ("某县项目支出绩效自评表 (2022年度) 项目名称 道路养护经费 主管部门 某县交通局 项目资金 (万元) "
            "年度资金总额 其中:当年财政拨款 实施单位 某县公路站 全年预算数 全年执行数 分值 执行率 得分 "
            "80.00 72.00 10 90% 9 80.00 72.00 — 90% — 上年结转资金 — — 其他资金 — — 年度总体目标 完成道路养护")


def test_a_funds_block_on_one_line_is_read_and_holds():
    out = extract_funds_rows(lines_of(ONE_LINE))
    kinds = sorted(r.kind for r in out.relations)
    assert kinds == ["rate", "rate", "score-max", "score-rate"] and out.unclear == 0
    assert not found(ONE_LINE)


def test_a_funds_block_on_one_line_with_a_wrong_rate_is_an_error():
    bad = ONE_LINE.replace("10 90% 9", "10 95% 9")
    assert ("AUDIT-RATE", "error", "95%") in found(bad)


def test_a_funds_block_on_one_line_scored_above_its_weight_is_an_error():
    bad = ONE_LINE.replace("10 90% 9", "10 90% 12")
    assert ("AUDIT-SCORE-MAX", "error", "12") in found(bad)


def test_figures_on_one_line_that_do_not_cut_into_rows_are_counted_not_read():
    # the second row lost a cell: nine figures under five names
    short = ONE_LINE.replace("80.00 72.00 — 90% —", "72.00 — 95% —")
    out = extract_funds_rows(lines_of(short))
    assert not out.relations and out.unclear == 1
    assert not found(short)


def test_a_row_on_one_line_whose_percentage_stands_under_another_column_is_counted():
    shifted = ONE_LINE.replace("80.00 72.00 10 90% 9 80.00 72.00 — 90% —", "年度资金总额 80.00 10 90% 9 72.00")
    out = extract_funds_rows(lines_of(shifted))
    assert not out.relations and out.unclear == 1


# ---- one paragraph a cell, empty lines between the cells ---------------------------------------

PARAGRAPHS = """项目属性

1、持续性项目

预算执行情况(万元)

(20分)


预算数(A)

执行数(B)

执行率(B/A)

得分

(20分*执行率)



年度财政资金总额

40

30

75

15



年度绩效目标

(80分)
"""


def test_a_funds_block_a_paragraph_a_cell_is_read():
    out = extract_funds_rows(lines_of(PARAGRAPHS))
    assert sorted(r.kind for r in out.relations) == ["rate", "score-max", "score-rate"]
    assert not found(PARAGRAPHS)


def test_a_paragraph_funds_block_with_a_wrong_rate_is_an_error():
    bad = PARAGRAPHS.replace("\n75\n", "\n80\n")
    assert ("AUDIT-RATE", "error", "80%") in found(bad)


def test_a_paragraph_funds_block_scored_off_its_printed_rule_is_an_error():
    bad = PARAGRAPHS.replace("\n15\n", "\n13\n")
    assert ("AUDIT-SCORE-FUNDS", "error", "13") in found(bad)


def test_a_bare_rate_no_larger_than_one_and_a_half_is_not_read_as_a_percentage():
    fraction = PARAGRAPHS.replace("\n75\n", "\n0.75\n")
    out = extract_funds_rows(lines_of(fraction))
    assert not out.relations and out.unclear == 1


# a header whose names a Word table wrapped onto two paragraphs, an empty cell a line of spaces
WRAPPED = """项目资金
(万元)

 

年初

预算数

全年

预算数

全年

执行数

分值

执行率

得分

年度资金总额

50

60

45

10

75%

7.5

其中:当年财政拨款

50

60

45

 

上年结转资金

 

 

年度总体目标
"""


def test_a_wrapped_paragraph_header_is_put_back():
    out = extract_funds_rows(lines_of(WRAPPED))
    rate = next(r for r in out.relations if r.kind == "rate")
    assert [o.figure.text for o in rate.operands] == ["45", "60"]   # 全年预算数, not 年初预算数
    assert out.unclear == 1   # the 当年财政拨款 row lost the cells its weight, rate and score stood in
    assert not found(WRAPPED)
    assert ("AUDIT-RATE", "error", "70%") in found(WRAPPED.replace("75%", "70%"))


# ---- a | funds block with a fund the row names do not know --------------------------------------

PIPES = """资金投入情况(万元) | 全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) | ||||
年度资金总额: | 300 | 300 | 100% | ||||
其中:中央财政资金 | 100 | 100 | 100% | ||||
福利彩票公益金 | 0 | 0 | 100% | ||||
地方资金 | 200 | 200 | 100% | ||||
其他资金 | ||||||
资金管理情况 | 情况说明 | 存在问题和改进措施 | ||||
"""


def test_a_fund_of_another_name_in_a_pipe_block_is_read():
    out = extract_funds_rows(lines_of(PIPES))
    assert len([r for r in out.relations if r.kind == "rate"]) == 3 and out.unclear == 0
    assert not found(PIPES)
    bad = PIPES.replace("地方资金 | 200 | 200 | 100%", "地方资金 | 200 | 200 | 90%")
    assert ("AUDIT-RATE", "error", "90%") in found(bad)


# ---- a | indicator block whose rows lost the label cells merged from above ----------------------

INDICATORS = """绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
产出指标(60分) | 数量指标 | 修缮校舍面积 | ≥800平方米 | 820平方米 | 15 | 15 ||||
新增课桌椅 | 300 | 300 | 15 | 15 |||||
质量指标 | 验收合格率 | 100% | 100% | 15 | 15 |||||
时效指标 | 完工时间 | 10 | 11 | 15 | 12 | 延期一个月 ||||
效益指标(30分) | 社会效益 指标 | 受益学生数 | 1200 | 1250 | 30 | 30 ||||
满意度指标(10分) | 服务对象满意度指标 | 师生满意度 | ≥90% | 95% | 10 | 10 |||
总分 | 100 | 97 |||||||
"""


def test_indicator_rows_that_lost_their_label_cells_are_read():
    from jixiao.audit.score_rows import extract_indicator_rows
    out = extract_indicator_rows(lines_of(INDICATORS))
    rows = [r for r in out.relations if r.kind == "score-max"]
    assert [r.claim.text for r in rows] == ["15", "15", "15", "12", "30", "10"] and out.unclear == 0
    assert [r.operands[0].figure.text for r in rows] == ["15", "15", "15", "15", "30", "10"]
    assert not {f for f in found(INDICATORS) if f[0] == "AUDIT-SCORE-MAX"}


def test_an_indicator_scored_above_its_weight_in_a_row_that_lost_its_labels_is_an_error():
    bad = INDICATORS.replace("新增课桌椅 | 300 | 300 | 15 | 15", "新增课桌椅 | 300 | 300 | 15 | 18")
    assert ("AUDIT-SCORE-MAX", "error", "18") in found(bad)
    bad = INDICATORS.replace("完工时间 | 10 | 11 | 15 | 12", "完工时间 | 10 | 11 | 15 | 16")
    assert ("AUDIT-SCORE-MAX", "error", "16") in found(bad)


def test_an_indicator_row_short_of_a_cell_is_counted_not_read():
    # the target or the actual lost: which of 300, 15, 18 is the weight cannot be told
    from jixiao.audit.score_rows import extract_indicator_rows
    short = INDICATORS.replace("新增课桌椅 | 300 | 300 | 15 | 15", "新增课桌椅 | 300 | 15 | 18")
    out = extract_indicator_rows(lines_of(short))
    assert len([r for r in out.relations if r.kind == "score-max"]) == 5 and out.unclear == 1
    assert not {f for f in found(short) if f[0] == "AUDIT-SCORE-MAX"}


def test_an_indicator_row_named_like_a_second_level_that_does_not_fit_is_counted():
    # 服务对象满意度 is the 三级 name here (its 一级 and 二级 merged from above): named like a 二级,
    # the row is one cell short of that reading, and its score is not taken for its weight
    from jixiao.audit.score_rows import extract_indicator_rows
    text = INDICATORS.replace("满意度指标(10分) | 服务对象满意度指标 | 师生满意度 |", "服务对象满意度 |")
    out = extract_indicator_rows(lines_of(text))
    assert len([r for r in out.relations if r.kind == "score-max"]) == 5 and out.unclear == 1


def test_a_group_weight_is_the_sum_of_its_indicators_weights():
    from jixiao.audit.score_rows import extract_indicator_rows
    out = extract_indicator_rows(lines_of(INDICATORS))
    group = [r for r in out.relations if r.kind == "score-total"]
    assert [(r.claim.text, [o.figure.text for o in r.operands]) for r in group] == [("60", ["15", "15", "15", "15"])]
    bad = INDICATORS.replace("产出指标(60分)", "产出指标(65分)")
    assert ("AUDIT-SCORE-WEIGHTS", "error", "65") in found(bad)
    bad = INDICATORS.replace("新增课桌椅 | 300 | 300 | 15 | 15", "新增课桌椅 | 300 | 300 | 20 | 15")
    assert ("AUDIT-SCORE-WEIGHTS", "error", "60") in found(bad)


def test_a_group_with_a_row_not_read_is_not_summed():
    short = INDICATORS.replace("新增课桌椅 | 300 | 300 | 15 | 15", "新增课桌椅 | 300 | 15 | 15").replace(
        "产出指标(60分)", "产出指标(65分)")
    assert not {f for f in found(short) if f[0] == "AUDIT-SCORE-WEIGHTS"}


def test_a_group_the_text_cuts_off_is_flagged_only_when_its_weights_add_up_to_more():
    cut = INDICATORS.split("效益指标(30分)")[0].replace("产出指标(60分)", "产出指标(70分)")
    assert not {f for f in found(cut) if f[0] == "AUDIT-SCORE-WEIGHTS"}
    over = cut.replace("产出指标(70分)", "产出指标(50分)")
    assert ("AUDIT-SCORE-WEIGHTS", "error", "50") in found(over)


def test_a_row_of_another_groups_second_level_leaves_the_group_unsummed():
    # a 社会效益 row under 产出指标 (its own 一级 cell lost): the group's rows are not all its own
    odd = INDICATORS.replace("时效指标 | 完工时间", "社会效益指标 | 完工时间").replace("产出指标(60分)", "产出指标(65分)")
    assert not {f for f in found(odd) if f[0] == "AUDIT-SCORE-WEIGHTS"}


def test_the_blocks_weight_is_the_sum_of_every_indicators_weight():
    block = INDICATORS.replace("绩效指标 | 一级指标", "绩效指标(100分) | 一级指标")
    assert not {f for f in found(block) if f[0] == "AUDIT-SCORE-WEIGHTS"}
    bad = block.replace("绩效指标(100分)", "绩效指标(90分)")
    assert ("AUDIT-SCORE-WEIGHTS", "error", "90") in found(bad)
    # a row not read: the rows' 分值 are not summed, the groups' weights (60 + 30 + 10) still are
    from jixiao.audit.score_rows import extract_indicator_rows
    short = bad.replace("新增课桌椅 | 300 | 300 | 15 | 15", "新增课桌椅 | 300 | 15 | 15")
    totals = [r for r in extract_indicator_rows(lines_of(short)).relations if r.kind == "score-total"]
    assert [[o.figure.text for o in r.operands] for r in totals] == [["60", "30", "10"]]


# the indicator block of a form with no 分值 column: the groups' weights over the scores
NO_WEIGHTS = """年度绩效目标 (80分) | 一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分 | |||
产出指标(50分) | 数量指标 | 采购图书 | 2000册 | 2000册 | 20 | ||||
开放时长 | 全年开放 | 全年开放 | |||||||
质量指标 | 图书验收合格率 | 100% | 100% | 15 | |||||
时效指标 | 当年完成采购 | 12月 | 12月 | 15 | |||||
效益指标(20分) | 社会效益 | 借阅人次 | ≥5000人次 | 6000人次 | 20 | ||||
满意度指标(10分) | 服务对象满意度 | 读者满意度 | ≥90% | 96% | 10 | ||||
"""


def test_scores_under_a_group_add_up_to_no_more_than_its_weight():
    assert not {f for f in found(NO_WEIGHTS) if f[0] == "AUDIT-SCORE-TOTAL"}
    bad = NO_WEIGHTS.replace("产出指标(50分)", "产出指标(45分)")
    assert ("AUDIT-SCORE-TOTAL", "error", "45") in found(bad)


def test_the_groups_weights_add_up_to_the_blocks():
    bad = NO_WEIGHTS.replace("年度绩效目标 (80分)", "年度绩效目标 (75分)")
    assert ("AUDIT-SCORE-WEIGHTS", "error", "75") in found(bad)
    # the text stops after the last group: its weights falling short of the block's tell nothing
    assert not {f for f in found(NO_WEIGHTS.replace("(80分)", "(90分)")) if f[0] == "AUDIT-SCORE-WEIGHTS"}
    closed = NO_WEIGHTS.replace("(80分)", "(90分)") + "总分 | 85 | ||||\n"
    assert ("AUDIT-SCORE-WEIGHTS", "error", "90") in found(closed)


def test_full_marks_beside_an_unmet_target_is_a_warning():
    short = INDICATORS.replace("| ≥800平方米 | 820平方米 |", "| ≥800平方米 | 700平方米 |")
    assert ("AUDIT-SCORE-RATE", "warning", "15") in found(short)
    # a target printed bare (12 months: a time not to pass) or a score below full says nothing
    bare = INDICATORS.replace("| 10 | 11 | 15 | 12 |", "| 12 | 11 | 15 | 15 |")
    assert not {f for f in found(bare) if f[0] == "AUDIT-SCORE-RATE"}
    partial = short.replace("| 700平方米 | 15 | 15 |", "| 700平方米 | 15 | 13 |")
    assert not {f for f in found(partial) if f[0] == "AUDIT-SCORE-RATE"}
