"""Test helpers: write a clean .txt report the messy ways real published reports come.

* :func:`messy_docx` — tables with merged cells (``gridSpan`` and ``vMerge``) and a two-row header;
* :func:`messy_html` — a page laid out in a layout table, data tables with ``rowspan``/``colspan``,
  ``&nbsp;``, ``<br>`` in cells, numbers split by ``<span>``, saved in GBK;
* :func:`messy_pdf` — a running header and page number on every page, tables without ruling
  lines, paragraphs broken across pages (Typst; text reaches it only as JSON data);
* :func:`messy_txt` — GB18030 with CRLF, full-width indentation, hard-wrapped at a fixed width
  so that numbers break across lines.

A table in the clean text is a run of lines with tabs; a first row with empty cells followed by
a second header row is a two-row header whose spans are merged.
"""
from __future__ import annotations

import html
import json
from pathlib import Path



def blocks(text: str) -> list[dict]:
    """Paragraphs and tables (two-cell rows included) of a clean report."""
    out: list[dict] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            cols = max(len(r) for r in rows)
            out.append({"kind": "table", "rows": [r + [""] * (cols - len(r)) for r in rows], "cols": cols})
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            cells = line.split("\t")
            while cells and not cells[-1].strip():
                cells.pop()
            rows.append([c.strip() for c in cells])
            continue
        flush()
        if line.strip():
            out.append({"kind": "p", "text": line.strip()})
    flush()
    return out


def spans(rows: list[list[str]]) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
    """Merges implied by a two-row header: (row, first col, last col) across, (col, row) down."""
    across: list[tuple[int, int, int]] = []
    down: list[tuple[int, int]] = []
    if len(rows) < 2 or any(c.replace(".", "").isdigit() for c in rows[1]):
        return across, down
    top, below = rows[0], rows[1]
    k = 0
    while k < len(top):
        end = k
        while end + 1 < len(top) and not top[end + 1] and below[end + 1]:
            end += 1
        if top[k] and end > k:
            across.append((0, k, end))
        elif top[k] and not below[k]:
            down.append((k, 0))
        k = end + 1
    return across, down


def messy_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for block in blocks(text):
        if block["kind"] == "p":
            document.add_paragraph(block["text"])
            continue
        rows = block["rows"]
        table = document.add_table(rows=len(rows), cols=block["cols"])
        across, down = spans(rows)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        for r, first, last in across:
            merged = table.cell(r, first).merge(table.cell(r, last))
            merged.text = rows[r][first]
        for c, r in down:
            merged = table.cell(r, c).merge(table.cell(r + 1, c))
            merged.text = rows[r][c]
    document.save(str(path))
    return path


def _html_table(rows: list[list[str]]) -> str:
    across, down = spans(rows)
    skip = {(r, c) for r, first, last in across for c in range(first + 1, last + 1)}
    skip |= {(r + 1, c) for c, r in down}
    out = ['<table border="1" cellspacing="0">']
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, value in enumerate(row):
            if (r, c) in skip:
                continue
            attrs = "".join(f' colspan="{last - first + 1}"' for rr, first, last in across if rr == r and first == c)
            attrs += "".join(' rowspan="2"' for cc, rr in down if rr == r and cc == c)
            cell = html.escape(value)
            if len(value) == 4 and not value[0].isdigit():
                cell = f"{cell[:2]}<br/>{cell[2:]}"
            elif value.endswith(".00"):
                cell = f"<span>{cell[:-3]}</span>.00&nbsp;"
            out.append(f"<td{attrs}><p class=MsoNormal>{cell}</p></td>")
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def messy_html(text: str, path: Path) -> Path:
    body = []
    for block in blocks(text):
        if block["kind"] == "p":
            para = html.escape(block["text"]).replace("，", "，<span style='color:red'>", 1)
            body.append(f"<p style='text-indent:2em'>&nbsp;&nbsp;{para}</span></p>")
        else:
            body.append(_html_table(block["rows"]))
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gbk'>"
            "<title>决算公开</title><script>var x = '1,234.56万元';</script></head><body>"
            "<table width='100%'><tr><td width='20%'><a href='#'>首页</a></td><td>"
            "<table><tr><td>" + "\n".join(body) + "</td></tr></table>"
            "</td></tr></table></body></html>")
    path.write_bytes(page.encode("gbk"))
    return path


TYPST_MESSY = """
#let data = json("data.json")
#set page(paper: "a5", margin: (x: 1.6cm, y: 2.2cm),
  header: align(center, text(size: 8pt, data.header)),
  footer: context align(center, text(size: 8pt, [- #counter(page).display() -])))
#set text(font: "Noto Serif SC", size: 9pt, cjk-latin-spacing: none, lang: "zh")
#set par(spacing: 0.7em, justify: true, first-line-indent: (amount: 2em, all: true))
#for b in data.blocks {
  if b.kind == "p" {
    par(b.text)
  } else {
    table(columns: b.cols, stroke: none, column-gutter: 1.2em, inset: 2pt, ..b.cells.map(c => text(size: 7pt, c)))
  }
}
"""


def messy_pdf(text: str, path: Path, filler: str = "") -> Path:
    import typst
    from pylopdf_fonts_zh_cn import serif_path  # type: ignore[import-not-found]

    items = []
    for block in blocks(text):
        if block["kind"] == "p":
            items.append({"kind": "p", "text": block["text"]})
            if filler:
                items.append({"kind": "p", "text": filler})
        else:
            items.append({"kind": "table", "cols": block["cols"], "cells": [c for r in block["rows"] for c in r]})
    work = path.parent / (path.stem + "_typst")
    work.mkdir(parents=True, exist_ok=True)
    data = {"blocks": items, "header": "某某区司法局2023年度部门决算公开"}
    (work / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (work / "main.typ").write_text(TYPST_MESSY, encoding="utf-8")
    pdf = typst.compile(str(work / "main.typ"), font_paths=[str(Path(serif_path()).parent)], ignore_system_fonts=True)
    path.write_bytes(pdf)
    return path


def _width(ch: str) -> int:
    import unicodedata

    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def hard_wrap(line: str, width: int) -> list[str]:
    out, current, used = [], "", 0
    for ch in line:
        w = _width(ch)
        if used + w > width:
            out.append(current)
            current, used = "", 0
        current += ch
        used += w
    out.append(current)
    return out


def messy_txt(text: str, path: Path, width: int = 40) -> Path:
    lines: list[str] = []
    for line in text.splitlines():
        if "\t" in line or not line.strip():
            lines.append(line)
            continue
        lines += hard_wrap("\u3000\u3000" + line.replace("，", "， ", 1), width)
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    return path
