"""`jixiao serve` on a fresh data folder: creates the database and the first administrator (a one-time
password, printed once), loads the two examples with --demo, and serves pages; on both databases."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import httpx
from pathlib import Path


def _serve(db_url: str, tmp_path: Path, *options: str):
    """``jixiao serve`` on a free port, started and read up to its banner: (process, command, env,
    base address, what it printed, the deadline for the rest of the start-up)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "JIXIAO_DATABASE_URL": db_url}
    cmd = [str(Path(sys.executable).with_name("jixiao")), "serve", "--data", str(tmp_path / "data"), "--port", str(port),
           *options]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []
    deadline = time.monotonic() + 240
    try:
        while not any("网页工作台" in line for line in lines):
            assert time.monotonic() < deadline and proc.poll() is None, "".join(lines)
            lines.append(proc.stdout.readline())
    except BaseException:
        proc.kill()
        raise
    return proc, cmd, env, f"http://127.0.0.1:{port}", "".join(lines), deadline


def test_serve_creates_database_admin_and_demo(db_url, tmp_path):
    proc, cmd, env, base, out, _ = _serve(db_url, tmp_path, "--demo")
    try:
        admin = re.search(r"已创建管理员 admin，一次性密码：(\S+)（", out).group(1)
        demo = dict(re.findall(r"示范用户 (\S+)（[^）]+），一次性密码：(\S+)", out))
        assert set(demo) == {"demo-reviewer", "demo-unit1", "demo-unit2"}
        for _ in range(100):
            try:
                httpx.get(f"{base}/login")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        token = httpx.post(f"{base}/api/login", json={"username": "admin", "password": admin}).json()["token"]
        units = httpx.get(f"{base}/api/units", headers={"Authorization": f"Bearer {token}"}).json()["units"]
        assert {u["name"] for u in units} == {"资阳市雁江区信访局", "曲靖市沾益区信访局"}
        token = httpx.post(f"{base}/api/login", json={"username": "demo-reviewer",
                                                      "password": demo["demo-reviewer"]}).json()["token"]
        filings = httpx.get(f"{base}/api/filings", headers={"Authorization": f"Bearer {token}"}).json()["filings"]
        assert len(filings) == 2 and all(f["current_version"] == 1 for f in filings)
        assert any(f["errors"] > 0 for f in filings)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    again = subprocess.run(cmd[:-1] + ["--help"], capture_output=True, text=True, env=env)
    assert again.returncode == 0 and "JIXIAO_DATABASE_URL" in again.stdout


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return out


def test_serve_with_several_worker_processes(db_url, tmp_path):
    """`--workers 2`: two processes answer on one port, sharing sessions and data through the database."""
    proc, _, _, base, out, deadline = _serve(db_url, tmp_path, "--workers", "2")
    try:
        assert "2 个进程" in out
        admin = re.search(r"已创建管理员 admin，一次性密码：(\S+)（", out).group(1)
        while len(_workers(proc.pid)) < 2 or not _answers(base):
            assert time.monotonic() < deadline and proc.poll() is None, out
            time.sleep(0.2)
        assert len(_workers(proc.pid)) == 2
        token = httpx.post(f"{base}/api/login", json={"username": "admin", "password": admin}).json()["token"]
        for _ in range(20):                     # a fresh connection each time: either process may answer
            me = httpx.get(f"{base}/api/me", headers={"Authorization": f"Bearer {token}", "Connection": "close"})
            assert me.status_code == 200 and me.json()["role"] == "管理员"
            assert me.headers["content-security-policy"] and me.headers["cache-control"] == "no-store"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert not _workers(proc.pid)


def _workers(pid: int) -> list[int]:
    """The worker processes uvicorn started for ``pid`` (not multiprocessing's resource tracker)."""
    out = []
    for child in _children(pid):
        try:
            line = Path(f"/proc/{child}/cmdline").read_text()
        except OSError:
            continue
        if "spawn_main" in line or "fork" in line:
            out.append(child)
    return out


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/login").status_code == 200
    except httpx.TransportError:
        return False
