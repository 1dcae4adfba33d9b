"""总分 without the funds row (issue 11 item 4): a rubric's ``total_includes`` names the top-level sections
总分 adds up; a section left out (预算执行率) is scored, shown and checked, but not summed.  Every path that
computes or prints a total follows it: the engine, the card checks, `jixiao score` (terminal and --xlsx),
`jixiao rubric show`, the rendered form's 满分 and the 核对报告 (batch SQL: tests/test_batch_parity.py)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.scoring import load_rubric
from jixiao.scoring.rubric_load import RubricError

RUBRIC = str(Path(__file__).parent / "data" / "batch" / "funds-outside-rubric.yaml")

#: funds row 10 (99.85% → 9.99), indicator rows 50 + 30 + 10 = 90, all met
FILING = """\
unit: {{name: 某局, year: 2019, province: 湖北}}
projects:
  - name: 示例项目
    rubric_family: "2020"
    published: {{total: "{total}", grade: 优}}
    funds:
      - {{source: 年度资金总额, annual_budget: 100, executed: 99.85, weight: 10, published: {{score: "{funds}"}}}}
    indicators:
      - {{level1: 产出指标, name: 完成数量, nature: "≥", target: "10", actual: "10", weight: 50, score: "50"}}
      - {{level1: 效益指标, name: 受益人数, nature: "≥", target: "100", actual: "120", weight: 30, score: "30"}}
      - {{level1: 满意度指标, name: 服务对象满意度, nature: "≥", target: "90", actual: "95", weight: 10, score: "10"}}
