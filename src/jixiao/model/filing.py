"""The filing: one budget unit's year — final accounts, projects, self-evaluation.

Immutable records, ``Decimal`` money (万元), and beside every input the values
the unit published (``published``), kept exactly as stated.  No I/O here.
Each field's Chinese name is in its specification (see :mod:`jixiao.model.schema`)
and in ``docs/glossary.md``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.schema import (
    choice, code, count, integer, money, number, percent, record, records, text, texts, value,
    values,
)
from jixiao.model.source import Source
from jixiao.model.values import Value, ValueMap

UNIT_KINDS = ("行政", "参公", "事业", "其他")
NATURES = ("≥", "≤", "=", "定性")
NATURE_ALIASES = {
    ">=": "≥", "＞＝": "≥", "≧": "≥", "不低于": "≥", "大于等于": "≥", ">": "≥", "＞": "≥",
    "<=": "≤", "＜＝": "≤", "≦": "≤", "不高于": "≤", "小于等于": "≤", "<": "≤", "＜": "≤",
    "＝": "=", "﹦": "=", "≡": "=", "■": "=", "等于": "=",
    "定性指标": "定性",
}
INCOME_SOURCES = (
    "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
    "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
)
ECON_CATEGORIES = ("人员经费", "公用经费")
FUND_ROWS = ("年度资金总额", "当年财政拨款", "上年结转资金", "其他资金")
RUBRIC_FAMILIES = ("2013", "2020")


@dataclass(frozen=True)
class Amount:
    """One figure of the accounts with what documents compare it with."""

    amount: Decimal | None = money("本年决算数")
    budget: Decimal | None = money("预算数（调整后）")
    initial_budget: Decimal | None = money("年初预算数")
    prior: Decimal | None = money("上年决算数")
    reason: str | None = text("变动或差异原因")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class Unit:
    code: str | None = text("预算单位编码")
    name: str | None = text("单位名称", required=True)
    year: int | None = integer("年度", required=True)
    region: str | None = text("地区")
    province: str | None = text("省份")
    kind: str | None = choice("单位性质", UNIT_KINDS, aliases={"行政单位": "行政", "事业单位": "事业",
                                                          "参照公务员法管理事业单位": "参公"})
    budget_level: str | None = text("预算级次")
    department: str | None = text("主管部门")
    internal_bodies: int | None = count("内设机构数")
    subordinate_units: int | None = count("下属单位数")
    authorized_staff: int | None = count("编制数")
    authorized_staff_admin: int | None = count("行政编制数")
    authorized_staff_institution: int | None = count("事业编制数")
    actual_staff: int | None = count("实有人数")
    actual_staff_admin: int | None = count("实有行政人员")
    actual_staff_institution: int | None = count("实有事业人员")
    retirees: int | None = count("离退休人数")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class Texts:
    duties: tuple[str, ...] = texts("主要职责")
    organisation: str | None = text("机构设置")
    performance_goals: str | None = text("部门绩效目标的设立情况")
    budget_management: str | None = text("预算管理制度建设情况")
    sangong_control: str | None = text("严控三公经费支出情况")
    evaluation_purpose: str | None = text("绩效自评目的")
    evaluation_process: str | None = text("自评组织过程")
    conclusion: str | None = text("评价结论")
    problems: str | None = text("存在的问题")
    improvements: str | None = text("整改措施及建议")
    results_use: str | None = text("绩效自评结果应用")
    experience: str | None = text("主要经验及做法")
    other_matters: str | None = text("其他需说明的情况")
    glossary: tuple[str, ...] = texts("名词解释")


@dataclass(frozen=True)
class Totals:
    """收入支出决算总体情况 (K1–K3)."""

    income_grand_total: Amount = record("收入总计", Amount)
    expenditure_grand_total: Amount = record("支出总计", Amount)
    income_total: Amount = record("本年收入合计", Amount)
    expenditure_total: Amount = record("本年支出合计", Amount)
    non_fiscal_surplus_used: Amount = record("使用非财政拨款结余", Amount)
    carryover_begin: Amount = record("年初结转和结余", Amount)
    surplus_distribution: Amount = record("结余分配", Amount)
    carryover_end: Amount = record("年末结转和结余", Amount)


@dataclass(frozen=True)
class IncomeSource:
    name: str | None = choice("收入来源", INCOME_SOURCES, required=True,
                              aliases={"一般公共预算财政拨款": "一般公共预算财政拨款收入",
                                       "财政拨款收入": "一般公共预算财政拨款收入"})
    amount: Decimal | None = money("本年决算数")
    prior: Decimal | None = money("上年决算数")
    reason: str | None = text("变动原因")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class Expenditure:
    """本年支出合计的构成 (K5)."""

    basic: Amount = record("基本支出", Amount)
    project: Amount = record("项目支出", Amount)
    remit_to_superior: Amount = record("上缴上级支出", Amount)
    business: Amount = record("经营支出", Amount)
    subsidy_to_subordinate: Amount = record("对附属单位补助支出", Amount)


@dataclass(frozen=True)
class Fiscal:
    """财政拨款收入支出决算 (K7) and the three budgets' appropriation spending."""

    grand_total: Amount = record("财政拨款收支总计", Amount)
    income: Amount = record("本年财政拨款收入", Amount)
    expenditure: Amount = record("本年财政拨款支出", Amount)
    carryover_begin: Amount = record("年初财政拨款结转和结余", Amount)
    carryover_end: Amount = record("年末财政拨款结转和结余", Amount)
    general_budget: Amount = record("一般公共预算财政拨款支出", Amount)
    gov_fund: Amount = record("政府性基金预算财政拨款支出", Amount)
    state_capital: Amount = record("国有资本经营预算财政拨款支出", Amount)


