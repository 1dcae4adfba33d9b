"""Scoring small filings written in YAML: evidence in, points and findings out."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest.load import load_filing
from jixiao.scoring import default_shapes, score_filing
from jixiao.scoring.shapes import InputSpec, Plan, Shape

CARD = """\
unit: {name: 某局, year: 2022, province: 四川}
projects:
  - name: 示例项目
    rubric_family: "2013"
    planned_funds: 100
    arrived_funds: 97
    planned_output: 10
    actual_output: 8
    published: {total: "{total}", grade: "{grade}", funds_arrival_rate: "97.00%"}
    scorecard:
      - {criterion: 项目立项规范性, level2: 项目立项, max_points: 5, score: "{setup}", evidence: {met: "①③"}}
      - {criterion: 资金到位率, level2: 资金落实, max_points: 5, score: "2"}
      - {criterion: 完成及时率, level2: 项目产出, max_points: 6, score: "4.5", evidence: {periods: "3"}}
      - {criterion: 实际完成率, level2: 项目产出, max_points: 4, score: "3.2"}
      - {criterion: 社会效益, level2: 项目效益, max_points: 5, score: "4", evidence: {degree: "80%"}}
      - {criterion: 社会公众或服务对象满意度, level2: 项目效益, max_points: 10, score: "9", evidence: {rate: "95%"}}
"""


def _score(write_filing, **values):
    body = CARD
    for key, value in {"total": "25.7", "grade": "差", "setup": "3", **values}.items():
        body = body.replace("{" + key + "}", value)
    filing, findings = load_filing(write_filing(body))
    assert not [f for f in findings if f.severity.value == "error"], findings
    return score_filing(filing)


def _items(result):
    return {item.name: item for item in result.projects[0].items}


def test_evidence_gives_points(write_filing):
    result, findings = _score(write_filing)
    items = _items(result)
    assert items["项目立项规范性"].points == 3 and "满足①1分、③2分" in items["项目立项规范性"].explanation
    assert items["资金到位率"].points == 2
    assert items["完成及时率"].points == Decimal("4.5")
    assert items["实际完成率"].points == Decimal("3.2")
    assert items["社会效益"].points == 4
    assert items["社会公众或服务对象满意度"].points == Decimal("9.5")
    mismatch = [f for f in findings if f.rule_id == "SCORE-ITEM-MISMATCH"]
    assert [(f.claimed, f.expected) for f in mismatch] == [("9", "按规则应得9.5分")]
    assert {f.rule_id for f in findings} >= {"SCORE-ITEM-NOT-PUBLISHED"}


def test_checklist_mismatch_and_total(write_filing):
    result, findings = _score(write_filing, setup="5", total="27.7")
    rules = {f.rule_id for f in findings}
    assert "SCORE-ITEM-MISMATCH" in rules
    # 27.7 is the sum of the published lines, but 14 criteria of the rubric are not on the card: unverifiable
    assert "SCORE-TOTAL-MISMATCH" not in rules and "SCORE-TOTAL-UNVERIFIABLE" in rules
    assert result.projects[0].total is None


def test_total_and_grade_checks(write_filing):
    _, findings = _score(write_filing, total="95", grade="差")
    rules = [f.rule_id for f in findings]
    assert "SCORE-TOTAL-MISMATCH" in rules         # more than 25.7 published + 65 for the lines not on the card
    assert "SCORE-GRADE-BAND" in rules             # 95 is 优
    _, findings = _score(write_filing, grade="甲等")
    assert "SCORE-GRADE-UNKNOWN" in [f.rule_id for f in findings]


def test_over_max_and_unknown_line(write_filing):
    body_extra = "      - {criterion: 自创指标, level2: 项目效益, max_points: 2, score: \"3\"}\n"
    filing, _ = load_filing(write_filing(CARD.replace("{total}", "25.2").replace("{grade}", "差").replace("{setup}", "3") + body_extra))
    result, findings = score_filing(filing)
    rules = [f.rule_id for f in findings]
    assert "SCORE-ITEM-UNKNOWN" in rules and "SCORE-ITEM-OVER-MAX" in rules


def test_rubric_fallback_is_reported(write_filing):
    body = CARD.replace("province: 四川", "province: 湖北").replace("{total}", "22.2").replace("{grade}", "差").replace("{setup}", "3")
    filing, _ = load_filing(write_filing(body))
    result, findings = score_filing(filing)
    assert result.projects[0].rubric == "sichuan-2022-project"          # the default 2013 project rubric
    assert "SCORE-RUBRIC-FALLBACK" in [f.rule_id for f in findings]


def test_a_registry_can_carry_extra_shapes(write_filing, tmp_path):
    def plan(params):
        return Plan((InputSpec("rate", "比率"),), (("points", "W if rate >= 100 else 0"),), lambda v, p: f"得{v['points']}分")

    registry = default_shapes().with_shape(Shape("all_or_nothing", "Z1", "全有或全无", "达到100%得满分", default_shapes().get("survey_rate").params[:3], plan))
    assert "all_or_nothing" not in default_shapes().ids          # the default registry is untouched
    rubric = tmp_path / "r.yaml"
    rubric.write_text("""\
schema: jixiao.rubric/1
id: custom
version: 1
name: 自定义
level: project
family: "2013"
source: 测试
grades: [{label: 合格, min: 60}, {label: 不合格, min: 0}]
sections:
  - name: 资金
    max: 5
    criteria:
      - id: arrival
        name: 资金到位率
        max: 5
        shape: all_or_nothing
        inputs: {rate: {metric: funds_arrival_rate}}
        examples: [{inputs: {rate: 100}, points: 5}, {inputs: {rate: 99}, points: 0}]
""", encoding="utf-8")
    filing, _ = load_filing(write_filing(CARD.replace("{total}", "2").replace("{grade}", "不合格").replace("{setup}", "3")))
    result, _ = score_filing(filing, str(rubric), registry=registry)
    assert result.projects[0].items[0].points == 0


@pytest.mark.parametrize("text", ["不适用", "/"])
def test_not_applicable_items(write_filing, text):
    body = CARD.replace('score: "2"}', f'score: "{text}"}}').replace("{total}", "20.2").replace("{grade}", "差").replace("{setup}", "3")
    filing, _ = load_filing(write_filing(body))
    result, _ = score_filing(filing)
    item = _items(result)["资金到位率"]
    assert item.status == "not_applicable"
