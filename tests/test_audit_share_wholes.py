"""Shares whose whole is stated more than once, or under another name: the whole is the one stated
amount the sentence's parts add up to.  Sentences written for these tests (never copied from real
reports)."""
from __future__ import annotations

from decimal import Decimal

from jixiao.audit.context import AuditContext
from jixiao.audit.engine import Auditor
from jixiao.findings import Severity
from jixiao.ingest.published import PublishedDoc, make_lines
from test_audit_field3 import found, result

# -- the whole's name is stated with several values: the one the parts add up to -------------------

SEVERAL = ("某市2021年财政收支情况\n"
           "（一）全市情况。一般公共预算收入完成8000万元，同比增长5.0%。\n"
           "（二）市本级情况。一般公共预算收入完成3000万元，同比增长2.0%。\n"
           "（三）收入结构。税收收入完成6000万元，占一般公共预算收入的{tax}%；"
           "非税收入完成2000万元，占一般公共预算收入的{other}%。")


def test_shares_of_a_whole_stated_twice_are_checked_against_the_one_their_parts_add_up_to():
    got = found(SEVERAL.format(tax="80.0", other="25.0"))
    assert ("AUDIT-SHARE", "error", "80.0%") in got
    assert not any(r == "AUDIT-SHARE" and c == "25.0%" for r, _, c in got)


def test_right_shares_of_a_whole_stated_twice_say_nothing():
    assert not any(r == "AUDIT-SHARE" for r, _, _ in found(SEVERAL.format(tax="75.0", other="25.0")))


def test_parts_that_fit_none_of_the_values_are_not_checked():
    # 6000 + 1500 is neither 8000 nor 3000: which whole the shares are of is not told
    text = SEVERAL.format(tax="80.0", other="25.0").replace("非税收入完成2000万元", "非税收入完成1500万元")
    assert not any(r == "AUDIT-SHARE" for r, _, _ in found(text))


# -- the whole named by another name: the amount with the same last word the parts add up to ----

OTHER_NAME = ("某县2021年财政收支情况\n"
              "一、截至2021年底，累计完成公共财政预算总收入5000万元，比上年增加300万元。\n"
              "二、分收入结构看：累计完成税收收入3000万元，增加100万元，税收占财政总收入的比重为{tax}%；"
              "累计完成非税收入2000万元，非税收入占财政总收入比重为{other}%。")


def test_a_wrong_share_of_a_whole_under_another_name_is_a_warning():
    assert found(OTHER_NAME.format(tax="63.00", other="40.00")) == {("AUDIT-SHARE", "warning", "63.00%")}


def test_right_shares_of_a_whole_under_another_name_say_nothing():
    assert not found(OTHER_NAME.format(tax="60.00", other="40.00"))


def test_no_amount_of_that_last_word_adds_up_no_check():
    # the stated 总收入 is 5200, not 3000 + 2000: nothing tells the whole
    text = OTHER_NAME.format(tax="63.00", other="40.00").replace("总收入5000万元", "总收入5200万元")
    assert not any(r == "AUDIT-SHARE" for r, _, _ in found(text))


# -- one finding per rule, place and figure: a certain reading outranks an inferred one ----------

def _context() -> AuditContext:
    auditor = Auditor()
    doc = PublishedDoc("t", make_lines([("支出合计100万元，占比50%。", "L1")]))
    return AuditContext.build(doc, auditor.rules, auditor.rates, auditor.strict)


def test_an_error_replaces_the_warning_on_the_same_figure_and_not_the_other_way():
    ctx = _context()
    ctx.emit("AUDIT-SHARE", (0, 9, 12), claimed="50%", expected="40%", inferred=True,
             label="支出", part="100万元", whole="250万元")
    ctx.emit("AUDIT-SHARE", (0, 9, 12), claimed="50%", expected="40%", label="支出", part="100万元", whole="250万元")
    ctx.emit("AUDIT-SHARE", (0, 9, 12), claimed="50%", expected="45%", inferred=True,
             label="支出", part="100万元", whole="222万元")
    assert [(f.severity, f.expected) for f in ctx.findings] == [(Severity.ERROR, "40%")]
    assert Decimal(ctx.findings[0].expected.rstrip("%")) == 40


# -- a total of income and spending alike, then each side's list --------------------------------

