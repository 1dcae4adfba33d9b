"""Tables as real published text carries them, on tables written for these tests (never copied from
real reports): rows of cells split by ``|`` (a web page's table dumped as text, its merged and empty
cells moved to the end of the row) and a table of changes against last year."""
from __future__ import annotations

from jixiao.audit.engine import Auditor, audit_text
from jixiao.audit.table_model import find_tables, packed_aligned, split_panels

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


# a 三公 table dumped from a web page: the header's last cell spans two columns, split by a second row
CHANGES = """某单位2022年“三公”经费决算情况表 | ||||
单位:万元 | ||||
项目 | 上年决算数 | 本年决算数 | 比上年增减情况 | |
增减金额 | 增减幅度 | |||
合计 | 50.00 | 40.00 | -10.00 | -20.00% |
1.因公出国(境)费 | 10.00 | 0 | -10.00 | -100% |
2.公务接待费 | 20.00 | 15.00 | -5.00 | -25.00% |
3.公务用车购置及运行费 | 20.00 | 25.00 | 5.00 | 25.00% |
"""


def test_a_pipe_table_of_changes_that_holds_gives_nothing():
    assert not found(CHANGES)


def test_a_pipe_table_total_row_against_its_rows():
    # 合计 本年 40.00 against 0 + 15.00 + 26.00 = 41.00
    bad = CHANGES.replace("| 20.00 | 25.00 | 5.00 | 25.00% |", "| 20.00 | 26.00 | 6.00 | 30.00% |")
    assert ("AUDIT-TABLE-TOTAL", "error", "40.00") in found(bad)


def test_a_change_amount_column_against_the_two_levels():
    bad = CHANGES.replace("| 20.00 | 15.00 | -5.00 |", "| 20.00 | 15.00 | -6.00 |").replace(
        "| 50.00 | 40.00 | -10.00 |", "| 50.00 | 40.00 | -11.00 |")
    assert ("AUDIT-CHANGE-AMOUNT", "error", "-6.00") in found(bad)


def test_a_change_rate_column_against_the_two_levels():
    bad = CHANGES.replace("| -5.00 | -25.00% |", "| -5.00 | -52.00% |")
    assert ("AUDIT-CHANGE-RATE", "error", "-52.00%") in found(bad)


def test_changes_printed_without_their_signs_are_read_by_size():
    unsigned = CHANGES.replace("-", "")
    assert not found(unsigned)   # nor is the column of changes summed: a fall and a rise look alike
    assert ("AUDIT-CHANGE-RATE", "error", "52.00%") in found(unsigned.replace("| 5.00 | 25.00% |\n3.", "| 5.00 | 52.00% |\n3."))


def test_tab_rows_of_changes_are_read_alike():
    text = "项目\t上年决算数\t本年决算数\t增减额\t增减率\n公务接待费\t8.00\t6.00\t-2.00\t-20.00%\n"
    assert ("AUDIT-CHANGE-RATE", "error", "-20.00%") in found(text)   # −2 / 8 = −25%
    assert not found(text.replace("-20.00%", "-25.00%"))


def test_a_packed_row_short_of_cells_leaves_the_table_unchecked():
    # the row of 公务接待费 lost a cell (empty in the page, moved to the end in the dump): its numbers
    # no longer stand under their columns, so no total of this table is read
    text = """项目 | 预算数 | 决算数 | 上年决算数 |
合计 | 30.00 | 12.00 | 20.00 |
公务接待费 | 10.00 | 2.00 | |
公务用车运行费 | 20.00 | 10.00 | 10.00 |
"""
    lines = text.splitlines()
    table = find_tables(lines)[0]
    assert not packed_aligned(split_panels(table)[0])
    assert not found(text)   # read column by column 合计 上年 20.00 would "differ" from 10.00


def test_a_packed_table_with_a_header_of_three_rows_is_not_read():
    text = """项目 | 合计 | 公务用车购置及运行费 | |
小计 | 购置费 | 运行费 | |
预算数 | 决算数 | 预算数 | 决算数 |
合计 | 10.00 | 8.00 | 5.00 | 4.00 |
"""
    assert not found(text)
    assert not packed_aligned(split_panels(find_tables(text.splitlines())[0])[0])


def test_a_line_with_one_bar_is_no_table_row():
    assert find_tables(["收入合计 | 100.00", "支出合计 100.00"]) == []


# a score card flattened a cell a line, with a 分值 column beside the 自评得分 column: the 合计 row
# has both totals, 分值 first
CARD = """部门整体支出绩效评价评分表
一级指标
二级指标
三级指标
评分标准
分值
自评得分
投入
(10分)
预算配置
(10分)
人员控制率
控制率不超过100%得满分
5
5
三公经费变动率
不增长得满分
5
4
过程
(10分)
预算执行
(10分)
预算完成率
按完成比例计分
10
9
合 计
20
18
"""


