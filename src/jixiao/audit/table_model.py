"""Tables as the readers give them: lines of tab-separated cells, aligned to a header.

Every reader (.txt, .docx, .pdf, .html) writes a table row as one line whose cells are
joined by tabs, with a merged cell written once and the cells it covers left empty, so that
every row has the grid's columns.  A header row names the columns; a header row right under
it refines the cells that span several columns (``批复金额`` over ``总额 | 财政拨款 | 其他资金``):
the refined columns form a *group* whose first column may be its total.

Published text copied from a web page often carries its tables as rows of cells split by ``|``
(``合计 | 22.00 | 8.77 |``).  Such a dump keeps no grid: a merged cell is written once and the
cells it covers, and empty cells, are moved to the end of the row as ``|||``, so a cell's place
in the row is its column only while no cell before it was merged or empty.  These rows are read
as *packed* (:attr:`Row.packed`), and :func:`packed_aligned` says whether a whole table can be
read column by column: a one-row header (or a second row whose cells all name parts of the first
row's last cell), and every row under it either complete (as many cells as the header) or a label
alone.  A table that is not is left unchecked.  A table drawn in text with box bars (``│ ┃``) is read
the same way, its ruling lines (``├──┼──┤``, ``+---+``, Markdown's ``|---|``) skipped; a table dumped
one cell a line is put back into rows before it gets here (:mod:`jixiao.ingest.cell_lines`).
"""
from __future__ import annotations

import functools
import re
from typing import Final
from dataclasses import dataclass, field

_NUM: Final = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?%?$")
PLACEHOLDER: Final = frozenset({"-", "--", "---", "—", "——", "/", "无", "/ ", "－", "…", "——", "-——"})
#: a cell giving the table's unit (``单位:万元``, ``金额单位：元``): its row is a caption, not a header
_UNIT_CAPTION: Final = re.compile(r"^(?:金额)?单位\s*[:：]")
_BOX_BARS: Final = ("│", "┃")
_RULE_CHARS: Final = "-─━═+|│┃┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬: "
TOTAL_ROW: Final = re.compile(r"^(?:合\s*计|总\s*计|总\s*分|合计数|总计数|[\u4e00-\u9fff]{2,8}合计|(?:收入|支出)总计)$")


@dataclass(slots=True)
class Row:
    line: int
    cells: list[str]          # stripped cells, as split by tabs
    raw: list[str]            # the same cells unstripped (leading spaces tell indentation)
    name: str | None = None   # the row's label, once worked out (:func:`label`)
    offset: int = 0           # cells of the line before this row's first (the right panel of a table)
    packed: bool = False      # cells split by "|" in a text dump: empty and covered cells moved to the end
    starts: list[int] | None = None   # where each cell starts in the line, when no separator tells it (spaces)

    def __init__(self, line: int, cells: list[str], raw: list[str], name: str | None = None, offset: int = 0,
                 packed: bool = False, starts: list[int] | None = None) -> None:
        # written out so mypyc compiles it (tests/test_native.py)
        self.line = line
        self.cells = cells
        self.raw = raw
        self.name = name
        self.offset = offset
        self.packed = packed
        self.starts = starts


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)


@dataclass
class Header:
    names: list[str]
    groups: list[list[int]] = field(default_factory=list)   # columns under one spanning cell
    row: list[str] = field(default_factory=list)              # the last header row as written
    rates: list[int] | None = None                            # rate columns with a definition (worked out once)
    scored: bool = False                                      # a score table (分值/得分 columns)


@functools.lru_cache(maxsize=8192)
def is_number(cell: str) -> bool:
    """A cell holding one figure (``552.21``, ``-3``, ``86.4%``); asked many times of the same cells."""
    return _NUM.match(cell) is not None


def _table_id(locator: str) -> tuple[str, str]:
    """(page, table) of a row locator such as ``表2:行3`` or ``p3:表1:行2``; empty for plain lines."""
    if ":行" not in locator:
        return "", ""
    head = locator.rsplit(":行", 1)[0]
    page, _, table = head.rpartition(":")
    return page, table


def _new_table(before: str, after: str) -> bool:
    """Two rows of different tables of the document (a table going on at the top of the next
    PDF page is the same table)."""
    (p1, t1), (p2, t2) = _table_id(before), _table_id(after)
    return bool(t1 and t2) and (p1, t1) != (p2, t2) and p1 == p2


