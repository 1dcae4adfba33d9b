"""Tables as real published text carries them (third field round), on tables written for these
tests (never copied from real reports): a web page's table dumped one cell a line, each cell closed
by ``|`` and the row breaks lost, and a ``|`` table under a caption row that gives only its unit."""
from __future__ import annotations

from pathlib import Path

from jixiao.audit.engine import Auditor, audit_file, audit_text
from jixiao.audit.table_model import find_tables, is_caption
from jixiao.ingest.cell_lines import cell_of, grid_width
from jixiao.ingest.published import make_lines, read_published

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


def lines_of(text: str) -> list[str]:
    return [line.text for line in make_lines([(t, f"L{k + 1}") for k, t in enumerate(text.split("\n"))])]


# a 三公 budget table of two columns, one cell a line, every cell closed by "|"
ONE_A_LINE = """某单位2023年“三公”经费预算表
单位:万元
项目 |
预算数 |
合计 |
60 |
1.因公出国(境)费 |
0 |
2.公务接待费 |
12 |
3.公务用车购置及运行费 |
48 |
"""


def test_cells_a_line_are_put_back_into_rows():
    lines = lines_of(ONE_A_LINE)
    assert "合计 |60 |" in lines and "2.公务接待费 |12 |" in lines
    table = find_tables(lines)[0]
    assert [r.cells[:2] for r in table.rows][:2] == [["项目", "预算数"], ["合计", "60"]]


def test_a_table_a_cell_a_line_that_holds_gives_nothing():
    assert not found(ONE_A_LINE)


def test_a_table_a_cell_a_line_whose_total_fails_is_an_error():
    bad = ONE_A_LINE.replace("合计 |\n60 |", "合计 |\n66 |")
    assert ("AUDIT-TABLE-TOTAL", "error", "66") in found(bad)


def test_a_rebuilt_row_cites_the_line_its_cell_stood_on(tmp_path: Path):
    path = tmp_path / "r.txt"
    path.write_text(ONE_A_LINE.replace("合计 |\n60 |", "合计 |\n66 |"), "utf-8")
    doc, _ = read_published(str(path))
    assert doc is not None
    finding = next(f for f in audit_text(ONE_A_LINE.replace("合计 |\n60 |", "合计 |\n66 |"), AUDITOR).findings)
    row = next(line for line in doc.lines if line.text.startswith("合计 |"))
    assert row.place(row.text.index("66")) == ("L6", 1)   # the figure's own line, first column
    assert finding.rule_id == "AUDIT-TABLE-TOTAL"


def test_a_wider_table_a_cell_a_line_is_cut_by_its_header():
    text = """项目 |
预算数 |
决算数 |
合计 |
30.00 |
25.00 |
公务接待费 |
10.00 |
5.00 |
公务用车运行费 |
20.00 |
20.00 |
"""
    assert not found(text)
    assert ("AUDIT-TABLE-TOTAL", "error", "25.00") in found(text.replace("20.00 |\n20.00 |", "20.00 |\n22.00 |"))


def test_a_run_that_cuts_no_way_or_two_ways_is_left_alone():
    # a header of two rows (合计 over 购置 and 运行) makes the rows shorter than the header: no width fits
    two_rows = ["年度", "合计", "出国费", "接待费", "用车费", "合计", "购置", "运行",
                "2021年", "50", "0", "20", "30", "10", "20", "2022年", "45", "0", "15", "30", "5", "25"]
    assert grid_width(two_rows) is None
    # every row a label and one figure: two columns, one way only
    assert grid_width(["项目", "金额", "甲", "1", "乙", "2"]) == 2
    # a single data row could be cut as one row of four or two of two: not rebuilt
    assert grid_width(["项目", "金额", "甲", "1"]) is None
    text = "\n".join(f"{c} |" for c in two_rows) + "\n"
    assert all(line.count("|") == 1 for line in lines_of(text) if line)
    assert not found(text)


def test_only_lines_of_one_closed_cell_are_cells():
    assert cell_of("合计 |") == "合计" and cell_of("|") == ""
    assert cell_of("合计 | 60 |") is None and cell_of("合计 60") is None
    assert cell_of("这是一段很长的说明文字，" * 8 + "|") is None


