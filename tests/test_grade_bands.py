"""Grade bands other than 90/80/60 (issue 11 item 4).  A rubric's ``grades`` are data: a form whose bands
are 85/70/60 grades with them, on every path that grades (the engine and the card checks).  No bundled
rubric has other bands, because no published form with an address prints them (docs/rubrics.md); a unit
whose form does writes them in its own rubric file and scores with ``--rubric 文件.yaml``."""
from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

import pytest

BANDS_90 = """\
  - {label: 优, min: 90, aliases: [优秀]}
  - {label: 良, min: 80, aliases: [良好]}
  - {label: 中, min: 60, aliases: [中等, 合格]}
"""
BANDS_85 = """\
  - {label: 优, min: 85, aliases: [优秀]}
  - {label: 良, min: 70, aliases: [良好]}
  - {label: 中, min: 60, aliases: [中等, 合格]}
"""

#: 执行率 100% → 20; 产出 40 × 67.5/100 = 27; 效益 30; 满意度 10: 总分 87 (invented figures)
FILING = """\
unit: {{name: 某局, year: 2022, province: 湖北}}
projects:
  - name: 示例项目
    rubric_family: "2020"
    published: {{total: "87", grade: {grade}}}
    funds:
      - {{source: 年度资金总额, annual_budget: 100, executed: 100, weight: 20, published: {{score: "20"}}}}
    indicators:
      - {{level1: 产出指标, name: 完成数量, nature: "≥", target: "100", actual: "67.5", weight: 40, score: "27"}}
      - {{level1: 效益指标, name: 受益人数, nature: "≥", target: "100", actual: "100", weight: 30, score: "30"}}
      - {{level1: 满意度指标, name: 服务对象满意度, nature: "≥", target: "90", actual: "95", weight: 10, score: "10"}}
"""


@pytest.fixture
def rubric_85(tmp_path):
    """The bundled Hubei form with its grade bands set to 85/70/60 (a unit's own rubric file)."""
    text = resources.files("jixiao").joinpath("rulepacks/rubrics/hubei-2022-project.yaml").read_text("utf-8")
    assert BANDS_90 in text
    text = text.replace(BANDS_90, BANDS_85).replace("id: hubei-2022-project", "id: own-85-70-60-project")
    path = tmp_path / "own-rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _score(cli, write_filing, rubric: str, grade: str):
    result = cli("score", write_filing(FILING.format(grade=grade)), "--rubric", rubric, "--json")
    assert result.exit_code in (0, 1), result.output
    out = json.loads(result.output)
    return result.exit_code, out, [f["rule_id"] for f in out["findings"] if f["severity"] == "error"]


def test_87_is_excellent_under_85_70_60(cli, write_filing, rubric_85):
    code, out, errors = _score(cli, write_filing, rubric_85, "优")
    card = out["projects"][0]
    assert (Decimal(card["total"]), card["grade"]) == (87, "优")
    assert not errors and code == 0, out["findings"]


def test_87_graded_good_is_found_under_85_70_60(cli, write_filing, rubric_85):
    code, out, errors = _score(cli, write_filing, rubric_85, "良")
    assert "SCORE-GRADE-BAND" in errors and code == 1, out["findings"]


def test_the_same_card_under_90_80_60_is_good_not_excellent(cli, write_filing):
    code, out, errors = _score(cli, write_filing, "hubei-2022-project", "优")
    assert out["projects"][0]["grade"] == "良"
    assert "SCORE-GRADE-BAND" in errors and code == 1, out["findings"]
