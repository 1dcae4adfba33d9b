"""Triage: warning flags and check findings → risk per project and unit → a ranked sampling list.

    triage_units(filings, pack) -> Triage

Each flag cites its rule (id, level, source) and the cells it read.  The risk of a
project is the sum of the pack's ``risk_weights`` over its flags and its check
findings; a unit's risk is the sum over its projects plus unit-wide findings.
Sampling takes the riskiest units, projects or money up to a share, then a
reproducible random share (seeded) of the rest.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.findings import Finding, Severity
from jixiao.model.filing import Filing
from jixiao.model.source import Source
from jixiao.review.packs import ReviewPack, RuleDef, dec
from jixiao.review.view import Cell, UnitView, number
from jixiao.review.warnings import FUNCTIONS, Hit


@dataclass(frozen=True)
class Flag:
    rule_id: str
    level: str                      # red | yellow
    title: str
    message: str
    rule_source: str                # where the rule comes from
    unit: str
    doc: str
    project: str | None
    indicator: int | None
    cells: tuple[Cell, ...]
    index: int | None = None        # the project's position in its filing

    @property
    def source(self) -> Source:
        return self.cells[0].source if self.cells else Source(self.doc, "L1")

    def to_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "level": self.level, "title": self.title, "message": self.message,
                "rule_source": self.rule_source, "unit": self.unit, "project": self.project,
                "indicator": self.indicator, "source": self.source.to_json(),
                "cells": [c.to_json() for c in self.cells]}

    def to_finding(self) -> Finding:
        zh = "红色预警" if self.level == "red" else "黄色预警"
        return Finding(self.rule_id, Severity.WARNING if self.level == "red" else Severity.INFO,
                       f"【{zh}】{self.message}", self.source, operands=tuple(c.operand() for c in self.cells),
                       related=tuple(c.source for c in self.cells[1:]))


@dataclass
class ProjectRisk:
    unit: str
    doc: str
    project: str
    index: int
    money: Decimal                              # 全年预算数 of the project (0 when absent)
    flags: list[Flag] = field(default_factory=list)
    checks: list[Finding] = field(default_factory=list)
    risk: int = 0
    self_total: str | None = None

    @property
    def level(self) -> str:
        if any(f.level == "red" for f in self.flags):
            return "red"
        return "yellow" if self.flags else "green"

    def explain(self) -> str:
        parts = [f"{f.rule_id}（{'红' if f.level == 'red' else '黄'}）" for f in self.flags]
        if self.checks:
            parts.append(f"核对发现{len(self.checks)}条")
        return "；".join(parts) or "无预警"

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "doc": self.doc, "project": self.project, "level": self.level, "risk": self.risk,
                "money": format(self.money, "f"), "self_total": self.self_total, "explanation": self.explain(),
                "flags": [f.to_json() for f in self.flags], "checks": [c.to_json() for c in self.checks]}


@dataclass
class UnitRisk:
    unit: str
    doc: str
    projects: list[ProjectRisk]
    checks: list[Finding] = field(default_factory=list)     # unit-wide check findings
    risk: int = 0

    @property
    def level(self) -> str:
        levels = {p.level for p in self.projects}
        return "red" if "red" in levels else "yellow" if "yellow" in levels else "green"

    @property
    def money(self) -> Decimal:
        return sum((p.money for p in self.projects), Decimal(0))

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "doc": self.doc, "level": self.level, "risk": self.risk,
                "money": format(self.money, "f"), "projects": [p.to_json() for p in self.projects],
                "checks": [c.to_json() for c in self.checks]}


@dataclass
class Triage:
    units: list[UnitRisk]
    pack: ReviewPack

    @property
    def flags(self) -> list[Flag]:
        return [f for u in self.units for p in u.projects for f in p.flags]

    def to_json(self) -> dict[str, Any]:
        return {"pack": {"id": self.pack.id, "version": self.pack.version},
                "units": [u.to_json() for u in self.units]}


def run_rules(views: list[UnitView], pack: ReviewPack, only: list[str] | None = None, with_unit: bool = False) -> list:
    """Every flag of the pack's rules over ``views`` (with ``with_unit``: ``(unit index, flag)`` pairs)."""
    flags: list = []
    for rule in pack.rules:
        if only and rule.id not in only:
            continue
        for hit in FUNCTIONS[rule.function](views, rule.params):
            flag = _flag(rule, hit, views)
            flags.append((hit.unit, flag) if with_unit else flag)
    return flags


def _flag(rule: RuleDef, hit: Hit, views: list[UnitView]) -> Flag:
    view = views[hit.unit]
    project = view.pname(hit.project) if hit.project is not None else None
    return Flag(rule.id, rule.level or "yellow", rule.title, rule.message.format(**hit.fields), rule.source_text,
                view.name, view.filing.doc, project, hit.indicator, hit.cells, hit.project)


