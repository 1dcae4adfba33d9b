"""`jixiao check` on the two transcribed reports: every contradiction found, nothing correct flagged.

Expectations are (rule id, line of the example YAML, severity) — never message text.
"""
from __future__ import annotations

import pytest

from jixiao.checks import check_filing, load_library
from jixiao.findings import Severity
from jixiao.ingest.load import load_filing

from conftest import example


LIBRARY = load_library()
S4 = "yanjiang-xinfang-2022.yaml"
S0 = "zhanyi-xinfang-2023.yaml"


def _run(name: str, *, strict: bool = False, with_scoring: bool = False):
    filing, problems = load_filing(example(name))
    assert problems == []
    return check_filing(filing, strict=strict, library=LIBRARY, with_scoring=with_scoring)


def _found(run) -> set[tuple[str, int, str]]:
    return {(f.rule_id, int(f.source.locator[1:]), f.severity.value) for f in run.findings}


# S4 (资阳市雁江区信访局 2022): the contradictions the published figures contain, by rule.
S4_EXPECTED = {
    ("CHK-SCORE-TOTAL", 551, "error"),                # 面上的信访维稳工作经费: total 81, items add to 76
    ("CHK-RATE-PROJECT", 1134, "error"),              # 临聘人员经费 成本节约率 100% where 12.6/12.6 gives 0%
    ("CHK-SAME-SANGONG", 1554, "error"),              # 三公 2.03 in the 整体 report vs 2.04 in the 决算说明
    ("CHK-SAME-PUBLIC-FUNDS", 1563, "error"),         # 公用经费 32.43 vs 32.45
    ("CHK-SCORE-ABOVE-MAX", 1736, "error"),           # 工作实际完成率 scored 10 on an 8-point item
    ("CHK-K20-RESTATED", 1753, "error"),              # 一般公共服务 477.35 vs 477.52 (restated classes add to 552.21)
    ("CHK-K20-SAME-QUANTITY-CLAIMS", 1768, "error"),  # 公用经费 +6.78 vs 机关运行经费 +6.8 (6.80: Sichuan drops zeros)
    ("CHK-K20-SAME-QUANTITY-CLAIMS", 1769, "error"),  # +26.44% vs +26.5%
    ("CHK-K20-RESTATED", 1782, "error"),              # 基本支出 350.52 vs 350.53
    ("CHK-K20-RESTATED", 1783, "error"),              # 本年支出合计 552.37 vs 552.38
    ("CHK-RATE-CHANGES", 1789, "error"),              # 三公经费变动率 −10.53% vs −26.45% (决算数口径)
    ("CHK-RATE-CHANGES", 1791, "error"),              # the same −10.53% stated a second time
    ("CHK-RATE-DEPARTMENT", 1809, "error"),           # 结转结余率 22.98% vs 29.68% (22.98 = 164.83/717.21)
    ("CHK-K13-IMPLIED-BUDGET-STATED", 291, "warning"),  # 29.1% implies a 三公 budget ≈7.01, the report says 17
    ("CHK-COST-SAVING-UNFUNDED", 409, "warning"),     # savings that are funds never arrived (4 projects)
    ("CHK-COST-SAVING-UNFUNDED", 549, "warning"),
    ("CHK-COST-SAVING-UNFUNDED", 692, "warning"),
    ("CHK-COST-SAVING-UNFUNDED", 982, "warning"),
    ("CHK-SPENDING-LABELLED-ACTUAL", 1559, "warning"),  # 实际支出552.21 is the income total, not 552.38
    ("CHK-UNIT-SLIP", 1790, "warning"),               # "减少0.73元": 元 written for 万元
    ("CHK-COMPLETION-BASES", 1795, "warning"),        # 预算完成率 99.42% vs 完成预算77.0%
    ("CHK-SCORE-SUBTOTAL", 1804, "warning"),          # 资产管理 heading 5 = the maximum, items score 4.5
    ("CHK-SANGONG-VS-ECONOMIC", 283, "info"),         # 公务用车运行维护费 1.11 (basic 30231) vs 1.78 (三公)
    ("CHK-SHARE-VALUES", 180, "info"),                # 2.5% accepted: shares adjusted to total 100.0%
}

