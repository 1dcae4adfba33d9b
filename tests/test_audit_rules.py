"""Every audit rule has a passing and a failing example (rules.yaml), and both behave."""
from __future__ import annotations

import pytest

from jixiao.audit.engine import Auditor, audit_text
from jixiao.audit.rules import load_rules

RULES = load_rules()
CASES = [(r.id, kind, text) for r in RULES.rules.values() for kind, text in r.examples.items()]


@pytest.mark.parametrize("rule_id, kind, text", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_rule_example(rule_id, kind, text):
    found = {f.rule_id for f in audit_text(text, Auditor()).findings}
    if kind == "pass":
        assert rule_id not in found
    else:
        assert rule_id in found


def test_every_rule_but_read_has_both_examples():
    for rule in RULES.rules.values():
        if rule.id != "AUDIT-READ":
            assert set(rule.examples) == {"pass", "fail"}, rule.id
