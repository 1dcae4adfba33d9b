"""The Excel workbook: template, lossless round trip with YAML, cell locations, bad workbooks."""
from __future__ import annotations

import glob
import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from jixiao.findings import UnusableInput
from jixiao.ingest import xlsx_in
from jixiao.ingest.load import load_filing
from jixiao.ingest.xlsx_out import write_workbook
from jixiao.ingest.yaml_out import dump_filing
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.source import Source

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_FILES = sorted(glob.glob(str(ROOT / "examples" / "*.yaml")))

PROJECT = "5.12灾后[二期]信访维稳工作经费"

RICH = """\
schema: jixiao.filing/1
money_unit: 万元
meta:
  source_document: 测试用的完整填报文件
  prepared_by: 张三
unit:
  code: "001002"
  name: 测试市测试区信访局
  year: 2022
  region: 测试市测试区
  province: 四川
  kind: 行政单位
  budget_level: 一级预算单位
  department: 测试区人民政府
  internal_bodies: 6
  subordinate_units: 0
  authorized_staff: 23
  authorized_staff_admin: 16
  authorized_staff_institution: 7
  actual_staff: 21
  actual_staff_admin: 14
  actual_staff_institution: 7
  retirees: 5
  published:
    staff_rate: "91.3%"
texts:
  duties:
    - 起草有关信访工作的政策、制度。
    - 负责处理来信来电，接待来访。
  organisation: |-
    第一行：机构设置。
    第二行：内设6个股室。
  performance_goals: "=以等号开头的文字，不是公式"
  conclusion: 自评得分83.4分，等级为良。原文含 _x0041_ 字样。
  problems: "（一）预算执行较差\\n（二）政府采购执行率0%"
accounts:
  totals:
    income_grand_total:
      amount: 1234567.89
      budget: 3.00
      initial_budget: 0.000001
      prior: 552.21
      reason: 收入增加。
      published:
        income_change: 增加18.09万元
        "income_change#2": 增长2.5%
    expenditure_total:
      amount: 100.10
  income_sources:
    - name: 一般公共预算财政拨款收入
      amount: 500.5
      prior: 480
      reason: 财政拨款增加
      published:
        income_source_share: 100.0%
    - name: 其他收入
      amount: 0
  expenditure:
    basic:
      amount: 318.08
      published:
        expenditure_basic_share: 77.43%
    project:
      amount: 92.7
  fiscal:
    general_budget:
      amount: 552.21
      initial_budget: 555.40
  function_lines:
    - code: "201"
      name: 一般公共服务支出
      amount: 477.35
      published:
        function_class_share: 86.4%
    - code: "2010308"
      name: 信访事务（项）
      amount: 100.10
      basic: 0
      project: 100.10
      budget: 120
      reason: 项目结余。
      published:
        function_line_completion: 83.4%
  basic:
    personnel:
      amount: 318.08
      published:
        accounts.basic.personnel.amount: 318.08万元
    public:
      amount: 40.2
  economic_lines:
    - code: "30101"
      name: 基本工资
      category: 人员经费
      amount: 120.5
    - code: "302"
      name: 商品和服务支出
      category: 公用经费
      amount: 12
  sangong:
    total:
      amount: 2.04
      budget: 3.5
    vehicle:
      amount: 1.78
      budget: 3.00
      prior: 2.2
      reason: 厉行节约，减少开支。
      published:
        sangong_component_share: 87.3%
        sangong_component_change: 减少0.42万元
    overseas_groups: 0
    vehicles_held: 2
    vehicle_types:
      - name: 轿车
        purchased: 0
        held: 2
      - name: 越野车
        purchased: 1
        purchase_amount: 25.5
  operating_costs:
    amount: 40.2
    prior: 38
  procurement:
    total:
      amount: 0
  assets:
    vehicles_total: 3
    vehicles_by_use:
      - name: 执法执勤用车
        count: 2
      - name: 其他用车
        count: 1
    large_equipment: 0
    fixed_assets_total: 88.123456
    published:
      assets_in_use_share: 100%
  performance:
    ex_ante_assessed: 1
    with_targets: 8
    published:
      target_coverage: 100%
  income_table:
    total: {total: 552.21, fiscal: 552.21, superior: "—", other: 0}
    lines:
      - {code: "201", name: 一般公共服务支出, total: 477.520, fiscal: 477.520, superior: "—", other: 0}
      - {code: "2010308", total: 188.9, fiscal: 188.9, published: {"accounts.function_lines[2010308].amount": 188.90万元}}
  expenditure_table:
    total: {total: 552.38, basic: 350.53, project: 201.85, remit_to_superior: "—"}
    lines:
      - {code: "201", total: 477.52, basic: 288.62, project: 188.90, business: "-"}
projects:
  - name: "PROJECT"
    department: 测试区信访局
    implementer: 测试区信访局
    function_code: "2010308"
    rubric_family: "2013"
    planned_funds: 20
    arrived_funds: 20.00
    planned_output: 33.33333333333333333333
    spending: 19.5
    expected_goal: |-
      目标一：化解积案。
      目标二：群众满意。
    funds:
      - source: 年度资金总额
        initial_budget: 20
        annual_budget: 20
        executed: 19.5
        weight: 10
        published:
          score: "9.75"
      - source: 财政拨款
        annual_budget: 20
    scorecard:
      - criterion: 项目立项规范性
        level1: 投入
        level2: 项目立项
        max_points: 4
        score: "4"
      - criterion: 资金到位率
        level1: 投入
        level2: 资金落实
        max_points: 3
        score: "3"
        basis: 资金全部到位
      - criterion: 预算执行率
        level1: 过程
        level2: 预算执行
        max_points: 5
        score: "4.5"
        evidence:
          formula: 65.16/65.54*100%=99.42%
          执行率: 99.42%
    published:
      total: "83.4"
      grade: 良
      "subtotal:预算执行": 13.9分
  - name: 信访救助金
    rubric_family: "2020"
    indicators:
      - level1: 产出指标
        level2: 数量指标
        name: 接待人次
        nature: ≡
        target: ≥95%
        unit: "%"
        actual: 100.0%
        weight: 20
        score: "20"
        deviation: 无
        evidence:
          formula: 95/95*100%=100.0%
      - name: 群众满意度
        nature: 定性
        target: 满意
        actual: 基本满意
department:
  overall_goal: 信访形势总体平稳。
  year_goals:
    - year: 2022
      goal: 平稳
      actual: 完成
    - year: 2023
      goal: 更平稳
  key_tasks:
    - name: 信访维稳
      budget_level: 一级预算
      content: 做好敏感时期的信访维稳工作
      approved_total: 21.97
      approved_fiscal: 21.97
      spent: 21.97
      reason: 无偏差
      published:
        task_execution_rate: 100%
    - content: 人员经费及车辆运行维护费
      approved_total: 178.28
  inputs:
    sangong_budget: 3.5
    budget_initial: 555.40
    budget_adjustment: -12.5
    tasks_planned: 10
    tasks_done: 10
  indicators:
    - name: 接访满意度
      nature: ">="
      target: 95%
      actual: 98%
  scorecard:
    - criterion: 预算调整率
      level1: 过程
      max_points: 4
      score: "3.6"
      evidence:
        formula: 12.5/555.40*100%=2.25%
  published:
    total: "83.4"
    grade: 良
""".replace("PROJECT", PROJECT)


