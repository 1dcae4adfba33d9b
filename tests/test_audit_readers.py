"""Readers of published reports: encodings, HTML, normalisation, unreadable files."""
from __future__ import annotations

import pytest

from jixiao.audit.engine import Auditor, audit_file, audit_text
from jixiao.ingest.normalise import normalise_line
from jixiao.ingest.published import read_published

TEXT = "2022年度收、支总计717.21万元。与2021年相比，收、支总计各减少18.09万元，下降3.5%。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_txt_in_any_common_encoding(encoding, tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc, findings = read_published(str(path))
    assert not findings and doc is not None
    assert doc.lines[0].text.startswith("2022年度收、支总计717.21万元")
    assert [f.rule_id for f in audit_file(str(path), Auditor()).findings] == ["AUDIT-CHANGE-RATE"]


@pytest.mark.parametrize("raw, norm", [
    ("收入５５２．２１万元，占１００．０％", "收入552.21万元,占100.0%"),
    ("总计1,234,567.89元", "总计1234567.89元"),
    ("數(shù)據(jù)为12万元", "数据为12万元"),
    ("2024 年收入 552.21 万元", "2024年收入552.21万元"),
])
def test_normalise(raw, norm):
    assert normalise_line(raw)[0] == norm


def test_columns_map_back_to_the_original():
    raw = "总计1,234,567.89元，减少5万元"
    text, edits = normalise_line(raw)
    pos = text.index("减少")
    assert raw[edits.original(pos):].startswith("减少")


def test_number_broken_across_lines_is_joined():
    result = audit_text("2022年度收、支总计717.\n21万元。与2021年相比，收、支总计各减少18.09万元，下降3.5%。")
    assert [f.rule_id for f in result.findings] == ["AUDIT-CHANGE-RATE"]


def test_html_paragraphs_and_table(tmp_path):
    html = ("<html><head><style>p{}</style></head><body><p>2022年本年支出合计552.38万元，其中：基本支出350.53万元，"
            "占63.5%；项目支出201.85万元，占36.5%。</p><table><tr><td>项目</td><td>金额</td></tr>"
            "<tr><td>办公费</td><td>4.88</td></tr><tr><td>水费</td><td>1.59</td></tr><tr><td>合计</td><td>7.47</td></tr>"
            "</table></body></html>")
    path = tmp_path / "r.html"
    path.write_text(html, encoding="gbk")
    result = audit_file(str(path), Auditor())
    assert [f.rule_id for f in result.findings] == ["AUDIT-TABLE-TOTAL"]


def test_unreadable_files_become_findings(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    other = tmp_path / "x.xls"
    other.write_bytes(b"x")
    for path in (bad, other, tmp_path / "missing.txt"):
        result = audit_file(str(path), Auditor())
        assert [f.rule_id for f in result.findings] == ["AUDIT-READ"]


def test_random_bytes_named_txt_are_refused_not_read_as_numbers(tmp_path):
    # random bytes decode as GB18030 into CJK-looking text full of controls and undecodable bytes:
    # read as a report they gave hundreds of "numbers"; now the file is refused, and says why
    import random

    path = tmp_path / "r.txt"
    path.write_bytes(random.Random(7).randbytes(20000))
    result = audit_file(str(path), Auditor())
    assert [f.rule_id for f in result.findings] == ["AUDIT-READ"]
    assert "不像文字" in result.findings[0].message and result.claims == 0


def test_a_report_with_a_few_stray_control_characters_is_still_read(tmp_path):
    # a copied page may carry a form feed or a private-use glyph here and there: that is not garbled
    path = tmp_path / "r.txt"
    path.write_text(("\x0c" + TEXT) * 3 + "\ue000说明\n", encoding="utf-8")
    assert [f.rule_id for f in audit_file(str(path), Auditor()).findings] == ["AUDIT-CHANGE-RATE"] * 3
