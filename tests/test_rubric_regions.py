"""Regional self-evaluation forms (issue 11 item 4): each is listed with its province and source, shows,
and scores a filing end to end through ``jixiao score FILE --rubric ID`` — the rule's own figures pass,
a published score that contradicts the rule is found."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from jixiao.scoring import list_rubrics, load_rubric

#: rubric id → province, level, status (every one is read from a published form; see docs/rubrics.md)
REGIONAL = {
    "hubei-2022-project": ("湖北", "project", "partial"),
    "anhui-2022-project": ("安徽", "project", "partial"),
    "beijing-2016-project": ("北京", "project", "partial"),
    "hebei-2019-project": ("河北", "project", "partial"),
    "shanxi-2020-project": ("山西", "project", "partial"),
    "hunan-yueyang-department": ("湖南", "department", "partial"),
    "chongqing-2021-department": ("重庆", "department", "partial"),
    "guizhou-2021-department": ("贵州", "department", "partial"),
    "sichuan-2023-project": ("四川", "project", "partial"),
}
CENTRAL = {"mof-2013-department", "mof-2020-project"}


def test_forms_of_at_least_eight_provinces_besides_the_central_ones(cli):
    result = cli("rubrics", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    rows = listed if isinstance(listed, list) else listed["rubrics"]
    provinces = {p for r in rows if r["id"] not in CENTRAL for p in r["provinces"]}
    assert len(provinces - {"四川", "云南"}) >= 8, provinces
    ids = {r["id"] for r in rows}
    assert set(REGIONAL) <= ids


@pytest.mark.parametrize("rubric_id", sorted(REGIONAL))
def test_each_form_names_its_province_source_and_status(rubric_id, cli):
    province, level, status = REGIONAL[rubric_id]
    rubric = load_rubric(rubric_id)
    assert rubric.provinces == (province,) and rubric.level == level and rubric.status == status
    assert "http" in rubric.source and "2026-12-07" in rubric.source, "the source gives the address and the date read"
    assert any("部分未知" in note for note in rubric.notes), "a partial form says what is unknown"
    shown = cli("rubric", "show", rubric_id)
    assert shown.exit_code == 0 and province in shown.output, shown.output
    assert any(rule.examples for _, rule in rubric.rules()), "pass/fail cases"


def test_every_bundled_rubric_is_one_of_the_known_forms():
    known = set(REGIONAL) | CENTRAL | {"sichuan-2022-project", "sichuan-2022-department", "yunnan-2023-project"}
    assert {r.id for r in list_rubrics()} == known


# ---------------------------------------------------------------- 2020 project forms, end to end

def _project(province: str, year: int, budget: str, executed: str, exec_weight: int, exec_score: str,
             rows: list[tuple], total: str) -> str:
    lines = [f"unit: {{name: 某局, year: {year}, province: {province}}}", "projects:", "  - name: 示例项目",
             '    rubric_family: "2020"', f'    published: {{total: "{total}"}}', "    funds:",
             f"      - {{source: 年度资金总额, annual_budget: {budget}, executed: {executed}, weight: {exec_weight}, "
             f'published: {{score: "{exec_score}"}}}}', "    indicators:"]
    for level1, name, nature, target, actual, weight, score, grade in rows:
        evidence = f", evidence: {{grade: {grade}}}" if grade else ""
        nature_text = f', nature: "{nature}"' if nature else ""
        lines.append(f'      - {{level1: {level1}, name: {name}{nature_text}, target: "{target}", actual: "{actual}", '
                     f'weight: {weight}, score: "{score}"{evidence}}}')
    return "\n".join(lines) + "\n"


def _run(cli, write_filing, body: str, rubric_id: str):
    result = cli("score", write_filing(body), "--rubric", rubric_id, "--json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)


#: (rubric, province, year, execution: budget, executed, weight, published score, indicator rows, computed total)
PROJECT_CASES = {
    # Hubei: 20 × 执行率; a ≤ row over its target scores W × 指标值/实际值 (10/12.5 × 20 = 16, not 15)
    "hubei-2022-project": ("湖北", 2022, ("5", "4.9925", 20, "19.97"), [
        ("产出指标", 数量 := "完成数量", "≥", "10", "8", 20, "16", None),
        ("产出指标", "单位成本", "≤", "10", "12.5", 20, "16", None),
        ("效益指标", "社会效益", None, "明显", "较明显", 30, "20", "部分达成"),
        ("满意度指标", "服务对象满意度", "≥", "90", "95", 10, "10", None)], "81.97"),
    "anhui-2022-project": ("安徽", 2022, ("880", "880", 10, "10"), [
        ("产出指标", "数量", "≥", "1", "1", 50, "50", None),
        ("效益指标", "社会效益", "≥", "100", "90", 30, "27", None),
        ("满意度指标", "满意度", "≥", "90", "100", 10, "10", None)], "97"),
    "beijing-2016-project": ("北京", 2016, ("310.21", "155.105", 10, "5"), [
        ("产出指标", "数量", "≥", "20", "20", 50, "50", None),
        ("效益指标", "社会效益", "≤", "5", "10", 30, "15", None),
        ("满意度指标", "满意度", "≥", "90", "90", 10, "10", None)], "80"),
    # Hebei: whole points (43.2 / 37.24 → 8.62 → 9)
    "hebei-2019-project": ("河北", 2019, ("43.2", "37.24", 10, "9"), [
        ("产出指标", "工程资金金额", "≥", "43.2", "37.24", 10, "9", None),
        ("产出指标", "工程完工率", "≥", "100", "100", 40, "40", None),
        ("效益指标", "长期使用性", "≥", "100", "100", 30, "30", None),
        ("满意度指标", "学生满意度", "≥", "100", "100", 10, "10", None)], "98"),
    # Shanxi: 99.1% → 9 (one point per percentage point short, part counted whole); rows to one decimal
    "shanxi-2020-project": ("山西", 2020, ("65.66", "65.07", 10, "9"), [
        ("产出指标", "接种率", "≥", "100", "97.3", 2, "1.9", None),
        ("产出指标", "参保人数", "≥", "8755", "8755", 48, "48", None),
        ("效益指标", "社会效益", "≥", "95", "95", 30, "30", None),
        ("满意度指标", "满意度", "≥", "95", "95", 10, "10", None)], "98.9"),
    # Sichuan 2023: one 90-point block however the project splits it (here 产出60 + 效益30, no 满意度 row)
    "sichuan-2023-project": ("四川", 2023, ("251.89", "251.89", 10, "10"), [
        ("产出指标", "发放覆盖率", "=", "100", "100", 60, "60", None),
        ("效益指标", "足额保障率", "=", "100", "100", 30, "30", None)], "100"),
}


@pytest.mark.parametrize("rubric_id", sorted(PROJECT_CASES))
def test_a_project_filing_scores_end_to_end(rubric_id, cli, write_filing):
    province, year, (budget, executed, weight, score), rows, total = PROJECT_CASES[rubric_id]
    body = _project(province, year, budget, executed, weight, score, rows, total)
    code, out = _run(cli, write_filing, body, rubric_id)
    card = out["projects"][0]
    assert card["rubric"] == rubric_id
    assert Decimal(card["total"]) == Decimal(total), card
    assert Decimal(card["published_total"]) == Decimal(total)
    assert not [f for f in out["findings"] if f["rule_id"] in ("SCORE-ITEM-MISMATCH", "SCORE-TOTAL-MISMATCH")], out["findings"]
    assert code == 0


@pytest.mark.parametrize("rubric_id", sorted(PROJECT_CASES))
def test_a_published_execution_score_against_the_rule_is_found(rubric_id, cli, write_filing):
    province, year, (budget, executed, weight, score), rows, total = PROJECT_CASES[rubric_id]
    wrong = str(Decimal(score) - 2)
    body = _project(province, year, budget, executed, weight, wrong, rows, str(Decimal(total) - 2))
    _, out = _run(cli, write_filing, body, rubric_id)
    found = [f for f in out["findings"] if f["rule_id"] == "SCORE-ITEM-MISMATCH"]
    assert len(found) == 1 and "执行率" in found[0]["message"], out["findings"]
    certainty = load_rubric(rubric_id).criteria().__next__()[1].rule.certainty
    assert found[0]["severity"] == {"stated": "error", "customary": "warning", "inferred": "info"}[certainty]


def test_hubei_reverse_rows_differ_from_the_default_rule(cli, write_filing):
    """The same ≤ row: Hubei gives W × 指标值/实际值 = 16, the MoF default (1 − 偏离度) × W = 15."""
    province, year, (budget, executed, weight, score), rows, total = PROJECT_CASES["hubei-2022-project"]
    body = _project(province, year, budget, executed, weight, score, rows, total)
    _, hubei = _run(cli, write_filing, body, "hubei-2022-project")
    _, default = _run(cli, write_filing, body, "mof-2020-project")
    points = lambda out: {i["name"]: i["points"] for i in out["projects"][0]["items"]}  # noqa: E731
    assert (Decimal(points(hubei)["单位成本"]), Decimal(points(default)["单位成本"])) == (16, 15)


# ---------------------------------------------------------------- department forms, end to end

HUNAN = """\
unit: {name: 某局, year: 2021, province: 湖南}
department:
  published: {total: "{total}"}
  scorecard:
    - {criterion: 财政供养人员控制率, level2: 预算配置, max_points: 5, score: "{staff}", evidence: {rate: "103%"}}
    - {criterion: “三公经费”变动率, level2: 预算配置, max_points: 5, score: "5", evidence: {rate: "-10%"}}
    - {criterion: 重点支出安排率, level2: 预算配置, max_points: 5, score: "4", evidence: {rate: "85%"}}
    - {criterion: 预算调整率, level2: 预算执行, max_points: 3, score: "2", evidence: {rate: "8%"}}
    - {criterion: “三公经费”控制率, level2: 预算执行, max_points: 6, score: "6", evidence: {rate: "95%"}}
    - {criterion: 管理制度健全性, level2: 预算管理, max_points: 3, score: "2", evidence: {met: "①③"}}
