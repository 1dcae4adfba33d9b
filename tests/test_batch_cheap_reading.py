"""The staged view reads a text column of published points by one cast only where that cast agrees with
the full reading (number tests, slow route, 不适用 words) on every value the column holds."""
from __future__ import annotations

from jixiao.batch.db import connect
from jixiao.batch.read import read_all
from jixiao.batch.stage_common import published_points
from jixiao.batch.typed import TypedSelect

ROWS = [  # (plain column: numbers and 不适用 only, odd column: one cell the cast reads wrongly)
    ("4.00", "3"), ("不适用", "1e1"), (None, "2.5"), ("2.5", "不适用"), ("0", "１２"), ("4.5", "3.0000001"),
]


def _staged(tmp_path):
    con = connect(1)
    path = tmp_path / "projects.parquet"
    values = ", ".join(f"('P{i}', {_lit(a)}, {_lit(b)})" for i, (a, b) in enumerate(ROWS))
    con.execute(f"COPY (SELECT * FROM (VALUES {values}) t(project_id, \"a.published\", \"b.published\")) "
                f"TO '{path}' (FORMAT parquet)")
    raw = read_all(con, [str(path)])[0]
    typed = TypedSelect(raw)
    for crit in ("a", "b"):
        published_points(raw, f"{crit}.published", crit, typed)
    typed.create(con, "typed_t", "__row", "TRUE", view=True)
    findings = typed.findings(con, "typed_t")
    rows = con.execute('SELECT "a.published", "a.na", "b.published", "b.na" FROM typed_t ORDER BY __row').fetchall()
    return typed, findings, rows


def _lit(value):
    return "NULL" if value is None else "'" + value + "'"


def test_cast_used_only_where_it_agrees(tmp_path):
    typed, findings, rows = _staged(tmp_path)
    assert typed.cheapened == ["a.published"]          # the odd column keeps the full reading
    from decimal import Decimal as D
    assert [(r[0], r[1]) for r in rows] == [(D("4"), False), (None, True), (None, False), (D("2.5"), False),
                                            (D("0"), False), (D("4.5"), False)]
    # the full reading of the odd column: 1e1 and 3.0000001 refused (a cast would give 10 and 3.000000),
    # full-width digits read as 12 (a cast gives nothing), 不适用 a word
    assert [(r[2], r[3]) for r in rows] == [(D("3"), False), (None, False), (D("2.5"), False), (None, True),
                                            (D("12"), False), (None, False)]
    bad = [(f.source.locator, "b.published" in f.message) for f in findings if f.rule_id == "BATCH-BAD-VALUE"]
    assert sorted(bad) == [("第2行", True), ("第6行", True)]
