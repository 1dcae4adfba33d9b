"""Setting up a new workspace: the first administrator (a one-time password, printed once) and, when
asked, the two examples as demo units with their users, a task and their filings uploaded."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from jixiao.store import filings as ops
from jixiao.store import models as m
from jixiao.store.db import Store
from jixiao.store.trail import record
from jixiao.web import security

DEMO_REGION = "示范地区"


def bootstrap(store: Store, username: str = "admin") -> str | None:
    """Create the first administrator when there is no user; its one-time password, else None."""
    with store.session() as db:
        if db.scalar(select(func.count()).select_from(m.User)):
            return None
        password = security.new_password()
        admin = m.User(username=username, display_name="系统管理员", password_hash=security.hash_password(password),
                       role=m.ADMIN)
        db.add(admin)
        db.flush()
        record(db, None, "新建用户", "user", admin.id, None, "用户", "", f"{username}（{m.ADMIN}）")
        db.commit()
        return password


def load_demo(store: Store, examples: list[Path]) -> list[tuple[str, str, str]]:
    """The examples as demo units (idempotent); the new users as (username, role, one-time password)."""
    from jixiao.web.checking import check_bytes

    made: list[tuple[str, str, str]] = []
    with store.session() as db:
        if db.scalar(select(m.User).where(m.User.username == "demo-reviewer")):
            return made
        reviewer = _user(db, made, "demo-reviewer", "示范复核员", m.REVIEWER, region=DEMO_REGION)
        units = []
        for i, path in enumerate(examples, start=1):
            data = path.read_bytes()
            checked = check_bytes(data, path.name)
            unit = m.Unit(code=checked.unit_code or f"DEMO{i}", name=checked.unit_name or path.stem,
                          region=f"{DEMO_REGION}·{checked.region or path.stem}")
            db.add(unit)
            db.flush()
            head = _user(db, made, f"demo-unit{i}", f"{unit.name}负责人", m.HEAD, unit=unit)
            units.append((unit, head, data, path.name, checked))
        task = ops.issue_task(db, reviewer, "示范：部门决算公开与绩效自评", 2023,
                              dt.date.today() + dt.timedelta(days=30), DEMO_REGION, [u.id for u, *_ in units])
        db.flush()
        for unit, head, data, name, checked in units:
            filing = db.scalar(select(m.Filing).where(m.Filing.task_id == task.id, m.Filing.unit_id == unit.id))
            sha = store.blobs.put(data)
            ops.add_version(db, head, filing, filing.lock_version, sha256=sha, size=len(data), filename=name,
                            findings=checked.findings, risk=checked.risk, figures=checked.figures)
        db.commit()
    return made


def _user(db, made, username, name, role, unit=None, region=None) -> m.User:   # noqa: ANN001
    password = security.new_password()
    user = m.User(username=username, display_name=name, password_hash=security.hash_password(password), role=role,
                  unit_id=unit.id if unit else None, region=region)
    db.add(user)
    db.flush()
    record(db, None, "新建用户", "user", user.id, user.unit_id, "用户", "", f"{username}（{role}）")
    made.append((username, role, password))
    return user
