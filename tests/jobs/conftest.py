"""Services for the job-queue tests: a fresh PostgreSQL database per run, the real Redis and RabbitMQ
(scripts/services.sh starts them).  A service that does not answer FAILS the tests that need it: no skip.

Addresses can be changed with JIXIAO_TEST_PG_URL (a database the tests may create others from),
JIXIAO_TEST_REDIS_URL and JIXIAO_TEST_AMQP_URL."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from . import jobs_helpers  # noqa: F401  (registers the test-only kinds slow and boom)
from .jobs_harness import Proc

PG_URL = os.environ.get("JIXIAO_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
AMQP_URL = os.environ.get("JIXIAO_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
FIX = "run scripts/services.sh (it installs and starts PostgreSQL, Redis and RabbitMQ)"


def _pg_connect(url: str):
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL at {url} does not answer ({exc}); {FIX}", pytrace=False)


@pytest.fixture(scope="session")
def pg_url():
    """A database of its own for this run, dropped afterwards."""
    name = f"jixiao_jobs_{uuid.uuid4().hex[:12]}"
    with _pg_connect(PG_URL) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    from jixiao.jobs import store

    for url in [u for u in store._engines if name in u]:
        store._engines.pop(url).dispose()
    with _pg_connect(PG_URL) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'jixiao.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Each test on both databases, with an empty jobs table."""
    from jixiao.jobs import create_table, store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'jixiao.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    create_table(url)
    with store.engine_for(url).begin() as conn:
        conn.execute(store.JOBS.delete())
    return url


@pytest.fixture(scope="session")
def redis_url():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {REDIS_URL} does not answer ({exc}); {FIX}", pytrace=False)
    return REDIS_URL


@pytest.fixture(scope="session")
def amqp_url():
    import pika

    try:
        pika.BlockingConnection(pika.URLParameters(AMQP_URL)).close()
    except pika.exceptions.AMQPError as exc:
        pytest.fail(f"RabbitMQ at {AMQP_URL} does not answer ({exc!r}); {FIX}", pytrace=False)
    return AMQP_URL


@pytest.fixture(params=["redis", "rabbitmq"])
def broker_url(request):
    return request.getfixturevalue("redis_url" if request.param == "redis" else "amqp_url")


@pytest.fixture
def queue(broker_url):
    """A queue of this test's own on the shared broker, deleted afterwards."""
    name = f"jixiao-test-{uuid.uuid4().hex[:10]}"
    yield name
    if broker_url.startswith("amqp"):
        import pika

        conn = pika.BlockingConnection(pika.URLParameters(broker_url))
        channel = conn.channel()
        for q in (name, f"{name}.DQ", f"{name}.XQ"):
            channel.queue_delete(q)
        conn.close()
    else:
        import redis

        client = redis.Redis.from_url(broker_url)
        for key in client.scan_iter(f"dramatiq:{name}*"):
            client.delete(key)


@pytest.fixture
def procs():
    """Start worker subprocesses; all are stopped at the end of the test."""
    started: list[Proc] = []

    def start(args: list[str], log: Path, env: dict[str, str] | None = None) -> Proc:
        proc = Proc(args, log, env)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()