"""


def _score(cli, write_filing, total: str, funds: str = "9.99", rubric: str = RUBRIC, *extra: str):
    path = write_filing(FILING.format(total=total, funds=funds))
    result = cli("score", path, "--rubric", rubric, "--json", *extra)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output), path


def _ids(out) -> list[str]:
    return [f["rule_id"] for f in out["findings"]]


def test_the_rubric_total_leaves_the_funds_section_out():
    rubric = load_rubric(RUBRIC)
    assert [s.id for s in rubric.total_sections] == ["output", "benefit", "satisfaction"]
    assert [s.id for s in rubric.outside_total] == ["execution"]
    assert rubric.max_total == 90
    assert not rubric.in_total(("预算执行率",)) and not rubric.in_total(("执行率",))   # aliases too
    assert rubric.in_total(("产出指标",)) and rubric.in_total(("（未归类）",))
    assert load_rubric("hubei-2022-project").max_total == 100, "without total_includes every section counts"


def test_a_total_without_the_funds_row_passes(cli, write_filing):
    code, out, _ = _score(cli, write_filing, "90")
    card = out["projects"][0]
    assert (Decimal(card["total"]), Decimal(card["max_total"]), card["grade"]) == (90, 90, "优")
    funds = next(i for i in card["items"] if i["id"] == "execution_rate")
    assert Decimal(funds["points"]) == Decimal("9.99") and funds["in_total"] is False
    assert all("in_total" not in i for i in card["items"] if i["id"] != "execution_rate")
    assert "SCORE-TOTAL-MISMATCH" not in _ids(out) and "SCORE-ITEM-MISMATCH" not in _ids(out)
    assert code == 0


def test_a_total_that_adds_the_funds_row_is_found(cli, write_filing):
    code, out, _ = _score(cli, write_filing, "99.99")
    found = [f for f in out["findings"] if f["rule_id"] == "SCORE-TOTAL-MISMATCH"]
    assert len(found) == 1 and found[0]["severity"] == "error" and "90" in found[0]["message"], out["findings"]
    assert Decimal(out["projects"][0]["total"]) == 90
    assert code == 1


def test_the_funds_row_itself_is_still_checked(cli, write_filing):
    _, out, _ = _score(cli, write_filing, "90", "8")
    found = [f for f in out["findings"] if f["rule_id"] == "SCORE-ITEM-MISMATCH"]
    assert len(found) == 1 and "执行率" in found[0]["message"]
    assert "SCORE-TOTAL-MISMATCH" not in _ids(out), "a wrong funds score does not touch 总分"


def test_the_same_card_under_a_rubric_that_adds_the_funds_row(cli, write_filing):
    """mof-2020-project counts 执行率 in 总分: 90 is now a mismatch and 99.99 passes."""
    _, out, _ = _score(cli, write_filing, "90", "9.99", "mof-2020-project")
    assert Decimal(out["projects"][0]["total"]) == Decimal("99.99")
    assert "SCORE-TOTAL-MISMATCH" in _ids(out)
    _, out, _ = _score(cli, write_filing, "99.99", "9.99", "mof-2020-project")
    assert "SCORE-TOTAL-MISMATCH" not in _ids(out)


def test_terminal_and_rubric_show_say_so(cli, write_filing):
    path = write_filing(FILING.format(total="90", funds="9.99"))
    shown = cli("score", path, "--rubric", RUBRIC)
    assert "满分90分" in shown.output and "单独计分，不计入总分" in shown.output, shown.output
    rubric = cli("rubric", "show", RUBRIC)
    assert rubric.exit_code == 0 and "预算执行率（10分）单独计分，不计入总分" in rubric.output, rubric.output


def test_score_xlsx_sums_only_the_total_rows(cli, write_filing, tmp_path):
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    from jixiao.scoring.xlsx import HEAD_ROW

    path = write_filing(FILING.format(total="90", funds="9.99"))
    out = tmp_path / "scores.xlsx"
    result = cli("score", path, "--rubric", RUBRIC, "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    col = {str(h): i for i, h in enumerate(rows[HEAD_ROW])}
    total = next(r for r in rows if r[1] == "合计（计算）")
    assert (total[2], total[col["计入合计"]]) == (90, 90)
    funds = next(r for r in rows if r[1] == "预算执行率")
    assert "不计入总分" in funds[col["状态"]]
    formulas = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    first = HEAD_ROW + 2            # Excel row of the first item (1-based)
    formula = next(r for r in formulas if r[1] == "合计（计算）")[col["计入合计"]]
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[col["计入合计"]]
    assert f"{letter}{first}" not in formula and f"{letter}{first + 1}" in formula, formula   # funds row is first


def test_libreoffice_recalculates_the_total_without_the_funds_row(cli, write_filing, tmp_path):
    from libreoffice_calc import libreoffice_csv

    from jixiao.scoring.xlsx import HEAD_ROW

    path = write_filing(FILING.format(total="90", funds="9.99"))
    out = tmp_path / "scores.xlsx"
    assert cli("score", path, "--rubric", RUBRIC, "--xlsx", str(out)).exit_code == 0
    sheet = next(iter(libreoffice_csv(tmp_path / "lo", out).values()))
    col = {h: i for i, h in enumerate(sheet[HEAD_ROW])}
    total = next(r for r in sheet if r[1] == "合计（计算）")
    assert Decimal(total[col["计入合计"]]) == 90


@pytest.mark.parametrize("value, message", [
    ("[execution, nowhere]", "nowhere"),
    ("[]", "空"),
    ("[output, output]", "重复"),
])
def test_a_bad_total_includes_is_refused_with_its_line(tmp_path, value, message):
    text = Path(RUBRIC).read_text("utf-8").replace("total_includes: [output, benefit, satisfaction]",
                                                   f"total_includes: {value}")
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(RubricError) as info:
        load_rubric(str(path))
    finding = info.value.findings[0]
    assert "total_includes" in finding.message and message in finding.message
    assert finding.source.locator.startswith("L")


def test_rendered_form_and_review_keep_the_funds_row_out_of_the_total(write_filing):
    from jixiao.pipeline import load_and_validate
    from jixiao.render.review import review_card
    from jixiao.scoring import score_filing

    filing = load_and_validate(write_filing(FILING.format(total="90", funds="9.99"))).filing
    result, _ = score_filing(filing, RUBRIC)
    review = review_card(result.projects[0].to_json())
    assert review.published_items_sum == 90 and review.max_total == 90
    assert not [d for d in review.differences if "总分" in d], review.differences
    assert any("不计入总分" in r["mark"] for r in review.rows)


def test_rendered_2020_form_prints_the_max_of_the_total_it_prints(write_filing):
    """The public form's 总分 row: 满分 90 (not 100) when the rubric scores the funds row beside 总分."""
    from jixiao.pipeline import load_and_validate, with_metrics
    from jixiao.render.blocks import Table
    from jixiao.render.package import render_document
    from jixiao.render.scores import ScoreBook
    from jixiao.scoring import score_filing

    run = with_metrics(load_and_validate(write_filing(FILING.format(total="90", funds="9.99"))))
    cards = score_filing(run.filing, RUBRIC)[0].to_json()["projects"]
    book = ScoreBook(True, {c["name"]: c for c in cards}, None, "测试")
    doc, *_ = render_document(run.filing, run.metrics, charts=False, scores=book)
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.anchor == "project-1")
    row = next(r for r in table.body if r and r[0].text == "总分")
    assert [c.text for c in row[1:3]] == ["90", "90"], [c.text for c in row]
