"""附表 built from the filing: the function lines are the 一般公共预算财政拨款 breakdown only, so tables of
all funds print the part they do not break down; derived totals; the unit's own 附表 names and 名词解释."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import Para, Table
from jixiao.render.package import render_document
from jixiao.render.scores import ScoreBook
from jixiao.render.sections.appendix import annex_key
from jixiao.render.sections.table_values import derived_value

COMPLETE = Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml"
REST = "其他资金支出（未按科目分列）"


def _render(tmp_path, *edits: tuple[str, str]):
    text = COMPLETE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "filing.yaml"
    path.write_text(text, encoding="utf-8")
    run = with_metrics(load_and_validate(str(path)))
    doc, log, *_ = render_document(run.filing, run.metrics, scores=ScoreBook(), charts=False)
    return doc, log


def _table(doc, anchor: str) -> Table:
    return next(b for b in doc.blocks if isinstance(b, Table) and b.anchor == anchor)


def _rows(table: Table) -> dict[str, list[str]]:
    """Rows by their label (the first non-code text cell), cells as printed."""
    out = {}
    for row in table.body:
        texts = [c.text for c in row]
        label = next((t for t in texts if t and not t.isdigit()), "")
        out.setdefault(label.strip("　"), texts)
    return out


@pytest.fixture(scope="module")
def complete(tmp_path_factory):
    return _render(tmp_path_factory.mktemp("complete"))


def test_summary_table_prints_the_expenditure_not_broken_down_by_function(complete):
    table = _table(complete[0], "table-income_expenditure_summary")
    spent = [row[2:] for row in table.body]
    labels = [row[0].text for row in spent]
    assert labels.index(REST) == labels.index("本年支出合计") - 1
    amounts = {row[0].text: row[1].value for row in spent}
    listed = sum(row[1].value for row in spent[:labels.index("本年支出合计")] if row[1].value is not None)
    assert amounts[REST] == Decimal("20.00")
    assert listed == amounts["本年支出合计"] == Decimal("505.00")


def test_income_table_is_by_code_with_one_column_per_source(complete):
    table = _table(complete[0], "table-income_table")
    assert [c.text for c in table.header[0]] == ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "上级补助收入",
                                                 "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    rows = [[c.text for c in row] for row in table.body]
    assert rows[0] == ["", "合计", "500.00", "480.00", "—", "—", "—", "—", "20.00"]
    codes = [row[0] for row in rows[1:]]
    assert codes == sorted(codes) and codes[:4] == ["201", "20103", "2010301", "2010302"]
    assert rows[3][1] == "　　行政运行"                                        # 项 indented under its 款
    assert rows[3][2:] == ["275.00", "255.00", "—", "—", "—", "—", "20.00"]
    assert not any(c.missing for row in table.body for c in row)


def test_expenditure_table_is_by_code_with_one_column_per_type(complete):
    table = _table(complete[0], "table-expenditure_table")
    assert [c.text for c in table.header[0]][2:] == ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                                                     "对附属单位补助支出"]
    rows = _rows(table)
    assert rows["合计"][2:] == ["505.00", "400.00", "105.00", "—", "—", "—"]
    assert rows["一般公共服务支出"][2:5] == ["420.00", "315.00", "105.00"]   # all funds, not only 一般公共预算
    assert REST not in [c.text for row in table.body for c in row]


def test_without_the_breakdown_by_code_the_tables_print_the_total_and_one_gap(tmp_path):
    text = COMPLETE.read_text(encoding="utf-8")
    cut = text[text.index("  income_table:"):text.index("\nprojects:")]
    doc, log = _render(tmp_path, (cut, ""))
    for anchor, name, total in (("table-income_table", "收入决算表", "500.00"),
                                ("table-expenditure_table", "支出决算表", "505.00")):
        table = _table(doc, anchor)
        assert [c.text for c in table.body[0]][2] == total               # 合计 from 收入支出决算总表 figures
        assert len(table.body) == 2 and all(c.missing for c in table.body[1][2:])
        assert sum(f"{name}按科目分列的明细" in m for m in log.missing) == 1
    income = [c.text for c in _table(doc, "table-income_table").body[0]]
    assert income[3] == "480.00" and income[4] == "0.00"      # 财政拨款 = Σ its sources; an unlisted source is 0


def test_a_cell_left_empty_is_a_red_gap_and_the_units_decimals_are_kept(tmp_path):
    doc, log = _render(tmp_path,
                       ('{code: "2010350", total: 40.00, fiscal: 40.00, superior: "—"', '{code: "2010350", total: 40.005, fiscal: 40.005'),
                       ('{code: "2010350", total: 40.00, basic: 40.00, project: 0, ', '{code: "2010350", total: 40.00, basic: 40.00, '))
    income = next(row for row in _table(doc, "table-income_table").body if row[0].text == "2010350")
    assert [c.text for c in income[2:4]] == ["40.005", "40.005"]
    assert income[4].missing and income[4].text == "未填报"                 # superior left empty: not “—”, not 0
    spent = next(row for row in _table(doc, "table-expenditure_table").body if row[0].text == "2010350")
    assert spent[4].missing
    assert any(m.startswith("三、支出决算表：项目支出") for m in log.missing)


def test_no_rest_row_when_the_function_lines_cover_all_spending(tmp_path):
    doc, _ = _render(tmp_path, ("expenditure_total: {amount: 505.00}", "expenditure_total: {amount: 485.00}"),
                     ("basic: {amount: 400.00}", "basic: {amount: 380.00}"))
    texts = [c.text for row in _table(doc, "table-income_expenditure_summary").body for c in row]
    assert REST not in texts


def test_rows_above_the_total_are_never_offset_by_a_negative_rest_row(tmp_path):
    doc, log = _render(tmp_path, ("expenditure_total: {amount: 505.00}", "expenditure_total: {amount: 470.00}"))
    texts = [c.text for row in _table(doc, "table-income_expenditure_summary").body for c in row]
    assert REST not in texts
    assert any("分列各行之和大于合计" in note for note in log.notes)


def test_general_budget_detail_total_row_sums_the_project_column(complete):
    for anchor in ("table-general_budget_expenditure_detail", "table-general_budget_expenditure"):
        total = _rows(_table(complete[0], anchor))["合计"]
        assert "105.00" in total, anchor
    assert _rows(_table(complete[0], "table-general_budget_project"))["合计"][-1] == "105.00"


def test_project_total_falls_back_to_the_model_when_rows_lack_it(tmp_path):
    edits = [(f"basic: 295.00, project: 105.00}}", "basic: 295.00}")] * 2
    doc, _ = _render(tmp_path, *edits)
    total = _rows(_table(doc, "table-general_budget_expenditure_detail"))["合计"]
    assert total[2:] == ["485.00", "380.00", "105.00"]   # 一般公共预算 485 − 基本支出 380


@pytest.mark.parametrize("expr, expected", [
    ({"sum": "lines", "field": "a"}, Decimal(3)),
    ({"sum": "lines", "field": "a", "where": {"k": "x"}}, Decimal(1)),
    ({"sum": "lines", "field": "b"}, None),                       # an element lacks it: not summed
    ({"sum": "none", "field": "a"}, None),                        # nothing to sum
    ({"minus": ["total", {"sum": "lines", "field": "a"}]}, Decimal(7)),
    ({"minus": ["total", "missing"]}, None),
    ({"first": [{"sum": "lines", "field": "b"}, "total"]}, Decimal(10)),
    ({"first": ["missing"]}, None),
])
def test_derived_cells(expr, expected):
    data = {"lines": [SimpleNamespace(a=1, b=None, k="x"), SimpleNamespace(a=2, b=5, k="y")],
            "total": Decimal(10), "none": [], "missing": None}

    def matches(item, where):
        return all(getattr(item, key) == wanted for key, wanted in where.items())

    assert derived_value(expr, data.get, matches) == expected


def test_filed_annex_names_replace_the_template_titles_when_they_match(tmp_path):
    doc, _ = _render(tmp_path, ("  performance: {", '  annex_tables: ["2023年收入决算表", "十三、财政拨款\\"三公\\"经费支出决算表",'
                                                   ' "十四、本单位自设表"]\n  performance: {'))
    titles = {b.anchor: b.title for b in doc.blocks if isinstance(b, Table)}
    assert titles["table-income_table"] == "2023年收入决算表"
    assert titles["table-sangong_table"] == '十三、财政拨款"三公"经费支出决算表'
    assert titles["table-expenditure_table"] == "三、支出决算表"              # not filed: the template's
    assert "十四、本单位自设表" not in titles.values()


@pytest.mark.parametrize("a, b, same", [
    ("一、收入支出决算总表", "收入支出决算总表", True),
    ("十三、财政拨款“三公”经费支出决算表", '财政拨款"三公"经费支出决算表', True),
    ("2022年度支出决算表", "三、支出决算表", True),
    ("一、收入决算表", "二、支出决算表", False),
])
def test_annex_names_match_without_numbering_year_or_quotes(a, b, same):
    assert (annex_key(a) == annex_key(b)) is same


def _glossary(doc) -> list[str]:
    start = next(i for i, b in enumerate(doc.blocks) if str(getattr(b, "text", "")).endswith("名词解释")
                 and not isinstance(b, Para))
    out = []
    for block in doc.blocks[start + 1:]:
        if not isinstance(block, Para):
            break
        out.append(block.text)
    return out


def test_the_units_own_glossary_is_printed_renumbered(tmp_path):
    own = '  glossary: ["1.财政拨款收入：本单位自己的定义。", "3、档案数字化：指把纸质档案转为数字文件。"]\n\naccounts:'
    doc, _ = _render(tmp_path, ("\naccounts:", "\n" + own))
    assert _glossary(doc) == ["1.财政拨款收入：本单位自己的定义。", "2.档案数字化：指把纸质档案转为数字文件。"]


def test_the_standard_glossary_when_the_unit_wrote_none(complete):
    entries = _glossary(complete[0])
    assert entries[0] == "1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。"
    assert any("行政运行" in entry and entry.endswith("：指行政单位（包括实行公务员管理的事业单位）用于保障机构正常运行、开展日常工作的基本支出。")
               for entry in entries)


def test_function_lines_are_listed_by_code_so_each_class_heads_its_items(tmp_path):
    # the complete filing lists 2010350 before 2010302; the table nests them by code
    doc, _ = _render(tmp_path)
    codes = [row[0].text for row in _table(doc, "table-expenditure_table").body if row[0].text.isdigit()]
    assert codes == sorted(codes)
    assert codes.index("2010302") < codes.index("2010350") < codes.index("208")
