"""The long work pages start, as plain functions of (store, payload, progress) → result dict.

They are the task code a queue runs (see :mod:`jixiao.web.work`): each reads what it needs from the
store by id, writes files to the blob store (fsynced) before the rows that name them, and commits
its rows in one transaction, so a worker killed part-way leaves nothing half-written and the task can
simply run again.  ``payload`` holds only JSON values (ids, names); ``progress(done, total)`` reports.
"""
from __future__ import annotations

import os
import tempfile
from typing import Any, Callable

from jixiao.io_util import safe_stem
from jixiao.store import filings as ops
from jixiao.store import models as m
from jixiao.store.db import Store

Progress = Callable[[int, int], None]


def _materialise(store: Store, sha256: str, filename: str, folder: str) -> str:
    stem, ext = os.path.splitext(os.path.basename(filename))
    path = os.path.join(folder, safe_stem(stem, "文件") + ext.lower())
    with open(path, "wb") as fh:
        fh.write(store.blobs.get(sha256))
    return path


def _render(store: Store, filing_id: int, formats: tuple[str, ...]) -> tuple[int, list[tuple[str, str, bytes]]]:
    """(version number, [(format, file name, bytes)]) of the filing's current version, rendered."""
    from jixiao.pipeline import load_and_validate, with_metrics
    from jixiao.render.package import render_package

    with store.session() as db:
        filing = db.get(m.Filing, filing_id)
        version = ops.current_version(db, filing)
        if version is None:
            raise ops.Refused("还没有上传填报文件，无法生成文档。")
        sha, filename, number = version.sha256, version.filename, version.number
    with tempfile.TemporaryDirectory(prefix="jixiao-render-") as tmp:
        source = _materialise(store, sha, filename, tmp)
        run = with_metrics(load_and_validate(source))
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        report = render_package(run.filing, run.metrics, out, formats)
        files = [(fmt, os.path.basename(path), open(path, "rb").read()) for fmt, path, _ in report.files]
    return number, files


def render_documents(store: Store, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Render the current version of a filing into Word, PDF and HTML, kept as its documents."""
    filing_id, user_id = int(payload["filing_id"]), int(payload["user_id"])
    formats = tuple(payload.get("formats") or ("docx", "pdf", "html"))
    progress(0, 1)
    number, files = _render(store, filing_id, formats)
    stored = [(fmt, name, store.blobs.put(data), len(data)) for fmt, name, data in files]
    with store.session() as db:
        ids = []
        for fmt, name, sha, size in stored:
            ops.ensure_blob(db, sha, size)
            doc = m.Document(filing_id=filing_id, version_number=number, kind="生成", fmt=fmt, filename=name,
                             sha256=sha, created_by=user_id)
            db.add(doc)
            db.flush()
            ids.append(doc.id)
        db.commit()
    progress(1, 1)
    return {"documents": ids, "version": number}


def publish_filing(store: Store, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Render the approved filing's PDF, store it and freeze the filing with that file's SHA-256."""
    filing_id, user_id, expected = int(payload["filing_id"]), int(payload["user_id"]), int(payload["expected"])
    progress(0, 1)
    with store.session() as db:
        filing = db.get(m.Filing, filing_id)
        if filing.status != m.APPROVED:
            raise ops.Refused(f"填报当前状态为“{filing.status}”，只有“{m.APPROVED}”的填报可以公开。")
    number, files = _render(store, filing_id, ("pdf",))
    fmt, name, data = files[0]
    sha = store.blobs.put(data)
    with store.session() as db:
        filing = db.get(m.Filing, filing_id)
        ops.publish(db, db.get(m.User, user_id), filing, expected, sha256=sha, size=len(data), filename=name)
        db.commit()
    progress(1, 1)
    return {"sha256": sha, "version": number}


def audit_reports(store: Store, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Audit uploaded published reports (``jixiao audit``); each document row gets its findings."""
    from jixiao.audit.engine import Auditor, audit_file

    ids = [int(i) for i in payload["documents"]]
    auditor = Auditor()
    done = 0
    progress(0, len(ids))
    with tempfile.TemporaryDirectory(prefix="jixiao-audit-") as tmp:
        for doc_id in ids:
            with store.session() as db:
                doc = db.get(m.Document, doc_id)
                path = _materialise(store, doc.sha256, doc.filename, tmp)
                result = audit_file(path, auditor, display=doc.filename)
                doc.findings = [f.to_json() for f in result.findings]
                doc.errors = result.errors
                doc.warnings = sum(1 for f in result.findings if f.severity.value == "warning")
                db.commit()
            os.unlink(path)
            done += 1
            progress(done, len(ids))
    return {"documents": ids}


#: kind → task function; the names a queue registers
TASKS: dict[str, Callable[[Store, dict[str, Any], Progress], dict[str, Any]]] = {
    "render": render_documents,
    "publish": publish_filing,
    "audit": audit_reports,
}
