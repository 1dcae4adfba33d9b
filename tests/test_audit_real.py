"""The auditor on real published text: ../shared/corpus/real, scored by shared/tools/corpus_score.py
exactly as the auditor is judged on real reports nobody here has seen (bench/audit_real.py prints the
same figures with every miss and false error).

The floors are what the auditor has reached; raise them as it improves, never lower them to pass.
This test needs ../shared beside the checkout and fails (never skips) without it.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.needs_shared

# floors reached on the 60 excerpts (17 failing relations, 409 holding)
FOUND = 16              # failing relations found as an error or a warning (94%; the issue asks ≥ 80%)
FOUND_AS_ERRORS = 11    # … of them as errors (65%; the issue asks ≥ 60%)
FALSE_ERRORS = 0        # holding relations that carry an error
UNLABELLED_ERRORS = 0   # error findings on no labelled relation
WARNED_HOLDING = 3      # holding relations that carry a warning (0.7%; the issue asks ≤ 3%)


@pytest.fixture(scope="module")
def figures() -> dict[str, int]:
    assert (CORPUS / "labels.jsonl").exists(), f"真实语料不在 {CORPUS}：../shared 须在仓库旁"
    from audit_real import measure

    return measure(CORPUS)


def test_recall_on_real_reports(figures):
    assert figures["failing"] == 17
    assert figures["found"] >= FOUND
    assert figures["found_as_errors"] >= FOUND_AS_ERRORS


def test_precision_on_real_reports(figures):
    assert figures["false_errors"] <= FALSE_ERRORS
    assert figures["unlabelled_errors"] <= UNLABELLED_ERRORS


def test_warnings_are_not_a_way_around_precision(figures):
    assert figures["warned_holding"] <= WARNED_HOLDING
    assert figures["warned_holding"] / figures["holding"] <= 0.03


def test_unclear_relations_are_counted(figures):
    assert figures["unclear"] > 0   # what cannot be read for certain is counted, not guessed
