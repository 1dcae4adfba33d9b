"""Recall and precision of ``jixiao audit`` on the synthetic corpus, per error type.

    .venv/bin/python bench/audit_measure.py [N]      # N reports per error type (default 200)

For every error type of ``tests/synthetic's ERROR_TYPES``: the share of reports in which the
labelled rule is reported on the labelled line (recall).  On N clean reports: the error and
warning findings by rule (every one of them is false).  Seeds differ from the unit test's.
"""
from __future__ import annotations

import sys
from pathlib import Path
import time
from collections import Counter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from synthetic.corpus import ERROR_TYPES, make_report  # noqa: E402
from jixiao.audit.engine import Auditor, audit_text
from jixiao.findings import Severity


def measure(n: int, seed0: int = 0) -> dict[str, dict[str, object]]:
    auditor = Auditor()
    out: dict[str, dict[str, object]] = {}
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for k in range(n):
        for f in audit_text(make_report(seed0 + k).text, auditor).findings:
            (errors if f.severity is Severity.ERROR else warnings)[f.rule_id] += 1
    out["clean"] = {"reports": n, "errors": dict(errors), "warnings": dict(warnings)}
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
    started = time.perf_counter()
    result = measure(n)
    clean = result.pop("clean")
    print(f"clean reports: {clean['reports']}; false errors by rule: {clean['errors'] or 'none'}; "
          f"false warnings by rule: {clean['warnings'] or 'none'}")
    for kind, row in result.items():
        print(f"{kind:14s} {ERROR_TYPES[kind]:22s} recall {row['recall']:.3f}")
    print(f"{(len(ERROR_TYPES) + 1) * n} reports in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
