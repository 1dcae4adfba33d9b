"""Render decides from what the filing holds; --parts chooses explicitly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import Heading, plain_text
from jixiao.render.package import render_document
from jixiao.render.parts import parse_parts, parts_held
from jixiao.render.scores import ScoreBook
from jixiao.render.templates import TemplateError

COMPLETE = Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml"
DEPARTMENT_TEXTS = ("evaluation_purpose", "evaluation_process", "conclusion", "problems", "improvements")


def _cut(tmp_path: Path, drop: set[str], drop_texts: tuple[str, ...] = ()) -> str:
    """The complete filing without some top-level blocks (and some keys of ``texts``)."""
    out, skipping, in_texts, text_skip = [], False, False, False
    for line in COMPLETE.read_text("utf-8").splitlines():
        top = re.match(r"^([a-z_]+):", line)
        if top:
            skipping, in_texts = top.group(1) in drop, top.group(1) == "texts"
        if in_texts and not top:
            key = re.match(r"^  ([a-z_]+):", line)
            if key:
                text_skip = key.group(1) in drop_texts
            if text_skip:
                continue
        if not skipping:
            out.append(line)
    path = tmp_path / "cut.yaml"
    path.write_text("\n".join(out) + "\n", "utf-8")
    return str(path)


def _render(path: str, parts=None):
    run = with_metrics(load_and_validate(path))
    assert not run.input_errors
    doc, log, stem, _, _ = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook(), parts=parts)
    return doc, log, stem, run.filing


def test_a_project_only_filing_renders_only_the_project_forms_package(tmp_path):
    path = _cut(tmp_path, {"accounts", "department", "texts"})
    doc, log, stem, filing = _render(path)
    assert parts_held(filing) == ("项目",)
    assert stem.endswith("项目支出绩效自评表") and "决算" not in doc.title
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "项目支出绩效自评表" in headings
    assert not any("决算" in h or "附表" in h or "整体" in h or "概况" in h for h in headings)
    assert [m for m in log.missing if not m.startswith("项目支出绩效自评表")] == []     # 0 未填报 of the 决算
    assert "收入决算" not in plain_text(doc)


def test_a_decision_only_filing_has_no_empty_annex(tmp_path):
    path = _cut(tmp_path, {"projects", "department"}, DEPARTMENT_TEXTS)
    doc, log, _, filing = _render(path)
    assert parts_held(filing) == ("决算",)
    text = plain_text(doc)
    assert "整体支出绩效自评报告" not in text and "项目支出绩效自评表" not in text and "附件" not in text
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    numbered = [h for h in headings if h.startswith("第")]
    assert [h[:4] for h in numbered] == ["第一部分", "第二部分", "第三部分", "第四部分"]     # no gap where 附件 was
    assert not any("自评" in m for m in log.missing)


def test_decision_and_projects_keep_annex_1_and_drop_annex_2(tmp_path):
    path = _cut(tmp_path, {"department"}, DEPARTMENT_TEXTS)
    doc, *_ = _render(path)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "附件1：项目支出绩效自评表" in headings and not any(h.startswith("附件2") for h in headings)


def test_yunnan_ordinals_stay_consecutive_when_the_department_forms_are_left_out():
    run = with_metrics(load_and_validate(str(COMPLETE)))
    doc, *_ = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook(), template_id="yunnan-2022",
                              parts=("决算", "项目"))
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "十二、2023年度项目支出绩效自评表" in headings
    assert not any("部门整体支出绩效自评" in h for h in headings)


def test_parts_chosen_explicitly_and_the_full_filing_gets_everything():
    doc, *_ = _render(str(COMPLETE), ("项目",))
    assert not any(isinstance(b, Heading) and "决算情况说明" in b.text for b in doc.blocks)
    full, *_ = _render(str(COMPLETE))
    text = plain_text(full)
    assert "附件1：项目支出绩效自评表" in text and "附件2：" in text


def test_parse_parts_accepts_chinese_and_english_and_refuses_others():
    assert parse_parts("整体,项目") == ("项目", "整体")
    assert parse_parts("accounts") == ("决算",)
    assert parse_parts(None) is None
    with pytest.raises(TemplateError, match="不认识的文档部分“附表”"):
        parse_parts("附表")


def test_cli_parts_option(cli, tmp_path):
    result = cli("render", str(COMPLETE), "--out", str(tmp_path), "--formats", "html", "--parts", "项目")
    assert result.exit_code == 0, result.output
    assert any(p.name.endswith("项目支出绩效自评表.html") for p in tmp_path.iterdir())
    bad = cli("render", str(COMPLETE), "--out", str(tmp_path), "--parts", "附表")
    assert bad.exit_code == 2 and "不认识的文档部分" in bad.output
