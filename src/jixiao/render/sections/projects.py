"""项目支出绩效自评表, in the two layouts of the seeds.

* 2013 scorecard (S4 附件1): 一级/二级/三级指标, 分值, 自评分数, 自评依据及说明, 合计.
* 2020 target table (S0): 项目资金 block with 执行率, 年度总体目标, 绩效指标 with 分值/得分, 总分 and grade.

Points come from the score book (engine or published); rates from the metrics.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao.model.filing import FUND_ROWS, Project
from jixiao.model.values import Value
from jixiao.render import fmt as F
from jixiao.render.blocks import MISSING, Block, Cell, PageBreak, Table
from jixiao.render.context import RenderContext
from jixiao.render.sections.common import missing_para
from jixiao.render.templates import Section


def project_forms(ctx: RenderContext, node: Section) -> list[Block]:
    projects = ctx.filing.projects
    if not projects:
        return [missing_para(ctx, "项目支出绩效自评表")]
    if ctx.scores.note:
        ctx.log.add_unique(ctx.log.fallbacks, f"项目支出绩效自评表：{ctx.scores.note}")
    blocks: list[Block] = []
    for index, project in enumerate(projects, 1):
        if index > 1:
            blocks.append(PageBreak())      # each project's form (and its chart) starts a page, as published
        with ctx.in_section(f"项目支出绩效自评表（{project.name}）", {"percent": 2}):
            if project.scorecard and project.rubric_family != "2020":
                blocks += scorecard_2013(ctx, project, index)
            else:
                blocks += table_2020(ctx, project, index)
    return blocks


def _h(text: str, **kw) -> Cell:
    return Cell(text, align="center", header=True, **kw)


def _num(value: Decimal | None, text: str | None = None) -> Cell:
    if value is None:
        return Cell(text or "", align="center")
    return Cell(text or F.score(value), align="center", value=value, number_format=F.SCORE_FORMAT)


def _card_scores(ctx: RenderContext, project: str | None, items) -> list:
    """(maximum, Score) per scorecard line; a maximum the filing lacks comes from the rubric (engine)."""
    seen: dict[str, int] = {}
    out = []
    for item in items:
        occurrence = seen.get(item.criterion or "", 0)
        seen[item.criterion or ""] = occurrence + 1
        score = ctx.scores.item(project, item.criterion, item.score, occurrence=occurrence)
        maximum = item.max_points if item.max_points is not None else score.max
        if item.max_points is None and score.max is not None:
            ctx.log.add_unique(ctx.log.notes, f"{ctx.section}：“{item.criterion}”的分值未填报，按评分规则取{F.score(score.max)}分")
        out.append((maximum, score))
    return out


def scorecard_2013(ctx: RenderContext, project: Project, index: int) -> list[Block]:
    items = project.scorecard
    scored = _card_scores(ctx, project.name, items)
    body: list[list[Cell]] = []
    level1_spans = _spans([i.level1 or "" for i in items])
    level2_spans = _spans([(i.level1 or "", i.level2 or "") for i in items])
    sections: dict[str, list[Decimal]] = {}
    for n, (item, (maximum, score)) in enumerate(zip(items, scored)):
        row: list[Cell] = []
        if n in level1_spans:
            row.append(Cell(_with_points(item.level1, [m for (m, _), x in zip(scored, items) if x.level1 == item.level1]),
                            rowspan=level1_spans[n], align="center"))
        if n in level2_spans:
            same = [m for (m, _), x in zip(scored, items) if (x.level1, x.level2) == (item.level1, item.level2)]
            row.append(Cell(_with_points(item.level2, same), rowspan=level2_spans[n], align="center"))
        row += [Cell(item.criterion or ""), _num(maximum), _score_cell(score), Cell(item.basis or "")]
        body.append(row)
        bucket = sections.setdefault(item.level1 or "其他", [Decimal(0), Decimal(0)])
        bucket[0] += maximum or 0
        bucket[1] += score.points or 0
    total = ctx.scores.total(project.name, project.published.get("total"))
    grade, _ = ctx.scores.grade(project.name, project.published.get("grade"))
    max_total = sum((m or Decimal(0) for m, _ in scored), Decimal(0))
    body.append([Cell("合计", colspan=3, align="center", bold=True), _num(max_total),
                 _score_cell(total) if total.points is not None else Cell(ctx.missing("合计得分"), align="center"),
                 Cell("")])
    caption = (f"（{project.name}）",
               f"预算单位名称：{project.department or ctx.unit_name}　预算单位编码：{ctx.filing.unit.code or MISSING}"
               f"　自评等级：{grade or ctx.missing('自评等级')}")
    header = ((_h("一级指标"), _h("二级指标"), _h("三级指标"), _h("分值"), _h("自评分数"), _h("自评依据及说明")),)
    table = Table(f"project-{index}", f"{ctx.year}年度项目支出绩效自评计分表", header, tuple(tuple(r) for r in body), 6,
                  (2.4, 3.0, 3.4, 1.1, 1.6, 4.7), "", (), sheet=f"项目{index}", caption_above=caption)
    chart = ctx.charts.scorecard(f"chart-project-{index}", f"{project.name} 自评得分情况图",
                                 [(k, v[0], v[1]) for k, v in sections.items()])
    return [table, chart]


def _score_cell(score) -> Cell:
    """Points as scores print everywhere in the package (5, 3.9): a published “20.00” prints as 20."""
    if score.points is None:
        return Cell(score.text or "", align="center")
    return _num(score.points)


def _with_points(label: str | None, points: list[Decimal | None]) -> str:
    if not label:
        return ""
    if points and all(p is not None for p in points):
        return f"{label}（{F.score(sum(points, Decimal(0)))}分）"  # type: ignore[arg-type]
    return label


def _spans(keys: list) -> dict[int, int]:
    """Start index → rowspan for runs of equal consecutive keys."""
    spans: dict[int, int] = {}
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            spans[start] = i - start
            start = i
    return spans


def table_2020(ctx: RenderContext, project: Project, index: int) -> list[Block]:
    rows: list[list[Cell]] = [
        [_h("项目名称", colspan=2), Cell(project.name or "", colspan=8)],
        [_h("主管部门", colspan=2), Cell(project.department or MISSING, colspan=4), _h("实施单位"),
         Cell(project.implementer or MISSING, colspan=3)],
    ]
    funds = _fund_rows(ctx, project)
    rows.append([_h("项目资金（万元）", colspan=2, rowspan=1 + len(funds)), _h(""), _h("年初预算数"), _h("全年预算数"),
                 _h("全年执行数"), _h("分值"), _h("执行率"), _h("得分", colspan=2)])
    rows += funds
    rows.append([_h("年度总体目标", colspan=2, rowspan=2), _h("预期目标", colspan=4), _h("实际完成情况", colspan=4)])
    rows.append([Cell(project.expected_goal or ctx.missing("预期目标"), colspan=4),
                 Cell(project.actual_goal or ctx.missing("实际完成情况"), colspan=4)])
    rows.append([_h(t) for t in ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值",
                                 "得分", "偏差原因分析及改进措施")])
    sections: dict[str, list[Decimal]] = {}
    fund_weight = next((f.weight for f in project.funds if f.source == "年度资金总额" and f.weight is not None), None)
    if fund_weight is not None:
        fund_score = ctx.scores.item(project.name, None, _fund_published(project), item_id="execution_rate")
        sections["预算执行"] = [fund_weight, fund_score.points or Decimal(0)]
    spans = _spans([i.level1 or "" for i in project.indicators])
    for n, ind in enumerate(project.indicators):
        row = [Cell(ind.level1 or "", rowspan=spans[n], align="center")] if n in spans else []
        row += [Cell(ind.level2 or ""), Cell(ind.name or ""), Cell(ind.nature_as_published or ind.nature or "", align="center"),
                Cell(ind.target.text if ind.target else "", align="center"), Cell(ind.unit or "", align="center"),
                Cell(ind.actual.text if ind.actual else ctx.missing(f"{ind.name} 实际完成值")),
                _num(ind.weight)]
        score = ctx.scores.item(project.name, ind.name, ind.score, item_id=f"indicator[{n}]")
        row += [_score_cell(score), Cell(ind.deviation or "")]
        rows.append(row)
        bucket = sections.setdefault(ind.level1 or "其他", [Decimal(0), Decimal(0)])
        bucket[0] += ind.weight or 0
        bucket[1] += score.points or 0
    max_total = sum((v[0] for v in sections.values()), Decimal(0))
    total = ctx.scores.total(project.name, project.published.get("total"))
    grade, _ = ctx.scores.grade(project.name, project.published.get("grade"))
    rows.append([_h("总分", colspan=7), _num(max_total),
                 _num(total.points) if total.points is not None else Cell(ctx.missing("总分"), align="center"),
                 Cell(grade or ctx.missing("评价等级"), align="center")])
    rows.append([_h("其他需要说明事项", colspan=2), Cell(project.other_matters or "无", colspan=8)])
    table = Table(f"project-{index}", f"{ctx.year}年度项目支出绩效自评表", (), tuple(tuple(r) for r in rows), 10,
                  (1.0, 1.1, 2.2, 0.8, 1.0, 0.8, 2.0, 0.9, 0.8, 1.6), "", _FORM_NOTES, sheet=f"项目{index}",
                  caption_above=(f"（{project.name}）",))
    chart = ctx.charts.scorecard(f"chart-project-{index}", f"{project.name} 自评得分情况图",
                                 [(k, v[0], v[1]) for k, v in sections.items()])
    return [table, chart]


_FORM_NOTES = (
    "一级指标包含产出指标、效益指标、满意度指标，二级指标和三级指标根据项目实际情况设置。",
    "当年财政拨款指一般公共预算、国有资本经营预算、政府性基金预算安排的资金。",
    "全年预算数=年初预算数+调整预算（年度新增项目）；执行率=全年执行数÷全年预算数。",
)


def _fund_published(project: Project) -> Value | None:
    for row in project.funds:
        if row.source == "年度资金总额":
            return row.published.get("score")
    return None


def _fund_rows(ctx: RenderContext, project: Project) -> list[list[Cell]]:
    by_source = {row.source: row for row in project.funds}
    out = []
    labels = {"当年财政拨款": "其中：当年财政拨款"}
    for source in FUND_ROWS:
        row = by_source.get(source)
        cells = [Cell(labels.get(source, source))]
        if row is None:
            out.append(cells + [Cell("—", align="center")] * 5 + [Cell("—", colspan=2, align="center")])
            continue
        cells += [_money(ctx, row.initial_budget), _money(ctx, row.annual_budget), _money(ctx, row.executed)]
        total_row = source == "年度资金总额"
        cells.append(_num(row.weight) if total_row else Cell("—", align="center"))
        rate = ctx.figure(f"execution_rate:{project.name}/{source}")
        cells.append(Cell(F.percent(rate.value, 2), align="center", value=rate.value / 100, number_format="0.00%")
                     if rate is not None else Cell("", align="center"))
        if total_row:
            score = ctx.scores.item(project.name, None, row.published.get("score"), item_id="execution_rate")
            cells.append(Cell(F.score(score.points), colspan=2, align="center", value=score.points, number_format=F.SCORE_FORMAT)
                         if score.points is not None else Cell("", colspan=2))
        else:
            cells.append(Cell("—", colspan=2, align="center"))
        out.append(cells)
    return out


def _money(ctx: RenderContext, value: Decimal | None) -> Cell:
    if value is None:
        return Cell("", align="right")
    return Cell(F.fmt(value, 2), align="right", value=value, number_format=F.MONEY_FORMAT)


BUILDERS = {"project_forms": project_forms}
