"""Live-formula export: each scorecard as a worksheet whose points are Excel formulas.

Every formula is written from the same compiled rule that scored the item
(:meth:`Compiled.excel`), and its computed value is stored with it, so a reader
that does not recalculate still sees the numbers.  Inputs derived from a metric
are formulas over their operands (``=65.16/65.54*100``): change a figure and the
rate, the points, the total and the grade move.

Written with XlsxWriter, which stores cached formula results (openpyxl cannot).
"""
from __future__ import annotations

import re
from decimal import Decimal

import xlsxwriter

from jixiao.scoring.compile import compile_rule
from jixiao.scoring.library import load_rubric
from jixiao.scoring.result import STATUS_ZH, ItemResult, Scorecard, ScoringResult
from jixiao.scoring.rubric import Rubric
from jixiao.scoring.shape_defs import default_shapes

HEAD_ROW = 3                      # 0-based row of the column headers
FIXED = ("部分", "指标", "分值")
TAIL = ("得分（公式）", "计入合计", "公开得分", "状态", "说明")


def write_scorecards(result: ScoringResult, path: str) -> None:
    book = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    styles = _styles(book)
    used: set[str] = set()
    cards = list(result.projects) + ([result.department] if result.department is not None else [])
    for card in cards:
        _sheet(book, styles, card, _sheet_name(card, used))
    book.close()


def _styles(book) -> dict:
    return {"title": book.add_format({"bold": True, "font_size": 13}),
            "head": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
            "cell": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
            "num": book.add_format({"border": 1, "num_format": "0.00", "valign": "top"}),
            "formula": book.add_format({"border": 1, "num_format": "0.00", "bg_color": "#FFF2CC", "valign": "top"}),
            "input": book.add_format({"border": 1, "num_format": "0.00##", "bg_color": "#E2EFDA", "valign": "top"})}


def _sheet_name(card: Scorecard, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", card.name)[:28] or "评分表"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}{n}", n + 1
    used.add(name)
    return name


def _sheet(book, styles: dict, card: Scorecard, name: str) -> None:
    sheet = book.add_worksheet(name)
    rubric = load_rubric(card.rubric_key or card.rubric)
    width = max((len(i.inputs) for i in card.items), default=0)
    headers = list(FIXED) + [h for k in range(width) for h in (f"输入{k + 1}", f"值{k + 1}")] + list(TAIL)
    col = {h: i for i, h in enumerate(headers)}
    sheet.write(0, 0, f"{'项目' if card.level == 'project' else '部门整体'}：{card.name}", styles["title"])
    sheet.write(1, 0, f"评分规则：{card.rubric_name}（{card.rubric}）。黄色单元格是公式，绿色单元格是可修改的输入。")
    for c, header in enumerate(headers):
        sheet.write(HEAD_ROW, c, header, styles["head"])
    first = HEAD_ROW + 1
    for offset, item in enumerate(card.items):
        _row(sheet, styles, rubric, item, first + offset, col, width)
    last = first + len(card.items) - 1
    _totals(sheet, styles, rubric, card, last + 2, col, [first + k for k, i in enumerate(card.items) if i.in_total])
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 26)
    sheet.set_column(col["说明"], col["说明"], 80)
    sheet.freeze_panes(first, 2)


def _row(sheet, styles: dict, rubric: Rubric, item: ItemResult, row: int, col: dict, width: int) -> None:
    sheet.write(row, 0, "/".join(item.section), styles["cell"])
    sheet.write(row, 1, item.name, styles["cell"])
    _number(sheet, row, 2, item.max, styles["num"])
    refs = {}
    for k, (name, value) in enumerate(item.inputs.items()):
        label_col, value_col = col[f"输入{k + 1}"], col[f"值{k + 1}"]
        sheet.write(row, label_col, item.input_labels.get(name, name), styles["cell"])
        refs[name] = _cell(row, value_col)
        formula = item.input_formulas.get(name)
        if formula and value is not None:
            sheet.write_formula(row, value_col, "=" + formula, styles["input"], float(value))
        else:
            _input(sheet, row, value_col, value, styles["input"])
    for k in range(len(item.inputs), width):
        sheet.write_blank(row, col[f"输入{k + 1}"], None, styles["cell"])
        sheet.write_blank(row, col[f"值{k + 1}"], None, styles["cell"])
    points_col, counted_col, published_col = col["得分（公式）"], col["计入合计"], col["公开得分"]
    _points(sheet, styles, rubric, item, row, points_col, refs)
    _number(sheet, row, published_col, item.published, styles["num"])
    if item.published is None and item.published_text:
        sheet.write(row, published_col, item.published_text, styles["cell"])
    p, m, pub = _cell(row, points_col), _cell(row, 2), _cell(row, published_col)
    counted = f'IF(ISNUMBER({p}),{p},IF(ISNUMBER({pub}),MIN({m},MAX(0,{pub})),""))'
    cached = item.counted
    sheet.write_formula(row, counted_col, "=" + counted, styles["formula"], _cache(cached))
    status = STATUS_ZH.get(item.status, item.status)
    sheet.write(row, col["状态"], status if item.in_total else f"{status}（不计入总分）", styles["cell"])
    sheet.write(row, col["说明"], item.explanation, styles["cell"])


