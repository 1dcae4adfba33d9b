"""50 concurrent writers on one unit's filing, through a real server on loopback: on PostgreSQL (and
SQLite) no update is lost, and every loser gets the clear Chinese conflict message (409)."""
from __future__ import annotations

import threading

import httpx
import pytest

from .conftest import PASSWORD
from .test_browser import server  # noqa: F401  (the live-server fixture)

WRITERS = 50
KEY = "CHK-X|表!B2"


@pytest.fixture
def target(server):                                     # noqa: F811
    from jixiao.store import filings as ops

    site = server
    with site.store.session() as db:
        head = db.query(site.m.User).filter_by(username="head-a").one()
        rev = db.query(site.m.User).filter_by(username="rev").one()
        import datetime as dt
        task = ops.issue_task(db, rev, "并发", 2023, dt.date(2031, 1, 1), "四川省", [site.unit_ids["A"]])
        db.flush()
        filing = db.query(site.m.Filing).filter_by(task_id=task.id).one()
        ops.add_version(db, head, filing, 1, sha256=site.store.blobs.put(b"v1"), size=2, filename="a.xlsx",
                        findings=[{"key": KEY, "rule_id": "CHK-X", "severity": "warning", "message": "示例警告",
                                   "source": {"doc": "a.xlsx", "locator": "表!B2"}}])
        db.commit()
        fid = filing.id
    token = httpx.post(f"{site.base}/api/login", json={"username": "head-a", "password": PASSWORD}).json()["token"]
    return site, fid, {"Authorization": f"Bearer {token}"}


def _run(n, fn):
    barrier = threading.Barrier(n)
    results = [None] * n

    def go(i):
        with httpx.Client(timeout=120) as client:
            barrier.wait()
            try:
                results[i] = fn(client, i)
            except Exception as exc:          # noqa: BLE001 - reported by the assertion below
                results[i] = exc

    threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    return results


def test_fifty_writers_on_one_version_one_wins(target):
    site, fid, auth = target
    seen = httpx.get(f"{site.base}/api/filings/{fid}", headers=auth).json()["version"]

    def write(client, i):
        r = client.post(f"{site.base}/api/filings/{fid}/explain", headers=auth,
                        json={"version": seen, "key": KEY, "text": f"写入者{i}"})
        assert r.status_code in (200, 409), r.text
        return r.status_code, r.json()

    results = _run(WRITERS, write)
    assert not [r for r in results if isinstance(r, Exception)], results
    wins = [r for r in results if r[0] == 200]
    losses = [r for r in results if r[0] == 409]
    assert len(wins) == 1 and len(losses) == WRITERS - 1, [r[0] for r in results]
    assert all("已被他人修改" in body["error"] and "没有保存" in body["error"] for _, body in losses)
    after = httpx.get(f"{site.base}/api/filings/{fid}", headers=auth).json()
    assert after["version"] == seen + 1
    trail = httpx.get(f"{site.base}/api/filings/{fid}/trail", headers=auth).json()["events"]
    explained = [e for e in trail if e["action"] == "填写说明"]
    assert len(explained) == 1
    winner = explained[0]["new"]
    assert next(f for f in after["findings"] if f["key"] == KEY)["explanation"] == winner


def test_fifty_writers_who_retry_lose_nothing(target):
    site, fid, auth = target
    start = httpx.get(f"{site.base}/api/filings/{fid}", headers=auth).json()["version"]

    def write(client, i):
        conflicts = 0
        for _ in range(400):
            seen = client.get(f"{site.base}/api/filings/{fid}", headers=auth).json()["version"]
            r = client.post(f"{site.base}/api/filings/{fid}/explain", headers=auth,
                            json={"version": seen, "key": KEY, "text": f"写入者{i}"})
            if r.status_code == 200:
                return conflicts
            assert r.status_code == 409, r.text
            conflicts += 1
        raise AssertionError("a writer never got through")

    conflicts = _run(WRITERS, write)
    assert all(isinstance(c, int) for c in conflicts), conflicts
    after = httpx.get(f"{site.base}/api/filings/{fid}", headers=auth).json()
    assert after["version"] == start + WRITERS                       # every write counted once
    trail = httpx.get(f"{site.base}/api/filings/{fid}/trail", headers=auth).json()["events"]
    texts = sorted(e["new"] for e in trail if e["action"] == "填写说明")
    assert texts == sorted(f"写入者{i}" for i in range(WRITERS))      # no update lost
    print(f"\n{site.store.dialect}: {sum(conflicts)} conflicts resolved by retrying")
