"""Tables whose cells are split by spaces, a row a line, as web pages and PDF text extraction publish
them (``2010101 行政运行 1,234.56 1,000.00 234.56``, ``一、支出合计   4.9   0   0``).

Such a row keeps no grid: an empty cell leaves nothing behind but spaces, so a row's figures can be put
under the header's columns only when there are exactly as many of them as the header names amount
columns.  A block is read when:

* a header, one to three lines right above the rows, names the columns: every cell text, no figure;
  cells naming the label columns (项目, 科目编码, 科目名称, 类/款/项 …) are set apart, the rest are the
  amount columns.  A header of two lines whose first names one amount column and whose second names
  its parts (``2016年预算数`` over ``小计 | 其中:一般公共预算安排数``) names the parts; two lines naming
  several amount columns each are not read (which cell spans which is not told).  A ``栏次 1 2 3`` line
  must number as many columns;
* each row is an optional classification code (类 3 digits, 款 5, 项 7, also ``201 01 01`` split over
  three cells, or run into the name), a label, then its figures.  A row with as many figures as amount
  columns is aligned; a label alone (every cell empty) is a row without figures; a row with fewer or more
  figures, or a figure before its label (two panels side by side), is *unclear* and counted
  (``ctx.unclear``), never guessed.

The cells are those of the published line: the normaliser drops spaces between Chinese and figures
(``行政运行 1234.56`` → ``行政运行1234.56``), so a cell also ends where the line's edits removed characters
other than a thousands separator.  A block whose every row is aligned is checked like any table
(:func:`jixiao.audit.tables.check_rows`: 合计 rows against their rows, 类 against 款 against 项 by code,
合计 columns against the columns they total); a block with an unclear row only row by row (a 合计 column
against its parts), since a column sum would miss the unclear row.
"""
from __future__ import annotations

import re
from typing import Final

from collections.abc import Callable

from jixiao.audit.context import AuditContext
from jixiao.audit.table_model import PLACEHOLDER, Row, Table, counts_up, is_number
from jixiao.ingest.normalise import Edits
from jixiao.ingest.published import DocLine

#: header cells naming a label column, not an amount column
_LABEL_COLUMN: Final = re.compile(
    r"^(?:项目|项目名称|科目|科目名称|(?:支出)?(?:功能|经济)?(?:分类)?科目(?:编码|代码|名称)|编码|代码|类|款|项|"
    r"类款项|行次|单位名称|单位|名称|收入|支出|序号|年份|年度|地区|"
    r"项目[(（][^)）]*[)）]|(?:支出|部门预算|政府预算)?(?:功能|经济)分类(?:科目)?)$")
#: a row labelled by its year (``1996 3838.32 …`` under ``年份 合计 …``), or by a span of years
_YEAR_LABEL: Final = re.compile(r"^(?:19|20)\d\d(?:[-—~](?:19|20)\d\d)?$")
_CODE_COLUMN: Final = re.compile(r"(?:编码|代码)$|^类款项$|^[类款项]$")
_CAPTION: Final = re.compile(r"^(?:金额)?单位[:：]|^部门[:：]|^编制单位[:：]|^公开\d+表$|^表\d")
_NUMBERING: Final = ("栏次", "行次", "列次", "栏号")
#: a classification code run into its name (``2010101行政运行``); a year (``2016年``) is none
_CODE_LEAD: Final = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?=[\u4e00-\u9fff])(?![年月日])")
_WHOLE_CODE: Final = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_SENTENCE: Final = re.compile(r"[。；;，,？?！!]")
#: a row's list marker (一、 (一) 1. (1) ①): a row's label, never a column's name
_MARKER: Final = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|[(][一二三四五六七八九十\d]+[)]|\d{1,2}[.、](?!\d)|[①-⑳])")
_MAX_HEADS: Final = 3
#: a label alone that opens something else: a caption, a table's title, a part of the report
_TITLE: Final = re.compile(r"^(?:金额)?单位[:：]|表$|^第[一二三四五六七八九十]+部分|说明$")
_MAX_CELL: Final = 30

Cell = tuple[str, int]   # the cell's text and where it starts in the line