# a "|" table whose unit stands in a row of its own over the header (a lone mark before it)
CAPTIONED = """某局2023年“三公”经费统计表 | ||
? | 单位:万元 | |
项 目 | 本年预算数 | 其中:财政拨款 |
合 计 | 30.00 | 30.00 |
1.因公出国(境)费 | 0 | 0 |
2.公务接待费 | 10.00 | 10.00 |
3.公务用车费 | 20.00 | 20.00 |
"""


def test_a_unit_caption_row_is_no_header():
    assert is_caption(["?", "单位:万元"]) and is_caption(["部门:某局", "金额单位：元"])
    assert not is_caption(["单位名称", "预算数"]) and not is_caption(["单位:万元", "12.00"])


def test_a_table_under_a_unit_caption_row_is_read():
    assert not found(CAPTIONED)
    bad = CAPTIONED.replace("| 20.00 | 20.00 |", "| 25.00 | 25.00 |")
    assert ("AUDIT-TABLE-TOTAL", "error", "30.00") in found(bad)


# the same kind of table drawn with box characters, as a Markdown table and as a +---+ grid
BOXED = """┌──────────────┬────────┬────────┐
│项目          │预算数  │决算数  │
├──────────────┼────────┼────────┤
│合计          │30.00   │25.00   │
├──────────────┼────────┼────────┤
│公务接待费    │10.00   │5.00    │
├──────────────┼────────┼────────┤
│公务用车运行费│20.00   │20.00   │
└──────────────┴────────┴────────┘
"""
MARKDOWN = """| 项目 | 预算数 | 决算数 |
|------|:------:|-------:|
| 合计 | 30.00 | 25.00 |
| 公务接待费 | 10.00 | 5.00 |
| 公务用车运行费 | 20.00 | 20.00 |
"""
GRID = """+--------------+--------+--------+
| 项目         | 预算数 | 决算数 |
+--------------+--------+--------+
| 合计         | 30.00  | 25.00  |
| 公务接待费   | 10.00  | 5.00   |
| 公务用车运行费 | 20.00 | 20.00 |
+--------------+--------+--------+
"""


def test_tables_drawn_in_text_that_hold_give_nothing():
    for text in (BOXED, MARKDOWN, GRID):
        assert not found(text), text


def test_tables_drawn_in_text_are_read_across_their_rules():
    for text in (BOXED, MARKDOWN, GRID):
        bad = text.replace("25.00", "26.00", 1)
        assert ("AUDIT-TABLE-TOTAL", "error", "26.00") in found(bad), text


def test_a_box_drawn_finding_cites_its_cell():
    bad = BOXED.replace("25.00", "26.00", 1)
    finding = next(f for f in audit_text(bad, AUDITOR).findings)
    start = bad.split("\n")[3].index("26.00") + 1
    assert finding.source.locator == f"L4:c{start}-{start + 4}"


def test_a_box_drawn_row_with_an_empty_cell_leaves_the_table_unchecked():
    # an empty cell inside the grid: which column the figures stand under is still known, but the
    # rows are read as a dump's, complete or not read at all
    text = BOXED.replace("│公务接待费    │10.00   │5.00    │", "│公务接待费    │        │5.00    │")
    assert not found(text.replace("25.00", "26.00", 1))


# a funds block whose header opens with the block's title and a caption over the budget columns,
# both standing above the rows' label cell
FUNDS = """预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||
总额 | 20.00 | 25.00 | 24.00 | 96.00% | 10 | 9.6 | 说明文字 | |||
其中:财政资金 | 20.00 | 25.00 | 24.00 | 96.00% | / | / | ||||
"""


def test_a_funds_header_under_a_budget_caption_lines_up_with_its_rows():
    assert not found(FUNDS)
    bad = FUNDS.replace("| 24.00 | 96.00% | 10 |", "| 24.00 | 90.00% | 10 |")
    assert ("AUDIT-RATE", "error", "90.00%") in found(bad)   # 24 / 25 = 96%, against 调整后预算数
    assert ("AUDIT-SCORE-MAX", "error", "12") in found(FUNDS.replace("| 10 | 9.6 |", "| 10 | 12 |"))