def rule_ids(findings):
    return [f.rule_id for f in findings]


@pytest.fixture
def rich(tmp_path):
    """The rich filing loaded from YAML, and its workbook."""
    source = tmp_path / "rich.yaml"
    source.write_text(RICH, encoding="utf-8")
    filing, findings = load_filing(str(source))
    assert findings == []
    book = tmp_path / "rich.xlsx"
    write_workbook(filing, str(book))
    return filing, str(book)


def cell_of(path: str, sheet: str, header: str, row_match=None) -> str:
    """The address of a cell: key/value sheets by field path, tables by header (and a row predicate)."""
    ws = openpyxl.load_workbook(path)[sheet]
    if row_match is None:
        for row in range(2, ws.max_row + 1):
            if ws.cell(row, 1).value == header:
                return f"C{row}"
        raise AssertionError(header)
    heads = [c.value for c in ws[1]]
    col = get_column_letter(heads.index(header) + 1)
    for row in range(2, ws.max_row + 1):
        if row_match([c.value for c in ws[row]]):
            return f"{col}{row}"
    raise AssertionError(header)


def edit(path: str, sheet: str, ref: str, value) -> None:
    book = openpyxl.load_workbook(path)
    book[sheet][ref] = value
    book.save(path)


# --------------------------------------------------------------------------- round trip

