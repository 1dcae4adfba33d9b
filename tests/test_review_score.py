"""Re-scoring under the 复核口径: S0 and S4, per indicator self score, review score, deviation, rules."""
from __future__ import annotations

import json
from decimal import Decimal

from click.testing import CliRunner

from jixiao.cli import main
from jixiao.pipeline import load_and_validate
from jixiao.review.packs import get_pack
from jixiao.review.rescore import rescore_filing
from jixiao.scoring import score_filing

S0 = "examples/zhanyi-xinfang-2023.yaml"
S4 = "examples/yanjiang-xinfang-2022.yaml"


def test_s0_district_pack_cuts_prose_and_unsurveyed_satisfaction():
    filing = load_and_validate(S0).filing
    review = rescore_filing(filing, get_pack(None, "kouj"))
    first = review.projects[0]
    by_id = {i.item.id: i for i in first.items}
    assert by_id["indicator[1]"].review == Decimal(21)                  # bound-only prose: −30% of 30
    assert [a.rule_id for a in by_id["indicator[1]"].applied] == ["KJ-PD-03-UNVERIFIABLE"]
    sat = by_id["indicator[3]"]
    assert sat.self_score == Decimal(20) and sat.review == 0 and sat.gap == Decimal(-20)
    assert [a.rule_id for a in sat.applied] == ["KJ-PD-03-UNVERIFIABLE", "KJ-PD-04-SATISFACTION-NO-SURVEY"]
    assert all(a.cells for a in sat.applied)
    assert first.self_total == 100 and first.review_total == 71
    assert by_id["indicator[0]"].deviation("completion_ratio") == 1      # 10 of 10


def test_review_items_carry_the_engine_explanation_shape():
    filing = load_and_validate(S0).filing
    engine, _ = score_filing(filing)
    review = rescore_filing(filing, get_pack(None, "kouj"))
    for card, project in zip(engine.projects, review.projects):
        assert [i.id for i in card.items] == [r.item.id for r in project.items]
        for item, reviewed in zip(card.items, project.items):
            data = reviewed.to_json("completion_ratio")
            assert {k: data[k] for k in item.to_json()} == item.to_json()       # same keys and values as jixiao score
            assert {"self_score", "review_score", "gap", "deviation", "rules"} <= set(data)


def test_manual_pack_caps_by_execution_and_deducts_overshoot_separately():
    from dataclasses import replace

    filing = load_and_validate(S0).filing
    project = filing.projects[0]
    funds = (replace(project.funds[0], executed=Decimal("6.5")),) + project.funds[1:]       # 65% executed
    rows = list(project.indicators)
    rows[0] = replace(rows[0], actual=type(rows[0].actual).parse("13"))                     # 13 against ≥10
    changed = replace(filing, projects=(replace(project, funds=funds, indicators=tuple(rows)),) + filing.projects[1:])
    manual = rescore_filing(changed, get_pack("manual-2022", "kouj")).projects[0]
    over = next(i for i in manual.items if i.item.id == "indicator[0]")
    assert [a.rule_id for a in over.applied] == ["KJ-MN-OVERSHOOT"] and over.review == 18
    assert [c.rule_id for c in manual.caps] == ["KJ-MN-EXEC-CAP"]
    assert manual.review_total == 79                          # [60%, 70%) → at most 79
    district = rescore_filing(changed, get_pack(None, "kouj")).projects[0]
    over = next(i for i in district.items if i.item.id == "indicator[0]")
    assert [a.rule_id for a in over.applied] == ["KJ-PD-05-OVER-130-NO-DEDUCTION"] and over.review == 20
    assert district.caps == []


def test_cli_review_score_json():
    out = CliRunner().invoke(main, ["review", "score", S0, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["pack"]["id"] == "pidu-district-2025"
    assert [p["review_total"] for p in data["projects"]] == ["71", "71", "74"]   # the third card weights its prose row 20, not 30
    bad = CliRunner().invoke(main, ["review", "score", S0, "--pack", "nope"])
    assert bad.exit_code == 2 and "nope" in bad.output