"""


def test_hunan_department_form_scores_its_stated_rules(cli, write_filing):
    body = HUNAN.replace("{staff}", "3.5").replace("{total}", "22.5")
    code, out = _run(cli, write_filing, body, "hunan-yueyang-department")
    items = {i["name"]: i for i in out["department"]["items"]}
    assert Decimal(items["财政供养人员控制率"]["points"]) == Decimal("3.5")   # 3 points over 100%: −1.5
    assert Decimal(items["重点支出安排率"]["points"]) == 4
    assert Decimal(items["预算调整率"]["points"]) == 2
    assert not [f for f in out["findings"] if f["rule_id"] in ("SCORE-ITEM-MISMATCH", "SCORE-TOTAL-MISMATCH")]
    assert code == 0


def test_hunan_department_form_finds_a_score_against_its_standard(cli, write_filing):
    body = HUNAN.replace("{staff}", "5").replace("{total}", "24")
    code, out = _run(cli, write_filing, body, "hunan-yueyang-department")
    found = [f for f in out["findings"] if f["rule_id"] == "SCORE-ITEM-MISMATCH"]
    assert len(found) == 1 and found[0]["severity"] == "error" and "财政供养人员控制率" in found[0]["message"]
    assert code == 1


DEPARTMENT_2020 = """\
unit: {{name: 某局, year: {year}, province: {province}}}
department:
  published: {{total: "{total}"}}
  scorecard:
    - {{criterion: 执行率, max_points: 10, score: "{exec_score}", evidence: {{rate: "{rate}%"}}}}
  indicators:
    - {{level1: 绩效指标, name: 播发稿件数量, nature: "≥", target: "2200", actual: "2859", weight: 50, score: "50"}}
    - {{level1: 绩效指标, name: 公用经费控制率, nature: "≤", target: "100", actual: "97", weight: 40, score: "40"}}
