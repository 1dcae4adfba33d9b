"""Time the bureau's triage of a whole synthetic province (16,000 units, 200,000 projects).

    .venv/bin/python bench/review_triage.py [UNITS PROJECTS] [--serial-units N]

1. ``jixiao synth --province`` data (parquet), made once into a temporary folder (timed).
2. Batch triage on DuckDB from the parquet tables, every warning rule of the pack as SQL, with 2
   threads (both cores) and, as a baseline in the same run, with 1 thread.  Quickest of 3 passes.
3. The same rules in Python, one filing (unit) at a time: the rows turned into filings, then
   ``triage_units`` per filing (what triaging 16,000 uploaded filings one by one costs; the
   cross-unit copied-text rule cannot run one by one and is left out of this pass).
   ``--serial-units N`` times the first N units and extrapolates (default: all units).
"""
from __future__ import annotations

import sys
import tempfile
import time


def main(argv: list[str]) -> None:
    from jixiao.batch.db import connect
    from jixiao.review.bulk import filings_from_tables, triage_tables
    from jixiao.review.packs import get_pack
    from jixiao.review.synth import synthesise_province
    from jixiao.review.triage import triage_units

    serial = None
    if "--serial-units" in argv:
        at = argv.index("--serial-units")
        serial = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    units, projects = (int(argv[0]), int(argv[1])) if len(argv) >= 2 else (16000, 200000)
    pack = get_pack(None, "warnings")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        synthesise_province(folder, units=units, projects=projects, seed=1)
        print(f"synth: {units} units, {projects} projects in {time.perf_counter() - start:.2f} s")
        for threads in (2, 1):
            best = None
            for _ in range(3):
                result = triage_tables(folder, pack, None, threads=threads, con=connect(threads))
                best = result.seconds if best is None else min(best, result.seconds)
            print(f"batch triage (DuckDB, {threads} thread{'s' if threads > 1 else ''}): {best:.2f} s "
                  f"({result.flags} flags over {result.projects} projects)")
        one_by_one = get_pack(None, "warnings")
        one_by_one = type(one_by_one)(**{**one_by_one.__dict__,
                                         "rules": tuple(r for r in one_by_one.rules if r.function != "copied_across_units")})
        start = time.perf_counter()
        done = flags = 0
        for _, filing in filings_from_tables(folder, limit_units=serial):
            flags += len(triage_units([filing], one_by_one).flags)
            done += 1
        seconds = time.perf_counter() - start
        note = "" if serial is None or serial >= units else f" → {seconds * units / done:.1f} s for {units} (extrapolated)"
        print(f"one by one (Python, {done} filings incl. building them from the rows): {seconds:.2f} s, "
              f"{1000 * seconds / max(done, 1):.2f} ms per filing, {flags} flags{note}")


if __name__ == "__main__":
    main(sys.argv[1:])
