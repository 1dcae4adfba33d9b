"""The claims-first auditor on sentences written for these tests (never copied from real reports):
what each relation reads, when a failure is an error, a warning, or only counted as unclear."""
from __future__ import annotations

import pytest

from jixiao.audit.engine import Auditor, audit_file, audit_text
from jixiao.findings import Severity

AUDITOR = Auditor()


def found(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.rule_id, f.severity.value, f.claimed) for f in audit_text(text, AUDITOR).findings}


def test_change_rate_on_current_and_change_amount_is_an_error():
    text = "2023年培训费支出80.00万元，比上年减少20.00万元，下降25.0%。"   # 20 / 100 = 20.0%
    assert ("AUDIT-CHANGE-RATE", "error", "25.0%") in found(text)
    assert not found(text.replace("25.0%", "20.0%"))


def test_change_against_a_stated_base():
    text = "公务接待费为30.00万元，较上年40.00万元减少10.00万元，下降25%，较预算数50.00万元减少20.00万元，下降40%。"
    assert not found(text)
    assert ("AUDIT-CHANGE-AMOUNT", "error", "12.00万元") in found(text.replace("减少10.00万元", "减少12.00万元"))
    assert ("AUDIT-CHANGE-RATE", "error", "30%") in found(text.replace("下降40%", "下降30%"))


def test_years_side_by_side_need_no_comparison_word():
    text = "2022年会议费决算数为5.00万元，2023年会议费决算数为4.00万元；会议费减少1.00万元，会议费变动-25.00%。"
    assert ("AUDIT-CHANGE-RATE", "error", "-25.00%") in found(text)   # (4 − 5) / 5 = −20%
    assert ("AUDIT-UNIT", "error", "1.00元") in found(text.replace("减少1.00万元", "减少1.00元"))


def test_a_difference_within_the_operands_rounding_is_only_a_warning():
    text = "2023年印刷费支出3万元，比上年减少1.37万元，下降31.4%。"   # 3 may be 2.5–3.5
    assert not {f for f in found(text) if f[1] == "error"}


def test_a_change_read_from_the_sentence_before_is_only_a_warning():
    text = "（一）差旅费12.00万元。全年出差120人次。与上年相比，差旅费减少3.00万元，下降30.0%。"   # 3/15 = 20%
    assert ("AUDIT-CHANGE-RATE", "warning", "30.0%") in found(text)


def test_parts_above_their_whole_are_an_error_and_a_short_list_is_not_guessed():
    over = "本年支出合计100.00万元，其中：基本支出70.00万元，项目支出40.00万元。"
    assert ("AUDIT-SUM", "error", "100.00万元") in found(over)
    near = "本年支出合计100.00万元，其中：基本支出60.00万元，项目支出38.00万元。"   # 98%: may be incomplete
    assert ("AUDIT-SUM", "warning", "100.00万元") in found(near)
    far = "本年支出合计100.00万元，其中：基本支出50.00万元，项目支出20.00万元。"
    result = audit_text(far, AUDITOR)
    assert not result.findings and result.unclear >= 1


def test_a_whole_whose_named_parts_are_all_of_it_must_add_up():
    text = "“三公”经费支出合计10.00万元，其中：因公出国（境）费0万元，公务接待费2.00万元，公务用车购置及运行维护费7.00万元。"
    assert ("AUDIT-SUM", "error", "10.00万元") in found(text)


def test_counts_in_a_list_add_up_exactly():
    assert not found("本单位实有人数12人，其中：在职人员9人，退休人员3人。")
    assert not found("现有编制人员20人。其中，机关在职12人、离休1人、退休5人、中心2人。")     # items split by 、
    assert ("AUDIT-SUM", "error", "20人") in found("现有编制人员20人。其中，机关在职12人、离休1人、退休6人、中心2人。")
    assert ("AUDIT-SUM", "error", "12人") in found("本单位实有人数12人，其中：在职人员9人，退休人员4人。")


def test_a_list_after_its_wholes_comparison_with_a_stated_base():
    text = ("“三公”经费预算总额为100万元，较上年的120万元减少20万元，下降16.7%；其中：因公出国（境）经费10万元，较上年持平；"
            "公务接待费20万元；公务用车购置及运行维护费70万元。")
    assert not found(text)
    assert ("AUDIT-SUM", "error", "100万元") in found(text.replace("公务接待费20万元", "公务接待费30万元"))


