"""Word (.docx) with python-docx: A4, East Asian fonts on every style, headings kept with what follows,
a real 目录 (TOC field), merged table headers, landscape sections for wide tables, page numbers in the
footer, PNG charts."""
from __future__ import annotations

import datetime as dt
import io
from typing import Any
from html import escape as _html_escape

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

from jixiao.render.blocks import MISSING, Chart, Document, Heading, PageBreak, Para, Table, Toc, grid, page_runs
from jixiao.render.writers import docx_layout as layout
from jixiao.render.writers.zipfix import reproducible_zip


def _escape(text: str) -> str:
    """&, < and > as XML entities (xml.sax.saxutils.escape, without importing urllib with it)."""
    return _html_escape(text, quote=False)


BODY_FONT, HEAD_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
FIXED_TIME = dt.datetime(2000, 1, 1)
TEXT_WIDTH_TWIPS = int(15.8 / 2.54 * 1440)
LANDSCAPE_WIDTH_TWIPS = int(24.7 / 2.54 * 1440)
KEEP_WHOLE_SHARE = 0.7     # a table whose estimated height is under this share of a page is kept whole
PAGE_HEIGHT_PT = {False: 706, True: 476}      # text height of a portrait / landscape page (points)
TABLE_STYLE, TABLE_STYLE_SMALL, NOTE_STYLE = "TableText", "TableTextSmall", "NoteText"


def write_docx(doc: Document) -> bytes:
    word = new_docx()
    _page(word)
    _styles(word)
    _footer_page_number(word)
    layout.update_fields_on_open(word)
    _title(word, doc)
    marks = _heading_marks(doc)
    from jixiao.render.charts import chart_pngs

    marks.update(chart_pngs(doc.charts()))          # id(chart) → its PNG, all rasterised in one pass
    runs = page_runs(doc.blocks)
    for n, (landscape, blocks) in enumerate(runs):
        if landscape:                   # the title page always precedes: end its portrait section
            layout.close_section(word, landscape=False)
        for block in blocks:
            _block(word, block, doc, marks, landscape)
        if landscape:
            if n == len(runs) - 1:      # the document ends landscape: the final section turns
                final = word.element.body.find(qn("w:sectPr"))
                layout.set_orientation(final, True)
            else:
                layout.close_section(word, landscape=True)
    props = word.core_properties
    # Word limits a core property to 255 characters (a long unit name would not fit)
    props.title, props.author, props.created, props.modified = doc.title[:255], "jixiao", FIXED_TIME, FIXED_TIME
    props.last_modified_by, props.revision = "jixiao", 1
    out = io.BytesIO()
    word.save(out)
    return reproducible_zip(out.getvalue())


def _page(word) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)


def _east_asian(style_or_run, name: str, latin: str = LATIN_FONT) -> None:
    font = style_or_run.font
    font.name = latin
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), name)


