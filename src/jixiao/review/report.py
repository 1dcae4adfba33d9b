"""复核报告 per unit, the issue list (P0/P1/P2/通过), the bureau summary with a draft 通报, rankings.

Builds the render package's neutral :class:`Document` from finished review results
and hands it to the render writers (docx, pdf via Typst): no rule logic here.
A reviewer's workpaper, when given, supplies the review scores; the report's
figures can then be checked back against it (:func:`check_report`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.findings import Finding, error
from jixiao.model.source import Source
from jixiao.render.blocks import Cell, Document, Heading, Para, Table
from jixiao.review.packs import dec
from jixiao.review.rescore import Review
from jixiao.scoring.result import num

GRADES = ("P0", "P1", "P2", "通过")
GRADE_ZH = {"P0": "P0（必须整改）", "P1": "P1（应当整改）", "P2": "P2（提示改进）", "通过": "通过"}
RESULT_HEAD = ("项目名称", "自评得分", "复核得分", "差值", "自评等级", "复核等级", "问题等级")


@dataclass(frozen=True)
class ProjectOutcome:
    """One project's finished review: the figures every report, table and chart shows."""

    unit: str
    department: str
    region: str
    project: str
    self_total: Decimal | None
    review_total: Decimal | None
    self_grade: str | None
    review_grade: str | None
    issue: str                       # P0 | P1 | P2 | 通过
    problems: tuple[str, ...]        # one line per rule applied (with its citation)
    indicators: int
    zeroed: int                      # indicators the review set to 0
    rules: tuple[str, ...] = ()      # titles of the 口径 rules that cut points

    @property
    def gap(self) -> Decimal | None:
        if self.self_total is None or self.review_total is None:
            return None
        return self.review_total - self.self_total


def outcomes(review: Review, filing, overrides: dict[str, Decimal | None] | None = None) -> list[ProjectOutcome]:
    """Each project's outcome; ``overrides`` (project name → review total) come from a reviewer's workpaper."""
    from jixiao.scoring import load_rubric

    thresholds = review.pack.setting("issue_grades") or {"P0": "10", "P1": "5"}
    p0, p1 = dec(thresholds.get("P0", "10")), dec(thresholds.get("P1", "5"))
    out = []
    for project in review.projects:
        total = overrides.get(project.name, project.review_total) if overrides else project.review_total
        rubric = load_rubric(project.card.rubric)
        grade = rubric.grade_of(total) if total is not None else None
        problems = tuple(a.effect for i in project.items for a in i.applied if a.cut) + tuple(c.effect for c in project.caps if c.cut)
        gap = None if total is None or project.self_total is None else total - project.self_total
        if gap is None:
            issue = "P0"
        elif -gap >= p0:
            issue = "P0"
        elif -gap >= p1:
            issue = "P1"
        elif gap < 0 or problems:
            issue = "P2"
        else:
            issue = "通过"
        out.append(ProjectOutcome(review.unit, filing.unit.department or review.unit, filing.unit.region or "未填地区",
                                  project.name, project.self_total, total, project.card.published_grade,
                                  grade.label if grade else None, issue, problems,
                                  sum(1 for i in project.items if i.indicator is not None),
                                  sum(1 for i in project.items if i.indicator is not None and i.review == 0 and (i.self_score or 0) > 0),
                                  tuple(dict.fromkeys([a.title for i in project.items for a in i.applied if a.cut]
                                                      + [c.title for c in project.caps if c.cut]))))
    return out


def _c(text: Any, **kw: Any) -> Cell:
    return Cell("—" if text is None or text == "" else str(text), **kw)


def _num_cell(value: Decimal | None) -> Cell:
    return Cell(num(value) or "—", align="right", value=value)


