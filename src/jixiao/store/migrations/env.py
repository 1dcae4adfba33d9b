"""Alembic environment of the web workspace's schema.  jixiao runs it through
:func:`jixiao.store.db.migrate`, which passes the connection in ``config.attributes``."""
from __future__ import annotations

from alembic import context

from jixiao.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:                      # the alembic command line (making a new revision)
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