def cells_of(text: str, edits: Edits) -> list[Cell]:
    """The cells of a line split by spaces: runs of characters between whitespace, also cut where the
    normaliser removed characters (a space between Chinese and a figure) other than a thousands
    separator or a space inside a number; single Chinese characters spaced out (``合 计``) are one cell."""
    spans: list[tuple[int, int]] = []
    start = -1
    prev = -2
    for i, ch in enumerate(text):
        orig = edits.original(i) if edits.points else i
        if ch.isspace():
            if start >= 0:
                spans.append((start, i))
                start = -1
        elif start < 0:
            start = i
        elif orig - prev > 1 and not _joined(text[i - 1], ch):
            spans.append((start, i))
            start = i
        prev = orig
    if start >= 0:
        spans.append((start, len(text)))
    out: list[Cell] = []
    run = False   # the last cell is a run of single Chinese characters
    for a, b in spans:
        piece = text[a:b]
        single = b - a == 1 and "\u4e00" <= piece <= "\u9fff"
        if single and out and (run or _one_char(out[-1][0])):
            out[-1] = (out[-1][0] + piece, out[-1][1])
            run = True
            continue
        run = False
        out.append((piece, a))
    return out


def _one_char(cell: str) -> bool:
    return len(cell) == 1 and "\u4e00" <= cell <= "\u9fff"


def _joined(before: str, ch: str) -> bool:
    """Characters removed between ``before`` and ``ch`` that keep them in one cell: a thousands separator
    (``1,234``) or a stray space inside a number (``552. 21``)."""
    return (before.isdigit() or before == ".") and (ch.isdigit() or ch == ".")


def _figure(cell: str) -> bool:
    return is_number(cell) or cell in PLACEHOLDER


class _Parsed:
    """A line read as a row: code, label and figures (with where each starts), or why it is not one."""

    code: str
    code_at: int
    year: bool
    name: str
    name_at: int
    figures: list[Cell]
    mixed: bool

    def __init__(self) -> None:
        self.code = ""
        self.code_at = 0
        self.year = False   # the label is a year (read only under a header whose label column is 年份)
        self.name = ""
        self.name_at = 0
        self.figures = []
        self.mixed = False   # a figure before the label's end (two panels, a number in a label cell)


def parse_row(cells: list[Cell]) -> _Parsed | None:
    """The row a line's cells make, or None when it has no label."""
    out = _Parsed()
    cells = list(cells)
    if cells:
        lead = _CODE_LEAD.match(cells[0][0])
        if lead is not None:   # ``2010101行政运行``: the code run into the name
            text, at = cells[0]
            cells[0:1] = [(lead.group(1), at), (text[lead.end():], at + lead.end())]
    k = 0
    m = 0
    while m < len(cells) and cells[m][0].isdigit():
        m += 1
    if 0 < m < len(cells) and not _figure(cells[m][0]):
        # leading code cells: ``2010101`` or ``201 01 01`` (类, 款, 项 in cells of their own)
        code = "".join(c for c, _ in cells[:m])
        if _WHOLE_CODE.match(cells[0][0]) and _WHOLE_CODE.match(code) and all(len(c) == 2 for c, _ in cells[1:m]):
            out.code, out.code_at, k = code, cells[0][1], m
        else:
            out.mixed = True   # a number before the label that is no code (序号, 行次)
    rest = cells[k:]
    j = len(rest)
    while j > 0 and _figure(rest[j - 1][0]):
        j -= 1
    names, out.figures = rest[:j], rest[j:]
    if not names and len(rest) >= 3 and _YEAR_LABEL.match(rest[0][0]) and not out.code:
        names, out.figures, out.year = rest[:1], rest[1:], True
    if not names:
        return None
    if not out.year and any(is_number(c) for c, _ in names):
        out.mixed = True
    out.name = "".join(c for c, _ in names) + ("年" if out.year else "")
    out.name_at = names[0][1]
    return out


def _header_cells(cells: list[Cell]) -> list[str] | None:
    """The column names of a header line (captions such as 单位:万元 left out), or None when the line is
    no header: a figure, a sentence, a cell too long, fewer than two names."""
    names = [c for c, _ in cells if not _CAPTION.match(c)]
    if names == ["类款项"]:
        return names   # ``类 款 项`` under 科目编码, its single characters read as one cell
    if len(names) < 2 or any(is_number(c) or len(c) > _MAX_CELL or _SENTENCE.search(c) for c in names):
        return None
    if any(c.endswith("表") for c in names):
        return None   # a title (``2031年 部门决算表``), above the header
    if _MARKER.match(names[0]) or len(names) > 2 and len(set(names[1:])) == 1:
        return None   # a row of text cells (``(一)因公出国(境)费 单位不需填列 单位不需填列``), not column names
    return names