def unit_report(review: Review, results: list[ProjectOutcome]) -> Document:
    doc = Document(f"{review.unit}项目支出绩效自评复核报告", f"复核口径：{review.pack.title}")
    indicators = sum(r.indicators for r in results)
    doc.blocks.append(Heading(1, "一、复核范围", "scope"))
    doc.blocks.append(Para(f"本次对{review.unit}报送的{len(results)}个项目的绩效自评逐项复核，"
                           f"涉及三级指标{indicators}项，全部项目和指标均在复核范围内。"
                           f"复核依据为《{review.pack.title}》（版本{review.pack.version}）。"))
    doc.blocks.append(Heading(1, "二、复核结果", "result"))
    body = tuple((_c(r.project), _num_cell(r.self_total), _num_cell(r.review_total), _num_cell(r.gap),
                  _c(r.self_grade), _c(r.review_grade), _c(r.issue, align="center")) for r in results)
    doc.blocks.append(Table("result", "表1 项目复核得分", (tuple(_c(h, header=True) for h in RESULT_HEAD),), body,
                            len(RESULT_HEAD), widths=(4, 1.2, 1.2, 1, 1, 1, 1.2)))
    lowered = [r for r in results if r.gap is not None and r.gap < 0]
    doc.blocks.append(Para(f"复核得分低于自评得分的项目{len(lowered)}个，"
                           f"复核中计0分的指标{sum(r.zeroed for r in results)}项。"))
    doc.blocks.append(Heading(1, "三、发现的主要问题", "problems"))
    any_problem = False
    for r in results:
        if not r.problems:
            continue
        any_problem = True
        doc.blocks.append(Heading(2, f"“{r.project}”", f"p{len(doc.blocks)}"))
        for line in r.problems:
            doc.blocks.append(Para(line))
    if not any_problem:
        doc.blocks.append(Para("未发现需要扣分的问题。"))
    doc.blocks.append(Heading(1, "四、问题清单", "issues"))
    head = ("等级", "对象", "复核发现", "处理建议")
    rows = tuple((_c(r.issue, align="center"), _c(r.project), _c(_finding_text(r)), _c(_advice(r.issue)))
                 for r in results)
    doc.blocks.append(Table("issues", "表2 复核问题清单", (tuple(_c(h, header=True) for h in head),), rows, 4,
                            widths=(1, 3, 5, 3)))
    return doc


def _finding_text(r: ProjectOutcome) -> str:
    if not r.problems:
        return "自评得分与复核得分一致"
    return f"{len(r.problems)}处扣分，计0分指标{r.zeroed}项"


def _advice(issue: str) -> str:
    return {"P0": "限期整改，重新报送自评结果", "P1": "整改并说明原因", "P2": "下年度改进指标设置和佐证",
            "通过": "无"}[issue]


# ------------------------------------------------------------------ bureau summary

def ranking(rows: list[ProjectOutcome], key: str) -> list[dict[str, Any]]:
    """Departments (key="department") or sub-regions (key="region"), ranked by mean review score."""
    groups: dict[str, list[ProjectOutcome]] = {}
    for r in rows:
        groups.setdefault(getattr(r, key), []).append(r)
    table = []
    for name, members in groups.items():
        scored = [m for m in members if m.review_total is not None and m.self_total is not None]
        n = len(scored)
        mean_self = sum((m.self_total for m in scored), Decimal(0)) / n if n else None  # type: ignore[misc]
        mean_review = sum((m.review_total for m in scored), Decimal(0)) / n if n else None  # type: ignore[misc]
        table.append({"name": name, "projects": len(members), "self": mean_self, "review": mean_review,
                      "gap": None if mean_review is None or mean_self is None else mean_review - mean_self,
                      "full": sum(1 for m in members if m.self_total == 100),
                      "issues": {g: sum(1 for m in members if m.issue == g) for g in GRADES}})
    table.sort(key=lambda t: (-(t["review"] if t["review"] is not None else Decimal(-1)), t["name"]))
    for rank, row in enumerate(table, 1):
        row["rank"] = rank
    return table


