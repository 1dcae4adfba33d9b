"""The embedded mode (in-process worker threads, no broker) on SQLite and on PostgreSQL: the three kinds
of job run the product code, progress is reported item by item, bad input and bugs fail the job."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from .jobs_harness import ROOT, wait_for
from jixiao import jobs
from jixiao.jobs import store

SUM_ERROR = "本年收入合计2,000.00万元，其中：财政拨款收入1,800.00万元，占90.0%；其他收入210.00万元，占10.0%。\n"
CLEAN = "本年收入合计2,000.00万元，其中：财政拨款收入1,800.00万元，占90.0%；其他收入200.00万元，占10.0%。\n"


def finished(job_id: str, db_url: str, timeout: float = 120) -> jobs.JobInfo:
    return wait_for(lambda: (info := jobs.get(job_id, db_url=db_url)).finished and info, timeout, f"job {job_id}")


def test_audit_job_runs_the_auditor_file_by_file(db_url, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text(SUM_ERROR, encoding="utf-8")
    (reports / "b.txt").write_text(CLEAN, encoding="utf-8")
    (reports / "c.txt").write_text(CLEAN, encoding="utf-8")
    out = tmp_path / "审核结果.json"
    with jobs.EmbeddedWorker(db_url):
        job_id = jobs.submit("audit", {"paths": [str(reports)], "out": str(out)}, db_url=db_url, subject="unit:7")
        info = finished(job_id, db_url)
    assert info.state == "done", info.error
    assert (info.done, info.total, info.attempts) == (3, 3, 1)
    assert info.result_path == str(out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert [Path(d["path"]).name for d in written["documents"]] == ["a.txt", "b.txt", "c.txt"]
    assert written["summary"] == info.result
    assert info.result["documents_with_errors"] == 1
    assert any(f["rule_id"] == "AUDIT-SUM" for f in written["documents"][0]["findings"])
    assert info.started_at <= info.finished_at and info.created_at <= info.started_at
    assert [j.id for j in jobs.list_jobs(db_url=db_url, subject="unit:7")] == [job_id]
    assert jobs.list_jobs(db_url=db_url, subject="unit:8") == []
    assert info.to_json()["state_zh"] == "已完成"


def test_progress_is_reported_item_by_item(db_url):
    seen = set()
    with jobs.EmbeddedWorker(db_url, poll=0.1):
        job_id = jobs.submit("slow", {"items": 4, "pause": 0.4}, db_url=db_url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            info = jobs.get(job_id, db_url=db_url)
            if info.state == "running":
                seen.add((info.done, info.total, info.item))
            if info.finished:
                break
            time.sleep(0.05)
    assert info.state == "done" and (info.done, info.total) == (4, 4)
    assert {(1, 4, "第2项"), (2, 4, "第3项")} <= seen, seen


def test_render_job_writes_the_package(sqlite_url, tmp_path):
    jobs.create_table(sqlite_url)
    out = tmp_path / "文档"
    filing = str(ROOT / "examples" / "yanjiang-xinfang-2022.yaml")
    with jobs.EmbeddedWorker(sqlite_url):
        job_id = jobs.submit("render", {"filings": [filing], "out_dir": str(out), "formats": "html"},
                             db_url=sqlite_url)
        info = finished(job_id, sqlite_url)
    assert info.state == "done", info.error
    [document] = info.result["documents"]
    [(fmt, path)] = [(f["format"], f["path"]) for f in document["files"]]
    assert fmt == "html" and Path(path).parent == out and Path(path).stat().st_size > 10_000
    assert document["filing"] == filing and (info.done, info.total) == (1, 1)


def test_batch_job_scores_the_data(sqlite_url, tmp_path):
    from jixiao.batch.run import load_plan
    from jixiao.batch.synth import synthesise

    jobs.create_table(sqlite_url)
    data = tmp_path / "data"
    synthesise(load_plan("sichuan-2022-project"), str(data), 40, 3, "csv")
    out = tmp_path / "得分.parquet"
    with jobs.EmbeddedWorker(sqlite_url):
        job_id = jobs.submit("batch", {"data": [str(data)], "rubric": "sichuan-2022-project", "out": str(out)},
                             db_url=sqlite_url)
        info = finished(job_id, sqlite_url)
    assert info.state == "done", info.error
    assert info.result["projects"] == 40 and sum(info.result["grades"].values()) == 40
    assert out.stat().st_size > 0 and info.result_path == str(out)


def test_bad_input_fails_the_job_with_a_chinese_message_once(db_url, tmp_path):
    with jobs.EmbeddedWorker(db_url):
        missing = jobs.submit("render", {"filings": [str(tmp_path / "没有这个文件.yaml")], "out_dir": str(tmp_path / "o")},
                              db_url=db_url)
        bad_rubric = jobs.submit("batch", {"data": [str(tmp_path)], "rubric": "no-such-rubric",
                                           "out": str(tmp_path / "x.parquet")}, db_url=db_url)
        not_json = jobs.submit("audit", {"paths": [str(tmp_path)], "out": str(tmp_path / "x.txt")}, db_url=db_url)
        results = [finished(j, db_url) for j in (missing, bad_rubric, not_json)]
    for info in results:
        assert info.state == "failed" and info.attempts == 1, info
        assert info.error and "内部错误" not in info.error and info.detail is None
    assert "没有这个文件.yaml" in results[0].error
    assert "no-such-rubric" in results[1].error
    assert results[2].error == "审核结果文件应以 .json 结尾"
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_a_bug_fails_loudly(db_url, caplog):
    with caplog.at_level(logging.ERROR, logger="jixiao.jobs"), jobs.EmbeddedWorker(db_url):
        info = finished(jobs.submit("boom", {}, db_url=db_url), db_url)
    assert info.state == "failed" and info.attempts == 1
    assert info.error.startswith("内部错误，请报告") and "ZeroDivisionError" in info.error
    assert "Traceback" in info.detail and "1 // 0" in info.detail
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_submit_refuses_what_it_cannot_run(sqlite_url):
    jobs.create_table(sqlite_url)
    cases = [("print", {}, "未知的任务类型"),
             ("audit", {"paths": ["a.txt"]}, "缺少 out"),
             ("audit", {"paths": "a.txt", "out": "r.json"}, "类型不对"),
             ("audit", {"paths": [], "out": "r.json"}, "非空的路径列表"),
             ("audit", {"paths": ["a"], "out": "r.json", "extra": 1}, "不认识的项"),
             ("render", {"filings": ["f.yaml"], "out_dir": "o", "formats": 3}, "类型不对")]
    for kind, payload, message in cases:
        with pytest.raises(jobs.JobError, match=message):
            jobs.submit(kind, payload, db_url=sqlite_url)
    assert jobs.list_jobs(db_url=sqlite_url) == []
    with pytest.raises(jobs.JobError, match="没有编号"):
        jobs.get("0" * 32, db_url=sqlite_url)


def test_an_unreachable_broker_fails_the_job_at_once(sqlite_url):
    jobs.create_table(sqlite_url)
    with pytest.raises(jobs.JobError, match="无法把任务交给任务队列 redis://u:\\*\\*\\*@127.0.0.1:1/"):
        jobs.submit("slow", {"items": 1, "pause": 0}, db_url=sqlite_url, broker_url="redis://u:secret@127.0.0.1:1/0")
    [info] = jobs.list_jobs(db_url=sqlite_url)
    assert info.state == "failed" and "secret" not in info.error


def test_a_job_is_claimed_by_one_worker_only(db_url):
    job_id = jobs.submit("slow", {"items": 1, "pause": 0}, db_url=db_url)
    first = store.claim(db_url, job_id, "w1", 30)
    assert first is not None and first.owner == "w1" and first.attempts == 1
    assert store.claim(db_url, job_id, "w2", 30) is None
    assert not store.renew(db_url, job_id, "w2", 30) and store.renew(db_url, job_id, "w1", 30)
    assert not store.finish(db_url, job_id, "w2", result={}) and store.finish(db_url, job_id, "w1", result={})
    assert store.claim(db_url, job_id, "w2", 30) is None and jobs.get(job_id, db_url=db_url).state == "done"


def test_many_jobs_on_several_threads_run_once_each(db_url, tmp_path):
    proof = tmp_path / "runs.txt"
    with jobs.EmbeddedWorker(db_url, threads=3, poll=0.1):
        ids = [jobs.submit("slow", {"items": 1, "pause": 0.05, "out": str(proof)}, db_url=db_url) for _ in range(9)]
        infos = [finished(j, db_url) for j in ids]
    assert [i.state for i in infos] == ["done"] * 9 and {i.attempts for i in infos} == {1}
    assert proof.read_text().count("done") == 9
