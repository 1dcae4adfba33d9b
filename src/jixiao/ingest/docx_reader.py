"""Word (.docx) reports: paragraphs and table rows in document order.

A paragraph becomes one line (locator ``¶N``, N counting the body's paragraphs); a table
row becomes one line with its cells joined by tabs (locator ``表T:行R``).  A horizontally
merged cell is read once.
"""
from __future__ import annotations


def read_docx_lines(path: str) -> list[tuple[str, str]]:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(path)
    body = document.element.body
    out: list[tuple[str, str]] = []
    para_no = table_no = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            para_no += 1
            out.append((_para_text(child), f"¶{para_no}"))
        elif child.tag == qn("w:tbl"):
            table_no += 1
            out += _table_lines(child, table_no)
    return out


def _para_text(p) -> str:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn

    parts: list[str] = []
    for node in p.iter():
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("")
    return "".join(parts)


def _table_lines(tbl, table_no: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn

    out = []
    for row_no, tr in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            text = "".join(_para_text(p) for p in tc.iterchildren(qn("w:p")))
            cells.append(text.replace("\t", " ").strip())
        while cells and not cells[-1]:
            cells.pop()
        out.append(("\t".join(cells), f"表{table_no}:行{row_no}"))
    return out