BOTH = ("某局2022年部门预算说明\n"
        "一、收支预算总体情况。2022年收支总预算{total}万元，收入包括：一般公共预算拨款收入{a}万元、"
        "政府性基金预算拨款收入200万元；支出包括：一般公共服务支出{c}万元、教育支出150万元、"
        "卫生健康支出50万元。")


def test_both_sides_adding_up_to_the_total_say_nothing():
    assert not found(BOTH.format(total="1000.00", a="800.00", c="800.00"))


def test_a_total_both_sides_disagree_with_alike_is_an_error():
    assert found(BOTH.format(total="1080.00", a="800.00", c="800.00")) == {("AUDIT-SUM", "error", "1080.00万元")}


def test_one_side_adding_up_to_more_than_the_total_is_an_error():
    assert found(BOTH.format(total="1000.00", a="800.00", c="900.00")) == {("AUDIT-SUM", "error", "1000.00万元")}


def test_one_side_far_short_of_the_total_may_leave_items_out():
    # spending 600 + 150 + 50 = 800 of 1000: its list may name only some items; income adds up
    assert not any(r == "AUDIT-SUM" and s == "error" for r, s, _ in found(BOTH.format(total="1000.00", a="800.00",
                                                                                       c="600.00")))


def test_the_second_side_in_a_sentence_of_its_own():
    text = ("本部门2022年财政拨款收支预算{total}万元。收入包括：一般公共预算拨款收入800万元，政府性基金预算拨款收入"
            "200万元。支出包括：一般公共服务支出800万元，城乡社区支出200万元。")
    assert not found(text.format(total="1000"))
    assert found(text.format(total="1100")) == {("AUDIT-SUM", "error", "1100万元")}


def test_each_side_with_its_own_total_is_no_total_of_both():
    text = ("2022年收入预算1000万元，收入包括：一般公共预算拨款收入800万元，政府性基金预算拨款收入200万元。"
            "支出预算1000万元，支出包括：基本支出700万元，项目支出300万元。")
    assert not found(text)


def test_sides_that_list_their_main_items_only_confirm_nothing():
    # 主要包括: the sides name their main items; both short alike is no error of the total
    text = BOTH.format(total="1080.00", a="800.00", c="800.00").replace("包括", "主要包括")
    assert not any(s == "error" for _, s, _ in found(text))


# -- an amount named only by its measure takes the sentence's subject ---------------------------

SANGONG = ("某局2022年度部门决算说明\n"
           "（一）“三公”经费总体情况。2022年度“三公”经费支出预算为12.00万元，支出决算为{total}万元，"
           "完成预算的{rate}%。\n"
           "（二）“三公”经费具体情况。\n"
           "2022年度“三公”经费支出决算中，因公出国（境）费0.00万元；公务接待费3.00万元；"
           "公务用车购置及运行费7.00万元。")


def test_a_total_named_by_its_measure_alone_is_the_sentence_subjects():
    got = found(SANGONG.format(total="9.00", rate="75.00"))
    assert got == {("AUDIT-SUM", "warning", "9.00万元")}   # read across sentences: a warning


def test_a_total_so_named_that_adds_up_says_nothing():
    assert not found(SANGONG.format(total="10.00", rate="83.33"))


def test_a_first_clause_naming_no_measure_gives_no_subject():
    # ``支出决算`` after a clause with no measure word of its own: which whole is not told
    text = SANGONG.format(total="9.00", rate="75.00").replace("支出预算为12.00万元", "有关情况良好，预算12.00万元")
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(text))


# -- a change stated after a 其中 list, of the whole named by its measure in the sentence before ----

CHANGE_AFTER_LIST = ("某协会2022年度“三公”经费支出年初预算为8000.00元，支出决算为8,000.00元，完成年初预算的100%。"
                     "其中：因公出国（境）费支出决算为0.00元；公务用车运行维护费支出决算为6,000.00元；"
                     "公务接待费支出决算为2,000.00元。2022年度“三公”经费支出决算数比上年减少500.00元，下降{rate}%。")


def test_a_change_after_a_list_is_of_the_whole_named_by_its_measure_before_it():
    # 500 ÷ (8000 + 500) = 5.88%
    assert ("AUDIT-CHANGE-RATE", "warning", "6.25%") in found(CHANGE_AFTER_LIST.format(rate="6.25"))


