"""Shared fixtures (write small filings in YAML, run the CLI) and the run policy: tests marked
needs_shared, and under JIXIAO_NO_SKIPS=1 no skip but a strict, reasoned xfail."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"          # the source reports (seeds/) and the real corpus, beside the checkout
SEEDS = SHARED / "seeds"
REQUIRE_SHARED = "JIXIAO_REQUIRE_SHARED"   # set to 1 (as .ci/run does): a missing ../shared fails the run
NO_SKIPS = "JIXIAO_NO_SKIPS"               # set to 1 (as .ci/run does): any skip but a strict xfail fails the run

HEADER = "schema: jixiao.filing/1\nmoney_unit: 万元\n"


@pytest.fixture
def write_filing(tmp_path):
    """Write a filing body (YAML, dedented) under the standard header; return its path."""

    def _write(body: str, name: str = "filing.yaml", header: str = HEADER) -> str:
        path = tmp_path / name
        path.write_text(header + textwrap.dedent(body), encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture
def cli():
    def _run(*args: str):
        runner = CliRunner()
        result = runner.invoke(main, list(args), catch_exceptions=True)
        return result

    return _run


def example(name: str) -> str:
    return str(EXAMPLES / name)


os.environ.setdefault("COLUMNS", "200")


# ---- tests that need ../shared (marker ``needs_shared``, registered in pyproject.toml) ----------------------

_not_run: list[str] = []
_loose_xfail: set[str] = set()       # xfail without strict=True and a reason
_bad_skips: list[str] = []           # skips that are not a declared strict xfail


def _note_skip(report) -> None:
    if not report.skipped:
        return
    if hasattr(report, "wasxfail") and report.nodeid not in _loose_xfail:
        return
    _bad_skips.append(report.nodeid or str(report.fspath))


def pytest_runtest_logreport(report):
    _note_skip(report)


def pytest_collectreport(report):
    _note_skip(report)


def pytest_sessionfinish(session, exitstatus):
    """Under JIXIAO_NO_SKIPS=1 a run with a skip (or a loose xfail) fails, whatever else passed."""
    if os.environ.get(NO_SKIPS) == "1" and _bad_skips and session.exitstatus == 0:
        session.exitstatus = 1


def _shared_missing() -> bool:
    return not SEEDS.is_dir()


def pytest_collection_modifyitems(config, items):
    """Without ../shared, ``needs_shared`` tests cannot run: they are skipped and the run ends with a
    loud banner naming how many; under JIXIAO_REQUIRE_SHARED=1 (CI) each of them fails instead."""
    strict_default = config.getini("xfail_strict")
    for item in items:
        mark = item.get_closest_marker("xfail")
        if mark is not None and not (mark.kwargs.get("strict", strict_default) and mark.kwargs.get("reason")):
            _loose_xfail.add(item.nodeid)
    if not _shared_missing():
        return
    required = os.environ.get(REQUIRE_SHARED) == "1"
    for item in items:
        if item.get_closest_marker("needs_shared"):
            _not_run.append(item.nodeid)
            if not required:
                item.add_marker(pytest.mark.skip(reason=f"缺少 {SHARED}：此测试需要源报告与真实语料"))


def pytest_runtest_setup(item):
    if item.get_closest_marker("needs_shared") and _shared_missing():
        pytest.fail(f"缺少 {SHARED}（源报告与真实语料），而 {REQUIRE_SHARED}=1 要求运行此测试", pytrace=False)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    strict = os.environ.get(NO_SKIPS) == "1"
    if _bad_skips or strict:          # .ci/run always shows the count, 0 included
        terminalreporter.write_line(
            f"跳过的测试（非 strict xfail）：{len(_bad_skips)} 项" + ("，JIXIAO_NO_SKIPS=1 下这是失败" if strict and _bad_skips else ""),
            red=bool(_bad_skips), bold=True)
        for nodeid in _bad_skips:
            terminalreporter.write_line(f"  SKIPPED {nodeid}", red=True)
    if not _not_run:
        return
    bar = "!" * 78
    terminalreporter.write_line(bar, red=True, bold=True)
    terminalreporter.write_line(
        f"注意：未找到 {SHARED}，有 {len(_not_run)} 项测试（标记 needs_shared）未能运行。", red=True, bold=True)
    terminalreporter.write_line(
        "请把 shared/（seeds/ 与 corpus/）放在仓库旁边后重新运行；CI（.ci/run）中这是失败。", red=True, bold=True)
    terminalreporter.write_line(bar, red=True, bold=True)
