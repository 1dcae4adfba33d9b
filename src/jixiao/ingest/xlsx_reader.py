"""Excel (.xlsx) reports: every worksheet's rows as lines, for the auditor.

The same shape as the .docx and .html readers: a worksheet row becomes one line whose cells are
joined by tabs (a merged cell is written once, then empty cells, as a typed table shows it);
the locator is ``sheet!cell`` of the row's first non-empty cell (``附表1!A5``), so a finding names the
sheet and the cell.  Hidden sheets are not read (a reader of the workbook does not see them).

Numbers are written as Excel shows them: the cell's number format decides the decimals, the
thousands separator and the percent sign (0.9354 in a ``0.00%`` cell reads ``93.54%``; 1234.5 in
``#,##0.00`` reads ``1,234.50``).  Formula cells are read by their cached value (the workbook's last
calculation).  The workbook is streamed (read-only), so a sheet's size costs no grid in memory.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from jixiao.model.numbers import fmt

_DECIMALS = re.compile(r"\.([0#?]+)")


def read_xlsx_lines(path: str) -> list[tuple[str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out: list[tuple[str, str]] = []
    try:
        for sheet in book.worksheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            for row in sheet.iter_rows():
                cells = [c for c in row if getattr(c, "column_letter", None)]
                texts = [cell_text(c.value, c.number_format) for c in cells]
                while texts and not texts[-1]:
                    texts.pop()
                if not any(texts):
                    continue
                first = next(i for i, t in enumerate(texts) if t)
                out.append(("\t".join(texts), f"{sheet.title}!{cells[first].column_letter}{cells[first].row}"))
    finally:
        book.close()
    return out


def cell_text(value: Any, number_format: str | None = "General") -> str:
    """A cell's value as Excel displays it under ``number_format`` (General: the shortest exact form)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)):
        return _number(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), number_format or "General")
    return str(value).strip()


def _number(value: Decimal, number_format: str) -> str:
    section = number_format.split(";", 1)[0]
    if section in ("General", "@", ""):
        text = f"{value.normalize():f}"
        return text if "." not in text else text.rstrip("0").rstrip(".")
    percent = "%" in section
    if percent:
        value *= 100
    match = _DECIMALS.search(section)
    places = len(match.group(1)) if match else 0
    shown = match.group(1).count("0") if match else 0        # '#' decimals hide trailing zeros
    text = fmt(value, places)
    while places > shown and text.endswith("0"):
        text, places = text[:-1], places - 1
    text = text.rstrip(".")
    if "," in section:
        sign = "-" if text.startswith("-") else ""
        whole, _, frac = text.lstrip("-").partition(".")
        text = f"{sign}{int(whole):,}" + (f".{frac}" if frac else "")
    return text + ("%" if percent else "")
