"""复核底稿 (workpaper) .xlsx both ways.

Export: one sheet per project in the real column layout — 一级/二级/三级指标, 指标性质,
指标值, 度量单位, 分值, **自评完成值, 自评得分, 复核完成值, 复核得分, 偏离度, 备注** — plus a
汇总 sheet.  The unit's figures are locked (sheet protection without a password:
it guards against slips, not against intent); the reviewer's columns (复核完成值,
复核得分, 备注) are open and prefilled with the automatic re-score, 备注 citing each
口径 rule applied.

Import: read the reviewer's sheets back and check the reviewer's own work
(DOMAIN.md §11.2 rules 1, 11, 14; §12.5):

    REV-WP-BLANK-SCORE        复核得分 left blank
    REV-WP-NOT-NUMBER         复核得分 not a number
    REV-WP-OVER-MAX           复核得分 above the 分值
    REV-WP-CUT-MISMATCH       备注 states a cut (扣30% / 扣2分) that differs from 自评得分 − 复核得分
    REV-WP-NO-EVIDENCE-SCORED 备注 says 无佐证 yet 复核得分 > 0

Each finding cites sheet and cell (``项目1!K5``).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.findings import Finding, UnusableInput, error
from jixiao.model.source import Source
from jixiao.relations import within_maximum
from jixiao.review.rescore import Review
from jixiao.scoring.result import num

COLUMNS = ("编号", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "分值",
           "自评完成值", "自评得分", "复核完成值", "复核得分", "偏离度", "备注")
OPEN = ("复核完成值", "复核得分", "备注")
HEAD_ROW = 4                      # 1-based row of the column headers; items start below
SUMMARY = "汇总"
COL = {name: index + 1 for index, name in enumerate(COLUMNS)}


def _letter(name: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(COL[name])


def sheet_names(names: list[str]) -> list[str]:
    """Excel-safe, unique sheet names (≤ 31 characters, no []:*?/\\)."""
    used: set[str] = {SUMMARY}
    out = []
    for k, name in enumerate(names, 1):
        base = re.sub(r"[\[\]:*?/\\]", "", name)[:28] or f"项目{k}"
        candidate, n = base, 2
        while candidate in used:
            candidate = f"{base[:26]}_{n}"
            n += 1
        used.add(candidate)
        out.append(candidate)
    return out


def export_workpaper(review: Review, filing, path: str) -> list[str]:
    """Write the 底稿 to ``path``; returns the project sheet names."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    from jixiao.io_util import atomic_write_bytes

    book = Workbook()
    summary = book.active
    summary.title = SUMMARY
    names = sheet_names([p.name for p in review.projects])
    open_fill = PatternFill("solid", fgColor="FFF2CC")
    basis = review.deviation_basis
    for project, name in zip(review.projects, names):
        sheet = book.create_sheet(name)
        sheet["A1"] = f"{review.unit} 项目支出绩效自评复核底稿：{project.name}"
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A2"] = f"复核口径：{review.pack.title}（{review.pack.id} 版本 {review.pack.version}）；偏离度：{_basis_zh(basis)}"
        sheet["A3"] = "黄色底纹为复核人员填写的列；其余为单位自评数据，已锁定。"
        for c, head in enumerate(COLUMNS, 1):
            cell = sheet.cell(HEAD_ROW, c, head)
            cell.font = Font(bold=True)
        row = HEAD_ROW
        for item in project.items:
            row += 1
            ind = filing.projects[project.index].indicators[item.indicator] if item.indicator is not None else None
            values = {
                "编号": item.item.id, "一级指标": (ind.level1 if ind else "/".join(item.item.section)) or "",
                "二级指标": (ind.level2 if ind else "") or "", "三级指标": item.item.name,
                "指标性质": (ind.nature_as_published or ind.nature or "") if ind else "",
                "指标值": (ind.target.text if ind and ind.target else ""), "度量单位": (ind.unit if ind else "") or "",
                "分值": _cell_number(item.item.max), "自评完成值": item.self_actual or "",
                "自评得分": _cell_number(item.self_score), "复核完成值": item.review_actual or "",
                "复核得分": _cell_number(item.review), "偏离度": _cell_number(item.deviation(basis)),
                "备注": note_for(item),
            }
            for head, value in values.items():
                cell = sheet.cell(row, COL[head], value)
                cell.alignment = Alignment(wrap_text=head in ("三级指标", "备注", "自评完成值", "复核完成值"), vertical="top")
                if head in OPEN:
                    cell.protection = Protection(locked=False)
                    cell.fill = open_fill
        sheet.cell(row + 1, COL["三级指标"], "合计")
        sheet.cell(row + 1, COL["自评得分"], _cell_number(project.self_total))
        sheet.cell(row + 1, COL["复核得分"], _cell_number(project.review_total))
        for cap in project.caps:
            row += 1
            sheet.cell(row + 1, COL["三级指标"], "总分封顶")
            sheet.cell(row + 1, COL["备注"], cap.effect)
        for head, width in (("三级指标", 36), ("备注", 48), ("自评完成值", 24), ("复核完成值", 16), ("一级指标", 12), ("二级指标", 14)):
            sheet.column_dimensions[_letter(head)].width = width
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
    summary.append([f"{review.unit} 绩效自评复核底稿汇总"])
    summary.append(["复核口径", review.pack.id, review.pack.version])
    summary.append(["项目名称", "工作表", "自评总分", "复核总分（自动复核）", "差值"])
    for project, name in zip(review.projects, names):
        total = project.review_total
        gap = None if total is None or project.self_total is None else total - project.self_total
        summary.append([project.name, name, _cell_number(project.self_total), _cell_number(total), _cell_number(gap)])
    summary.protection.sheet = True
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return names


