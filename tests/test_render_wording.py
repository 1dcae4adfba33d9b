"""Wording as the real documents write it: 主要原因是, 财政拨款, no 未填报 glued to a unit and every gap in red."""
from __future__ import annotations

from pathlib import Path

from docx import Document as Docx

from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import plain_text
from jixiao.render.package import render_document, render_package
from jixiao.render.scores import ScoreBook
from jixiao.render.sections.common import reason_text

COMPLETE = Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml"


def _edited(tmp_path: Path, *pairs: tuple[str, str]) -> str:
    text = COMPLETE.read_text("utf-8")
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "edited.yaml"
    path.write_text(text, "utf-8")
    return str(path)


def _text(path: str) -> str:
    run = with_metrics(load_and_validate(path))
    doc, *_ = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook())
    return plain_text(doc)


def test_a_bare_reason_is_led_by_zhuyao_yuanyin_shi():
    assert reason_text("档案数字化项目增加", True) == "主要原因是档案数字化项目增加。"
    assert reason_text("减少的主要原因是车辆维修费用下降。", True) == "减少的主要原因是车辆维修费用下降。"
    assert reason_text("主要变动原因是打紧开支", True) == "主要变动原因是打紧开支。"


def test_a_bare_reason_in_the_document(tmp_path):
    text = _text(_edited(tmp_path, ("reason: 主要原因是档案数字化项目增加。}", "reason: 档案数字化项目增加。}")))
    assert "主要原因是档案数字化项目增加。" in text


def test_appropriation_spending_keeps_caizheng():
    text = _text(str(COMPLETE))
    assert "政府性基金预算财政拨款支出" in text and "政府性基金预算拨款支出" not in text
    assert "国有资本经营预算拨款支出" not in text


def test_a_missing_count_is_not_glued_to_its_unit_and_is_red(tmp_path):
    path = _edited(tmp_path, ("    overseas_groups: 0\n", ""))
    text = _text(path)
    assert "团组未填报次" not in text and "团组未填报，" in text
    report = render_package(with_metrics(load_and_validate(path)).filing,
                            with_metrics(load_and_validate(path)).metrics, str(tmp_path), ("docx", "html"),
                            scores=ScoreBook())
    html = next(Path(p) for f, p, _ in report.files if f == "html").read_text("utf-8")
    assert '团组<span class="missing-cell">未填报</span>，' in html
    word = Docx(str(next(p for f, p, _ in report.files if f == "docx")))
    runs = [r for p in word.paragraphs if "团组" in p.text for r in p.runs if r.text == "未填报"]
    assert runs and all(str(r.font.color.rgb) == "8A1C1C" for r in runs)