def test_parts_in_wrapped_paragraphs_after_a_line_ending_in_qizhong():
    text = "\n".join(["2023年本年一般公共预算基本支出 900000.00 元，其中：",
                      "人员经费 800000.00 元，主要包括：基本工资、津贴补",
                      "贴、绩效工资、住房公积金。",
                      "公用经费 70000.00 元，主要包括：办公费、工会经费。"])
    assert ("AUDIT-SUM", "error", "900000.00元") in found(text)      # 基本支出 = 人员经费 + 公用经费
    assert not found(text.replace("70000.00", "100000.00"))


def test_shares_stated_respectively_are_not_paired_by_nearness():
    text = "本级与下级的支出分别为20.0万元和80.0万元，占支出总额的20.0%和80.0%。"
    assert not found(text)


def test_a_list_that_belongs_to_another_subject_is_not_read():
    text = "本部门2023年财政拨款收入为90万元，支出包括：一般公共服务支出60万元，教育支出40万元。"
    assert not found(text)


def test_parallel_budget_and_actual_columns():
    text = ("“三公”经费预算为10.00万元，决算为8.00万元。其中：公务接待费预算为4.00万元，决算为3.00万元；"
            "公务用车运行维护费预算为6.00万元，决算为4.80万元。")
    assert ("AUDIT-SUM", "warning", "8.00万元") in found(text)   # 7.80 vs 8.00: the two named may not be all
    assert not [f for f in found(text) if f[2] == "10.00万元"]


def test_numbered_changes_under_a_heading_are_summed_with_their_sub_items():
    text = "\n".join([
        "2023年“三公”经费支出50.00万元，比上年减少10.00万元。具体情况如下：",
        "（一）因公出国（境）费0万元，比上年减少1.00万元。",
        "（二）公务用车购置及运行维护费40.00万元。其中：",
        "1.公务用车购置费0万元，比上年减少2.00万元。",
        "2.公务用车运行维护费40.00万元，比上年减少4.00万元。",
        "（三）公务接待费10.00万元，比上年减少1.00万元。",
    ])
    assert ("AUDIT-CHANGE-SUM", "error", "10.00万元") in found(text)   # −1 −2 −4 −1 = −8
    assert not found(text.replace("减少4.00万元", "减少6.00万元"))


def test_changes_of_some_items_are_bounded_by_the_items_not_listed():
    text = ("“三公”经费合计20.00万元，其中：公务接待费3.00万元，公务用车运行维护费17.00万元，因公出国（境）费0万元。"
            "较上年增加6.00万元。其中：公务接待费减少1.00万元，公务用车运行维护费增加5.50万元。")
    # 出国 is 0 this year, so its change is at most 0: the total can be at most 4.50
    assert ("AUDIT-CHANGE-SUM", "error", "6.00万元") in found(text)
    # with 出国 at 2.00 this year the missing 1.50 may be its change: not sure, a warning
    maybe = text.replace("17.00万元，因公出国（境）费0万元", "15.00万元，因公出国（境）费2.00万元")
    assert ("AUDIT-CHANGE-SUM", "warning", "6.00万元") in found(maybe)


def test_negative_growth_is_a_fall():
    assert not found("2023年收入37.78亿元，比上年减少0.46亿元，负增长1.20%。")
    assert ("AUDIT-CHANGE-RATE", "error", "2.20%") in found("2023年收入37.78亿元，比上年减少0.46亿元，负增长2.20%。")


def test_a_change_without_a_comparison_word_is_only_inferred():
    text = "全年完成收入100.00万元，增加20.00万元，增长30.00%。"   # 20 / 80 = 25%
    assert ("AUDIT-CHANGE-RATE", "warning", "30.00%") in found(text)
    assert not found(text.replace("30.00%", "25.00%"))


