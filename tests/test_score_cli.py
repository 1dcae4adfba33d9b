"""`jixiao score`, `jixiao rubrics`, `jixiao rubric show` through the CLI: exit codes and key figures."""
from __future__ import annotations

import json

import pytest

from conftest import example



def _json(result) -> dict:
    return json.loads(result.output)


def test_score_s4_json(cli):
    result = cli("score", example("yanjiang-xinfang-2022.yaml"), "--json")
    assert result.exit_code == 1, result.output          # the report has errors (card 2 total, …)
    data = _json(result)
    cards = {p["name"]: p for p in data["projects"]}
    card1 = cards["相关处置维稳专项工作经费"]
    assert card1["rubric"] == "sichuan-2022-project"
    assert (card1["total"], card1["published_total"], card1["grade"], card1["published_grade"]) == ("80", "80", "良", "良好")
    arrival = next(i for i in card1["items"] if i["id"] == "funds_arrival")
    assert (arrival["max"], arrival["points"], arrival["published"]) == ("5", "4", "4")
    assert set(arrival) >= {"id", "name", "max", "points", "published", "explanation"}
    card2 = cards["面上的信访维稳工作经费"]
    assert (card2["total"], card2["published_total"]) == ("76", "81")
    department = data["department"]
    assert department["rubric"] == "sichuan-2022-department"
    assert department["total"] is None and department["published_total"] == "83.4"
    rules = {f["rule_id"] for f in data["findings"]}
    assert {"SCORE-TOTAL-MISMATCH", "SCORE-ITEM-OVER-MAX", "SCORE-RATE-MISMATCH", "SCORE-TOTAL-UNVERIFIABLE"} <= rules
    assert all(f["source"]["locator"] for f in data["findings"])


def test_score_s0_json(cli):
    result = cli("score", example("zhanyi-xinfang-2023.yaml"), "--json")
    assert result.exit_code == 0, result.output          # only a warning: 109.85% published as 100.00%
    data = _json(result)
    assert [p["total"] for p in data["projects"]] == ["100", "100", "100"]
    assert {p["rubric"] for p in data["projects"]} == {"yunnan-2023-project"}
    assert data["department"] is None
    assert [f["rule_id"] for f in data["findings"]] == ["SCORE-RATE-MISMATCH"]


def test_score_with_explicit_rubric(cli):
    result = cli("score", example("zhanyi-xinfang-2023.yaml"), "--rubric", "mof-2020-project", "--json")
    assert result.exit_code == 0
    data = _json(result)
    assert {p["rubric"] for p in data["projects"]} == {"mof-2020-project"}
    assert "SCORE-WEIGHTS-MISMATCH" in {f["rule_id"] for f in data["findings"]}


def test_score_text_output_is_chinese_tables(cli):
    result = cli("score", example("yanjiang-xinfang-2022.yaml"))
    assert result.exit_code == 1
    text = result.output
    for words in ("项目：相关处置维稳专项工作经费", "计算得分", "公开得分", "65.16/65.54×100%=99.42%",
                  "合计（满分100分）", "SCORE-TOTAL-MISMATCH", "部门整体：部门整体支出"):
        assert words in text, words


def test_unknown_rubric_is_unusable_input(cli):
    result = cli("score", example("zhanyi-xinfang-2023.yaml"), "--rubric", "no-such-rubric")
    assert result.exit_code == 2
    assert "RUBRIC-UNKNOWN" in result.output and "Traceback" not in result.output


def test_rubrics_lists_the_bundled_ones(cli):
    result = cli("rubrics", "--json")
    assert result.exit_code == 0
    ids = {r["id"] for r in _json(result)}
    assert ids == {"mof-2020-project", "yunnan-2023-project", "sichuan-2022-project", "sichuan-2022-department",
                   "mof-2013-department", "sichuan-2023-project", "hubei-2022-project", "anhui-2022-project",
                   "beijing-2016-project", "hebei-2019-project", "shanxi-2020-project", "hunan-yueyang-department",
                   "chongqing-2021-department", "guizhou-2021-department"}
    text = cli("rubrics").output
    assert "sichuan-2022-project" in text and "mof-2013-department:hunan" in text


def test_rubric_show(cli):
    result = cli("rubric", "show", "sichuan-2022-project")
    assert result.exit_code == 0
    assert "资金到位率" in result.output and "每少一个百分点扣1分" in result.output
    data = _json(cli("rubric", "show", "mof-2013-department:hunan", "--json"))
    assert data["id"] == "mof-2013-department:hunan"
    assert next(c for c in data["criteria"] if c["id"] == "budget_completion")["shape"] == "deduct_per_block"
    assert cli("rubric", "show", "nope").exit_code == 2
