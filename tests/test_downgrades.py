"""Rules that downgrade findings (docs/rubrics.md "Downgrades"): what each one downgrades on the two
source reports (their transcriptions in examples/) is counted, so widening a rule shows up here."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from conftest import example
from jixiao.findings import Severity
from jixiao.model.source import Source
from jixiao.pipeline import load_and_validate
from jixiao.scoring.card_compare import _sum_mismatch
from jixiao.scoring.engine import score_filing

S4 = example("yanjiang-xinfang-2022.yaml")
S0 = example("zhanyi-xinfang-2023.yaml")

#: downgrade → the words its warning carries and the rule id it downgrades
DOWNGRADES = {
    "subtotal-is-maximum": ("SCORE-SUBTOTAL-MISMATCH", "可能是分值而非得分"),
    "rate-capped-at-100": ("SCORE-RATE-MISMATCH", "可能按100%封顶填列"),
}


def _downgraded(path: str) -> Counter:
    _result, findings = score_filing(load_and_validate(path).filing)
    found: Counter = Counter()
    for f in findings:
        for name, (rule, words) in DOWNGRADES.items():
            if f.rule_id == rule and words in f.message:
                assert f.severity is Severity.WARNING
                found[(name, f.source.locator)] += 1
    return found


@pytest.mark.parametrize("path, expected", [
    (S4, {("subtotal-is-maximum", "L1804"): 1}),       # 资产管理 小计 5分 (S4:L2418), items add to 4.5
    (S0, {("rate-capped-at-100", "L138"): 1}),         # 信访救助金经费 执行率 100.00% for 109.85% (S0:L87)
], ids=["S4", "S0"])
def test_each_downgrade_silences_exactly_its_own_case(path, expected):
    assert dict(_downgraded(path)) == expected


def test_a_subtotal_other_than_the_maximum_stays_an_error():
    where = Source("f.yaml", "L1")
    assert _sum_mismatch("SCORE-SUBTOTAL-MISMATCH", Decimal(5), "“x”小计", "…", where, Decimal(5), "4.5").severity \
        is Severity.WARNING
    assert _sum_mismatch("SCORE-SUBTOTAL-MISMATCH", Decimal(4), "“x”小计", "…", where, Decimal(5), "4.5").severity \
        is Severity.ERROR
