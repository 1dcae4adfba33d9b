"""The embedded worker: threads inside the serving process take queued jobs straight from the jobs
table, with no broker and no extra server (the default, used by ``jixiao serve`` with SQLite).

    with EmbeddedWorker(db_url):
        job_id = submit("audit", {...}, db_url=db_url)

On start it first reaps: jobs left running by a process that was killed go back to the queue (or
fail once their attempts are used up), so a restart picks up where the last process stopped.
"""
from __future__ import annotations

import logging
import threading
import time

from jixiao.jobs import store
from jixiao.jobs.runner import DEFAULT_LEASE, execute

log = logging.getLogger("jixiao.jobs")

#: set by submit() in this process, so an idle embedded worker starts at once instead of at its next poll
WAKE = threading.Event()


class EmbeddedWorker:
    """``threads`` worker threads polling the jobs table of ``db_url`` (every ``poll`` seconds when idle)."""

    def __init__(self, db_url: str, *, threads: int = 1, poll: float = 1.0, lease: float = DEFAULT_LEASE,
                 create: bool = True) -> None:
        self.db_url, self.poll, self.lease = db_url, poll, lease
        self.threads = [threading.Thread(target=self._loop, name=f"jixiao-job-{n}", daemon=True)
                        for n in range(max(1, threads))]
        self.create = create
        self._stop = threading.Event()

    def start(self) -> "EmbeddedWorker":
        if self.create:
            store.create_table(self.db_url)
        store.reap(self.db_url)
        for thread in self.threads:
            thread.start()
        return self

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stop taking jobs; wait up to ``timeout`` seconds for the ones running (a job still running
        after that is picked up again by the next start, once its lease runs out)."""
        self._stop.set()
        WAKE.set()
        for thread in self.threads:
            thread.join(timeout)

    def __enter__(self) -> "EmbeddedWorker":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _loop(self) -> None:
        reap_every = max(self.lease / 2, 1.0)
        reaped = time.monotonic()
        while not self._stop.is_set():
            try:
                if time.monotonic() - reaped >= reap_every:
                    store.reap(self.db_url)
                    reaped = time.monotonic()
                ran = False
                for job_id in store.next_queued(self.db_url):
                    if self._stop.is_set():
                        return
                    if execute(self.db_url, job_id, lease=self.lease):
                        ran = True
                        break                   # look at the queue afresh after every job
                if ran:
                    continue
            except Exception:                   # the database is away: log, wait, go on
                log.exception("嵌入式工作线程出错，稍后重试")
            WAKE.wait(self.poll)
            WAKE.clear()