def _numbering(cells: list[Cell]) -> int | None:
    """How many columns a ``栏次 1 2 3`` line numbers, or None for another line."""
    texts = [c for c, _ in cells]
    if texts and texts[0] in _NUMBERING:
        texts = texts[1:]
    if len(texts) >= 2 and counts_up(texts):
        return len(texts)
    return None


class _Header:
    names: list[str]
    coded: bool
    label: str
    line: int
    start: int
    rownum: bool

    def __init__(self, names: list[str], coded: bool, label: str, line: int, rownum: bool = False) -> None:
        self.names = names     # the amount columns
        self.coded = coded     # a code column stands before the label
        self.label = label     # the label column's name
        self.line = line
        self.start = line + 1   # the first line of the rows (a label alone may stand above the first figures)
        self.rownum = rownum    # a 行次 column stands between the label and the amounts


def _read_header(heads: list[tuple[int, list[str]]], numbered: int | None) -> _Header | None:
    """The amount columns the header lines name (see the module's docstring), or None when they do not
    tell them for certain."""
    amounts = [[c for c in names if not _LABEL_COLUMN.match(c)] for _, names in heads]
    labels = [c for _, names in heads for c in names if _LABEL_COLUMN.match(c)]
    filled = [a for a in amounts if a]
    if not filled:
        return None
    if len(filled) == 1:
        names = filled[0]
    elif len(filled) == 2 and len(filled[0]) == 1 and len(filled[1]) >= 2 and amounts[-1]:
        names = [f"{filled[0][0]}{c}" for c in filled[1]]
    else:
        return None
    if numbered is not None and numbered != len(names):
        return None
    coded = any(_CODE_COLUMN.search(c) for c in labels)
    label = next((c for c in labels if not _CODE_COLUMN.search(c) and c != "行次"), "项目")
    return _Header(names, coded, label, heads[-1][0], "行次" in labels)


def _skip(text: str) -> bool:
    """A line another reader reads (cells split by tabs or bars) or no table line at all."""
    return "\t" in text or "|" in text or "│" in text or "┃" in text or len(text) > 300


def find_space_tables(ctx: AuditContext) -> list[tuple[Table, int, bool]]:
    """(table, unclear rows, whole) for every block of space-split rows under a header that names their
    columns; ``whole``: every row of the block lines up and the block's end is certain."""
    lines = ctx.doc.lines
    out: list[tuple[Table, int, bool]] = []
    cells: dict[int, list[Cell]] = {}

    def cells_at(i: int) -> list[Cell]:
        got = cells.get(i)
        if got is None:
            got = cells_of(lines[i].text, lines[i].edits)
            cells[i] = got
        return got

    i = 0
    n = len(lines)
    while i < n:
        text = lines[i].text
        last = text.rstrip()[-1:]
        if not last or not (last.isdigit() or last == "%") or _skip(text) or " " not in text and not lines[i].edits.points:
            i += 1
            continue
        first = parse_row(cells_at(i))
        if first is None or not first.figures or _numbering(cells_at(i)) is not None:
            i += 1
            continue
        header, numbered = _header_above(lines, i, cells_at)
        if header is None:
            i += 1
            continue
        table, unclear, end, certain = _read_block(ctx, header, header.start, cells_at)
        if table.rows:
            out.append((table, unclear, unclear == 0 and certain))
        else:
            ctx.unclear += unclear
        i = max(end, i + 1)
    return out


