"""The bad-input catalogue: each mistake gives a clear Chinese message at its location,
exit 2 (or error findings, exit 1), and never a traceback."""
from __future__ import annotations

import os

import pytest

from jixiao.findings import UnusableInput
from jixiao.ingest.load import load_filing

UNIT = """
unit:
  name: 测试局
  year: 2022
"""


def rule_ids(findings):
    return [f.rule_id for f in findings]


def run_cli(cli, path, *extra):
    result = cli("validate", path, *extra)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_text_in_a_number_field(write_filing, cli):
    path = write_filing(UNIT + """
accounts:
  basic:
    personnel:
      amount: 三百万
""")
    filing, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-MONEY"]
    assert findings[0].source.locator == "L11"
    assert "不是数字" in findings[0].message
    result = run_cli(cli, path)
    assert result.exit_code == 2
    assert "filing.yaml:L11: INPUT-MONEY 错误" in result.output


def test_float_with_too_many_digits(write_filing):
    path = write_filing(UNIT + """
accounts:
  operating_costs:
    amount: 552.2100000000001
""")
    _, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-MONEY"]
    assert "小数位过多" in findings[0].message and findings[0].source.locator == "L10"


def test_amount_in_yuan_file_is_converted_exactly(write_filing):
    path = write_filing(UNIT + """
accounts:
  operating_costs:
    amount: 324500.12
""", header="schema: jixiao.filing/1\nmoney_unit: 元\n")
    filing, findings = load_filing(path)
    assert findings == []
    assert str(filing.accounts.operating_costs.amount) == "32.450012"


def test_yuan_with_three_decimals_is_refused(write_filing):
    path = write_filing(UNIT + """
accounts:
  operating_costs:
    amount: 324500.123
""", header="schema: jixiao.filing/1\nmoney_unit: 元\n")
    _, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-MONEY"]


def test_negative_amount(write_filing, cli):
    path = write_filing(UNIT + """
accounts:
  sangong:
    total:
      amount: -2.04
""")
    _, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-MONEY"] and "负数" in findings[0].message
    assert run_cli(cli, path).exit_code == 2


def test_signed_fields_accept_negative(write_filing):
    path = write_filing(UNIT + """
department:
  inputs:
    budget_adjustment: -3.5
""")
    filing, findings = load_filing(path)
    assert findings == [] and filing.department.inputs.budget_adjustment == -3.5


def test_yuan_and_wanyuan_mixed(write_filing):
    path = write_filing(UNIT + """
accounts:
  totals:
    income_total:
      amount: 5522100元
""")
    _, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-MONEY"]
    assert "元与万元混用" in findings[0].message and findings[0].source.locator == "L11"


def test_explicit_matching_unit_is_fine(write_filing):
    path = write_filing(UNIT + """
accounts:
  totals:
    income_total:
      amount: 552.21万元
""")
    filing, findings = load_filing(path)
    assert findings == [] and str(filing.accounts.totals.income_total.amount) == "552.21"


def test_missing_required_field(write_filing, cli):
    path = write_filing("""
unit:
  year: 2022
projects:
  - department: 测试局
""")
    _, findings = load_filing(path)
    messages = [f.message for f in findings]
    assert rule_ids(findings) == ["INPUT-MISSING", "INPUT-MISSING"]
    assert any("单位名称" in m for m in messages) and any("项目名称" in m for m in messages)
    assert run_cli(cli, path).exit_code == 2


def test_duplicate_project_names(write_filing):
    path = write_filing(UNIT + """
projects:
  - name: 信访维稳经费
  - name: 其他项目
  - name: 信访维稳经费
""")
    _, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-DUPLICATE"]
    assert findings[0].source.locator == "L11" and "L9" in findings[0].message


def test_unknown_code_is_an_error_finding_not_a_crash(write_filing, cli):
    path = write_filing(UNIT + """
accounts:
  function_lines:
    - {code: "2010377", name: 不存在的科目, amount: 1}
    - {code: "2010308", name: 信访事务（项）, amount: 188.9}
    - {code: "20A", amount: 1}
  economic_lines:
    - {code: "30188", name: 虚构, amount: 1}
""")
    result = run_cli(cli, path)
    assert result.exit_code == 1
    assert "CODE-UNKNOWN" in result.output and "2010377" in result.output
    assert "CODE-MALFORMED" in result.output
    assert "filing.yaml:L10: CODE-UNKNOWN" in result.output