def _styles(word) -> None:
    normal = word.styles["Normal"]
    _east_asian(normal, BODY_FONT)
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing = 1.4
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.first_line_indent = Pt(24)
    for name, size, align in (("Title", 20, WD_ALIGN_PARAGRAPH.CENTER), ("Heading 1", 16, WD_ALIGN_PARAGRAPH.CENTER),
                              ("Heading 2", 14, None), ("Heading 3", 12, None)):
        style = word.styles[name]
        _east_asian(style, HEAD_FONT)
        style.font.size = Pt(size)
        style.font.bold = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(10 if name != "Heading 3" else 6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.first_line_indent = Pt(0)
        style.paragraph_format.keep_with_next = True
        if align is not None:
            style.paragraph_format.alignment = align
    for name, size in ((TABLE_STYLE, 10.5), (TABLE_STYLE_SMALL, 8.5), (NOTE_STYLE, 9.5)):
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.first_line_indent, fmt.space_after, fmt.space_before = Pt(0), Pt(0), Pt(0)
        fmt.line_spacing = 1.1 if name != NOTE_STYLE else 1.3
    layout.toc_styles(word, normal, TEXT_WIDTH_TWIPS)
    title = word.styles["Title"]
    pbdr = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if pbdr is not None:
        pbdr.getparent().remove(pbdr)


def _field(run, code: str) -> None:
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def _footer_page_number(word) -> None:
    paragraph = word.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    _field(paragraph.add_run(), "PAGE")
    paragraph.add_run(" —")


def _title(word, doc: Document) -> None:
    for _ in range(6):
        word.add_paragraph()
    _add(word, doc.title, "Title")
    sub = word.add_paragraph(doc.subtitle)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.paragraph_format.first_line_indent = Pt(0)


MISSING_RGB = RGBColor(0x8A, 0x1C, 0x1C)     # the red of 未填报 in every format


def _add(word, text: str, style_id: str | None = None):
    """A paragraph with a style by id: python-docx's lookup by style name is slow."""
    paragraph = word.add_paragraph()
    if style_id:
        paragraph._p.style = style_id
    if text:
        _runs(paragraph, text)
    return paragraph


def _runs(paragraph, text: str) -> None:
    """The text as runs, each 未填报 in red: a gap stands out wherever it sits in a sentence."""
    for n, piece in enumerate(text.split(MISSING)):
        if n:
            run = paragraph.add_run(MISSING)
            run.font.color.rgb = MISSING_RGB
        if piece:
            paragraph.add_run(piece)


def _heading_marks(doc: Document) -> dict[int, str]:
    """Bookmark name per heading block (by identity) for the headings the 目录 lists."""
    heads = [b for b in doc.blocks if isinstance(b, Heading) and b.level <= layout.TOC_LEVELS]
    return {id(h): layout.bookmark_name(n) for n, h in enumerate(heads, 1)}


def _block(word, block, doc: Document, marks: dict[int, Any], landscape: bool) -> None:
    """``marks``: id(heading) → its bookmark name, and id(chart) → its PNG."""
    if isinstance(block, Heading):
        paragraph = _add(word, block.text, f"Heading{block.level}")
        if id(block) in marks:
            layout.add_bookmark(paragraph, marks[id(block)], int(marks[id(block)][4:]))
    elif isinstance(block, Para):
        _para(word, block)
    elif isinstance(block, Table):
        _table(word, block, LANDSCAPE_WIDTH_TWIPS if landscape else TEXT_WIDTH_TWIPS)
    elif isinstance(block, Chart):
        _chart(word, block, marks.get(id(block), b""))
    elif isinstance(block, PageBreak):
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(block, Toc):
        _toc(word, doc, block, marks)


def _para(word, block: Para) -> None:
    if block.style in ("note", "missing"):
        _add(word, block.text, NOTE_STYLE)
        return
    paragraph = _add(word, block.text)
    if block.style == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)


def _toc(word, doc: Document, block: Toc, marks: dict[int, str]) -> None:
    """The 目录: every heading of levels 1–2, linked, with a live PAGEREF page number (see docx_layout)."""
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    title = _add(word, block.title, "Heading1")
    title.paragraph_format.keep_with_next = True
    entries = [(item.level, item.text, marks[id(item)]) for item in doc.blocks
               if isinstance(item, Heading) and id(item) in marks]
    body = word.element.body
    for xml in layout.toc_xml(entries):
        body.insert(len(body) - 1, parse_xml(xml))


def _table(word, table: Table, width: int) -> None:
    """Title, caption lines and unit kept with the grid (keep-with-next into its first rows)."""
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(table.title)
    run.bold = True
    _east_asian(run, HEAD_FONT)
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.keep_with_next = True
    for line in table.caption_above:
        p = _add(word, line, NOTE_STYLE)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if line.startswith("（") else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.keep_with_next = True
    if table.unit_note:
        note = _add(word, table.unit_note, NOTE_STYLE)
        note.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        note.paragraph_format.keep_with_next = True
    _table_xml(word, table, width)
    for line in table.notes:
        p = _add(word, "注：" + line, NOTE_STYLE)
        p.paragraph_format.first_line_indent = Pt(0)