def test_a_box_drawn_table_in_a_file_is_not_taken_for_hard_wrapped_text(tmp_path: Path):
    # every line of a table drawn in text has the same width, as a text hard-wrapped at a margin
    # has: its rows are not joined into one paragraph
    path = tmp_path / "boxed.txt"
    path.write_text(BOXED.replace("25.00", "26.00", 1), "utf-8")
    doc, _ = read_published(str(path))
    assert doc is not None and sum(1 for line in doc.lines if line.text.startswith("│")) == 4
    assert ("AUDIT-TABLE-TOTAL", "error", "26.00") in {
        (f.rule_id, f.severity.value, f.claimed) for f in audit_file(str(path), AUDITOR).findings}


# a budget-execution table: two years' outturn, this year's budget, 完成预算% and 比上年增长% columns
EXECUTION = """项目\t2022年完成数\t2023年预算数\t2023年完成数\t完成预算%\t比上年增长%
一般公共预算收入\t5000\t5400\t5500\t101.85%\t10.00%
税收收入\t3000\t3300\t3150\t95.45%\t5.00%
非税收入\t2000\t2100\t2350\t111.90%\t17.50%
"""


def test_an_execution_table_that_holds_gives_nothing():
    assert not found(EXECUTION)


def test_a_completion_column_named_with_a_percent_sign_is_checked_within_its_year():
    # 3150 / 3300 = 95.45%; 2022年完成数 is never taken for the numerator
    assert ("AUDIT-RATE", "error", "97.45%") in found(EXECUTION.replace("95.45%", "97.45%"))


def test_a_rate_column_is_not_computed_across_years():
    # 执行率 = 2023年执行数 ÷ 2023年预算数: the first 执行数 column (2022) is last year's
    text = "项目\t2022年执行数\t2023年预算数\t2023年执行数\t执行率\n甲项目\t40.00\t50.00\t45.00\t90.00%\n乙项目\t30.00\t40.00\t40.00\t100.00%\n"
    assert not found(text)
    assert ("AUDIT-RATE", "error", "95.00%") in found(text.replace("90.00%", "95.00%"))


def test_a_growth_column_beside_a_budget_column_is_read_between_the_two_outturns_as_a_warning():
    # (3150 − 3000) ÷ 3000 = 5%; the growth might have been the budget's, so no more than a warning
    assert ("AUDIT-CHANGE-RATE", "warning", "7.00%") in found(EXECUTION.replace("5.00%", "7.00%"))


# a 支出决算表 by function dumped with "|": the 合计 row has no code, its empty code cell moved to
# the end of the row (or left in place)
BY_FUNCTION = """科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
合计 | 90.00 | 70.00 | 20.00 | |
201 | 一般公共服务支出 | 60.00 | 45.00 | 15.00 |
20101 | 人大事务 | 60.00 | 45.00 | 15.00 |
2010101 | 行政运行 | 45.00 | 45.00 | 0.00 |
2010108 | 代表工作 | 15.00 | 0.00 | 15.00 |
221 | 住房保障支出 | 30.00 | 25.00 | 5.00 |
22102 | 住房改革支出 | 30.00 | 25.00 | 5.00 |
2210201 | 住房公积金 | 30.00 | 25.00 | 5.00 |
"""


def test_a_total_row_that_lost_its_code_cell_lines_up_with_the_codes_column():
    assert not found(BY_FUNCTION)
    assert not found(BY_FUNCTION.replace("合计 | 90.00 | 70.00 | 20.00 | |", " | 合计 | 90.00 | 70.00 | 20.00 |"))
    bad = BY_FUNCTION.replace("合计 | 90.00 | 70.00", "合计 | 90.00 | 72.00")
    assert ("AUDIT-TABLE-TOTAL", "error", "72.00") in found(bad)


def test_a_class_against_its_items_in_a_code_table_dumped_with_bars():
    bad = BY_FUNCTION.replace("20101 | 人大事务 | 60.00", "20101 | 人大事务 | 62.00")
    assert ("AUDIT-TABLE-TOTAL", "error", "62.00") in found(bad)


def test_a_coded_row_short_of_a_cell_still_leaves_the_table_unchecked():
    # which cell a row that opens with its code lost is not told
    short = BY_FUNCTION.replace("2010108 | 代表工作 | 15.00 | 0.00 | 15.00 |", "2010108 | 代表工作 | 15.00 | 15.00 | |")
    assert not found(short.replace("合计 | 90.00 | 70.00", "合计 | 90.00 | 72.00"))


