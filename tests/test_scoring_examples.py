"""The two published examples scored end to end, against expectations written next to the filings."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from jixiao.ingest.load import load_filing
from jixiao.scoring import score_filing
from jixiao.scoring.result import STATUS_ZH

QUIET = {"SCORE-EVIDENCE-MISSING", "SCORE-RULE-UNKNOWN"}
NAMES = ["yanjiang-xinfang-2022", "zhanyi-xinfang-2023"]


def _expected(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / "expected" / f"{name}.scores.yaml").read_text("utf-8"))


def _scored(name: str):
    filing, _ = load_filing(str(EXAMPLES / f"{name}.yaml"))
    return score_filing(filing)


def _outcome(item) -> str:
    if item.status == "scored":
        return f"{item.points.normalize():f}"
    if item.status == "range":
        return f"{item.low.normalize():f}~{item.high.normalize():f}"
    return STATUS_ZH[item.status]


def _check_card(card, expected: dict) -> None:
    if "rubric" in expected:
        assert card.rubric == expected["rubric"]
    by_id = {item.id: item for item in card.items}
    for item_id, wanted in expected.get("items", {}).items():
        assert _outcome(by_id[item_id]) == str(wanted), (card.name, item_id, by_id[item_id].explanation)
    if "total" in expected:
        wanted = expected["total"]
        assert card.total == (None if wanted is None else Decimal(str(wanted))), card.name
    if "grade" in expected:
        assert card.grade == expected["grade"], card.name


@pytest.mark.parametrize("name", NAMES)
def test_scorecards_match_expectations(name):
    expected = _expected(name)
    result, _ = _scored(name)
    cards = {card.name: card for card in result.projects}
    assert set(cards) == set(expected["projects"])
    for card_name, wanted in expected["projects"].items():
        _check_card(cards[card_name], wanted)
    if expected["department"] is None:
        assert result.department is None
    else:
        _check_card(result.department, expected["department"])


@pytest.mark.parametrize("name", NAMES)
def test_findings_are_exactly_the_expected_ones(name):
    expected = sorted(_expected(name)["findings"])
    _, findings = _scored(name)
    found = sorted(f"{f.rule_id} @ {f.source.locator}" for f in findings if f.rule_id not in QUIET)
    assert found == expected
    assert all(f.source.doc.endswith(f"{name}.yaml") for f in findings)


def test_s4_card_2_total_81_is_reported_against_its_items():
    _, findings = _scored("yanjiang-xinfang-2022")
    mismatch = next(f for f in findings if f.rule_id == "SCORE-TOTAL-MISMATCH")
    assert (mismatch.claimed, mismatch.expected) == ("81", "76")
    assert mismatch.severity.value == "error"


def test_s4_funds_arrival_partial_point_is_ceil():
    result, _ = _scored("yanjiang-xinfang-2022")
    item = next(i for i in result.projects[0].items if i.id == "funds_arrival")
    assert item.points == 4
    assert "65.16/65.54×100%=99.42%" in item.explanation and "0.58个百分点" in item.explanation
    assert "扣1分" in item.explanation and item.explanation.endswith("得4分")


def test_unverifiable_published_scores_are_info_not_errors():
    _, findings = _scored("yanjiang-xinfang-2022")
    evidence = [f for f in findings if f.rule_id == "SCORE-EVIDENCE-MISSING"]
    assert evidence and all(f.severity.value == "info" for f in evidence)


def test_s4_department_total_cannot_be_reproduced_and_says_why():
    _, findings = _scored("yanjiang-xinfang-2022")
    total = next(f for f in findings if f.rule_id == "SCORE-TOTAL-UNVERIFIABLE" and f.claimed == "83.4")
    assert "未公开的其余指标" in total.message and total.severity.value == "info"


def test_s0_execution_rate_over_100_published_as_100():
    result, findings = _scored("zhanyi-xinfang-2023")
    item = next(i for i in result.projects[1].items if i.id == "execution_rate")
    assert item.points == 10 and "21.97/20.00×100%=109.85%" in item.explanation
    rate = next(f for f in findings if f.rule_id == "SCORE-RATE-MISMATCH")
    assert rate.claimed == "100.00%" and rate.expected == "109.85%" and rate.severity.value == "warning"


def test_s0_under_the_default_rubric_reports_its_weights():
    filing, _ = load_filing(str(EXAMPLES / "zhanyi-xinfang-2023.yaml"))
    _, findings = score_filing(filing, "mof-2020-project")
    weights = [f for f in findings if f.rule_id == "SCORE-WEIGHTS-MISMATCH"]
    assert len(weights) == 6      # 效益 20 ≠ 30 and 满意度 20 ≠ 10 on each of three tables
