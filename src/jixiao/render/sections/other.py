"""决算说明 七至十: “三公”经费, 政府性基金, 国有资本经营, 机关运行经费, 政府采购, 国有资产, 预算绩效管理."""
from __future__ import annotations

from jixiao.model.filing import Amount
from jixiao.render.blocks import MISSING, Block
from jixiao.render.context import RenderContext
from jixiao.render.sections.common import above, below, missing_para, para, reason_text
from jixiao.render.templates import Section

_SANGONG = (("overseas", "因公出国（境）费"), ("vehicle", "公务用车购置及运行维护费"), ("reception", "公务接待费"))


def _completion_clause(ctx: RenderContext, key: str, item: Amount, what: str, explain: bool = True) -> str:
    """“完成预算29.1%，决算数小于预算数的主要原因是…” — the reason only from the filing.

    A component's reason explains its change on last year (see ``_change_clause``), so a
    component's completion clause (``explain=False``) states the rate only."""
    fig = ctx.figure(key)
    text = f"完成预算{ctx.fig_pct(key, what)}"
    if explain and fig is not None and (below(fig.value, ctx.precision.percent) or above(fig.value, ctx.precision.percent)):
        if item.reason:
            return text + "，" + reason_text(item.reason, True)
        word = "小于" if below(fig.value, ctx.precision.percent) else "大于"
        return text + f"，决算数{word}预算数" + reason_text(None, True) + "。"
    return text + "。"


def _change_clause(ctx: RenderContext, name: str, field: str, item: Amount, label: str) -> str:
    text, change = ctx.fig_change(f"sangong_component_change:{field}", f"sangong_component_change_rate:{field}", label)
    if change is None:
        return f"{label}与{ctx.prev}年相比的变动情况{MISSING}。"
    out = f"{label}支出决算比{ctx.prev}年{text}。"
    if change != 0:
        out += reason_text(item.reason, True) if field != "total" else ""
    return out


def sangong_total(ctx: RenderContext, node: Section) -> list[Block]:
    total = ctx.filing.accounts.sangong.total
    if total.amount is None:
        return [missing_para(ctx, "“三公”经费财政拨款支出决算数")]
    return [para(f"{ctx.year}年“三公”经费财政拨款支出决算为{ctx.money(total.amount)}，"
                 + _completion_clause(ctx, "sangong_completion", total, "“三公”经费完成预算比例"))]


def sangong_detail(ctx: RenderContext, node: Section) -> list[Block]:
    sg = ctx.filing.accounts.sangong
    items = [(field, label, getattr(sg, field)) for field, label in _SANGONG]
    if all(item.amount is None for _, _, item in items):
        return [missing_para(ctx, "“三公”经费分项决算数")]
    shares = ctx.shares("“三公”经费分项占比", [(label, item.amount) for _, label, item in items], sg.total.amount)
    parts = [f"{label}支出决算{ctx.money(item.amount, label)}，占{ctx.share_text(v, f'sangong_component_share:{field}')}"
             for (field, label, item), v in zip(items, shares)]
    blocks: list[Block] = [para(f"{ctx.year}年“三公”经费财政拨款支出决算中，" + "；".join(parts) + "。具体情况如下：")]
    if all(item.amount is not None for _, _, item in items):
        blocks.append(ctx.charts.structure("chart-sangong", "“三公”经费财政拨款支出结构图",
                                           [(label, item.amount, v) for (_, label, item), v in zip(items, shares)]))
    blocks += [para(_overseas(ctx, sg)), para(_vehicle(ctx, sg)), *_vehicle_more(ctx, sg),
               para(_reception(ctx, sg)), *_reception_more(ctx, sg)]
    return blocks


def _overseas(ctx: RenderContext, sg) -> str:
    item = sg.overseas
    return (f"1.因公出国（境）经费支出{ctx.money(item.amount, '因公出国（境）费')}，"
            + _completion_clause(ctx, "sangong_component_completion:overseas", item, "因公出国（境）费完成预算比例", explain=False)
            + f"全年安排因公出国（境）团组{ctx.count(sg.overseas_groups, '因公出国（境）团组数', '次')}，"
            f"出国（境）{ctx.count(sg.overseas_people, '因公出国（境）人次', '人')}。"
            + _change_clause(ctx, "overseas", "overseas", item, "因公出国（境）"))


