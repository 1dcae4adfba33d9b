"""A published report read into lines: the common shape every reader returns.

A :class:`PublishedDoc` is a list of :class:`DocLine`: the normalised text of one line
(a paragraph, a wrapped PDF line joined back, or a table row whose cells are joined by
tabs), where it was (``locator``: ``L56``, ``p3:L12``, ``¶40``, ``表2:行3``) and how
to map a position back to a column of the original (``edits``); a line joined from several keeps
where each joined part starts and came from (``joins``), so that a position maps back to its own
line and column (:meth:`DocLine.place`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from jixiao.findings import Finding, error
from jixiao.ingest.cell_lines import MIN_CELLS, bar_cell_line, bar_line, cell_of, grid_width
from jixiao.ingest.limits import Unreadable
from jixiao.ingest.normalise import NO_EDITS, Edits, join_broken, normalise_lines
from jixiao.model.source import Source

READABLE = (".txt", ".docx", ".pdf", ".html", ".htm", ".xlsx")
_KIND = {".txt": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}
#: longest line a report may have, in characters: a real paragraph has a few thousand
MAX_LINE_CHARS = 200_000
#: most lines a report may have (a 500-page report has about 30,000)
MAX_LINES = 1_000_000



#: a line joined to the one before: where its text starts in the joined text, its locator, its edits
#: and how many leading spaces were dropped when it was joined
Join = tuple[int, str, Edits, int]


@dataclass(slots=True)
class DocLine:
    text: str
    locator: str
    edits: Edits = NO_EDITS
    joins: tuple[Join, ...] = ()

    def __init__(self, text: str, locator: str, edits: Edits = NO_EDITS, joins: tuple[Join, ...] = ()) -> None:
        # written out: under mypyc the ``__init__`` the dataclass decorator makes is interpreted
        # Python (5× slower), while this one is compiled (see src/jixiao/native.py)
        self.text = text
        self.locator = locator
        self.edits = edits
        self.joins = joins

    def place(self, pos: int) -> tuple[str, int]:
        """The locator of the original line normalised position ``pos`` came from, and its 1-based
        column there: a line joined from several (``552.`` / ``21万元``, a sentence wrapped at the
        margin) maps each position back to its own line."""
        for start, locator, edits, lead in reversed(self.joins):
            if pos >= start:
                return locator, edits.original(pos - start + lead) + 1
        return self.locator, self.edits.original(pos) + 1


@dataclass
class PublishedDoc:
    path: str
    lines: list[DocLine]

    def __init__(self, path: str, lines: list[DocLine]) -> None:
        # written out so mypyc compiles it (tests/test_native.py)
        self.path = path
        self.lines = lines

    @property
    def chars(self) -> int:
        return sum(len(line.text) for line in self.lines)


def make_lines(raw: list[tuple[str, str]]) -> list[DocLine]:
    """Normalise ``(text, locator)`` pairs and join lines broken inside a number or before a unit."""
    out: list[DocLine] = []
    normalised = normalise_lines([text.rstrip("\r\n") for text, _ in raw])
    for (norm, edits), (_, locator) in zip(normalised, raw):
        body = norm.lstrip()
        if out and norm and join_broken(out[-1].text, body):
            prev = out[-1]
            prev.joins = prev.joins + ((len(prev.text), locator, edits, len(norm) - len(body)),)
            prev.text = prev.text + body
            continue
        out.append(DocLine(norm, locator, edits))
    return _cell_rows(out)


def _cell_rows(lines: list[DocLine]) -> list[DocLine]:
    """Runs of lines that each hold one table cell closed by ``|`` put back into rows of cells, when
    the run cuts into rows one way only (:mod:`jixiao.ingest.cell_lines`); each rebuilt row keeps
    where every cell came from (``joins``)."""
    out: list[DocLine] = []
    i, n = 0, len(lines)
    while i < n:
        text = lines[i].text
        if text.endswith("|") and cell_of(text) is not None:
            cells, ends = _closed_cells(lines, i)
        elif i + 1 < n and lines[i + 1].text.endswith("|") and bar_line(lines[i + 1].text) and bar_cell_line(text):
            cells, ends = _barred_cells(lines, i)
        else:
            out.append(lines[i])
            i += 1
            continue
        j = ends[-1] if ends else i + 1
        width = grid_width(cells) if len(cells) >= MIN_CELLS else None
        if width is None:
            out.extend(lines[i:j])
        else:
            start = i
            for last in range(width - 1, len(cells), width):
                first = lines[start]
                row = DocLine(first.text, first.locator, first.edits)
                for part in lines[start + 1:ends[last]]:
                    row.joins = row.joins + ((len(row.text), part.locator, part.edits, 0),)
                    row.text = row.text + part.text
                out.append(row)
                start = ends[last]
        i = j
    return out


def _closed_cells(lines: list[DocLine], i: int) -> tuple[list[str], list[int]]:
    """The cells of a run of lines each holding one cell closed by ``|``, from line ``i``, and the line
    after each cell."""
    cells: list[str] = []
    ends: list[int] = []
    j = i
    while j < len(lines) and not lines[j].joins and (cell := cell_of(lines[j].text)) is not None:
        cells.append(cell)
        j += 1
        ends.append(j)
    return cells, ends


def _barred_cells(lines: list[DocLine], i: int) -> tuple[list[str], list[int]]:
    """The cells of a run of cells each followed by a line holding only ``|`` (a ``|`` right after a
    ``|`` closes an empty cell), from line ``i``, and the line after each cell's bar."""
    cells: list[str] = []
    ends: list[int] = []
    j, n = i, len(lines)
    while j < n and not lines[j].joins:
        if bar_line(lines[j].text):
            cells.append("")
            j += 1
            ends.append(j)
            continue
        k = j
        while k < n and k - j < (1 if not cells else 3) and not lines[k].joins and bar_cell_line(lines[k].text):
            k += 1
        if k == j or k >= n or lines[k].joins or not bar_line(lines[k].text):
            break
        cells.append("".join(line.text.strip() for line in lines[j:k]))
        j = k + 1
        ends.append(j)
    return cells, ends


