"""Rubric YAML is validated on load; every problem points at its line."""
from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from jixiao.findings import UnusableInput
from jixiao.scoring import default_shapes
from jixiao.scoring.rubric_load import RubricError, parse_rubric

GOOD = """\
schema: jixiao.rubric/1
id: tiny
version: 1
name: 小评分规则
level: project
family: "2013"
source: 测试
grades:
  - {label: 合格, min: 60}
  - {label: 不合格, min: 0}
sections:
  - name: 资金
    max: 5
    criteria:
      - id: arrival
        name: 资金到位率
        max: 5
        shape: deduct_per_point
        inputs: {rate: {metric: funds_arrival_rate}}
        examples:
          - {inputs: {rate: 100}, points: 5}
          - {inputs: {rate: 98.5}, points: 3}
"""


def _load(text: str):
    return parse_rubric(textwrap.dedent(text), "tiny.yaml", default_shapes())


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(UnusableInput) as caught:
        _load(text)
    return [(f.source.locator, f.message) for f in caught.value.findings]


def test_good_rubric_loads():
    rubric = _load(GOOD)
    assert rubric.max_total == 5
    assert rubric.grade_of(Decimal(60)).label == "合格" and rubric.grade_of(Decimal("59.99")).label == "不合格"


@pytest.mark.parametrize("old, new, line, words", [
    ("        shape: deduct_per_point", "        shape: per_point_deduction", "L18", "未登记"),
    ("        max: 5\n        shape", "        max: 5\n        weight: 3\n        shape", "L18", "未知的键“weight”"),
    ("    max: 5\n    criteria", "    max: 6\n    criteria", "L12", "与下级分值之和5不等"),
    ("          - {inputs: {rate: 98.5}, points: 3}\n", "", "L21", "至少需要两个示例"),
    ("        inputs: {rate", "        params: {stepp: 1}\n        inputs: {rate", "L19", "没有参数“stepp”"),
    ("  - {label: 合格, min: 60}\n  - {label: 不合格, min: 0}", "  - {label: 不合格, min: 0}\n  - {label: 合格, min: 60}", "L9", "从高到低"),
    ("level: project", "level: unit", "L5", "level 应为"),
    ("{rate: 98.5}, points: 3}", "{rate: 98.5, target: 1}, points: 3}", "L22", "未知输入"),
])
def test_problem_points_at_its_line(old, new, line, words):
    assert old in GOOD
    problems = _problems(GOOD.replace(old, new))
    assert any(loc == line and words in msg for loc, msg in problems), problems


def test_checklist_points_must_add_up_to_the_maximum():
    text = GOOD.replace("""        shape: deduct_per_point
        inputs: {rate: {metric: funds_arrival_rate}}
        examples:
          - {inputs: {rate: 100}, points: 5}
          - {inputs: {rate: 98.5}, points: 3}""", """        shape: checklist
        params:
          items: [{label: 甲, points: 2}, {label: 乙, points: 2}]
        examples:
          - {inputs: {item_1: 1, item_2: 1}, points: 4}
          - {inputs: {item_1: 1, item_2: 0}, points: 2}""")
    problems = _problems(text)
    assert any("各条目分值之和4与分值5不等" in msg for _, msg in problems), problems


def test_yaml_syntax_error_has_a_line():
    with pytest.raises(UnusableInput) as caught:
        _load(GOOD.replace("    max: 5\n    criteria:", "    max: 5\n   criteria:"))
    assert caught.value.findings[0].rule_id == "INPUT-YAML-SYNTAX"
    assert caught.value.findings[0].source.locator.startswith("L")


def test_rubric_errors_are_unusable_input():
    assert issubclass(RubricError, UnusableInput)


def test_a_rubric_file_can_be_used_by_path(tmp_path, cli):
    from conftest import example

    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = cli("score", example("yanjiang-xinfang-2022.yaml"), "--rubric", str(path), "--json")
    assert result.exit_code in (0, 1), result.output
    assert '"rubric": "tiny"' in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(GOOD.replace("deduct_per_point", "nope"), encoding="utf-8")
    result = cli("score", example("yanjiang-xinfang-2022.yaml"), "--rubric", str(broken))
    assert result.exit_code == 2 and "broken.yaml:L18" in result.output
