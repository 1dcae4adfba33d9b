"""Excel (.xlsx) with openpyxl: the 附表 and scorecards, one styled sheet each.

Every number is written as a value (never a formula without its cached result),
so any reader sees it; the number format shows it as the documents do.  Every text is
written as text (:func:`_put`): a unit name such as ``=HYPERLINK(...)`` stays inert.
"""
from __future__ import annotations

import datetime as dt
import io
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

from jixiao.render.writers.zipfix import reproducible_zip
from jixiao.render.blocks import Document, Table, grid

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF5")
FONT = "宋体"
FIXED_TIME = dt.datetime(2000, 1, 1)


def write_xlsx(doc: Document) -> bytes:
    book = Workbook()
    index = book.active
    index.title = "目录"
    tables = [t for t in doc.tables() if t.sheet]
    _index(index, doc, tables)
    used: set[str] = {"目录"}
    styles: dict[tuple, str] = {}
    for table in tables:
        name = _sheet_name(table.sheet or table.title, used)
        _sheet(book.create_sheet(name), table, styles)
    book.properties.creator = "jixiao"
    book.properties.created = book.properties.modified = FIXED_TIME
    out = io.BytesIO()
    book.save(out)
    return reproducible_zip(out.getvalue())


def _put(cell, value):
    """Write a value; a text always as text (never a formula, whatever it starts with), with the
    characters a worksheet cannot hold (control characters) replaced by U+FFFD."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or "表"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    used.add(candidate)
    return candidate


def _index(sheet, doc: Document, tables: list[Table]) -> None:
    _put(sheet["A1"], doc.title)
    sheet["A1"].font = Font(name=FONT, size=14, bold=True)
    _put(sheet["A2"], "工作表")
    _put(sheet["B2"], "表名")
    for cell in (sheet["A2"], sheet["B2"]):
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD_FILL
    for row, table in enumerate(tables, 3):
        _put(sheet.cell(row, 1), table.sheet)
        _put(sheet.cell(row, 2), table.title + ("　" + table.caption_above[0] if table.caption_above else ""))
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 70
    _print_setup(sheet, landscape=False)


def _named(book, styles: dict[tuple, str], header: bool, bold: bool, align: str, number_format: str | None) -> str:
    """One named style per look, registered once: openpyxl hashes every style object it is given."""
    key = (header, bold, align, number_format)
    name = styles.get(key)
    if name is None:
        name = f"jixiao{len(styles)}"
        style = NamedStyle(name=name, font=Font(name=FONT, size=10, bold=header or bold), border=BORDER,
                           alignment=Alignment(horizontal=align, vertical="center", wrap_text=True),
                           number_format=number_format or "General")
        if header:
            style.fill = HEAD_FILL
        book.add_named_style(style)
        styles[key] = name
    return name


def _sheet(sheet, table: Table, styles: dict[tuple, str]) -> None:
    ncols = table.ncols
    _put(sheet.cell(1, 1), table.title).font = Font(name=FONT, size=14, bold=True)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    _merge(sheet, 1, 1, 1, ncols)
    row = 2
    for line in table.caption_above:
        _put(sheet.cell(row, 1), line).font = Font(name=FONT)
        sheet.cell(row, 1).alignment = Alignment(horizontal="center" if line.startswith("（") else "left")
        _merge(sheet, row, 1, row, ncols)
        row += 1
    if table.unit_note:
        _put(sheet.cell(row, ncols), table.unit_note).alignment = Alignment(horizontal="right")
        row += 1
    top = row
    for r, c, cell in grid(table):
        target = sheet.cell(top + r, 1 + c)
        _put(target, cell.value if cell.value is not None else cell.text)
        target.style = _named(sheet.parent, styles, cell.header, cell.bold, cell.align,
                              cell.number_format if cell.value is not None else None)
        if cell.rowspan > 1 or cell.colspan > 1:
            _merge(sheet, top + r, 1 + c, top + r + cell.rowspan - 1, 1 + c + cell.colspan - 1, bordered=True)
    last = top + len(table.header) + len(table.body)
    for n, note in enumerate(table.notes):
        _put(sheet.cell(last + 1 + n, 1), "注：" + note).font = Font(name=FONT, size=9)
    weights = table.widths or tuple(1.0 for _ in range(ncols))
    scale = 100 / sum(weights)
    widths = [max(8, round(weight * scale, 1)) for weight in weights]
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for r, height in _row_heights(table, widths).items():
        sheet.row_dimensions[top + r].height = height
    if table.header:
        sheet.freeze_panes = sheet.cell(top + len(table.header), 1)
        sheet.print_title_rows = f"{top}:{top + len(table.header) - 1}"     # header rows on every printed page
    _print_setup(sheet, landscape=table.landscape or ncols > 6)


def _merge(sheet, first_row: int, first_col: int, last_row: int, last_col: int, bordered: bool = False) -> None:
    """Merge a range, as ``sheet.merge_cells`` does but without its per-cell border arithmetic (a
    tenth of a package's time): the covered cells take the first cell's style whole, so a bordered
    range keeps its border on every edge."""
    span = MergedCellRange(sheet, CellRange(min_col=first_col, min_row=first_row, max_col=last_col,
                                            max_row=last_row).coord)
    sheet.merged_cells.add(span)
    style = sheet.cell(first_row, first_col)._style if bordered else None
    for row in range(first_row, last_row + 1):
        for col in range(first_col, last_col + 1):
            if (row, col) != (first_row, first_col):
                covered = MergedCell(sheet, row, col)
                if style is not None:
                    covered._style = copy(style)
                sheet._cells[(row, col)] = covered


def _row_heights(table: Table, widths: list[float]) -> dict[int, float]:
    """Heights (points) for rows whose wrapped text needs more than one line.  Neither Excel nor
    LibreOffice grows a row holding merged cells, so long text in a merged cell would be cut off."""
    lines: dict[int, int] = {}
    for r, c, cell in grid(table):
        room = sum(widths[c:c + cell.colspan]) * 5.6 - 4            # a width unit is about 5.6 points
        ems = sum(0.55 if ch.isascii() else 1.0 for ch in cell.text)
        need = -(-int(ems * 10.5) // max(int(room), 1)) // max(cell.rowspan, 1)
        lines[r] = max(lines.get(r, 1), need)
    return {r: round(n * 13.5 + 2, 1) for r, n in lines.items() if n > 1}


def _print_setup(sheet, landscape: bool) -> None:
    """A4, one page wide (as many pages tall as needed), landscape for wide tables."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
