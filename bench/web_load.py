"""Load bench of the web workspace (not a test): 16,000 units on PostgreSQL, 50 simulated reviewers on
loopback, each waiting 0.5 s between requests, mixing the reviewer's list (50 rows a page), a unit's
page and its findings; prints p50/p95/max per page, the throughput, and the CPU each party used.

    .venv/bin/python bench/web_load.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]
                                       [--units 16000] [--users 50] [--seconds 60] [--workers 1]

It works in a fresh schema of that database, dropped at the end.  The server is `jixiao serve`
itself (`--workers N` processes) in a child process.  The simulated users share one asyncio loop and
speak HTTP/1.1 over one kept-alive connection each, with a few lines of code rather than a client
library: the load generator runs on the same cores as the server and the database, and must cost
little (it prints its own CPU beside the server's and the database's).  Since other work may share
the machine, it prints the load average before and after, and the commit it measured.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, insert, text

ROOT = Path(__file__).resolve().parents[1]
SERVER = "from jixiao.cli import main; main()"
APP_NAME = "jixiao_bench"


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


class Connection:
    """One user's kept-alive HTTP/1.1 connection (what a browser tab keeps open)."""

    def __init__(self, port: int):
        self.port, self.reader, self.writer, self.cookie = port, None, None, ""

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        body = urlencode(form).encode() if form is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if self.cookie:
            head += f"Cookie: {self.cookie}\r\n"
        if form is not None:
            head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        line = await self.reader.readline()
        if not line:                   # the server closed the idle connection (keep-alive timeout): again
            self.close()
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.writer.write(head.encode() + b"\r\n" + body)
            line = await self.reader.readline()
        status = int(line.split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            key, _, value = line.decode("latin-1").partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "content-length":
                length = int(value)
            elif key == "transfer-encoding":
                chunked = "chunked" in value.lower()
            elif key == "connection":
                close = value.lower() == "close"
            elif key == "set-cookie" and value.startswith("jixiao_session="):
                self.cookie = value.split(";", 1)[0]
        if chunked:
            parts = []
            while (size := int((await self.reader.readline()).split(b";")[0], 16)):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            data = b"".join(parts)
        else:
            data = await self.reader.readexactly(length)
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU of these processes so far (0 for one that has gone)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def family(pid: int) -> list[int]:
    """The process and its descendants (the serving command and its worker processes)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def backends(admin) -> list[int]:                         # noqa: ANN001
    """The database server's processes serving the bench's server (by its application name)."""
    with admin.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT pid FROM pg_stat_activity WHERE application_name = :n"),
                                           {"n": APP_NAME})]


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
    except OSError:
        return "?"
    return head + ("+changes" if dirty else "")


async def run_users(port: int, users: int, seconds: float, pages: int, with_findings: list[int],
                    times: dict[str, list[float]], errors: list[str], started: list[float]) -> None:
    connections = [Connection(port) for _ in range(users)]
    for c in connections:                         # users log in one after another, as they arrive
        status, _ = await c.request("POST", "/login", {"username": "rev", "password": "bench-password"})
        if status != 303 or not c.cookie:
            raise SystemExit(f"login failed: HTTP {status}")
    await asyncio.sleep(1.0)
    started.append(time.monotonic())
    stop = started[0] + seconds

    async def user(n: int, c: Connection) -> None:
        rng = random.Random(n)
        await asyncio.sleep(rng.uniform(0, 0.5))          # arrivals spread over the first think time
        while time.monotonic() < stop:
            kind = rng.choice(("list", "unit", "findings"))
            fid = rng.choice(with_findings)
            path = {"list": f"/review?page={rng.randint(1, pages)}", "unit": f"/filings/{fid}",
                    "findings": f"/api/filings/{fid}/findings"}[kind]
            if kind == "list" and rng.random() < 0.5:              # half the lists sorted by risk
                kind, path = "list-risk", path + "&sort=risk"
            t = time.perf_counter()
            try:
                status, _ = await c.request("GET", path)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                status = type(exc).__name__
                c.close()
            elapsed = time.perf_counter() - t
            if status == 200:
                times[kind].append(elapsed)
            else:
                errors.append(f"{path} {status}")
            await asyncio.sleep(0.5)

    await asyncio.gather(*(user(i, c) for i, c in enumerate(connections)))
    for c in connections:
        c.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("JIXIAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--units", type=int, default=16000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=1, help="jixiao serve --workers")
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
        env = {**os.environ, "JIXIAO_DATABASE_URL": f"{url}&application_name={APP_NAME}"}
        env.pop("JIXIAO_BROKER_URL", None)
        server = subprocess.Popen([sys.executable, "-c", SERVER, "serve", "--data", data, "--port", str(port),
                                   "--workers", str(args.workers)], env=env, stdout=subprocess.DEVNULL)
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0 if args.workers == 1 else 3.0)      # every worker process up
        pages = (args.units + 49) // 50
        times: dict[str, list[float]] = {"list": [], "list-risk": [], "unit": [], "findings": []}
        errors: list[str] = []
        started: list[float] = []
        load_before, servers = load(), family(server.pid)
        cpu0: dict[str, float] = {}

        async def measured() -> None:
            task = asyncio.ensure_future(run_users(port, args.users, args.seconds, pages, with_findings, times,
                                                   errors, started))
            while not started and not task.done():
                await asyncio.sleep(0.01)
            cpu0.update(client=time.process_time(), server=cpu_seconds(servers), db=cpu_seconds(backends(admin)))
            cpu0["db_pids"] = len(backends(admin))
            await task

        asyncio.run(measured())
        wall = time.monotonic() - started[0]
        db_pids = backends(admin)
        cpu = {"client": time.process_time() - cpu0["client"], "server": cpu_seconds(servers) - cpu0["server"],
               "db": cpu_seconds(db_pids) - cpu0["db"]}
        n = sum(len(v) for v in times.values()) + len(errors)
        print(f"commit {commit()}; {args.units} units, {args.users} users, {args.seconds:.0f} s, "
              f"jixiao serve --workers {args.workers}, database {url.split('+')[0].split(':')[0]}")
        print(f"load average (1/5/15 min) before {load_before}, after {load()}")
        for kind, values in times.items():
            if not values:
                print(f"{kind:9s} n=    0")
                continue
            values.sort()
            p95 = values[int(0.95 * (len(values) - 1))] * 1000
            print(f"{kind:9s} n={len(values):5d}  p50={statistics.median(values) * 1000:6.1f} ms  "
                  f"p95={p95:6.1f} ms  max={values[-1] * 1000:6.1f} ms")
        print(f"{n} requests in {wall:.1f} s ({n / wall:.1f}/s); errors: {len(errors)} {errors[:3]}")
        print("CPU per request: " + ", ".join(f"{k} {v / max(n, 1) * 1000:.2f} ms ({v / wall * 100:.0f}% of a core)"
                                               for k, v in cpu.items())
              + f"  [database: {len(db_pids)} backend processes]")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
