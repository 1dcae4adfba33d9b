"""One list, one shape: findings from scoring (``SCORE-*``) and from checks, without duplicates.

Scoring lives in ``jixiao.scoring`` (another feature).  When that module exists,
its findings join the check findings; when a check and scoring report the same
kind of thing (score above maximum, total ≠ Σ items, subtotal, grade band) at
the same place, the scoring finding is kept.  Scoring findings are classified
into kinds by the pack setting ``scoring_kinds`` (rule-id pattern → kind).
"""
from __future__ import annotations

import importlib
import importlib.util
import re
from typing import Any

from jixiao.findings import Finding, warning
from jixiao.model.filing import Filing
from jixiao.model.source import Source

from jixiao.checks.run import CheckRun

SCORING_MODULE = "jixiao.scoring"


def scoring_available() -> bool:
    try:
        return importlib.util.find_spec(SCORING_MODULE) is not None
    except (ImportError, ValueError):
        return False


def scoring_findings(filing: Filing, rubric_id: str | None = None) -> list[Finding]:
    """Findings of ``jixiao.scoring.score_filing`` when it is installed; [] when it is not."""
    if not scoring_available():
        return []
    try:
        module = importlib.import_module(SCORING_MODULE)
        score_filing = getattr(module, "score_filing")
        _result, findings = score_filing(filing, rubric_id)
    except Exception as exc:  # a failure of the other feature must not hide the checks
        return [warning("CHECK-SCORING-FAILED",
                        f"评分模块运行出错（{type(exc).__name__}: {str(exc)[:120]}），本次结果未包含评分核对",
                        Source(filing.doc or "<filing>", "L1"))]
    return [f for f in findings if isinstance(f, Finding)]


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
