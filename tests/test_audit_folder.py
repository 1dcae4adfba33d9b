"""``jixiao audit FOLDER``: worker processes, a bad file failing alone, the summary of failed files,
the progress bar on stderr (issue 15)."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from jixiao.audit import engine
from jixiao.cli import main
from jixiao.cli.parallel import WORKER_DIED, Failure, run_each

BAD = "2022年本年支出合计552.38万元，其中：基本支出350.53万元；项目支出202.85万元。\n"   # parts exceed the whole
GOOD = "2022年本年支出合计552.38万元，其中：基本支出350.53万元；项目支出201.85万元。\n"


def _folder(tmp_path, n=12):
    for k in range(n):
        (tmp_path / f"{k:02d}.txt").write_text(BAD if k % 3 == 0 else GOOD, encoding="utf-8")
    return tmp_path


def _run(*args):
    return CliRunner(mix_stderr=False).invoke(main, ["audit", *args])


def test_workers_give_what_one_process_gives(tmp_path):
    folder = _folder(tmp_path)
    one, two = _run(str(folder), "--json", "--jobs", "1"), _run(str(folder), "--json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert json.loads(one.stdout) == json.loads(two.stdout)
    data = json.loads(two.stdout)
    assert [d["path"].rsplit("/", 1)[-1] for d in data["documents"]] == [f"{k:02d}.txt" for k in range(12)]
    assert data["summary"]["errors"] == 4 and data["failed"] == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_trips_a_bug_fails_alone(tmp_path, monkeypatch, jobs):
    folder = _folder(tmp_path)
    (folder / "05-boom.txt").write_text(GOOD, encoding="utf-8")
    real = engine.audit_file

    def audit_file(path, auditor, display=None):
        if "boom" in path:
            raise ValueError("a bug")
        return real(path, auditor, display)

    monkeypatch.setattr(engine, "audit_file", audit_file)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = _run(str(folder), "--json", "--jobs", jobs)
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert len(data["documents"]) == 12 and data["summary"]["errors"] == 4
    assert data["failed"] == [{"path": str(folder / "05-boom.txt"), "kind": "internal",
                               "reason": "内部错误（ValueError），不是输入文件的问题"}]
    assert "内部错误，请报告" in result.stderr
    logs = list((tmp_path / "cache" / "jixiao").iterdir())
    assert len(logs) == 1 and "ValueError: a bug" in logs[0].read_text(encoding="utf-8")


def test_text_output_ends_with_the_table_of_failed_files(tmp_path):
    folder = _folder(tmp_path, 3)
    (folder / "x.pdf").write_bytes(b"not a pdf")
    result = _run(str(folder))
    assert result.exit_code == 1
    tail = result.stdout[result.stdout.index("未能审核的文件（1个）"):]
    assert "x.pdf" in tail and "原因" in tail


def _work(state, path):
    if path.endswith("crash"):
        os._exit(7)                    # a worker dying, as a native library's crash would
    if path.endswith("raise"):
        raise RuntimeError(state)
    return (state, os.path.basename(path))


def test_a_file_that_kills_its_worker_fails_alone(tmp_path):
    paths = [str(tmp_path / f"{k:02d}") for k in range(20)] + [str(tmp_path / "crash"), str(tmp_path / "raise")]
    seen = []
    out = run_each(_work, "loaded once", paths, 2, seen.append)
    assert out[:20] == [("loaded once", f"{k:02d}") for k in range(20)]
    assert out[20] == Failure(str(tmp_path / "crash"), WORKER_DIED)
    assert isinstance(out[21], Failure) and "RuntimeError: loaded once" in out[21].detail
    assert sum(seen) == len(paths)


def test_progress_goes_to_stderr_only_when_asked_or_on_a_terminal(tmp_path):
    folder = _folder(tmp_path, 3)
    quiet = _run(str(folder), "--json")
    assert quiet.stderr == "" and json.loads(quiet.stdout)["summary"]["documents"] == 3
    shown = _run(str(folder), "--json", "--progress")
    assert "审核中" in shown.stderr and json.loads(shown.stdout) == json.loads(quiet.stdout)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_json_is_byte_for_byte_what_the_results_give(tmp_path, jobs):
    """Workers write each document's JSON themselves (cli.audit.Digest); the command prints exactly what
    emit_json of the results prints, escapes included (a bidi control and a C1 control in a quote)."""
    from jixiao.audit.bulk import summary
    from jixiao.cli.output import json_text, terminal_text

    folder = _folder(tmp_path)
    (folder / "05-odd.txt").write_text("2022年本年支出\u202e合计552.38万元，其中：基本支出\x85350.53万元；项目支出202.85万元。\n",
                                       encoding="utf-8")
    (folder / "06-empty.txt").write_text("", encoding="utf-8")
    files = sorted(str(p) for p in folder.iterdir())
    auditor = engine.Auditor()
    results = [engine.audit_file(p, auditor) for p in files]
    failed = [{"path": r.path, "kind": "unreadable", "reason": r.findings[0].message}
              for r in results if r.findings and r.findings[0].rule_id == "AUDIT-READ"]
    assert len(failed) == 1        # the empty file
    expected = terminal_text(json_text(json.dumps({"documents": [r.to_json() for r in results], "summary": summary(results),
                                                   "failed": failed}, ensure_ascii=False, indent=2))) + "\n"
    got = _run(str(folder), "--json", "--jobs", jobs)
    assert got.exit_code == 1
    assert got.stdout == expected
    assert "\u202e" not in got.stdout and "\\u202e" in got.stdout


def test_json_with_no_document(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"not a pdf")
    got = _run(str(tmp_path), "--json")
    data = json.loads(got.stdout)
    assert got.exit_code == 2 and len(data["documents"]) == 1 and data["failed"][0]["kind"] == "unreadable"
