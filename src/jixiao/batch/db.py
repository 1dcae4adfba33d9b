"""DuckDB connection helpers.

DuckDB 2.x refuses new work on a connection while a result is unfinished, and
``COPY`` or ``CREATE`` return a result too; :func:`run` always drains it.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any


#: DuckDB's memory limit: beyond it, tables spill to a temporary folder, so a CSV of gigabytes is scored
#: in bounded memory (``JIXIAO_BATCH_MEMORY`` changes it, e.g. ``4GB``)
MEMORY_LIMIT = "1500MB"


def connect(threads: int | None = None):
    """An in-memory DuckDB connection with the types batch scoring uses, spilling past :data:`MEMORY_LIMIT`."""
    import duckdb

    from jixiao.batch.item_sql import status_type_sql

    con = duckdb.connect(config={"threads": threads or os.cpu_count() or 1,
                                 "memory_limit": os.environ.get("JIXIAO_BATCH_MEMORY", MEMORY_LIMIT),
                                 "temp_directory": _spill_folder()})
    run(con, status_type_sql())
    return con


def _spill_folder() -> str:
    """A private temporary folder for DuckDB to spill to, removed when the process ends."""
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="jixiao-duckdb-")
    atexit.register(shutil.rmtree, folder, True)
    return folder


def run(con, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
    """Execute one statement and return all its rows (an empty list for DDL)."""
    return con.execute(sql, list(params or [])).fetchall()