"""


@pytest.mark.parametrize("rubric_id, province, year, rate, exec_score", [
    ("chongqing-2021-department", "重庆", 2021, "79.27", "7.93"),
    ("guizhou-2021-department", "贵州", 2021, "108.2", "10"),
])
def test_department_forms_with_the_execution_row_in_the_total(rubric_id, province, year, rate, exec_score, cli, write_filing):
    total = str(Decimal(exec_score) + 90)
    body = DEPARTMENT_2020.format(year=year, province=province, total=total, exec_score=exec_score, rate=rate)
    code, out = _run(cli, write_filing, body, rubric_id)
    card = out["department"]
    assert (Decimal(card["total"]), Decimal(card["published_total"])) == (Decimal(total), Decimal(total)), card
    assert code == 0
    wrong = DEPARTMENT_2020.format(year=year, province=province, total=total, exec_score="9", rate="70")
    _, out = _run(cli, write_filing, wrong, rubric_id)
    assert [f["rule_id"] for f in out["findings"] if f["rule_id"] == "SCORE-ITEM-MISMATCH"] == ["SCORE-ITEM-MISMATCH"]


# ---------------------------------------------------------------- R8 variants used by regional forms

def _r8(params: dict, target: str, actual: str, nature: int):
    from jixiao.scoring import default_shapes
    from jixiao.scoring.compile import compile_rule
    from jixiao.scoring.rubric import Policy, Rule

    compiled = compile_rule(Rule("indicator_nature", params, {}), Decimal(20), Policy(), default_shapes())
    evaluation = compiled.evaluate({"target": Decimal(target), "actual": Decimal(actual), "nature": Decimal(nature)})
    return evaluation.points, compiled.explain(evaluation)


def test_overshoot_deduction_applies_at_and_above_the_stated_margin():
    params = {"over_pct": Decimal(30), "over_deduction": Decimal(2)}
    assert _r8(params, "10", "13", 1)[0] == 18 and "目标设定偏低" in _r8(params, "10", "13", 1)[1]
    assert _r8(params, "10", "12.99", 1)[0] == 20
    assert _r8(params, "10", "8", 1)[0] == 16
    assert _r8({}, "10", "13", 1)[0] == 20, "without over_pct a target exceeded keeps full marks"


def test_reverse_rows_ratio_versus_deviation():
    assert _r8({"le_rule": "ratio"}, "10", "40", 2)[0] == 5           # 10/40 × 20
    assert _r8({}, "10", "40", 2)[0] == 0                              # more than twice the target
    assert "指标值/实际完成值" in _r8({"le_rule": "ratio"}, "10", "40", 2)[1]


def test_an_unknown_le_rule_is_refused_with_its_line(tmp_path):
    from jixiao.scoring.rubric_load import RubricError

    from importlib import resources

    bundled = resources.files("jixiao.rulepacks").joinpath("rubrics", "hubei-2022-project.yaml").read_text("utf-8")
    text = bundled.replace("params: {le_rule: ratio}", "params: {le_rule: sideways}")
    assert text != bundled
    path = tmp_path / "bad-rubric.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_rubric(str(path))
    assert "le_rule" in str(info.value.findings[0].message) and info.value.findings[0].source.locator.startswith("L")
