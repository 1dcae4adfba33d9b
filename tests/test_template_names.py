"""The template an accountant fills alone: Chinese names and locations in 公开数值, drop-downs, errors naming
the cell and the nearest names, percents as shown, last year's filing carried forward."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from conftest import example
from jixiao.findings import UnusableInput
from jixiao.ingest.xlsx_out import write_workbook, zh_location
from jixiao.metrics.names import KeyNames
from jixiao.metrics.registry import load_registry
from jixiao.pipeline import load_and_validate, with_metrics

S4 = example("yanjiang-xinfang-2022.yaml")
KEYS = KeyNames(load_registry())


def _without_path_keys(tmp_path: Path) -> str:
    """S4 without its figure-path keys (accounts.…amount), which have no Chinese name yet."""
    lines = [line for line in Path(S4).read_text("utf-8").splitlines()
             if not re.match(r"^\s+(accounts|unit|projects|department)[.\[][^:]*:", line)]
    path = tmp_path / "s4.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return str(path)


@pytest.fixture()
def chinese(tmp_path):
    source = _without_path_keys(tmp_path)
    run = load_and_validate(source)
    book = tmp_path / "s4.xlsx"
    write_workbook(run.filing, str(book), KEYS)
    return run, str(book)


def _rows(book: str, sheet: str = "公开数值"):
    return list(openpyxl.load_workbook(book)[sheet].iter_rows(min_row=2, values_only=True))


def test_the_sheet_is_filled_with_chinese_names_only_and_reads_back_the_same(chinese):
    run, book = chinese
    rows = _rows(book)
    assert rows and all(not r[0].isascii() and not r[2].isascii() and r[1] == "公开数值" for r in rows)
    back = load_and_validate(book)
    assert back.input_errors == [] and back.filing == run.filing
    assert not [f for f in back.findings if f.rule_id == "PUBLISHED-KEY-UNKNOWN"]


def test_check_uses_every_statement_read_from_chinese_names(chinese):
    run, book = chinese
    yaml_claims = sorted(c.key for m in with_metrics(run).metrics for c in m.claims)
    back = with_metrics(load_and_validate(book))
    assert sorted(c.key for m in back.metrics for c in m.claims) == yaml_claims
    stated = sum(len(v) for r in _rows(book) for v in [r[2]])
    assert len(yaml_claims) > 40 and stated


def test_drop_downs_offer_locations_and_names(chinese):
    _, book = chinese
    wb = openpyxl.load_workbook(book)
    validations = {str(dv.sqref): dv.formula1 for dv in wb["公开数值"].data_validations.dataValidation}
    assert set(validations) == {"A2:A5000", "C2:C5000"}
    codes = wb["代码表"]
    columns = {codes.cell(1, c).value: [codes.cell(r, c).value for r in range(2, codes.max_row + 1)]
               for c in range(1, codes.max_column + 1)}
    places = columns["公开数值·位置"]
    assert "部门决算·收支总体·收入总计" in places and "功能分类支出·201" in places
    assert "基本支出占本年支出合计比重" in columns["公开数值·键（指标名称）"]


def _edit(book: str, row: int, col: int, value, number_format: str | None = None) -> None:
    wb = openpyxl.load_workbook(book)
    cell = wb["公开数值"].cell(row, col)
    cell.value = value
    if number_format:
        cell.number_format = number_format
    wb.save(book)


def test_an_unknown_chinese_name_is_an_error_naming_the_cell_and_the_nearest_names(chinese):
    _, book = chinese
    _edit(book, 5, 3, "基本支出占本年支出合计比例")            # 比例 for 比重
    with pytest.raises(UnusableInput) as caught:
        load_and_validate(book)
    finding = caught.value.findings[0]
    assert finding.rule_id == "INPUT-XLSX-KEY" and finding.source.locator == "公开数值!C5"
    assert "“基本支出占本年支出合计比重”" in finding.message and "公开数值!C5" in finding.message


def test_a_wrong_location_is_an_error_naming_the_cell_and_the_sheet_titles(chinese):
    _, book = chinese
    _edit(book, 5, 1, "部门决算·支出构成·基本支出费")
    with pytest.raises(UnusableInput) as caught:
        load_and_validate(book)
    finding = caught.value.findings[0]
    assert finding.rule_id == "INPUT-XLSX-LOCATION" and finding.source.locator == "公开数值!A5"
    assert "“基本支出”" in finding.message and "[" not in finding.message      # never an internal path
    _edit(book, 5, 1, "项目·没有这个项目")
    with pytest.raises(UnusableInput) as caught:
        load_and_validate(book)
    assert "工作表“项目”中没有项目名称为“没有这个项目”的一项" in caught.value.findings[0].message


def test_a_percent_typed_as_a_number_in_a_percent_cell_is_read_as_shown(chinese):
    run, book = chinese
    rows = _rows(book)
    row = next(n for n, r in enumerate(rows, 2) if r[2] == "基本支出占本年支出合计比重")
    _edit(book, row, 4, 0.6346, "0.00%")
    back = load_and_validate(book).filing
    assert back.accounts.expenditure.basic.published.get("expenditure_basic_share").text == "63.46%"


def test_english_ids_and_paths_are_still_accepted(tmp_path):
    run = load_and_validate(S4)
    book = tmp_path / "english.xlsx"
    write_workbook(run.filing, str(book))          # without names: ids as keys
    rows = _rows(str(book))
    assert any(r[2] == "expenditure_basic_share" for r in rows)
    _edit(str(book), 2, 1, "accounts.totals.income_grand_total")
    assert load_and_validate(str(book)).filing == run.filing


def test_key_names_resolve_both_ways():
    assert KEYS.resolve("功能分类（类）支出占一般公共预算财政拨款支出比重（201 一般公共服务（类）支出）") == "function_class_share:201"
    assert KEYS.resolve("功能分类（类）支出占一般公共预算财政拨款支出比重:201#2") == "function_class_share:201#2"
    assert KEYS.resolve("自评等级") == "grade" and KEYS.resolve("小计:目标设定") == "subtotal:目标设定"
    assert KEYS.resolve("收支总计变动率") == "grand_total_change_rate" and KEYS.resolve("不存在的指标") is None
    assert KEYS.label("function_class_share:201") == "功能分类（类）支出占一般公共预算财政拨款支出比重:201"
    assert zh_location("projects[甲·乙].scorecard[3]") == "projects[甲·乙].scorecard[3]"     # a name holding ·
    assert zh_location("accounts.sangong.vehicle") == "部门决算·三公经费·公务用车购置及运行维护费"


def test_template_from_last_year_carries_codes_projects_targets_and_prior_figures(cli, tmp_path):
    out = tmp_path / "next.xlsx"
    result = cli("template", str(out), "--from", S4)
    assert result.exit_code == 0, result.output
    last = load_and_validate(S4).filing
    new = load_and_validate(str(out))
    assert new.input_errors == []
    f = new.filing
    assert f.unit.year == 2023 and f.unit.code == last.unit.code and f.unit.name == last.unit.name
    assert [p.name for p in f.projects] == [p.name for p in last.projects]
    assert [i.max_points for i in f.projects[0].scorecard] == [i.max_points for i in last.projects[0].scorecard]
    assert f.accounts.totals.income_grand_total.prior == last.accounts.totals.income_grand_total.amount
    assert f.accounts.totals.income_grand_total.amount is None
    assert [(x.code, x.prior) for x in f.accounts.function_lines] == [(x.code, x.amount) for x in last.accounts.function_lines]
    assert all(p.scorecard[0].score is None for p in f.projects)


def test_template_from_last_year_keeps_targets_and_clears_actuals(cli, tmp_path):
    s0 = example("zhanyi-xinfang-2023.yaml")
    out = tmp_path / "next.xlsx"
    assert cli("template", str(out), "--from", s0).exit_code == 0
    last, f = load_and_validate(s0).filing, load_and_validate(str(out)).filing
    old, new = last.projects[0].indicators, f.projects[0].indicators
    assert [(i.name, i.target, i.weight) for i in new] == [(i.name, i.target, i.weight) for i in old]
    assert all(i.actual is None and i.score is None for i in new)
    assert [r.source for r in f.projects[0].funds] == [r.source for r in last.projects[0].funds]
    assert all(r.executed is None for r in f.projects[0].funds)


def test_an_english_location_naming_a_missing_row_says_how_rows_are_keyed(tmp_path):
    s0 = example("zhanyi-xinfang-2023.yaml")
    run = load_and_validate(s0)
    book = tmp_path / "s0.xlsx"
    write_workbook(run.filing, str(book))
    name = run.filing.projects[0].name
    _edit(str(book), 2, 1, f"projects[{name}].funds[1]")
    with pytest.raises(UnusableInput) as caught:
        load_and_validate(str(book))
    message = caught.value.findings[0].message
    assert "工作表“项目资金”中没有资金来源为“1”的一项（该表各行按“资金来源”区分）" in message
    assert caught.value.findings[0].source.locator == "公开数值!A2"
