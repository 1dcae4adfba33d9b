"""The one seam between the pages and long work (render, publish, bulk audit): jobs of jixiao.jobs.

    start(store, kind, payload, user_id=…) -> job id      (kind: a key of jixiao.web.tasks.TASKS)
    status(store, job_id) -> {"id", "kind", "state", "progress", "total", "message", "result", …} | None
    wait(store, job_id, timeout) -> the status once the job has finished

States: 排队中 (queued), 进行中 (running), 已完成 (done), 失败 (failed; ``message`` says why, in Chinese).

Each task of :mod:`jixiao.web.tasks` is a kind of job, ``web.<kind>``.  Without ``JIXIAO_BROKER_URL``
the jobs run in this process (:func:`serve_jobs`: embedded worker threads, no other server); with it,
they go through RabbitMQ or Redis to ``jixiao worker`` processes on any machine, which need the same
database and the data folder at the same path (docs/deploy.md).  A worker killed part-way leaves
nothing half-written (every task's writes are all-or-nothing) and the job runs again, up to 3 times.
The page shows the state and progress and polls (``_job.html``) until the job has finished.
"""
from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path
from typing import Any

from jixiao import jobs
from jixiao.store.db import Store, open_store

QUEUED, RUNNING, DONE, FAILED = "排队中", "进行中", "已完成", "失败"
STATES = {"queued": QUEUED, "running": RUNNING, "done": DONE, "failed": FAILED}
BROKER_ENV, QUEUE_ENV = "JIXIAO_BROKER_URL", "JIXIAO_QUEUE"
PREFIX = "web."
#: worker threads of the embedded mode (the serving process), and the seconds of their lease on a job
THREADS = 2
LEASE = 60.0

_stores: dict[tuple[str, int], Store] = {}        # (data folder, id of engine) → the serving store
_opened: dict[tuple[str, str], Store] = {}        # (data folder, database URL) → a worker's store
_workers: dict[int, jobs.EmbeddedWorker] = {}     # id of engine → its embedded worker
_lock = threading.Lock()


def broker_url() -> str | None:
    return os.environ.get(BROKER_ENV) or None


def _queue() -> str:
    return os.environ.get(QUEUE_ENV) or jobs.DEFAULT_QUEUE


def _data(store: Store) -> str:
    return str(Path(store.data_dir).resolve())


def start(store: Store, kind: str, payload: dict[str, Any], *, user_id: int) -> str:
    """Queue a job of ``kind`` with a JSON ``payload`` for user ``user_id``; its id."""
    from jixiao.web.tasks import TASKS

    if kind not in TASKS:
        raise KeyError(kind)
    with _lock:
        _stores[(_data(store), id(store.engine))] = store
    broker = broker_url()
    if broker is None:
        serve_jobs(store)
    return jobs.submit(PREFIX + kind, {"task": payload, "data_dir": _data(store)}, db_url=store.engine,
                       broker_url=broker, queue=_queue(), subject=f"user:{user_id}")


def status(store: Store, job_id: Any) -> dict[str, Any] | None:
    """The job's state for the pages; None for an unknown id (or one that is not a page's job)."""
    if not isinstance(job_id, str) or not re.fullmatch(r"[0-9a-f]{32}", job_id):
        return None
    try:
        info = jobs.get(job_id, db_url=store.engine)
    except jobs.JobError:
        return None
    if not info.kind.startswith(PREFIX) or not (info.subject or "").startswith("user:"):
        return None
    return {"id": info.id, "kind": info.kind[len(PREFIX):], "state": STATES[info.state], "progress": info.done,
            "total": info.total, "message": info.error or "", "result": dict(info.result or {}),
            "created_by": int(info.subject[len("user:"):]), "attempts": info.attempts, "stale": info.stale}


def wait(store: Store, job_id: str, timeout: float = 120.0) -> dict[str, Any] | None:
    """Poll until the job has finished (or ``timeout`` seconds have passed); its last status."""
    deadline = time.monotonic() + timeout
    while True:
        job = status(store, job_id)
        if job is None or job["state"] in (DONE, FAILED) or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def serve_jobs(store: Store) -> jobs.EmbeddedWorker | None:
    """Start this process's embedded worker for ``store`` (once; not when a broker is set).  Jobs left
    by a process that died are taken up again as their leases run out."""
    if broker_url() is not None:
        return None
    with _lock:
        _stores[(_data(store), id(store.engine))] = store
        worker = _workers.get(id(store.engine))
        if worker is None:
            worker = _workers[id(store.engine)] = jobs.EmbeddedWorker(store.engine, threads=THREADS, lease=LEASE,
                                                                     create=False)
            worker.start()
        return worker


def stop_jobs(store: Store, timeout: float = 30.0) -> None:
    """Stop the embedded worker of ``store`` (before the store is closed)."""
    with _lock:
        worker = _workers.pop(id(store.engine), None)
        _stores.pop((_data(store), id(store.engine)), None)
    if worker is not None:
        worker.stop(timeout)


def _store_for(data_dir: str, db: Any) -> Store:
    """The store a job runs against: the serving store itself (embedded), else one opened from the
    worker's database URL and the job's data folder (kept for the worker's next jobs)."""
    if not isinstance(db, str):
        store = _stores.get((data_dir, id(db)))
        if store is not None:
            return store
        db = db.url.render_as_string(hide_password=False)
    with _lock:
        store = _opened.get((data_dir, db))
        if store is None:
            store = _opened[(data_dir, db)] = open_store(data_dir, db, upgrade=False)
        return store


def _kind(kind: str):
    def run(payload: dict[str, Any], report: Any, ctx: jobs.Context) -> jobs.Outcome:
        from jixiao.store.filings import Conflict, Refused
        from jixiao.web.tasks import TASKS

        store = _store_for(payload["data_dir"], ctx.db_url)
        try:
            result = TASKS[kind](store, dict(payload["task"]), lambda done, total: report(done, total, None))
        except (Refused, Conflict) as exc:
            raise jobs.TaskFailed(str(exc)) from exc
        return jobs.Outcome(result)
    return run


def _register() -> None:
    from jixiao.web.tasks import TASKS

    for kind in TASKS:
        jobs.register(PREFIX + kind, None, context=True)(_kind(kind))


_register()
