"""“—” in a 决算 amount: the unit published no amount there.  Read as 0, kept, printed “—” again; an empty
cell stays 未填报."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from jixiao.ingest.xlsx_out import write_workbook
from jixiao.ingest.yaml_out import dump_filing
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import Table
from jixiao.render.package import render_document
from jixiao.render.scores import ScoreBook

COMPLETE = Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml"
SURPLUS = "non_fiscal_surplus_used: {amount: 0}"
LINE = '{code: "2010301", amount: 255.00, basic: 255.00, project: 0, budget: 255.00}'


def _dashed(tmp_path: Path) -> str:
    text = COMPLETE.read_text("utf-8")
    assert SURPLUS in text and LINE in text
    text = text.replace(SURPLUS, 'non_fiscal_surplus_used: {amount: "—"}').replace(LINE, LINE.replace("project: 0", 'project: "-"'))
    path = tmp_path / "dashed.yaml"
    path.write_text(text, "utf-8")
    return str(path)


def test_a_dash_reads_as_zero_and_is_remembered(tmp_path):
    run = load_and_validate(_dashed(tmp_path))
    assert run.input_errors == []
    f = run.filing
    assert f.accounts.totals.non_fiscal_surplus_used.amount == Decimal(0)
    line = next(x for x in f.accounts.function_lines if x.code == "2010301")
    assert line.project == 0 and f.dashed(line, "project") and not f.dashed(line, "basic")
    assert f.dashed(f.accounts.totals.non_fiscal_surplus_used, "amount")
    # besides the 收入决算表 and 支出决算表 columns the consistent filing itself publishes as “—”
    assert sorted(d for d in f.dashes if "_table." not in d) == ["accounts.function_lines[2].project",
                                                                 "accounts.totals.non_fiscal_surplus_used.amount"]


def test_documents_print_the_dash_again(tmp_path):
    run = with_metrics(load_and_validate(_dashed(tmp_path)))
    doc, *_ = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook())
    cells = [(row, c.text) for t in doc.blocks if isinstance(t, Table) for row in t.body for c in row]
    rows = {tuple(c.text for c in row) for t in doc.blocks if isinstance(t, Table) for row in t.body}
    assert any("使用非财政拨款结余" in r[0] and "—" in r for r in rows)
    assert ("2010301", "\u3000\u3000行政运行", "255.00", "255.00", "—") in rows     # 支出决算表: 项目支出 “—”
    plain, *_ = render_document(with_metrics(load_and_validate(str(COMPLETE))).filing,
                                with_metrics(load_and_validate(str(COMPLETE))).metrics, charts=False, scores=ScoreBook())
    assert not any(r and "使用非财政拨款结余" in r[0] and "—" in r
                   for t in plain.blocks if isinstance(t, Table) for r in {tuple(c.text for c in row) for row in t.body})
    assert cells


def test_yaml_and_workbook_write_the_dash_back(tmp_path):
    run = load_and_validate(_dashed(tmp_path))
    text = dump_filing(run.filing)
    assert "non_fiscal_surplus_used:\n      amount: —" in text
    again = tmp_path / "again.yaml"
    again.write_text(text, "utf-8")
    assert load_and_validate(str(again)).filing.dashes == run.filing.dashes
    book = tmp_path / "dashed.xlsx"
    write_workbook(run.filing, str(book))
    back = load_and_validate(str(book))
    assert back.input_errors == [] and back.filing.dashes == run.filing.dashes and back.filing == run.filing


def test_an_empty_cell_is_not_a_dash(tmp_path):
    run = load_and_validate(str(COMPLETE))
    book = tmp_path / "plain.xlsx"
    write_workbook(run.filing, str(book))
    wb = openpyxl.load_workbook(book)
    ws = wb["部门决算"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "accounts.totals.carryover_end.amount")
    row[2].value = None
    wb.save(book)
    f = load_and_validate(str(book)).filing
    assert f.accounts.totals.carryover_end.amount is None
    assert f.dashes and not any(d.startswith("accounts.totals") for d in f.dashes)