def _vehicle(ctx: RenderContext, sg) -> str:
    item = sg.vehicle
    return (f"2.公务用车购置及运行维护费支出{ctx.money(item.amount, '公务用车购置及运行维护费')}，"
            + _completion_clause(ctx, "sangong_component_completion:vehicle", item, "公务用车购置及运行维护费完成预算比例", explain=False)
            + _change_clause(ctx, "vehicle", "vehicle", item, "公务用车购置及运行维护费"))


def _vehicle_more(ctx: RenderContext, sg) -> list[Block]:
    types = sg.vehicle_types
    bought = "，".join(f"{t.name}{ctx.count(t.purchased, t.name + '购置数', '辆')}、金额{ctx.money(t.purchase_amount, t.name + '购置金额')}"
                      for t in types)
    held = "、".join(f"{t.name}{ctx.count(t.held, t.name + '保有量', '辆')}" for t in types)
    text = (f"其中：公务用车购置支出{ctx.money(sg.vehicle_purchase.amount, '公务用车购置费')}。"
            f"全年按规定更新购置公务用车{ctx.count(sg.vehicles_purchased, '公务用车购置数', '辆')}"
            + (f"，其中：{bought}" if bought else "") + "。"
            f"截至{ctx.year}年12月底，单位共有公务用车{ctx.count(sg.vehicles_held, '公务用车保有量', '辆')}"
            + (f"，其中：{held}" if held else "") + "。")
    return [para(text), para(f"公务用车运行维护费支出{ctx.money(sg.vehicle_operation.amount, '公务用车运行维护费')}。")]


def _reception(ctx: RenderContext, sg) -> str:
    item = sg.reception
    return (f"3.公务接待费支出{ctx.money(item.amount, '公务接待费')}，"
            + _completion_clause(ctx, "sangong_component_completion:reception", item, "公务接待费完成预算比例", explain=False)
            + _change_clause(ctx, "reception", "reception", item, "公务接待费"))


def _reception_more(ctx: RenderContext, sg) -> list[Block]:
    return [
        para(f"其中：国内公务接待支出{ctx.money(sg.reception_domestic.amount, '国内公务接待费')}。"
             f"国内公务接待{ctx.count(sg.reception_batches, '国内公务接待批次', '批次')}，"
             f"{ctx.count(sg.reception_people, '国内公务接待人次', '人次')}，"
             f"共计支出{ctx.money(sg.reception_domestic.amount, '国内公务接待费')}。"),
        para(f"外事接待支出{ctx.money(sg.reception_foreign.amount, '外事接待费')}，"
             f"外事接待{ctx.count(sg.foreign_reception_batches, '外事接待批次', '批次')}，"
             f"{ctx.count(sg.foreign_reception_people, '外事接待人次', '人')}，"
             f"共计支出{ctx.money(sg.reception_foreign.amount, '外事接待费')}。"),
    ]


def gov_fund(ctx: RenderContext, node: Section) -> list[Block]:
    amount = ctx.filing.accounts.fiscal.gov_fund.amount
    return [para(f"{ctx.year}年政府性基金预算财政拨款支出{ctx.money(amount, '政府性基金预算财政拨款支出')}。")]


def state_capital(ctx: RenderContext, node: Section) -> list[Block]:
    amount = ctx.filing.accounts.fiscal.state_capital.amount
    return [para(f"{ctx.year}年国有资本经营预算财政拨款支出{ctx.money(amount, '国有资本经营预算财政拨款支出')}。")]


def operating_costs(ctx: RenderContext, node: Section) -> list[Block]:
    item = ctx.filing.accounts.operating_costs
    if item.amount is None:
        return [missing_para(ctx, "机关运行经费")]
    text, change = ctx.fig_change("operating_costs_change", "operating_costs_change_rate", "机关运行经费")
    out = f"{ctx.year}年，{ctx.unit_name}机关运行经费支出{ctx.money(item.amount)}，"
    if change is None:
        out += f"与{ctx.prev}年相比的变动情况{MISSING}。"
    else:
        out += f"比{ctx.prev}年{text}。" + (reason_text(item.reason, True) if change != 0 else "")
    return [para(out)]


