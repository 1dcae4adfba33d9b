"""One list, one shape: findings from scoring (``SCORE-*``) and from checks, each error reported once.

``jixiao check`` runs the check pack and the scoring engine.  Both judge a few of the same relations
over published scores and rates, with the same arithmetic (:mod:`jixiao.relations`), so where both
report one relation at one figure they say the same thing twice.  Which side reports it is fixed here,
by an explicit table, not by patterns:

==================  =============================================  =====================================
relation (kind)     scoring rule id                                reported by
==================  =============================================  =====================================
score-max           SCORE-ITEM-OVER-MAX                            scoring (it knows the rubric's maxima)
score-total         SCORE-TOTAL-MISMATCH                           scoring (it knows unpublished items)
score-subtotal      SCORE-SUBTOTAL-MISMATCH                        scoring
grade-band          SCORE-GRADE-BAND, SCORE-GRADE-MISMATCH         scoring (it knows the rubric's bands)
rate                SCORE-RATE-MISMATCH                            checks (the message names the cause)
==================  =============================================  =====================================

The check side's kind is the ``kind`` its check function declares (checks/fn_scores.py, fn_rates.py,
fn_shares.py).  A finding of the other side at the same source and of the same kind is dropped; every
other finding of both sides is kept.  A failure inside scoring is a bug and is not caught here: the
command ends with exit code 3 (cli/common.py).
"""
from __future__ import annotations

from jixiao.checks.run import CheckRun
from jixiao.findings import Finding
from jixiao.model.filing import Filing
from jixiao.scoring.engine import score_filing

#: scoring rule id → the relation it reports, named by the ``kind`` of the check function judging it too
SCORING_RELATIONS: dict[str, str] = {
    "SCORE-ITEM-OVER-MAX": "score-max",
    "SCORE-TOTAL-MISMATCH": "score-total",
    "SCORE-SUBTOTAL-MISMATCH": "score-subtotal",
    "SCORE-GRADE-BAND": "grade-band",
    "SCORE-GRADE-MISMATCH": "grade-band",
    "SCORE-RATE-MISMATCH": "rate",
}

#: relation → the side whose finding is kept when both report it at the same source
REPORTED_BY: dict[str, str] = {
    "score-max": "scoring", "score-total": "scoring", "score-subtotal": "scoring", "grade-band": "scoring",
    "rate": "checks",
}


def scoring_findings(filing: Filing, rubric_id: str | None = None) -> list[Finding]:
    """The findings of ``score_filing``."""
    _result, findings = score_filing(filing, rubric_id)
    return findings


def merge(run: CheckRun, scoring: list[Finding]) -> list[Finding]:
    """Scoring and check findings in one list, each relation at each source reported by one side."""
    checked = {(str(f.source), kind) for f in run.findings
               if (kind := run.kinds.get((f.rule_id, str(f.source)))) is not None}
    scored = {(str(f.source), kind) for f in scoring if (kind := SCORING_RELATIONS.get(f.rule_id)) is not None}
    kept_scoring = [f for f in scoring
                    if not _dropped(str(f.source), SCORING_RELATIONS.get(f.rule_id), checked, "checks")]
    kept_checks = [f for f in run.findings
                   if not _dropped(str(f.source), run.kinds.get((f.rule_id, str(f.source))), scored, "scoring")]
    out: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    for finding in [*kept_scoring, *kept_checks]:
        key = (finding.rule_id, str(finding.source), finding.message)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


def _dropped(source: str, kind: str | None, other_side: set[tuple[str, str]], keeper: str) -> bool:
    """A finding is dropped when the other side reports the same relation at the same source and owns it."""
    return kind is not None and REPORTED_BY[kind] == keeper and (source, kind) in other_side
