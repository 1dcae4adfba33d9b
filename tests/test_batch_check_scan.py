"""The full mode's check of one project table in one scan (typed.TypedSelect._distinct_counts): an integer
column judged by the range of its values (an exact 0 when no whole number in it is a bad cell, else counted
over its distinct values), and the rows without a project id and the repeated ids counted in that same scan.
The findings are those the data has, wherever the bad cells are."""
from __future__ import annotations

import pytest

from jixiao.batch.run import score_batch

COLUMNS = ("project_id", "year", "setup_compliance.item_1", "setup_compliance.item_2", "setup_compliance.item_3",
           "goal_reasonableness.item_1", "funds_arrival.rate")


def _write(tmp_path, rows, types):
    import duckdb

    path = tmp_path / "data" / "projects.parquet"
    path.parent.mkdir()
    values = ", ".join("(" + ", ".join("NULL" if v is None else (f"'{v}'" if isinstance(v, str) else str(v)) for v in row) + ")"
                       for row in rows)
    cols = ", ".join(f'CAST(c{i} AS {t}) AS "{name}"' for i, (name, t) in enumerate(zip(COLUMNS, types)))
    names = ", ".join(f"c{i}" for i in range(len(COLUMNS)))
    duckdb.connect().execute(f"COPY (SELECT {cols} FROM (VALUES {values}) t({names})) TO '{path}' (FORMAT parquet)")
    return str(path.parent)


TYPES = ("VARCHAR", "INTEGER", "INTEGER", "TINYINT", "BIGINT", "INTEGER", "DECIMAL(18,2)")


def _found(tmp_path, rows, types=TYPES):
    result = score_batch([_write(tmp_path, rows, types)], "sichuan-2022-project", str(tmp_path / "out.parquet"))
    return sorted((f.rule_id, f.source.locator, f.source.column if hasattr(f.source, "column") else "")
                  for f in result.findings if f.severity.value == "error"), result


def test_clean_integer_columns_give_no_finding(tmp_path):
    rows = [(f"P{i}", 2022, 1, 0, 1, None, 99.5) for i in range(30)]     # one flag column holds no value at all
    found, result = _found(tmp_path, rows)
    assert found == [] and result.projects == 30


def test_bad_cells_in_integer_columns_are_found_at_their_rows(tmp_path):
    rows = [(f"P{i}", 2022, 1, 0, 1, 1, 80) for i in range(30)]
    rows[3] = ("P3", 1900, 1, 0, 1, 1, 80)           # a year outside 1950–2100
    rows[7] = ("P7", 2022, 2, 0, 1, 1, 80)           # a flag 2
    rows[8] = ("P8", 2022, 1, 0, -1, 1, 80)          # a flag -1
    rows[9] = ("P9", 2022, 1, 0, 10 ** 12, 1, 80)    # far out of range: counted over the distinct values
    found, result = _found(tmp_path, rows)
    bad = [(rule, loc) for rule, loc, _ in found]
    assert bad == sorted([("BATCH-BAD-VALUE", "第4行"), ("BATCH-BAD-VALUE", "第8行"), ("BATCH-BAD-VALUE", "第9行"),
                          ("BATCH-BAD-VALUE", "第10行")])
    assert result.projects == 30


def test_missing_and_repeated_ids_counted_in_the_same_scan(tmp_path):
    rows = [(f"P{i}", 2022, 1, 0, 1, 1, 80) for i in range(30)]
    rows[4] = (None, 2022, 1, 0, 1, 1, 80)
    rows[5] = ("  ", 2022, 3, 0, 1, 1, 80)           # blank id: left out, its bad flag not counted
    rows[6] = ("P1", 2022, 1, 0, 1, 1, 80)           # P1 again
    rows[12] = (" P2 ", 2022, 1, 0, 1, 1, 80)        # P2 again, once trimmed
    found, result = _found(tmp_path, rows)
    assert [(rule, loc) for rule, loc, _ in found] == sorted([
        ("BATCH-MISSING-ID", "第5行"), ("BATCH-MISSING-ID", "第6行"),
        ("BATCH-DUPLICATE-PROJECT", "第7行"), ("BATCH-DUPLICATE-PROJECT", "第13行")])
    assert result.projects == 26


@pytest.mark.parametrize("flag", [2, 5000])
def test_a_range_too_wide_or_holding_a_bad_value_is_counted_over_its_values(tmp_path, flag):
    rows = [(f"P{i}", 2022, 1, 0, 1, 1, 80) for i in range(30)]
    rows[20] = ("P20", 2022, 1, flag, 1, 1, 80)
    rows[21] = ("P21", 2022, 1, flag, 1, 1, 80)
    found, _ = _found(tmp_path, rows, TYPES[:3] + ("INTEGER",) + TYPES[4:])
    assert [(rule, loc) for rule, loc, _ in found] == [("BATCH-BAD-VALUE", "第21行"), ("BATCH-BAD-VALUE", "第22行")]


def test_a_number_column_judged_by_its_ends(tmp_path):
    """A DECIMAL column with at most 6 decimals reads well exactly within ±10^9 (one interval): no finding when
    its least and greatest value read well; when one does not, its cells are counted row by row."""
    rows = [(f"P{i}", 2022, 1, 0, 1, 1, 50 + i) for i in range(30)]
    found, _ = _found(tmp_path / "a", rows) if (tmp_path / "a").mkdir() is None else None
    assert found == []
    rows[10] = ("P10", 2022, 1, 0, 1, 1, 1234567890)
    rows[11] = ("P11", 2022, 1, 0, 1, 1, -1000000000)
    found, _ = _found(tmp_path / "b", rows) if (tmp_path / "b").mkdir() is None else None
    assert [(rule, loc) for rule, loc, _ in found] == [("BATCH-BAD-VALUE", "第11行"), ("BATCH-BAD-VALUE", "第12行")]