def note_for(item) -> str:
    """The 备注 the export writes: each rule's citation and its cut, ``复核口径第3条：扣9分``."""
    return "；".join(f"{a.cite}：" + (f"扣{num(a.cut)}分" if a.cut else "不扣分") for a in item.applied)


def _basis_zh(basis: str) -> str:
    return "复核完成值 ÷ 指标值" if basis == "completion_ratio" else "复核得分 − 自评得分"


def _cell_number(value: Decimal | None) -> Any:
    """A Decimal for the sheet: int when whole, else its exact text as a number (openpyxl writes floats)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(num(value, 4) or 0)      # display only; the import reads cells back through Decimal(str())


# ------------------------------------------------------------------ import

@dataclass
class WorkpaperRow:
    sheet: str
    row: int
    id: str
    name: str
    weight: Decimal | None
    self_score: Decimal | None
    review: Decimal | None
    note: str

    def cell(self, column: str) -> str:
        return f"{self.sheet}!{_letter(column)}{self.row}"


@dataclass
class WorkpaperProject:
    sheet: str
    name: str
    rows: list[WorkpaperRow] = field(default_factory=list)

    @property
    def self_total(self) -> Decimal | None:
        values = [r.self_score for r in self.rows]
        return None if any(v is None for v in values) else sum(values, Decimal(0))  # type: ignore[arg-type]

    @property
    def review_total(self) -> Decimal | None:
        values = [r.review for r in self.rows]
        return None if any(v is None for v in values) else sum(values, Decimal(0))  # type: ignore[arg-type]


@dataclass
class Workpaper:
    path: str
    unit: str
    pack: str
    projects: list[WorkpaperProject]

    def marks(self) -> dict[tuple[int, int], str]:
        """Reviewer notes by (project, indicator), to feed the 口径 rules that read them."""
        out = {}
        for p, project in enumerate(self.projects):
            for row in project.rows:
                if row.id.startswith("indicator[") and row.note:
                    out[(p, int(row.id[len("indicator["):-1]))] = row.note
        return out


_CUT = re.compile(r"扣(?:减|除)?\s*(\d+(?:\.\d+)?)\s*(%|分)")


def read_workpaper(path: str) -> tuple[Workpaper, list[Finding]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:      # openpyxl raises many kinds for a file that is not a workbook
        raise UnusableInput([error("INPUT-UNREADABLE", f"无法读取复核底稿：{type(exc).__name__}", Source(path, "L1"))]) from exc
    if SUMMARY not in book.sheetnames:
        raise UnusableInput([error("REV-WP-FORMAT", "不是 jixiao 导出的复核底稿（没有“汇总”工作表）", Source(path, "L1"))])
    summary = book[SUMMARY]
    unit = str(summary["A1"].value or "").replace(" 绩效自评复核底稿汇总", "")
    pack = str(summary["B2"].value or "")
    findings: list[Finding] = []
    projects = []
    for name in book.sheetnames[1:]:
        sheet = book[name]
        heads = [sheet.cell(HEAD_ROW, c).value for c in range(1, len(COLUMNS) + 1)]
        if tuple(heads) != COLUMNS:
            findings.append(error("REV-WP-FORMAT", "表头与复核底稿格式不符，是否改动了列？", Source(path, f"{name}!A{HEAD_ROW}")))
            continue
        title = str(sheet["A1"].value or "")
        project = WorkpaperProject(name, title.split("复核底稿：", 1)[-1])
        row = HEAD_ROW + 1
        while sheet.cell(row, COL["编号"]).value:
            get = lambda head: sheet.cell(row, COL[head]).value  # noqa: E731
            entry = WorkpaperRow(name, row, str(get("编号")), str(get("三级指标") or ""), _dec(get("分值")),
                                 _dec(get("自评得分")), None, str(get("备注") or "").strip())
            raw = get("复核得分")
            if raw is None or str(raw).strip() == "":
                findings.append(error("REV-WP-BLANK-SCORE", f"“{entry.name}”的复核得分为空", Source(path, entry.cell("复核得分"))))
            else:
                entry.review = _dec(raw)
                if entry.review is None:
                    findings.append(error("REV-WP-NOT-NUMBER", f"“{entry.name}”的复核得分“{raw}”不是数字", Source(path, entry.cell("复核得分"))))
            findings += _row_checks(path, entry)
            project.rows.append(entry)
            row += 1
        projects.append(project)
    return Workpaper(path, unit, pack, projects), findings


def _row_checks(path: str, entry: WorkpaperRow) -> list[Finding]:
    out: list[Finding] = []
    where = Source(path, entry.cell("复核得分"))
    if entry.review is None:
        return out
    if entry.weight is not None and not within_maximum(entry.review, entry.weight).ok:
        out.append(error("REV-WP-OVER-MAX", f"“{entry.name}”复核得分{num(entry.review)}分超过分值{num(entry.weight)}分", where))
    if "无佐证" in entry.note and entry.review > 0:
        out.append(error("REV-WP-NO-EVIDENCE-SCORED",
                         f"“{entry.name}”备注写明“无佐证”，按复核口径第1条应计0分，复核得分却为{num(entry.review)}分",
                         Source(path, entry.cell("备注")), related=(where,)))
    stated_cuts = list(_CUT.finditer(entry.note))
    if entry.self_score is not None and stated_cuts and not (entry.weight is None and any(m.group(2) == "%" for m in stated_cuts)):
        actual = entry.self_score - entry.review
        stated = sum((Decimal(m.group(1)) if m.group(2) == "分" else Decimal(m.group(1)) / 100 * (entry.weight or 0)
                      for m in stated_cuts), Decimal(0))
        if abs(stated - actual) > Decimal("0.005"):
            said = "、".join(m.group(0) for m in stated_cuts)
            out.append(error("REV-WP-CUT-MISMATCH",
                             f"“{entry.name}”备注写“{said}”（合计{num(stated)}分），实际扣减{num(actual)}分"
                             f"（自评{num(entry.self_score)}分→复核{num(entry.review)}分）；按复核口径第14条，写明的扣分应等于实际扣分",
                             Source(path, entry.cell("备注")), related=(where,), claimed=num(stated), expected=num(actual)))
    return out


def _dec(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None
