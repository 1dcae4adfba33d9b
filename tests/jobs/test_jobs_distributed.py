"""Distributed mode against the real brokers on this machine (Redis and RabbitMQ), with `jixiao worker`
subprocesses on a PostgreSQL database: the same tasks as the embedded worker, several workers
sharing the queue, a clean stop on SIGTERM."""
from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from .jobs_harness import ROOT, remote, wait_for
from jixiao import jobs

JIXIAO = [sys.executable, "-m", "jixiao.cli"] if not (Path(sys.executable).parent / "jixiao").exists() \
    else [str(Path(sys.executable).parent / "jixiao")]
REPORT = "本年收入合计2,000.00万元，其中：财政拨款收入1,800.00万元，占90.0%；其他收入210.00万元，占10.0%。\n"


def worker(procs, log, pg_url, broker_url, queue, *extra):
    env = {"JIXIAO_DATABASE_URL": pg_url, "JIXIAO_BROKER_URL": broker_url}
    return procs([*JIXIAO, "worker", "--queue", queue, "--lease", "5", *extra], log, env)


def test_jixiao_worker_runs_the_jobs(pg_url, broker_url, queue, tmp_path, procs):
    jobs.create_table(pg_url)
    reports = tmp_path / "公开报告"
    reports.mkdir()
    for n in range(3):
        (reports / f"{n}.txt").write_text(REPORT, encoding="utf-8")
    filing = str(ROOT / "examples" / "zhanyi-xinfang-2023.yaml")
    submit = dict(db_url=pg_url, broker_url=broker_url, queue=queue)
    audit = jobs.submit("audit", {"paths": [str(reports)], "out": str(tmp_path / "a.json")}, **submit)
    render = jobs.submit("render", {"filings": [filing], "out_dir": str(tmp_path / "docs"), "formats": ["html"]},
                         **submit)
    bad = jobs.submit("render", {"filings": [str(tmp_path / "不存在.xlsx")], "out_dir": str(tmp_path / "x")}, **submit)
    assert jobs.get(audit, db_url=pg_url).state == "queued"
    first = worker(procs, tmp_path / "w1.log", pg_url, broker_url, queue, "--threads", "2")
    done = {j: wait_for(lambda j=j: (i := jobs.get(j, db_url=pg_url)).finished and i, 120, f"job {j}", first)
            for j in (audit, render, bad)}
    assert done[audit].state == "done" and done[audit].result["errors"] >= 1
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["summary"]["documents"] == 3
    assert done[render].state == "done", done[render].error
    assert [Path(f["path"]).suffix for f in done[render].result["documents"][0]["files"]] == [".html"]
    assert done[bad].state == "failed" and "不存在.xlsx" in done[bad].error and done[bad].attempts == 1
    assert {done[j].owner.split(":")[1] for j in done} == {str(first.proc.pid)}
    first.proc.send_signal(signal.SIGTERM)
    assert first.proc.wait(60) == 0 and "工作进程已启动" in first.text()


def test_several_workers_share_the_queue(pg_url, broker_url, queue, tmp_path, procs):
    jobs.create_table(pg_url)
    workers = [procs(remote(pg_url, broker_url, queue, lease=30), tmp_path / f"w{n}.log") for n in range(2)]
    for w in workers:
        wait_for(lambda w=w: "工作进程已启动" in w.text(), 60, "worker started", w)
    ids = [jobs.submit("slow", {"items": 2, "pause": 0.3}, db_url=pg_url, broker_url=broker_url, queue=queue)
           for _ in range(6)]
    infos = [wait_for(lambda j=j: (i := jobs.get(j, db_url=pg_url)).finished and i, 120, f"job {j}") for j in ids]
    assert [i.state for i in infos] == ["done"] * 6 and {i.attempts for i in infos} == {1}
    assert {i.owner.split(":")[1] for i in infos} == {str(w.proc.pid) for w in workers}
    assert [w.stop() for w in workers] == [0, 0]


def test_jixiao_worker_refuses_bad_addresses(tmp_path):
    import subprocess

    missing = f"sqlite:///{tmp_path / 'none' / 'x.db'}"
    env = {**os.environ, "JIXIAO_DATABASE_URL": missing, "JIXIAO_BROKER_URL": "redis://127.0.0.1:6379/0"}
    run = subprocess.run([*JIXIAO, "worker"], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "无法使用数据库" in run.stderr and "Traceback" not in run.stderr
    env["JIXIAO_BROKER_URL"] = "http://127.0.0.1/"
    run = subprocess.run([*JIXIAO, "worker"], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "任务队列地址应以 amqp://" in run.stderr
    run = subprocess.run([*JIXIAO, "worker"], env={k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")},
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "--database-url" in run.stderr
