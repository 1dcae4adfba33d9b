"""Worker subprocesses for the job-queue tests: start, kill -9, stop, wait for a state."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


class Proc:
    """A worker subprocess; its log is kept in a file and shown when a test fails."""

    def __init__(self, args: list[str], log: Path, env: dict[str, str] | None = None):
        self.log = log
        self.fh = open(log, "wb")
        self.proc = subprocess.Popen(args, stdout=self.fh, stderr=subprocess.STDOUT, cwd=ROOT,
                                     env={**os.environ, **(env or {})})

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill9(self) -> None:
        self.proc.kill()                 # SIGKILL: no clean-up at all
        self.proc.wait(10)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()        # SIGTERM: finishes its job, then exits
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.fh.close()
        return self.proc.returncode


def python_worker(code: str) -> list[str]:
    """A Python subprocess that knows the test-only kinds (jobs_helpers) before it runs ``code``."""
    prelude = f"import sys; sys.path.insert(0, {str(HERE)!r}); import jobs_helpers\n"
    return [sys.executable, "-c", prelude + code]


def wait_for(predicate, timeout: float, what: str, proc: Proc | None = None, step: float = 0.1):
    """Poll until ``predicate()`` is truthy; fail naming ``what`` (and the worker's log) otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.proc.poll() is not None:
            pytest.fail(f"worker exited ({proc.proc.returncode}) while waiting for {what}:\n{proc.text()}")
        time.sleep(step)
    log = f"\nworker log:\n{proc.text()}" if proc else ""
    pytest.fail(f"timed out after {timeout}s waiting for {what}{log}")


LEASE = 3.0     # seconds: a dead worker's job is free again after this


def embedded(db_url: str) -> list[str]:
    return python_worker("import time\nfrom jixiao.jobs import EmbeddedWorker\n"
                         f"EmbeddedWorker({db_url!r}, lease={LEASE}, poll=0.1).start()\ntime.sleep(600)\n")


def remote(db_url: str, broker_url: str, queue: str, lease: float = LEASE) -> list[str]:
    return python_worker("import logging\nfrom jixiao.jobs import run_worker\nlogging.basicConfig(level=logging.INFO)\n"
                         f"run_worker(db_url={db_url!r}, broker_url={broker_url!r}, queue={queue!r}, lease={lease})\n")
