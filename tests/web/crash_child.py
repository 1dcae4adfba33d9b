"""Run by tests/web/test_crash.py in a subprocess: an upload (or a job) that is killed with SIGKILL at a
chosen point.  Usage: crash_child.py DATA_DIR DB_URL FILING_ID STAGE FILE"""
from __future__ import annotations

import os
import signal
import sys


def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    data_dir, url, filing_id, stage, path = sys.argv[1:6]
    from jixiao.store import blobs, open_store
    from jixiao.store import filings as ops
    from jixiao.store import models as m
    from jixiao.web import actions, tasks, uploads, work

    store = open_store(data_dir, url)
    if stage == "during-write":          # the file is half-written, not yet fsynced
        real_fsync = os.fsync

        def half(fd):
            os.ftruncate(fd, 7)
            die()
            real_fsync(fd)

        blobs.os.fsync = half
    elif stage == "after-blob":          # the file is safely stored, no row yet
        ops.add_version = die
        actions.ops.add_version = die
    elif stage == "before-commit":       # the rows are flushed, the transaction not committed
        from sqlalchemy.orm import Session

        Session.commit = die
    elif stage == "job":                 # a publish job killed while rendering (in the embedded worker)
        tasks._render = die
        work.LEASE = 2.0                 # the job is free again 2 s after the kill
        with store.session() as db:
            user = db.query(m.User).filter_by(username="head-a").one()
            expected = db.get(m.Filing, int(filing_id)).lock_version
        job = work.start(store, "publish", {"filing_id": int(filing_id), "user_id": user.id, "expected": expected},
                         user_id=user.id)
        print(job, flush=True)
        work.wait(store, job, timeout=120)   # the worker thread kills the process part-way
        return
    elif stage == "loop":                # upload again and again until killed from outside
        pass
    data = open(path, "rb").read()
    while True:
        with store.session() as db:
            user = db.query(m.User).filter_by(username="head-a").one()
            filing = db.get(m.Filing, int(filing_id))
            actions.upload(store, db, user, filing, filing.lock_version, os.path.basename(path), data,
                           uploads.Limits())
            print("uploaded", flush=True)
        if stage != "loop":
            return


if __name__ == "__main__":
    main()
