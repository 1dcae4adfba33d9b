"""Files for the bureau: 复核报告 (docx/pdf), the summary with charts, findings register and rankings (.xlsx)."""
from __future__ import annotations

import io
import os
import re
from decimal import Decimal
from typing import Any

from jixiao.io_util import atomic_write_bytes
from jixiao.review.report import GRADES, ProjectOutcome, ranking
from jixiao.scoring.result import num


def safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "单位"


def write_document(doc, out_dir: str, stem: str, formats: tuple[str, ...]) -> list[str]:
    from jixiao.render.writers.docx_writer import write_docx
    from jixiao.render.writers.pdf_writer import write_pdf

    writers = {"docx": write_docx, "pdf": write_pdf}
    paths = []
    for fmt in formats:
        path = os.path.join(out_dir, f"{stem}.{fmt}")
        atomic_write_bytes(path, writers[fmt](doc))
        paths.append(path)
    return paths


def charts(rows: list[ProjectOutcome]) -> list:
    """Score distribution; share at 优 and at exactly 100; self vs review gap; red/yellow by department."""
    from jixiao.render.charts import figure_chart, pyplot

    plt = pyplot()
    out = []
    bands = [(0, 60), (60, 70), (70, 80), (80, 90), (90, 100), (100, 101)]
    labels = ["<60", "60–70", "70–80", "80–90", "90–<100", "100"]

    def count(values: list[Decimal]) -> list[int]:
        return [sum(1 for v in values if lo <= v < hi) for lo, hi in bands]

    selfs = [r.self_total for r in rows if r.self_total is not None]
    reviews = [r.review_total for r in rows if r.review_total is not None]
    fig, ax = plt.subplots(figsize=(6, 3))
    xs = range(len(labels))
    a, b = count(selfs), count(reviews)
    ax.bar([x - 0.2 for x in xs], a, width=0.4, label="自评", color="#08306b")
    ax.bar([x + 0.2 for x in xs], b, width=0.4, label="复核", color="#9ec3e0", hatch="//")
    ax.set_xticks(list(xs), labels)
    ax.set_ylabel("项目数")
    ax.legend()
    out.append(figure_chart(fig, "chart-dist", "自评与复核得分分布",
                            "；".join(f"{lab}：自评{x}个、复核{y}个" for lab, x, y in zip(labels, a, b))))
    n = len(rows) or 1
    shares = [("自评为优", sum(1 for r in rows if r.self_grade == "优")), ("复核为优", sum(1 for r in rows if r.review_grade == "优")),
              ("自评100分", sum(1 for r in rows if r.self_total == 100)), ("复核100分", sum(1 for r in rows if r.review_total == 100))]
    fig, ax = plt.subplots(figsize=(6, 2.6))
    ax.barh([s[0] for s in shares], [s[1] * 100 / n for s in shares], color="#4a7fb5")
    ax.set_xlabel("占项目数的百分比")
    out.append(figure_chart(fig, "chart-share", "优等级与满分项目占比",
                            "；".join(f"{k}{v}个，占{num(Decimal(v) * 100 / n)}%" for k, v in shares)))
    gaps = [(r.project[:10], r.gap) for r in rows if r.gap is not None]
    fig, ax = plt.subplots(figsize=(6, max(2.4, 0.3 * len(gaps))))
    ax.barh([g[0] for g in gaps], [float(g[1]) for g in gaps], color="#2b2b2b")
    ax.set_xlabel("复核得分 − 自评得分（分）")
    out.append(figure_chart(fig, "chart-gap", "自评与复核得分差值",
                            "；".join(f"{name}：{num(gap)}分" for name, gap in gaps)))
    table = ranking(rows, "department")
    fig, ax = plt.subplots(figsize=(6, max(2.4, 0.3 * len(table))))
    names = [t["name"][:12] for t in table]
    p0 = [t["issues"]["P0"] + t["issues"]["P1"] for t in table]
    p2 = [t["issues"]["P2"] for t in table]
    ax.barh(names, p0, color="#08306b", label="P0/P1")
    ax.barh(names, p2, left=p0, color="#c8c8c8", label="P2", hatch="..")
    ax.legend()
    ax.set_xlabel("项目数")
    out.append(figure_chart(fig, "chart-dept", "各部门问题项目数",
                            "；".join(f"{t['name']}：P0/P1 {x}个，P2 {y}个" for t, x, y in zip(table, p0, p2))))
    return out


def write_ranking(rows: list[ProjectOutcome], path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = True
    for key, title in (("department", "部门"), ("region", "地区")):
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = f"{title}排名"
        sheet.append(["名次", title, "项目数", "平均自评得分", "平均复核得分", "差值", "自评满分项目数", *GRADES])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for t in ranking(rows, key):
            sheet.append([t["rank"], t["name"], t["projects"], _xl(t["self"]), _xl(t["review"]), _xl(t["gap"]), t["full"],
                          *(t["issues"][g] for g in GRADES)])
    sheet = book.create_sheet("项目明细")
    sheet.append(["单位", "部门", "地区", "项目", "自评得分", "复核得分", "差值", "自评等级", "复核等级", "问题等级"])
    for r in rows:
        sheet.append([r.unit, r.department, r.region, r.project, _xl(r.self_total), _xl(r.review_total), _xl(r.gap),
                      r.self_grade, r.review_grade, r.issue])
    _save(book, path)


def write_register(results: list[Any], path: str) -> int:
    """Findings register for inspectors: one row per audit finding, with a verdict column (误报 / 已核实)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "发现登记"
    head = ["序号", "单位", "文件", "位置", "规则", "严重性", "说明", "原文", "所写数值", "应为", "复核人员判定", "判定说明"]
    sheet.append(head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    n = 0
    for result in results:
        unit = _unit_of(result)
        for f in result.findings:
            n += 1
            sheet.append([n, unit, f.source.doc, f.source.locator, f.rule_id, f.severity.zh, f.message, f.quote or "",
                          f.claimed or "", f.expected or "", "", ""])
    check = DataValidation(type="list", formula1='"误报,已核实"', allow_blank=True)
    sheet.add_data_validation(check)
    check.add(f"K2:K{max(2, n + 1)}")
    for col, width in (("B", 20), ("C", 30), ("G", 60), ("H", 40)):
        sheet.column_dimensions[col].width = width
    _save(book, path)
    return n


def _unit_of(result) -> str:
    from jixiao.review.inputs import published_unit_name

    return published_unit_name(result.path)


def _xl(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(num(value, 4) or 0)


def _save(book, path: str) -> None:
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
