"""Province-scale scoring in DuckDB (``jixiao batch score``, ``jixiao synth``).

Data files (parquet, CSV, xlsx) → typed tables with a finding for every bad cell (read.py, stage.py,
stage_indicators.py) → the rubric's compiled rule steps as exact DECIMAL SQL (jixiao.expr.sql, item_sql.py,
project_sql.py; scores_only.py for ``--scores-only``) → one output row per project (run.py).
synth.py makes test data; reference.py scores the same rows with the Python engine (parity test,
bench).  Rule ids: rule_ids.py; docs/batch.md.
"""