S0_EXPECTED = {
    ("CHK-RATE-PROJECT", 294, "error"),               # key task 预算执行率 printed "20" (178.28/178.28 = 100%)
    ("CHK-RATE-PROJECT", 303, "error"),               # "20" again (30.00/30.00)
    ("CHK-EXEC-RATE-CAPPED", 138, "warning"),         # 执行率 109.85% published as 100.00%
    ("CHK-EXEC-RATE-CAPPED", 145, "warning"),
    ("CHK-NO-DEVIATION-CLAIMED", 135, "warning"),     # "无偏差" beside 21.97 spent on a 20.00 budget
    ("CHK-INFLATION-ALL-FULL", 121, "warning"),       # every project at full marks
    ("CHK-FULL-MARKS-PROSE-ACTUAL", 96, "warning"),   # full marks where 实际完成值 is prose
    ("CHK-FULL-MARKS-PROSE-ACTUAL", 116, "warning"),
    ("CHK-FULL-MARKS-PROSE-ACTUAL", 165, "warning"),
    ("CHK-FULL-MARKS-PROSE-ACTUAL", 185, "warning"),
    ("CHK-FULL-MARKS-PROSE-ACTUAL", 234, "warning"),
    ("CHK-FULL-MARKS-PROSE-ACTUAL", 254, "warning"),
    ("CHK-TARGET-EQUALS-ACTUAL", 60, "warning"),      # identical target and actual texts
    ("CHK-TARGET-EQUALS-ACTUAL", 129, "warning"),
    ("CHK-TARGET-EQUALS-ACTUAL", 198, "warning"),
    ("CHK-QUALITATIVE-NUMERIC-UNIT", 105, "warning"),  # qualitative indicators with unit "5%"
    ("CHK-QUALITATIVE-NUMERIC-UNIT", 174, "warning"),
    ("CHK-QUALITATIVE-NUMERIC-UNIT", 243, "warning"),
    ("CHK-QUALITATIVE-NUMERIC-UNIT", 318, "warning"),
    ("CHK-NATURE-SYMBOL", 103, "warning"),            # 指标性质 "■" / "≡"
    ("CHK-NATURE-SYMBOL", 241, "warning"),
    ("CHK-NATURE-ON-PROSE", 172, "warning"),          # "=" on a prose target
    ("CHK-IDENTICAL-YEAR-GOALS", 273, "warning"),     # 2025 goal = 2023 goal, word for word
    ("CHK-IDENTICAL-YEAR-GOALS", 270, "warning"),     # 2024 differs by one character
}

# Correct statements verified by hand; none may carry an error.
S4_CORRECT = {
    118: "收、支总计717.21 (K1; K2 552.21+165; K3 552.38+164.83)",
    121: "减少18.09万元", 122: "下降2.5% (18.09/735.30)", 150: "财政拨款 减少18.09万元", 151: "下降2.5%",
    128: "本年支出合计552.38 = 350.53 + 201.85 (K5)", 134: "收入来源 100.0%",
    139: "基本支出 63.5%", 144: "项目支出 36.5%", 156: "一般公共预算 100.0%",
    157: "减少17.92万元", 158: "减少3.1% (17.92/570.30)",
    168: "201 = 196.82+78.85+188.9+12.6+0.35 = 477.52 (K8)",
    170: "86.4%", 175: "6.5%", 180: "2.5% (adjusted to 100.0%)", 185: "4.6%",
    295: "出国 0.0%", 297: "增加0万元", 298: "增长0.0%", 303: "公务用车 87.3%", 305: "减少0.42万元",
    306: "下降19.1% (0.42/2.20)", 316: "接待 12.7%", 318: "减少0.3万元", 319: "下降53.6% (0.3/0.56)",
    328: "公务用车保有量1 = 车辆总数1 (K16)", 342: "机关运行经费 增加6.8万元 (26.5% = 6.8/25.65)",
    356: "中小企业 0.0%", 414: "到位率 99.42%", 416: "成本节约率 0.57% (0.58 within one unit)",
    554: "80.87%", 556: "19.13%", 697: "35.48%", 699: "175%", 701: "64.52%", 989: "114%", 990: "1.62%",
    1752: "552.21 restated", 1755: "36.08 restated", 1756: "6.53%", 1757: "13.45 restated", 1758: "2.44%",
    1759: "25.33 restated", 1760: "4.59%", 1761: "552.38 restated", 1762: "318.08 restated",
    1763: "57.59% (adjusted set 57.59+5.87+36.54 = 100.00)", 1764: "增加72.03万元", 1765: "增加29.27%",
    1767: "5.87%", 1770: "201.85 restated", 1771: "36.54%", 1772: "减少96.74万元", 1773: "减少32.40%",
    1785: "在职人员控制率91.30% (21/23)", 1792: "重点支出安排率100%", 1798: "结转结余率29.68% (164.83/555.40)",
    1799: "结转结余变动率-0.1%", 1800: "公用经费控制率73.81% (32.43/43.94)", 1801: "三公控制率11.94% (2.03/17)",
    1802: "政府采购执行率0%", 1805: "固定资产利用率100%",
}
S0_CORRECT = {
    39: "支出合计230.25 = 178.28 + 51.97 (K5)", 44: "基本支出 77.43%", 48: "项目支出 22.57%", 52: "上缴上级 0.00%",
    69: "执行率 100.00% (10/10)", 76: "执行率 100.00%", 207: "执行率 100.00% (20/20)", 214: "执行率 100.00%",
    121: "总分100 = 10+20+30+20+20", 123: "等级 优", 190: "总分100", 192: "优", 259: "总分100", 261: "优",
    285: "key task 100% (21.97/21.97)",
}


