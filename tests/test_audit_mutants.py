"""Recall on real phrasings with one planted wrong figure (bench/audit_mutants.py): each holding
relation of ../shared/corpus/real made to fail, one at a time, and the excerpt audited again.

The floors are what the auditor has reached; raise them as it improves, never lower them to pass.
The slips are planted here, so this is a regression floor for the readings, not the measure the
auditor is judged by (tests/test_audit_real.py holds that one).  Needs ../shared (fails without it).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.needs_shared

# (mutants, found as an error or a warning, found as errors) reached, figures moved up and down
FLOORS = {True: (338, 239, 180), False: (354, 255, 192)}


@pytest.mark.parametrize("up", [True, False], ids=["up", "down"])
def test_planted_slips_in_real_phrasings_are_found(up: bool) -> None:
    assert (CORPUS / "labels.jsonl").exists(), f"真实语料不在 {CORPUS}：../shared 须在仓库旁"
    from audit_mutants import run

    tally = run(CORPUS, up)
    mutants, found, errors = FLOORS[up]
    assert sum(sum(t.values()) for t in tally.values()) == mutants
    assert sum(t["error"] + t["warning"] for t in tally.values()) >= found
    assert sum(t["error"] for t in tally.values()) >= errors