def test_such_a_change_that_fits_says_nothing():
    assert not found(CHANGE_AFTER_LIST.format(rate="5.88"))


def test_a_change_of_another_subject_after_the_list_is_not_read_so():
    text = CHANGE_AFTER_LIST.format(rate="6.25").replace("2022年度“三公”经费支出决算数比上年", "会议费比上年")
    assert not any(r == "AUDIT-CHANGE-RATE" for r, _, _ in found(text))


def test_a_change_of_both_sides_after_two_equal_totals_is_of_that_level():
    text = "2022年度收入总计900.00万元，支出总计900.00万元。收支较上年决算数减少100.00万元、下降{rate}%，主要原因是项目减少。"
    assert found(text.format(rate="11.1")) == {("AUDIT-CHANGE-RATE", "warning", "11.1%")}   # 100 ÷ 1000 = 10.0
    assert not found(text.format(rate="10.0"))
    # the two totals differ: which level the change is of is not told
    assert not found(text.format(rate="11.1").replace("支出总计900.00", "支出总计880.00"))


# -- the changes beside the levels of a 其中 list add up to the whole's change ---------------------

CHANGES = ("1-6月，一般公共预算收入累计完成5000万元，比上年减收{total}万元，下降{rate}%。其中：税收收入3000万元，"
           "比上年增收200万元，增长7.1%；非税收入2000万元，比上年减收300万元，下降13.0%。")


def test_the_changes_beside_a_lists_levels_add_up_to_the_wholes_change():
    assert not found(CHANGES.format(total="100", rate="2.0"))


def test_a_wrong_change_of_the_whole_is_found_against_its_parts_changes():
    got = found(CHANGES.format(total="150", rate="2.0"))   # +200 − 300 = −100
    assert ("AUDIT-CHANGE-SUM", "error", "150万元") in got


def test_items_without_a_change_each_leave_the_changes_unread():
    text = CHANGES.format(total="150", rate="2.0").replace("比上年增收200万元，增长7.1%；", "；")
    assert not any(r == "AUDIT-CHANGE-SUM" for r, _, _ in found(text))


# -- 在X中，A a；B b: the parts of the amount stated before under that name -------------------------

OPENING = ("某盟2022年财政收支情况\n"
           "全年全盟一般公共预算收入累计完成{total}万元，同比增加2000万元。在全盟一般公共预算收入中，"
           "盟本级一般公共预算收入累计完成12000万元，同比增加1000万元；旗级一般公共预算收入累计完成39000万元，"
           "同比增加1000万元。")


def test_parts_after_naming_their_whole_are_checked_against_it_as_a_warning():
    assert found(OPENING.format(total="50000")) == {("AUDIT-SUM", "warning", "50000万元")}


def test_parts_after_naming_their_whole_that_add_up_say_nothing():
    assert not found(OPENING.format(total="51000"))


def test_main_items_after_naming_their_whole_are_not_read():
    text = OPENING.format(total="50000").replace("在全盟一般公共预算收入中，", "在全盟一般公共预算收入中，主要是")
    assert not found(text)


def test_a_zero_part_in_another_unit_does_not_hide_the_parts_shares():
    # 0.00万元 beside amounts in 元: the three 三公 parts are still all of the whole
    text = ("2022年度“三公”经费支出决算中，因公出国（境）费支出0.00万元，占0.00%；公务用车购置及运行维护费支出"
            "9,000.00元，占{car}%；公务接待费支出3,000.00元，占25.00%。")
    assert found(text.format(car="70.00")) == {("AUDIT-SHARE", "error", "70.00%")}
    assert not found(text.format(car="75.00"))


# -- a heading naming a level opens a section of that level's figures ---------------------------

LEVELS = ("某市2021年财政收支情况\n一、全市财政收支\n1.一般公共预算收入完成8000万元，同比增长5.0%。\n"
          "二、市本级财政收支\n1.一般公共预算收入完成3000万元，同比增长2.0%。\n"
          "三、全市收支平衡\n1.一般公共预算收入完成{again}万元。")


def test_a_figure_under_a_level_heading_is_not_the_wholes_restated():
    assert not found(LEVELS.format(again="8000"))


