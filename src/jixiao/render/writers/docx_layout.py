"""Word page layout beyond python-docx: the 目录 with live page numbers, heading bookmarks, and
landscape sections for wide tables.

The 目录 is one line per heading (styles ``toc 1``/``toc 2``): a hyperlink to the heading's bookmark,
a dot-leader tab and a ``PAGEREF`` field for its page.  Both Word (which refreshes fields on opening,
``w:updateFields``) and LibreOffice (which lays out ``PAGEREF`` fields itself, also when converting to
PDF) fill in the page numbers.  A ``TOC`` field was tried first: LibreOffice keeps a TOC field's stored
text as it is and does not recompute it, so its PDF had no page numbers.
"""
from __future__ import annotations

import copy
from html import escape as _html_escape

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt


def _escape(text: str) -> str:
    """&, < and > as XML entities (xml.sax.saxutils.escape, without importing urllib with it)."""
    return _html_escape(text, quote=False)


TOC_LEVELS = 2
TOC_STYLES = {1: "TOC1", 2: "TOC2"}
A4 = (Cm(21.0), Cm(29.7))


def bookmark_name(number: int) -> str:
    return f"_Toc{number:06d}"


def add_bookmark(paragraph, name: str, number: int) -> None:
    """Wrap the paragraph's content in a bookmark (the TOC's hyperlink and PAGEREF target)."""
    start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>')
    end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>')
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    p.insert(0 if ppr is None else list(p).index(ppr) + 1, start)
    p.append(end)


def toc_styles(word, base_style, text_width: int) -> None:
    """Paragraph styles ``toc 1``/``toc 2``: right tab with dot leader at the text edge."""
    for level, style_id in TOC_STYLES.items():
        style = word.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), style_id)
        style.base_style = base_style
        fmt = style.paragraph_format
        fmt.first_line_indent, fmt.left_indent = Pt(0), Cm(0 if level == 1 else 0.85)
        fmt.space_after, fmt.line_spacing = Pt(2), 1.25
        style.font.size = Pt(12 if level == 1 else 11)
        ppr = style.element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'))


def toc_xml(entries: list[tuple[int, str, str]]) -> list[str]:
    """Paragraph XML of the 目录; ``entries`` = (level, text, bookmark).  The stored page numbers are
    left empty: Word and LibreOffice compute them (an empty number is better than a wrong one)."""
    w = nsdecls("w")
    paragraphs: list[str] = []
    for level, text, mark in entries:
        style = TOC_STYLES[min(level, TOC_LEVELS)]
        pageref = ('<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
                   f'<w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText></w:r>'
                   '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t></w:t></w:r>'
                   '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        link = (f'<w:hyperlink w:anchor="{mark}" w:history="1"><w:r><w:t xml:space="preserve">{_escape(text)}</w:t></w:r>'
                f'<w:r><w:tab/></w:r>{pageref}</w:hyperlink>')
        paragraphs.append(f'<w:p {w}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{link}</w:p>')
    return paragraphs


def update_fields_on_open(word) -> None:
    """Ask Word to refresh fields (the TOC's page numbers) when the file is opened."""
    settings = word.settings.element
    if settings.find(qn("w:updateFields")) is None:
        node = OxmlElement("w:updateFields")
        node.set(qn("w:val"), "true")
        settings.append(node)


def set_orientation(sect_pr, landscape: bool) -> None:
    """Page size, orientation and margins of one section (A4; the margins turn with the page)."""
    width, height = (A4[1], A4[0]) if landscape else A4
    size = sect_pr.find(qn("w:pgSz"))
    if size is None:
        size = OxmlElement("w:pgSz")
        sect_pr.insert(0, size)
    size.set(qn("w:w"), str(int(width.twips)))
    size.set(qn("w:h"), str(int(height.twips)))
    if landscape:
        size.set(qn("w:orient"), "landscape")
    elif size.get(qn("w:orient")) is not None:
        del size.attrib[qn("w:orient")]
    for margin in sect_pr.iter(qn("w:pgMar")):
        _turn_margins(margin, landscape)


def close_section(word, landscape: bool) -> None:
    """End the current section here (the next content starts a new page): a paragraph carrying a copy
    of the document's section properties, turned to ``landscape`` or portrait."""
    body = word.element.body
    final = body.find(qn("w:sectPr"))
    sect_pr = copy.deepcopy(final)
    set_orientation(sect_pr, landscape)
    paragraph = word.add_paragraph()
    paragraph._p.get_or_add_pPr().append(sect_pr)


def _turn_margins(margin, landscape: bool) -> None:
    """Portrait margins (top 2.5, bottom 2.3, left/right 2.6 cm) kept in reading terms on a landscape page."""
    top, bottom, side = Cm(2.5).twips, Cm(2.3).twips, Cm(2.6).twips
    if landscape:
        top, bottom, side = Cm(2.2).twips, Cm(2.0).twips, Cm(2.5).twips
    margin.set(qn("w:top"), str(int(top)))
    margin.set(qn("w:bottom"), str(int(bottom)))
    margin.set(qn("w:left"), str(int(side)))
    margin.set(qn("w:right"), str(int(side)))
