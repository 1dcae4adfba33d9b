"""Run a review rule's pass and fail examples (the cases written beside it in its pack)."""
from __future__ import annotations

from jixiao.checks.cases import case_filing
from jixiao.ingest.tree import MapNode, SeqNode
from jixiao.model.filing import Filing
from jixiao.review.packs import Case, ReviewPack, RuleDef


def case_filings(case: Case, doc: str) -> tuple[list[Filing], list]:
    """The filings of a case: one, or each of ``units:``; plus INPUT-* problems building them."""
    bodies = [case.body]
    units = case.body.items.get("units")
    if isinstance(units, SeqNode):
        bodies = [n for n in units.items if isinstance(n, MapNode)]
    filings, problems = [], []
    for k, body in enumerate(bodies):
        filing, found = case_filing(body, doc if len(bodies) == 1 else f"{doc}#{k + 1}")
        filings.append(filing)
        problems += [f for f in found if f.rule_id.startswith("INPUT-")]
    return filings, problems


def run_case(case: Case, rule: RuleDef, pack: ReviewPack) -> tuple[bool, str]:
    """(ok, explanation): a pass case raises nothing of this rule, a fail case at least one."""
    filings, problems = case_filings(case, pack.doc)
    if pack.kind == "warnings":
        from jixiao.review.triage import run_rules
        from jixiao.review.view import UnitView

        hits = [str(f.message) for f in run_rules([UnitView(f) for f in filings], pack, only=[rule.id])]
    else:
        from jixiao.review.rescore import rule_hits

        hits = rule_hits(filings[0], pack, rule)
    ok = not problems and (not hits if case.expect == "pass" else bool(hits))
    lines = [f"示例 {case.source}（应{'通过' if case.expect == 'pass' else '不通过'}）"]
    lines += [f"  构建问题：{p}" for p in problems] + [f"  结果：{h}" for h in hits] or ["  结果：无"]
    return ok, "\n".join(lines)