@dataclass(frozen=True)
class FunctionLine:
    """One line of 一般公共预算财政拨款支出 by function code (类/款/项)."""

    code: str | None = code("功能分类科目编码", "func", required=True)
    name: str | None = text("科目名称（公开文本）")
    amount: Decimal | None = money("决算数")
    basic: Decimal | None = money("基本支出")
    project: Decimal | None = money("项目支出")
    budget: Decimal | None = money("预算数（调整后）")
    initial_budget: Decimal | None = money("年初预算数")
    prior: Decimal | None = money("上年决算数")
    reason: str | None = text("差异原因")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class EconomicLine:
    """One item of 基本支出 by economic code (人员经费 / 公用经费)."""

    code: str | None = code("经济分类科目编码", "econ", required=True)
    name: str | None = text("科目名称（公开文本）")
    category: str | None = choice("类别", ECON_CATEGORIES)
    amount: Decimal | None = money("决算数")
    prior: Decimal | None = money("上年决算数")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class BasicExpenditure:
    """一般公共预算财政拨款基本支出 (K10)."""

    total: Amount = record("基本支出合计", Amount)
    personnel: Amount = record("人员经费", Amount)
    public: Amount = record("公用经费", Amount)


@dataclass(frozen=True)
class VehicleType:
    name: str | None = choice("车型", ("轿车", "越野车", "载客汽车", "其他车型"), required=True)
    purchased: int | None = count("本年购置数")
    purchase_amount: Decimal | None = money("购置金额")
    held: int | None = count("年末保有量")


@dataclass(frozen=True)
class Sangong:
    """财政拨款“三公”经费 (K12, K13, K16)."""

    total: Amount = record("三公经费合计", Amount)
    overseas: Amount = record("因公出国（境）费", Amount)
    vehicle: Amount = record("公务用车购置及运行维护费", Amount)
    vehicle_purchase: Amount = record("公务用车购置费", Amount)
    vehicle_operation: Amount = record("公务用车运行维护费", Amount)
    reception: Amount = record("公务接待费", Amount)
    reception_domestic: Amount = record("国内公务接待费", Amount)
    reception_foreign: Amount = record("外事接待费", Amount)
    overseas_groups: int | None = count("因公出国（境）团组数")
    overseas_people: int | None = count("因公出国（境）人次")
    vehicles_purchased: int | None = count("公务用车购置数")
    vehicles_held: int | None = count("公务用车保有量")
    reception_batches: int | None = count("国内公务接待批次")
    reception_people: int | None = count("国内公务接待人次")
    foreign_reception_batches: int | None = count("外事接待批次")
    foreign_reception_people: int | None = count("外事接待人次")
    vehicle_types: tuple[VehicleType, ...] = records("公务用车车型", VehicleType, key="name",
                                                     sheet="公务用车车型")


