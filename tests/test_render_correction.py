"""jixiao render --correction 已公开版本: a 更正说明 listing each corrected figure, old and new, and its place."""
from __future__ import annotations

from pathlib import Path

from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import Table
from jixiao.render.correction import figure_changes
from jixiao.render.package import render_document
from jixiao.render.scores import ScoreBook

COMPLETE = Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml"
OLD_LINE = "    - {name: 其他收入, amount: 20.00, prior: 10.00}"


def _corrected(tmp_path: Path) -> str:
    text = COMPLETE.read_text("utf-8")
    assert OLD_LINE in text
    path = tmp_path / "corrected.yaml"
    path.write_text(text.replace(OLD_LINE, OLD_LINE.replace("amount: 20.00", "amount: 25.00")), "utf-8")
    return str(path)


def test_figure_changes_name_the_field_in_chinese(tmp_path):
    old = load_and_validate(str(COMPLETE)).filing
    new = load_and_validate(_corrected(tmp_path)).filing
    assert figure_changes(old, new) == [("部门决算·收入来源“其他收入”·本年决算数", "20.00", "25.00")]
    assert figure_changes(old, old) == []


def test_cli_writes_the_correction_note_with_old_new_and_place(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("render", _corrected(tmp_path), "--out", str(out), "--formats", "html",
                 "--correction", str(COMPLETE))
    assert result.exit_code == 0, result.output
    note = next(out.glob("*_更正说明.html")).read_text("utf-8")
    assert "部门决算·收入来源“其他收入”·本年决算数" in note and "20.00" in note and "25.00" in note
    assert "二、收入决算情况说明" in note and "一、收入支出决算总表" in note     # where the old figure was printed
    assert "二、收入决算表" not in note        # its 合计 row prints the filed 收入决算表 (accounts.income_table), unchanged
    assert "二、机构设置" not in note                                      # not wherever a 20 stands
    assert "4.0%" in note and "5.0%" in note                               # as printed: 20/500 → 25/500
    assert "收入来源占本年收入合计比重（其他收入）" in note        # a share derived from it, changed too
    assert sorted(p.suffix for p in out.glob("*_更正说明.*")) == [".docx", ".html"]


def test_no_change_says_so(tmp_path):
    from jixiao.render.correction import correction_document, corrections_for

    run = with_metrics(load_and_validate(str(COMPLETE)))
    doc, log, *_ = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook())
    found = corrections_for(run.filing, run.filing, run.metrics, run.metrics, doc, log)
    note = correction_document(run.filing, run.filing, doc, found)
    assert found == [] and not [b for b in note.blocks if isinstance(b, Table)]
    assert any("无需更正" in getattr(b, "text", "") for b in note.blocks)