def test_unknown_field_is_named(write_filing):
    path = write_filing(UNIT + """
acounts:
  totals: {}
""")
    _, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-UNKNOWN-FIELD"] and "acounts" in findings[0].message


def test_wrong_choice_lists_the_options(write_filing):
    path = write_filing(UNIT + """
projects:
  - name: A
    indicators:
      - {name: 满意度, nature: ">>"}
""")
    _, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-CHOICE"] and "≥" in findings[0].message


@pytest.mark.parametrize("text, line", [
    ("unit:\n  name: [未闭合\n", 5),
    ("unit:\n  name: a\n   year: 2022\n", 5),
    ("unit:\n\tname: a\n", 4),
])
def test_malformed_yaml(write_filing, cli, text, line):
    path = write_filing(text)
    with pytest.raises(UnusableInput) as info:
        load_filing(path)
    finding = info.value.findings[0]
    assert finding.rule_id == "INPUT-YAML-SYNTAX" and "YAML格式错误" in finding.message
    assert finding.source.locator == f"L{line}"
    result = run_cli(cli, path)
    assert result.exit_code == 2 and "INPUT-YAML-SYNTAX" in result.output


def test_truncated_yaml(tmp_path, cli):
    full = "schema: jixiao.filing/1\nunit:\n  name: \"测试局\n  year: 2022\n"
    path = tmp_path / "cut.yaml"
    path.write_text(full, encoding="utf-8")
    result = run_cli(cli, str(path))
    assert result.exit_code == 2 and "INPUT-YAML-SYNTAX" in result.output


def test_not_a_filing(write_filing, cli):
    path = write_filing("- 1\n- 2\n", header="")
    result = run_cli(cli, path)
    assert result.exit_code == 2 and "INPUT-NOT-FILING" in result.output


def test_missing_schema_line(write_filing):
    path = write_filing(UNIT, header="")
    _, findings = load_filing(path)
    assert "INPUT-NOT-FILING" in rule_ids(findings)


def test_binary_file_with_yaml_name(tmp_path, cli):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe" * 50)
    result = run_cli(cli, str(path))
    assert result.exit_code == 2 and "INPUT-ENCODING" in result.output


def test_huge_file_is_refused_before_reading(tmp_path, cli):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    result = run_cli(cli, str(path))
    assert result.exit_code == 2
    assert "INPUT-TOO-LARGE" in result.output and "200.0 MB" in result.output


def test_huge_workbook_is_refused(tmp_path, cli):
    path = tmp_path / "huge.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    result = run_cli(cli, str(path))
    assert result.exit_code == 2 and "INPUT-TOO-LARGE" in result.output


def test_unsupported_extension(tmp_path, cli):
    path = tmp_path / "a.docx"
    path.write_text("x")
    result = run_cli(cli, str(path))
    assert result.exit_code == 2 and "INPUT-FORMAT" in result.output


def test_missing_file(cli):
    result = run_cli(cli, "/nonexistent/filing.yaml")
    assert result.exit_code == 2 and "INPUT-NOT-FOUND" in result.output


def test_all_problems_reported_at_once(write_filing):
    path = write_filing(UNIT + """
accounts:
  totals:
    income_total: {amount: abc}
    expenditure_total: {amount: -1}
  sangong:
    overseas_groups: 1.5
""")
    _, findings = load_filing(path)
    assert rule_ids(findings) == ["INPUT-MONEY", "INPUT-MONEY", "INPUT-COUNT"]


def test_json_output_for_unusable_input(write_filing, cli):
    import json

    path = write_filing("unit: [\n")
    result = cli("validate", path, "--json")
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert data["usable"] is False and data["findings"][0]["rule_id"] == "INPUT-YAML-SYNTAX"
    assert data["findings"][0]["source"]["locator"].startswith("L")


def test_nothing_half_written_on_failed_convert(write_filing, cli, tmp_path):
    path = write_filing(UNIT + "accounts:\n  operating_costs: {amount: x}\n")
    target = tmp_path / "out.yaml"
    result = cli("convert", path, str(target))
    assert result.exit_code == 2
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".jixiao-")] == []


def test_environment_has_no_leftover_files(tmp_path):
    assert os.listdir(tmp_path) == []