@dataclass(frozen=True)
class Procurement:
    """政府采购 (K15)."""

    total: Amount = record("政府采购支出总额", Amount)
    goods: Amount = record("政府采购货物支出", Amount)
    works: Amount = record("政府采购工程支出", Amount)
    services: Amount = record("政府采购服务支出", Amount)
    sme_awarded: Amount = record("授予中小企业合同金额", Amount)
    small_micro_awarded: Amount = record("授予小微企业合同金额", Amount)


@dataclass(frozen=True)
class VehicleUse:
    name: str | None = text("用途", required=True)
    count: int | None = count("车辆数")


@dataclass(frozen=True)
class Assets:
    """国有资产占有使用情况."""

    vehicles_total: int | None = count("车辆总数")
    vehicles_by_use: tuple[VehicleUse, ...] = records("车辆用途", VehicleUse, key="name", sheet="车辆用途")
    large_equipment: int | None = count("单价100万元以上设备数")
    fixed_assets_total: Decimal | None = money("固定资产总额")
    fixed_assets_in_use: Decimal | None = money("在用固定资产总额")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class PerformanceManagement:
    """预算绩效管理情况."""

    ex_ante_assessed: int | None = count("开展事前绩效评估项目数")
    with_targets: int | None = count("编制绩效目标项目数")
    monitored: int | None = count("开展绩效监控项目数")
    self_evaluated: int | None = count("开展绩效自评项目数")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class IncomeTableRow:
    """The 合计 row of the 收入决算表: one column per source of income."""

    total: Decimal | None = money("本年收入合计")
    fiscal: Decimal | None = money("财政拨款收入")
    superior: Decimal | None = money("上级补助收入")
    service: Decimal | None = money("事业收入")
    business: Decimal | None = money("经营收入")
    subordinate: Decimal | None = money("附属单位上缴收入")
    other: Decimal | None = money("其他收入")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class IncomeTableLine:
    """One 科目 (类/款/项) of the 收入决算表, with its income by source, as published."""

    code: str | None = code("功能分类科目编码", "func", required=True)
    name: str | None = text("科目名称（公开文本）")
    total: Decimal | None = money("本年收入合计")
    fiscal: Decimal | None = money("财政拨款收入")
    superior: Decimal | None = money("上级补助收入")
    service: Decimal | None = money("事业收入")
    business: Decimal | None = money("经营收入")
    subordinate: Decimal | None = money("附属单位上缴收入")
    other: Decimal | None = money("其他收入")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class IncomeTable:
    """收入决算表 (附表): the 合计 row and one row per 功能分类科目, one column per source of income."""

    total: IncomeTableRow = record("合计", IncomeTableRow)
    lines: tuple[IncomeTableLine, ...] = records("科目", IncomeTableLine, key="code", sheet="收入决算表")


@dataclass(frozen=True)
class ExpenditureTableRow:
    """The 合计 row of the 支出决算表: one column per type of spending."""

    total: Decimal | None = money("本年支出合计")
    basic: Decimal | None = money("基本支出")
    project: Decimal | None = money("项目支出")
    remit_to_superior: Decimal | None = money("上缴上级支出")
    business: Decimal | None = money("经营支出")
    subsidy_to_subordinate: Decimal | None = money("对附属单位补助支出")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class ExpenditureTableLine:
    """One 科目 (类/款/项) of the 支出决算表, with its spending by type, as published."""

    code: str | None = code("功能分类科目编码", "func", required=True)
    name: str | None = text("科目名称（公开文本）")
    total: Decimal | None = money("本年支出合计")
    basic: Decimal | None = money("基本支出")
    project: Decimal | None = money("项目支出")
    remit_to_superior: Decimal | None = money("上缴上级支出")
    business: Decimal | None = money("经营支出")
    subsidy_to_subordinate: Decimal | None = money("对附属单位补助支出")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class ExpenditureTable:
    """支出决算表 (附表): the 合计 row and one row per 功能分类科目, one column per type of spending."""

    total: ExpenditureTableRow = record("合计", ExpenditureTableRow)
    lines: tuple[ExpenditureTableLine, ...] = records("科目", ExpenditureTableLine, key="code",
                                                      sheet="支出决算表")


