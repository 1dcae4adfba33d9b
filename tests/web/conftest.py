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
    from jixiao.web import work

    work.stop_jobs(s)                    # the embedded job worker a page may have started
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

    def __init__(self, store, limits=None, units=None, region=REGION, issue=True):
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
            units = units or {"A": ("900101", "示例甲单位", REGION + "甲区"),
                              "B": ("900102", "示例乙单位", REGION + "乙区")}
            self.units = {k: m.Unit(code=c, name=n, region=r) for k, (c, n, r) in units.items()}
            self.units["X"] = m.Unit(code="530001", name="外地丙单位", region="云南省某市")
            db.add_all(self.units.values())
            db.flush()
            users = [
                ("admin", m.ADMIN, None, None), ("rev", m.REVIEWER, None, region),
                ("rev-x", m.REVIEWER, None, "云南省某市"),
                ("filer-a", m.FILER, "A", None), ("head-a", m.HEAD, "A", None),
                ("filer-b", m.FILER, "B", None), ("head-b", m.HEAD, "B", None),
                ("head-x", m.HEAD, "X", None),
            ]
            for name, role, unit, where in users:
                db.add(m.User(username=name, display_name=name, password_hash=digest, role=role,
                              unit_id=self.units[unit].id if unit else None, region=where))
            db.flush()
            self.unit_ids = {k: u.id for k, u in self.units.items()}
            db.commit()
            if not issue:
                return
            rev = db.scalar(select(m.User).where(m.User.username == "rev"))
            task = ops.issue_task(db, rev, "2023年度决算公开", 2023, dt.date(2031, 5, 31), region,
                                  [self.units["A"].id, self.units["B"].id])
            rev_x = db.scalar(select(m.User).where(m.User.username == "rev-x"))
            task_x = ops.issue_task(db, rev_x, "外地任务", 2023, dt.date(2031, 5, 31), "云南省某市", [self.units["X"].id])
            db.commit()
            self.task_id, self.task_x_id = task.id, task_x.id
            self.filings = {u: db.scalar(select(m.Filing).where(m.Filing.unit_id == self.units[u].id)).id
                            for u in ("A", "B", "X")}

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


# ---- the acceptance data: the S4 example as a workbook (jixiao convert), a consistent filing ------

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def workbook_from(yaml_path, out_path) -> bytes:
    """What ``jixiao convert FILING.yaml FILING.xlsx`` writes."""
    from jixiao.ingest.xlsx_out import write_workbook
    from jixiao.metrics.names import KeyNames
    from jixiao.pipeline import load_and_validate

    run = load_and_validate(str(yaml_path))
    assert not run.input_errors
    write_workbook(run.filing, str(out_path), KeyNames(run.registry))
    return out_path.read_bytes()


def consistent_yaml() -> str:
    """tests/data/render/complete-2023.yaml without its department scorecard (which the bundled rubric
    now finds over its maxima): no error left, a few warnings to explain."""
    text = (ROOT / "tests" / "data" / "render" / "complete-2023.yaml").read_text(encoding="utf-8")
    department = text.index("\ndepartment:\n")
    start = text.index("\n  scorecard:\n", department) + 1
    end = text.index("\n  published: {total:", start) + 1
    end = text.index("\n", end) + 1
    return text[:start] + text[end:]


@pytest.fixture(scope="session")
def acceptance_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("acceptance")
    s4 = workbook_from(ROOT / "examples" / "yanjiang-xinfang-2022.yaml", folder / "雁江区信访局2022.xlsx")
    (folder / "b.yaml").write_text(consistent_yaml(), encoding="utf-8")
    b = workbook_from(folder / "b.yaml", folder / "示例档案馆2023.xlsx")
    fixed = consistent_yaml().replace("提升档案利用服务水平。", "提升档案利用服务水平，完成年度档案数字化任务。", 1)
    assert fixed != consistent_yaml()
    (folder / "b2.yaml").write_text(fixed, encoding="utf-8")
    b2 = workbook_from(folder / "b2.yaml", folder / "示例档案馆2023-修改.xlsx")
    return {"folder": folder, "s4": folder / "雁江区信访局2022.xlsx", "b": folder / "示例档案馆2023.xlsx",
            "b2": folder / "示例档案馆2023-修改.xlsx", "bytes": {"s4": s4, "b": b, "b2": b2}}


ACCEPTANCE_UNITS = {"A": ("445001", "资阳市雁江区信访局", "四川省资阳市雁江区"),
                    "B": ("900001", "示例市示例区档案馆", "四川省示例市示例区")}
