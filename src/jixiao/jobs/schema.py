"""The ``jobs`` table: one row per job, the one record of its state (queued → running → done | failed).

The web's Alembic metadata includes it through :func:`define_jobs_table`; tests create it with
``metadata.create_all``.  Times are UTC, stored without a zone (the same on SQLite and PostgreSQL).
"""
from __future__ import annotations

import sqlalchemy as sa

TABLE = "jobs"

#: the states a job passes through; a job is "running" only while a worker holds its lease
STATES = ("queued", "running", "done", "failed")
STATE_ZH = {"queued": "排队中", "running": "运行中", "done": "已完成", "failed": "失败"}


def define_jobs_table(metadata: sa.MetaData) -> sa.Table:
    """The jobs table, defined on ``metadata`` (call once per MetaData)."""
    return sa.Table(
        TABLE, metadata,
        sa.Column("id", sa.String(32), primary_key=True),                 # uuid4 hex
        sa.Column("kind", sa.String(40), nullable=False),                 # render | audit | batch
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("subject", sa.String(200), nullable=True),              # what it is about, e.g. "unit:12"
        sa.Column("state", sa.String(10), nullable=False, default="queued"),
        sa.Column("progress_done", sa.Integer, nullable=False, default=0),
        sa.Column("progress_total", sa.Integer, nullable=False, default=0),
        sa.Column("progress_item", sa.String(500), nullable=True),        # the item being worked on
        sa.Column("result", sa.JSON, nullable=True),                      # summary of what was made
        sa.Column("result_path", sa.String(1000), nullable=True),
        sa.Column("error", sa.Text, nullable=True),                       # Chinese, for the user
        sa.Column("detail", sa.Text, nullable=True),                      # traceback of an internal error
        sa.Column("attempts", sa.Integer, nullable=False, default=0),
        sa.Column("max_attempts", sa.Integer, nullable=False, default=3),
        sa.Column("owner", sa.String(200), nullable=True),                # worker holding the lease
        sa.Column("lease_until", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=True),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="jobs_state"),
        sa.Index("ix_jobs_state_created", "state", "created_at"),
        sa.Index("ix_jobs_subject", "subject"),
    )