def test_round_trip_is_lossless(rich):
    filing, book = rich
    back, findings = load_filing(book)
    assert findings == []
    assert back == filing
    assert dump_filing(back) == dump_filing(filing)


def test_round_trip_keeps_exact_values(rich):
    _, book = rich
    back, _ = load_filing(book)
    assert back.unit.code == "001002"
    assert back.accounts.function_lines[0].code == "201"
    assert back.accounts.totals.income_grand_total.initial_budget == Decimal("0.000001")
    assert str(back.accounts.totals.expenditure_total.amount) == "100.10"
    assert str(back.accounts.sangong.vehicle.budget) == "3.00"
    assert back.projects[0].planned_output == Decimal("33.33333333333333333333")
    assert back.texts.organisation == "第一行：机构设置。\n第二行：内设6个股室。"
    assert back.texts.performance_goals.startswith("=以等号开头")
    assert "_x0041_" in back.texts.conclusion
    assert back.projects[1].indicators[0].nature == "=" and back.projects[1].indicators[0].nature_as_published == "≡"
    assert back.projects[1].indicators[0].actual.text == "100.0%"
    assert back.projects[0].scorecard[2].evidence.get("执行率").text == "99.42%"
    line = back.accounts.income_table.lines[0]
    assert str(line.total) == "477.520" and line.superior == 0
    assert back.dashed(line, "superior") and not back.dashed(line, "other") and line.other == 0
    assert back.dashed(back.accounts.expenditure_table.lines[0], "business")
    assert back.accounts.income_table.lines[1].service is None


def test_a_workbook_of_the_previous_format_may_lack_the_sheets_added_since(rich, tmp_path):
    """收入决算表 and 支出决算表 came with format 2: a format-1 workbook (an older template) is read without
    them; a format-2 workbook without them is refused, naming the sheet."""
    filing, book = rich
    wb = openpyxl.load_workbook(book)
    for name in ("收入决算表", "支出决算表"):
        del wb[name]
    stated = wb["公开数值"]
    for row in [r[0].row for r in stated.iter_rows(min_row=2) if str(r[0].value or "").startswith("收入决算表")][::-1]:
        stated.delete_rows(row)
    meta = wb["_jixiao"]
    row = next(r for r in meta.iter_rows() if r[0].value == "format")
    wb.save(book)
    with pytest.raises(UnusableInput) as caught:
        load_filing(book)
    assert {f.source.locator for f in caught.value.findings} == {"收入决算表", "支出决算表"}
    row[1].value = 1
    wb.save(book)
    back, findings = load_filing(book)
    assert findings == [] and back.accounts.income_table.lines == () and back.projects == filing.projects
    assert back.accounts.income_table.total == filing.accounts.income_table.total      # 合计 rows: 部门决算 sheet


def test_cells_have_the_right_types(rich):
    _, book = rich
    wb = openpyxl.load_workbook(book)
    ws = wb["功能分类支出"]
    assert ws["A2"].value == "201" and ws["A2"].data_type == "s"
    assert ws["C2"].data_type == "n" and ws["C2"].number_format == "0.00####"
    ws = wb["部门决算"]
    ref = cell_of(book, "部门决算", "accounts.totals.income_grand_total.amount")
    assert ws[ref].value == pytest.approx(1234567.89)
    assert wb["单位信息"][cell_of(book, "单位信息", "unit.retirees")].value == 5


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=os.path.basename)
def test_examples_round_trip(example, tmp_path):
    filing, findings = load_filing(example)
    book = tmp_path / "example.xlsx"
    write_workbook(filing, str(book))
    back, back_findings = load_filing(str(book))
    assert rule_ids(back_findings) == rule_ids(findings)
    assert back == filing
    assert dump_filing(back) == dump_filing(filing)


def test_both_examples_are_found():
    names = {os.path.basename(p) for p in EXAMPLE_FILES}
    assert {"yanjiang-xinfang-2022.yaml", "zhanyi-xinfang-2023.yaml"} <= names