# a 三公 决算表 as a reader gives it (tabs, a merged cell written once): 预算数 and 决算数 over
# 合计 | 因公出国(境)费 | 公务用车购置及运行费 (over 小计 | 购置费 | 运行费) | 公务接待费, one row
SANGONG = (
    "某单位“三公”经费支出决算表\n单位:万元\n"
    "预算数\t\t\t\t\t\t决算数\t\t\t\t\t\n"
    "合计\t因公出国(境)费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国(境)费\t公务用车购置及运行费\t\t\t公务接待费\n"
    "\t\t小计\t公务用车购置费\t公务用车运行费\t\t\t\t小计\t公务用车购置费\t公务用车运行费\t\n"
    "20.00\t0.00\t14.00\t0.00\t14.00\t6.00\t17.50\t0.00\t12.50\t0.00\t12.50\t5.00\n"
)


def test_a_sangong_table_with_a_header_of_three_rows_that_holds_gives_nothing():
    assert not found(SANGONG)


def test_the_sangong_total_column_against_its_three_parts():
    # 决算数 合计 17.50 against 0.00 + 12.50 + 5.50 = 18.00: one row, but the three parts are all of 三公
    bad = SANGONG.replace("12.50\t0.00\t12.50\t5.00", "12.50\t0.00\t12.50\t5.50")
    assert ("AUDIT-TABLE-TOTAL", "error", "17.50") in found(bad)


def test_a_car_subtotal_against_its_purchase_and_running_costs():
    bad = SANGONG.replace("17.50\t0.00\t12.50\t0.00\t12.50", "17.50\t0.00\t12.50\t0.00\t11.50")
    assert ("AUDIT-TABLE-TOTAL", "error", "12.50") in found(bad)


def test_a_header_row_opening_with_he_ji_is_a_header():
    from jixiao.audit.table_model import Row, is_header
    names = ["合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费"]
    assert is_header(Row(0, names, names))
    assert not is_header(Row(0, ["合计", "优"], ["合计", "优"]))   # a total row of text cells


def test_a_spanning_header_cell_covers_the_holes_a_second_spanning_cell_leaves_below_it():
    from jixiao.audit.table_model import Header, _merge
    top = Header(["预算数", "", "", "", "", ""], [], ["预算数", "", "", "", "", ""])
    merged = _merge(top, ["合计", "因公出国费", "公务用车费", "", "", "公务接待费"])
    assert merged is not None and merged.groups == [[0, 1, 2, 3, 4, 5]]
    assert merged.names[5] == "预算数公务接待费"


# the funds block of a 项目支出绩效自评表 as a .docx reader gives it: the block's title cell spans the
# label column and the one after it, over the rows' own labels
FUNDS_TABS = (
    "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "\t年度资金总额\t40.00\t50.00\t45.00\t10\t90.00%\t9.00\n"
    "\t其中：当年财政拨款\t40.00\t50.00\t45.00\t—\t—\t—\n"
)


def test_a_funds_block_whose_title_spans_two_columns_lines_up_with_its_rows():
    assert not found(FUNDS_TABS)
    # 得分 9.50 against 10 × 90% = 9: the scoring rule is not printed, so a warning
    assert ("AUDIT-SCORE-FUNDS", "warning", "9.50") in found(FUNDS_TABS.replace("90.00%\t9.00", "90.00%\t9.50"))


# the same kind of table with each cell's text on a line of its own and a line of "|" after each cell
# (an empty cell: a "|" right after a "|"); a long name runs over two lines
BARRED = """某单位2023年“三公”经费预算表
单位:万元
项 目
|
预算数
|
合 计
|
26.00
|
因公出国(境)费
|
|
公务接待费
|
6.00
|
公务用车购置
及运行费
|
20.00
|
其中:公务用车运行费
|
20.00
|
二、情况说明
本单位2023年“三公”经费预算为26.00万元。
"""


def test_cells_between_lines_of_bars_are_put_back_into_rows():
    lines = lines_of(BARRED)
    assert "公务用车购置及运行费|20.00|" in lines and "因公出国(境)费||" in lines
    assert "二、情况说明" in lines   # the run ends at the first line that is no cell


