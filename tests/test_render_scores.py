"""Scores printed: the public 自评表 prints the unit's own points; the rule recomputation goes to the 核对报告."""
from __future__ import annotations

from conftest import example
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render import fmt as F
from jixiao.render.blocks import Table
from jixiao.render.package import render_document
from jixiao.render.scores import ScoreBook, load_scores

S4 = example("yanjiang-xinfang-2022.yaml")
CARD = "（面上的信访维稳工作经费）"     # published 合计 81, its published lines add up to 76


def _card_total(scores) -> tuple[str, str]:
    run = with_metrics(load_and_validate(S4))
    doc, *_ = render_document(run.filing, run.metrics, charts=False, scores=scores)
    table = next(b for b in doc.blocks if isinstance(b, Table) and CARD in b.caption_above)
    total_row = table.body[-1]
    grade = table.caption_above[1].rsplit("自评等级：", 1)[1]
    return total_row[2].text, grade


def test_the_public_card_prints_the_units_own_points():
    book = load_scores(load_and_validate(S4).filing)
    assert book.engine
    assert _card_total(book) == ("81", "良好")      # published 81, though its lines add up to 76
    run = with_metrics(load_and_validate(S4))
    doc, *_ = render_document(run.filing, run.metrics, charts=False, scores=book)
    table = next(b for b in doc.blocks if isinstance(b, Table) and CARD in b.caption_above)
    card = next(c for c in run.filing.projects if c.name and c.name in CARD)
    printed = [row[-2].text for row in table.body[:-1]]
    assert printed == [F.score(i.score.number) for i in card.scorecard]


def test_an_empty_score_book_prints_published_points():
    assert _card_total(ScoreBook()) == ("81", "良好")
