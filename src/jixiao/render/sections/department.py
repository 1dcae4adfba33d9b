"""部门整体支出绩效自评: the Sichuan 整体支出绩效自评报告, the Yunnan 自评情况 narrative and 自评表."""
from __future__ import annotations

from decimal import Decimal

from jixiao.render import fmt as F
from jixiao.render.blocks import MISSING, Block, Cell, Heading, Para, Table
from jixiao.render.context import RenderContext
from jixiao.render.sections.common import func_level, func_plain_name, missing_para, para, reason_text
from jixiao.render.templates import Section


def _text_paras(ctx: RenderContext, text: str | None, what: str) -> list[Block]:
    if not text or not text.strip():
        return [missing_para(ctx, what)]
    return [para(line.strip()) for line in text.splitlines() if line.strip()]


# ---- Sichuan: 整体支出绩效自评报告 ------------------------------------------------------------

def department_report(ctx: RenderContext, node: Section) -> list[Block]:
    f = ctx.filing
    blocks: list[Block] = [*_text_paras(ctx, f.texts.evaluation_purpose, "自评目的及依据")]
    blocks += [Heading(3, "一、单位主要概况"), Heading(3, "（一）机构组成"), *_structure(ctx),
               Heading(3, "（二）机构职能"),
               *([para(f"{n}．{d}") for n, d in enumerate(f.texts.duties, 1)] or [missing_para(ctx, "机构职能")]),
               Heading(3, "（三）人员概况"), _staff(ctx)]
    blocks += [Heading(3, "二、部门财政资金收支情况"), Heading(3, "（一）部门财政资金收入情况"), _funds_income(ctx),
               Heading(3, "（二）部门财政资金支出情况"), _funds_spending(ctx)]
    blocks += [Heading(3, "三、评价工作开展情况"), *_text_paras(ctx, f.texts.evaluation_process, "评价工作开展情况")]
    blocks += [Heading(3, "四、评价结论"), *_text_paras(ctx, f.texts.conclusion, "评价结论"), _result(ctx)]
    blocks += [Heading(3, "五、绩效分析"), Heading(3, "（一）指标分析"), *_analysis(ctx),
               Heading(3, "（二）绩效指标完成情况"), *_indicators(ctx)]
    blocks += [Heading(3, "六、问题分析"), *_text_paras(ctx, f.texts.problems, "问题分析")]
    blocks += [Heading(3, "七、建议"), *_text_paras(ctx, f.texts.improvements, "建议")]
    return blocks


def _structure(ctx: RenderContext) -> list[Block]:
    unit = ctx.filing.unit
    facts = []
    if unit.internal_bodies is not None:
        facts.append(f"内设机构{unit.internal_bodies}个")
    if unit.kind:
        facts.append(f"属于{unit.kind}单位")
    if unit.subordinate_units is not None:
        facts.append(f"下属单位{unit.subordinate_units}个")
    if not facts:
        return [missing_para(ctx, "机构组成")]
    return [para(f"{ctx.unit_name}" + "；".join(facts) + "。")]


def _staff(ctx: RenderContext) -> Para:
    u = ctx.filing.unit
    if u.authorized_staff is None and u.actual_staff is None:
        return missing_para(ctx, "人员概况")
    text = f"人员编制{ctx.count(u.authorized_staff, '编制数', '名')}"
    if u.authorized_staff_admin is not None or u.authorized_staff_institution is not None:
        text += (f"（其中行政编制{ctx.count(u.authorized_staff_admin, '行政编制数', '名')}、"
                 f"事业编制{ctx.count(u.authorized_staff_institution, '事业编制数', '名')}）")
    text += f"。截止{ctx.year}年底，实有人员{ctx.count(u.actual_staff, '实有人数', '人')}"
    if u.actual_staff_admin is not None or u.actual_staff_institution is not None:
        text += (f"（其中行政人员{ctx.count(u.actual_staff_admin, '实有行政人员', '人')}，"
                 f"事业人员{ctx.count(u.actual_staff_institution, '实有事业人员', '人')}）")
    return para(text + "。")


