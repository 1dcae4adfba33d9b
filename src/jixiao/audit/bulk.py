"""Many published files at once: which files a folder holds for the auditor, and the summary of their
results (``jixiao audit`` and the bulk-audit job in jixiao.jobs share both)."""
from __future__ import annotations

import os
from typing import Any

from jixiao.ingest.published import READABLE

#: files jixiao writes beside a package that are not published (render's internal 核对报告): a folder
#: audit skips them; named on the command line they are audited like any file
INTERNAL_MARK = "_核对报告"


def collect_files(paths: tuple[str, ...] | list[str]) -> list[str]:
    """Files named, and the readable files inside folders (recursively, in name order)."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                out += [os.path.join(root, f) for f in sorted(files)
                        if f.lower().endswith(READABLE) and INTERNAL_MARK not in f]
        else:
            out.append(path)
    return out


def summary(results: list[Any], failed_internal: int = 0) -> dict[str, Any]:
    """The totals of a run; ``failed_internal``: files a bug in jixiao kept from being audited."""
    by_rule: dict[str, int] = {}
    for r in results:
        for f in r.findings:
            by_rule[f.rule_id] = by_rule.get(f.rule_id, 0) + 1
    return {"documents": len(results),
            "documents_with_errors": sum(1 for r in results if r.errors),
            "claims": sum(r.claims for r in results), "relations": sum(r.relations for r in results),
            "unclear": sum(r.unclear for r in results),
            "errors": sum(r.errors for r in results),
            "warnings": sum(1 for r in results for f in r.findings if f.severity.value == "warning"),
            "by_rule": dict(sorted(by_rule.items())),
            "failed_internal": failed_internal}


def unreadable(results: list[Any]) -> bool:
    """Every file given was unreadable (``jixiao audit`` exits 2)."""
    return bool(results) and all(any(f.rule_id == "AUDIT-READ" for f in r.findings) for r in results)