def test_a_whole_and_its_parts_in_the_sentences_after_it_is_only_inferred():
    text = ("“三公”经费支出合计50.00万元，比上年减少2.00万元。其中：因公出国（境）费0万元；公务接待费10.00万元。"
            "公务用车购置及运行维护费38.00万元，主要用于车辆运行。")
    assert ("AUDIT-SUM", "warning", "50.00万元") in found(text)       # 0 + 10 + 38 = 48
    assert not found(text.replace("38.00万元", "40.00万元"))
    # a budget whole is not summed from actual parts, nor a whole whose part is split below it
    assert not found(text.replace("支出合计50.00万元", "预算50.00万元"))


def test_the_usual_classes_of_basic_spending_are_not_proof_of_completeness():
    text = ("基本支出较上年增加10.00万元。主要变动原因如下：\n1.工资福利支出较上年增加6.00万元。\n"
            "2.商品和服务支出较上年增加2.00万元。\n3.对个人和家庭的补助较上年增加1.00万元。")
    assert ("AUDIT-CHANGE-SUM", "warning", "10.00万元") in found(text)   # 资本性支出 may have changed too


def test_a_synonym_names_the_same_subject():
    text = "（一）因公出国（境）费10.00万元。全年出国团组2个。与上年相比，因公出国（境）经费支出减少5.00万元，下降50.0%。"
    assert ("AUDIT-CHANGE-RATE", "warning", "50.0%") in found(text)     # 5 / 15 = 33.3%
    assert not found(text.replace("50.0%", "33.3%"))


def test_a_counted_list():
    assert ("AUDIT-COUNT", "error", "4个") in found("局属单位4个，即甲中心、乙中心、丙站。")
    assert not found("局属单位3个，即甲中心、乙中心、丙站。")
    assert not found("局属单位4个，即甲中心、乙中心和丙站等。")


def test_income_and_spending_changes_side_by_side():
    text = "2023年度收、支总计各是100.00,120.00万元。与2022年相比，收、支总计各减少20.00,30.00万元，各下降16.67%、20.00%。"
    assert not found(text)
    assert ("AUDIT-CHANGE-RATE", "error", "25.00%") in found(text.replace("20.00%。", "25.00%。"))


def test_completion_savings_balance_and_growth():
    assert not found("全年收入完成110万元，占年度预算100万元的110.0%。")
    assert ("AUDIT-RATE", "error", "95.0%") in found("全年收入完成110万元，占年度预算100万元的95.0%。")
    assert ("AUDIT-RATE", "error", "70%") in found("会议费预算为10万元，决算为8万元，完成预算的70%。")
    assert ("AUDIT-DIFFERENCE", "error", "12.00万元") in found(
        "采购计划金额共计100.00万元，实际采购金额共计90.00万元，共节约资金12.00万元，节约率为12%。")
    balance = "收入合计500万元。\n支出合计420万元。\n上述收支相抵，年终结余70万元。"
    assert ("AUDIT-DIFFERENCE", "error", "70万元") in found(balance)
    assert ("AUDIT-GROWTH", "error", "12.00%") in found("税收收入从2018年的100万元上升到2023年的150万元，年均增长12.00%。")


def test_funds_row_with_its_rule_printed():
    head = "预算执行情况(万元)(10分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(10分*执行率)"
    assert not found(head + "\n年度财政资金总额 | 80 | 60 | 75% | 7.5")
    assert ("AUDIT-RATE", "error", "100%") in found(head + "\n年度财政资金总额 | 80 | 60 | 100% | 10")
    assert ("AUDIT-SCORE-FUNDS", "error", "9.5") in found(head + "\n年度财政资金总额 | 80 | 60 | 75% | 9.5")


def test_flattened_indicator_rows_follow_the_tables_own_rule():
    rows = ("三级指标 年度指标值 实际完成值 分值 得分 指标1:培训人数 100人 80人 5 4 指标2:宣传场次 10次 6次 5 3 "
            "指标3:走访户数 200户 150户 5 3.8 指标4:发放手册 50本 50本 5 6")
    got = found(rows)
    assert ("AUDIT-SCORE-MAX", "error", "6") in got
    # without a header the column order is the form's usual one, not read: a warning
    assert ("AUDIT-SCORE-MAX", "warning", "6") in found(rows.replace("三级指标 年度指标值 实际完成值 分值 得分 ", ""))
    # a header with 得分 before 分值: these rows are not read that way at all
    assert not found(rows.replace("分值 得分", "得分 分值"))
    assert not [f for f in got if f[0] == "AUDIT-SCORE-RATE"]
    inflated = rows.replace("150户 5 3.8", "150户 5 4.8")
    assert ("AUDIT-SCORE-RATE", "warning", "4.8") in found(inflated)


