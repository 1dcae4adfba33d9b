"""The metric registry and its computations, on small filings written in YAML."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest.load import load_filing
from jixiao.metrics.compute import compute_all
from jixiao.metrics.registry import RegistryError, load_registry

REQUIRED = {
    "execution_rate", "funds_arrival_rate", "funds_timeliness_rate", "completion_rate", "quality_rate",
    "cost_saving_rate", "staff_control_rate", "sangong_change_rate_budget", "sangong_change_rate_final",
    "key_spending_rate", "budget_completion_rate", "budget_adjustment_rate", "budget_control_rate",
    "payment_progress_rate", "carryover_rate", "carryover_change_rate", "public_funds_control_rate",
    "sangong_control_rate", "procurement_execution_rate", "fixed_asset_utilisation",
}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def by_id(results):
    return {r.instance: r for r in results}


def compute(write_filing, body, registry):
    filing, findings = load_filing(write_filing("unit:\n  name: 测试局\n  year: 2022\n" + body))
    assert findings == []
    return by_id(compute_all(filing, registry))


def test_registry_has_every_standard_rate(registry):
    ids = registry.ids
    assert REQUIRED <= ids
    assert len(ids) >= 30
    for metric in registry.metrics:
        assert metric.name and metric.formula and metric.basis and metric.unit in {"%", "万元"}


def test_staff_control_rate(write_filing, registry):
    results = compute(write_filing, "  authorized_staff: 23\n  actual_staff: 21\n", registry)
    result = results["staff_control_rate"]
    assert result.display == "91.30"
    assert result.inputs == {"actual": Decimal(21), "authorized": Decimal(23)}
    assert result.source.locator == "L7"   # the first operand: 实有人数


def test_missing_input_is_named_not_guessed(write_filing, registry):
    results = compute(write_filing, "  authorized_staff: 23\n", registry)
    result = results["staff_control_rate"]
    assert result.value is None
    assert result.missing == ("单位信息·实有人数（unit.actual_staff）",)


def test_division_by_zero_is_reported(write_filing, registry):
    body = "accounts:\n  procurement:\n    total: {amount: 0}\n    sme_awarded: {amount: 0}\n"
    result = compute(write_filing, body, registry)["procurement_sme_share"]
    assert result.value is None and result.problem == "除数为0，无法计算"


def test_change_rate_on_prior_year_base(write_filing, registry):
    body = "accounts:\n  operating_costs: {amount: 32.45, prior: 25.65}\n"
    results = compute(write_filing, body, registry)
    assert results["operating_costs_change"].display == "6.80"
    assert results["operating_costs_change_rate"].display == "26.5"   # 6.8 / 25.65, not / 32.45


def test_per_item_metrics_and_published_claims(write_filing, registry):
    body = """accounts:
  fiscal:
    general_budget: {amount: 552.38}
  function_lines:
    - {code: "201", amount: 477.52, published: {function_class_share: 86.4%}}
    - {code: "2010308", amount: 188.9, budget: 353.75, published: {function_line_completion: 53.4%}}
department:
  published:
    "function_class_share:201": 86.44%
"""
    results = compute(write_filing, body, registry)
    share = results["function_class_share:201"]
    assert share.display == "86.4"
    assert [c.value.text for c in share.claims] == ["86.4%", "86.44%"]
    assert "function_class_share:2010308" not in results      # 项 lines are not classes
    assert results["function_line_completion:2010308"].display == "53.4"


def test_sangong_components(write_filing, registry):
    body = """accounts:
  sangong:
    total: {amount: 2.04}
    overseas: {amount: 0}
    vehicle: {amount: 1.78}
    reception: {amount: 0.26}
"""
    results = compute(write_filing, body, registry)
    assert results["sangong_component_share:vehicle"].display == "87.3"
    assert results["sangong_component_share:reception"].display == "12.7"
    assert results["sangong_component_share:overseas"].display == "0.0"


def test_project_execution_rate_per_fund_row(write_filing, registry):
    body = """projects:
  - name: 信访救助金经费
    funds:
      - {source: 年度资金总额, annual_budget: 20.00, executed: 21.97}
"""
    result = compute(write_filing, body, registry)["execution_rate:信访救助金经费/年度资金总额"]
    assert result.display == "109.85"


def test_display_is_half_up_not_bankers(write_filing, registry):
    # 0.125 → 0.13 under 四舍五入 (banker's rounding would give 0.12)
    body = "department:\n  inputs: {fixed_assets_in_use: 0.125, fixed_assets_total: 100}\n"
    assert compute(write_filing, body, registry)["fixed_asset_utilisation"].display == "0.13"


@pytest.mark.parametrize("text, message", [
    ("metrics:\n  - {id: a, name: A, formula: f, expr: 'x ** 2', inputs: {x: unit.actual_staff}, unit: '%', precision: 2, basis: b}\n", "不允许"),
    ("metrics:\n  - {id: a, name: A, formula: f, expr: 'x / y', inputs: {x: unit.actual_staff}, unit: '%', precision: 2, basis: b}\n", "不一致"),
    ("metrics:\n  - {id: a, name: A, formula: f, expr: 'x', inputs: {x: unit.no_such}, unit: '%', precision: 2, basis: b}\n", "不存在"),
    ("metrics:\n  - {id: a, name: A, formula: f, expr: 'x', inputs: {x: unit.actual_staff}, unit: '%', precision: 2, basis: b}\n"
     "  - {id: a, name: A, formula: f, expr: 'x', inputs: {x: unit.actual_staff}, unit: '%', precision: 2, basis: b}\n", "重复"),
    ("metrics:\n  - {id: a, name: A, formula: f, expr: 'x', inputs: {x: unit.actual_staff}, unit: '%', precision: 2, basis: b, colour: red}\n", "未知字段"),
])
def test_bad_registry_definitions_are_refused(text, message):
    with pytest.raises(RegistryError, match=message):
        load_registry(text)


def test_metrics_json_shape(write_filing, cli):
    import json

    path = write_filing("unit:\n  name: 测试局\n  year: 2022\n  authorized_staff: 23\n  actual_staff: 21\n")
    result = cli("metrics", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["filing"]["unit"] == "测试局"
    metric = next(m for m in data["metrics"] if m["id"] == "staff_control_rate")
    assert metric == {
        "id": "staff_control_rate", "name": "在职人员控制率", "value": "91.30", "unit": "%",
        "formula": "在职人员数 / 编制数 × 100%", "inputs": {"actual": "21", "authorized": "23"},
        "source": {"doc": metric["source"]["doc"], "locator": "L7"},
        "basis": "财预〔2013〕53号 附件3 部门整体支出绩效评价共性指标体系框架",
    }
    blocked = next(m for m in data["metrics"] if m["id"] == "carryover_rate")
    assert blocked["value"] is None and blocked["missing"]


def test_metrics_text_output_shows_working(write_filing, cli):
    path = write_filing("unit:\n  name: 测试局\n  year: 2022\n  authorized_staff: 23\n  actual_staff: 21\n"
                        "  published: {staff_control_rate: 91.3%}\n")
    result = cli("metrics", path)
    assert result.exit_code == 0
    assert "在职人员控制率" in result.output and "91.30%" in result.output
    assert "21 ÷ 23 × 100" in result.output
    assert "公开值 91.3%" in result.output and "（一致）" in result.output
