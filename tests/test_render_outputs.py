"""The package looks right in every format: PDF pages not blank, every PDF character covered by the
embedded font, the Word file converts in LibreOffice, the workbook has values, the HTML is accessible.
Rendering is deterministic and the CLI prints what it wrote."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.package import FORMATS, render_package
from jixiao.render.scores import ScoreBook

DATA = Path(__file__).resolve().parent / "data" / "render"
COMPLETE = str(DATA / "complete-2023.yaml")


def _render(path: str, out: Path, formats=FORMATS):
    run = with_metrics(load_and_validate(path))
    return render_package(run.filing, run.metrics, str(out), formats, scores=ScoreBook())


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    report = _render(COMPLETE, out)
    return {fmt: Path(path) for fmt, path, _ in report.files}, report


def _pdf_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_all_four_formats_written_atomically(package):
    files, report = package
    assert set(files) == set(FORMATS)
    folder = files["pdf"].parent
    assert all(p.stat().st_size > 0 for p in files.values())
    assert glob.glob(str(folder / ".jixiao-*")) == []
    assert report.charts == 6


def test_pdf_pages_are_not_blank(package, tmp_path):
    files, _ = package
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(files["pdf"]), str(tmp_path / "p")], check=True)
    from PIL import Image

    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(_pdf_pages(files["pdf"])) >= 10
    for page in pages:
        image = Image.open(page).convert("L")
        dark = sum(image.histogram()[:200])
        assert dark / (image.width * image.height) > 0.002, f"{page.name} 几乎空白"


def test_every_pdf_character_is_in_the_embedded_font(package):
    from fontTools.ttLib import TTFont

    from jixiao.render.fonts import sans_path, serif_path

    files, _ = package
    covered: set[int] = set()
    for path in (sans_path(), serif_path()):
        covered |= set(TTFont(str(path), lazy=True).getBestCmap())
    text = "".join(_pdf_pages(files["pdf"]))
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
    assert "资阳" not in text and "示例区档案馆" in text
    assert missing == []


def test_pdf_embeds_its_fonts_and_has_a_table_of_contents(package):
    import pypdfium2 as pdfium

    files, _ = package
    raw = files["pdf"].read_bytes()
    assert b"/FontFile3" in raw or b"/FontFile2" in raw
    pdf = pdfium.PdfDocument(str(files["pdf"]))
    try:
        outline = [item.get_title() for item in pdf.get_toc()]
    finally:
        pdf.close()
    assert any("第二部分" in title for title in outline)
    assert "目录" in _pdf_pages(files["pdf"])[1]


def test_word_file_converts_in_libreoffice_with_the_expected_page_count(package, tmp_path):
    files, _ = package
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "需要 apt 包 libreoffice-writer-nogui（scripts/apt-packages.txt）"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(files["docx"])], check=True, capture_output=True, timeout=180)
    converted = tmp_path / (files["docx"].stem + ".pdf")
    word_pages = len(_pdf_pages(converted))
    typst_pages = len(_pdf_pages(files["pdf"]))
    # Same content, two typesetters: the page counts agree within a fifth (title, contents, 5 parts).
    assert word_pages >= 10
    assert abs(word_pages - typst_pages) <= max(3, typst_pages // 5), (word_pages, typst_pages)
    assert "示例市示例区档案馆" in "".join(_pdf_pages(converted))


def test_docx_is_a4_with_east_asian_fonts_page_numbers_and_merged_headers(package):
    import docx
    from docx.oxml.ns import qn

    files, _ = package
    word = docx.Document(str(files["docx"]))
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    normal = word.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"
    assert "PAGE" in section.footer._element.xml
    assert any("w:gridSpan" in t._tbl.xml and "w:vMerge" in t._tbl.xml for t in word.tables)
    assert len(word.inline_shapes) == 6


def test_workbook_holds_values_not_bare_formulas(package):
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    files, _ = package
    book = load_workbook(str(files["xlsx"]))
    assert book.sheetnames[0] == "目录" and "附表1" in book.sheetnames and "项目1" in book.sheetnames
    assert len([n for n in book.sheetnames if n.startswith("附表")]) == 13
    formulas = [c.coordinate for ws in book for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas == []
    sheet = book["附表1"]
    assert sheet.merged_cells.ranges
    numbers = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, (int, float))]
    assert numbers and all(c.number_format == "#,##0.00" for c in numbers)
    read = CalamineWorkbook.from_path(str(files["xlsx"])).get_sheet_by_name("附表1").to_python()
    assert 520.0 in [v for row in read for v in row]


class _Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_one_accessible_self_contained_page(package):
    files, _ = package
    text = files["html"].read_text(encoding="utf-8")
    parser = _Html()
    parser.feed(text)
    tags = parser.tags
    assert ("html", {"lang": "zh-CN"}) in tags
    assert [t for t, _ in tags].count("h1") == 1
    assert [t for t, _ in tags].count("table") == [t for t, _ in tags].count("caption")
    svgs = [a for t, a in tags if t == "svg" and "role" in a]
    assert len(svgs) == 6 and all(a["role"] == "img" and a.get("aria-label") for a in svgs)
    assert not [a for t, a in tags if t in ("link", "script", "img", "iframe")]
    external = [a for _, attrs in tags for k, a in attrs.items() if k in ("href", "src", "xlink:href")
                and a and not a.startswith("#")]
    assert external == []
    assert any(t == "nav" and a.get("aria-label") == "目录" for t, a in tags)
    assert any(t == "th" and a.get("scope") == "col" for t, a in tags)


def test_rendering_is_deterministic(tmp_path):
    first = _render(COMPLETE, tmp_path / "a")
    second = _render(COMPLETE, tmp_path / "b")
    for (fmt, a, _), (_, b, _) in zip(first.files, second.files):
        assert Path(a).read_bytes() == Path(b).read_bytes(), fmt


def test_unit_text_is_never_read_as_typst_markup(write_filing, tmp_path):
    tricky = '档案馆<text>#panic("x")$x$*粗*]'
    path = write_filing(f"unit: {{name: '{tricky}', year: 2023, province: 四川}}\n"
                        "texts: {duties: ['负责#set text(red)与<label>', '@ref 与 // 注释']}\n")
    report = _render(path, tmp_path, ("pdf",))
    text = "".join(_pdf_pages(Path(report.files[0][1]))).replace("\r\n", "\n")
    assert tricky in text
    assert "负责#set text(red)与<label>" in text and "@ref 与 // 注释" in text


def test_an_incomplete_filing_still_renders_every_format(write_filing, tmp_path):
    path = write_filing("unit: {name: 空白单位, year: 2023}\n")
    report = _render(path, tmp_path)
    assert [f for f, _, _ in report.files] == list(FORMATS)
    html = Path(report.files[3][1]).read_text(encoding="utf-8")
    assert "未填报" in html and "未填报事项" in html
    assert len(report.log.missing) > 10


def test_cli_prints_what_it_wrote(cli, tmp_path):
    result = cli("render", COMPLETE, "--out", str(tmp_path), "--formats", "html,xlsx")
    assert result.exit_code == 0, result.output
    assert result.output.count("已写入") == 2 and "sichuan-2022" in result.output
    stem = "示例市示例区档案馆2023年度单位决算公开"
    assert sorted(os.listdir(tmp_path)) == sorted(
        [f"{stem}.html", f"{stem}.xlsx", f"{stem}_核对报告.docx", f"{stem}_核对报告.html"])
    assert result.output.count("核对报告（内部，不公开）") == 2


@pytest.mark.parametrize("args", [("--formats", "doc"), ("--template", "nowhere")])
def test_cli_refuses_bad_options_with_exit_2(cli, tmp_path, args):
    result = cli("render", COMPLETE, "--out", str(tmp_path), *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_json_report(cli, tmp_path):
    import json

    result = cli("render", COMPLETE, "--out", str(tmp_path), "--formats", "html", "--json")
    data = json.loads(result.output)
    assert data["template"] == "sichuan-2022" and data["files"][0]["format"] == "html"
    assert data["charts"] == 6 and "missing" in data and "adjustments" in data
