"""Rubrics as data and explainable scoring (评分).

Public interface::

    score_filing(filing, rubric_id=None, registry=None) -> (ScoringResult, findings)
    load_rubric(rubric_id) -> Rubric          # bundled id, "id:variant", or a YAML path
    list_rubrics() -> list[Rubric]
    default_shapes() -> ShapeRegistry         # the rule shapes R1–R12 (+ X0, X1)
    CardScorer(rubric, shapes)                # line by line, for rows that are not a filing (card_scorer.py;
                                              # batch's Python reference): criterion_line, indicator_line, score

See docs/rubrics.md for the rubric format, the shapes and the finding rule ids.
"""
from __future__ import annotations

from jixiao.scoring.library import list_rubrics, load_rubric
from jixiao.scoring.shape_defs import default_shapes

__all__ = ["score_filing", "load_rubric", "list_rubrics", "default_shapes", "ScoringResult", "CardScorer"]


def __getattr__(name: str):
    # score_filing and ScoringResult import the engine lazily so that loading a rubric stays light.
    if name == "score_filing":
        from jixiao.scoring.engine import score_filing

        return score_filing
    if name == "ScoringResult":
        from jixiao.scoring.result import ScoringResult

        return ScoringResult
    if name == "CardScorer":
        from jixiao.scoring.card_scorer import CardScorer

        return CardScorer
    raise AttributeError(name)