@dataclass(frozen=True)
class Accounts:
    """部门决算 (final accounts) with the 决算说明's statements."""

    totals: Totals = record("收支总体", Totals)
    income_sources: tuple[IncomeSource, ...] = records("收入来源", IncomeSource, key="name", sheet="收入")
    expenditure: Expenditure = record("支出构成", Expenditure)
    fiscal: Fiscal = record("财政拨款", Fiscal)
    function_lines: tuple[FunctionLine, ...] = records("功能分类支出", FunctionLine, key="code",
                                                       sheet="功能分类支出")
    basic: BasicExpenditure = record("基本支出", BasicExpenditure)
    economic_lines: tuple[EconomicLine, ...] = records("经济分类支出", EconomicLine, key="code",
                                                       sheet="经济分类支出")
    sangong: Sangong = record("三公经费", Sangong)
    operating_costs: Amount = record("机关运行经费", Amount)
    procurement: Procurement = record("政府采购", Procurement)
    assets: Assets = record("国有资产", Assets)
    performance: PerformanceManagement = record("预算绩效管理", PerformanceManagement)
    income_table: IncomeTable = record("收入决算表", IncomeTable)
    expenditure_table: ExpenditureTable = record("支出决算表", ExpenditureTable)
    annex_tables: tuple[str, ...] = texts("附表目录")


@dataclass(frozen=True)
class FundRow:
    """A row of a project's 项目资金 block."""

    source: str | None = choice("资金来源", FUND_ROWS, required=True,
                                aliases={"其中：当年财政拨款": "当年财政拨款", "财政拨款": "当年财政拨款"})
    initial_budget: Decimal | None = money("年初预算数")
    annual_budget: Decimal | None = money("全年预算数")
    executed: Decimal | None = money("全年执行数")
    weight: Decimal | None = number("分值")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class Indicator:
    """A performance indicator (绩效指标) of a project or of the department."""

    level1: str | None = text("一级指标")
    level2: str | None = text("二级指标")
    name: str | None = text("三级指标", required=True)
    nature: str | None = choice("指标性质", NATURES, aliases=NATURE_ALIASES, keep_as="nature_as_published")
    nature_as_published: str | None = text("指标性质（公开原文）")
    target: Value | None = value("指标值")
    unit: str | None = text("度量单位")
    actual: Value | None = value("实际完成值")
    weight: Decimal | None = number("分值")
    score: Value | None = value("得分（公开）")
    deviation: str | None = text("偏差原因分析及改进措施")
    evidence: ValueMap = values("评分依据")


@dataclass(frozen=True)
class ScoreItem:
    """A line of a scorecard (2013 family): 一级/二级/三级 with its points and evidence."""

    criterion: str | None = text("三级指标", required=True)
    level1: str | None = text("一级指标")
    level2: str | None = text("二级指标")
    max_points: Decimal | None = number("分值（公开）")
    score: Value | None = value("自评分数（公开）")
    basis: str | None = text("自评依据及说明")
    evidence: ValueMap = values("评分依据")


@dataclass(frozen=True)
class Project:
    name: str | None = text("项目名称", required=True)
    department: str | None = text("主管部门")
    implementer: str | None = text("实施单位")
    function_code: str | None = code("功能分类科目编码", "func")
    rubric_family: str | None = choice("评价体系", RUBRIC_FAMILIES)
    planned_funds: Decimal | None = money("计划投入资金")
    arrived_funds: Decimal | None = money("实际到位资金")
    due_funds: Decimal | None = money("应到位资金")
    timely_funds: Decimal | None = money("及时到位资金")
    planned_output: Decimal | None = number("计划产出数")
    actual_output: Decimal | None = number("实际产出数")
    qualified_output: Decimal | None = number("质量达标产出数")
    planned_cost: Decimal | None = money("计划成本")
    actual_cost: Decimal | None = money("实际成本")
    spending: Decimal | None = money("项目支出决算数")
    expected_goal: str | None = text("预期目标")
    actual_goal: str | None = text("实际完成情况")
    other_matters: str | None = text("其他需要说明事项")
    funds: tuple[FundRow, ...] = records("项目资金", FundRow, key="source", sheet="项目资金")
    indicators: tuple[Indicator, ...] = records("绩效指标", Indicator, sheet="项目绩效指标")
    scorecard: tuple[ScoreItem, ...] = records("评分表", ScoreItem, sheet="项目评分表")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class YearGoal:
    year: int | None = integer("财年", required=True)
    goal: str | None = text("目标")
    actual: str | None = text("实际完成情况")


