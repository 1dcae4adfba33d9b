"""Word (.docx) reports: paragraphs and table rows in document order.

A paragraph becomes one line (locator ``¶N``, N counting the body's paragraphs); a table
row becomes one line with its cells joined by tabs (locator ``表T:行R``).  Merged cells keep
the grid: a cell spanning several columns (``gridSpan``) is written once followed by empty
cells, and a cell continuing a vertical merge (``vMerge``) is empty, exactly as a typed
.txt table shows them.  Spans are clamped to :data:`MAX_SPAN` columns (as in the HTML reader), so a
cell claiming two billion columns cannot blow the row up.  Content controls (``w:sdt``) are read through; a table nested in a
cell (a layout table) is read as its own rows after the row that holds it.
"""
from __future__ import annotations

from typing import Any

#: widest span of one cell, and most empty grid columns before a row's first cell
MAX_SPAN = 200


def read_docx_lines(path: str) -> list[tuple[str, str]]:
    import docx

    document = docx.Document(path)
    state = {"para": 0, "table": 0}
    out: list[tuple[str, str]] = []
    _blocks(document.element.body, out, state)
    return out


def _blocks(parent: Any, out: list[tuple[str, str]], state: dict[str, int]) -> None:
    from docx.oxml.ns import qn

    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            state["para"] += 1
            out.append((_para_text(child), f"¶{state['para']}"))
        elif child.tag == qn("w:tbl"):
            state["table"] += 1
            out += _table_lines(child, state["table"], state)
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins")):
            _blocks(child, out, state)


def _para_text(p: Any) -> str:
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


def _cell_text(tc: Any) -> str:
    from docx.oxml.ns import qn

    paras = [_para_text(p) for p in tc.iter(qn("w:p")) if _own(p, tc)]
    return " ".join(t.strip() for t in paras if t.strip()).replace("\t", " ")


def _own(p: Any, tc: Any) -> bool:
    """A paragraph of this cell, not of a table nested in it."""
    from docx.oxml.ns import qn

    node = p.getparent()
    while node is not None and node is not tc:
        if node.tag == qn("w:tbl"):
            return False
        node = node.getparent()
    return True


def _span(tc: Any) -> int:
    from docx.oxml.ns import qn

    pr = tc.find(qn("w:tcPr"))
    grid = pr.find(qn("w:gridSpan")) if pr is not None else None
    return _clamp(grid.get(qn("w:val"), "1"), 1) if grid is not None else 1


def _grid_before(tr: Any) -> int:
    """Grid columns a row leaves empty before its first cell."""
    from docx.oxml.ns import qn

    pr = tr.find(qn("w:trPr"))
    before = pr.find(qn("w:gridBefore")) if pr is not None else None
    return _clamp(before.get(qn("w:val"), "0"), 0) if before is not None else 0


def _clamp(text: str, least: int) -> int:
    """A span attribute as a number between ``least`` and :data:`MAX_SPAN` (garbage counts as ``least``)."""
    text = (text or "").strip()
    if not text.isdigit():
        return least
    return max(least, min(int(text[:9]), MAX_SPAN))


def _continues_merge(tc: Any) -> bool:
    from docx.oxml.ns import qn

    pr = tc.find(qn("w:tcPr"))
    merge = pr.find(qn("w:vMerge")) if pr is not None else None
    return merge is not None and merge.get(qn("w:val"), "continue") != "restart"


def _table_lines(tbl: Any, table_no: int, state: dict[str, int]) -> list[tuple[str, str]]:
    from docx.oxml.ns import qn

    out: list[tuple[str, str]] = []
    for row_no, tr in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
        cells: list[str] = [""] * _grid_before(tr)
        nested: list[Any] = []
        for tc in tr.iterchildren(qn("w:tc")):
            text = "" if _continues_merge(tc) else _cell_text(tc)
            cells += [text] + [""] * (_span(tc) - 1)
            nested += list(tc.iterchildren(qn("w:tbl")))
        while cells and not cells[-1]:
            cells.pop()
        out.append(("\t".join(cells), f"表{table_no}:行{row_no}"))
        for inner in nested:
            state["table"] += 1
            out += _table_lines(inner, state["table"], state)
    return out
