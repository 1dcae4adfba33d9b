"""Charts drawn straight from their data (issue 15): each form made only for the formats asked, no
plotting library in the publication package, the same values in every form; and no PDF page that
holds nothing but a chart (issue 11: a project chart took a blank landscape page of its own)."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import example
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.charts import ChartMaker, chart_png, svg_outlined
from jixiao.render.package import render_document, render_package
from jixiao.render.scores import ScoreBook
from jixiao.render.svgdraw import Text

S4 = example("yanjiang-xinfang-2022.yaml")
S0 = example("zhanyi-xinfang-2023.yaml")
COMPLETE = str(Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml")
D = Decimal


def test_a_chart_states_its_values_in_each_form():
    chart = ChartMaker().structure("c1", "支出决算结构图", [("基本支出", D("350.53"), D("63.5")),
                                                      ("项目支出", D("201.85"), D("36.5"))])
    assert "基本支出 350.53万元，63.5%" in chart.svg and 'font-family="Noto Sans SC"' in chart.svg
    outlined = svg_outlined(chart)
    assert "<text" not in outlined and outlined.count("<use ") >= len("基本支出350.53万元63.5%项目支出201.85万元36.5%")
    assert 'id="c1-h0"' in outlined or "c1-h" not in outlined          # pattern ids carry the chart's anchor
    png = chart_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width == 900                                                  # 432 pt at 150 ppi
    assert chart.png == b""                                              # made on demand, not kept


def test_disabled_charts_draw_nothing_and_keep_the_text_equivalent():
    chart = ChartMaker(enabled=False).scorecard("c", "得分图", [("产出", D(50), D(45))])
    assert chart.svg == "" and chart.drawing is None and chart_png(chart) == b""
    assert chart.alt == "得分图：产出得45分（满分50分）。"


def test_a_derived_bar_is_hollow_and_dashed_and_says_so():
    chart = ChartMaker().change_bars("g", "收、支决算总计变动情况图", ("2021", "2022"),
                                     [("收入总计", D("735.3"), D("717.21"))], derived=[True])
    assert "735.30（推算）" in chart.svg and "2021年（推算）" in chart.svg
    assert 'stroke-dasharray=' in chart.svg and "717.21" in chart.svg


def test_long_legend_labels_stay_inside_the_chart():
    parts = [(f"一般公共预算财政拨款收入及其他很长很长的来源名称{i}", D("1234567.89"), D("25.0")) for i in range(4)]
    chart = ChartMaker().structure("c", "收入决算结构图", parts)
    texts = [t for t in chart.drawing.items if isinstance(t, Text)]
    from jixiao.render.svgdraw import text_width

    assert all(t.x + text_width(t.text, t.size) <= chart.drawing.width for t in texts)


def test_the_publication_package_never_imports_matplotlib(tmp_path):
    code = ("import sys\n"
            "from jixiao.pipeline import load_and_validate, with_metrics\n"
            "from jixiao.render.package import render_package\n"
            f"run = with_metrics(load_and_validate({S4!r}))\n"
            f"render_package(run.filing, run.metrics, {str(tmp_path)!r})\n"
            "print('matplotlib' in sys.modules, 'fontTools.ttLib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]             # fontTools: glyph outlines for the HTML page


def test_pdf_only_draws_no_png_and_reads_no_glyph_outlines(tmp_path):
    code = ("import sys\n"
            "from jixiao.pipeline import load_and_validate, with_metrics\n"
            "from jixiao.render.package import render_package\n"
            "from jixiao.render.writers import pdf_writer\n"
            "calls = []\n"
            "real = pdf_writer.rasterise_svg\n"
            "pdf_writer.rasterise_svg = lambda *a, **k: calls.append(1) or real(*a, **k)\n"
            f"run = with_metrics(load_and_validate({S4!r}))\n"
            f"render_package(run.filing, run.metrics, {str(tmp_path)!r}, ('pdf',))\n"
            "print(len(calls), 'fontTools.ttLib' in sys.modules, 'openpyxl' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "False", "False"]


def test_word_gets_one_png_per_chart(tmp_path):
    run = with_metrics(load_and_validate(COMPLETE))
    report = render_package(run.filing, run.metrics, str(tmp_path), ("docx",), scores=ScoreBook())
    docx = next(Path(p) for f, p, _ in report.files if f == "docx")
    with zipfile.ZipFile(docx) as z:
        pngs = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    assert report.charts == 6 and len(pngs) == 6


# ---- no page of the PDF is only a chart ---------------------------------------------------------------

def _chart_tokens(doc) -> set[str]:
    tokens: set[str] = set()
    for chart in doc.charts():
        texts = [t.text for t in chart.drawing.items if isinstance(t, Text)] if chart.drawing else []
        for text in [*texts, "图：" + chart.title, chart.note, chart.alt]:
            tokens.update(text.split())
    return tokens


@pytest.mark.parametrize("filing", [S4, S0], ids=["S4", "S0"])
def test_no_pdf_page_is_only_a_chart(filing, tmp_path):
    run = with_metrics(load_and_validate(filing))
    report = render_package(run.filing, run.metrics, str(tmp_path), ("pdf",))
    doc, *_ = render_document(run.filing, run.metrics)
    tokens = _chart_tokens(doc)
    pdf = pdfium.PdfDocument(next(p for f, p, _ in report.files if f == "pdf"))
    chart_pages, alone = 0, []
    for number, page in enumerate(pdf, start=1):
        lines = [line.strip() for line in page.get_textpage().get_text_range().splitlines()]
        lines = [line for line in lines if line and not re.fullmatch(r"— \d+ —", line)]
        if not any(line.startswith("图：") for line in lines):
            continue
        chart_pages += 1
        if all(token in tokens for line in lines for token in line.split()):
            alone.append(number)
    assert chart_pages >= 2 and alone == []


def test_a_project_chart_stays_on_the_page_where_its_table_ends(tmp_path):
    """S0's 2020-form tables (landscape) nearly fill their pages: a project's chart is drawn under
    the end of its table (smaller if need be), or as a line of text, or left out when there is no
    room at all (the table holds every score); never pushed onto a page of its own."""
    run = with_metrics(load_and_validate(S0))
    report = render_package(run.filing, run.metrics, str(tmp_path), ("pdf",))
    pdf = pdfium.PdfDocument(next(p for f, p, _ in report.files if f == "pdf"))
    pages = [page.get_textpage().get_text_range() for page in pdf]
    drawn = 0
    for project in run.filing.projects:
        caption = f"图：{project.name} 自评得分情况图"
        as_text = f"{project.name} 自评得分情况图："
        where = [text for text in pages if caption in text or as_text in text]
        assert len(where) <= 1 and all("其他需要说明事项" in text for text in where), project.name
        drawn += bool(where)
    assert drawn >= 1