def _funds_income(ctx: RenderContext) -> Para:
    acc = ctx.filing.accounts
    gb_income = next((s.amount for s in acc.income_sources if s.name == "一般公共预算财政拨款收入"), None)
    classes = [c for c in acc.function_lines if func_level(c.code) == "类" and c.amount is not None]
    gb = acc.fiscal.general_budget.amount
    names = [func_plain_name(ctx, c.code) or (c.name or "") for c in classes]
    shares = ctx.shares("功能分类（类）占比", list(zip(names, (c.amount for c in classes))), gb)
    parts = [f"{n}{ctx.money(c.amount)}，占{ctx.share_text(v, f'function_class_share:{c.code}')}"
             for n, c, v in zip(names, classes, shares)]
    text = f"本部门{ctx.year}年一般公共预算财政拨款收入为{ctx.money(gb_income, '一般公共预算财政拨款收入')}"
    return para(text + ("，支出包括：" + "；".join(parts) + "。" if parts else "。"))


def _funds_spending(ctx: RenderContext) -> Para:
    acc = ctx.filing.accounts
    gb = acc.fiscal.general_budget.amount
    items = (("人员经费支出", acc.basic.personnel, "personnel"), ("日常公用经费支出", acc.basic.public, "public_funds"),
             ("项目经费支出", acc.expenditure.project, "project_spending"))
    shares = ctx.shares("人员经费、公用经费、项目经费占比", [(label, item.amount) for label, item, _ in items], gb)
    parts = []
    for (label, item, key), share in zip(items, shares):
        text, change = ctx.fig_change(f"{key}_change", f"{key}_change_rate", label)
        part = f"{label}{ctx.money(item.amount, label)}，占总支出的{ctx.share_text(share, f'{key}_share')}"
        if change is None:
            part += f"，与上年相比的变动情况{MISSING}"
        else:
            part += f"，较上年{text}"
            if change != 0:
                reason = reason_text(item.reason, True).rstrip("。")
                part += f"，{reason}" if item.reason else reason
        parts.append(part)
    return para(f"{ctx.year}年，本部门一般公共预算财政拨款支出为{ctx.money(gb, '一般公共预算财政拨款支出')}。其中"
                + "；".join(parts) + "。")


def _result(ctx: RenderContext) -> Para:
    dept = ctx.filing.department
    if ctx.scores.note:
        ctx.log.add_unique(ctx.log.fallbacks, f"整体支出绩效自评：{ctx.scores.note}")
    total = ctx.scores.total(None, dept.published.get("total"))
    grade, _ = ctx.scores.grade(None, dept.published.get("grade"))
    score = F.score(total.points) if total.points is not None else ctx.missing("自评得分")
    return para(f"自评得分：{score}分；评价等级：{grade or ctx.missing('评价等级')}。")


def _analysis(ctx: RenderContext) -> list[Block]:
    items = ctx.filing.department.scorecard
    if not items:
        return [missing_para(ctx, "部门整体支出绩效评分表")]
    from jixiao.render.sections.projects import _card_scores

    groups: dict[str, list] = {}
    for item, scored in zip(items, _card_scores(ctx, None, items)):
        groups.setdefault(item.level2 or item.level1 or "其他", []).append((item, scored))
    blocks: list[Block] = []
    for number, (name, members) in enumerate(groups.items(), 1):
        maxima = [scored[0] for _, scored in members]
        known = sum((m for m in maxima if m is not None), Decimal(0))
        label = f"{F.score(known)}分" if all(m is not None for m in maxima) else f"已列明分值{F.score(known)}分"
        blocks.append(Heading(3, f"{number}．{name}分析（{label}）"))
        for n, (item, (maximum, score)) in enumerate(members, 1):
            head = f"（{n}）{item.criterion}（分值{F.score(maximum) if maximum is not None else MISSING}分，"
            head += f"得{F.score(score.points)}分）" if score.points is not None else f"得分{ctx.missing(item.criterion + ' 得分')}）"
            if maximum is None:
                ctx.missing(f"{item.criterion} 分值")
            blocks.append(para(head + "。" + (item.basis or "")))
    return blocks


