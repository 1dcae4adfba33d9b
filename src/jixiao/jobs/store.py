"""Job rows in SQL (SQLite file or PostgreSQL), through SQLAlchemy 2 Core.

Every change of state is one compare-and-set UPDATE, so any number of threads, processes and
machines can share the table: a job is claimed by exactly one worker at a time, and that worker
holds a *lease* it renews while it works.  A lease that runs out means the worker died (kill -9,
power, network); :func:`reap` then puts the job back in the queue, or fails it once it has used
all its attempts.  Nothing is ever left "running" without a live worker behind it for longer than
one lease.
"""
from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from jixiao.jobs.schema import STATE_ZH, define_jobs_table

METADATA = sa.MetaData()
JOBS = define_jobs_table(METADATA)

_engines: dict[str, sa.Engine] = {}
_lock = threading.Lock()


class JobError(ValueError):
    """A request the queue cannot accept (unknown kind, bad payload, unknown job); Chinese message."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` use psycopg 3 (the driver jixiao installs)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def engine_for(db_url: "str | sa.Engine") -> sa.Engine:
    """One engine per database URL, shared by every thread of the process; an Engine is used as it is
    (the web passes its own, so jobs share its connection pool)."""
    if isinstance(db_url, sa.Engine):
        return db_url
    url = normalize_url(db_url)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = sa.create_engine(url, connect_args={"timeout": 30})

                @sa.event.listens_for(engine, "connect")
                def _sqlite_pragmas(conn: Any, _record: Any) -> None:
                    cur = conn.cursor()
                    cur.execute("PRAGMA journal_mode=WAL")      # readers never wait for the worker's writes
                    cur.execute("PRAGMA busy_timeout=30000")
                    cur.close()
            else:
                engine = sa.create_engine(url, pool_pre_ping=True)
            _engines[url] = engine
        return engine


def dispose(db_url: str) -> None:
    """Close the pooled connections of ``db_url``'s engine (a test database about to be dropped)."""
    with _lock:
        engine = _engines.pop(normalize_url(db_url), None)
    if engine is not None:
        engine.dispose()


def create_table(db_url: str) -> None:
    """Create the jobs table if it is missing (tests and the embedded default; the web uses Alembic)."""
    METADATA.create_all(engine_for(db_url), tables=[JOBS])


@dataclass(frozen=True)
class JobInfo:
    id: str
    kind: str
    state: str
    subject: str | None
    done: int
    total: int
    item: str | None
    result: Any
    result_path: str | None
    error: str | None
    detail: str | None
    attempts: int
    max_attempts: int
    owner: str | None
    lease_until: dt.datetime | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    updated_at: dt.datetime
    payload: dict[str, Any]

    @property
    def state_zh(self) -> str:
        return STATE_ZH[self.state]

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def stale(self) -> bool:
        """Running, but its worker has not renewed the lease in time (it died or lost the database)."""
        return self.state == "running" and self.lease_until is not None and self.lease_until < utcnow()

    def to_json(self) -> dict[str, Any]:
        def when(t: dt.datetime | None) -> str | None:
            return t.replace(tzinfo=dt.timezone.utc).isoformat() if t else None

        return {"id": self.id, "kind": self.kind, "state": self.state, "state_zh": self.state_zh,
                "subject": self.subject, "progress": {"done": self.done, "total": self.total, "item": self.item},
                "result": self.result, "result_path": self.result_path, "error": self.error,
                "attempts": self.attempts, "max_attempts": self.max_attempts, "stale": self.stale,
                "created_at": when(self.created_at), "started_at": when(self.started_at),
                "finished_at": when(self.finished_at), "updated_at": when(self.updated_at)}


def _info(row: Any) -> JobInfo:
    m = row._mapping
    return JobInfo(id=m["id"], kind=m["kind"], state=m["state"], subject=m["subject"], done=m["progress_done"],
                   total=m["progress_total"], item=m["progress_item"], result=m["result"],
                   result_path=m["result_path"], error=m["error"], detail=m["detail"], attempts=m["attempts"],
                   max_attempts=m["max_attempts"], owner=m["owner"], lease_until=m["lease_until"],
                   created_at=m["created_at"], started_at=m["started_at"], finished_at=m["finished_at"],
                   updated_at=m["updated_at"], payload=m["payload"])


def insert(db_url: str, kind: str, payload: dict[str, Any], subject: str | None, max_attempts: int) -> str:
    job_id = uuid.uuid4().hex
    now = utcnow()
    with engine_for(db_url).begin() as conn:
        conn.execute(JOBS.insert().values(id=job_id, kind=kind, payload=payload, subject=subject, state="queued",
                                          progress_done=0, progress_total=0, attempts=0, max_attempts=max_attempts,
                                          created_at=now, updated_at=now))
    return job_id


def get(job_id: str, *, db_url: str) -> JobInfo:
    """The job's state now.  Raises JobError for an unknown id."""
    with engine_for(db_url).connect() as conn:
        row = conn.execute(sa.select(JOBS).where(JOBS.c.id == job_id)).first()
    if row is None:
        raise JobError(f"没有编号为 {job_id} 的任务")
    return _info(row)