def read_published(path: str, doc: str | None = None) -> tuple[PublishedDoc | None, list[Finding]]:
    """Read a .txt/.docx/.pdf/.html/.xlsx report.  A file that cannot be read gives a finding, never an exception."""
    from jixiao.findings import UnusableInput
    from jixiao.ingest.limits import check_input, check_zip

    doc = doc or path
    ext = os.path.splitext(path)[1].lower()
    if ext not in READABLE:
        return None, [_unreadable(doc, f"不支持的文件类型“{ext or '无扩展名'}”，可审核 .txt、.docx、.pdf、.html、.xlsx")]
    try:
        check_input(path, _KIND[ext], doc)
        if ext in (".docx", ".xlsx"):
            check_zip(path, _KIND[ext], doc)
    except UnusableInput as exc:
        return None, [_unreadable(doc, exc.findings[0].message)]
    try:
        raw = _READERS[ext](path)
    except Unreadable as exc:
        return None, [_unreadable(doc, str(exc))]
    except RecursionError:
        return None, [_unreadable(doc, "文件结构嵌套过深，无法读取；不像是正常的报告")]
    except MemoryError:
        return None, [_unreadable(doc, "文件内容过多，超出可用内存；请检查是否选错了文件")]
    except Exception as exc:  # a broken file is a finding for that file; the run goes on
        return None, [_unreadable(doc, f"无法读取该文件：文件已损坏或格式不对（{type(exc).__name__}）；请用原程序另存后重试")]
    long = next((loc for text, loc in raw if len(text) > MAX_LINE_CHARS), None)
    if long is not None:
        return None, [error("AUDIT-READ", f"该处一行文字超过{MAX_LINE_CHARS}字，不像是正常的报告（可能是选错了文件）", Source(doc, long))]
    if len(raw) > MAX_LINES:
        return None, [_unreadable(doc, f"文件超过{MAX_LINES}行，不像是一份报告；请检查是否选错了文件")]
    lines = make_lines(raw)
    if not any(line.text.strip() for line in lines):
        return PublishedDoc(doc, lines), [_unreadable(doc, "文件中没有可读取的文字（可能是扫描件图片，需先做文字识别）")]
    return PublishedDoc(doc, lines), []


def _unreadable(doc: str, message: str) -> Finding:
    return error("AUDIT-READ", message, Source(doc, "L1"))


def _txt(path: str) -> list[tuple[str, str]]:
    from jixiao.ingest.text_reader import read_text_lines

    return read_text_lines(path)


def _docx(path: str) -> list[tuple[str, str]]:
    from jixiao.ingest.docx_reader import read_docx_lines

    return read_docx_lines(path)


def _pdf(path: str) -> list[tuple[str, str]]:
    from jixiao.ingest.pdf_reader import read_pdf_lines

    return read_pdf_lines(path)


def _html(path: str) -> list[tuple[str, str]]:
    from jixiao.ingest.html_reader import read_html_lines

    return read_html_lines(path)


def _xlsx(path: str) -> list[tuple[str, str]]:
    from jixiao.ingest.xlsx_reader import read_xlsx_lines

    return read_xlsx_lines(path)


_READERS = {".txt": _txt, ".docx": _docx, ".pdf": _pdf, ".html": _html, ".htm": _html, ".xlsx": _xlsx}
