"""One list, one shape: findings from scoring (``SCORE-*``) and from checks, without duplicates.

Scoring findings (:func:`jixiao.scoring.engine.score_filing`) join the check findings; when a check
and scoring report the same kind of thing (score above maximum, total ≠ Σ items, subtotal, grade
band) at the same place, one is kept.  Scoring findings are classified into kinds by the pack
setting ``scoring_kinds`` (rule-id pattern → kind).  A failure inside scoring is a bug and is not
caught here: the command ends with exit code 3 (cli_common.py).
"""
from __future__ import annotations

import re
from typing import Any

from jixiao.checks.run import CheckRun
from jixiao.findings import Finding
from jixiao.model.filing import Filing
from jixiao.scoring.engine import score_filing


def scoring_findings(filing: Filing, rubric_id: str | None = None) -> list[Finding]:
    """The findings of ``score_filing``."""
    _result, findings = score_filing(filing, rubric_id)
    return findings


def kind_of_scoring(rule_id: str, patterns: tuple[tuple[str, str], ...]) -> str | None:
    for pattern, kind in patterns:
        if re.search(pattern, rule_id):
            return kind
    return None


def merge(run: CheckRun, scoring: list[Finding]) -> list[Finding]:
    """Scoring and check findings in one list; where both report the same kind at the same place,
    keep one: the check's for kinds in ``settings.prefer_checks`` (it names the likely cause), else scoring's."""
    settings = run.pack.settings if run.pack is not None else None
    patterns = settings.scoring_kinds if settings is not None else ()
    prefer_checks = set(settings.prefer_checks) if settings is not None else set()
    mine = {(str(f.source), run.kinds.get((f.rule_id, str(f.source)))) for f in run.findings}
    covered: set[tuple[str, Any]] = set()
    kept_scoring = []
    for finding in scoring:
        key = (str(finding.source), kind_of_scoring(finding.rule_id, patterns))
        if key[1] in prefer_checks and key in mine:
            continue
        if key[1]:
            covered.add(key)
        kept_scoring.append(finding)
    scoring = kept_scoring
    kept = [f for f in run.findings if (str(f.source), run.kinds.get((f.rule_id, str(f.source)))) not in covered]
    out: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    for finding in [*scoring, *kept]:
        key = (finding.rule_id, str(finding.source), finding.message)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out