def test_a_fund_section_gives_its_figures_a_scope():
    text = "\n".join(["1.一般公共预算收支情况", "一般公共预算收入合计100万元。年终结余10万元。",
                      "2.政府性基金收支情况", "政府性基金收入合计20万元。年终结余5万元。"])
    assert not [f for f in found(text) if f[0].startswith("AUDIT-XSEC")]


@pytest.mark.parametrize("strict", [False, True])
def test_unclear_relations_are_counted_in_the_summary(strict):
    result = audit_text("本年支出合计100.00万元，其中：基本支出50.00万元，项目支出20.00万元。", Auditor(strict=strict))
    assert result.unclear >= 1 and result.to_json()["unclear"] == result.unclear
    assert all(f.severity is not Severity.ERROR for f in result.findings)


@pytest.mark.needs_shared
def test_what_the_many_values_rule_silences_on_the_source_reports(monkeypatch):
    """linker.MAX_VALUES leaves alone a name stated with more than 3 values. Counted on the seeds:
    it silences nothing on S4 or S0 (their restatement errors have two values each)."""
    from pathlib import Path

    from jixiao.audit import linker

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    paths = sorted(seeds.glob("*.txt"))
    assert len(paths) == 2

    def xsec() -> list[tuple[str, str]]:
        return [(f.rule_id, f.source.locator) for p in paths for f in audit_file(str(p), Auditor()).findings
                if f.rule_id.startswith("AUDIT-XSEC")]

    kept = xsec()
    monkeypatch.setattr(linker, "MAX_VALUES", 10**6)
    assert len(xsec()) - len(kept) == 0


# -- phrasings met in a field test on unseen real reports (sentences written for these tests) --------


def test_two_years_side_by_side_in_either_order_name_this_year():
    # the later year is this year even when it is written first; the rate fits the change amount
    text = "其中：1、会议费2020年预算6万元，2019年预算9.5万元；对比减少3.35万元；减少率35.83%。"
    assert not {f for f in found(text) if f[1] == "error"}   # 3.35 / (6 + 3.35) = 35.83%
    right = "其中：1、会议费2020年预算20万元，2019年预算36.4万元；对比减少16.40万元；减少率45.05%。"
    assert not found(right)                                   # 16.4 / 36.4 = 45.05%
    assert ("AUDIT-CHANGE-RATE", "error", "55.05%") in found(right.replace("45.05%", "55.05%"))


def test_a_list_that_runs_past_the_parts_of_its_whole_is_cut_where_they_add_up():
    text = ("全县一般公共预算收入累计完成5000万元，增长3.1%，其中：税收收入累计完成3200万元，增长2.0%；"
            "非税收入累计完成1800万元，增长5.2%；政府性基金预算收入260万元；国有资本经营收入40万元。")
    assert not found(text)                                      # 3200 + 1800 = 5000
    wrong = text.replace("非税收入累计完成1800万元", "非税收入累计完成1900万元")
    assert ("AUDIT-SUM", "error", "5000万元") in found(wrong)     # no run of its items adds up: still wrong


def test_parts_adding_up_to_another_amount_of_the_sentence_divide_that_one():
    text = "县本级补助资金12.50亿元，未分配0.20亿元，分配率98.4%。其中：中央资金8.30亿元，分配率98.0%；省级资金4.20亿元，分配率99.1%。"
    assert not found(text)                                      # 8.30 + 4.20 = 12.50, not the 0.20 unallocated


def test_a_share_of_a_name_stated_with_several_values_is_not_guessed():
    text = ("全县采购预算执行9000.00万元，实际采购金额8000.00万元。县本级采购预算执行2000.00万元，"
            "实际采购金额1800.00万元，实际采购金额中公开招标1300.00万元，占实际采购金额的72.22%。")
    assert not found(text)                                      # 1300 / 1800, not 1300 / 8000


