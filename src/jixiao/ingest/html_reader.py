"""HTML pages saved from a government site: block elements become lines, data-table rows
become lines of tab-separated cells.

* ``rowspan``/``colspan`` keep the grid: a spanned cell is written once, the cells it covers
  are left empty (as in a typed .txt table and in the .docx reader);
* ``<br>`` inside a cell is a space, ``&nbsp;`` a space;
* a *layout* table (a table whose cells hold other tables, or with one column) is not a data
  table: its cells are read as ordinary blocks, so the page's text and the data tables nested
  in it come out in reading order;
* ``<script>``, ``<style>``, ``<head>`` and comments are skipped;
* locators: ``L12`` for the 12th line of text, ``表2:行3`` for row 3 of the page's 2nd data table.

Parsed with lxml's forgiving HTML parser (unclosed ``<p>``/``<td>`` are common on such pages).
"""
from __future__ import annotations

import re
from typing import Any

_BLOCK = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "ul", "ol",
                    "blockquote", "pre", "title", "center", "dd", "dt", "dl", "form", "header", "footer", "main",
                    "nav", "aside", "figure", "figcaption", "caption", "body", "html", "tbody", "thead", "tfoot"})
_SKIP = frozenset({"script", "style", "head", "noscript", "template", "iframe", "object"})
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")
_ROW_MARK = "\x00row"   # marks a data-table row in the line list: "\x00row<N>\x00<cells>"


def read_html_lines(path: str) -> list[tuple[str, str]]:
    import lxml.html

    from jixiao.ingest.text_reader import decode_bytes

    from jixiao.ingest.limits import Unreadable

    with open(path, "rb") as fh:
        text = decode_bytes(fh.read())
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        return []
    parser = lxml.html.HTMLParser(huge_tree=False, no_network=True)
    root = lxml.html.document_fromstring(text, parser=parser)
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise Unreadable("网页的元素嵌套过深（超过256层），无法完整读取；不像是正常的报告页面")
    lines: list[str] = []
    buffer: list[str] = []
    _walk(root, lines, buffer)
    _flush(lines, buffer)
    out: list[tuple[str, str]] = []
    table = 0
    for i, line in enumerate(lines, start=1):
        if line.startswith(_ROW_MARK):
            row, _, cells = line[len(_ROW_MARK):].partition("\x00")
            table += row == "1"
            out.append((cells, f"表{table}:行{row}"))
        else:
            out.append((line, f"L{i}"))
    return out


def _tag(node: Any) -> str:
    return node.tag.lower() if isinstance(node.tag, str) else ""


def _flush(lines: list[str], buffer: list[str]) -> None:
    text = _SPACES.sub(" ", "".join(buffer)).strip()
    if text:
        lines.append(text)
    buffer.clear()


def _walk(node: Any, lines: list[str], buffer: list[str]) -> None:
    tag = _tag(node)
    if tag in _SKIP or not tag:
        _tail(node, buffer)
        return
    if tag == "br":
        _flush(lines, buffer)
        _tail(node, buffer)
        return
    if tag == "table":
        _flush(lines, buffer)
        if _is_layout(node):
            for cell in node.iter("td", "th"):
                if _nearest_table(cell) is node:
                    _flush(lines, buffer)
                    _children(cell, lines, buffer)
                    _flush(lines, buffer)
        else:
            lines += [f"{_ROW_MARK}{n}\x00{row}" for n, row in enumerate(_grid(node), start=1)]
        _tail(node, buffer)
        return
    block = tag in _BLOCK
    if block:
        _flush(lines, buffer)
    _children(node, lines, buffer)
    if block:
        _flush(lines, buffer)
    _tail(node, buffer)


def _children(node: Any, lines: list[str], buffer: list[str]) -> None:
    if node.text:
        buffer.append(node.text)
    for child in node:
        _walk(child, lines, buffer)


def _tail(node: Any, buffer: list[str]) -> None:
    if node.tail:
        buffer.append(node.tail)


def _nearest_table(node: Any) -> Any:
    parent = node.getparent()
    while parent is not None and _tag(parent) != "table":
        parent = parent.getparent()
    return parent


def _rows(table: Any) -> list[Any]:
    return [tr for tr in table.iter("tr") if _nearest_table(tr) is table]


def _is_layout(table: Any) -> bool:
    """A table used to lay a page out: its cells hold tables, or it has a single column."""
    for inner in table.iter("table"):
        if inner is not table:
            return True
    rows = _rows(table)
    widest = max((len([c for c in tr if _tag(c) in ("td", "th")]) for tr in rows), default=0)
    return widest <= 1


def _cell_text(cell: Any) -> str:
    parts: list[str] = []

    def collect(node: Any) -> None:
        tag = _tag(node)
        if tag in _SKIP:
            parts.append(node.tail or "")
            return
        if tag == "br" or tag in ("p", "div"):
            parts.append(" ")
        if node.text and tag not in _SKIP:
            parts.append(node.text)
        for child in node:
            collect(child)
        if tag in ("p", "div"):
            parts.append(" ")
        if node is not cell and node.tail:
            parts.append(node.tail)

    collect(cell)
    return _SPACES.sub(" ", "".join(parts)).strip().replace("\t", " ")


def _grid(table: Any) -> list[str]:
    """Rows with rowspan/colspan expanded: the spanned text once, covered cells empty."""
    lines: list[str] = []
    covered: dict[int, int] = {}        # column → further rows a rowspan above still covers
    for tr in _rows(table):
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        row: list[str] = []
        started: dict[int, int] = {}
        col = ci = 0
        while ci < len(cells) or any(c >= col for c in covered):
            if covered.get(col, 0) > 0 or ci >= len(cells):
                row.append("")
                col += 1
                continue
            cell = cells[ci]
            ci += 1
            span, down = _int(cell.get("colspan")), _int(cell.get("rowspan"))
            row += [_cell_text(cell)] + [""] * (span - 1)
            for k in range(span):
                if down > 1:
                    started[col + k] = down - 1
            col += span
        covered = {c: n - 1 for c, n in covered.items() if n > 1}
        covered.update(started)
        while row and not row[-1]:
            row.pop()
        if any(row):
            lines.append("\t".join(row))
    return lines


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 200))
    except (TypeError, ValueError):
        return 1