def split_cells(text: str) -> tuple[list[str], bool] | None:
    """The raw cells of a table row and whether they are packed: split by tabs, or by ``|`` in a
    line of at least two of them (a web page's table dumped as text; a ``|`` opening the line
    opens the first cell), or by the box-drawing bars ``│``/``┃`` of a table drawn in text (read as
    packed too: a spanning cell has no bar inside it).  None for a line that is no table row."""
    if "\t" in text:
        return text.split("\t"), False
    bar = "|"
    if text.count("|") < 2:
        bar = next((b for b in _BOX_BARS if b in text), "")
        if not bar:
            return None
        text = text.replace("┃", "│")
        bar = "│"
        if text.count(bar) < 2:
            return None
    body = text.lstrip()
    if body.startswith(bar):
        body = body[1:]
    return body.split(bar), True


def is_rule(text: str) -> bool:
    """A ruling line between rows: box-drawing rules (``├──┼──┤``), ``+----+----+`` or the
    ``|----|:---:|`` under a Markdown header."""
    body = text.strip()
    return len(body) >= 3 and not body.strip(_RULE_CHARS) and any(c in body for c in "-─━═")


def find_tables(lines: list[str], locators: list[str] | None = None) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    blank: list[Row] = []   # rows of a label alone, kept once a row of the same table follows them
    last = ""
    for i, text in enumerate(lines):
        split = split_cells(text) if ("\t" in text or "|" in text or "│" in text or "┃" in text) else None
        if split is None or (split[1] and is_rule(text)):
            if current is not None and text.strip() and not is_rule(text):
                current = None   # a ruling line between rows (``├──┼──┤``) does not end the table
            continue
        raw, packed = split
        if current is not None and current.rows and current.rows[-1].packed != packed:
            current = None   # tab rows and "|" rows are two tables
        if locators is not None:
            if current is not None and _new_table(last, locators[i]):
                current = None
            last = locators[i]
        while raw and not raw[-1].strip():
            raw.pop()
        cells = [c.strip() for c in raw]
        if "单位" in text and is_caption(cells):
            continue   # ``? | 单位:万元 |`` over the header: neither a header nor a row of the table
        if len(cells) - cells.count("") >= 2:
            row = Row(i, cells, raw, packed=packed)
            if current is not None and blank and is_header(row):
                current = None   # labels alone before a header: the titles of the next table
            if current is None:
                current = Table()
                tables.append(current)
            else:
                current.rows.extend(blank)
            blank = []
            current.rows.append(row)
        elif packed and current is not None and cells and cells[0] and not is_number(cells[0]):
            # a label whose cells are all blank (``其他资金 | | |``): a row of the table when a row of
            # figures follows it, not a header
            blank.append(Row(i, cells, raw, packed=packed))
        elif text.strip():
            current = None
    return tables


def is_caption(cells: list[str]) -> bool:
    """A row that only gives the table's unit (``? | 单位:万元 |``, ``部门:某局 | 金额单位:万元``): a cell
    opening with 单位/金额单位 and no figure.  Read as a header it would make the real header a
    second header row that refines nothing."""
    return any(_UNIT_CAPTION.match(c) for c in cells) and not any(map(is_number, cells))


def packed_aligned(table: Table) -> bool:
    """Whether a table of packed rows (cells split by ``|``, empty and covered cells moved to the end)
    can be read column by column: one header row (a second one refines cells whose span the dump
    lost), and under it only complete rows (a cell for every column of the header) or a label alone.
    Tables read from tabs are aligned by their readers."""
    if not table.rows or not table.rows[0].packed:
        return True
    _fill_code_cells(table)
    width: int | None = None
    heads = 0   # header rows in a run
    top: list[str] = []
    coded = False   # the header's first column holds classification codes
    for row in table.rows:
        filled = [c for c in row.cells if c]
        if is_header(row):
            if heads == 0:
                coded = bool(filled) and _CODE_COLUMN.match(filled[0]) is not None
            heads += 1
            if heads > 2 or width is None and heads == 2:
                return False
            if heads == 2 and not _splits(top[-1], filled):
                return False   # which cell of the first row the second splits is not told
            # a second row splits the last cell of the first (``比上年增减`` over ``金额 | 幅度``)
            width = len(filled) if heads == 1 else (width or 0) - 1 + len(filled)
            top = filled
            continue
        heads = 0
        if width is None or is_numbering(row):
            continue
        complete = len(filled) == width and all(row.cells[:width]) or (
            coded and not row.cells[0] and len(filled) == width - 1 and all(row.cells[1:width]))
        label_only = len(filled) == 1 and bool(row.cells[0]) and not is_number(row.cells[0])
        if not (complete or label_only):
            return False
    return True


