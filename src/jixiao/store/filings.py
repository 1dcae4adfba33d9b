"""Every change to tasks and filings, each under an optimistic version check and each written to the
audit trail in the same transaction.

A writer passes the ``lock_version`` it saw.  :func:`bump` raises the version with
``UPDATE … WHERE id = ? AND lock_version = ?``: when another writer got there first no row matches
and :class:`Conflict` is raised, so no update is ever lost, on SQLite and on PostgreSQL alike.
State rules (who may do what, when) raise :class:`Refused` with a Chinese message.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jixiao.store import models as m
from jixiao.store.trail import record


class Refused(Exception):
    """The action is not allowed in the filing's present state (message in Chinese)."""


class Conflict(Exception):
    """Someone else changed the filing since the writer read it (message in Chinese)."""


def conflict_message(seen: int, now: int | None) -> str:
    return (f"保存失败：该填报已被他人修改（您看到的是第 {seen} 版，当前为第 {now} 版），"
            "您的修改没有保存。请刷新页面，查看最新内容后再操作。")


def bump(db: Session, filing: m.Filing, expected: int, **values: Any) -> None:
    """Raise the filing's lock_version from ``expected`` (and set ``values``) or raise Conflict."""
    result = db.execute(update(m.Filing).where(m.Filing.id == filing.id, m.Filing.lock_version == expected)
                        .values(lock_version=expected + 1, updated_at=m.now(), **values)
                        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.rollback()
        current = db.scalar(select(m.Filing.lock_version).where(m.Filing.id == filing.id))
        raise Conflict(conflict_message(expected, current))
    db.refresh(filing)


def _require(filing: m.Filing, states: tuple[str, ...], doing: str) -> None:
    if filing.status not in states:
        raise Refused(f"填报当前状态为“{filing.status}”，不能{doing}（只有“{'、'.join(states)}”状态可以）。")


def ensure_blob(db: Session, sha256: str, size: int) -> None:
    """The blobs row for a file already written and fsynced (shared by every filing that holds it)."""
    if db.get(m.Blob, sha256) is None:
        if db.bind.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        db.execute(insert(m.Blob).values(sha256=sha256, size=size, created_at=m.now())
                   .on_conflict_do_nothing(index_elements=["sha256"]))


# ---- tasks -------------------------------------------------------------------------------------

def issue_task(db: Session, actor: m.User, title: str, year: int, deadline: dt.date, region: str,
               unit_ids: Iterable[int]) -> m.Task:
    task = m.Task(title=title, year=year, deadline=deadline, region=region, created_by=actor.id, status=m.OPEN)
    db.add(task)
    db.flush()
    record(db, actor, "下达任务", "task", task.id, None, "任务", "", f"{title}（{year}年度，截止{deadline}）")
    for unit_id in unit_ids:
        unit = db.get(m.Unit, unit_id)
        filing = m.Filing(task_id=task.id, unit_id=unit_id, status=m.DRAFT, lock_version=1, current_version=0,
                          task_deadline=deadline, unit_code=unit.code, unit_region=unit.region)
        db.add(filing)
        db.flush()
        record(db, actor, "下达任务", "filing", filing.id, unit_id, "状态", "", m.DRAFT)
    return task


def cancel_task(db: Session, actor: m.User, task: m.Task) -> None:
    if task.status == m.CANCELLED:
        raise Refused("该任务已经取消。")
    old = task.status
    task.status = m.CANCELLED
    record(db, actor, "取消任务", "task", task.id, None, "状态", old, m.CANCELLED)


# ---- versions and findings ---------------------------------------------------------------------

def add_version(db: Session, actor: m.User, filing: m.Filing, expected: int, *, sha256: str, size: int,
                filename: str, findings: list[dict[str, Any]], note: str = "上传",
                risk: dict[str, Any] | None = None, figures: dict[str, Any] | None = None) -> m.FilingVersion:
    """A new version of the filing, from a file already stored (blob written and fsynced), with what
    its check found: the findings, its risk (``{"score", "level", "flags"}``) and the figures it states."""
    _require(filing, (m.DRAFT, m.RETURNED), "上传或修改")
    number = filing.current_version + 1
    old_status = filing.status
    risk = risk or {}
    bump(db, filing, expected, current_version=number, status=m.DRAFT,
         risk_score=risk.get("score"), risk_level=risk.get("level"))
    ensure_blob(db, sha256, size)
    version = m.FilingVersion(filing_id=filing.id, number=number, sha256=sha256, filename=filename[:255],
                              note=note, created_by=actor.id, risk_score=risk.get("score"),
                              risk_level=risk.get("level"), risk_flags=risk.get("flags"), figures=figures)
    db.add(version)
    db.flush()
    for f in findings:
        db.add(m.FindingRow(version_id=version.id, key=f["key"][:300], rule_id=f["rule_id"], severity=f["severity"],
                            message=f["message"], doc=f["source"]["doc"][:255], locator=f["source"]["locator"][:200],
                            field=(f.get("field") or "")[:300], value=f.get("value") or "", detail=f))
    db.flush()
    recount(db, filing)
    record(db, actor, note, "filing", filing.id, filing.unit_id, "版本", str(number - 1), f"{number}（{filename}，{sha256[:12]}）")
    if old_status != m.DRAFT:
        record(db, actor, note, "filing", filing.id, filing.unit_id, "状态", old_status, m.DRAFT)
    return version


def current_version(db: Session, filing: m.Filing) -> m.FilingVersion | None:
    if not filing.current_version:
        return None
    return db.scalar(select(m.FilingVersion).where(m.FilingVersion.filing_id == filing.id,
                                                   m.FilingVersion.number == filing.current_version))


def findings_of(db: Session, version: m.FilingVersion | None) -> list[m.FindingRow]:
    if version is None:
        return []
    order = {"error": 0, "warning": 1, "info": 2}
    rows = list(db.scalars(select(m.FindingRow).where(m.FindingRow.version_id == version.id)
                           .order_by(m.FindingRow.id)))
    return sorted(rows, key=lambda r: order.get(r.severity, 3))


def explanations(db: Session, filing_id: int) -> dict[str, m.Explanation]:
    latest: dict[str, m.Explanation] = {}
    for row in db.scalars(select(m.Explanation).where(m.Explanation.filing_id == filing_id)
                          .order_by(m.Explanation.id)):
        latest[row.key] = row
    return {k: v for k, v in latest.items() if v.text.strip()}


def judgements(db: Session, unit_id: int) -> dict[str, m.Judgement]:
    latest: dict[str, m.Judgement] = {}
    for row in db.scalars(select(m.Judgement).where(m.Judgement.unit_id == unit_id).order_by(m.Judgement.id)):
        latest[row.key] = row
    return latest


def recount(db: Session, filing: m.Filing) -> None:
    """Error, warning and unexplained-warning counts of the current version (kept on the filing row
    so that the reviewer's list of thousands of units needs no join)."""
    rows = findings_of(db, current_version(db, filing))
    explained = explanations(db, filing.id)
    filing.errors = sum(1 for r in rows if r.severity == "error")
    filing.warnings = sum(1 for r in rows if r.severity == "warning")
    filing.unexplained = sum(1 for r in rows if r.severity == "warning" and r.key not in explained)
    db.flush()


def explain(db: Session, actor: m.User, filing: m.Filing, expected: int, key: str, text: str) -> None:
    _require(filing, (m.DRAFT, m.RETURNED), "填写说明")
    rows = {r.key: r for r in findings_of(db, current_version(db, filing))}
    if key not in rows or rows[key].severity != "warning":
        raise Refused("只能为当前版本的“警告”填写说明。")
    old = explanations(db, filing.id).get(key)
    bump(db, filing, expected)
    db.add(m.Explanation(filing_id=filing.id, key=key, text=text.strip(), created_by=actor.id))
    db.flush()
    recount(db, filing)
    record(db, actor, "填写说明", "filing", filing.id, filing.unit_id, f"说明：{key}", old.text if old else "", text.strip())


# ---- workflow ----------------------------------------------------------------------------------

def submit(db: Session, actor: m.User, filing: m.Filing, expected: int) -> None:
    _require(filing, (m.DRAFT, m.RETURNED), "送审")
    if filing.task.status == m.CANCELLED:
        raise Refused("该任务已被财政部门取消，不能送审。")
    if not filing.current_version:
        raise Refused("还没有上传填报文件，不能送审。")
    if filing.errors:
        raise Refused(f"还有 {filing.errors} 条“错误”（强制）未改正，不能送审。请改正后重新上传。")
    if filing.unexplained:
        raise Refused(f"还有 {filing.unexplained} 条“警告”（提示）没有填写说明，不能送审。")
    old = filing.status
    bump(db, filing, expected, status=m.SUBMITTED)
    db.execute(update(m.FilingVersion).where(m.FilingVersion.filing_id == filing.id,
                                             m.FilingVersion.number == filing.current_version)
               .values(submitted_at=m.now()))
    record(db, actor, "送审", "filing", filing.id, filing.unit_id, "状态", old, m.SUBMITTED)


def send_back(db: Session, actor: m.User, filing: m.Filing, expected: int, comment: str) -> None:
    _require(filing, (m.SUBMITTED,), "退回")
    if not comment.strip():
        raise Refused("退回时必须填写意见，说明需要修改的内容。")
    bump(db, filing, expected, status=m.RETURNED)
    add_comment(db, actor, filing, "退回", comment)
    record(db, actor, "退回", "filing", filing.id, filing.unit_id, "状态", m.SUBMITTED, m.RETURNED)


def approve(db: Session, actor: m.User, filing: m.Filing, expected: int, comment: str = "") -> None:
    _require(filing, (m.SUBMITTED,), "审核通过")
    bump(db, filing, expected, status=m.APPROVED)
    if comment.strip():
        add_comment(db, actor, filing, "通过", comment)
    record(db, actor, "审核通过", "filing", filing.id, filing.unit_id, "状态", m.SUBMITTED, m.APPROVED)


def publish(db: Session, actor: m.User, filing: m.Filing, expected: int, *, sha256: str, size: int,
            filename: str) -> None:
    """Freeze the approved filing with its rendered PDF (already stored) and that file's hash."""
    _require(filing, (m.APPROVED,), "公开")
    bump(db, filing, expected, status=m.PUBLISHED, published_sha256=sha256, published_at=m.now())
    ensure_blob(db, sha256, size)
    db.add(m.Document(filing_id=filing.id, version_number=filing.current_version, kind="公开", fmt="pdf",
                      filename=filename[:255], sha256=sha256, created_by=actor.id))
    record(db, actor, "公开", "filing", filing.id, filing.unit_id, "状态", m.APPROVED, m.PUBLISHED)
    record(db, actor, "公开", "filing", filing.id, filing.unit_id, "公开文件SHA-256", "", sha256)


def add_comment(db: Session, actor: m.User, filing: m.Filing, kind: str, text: str) -> m.Comment:
    text = text.strip()
    if not text:
        raise Refused("意见不能为空。")
    comment = m.Comment(filing_id=filing.id, version_number=filing.current_version, kind=kind, text=text,
                        created_by=actor.id)
    db.add(comment)
    db.flush()
    record(db, actor, f"意见（{kind}）", "filing", filing.id, filing.unit_id, "意见", "", text)
    return comment


def judge(db: Session, actor: m.User, filing: m.Filing, key: str, mark: str, note: str = "") -> None:
    if mark not in m.MARKS:
        raise Refused(f"判断只能是：{'、'.join(m.MARKS)}。")
    old = judgements(db, filing.unit_id).get(key)
    db.add(m.Judgement(unit_id=filing.unit_id, key=key, mark=mark, note=note.strip(), created_by=actor.id))
    record(db, actor, "判断发现", "filing", filing.id, filing.unit_id, f"判断：{key}", old.mark if old else "", mark)


def count_versions(db: Session, filing_id: int) -> int:
    return db.scalar(select(func.count()).select_from(m.FilingVersion).where(m.FilingVersion.filing_id == filing_id)) or 0