def test_s4_reports_every_contradiction_found_by_the_rules():
    run = _run(S4)
    assert run.pack.id == "sichuan-2022"
    assert S4_EXPECTED <= _found(run)


def test_s4_class_shares_adjusted_to_100_are_accepted_and_said_so():
    run = _run(S4, strict=True)
    at_shares = [f for f in run.findings if f.source.locator in ("L170", "L175", "L180", "L185")]
    assert all(f.severity is Severity.INFO for f in at_shares)
    assert any(f.rule_id == "CHK-SHARE-VALUES" and "100%" in f.message for f in at_shares)


def test_s0_reports_every_contradiction_found_by_the_rules():
    run = _run(S0)
    assert run.pack.id == "yunnan-2023"
    assert S0_EXPECTED <= _found(run)


@pytest.mark.parametrize("name, correct", [(S4, S4_CORRECT), (S0, S0_CORRECT)])
@pytest.mark.parametrize("with_scoring", [False, True])
def test_nothing_correct_is_flagged_as_an_error(name, correct, with_scoring):
    run = _run(name, with_scoring=with_scoring)
    errors = {int(f.source.locator[1:]): f for f in run.findings
              if f.severity is Severity.ERROR and f.source.doc.endswith(name)}
    wrong = {line: str(errors[line]) for line in correct if line in errors}
    assert wrong == {}


def test_the_only_errors_are_real_contradictions():
    for name, expected in ((S4, S4_EXPECTED), (S0, S0_EXPECTED)):
        errors = {x for x in _found(_run(name)) if x[2] == "error"}
        assert errors == {x for x in expected if x[2] == "error"}


def test_strict_removes_slack_and_turns_warnings_into_errors():
    run = _run(S4, strict=True)
    found = _found(run)
    assert ("CHK-RATE-PROJECT", 416, "error") in found          # 0.57% vs 0.58%: no slack in strict mode
    assert ("CHK-UNIT-SLIP", 1790, "error") in found
    assert not any(f.severity is Severity.WARNING for f in run.findings)


def test_findings_name_both_sides_and_where_each_came_from():
    run = _run(S4)
    same = next(f for f in run.findings if f.rule_id == "CHK-SAME-SANGONG")
    assert same.claimed == "2.03" and same.expected == "2.04"
    assert [s.locator for s in same.related] == ["L288"]
    rate = next(f for f in run.findings if f.rule_id == "CHK-RATE-DEPARTMENT")
    assert rate.claimed == "22.98%" and rate.expected == "29.68%"
    assert {s.locator for s in rate.related} == {"L1561", "L1558"}       # 164.83 and 555.40
    assert "717.21" in rate.message                              # the likely cause: 收入总计 as denominator


def test_completeness_is_scored_with_what_is_missing():
    s4 = _run(S4).completeness
    assert s4["required"] >= 25 and s4["missing"] == [] and s4["unknown"] == []
    present = {p for g in s4["groups"] for p in g["present"]}
    assert {"名词解释", "第五部分 附表（13张）"} <= present
    s0 = _run(S0).completeness
    groups = {g["id"]: g for g in s0["groups"]}
    assert groups["CHK-DISCLOSURE-JUESUAN"]["applies"] is False      # S0 publishes no 决算说明
    assert groups["CHK-YN-SELF-EVAL-SECTIONS"]["score"] == "12/12"


@pytest.mark.parametrize("name", [S4, S0])
def test_each_relation_is_reported_once_at_its_source(name):
    """With scoring merged (as `jixiao check` runs), a relation judged by both sides at one figure
    is reported once (checks/merge.py), and the findings the rules expect are all still there."""
    from jixiao.checks.merge import SCORING_RELATIONS

    run = _run(name, with_scoring=True)
    relation = {f: SCORING_RELATIONS.get(f.rule_id) or run.kinds.get((f.rule_id, str(f.source))) for f in run.findings}
    keys = [(str(f.source), kind) for f, kind in relation.items() if kind is not None]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert len(keys) >= (7 if name == S4 else 4)
    expected = S4_EXPECTED if name == S4 else S0_EXPECTED
    kept = {(f.rule_id, int(f.source.locator[1:]), f.severity.value) for f in run.findings}
    moved = {"CHK-SCORE-TOTAL": "SCORE-TOTAL-MISMATCH", "CHK-SCORE-ABOVE-MAX": "SCORE-ITEM-OVER-MAX",
             "CHK-SCORE-SUBTOTAL": "SCORE-SUBTOTAL-MISMATCH"}     # reported by scoring (merge.REPORTED_BY)
    assert {(moved.get(r, r), line, sev) for r, line, sev in expected} <= kept
