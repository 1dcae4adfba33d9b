"""复核报告 and bureau outputs: docx + pdf render, audit finds 0 errors, report checked against the workpaper."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jixiao.audit.engine import Auditor, audit_file
from jixiao.cli import main
from jixiao.review.report import check_report
from jixiao.review.workpaper import COL, HEAD_ROW, read_workpaper

S0 = "examples/zhanyi-xinfang-2023.yaml"
S4 = "examples/yanjiang-xinfang-2022.yaml"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep")
    result = CliRunner().invoke(main, ["review", "report", S0, S4, "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return out, json.loads(result.output)


def test_reports_render_in_docx_and_pdf_and_audit_clean(reports):
    out, data = reports
    names = sorted(os.listdir(out))
    assert names == sorted(["复核报告_曲靖市沾益区信访局.docx", "复核报告_曲靖市沾益区信访局.pdf",
                            "复核报告_资阳市雁江区信访局.docx", "复核报告_资阳市雁江区信访局.pdf",
                            "复核情况汇总.docx", "复核情况汇总.pdf", "部门与地区排名.xlsx"])
    auditor = Auditor()
    for name in names:
        if name.endswith((".docx", ".pdf")):
            result = audit_file(str(out / name), auditor)
            assert result.errors == 0, [str(f) for f in result.findings]
            assert result.claims > 0                   # the figures were read


def test_issue_grades_and_ranking(reports):
    out, data = reports
    s0 = [p for p in data["projects"] if p["unit"] == "曲靖市沾益区信访局"]
    assert [p["issue"] for p in s0] == ["P0", "P0", "P0"]             # 100 → 71/71/74
    book = load_workbook(out / "部门与地区排名.xlsx")
    assert book.sheetnames == ["部门排名", "地区排名", "项目明细"]
    assert book["项目明细"].max_row == 1 + 3 + 8


def test_report_disagreeing_with_its_workpaper_is_found(tmp_path):
    runner = CliRunner()
    paper = tmp_path / "底稿.xlsx"
    assert runner.invoke(main, ["review", "workpaper", "export", S0, str(paper)]).exit_code == 0
    out = tmp_path / "rep"
    made = runner.invoke(main, ["review", "report", S0, "--workpaper", str(paper), "--out", str(out), "--formats", "docx", "--no-charts"])
    assert made.exit_code == 0, made.output
    report = out / "复核报告_曲靖市沾益区信访局.docx"
    assert check_report(str(report), read_workpaper(str(paper))[0]) == []
    book = load_workbook(paper)                                   # the reviewer changes a score afterwards
    sheet = book["维稳工作经费"]
    row = HEAD_ROW + 1
    sheet.cell(row, COL["复核得分"]).value = 8
    sheet.cell(row, COL["备注"]).value = "执行中有超支，扣2分"
    book.save(paper)
    findings = check_report(str(report), read_workpaper(str(paper))[0])
    assert [(f.rule_id, f.claimed, f.expected) for f in findings] == [("REV-WP-REPORT-MISMATCH", "74", "72")]
    assert findings[0].source.locator == "表1第4行" and findings[0].related[0].locator.startswith("维稳工作经费!")
    cli = runner.invoke(main, ["review", "workpaper", "import", str(paper), "--report", str(report), "--json"])
    assert cli.exit_code == 1
    assert [f["rule_id"] for f in json.loads(cli.output)["findings"]] == ["REV-WP-REPORT-MISMATCH"]


def test_findings_register_has_one_row_per_audit_finding_and_a_verdict_column(tmp_path):
    source = tmp_path / "报告.txt"
    source.write_text("本单位2023年支出合计100.00万元，其中基本支出70.00万元，项目支出40.00万元。\n", encoding="utf-8")
    out = tmp_path / "登记.xlsx"
    result = CliRunner().invoke(main, ["review", "register", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["发现登记"]
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["复核人员判定", "判定说明"]
    expected = len(audit_file(str(source), Auditor()).findings)
    assert expected >= 1 and sheet.max_row == 1 + expected
    assert sheet.data_validations.dataValidation[0].formula1 == '"误报,已核实"'


def test_report_options_and_a_workpaper_of_another_unit_are_clear_errors(tmp_path):
    runner = CliRunner()
    paper = tmp_path / "底稿.xlsx"
    assert runner.invoke(main, ["review", "workpaper", "export", S0, str(paper)]).exit_code == 0
    other = runner.invoke(main, ["review", "report", S4, "--workpaper", str(paper), "--out", str(tmp_path / "o")])
    assert other.exit_code == 2 and "REV-WP-UNIT-UNKNOWN" in other.output
    assert not (tmp_path / "o").exists()
    bad = runner.invoke(main, ["review", "report", S0, "--formats", "html", "--out", str(tmp_path / "o")])
    assert bad.exit_code == 2 and "--formats" in bad.output