def list_jobs(*, db_url: str, state: str | None = None, kind: str | None = None, subject: str | None = None,
              limit: int = 50, offset: int = 0) -> list[JobInfo]:
    """Jobs, newest first, optionally of one state, kind or subject."""
    query = sa.select(JOBS).order_by(JOBS.c.created_at.desc(), JOBS.c.id).limit(limit).offset(offset)
    for column, value in ((JOBS.c.state, state), (JOBS.c.kind, kind), (JOBS.c.subject, subject)):
        if value is not None:
            query = query.where(column == value)
    with engine_for(db_url).connect() as conn:
        return [_info(row) for row in conn.execute(query)]


# --- the worker's side: claim, renew, report, finish, reap -------------------------------------------


def claim(db_url: str, job_id: str, owner: str, lease: float) -> JobInfo | None:
    """Take the job if it is free: queued, or running under a lease that has run out, with attempts
    left.  One attempt is counted.  None when another worker has it, or it is finished."""
    now = utcnow()
    free = sa.or_(JOBS.c.state == "queued", sa.and_(JOBS.c.state == "running", JOBS.c.lease_until < now))
    with engine_for(db_url).begin() as conn:
        taken = conn.execute(
            JOBS.update().where(JOBS.c.id == job_id, free, JOBS.c.attempts < JOBS.c.max_attempts)
            .values(state="running", owner=owner, lease_until=now + dt.timedelta(seconds=lease),
                    attempts=JOBS.c.attempts + 1, started_at=now, updated_at=now, error=None, detail=None)
        ).rowcount
        if not taken:
            return None
        return _info(conn.execute(sa.select(JOBS).where(JOBS.c.id == job_id)).one())


def next_queued(db_url: str, limit: int = 10) -> list[str]:
    """The oldest queued jobs' ids (the embedded worker claims them one by one)."""
    query = (sa.select(JOBS.c.id).where(JOBS.c.state == "queued")
             .order_by(JOBS.c.created_at, JOBS.c.id).limit(limit))
    with engine_for(db_url).connect() as conn:
        return [row[0] for row in conn.execute(query)]


def _mine(job_id: str, owner: str) -> Any:
    return sa.and_(JOBS.c.id == job_id, JOBS.c.owner == owner, JOBS.c.state == "running")


def renew(db_url: str, job_id: str, owner: str, lease: float) -> bool:
    """Extend the lease; False when the job is no longer ours (it was reaped and given to another)."""
    now = utcnow()
    with engine_for(db_url).begin() as conn:
        return bool(conn.execute(JOBS.update().where(_mine(job_id, owner))
                                 .values(lease_until=now + dt.timedelta(seconds=lease), updated_at=now)).rowcount)


def progress(db_url: str, job_id: str, owner: str, done: int, total: int, item: str | None,
             lease: float) -> bool:
    """Record progress (and renew the lease: a worker reporting progress is alive); False when the job
    is no longer ours."""
    now = utcnow()
    with engine_for(db_url).begin() as conn:
        return bool(conn.execute(JOBS.update().where(_mine(job_id, owner)).values(
            progress_done=done, progress_total=total, progress_item=item[:500] if item else None,
            lease_until=now + dt.timedelta(seconds=lease), updated_at=now)).rowcount)


def finish(db_url: str, job_id: str, owner: str, *, result: Any = None, result_path: str | None = None,
           error: str | None = None, detail: str | None = None) -> bool:
    """done (no error) or failed (error); False when the job was no longer ours."""
    now = utcnow()
    values: dict[str, Any] = {"state": "failed" if error else "done", "finished_at": now, "updated_at": now,
                              "lease_until": None, "result": result, "result_path": result_path,
                              "error": error, "detail": detail}
    if not error:
        values["progress_done"] = JOBS.c.progress_total
    with engine_for(db_url).begin() as conn:
        return bool(conn.execute(JOBS.update().where(_mine(job_id, owner)).values(**values)).rowcount)


GAVE_UP = "任务执行中断（处理它的工作进程退出或失去联系），已尝试 {n} 次，不再重试"


def reap(db_url: str) -> list[str]:
    """Jobs whose worker stopped renewing its lease: back to the queue while attempts remain (their
    ids are returned, to be sent again), else failed.  Safe to run from any number of workers."""
    now = utcnow()
    expired = sa.and_(JOBS.c.state == "running", JOBS.c.lease_until < now)
    requeued: list[str] = []
    with engine_for(db_url).begin() as conn:
        rows = conn.execute(sa.select(JOBS.c.id, JOBS.c.attempts, JOBS.c.max_attempts).where(expired)).all()
    for job_id, attempts, most in rows:
        with engine_for(db_url).begin() as conn:
            if attempts >= most:
                conn.execute(JOBS.update().where(JOBS.c.id == job_id, expired, JOBS.c.attempts == attempts)
                             .values(state="failed", error=GAVE_UP.format(n=attempts), owner=None, lease_until=None,
                                     finished_at=now, updated_at=now))
            elif conn.execute(JOBS.update().where(JOBS.c.id == job_id, expired, JOBS.c.attempts == attempts)
                              .values(state="queued", owner=None, lease_until=None, updated_at=now)).rowcount:
                requeued.append(job_id)
    return requeued


def fail_queued(db_url: str, job_id: str, error: str) -> None:
    """A job that could not be handed to the broker: failed at once, never queued with no message."""
    now = utcnow()
    with engine_for(db_url).begin() as conn:
        conn.execute(JOBS.update().where(JOBS.c.id == job_id, JOBS.c.state == "queued")
                     .values(state="failed", error=error, finished_at=now, updated_at=now))
