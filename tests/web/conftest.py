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


# ---- a small workspace: two units of one region, one of another, a user of every role --------------

REGION = "四川省示例市"
PASSWORD = "测试密码-123456"

MIN_FILING = """schema: jixiao.filing/1
money_unit: 万元
unit:
  code: "{code}"
  name: {name}
  year: 2023
  region: {region}
  province: 四川
"""


class Site:
    """The store, the app and its users; ``client(username)`` is a logged-in TestClient."""

    def __init__(self, store, limits=None):
        import datetime as dt

        from fastapi.testclient import TestClient
        from sqlalchemy import select

        from jixiao.store import filings as ops
        from jixiao.store import models as m
        from jixiao.web import security
        from jixiao.web.app import create_app

        self.store, self.m = store, m
        self.app = create_app(store, limits=limits)
        self._TestClient = TestClient
        digest = security.hash_password(PASSWORD)
        with store.session() as db:
            self.units = {
                "A": m.Unit(code="900101", name="示例甲单位", region=REGION + "甲区"),
                "B": m.Unit(code="900102", name="示例乙单位", region=REGION + "乙区"),
                "X": m.Unit(code="530001", name="外地丙单位", region="云南省某市"),
            }
            db.add_all(self.units.values())
            db.flush()
            users = [
                ("admin", m.ADMIN, None, None), ("rev", m.REVIEWER, None, REGION),
                ("rev-x", m.REVIEWER, None, "云南省某市"),
                ("filer-a", m.FILER, "A", None), ("head-a", m.HEAD, "A", None),
                ("filer-b", m.FILER, "B", None), ("head-b", m.HEAD, "B", None),
                ("head-x", m.HEAD, "X", None),
            ]
            for name, role, unit, region in users:
                db.add(m.User(username=name, display_name=name, password_hash=digest, role=role,
                              unit_id=self.units[unit].id if unit else None, region=region))
            db.flush()
            rev = db.scalar(select(m.User).where(m.User.username == "rev"))
            task = ops.issue_task(db, rev, "2023年度决算公开", 2023, dt.date(2031, 5, 31), REGION,
                                  [self.units["A"].id, self.units["B"].id])
            rev_x = db.scalar(select(m.User).where(m.User.username == "rev-x"))
            task_x = ops.issue_task(db, rev_x, "外地任务", 2023, dt.date(2031, 5, 31), "云南省某市", [self.units["X"].id])
            db.commit()
            self.task_id, self.task_x_id = task.id, task_x.id
            self.filings = {u: db.scalar(select(m.Filing).where(m.Filing.unit_id == self.units[u].id)).id
                            for u in ("A", "B", "X")}
            self.unit_ids = {k: u.id for k, u in self.units.items()}

    def client(self, username: str | None = None, password: str = PASSWORD):
        c = self._TestClient(self.app, base_url="http://127.0.0.1")
        c.csrf = ""
        if username:
            r = c.post("/login", data={"username": username, "password": password}, follow_redirects=False)
            assert r.status_code == 303, r.text
            c.csrf = self.csrf(c)
        return c

    def csrf(self, client) -> str:
        from jixiao.web import security

        with self.store.session() as db:
            found = security.find_session(db, client.cookies.get(security.COOKIE))
            return found[0].csrf if found else ""

    def filing(self, unit: str):
        with self.store.session() as db:
            f = db.get(self.m.Filing, self.filings[unit])
            db.expunge(f)
            return f

    def min_filing(self, unit: str) -> bytes:
        u = self.units[unit]
        return MIN_FILING.format(code=u.code, name=u.name, region=u.region).encode()


@pytest.fixture
def site(store):
    return Site(store)