@dataclass(frozen=True)
class KeyTask:
    """部门年度重点工作任务."""

    name: str | None = text("任务名称")
    budget_level: str | None = text("项目级次")
    content: str | None = text("主要内容", required=True)
    approved_total: Decimal | None = money("批复金额总额")
    approved_fiscal: Decimal | None = money("批复金额财政拨款")
    approved_other: Decimal | None = money("批复金额其他资金")
    spent: Decimal | None = money("实际支出金额")
    reason: str | None = text("预算执行偏低原因及改进措施")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class DepartmentInputs:
    """Operands the whole-department self-evaluation states for its rates."""

    sangong_budget: Decimal | None = money("本年三公经费预算数")
    sangong_prior_budget: Decimal | None = money("上年三公经费预算数")
    sangong_actual: Decimal | None = money("本年三公经费决算数")
    sangong_prior_actual: Decimal | None = money("上年三公经费决算数")
    key_spending: Decimal | None = money("重点支出决算数")
    project_spending: Decimal | None = money("项目支出决算数")
    budget_initial: Decimal | None = money("年初支出预算数")
    budget_added: Decimal | None = money("本年追加预算数")
    budget_adjustment: Decimal | None = money("预算调整数", signed=True)
    budget_completed: Decimal | None = money("预算完成数")
    carryover_prior: Decimal | None = money("上年结转结余资金")
    carryover_end: Decimal | None = money("本年累计结转结余资金")
    payment_planned: Decimal | None = money("既定支付进度数")
    payment_actual: Decimal | None = money("实际支付进度数")
    public_funds_budget: Decimal | None = money("公用经费预算数")
    public_funds_actual: Decimal | None = money("公用经费实际支出")
    procurement_budget: Decimal | None = money("政府采购预算数")
    procurement_actual: Decimal | None = money("实际政府采购金额")
    fixed_assets_total: Decimal | None = money("固定资产总额")
    fixed_assets_in_use: Decimal | None = money("在用固定资产总额")
    tasks_planned: Decimal | None = number("计划完成工作数")
    tasks_done: Decimal | None = number("实际完成工作数")


@dataclass(frozen=True)
class Department:
    """部门整体支出绩效自评: inputs, targets, indicators and the published scoring."""

    overall_goal: str | None = text("总体绩效目标")
    year_goals: tuple[YearGoal, ...] = records("部门年度目标", YearGoal, key="year", sheet="部门年度目标")
    key_tasks: tuple[KeyTask, ...] = records("重点工作任务", KeyTask, sheet="重点工作任务")
    inputs: DepartmentInputs = record("自评数据", DepartmentInputs)
    indicators: tuple[Indicator, ...] = records("部门绩效指标", Indicator, sheet="部门绩效指标")
    scorecard: tuple[ScoreItem, ...] = records("部门评分表", ScoreItem, sheet="部门评分表")
    published: ValueMap = values("公开数值")


@dataclass(frozen=True)
class Meta:
    """About the filing itself: where its figures come from, who prepared it."""

    source_document: str | None = text("来源文件说明")
    prepared_by: str | None = text("填报人")
    prepared_on: str | None = text("填报日期")


@dataclass(frozen=True)
class Filing:
    """One unit-year.  ``sources`` maps a field path to where its value came from."""

    unit: Unit = record("单位信息", Unit)
    texts: Texts = record("文字说明", Texts)
    accounts: Accounts = record("部门决算", Accounts)
    projects: tuple[Project, ...] = records("项目", Project, key="name", sheet="项目")
    department: Department = record("部门整体自评", Department)
    meta: Meta = record("文件信息", Meta)
    doc: str = field(default="", compare=False)
    sources: dict[str, Source] = field(default_factory=dict, compare=False, hash=False, repr=False)
    #: amount paths the unit published as “—” (no amount): the value is 0 and documents print “—” there
    dashes: frozenset[str] = field(default=frozenset(), compare=False, hash=False, repr=False)

    def dashed(self, record: Any, name: str) -> bool:
        """Whether ``record.name`` (a record of this filing) was published as “—”."""
        if not self.dashes:
            return False
        from jixiao.model.walk import get_path

        return any(path.rsplit(".", 1)[-1] == name and get_path(self, path.rsplit(".", 1)[0]) is record
                   for path in self.dashes)

    def source_of(self, path: str) -> Source:
        """The source of a field path, falling back to the nearest enclosing path, then the file."""
        probe = path
        while probe:
            if probe in self.sources:
                return self.sources[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return Source(self.doc or "<filing>", "L1")
