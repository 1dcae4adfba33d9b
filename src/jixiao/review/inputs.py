"""Gather filings for review: files and folders of .yaml/.xlsx filings, each loaded and validated."""
from __future__ import annotations

import os

from jixiao.findings import Finding, UnusableInput, error
from jixiao.model.source import Source

FILING_EXTS = (".yaml", ".yml", ".xlsx")


def filing_paths(paths: list[str]) -> list[str]:
    """Every filing named or inside a named folder (sorted); a missing path is unusable input."""
    found: list[str] = []
    problems: list[Finding] = []
    for path in paths:
        if os.path.isdir(path):
            for root, _, files in os.walk(path):
                found += [os.path.join(root, f) for f in sorted(files) if f.lower().endswith(FILING_EXTS)
                          and not f.startswith(("~$", "."))]
        elif os.path.isfile(path):
            found.append(path)
        else:
            problems.append(error("INPUT-UNREADABLE", "找不到该文件或文件夹", Source(path, "L1")))
    if problems:
        raise UnusableInput(problems)
    if not found:
        raise UnusableInput([error("INPUT-EMPTY", "没有找到填报文件（.yaml 或 .xlsx）", Source(paths[0] if paths else "<命令行>", "L1"))])
    return sorted(dict.fromkeys(found))


def load_runs(paths: list[str], with_checks: bool = True):
    """(runs, check findings per run).  Files that cannot be used are reported together (exit 2)."""
    from jixiao.pipeline import load_and_validate
    from jixiao.pipeline import with_checks as run_checks

    runs, checks, problems = [], [], []
    for path in filing_paths(paths):
        try:
            run = load_and_validate(path)
        except UnusableInput as exc:
            problems += exc.findings
            continue
        if run.input_errors:
            problems += run.input_errors
            continue
        before = list(run.findings)
        if with_checks:
            run_checks(run)
        checks.append([f for f in run.findings if f not in before])
        runs.append(run)
    if problems:
        raise UnusableInput(problems)
    return runs, checks
