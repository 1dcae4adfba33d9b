"""The Alembic migrations of the web workspace's schema (env.py, versions/); run by jixiao.store.db.migrate."""
