"""Cross-checks (勾稽关系), plausibility and disclosure completeness of one filing.

Checks are data (``jixiao/rulepacks/checks/*.yaml``, versioned by region and
year); behaviour is in small registered functions (``fn_*.py``).  Entry point::

    result = check_filing(filing, prior=last_year, pack_id=None, strict=False)
    result.findings, result.completeness
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from jixiao.findings import Finding, UnusableInput, error, sort_findings
from jixiao.ingest.packaged import FrozenMap
from jixiao.metrics.registry import Registry, load_registry
from jixiao.model.filing import Filing
from jixiao.model.source import Source

from jixiao.checks.merge import merge as merge_findings, scoring_findings
from jixiao.checks.model import Pack
from jixiao.checks.packs import bundled_texts, load_packs, select_pack
from jixiao.checks.registry import Functions, build_functions
from jixiao.checks.run import CheckRun, run_pack, strictly


@dataclass(frozen=True)
class Library:
    """Packs and functions loaded once per run (the bundled library once per process: its
    ``packs`` is a read-only map and ``problems`` a tuple, so no caller changes it for the next)."""

    packs: dict[str, Pack]
    functions: Functions
    metrics: Registry
    problems: tuple[Finding, ...]


def load_library(metrics: Registry | None = None, extra_texts: dict[str, str] | None = None) -> Library:
    if not extra_texts and (metrics is None or metrics is load_registry()):
        return _bundled_library()
    return _load_library(metrics or load_registry(), extra_texts)


@lru_cache(maxsize=1)
def _bundled_library() -> Library:
    return _load_library(load_registry(), None)


def _load_library(metrics: Registry, extra_texts: dict[str, str] | None) -> Library:
    functions = build_functions()
    texts = bundled_texts()
    texts.update(extra_texts or {})
    packs, problems = load_packs(texts, functions, metrics)
    return Library(FrozenMap(packs), functions, metrics, tuple(problems))


def library_for(pack: str | None, metrics: Registry | None = None) -> tuple[Library, str | None]:
    """The library and the pack id for a ``--pack`` argument: a bundled id, or a pack file (.yaml)."""
    if pack and (pack.lower().endswith((".yaml", ".yml")) or os.path.sep in pack):
        text = _read_pack(pack)
        library = load_library(metrics, extra_texts={pack: text})
        found = [p for p in library.packs.values() if p.source.doc == pack]
        if not found:
            problems = [f for f in library.problems if f.source.doc == pack]
            raise UnusableInput(problems or [error("CHECK-PACK-FORMAT", "规则包文件无法使用", Source(pack, "L1"))])
        return library, found[0].id
    library = load_library(metrics)
    if pack and pack not in library.packs:
        known = "、".join(sorted(library.packs))
        raise UnusableInput([error("CHECK-PACK-UNKNOWN", f"没有名为“{pack}”的核对规则包；可用：{known}", Source(pack, "L1"))])
    return library, pack


def _read_pack(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableInput([error("INPUT-UNREADABLE", f"无法读取规则包文件：{exc}", Source(path, "L1"))]) from exc


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
    run.findings = sort_findings([*library.problems, *merge_findings(run, scoring)])
    return run


__all__ = ["CheckRun", "Library", "check_filing", "library_for", "load_library"]
