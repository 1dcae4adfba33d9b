"""自评表 as real published text carries them (fifth table round), on tables written for these tests
(never copied from real reports): the funds block's total against the funds listed under it
(年度资金总额 = 其中：当年财政拨款 + 上年结转资金 + 其他资金), in a ``|`` table, one cell a line, one
paragraph a cell and flattened onto one line with the spaces between words taken out."""
from __future__ import annotations

from jixiao.audit.engine import Auditor, audit_text
from jixiao.audit.funds_rows import extract_funds_rows
from jixiao.ingest.published import make_lines

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


def lines_of(text: str) -> list[str]:
    return [line.text for line in make_lines([(t, f"L{k + 1}") for k, t in enumerate(text.split("\n"))])]


def sums(text: str) -> list[tuple[str, bool, str]]:
    return [(str(r.claim.value), r.complete, r.reading.name)
            for r in extract_funds_rows(lines_of(text)).relations if r.kind == "sum"]


# ---- a | funds block -----------------------------------------------------------------------------

PIPES = """项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
年度资金总额 | 60.00 | 64.00 | 56.00 | 10 | 87.5% | 8.75 |
其中：当年财政拨款 | 50.00 | 52.00 | 46.00 | — | 88.46% | — |
上年结转资金 | 10.00 | 12.00 | 10.00 | — | 83.33% | — |
其他资金 | 0 | 0 | 0 | — | — | — |
年度总体目标 | 完成东河堤段整治 |
"""


def test_a_funds_total_that_is_the_sum_of_its_funds_holds():
    assert sums(PIPES) == [("64.00", True, "EXPLICIT"), ("56.00", True, "EXPLICIT")]
    assert not found(PIPES)


def test_a_funds_total_short_of_its_funds_listed_in_full_is_an_error():
    bad = PIPES.replace("| 10 | 87.5% | 8.75 |", "| 10 | 87.5% | 8.75 |").replace(
        "年度资金总额 | 60.00 | 64.00 | 56.00", "年度资金总额 | 60.00 | 62.00 | 56.00").replace(
        "87.5% | 8.75", "90.32% | 9.03")
    assert ("AUDIT-SUM", "error", "62.00万元") in found(bad)


def test_a_funds_total_above_its_funds_when_one_fund_is_blank_is_not_an_error():
    # 其他资金 left blank: the funds listed may not be all of the total
    partial = PIPES.replace("其他资金 | 0 | 0 | 0 | — | — | — |", "其他资金 | | | | | | |").replace(
        "年度资金总额 | 60.00 | 64.00 | 56.00 | 10 | 87.5% | 8.75", "年度资金总额 | 60.00 | 70.00 | 56.00 | 10 | 80% | 8")
    assert ("70.00", False, "EXPLICIT") in sums(partial)
    assert not {f for f in found(partial) if f[1] == "error"}


def test_a_fund_above_its_total_is_an_error_even_when_a_fund_is_blank():
    bad = PIPES.replace("其他资金 | 0 | 0 | 0 | — | — | — |", "其他资金 | | | | | | |").replace(
        "年度资金总额 | 60.00 | 64.00 | 56.00 | 10 | 87.5% | 8.75", "年度资金总额 | 0 | 0 | 0 | 10 | — | 0")
    assert ("AUDIT-SUM", "error", "0万元") in found(bad)


def test_two_rows_of_one_fund_are_not_summed():
    twice = PIPES.replace("上年结转资金 | 10.00", "当年财政拨款 | 10.00")
    assert sums(twice) == []


def test_funds_of_another_name_leave_the_total_unsummed_in_full():
    other = PIPES.replace("其他资金 | 0 | 0 | 0 |", "其他资金 | 0 | 0 | 0 |") + ""
    other = other.replace("上年结转资金 | 10.00 | 12.00 | 10.00 | — | 83.33% | — |",
                          "上年结转资金 | 10.00 | 12.00 | 10.00 | — | 83.33% | — |\n地方配套资金 | 3 | 3 | 3 | — | 100% | — |")
    assert all(not complete for _, complete, _ in sums(other))


# ---- one cell a line, each closed by | (the 2023 form) ---------------------------------------------

CELLS = "\n".join(c + " |" for c in (
    "预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因",
    "总额", "120.00", "130.00", "117.00", "90.00%", "10", "9", "",
    "其中:财政资金", "100.00", "110.00", "99.00", "90.00%", "/", "/",
    "财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/",
    "单位资金", "20.00", "20.00", "18.00", "90.00%", "/", "/",
    "其他资金", "0.00", "0.00", "0.00", "0.00%", "/", "/",
    "绩效指标(90分)", "一级指标"))


