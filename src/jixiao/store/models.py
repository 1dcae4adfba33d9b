"""The tables of the web workspace (SQLAlchemy 2 declarative).  The schema itself is made by the
Alembic migrations in ``migrations/versions``; ``tests/web/test_store.py`` checks that the two agree.

Roles, filing states and judgement marks are the Chinese words users see; code compares them
through the constants below, never through literals scattered about.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# roles
FILER = "单位填报员"
HEAD = "单位负责人"
REVIEWER = "财政复核员"
ADMIN = "管理员"
ROLES = (FILER, HEAD, REVIEWER, ADMIN)
UNIT_ROLES = (FILER, HEAD)

# filing states
DRAFT = "填报中"
SUBMITTED = "已送审"
RETURNED = "已退回"
APPROVED = "已通过"
PUBLISHED = "已公开"
STATES = (DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED)

# task states
OPEN = "进行中"
CANCELLED = "已取消"

# judgements of a finding by a reviewer
FALSE_ALARM = "误报"
CONFIRMED = "已核实"
MARKS = (FALSE_ALARM, CONFIRMED)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(200), index=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True)
    region: Mapped[str | None] = mapped_column(String(200), nullable=True)   # a reviewer's region
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    unit: Mapped[Unit | None] = relationship()


class Session(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)     # username and client address
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[dt.date] = mapped_column(Date)
    region: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Blob(Base):
    """A stored file, named by the SHA-256 of its bytes (the file lives in the data folder's blobs/)."""
    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Filing(Base):
    """One unit's filing for one task.  ``lock_version`` rises on every change: a writer names the
    version it saw, and loses (a conflict) when someone else changed the filing first."""
    __tablename__ = "filings"
    # the reviewer's list (50 rows a page of thousands) walks these in its two orders, reading the
    # filters from the index itself (PostgreSQL INCLUDE), so a page is one indexed query with LIMIT
    __table_args__ = (UniqueConstraint("task_id", "unit_id"),
                      Index("ix_filings_list_order", "task_deadline", "unit_code", "id",
                            postgresql_include=["unit_region", "status", "task_id"]))
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    current_version: Mapped[int] = mapped_column(Integer, default=0)     # FilingVersion.number, 0 = none
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    unexplained: Mapped[int] = mapped_column(Integer, default=0)
    # the current version's risk (jixiao.review triage), copied here when it is checked, so the
    # reviewer's list sorts by it without a join; None = not scored (a version checked before 0003)
    risk_score: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    risk_level: Mapped[str | None] = mapped_column(String(8), nullable=True)
    published_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    # copies of the task's deadline and the unit's code and region, written when the task is issued
    # (none of the three ever changes), so the reviewer's list filters and orders by one index
    task_deadline: Mapped[dt.date] = mapped_column(Date)
    unit_code: Mapped[str] = mapped_column(String(32))
    unit_region: Mapped[str] = mapped_column(String(200))
    task: Mapped[Task] = relationship()
    unit: Mapped[Unit] = relationship()


# riskiest first, not yet scored last: PostgreSQL only (SQLite has no NULLS LAST in an index; its
# list sorts the region's rows, which the embedded, few-user set-up can afford)
Index("ix_filings_risk_order", Filing.risk_score.desc().nulls_last(), Filing.task_deadline, Filing.unit_code, Filing.id,
      postgresql_include=["unit_region", "status", "task_id"]).ddl_if(dialect="postgresql")


class FilingVersion(Base):
    """Every upload (or edit) of a filing, never overwritten."""
    __tablename__ = "filing_versions"
    __table_args__ = (UniqueConstraint("filing_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # set when the version is checked (migration 0003); None for versions checked before it
    risk_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    risk_level: Mapped[str | None] = mapped_column(String(8), nullable=True)          # red / yellow / green
    risk_flags: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)         # [{rule_id, level, project, message}]
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)       # jixiao.web.changes.figures_of


class FindingRow(Base):
    """One finding of one version, in the CLI's shape (rule_id, severity, message, source)."""
    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("filing_versions.id"), index=True)
    key: Mapped[str] = mapped_column(String(300))          # rule_id|locator: the same finding in a re-check
    rule_id: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(8))
    message: Mapped[str] = mapped_column(Text)
    doc: Mapped[str] = mapped_column(String(255))
    locator: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(300), default="")     # the field the source cell holds
    value: Mapped[str] = mapped_column(Text, default="")            # what that cell says
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Explanation(Base):
    """A unit's written explanation of a warning; the latest row per (filing, key) counts."""
    __tablename__ = "explanations"
    id: Mapped[int] = mapped_column(primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), index=True)
    key: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Judgement(Base):
    """A reviewer's mark on a finding (误报 / 已核实), kept per unit and finding key, so a re-check
    of the same unit shows it again; the latest row per (unit, key) counts."""
    __tablename__ = "judgements"
    __table_args__ = (Index("ix_judgements_unit_key", "unit_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    key: Mapped[str] = mapped_column(String(300))
    mark: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))          # 退回 / 通过 / 批注
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    author: Mapped[User] = relationship()


class Document(Base):
    """A rendered document of a filing version, or a published report uploaded for audit."""
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    filing_id: Mapped[int | None] = mapped_column(ForeignKey("filings.id"), nullable=True, index=True)
    version_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    batch: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)   # bulk audit batch
    kind: Mapped[str] = mapped_column(String(16))           # 生成 / 公开 / 审核
    fmt: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class AuditEvent(Base):
    """The append-only audit trail: who, when, what, old and new.  The migration adds triggers on
    both databases that refuse UPDATE and DELETE on this table."""
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    unit_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    field: Mapped[str] = mapped_column(String(300), default="")
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
