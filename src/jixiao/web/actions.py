"""What a user can do to one filing, in one place for the pages and the API: rights first
(:mod:`jixiao.web.rights`), then the store's operation under the optimistic version check.

Each action returns a Chinese message for the page; failures raise ``rights.NotFound`` /
``rights.Forbidden`` (404 / 403), ``store.filings.Refused`` (400) or ``store.filings.Conflict`` (409).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import joinedload

from jixiao.store import filings as ops
from jixiao.store import models as m
from jixiao.store.db import Store
from jixiao.web import rights, uploads, work
from jixiao.web.checking import Unusable, check_bytes


def _int(value: Any, name: str) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        raise ops.Refused(f"缺少或无效的{name}，请刷新页面后重试。") from None


def load_filing(db: Any, user: m.User, filing_id: int, action: str) -> m.Filing:
    filing = db.get(m.Filing, filing_id, options=[joinedload(m.Filing.unit, innerjoin=True),
                                                  joinedload(m.Filing.task, innerjoin=True)])
    if filing is None:
        raise rights.NotFound()
    rights.check_filing(user, action, filing.unit)
    return filing


def upload(store: Store, db: Any, user: m.User, filing: m.Filing, expected: int, name: str, data: bytes,
           limits: uploads.Limits) -> str:
    """Check the file like ``jixiao check``; store it (fsynced) and then the new version's rows."""
    if filing.status not in (m.DRAFT, m.RETURNED):
        raise ops.Refused(f"填报当前状态为“{filing.status}”，不能上传新版本。")
    uploads.check(name, data, uploads.FILING_TYPES, limits.filing_bytes)
    try:
        checked = check_bytes(data, name)
    except Unusable as exc:
        raise ops.Refused("无法使用该文件（文件未保存）：" + "；".join(exc.messages[:5])) from exc
    if filing.unit.code and checked.unit_code and checked.unit_code != filing.unit.code:
        raise ops.Refused(f"文件中的单位编码 {checked.unit_code}（{checked.unit_name}）与本单位 {filing.unit.code} 不符。"
                          "文件未保存。")
    sha = store.blobs.put(data)                       # written and fsynced before any row names it
    version = ops.add_version(db, user, filing, expected, sha256=sha, size=len(data), filename=name,
                              findings=checked.findings, risk=checked.risk, figures=checked.figures)
    db.commit()
    return (f"已上传第 {version.number} 版：错误 {filing.errors} 条，警告 {filing.warnings} 条"
            f"（其中 {filing.unexplained} 条待说明）。")


def edit(store: Store, db: Any, user: m.User, filing: m.Filing, expected: int, path: str, text: str) -> str:
    """One figure changed in the page: a new version written in the file's own format, checked and
    stored like an upload; the audit trail names the field, the old and the new value."""
    from jixiao.store.trail import record
    from jixiao.web.editing import Refused as EditRefused
    from jixiao.web.editing import edit_bytes

    if filing.status not in (m.DRAFT, m.RETURNED):
        raise ops.Refused(f"填报当前状态为“{filing.status}”，不能修改。")
    if filing.lock_version != expected:
        raise ops.Conflict(ops.conflict_message(expected, filing.lock_version))
    version = ops.current_version(db, filing)
    if version is None:
        raise ops.Refused("还没有上传填报文件。")
    try:
        data, old, new = edit_bytes(store.blobs.get(version.sha256), version.filename, path, text)
        checked = check_bytes(data, version.filename)
    except EditRefused as exc:
        raise ops.Refused(str(exc)) from exc
    except Unusable as exc:
        raise ops.Refused("修改后的文件无法使用，未保存：" + "；".join(exc.messages[:5])) from exc
    sha = store.blobs.put(data)
    added = ops.add_version(db, user, filing, expected, sha256=sha, size=len(data), filename=version.filename,
                            findings=checked.findings, risk=checked.risk, figures=checked.figures, note="页面修改")
    record(db, user, "页面修改", "filing", filing.id, filing.unit_id, path, old, new)
    db.commit()
    return f"已修改并保存为第 {added.number} 版：错误 {filing.errors} 条，警告 {filing.warnings} 条。"


def act(store: Store, db: Any, user: m.User, filing_id: int, action: str, form: dict[str, Any]) -> tuple[str, int | None]:
    """Do ``action`` (not upload) with the posted fields; (message, job id or None)."""
    if action not in rights.FILING_ACTIONS or action in ("view", "download", "upload"):
        raise rights.NotFound()
    filing = load_filing(db, user, filing_id, action)
    if action in ("comment", "judge"):
        if action == "comment":
            ops.add_comment(db, user, filing, "批注", str(form.get("text") or ""))
            db.commit()
            return "意见已保存。", None
        ops.judge(db, user, filing, str(form.get("key") or ""), str(form.get("mark") or ""), str(form.get("note") or ""))
        db.commit()
        return f"已标记为“{form.get('mark')}”。", None
    if action == "render":
        job = work.start(store, "render", {"filing_id": filing.id, "user_id": user.id}, user_id=user.id)
        return "文档生成任务已开始。", job
    expected = _int(form.get("version"), "版本号")
    if action == "edit":
        return edit(store, db, user, filing, expected, str(form.get("path") or ""), str(form.get("value") or "")), None
    if action == "explain":
        ops.explain(db, user, filing, expected, str(form.get("key") or ""), str(form.get("text") or ""))
        db.commit()
        return "说明已保存。", None
    if action == "submit":
        ops.submit(db, user, filing, expected)
        db.commit()
        return "已送审，等待财政部门审核。", None
    if action == "return":
        ops.send_back(db, user, filing, expected, str(form.get("comment") or ""))
        db.commit()
        return "已退回单位修改。", None
    if action == "approve":
        ops.approve(db, user, filing, expected, str(form.get("comment") or ""))
        db.commit()
        return "已审核通过。", None
    if action == "publish":
        if filing.status != m.APPROVED:
            raise ops.Refused(f"填报当前状态为“{filing.status}”，只有“{m.APPROVED}”的填报可以公开。")
        if filing.lock_version != expected:
            raise ops.Conflict(ops.conflict_message(expected, filing.lock_version))
        job = work.start(store, "publish", {"filing_id": filing.id, "user_id": user.id, "expected": expected},
                         user_id=user.id)
        return "公开任务已开始。", job
    raise rights.NotFound()
