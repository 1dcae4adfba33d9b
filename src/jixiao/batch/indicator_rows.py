"""The rule inputs of 2020 indicator rows, read exactly as the Python scorer reads them.

A row whose nature is ≥/≤/= and whose target and actual are plain numbers needs
no interpretation: its inputs are ``target``, ``actual`` and the nature code, in
SQL.  Every other row (a target or actual written with a unit or as prose, a
qualitative row graded by a word or by a "无偏差" note) is read by
:func:`jixiao.scoring.indicators.row_inputs` — the scorer's own function — once
per distinct combination of those cells, and joined back.  Distinct
combinations are few even in millions of rows.
"""
from __future__ import annotations

from decimal import Decimal

from jixiao.batch.db import run
from jixiao.model.filing import Indicator
from jixiao.model.values import Value, ValueMap
from jixiao.scoring.indicators import row_inputs
from jixiao.scoring.rubric import IndicatorRules

#: the columns that decide how a row is read
KEY_COLUMNS = ("nature_text", "target_text", "actual_text", "grade_text", "deviation")
RESOLVED_COLUMNS = ("kind", "r_target", "r_actual", "r_nature", "r_grade", "r_missing", "r_notes")


_value = Value.lenient


def resolve(key: tuple[str | None, ...], rules: IndicatorRules) -> tuple:
    """One distinct combination → kind and the inputs ``row_inputs`` gives (strings for exact transfer)."""
    nature, target, actual, grade, deviation = key
    evidence = ValueMap((("grade", Value(grade)),)) if grade else ValueMap()
    row = Indicator(name="-", nature=nature, target=_value(target), actual=_value(actual),
                    evidence=evidence, deviation=deviation)
    data = row_inputs(row, rules)
    values = data.values

    def text(name: str) -> str | None:
        value = values.get(name)
        return None if value is None else f"{Decimal(value):f}"
    return (data.kind, text("target"), text("actual"), text("nature"), text("grade"),
            "；".join(data.missing) or None, "，".join(data.notes) or None)


def resolve_table(con, source: str, target: str, rules: IndicatorRules) -> None:
    """Create ``target`` (the key columns + resolved inputs) for the distinct keys of ``source``."""
    import numpy as np

    keys = con.execute(f"SELECT DISTINCT {', '.join(KEY_COLUMNS)} FROM {source}").fetchall()
    rows = [key + resolve(key, rules) for key in keys]
    columns = KEY_COLUMNS + RESOLVED_COLUMNS
    data = {name: np.array([r[i] for r in rows], dtype=object) for i, name in enumerate(columns)}
    con.register(f"{target}_view", data)
    casts = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in KEY_COLUMNS + ("kind", "r_missing", "r_notes"))
    numbers = ", ".join(f"CAST({c} AS DECIMAL(18,6)) AS {c}" for c in ("r_target", "r_actual", "r_nature", "r_grade"))
    run(con, f"CREATE TEMP TABLE {target} AS SELECT {casts}, {numbers} FROM {target}_view")
    con.unregister(f"{target}_view")
