"""Would ``jixiao audit`` catch a slip in real phrasing?  Each holding relation of the labelled real
corpus (../shared/corpus/real) is made to fail, one at a time, and the excerpt audited again.

    .venv/bin/python bench/audit_mutants.py [--down] [--list] [--kind KIND]

The corpus has only 17 failing relations, and none of kind ``share`` or ``rate``; its 409 holding
relations are real sentences and tables of every kind.  For each holding relation whose claimed
figure is printed exactly once in its quote, and whose quote is printed exactly once in the excerpt,
this bench writes one *mutant* of the excerpt: the claimed figure replaced by a wrong one (the same
number of decimals, about 7% and at least three units of its last digit away, or for a whole percent
at most 100, moved the other way), everything else verbatim.  It audits the mutant in-process and
scores it with ``../shared/tools/corpus_score.py``'s own matching rule (``matches``) against the
mutated label (claimed = the wrong figure, holds = false):

* **found as error** / **as warning**: a finding of that severity speaks of the mutated relation;
* **missed**: none does — the reading of that phrasing is what to work on;
* **new errors elsewhere**: error findings of the mutant that neither match the mutated relation nor
  were in the audit of the original excerpt (a changed figure may rightly break a second relation it
  is an operand of, so these are listed, not scored).

This measures recall on real phrasings with a planted figure; it says nothing of precision on real
text (``bench/audit_real.py`` does), and the slips are made here, so it is a development aid, not the
measure the auditor is judged by.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_real import load_scorer   # noqa: E402  (bench/ is on the path)


def _shown(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}"


def wrong_figure(claimed: str, up: bool) -> str | None:
    """A figure printed like ``claimed`` (same decimals) that is about 7% above it (``up``) or below
    it, at least three units of its last digit; None where that figure would be negative, or would
    pass 100 from 100 or below (a percent)."""
    value = Decimal(claimed)
    places = max(0, -value.as_tuple().exponent)   # type: ignore[operator]
    unit = Decimal(1).scaleb(-places)
    step = max(unit * 3, (abs(value) * Decimal("0.07")).quantize(unit))
    new = value + step if up else value - step
    if new < 0 or value <= 100 < new:
        return None
    return _shown(new, places)


def mutants(corpus: Path, up: bool) -> list[tuple[dict, str, str]]:
    """(mutated label, item, mutated body) for every holding relation that can be mutated (the
    claimed figure moved ``up`` or down)."""
    out = []
    for line in (corpus / "labels.jsonl").read_text("utf-8").splitlines():
        label = json.loads(line)
        if label["holds"] is not True or label.get("claimed") is None:
            continue
        body = (corpus / f"{label['item']}.txt").read_text("utf-8").split("\n", 3)[3]
        quote = label["quote"]
        claimed = str(label["claimed"])
        # the figure as printed in the quote: the claimed value with any number of trailing zeros,
        # not inside a longer number
        figures = [m for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])", quote.replace(",", "\uffff"))
                   if Decimal(m.group()) == abs(Decimal(claimed))]
        if len(figures) != 1 or body.count(quote) != 1:
            continue
        printed = figures[0]
        new = wrong_figure(printed.group(), up)
        if new is None:
            continue
        mutated_quote = quote[:printed.start()] + new + quote[printed.end():]
        out.append(({**label, "quote": mutated_quote, "claimed": new, "holds": False},
                    label["item"], body.replace(quote, mutated_quote)))
    return out


def run(corpus: Path, up: bool, kind: str | None = None,
        missed: list[dict] | None = None, elsewhere: list[tuple[dict, dict]] | None = None) -> dict[str, Counter[str]]:
    """Audit every mutant; per kind, how many were found as an error, as a warning, or missed (the
    missed labels and the new errors elsewhere are appended to ``missed`` and ``elsewhere``)."""
    from jixiao.audit.engine import Auditor, audit_text
    scorer = load_scorer(SHARED / "tools" / "corpus_score.py")
    auditor = Auditor()

    def findings(text: str) -> list[dict]:
        return [f.to_json() for f in audit_text(text, auditor).findings]

    originals: dict[str, list[dict]] = {}
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for label, item, body in mutants(corpus, up):
        if kind not in (None, label["kind"]):
            continue
        if item not in originals:
            originals[item] = findings((corpus / f"{item}.txt").read_text("utf-8").split("\n", 3)[3])
        got = findings(body)
        if any(scorer.is_error(f) and scorer.matches(f, label) for f in got):
            tally[label["kind"]]["error"] += 1
        elif any(scorer.is_flag(f) and scorer.matches(f, label) for f in got):
            tally[label["kind"]]["warning"] += 1
        else:
            tally[label["kind"]]["missed"] += 1
            if missed is not None:
                missed.append(label)
        before = {(f["rule_id"], f.get("claimed"), f["source"]["locator"]) for f in originals[item] if scorer.is_error(f)}
        for f in got:
            if elsewhere is not None and scorer.is_error(f) and not scorer.matches(f, label) \
                    and (f["rule_id"], f.get("claimed"), f["source"]["locator"]) not in before:
                elsewhere.append((label, f))
    return tally


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "real")
    ap.add_argument("--list", action="store_true", help="every missed mutant with its quote")
    ap.add_argument("--kind", default=None, help="only relations of this kind")
    ap.add_argument("--down", action="store_true", help="move the claimed figures down (default: up)")
    args = ap.parse_args()

    missed: list[dict] = []
    elsewhere: list[tuple[dict, dict]] = []
    tally = run(args.corpus, not args.down, args.kind, missed, elsewhere)
    total: Counter[str] = Counter()
    print(f"{sum(sum(t.values()) for t in tally.values())} mutants of holding relations (one wrong figure each, "
          f"about 7% {'below' if args.down else 'above'} the printed one)")
    print(f"  {'kind':7} {'mutants':>7} {'error':>6} {'warning':>8} {'missed':>7}  found")
    for kind in sorted(tally):
        t = tally[kind]
        n = sum(t.values())
        total.update(t)
        print(f"  {kind:7} {n:7} {t['error']:6} {t['warning']:8} {t['missed']:7}  {(t['error'] + t['warning']) / n:.0%}")
    n = sum(total.values())
    print(f"  {'all':7} {n:7} {total['error']:6} {total['warning']:8} {total['missed']:7}  "
          f"{(total['error'] + total['warning']) / n:.0%}")
    print(f"new error findings elsewhere in the mutants (a changed operand may rightly break another relation): {len(elsewhere)}")
    if args.list:
        for label in missed:
            print(f"missed {label['item']} {label['kind']:6} {label['claimed']:>10}: {label['quote'][:90]}")
        for label, f in elsewhere:
            print(f"elsewhere {label['item']} {label['kind']:6} {f['rule_id']}: {str(f.get('message', ''))[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