def _indicators(ctx: RenderContext) -> list[Block]:
    rows = []
    for ind in ctx.filing.department.indicators:
        target = f"{ind.nature_as_published or ind.nature or ''}{ind.target.text if ind.target else ''}"
        rows.append((Cell(ind.level2 or ind.level1 or ""), Cell(ind.name or ""), Cell(target or MISSING, align="center"),
                     Cell(ind.actual.text if ind.actual else MISSING, align="center")))
        if ind.actual is None:
            ctx.missing(f"部门绩效指标“{ind.name}”实际完成值")
        if ind.target is None:
            ctx.missing(f"部门绩效指标“{ind.name}”指标值")
    if not rows:
        return [missing_para(ctx, "部门整体绩效指标")]
    header = ((Cell("二级指标", align="center", header=True), Cell("三级指标", align="center", header=True),
               Cell("指标值", align="center", header=True), Cell("实际完成值", align="center", header=True)),)
    return [Table("department-indicators", "部门整体绩效指标完成情况表", header, tuple(rows), 4, (1.4, 2.6, 1.2, 1.2),
                  "", (), sheet="部门绩效指标")]


# ---- Yunnan: 部门整体支出绩效自评情况 and 自评表 -----------------------------------------------

def department_situation(ctx: RenderContext, node: Section) -> list[Block]:
    f, t = ctx.filing, ctx.filing.texts
    blocks: list[Block] = [para(f"部门：{ctx.unit_name}", "center"), Heading(3, "一、部门基本情况"),
                           Heading(3, "（一）部门概况"), *_overview(ctx),
                           Heading(3, "（二）部门绩效目标的设立情况"), *_text_paras(ctx, t.performance_goals, "部门绩效目标的设立情况"),
                           Heading(3, "（三）部门整体收支情况"), _spending_yunnan(ctx),
                           Heading(3, "（四）部门预算管理制度建设情况"), *_text_paras(ctx, t.budget_management, "部门预算管理制度建设情况"),
                           Heading(3, "（五）严控“三公”经费支出情况"), *_text_paras(ctx, t.sangong_control, "严控“三公”经费支出情况"),
                           Heading(3, "二、绩效自评工作情况"),
                           Heading(3, "（一）绩效自评的目的"), *_text_paras(ctx, t.evaluation_purpose, "绩效自评的目的"),
                           Heading(3, "（二）自评组织过程"), *_text_paras(ctx, t.evaluation_process, "自评组织过程"),
                           Heading(3, "三、评价情况分析及综合评价结论"), *_text_paras(ctx, t.conclusion, "综合评价结论"),
                           Heading(3, "四、存在的问题和整改情况"), *_text_paras(ctx, t.problems, "存在的问题"),
                           *_text_paras(ctx, t.improvements, "整改情况"),
                           Heading(3, "五、绩效自评结果应用"), *_text_paras(ctx, t.results_use, "绩效自评结果应用"),
                           Heading(3, "六、主要经验及做法"), *_text_paras(ctx, t.experience, "主要经验及做法"),
                           Heading(3, "七、其他需说明的情况"), *_text_paras(ctx, t.other_matters, "其他需说明的情况")]
    del f
    return blocks


def _overview(ctx: RenderContext) -> list[Block]:
    u, duties = ctx.filing.unit, ctx.filing.texts.duties
    staff = []
    if u.actual_staff is not None:
        staff.append(f"实有人员{u.actual_staff}人")
    elif u.actual_staff_admin is not None:
        staff.append(f"实有行政人员{u.actual_staff_admin}人")
    if u.retirees is not None:
        staff.append(f"退休{u.retirees}人")
    text = "".join(duties)
    if staff:
        text += f"{ctx.unit_name}{ctx.year}年末" + "，".join(staff) + "。"
    return [para(text)] if text else [missing_para(ctx, "部门概况")]


def _spending_yunnan(ctx: RenderContext) -> Para:
    acc = ctx.filing.accounts
    total = acc.totals.expenditure_total.amount
    items = (("基本支出", acc.expenditure.basic.amount, "expenditure_basic_share"),
             ("项目支出", acc.expenditure.project.amount, "expenditure_project_share"),
             ("上缴上级支出", acc.expenditure.remit_to_superior.amount, "expenditure_remit_share"))
    present = [(label, amount) for label, amount, _ in items]
    shares = ctx.shares("支出结构占比", present, total)
    parts = [f"{label}{ctx.money(amount, label)}，占总支出的{ctx.share_text(share, key)}"
             for (label, amount, key), share in zip(items, shares)]
    return para(f"{ctx.unit_name}{ctx.year}年度支出合计{ctx.money(total, '支出合计')}。其中：" + "；".join(parts) + "。")


