"""Run a check pack over a filing: hits → findings with the check's id, severity and template."""
from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass, field
from typing import Any, Iterable

from jixiao.findings import Finding, Severity, sort_findings
from jixiao.metrics.registry import Registry
from jixiao.model.filing import Filing
from jixiao.model.numbers import HUNDRED, fmt
from jixiao.model.walk import get_path

from jixiao.checks.context import CheckContext, make_context
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Pack
from jixiao.checks.registry import Functions


@dataclass
class CheckRun:
    pack: Pack | None
    findings: list[Finding] = field(default_factory=list)
    completeness: dict[str, Any] = field(default_factory=dict)
    kinds: dict[tuple[str, str], str] = field(default_factory=dict)   # (rule_id, locator) -> dedupe kind


def run_pack(filing: Filing, pack: Pack, functions: Functions, metrics: Registry, *, prior: Filing | None = None,
             strict: bool = False, only: Iterable[str] | None = None) -> CheckRun:
    ctx = make_context(filing, metrics, pack.settings, prior=prior, strict=strict)
    wanted = set(only) if only is not None else None
    run = CheckRun(pack)
    for check in pack.checks:
        if wanted is not None and check.id not in wanted:
            continue
        if not applies(ctx, check):
            continue
        fn = functions.get(check.function)
        if fn is None:          # pack loading reports it; never reached for a loaded pack
            continue
        for hit in fn.fn(ctx, check):
            finding = to_finding(ctx, check, fn, hit)
            run.findings.append(finding)
            kind = hit.kind or fn.kind
            if kind:
                run.kinds[(finding.rule_id, str(finding.source))] = kind
    run.completeness = summarize(ctx.completeness)
    if strict:
        run.findings = strictly(run.findings)
    run.findings = sort_findings(run.findings)
    return run


def applies(ctx: CheckContext, check: CheckDef) -> bool:
    for path, allowed in check.when.items():
        value = get_path(ctx.filing, path)
        if value is None or str(value) not in allowed:
            return False
    return True


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return ""


def to_finding(ctx: CheckContext, check: CheckDef, fn: CheckFunction, hit: Hit) -> Finding:
    fields = _Fields(id=check.id, title=check.title, tol="", cause="")
    fields.update(hit.fields)
    message = string.Formatter().vformat(check.template(hit.outcome, fn), (), fields)
    source = hit.source or ctx.source(hit.path)
    related = tuple(dict.fromkeys([*hit.related_sources, *(ctx.source(p) for p in hit.related)]))
    related = tuple(s for s in related if s != source)
    severity = _milder(check.severity, hit.severity)
    return Finding(check.id, severity, message, source, claimed=hit.claimed, expected=hit.expected, related=related)


def _milder(base: Severity, override: Severity | None) -> Severity:
    if override is None:
        return base
    return override if override.rank > base.rank else base


def strictly(findings: list[Finding]) -> list[Finding]:
    """--strict: warnings become errors (a submission gate)."""
    return [dataclasses.replace(f, severity=Severity.ERROR) if f.severity is Severity.WARNING else f
            for f in findings]


def summarize(groups: list[dict[str, Any]]) -> dict[str, Any]:
    applying = [g for g in groups if g["applies"]]
    present = sum(len(g["present"]) for g in applying)
    required = present + sum(len(g["missing"]) for g in applying)
    out: dict[str, Any] = {
        "present": present,
        "required": required,
        "score": f"{present}/{required}" if required else None,
        "ratio": f"{fmt(present * HUNDRED / required, 1)}%" if required else None,
        "missing": [{**m, "group": g["title"]} for g in applying for m in g["missing"]],
        "unknown": [{**u, "group": g["title"]} for g in applying for u in g["unknown"]],
        "groups": [_group_json(g) for g in groups],
    }
    return out


def _group_json(group: dict[str, Any]) -> dict[str, Any]:
    present, missing = len(group["present"]), len(group["missing"])
    required = present + missing
    return {"id": group["id"], "title": group["title"], "applies": group["applies"],
            "score": f"{present}/{required}" if group["applies"] and required else None,
            "present": [p["title"] for p in group["present"]], "missing": [m["title"] for m in group["missing"]],
            "unknown": [u["title"] for u in group["unknown"]]}
