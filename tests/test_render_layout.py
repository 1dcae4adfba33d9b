"""Page layout a reader sees: headings and table titles kept with what follows, a 目录 with page
numbers in Word, wide tables on landscape pages, derived chart bars marked as such, the render
warning about errors in the filing, and the HTML/Excel details (second pass on issue 6)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import example
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import Chart, Heading, PageBreak, Para, Table, page_runs
from jixiao.render.package import render_document, render_package
from jixiao.render.scores import ScoreBook

DATA = Path(__file__).resolve().parent / "data" / "render"
COMPLETE = str(DATA / "complete-2023.yaml")
S4 = example("yanjiang-xinfang-2022.yaml")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    out = tmp_path_factory.mktemp("layout")
    run = with_metrics(load_and_validate(COMPLETE))
    report = render_package(run.filing, run.metrics, str(out), scores=ScoreBook())
    doc, *_ = render_document(run.filing, run.metrics, scores=ScoreBook(), charts=False)
    return {fmt: Path(path) for fmt, path, _ in report.files}, doc


def _docx_xml(path: Path, part: str = "word/document.xml"):
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _pdf_pages(path: Path) -> list[tuple[str, float, float]]:
    """(text, width, height) per page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [(pdf[i].get_textpage().get_text_range(), *pdf[i].get_size()) for i in range(len(pdf))]
    finally:
        pdf.close()


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---- neutral document: which blocks go on landscape pages -------------------------------------------

def _table(ncols: int, orientation: str = "auto") -> Table:
    return Table("t", "表", (), (), ncols, orientation=orientation)


@pytest.mark.parametrize("ncols, orientation, landscape", [
    (6, "auto", False), (7, "auto", False), (8, "auto", True), (10, "auto", True),
    (10, "portrait", False), (3, "landscape", True),
])
def test_wide_tables_are_landscape(ncols, orientation, landscape):
    assert _table(ncols, orientation).landscape is landscape


def test_page_runs_take_headings_charts_and_drop_edge_page_breaks():
    chart = Chart("c", "图", "", b"", "")
    blocks = [Heading(1, "第四部分"), _table(3), PageBreak(), Heading(2, "十三"), _table(9), chart, PageBreak(),
              _table(10), chart, PageBreak(), Heading(1, "说明"), Para("x")]
    runs = page_runs(blocks)
    assert [flag for flag, _ in runs] == [False, True, False]
    assert [type(b).__name__ for b in runs[1][1]] == ["Heading", "Table", "Chart", "PageBreak", "Table", "Chart"]
    assert [type(b).__name__ for b in runs[0][1]] == ["Heading", "Table"]
    assert [type(b).__name__ for b in runs[2][1]] == ["Heading", "Para"]


def test_each_project_form_starts_a_page():
    run = with_metrics(load_and_validate(S4))
    doc, *_ = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook())
    blocks = doc.blocks
    forms = [i for i, b in enumerate(blocks) if isinstance(b, Table) and b.anchor.startswith("project-")]
    assert len(forms) >= 2
    assert all(isinstance(blocks[i - 1], PageBreak) for i in forms[1:])


# ---- Word ---------------------------------------------------------------------------------------------

def test_docx_contents_lines_are_live_page_references_to_heading_bookmarks(package):
    files, doc = package
    root = _docx_xml(files["docx"])
    marks = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
    refs = [t.text for t in root.iter(f"{W}instrText") if "PAGEREF" in (t.text or "")]
    targets = [r.split()[1] for r in refs]
    headings = [b for b in doc.blocks if isinstance(b, Heading) and b.level <= 2]
    assert len(refs) == len(headings) and set(targets) <= marks
    styles = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in root.iter(f"{W}p")
              if any("PAGEREF" in (t.text or "") for t in p.iter(f"{W}instrText"))}
    assert styles == {"TOC1", "TOC2"}
    settings = _docx_xml(files["docx"], "word/settings.xml")
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_docx_headings_and_table_titles_keep_with_next(package):
    import docx

    files, _ = package
    word = docx.Document(str(files["docx"]))
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        assert word.styles[name].paragraph_format.keep_with_next is True
    titles = [t.title for t in package[1].tables()]
    kept = [p for p in word.paragraphs if p.text in titles]
    assert kept and all(p.paragraph_format.keep_with_next for p in kept)
    unit_notes = [p for p in word.paragraphs if p.text == "单位：万元"]
    assert unit_notes and all(p.paragraph_format.keep_with_next for p in unit_notes)
    rows = list(_docx_xml(files["docx"]).iter(f"{W}tr"))
    assert rows and all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)