def test_an_amount_written_in_parts_is_one_amount():
    text = "该基金本年度编列12亿3,456万7千元，较上年度法定预算10亿1,000万元增加2亿2,456万7千元，增幅22.23%。"
    assert not {f for f in found(text) if f[1] == "error"}      # 123456.7 − 101000 = 22456.7; ÷ 101000 = 22.23%
    from jixiao.audit.mentions import scan_line
    shown = [m.shown for m in scan_line("合计编列3亿4000万元，其中1亿元用于设备。", 0)]
    assert shown == ["34000万元", "1亿元"]


def test_a_range_between_two_amounts_is_no_negative_amount():
    text = "各省三公经费预算总额多为5亿-10亿元。其中：甲省8亿元，乙省6亿元。"
    assert not found(text)
    from jixiao.audit.mentions import scan_line
    assert all(m.value >= 0 for m in scan_line("多为5亿-10亿元", 0))


def test_one_months_figure_is_not_the_months_to_date_figure_restated():
    text = ("5月份，全省一般公共预算收入1600亿元，同比增长3.7%。其中，税收收入1400亿元；非税收入200亿元。\n"
            "1-5月累计，全省一般公共预算收入7700亿元，同比增长10%。其中，税收收入6600亿元；非税收入1100亿元。\n")
    assert not found(text)
    restated = text + "全省一般公共预算收入7600亿元。\n"      # the months-to-date figure restated differently
    assert ("AUDIT-XSEC", "warning", "7600亿元") in found(restated)


def test_a_sentence_about_a_part_of_the_whole_is_not_the_whole_restated():
    text = ("全市政府采购规模为20.00亿元，较采购计划节约资金3.00亿元，资金节约率达13.04%。\n"
            "市本级政府采购规模为8.00亿元，较采购计划节约资金1.00亿元，资金节约率达11.11%。\n")
    assert not found(text)


ALLOC = ("某财农〔2024〕7号文件《关于下达2024年省级农田水利资金预算的通知》，下达甲县2024年{first}。"
         "其后：某财农〔2024〕7号文件下达甲县2024年{second}。\n")


@pytest.mark.parametrize("first, second, expect", [
    ("资金5万元", "灌渠维修养护6万元", {("AUDIT-ALLOCATION-PART", "error", "6万元")}),   # an item above the total
    ("资金8万元", "灌渠维修养护6万元", set()),                                            # an item within it
    ("省级农田水利资金9万元", "资金9万元", set()),                                        # the title's fund = the total
    ("省级农田水利资金9万元", "资金10万元", {("AUDIT-RESTATED", "error", "10万元")}),
    ("灌渠维修养护6万元", "泵站维修4万元", set()),                                       # two items: not compared
    ("灌渠维修养护6万元", "灌渠维修养护7万元", {("AUDIT-RESTATED", "error", "7万元")}),   # one item twice
])
def test_one_allocation_document_stated_twice(first, second, expect):
    assert found(ALLOC.format(first=first, second=second)) == expect


def test_an_allocation_read_from_the_bare_number_is_only_a_warning():
    text = ALLOC.format(first="资金5万元", second="灌渠维修养护6万元").replace("某财农〔", "〔")
    assert found(text) == {("AUDIT-ALLOCATION-PART", "warning", "6万元")}


def test_allocations_to_different_recipients_or_by_other_issuers_are_not_compared():
    text = ALLOC.format(first="资金5万元", second="资金6万元")
    assert not found(text.replace("下达甲县2024年资金6", "下达乙县2024年资金6"))
    assert not found(text.replace("其后：某财农", "其后：某财建"))        # another issuer's document 7


def test_a_change_after_a_list_may_be_the_whole_s():
    # the change names no subject and the items before the last state none of their own: it may
    # be the whole's (300 − 200 = 100, 200%) or the last item's (280 − 200 = 80, 250%) — the
    # whole fits, so nothing is wrong; when neither fits, which was meant is not certain
    text = "某中心运行经费合计300万元，其中：基本支出20万元，项目支出280万元，同比增加200万元，增长200%。"
    assert not found(text)
    assert {(r, s) for r, s, _ in found(text.replace("增长200%", "增长150%"))} == {("AUDIT-CHANGE-RATE", "warning")}
    # each item with its own change: the last change is the last item's, for certain
    per_item = "某中心运行经费合计300万元，其中：基本支出20万元，同比增加5万元，项目支出280万元，同比增加200万元，增长200%。"
    assert ("AUDIT-CHANGE-RATE", "error", "200%") in found(per_item)


