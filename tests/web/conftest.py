"""Fixtures of the web and storage tests: every store test runs on SQLite and on PostgreSQL.

PostgreSQL is the server at JIXIAO_TEST_PG_URL (default: 127.0.0.1:5432, user postgres, database
test, trust auth; scripts/test.sh starts Debian's postgresql there on a fresh machine).  Each test gets
a fresh schema, dropped afterwards, so runs never collide.  When the server cannot be reached the
PostgreSQL tests FAIL (they never skip).
"""
from __future__ import annotations

import os
import secrets

import pytest
from sqlalchemy import create_engine, text

PG_URL = os.environ.get("JIXIAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL schema for one test; its URL.  Fails loudly when the server is unreachable."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    schema = f"jxt_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:              # noqa: BLE001 - the message says what to do
        admin.dispose()
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL} ({type(exc).__name__}: {exc}); "
                    "start it (scripts/test.sh does) — PostgreSQL tests never skip")
    yield pg_schema_url(schema)
    with admin.connect() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'jixiao.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url, tmp_path):
    from jixiao.store import open_store

    s = open_store(tmp_path / "data", db_url)
    yield s
    s.close()
