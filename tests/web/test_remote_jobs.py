"""The page's long work on other machines: with JIXIAO_BROKER_URL set, a bulk audit and a render started
in the page go through the real broker (Redis on SQLite, RabbitMQ on PostgreSQL) to a `jixiao worker`
subprocess, which runs the same task code against the same database and data folder; the page's
job shows its state, progress and Chinese message."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from .conftest import Site

BROKERS = {"redis": os.environ.get("JIXIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
           "rabbitmq": os.environ.get("JIXIAO_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")}
REPORT = "本年收入合计2,000.00万元，其中：财政拨款收入1,800.00万元，占90.0%；其他收入210.00万元，占10.0%。"


def _job(client, response, timeout: float = 120.0) -> dict:
    [job_id] = parse_qs(urlparse(response.headers["location"]).query)["job"]
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("已完成", "失败") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


def _drop_queue(broker: str, queue: str) -> None:
    if broker.startswith("amqp"):
        import pika

        conn = pika.BlockingConnection(pika.URLParameters(broker))
        for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
            conn.channel().queue_delete(name)
        conn.close()
    else:
        import redis

        client = redis.Redis.from_url(broker)
        for key in client.scan_iter(f"dramatiq:{queue}*"):
            client.delete(key)


@pytest.mark.parametrize("backend,broker", [("sqlite", "redis"), ("postgresql", "rabbitmq")])
def test_page_jobs_run_on_a_jixiao_worker(backend, broker, request, tmp_path, monkeypatch):
    from jixiao.store import open_store
    from jixiao.web import work

    url = f"sqlite:///{tmp_path / 'jixiao.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    store = open_store(tmp_path / "data", url)
    queue = f"jixiao-test-{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("JIXIAO_BROKER_URL", BROKERS[broker])
    monkeypatch.setenv("JIXIAO_QUEUE", queue)
    log = open(tmp_path / "worker.log", "wb")
    jixiao = Path(sys.executable).with_name("jixiao")
    env = {**os.environ, "JIXIAO_DATABASE_URL": store.engine.url.render_as_string(hide_password=False)}
    worker = subprocess.Popen([str(jixiao), "worker", "--lease", "10"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        site = Site(store)
        rev, filer = site.client("rev"), site.client("filer-a")
        r = rev.post("/audits", data={"csrf": rev.csrf},
                     files=[("files", (f"报告{n}.html", f"<p>{REPORT}</p>".encode())) for n in range(3)],
                     follow_redirects=False)
        assert r.status_code == 303
        audit = _job(rev, r)
        text = (tmp_path / "worker.log").read_text(encoding="utf-8", errors="replace")
        assert audit["state"] == "已完成", (audit, text)
        assert (audit["progress"], audit["total"]) == (3, 3)
        docs = rev.get("/api/audits").json()["documents"]
        assert len(docs) == 3 and all(d["errors"] >= 1 for d in docs)
        page = rev.get(urlparse(r.headers["location"]).path + "?" + urlparse(r.headers["location"]).query).text
        assert "已完成" in page and "3/3" in page
        # nothing uploaded yet: the worker's task refuses, and the page says why, in Chinese
        fid = site.filings["A"]
        r = filer.post(f"/filings/{fid}/render", data={"csrf": filer.csrf}, follow_redirects=False)
        assert r.status_code == 303
        render = _job(filer, r)
        assert render["state"] == "失败" and render["message"] == "还没有上传填报文件，无法生成文档。"
        assert render["attempts"] == 1
        from jixiao import jobs

        owners = {jobs.get(j, db_url=store.engine).owner.split(":")[1] for j in (audit["id"], render["id"])}
        assert owners == {str(worker.pid)}                       # run by the worker, not in this process
        assert id(store.engine) not in work._workers              # no embedded worker with a broker set
    finally:
        worker.terminate()
        code = worker.wait(60)
        log.close()
        _drop_queue(BROKERS[broker], queue)
        store.close()
    assert code == 0
