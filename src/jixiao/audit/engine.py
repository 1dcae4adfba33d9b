"""Audit one published report: read it, scan its figures, extract the relations it states, verify them.

    read       .txt/.docx/.pdf/.html/.xlsx → lines      (ingest.published)
    scan       figures with unit, label and role        (audit.mentions)
    extract    immutable Relations, read explicit or inferred (audit.statements, flows, score_rows,
               funds_rows, tables' change columns; the shape is audit.claims)
    verify     each relation holds, fails (an error only when the reading is certain) or cannot be
               told (counted)                            (audit.verify, with jixiao.relations)

The older passes (shares, formulas, score cards, tables, 个百分点, named rates, budgets and the
cross-section linker) still read the scanned figures and emit through ``AuditContext``; docs/audit-design.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jixiao.audit import breakdowns, budgets, flows, formulas, funds_rows, linker, links, points, rates, score_rows, scorecard, statements, tables, verify
from jixiao.audit.claims import Extraction
from jixiao.audit.mentions import Mention
from jixiao.audit.places import Places
from jixiao.audit.context import AuditContext
from jixiao.audit.quantity import QuantityBook, load_quantities
from jixiao.audit.rules import RateDef, RuleBook, load_rates, load_rules
from jixiao.findings import Finding, Severity
from jixiao.ingest.published import PublishedDoc, read_published


@dataclass
class Auditor:
    """Rule book and rate definitions, loaded once per run and shared by every document."""

    rules: RuleBook = field(default_factory=load_rules)
    rates: list[RateDef] = field(default_factory=load_rates)
    quantities: QuantityBook = field(default_factory=load_quantities)
    strict: bool = False


@dataclass
class DocResult:
    path: str
    claims: int
    relations: int
    findings: list[Finding]
    unclear: int = 0       # relations whose reading was not certain enough to check

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "claims": self.claims, "relations": self.relations, "unclear": self.unclear,
                "findings": [f.to_json() for f in self.findings]}


def extract(doc: PublishedDoc, mentions: list[list[Mention]], year: int | None) -> list[Extraction]:
    """Stage 2: the relations the document states, each with how it was read (audit.claims)."""
    lines = [line.text for line in doc.lines]
    lists = statements.extract_breakdowns(lines, mentions)
    listed = {(r.claim.line, r.claim.start) for r in lists.relations if r.complete or statements.adds_up(r)}
    return [statements.extract_changes(lines, mentions, year),
            lists,
            statements.extract_blocks(lines, mentions, listed),
            statements.extract_openings(lines, mentions, year),
            statements.extract_counts(lines),
            statements.extract_pairs(lines),
            statements.extract_completion(lines, mentions),
            flows.extract_flows(lines, mentions),
            flows.extract_allocations(lines, mentions),
            score_rows.extract_score_rows(lines),
            score_rows.extract_indicator_rows(lines),
            funds_rows.extract_funds_rows(lines),
            tables.extract_table_changes(lines)]


def audit_doc(doc: PublishedDoc, auditor: Auditor) -> DocResult:
    statements.new_document()
    ctx = AuditContext.build(doc, auditor.rules, auditor.rates, auditor.strict)
    extracted = extract(doc, ctx.mentions, ctx.year)
    verified = verify.verify([r for e in extracted for r in e.relations], Places(doc), auditor.rules, auditor.strict)
    found, parts = breakdowns.find_breakdowns(ctx)
    names = links.collect(ctx, parts)
    done = breakdowns.verify_breakdowns(ctx, found, parts, names)
    breakdowns.check_loose_shares(ctx, done, names)
    points.check_percentage_points(ctx)
    rates.check_rates(ctx)
    budgets.check_budget_parts(ctx)
    rates.check_points(ctx)
    formulas.check_formulas(ctx)
    tables.check_tables(ctx)
    scorecard.check_scorecards(ctx)
    linker.check_links(ctx, auditor.quantities, parts)
    findings = _in_order(doc, _dedupe(ctx.findings + verified.findings))
    unclear = sum(e.unclear for e in extracted) + verified.unclear + ctx.unclear
    return DocResult(doc.path, ctx.claims, ctx.relations + verified.checked, findings, unclear)


def audit_text(text: str, auditor: Auditor | None = None, name: str = "text") -> DocResult:
    """Audit text held in memory (tests, benchmarks): one line per line of ``text``."""
    from jixiao.ingest.published import make_lines

    lines = make_lines([(line, f"L{i}") for i, line in enumerate(text.splitlines(), start=1)])
    return audit_doc(PublishedDoc(name, lines), auditor or Auditor())


def audit_file(path: str, auditor: Auditor, display: str | None = None) -> DocResult:
    doc, findings = read_published(path, display or path)
    if doc is None or findings:
        return DocResult(display or path, 0, 0, findings)
    return audit_doc(doc, auditor)


def _in_order(doc: PublishedDoc, findings: list[Finding]) -> list[Finding]:
    """Findings by the first line of their locator (unknown locators first), then by rule id; the
    lines are looked up only for the locators the findings use."""
    if len(findings) < 2:
        return findings
    wanted = {f.source.locator.split(":c")[0] for f in findings}
    order: dict[str, int] = {}
    for i, line in enumerate(doc.lines):
        if line.locator in wanted and line.locator not in order:
            order[line.locator] = i
        # (a line joined from several: a finding may cite any of them, DocLine.place; no tuple of the
        # locators is built for each line)
        for join in line.joins:
            if join[1] in wanted and join[1] not in order:
                order[join[1]] = i
        if len(order) == len(wanted):
            break
    return sorted(findings, key=lambda f: (order.get(f.source.locator.split(":c")[0], -1), f.rule_id))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per rule, place and claimed value: an error where one reading is certain, though
    another reading of the same figure (across sentences, say) gave only a warning."""
    best: dict[tuple[str, str, str | None], Finding] = {}
    for f in findings:
        key = (f.rule_id, f.source.locator.split(":c")[0], f.claimed)
        if key not in best or (f.severity is Severity.ERROR and best[key].severity is not Severity.ERROR):
            best[key] = f
    return [f for f in findings if best.get((f.rule_id, f.source.locator.split(":c")[0], f.claimed)) is f]