def triage_units(filings: list[Filing], pack: ReviewPack, check_findings: list[list[Finding]] | None = None) -> Triage:
    """Flags and risk for each filing; ``check_findings[k]`` are the check findings of filing k."""
    views = [UnitView(f) for f in filings]
    by_unit: dict[int, list[Flag]] = {}
    for k, flag in run_rules(views, pack, with_unit=True):
        if flag.index is not None:
            by_unit.setdefault(k, []).append(flag)
    weights = {k: int(dec(v)) for k, v in (pack.setting("risk_weights") or {}).items()}
    units: list[UnitRisk] = []
    for k, view in enumerate(views):
        projects = []
        for p, project in enumerate(view.projects):
            budget = number(view.fund(p, "annual_budget", "全年预算数")) or Decimal(0)
            total = project.published.get("total")
            projects.append(ProjectRisk(view.name, view.filing.doc, view.pname(p), p, budget,
                                        self_total=total.text if total is not None else None))
        unit = UnitRisk(view.name, view.filing.doc, projects)
        for flag in by_unit.get(k, []):
            projects[flag.index].flags.append(flag)
        owner = _locator_owner(view.filing)
        for finding in (check_findings[k] if check_findings else []):
            if finding.severity is Severity.INFO:
                continue
            p = owner.get(finding.source.locator)
            (projects[p].checks if p is not None else unit.checks).append(finding)
        for pr in projects:
            pr.risk = sum(weights.get(f.level, 0) for f in pr.flags) + sum(
                weights.get("check_error" if c.severity is Severity.ERROR else "check_warning", 0) for c in pr.checks)
        unit.risk = sum(p.risk for p in projects) + sum(
            weights.get("check_error" if c.severity is Severity.ERROR else "check_warning", 0) for c in unit.checks)
        units.append(unit)
    units.sort(key=lambda u: (-u.risk, u.unit))
    return Triage(units, pack)


def _locator_owner(filing: Filing) -> dict[str, int]:
    """Which project a locator belongs to (a finding's source → its project)."""
    out: dict[str, int] = {}
    for path, source in filing.sources.items():
        if path.startswith("projects["):
            index = int(path[len("projects["):path.index("]")])
            out.setdefault(source.locator, index)
    return out


# ------------------------------------------------------------------ sampling

@dataclass(frozen=True)
class Pick:
    kind: str               # risk | random
    unit: str
    doc: str
    project: str | None
    risk: int
    money: Decimal
    level: str
    why: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "unit": self.unit, "doc": self.doc, "project": self.project, "risk": self.risk,
                "money": format(self.money, "f"), "level": self.level, "why": self.why}


def sample(triage: Triage, basis: str = "units", share: Decimal = Decimal("0.1"),
           random_share: Decimal = Decimal("0"), seed: int = 1) -> list[Pick]:
    """The riskiest ``share`` (of units, projects or money), then a seeded random ``random_share`` of the rest."""
    if basis == "units":
        items = [(u.risk, u.money, u.level, u.unit, u.doc, None, _unit_why(u)) for u in triage.units]
    else:
        items = [(p.risk, p.money, p.level, p.unit, p.doc, p.project, p.explain()) for u in triage.units for p in u.projects]
    items.sort(key=lambda t: (-t[0], -t[1], t[3], t[5] or ""))
    picked: list[Pick] = []
    if basis == "money":
        total = sum((t[1] for t in items), Decimal(0))
        covered = Decimal(0)
        for t in items:
            if total and covered >= share * total:
                break
            if t[0] <= 0:
                break
            covered += t[1]
            picked.append(Pick("risk", t[3], t[4], t[5], t[0], t[1], t[2], t[6]))
    else:
        count = int((share * len(items)).to_integral_value(rounding="ROUND_CEILING")) if items else 0
        for t in items[:count]:
            if t[0] <= 0:
                break
            picked.append(Pick("risk", t[3], t[4], t[5], t[0], t[1], t[2], t[6]))
    chosen = {(p.doc, p.project) for p in picked}
    rest = [t for t in items if (t[4], t[5]) not in chosen]
    extra = int((random_share * len(items)).to_integral_value(rounding="ROUND_CEILING")) if random_share else 0
    rng = random.Random(seed)
    for t in rng.sample(rest, min(extra, len(rest))):
        picked.append(Pick("random", t[3], t[4], t[5], t[0], t[1], t[2], t[6]))
    return picked


def _unit_why(unit: UnitRisk) -> str:
    red = sum(1 for p in unit.projects for f in p.flags if f.level == "red")
    yellow = sum(1 for p in unit.projects for f in p.flags if f.level == "yellow")
    checks = sum(len(p.checks) for p in unit.projects) + len(unit.checks)
    return f"红色预警{red}条、黄色预警{yellow}条、核对发现{checks}条"


def add_published(triage: Triage, results: list, units: list[str]) -> None:
    """Published reports (``jixiao audit`` results) join the ranking: one entry per report, its audit
    findings counted like check findings (warning rules need a filing's figures and do not run)."""
    weights = {k: int(dec(v)) for k, v in (triage.pack.setting("risk_weights") or {}).items()}
    for result, unit in zip(results, units):
        found = [f for f in result.findings if f.severity is not Severity.INFO]
        project = ProjectRisk(unit, result.path, "（已公开报告）", 0, Decimal(0), checks=found)
        project.risk = sum(weights.get("check_error" if f.severity is Severity.ERROR else "check_warning", 0) for f in found)
        triage.units.append(UnitRisk(unit, result.path, [project], risk=project.risk))
    triage.units.sort(key=lambda u: (-u.risk, u.unit))
