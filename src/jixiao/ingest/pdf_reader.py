"""PDF reports: text lines with pypdfium2, ruled tables with pdfplumber, borderless tables by
column alignment.

Text comes from pdfium's text rectangles, grouped into visual lines by their vertical
position; pieces of a line far apart (a gap wider than 1.2 character heights) are cells.  Then:

* page headers and footers — a line at the top or bottom of the page that repeats (digits
  aside) on at least half of the pages, or a bare page number — are dropped, so that a
  paragraph running over a page break joins up again;
* consecutive lines with several cells are a borderless table: the cells' horizontal extents
  are merged into columns and every row is written with one cell per column (empty where the
  row has none), so that it lines up with its header like a typed .txt table;
* pages that draw lines (ruled tables) are also read with pdfplumber: each table row becomes
  one line with its cells joined by tabs, placed where the table stands, and the page text
  inside the table is dropped;
* a line that runs to the right margin was wrapped by the typesetter, so the next line is
  joined to it (also across a page break).

Locators read ``p3:L12`` (page 3, 12th line) and ``p3:表1:行2``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from jixiao.ingest.pdf_layout import align_borderless

_LIST_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)|[①-⑳]|第[一二三四五六七八九十]+部分)")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
                          r"|\d{1,4}\s*[/／]\s*\d{1,4}|\d{1,4}\s*页)\s*$")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
_EDGE = 2   # lines at the top and at the bottom of a page that may be a header or a footer
_HEAD_MAX = 40   # a running header or footer is short
_CELL_GAP = 1.2   # pieces of a line further apart than this many character heights are cells


@dataclass
class _Line:
    top: float
    left: float
    right: float
    text: str
    locator: str
    table: bool = False
    cells: list[tuple[float, float, str]] = field(default_factory=list)


def read_pdf_lines(path: str) -> list[tuple[str, str]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(path)
    plumber = None
    pages: list[list[_Line]] = []
    try:
        for page_no in range(1, len(pdf) + 1):
            page = pdf[page_no - 1]
            lines = _text_lines(page, page.get_height(), page_no)
            paths = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))
            if paths >= 4:
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(path)
                lines = _with_tables(lines, plumber.pages[page_no - 1], page_no)
            pages.append(lines)
    finally:
        pdf.close()
        if plumber is not None:
            plumber.close()
    _drop_headers_and_footers(pages)
    out: list[tuple[str, str]] = []
    carry_full = False
    for lines in pages:
        align_borderless(lines)
        carry_full = _emit(lines, out, carry_full)
    return out


def _text_lines(page, height: float, page_no: int) -> list[_Line]:  # type: ignore[no-untyped-def]
    textpage = page.get_textpage()
    boxes = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", "")
        if text.strip():
            boxes.append((height - top, height - bottom, left, right, text))
    boxes.sort(key=lambda b: (round(b[0] + b[1]), b[2]))
    lines: list[_Line] = []
    groups: list[list[tuple[float, float, float, float, str]]] = []
    for box in boxes:
        mid = (box[0] + box[1]) / 2
        if groups and groups[-1][0][0] <= mid <= groups[-1][0][1]:
            groups[-1].append(box)
        else:
            groups.append([box])
    for n, group in enumerate(groups, start=1):
        group.sort(key=lambda b: b[2])
        cells = [[group[0][2], group[0][3], group[0][4]]]
        for prev, box in zip(group, group[1:]):
            size = max(1.0, prev[1] - prev[0])
            if box[2] - prev[3] > _CELL_GAP * size:
                cells.append([box[2], box[3], box[4]])
            else:
                cells[-1][1] = box[3]
                cells[-1][2] += box[4]
        text = "\t".join(c[2] for c in cells)
        lines.append(_Line(group[0][0], group[0][2], group[-1][3], text, f"p{page_no}:L{n}",
                           cells=[(c[0], c[1], c[2]) for c in cells]))
    return lines


def _with_tables(lines: list[_Line], page, page_no: int) -> list[_Line]:  # type: ignore[no-untyped-def]
    tables = page.find_tables()
    if not tables:
        return lines
    kept = [ln for ln in lines if not any(t.bbox[1] - 1 <= ln.top <= t.bbox[3] + 1 and
                                          t.bbox[0] - 1 <= ln.left <= t.bbox[2] + 1 for t in tables)]
    for t_no, table in enumerate(tables, start=1):
        x0, top, x1, _ = table.bbox
        for r_no, row in enumerate(table.extract(), start=1):
            cells = [("" if c is None else c.replace("\n", "")).strip() for c in row]
            while cells and not cells[-1]:
                cells.pop()
            kept.append(_Line(top + r_no * 0.001, x0, x1, "\t".join(cells), f"p{page_no}:表{t_no}:行{r_no}", True))
    kept.sort(key=lambda ln: ln.top)
    return kept


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_headers_and_footers(pages: list[list[_Line]]) -> None:
    """Remove running heads and feet (repeated on half the pages or more) and bare page numbers."""
    counts: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        text_lines = [ln for ln in lines if not ln.table]
        seen = {("top", _shape(ln.text)) for ln in text_lines[:_EDGE]}
        seen |= {("bottom", _shape(ln.text)) for ln in text_lines[-_EDGE:]}
        counts.update(seen)
    repeated = {key for key, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2) and key[1]
                and key[1] != "#" and len(key[1]) <= _HEAD_MAX}
    offset = _page_number_offset(pages)
    for page_no, lines in enumerate(pages, start=1):
        text_lines = [ln for ln in lines if not ln.table]
        edge = {id(ln): "top" for ln in text_lines[:_EDGE]} | {id(ln): "bottom" for ln in text_lines[-_EDGE:]}
        lines[:] = [ln for ln in lines if not (id(ln) in edge and (
            (edge[id(ln)], _shape(ln.text)) in repeated or _PAGE_NUMBER.match(ln.text)
            or (offset is not None and (m := _BARE_NUMBER.match(ln.text)) and int(m.group(1)) - page_no == offset)))]


def _page_number_offset(pages: list[list[_Line]]) -> int | None:
    """A bare number at a page's edge is its page number when such numbers run with the pages
    (the same offset from the page index on at least half of the pages); else it may be a score."""
    offsets: Counter[int] = Counter()
    for page_no, lines in enumerate(pages, start=1):
        text_lines = [ln for ln in lines if not ln.table]
        found = {int(m.group(1)) - page_no for ln in text_lines[:_EDGE] + text_lines[-_EDGE:]
                 if (m := _BARE_NUMBER.match(ln.text))}
        offsets.update(found)
    if not offsets or len(pages) < 2:
        return None
    best, n = offsets.most_common(1)[0]
    return best if n >= max(2, len(pages) / 2) else None


def _emit(lines: list[_Line], out: list[tuple[str, str]], carry_full: bool) -> bool:
    """Append lines, joining a line to the previous one when the previous ran to the right margin
    and this one is not indented (a new paragraph) and does not start a numbered item."""
    text_lines = [ln for ln in lines if not ln.table and "\t" not in ln.text]
    margin = max((ln.right for ln in text_lines), default=0.0)
    left = min((ln.left for ln in text_lines), default=0.0)
    size = _line_height(text_lines)
    full = carry_full
    for ln in lines:
        if ln.table or "\t" in ln.text:
            out.append((ln.text, ln.locator))
            full = False
            continue
        indented = ln.left > left + 0.8 * size
        if full and out and not indented and not _LIST_START.match(ln.text) and "\t" not in out[-1][0]:
            out[-1] = (out[-1][0] + ln.text, out[-1][1])
        else:
            out.append((ln.text, ln.locator))
        full = margin > 0 and ln.right >= margin - 3 * size and len(ln.text) > 8
    return full


def _line_height(lines: list[_Line]) -> float:
    """A typical distance between lines: the median gap between consecutive line tops."""
    gaps = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top)
    return gaps[len(gaps) // 2] * 0.8 if gaps else 10.0
