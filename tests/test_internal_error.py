"""A bug in jixiao's own code ends the command with exit code 3 and one Chinese line naming a log file
that holds the traceback — never a warning, never a fallback (cli/common.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import jixiao.scoring.engine as engine
from conftest import example

S4 = example("yanjiang-xinfang-2022.yaml")


@pytest.fixture
def broken_scoring(monkeypatch, tmp_path):
    def score_record(*args, **kwargs):
        raise RuntimeError("deliberate bug inside scoring")

    monkeypatch.setattr(engine, "score_record", score_record)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def _bug_report(result) -> Path:
    assert result.exit_code == 3, result.output
    lines = [line for line in result.output.splitlines() if "内部错误，请报告" in line]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    log = Path(re.search(r"已写入 (\S+\.log)", lines[0]).group(1))
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "deliberate bug inside scoring" in text and "score_record" in text
    return log


@pytest.mark.parametrize("args", [
    ("check", S4),
    ("check", S4, "--json"),
    ("score", S4),
    ("render", S4, "--formats", "html", "--out", "{out}"),
], ids=["check", "check-json", "score", "render"])
def test_a_bug_inside_scoring_exits_3_with_a_log_file(cli, broken_scoring, args):
    args = [a.replace("{out}", str(broken_scoring / "out")) for a in args]
    log = _bug_report(cli(*args))
    assert log.parent == broken_scoring / "cache" / "jixiao"


def test_without_a_usable_cache_folder_the_log_goes_to_the_temp_dir(cli, broken_scoring, monkeypatch):
    blocker = broken_scoring / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setenv("TMPDIR", str(broken_scoring))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    log = _bug_report(cli("check", S4))
    assert log.parent == broken_scoring


@pytest.mark.parametrize("command", [(), ("check",), ("score",), ("render",), ("audit",), ("batch", "score")])
def test_exit_code_3_is_documented(cli, command):
    assert "3 程序内部错误" in cli(*command, "--help").output


def test_exit_code_3_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`3` 程序内部错误" in readme
