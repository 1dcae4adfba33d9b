"""Real-world formats give the same claims and findings as the clean text they were made from.

The fixture tests/data/audit/clean_report.txt holds a small report with known errors (one per
relation the auditor checks) and tables with a two-row header and nested rows.  Each messy
format is generated here (tests/audit_formats.py; no network):

* .docx with merged cells (gridSpan, vMerge) and a two-row header;
* .html saved from a site: a layout table around the page, rowspan/colspan, &nbsp;, <br> in
  cells, numbers split by <span>, GBK;
* .pdf with a running header and page numbers on every page, tables without ruling lines,
  paragraphs broken across pages;
* .txt in GB18030 with CRLF, full-width indentation and hard wraps that break numbers.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from audit_formats import messy_docx, messy_html, messy_pdf, messy_txt

from jixiao.audit.context import AuditContext
from jixiao.audit.engine import Auditor, audit_file, audit_text
from jixiao.ingest.published import PublishedDoc, make_lines, read_published

CLEAN = Path(__file__).parent / "data" / "audit" / "clean_report.txt"
FILLER = "本单位坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级决策部署，严格执行预算管理各项制度。" * 3
AUDITOR = Auditor()

# (rule_id, line of the clean text, claimed, expected)
EXPECTED = {
    ("AUDIT-CHANGE-RATE", 4, "5.7%", "4.7%"),
    ("AUDIT-SHARE", 6, "35.9%", "34.9%"),
    ("AUDIT-BUDGET-PARTS", 10, "11.67万元", "10.00万元"),
    ("AUDIT-POINTS", 15, "2.4个百分点", "3.4个百分点"),
    ("AUDIT-TABLE-TOTAL", 20, "20.00", "19.00"),        # 总额 column = 财政拨款 + 其他资金
    ("AUDIT-TABLE-TOTAL", 23, "300.00", "290.00"),      # 一、工资福利支出 = its three rows
    ("AUDIT-RATE", 32, "82.29%", "81.67%"),
    ("AUDIT-XSEC-ALIAS", 32, "39.20万元", "39.50万元"),  # 公用经费 39.50 at L8
}


def _findings(result) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return sorted((f.rule_id, f.claimed or "", f.expected or "") for f in result.findings)


def _claims(doc: PublishedDoc) -> list[str]:
    ctx = AuditContext.build(doc, AUDITOR.rules, AUDITOR.rates, False)
    return sorted(m.shown for line in ctx.mentions for m in line if m.unit)


def test_clean_text_findings():
    result = audit_text(CLEAN.read_text(encoding="utf-8"), AUDITOR)
    got = {(f.rule_id, int(f.source.locator.split(":")[0][1:]), f.claimed, f.expected) for f in result.findings}
    assert got == EXPECTED


MAKERS = {
    "docx": messy_docx,
    "html": messy_html,
    "pdf": lambda text, path: messy_pdf(text, path, FILLER),
    "txt": messy_txt,
}


@pytest.mark.parametrize("fmt", list(MAKERS))
def test_messy_format_gives_the_same_claims_and_findings(fmt, tmp_path):
    text = CLEAN.read_text(encoding="utf-8")
    path = MAKERS[fmt](text, tmp_path / f"report.{fmt}")
    doc, problems = read_published(str(path))
    assert not problems and doc is not None
    clean = PublishedDoc("clean", make_lines([(line, f"L{i}") for i, line in enumerate(text.splitlines(), 1)]))
    assert _claims(doc) == _claims(clean)
    assert _findings(audit_file(str(path), AUDITOR)) == _findings(audit_text(text, AUDITOR))


def test_pdf_running_heads_and_page_numbers_are_dropped(tmp_path):
    path = messy_pdf(CLEAN.read_text(encoding="utf-8"), tmp_path / "r.pdf", FILLER)
    doc, _ = read_published(str(path))
    assert doc is not None and len({line.locator.split(":")[0] for line in doc.lines}) >= 3   # several pages
    texts = [line.text for line in doc.lines]
    assert not any("部门决算公开" in t for t in texts)
    assert not any(t.strip(" -") .isdigit() for t in texts)


def test_pdf_borderless_table_rows_line_up_with_the_header(tmp_path):
    path = messy_pdf(CLEAN.read_text(encoding="utf-8"), tmp_path / "r.pdf")
    doc, _ = read_published(str(path))
    assert doc is not None
    rows = {line.text.split("\t")[0]: line.text.split("\t") for line in doc.lines if "\t" in line.text}
    assert rows["矛盾调处"] == ["矛盾调处", "20.00", "15.00", "4.00", "20.00", "100.00%"]
    assert rows[""][:4] == ["", "总额", "财政拨款", "其他资金"]


def test_html_spans_keep_the_grid(tmp_path):
    path = messy_html(CLEAN.read_text(encoding="utf-8"), tmp_path / "r.html")
    doc, _ = read_published(str(path))
    assert doc is not None
    texts = [line.text for line in doc.lines]
    assert "任务名称\t批复金额\t\t\t实际支出\t预算执行率" in texts
    assert "\t总额\t财政拨款\t其他资金" in texts
    assert not any("1,234.56" in t or "1234.56" in t for t in texts)   # scripts are skipped


def test_docx_merged_cells_keep_the_grid(tmp_path):
    path = messy_docx(CLEAN.read_text(encoding="utf-8"), tmp_path / "r.docx")
    doc, _ = read_published(str(path))
    assert doc is not None
    texts = [line.text for line in doc.lines]
    assert "任务名称\t批复金额\t\t\t实际支出\t预算执行率" in texts
    assert "\t总额\t财政拨款\t其他资金" in texts


def test_txt_hard_wrapped_numbers_are_joined(tmp_path):
    path = messy_txt(CLEAN.read_text(encoding="utf-8"), tmp_path / "r.txt")
    raw = path.read_bytes().decode("gb18030")
    assert "\r\n" in raw and "42\r\n0.10万元" in raw
    doc, _ = read_published(str(path))
    assert doc is not None
    assert any("基本支出420.10万元,其中:人员经费380.60万元,公用经费39.50万元" in line.text for line in doc.lines)


def test_docx_nested_layout_table_and_content_control(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "2023年本年支出合计645.30万元，其中：基本支出420.10万元；项目支出215.20万元。"
    inner = cell.add_table(rows=4, cols=2)
    for r, (a, b) in enumerate([("项目", "金额"), ("办公费", "4.88"), ("水费", "1.59"), ("合计", "7.47")]):
        inner.cell(r, 0).text, inner.cell(r, 1).text = a, b
    sdt = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>'
                    "公用经费7.47万元，其中：办公费4.88万元，水费3.59万元。</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    document.element.body.insert(0, sdt)
    path = tmp_path / "nested.docx"
    document.save(str(path))
    found = {(f.rule_id, f.claimed) for f in audit_file(str(path), AUDITOR).findings}
    assert found == {("AUDIT-SUM", "645.30万元"),      # the paragraph inside the layout cell
                     ("AUDIT-SUM", "7.47万元"),        # the paragraph inside a content control
                     ("AUDIT-TABLE-TOTAL", "7.47")}    # the table nested in the layout cell
