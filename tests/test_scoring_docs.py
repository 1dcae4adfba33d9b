"""What scoring registers is documented: finding rule ids, rule shapes, bundled rubrics."""
from __future__ import annotations

import re
from pathlib import Path

from jixiao.scoring import default_shapes, list_rubrics

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "rubrics.md").read_text(encoding="utf-8")
SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "jixiao" / "scoring").glob("*.py"))


def test_every_scoring_rule_id_is_documented():
    ids = set(re.findall(r'"((?:SCORE|RUBRIC)-[A-Z-]+)"', SOURCES))
    assert ids, "no rule ids found"
    missing = sorted(i for i in ids if f"`{i}`" not in DOC and i not in DOC)
    assert missing == []


def test_every_documented_score_id_is_used():
    documented = set(re.findall(r"`(SCORE-[A-Z-]+)`", DOC))
    unused = sorted(i for i in documented if f'"{i}"' not in SOURCES)
    assert unused == []


def test_every_shape_and_rubric_is_documented():
    for shape in default_shapes().shapes:
        assert f"`{shape.id}`" in DOC, shape.id
    for rubric in list_rubrics():
        assert f"`{rubric.id}`" in DOC, rubric.id


def test_glossary_has_the_scoring_terms():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for term in ("`Rubric`", "`ShapeRegistry`", "证据不足", "`partial_point_policy`"):
        assert term in glossary
