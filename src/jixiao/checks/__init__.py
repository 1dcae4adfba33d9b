"""Cross-checks (勾稽关系), plausibility and disclosure completeness of one filing.

Checks are data (``jixiao/rulepacks/checks/*.yaml``, versioned by region and
year); behaviour is in small registered functions (``fn_*.py``).  Entry point::

    result = check_filing(filing, prior=last_year, pack_id=None, strict=False)
    result.findings, result.completeness
"""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.findings import Finding, error, sort_findings
from jixiao.metrics.registry import Registry, load_registry
from jixiao.model.filing import Filing
from jixiao.model.source import Source

from jixiao.checks.merge import merge, scoring_findings
from jixiao.checks.model import Pack
from jixiao.checks.packs import bundled_texts, load_packs, select_pack
from jixiao.checks.registry import Functions, build_functions
from jixiao.checks.run import CheckRun, run_pack, strictly


@dataclass(frozen=True)
class Library:
    """Packs and functions loaded once per run."""

    packs: dict[str, Pack]
    functions: Functions
    metrics: Registry
    problems: list[Finding]


def load_library(metrics: Registry | None = None, extra_texts: dict[str, str] | None = None) -> Library:
    metrics = metrics or load_registry()
    functions = build_functions()
    texts = bundled_texts()
    texts.update(extra_texts or {})
    packs, problems = load_packs(texts, functions, metrics)
    return Library(packs, functions, metrics, problems)


def check_filing(filing: Filing, *, prior: Filing | None = None, pack_id: str | None = None, strict: bool = False,
                 library: Library | None = None, with_scoring: bool = True) -> CheckRun:
    library = library or load_library()
    pack = select_pack(library.packs, filing, pack_id)
    if pack is None:
        known = "、".join(sorted(library.packs)) or "（无）"
        run = CheckRun(None, [error("CHECK-PACK-UNKNOWN", f"没有名为“{pack_id}”的规则包；可用：{known}",
                                    Source(filing.doc or "<filing>", "L1"))])
        return run
    run = run_pack(filing, pack, library.functions, library.metrics, prior=prior, strict=strict)
    scoring = scoring_findings(filing) if with_scoring else []
    if strict:
        scoring = strictly(scoring)
    run.findings = sort_findings([*library.problems, *merge(run, scoring)])
    return run


__all__ = ["CheckRun", "Library", "check_filing", "load_library"]
