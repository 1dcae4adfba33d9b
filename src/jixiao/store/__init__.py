"""The web workspace's storage: SQLAlchemy 2 models (users, roles, units, tasks, versioned filings,
findings and their judgements, comments, sessions, the append-only audit trail), the Alembic
migrations that make the one schema on SQLite and PostgreSQL (packaged here, in ``migrations/``),
content-addressed file storage (``blobs.py``: written and fsynced before any row names it), and the
operations that change filings under an optimistic version check (``filings.py``).

Nothing here knows HTTP; :mod:`jixiao.web` calls it.  See docs/web.md.
"""
from __future__ import annotations

from jixiao.store.db import Store, open_store

__all__ = ["Store", "open_store"]