#: a header cell naming a column of classification codes (科目编码, 功能分类科目代码)
_CODE_COLUMN: Final = re.compile(r"^(?:(?:功能|经济)?(?:分类)?科目)?(?:编码|代码)$")
_CODE_CELL: Final = re.compile(r"^\d{3,7}$")


def _fill_code_cells(table: Table) -> None:
    """Put back the empty code cell of a packed row that has none (``合计 | 150.00 | 120.00 |`` under
    ``科目编码 | 科目名称 | 合计 | 基本支出 |``): the dump moved it to the end, and a row whose first cell
    is a name, not a code, one cell short of the header, can only have lost that one."""
    width = 0
    for row in table.rows:
        if is_header(row):
            filled = [c for c in row.cells if c]
            width = len(filled) if filled and _CODE_COLUMN.match(filled[0]) else 0
            continue
        if not width or row.offset or not row.cells or not row.cells[0] or _CODE_CELL.match(row.cells[0]):
            continue
        cells = [c for c in row.cells if c]
        if len(cells) == width - 1 and all(row.cells[:width - 1]) and not is_number(row.cells[0]):
            row.cells, row.raw, row.offset = [""] + row.cells, [""] + row.raw, -1


def split_panels(table: Table) -> list[Table]:
    """A table printed as two panels side by side (``项目 | 行次 | 金额 | 项目 | 行次 | 金额``, the
    收入 half and the 支出 half of a 收入支出决算总表) as two tables."""
    at = 0
    for row in table.rows[:3]:
        if not is_header(row):
            break
        first = row.cells[0]
        at = next((k for k in range(1, len(row.cells)) if first and row.cells[k] == first), 0)
        if at:
            break
    if not at:
        return [table]
    left, right = Table(), Table()
    for row in table.rows:
        left.rows.append(Row(row.line, row.cells[:at], row.raw[:at], packed=row.packed))
        if len(row.cells) > at and any(row.cells[at:]):
            right.rows.append(Row(row.line, row.cells[at:], row.raw[at:], offset=at, packed=row.packed))
    return [left, right]


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c == "、"]
    return {a + b for a, b in zip(chars, chars[1:])}


def _splits(cell: str, parts: list[str]) -> bool:
    """Whether the cells of a second header row read as parts of ``cell``: each shares two characters
    with it (``比上年增、减情况`` over ``增、减金额 | 增、减幅度``), as a packed dump lost where they stood."""
    whole = _pairs(cell)
    return bool(parts) and all(_pairs(p) & whole for p in parts)


def is_header(row: Row) -> bool:
    """A row of column names: two or more text cells, no figure.  One opening with 合计 is a total row
    of text cells, unless three or more names follow it (``合计 | 因公出国(境)费 | 公务用车购置及运行费 |
    公务接待费``: the 合计 column of a 三公 table's header)."""
    filled = [c for c in row.cells if c and c not in PLACEHOLDER]
    return (len(filled) >= 2 and not any(map(is_number, filled)) and all(len(c) <= 30 for c in filled)
            and (not TOTAL_ROW.match(filled[0]) or len(filled) >= 4))


def next_header(previous: Header | None, row: Row) -> Header:
    """The header after ``row``: a refinement of ``previous`` when it splits spanning cells, else ``row``."""
    if previous is not None and row.packed:
        # a packed dump lost where the spanning cell stood: the second row is read as splitting the
        # last cell of the first, the one layout :func:`packed_aligned` lets through
        top = [c for c in previous.names if c]
        subs = [c for c in row.cells if c]
        names = top[:-1] + [f"{top[-1]}{c}" for c in subs]
        return Header(names, [list(range(len(top) - 1, len(names)))] if len(subs) >= 2 else [], list(row.cells))
    if previous is not None:
        merged = _merge(previous, row.cells)
        if merged is not None:
            return merged
    return Header(list(row.cells), [], list(row.cells))


