"""Both source reports load as filings, and the S4 metrics match the issue's acceptance figures."""
from __future__ import annotations

import json

import pytest

from conftest import example
from jixiao.ingest.load import load_filing
from jixiao.ingest.validate import validate
from jixiao.metrics.compute import compute_all
from jixiao.metrics.registry import load_registry

S4 = example("yanjiang-xinfang-2022.yaml")
S0 = example("zhanyi-xinfang-2023.yaml")


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.mark.parametrize("path", [S4, S0])
def test_examples_load_without_input_errors(path, registry):
    filing, findings = load_filing(path)
    assert findings == []
    assert [f for f in validate(filing, registry) if f.severity.value == "error"] == []


def test_s4_content_is_complete():
    filing, _ = load_filing(S4)
    assert filing.unit.name == "资阳市雁江区信访局" and filing.unit.year == 2022
    assert len(filing.projects) == 8
    assert all(len(p.scorecard) == 20 for p in filing.projects)
    assert [p.published.get("total").text for p in filing.projects] == ["80", "81", "83", "85", "83", "85", "86", "82"]
    assert len(filing.accounts.function_lines) == 17
    assert len(filing.accounts.economic_lines) == 22
    assert str(filing.accounts.totals.income_total.amount) == "552.21"
    assert filing.department.published.get("grade").text == "良"


def test_s0_content_is_complete():
    filing, _ = load_filing(S0)
    assert filing.unit.name == "曲靖市沾益区信访局" and filing.unit.year == 2023
    assert [p.name for p in filing.projects] == ["信访联合工作组工作经费", "信访救助金经费", "维稳工作经费"]
    assert all(len(p.indicators) == 4 for p in filing.projects)
    assert [t.published.get("key_task_execution_rate").text for t in filing.department.key_tasks] == ["100%", "20", "20"]
    # published spelling of the nature symbol is kept beside the canonical one
    assert filing.department.indicators[1].nature == "="
    assert filing.department.indicators[1].nature_as_published == "≡"


@pytest.mark.parametrize("metric_id, shown", [
    ("staff_control_rate", "91.30"),
    ("public_funds_control_rate", "73.81"),
    ("sangong_control_rate", "11.94"),
    ("carryover_change_rate", "-0.10"),
    ("sangong_change_rate_final", "-26.45"),
])
def test_s4_acceptance_metrics(metric_id, shown, registry):
    filing, _ = load_filing(S4)
    results = {r.instance: r for r in compute_all(filing, registry)}
    assert results[metric_id].display == shown


def test_s4_metrics_cli_json(cli):
    result = cli("metrics", S4, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    metrics = {m["id"]: m for m in data["metrics"]}
    assert metrics["sangong_change_rate_final"]["value"] == "-26.45"
    assert metrics["sangong_change_rate_final"]["inputs"] == {"current": "2.03", "prior": "2.76"}
    published = metrics["sangong_change_rate_final"]["published"][0]
    assert published["value"] == "-10.53%" and published["source"]["locator"].startswith("L")
    assert len([m for m in data["metrics"] if m["value"] is not None]) >= 50
    for metric in data["metrics"]:
        assert set(metric) >= {"id", "name", "value", "unit", "formula", "inputs", "source"}


def test_s4_sources_point_into_the_yaml():
    filing, _ = load_filing(S4)
    source = filing.source_of("department.inputs.sangong_actual")
    line = int(source.locator[1:])
    text = open(S4, encoding="utf-8").read().splitlines()[line - 1]
    assert "sangong_actual" in text and "2.03" in text and ("S4:L2379" in text or "S4:L2397" in text)


def test_demo_runs_every_stage(cli, tmp_path):
    result = cli("demo", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "资阳市雁江区信访局" in result.output and "曲靖市沾益区信访局" in result.output
    assert "面上的信访维稳工作经费（sichuan-2022-project）：规则复算 76 分" in result.output
    assert "按规则计算 3 项，采用单位自评 17 项" in result.output
    assert "SCORE-TOTAL-MISMATCH" in result.output and "CHK-RATE-CHANGES" in result.output
    produced = sorted(p.suffix for p in tmp_path.rglob("*.*") if "_核对报告" not in p.name)
    assert produced == [".docx", ".docx", ".html", ".html", ".pdf", ".pdf", ".xlsx", ".xlsx"]
    reviews = sorted(p.suffix for p in tmp_path.rglob("*_核对报告.*"))
    assert reviews == [".docx", ".docx", ".html", ".html"]


@pytest.mark.parametrize("path", [S4, S0])
def test_yaml_xlsx_yaml_round_trip_through_the_cli(path, cli, tmp_path):
    from jixiao.ingest.yaml_out import dump_filing

    xlsx, back = tmp_path / "filing.xlsx", tmp_path / "back.yaml"
    assert cli("convert", path, str(xlsx)).exit_code == 0
    assert cli("convert", str(xlsx), str(back)).exit_code == 0
    original, _ = load_filing(path)
    again, findings = load_filing(str(back))
    assert findings == []
    assert again == original
    assert dump_filing(again) == dump_filing(original)
    # the workbook itself validates clean and cites cells
    via_xlsx, _ = load_filing(str(xlsx))
    assert "!" in via_xlsx.source_of("accounts.totals.income_total.amount" if path == S4 else "accounts.expenditure.basic.amount").locator