def test_a_cell_a_line_funds_block_total_is_summed():
    assert sums(CELLS) == [("130.00", True, "EXPLICIT"), ("117.00", True, "EXPLICIT")]
    assert not found(CELLS)
    bad = CELLS.replace("单位资金 |\n20.00 |\n20.00 |\n18.00 |\n90.00% |", "单位资金 |\n20.00 |\n25.00 |\n18.00 |\n72.00% |")
    assert ("AUDIT-SUM", "error", "130.00万元") in found(bad)


# ---- one line, spaces between words taken out, parts printed with their money cells only ----------

ONE_LINE = ("附件:项目支出绩效自评表 (2023年度) 项目名称 西岭林区防火经费 主管部门 某县林业局 项目资金 (万元) "
            "年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 "
            "其中:本年财政拨款 45 44.5 44.5 上年结转资金 其他资金 年度总体目标 完成林区巡护")


def test_a_total_printed_0_above_a_fund_on_one_line_is_a_warning():
    assert sums(ONE_LINE) == [("0", False, "INFERRED"), ("0", False, "INFERRED")]
    got = found(ONE_LINE)
    assert ("AUDIT-SUM", "warning", "0万元") in got
    assert not {f for f in got if f[1] == "error"}


def test_a_total_on_one_line_that_holds_is_silent():
    fine = ONE_LINE.replace("年度资金总额: 0 0 0 10 0 0", "年度资金总额: 45 44.5 44.5 10 100% 10")
    assert not found(fine)


def test_a_row_name_glued_to_its_first_figure_is_read():
    # a reader took out the spaces between words: ``年度资金总额:45 44.5 …``
    glued = ONE_LINE.replace("年度资金总额: 0 0 0 10 0 0", "年度资金总额: 45 44.5 40 10 95% 10")
    out = extract_funds_rows(lines_of(glued))
    assert "rate" in {r.kind for r in out.relations}
    assert ("AUDIT-RATE", "error", "95%") in found(glued)


def test_a_short_row_of_a_fund_not_known_is_not_read_from_the_left():
    unknown = ONE_LINE.replace("其中:本年财政拨款 45", "其中:地方债券 45")
    assert sums(unknown) == []


# ---- indicator rows a line, target and actual bare numbers, the name glued to the first -------------

BARE = """年度绩效指标完成情况 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标(50分)
数量指标 指标1:新修机耕道条数 4 4 20 20
指标2:加固山塘座数 6 5 15 12.5
质量指标 指标1:验收合格率 100% 100% 15 15
"""


def test_indicator_rows_with_bare_targets_are_read():
    from jixiao.audit.score_rows import extract_score_rows
    out = extract_score_rows(lines_of(BARE))
    assert [(r.kind, str(r.claim.value)) for r in out.relations] == [
        ("score-max", "20"), ("score-max", "12.5"), ("score-max", "15")]
    assert not found(BARE)


def test_an_indicator_with_bare_targets_scored_above_its_weight_is_an_error():
    bad = BARE.replace("6 5 15 12.5", "6 5 15 16")
    assert ("AUDIT-SCORE-MAX", "error", "16") in found(bad)


def test_a_bare_row_with_a_year_after_its_weight_is_not_read_as_a_score():
    # the score left blank and the note opening with a year: 2023 is no score
    odd = BARE.replace("6 5 15 12.5", "6 5 15 2023 年汛期推迟")
    from jixiao.audit.score_rows import extract_score_rows
    assert [str(r.claim.value) for r in extract_score_rows(lines_of(odd)).relations] == ["20", "15"]
    assert not found(odd)


def test_two_bare_figures_are_no_row():
    # the target and actual are words; only 分值 and 得分 are figures: which is which is not sure
    two = BARE.replace("指标1:新修机耕道条数 4 4 20 20", "指标1:机耕道通行 良好 良好 20 20")
    from jixiao.audit.score_rows import extract_score_rows
    assert [str(r.claim.value) for r in extract_score_rows(lines_of(two)).relations] == ["12.5", "15"]


