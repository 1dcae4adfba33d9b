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
#: tables defined outside the models, by their own packages (jixiao.jobs.schema: ``jobs``); their
#: migrations are written by hand, and autogenerate leaves them alone
OWN_TABLES = {"jobs"}


def _include(obj, name, type_, reflected, compare_to) -> bool:       # noqa: ANN001
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table not in OWN_TABLES


context.configure(connection=connection, target_metadata=Base.metadata, include_object=_include,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