def procurement(ctx: RenderContext, node: Section) -> list[Block]:
    p = ctx.filing.accounts.procurement
    if p.total.amount is None:
        return [missing_para(ctx, "政府采购支出总额")]
    text = (f"{ctx.year}年，{ctx.unit_name}政府采购支出总额{ctx.money(p.total.amount)}，其中："
            f"政府采购货物支出{ctx.money(p.goods.amount, '政府采购货物支出')}、"
            f"政府采购工程支出{ctx.money(p.works.amount, '政府采购工程支出')}、"
            f"政府采购服务支出{ctx.money(p.services.amount, '政府采购服务支出')}。"
            f"授予中小企业合同金额{ctx.money(p.sme_awarded.amount, '授予中小企业合同金额')}，"
            f"占政府采购支出总额的{_share(ctx, 'procurement_sme_share', '授予中小企业合同金额占比')}，"
            f"其中：授予小微企业合同金额{ctx.money(p.small_micro_awarded.amount, '授予小微企业合同金额')}，"
            f"占政府采购支出总额的{_share(ctx, 'procurement_small_micro_share', '授予小微企业合同金额占比')}。")
    return [para(text)]


def _share(ctx: RenderContext, key: str, what: str) -> str:
    result = ctx.metrics.get(key)
    if result is not None and result.problem and not result.claims:
        return "—（政府采购支出总额为0，不计算占比）"
    return ctx.fig_pct(key, what)


def assets(ctx: RenderContext, node: Section) -> list[Block]:
    a = ctx.filing.accounts.assets
    if a.vehicles_total is None and not a.vehicles_by_use and a.large_equipment is None:
        return [missing_para(ctx, "国有资产占有使用情况")]
    uses = "、".join(f"{u.name}{ctx.count(u.count, u.name or '车辆数', '辆')}" for u in a.vehicles_by_use)
    text = (f"截至{ctx.year}年12月31日，{ctx.unit_name}共有车辆{ctx.count(a.vehicles_total, '车辆总数', '辆')}"
            + (f"，其中：{uses}" if uses else "") + "。"
            f"单价100万元以上专用设备{ctx.count(a.large_equipment, '单价100万元以上设备数', '台（套）')}。")
    return [para(text)]


def performance_management(ctx: RenderContext, node: Section) -> list[Block]:
    pm = ctx.filing.accounts.performance
    counts = (pm.ex_ante_assessed, pm.with_targets, pm.monitored, pm.self_evaluated)
    if all(c is None for c in counts):
        return [missing_para(ctx, "预算绩效管理情况")]
    names = [p.name for p in ctx.filing.projects if p.name][:3]
    listed = "、".join(names) + "等" if names else ""
    text = (f"根据预算绩效管理要求，本单位在{ctx.year}年度预算编制阶段，组织对{listed}"
            f"{ctx.count(pm.ex_ante_assessed, '开展事前绩效评估项目数', '个')}项目开展了预算事前绩效评估，"
            f"对{ctx.count(pm.with_targets, '编制绩效目标项目数', '个')}项目编制了绩效目标，预算执行过程中，"
            f"选取{ctx.count(pm.monitored, '开展绩效监控项目数', '个')}项目开展绩效监控，年终执行完毕后，"
            f"对{ctx.count(pm.self_evaluated, '开展绩效自评项目数', '个')}项目开展了绩效目标完成情况自评。")
    if ctx.filing.projects:
        text += "绩效自评表详见附件。"
    return [para(text)]


BUILDERS = {
    "sangong_total": sangong_total,
    "sangong_detail": sangong_detail,
    "gov_fund": gov_fund,
    "state_capital": state_capital,
    "operating_costs": operating_costs,
    "procurement": procurement,
    "assets": assets,
    "performance_management": performance_management,
}