def _header_above(lines: list[DocLine], at: int,
                  cells_at: Callable[[int], list[Cell]]) -> tuple[_Header | None, int | None]:
    heads: list[tuple[int, list[str]]] = []
    numbered: int | None = None
    start = at
    k = at - 1
    while k >= 0 and len(heads) < _MAX_HEADS:
        text = lines[k].text
        if not text.strip():
            if heads or numbered is not None:
                break
            k -= 1
            continue
        if _skip(text):
            break
        cells = cells_at(k)
        if not heads and numbered is None and len(cells) == 1 and _lead_label(cells[0][0]) and k >= at - 3:
            start = k   # a label alone above the first row of figures (``一般公共服务支出`` over its items)
            k -= 1
            continue
        count = _numbering(cells)
        if count is not None and numbered is None and not heads:
            numbered = count
            k -= 1
            continue
        names = _header_cells(cells)
        if names is None:
            break
        heads.insert(0, (k, names))
        k -= 1
    if not heads:
        return None, None
    header = _read_header(heads, numbered)
    if header is not None:
        header.start = start
    return header, numbered


def _lead_label(cell: str) -> bool:
    """A cell that may be a row's label alone: text, short, no sentence, no caption."""
    return (not is_number(cell) and len(cell) <= _MAX_CELL and not _SENTENCE.search(cell) and not _CAPTION.match(cell)
            and "\u4e00" <= cell[-1:] <= "\u9fff" and not cell.endswith("表"))


def _read_block(ctx: AuditContext, header: _Header, at: int,
                cells_at: Callable[[int], list[Cell]]) -> tuple[Table, int, int, bool]:
    """The rows of the block from line ``at``: (the table of its aligned rows, unclear rows, the line after
    the block, whether the block's end is certain).  The table is empty when no row lines up.

    A label alone (no code, every cell empty) after the first row of figures ends the block, and not for
    certain: it may be a heading over other rows, or a row of the table whose cells are all empty, with
    more rows of the table after it; so do figures without a label and text cells short of the columns.
    A sentence, a header, a caption or title, a line of tabs or bars, or the end of the text end it for
    certain."""
    lines = ctx.doc.lines
    width = len(header.names)
    unclear = 0
    coded = header.coded
    years = header.label in ("年份", "年度")
    parsed: list[tuple[int, _Parsed]] = []
    certain = True
    i = at
    while i < len(lines):
        text = lines[i].text
        if not text.strip():
            i += 1
            continue
        if _skip(text):
            break
        if _numbering(cells_at(i)) is not None:
            i += 1   # ``栏次 1 2 3``: numbers the columns, no row
            continue
        row = parse_row(cells_at(i))
        if row is None:
            certain = False   # figures without a label (the rest of a wrapped row, a page number): the table may go on
            break
        if not row.figures:
            # a label alone (every cell empty), or with text in every amount cell (``单位不需填列``), unless it
            # reads as a sentence, a title or a header of its own
            lead = 1 + (1 if row.code else 0)
            rest = cells_at(i)[lead:]
            if len(row.name) > (3 * _MAX_CELL if rest else _MAX_CELL) or _SENTENCE.search(row.name) or _TITLE.search(
                    row.name):
                break   # the table ended
            if rest and (len(rest) != width or len({c for c, _ in rest}) != 1):
                # a header of the next table ends this one; text cells short of the columns may be a row of it
                certain = _header_cells(cells_at(i)) is not None
                break
            if not rest and not row.code and any(p.figures for _, p in parsed):
                certain = False   # a heading, or a row whose cells are all empty: where the table ends is not told
                break
            if rest:
                row.name = cells_at(i)[lead - 1][0]
        elif header.rownum and not row.mixed and len(row.figures) == width + 1 and row.figures[0][0].isdigit():
            row.figures = row.figures[1:]   # the row's 行次
        elif row.mixed or len(row.figures) != width or row.year and not years or header.rownum:
            unclear += 1
            i += 1
            continue
        if row.code:
            coded = True
        parsed.append((i, row))
        i += 1
    if not any(p.figures for _, p in parsed):
        return Table(), unclear, i, certain
    head_cells = (["科目编码"] if coded else []) + [header.label] + header.names
    table = Table([Row(header.line, head_cells, list(head_cells), starts=[0] * len(head_cells))])
    for k, row in parsed:
        figures = [c for c, _ in row.figures] + [""] * (width - len(row.figures))
        starts = [s for _, s in row.figures] + [0] * (width - len(row.figures))
        texts = ([row.code] if coded else []) + [row.name] + figures
        where = ([row.code_at] if coded else []) + [row.name_at] + starts
        table.rows.append(Row(k, texts, list(texts), starts=where))
    return table, unclear, i, certain