def test_a_table_between_lines_of_bars_is_checked():
    assert not found(BARRED)
    bad = BARRED.replace("合 计\n|\n26.00", "合 计\n|\n28.00")
    assert ("AUDIT-TABLE-TOTAL", "error", "28.00") in found(bad)


def test_labels_alone_before_a_header_end_the_table_above_them():
    # a page's index rows, then titles alone on their rows, then the table: the index is no header of it
    text = """| 索引号 | 0001-2023 | 发布机构 | 某县财政局 |
| 文号 | 浏览量 | 12 |
附件 | |||
某县2023年“三公”经费统计表 | |||
项目 | 上年决算数 | 本年决算数 |
合计 | 30.00 | 24.00 |
1.公务接待费 | 10.00 | 8.00 |
2.公务用车运行费 | 20.00 | 16.00 |
"""
    assert not found(text)
    assert ("AUDIT-TABLE-TOTAL", "error", "24.00") in found(text.replace("| 20.00 | 16.00 |", "| 20.00 | 17.00 |"))


def test_a_row_of_blanks_inside_a_bar_table_keeps_the_table_whole():
    text = """项目 | 预算数 | 执行数 |
合计 | 30.00 | 24.00 |
公务接待费 | 10.00 | 8.00 |
因公出国(境)费 | ||
公务用车运行费 | 20.00 | 16.00 |
"""
    assert not found(text)
    assert ("AUDIT-TABLE-TOTAL", "error", "24.00") in found(text.replace("| 20.00 | 16.00 |", "| 20.00 | 17.00 |"))


def test_the_parts_a_qizhong_row_lists_never_exceed_the_row_above_it():
    text = """项 目 | 预算数 |
合 计 | 30.00 |
1.公务接待费 | 10.00 |
2.公务用车费 | 20.00 |
其中:(1)公务用车运行费 | 15.00 |
(2)公务用车购置费 | 5.00 |
"""
    assert not found(text)
    assert not found(text.replace("| 5.00 |", "| 2.00 |"))   # a 其中 may fall short: it may list some parts only
    bad = text.replace("2.公务用车费 | 20.00 |", "2.公务用车费 | 0 |")
    assert ("AUDIT-TABLE-TOTAL", "error", "0") in found(bad)   # 15 + 5 under a row of 0


# the same funds block dumped one cell a line, with a long note cell and a blank score
FUNDS_CELLS = """预算执行情况(10分) |
年度预算数(万元) |
年初预算 |
调整后预算数 |
预算执行数 |
预算执行率 |
权重 |
得分 |
原因 |
总额 |
20.00 |
25.00 |
24.00 |
96.00% |
10 |
|
1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的须说明原因（本说明写得较长，以免被当作一个短单元格）；2.年中调整预算的须说明理由。 |
其中:财政资金 |
20.00 |
25.00 |
24.00 |
96.00% |
/ |
/ |
单位资金 |
0.00 |
0.00 |
0.00 |
0.00% |
/ |
/ |
"""


def test_a_funds_block_a_cell_a_line_is_read_row_by_row():
    assert not found(FUNDS_CELLS)
    bad = FUNDS_CELLS.replace("24.00 |\n96.00% |\n10 |", "24.00 |\n98.00% |\n10 |")
    assert ("AUDIT-RATE", "error", "98.00%") in found(bad)
    # a row whose cells do not stand under their columns is counted, not read
    shifted = FUNDS_CELLS.replace("其中:财政资金 |\n20.00 |", "其中:财政资金 |\n说明 |\n20.00 |")
    assert not found(shifted.replace("25.00 |\n24.00 |\n96.00% |\n/", "25.00 |\n24.00 |\n50.00% |\n/"))
    assert audit_text(shifted, AUDITOR).unclear == 1


def test_a_rate_is_never_read_between_two_years_columns():
    # last year's outturn beside this year's budget: the 执行率 column is last year's own, unread
    text = "项目\t2022年执行数\t2023年预算数\t执行率\n甲项目\t45.00\t50.00\t80.00%\n乙项目\t40.00\t40.00\t95.00%\n"
    assert not found(text)