def test_docx_puts_the_wide_table_on_a_landscape_section(package):
    files, doc = package
    root = _docx_xml(files["docx"])
    body = root.find(f"{W}body")
    wide = next(t for t in doc.tables() if t.landscape)
    sections, current = [], []
    for child in body:
        current.append(child)
        sect = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else (child if child.tag == f"{W}sectPr" else None)
        if sect is not None:
            orient = sect.find(f"{W}pgSz").get(f"{W}orient")
            text = "".join(t.text or "" for node in current for t in node.iter(f"{W}t"))
            sections.append((orient, text))
            current = []
    landscape = [text for orient, text in sections if orient == "landscape"]
    assert landscape and any(wide.title in text for text in landscape)
    assert sections[0][0] is None and sections[-1][0] is None          # title page and 说明 are portrait
    portrait_text = "".join(text for orient, text in sections if orient != "landscape")
    assert wide.title not in portrait_text


def test_docx_ending_on_a_wide_table_turns_its_last_section_without_a_blank_page():
    from jixiao.render.blocks import Cell, Document
    from jixiao.render.writers.docx_writer import write_docx

    wide = Table("t", "宽表", (), ((Cell("甲"),) * 9,), 9)
    data = write_docx(Document("标题", "单位", [Heading(1, "附表"), wide]))
    import io

    root = _docx_xml(io.BytesIO(data))
    body = root.find(f"{W}body")
    inner = [p.find(f"{W}pPr/{W}sectPr") for p in body.findall(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]
    final = body.find(f"{W}sectPr")
    assert [s.find(f"{W}pgSz").get(f"{W}orient") for s in inner] == [None]     # the title page's portrait section
    assert final.find(f"{W}pgSz").get(f"{W}orient") == "landscape"
    width, height = int(final.find(f"{W}pgSz").get(f"{W}w")), int(final.find(f"{W}pgSz").get(f"{W}h"))
    assert width > height


# ---- PDF ----------------------------------------------------------------------------------------------

def test_pdf_puts_the_wide_table_on_a_landscape_page(package):
    files, doc = package
    wide = next(t for t in doc.tables() if t.landscape)
    pages = _pdf_pages(files["pdf"])
    on = [(w, h) for text, w, h in pages if _flat(wide.title) in _flat(text)]
    assert on and all(w > h for w, h in on)
    assert pages[0][1] < pages[0][2] and pages[-1][1] < pages[-1][2]


def test_pdf_never_leaves_a_table_title_at_a_page_foot():
    """S4 had a scorecard's title and header lines on page 11 and its grid on page 12."""
    run = with_metrics(load_and_validate(S4))
    doc, *_ = render_document(run.filing, run.metrics, scores=ScoreBook())     # with charts: they move the breaks
    from jixiao.render.writers.pdf_writer import write_pdf

    pdf = write_pdf(doc)
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = [_flat(document[i].get_textpage().get_text_range()) for i in range(len(document))]
    finally:
        document.close()
    checked, page, offset = 0, 0, 0       # tables in document order; titles repeat (8 计分表), so search onwards
    for table in doc.tables():
        first = next((c.text for row in (*table.header, *table.body) for c in row if c.text), "")
        title = _flat(table.title)
        while page < len(pages) and pages[page].find(title, offset) < 0:
            page, offset = page + 1, 0
        assert page < len(pages), f"找不到表“{table.title}”"
        start = pages[page].find(title, offset)
        assert _flat(first) in pages[page][start:], f"表“{table.title}”的标题与表格分在两页（第{page + 1}页）"
        offset = start + len(title)
        checked += 1
    assert checked >= 10


def test_pdf_table_title_sticks_to_its_grid_wherever_the_page_ends():
    """Push a table down the page one paragraph at a time: its title never stays behind alone."""
    import pypdfium2 as pdfium

    from jixiao.render.blocks import Cell, Document
    from jixiao.render.writers.pdf_writer import write_pdf

    header = ((Cell("科目编码", header=True), Cell("科目名称", header=True), Cell("决算数", header=True)),)
    body = tuple((Cell(f"20{n:05d}"), Cell("行政运行"), Cell("1.00", align="right")) for n in range(12))
    table = Table("t", "九、一般公共预算财政拨款项目支出决算表", header, body, 3, unit_note="单位：万元")
    for lines in range(30, 46):
        doc = Document("标题", "单位", [Para(f"第{n}段。" + "文字" * 30) for n in range(lines)] + [table])
        pdf = pdfium.PdfDocument(write_pdf(doc))
        try:
            pages = [_flat(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
        finally:
            pdf.close()
        title_page = next(i for i, text in enumerate(pages) if "九、一般公共预算" in text)
        assert "科目编码" in pages[title_page] and "2000000" in pages[title_page], lines


# ---- the change chart: a derived bar is marked, never shown as computed --------------------------------

def test_change_chart_marks_a_bar_derived_from_the_published_change():
    run = with_metrics(load_and_validate(S4))
    doc, log, *_ = render_document(run.filing, run.metrics, scores=ScoreBook())
    chart = next(c for c in doc.charts() if c.anchor == "chart-grand-total")
    assert "推算" in chart.note and "未经复算" in chart.note
    assert "735.30万元（推算）" in chart.alt and "717.21万元" in chart.alt
    assert "推算" in chart.svg or chart.svg.count("<path") > 0        # glyphs are paths; the alt says it
    assert any("变动情况图" in n and "推算" in n and "未经复算" in n for n in log.notes)


def test_change_chart_with_filed_prior_has_no_note(write_filing):
    path = write_filing("unit: {name: 测试单位, year: 2022, province: 四川}\naccounts:\n  totals:\n"
                        "    income_grand_total: {amount: 520.00, prior: 480.00}\n"
                        "    expenditure_grand_total: {amount: 520.00, prior: 480.00}\n")
    run = with_metrics(load_and_validate(path))
    doc, log, *_ = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook())
    chart = next(c for c in doc.charts() if c.anchor == "chart-grand-total")
    assert chart.note == "" and "推算" not in chart.alt
    assert not any("推算" in n for n in log.notes)


# ---- HTML and Excel -----------------------------------------------------------------------------------

def test_html_contents_nest_without_numbers_and_captions_put_the_title_first(package):
    files, doc = package
    text = files["html"].read_text(encoding="utf-8")
    nav = text[text.index("<nav"):text.index("</nav>")]
    assert "<li><a" in nav and "<ol><li>" in nav and "list-style:none" in text
    project = next(t for t in doc.tables() if t.caption_above)
    caption = re.search(rf'<table id="{project.anchor}"><caption>(.*?)</caption>', text).group(1)
    assert caption.index(project.title) < caption.index(project.caption_above[0])
    assert '<div class="table-wrap wide">' in text and "@page wide" in text


def test_workbook_prints_one_page_wide_with_repeated_headers_and_plain_scores(package):
    from openpyxl import load_workbook

    files, _ = package
    book = load_workbook(str(files["xlsx"]))
    sheet = book["附表1"]
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows
    formats = {c.number_format for ws in book if ws.title.startswith("项目") for row in ws.iter_rows() for c in row
               if isinstance(c.value, (int, float, Decimal)) and c.alignment.horizontal == "center"}
    assert "0.##" not in formats and "General" in formats


# ---- CLI: a filing with errors still renders, with a warning -------------------------------------------

def test_render_warns_about_errors_in_the_filing_and_exits_0(cli, tmp_path):
    result = cli("render", COMPLETE, "--out", str(tmp_path), "--formats", "html")
    assert result.exit_code == 0, result.output
    checked = cli("check", COMPLETE, "--json")
    errors = sum(1 for f in json.loads(checked.output)["findings"] if f["severity"] == "error")
    assert errors > 0
    assert f"有 {errors} 处“错误”级问题" in result.output and f"jixiao check {COMPLETE}" in result.output
    data = json.loads(cli("render", COMPLETE, "--out", str(tmp_path), "--formats", "html", "--json").output)
    assert data["filing_errors"] == errors


def test_render_of_a_clean_filing_prints_no_warning(cli, write_filing, tmp_path):
    path = write_filing("unit: {name: 空白单位, year: 2023}\n")
    result = cli("render", path, "--out", str(tmp_path), "--formats", "html")
    assert result.exit_code == 0, result.output
    assert "错误”级问题" not in result.output


def test_render_help_explains_the_warning_and_exit_codes(cli):
    text = cli("render", "--help").output
    assert "jixiao check" in text and "退出码" in text and "未经复算" in text


# ---- LibreOffice: the converted Word file shows page numbers in its 目录 --------------------------------

def test_libreoffice_fills_in_the_contents_page_numbers(package, tmp_path):
    files, doc = package
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "需要 apt 包 libreoffice-writer-nogui（scripts/apt-packages.txt）"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(files["docx"])], check=True, capture_output=True, timeout=180)
    pages = _pdf_pages(tmp_path / (files["docx"].stem + ".pdf"))
    contents = next(text for text, _, _ in pages if "目录" in text)
    lines = [line.strip() for line in contents.splitlines() if line.strip()]
    numbered = [line for line in lines if re.search(r"\.{3,}\s*\d+$", line)]
    headings = [b for b in doc.blocks if isinstance(b, Heading) and b.level <= 2]
    assert len(numbered) == len(headings)
    numbers = [int(re.search(r"(\d+)$", line).group(1)) for line in numbered]
    assert numbers == sorted(numbers) and numbers[0] >= 3 and numbers[-1] <= len(pages)
    last = headings[-1].text                # the 说明 page is where the 目录 says it is
    assert last in pages[numbers[-1] - 1][0]
    assert any(w > h for _, w, h in pages)  # the landscape section survives conversion
