"""DuckDB connection helpers.

DuckDB 2.x refuses new work on a connection while a result is unfinished, and
``COPY`` or ``CREATE`` return a result too; :func:`run` always drains it.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any


def connect(threads: int | None = None):
    """An in-memory DuckDB connection with the types batch scoring uses."""
    import duckdb

    from jixiao.batch.item_sql import status_type_sql

    con = duckdb.connect(config={"threads": threads or os.cpu_count() or 1})
    run(con, status_type_sql())
    return con


def run(con, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
    """Execute one statement and return all its rows (an empty list for DDL)."""
    return con.execute(sql, list(params or [])).fetchall()