def _merge(top: Header, below: list[str]) -> Header | None:
    width = max(len(top.names), len(below))
    t = top.row + [""] * (width - len(top.row))
    names = top.names + [""] * (width - len(top.names))
    b = below + [""] * (width - len(below))
    if _continues(t, b):   # a header cell wrapped onto a second line: ``批复金额`` / ``(万元)``
        return Header([f"{n}{c}" for n, c in zip(names, b)], top.groups, [f"{x}{c}" for x, c in zip(t, b)])
    for k in range(width):
        if b[k] and t[k] and not (k + 1 < width and not t[k + 1] and b[k + 1]):
            return None   # a cell under a filled, non-spanning cell: a new header, not a refinement
    out = list(names)
    groups: list[list[int]] = []
    refined = False
    k = 0
    while k < width:
        span = [k]
        if t[k]:
            # a spanning cell covers the empty cells after it up to the last one refined below it: a
            # cell of the row below may itself span (``预算数`` over ``合计 | 因公出国费 | 公务用车费 | | |
            # 公务接待费``, 公务用车费 over three columns), leaving holes
            end = k + 1
            while end < width and not t[end]:
                end += 1
            last = max((j for j in range(k + 1, end) if b[j]), default=k)
            span = list(range(k, last + 1))
        if t[k] and len(span) >= 2:
            groups.append(span)
            refined = True
            for j in span:
                out[j] = f"{names[k]}{b[j]}"
        elif b[k] and not t[k]:
            out[k] = f"{names[k]}{b[k]}"
            refined = True
        elif b[k]:
            out[k] = f"{names[k]}{b[k]}"
        k += len(span)
    if not refined:
        return None
    return Header(out, top.groups + groups, below)


def _continues(top: list[str], below: list[str]) -> bool:
    """Every cell of ``below`` sits under a filled cell of ``top``, and ``below`` has fewer."""
    filled = [k for k, c in enumerate(below) if c]
    return bool(filled) and all(top[k] for k in filled) and len(filled) < sum(1 for c in top if c)


def is_numbering(row: Row) -> bool:
    """A row numbering the columns (``栏次 | 1 | 2 | 3``), not data."""
    if row.cells and row.cells[0] in ("栏次", "行次", "列次", "序号", "栏号"):
        return True
    ints = [c for c in row.cells if c]
    return len(ints) >= 3 and counts_up(ints)


def counts_up(texts: list[str]) -> bool:
    """Are ``texts`` whole numbers counting up by one (``1 2 3``, ``3 4 5``)?"""
    return bool(texts) and all(t.isdigit() for t in texts) and [int(t) for t in texts] == list(
        range(int(texts[0]), int(texts[0]) + len(texts)))


def align(header: Header, row: Row) -> list[tuple[str, int | None]]:
    """The row's cells under the header's columns: ``(cell, index in row.cells)``.

    A row no wider than the header, or one that starts with its label, is read cell by cell (its
    trailing empty cells were dropped); a wider row starting empty has extra leading merged cells
    and is aligned from the right."""
    n, w, at = len(row.cells), len(header.names), row.offset
    if n <= w or row.cells[0]:
        return [(row.cells[k], k + at) if k < n else ("", None) for k in range(w)]
    shift = w - n
    return [("", None) if k < shift else (row.cells[k - shift], k - shift + at) for k in range(w)]


def named(header: Header, cells: list[tuple[str, int | None]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, (cell, _) in zip(header.names, cells):
        if name and name not in out:
            out[name] = cell
    return out


def cell_start(text: str, index: int | None, starts: list[int] | None = None) -> int:
    """Position in the line of the row cell ``index`` (its first non-blank character); ``starts``: where
    each cell of a row split by spaces starts (:attr:`Row.starts`)."""
    if index is None:
        return 0
    if starts is not None:
        return starts[index] if 0 <= index < len(starts) else 0
    bar = "|" if text.count("|") >= 2 else "│" if ("│" in text or "┃" in text) else ""
    if "\t" in text or not bar:
        parts, before = text.split("\t"), 0
    else:   # cells split by "|" or a box bar (:func:`split_cells`); a bar opening the line opens the first cell
        body = text.replace("┃", "│").lstrip()
        before = len(text) - len(body)
        if body.startswith(bar):
            body, before = body[1:], before + 1
        parts = body.split(bar)
    index = min(index, len(parts) - 1)
    return before + sum(len(c) + 1 for c in parts[:index]) + (len(parts[index]) - len(parts[index].lstrip()))


def label(row: Row) -> str:
    """The row's name: its first cell, or the most telling of its first three text cells."""
    if row.name is None:
        first = next((c for c in row.cells if c), "")
        if TOTAL_ROW.match(first) or first.startswith("其中"):
            row.name = first
        else:
            texts = [c for c in row.cells[:4] if c and not is_number(c) and len(c) <= 24]
            row.name = max(texts, key=len) if texts else first
    return row.name