def summary_document(rows: list[ProjectOutcome], charts: list | None = None) -> Document:
    doc = Document("绩效自评抽查复核情况汇总", f"共复核{len({r.unit for r in rows})}个单位、{len(rows)}个项目")
    doc.blocks.append(Heading(1, "一、总体情况", "overall"))
    counts = {g: sum(1 for r in rows if r.issue == g) for g in GRADES}
    doc.blocks.append(Para("按问题等级：" + "，".join(f"{GRADE_ZH[g]}{counts[g]}个项目" for g in GRADES) + "。"))
    doc.blocks.append(Heading(1, "二、问题清单", "issues"))
    head = ("等级", "单位", "项目", "自评得分", "复核得分", "复核发现")
    order = sorted(rows, key=lambda r: (GRADES.index(r.issue), r.unit, r.project))
    body = tuple((_c(r.issue, align="center"), _c(r.unit), _c(r.project), _num_cell(r.self_total),
                  _num_cell(r.review_total), _c(_finding_text(r))) for r in order)
    doc.blocks.append(Table("issue-list", "表1 复核问题清单", (tuple(_c(h, header=True) for h in head),), body, 6,
                            widths=(1, 3, 3, 1.2, 1.2, 3)))
    for n, (key, title) in enumerate((("department", "部门"), ("region", "地区")), 2):
        doc.blocks.append(Heading(1, f"{'三四'[n - 2]}、{title}复核得分排名", f"rank-{key}"))
        head = ("名次", title, "项目数", "平均自评得分", "平均复核得分", "差值", "自评满分项目数")
        body = tuple((_c(t["rank"], align="center"), _c(t["name"]), _c(t["projects"], align="right"),
                      _num_cell(t["self"]), _num_cell(t["review"]), _num_cell(t["gap"]), _c(t["full"], align="right"))
                     for t in ranking(rows, key))
        doc.blocks.append(Table(f"rank-{key}", f"表{n} {title}复核得分排名", (tuple(_c(h, header=True) for h in head),),
                                body, 7))
    doc.blocks.append(Heading(1, "五、通报（草稿）", "notice"))
    doc.blocks += notice_paragraphs(rows)
    for chart in charts or []:
        doc.blocks.append(chart)
    return doc


def notice_paragraphs(rows: list[ProjectOutcome]) -> list[Para]:
    """A draft 通报: units by their worst grade, with their main problems (for the bureau to edit)."""
    worst: dict[str, str] = {}
    for r in rows:
        worst[r.unit] = min(worst.get(r.unit, "通过"), r.issue, key=GRADES.index)
    out = [Para("各预算单位：根据项目支出绩效自评抽查复核结果，现将有关情况通报如下。")]
    for grade in GRADES:
        units = sorted(u for u, g in worst.items() if g == grade)
        if not units:
            continue
        out.append(Para(f"{GRADE_ZH[grade]}：" + "、".join(units) + "。"))
        if grade == "通过":
            continue
        for unit in units:
            mine = [r for r in rows if r.unit == unit and r.problems]
            rules = list(dict.fromkeys(t for r in mine for t in r.rules))
            if rules:
                out.append(Para(f"{unit}的主要问题涉及：" + "、".join(rules) + "。", style="note"))
    out.append(Para("请被通报单位按问题清单整改，并在规定期限内报送整改情况。"))
    return out


def check_report(report_path: str, paper) -> list[Finding]:
    """A 复核报告 (docx) against the re-imported workpaper: every project's 复核得分 must agree."""
    from docx import Document as Word

    word = Word(report_path)
    findings: list[Finding] = []
    wanted = {p.name: p for p in paper.projects}
    seen = set()
    for t_index, table in enumerate(word.tables, 1):
        header = [c.text.strip() for c in table.rows[0].cells]
        if tuple(header[:len(RESULT_HEAD)]) != RESULT_HEAD:
            continue
        for r_index, row in enumerate(table.rows[1:], 2):
            cells = [c.text.strip() for c in row.cells]
            name, stated = cells[0], cells[2]
            project = wanted.get(name)
            where = Source(report_path, f"表{t_index}第{r_index}行")
            if project is None:
                findings.append(error("REV-WP-REPORT-MISMATCH", f"复核报告列出的项目“{name}”不在复核底稿中", where))
                continue
            seen.add(name)
            total = project.review_total
            if total is None or stated == "—" or Decimal(stated) != total:
                cell = project.rows[-1].cell("复核得分") if project.rows else project.sheet
                findings.append(error("REV-WP-REPORT-MISMATCH",
                                      f"复核报告中“{name}”复核得分为{stated}分，复核底稿合计为{num(total) or '（有空白）'}分",
                                      where, related=(Source(paper.path, cell),), claimed=stated, expected=num(total)))
    for name in wanted:
        if name not in seen:
            findings.append(error("REV-WP-REPORT-MISMATCH", f"复核底稿中的项目“{name}”没有出现在复核报告中",
                                  Source(paper.path, wanted[name].sheet)))
    return findings


def workpaper_totals(paper) -> dict[str, Decimal | None]:
    return {p.name: p.review_total for p in paper.projects}



