"""How ``jixiao audit`` does on real published text: the hand-labelled corpus in ../shared/corpus/real.

    .venv/bin/python bench/audit_real.py [--list] [--corpus DIR] [--json OUT.json]

Each excerpt's body (the text after its three header lines) is written to a temporary folder as
NNN.txt, audited in-process exactly as ``jixiao audit DIR --json`` would, and the run is scored by
``../shared/tools/corpus_score.py`` — the scoring used to judge the auditor on real reports nobody
here has seen.  ``--list`` prints every miss and every false error with its quote.  Also printed:
the relations the auditor counted as 口径不明 (not checked), and the findings by rule and severity.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus_bodies(corpus: Path, out: Path) -> list[Path]:
    """The excerpt bodies as NNN.txt files in ``out`` (header lines dropped)."""
    files = []
    for src in sorted(corpus.glob("[0-9][0-9][0-9].txt")):
        text = src.read_text("utf-8")
        body = text.split("\n", 3)[3]
        dst = out / src.name
        dst.write_text(body, "utf-8")
        files.append(dst)
    return files


def audit_json(files: list[Path]) -> dict:
    from jixiao.audit.engine import Auditor, audit_file
    from jixiao.cli.audit import summary

    auditor = Auditor()
    results = [audit_file(str(f), auditor) for f in files]
    return {"documents": [r.to_json() for r in results], "summary": summary(results)}


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def score(labels: Path, run: dict, listing: bool) -> str:
    """corpus_score.py's own report of ``run`` (its stdout)."""
    scorer = load_scorer(SHARED / "tools" / "corpus_score.py")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(run, fh, ensure_ascii=False)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        scorer.main(["corpus_score.py", str(labels), fh.name] + (["--list"] if listing else []))
    Path(fh.name).unlink()
    return buf.getvalue()


_SUMMARY = re.compile(r"recall (\d+)/(\d+) = \d+% \((\d+) as errors\); precision (\d+)% \((\d+) holding relations "
                      r"carry an error\); warnings on holding relations (\d+) of (\d+) .*?; (\d+) of (\d+) error findings")


def measure(corpus: Path = SHARED / "corpus" / "real") -> dict[str, int]:
    """The scorer's figures for one audit of the corpus, as numbers (the regression test's input)."""
    with tempfile.TemporaryDirectory() as tmp:
        run = audit_json(corpus_bodies(corpus, Path(tmp)))
    report = score(corpus / "labels.jsonl", run, False)
    m = _SUMMARY.search(report)
    assert m is not None, report
    keys = ("found", "failing", "found_as_errors", "precision_pct", "false_errors", "warned_holding", "holding",
            "unlabelled_errors", "errors")
    out = dict(zip(keys, map(int, m.groups())))
    out["unclear"] = run["summary"]["unclear"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "real")
    ap.add_argument("--list", action="store_true", help="every miss and every false error")
    ap.add_argument("--json", type=Path, help="also write the audit run here")
    args = ap.parse_args(argv)
    if not (args.corpus / "labels.jsonl").exists():
        print(f"找不到真实语料 {args.corpus}（需要 ../shared 在仓库旁）", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus_bodies(args.corpus, Path(tmp))
        run = audit_json(files)
    if args.json:
        args.json.write_text(json.dumps(run, ensure_ascii=False, indent=1), "utf-8")
    print(f"real corpus: {len(files)} excerpts, {sum(len(d['findings']) for d in run['documents'])} findings")
    by_rule = Counter((f["rule_id"], f["severity"]) for d in run["documents"] for f in d["findings"])
    for (rule, sev), n in sorted(by_rule.items()):
        print(f"  {rule:28} {sev:8} {n}")
    s = run["summary"]
    print(f"relations read {s.get('relations', 0)}, not checked (口径不明) {s.get('unclear', 0)}")
    print(score(args.corpus / "labels.jsonl", run, args.list), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
