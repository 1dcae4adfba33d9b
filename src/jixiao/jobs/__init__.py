"""Long work as jobs: rendering, bulk audit and batch scoring, with their state in one SQL table.

The same task code (tasks.py) runs in two modes:

* embedded (the default): :class:`EmbeddedWorker` threads inside the serving process take jobs
  straight from the table; no broker, no extra server (SQLite or PostgreSQL);
* distributed: :func:`submit` with a ``broker_url`` (RabbitMQ ``amqp://`` or Redis ``redis://``)
  sends the job through dramatiq to ``jixiao worker`` processes on any machine (:func:`run_worker`).

Job state lives in the ``jobs`` table (schema.py: queued → running → done | failed, progress,
result, Chinese error, attempts, times) on the same database as the rest.  A worker holds a lease on
the job it runs and renews it; a worker killed part-way loses it, and the job is tried again or,
after its last attempt, failed — never left "running".

    job_id = submit("audit", {"paths": ["报告/"], "out": "审核结果.json"}, db_url=url)
    info = get(job_id, db_url=url)          # info.state, info.done / info.total, info.error …
"""
from __future__ import annotations

from typing import Any

from jixiao.jobs import store
from jixiao.jobs.distributed import DEFAULT_QUEUE, redact, run_worker, send
from jixiao.jobs.embedded import WAKE, EmbeddedWorker
from jixiao.jobs.schema import STATE_ZH, define_jobs_table
from jixiao.jobs.store import JobError, JobInfo, create_table, get, list_jobs
from jixiao.jobs.tasks import TASKS, Context, Outcome, TaskFailed, check_payload, register

__all__ = ["submit", "get", "list_jobs", "run_worker", "EmbeddedWorker", "JobInfo", "JobError",
           "define_jobs_table", "create_table", "KINDS", "STATE_ZH", "DEFAULT_QUEUE",
           "register", "Context", "Outcome", "TaskFailed"]

#: the kinds of job: render (publication packages), audit (published reports), batch (batch scoring)
KINDS = ("render", "audit", "batch")


def submit(kind: str, payload: dict[str, Any], *, db_url: str, broker_url: str | None = None,
           queue: str = DEFAULT_QUEUE, subject: str | None = None, max_attempts: int = 3) -> str:
    """Queue a job and return its id.  Without ``broker_url`` an embedded worker on the same database
    runs it; with one, a ``jixiao worker`` on that broker does.  Raises JobError (Chinese message) for
    an unknown kind, a payload that does not fit it, or a broker that cannot be reached (the job is
    then recorded as failed, never left queued with no message)."""
    payload = check_payload(kind, payload)
    if not 1 <= max_attempts <= 100:
        raise JobError("最多尝试次数应在 1 到 100 之间")
    job_id = store.insert(db_url, kind, payload, subject, max_attempts)
    if broker_url is None:
        WAKE.set()
        return job_id
    try:
        send(broker_url, job_id, queue)
    except Exception as exc:
        message = f"无法把任务交给任务队列 {redact(broker_url)}（{type(exc).__name__}），请检查队列服务是否运行"
        store.fail_queued(db_url, job_id, message)
        raise JobError(message) from exc
    return job_id
