"""The store on both databases: the migrations make exactly the models' schema, the audit trail is
append-only, blobs are content-addressed, versions are kept, judgements outlive re-checks."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from jixiao.store import models as m
from jixiao.store import filings as ops
from jixiao.store.trail import events


def _seed(db):
    unit = m.Unit(code="900001", name="示例档案馆", region="四川省示例市示例区")
    reviewer = m.User(username="rev", display_name="复核员", password_hash="x", role=m.REVIEWER, region="四川省示例市")
    filer = m.User(username="f", display_name="填报员", password_hash="x", role=m.FILER, unit=unit)
    db.add_all([unit, reviewer, filer])
    db.flush()
    task = ops.issue_task(db, reviewer, "2023年度决算公开", 2023, dt.date(2024, 5, 31), "四川省示例市", [unit.id])
    db.commit()
    filing = db.scalar(select(m.Filing).where(m.Filing.task_id == task.id))
    return unit, reviewer, filer, filing


FINDING = {"key": "CHK-X|表!B2", "rule_id": "CHK-X", "severity": "warning", "message": "示例警告",
           "source": {"doc": "a.xlsx", "locator": "表!B2"}}


def test_migrations_match_models(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from sqlalchemy import MetaData

    from jixiao.jobs.schema import define_jobs_table

    everything = MetaData()                  # the models and the job queue's table (jixiao.jobs.schema)
    for table in m.Base.metadata.tables.values():
        table.to_metadata(everything)
    define_jobs_table(everything)
    only = {i.name: i._ddl_if.dialect for t in m.Base.metadata.tables.values() for i in t.indexes
            if getattr(i, "_ddl_if", None) is not None}

    def here(obj, name, type_, reflected, compare_to):   # not an index the model declares for the other database only
        return type_ != "index" or only.get(name, store.dialect) == store.dialect

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": here}), everything)
    assert diff == []
    assert store.dialect in ("sqlite", "postgresql")


def test_audit_trail_is_append_only(store):
    with store.session() as db:
        _seed(db)
        assert events(db, entity="filing")
    for statement in ("UPDATE audit_events SET new = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="审计记录只能追加"):
            with store.engine.begin() as conn:
                conn.execute(text(statement))


def test_versions_are_kept_and_stale_writers_conflict(store):
    with store.session() as db:
        unit, reviewer, filer, filing = _seed(db)
        sha = store.blobs.put(b"first")
        ops.add_version(db, filer, filing, 1, sha256=sha, size=5, filename="a.xlsx", findings=[FINDING])
        db.commit()
        assert (filing.lock_version, filing.current_version, filing.warnings, filing.unexplained) == (2, 1, 1, 1)
        with pytest.raises(ops.Conflict, match="已被他人修改"):
            ops.explain(db, filer, filing, 1, FINDING["key"], "说明")
        filing = db.get(m.Filing, filing.id)
        ops.explain(db, filer, filing, 2, FINDING["key"], "已说明原因")
        sha2 = store.blobs.put(b"second")
        ops.add_version(db, filer, filing, 3, sha256=sha2, size=6, filename="b.xlsx", findings=[FINDING])
        db.commit()
        assert ops.count_versions(db, filing.id) == 2
        assert filing.unexplained == 0          # the explanation follows the same finding into v2
        numbers = [v.number for v in db.scalars(select(m.FilingVersion).order_by(m.FilingVersion.number))]
        assert numbers == [1, 2]
        assert store.blobs.get(sha) == b"first" and store.blobs.path(sha).name == sha


def test_judgement_outlives_recheck(store):
    with store.session() as db:
        unit, reviewer, filer, filing = _seed(db)
        sha = store.blobs.put(b"v1")
        ops.add_version(db, filer, filing, 1, sha256=sha, size=2, filename="a.xlsx", findings=[FINDING])
        ops.judge(db, reviewer, filing, FINDING["key"], m.FALSE_ALARM, "口径不同")
        db.commit()
        ops.add_version(db, filer, filing, filing.lock_version, sha256=store.blobs.put(b"v2"), size=2,
                        filename="a.xlsx", findings=[FINDING])
        db.commit()
        assert ops.judgements(db, unit.id)[FINDING["key"]].mark == m.FALSE_ALARM
        trail = [e for e in events(db, entity="filing", entity_id=filing.id) if e.action == "判断发现"]
        assert trail and trail[0].new == m.FALSE_ALARM and trail[0].username == "rev"


def test_submit_refused_while_errors_remain(store):
    with store.session() as db:
        unit, reviewer, filer, filing = _seed(db)
        err = {**FINDING, "key": "SCORE-TOTAL-MISMATCH|公开数值!D53", "severity": "error"}
        ops.add_version(db, filer, filing, 1, sha256=store.blobs.put(b"e"), size=1, filename="a.xlsx",
                        findings=[err])
        with pytest.raises(ops.Refused, match="错误"):
            ops.submit(db, filer, filing, filing.lock_version)
