"""The test-run policy in conftest.py, run on small throwaway suites: tests marked ``needs_shared``
are skipped loudly (with their count) when ../shared is missing and fail under
JIXIAO_REQUIRE_SHARED=1; under JIXIAO_NO_SKIPS=1 (.ci/run) any skip but a strict, reasoned xfail fails."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

SUITE = '''
import pytest

@pytest.mark.needs_shared
def test_reads_the_seeds():
    assert True

def test_plain():
    assert True
'''


def _run(tmp_path: Path, body: str, shared: bool, **env: str) -> subprocess.CompletedProcess:
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    shutil.copy(HERE / "conftest.py", repo / "tests" / "conftest.py")
    (repo / "pytest.ini").write_text("[pytest]\nmarkers =\n    needs_shared: x\n", encoding="utf-8")
    (repo / "tests" / "test_suite.py").write_text(body, encoding="utf-8")
    (repo / "tests" / "test_ok.py").write_text("def test_ok():\n    assert True\n", encoding="utf-8")
    if shared:
        (tmp_path / "shared" / "seeds").mkdir(parents=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests"], cwd=repo,
                          env={**clean, **env}, capture_output=True, text=True, timeout=120)


def test_without_shared_the_run_passes_but_says_how_many_tests_did_not_run(tmp_path):
    run = _run(tmp_path, SUITE, shared=False)
    assert run.returncode == 0, run.stdout
    assert "2 passed, 1 skipped" in run.stdout
    assert "有 1 项测试（标记 needs_shared）未能运行" in run.stdout


def test_without_shared_ci_fails(tmp_path):
    run = _run(tmp_path, SUITE, shared=False, JIXIAO_REQUIRE_SHARED="1")
    assert run.returncode == 1, run.stdout
    assert "2 passed, 1 error" in run.stdout and "JIXIAO_REQUIRE_SHARED=1" in run.stdout


def test_with_shared_nothing_is_skipped(tmp_path):
    run = _run(tmp_path, SUITE, shared=True, JIXIAO_REQUIRE_SHARED="1", JIXIAO_NO_SKIPS="1")
    assert run.returncode == 0 and "3 passed" in run.stdout, run.stdout
    assert "未能运行" not in run.stdout and "跳过的测试（非 strict xfail）：0 项" in run.stdout


@pytest.mark.parametrize("body, code", [
    ("import pytest\ndef test_a():\n    pytest.skip('later')\n", 1),
    ("import pytest\npytest.skip('whole module', allow_module_level=True)\n", 1),
    ("import pytest\n@pytest.mark.xfail(reason='known gap')\ndef test_a():\n    assert False\n", 1),
    ("import pytest\n@pytest.mark.xfail(strict=True, reason='known gap')\ndef test_a():\n    assert False\n", 0),
], ids=["skip", "module-skip", "loose-xfail", "strict-xfail"])
def test_under_no_skips_only_a_strict_reasoned_xfail_passes(tmp_path, body, code):
    assert _run(tmp_path, body, shared=True).returncode == 0
    run = _run(tmp_path / "strict", body, shared=True, JIXIAO_NO_SKIPS="1")
    assert run.returncode == code, run.stdout
    if code:
        assert "跳过的测试（非 strict xfail）：1 项" in run.stdout
