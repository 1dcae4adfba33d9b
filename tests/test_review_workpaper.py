"""Workpaper round trip: export, edit as a reviewer would (openpyxl), re-import; mistakes found by sheet and cell."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jixiao.cli import main
from jixiao.review.workpaper import COL, COLUMNS, HEAD_ROW, read_workpaper
from openpyxl.utils import get_column_letter

S0 = "examples/zhanyi-xinfang-2023.yaml"


def _letter(name):
    return get_column_letter(COL[name])


@pytest.fixture()
def exported(tmp_path):
    out = tmp_path / "底稿.xlsx"
    result = CliRunner().invoke(main, ["review", "workpaper", "export", S0, str(out)])
    assert result.exit_code == 0, result.output
    return out


def _row_of(sheet, item_id):
    row = HEAD_ROW + 1
    while sheet.cell(row, COL["编号"]).value:
        if sheet.cell(row, COL["编号"]).value == item_id:
            return row
        row += 1
    raise KeyError(item_id)


def test_layout_locks_the_units_figures_and_opens_the_reviewers_columns(exported):
    book = load_workbook(exported)
    assert book.sheetnames == ["汇总", "信访联合工作组工作经费", "信访救助金经费", "维稳工作经费"]
    sheet = book["信访联合工作组工作经费"]
    assert tuple(sheet.cell(HEAD_ROW, c).value for c in range(1, len(COLUMNS) + 1)) == COLUMNS
    assert sheet.protection.sheet
    row = _row_of(sheet, "indicator[3]")
    for head in ("自评完成值", "自评得分", "分值", "指标值"):
        assert sheet.cell(row, COL[head]).protection.locked, head
    for head in ("复核完成值", "复核得分", "备注"):
        assert not sheet.cell(row, COL[head]).protection.locked, head
    assert sheet.cell(row, COL["自评完成值"]).value == "群众满意度大于90%"
    assert sheet.cell(row, COL["复核得分"]).value == 0
    assert "复核口径第4条" in sheet.cell(row, COL["备注"]).value


def test_untouched_export_reimports_clean(exported):
    paper, findings = read_workpaper(str(exported))
    assert findings == []
    assert [str(p.review_total) for p in paper.projects] == ["71", "71", "74"]


def test_the_four_reviewer_mistakes_are_found_with_sheet_and_cell(exported, tmp_path):
    book = load_workbook(exported)
    first, second = book["信访联合工作组工作经费"], book["信访救助金经费"]
    blank = _row_of(first, "indicator[0]")
    first.cell(blank, COL["复核得分"]).value = None                           # 1. blank review score
    cut = _row_of(first, "indicator[1]")
    first.cell(cut, COL["复核得分"]).value = 24                               # cut 6 …
    first.cell(cut, COL["备注"]).value = "复核口径第3条：完成值不可核实，扣30%"   # 2. … but says 30% of 30 = 9
    noev = _row_of(second, "indicator[0]")
    second.cell(noev, COL["备注"]).value = "无佐证"                            # 3. no evidence, score stays 20
    edited = tmp_path / "已复核.xlsx"
    book.save(edited)
    paper, findings = read_workpaper(str(edited))
    got = {(f.rule_id, f.source.locator) for f in findings}
    assert ("REV-WP-BLANK-SCORE", f"信访联合工作组工作经费!{_letter('复核得分')}{blank}") in got
    assert ("REV-WP-CUT-MISMATCH", f"信访联合工作组工作经费!{_letter('备注')}{cut}") in got
    assert ("REV-WP-NO-EVIDENCE-SCORED", f"信访救助金经费!{_letter('备注')}{noev}") in got
    assert len(findings) == 3
    mismatch = next(f for f in findings if f.rule_id == "REV-WP-CUT-MISMATCH")
    assert (mismatch.claimed, mismatch.expected) == ("9", "6")
    assert paper.projects[0].review_total is None                            # a blank leaves the total open
    # the CLI reports them and exits 1
    out = CliRunner().invoke(main, ["review", "workpaper", "import", str(edited), "--json"])
    assert out.exit_code == 1
    assert {f["rule_id"] for f in json.loads(out.output)["findings"]} == {
        "REV-WP-BLANK-SCORE", "REV-WP-CUT-MISMATCH", "REV-WP-NO-EVIDENCE-SCORED"}


def test_a_file_that_is_not_a_workpaper_is_unusable(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    out = CliRunner().invoke(main, ["review", "workpaper", "import", str(bad)])
    assert out.exit_code == 2 and "复核底稿" in out.output