def department_form(ctx: RenderContext, node: Section) -> list[Block]:
    d, t = ctx.filing.department, ctx.filing.texts
    h = lambda text, **kw: Cell(text, align="center", header=True, **kw)  # noqa: E731
    rows: list[list[Cell]] = [
        [h("部门名称", colspan=2), Cell(ctx.unit_name, colspan=7)],
        [h("部门总体目标", rowspan=2), h("部门职责"), Cell("".join(t.duties) or ctx.missing("部门职责"), colspan=7)],
        [h("总体绩效目标"), Cell(d.overall_goal or ctx.missing("总体绩效目标"), colspan=7)],
        [Cell("一、部门年度目标", colspan=9, bold=True)],
        [h("财年"), h("目标", colspan=5), h("实际完成情况", colspan=3)],
    ]
    for goal in d.year_goals or ():
        rows.append([Cell(str(goal.year), align="center"), Cell(goal.goal or "", colspan=5), Cell(goal.actual or "", colspan=3)])
    if not d.year_goals:
        rows.append([Cell(ctx.missing("部门年度目标"), colspan=9, align="center")])
    rows += [[Cell("二、部门年度重点工作任务", colspan=9, bold=True)],
             [h("任务名称", rowspan=2), h("项目级次", rowspan=2), h("主要内容", rowspan=2), h("批复金额（万元）", colspan=3),
              h("实际支出金额（万元）", rowspan=2), h("预算执行率", rowspan=2), h("预算执行偏低原因及改进措施", rowspan=2)],
             [h("总额"), h("财政拨款"), h("其他资金")]]
    for task in d.key_tasks:
        rate = ctx.figure(f"key_task_execution_rate:{task.content}")
        rows.append([Cell(task.name or ""), Cell(task.budget_level or "", align="center"), Cell(task.content or ""),
                     _amount(task.approved_total), _amount(task.approved_fiscal), _amount(task.approved_other),
                     _amount(task.spent),
                     Cell(F.percent(rate.value, 2), align="center", value=rate.value / 100, number_format="0.00%")
                     if rate is not None else Cell("", align="center"),
                     Cell(task.reason or "")])
    if not d.key_tasks:
        rows.append([Cell(ctx.missing("部门年度重点工作任务"), colspan=9, align="center")])
    rows += [[Cell("三、部门整体支出绩效指标", colspan=9, bold=True)],
             [h("一级指标"), h("二级指标"), h("三级指标"), h("指标性质"), h("指标值"), h("度量单位"), h("实际完成值"),
              h("偏差原因分析及改进措施", colspan=2)]]
    for ind in d.indicators:
        rows.append([Cell(ind.level1 or ""), Cell(ind.level2 or ""), Cell(ind.name or ""),
                     Cell(ind.nature_as_published or ind.nature or "", align="center"),
                     Cell(ind.target.text if ind.target else "", align="center"), Cell(ind.unit or "", align="center"),
                     Cell(ind.actual.text if ind.actual else ctx.missing(f"{ind.name} 实际完成值")),
                     Cell(ind.deviation or "", colspan=2)])
    rows.append([h("其他需说明事项", colspan=2), Cell(t.other_matters or "无", colspan=7)])
    notes = ("一级指标包含产出指标、效益指标、满意度指标，二级指标和三级指标根据项目实际情况设置。",
             "财政拨款=当年财政拨款+上年结转资金。")
    return [Table("department-form", f"{ctx.year}年度部门整体支出绩效自评表", (), tuple(tuple(r) for r in rows), 9,
                  (1.1, 1, 2, 0.8, 0.8, 0.8, 1.3, 0.9, 1.6), "", notes, sheet="部门整体自评表")]


def _amount(value: Decimal | None) -> Cell:
    if value is None:
        return Cell("", align="right")
    return Cell(F.fmt(value, 2), align="right", value=value, number_format=F.MONEY_FORMAT)


BUILDERS = {
    "department_report": department_report,
    "department_situation": department_situation,
    "department_form": department_form,
}
