"""PDF through Typst.  The document goes in as JSON (``sys.inputs``), never spliced into markup;
fonts come from the pip font package only (system fonts ignored), so the PDF embeds them."""
from __future__ import annotations

import datetime as dt
import json
import os
from functools import lru_cache
from importlib import resources
from typing import Any

from jixiao.render.blocks import Chart, Document, Heading, PageBreak, Para, Table, Toc, page_runs


@lru_cache(maxsize=None)
def compiler(name: str = "report.typ"):
    """The Typst compiler of ``typst/<name>``, made once per process, with the packaged fonts only."""
    import typst

    template = resources.files("jixiao.render").joinpath(f"typst/{name}")
    return typst.Compiler(str(template), root=os.path.dirname(str(template)), font_paths=_fonts(),
                          ignore_system_fonts=True)


@lru_cache(maxsize=1)
def _fonts():
    import typst

    from jixiao.render.fonts import font_dir

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(font_dir())])


def document_json(doc: Document) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    for landscape, run in page_runs(doc.blocks):
        out = [_block(b) for b in run]
        for here, after in zip(out, out[1:] + [{"t": "pb"}]):
            if here["t"] == "chart" and after["t"] == "pb" and here.get("ratio"):
                here["fit"] = True      # the last block before a new page: never a page of its own
        if landscape:
            blocks.append({"t": "landscape", "blocks": out})
        else:
            blocks += out
    return {"title": doc.title, "subtitle": doc.subtitle, "blocks": blocks}


def write_pdf(doc: Document) -> bytes:
    payload = json.dumps(document_json(doc), ensure_ascii=False)
    year = (doc.year or 2000) + 1
    stamp = dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc)
    return compiler().compile(format="pdf", sys_inputs={"data": payload}, timestamp=stamp)


def _cell(cell) -> dict[str, Any]:
    return {"text": cell.text, "colspan": cell.colspan, "rowspan": cell.rowspan, "align": cell.align,
            "header": cell.header, "bold": cell.bold}


def _block(block) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"t": "h", "level": block.level, "text": block.text}
    if isinstance(block, Para):
        return {"t": "p", "text": block.text, "style": block.style}
    if isinstance(block, Table):
        return {"t": "table", "title": block.title, "caption": list(block.caption_above), "unit": block.unit_note,
                "ncols": block.ncols, "widths": list(block.widths or [1] * block.ncols),
                "header": [[_cell(c) for c in row] for row in block.header],
                "body": [[_cell(c) for c in row] for row in block.body], "notes": list(block.notes)}
    if isinstance(block, Chart):
        ratio = block.drawing.height / block.drawing.width if block.drawing is not None else None
        return {"t": "chart", "title": block.title, "svg": block.svg, "alt": block.alt, "note": block.note,
                "ratio": ratio, "key": block.anchor}
    if isinstance(block, PageBreak):
        return {"t": "pb"}
    if isinstance(block, Toc):
        return {"t": "toc", "title": block.title}
    raise TypeError(f"unknown block {type(block).__name__}")


def rasterise_svg(svg: str, ppi: int = 150) -> bytes:
    """An SVG (a chart) as a PNG at ``ppi``, drawn by Typst with the packaged fonts (typst/chart.typ)."""
    return rasterise_svgs([svg], ppi)[0]


def rasterise_svgs(svgs: list[str], ppi: int = 150) -> list[bytes]:
    """Each SVG as a PNG, one page each of one Typst document (typst/chart.typ)."""
    pages = compiler("chart.typ").compile(format="png", ppi=ppi, sys_inputs={"svgs": json.dumps(svgs)})
    return pages if isinstance(pages, list) else [pages]
