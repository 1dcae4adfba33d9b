"""The one seam between the pages and long work (render, publish, bulk audit).

    start(store, kind, payload, user_id=…) -> job id      (kind: a key of jixiao.web.tasks.TASKS)
    status(store, job_id) -> {"id", "kind", "state", "progress", "total", "message", "result"}

States: 排队中 (queued), 进行中 (running), 已完成 (done), 失败 (failed; ``message`` says why, in Chinese).

For now ``start`` runs the task at once, in the calling thread, and returns when it has finished;
the job is a row of ``work_items`` either way, so the pages already show its state and progress.
A queue (jixiao.jobs) replaces only the body of :func:`start` — create the row as 排队中 and enqueue
``(kind, job id)`` — and its worker calls :func:`run` with that id.  Pages and tests do not change:
they poll :func:`status` (a page reloads while the state is 排队中 or 进行中).
"""
from __future__ import annotations

from typing import Any

from jixiao.store import models as m
from jixiao.store.db import Store

QUEUED, RUNNING, DONE, FAILED = "排队中", "进行中", "已完成", "失败"


def start(store: Store, kind: str, payload: dict[str, Any], *, user_id: int) -> int:
    """Record a job of ``kind`` with a JSON ``payload``; run it (synchronously, for now); its id."""
    from jixiao.web.tasks import TASKS

    if kind not in TASKS:
        raise KeyError(kind)
    with store.session() as db:
        item = m.WorkItem(kind=kind, state=QUEUED, payload=payload, result={}, created_by=user_id)
        db.add(item)
        db.commit()
        job_id = item.id
    run(store, job_id)
    return job_id


def run(store: Store, job_id: int) -> None:
    """Run one recorded job to its end (what a queue's worker calls); never raises for a task's failure."""
    from jixiao.store.filings import Conflict, Refused
    from jixiao.web.tasks import TASKS

    with store.session() as db:
        item = db.get(m.WorkItem, job_id)
        kind, payload = item.kind, dict(item.payload)
        item.state = RUNNING
        db.commit()

    def progress(done: int, total: int) -> None:
        with store.session() as db:
            row = db.get(m.WorkItem, job_id)
            row.progress, row.total = done, total
            db.commit()

    try:
        result = TASKS[kind](store, payload, progress)
        state, message = DONE, ""
    except (Refused, Conflict) as exc:
        result, state, message = {}, FAILED, str(exc)
    except Exception as exc:                 # noqa: BLE001 - a bug: the job fails visibly, the page goes on
        import logging

        logging.getLogger("jixiao.web").exception("job %s (%s) failed", job_id, kind)
        result, state, message = {}, FAILED, f"内部错误，请报告（{type(exc).__name__}）"
    with store.session() as db:
        row = db.get(m.WorkItem, job_id)
        row.state, row.result, row.message = state, result, message
        db.commit()


def status(store: Store, job_id: int) -> dict[str, Any] | None:
    with store.session() as db:
        item = db.get(m.WorkItem, job_id)
        if item is None:
            return None
        return {"id": item.id, "kind": item.kind, "state": item.state, "progress": item.progress,
                "total": item.total, "message": item.message, "result": dict(item.result or {}),
                "created_by": item.created_by}


def recover(store: Store) -> int:
    """At start-up: jobs left 排队中 or 进行中 by a process that died (kill -9, power loss) are marked
    失败 with a message saying to start them again; a task's own writes are all-or-nothing, so nothing
    half-written remains.  Returns how many were marked."""
    from sqlalchemy import update

    with store.session() as db:
        result = db.execute(update(m.WorkItem).where(m.WorkItem.state.in_((QUEUED, RUNNING)))
                            .values(state=FAILED, message="服务重启时该任务尚未完成，已标记为失败；请重新开始。"))
        db.commit()
        return result.rowcount or 0
