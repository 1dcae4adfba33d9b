"""A published report read into lines: the common shape every reader returns.

A :class:`PublishedDoc` is a list of :class:`DocLine`: the normalised text of one line
(a paragraph, a wrapped PDF line joined back, or a table row whose cells are joined by
tabs), where it was (``locator``: ``L56``, ``p3:L12``, ``¶40``, ``表2:行3``, ``附表1!A5``) and how
to map a position back to a column of the original (``edits``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from jixiao.findings import Finding, error
from jixiao.ingest.normalise import NO_EDITS, Edits, join_broken, normalise_lines
from jixiao.model.source import Source

READABLE = (".txt", ".docx", ".pdf", ".html", ".htm", ".xlsx")
MAX_BYTES = 60 * 1024 * 1024


@dataclass(slots=True)
class DocLine:
    text: str
    locator: str
    edits: Edits = NO_EDITS

    def column(self, pos: int) -> int:
        """1-based column in the original line of normalised position ``pos``."""
        return self.edits.original(pos) + 1


@dataclass
class PublishedDoc:
    path: str
    lines: list[DocLine]

    @property
    def chars(self) -> int:
        return sum(len(line.text) for line in self.lines)


def make_lines(raw: list[tuple[str, str]]) -> list[DocLine]:
    """Normalise ``(text, locator)`` pairs and join lines broken inside a number or before a unit."""
    out: list[DocLine] = []
    normalised = normalise_lines([text.rstrip("\r\n") for text, _ in raw])
    for (norm, edits), (_, locator) in zip(normalised, raw):
        if out and norm and join_broken(out[-1].text, norm.lstrip()):
            prev = out[-1]
            prev.text = prev.text + norm.lstrip()
            continue
        out.append(DocLine(norm, locator, edits))
    return out


def read_published(path: str, doc: str | None = None) -> tuple[PublishedDoc | None, list[Finding]]:
    """Read a .txt/.docx/.pdf/.html/.xlsx report.  A file that cannot be read gives a finding, never an exception."""
    doc = doc or path
    ext = os.path.splitext(path)[1].lower()
    try:
        size = os.path.getsize(path)
        if ext not in READABLE:
            return None, [_unreadable(doc, f"不支持的文件类型“{ext or '无扩展名'}”，可审核 .txt、.docx、.pdf、.html、.xlsx")]
        if size > MAX_BYTES:
            return None, [_unreadable(doc, f"文件过大（{size // 1024 // 1024} MB），超过 {MAX_BYTES // 1024 // 1024} MB 上限")]
        raw = _READERS[ext](path)
    except Exception as exc:  # a broken file is a finding for that file; the run goes on
        return None, [_unreadable(doc, f"无法读取该文件（{type(exc).__name__}: {str(exc)[:120]}）")]
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
