"""Gather filings for review: files and folders of .yaml/.xlsx filings, each loaded and validated."""
from __future__ import annotations

import os

from jixiao.findings import Finding, UnusableInput, error
from jixiao.model.source import Source

FILING_EXTS = (".yaml", ".yml", ".xlsx")


def split_paths(paths: list[str]) -> tuple[list[str], list[str]]:
    """(filing paths, published report paths): folders are searched for both kinds."""
    from jixiao.ingest.published import READABLE

    filings: list[str] = []
    published: list[str] = []
    problems: list[Finding] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if name.startswith(("~$", ".")):
                        continue
                    full = os.path.join(root, name)
                    if name.lower().endswith(FILING_EXTS):
                        filings.append(full)
                    elif name.lower().endswith(READABLE):
                        published.append(full)
        elif os.path.isfile(path):
            (published if path.lower().endswith(READABLE) else filings).append(path)
        else:
            problems.append(error("INPUT-UNREADABLE", "找不到该文件或文件夹", Source(path, "L1")))
    if problems:
        raise UnusableInput(problems)
    if not filings and not published:
        raise UnusableInput([error("INPUT-EMPTY", "没有找到填报文件（.yaml、.xlsx）或已公开的报告（.txt、.docx、.pdf、.html）",
                                   Source(paths[0] if paths else "<命令行>", "L1"))])
    return sorted(dict.fromkeys(filings)), sorted(dict.fromkeys(published))


def published_unit_name(path: str) -> str:
    """A published report's unit: the unit named in its TITLE line, else the file name."""
    import re

    name = os.path.splitext(os.path.basename(path))[0]
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(600)
    except OSError:
        return name
    match = re.search(r"TITLE:\s*\[?([^\]\n]*?(?:局|委|办|院|府|所|中心|学校|医院|馆|站|队|会|处|部|厅))", head)
    if not match:
        return name
    return re.sub(r"^\d{4}年(度)?", "", match.group(1).strip()) or name


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


def load_runs(paths: list[str], with_checks: bool = True, files: list[str] | None = None):
    """(runs, check findings per run).  Files that cannot be used are reported together (exit 2)."""
    from jixiao.pipeline import load_and_validate
    from jixiao.pipeline import with_checks as run_checks

    runs, checks, problems = [], [], []
    for path in (files if files is not None else filing_paths(paths)):
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
