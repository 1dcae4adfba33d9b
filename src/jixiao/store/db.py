"""Opening the store: the database (SQLite in the data folder by default, PostgreSQL through
``JIXIAO_DATABASE_URL``), its schema (Alembic, upgraded to head on open) and the blob folder."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from jixiao.store.blobs import BlobStore

ENV_URL = "JIXIAO_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass
class Store:
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    data_dir: Path

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def database_url(data_dir: Path, url: str | None = None) -> str:
    url = url or os.environ.get(ENV_URL) or f"sqlite:///{data_dir / 'jixiao.db'}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]      # psycopg 3, not psycopg2
    return url


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=20, max_overflow=40, pool_timeout=120)

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record) -> None:            # noqa: ANN001
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        return engine
    return create_engine(url, pool_size=10, max_overflow=40, pool_timeout=120, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_store(data_dir: str | Path, url: str | None = None, *, upgrade: bool = True) -> Store:
    data = Path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    engine = make_engine(database_url(data, url))
    if upgrade:
        migrate(engine)
    return Store(engine, sessionmaker(engine, expire_on_commit=False), BlobStore(data / "blobs"), data)
