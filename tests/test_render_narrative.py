"""Narrative from facts: conventional phrasing, per-section precision, reasons only from the filing,
largest-remainder adjustment recorded, missing parts marked 未填报 and listed."""
from __future__ import annotations

import pytest

from conftest import example
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import plain_text
from jixiao.render.package import render_document
from jixiao.render.scores import ScoreBook


def render(path: str, template: str | None = "sichuan-2022"):
    run = with_metrics(load_and_validate(path))
    doc, log, _stem, _book, _used = render_document(run.filing, run.metrics, template_id=template, charts=False,
                                                    scores=ScoreBook())
    return plain_text(doc), log


UNIT = "unit: {name: 测试单位, year: 2022, province: 四川}\n"


@pytest.mark.parametrize("amounts, reason, expected", [
    ("{amount: 717.21, prior: 735.30}", "主要变动原因是打紧开支，厉行节约。",
     "2022年度收、支总计717.21万元。与2021年相比，收、支总计各减少18.09万元，下降2.5%。主要变动原因是打紧开支，厉行节约。"),
    ("{amount: 520.00, prior: 480.00}", "主要原因是新增项目",
     "2022年度收、支总计520万元。与2021年相比，收、支总计各增加40万元，增长8.3%。主要原因是新增项目。"),
    ("{amount: 520.00, prior: 480.00}", None,
     "2022年度收、支总计520万元。与2021年相比，收、支总计各增加40万元，增长8.3%。（单位未说明原因）"),
])
def test_change_sentence(write_filing, amounts, reason, expected):
    body = UNIT + "accounts:\n  totals:\n    income_grand_total: " + amounts[:-1] + (
        f", reason: {reason}}}" if reason else "}") + "\n    expenditure_grand_total: " + amounts + "\n"
    text, _ = render(write_filing(body))
    assert expected in text


def test_no_reason_is_invented(write_filing):
    text, _ = render(write_filing(UNIT + "accounts:\n  totals:\n    income_grand_total: {amount: 10, prior: 12}\n"))
    line = next(l for l in text.splitlines() if l.startswith("2022年度收、支总计"))
    assert "原因是" not in line and line.endswith("（单位未说明原因）")


def test_amounts_trimmed_and_percent_one_decimal_in_the_sichuan_explanation():
    text, _ = render(example("yanjiang-xinfang-2022.yaml"))
    assert "信访事务（项）：支出决算为188.9万元，完成预算53.4%。" in text
    assert "因公出国（境）费支出决算0万元，占0.0%" in text
    assert "基本支出350.53万元，占63.5%；项目支出201.85万元，占36.5%。" in text


def test_whole_department_report_uses_two_decimals():
    text, _ = render(example("yanjiang-xinfang-2022.yaml"))
    assert "人员经费支出318.08万元，占总支出的57.58%" in text      # 318.08/552.38 = 57.5835…% (the unit printed 57.59%)


def test_yunnan_forms_use_two_decimals():
    text, _ = render(example("zhanyi-xinfang-2023.yaml"), template=None)
    assert "基本支出178.28万元，占总支出的77.43%；项目支出51.97万元，占总支出的22.57%" in text


def test_shares_adjusted_by_largest_remainder_and_recorded():
    text, log = render(example("yanjiang-xinfang-2022.yaml"))
    # 477.52/552.38 = 86.448%, 36.08 → 6.532%, 13.45 → 2.435%, 25.33 → 4.586%: half-up totals 99.9%
    assert "一般公共服务（类）支出477.52万元，占86.5%" in text and "卫生健康支出（类）13.45万元，占2.4%" in text
    assert any("最大余额法" in a and "86.4%→86.5%" in a for a in log.adjustments)
    assert "占比尾差调整" in text                      # the document's own notes say so too


def test_shares_that_already_total_100_are_not_adjusted(write_filing):
    body = UNIT + """accounts:
  totals: {expenditure_total: {amount: 552.38}}
  expenditure: {basic: {amount: 350.53}, project: {amount: 201.85}}
"""
    text, log = render(write_filing(body))
    assert "占63.5%" in text and "占36.5%" in text and log.adjustments == []


def test_missing_parts_are_marked_and_listed_at_the_end(write_filing):
    text, log = render(write_filing(UNIT))
    assert "本部分未填报（收入总计、支出总计）。" in text
    assert any("收入总计、支出总计" in m for m in log.missing)
    tail = text[text.rindex("未填报事项"):]
    assert "收入总计、支出总计" in tail


def test_published_value_used_when_it_cannot_be_recomputed_and_said_so():
    text, log = render(example("yanjiang-xinfang-2022.yaml"))
    assert "各减少18.09万元，下降2.5%" in text             # no prior year in the filing: the unit's statement
    assert any(f.startswith("收支总计变动额：采用单位公开数值“减少18.09万元”") for f in log.fallbacks)


def test_reason_below_budget_only_from_the_filing(write_filing):
    body = UNIT + """accounts:
  fiscal: {general_budget: {amount: 90, budget: 100}}
  function_lines:
    - {code: "2010301", amount: 60, budget: 60}
    - {code: "2010308", amount: 30, budget: 40}
"""
    text, _ = render(write_filing(body))
    assert "信访事务（项）：支出决算为30万元，完成预算75.0%。决算数小于调整预算数（单位未说明原因）。" in text
    assert "行政运行（项）：支出决算为60万元，完成预算100.0%。" in text
