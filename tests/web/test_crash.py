"""Crash safety: kill -9 in the middle of an upload (or of a job) leaves no half-written filing.

A child process uploads through the same code as the page and is killed (SIGKILL) at each dangerous
point: while the file is half-written, after the file is stored but before its rows, after the rows
are flushed but before the commit, and at random moments of a loop of uploads.  After every kill,
every version row names a complete file whose SHA-256 is its name, the filing's counters agree with
its versions; a job killed part-way changes nothing, and is run again once its lease has run out.""" 
from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

CHILD = Path(__file__).with_name("crash_child.py")


def _state(site):
    m = site.m
    with site.store.session() as db:
        filing = db.get(m.Filing, site.filings["A"])
        versions = list(db.scalars(select(m.FilingVersion).where(m.FilingVersion.filing_id == filing.id)))
        for v in versions:
            data = site.store.blobs.path(v.sha256).read_bytes()
            assert hashlib.sha256(data).hexdigest() == v.sha256, "a version names an incomplete file"
        numbers = sorted(v.number for v in versions)
        assert numbers == list(range(1, len(numbers) + 1))
        assert filing.current_version == len(numbers)
        assert filing.lock_version == 1 + len(numbers)        # one bump per upload, none half-done
        findings = db.scalar(select(func.count()).select_from(m.FindingRow)) or 0
        return len(numbers), findings


def _child(site, db_url, stage, path, wait=True):
    cmd = [sys.executable, str(CHILD), str(site.store.data_dir), db_url, str(site.filings["A"]), stage, str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if wait:
        out, err = proc.communicate(timeout=300)
        return proc.returncode, out, err
    return proc


@pytest.mark.parametrize("stage", ["during-write", "after-blob", "before-commit"])
def test_kill_during_upload_leaves_no_half_filing(site, db_url, tmp_path, stage):
    path = tmp_path / "a.yaml"
    path.write_bytes(site.min_filing("A"))
    before = _state(site)
    code, out, err = _child(site, db_url, stage, path)
    assert code == -signal.SIGKILL, err[-2000:]
    assert _state(site) == before                           # nothing of the killed upload is visible
    leftovers = list(site.store.blobs.root.glob("*/.tmp-*"))
    assert (stage == "during-write") == bool(leftovers)
    assert site.store.blobs.sweep() == len(leftovers)
    code, out, err = _child(site, db_url, "once", path)     # the next upload goes through
    assert code == 0 and "uploaded" in out, err[-2000:]
    assert _state(site)[0] == before[0] + 1


def test_random_kills_of_a_stream_of_uploads(site, db_url, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(site.min_filing("A"))
    rng = random.Random(7)
    for _ in range(4):
        proc = _child(site, db_url, "loop", path, wait=False)
        assert proc.stdout.readline().strip() == "uploaded"     # started; now kill it mid-stream
        time.sleep(rng.uniform(0.0, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        _state(site)                                        # consistent whatever the moment
    assert _state(site)[0] >= 4


def test_kill_during_a_job_changes_nothing_and_the_job_runs_again(site, db_url, tmp_path):
    from jixiao import jobs
    from jixiao.store import filings as ops
    from jixiao.web import work

    m = site.m
    with site.store.session() as db:
        head = db.scalar(select(m.User).where(m.User.username == "head-a"))
        rev = db.scalar(select(m.User).where(m.User.username == "rev"))
        filing = db.get(m.Filing, site.filings["A"])
        ops.add_version(db, head, filing, 1, sha256=site.store.blobs.put(site.min_filing("A")), size=1,
                        filename="a.yaml", findings=[])
        ops.submit(db, head, filing, 2)
        ops.approve(db, rev, filing, 3)
        db.commit()
    proc = _child(site, db_url, "job", tmp_path / "unused", wait=False)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL, err[-2000:]
    job_id = out.split()[0]
    with site.store.session() as db:
        filing = db.get(m.Filing, site.filings["A"])
        assert filing.status == m.APPROVED and filing.published_sha256 is None
    status = work.status(site.store, job_id)
    assert status["state"] == work.RUNNING and status["attempts"] == 1
    time.sleep(2.5)                                         # the dead process's lease runs out
    assert work.status(site.store, job_id)["stale"]
    work.serve_jobs(site.store)                             # as jixiao serve does when it starts again
    status = work.wait(site.store, job_id)
    assert status["state"] == work.DONE and status["attempts"] == 2, status
    with site.store.session() as db:
        filing = db.get(m.Filing, site.filings["A"])
        assert filing.status == m.PUBLISHED and filing.published_sha256 == status["result"]["sha256"]
    assert jobs.get(job_id, db_url=site.store.engine).owner.split(":")[1] == str(os.getpid())
