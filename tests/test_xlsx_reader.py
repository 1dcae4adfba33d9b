"""jixiao audit reads .xlsx: the rendered workbook and unit-made workbooks, with sheet!cell locators."""
from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from jixiao.ingest.published import READABLE, read_published
from jixiao.ingest.xlsx_reader import cell_text, read_xlsx_lines


@pytest.mark.parametrize("value,fmt,shown", [
    (0.9354, "0.00%", "93.54%"), (0.5, "0.0%", "50.0%"), (1234.5, "#,##0.00", "1,234.50"),
    (-1234.5, "#,##0.00", "-1,234.50"), (5.0, "General", "5"), (0.1, "General", "0.1"), (3, "0", "3"),
    (89.974, "General", "89.974"), (2.5, "0.##", "2.5"), (None, "General", ""), (" 文字 ", "@", "文字"),
])
def test_cells_read_as_excel_shows_them(value, fmt, shown):
    assert cell_text(value, fmt) == shown


def _unit_workbook(path, rate: str) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "决算说明"
    sheet["A1"] = "一、收入支出决算总体情况说明"
    sheet["A2"] = f"2022年度收、支总计717.21万元，上年为735.3万元。与2021年相比，收、支总计各减少18.09万元，下降{rate}%。"
    table = book.create_sheet("收入决算表")
    table.append(["项目", "本年收入合计", "财政拨款收入", "其他收入"])
    table.append(["合计", 100, 90, 10])
    table["B2"].number_format = "#,##0.00"
    book.save(path)


def test_a_unit_made_workbook_reads_rows_with_sheet_and_cell(tmp_path):
    path = tmp_path / "unit.xlsx"
    _unit_workbook(path, "2.5")
    lines = read_xlsx_lines(str(path))
    assert lines[0] == ("一、收入支出决算总体情况说明", "决算说明!A1")
    assert lines[-1] == ("合计\t100.00\t90\t10", "收入决算表!A2")
    doc, findings = read_published(str(path))
    assert findings == [] and doc is not None and ".xlsx" in READABLE


def test_audit_finds_a_wrong_rate_in_a_workbook_and_names_sheet_and_cell(cli, tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    _unit_workbook(good, "2.5")
    _unit_workbook(bad, "3.5")
    data = json.loads(cli("audit", "--json", str(good), str(bad)).output)
    by_name = {d["path"].rsplit("/", 1)[-1]: d for d in data["documents"]}
    assert [f for f in by_name["good.xlsx"]["findings"] if f["severity"] == "error"] == []
    errors = [f for f in by_name["bad.xlsx"]["findings"] if f["severity"] == "error"]
    assert errors and all("决算说明!A2" in json.dumps(f, ensure_ascii=False) for f in errors)


def test_float_values_are_exact_decimals():
    assert Decimal(cell_text(0.1 + 0.2, "General")) == Decimal("0.30000000000000004")