def test_filled_workbook_round_trips_through_yaml(rich, tmp_path):
    filing, book = rich
    again = tmp_path / "again.xlsx"
    write_workbook(load_filing(book)[0], str(again))
    assert load_filing(str(again))[0] == filing


# --------------------------------------------------------------------------- layout

def test_every_list_has_a_sheet_and_every_leaf_a_place():
    sheets = {t.sheet for t in xlsx_in.tables()}
    expected = {"收入", "功能分类支出", "经济分类支出", "公务用车车型", "车辆用途", "项目", "项目资金",
                "项目绩效指标", "项目评分表", "部门年度目标", "重点工作任务", "部门绩效指标", "部门评分表"}
    assert expected <= sheets

    def count_records(cls):
        return sum(1 + count_records(s.type) if s.kind == S.RECORDS else
                   count_records(s.type) if s.kind == S.RECORD else 0 for s in S.specs(cls))

    assert len(xlsx_in.tables()) == count_records(Filing)
    funds = next(t for t in xlsx_in.tables() if t.ident == "projects[*].funds")
    assert funds.headers[0] == "项目名称"
    kv = {leaf.dotted for s in xlsx_in.sections() for leaf in xlsx_in.section_rows(s)}
    assert "accounts.sangong.vehicle.amount" in kv and "money_unit" in kv
    names = {leaf.dotted: leaf.zh for s in xlsx_in.sections() for leaf in xlsx_in.section_rows(s)}
    assert names["accounts.sangong.vehicle.amount"] == "三公经费·公务用车购置及运行维护费·本年决算数"
    assert xlsx_in.value_sheets() == ("公开数值", "评分依据")