def test_two_amounts_after_a_comparison_with_no_word_between_are_not_base_and_current():
    # the change word between them was lost (“较上年决算数90万元[增加]10万元”): the second amount is
    # no base, so the rate is not read against it
    text = "某项经费2023年预算数为120.00万元，决算支出数为100.00万元，较2022年决算数90.00万元10.00万元，增长11.11%。"
    assert not found(text)
    # with the word, the change is read and checked as usual
    assert ("AUDIT-CHANGE-RATE", "error", "12.11%") in found(
        "某项经费2023年预算数为120.00万元，决算支出数为100.00万元，较2022年决算数90.00万元增加10.00万元，增长12.11%。")


def test_a_full_stop_inside_a_parenthesis_does_not_end_a_list():
    text = ("“三公”经费50.4万元，其中：因公出国(境)费0万元；公务用车购置及运行费48.00万元(购置费10.00万元；"
            "运行维护费38.00万元。)；公务接待费2.4万元。")
    assert not found(text)
    assert ("AUDIT-SUM", "error", "52.4万元") in found(text.replace("50.4万元", "52.4万元"))


def test_numbered_items_divide_the_amount_of_the_line_they_add_up_to():
    text = ("某局2022年“三公”经费预算为79万元，其中：因公出国(境)费预算为0万元，公务接待费预算为4万元，"
            "公务用车购置及运行费预算为75万元。具体情况如下：\n"
            "(一)因公出国(境)费预算0万元，与上年一致。\n"
            "(二)公务接待费预算4万元，主要用于公务往来。\n"
            "(三)公务用车购置及运行费预算75万元，主要用于车辆运行。")
    assert not found(text)


def test_a_list_that_adds_up_to_its_whole_is_not_read_again_as_a_known_decomposition():
    # four items, two of them the known parts of 公务用车购置及运行维护费: the list divides the whole,
    # the known parts alone (255 + 792 = 1047) are not its sum
    text = ("某市2016年“三公”经费预算为1900万元，其中，公务接待费749万元，因公出国(境)费38万元，"
            "公务用车购置及运行维护费1113万元(其中，公务用车购置费25万元，公务用车运行维护费792万元，"
            "其他交通工具购置14万元，其他交通费用282万元)。")
    assert not found(text)


def test_list_items_may_name_their_amount_after_it():
    text = ("本项目完成资金59.97万元。其中：20.00万元用于设备采购；20.00万元用于场地租赁；"
            "20.07万元用于人员培训。\n")
    assert found(text) == {("AUDIT-SUM", "error", "59.97万元")}         # 20 + 20 + 20.07 = 60.07
    assert not found(text.replace("20.07万元", "19.97万元"))
    # whole amounts may be rounded (20 may be 19.99): not a certain difference, only a warning
    # (20 + 20 + 20.01 = 60.01 as printed)
    assert found(text.replace("20.00万元", "20万元").replace("20.07万元", "20.01万元")) == {
        ("AUDIT-SUM", "warning", "59.97万元")}
    assert not found(text.replace("20.00万元", "20万元").replace("20.07万元", "19.97万元"))


SHARES_APART = ("1.基本支出800000.00元，占一般公共预算支出的80.00%，比上年增加1000.00元。\n"
                "2.项目支出200000.00元，占一般公共预算支出的20.00%。\n"
                "3.一般公共服务支出300000.00元，占一般公共预算支出的30.00%。\n")


def test_shares_of_a_whole_never_stated_are_checked_against_its_known_parts():
    assert not found(SHARES_APART)
    wrong = SHARES_APART.replace("的20.00%", "的25.00%")                    # 200000 ÷ (800000 + 200000) = 20%
    assert found(wrong) == {("AUDIT-SHARE", "error", "25.00%")}
    # the whole stated: the shares are checked against it instead (30% of 1000000 holds as before)
    assert not found("一般公共预算支出1000000.00元。\n" + SHARES_APART)
    # only one of the two parts has a share: the whole cannot be known
    assert not found(wrong.replace("，占一般公共预算支出的80.00%", ""))
    # parts of a whole that is not known to be all of them (本年支出合计 also has 经营支出 …)
    assert not found(wrong.replace("一般公共预算支出", "本年支出合计"))


