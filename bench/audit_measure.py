"""Recall and precision of ``jixiao audit`` on the synthetic corpus, per error type.

    .venv/bin/python bench/audit_measure.py [N]      # N reports per error type (default 200)
"""
from __future__ import annotations

import sys
from collections import Counter

from jixiao.audit.corpus import ERROR_TYPES, make_report
from jixiao.audit.engine import Auditor, audit_text
from jixiao.findings import Severity


def measure(n: int, seed0: int = 0) -> dict[str, dict[str, float]]:
    auditor = Auditor()
    out: dict[str, dict[str, float]] = {}
    false_by_rule: Counter[str] = Counter()
    for k in range(n):
        rep = make_report(seed0 + k)
        for f in audit_text(rep.text, auditor).findings:
            if f.severity is Severity.ERROR:
                false_by_rule[f.rule_id] += 1
    out["clean"] = {"reports": n, **{rule: cnt for rule, cnt in false_by_rule.items()}}
    for kind, rule in ERROR_TYPES.items():
        hit = 0
        for k in range(n):
            rep = make_report(seed0 + 10_000 * (1 + list(ERROR_TYPES).index(kind)) + k, kind)
            lines = {line for r, line in rep.labels if r == rule}
            found = {int(f.source.locator.split(":")[0][1:]) for f in audit_text(rep.text, auditor).findings
                     if f.rule_id == rule}
            hit += bool(lines & found)
        out[kind] = {"recall": hit / n}
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    result = measure(n)
    clean = result.pop("clean")
    print(f"clean reports: {clean.pop('reports')}, false errors by rule: {clean or 'none'}")
    for kind, row in result.items():
        print(f"{kind:14s} {ERROR_TYPES[kind]:24s} recall {row['recall']:.3f}")


if __name__ == "__main__":
    main()
