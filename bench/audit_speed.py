"""Speed of ``jixiao audit`` on real published text, beside a bare regex number scan of the same text.

    .venv/bin/python bench/audit_speed.py [--rounds 5] [--folder 1000] [--jobs N] [--cpu]

Texts: the two source reports (../shared/seeds) and the 60 real excerpts (../shared/corpus/real),
as published — nothing padded or generated.  Measured:

* in-process, warm (the rule book loaded and one warm-up pass done): total audit time over total
  characters, as ms per 20,000 characters; each round is printed and the verdict is on the
  quickest round (the machine is shared).  The baseline, in the same rounds over the same texts,
  is a bare ``re.findall`` of numbers: the floor for any Python approach.  Goal: ≤ 5 ms / 20k chars.
* ``--cpu``: the in-process rounds timed by the process's CPU time (``time.process_time``) instead
  of the wall clock — on a machine shared with other work, the time the audit itself took;
* the same in-process figure for the plain Python modules (``JIXIAO_PURE=1``, in a child process, in
  the same run), beside the compiled build ``scripts/setup.sh`` makes (src/jixiao/native.py);
* ``--folder N``: the CLI over a folder of N files (the real texts repeated), cold process, with
  ``--jobs`` (default all cores): wall time, CPU time of the process and its workers, and CPU ÷ wall.
* ``--instructions``: instead of timing, count the machine instructions the compiled audit executes
  per round (valgrind's callgrind, counting only inside ``audit_text``: a warm-up round through
  ``audit_doc``, not counted — what is built once per process, such as the Traditional-script
  table, is built there — then two counted rounds, averaged), a figure that does not move with the
  machine's load.  Needs valgrind
  (``apt-get install valgrind``; the bench does not install it) and the compiled build.
  ``--src DIR`` counts another checkout instead (``PYTHONPATH=DIR/src``), whose compiled build must
  be in this environment: build it in that checkout's own environment and copy its
  ``jixiao-native/audit-<stamp>`` folder into this one's.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jixiao.audit
from jixiao.audit.engine import Auditor, audit_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def real_texts() -> list[tuple[str, str]]:
    """(name, text) of the source reports and the corpus excerpt bodies."""
    out = [(p.name, p.read_text("utf-8")) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    for p in sorted((SHARED / "corpus" / "real").glob("[0-9][0-9][0-9].txt")):
        out.append((p.name, p.read_text("utf-8").split("\n", 3)[3]))
    return out


def in_process(texts: list[tuple[str, str]], rounds: int, cpu: bool = False) -> float:
    auditor = Auditor()
    for _, text in texts:
        audit_text(text, auditor)   # warm: every regex compiled, every memo filled once
    chars = sum(len(t) for _, t in texts)
    build = "compiled (mypyc)" if jixiao.audit.NATIVE else "plain Python"
    clock = time.process_time if cpu else time.perf_counter
    print(f"texts: {len(texts)} real reports/excerpts, {chars:,} characters in all; audit modules: {build}; "
          f"timed by {'CPU time' if cpu else 'the wall clock'}")
    best = None
    for k in range(rounds):
        t = clock()
        for _, text in texts:
            audit_text(text, auditor)
        ours = clock() - t
        t = clock()
        for _, text in texts:
            NUMBER.findall(text)
        floor = clock() - t
        per, base = ours / chars * 20_000 * 1000, floor / chars * 20_000 * 1000
        print(f"  round {k + 1}: audit {per:.2f} ms per 20k chars; bare regex number scan {base:.3f} ms; "
              f"ratio {per / base:.1f}×")
        if best is None or per < best[0]:
            best = (per, base)
    assert best is not None
    verdict = "PASS" if best[0] <= 5 else "FAIL"
    print(f"audit {best[0]:.2f} ms per 20,000 characters, quickest round (goal ≤ 5 ms: {verdict}); "
          f"bare regex scan {best[1]:.3f} ms; ratio {best[0] / best[1]:.1f}×")
    return best[0]


def folder(texts: list[tuple[str, str]], n: int, jobs: int | None) -> None:
    from audit_folder import build_folder, cli   # the folder and the command as bench/audit_folder.py runs them

    with tempfile.TemporaryDirectory() as tmp:
        chars = build_folder(tmp, texts, n)
        per, wall, cpu, code = cli(tmp, chars, jobs)
        print(f"CLI over a folder of {n} files ({chars:,} characters), jobs={jobs or os.cpu_count()}: "
              f"{wall:.2f} s wall, {cpu:.2f} s CPU, CPU/wall {cpu / wall:.2f}, "
              f"{per * 1000:.2f} ms per 20k chars (cold process, reading included), exit {code}")


def instructions(src: str | None) -> int:
    """Instructions per warm round of the compiled audit, counted by callgrind inside audit_text."""
    if shutil.which("valgrind") is None:
        print("需要 valgrind（apt-get install valgrind）", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env.pop("JIXIAO_PURE", None)
    env["PYTHONHASHSEED"] = "0"   # (set orders, and so the count, the same every run)
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve() / "src")
    rounds = 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        proc = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--collect-atstart=no",
                               "--toggle-collect=CPyPy_engine___audit_text", sys.executable, __file__, "--_count", str(rounds)],
                              env=env, capture_output=True, text=True, check=False)
        found = re.search(r"Collected : (\d+)", proc.stderr)
        if proc.returncode != 0 or found is None or "compiled" not in proc.stdout:
            print("计数失败（需要编译版本）：\n" + (proc.stdout + proc.stderr)[-2000:], file=sys.stderr)
            return 2
    texts = real_texts()
    chars = sum(len(t) for _, t in texts)
    per_round = int(found.group(1)) / rounds   # (the warm-up round went through audit_doc: not counted)
    print(f"{proc.stdout.strip()}; instructions executed inside audit_text, per round over {len(texts)} texts "
          f"({chars:,} characters): {per_round / 1e6:.1f} M; per 20,000 characters: {per_round / chars * 20_000 / 1e6:.1f} M")
    return 0


def _count(rounds: int) -> None:
    """(run under callgrind by :func:`instructions`) one warm-up round through ``audit_doc`` (not
    counted: callgrind counts inside ``audit_text`` only), then ``rounds`` counted rounds."""
    from jixiao.audit.engine import audit_doc
    from jixiao.ingest.published import PublishedDoc, make_lines

    texts = real_texts()
    auditor = Auditor()
    for name, text in texts:
        audit_doc(PublishedDoc(name, make_lines([(line, f"L{i}") for i, line in enumerate(text.splitlines(), start=1)])),
                  auditor)
    for _ in range(rounds):
        for _, text in texts:
            audit_text(text, auditor)
    print(f"audit modules: {'compiled (mypyc)' if jixiao.audit.NATIVE else 'plain Python'}, from {Path(jixiao.audit.__file__).parents[2]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--folder", type=int, default=1000, help="files in the CLI run (0: skip it)")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--no-pure", action="store_true", help="skip the plain Python run in a child process")
    ap.add_argument("--cpu", action="store_true", help="time the in-process rounds by CPU time, not wall time")
    ap.add_argument("--instructions", action="store_true",
                    help="count instructions per round with valgrind's callgrind instead of timing (compiled build)")
    ap.add_argument("--src", default=None, help="with --instructions: another checkout to count (its build must be here)")
    ap.add_argument("--_count", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._count is not None:
        _count(args._count)
        return 0
    if args.instructions:
        return instructions(args.src)
    texts = real_texts()
    if len(texts) < 62:
        print("需要 ../shared/seeds 与 ../shared/corpus/real 在仓库旁", file=sys.stderr)
        return 2
    in_process(texts, args.rounds, args.cpu)
    if jixiao.audit.NATIVE and not args.no_pure:
        print("-- the same, plain Python modules (JIXIAO_PURE=1, child process):", flush=True)
        subprocess.run([sys.executable, __file__, "--rounds", str(args.rounds), "--folder", "0", "--no-pure"]
                       + (["--cpu"] if args.cpu else []),
                       env={**os.environ, "JIXIAO_PURE": "1"}, check=True)
    if args.folder:
        folder(texts, args.folder, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