FUNDS_FLAT = ("项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
              "年度资金总额 80 80 72 10 90% 9\n"
              "其中：当年财政拨款 80 80 72 — — —\n")


def test_a_funds_block_flattened_a_row_a_line_is_read_by_its_column_names():
    assert not found(FUNDS_FLAT)
    # a 100% rate beside 执行数 < 预算数
    assert found(FUNDS_FLAT.replace("72 10 90% 9", "72 10 100% 10")) == {("AUDIT-RATE", "error", "100%")}
    # a row that lost a cell: which figure is which cannot be told
    assert not found(FUNDS_FLAT.replace("80 80 72 10 90% 9", "80 72 10 100% 10"))
    # a header holding more than column names (a column not known): not read
    assert not found(FUNDS_FLAT.replace(" 得分\n", " 得分 偏差原因\n").replace("72 10 90% 9", "72 10 100% 10 无"))


def test_a_saving_rate_with_no_plan_stated_fits_either_reading_or_is_wrong():
    text = "截至年底，本县完成政府采购额900.00万元，节约资金100.00万元，节约率{r}。\n"
    assert not found(text.format(r="10.0%"))        # 100 ÷ (900 + 100)
    assert not found(text.format(r="11.1%"))        # 100 ÷ 900, as some units compute it
    assert found(text.format(r="10.5%")) == {("AUDIT-RATE", "error", "10.5%")}


def test_percentage_points_between_two_years_of_a_stated_series():
    text = ("2019~2023年，本区税收收入占一般公共预算收入的比重分别为80.5%、82.1%、79.6%、84.0%、86.2%，"
            "2023年比2019年税收占比提高了{p}个百分点。\n")
    assert not found(text.format(p="5.7"))                                   # 86.2 − 80.5
    assert found(text.format(p="5.9")) == {("AUDIT-POINTS", "error", "5.9个百分点")}
    # four rates for five years: which is which year cannot be told
    assert not found(text.format(p="5.9").replace("82.1%、", ""))


def test_shares_of_an_unstated_whole_are_not_summed_across_periods():
    text = ("1.2023年基本支出800000.00元，占一般公共预算支出的80.00%。\n"
            "2.上年项目支出300000.00元，占一般公共预算支出的25.00%。\n")
    assert not found(text)


@pytest.mark.parametrize("text", [
    "评价指标包括决策(20分)、过程(30分)、产出(50分)。\n经评价，本单位整体支出绩效自评得分92分，等级为优。\n",
    "效益指标(30分)均已完成。\n本项目自评得分97分。\n",
    "资金执行率(10分):执行率为99.1%。\n综合得分94分，自评等级为优。\n",
])
def test_a_score_of_the_whole_is_not_held_against_an_items_weight(text):
    assert not found(text)


def test_a_score_under_its_items_heading():
    assert found("（二）预算执行率（分值10分，得12分）\n") == {("AUDIT-SCORE-MAX", "error", "12")}
    # the weight read from the heading on the line before: inferred, a warning
    assert found("（二）预算执行率（10分）\n此项得12分。\n") == {("AUDIT-SCORE-MAX", "warning", "12")}


@pytest.mark.parametrize("line, expect", [
    ("会议费由8.26万元减少至8.11万元，减幅1.82%。\n", set()),                               # 0.15 ÷ 8.26
    ("会议费由8.26万元减少至8.11万元，减幅0.02%。\n", {("AUDIT-CHANGE-RATE", "error", "0.02%")}),
    ("培训费从5.00万元增加到6.00万元，增长20.00%。\n", set()),
    ("培训费从5.00万元增加到6.00万元，增长16.67%。\n", {("AUDIT-CHANGE-RATE", "error", "16.67%")}),  # ÷ 本年
])
def test_a_change_from_one_level_to_another(line, expect):
    assert found(line) == expect
