"""The stages of jixiao, in order.  Each returns ``(result, findings)``.

    load      YAML / Excel → Filing            (ingest.load)
    validate  codes, published keys            (ingest.validate)
    metrics   every standard rate              (metrics.compute)
    checks    勾稽关系, plausibility, completeness, with scoring findings   (checks)

and the whole of ``jixiao render`` (:func:`render_filing`: load → metrics → publication package → check),
shared by the command and the job queue (jixiao.jobs).
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


def render_filing(path: str, out_dir: str, formats: str | tuple[str, ...], template_id: str | None = None,
                  parts: str | None = None, published: str | None = None):
    """What ``jixiao render`` does, without printing: returns (RenderReport, how many error findings
    ``jixiao check`` reports on the filing).  Bad input raises UnusableInput before anything is written;
    a failure part-way leaves no partial package (:func:`render_whole`)."""
    from jixiao.findings import UnusableInput, error
    from jixiao.ingest.limits import check_output
    from jixiao.model.source import Source
    from jixiao.render.package import FORMATS, render_package
    from jixiao.render.parts import parse_parts
    from jixiao.render.templates import TemplateError

    if isinstance(formats, str):
        formats = tuple(formats.split(","))
    wanted = tuple(f.strip().lower() for f in formats if f.strip())
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise UnusableInput([error("INPUT-FORMAT", f"不支持的输出格式：{'、'.join(unknown) or '（空）'}；可选 {', '.join(FORMATS)}",
                                   Source(path, "L1"))])
    try:
        chosen = parse_parts(parts)
    except TemplateError as exc:
        raise UnusableInput([error("INPUT-PARTS", str(exc), Source(path, "L1"))]) from exc
    check_output(out_dir, folder=True)
    run = load_and_validate(path)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    with_metrics(run)
    correction = None
    if published is not None:
        old = load_and_validate(published)
        if old.input_errors:
            raise UnusableInput(old.input_errors)
        correction = (old.filing, with_metrics(old).metrics)
    try:
        report = render_whole(run, out_dir, wanted, template_id, render_package, parts=chosen,
                              correction=correction)
    except TemplateError as exc:
        raise UnusableInput([error("INPUT-TEMPLATE", str(exc), Source(path, "L1"))]) from exc
    return report, filing_errors(run)


def render_whole(run: Run, out_dir: str, wanted: tuple[str, ...], template_id: str | None, render_package, **options):
    """Render into a temporary folder beside ``out_dir``, then move the files into place: a failure
    part-way leaves no partial package, only what was there before (render.package.render_staged)."""
    from jixiao.render.package import render_staged

    return render_staged(run.filing, run.metrics, out_dir, wanted, template_id=template_id, render=render_package,
                         **options)


def filing_errors(run: Run) -> int:
    """How many error findings ``jixiao check`` reports on the filing (the documents render anyway)."""
    from jixiao.findings import Severity

    with_checks(run)
    return sum(1 for f in run.findings if f.severity == Severity.ERROR)