def test_the_next_heading_of_that_rank_ends_the_levels_section():
    assert found(LEVELS.format(again="8100")) == {("AUDIT-XSEC", "warning", "8100万元")}


def test_a_total_whose_clause_names_one_side_is_read_though_收支_stands_before_it():
    text = ("某县公布上半年财政收支情况显示，上半年，全县一般公共预算支出{total}亿元，同比增长3.4%。其中，县本级"
            "一般公共预算支出19.91亿元；乡镇一般公共预算支出121.36亿元。")
    assert not found(text.format(total="141.27"))
    assert found(text.format(total="131.27")) == {("AUDIT-SUM", "error", "131.27亿元")}   # the parts exceed it


def test_a_finding_on_an_amount_without_a_name_of_its_own_names_it_so():
    # amounts listed after their names (A、B和C…分别为): the message says 该项, never an empty “”
    text = ("2022年全省政府采购规模为1000.0亿元。从组织形式来看，政府集中采购、部门集中采购、分散采购规模分别为"
            "100.0亿元、100.0亿元和800.0亿元，占全省政府采购规模的10.0%、12.0%和80.0%。")
    messages = [f.message for f in result(text).findings if f.rule_id == "AUDIT-SHARE"]
    assert messages and all("“”" not in m for m in messages) and any("“该项”" in m for m in messages)


# -- changes against different bases add up to nothing ----------------------------------------

def test_changes_against_the_budget_are_not_summed_into_a_change_against_last_year():
    beside = ("1-6月，一般公共预算收入累计完成5000万元，比上年减收150万元，下降2.9%。其中：税收收入3000万元，"
              "比预算增收200万元；非税收入2000万元，比预算减收300万元。")
    listed = "1-6月，一般公共预算收入比上年减收150万元。其中：税收收入比预算增收200万元；非税收入比预算减收300万元。"
    assert not any(r == "AUDIT-CHANGE-SUM" for r, _, _ in found(beside))
    assert not any(r == "AUDIT-CHANGE-SUM" for r, _, _ in found(listed))


def test_last_years_budget_and_last_year_are_one_base():
    # a budget compared with last year's budget: 较2013年预算 and 较上年 (同比) say the same
    text = ("2014年某市本级“三公”经费预算380万元，较2013年预算减少{total}万元，下降5.5%。其中：因公出国（境）经费20万元，"
            "较上年减少4.00万元；公务用车购置及运行维护费280万元，较上年减少6.00万元；公务接待费80万元，同比减少12.00万元。")
    assert not any(r == "AUDIT-CHANGE-SUM" for r, _, _ in found(text.format(total="22.00")))
    assert ("AUDIT-CHANGE-SUM", "error", "25.00万元") in found(text.format(total="25.00"))


def test_a_side_holding_a_list_of_its_own_is_not_read_as_one_level():
    text = ("收支总预算1000万元，收入包括：一般公共预算拨款收入800万元、上年结转200万元；支出包括：基本支出600万元、"
            "项目支出400万元，其中一般公共服务支出300万元。")
    assert not any(r == "AUDIT-SUM" for r, _, _ in found(text))


# -- a 其中 opening a sentence after a sentence that is a list of its own ---------------------------

NESTED = "本年支出500.00万元，其中：基本支出300.00万元，项目支出200.00万元。其中：人员经费{a}万元，公用经费40.00万元。"


def test_a_qizhong_after_a_listed_sentence_does_not_divide_its_last_item_for_certain():
    # 人员经费 + 公用经费 divide 基本支出 here, not the list's last item 项目支出: no error against 项目支出
    assert not [f for f in found(NESTED.format(a="250.00")) if f[1] == "error"]
    assert ("AUDIT-SUM", "warning", "300.00万元") in found(NESTED.format(a="250.00"))


def test_a_qizhong_after_a_listed_sentence_adding_up_to_an_item_holds():
    assert not found(NESTED.format(a="260.00"))


def test_a_qizhong_after_a_sentence_of_one_whole_is_still_checked():
    # (a 其中 opening its sentence divides the sentence before: read across the stop, a warning)
    text = "本年支出500.00万元，比上年增加20.00万元。其中：基本支出300.00万元，项目支出190.00万元。"
    assert ("AUDIT-SUM", "warning", "500.00万元") in found(text)
