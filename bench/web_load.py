"""Load bench of the web workspace (not a test): 16,000 units on PostgreSQL, 50 simulated reviewers on
loopback, each waiting 0.5 s between requests, mixing the reviewer's list (50 rows a page), a unit's
page and its findings; prints p50/p95/max per page.

    .venv/bin/python bench/web_load.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
                                       [--units 16000] [--users 50] [--seconds 60]

It works in a fresh schema of that database, dropped at the end; the server is `jixiao.web.app` under
uvicorn in a child process (one worker), as `jixiao serve` runs it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import httpx
from sqlalchemy import create_engine, insert, text

SERVER = """
import sys, uvicorn
from jixiao.store import open_store
from jixiao.web.app import create_app
store = open_store(sys.argv[1], sys.argv[2])
uvicorn.run(create_app(store), host="127.0.0.1", port=int(sys.argv[3]), log_level="warning")
"""


def seed(url: str, data: str, units: int, with_findings: int) -> list[int]:
    from jixiao.store import models as m
    from jixiao.store import open_store
    from jixiao.web import security

    store = open_store(data, url)
    now = m.now()
    with store.engine.begin() as conn:
        conn.execute(insert(m.User), [{"id": 1, "username": "rev", "display_name": "复核员", "role": m.REVIEWER,
                                       "password_hash": security.hash_password("bench-password"),
                                       "region": "四川省", "active": True, "created_at": now}])
        conn.execute(insert(m.Unit), [{"id": i, "code": f"{i:06d}", "name": f"示例单位{i}",
                                       "region": f"四川省第{i % 21}市"} for i in range(1, units + 1)])
        conn.execute(insert(m.Task), [{"id": 1, "title": "2023年度决算公开", "year": 2023, "deadline": dt.date(2024, 5, 31),
                                       "region": "四川省", "status": m.OPEN, "created_by": 1, "created_at": now}])
        sha = store.blobs.put(b"bench")
        conn.execute(insert(m.Blob), [{"sha256": sha, "size": 5, "created_at": now}])
        states = m.STATES
        conn.execute(insert(m.Filing), [{"id": i, "task_id": 1, "unit_id": i, "status": states[i % len(states)],
                                         "lock_version": 2, "current_version": 1,
                                         "task_deadline": dt.date(2024, 5, 31), "unit_code": f"{i:06d}",
                                         "unit_region": f"四川省第{i % 21}市", "errors": i % 3, "warnings": i % 7,
                                         "unexplained": i % 2, "risk_score": (i * 7) % 61,
                                         "risk_level": ("green", "yellow", "red")[i % 3],
                                         "updated_at": now} for i in range(1, units + 1)])
        conn.execute(insert(m.FilingVersion), [{"id": i, "filing_id": i, "number": 1, "sha256": sha,
                                                "filename": "填报.xlsx", "note": "上传", "created_by": 1,
                                                "created_at": now} for i in range(1, units + 1)])
        rows = []
        for i in range(1, with_findings + 1):
            for k in range(30):
                sev = ("error", "warning", "info")[k % 3]
                rows.append({"version_id": i, "key": f"CHK-X|表!B{k}", "rule_id": "CHK-X", "severity": sev,
                             "message": f"示例发现{k}：公开为{k}万元，按合计计算为{k + 1}万元", "doc": "填报.xlsx",
                             "locator": f"表!B{k}", "field": "收支总体·本年支出合计", "value": str(k), "detail": {}})
        conn.execute(insert(m.FindingRow), rows)
        conn.execute(insert(m.AuditEvent), [{"at": now, "user_id": 1, "username": "rev", "action": "上传",
                                             "entity": "filing", "entity_id": i, "unit_id": i, "field": "版本",
                                             "old": "0", "new": "1"} for i in range(1, units + 1)])
    if store.dialect == "postgresql":
        with store.engine.begin() as conn:
            for table in ("units", "filings", "filing_versions", "findings", "audit_events", "users", "tasks"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
            conn.execute(text("ANALYZE"))
    store.close()
    return list(range(1, with_findings + 1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("JIXIAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--units", type=int, default=16000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    schema = f"jxbench_{secrets.token_hex(4)}"
    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{args.url}{'&' if '?' in args.url else '?'}options=-csearch_path%3D{schema}"
    data = tempfile.mkdtemp(prefix="jixiao-bench-")
    server = None
    try:
        t0 = time.perf_counter()
        with_findings = seed(url, data, args.units, 500)
        print(f"seeded {args.units} units in {time.perf_counter() - t0:.1f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-c", SERVER, data, url, str(port)])
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(f"{base}/login")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        pages = (args.units + 49) // 50
        times: dict[str, list[float]] = {"list": [], "list-risk": [], "unit": [], "findings": []}
        errors: list[str] = []
        lock, login_lock, start, ready = threading.Lock(), threading.Lock(), threading.Event(), []
        stop = float("inf")

        def user(n: int) -> None:
            rng = random.Random(n)
            with httpx.Client(base_url=base, timeout=60) as client:
                with login_lock:                    # users log in one after another, as they arrive
                    client.post("/login", data={"username": "rev", "password": "bench-password"})
                    ready.append(n)
                start.wait()
                time.sleep(rng.uniform(0, 0.5))     # arrivals spread over the first think time
                while time.monotonic() < stop:
                    kind = rng.choice(("list", "unit", "findings"))
                    fid = rng.choice(with_findings)
                    path = {"list": f"/review?page={rng.randint(1, pages)}", "unit": f"/filings/{fid}",
                            "findings": f"/api/filings/{fid}/findings"}[kind]
                    if kind == "list" and rng.random() < 0.5:              # half the lists sorted by risk
                        kind, path = "list-risk", path + "&sort=risk"
                    t = time.perf_counter()
                    try:
                        status = client.get(path).status_code
                    except httpx.HTTPError as exc:
                        status = type(exc).__name__
                    elapsed = time.perf_counter() - t
                    with lock:
                        if status == 200:
                            times[kind].append(elapsed)
                        else:
                            errors.append(f"{path} {status}")
                    time.sleep(0.5)

        threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
        for th in threads:
            th.start()
        while len(ready) < len(threads):
            time.sleep(0.1)
        time.sleep(1.0)
        stop = time.monotonic() + args.seconds
        start.set()
        for th in threads:
            th.join()
        print(f"{args.units} units, {args.users} users, {args.seconds:.0f} s, database {url.split('+')[0].split(':')[0]}")
        for kind, values in times.items():
            if not values:
                print(f"{kind:9s} n=    0")
                continue
            values.sort()
            p95 = values[int(0.95 * (len(values) - 1))] * 1000
            print(f"{kind:9s} n={len(values):5d}  p50={statistics.median(values) * 1000:6.1f} ms  "
                  f"p95={p95:6.1f} ms  max={values[-1] * 1000:6.1f} ms")
        print(f"errors: {len(errors)} {errors[:3]}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
