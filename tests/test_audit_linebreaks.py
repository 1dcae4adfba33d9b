"""A label separated from its figure by a line break stays attached to the figure (issue 5).

``…差旅费`` at the end of one line and ``3.99万元、…`` at the start of the next: the PDF reader
must not take ``3.99`` for a numbered item ``3.``, the line joiner must join the two lines, and
a 其中 list whose items are the lines that follow must not count the bare ``3.99万元`` as an item
of the outer total — the 公用经费 items belong to 公用经费, not to 基本支出.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from jixiao.audit.breakdowns import find_breakdowns
from jixiao.audit.context import AuditContext
from jixiao.audit.engine import Auditor, audit_doc, audit_file, audit_text
from jixiao.ingest.normalise import normalise_line
from jixiao.ingest.published import DocLine, PublishedDoc, make_lines, read_published

AUDITOR = Auditor()
FILLER = "本单位认真贯彻落实上级决策部署，严格执行预算管理各项制度，厉行节约，规范经费使用。"
HEAD = "六、一般公共预算财政拨款基本支出决算情况说明"
TOTAL = "2022年一般公共预算财政拨款基本支出350.53万元，其中："
STAFF = ("人员经费318.08万元，主要包括：基本工资85.43万元、津贴补贴45.08万元、奖金95.13万元、绩效工资17.55万元、"
         "机关事业单位基本养老保险缴费27.21万元、职业年金缴费4.9万元、职工基本医疗保险缴费11.62万元、"
         "公务员医疗补助缴费1.83万元、其他社会保障缴费0.55万元、住房公积金25.33万元、生活补助3.42万元、奖励金0.03万元。")
# 公用经费 with the line broken between the label 差旅费 and its figure
OFFICE_A = "公用经费32.45万元，主要包括：办公费4.88万元、水费1.59万元、邮电费1.4万元、差旅费"
OFFICE_B = ("3.99万元、公务接待费0.26万元、劳务费2.17万元、工会经费2.72万元、公务用车运行维护费1.11万元、"
            "其他交通费10.93万元、其他商品和服务支出3.4万元。")
TAIL = "七、“三公”经费财政拨款支出决算情况说明"

TYPST = """
#let data = json("data.json")
#set page(paper: "a4", margin: 1.6cm)
#set text(font: "Noto Serif SC", size: 10.5pt, cjk-latin-spacing: none, lang: "zh")
#set par(spacing: 0.7em, justify: true, first-line-indent: (amount: 2em, all: true))
#for p in data.paras { par(p.join(linebreak(justify: true))) }
"""


def _pdf(path: Path) -> Path:
    """The section typeset by Typst, the 公用经费 line justified to the margin and broken after 差旅费."""
    import typst
    from pylopdf_fonts_zh_cn import serif_path  # type: ignore[import-not-found]

    work = path.parent / "typst"
    work.mkdir()
    paras = [[FILLER * 2], [HEAD], [TOTAL], [STAFF], [OFFICE_A, OFFICE_B], [TAIL], [FILLER]]
    (work / "data.json").write_text(json.dumps({"paras": paras}, ensure_ascii=False), encoding="utf-8")
    (work / "main.typ").write_text(TYPST, encoding="utf-8")
    path.write_bytes(typst.compile(str(work / "main.typ"), font_paths=[str(Path(serif_path()).parent)],
                                   ignore_system_fonts=True))
    return path


def _sums(doc: PublishedDoc) -> dict[str, list[Decimal]]:
    ctx = AuditContext.build(doc, AUDITOR.rules, AUDITOR.rates, False)
    return {b.total.shown: [p.value for p in b.parts] for b in find_breakdowns(ctx)[0]}


def _assert_scoped(sums: dict[str, list[Decimal]], office_joined: bool) -> None:
    assert sums["350.53万元"] == [Decimal("318.08"), Decimal("32.45")]
    if office_joined:
        assert sum(sums["32.45万元"]) == Decimal("32.45")
        assert len(sums["32.45万元"]) == 10


def _errors(result, rule: str) -> list:  # type: ignore[no-untyped-def]
    return [f for f in result.findings if f.rule_id == rule]


def test_pdf_label_at_line_end_stays_with_its_figure(tmp_path):
    from jixiao.ingest.pdf_reader import read_pdf_lines

    pdf = _pdf(tmp_path / "report.pdf")
    raw = [text for text, _ in read_pdf_lines(str(pdf))]   # the reader itself joins the wrapped line
    assert any("差旅费3.99万元" in text.replace(" ", "") for text in raw)
    doc, problems = read_published(str(pdf))
    assert problems == [] and doc is not None
    assert any("差旅费3.99万元" in line.text for line in doc.lines)
    assert not any(line.text.startswith("3.99万元") for line in doc.lines)
    _assert_scoped(_sums(doc), office_joined=True)
    result = audit_file(str(pdf), AUDITOR)
    assert _errors(result, "AUDIT-SUM") == []
    assert _errors(result, "AUDIT-XSEC") == []


def test_text_label_at_line_end_is_joined():
    text = "\n".join([HEAD, TOTAL, STAFF, OFFICE_A, OFFICE_B, TAIL])
    result = audit_text(text, AUDITOR)
    assert _errors(result, "AUDIT-SUM") == []
    lines = make_lines([(t, f"L{i}") for i, t in enumerate(text.splitlines(), start=1)])
    assert any("差旅费3.99万元" in line.text for line in lines)
    _assert_scoped(_sums(PublishedDoc("t", lines)), office_joined=True)


def test_unjoined_continuation_is_not_an_item_of_the_outer_total():
    """Even when a reader leaves the two lines apart, the bare 3.99万元 is not a 其中 item of 基本支出."""
    raw = [HEAD, TOTAL, STAFF, OFFICE_A, OFFICE_B, TAIL]
    lines = [DocLine(normalise_line(t)[0], f"L{i}") for i, t in enumerate(raw, start=1)]
    doc = PublishedDoc("t", lines)
    _assert_scoped(_sums(doc), office_joined=False)
    assert _errors(audit_doc(doc, AUDITOR), "AUDIT-SUM") == []


def test_a_wrong_total_is_still_found_with_the_break():
    text = "\n".join([HEAD, TOTAL.replace("350.53", "360.53"), STAFF, OFFICE_A, OFFICE_B, TAIL])
    found = _errors(audit_text(text, AUDITOR), "AUDIT-SUM")
    assert [(f.claimed, f.expected) for f in found] == [("360.53万元", "350.53万元")]



def test_a_finding_on_a_joined_line_cites_the_line_and_column_it_came_from():
    """A figure on the second of two joined lines is cited at its own line and column, and a figure
    broken across the two lines from the first line's column to the second's."""
    lines = make_lines([("本单位2023年公务接待费支出5.00万元，比上年减少1.00万元，", "L3"), ("  下降25.00%。", "L4")])
    assert len(lines) == 1 and [(start, loc, lead) for start, loc, _, lead in lines[0].joins] == [
        (len("本单位2023年公务接待费支出5.00万元,比上年减少1.00万元,"), "L4", 2)]
    result = audit_doc(PublishedDoc("t.txt", lines), AUDITOR)
    rates = [f for f in result.findings if f.rule_id == "AUDIT-CHANGE-RATE"]
    assert [(f.claimed, f.source.locator) for f in rates] == [("25.00%", "L4:c5-10")]   # 1 ÷ 6 is 16.67%
    assert {o[2] for o in rates[0].operands} == {"L3"}   # its operands stand on the first line
    split = make_lines([("本单位2023年公务接待费支出5.00万元，", "L3"), ("比上年减少1.00万元，下降25.00%。", "L4")])
    found = [f for f in audit_doc(PublishedDoc("t.txt", split), AUDITOR).findings if f.rule_id == "AUDIT-CHANGE-RATE"]
    assert found and {(o[1], o[2]) for o in found[0].operands} >= {("5.00万元", "L3"), ("1.00万元", "L4")}
    assert lines[0].place(0) == ("L3", 1)
    broken = make_lines([("本单位2023年一般公共预算财政拨款支出合计552.", "L7"), ("21万元，比上年增加。", "L8")])
    assert len(broken) == 1
    from jixiao.audit.places import Places
    start = broken[0].text.index("552.21")
    assert Places(PublishedDoc("t.txt", broken)).source(0, start, start + len("552.21万元")).locator == \
        f"L7:c{start + 1}-L8:c4"


def test_findings_on_joined_lines_are_listed_in_document_order():
    from jixiao.audit import engine
    from jixiao.findings import warning
    from jixiao.model.source import Source

    lines = make_lines([("1.甲类收入100.00万元，为本级财政当年", "L1"), ("拨付的资金。较上年减少20.00万元，下降20.0%。", "L2"),
                        ("2.乙类收入50.00万元，为本级财政当年", "L3"), ("拨付的资金。较上年减少10.00万元，下降10.0%。", "L4")])
    assert [line.locator for line in lines] == ["L1", "L3"]   # each second line joined to its first
    late, early = (warning("AUDIT-CHANGE-RATE", "x", Source("t.txt", loc)) for loc in ("L4:c20-24", "L2:c20-24"))
    assert [f.source.locator for f in engine._in_order(PublishedDoc("t.txt", lines), [late, early])] == [
        "L2:c20-24", "L4:c20-24"]