def test_a_card_with_a_weight_column_reads_both_totals():
    assert not found(CARD)
    assert ("AUDIT-SCORE-TOTAL", "error", "19") in found(CARD.replace("\n18\n", "\n19\n"))
    # the 分值 total against the weights (5 + 5 + 10 = 20)
    assert ("AUDIT-SCORE-TOTAL", "error", "25") in found(CARD.replace("\n20\n18\n", "\n25\n18\n"))


def test_a_card_dumped_a_cell_a_line_with_bars_is_read_alike():
    piped = "\n".join(line if line.startswith("部门") else f"{line} |" for line in CARD.splitlines()) + "\n"
    assert not found(piped)
    assert ("AUDIT-SCORE-TOTAL", "error", "19") in found(piped.replace("\n18 |", "\n19 |"))


def test_a_2020_form_flattened_a_cell_a_line_is_no_score_card():
    # amounts, targets and weights stand alone on their lines as scores would: not read as a score card
    text = """项目支出绩效自评表
预算执行情况(10分)
年初预算
调整后预算数
预算执行数
预算执行率
权重
得分
总额
120.50
130.25
130.25
100.00%
10
10
绩效指标(90分)
三级指标
指标值
度量单位
完成值
权重
得分
发放覆盖率
100
%
100
60
60
足额保障率
100
%
100
30
30
合计
100
"""
    assert not {f for f in found(text) if f[0].startswith("AUDIT-SCORE")}


def test_a_change_before_a_list_of_paragraphs_is_not_the_sum_of_their_levels():
    # the amount nearest 其中 is a change: the paragraphs' levels (30 + 8 + 12) do not divide it
    text = ("2024年，一般公共预算安排的“三公”经费支出共计70万元，比2023年预算数减少6万元，下降7.89%。其中：\n"
            "公务接待费30万元，比上年年初预算减少5万元。主要原因是压缩接待。\n"
            "因公出国(境)经费8万元，比上年年初预算增加1万元。\n"
            "公务用车购置费12万元，比上年年初预算减少2万元。\n"
            "公务用车运行维护费20万元，比上年年初预算持平。\n")
    assert not {f for f in found(text) if f[0] == "AUDIT-SUM"}


def test_a_funds_header_opening_with_a_column_name_shifts_its_rows_by_their_label():
    # the header's label cell (项目资金(万元)) stands on the line above: each row opens with its label
    text = ("项目资金(万元) |\n"
            "年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
            "年度资金总额 | 50.00 | 40.00 | 30.00 | 10 | 75.00% | 7.5 |\n")
    assert not found(text)
    assert ("AUDIT-RATE", "error", "70.00%") in found(text.replace("75.00%", "70.00%"))


def test_levels_named_by_their_years_are_last_years_and_this_years():
    text = "项目\t2022年预算数\t2023年预算数\t增减金额\t增减幅度\n公务接待费\t8.00\t6.00\t-2.00\t-20.00%\n"
    assert ("AUDIT-CHANGE-RATE", "error", "-20.00%") in found(text)   # −2 / 8 = −25%
    assert not found(text.replace("-20.00%", "-25.00%"))


def test_levels_of_two_measures_are_no_change():
    # 上年预算数 against 本年决算数: not one quantity's change
    text = "项目\t上年预算数\t本年决算数\t增减额\n公务接待费\t8.00\t6.00\t-3.00\n"
    assert not found(text)


def test_a_column_of_change_rates_printed_without_percent_signs_is_not_summed():
    # 增减幅度 -20 (%), the rows' rates -100, -25, 25: rates do not add up to the total's rate
    text = ("项目\t上年决算数\t本年决算数\t增减幅度\n合计\t50.00\t40.00\t-20.00\n"
            "因公出国(境)费\t10.00\t0\t-100.00\n公务接待费\t20.00\t15.00\t-25.00\n公务用车运行费\t20.00\t25.00\t25.00\n")
    assert not {f for f in found(text) if f[0] == "AUDIT-TABLE-TOTAL"}


def test_a_packed_second_header_row_splitting_a_middle_cell_leaves_the_table_unchecked():
    # 小计 | 人员经费 | 公用经费 split 基本支出, not the last cell 项目支出: read as splitting the last,
    # 人员经费 40 would be held against 公用经费 30 + 项目支出 20
    text = """科目 | 合计 | 基本支出 | 项目支出 | ||
小计 | 人员经费 | 公用经费 | |||
合计 | 90 | 70 | 40 | 30 | 20 |
行政运行 | 90 | 70 | 40 | 30 | 20 |
"""
    assert not found(text)
    assert not packed_aligned(split_panels(find_tables(text.splitlines())[0])[0])
