"""The neutral document: blocks that every writer (docx, xlsx, pdf, html) lays out the same way.

Section builders produce these blocks from finished results; writers never look
at the filing.  A table is a grid of cells with row and column spans; ``grid()``
places every cell so that all writers agree on where a merged cell sits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator, Union

MISSING = "未填报"
LANDSCAPE_MIN_COLUMNS = 8       # a table this wide goes on a landscape page (Word and PDF)


@dataclass(frozen=True)
class Heading:
    level: int                      # 1 = part (第一部分…), 2 = section, 3 = subsection
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"             # body | note | missing | center | right | quote


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    align: str = "left"             # left | center | right
    value: Decimal | int | None = None   # the number behind ``text`` (xlsx writes it as a number)
    number_format: str | None = None     # Excel number format for ``value``
    header: bool = False
    bold: bool = False
    missing: bool = False


@dataclass(frozen=True)
class Table:
    anchor: str
    title: str
    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    ncols: int
    widths: tuple[float, ...] = ()          # relative column widths
    unit_note: str = ""                     # e.g. 单位：万元
    notes: tuple[str, ...] = ()
    sheet: str | None = None                # worksheet name in the workbook; None = not in the workbook
    caption_above: tuple[str, ...] = ()     # lines printed above the grid (e.g. 项目名称, 自评等级)
    orientation: str = "auto"               # auto | portrait | landscape (auto: landscape when too wide)

    @property
    def landscape(self) -> bool:
        """Printed on a landscape page: asked for, or too many columns to read on a portrait one."""
        if self.orientation != "auto":
            return self.orientation == "landscape"
        return self.ncols >= LANDSCAPE_MIN_COLUMNS


@dataclass(frozen=True)
class Chart:
    anchor: str
    title: str
    svg: str                                # SVG for PDF (text in the packaged Noto Sans SC, which Typst embeds)
    png: bytes                              # PNG for Word; b"" when it is made from ``drawing`` on demand
    alt: str                                # text equivalent with every value, for screen readers
    width_cm: float = 15.0
    note: str = ""                          # printed under the caption (e.g. a bar derived, not computed)
    drawing: Any = field(default=None, compare=False, repr=False)   # charts.py's Drawing: other forms on demand


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Toc:
    title: str = "目录"


Block = Union[Heading, Para, Table, Chart, PageBreak, Toc]


@dataclass
class Document:
    title: str
    subtitle: str
    blocks: list[Block] = field(default_factory=list)
    year: int | None = None

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


def grid(table: Table) -> Iterator[tuple[int, int, Cell]]:
    """Yield ``(row, col, cell)`` for every cell of header then body, spans resolved.

    A cell takes the first free column of its row; cells of a row above that
    span down into this row occupy their columns.
    """
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate((*table.header, *table.body)):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            yield r, c, cell
            c += cell.colspan


def page_runs(blocks: list[Block]) -> list[tuple[bool, list[Block]]]:
    """Split the blocks into runs of one page orientation: ``[(landscape, blocks), ...]``.

    A landscape table takes with it the headings just before it (a heading never stays behind on
    the portrait page) and the chart and notes that follow it (a project's score chart).  Each run
    starts on a new page, so a PageBreak at a run's edge is dropped (it would leave a blank page).
    """
    flags = [False] * len(blocks)
    for i, block in enumerate(blocks):
        if not (isinstance(block, Table) and block.landscape):
            continue
        flags[i] = True
        j = i - 1
        while j >= 0 and isinstance(blocks[j], Heading):
            flags[j], j = True, j - 1
        k = i + 1
        while k < len(blocks) and (isinstance(blocks[k], Chart) or (isinstance(blocks[k], Para) and blocks[k].style == "note")):
            flags[k], k = True, k + 1
    for i, block in enumerate(blocks):     # a page break between two landscape blocks stays in their run
        if isinstance(block, PageBreak) and 0 < i < len(blocks) - 1 and flags[i - 1] and flags[i + 1]:
            flags[i] = True
    runs: list[tuple[bool, list[Block]]] = []
    for flag, block in zip(flags, blocks):
        if runs and runs[-1][0] == flag:
            runs[-1][1].append(block)
        else:
            runs.append((flag, [block]))
    for n, (_, run) in enumerate(runs):
        if n > 0:
            while run and isinstance(run[0], PageBreak):
                run.pop(0)
        if n < len(runs) - 1:
            while run and isinstance(run[-1], PageBreak):
                run.pop()
    return [(flag, run) for flag, run in runs if run]


def plain_text(doc: Document) -> str:
    """The document's text in reading order (headings, paragraphs, table cells, chart titles)."""
    out: list[str] = [doc.title, doc.subtitle]
    for block in doc.blocks:
        if isinstance(block, (Heading, Para)):
            out.append(block.text)
        elif isinstance(block, Table):
            out.append(block.title)
            out.extend(block.caption_above)
            for row in (*block.header, *block.body):
                out.append("\t".join(cell.text for cell in row))
            out.extend(block.notes)
        elif isinstance(block, Chart):
            out.extend((block.title, block.note))
    return "\n".join(t for t in out if t)
