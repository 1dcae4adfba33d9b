"""The append-only audit trail: one row per change (who, when, what, old value, new value), written in
the same transaction as the change.  The database refuses UPDATE and DELETE on it (migration 0001)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.store import models as m


def record(db: Session, actor: m.User | None, action: str, entity: str, entity_id: int | None,
           unit_id: int | None, field: str = "", old: Any = "", new: Any = "") -> m.AuditEvent:
    event = m.AuditEvent(user_id=actor.id if actor else None, username=actor.username if actor else "系统",
                         action=action, entity=entity, entity_id=entity_id, unit_id=unit_id,
                         field=str(field)[:300], old="" if old is None else str(old),
                         new="" if new is None else str(new))
    db.add(event)
    return event


def events(db: Session, *, entity: str | None = None, entity_id: int | None = None,
           unit_ids: list[int] | None = None, limit: int = 200) -> list[m.AuditEvent]:
    query = select(m.AuditEvent).order_by(m.AuditEvent.id.desc()).limit(limit)
    if entity is not None:
        query = query.where(m.AuditEvent.entity == entity)
    if entity_id is not None:
        query = query.where(m.AuditEvent.entity_id == entity_id)
    if unit_ids is not None:
        query = query.where(m.AuditEvent.unit_id.in_(unit_ids))
    return list(db.scalars(query))
