"""Distributed mode: job ids travel through a real broker (RabbitMQ or Redis) to workers on any
machine, by dramatiq (a well-kept task queue).  The broker only carries "run job X"; the job's state
stays in the jobs table, and the worker runs the same :func:`jixiao.jobs.runner.execute` as the
embedded worker.

At-least-once: dramatiq acknowledges a message only after the job has run (RabbitMQ gives an
unacknowledged message to another consumer when its worker's connection drops, as on kill -9;
Redis requeues it after dramatiq's heartbeat timeout).  On top of that, every worker reaps: a job
whose lease ran out goes back to the queue and is sent again, or fails after its last attempt.
A job is claimed in the table before it runs, so a message delivered twice runs the job once.
"""
from __future__ import annotations

import logging
import re
import signal
import threading
from typing import Any, Callable

from jixiao.jobs import store
from jixiao.jobs.runner import DEFAULT_LEASE, execute

log = logging.getLogger("jixiao.jobs")

DEFAULT_QUEUE = "jixiao"
ACTOR = "jixiao_run_job"
SCHEMES = ("amqp://", "amqps://", "redis://", "rediss://", "unix://")

_senders: dict[tuple[str, str], Any] = {}
_lock = threading.Lock()


def redact(url: str) -> str:
    """The URL without its password, fit for messages and logs."""
    return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1:***@", url)


def make_broker(broker_url: str) -> Any:
    """A dramatiq broker for ``amqp://…`` (RabbitMQ) or ``redis://…`` (Redis); no middleware: jobs
    have no time limit, and retries are the jobs table's business (attempts, leases)."""
    if broker_url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=broker_url, middleware=[], confirm_delivery=True)
    if broker_url.startswith(("redis://", "rediss://", "unix://")):
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=broker_url, middleware=[])
    raise store.JobError(f"任务队列地址应以 amqp://（RabbitMQ）或 redis://（Redis）开头：{redact(broker_url)}")


def declare(broker: Any, queue: str, handle: Callable[[str], Any]) -> Any:
    import dramatiq

    return dramatiq.Actor(handle, broker=broker, actor_name=ACTOR, queue_name=queue, priority=0, options={})


def send(broker_url: str, job_id: str, queue: str = DEFAULT_QUEUE) -> None:
    """Put "run job ``job_id``" on the broker (one broker connection per URL and queue, reused)."""
    key = (broker_url, queue)
    with _lock:
        actor = _senders.get(key)
        if actor is None:
            actor = _senders[key] = declare(make_broker(broker_url), queue, _not_here)
    actor.send(job_id)


def _not_here(job_id: str) -> None:     # the sender's actor never runs: only workers consume
    raise RuntimeError("jobs are run by jixiao worker")


def check_database(db_url: str) -> None:
    """The jobs table is there (created by jixiao serve's migrations); raises JobError if not."""
    import sqlalchemy as sa

    try:
        with store.engine_for(db_url).connect() as conn:
            conn.execute(sa.select(sa.func.count()).select_from(store.JOBS))
    except sa.exc.SQLAlchemyError as exc:
        raise store.JobError(f"无法使用数据库 {redact(db_url)} 中的任务表（jobs）：{type(exc).__name__}；"
                             "请确认地址正确，并已用 jixiao serve 初始化数据库") from exc


def run_worker(*, db_url: str, broker_url: str, threads: int = 1, queue: str = DEFAULT_QUEUE,
               lease: float = DEFAULT_LEASE, stop: threading.Event | None = None) -> None:
    """Take jobs from the broker and run them until SIGTERM/SIGINT (or ``stop`` is set)."""
    import dramatiq

    broker = make_broker(broker_url)
    check_database(db_url)
    actor = declare(broker, queue, lambda job_id: _run(db_url, job_id, lease))
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=1000)
    worker.queue_prefetch = threads        # hold no more messages than can run: idle workers get the rest
    worker.delay_prefetch = threads
    resend(db_url, actor)
    worker.start()
    log.info("工作进程已启动：队列 %s（%s），数据库 %s，%d 个线程", queue, redact(broker_url), redact(db_url), threads)
    try:
        while not stop.wait(max(lease / 2, 1.0)):
            try:
                resend(db_url, actor)
            except Exception:
                log.exception("检查过期任务时出错，稍后重试")
    finally:
        log.info("工作进程正在停止（等待进行中的任务完成）")
        worker.stop()
        broker.close()


def resend(db_url: str, actor: Any) -> None:
    """Reap jobs whose worker died and send them again."""
    for job_id in store.reap(db_url):
        log.warning("任务 %s 的工作进程已失去联系，重新排队", job_id)
        actor.send(job_id)


def _run(db_url: str, job_id: str, lease: float) -> None:
    if not execute(db_url, job_id, lease=lease):
        log.info("任务 %s 已由其他进程处理或已结束，跳过这条消息", job_id)
