"""Run one job: claim it, keep its lease alive, call its task, record the outcome.

Shared by the embedded worker and the remote workers, so a job behaves the same in both modes:
a user's mistake fails the job with its Chinese message; a bug fails it with 内部错误 and the
traceback goes to the log (and to the row's ``detail``).  Neither is retried: only a worker that
died part-way (its lease ran out) gets the job tried again.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import traceback

from jixiao.jobs import store
from jixiao.jobs.tasks import TASKS, BadPayload, Context, TaskFailed, input_message

log = logging.getLogger("jixiao.jobs")

#: seconds a worker's claim on a job lasts unless renewed; renewed every third of it
DEFAULT_LEASE = 60.0
BUG_MESSAGE = "内部错误，请报告"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


class LostLease(Exception):
    """The job was taken away from this worker (its lease ran out and another worker has it)."""


def execute(db_url: str, job_id: str, *, lease: float = DEFAULT_LEASE, owner: str | None = None) -> bool:
    """Claim and run the job; False when it was not free (another worker has it, or it is finished)."""
    from jixiao.findings import UnusableInput

    owner = owner or worker_name()
    job = store.claim(db_url, job_id, owner, lease)
    if job is None:
        return False
    log.info("任务 %s（%s）开始，第 %d 次尝试", job.id, job.kind, job.attempts)
    stop = threading.Event()
    lost = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(lease / 3):
            try:
                if not store.renew(db_url, job_id, owner, lease):
                    lost.set()
                    return
            except Exception:           # the database is briefly away: try again next beat
                log.warning("任务 %s 续租失败", job_id, exc_info=True)

    beat = threading.Thread(target=heartbeat, name=f"lease-{job_id[:8]}", daemon=True)
    beat.start()

    def report(done: int, total: int, item: str | None) -> None:
        if lost.is_set() or not store.progress(db_url, job_id, owner, done, total, item, lease):
            raise LostLease(job_id)

    try:
        task = TASKS.get(job.kind)
        if task is None:
            raise BadPayload(f"未知的任务类型：{job.kind}（这个工作进程的 jixiao 版本可能较旧）")
        if task.context:
            outcome = task.run(job.payload, report, Context(db_url, job_id))
        else:
            outcome = task.run(job.payload, report)
        ok = store.finish(db_url, job_id, owner, result=outcome.result, result_path=outcome.path)
    except LostLease:
        log.warning("任务 %s 已不归本进程处理（租约过期后由其他进程接手），放弃本次结果", job_id)
        return True
    except UnusableInput as exc:
        ok = store.finish(db_url, job_id, owner, error=input_message(exc))
    except TaskFailed as exc:
        ok = store.finish(db_url, job_id, owner, error=str(exc))
    except Exception as exc:            # a bug: loud in the log, failed (not retried) in the table
        log.exception("任务 %s（%s）内部错误", job_id, job.kind)
        ok = store.finish(db_url, job_id, owner, error=f"{BUG_MESSAGE}：jixiao 自身出错（{type(exc).__name__}），"
                                                    "不是输入文件的问题", detail=traceback.format_exc())
    finally:
        stop.set()
    if not ok:
        log.warning("任务 %s 已不归本进程处理，结果未记录", job_id)
    else:
        log.info("任务 %s 结束：%s", job_id, store.get(job_id, db_url=db_url).state_zh)
    return True
