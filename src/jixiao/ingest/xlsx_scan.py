"""A streaming look at a workbook's sheets before any reader builds their grids.

A spreadsheet reader builds each sheet's grid from A1 to its last cell, so one cell at
XFD1048576 asks for half a terabyte.  :func:`scan_sheets` reads the sheet XML as a stream
(never the whole grid, never entities) and reports, for each wanted sheet:

* the first cell that lies beyond the rows and columns the caller allows (the grid is then
  never built);
* every formula cell whose saved result is an error (``#DIV/0!``) or that has no saved result
  at all: a reader sees such a cell as empty, so a value would vanish without a word.

Elements are matched by their local name, whatever their namespace, as the spreadsheet reader
matches them; a worksheet part the workbook's relationships do not name is scanned too (under its
part name), so a damaged workbook cannot hide a sheet from the scan but not from the reader.

The caller turns these into findings naming the sheet and the cell.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

_ANY = "{*}"            # lxml: any namespace, or none
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
#: the last row and column a worksheet can have (Excel's own limits)
SHEET_ROWS, SHEET_COLS = 1_048_576, 16_384
#: formula problems reported per sheet at most (the rest are counted)
MAX_REPORTED = 50


@dataclass
class SheetScan:
    """What the stream showed of one sheet."""

    name: str
    rows: int = 0                                   # last row holding a cell with content
    cols: int = 0                                   # last column holding a cell with content
    beyond: str | None = None                       # first cell past the allowed range
    formula_errors: list[tuple[str, str]] = field(default_factory=list)   # (cell, cached error)
    formula_blank: list[str] = field(default_factory=list)                # cells with no cached value
    more: int = 0                                   # formula problems not listed


def col_number(letters: str) -> int:
    """``A`` → 1, ``XFD`` → 16384."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def _parser_options() -> dict:
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the archive (``xl/worksheets/sheet1.xml``)."""
    from lxml import etree

    parser = etree.XMLParser(**_parser_options())
    book = etree.fromstring(archive.read("xl/workbook.xml"), parser)
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_ANY}Relationship")}
    out: dict[str, str] = {}
    for sheet in book.iter(f"{_ANY}sheet"):
        rel_id = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target = targets.get(rel_id, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out[sheet.get("name", "")] = part
    return out


def scan_sheets(path: str, wanted: set[str] | None, max_rows: int, max_cols: int,
                max_cells: int | None = None) -> dict[str, SheetScan]:
    """Scan the wanted sheets (all when None).  A sheet's grid (A1 to its last row and column) may hold
    at most ``max_cells`` cells.  Raises zipfile/lxml errors for a broken file."""
    with zipfile.ZipFile(path) as archive:
        try:
            parts = sheet_parts(archive)
        except Exception:  # damaged workbook.xml or relationships: every worksheet part is scanned below
            parts = {}
        names = set(archive.namelist())
        todo = [(name, part) for name, part in parts.items() if (wanted is None or name in wanted) and part in names]
        named = set(parts.values())
        todo += [(part, part) for part in sorted(names) if _WORKSHEET.fullmatch(part) and part not in named]
        out: dict[str, SheetScan] = {}
        for name, part in todo:
            with archive.open(part) as stream:
                out[name] = _scan(stream, name, max_rows, max_cols, max_cells or max_rows * max_cols)
        return out


def _scan(stream, name: str, max_rows: int, max_cols: int, max_cells: int) -> SheetScan:
    from lxml import etree

    scan = SheetScan(name)
    row_no, col_no = 0, 0
    for event, elem in etree.iterparse(stream, events=("start", "end"), tag=(f"{_ANY}row", f"{_ANY}c"),
                                       **_parser_options()):
        if etree.QName(elem).localname == "row":
            if event == "start":
                given = elem.get("r")
                row_no = _int(given, row_no + 1)
                col_no = 0
                if given is not None and not 1 <= _int(given, 0) <= SHEET_ROWS:
                    scan.beyond = f"第{given[:12]}行"     # a row number no worksheet can have
                    break
            else:
                elem.clear(keep_tail=False)
                _drop_previous(elem)
            continue
        if event == "start":
            continue
        given = elem.get("r")
        match = _REF.fullmatch(given or "")
        if match:
            col_no, row_no = col_number(match.group(1)), int(match.group(2))
        elif given is None:
            col_no += 1
        else:
            match = None
        if (given is not None and match is None) or not (1 <= row_no <= SHEET_ROWS and 1 <= col_no <= SHEET_COLS):
            scan.beyond = (given or f"{_letters(col_no)}{row_no}")[:20]   # a reference no worksheet can have
            break
        _cell(scan, elem, row_no, col_no, max_rows, max_cols, max_cells)
        elem.clear(keep_tail=False)
        if scan.beyond:
            break
    return scan


def _cell(scan: SheetScan, elem, row: int, col: int, max_rows: int, max_cols: int, max_cells: int) -> None:
    value = elem.find(f"{_ANY}v")
    formula = elem.find(f"{_ANY}f")
    inline = elem.find(f"{_ANY}is")
    has_value = value is not None and (value.text or "") != ""
    if not (has_value or formula is not None or inline is not None):
        return
    ref = f"{_letters(col)}{row}"
    if row > max_rows or col > max_cols or max(row, scan.rows) * max(col, scan.cols) > max_cells:
        scan.beyond = ref
        return
    scan.rows, scan.cols = max(scan.rows, row), max(scan.cols, col)
    if formula is None:
        return
    if elem.get("t") == "e" and has_value:
        _note(scan, scan.formula_errors, (ref, value.text or ""))
    elif not has_value:
        _note(scan, scan.formula_blank, ref)


def _note(scan: SheetScan, where: list, item: object) -> None:
    if len(scan.formula_errors) + len(scan.formula_blank) < MAX_REPORTED:
        where.append(item)
    else:
        scan.more += 1


def _drop_previous(elem) -> None:
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) < 9 else default