def test_bare_rows_are_not_read_without_a_header_naming_their_columns_in_order():
    # 分值 printed before the target (三级指标 | 分值 | 年度指标值 | 实际完成值 | 得分): the four bare
    # figures are in another order, not read
    other = BARE.replace("三级指标 年度指标值 实际完成值 分值 得分", "三级指标 分值 年度指标值 实际完成值 得分")
    from jixiao.audit.score_rows import extract_score_rows
    assert [str(r.claim.value) for r in extract_score_rows(lines_of(other)).relations] == ["15"]


# ---- the 2023 form as a | table: the rows under the total lack its last cell (原因) ----------------

SICHUAN = """预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
总额 | 40.00 | 48.00 | 45.60 | 95.00% | 10 | 9.5 | 1.预算执行率=预算执行数/调整后预算数，未达到90%的须说明原因。 |
其中:财政资金 | 40.00 | 44.00 | 42.00 | 95.45% | / | / |
财政专户管理资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / |
单位资金 | 0.00 | 4.00 | 3.60 | 90.00% | / | / |
其他资金 | / | / |
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
"""


def test_rows_short_of_the_reasons_cell_are_read():
    out = extract_funds_rows(lines_of(SICHUAN))
    assert sorted(r.kind for r in out.relations) == ["rate", "rate", "rate", "score-max", "score-rate", "sum", "sum"]
    assert out.unclear == 0 and not found(SICHUAN)


def test_a_wrong_rate_in_a_row_short_of_the_reasons_cell_is_an_error():
    bad = SICHUAN.replace("42.00 | 95.45%", "42.00 | 96.45%")
    assert ("AUDIT-RATE", "error", "96.45%") in found(bad)
    over = SICHUAN.replace("单位资金 | 0.00 | 4.00 | 3.60 | 90.00%", "单位资金 | 0.00 | 6.00 | 3.60 | 60.00%")
    assert ("AUDIT-SUM", "error", "48.00万元") in found(over)


def test_bare_rows_far_below_their_header_are_not_read():
    # another table, far below, may order its columns otherwise
    far = BARE.replace("产出指标(50分)\n", "产出指标(50分)\n" + "说明文字。\n" * 70)
    from jixiao.audit.score_rows import extract_score_rows
    assert [str(r.claim.value) for r in extract_score_rows(lines_of(far)).relations] == ["15"]


def test_a_fund_nested_under_another_is_no_part_of_the_total():
    # 中央财政资金 is part of 当年财政拨款, not a third fund beside it
    nested = PIPES.replace("上年结转资金 | 10.00", "其中：中央财政资金 | 30.00 | 30.00 | 30.00 | — | 100% | — |\n上年结转资金 | 10.00")
    assert all(not complete for _, complete, _ in sums(nested))
    assert not found(nested)


# ---- indicator rows of a Word table flattened one paragraph a cell ---------------------------------

PARA_ROWS = "\n\n".join((
    "一级指标", "二级指标", "三级指标", "年度", "指标值", "实际", "完成值", "分值", "得分", "偏差原因分析及改进措施",
    "产出指标", "数量指标", "指标1新建护坡长度", "1200", "1150", "20", "18", "部分地段延后施工",
    "指标2", " ", " ", " ", " ", " ",
    "质量指标", "指标1验收合格率", "100", "100", "20", "20", " ",
    "效益指标", "社会效益", "指标", "指标1受益农户数", "300", "320", "20", "20", "0",
    "满意度", "指标", "指标1群众满意度", "95%", "97%", "10", "10", " ",
    "总分", "90", "88"))


def test_indicator_rows_a_paragraph_a_cell_are_read():
    from jixiao.audit.score_rows import extract_score_rows
    out = extract_score_rows(lines_of(PARA_ROWS))
    # the row whose note is the figure 0 does not fit: counted
    assert [str(r.claim.value) for r in out.relations] == ["18", "20", "10"] and out.unclear == 1
    assert not {f for f in found(PARA_ROWS) if f[0] == "AUDIT-SCORE-MAX"}


def test_an_indicator_a_paragraph_a_cell_scored_above_its_weight_is_an_error():
    bad = PARA_ROWS.replace("20\n\n18\n\n部分", "20\n\n22\n\n部分")
    assert ("AUDIT-SCORE-MAX", "error", "22") in found(bad)


def test_paragraph_rows_under_a_header_without_target_and_actual_are_not_read():
    from jixiao.audit.score_rows import extract_score_rows
    other = PARA_ROWS.replace("年度\n\n指标值\n\n实际\n\n完成值\n\n", "")
    assert not extract_score_rows(lines_of(other)).relations
