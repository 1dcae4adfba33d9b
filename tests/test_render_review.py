"""The public package prints the unit's own scores; the 核对报告 beside it holds the rule recomputation."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as Docx

from conftest import example
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import Heading, plain_text
from jixiao.render.package import REVIEW_SUFFIX, render_document, render_package
from jixiao.render.review import MARKS, review_card, review_document
from jixiao.render.scores import load_scores

S4 = example("yanjiang-xinfang-2022.yaml")
CARD2 = "面上的信访维稳工作经费"       # published 合计 81, its published lines add up to 76


@pytest.fixture(scope="module")
def s4():
    run = with_metrics(load_and_validate(S4))
    return run, load_scores(run.filing)


def test_card_two_review_lists_published_81_against_76_from_its_items(s4):
    _, book = s4
    review = review_card(book.projects[CARD2])
    assert review.published_total == 81 and review.published_items_sum == 76 and review.recomputed_total == 76
    assert any("公开总分81分，其各项自评分合计为76分" in d for d in review.differences)
    marks = [row["mark"] for row in review.rows]
    assert marks.count(MARKS["adopted"]) == 17 and marks.count(MARKS["computed"]) == 3
    adopted = next(r for r in review.rows if r["name"] == "项目立项规范性")
    assert adopted["published"] == 3 and adopted["points"] is None and adopted["mark"] == "采用单位自评（证据不足）"


def test_a_synonym_of_the_grade_is_not_a_difference(s4):
    _, book = s4
    differences = [d for card in book.projects.values() for d in review_card(card).differences]
    assert not any("“良好”，按复算总分应为“良”" in d for d in differences)


def test_review_document_text_shows_each_card_and_its_totals(s4):
    run, book = s4
    text = plain_text(review_document(run.filing, book))
    assert "不公开" in text and "规则复算" in text
    assert "单位公开总分81分，各项自评分合计76分，按规则复算总分76分" in text


def test_package_writes_the_review_beside_it_and_keeps_it_out_of_the_public_files(s4, tmp_path):
    run, book = s4
    report = render_package(run.filing, run.metrics, str(tmp_path), ("docx", "html"), scores=book)
    public = [Path(p).name for _, p, _ in report.files]
    internal = [Path(p).name for _, p, _ in report.internal]
    assert len(public) == 2 and not any(REVIEW_SUFFIX in n for n in public)
    assert sorted(Path(n).suffix for n in internal) == [".docx", ".html"]
    assert all(REVIEW_SUFFIX in n and (tmp_path / n).exists() for n in internal)
    published = "\n".join(p.text for p in Docx(str(tmp_path / public[0] if public[0].endswith("docx") else tmp_path / public[1])).paragraphs)
    assert "采用单位自评（证据不足）" not in published and "得分由评分引擎" not in published
    review_html = (tmp_path / next(n for n in internal if n.endswith(".html"))).read_text("utf-8")
    assert CARD2 in review_html and "采用单位自评（证据不足）" in review_html


def test_closing_notes_say_what_was_recomputed_taken_as_published_and_missing(s4):
    run, book = s4
    doc, log, *_ = render_document(run.filing, run.metrics, charts=False, scores=book)
    start = max(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.text == "说明")
    notes = doc.blocks[start:]
    headings = [b.text for b in notes if isinstance(b, Heading) and b.level == 3]
    numerals = "一二三四五六七八九十"
    assert [h[1] for h in headings] == list(numerals[:len(headings)])       # (一)(二)… never skipping
    titles = [h[3:] for h in headings]
    assert titles[0] == "按填报数据复算的数值" and "采用单位公开数值（未经复算）" in titles
    text = "\n".join(getattr(b, "text", "") for b in notes)
    assert "收支总计变动额" in text or "收支总计变动率" in text
    assert "自评表中的得分、总分和等级为单位自评结果" in text


def test_a_folder_audit_skips_the_internal_review(s4, tmp_path):
    from jixiao.cli.audit import collect_files

    run, book = s4
    report = render_package(run.filing, run.metrics, str(tmp_path), ("html",), scores=book)
    found = collect_files((str(tmp_path),))
    assert [Path(p).name for p in found] == [Path(report.files[0][1]).name]
    named = report.internal[0][1]
    assert collect_files((named,)) == [named]           # named explicitly, it is audited
