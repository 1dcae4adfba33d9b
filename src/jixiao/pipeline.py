"""The stages of jixiao, in order.  Each returns ``(result, findings)``.

    load      YAML / Excel → Filing            (ingest.load)
    validate  codes, published keys            (ingest.validate)
    metrics   every standard rate              (metrics.compute)
    checks    勾稽关系, plausibility, completeness, with scoring findings   (checks)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.findings import Finding, sort_findings
from jixiao.ingest.load import load_filing
from jixiao.ingest.validate import validate
from jixiao.metrics.compute import MetricResult, compute_all
from jixiao.metrics.registry import Registry, load_registry
from jixiao.model.filing import Filing


@dataclass
class Run:
    filing: Filing
    registry: Registry
    findings: list[Finding] = field(default_factory=list)
    metrics: list[MetricResult] = field(default_factory=list)

    @property
    def input_errors(self) -> list[Finding]:
        return [f for f in self.findings if f.rule_id.startswith("INPUT-")]


def load_and_validate(path: str, registry: Registry | None = None) -> Run:
    """Load a filing and validate it.  Raises UnusableInput when nothing can be read."""
    registry = registry or load_registry()
    from jixiao.metrics.names import KeyNames

    filing, findings = load_filing(path, keys=KeyNames(registry))
    run = Run(filing, registry, list(findings))
    if not run.input_errors:
        run.findings += validate(filing, registry)
    run.findings = sort_findings(run.findings)
    return run


def with_metrics(run: Run) -> Run:
    run.metrics = compute_all(run.filing, run.registry)
    return run


def with_checks(run: Run, prior: Run | None = None, pack: str | None = None, strict: bool = False):
    """Cross-checks and scoring findings join ``run.findings``; returns the CheckRun (pack, completeness)."""
    from jixiao.checks import check_filing, library_for

    library, pack_id = library_for(pack, run.registry)
    result = check_filing(run.filing, prior=prior.filing if prior else None, pack_id=pack_id, strict=strict,
                          library=library)
    own = run.findings
    if strict:
        from jixiao.checks.run import strictly

        own = strictly(own)
    run.findings = sort_findings([*own, *result.findings])
    return result