def _table_xml(word, table: Table, width: int = TEXT_WIDTH_TWIPS) -> None:
    """The table as WordprocessingML text, parsed once: python-docx's cell API is slow on merged grids.

    Rows never split across pages; the header rows repeat and stay with the first body row, and a
    table short enough for one page is kept whole (every row but the last keeps with the next)."""
    weights = table.widths or tuple(1.0 for _ in range(table.ncols))
    twips = [int(width * w / sum(weights)) for w in weights]
    style = TABLE_STYLE_SMALL if table.ncols > 5 and width == TEXT_WIDTH_TWIPS else TABLE_STYLE
    origins = {(r, c): cell for r, c, cell in grid(table)}
    covering: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, c), cell in origins.items():
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                covering[(r + dr, c + dc)] = (r, c)
    parts = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
             '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>',
             *(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
    nheader = len(table.header)
    nrows = nheader + len(table.body)
    size = 8.5 if style == TABLE_STYLE_SMALL else 10.5
    short = _height_pt(table, twips, size) <= KEEP_WHOLE_SHARE * PAGE_HEIGHT_PT[width != TEXT_WIDTH_TWIPS]
    keep_until = nrows - 1 if short else nheader + 1
    for r in range(nrows):
        row = (*table.header, *table.body)[r]
        keep = r < keep_until or (len(row) == 1 and row[0].colspan == table.ncols)   # a band row (一、…) keeps with the next
        row_pr = "<w:cantSplit/>" + ("<w:tblHeader/>" if r < nheader else "")
        parts.append(f"<w:tr><w:trPr>{row_pr}</w:trPr>")
        c = 0
        while c < table.ncols:
            origin = covering.get((r, c))
            cell = origins.get(origin) if origin else None
            span = cell.colspan if cell is not None and origin[1] == c else 1
            props = f'<w:tcW w:w="{sum(twips[c:c + span])}" w:type="dxa"/>'
            props += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if cell is not None and origin[0] != r:
                parts.append(f'<w:tc><w:tcPr>{props}<w:vMerge/></w:tcPr><w:p>{_ppr(style, keep)}</w:p></w:tc>')
            else:
                parts.append(_tc_xml(cell, props, style, keep))
            c += span
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    body = word.element.body
    body.insert(len(body) - 1, parse_xml("".join(parts)))   # before the final sectPr


def _height_pt(table: Table, twips: list[int], size: float) -> float:
    """A rough height of the table: per row, the most lines any of its cells wraps to (CJK text is one
    em per character, Latin and digits about half), each line 1.35 × the font size plus the padding."""
    lines: dict[int, int] = {}
    for r, c, cell in grid(table):
        width_pt = max(sum(twips[c:c + cell.colspan]) / 20 - 10, 10)
        ems = sum(0.55 if ch.isascii() else 1.0 for ch in cell.text)
        need = -(-int(ems * size) // int(width_pt)) // max(cell.rowspan, 1)
        lines[r] = max(lines.get(r, 1), need)
    return sum(n * size * 1.35 + 4 for n in lines.values())


def _ppr(style: str, keep: bool, jc: str | None = None) -> str:
    return (f'<w:pPr><w:pStyle w:val="{style}"/>' + ("<w:keepNext/>" if keep else "")
            + (f'<w:jc w:val="{jc}"/>' if jc else "") + "</w:pPr>")


def _tc_xml(cell, props: str, style: str, keep: bool) -> str:
    if cell is None:
        return f'<w:tc><w:tcPr>{props}</w:tcPr><w:p>{_ppr(style, keep)}</w:p></w:tc>'
    props += '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
    props += '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF5"/>' if cell.header else ""
    props += '<w:vAlign w:val="center"/>'
    jc = {"center": "center", "right": "right"}.get(cell.align)
    rpr = "<w:rPr><w:b/></w:rPr>" if (cell.header or cell.bold) else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{_escape(cell.text)}</w:t></w:r>' if cell.text else ""
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p>{_ppr(style, keep, jc)}{run}</w:p></w:tc>"


def _chart(word, chart: Chart, png: bytes) -> None:
    """Picture, caption and note kept together on one page."""
    if png:
        picture = word.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.first_line_indent = Pt(0)
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.space_before = Pt(6)
        picture.add_run().add_picture(io.BytesIO(png), width=Cm(chart.width_cm))
    caption = _add(word, ("图：" if png else "") + chart.title, NOTE_STYLE)
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if chart.note:
        caption.paragraph_format.keep_with_next = True
        note = _add(word, chart.note, NOTE_STYLE)
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
