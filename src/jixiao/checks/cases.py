"""Run a check's pass and fail examples (the cases written beside it in its pack)."""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.findings import Finding, Severity
from jixiao.ingest.build import SCHEMA_ID, build_filing
from jixiao.ingest.tree import MapNode, Scalar
from jixiao.model.filing import Filing
from jixiao.model.source import Source

from jixiao.checks.model import Case, CheckDef, Pack
from jixiao.checks.registry import Functions
from jixiao.checks.run import run_pack


@dataclass(frozen=True)
class CaseOutcome:
    ok: bool
    findings: list[Finding]
    problems: list[Finding]          # INPUT-* findings while building the example filing
    explanation: str


def case_filing(node: MapNode, doc: str) -> tuple[Filing, list[Finding]]:
    """A filing from a case's body (the pack's lines become the figures' sources)."""
    items = {"schema": Scalar(SCHEMA_ID, node.source or Source(doc, "L1")), **node.items}
    keys = {"schema": node.source or Source(doc, "L1"), **node.key_sources}
    return build_filing(MapNode(items, keys, node.source), doc)


def run_case(case: Case, check: CheckDef, pack: Pack, functions: Functions, metrics) -> CaseOutcome:
    doc = check.source.doc
    filing, problems = case_filing(case.filing, doc)
    prior = None
    if isinstance(case.prior, MapNode):
        prior, more = case_filing(case.prior, doc)
        problems += more
    run = run_pack(filing, pack, functions, metrics, prior=prior, only=[check.id])
    mine = [f for f in run.findings if f.rule_id == check.id]
    if case.expect == "pass":
        bad = [f for f in mine if f.severity is not Severity.INFO]
        return CaseOutcome(not bad and not problems, mine, problems, _explain(case, mine, problems))
    wanted = case.severity or check.severity
    hit = [f for f in mine if f.severity is wanted]
    return CaseOutcome(bool(hit) and not problems, mine, problems, _explain(case, mine, problems))


def _explain(case: Case, findings: list[Finding], problems: list[Finding]) -> str:
    lines = [f"示例 {case.source}（应{'通过' if case.expect == 'pass' else '不通过'}）"]
    lines += [f"  构建问题：{p}" for p in problems]
    lines += [f"  结果：{f}" for f in findings] or ["  结果：无发现"]
    return "\n".join(lines)
