"""Recall and precision on the synthetic corpus (tests/synthetic), per error type.

Targets: recall ≥ 98% for every error type (warning rules included: AUDIT-BUDGET-PARTS,
AUDIT-XSEC-ALIAS); at most 1 false error — and 1 false warning — per 100 clean reports for
every rule.  bench/audit_measure.py runs the same measurement on more reports.
"""
from __future__ import annotations

from collections import Counter

import pytest

from synthetic.corpus import ERROR_TYPES, make_report
from jixiao.audit.engine import Auditor, audit_text

N = 100
AUDITOR = Auditor()


def test_clean_reports_give_no_false_errors_or_warnings():
    false: Counter[tuple[str, str]] = Counter()
    for k in range(N):
        for f in audit_text(make_report(k).text, AUDITOR).findings:
            false[(f.severity.value, f.rule_id)] += 1
    assert all(n <= N // 100 for n in false.values()), dict(false)


@pytest.mark.parametrize("kind", list(ERROR_TYPES))
def test_injected_errors_are_found(kind):
    rule = ERROR_TYPES[kind]
    hits = 0
    for k in range(N):
        rep = make_report(500_000 + 1000 * list(ERROR_TYPES).index(kind) + k, kind)
        lines = {line for r, line in rep.labels if r == rule}
        found = {int(f.source.locator.split(":")[0][1:]) for f in audit_text(rep.text, AUDITOR).findings
                 if f.rule_id == rule}
        hits += bool(lines & found)
    assert hits / N >= 0.98, f"{kind}: recall {hits / N:.2f}"


def test_reports_are_report_sized():
    sizes = [len(make_report(k).text) for k in range(10)]
    assert 15_000 <= sum(sizes) / len(sizes) <= 30_000