def test_template(tmp_path):
    path = tmp_path / "template.xlsx"
    write_workbook(None, str(path))
    wb = openpyxl.load_workbook(path)
    for name in ("说明", "单位信息", "文字说明", "部门决算", "部门整体自评", "收入", "项目", "项目资金",
                 "项目绩效指标", "项目评分表", "公开数值", "评分依据", "_jixiao"):
        assert name in wb.sheetnames
    assert wb["_jixiao"].sheet_state == "hidden"
    assert wb["_jixiao"]["B1"].value == "jixiao.filing/1"
    assert wb["单位信息"]["A2"].value == "money_unit" and wb["单位信息"]["C2"].value == "万元"
    ws = wb["项目绩效指标"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    col = get_column_letter([c.value for c in ws[1]].index("指标性质") + 1)
    options = validation_values(wb, ws, f"{col}2")
    assert "≥" in options and "定性" in options


def test_template_code_validation_uses_the_catalogue(tmp_path):
    path = tmp_path / "template.xlsx"
    write_workbook(None, str(path))
    wb = openpyxl.load_workbook(path)
    assert wb["代码表"].sheet_state == "hidden"
    assert "2010308" in validation_values(wb, wb["功能分类支出"], "A2")
    assert "30101" in validation_values(wb, wb["经济分类支出"], "A2")


def validation_values(wb, ws, ref) -> list[str]:
    for dv in ws.data_validations.dataValidation:
        if ref in dv.sqref:
            formula = dv.formula1
            if formula.startswith('"'):
                return formula.strip('"').split(",")
            sheet, cells = formula.split("!")
            return [c.value for row in wb[sheet.strip("'")][cells.replace("$", "")] for c in row]
    raise AssertionError(f"no validation at {ref}")


def test_empty_template_loads_with_missing_findings(tmp_path):
    path = tmp_path / "template.xlsx"
    write_workbook(None, str(path))
    filing, findings = load_filing(str(path))
    assert sorted(rule_ids(findings)) == ["INPUT-MISSING", "INPUT-MISSING"]
    assert {"单位名称", "年度"} <= {word for f in findings for word in ("单位名称", "年度") if word in f.message}
    assert all(f.source.locator.startswith("单位信息!") for f in findings)
    assert filing.projects == () and filing.unit.name is None


def test_filled_template_in_yuan(tmp_path):
    path = tmp_path / "template.xlsx"
    write_workbook(None, str(path))
    wb = openpyxl.load_workbook(path)
    ws = wb["单位信息"]
    ws["C2"] = "元"
    ws[cell_of(str(path), "单位信息", "unit.name")] = "测试局"
    ws[cell_of(str(path), "单位信息", "unit.year")] = 2022
    wb["部门决算"][cell_of(str(path), "部门决算", "accounts.operating_costs.amount")] = 5522100
    wb["功能分类支出"]["A2"] = 2010308          # typed as a number
    wb["功能分类支出"]["C2"] = 12345.67
    wb["项目"]["A2"] = "项目甲"
    wb["项目绩效指标"]["A2"] = "项目甲"
    wb["项目绩效指标"]["D2"] = "指标一"
    wb["项目绩效指标"]["G2"] = 95               # a target typed as a number
    wb.save(path)
    filing, findings = load_filing(str(path))
    assert findings == []
    assert filing.accounts.operating_costs.amount == Decimal("552.21")
    assert filing.accounts.function_lines[0].code == "2010308"
    assert filing.accounts.function_lines[0].amount == Decimal("1.234567")
    assert filing.projects[0].indicators[0].target.text == "95"


# --------------------------------------------------------------------------- sources

def test_values_carry_their_cell(rich):
    _, book = rich
    filing, _ = load_filing(book)
    doc = os.path.basename(book)
    ref = cell_of(book, "部门决算", "accounts.sangong.vehicle.amount")
    assert filing.sources["accounts.sangong.vehicle.amount"] == Source(doc, f"部门决算!{ref}")
    ref = cell_of(book, "项目资金", "全年执行数", lambda row: row[0] == PROJECT and row[1] == "年度资金总额")
    assert filing.sources["projects[0].funds[0].executed"] == Source(doc, f"项目资金!{ref}")
    assert filing.source_of("projects[0].name") == Source(doc, "项目!A2")
    located = filing.sources["projects[0].scorecard[2].evidence.formula"]
    assert located.locator.startswith("评分依据!D")


def test_value_location_uses_item_keys(rich):
    _, book = rich
    ws = openpyxl.load_workbook(book)["评分依据"]
    where = {row[0].value for row in ws.iter_rows(min_row=2)}
    assert f"项目评分表·{PROJECT}·3" in where          # the sheet, then the item's name and number
    ws = openpyxl.load_workbook(book)["公开数值"]
    where = {row[0].value for row in ws.iter_rows(min_row=2)}
    assert "功能分类支出·2010308" in where and "重点工作任务·1" in where


# --------------------------------------------------------------------------- bad input

def test_text_in_a_money_cell(rich):
    _, book = rich
    ref = cell_of(book, "部门决算", "accounts.operating_costs.amount")
    edit(book, "部门决算", ref, "四十万")
    _, findings = load_filing(book)
    assert rule_ids(findings) == ["INPUT-MONEY"]
    assert findings[0].source.locator == f"部门决算!{ref}"


def test_float_noise_in_a_money_cell(rich):
    _, book = rich
    ref = cell_of(book, "项目资金", "全年执行数", lambda row: row[1] == "年度资金总额")
    edit(book, "项目资金", ref, 552.2100000000001)
    _, findings = load_filing(book)
    assert rule_ids(findings) == ["INPUT-MONEY"]
    assert findings[0].source.locator == f"项目资金!{ref}" and "小数位过多" in findings[0].message


def test_workbook_without_meta_sheet(tmp_path):
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "随便一个表"
    wb.save(path)
    with pytest.raises(UnusableInput) as caught:
        load_filing(str(path))
    assert caught.value.findings[0].rule_id == "INPUT-XLSX-NOT-JIXIAO"
    assert "这不是jixiao模板生成的工作簿" in caught.value.findings[0].message


def test_wrong_schema_version(rich):
    _, book = rich
    edit(book, "_jixiao", "B1", "jixiao.filing/9")
    with pytest.raises(UnusableInput) as caught:
        load_filing(book)
    assert caught.value.findings[0].rule_id == "INPUT-SCHEMA"
    assert caught.value.findings[0].source.locator == "_jixiao!B1"


def test_truncated_workbook(rich, tmp_path):
    _, book = rich
    path = tmp_path / "cut.xlsx"
    path.write_bytes(Path(book).read_bytes()[:500])
    with pytest.raises(UnusableInput) as caught:
        load_filing(str(path))
    assert "文件已损坏或不是Excel工作簿" in caught.value.findings[0].message


def test_text_file_named_xlsx(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("schema: jixiao.filing/1\n", encoding="utf-8")
    with pytest.raises(UnusableInput) as caught:
        load_filing(str(path))
    assert caught.value.findings[0].rule_id == "INPUT-XLSX-CORRUPT"


def test_renamed_header(rich):
    _, book = rich
    edit(book, "项目", "B1", "主管单位")
    with pytest.raises(UnusableInput) as caught:
        load_filing(book)
    finding = caught.value.findings[0]
    assert finding.rule_id == "INPUT-XLSX-HEADER" and finding.source.locator == "项目!B1"
    assert "主管单位" in finding.message and "项目!B1" in finding.message


def test_nested_row_with_unknown_parent(rich):
    _, book = rich
    edit(book, "项目资金", "A3", "不存在的项目")
    edit(book, "项目评分表", "A2", "")
    with pytest.raises(UnusableInput) as caught:
        load_filing(book)
    found = {f.source.locator: f for f in caught.value.findings}
    assert {"项目资金!A3", "项目评分表!A2"} <= set(found)
    assert "不存在的项目" in found["项目资金!A3"].message and "项目名称" in found["项目评分表!A2"].message
    assert found["项目资金!A3"].rule_id == found["项目评分表!A2"].rule_id == "INPUT-XLSX-PARENT"


def test_value_row_naming_a_missing_item(rich):
    _, book = rich
    edit(book, "评分依据", "A2", "projects[没有这个项目].scorecard[3]")
    with pytest.raises(UnusableInput) as caught:
        load_filing(book)
    assert caught.value.findings[0].source.locator == "评分依据!A2"
    assert "没有这个项目" in caught.value.findings[0].message


def test_duplicate_project_names(rich):
    _, book = rich
    edit(book, "项目", "A4", PROJECT)
    _, findings = load_filing(book)
    assert rule_ids(findings) == ["INPUT-DUPLICATE"]
    assert findings[0].source.locator == "项目!A4" and "项目!A2" in findings[0].message


def test_edited_path_column_is_an_unknown_field(rich):
    _, book = rich
    edit(book, "单位信息", "A4", "unit.nmae")
    _, findings = load_filing(book)
    assert "INPUT-UNKNOWN-FIELD" in rule_ids(findings)
    assert "单位信息!A4" in {f.source.locator for f in findings}


def test_deleted_header_row_of_a_key_value_sheet(rich):
    _, book = rich
    wb = openpyxl.load_workbook(book)
    wb["单位信息"].delete_rows(1)
    wb.save(book)
    with pytest.raises(UnusableInput) as caught:
        load_filing(book)
    assert caught.value.findings[0].source.locator == "单位信息!A1"


def test_stated_values_typed_by_hand(rich):
    _, book = rich
    wb = openpyxl.load_workbook(book)
    ws = wb["公开数值"]
    row = ws.max_row + 1
    ws.cell(row, 1, "unit")
    ws.cell(row, 3, "staff_count")
    ws.cell(row, 4, 21)                          # a number typed into 值
    ws.cell(row + 1, 1, f"projects[{PROJECT}].scorecard[1]")
    ws.cell(row + 1, 2, "evidence")              # an evidence row on the published sheet
    ws.cell(row + 1, 3, "依据")
    ws.cell(row + 1, 4, "文件齐全")
    wb.save(book)
    filing, findings = load_filing(book)
    assert findings == []
    assert filing.unit.published.get("staff_count").text == "21"
    assert filing.projects[0].scorecard[0].evidence.get("依据").text == "文件齐全"


def test_empty_rows_and_blank_columns_are_ignored(rich):
    filing, book = rich
    wb = openpyxl.load_workbook(book)
    wb["项目"].insert_rows(3)
    wb["项目资金"].insert_cols(3)
    wb.save(book)
    assert load_filing(book)[0] == filing


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "out.xlsx"

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(RuntimeError):
        write_workbook(None, str(target))
    assert list(tmp_path.iterdir()) == []


def test_overwrite_is_atomic(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    write_workbook(None, str(target))
    assert target.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_rich_filing_covers_every_section():
    import yaml

    data = yaml.safe_load(RICH)
    assert {s.name for s in S.specs(Filing)} <= set(data)
