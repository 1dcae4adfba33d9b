"""jixiao audit on the command line: text, --json, folders, exit codes."""
from __future__ import annotations

import json

from click.testing import CliRunner

from jixiao.cli import main

BAD = "2022年本年支出合计552.38万元，其中：基本支出350.53万元；项目支出202.85万元。\n"   # parts exceed the whole
GOOD = "2022年本年支出合计552.38万元，其中：基本支出350.53万元；项目支出201.85万元。\n"


def test_folder_json_and_exit_code(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="gb18030")
    (tmp_path / "c.pdf").write_bytes(b"broken")
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["path"].rsplit("/", 1)[-1] for d in data["documents"]] == ["b.txt", "c.pdf", "a.txt"]
    assert data["summary"]["by_rule"] == {"AUDIT-READ": 1, "AUDIT-SUM": 1}
    doc = data["documents"][2]
    assert doc["claims"] == 3 and doc["relations"] >= 1
    finding = doc["findings"][0]
    assert finding["rule_id"] == "AUDIT-SUM" and finding["claimed"] == "552.38万元" and finding["expected"] == "553.38万元"
    assert finding["source"]["locator"].startswith("L1:c") and finding["operands"]


def test_text_output_marks_the_wrong_figure(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(path)])
    assert result.exit_code == 1
    assert "【552.38万元】" in result.output and "应为：553.38万元" in result.output


def test_clean_report_exits_0(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    assert CliRunner().invoke(main, ["audit", str(path)]).exit_code == 0