def _points(sheet, styles: dict, rubric: Rubric, item: ItemResult, row: int, column: int, refs: dict) -> None:
    shape = default_shapes().get(item.shape)
    if shape is None or shape.plan is None or item.max is None or item.status in ("rule_unknown", "not_applicable"):
        sheet.write(row, column, STATUS_ZH.get(item.status, item.status), styles["cell"])
        return
    compiled = compile_rule(_rule_of(rubric, item), item.max, rubric.policy, default_shapes())
    ref = lambda name: refs.get(name, "0")  # noqa: E731
    if shape.bounded:
        body = f'{compiled.excel(ref, "low")}&"~"&{compiled.excel(ref, "high")}'
        cached = f"{_plain(item.low)}~{_plain(item.high)}" if item.low is not None else STATUS_ZH[item.status]
    else:
        body = compiled.excel(ref)
        cached = item.points
    cells = ",".join(refs.values())
    guard = f'IF(COUNT({cells})<{len(refs)},"证据不足",{body})' if refs else body
    if item.status == "insufficient_evidence":
        cached = "证据不足"
    sheet.write_formula(row, column, "=" + guard, styles["formula"], _cache(cached))


def _rule_of(rubric: Rubric, item: ItemResult):
    for _, criterion in rubric.criteria():
        if criterion.id == item.id:
            return criterion.rule
    rules = rubric.indicator_rules
    assert rules is not None, item.id
    return rules.qualitative if item.shape == rules.qualitative.shape else rules.quantitative


def _totals(sheet, styles: dict, rubric: Rubric, card: Scorecard, row: int, col: dict, rows: list[int]) -> None:
    """合计 of the rows 总分 includes (``rows``: all of them unless the rubric's total_includes leaves a
    section out, whose rows are scored above but not summed)."""
    counted = _areas(rows, col["计入合计"])
    total = _cell(row, col["计入合计"])
    sheet.write(row, 1, "合计（计算）", styles["head"])
    _number(sheet, row, 2, card.max_total, styles["num"])
    outside = [s.name for s in rubric.outside_total]
    if outside:
        sheet.write(row, col["说明"], f"合计不含{'、'.join(outside)}（评分规则：总分只计{'、'.join(s.name for s in rubric.total_sections)}）",
                    styles["cell"])
    formula = f'IF(COUNT({counted})<{len(rows)},"无法计算",SUM({counted}))' if rows else '"无法计算"'
    sheet.write_formula(row, col["计入合计"], "=" + formula, styles["formula"], _cache(card.total))
    sheet.write(row + 1, 1, "等级（计算）", styles["head"])
    sheet.write_formula(row + 1, col["计入合计"], "=" + _grade_formula(rubric, total), styles["formula"],
                        card.grade if card.grade is not None else "无法计算")
    sheet.write(row + 2, 1, "合计（公开）", styles["head"])
    _number(sheet, row + 2, col["计入合计"], card.published_total, styles["num"])
    sheet.write(row + 3, 1, "等级（公开）", styles["head"])
    sheet.write(row + 3, col["计入合计"], card.published_grade or "", styles["cell"])


def _areas(rows: list[int], column: int) -> str:
    """The cells of ``rows`` in ``column`` as few areas: ``H6:H9,H11``."""
    areas: list[tuple[int, int]] = []
    for r in rows:
        if areas and areas[-1][1] == r - 1:
            areas[-1] = (areas[-1][0], r)
        else:
            areas.append((r, r))
    return ",".join(_cell(a, column) if a == b else f"{_cell(a, column)}:{_cell(b, column)}" for a, b in areas)


def _grade_formula(rubric: Rubric, total: str) -> str:
    grades = sorted(rubric.grades, key=lambda g: g.min, reverse=True)
    text = f'"{grades[-1].label}"'
    for grade in reversed(grades[:-1]):
        text = f'IF({total}>={_plain(grade.min)},"{grade.label}",{text})'
    return f'IF(ISNUMBER({total}),{text},"无法计算")'


def _input(sheet, row: int, column: int, resolved_value: Decimal | None, style) -> None:
    if resolved_value is None:
        sheet.write_blank(row, column, None, style)
    else:
        sheet.write_number(row, column, float(resolved_value), style)


def _number(sheet, row: int, column: int, value: Decimal | None, style) -> None:
    if value is None:
        sheet.write_blank(row, column, None, style)
    else:
        sheet.write_number(row, column, float(value), style)


def _cache(value) -> object:
    if value is None:
        return "无法计算"
    if isinstance(value, Decimal):
        return float(value)
    return value


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def _cell(row: int, column: int) -> str:
    return xlsxwriter.utility.xl_rowcol_to_cell(row, column)
