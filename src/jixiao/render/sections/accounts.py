"""决算说明 一至六: totals, income, expenditure, appropriations, 一般公共预算 spending, 基本支出.

Sentences follow the conventional wording of the 部门决算公开 templates, e.g.
“与2021年相比，收、支总计各减少18.09万元，下降2.5%。主要变动原因是…”.  Every
figure comes from the metrics (or, failing those, the unit's published value);
reasons come from the filing.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao.model.filing import Amount
from jixiao.render.blocks import MISSING, Block
from jixiao.render.context import RenderContext
from jixiao.render.sections.common import (
    below, econ_name, func_level, func_name, missing_para, para, reason_text,
)
from jixiao.render.templates import Section


def _change_sentence(ctx: RenderContext, lead: str, change_key: str, rate_key: str, what: str,
                     reason: str | None, both: bool = False) -> str:
    text, change = ctx.fig_change(change_key, rate_key, what)
    if change is None:
        return f"与{ctx.prev}年相比的变动情况{MISSING}。"
    if change == 0:
        return f"与{ctx.prev}年相比，{lead}{'各' if both else ''}{text}。"
    return f"与{ctx.prev}年相比，{lead}{'各' if both else ''}{text}。" + reason_text(reason, True)


def _prior_for_chart(ctx: RenderContext, item: Amount, change_key: str) -> tuple[Decimal | None, bool]:
    """Last year's amount for the change chart, and whether it is derived rather than filed.

    When the unit filed no last-year amount but published the change, the bar is derived
    (this year − published change): drawn apart from the filed bars, labelled 推算 in the chart,
    explained under it and in the closing notes — never shown as if computed."""
    if item.prior is not None:
        return item.prior, False
    change = ctx.figure(change_key)
    if change is None or item.amount is None:
        return None, False
    ctx.log.add_unique(ctx.log.notes, f"{ctx.section}：收、支决算总计变动情况图中{ctx.prev}年数未填报，"
                                      f"按单位公开的变动额推算（本年数减变动额），未经复算，图中标注“推算”")
    return item.amount - change.value, True


def _grand_total_change(ctx: RenderContext, income: Amount, spend: Amount) -> str:
    """“收、支总计各减少18.09万元，下降2.5%” when one change is known (or both agree); the 收入 and 支出
    changes each in its own clause when the unit gave (or the filing yields) a different 支出 change."""
    reason = income.reason or spend.reason
    if ctx.figure("expenditure_grand_total_change") is None and ctx.figure("expenditure_grand_total_change_rate") is None:
        return _change_sentence(ctx, "收、支总计", "grand_total_change", "grand_total_change_rate", "收、支总计", reason,
                                both=True)
    income_text, income_change = ctx.fig_change("grand_total_change", "grand_total_change_rate", "收入总计")
    spend_text, spend_change = ctx.fig_change("expenditure_grand_total_change", "expenditure_grand_total_change_rate",
                                              "支出总计")
    if income_text == spend_text:
        text = f"与{ctx.prev}年相比，收、支总计各{income_text}。"
    else:
        text = f"与{ctx.prev}年相比，收入总计{income_text}；支出总计{spend_text}。"
    if income_change == 0 and spend_change == 0:
        return text
    return text + reason_text(reason, True)


def totals_overview(ctx: RenderContext, node: Section) -> list[Block]:
    totals = ctx.filing.accounts.totals
    income, spend = totals.income_grand_total, totals.expenditure_grand_total
    if income.amount is None and spend.amount is None:
        return [missing_para(ctx, "收入总计、支出总计")]
    if income.amount is not None and spend.amount is not None and income.amount != spend.amount:
        head = f"{ctx.year}年度收入总计{ctx.money(income.amount)}，支出总计{ctx.money(spend.amount)}。"
    else:
        head = f"{ctx.year}年度收、支总计{ctx.money(income.amount if income.amount is not None else spend.amount)}。"
    text = head + _grand_total_change(ctx, income, spend)
    blocks: list[Block] = [para(text)]
    prior, derived = _prior_for_chart(ctx, income, "grand_total_change")
    current = income.amount if income.amount is not None else spend.amount
    if spend.prior is not None or ctx.figure("expenditure_grand_total_change") is not None:
        spend_prior, spend_derived = _prior_for_chart(ctx, spend, "expenditure_grand_total_change")
    else:
        spend_prior, spend_derived = prior, derived
    if current is not None:
        note = (f"注：{ctx.prev}年数未填报，标“推算”的柱按单位公开的变动额推算（{ctx.year}年数减变动额），未经复算。"
                if derived or spend_derived else "")
        blocks.append(ctx.charts.change_bars(
            "chart-grand-total", "收、支决算总计变动情况图", (ctx.prev, ctx.year),
            [("收入总计", prior, current), ("支出总计", spend_prior, spend.amount if spend.amount is not None else current)],
            derived=(derived, spend_derived), note=note))
    return blocks


def income_overview(ctx: RenderContext, node: Section) -> list[Block]:
    totals = ctx.filing.accounts.totals
    sources = [s for s in ctx.filing.accounts.income_sources if s.amount is not None]
    if totals.income_total.amount is None and not sources:
        return [missing_para(ctx, "本年收入合计及收入来源")]
    shown = [s for s in sources if s.amount != 0] or sources
    shares = ctx.shares("收入来源占比", [(s.name or "", s.amount) for s in shown], totals.income_total.amount)
    parts = [f"{s.name}{ctx.money(s.amount)}，占{ctx.share_text(v, f'income_source_share:{s.name}')}"
             for s, v in zip(shown, shares)]
    text = f"{ctx.year}年本年收入合计{ctx.money(totals.income_total.amount, '本年收入合计')}"
    text += ("，其中：" + "；".join(parts) + "。") if parts else f"，收入来源{ctx.missing('收入来源')}。"
    blocks: list[Block] = [para(text)]
    if shown:
        blocks.append(ctx.charts.structure("chart-income", "收入决算结构图",
                                           [(s.name or "", s.amount, v) for s, v in zip(shown, shares)]))
    return blocks


_SPEND_PARTS = (("basic", "基本支出", "expenditure_basic_share"), ("project", "项目支出", "expenditure_project_share"),
                ("remit_to_superior", "上缴上级支出", "expenditure_remit_share"), ("business", "经营支出", ""),
                ("subsidy_to_subordinate", "对附属单位补助支出", ""))


def expenditure_overview(ctx: RenderContext, node: Section) -> list[Block]:
    total = ctx.filing.accounts.totals.expenditure_total.amount
    spend = ctx.filing.accounts.expenditure
    items = [(label, getattr(spend, name).amount, key) for name, label, key in _SPEND_PARTS
             if name in ("basic", "project") or getattr(spend, name).amount]
    if total is None and all(a is None for _, a, _ in items):
        return [missing_para(ctx, "本年支出合计")]
    shares = ctx.shares("支出结构占比", [(label, amount) for label, amount, _ in items], total)
    parts = [f"{label}{ctx.money(amount, label)}，占{ctx.share_text(v, key)}" if amount is not None
             else f"{label}{ctx.money(amount, label)}"            # no “占未填报” after a gap
             for (label, amount, key), v in zip(items, shares)]
    text = f"{ctx.year}年本年支出合计{ctx.money(total, '本年支出合计')}，其中：" + "；".join(parts) + "。"
    blocks: list[Block] = [para(text)]
    if all(a is not None for _, a, _ in items):
        blocks.append(ctx.charts.structure("chart-expenditure", "支出决算结构图",
                                           [(label, amount, v) for (label, amount, _), v in zip(items, shares)]))
    return blocks


def fiscal_overview(ctx: RenderContext, node: Section) -> list[Block]:
    grand = ctx.filing.accounts.fiscal.grand_total
    if grand.amount is None:
        return [missing_para(ctx, "财政拨款收、支总计")]
    text = f"{ctx.year}年财政拨款收、支总计{ctx.money(grand.amount)}。"
    text += _change_sentence(ctx, "财政拨款收、支总计", "fiscal_grand_total_change", "fiscal_grand_total_change_rate",
                             "财政拨款收、支总计", grand.reason, both=True)
    return [para(text)]


def general_budget_total(ctx: RenderContext, node: Section) -> list[Block]:
    gb = ctx.filing.accounts.fiscal.general_budget
    if gb.amount is None:
        return [missing_para(ctx, "一般公共预算财政拨款支出")]
    text = (f"{ctx.year}年一般公共预算财政拨款支出{ctx.money(gb.amount)}，占本年支出合计的"
            f"{ctx.fig_pct('general_budget_share', '占本年支出合计比重')}。")
    text += _change_sentence(ctx, "一般公共预算财政拨款支出", "general_budget_change", "general_budget_change_rate",
                             "一般公共预算财政拨款支出", gb.reason)
    return [para(text)]


def _classes(ctx: RenderContext):
    return [line for line in ctx.filing.accounts.function_lines if func_level(line.code) == "类"]


def general_budget_structure(ctx: RenderContext, node: Section) -> list[Block]:
    gb = ctx.filing.accounts.fiscal.general_budget.amount
    classes = [c for c in _classes(ctx) if c.amount is not None]
    if not classes:
        return [missing_para(ctx, "一般公共预算财政拨款支出（按功能分类“类”级）")]
    shares = ctx.shares("功能分类（类）占比", [(func_name(ctx, c, full=False), c.amount) for c in classes], gb)
    parts = [f"{func_name(ctx, c, full=False)}{ctx.money(c.amount)}，占{ctx.share_text(v, f'function_class_share:{c.code}')}"
             for c, v in zip(classes, shares)]
    text = f"{ctx.year}年一般公共预算财政拨款支出{ctx.money(gb, '一般公共预算财政拨款支出')}，主要用于以下方面：" + "；".join(parts) + "。"
    chart = ctx.charts.structure("chart-general-budget", "一般公共预算财政拨款支出决算结构图",
                                 [(_short_class(ctx, c), c.amount, v) for c, v in zip(classes, shares)])
    return [para(text), chart]


def _short_class(ctx: RenderContext, line) -> str:
    entry = ctx.catalogue("func").get(line.code)
    return entry.name if entry else func_name(ctx, line, full=False)


def _item_lines(ctx: RenderContext):
    lines = ctx.filing.accounts.function_lines
    items = [line for line in lines if func_level(line.code) == "项"]
    return items or [line for line in lines if func_level(line.code) == "款"]


def general_budget_items(ctx: RenderContext, node: Section) -> list[Block]:
    gb = ctx.filing.accounts.fiscal.general_budget
    lines = _item_lines(ctx)
    if gb.amount is None and not lines:
        return [missing_para(ctx, "一般公共预算财政拨款支出具体情况")]
    blocks: list[Block] = [para(f"{ctx.year}年一般公共预算支出决算数为{ctx.money(gb.amount, '一般公共预算财政拨款支出')}，"
                                f"完成预算{ctx.fig_pct('general_budget_completion', '完成预算比例')}。其中：")]
    for number, line in enumerate(lines, 1):
        key = f"function_line_completion:{line.code}"
        completion = ctx.figure(key)
        text = (f"{number}.{func_name(ctx, line)}：支出决算为{ctx.money(line.amount, f'{line.code} 决算数')}，"
                f"完成预算{ctx.fig_pct(key, f'{line.code} 完成预算比例')}。")
        if completion is not None and below(completion.value, ctx.precision.percent):
            text += reason_text(line.reason, True) if line.reason else "决算数小于调整预算数" + reason_text(None, True) + "。"
        elif line.reason:
            text += reason_text(line.reason, False)
        blocks.append(para(text))
    return blocks


def basic_expenditure(ctx: RenderContext, node: Section) -> list[Block]:
    basic = ctx.filing.accounts.basic
    if basic.total.amount is None:
        return [missing_para(ctx, "一般公共预算财政拨款基本支出")]
    blocks: list[Block] = [para(f"{ctx.year}年一般公共预算财政拨款基本支出{ctx.money(basic.total.amount)}，其中：")]
    for category, amount in (("人员经费", basic.personnel.amount), ("公用经费", basic.public.amount)):
        items = [line for line in ctx.filing.accounts.economic_lines if line.category == category and line.amount is not None]
        listed = "、".join(f"{econ_name(ctx, line)}{ctx.money(line.amount)}" for line in items)
        text = f"{category}{ctx.money(amount, category)}"
        text += f"，主要包括：{listed}。" if listed else f"，明细{ctx.missing(category + '明细')}。"
        blocks.append(para(text))
    return blocks


BUILDERS = {
    "totals_overview": totals_overview,
    "income_overview": income_overview,
    "expenditure_overview": expenditure_overview,
    "fiscal_overview": fiscal_overview,
    "general_budget_total": general_budget_total,
    "general_budget_structure": general_budget_structure,
    "general_budget_items": general_budget_items,
    "basic_expenditure": basic_expenditure,
}
