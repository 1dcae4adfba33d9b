"""Test helpers: write a .txt report as .docx (python-docx) and .pdf (Typst), keeping its layout.

Consecutive lines of three or more tab-separated cells become a table; every other line a
paragraph.  Text reaches Typst only as JSON data (never spliced into markup).
"""
from __future__ import annotations

import json
from pathlib import Path

TYPST_MAIN = """
#let data = json("data.json")
#set page(paper: "a4", margin: 1.6cm)
#set text(font: "Noto Serif SC", size: 9pt, cjk-latin-spacing: none, lang: "zh")
#set par(spacing: 0.7em, justify: true, first-line-indent: (amount: 2em, all: true))
#for b in data.blocks {
  if b.kind == "p" {
    par(b.text)
  } else {
    table(columns: b.cols, inset: 3pt, ..b.cells.map(c => text(size: 7pt, c)))
  }
}
"""


def blocks(text: str) -> list[dict]:
    out: list[dict] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            cols = max(len(r) for r in rows)
            cells = [c for r in rows for c in (r + [""] * (cols - len(r)))]
            out.append({"kind": "table", "cols": cols, "cells": cells})
            rows.clear()

    for line in text.splitlines():
        cells = line.split("\t")
        while cells and not cells[-1].strip():
            cells.pop()
        if len(cells) >= 3:
            rows.append([c.strip() for c in cells])
            continue
        flush()
        para = line.replace("\t", " ").strip()
        if para:
            out.append({"kind": "p", "text": para})
    flush()
    return out


def to_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for block in blocks(text):
        if block["kind"] == "p":
            document.add_paragraph(block["text"])
        else:
            cols = block["cols"]
            cells = block["cells"]
            table = document.add_table(rows=len(cells) // cols, cols=cols)
            for k, value in enumerate(cells):
                table.cell(k // cols, k % cols).text = value
    document.save(str(path))
    return path


def to_pdf(text: str, path: Path) -> Path:
    import typst
    from pylopdf_fonts_zh_cn import serif_path  # type: ignore[import-not-found]

    work = path.parent / (path.stem + "_typst")
    work.mkdir(parents=True, exist_ok=True)
    (work / "data.json").write_text(json.dumps({"blocks": blocks(text)}, ensure_ascii=False), encoding="utf-8")
    (work / "main.typ").write_text(TYPST_MAIN, encoding="utf-8")
    pdf = typst.compile(str(work / "main.typ"), font_paths=[str(Path(serif_path()).parent)], ignore_system_fonts=True)
    path.write_bytes(pdf)
    return path
