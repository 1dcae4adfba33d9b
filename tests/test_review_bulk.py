"""Province-scale triage on DuckDB: planted patterns recovered, SQL and Python rules agree, analysis + FDP export."""
from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.review.bulk import filings_from_tables, triage_tables
from jixiao.review.packs import get_pack
from jixiao.review.synth import EXPECTED, RATES, synthesise_province
from jixiao.review.triage import run_rules
from jixiao.review.view import UnitView


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    folder = tmp_path_factory.mktemp("province")
    synthesise_province(str(folder), units=240, projects=3000, seed=5)
    return folder


def _planted(folder):
    rows = duckdb.sql(f"SELECT project_id, pattern FROM '{folder}/planted.parquet'").fetchall()
    out: dict[str, set[str]] = {}
    for pid, pattern in rows:
        out.setdefault(pattern, set()).add(pid)
    return out


def test_triage_recovers_every_planted_pattern_and_nothing_else(province, tmp_path):
    pack = get_pack(None, "warnings")
    result = triage_tables(str(province), pack, str(tmp_path / "out"))
    assert (result.units, result.projects) == (240, 3000)
    planted = _planted(province)
    assert set(planted) == set(RATES)
    for pattern, rate in RATES.items():                 # planted near its rate (per project; all_full per unit)
        if pattern != "all_full":
            assert abs(len(planted[pattern]) / 3000 - rate) < 0.03, pattern
    flags = duckdb.sql(f"SELECT rule_id, project_id FROM '{tmp_path}/out/flags.parquet'").fetchall()
    for rule in pack.rules:
        flagged = {pid for rid, pid in flags if rid == rule.id}
        expected = set().union(*(planted[p] for p in EXPECTED[rule.id]))
        assert flagged == expected, rule.id


def test_sql_and_python_rules_flag_the_same_cells(province):
    pack = get_pack(None, "warnings")
    con = duckdb.connect()
    triage_tables(str(province), pack, con=con)
    sql = {(r, p, s) for r, p, s in con.execute("SELECT rule_id, project_id, seq FROM flags").fetchall()}
    units = list(filings_from_tables(str(province)))
    ids = {u: [pid for (pid,) in con.execute("SELECT project_id FROM projects WHERE unit_id = ? ORDER BY row_no", [u]).fetchall()]
           for u, _ in units}
    python = set()
    for k, flag in run_rules([UnitView(f) for _, f in units], pack, with_unit=True):
        python.add((flag.rule_id, ids[units[k][0]][flag.index], flag.indicator))
    assert python == sql
    some = next(f for _, f in run_rules([UnitView(units[0][1])], pack, with_unit=True))
    assert all(c.source.locator.startswith("第") for c in some.cells)        # cites table row and column


def test_cli_bulk_triage_writes_results_and_a_valid_fiscal_data_package(province, tmp_path):
    from frictionless import Package

    out, analysis = tmp_path / "out", tmp_path / "analysis"
    result = CliRunner().invoke(main, ["review", "triage", str(province), "--out", str(out), "--analysis", str(analysis),
                                       "--share", "0.1", "--random-share", "0.05", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["units"] == 240 and data["flags"] > 0
    kinds = dict(duckdb.sql(f"SELECT kind, count(*) FROM '{out}/sample.parquet' GROUP BY 1").fetchall())
    assert kinds == {"risk": 24, "random": 12}
    report = Package(str(analysis / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    fields = {f["name"]: f for f in json.loads((analysis / "datapackage.json").read_text())["resources"][0]["schema"]["fields"]}
    assert fields["budget"]["columnType"] == "value"
    assert duckdb.sql(f"SELECT count(*) FROM '{analysis}/analysis.parquet'").fetchall()[0][0] == 240


def test_inflation_index_is_zero_for_clean_units_and_positive_where_scores_were_inflated(province):
    from jixiao.review.analysis import unit_analysis

    con = duckdb.connect()
    triage_tables(str(province), get_pack(None, "warnings"), con=con)
    unit_analysis(con, get_pack(None, "kouj"))
    planted = _planted(province)
    inflated = planted["prose"] | planted["sat_no_survey"] | planted["unmet_full"]
    gaps = dict(con.execute("SELECT project_id, sum(self_c - review_c) FROM est GROUP BY 1").fetchall())
    assert all(gaps[p] > 0 for p in inflated)
    assert all(g == 0 for p, g in gaps.items() if p not in inflated)


def test_score_ahead_falls_back_to_stated_totals_in_sql_and_python_alike(province, tmp_path):
    """Projects whose indicator rows are missing are judged from 总分 and 执行率得分, the same way in both engines."""
    import shutil

    folder = tmp_path / "partial"
    folder.mkdir()
    for name in ("units", "projects", "planted"):
        shutil.copy(province / f"{name}.parquet", folder / f"{name}.parquet")
    duckdb.execute(f"COPY (SELECT * FROM '{province}/indicators.parquet' WHERE right(project_id, 1) NOT IN ('1', '2', '3')) "
                   f"TO '{folder}/indicators.parquet' (FORMAT parquet)")
    pack = get_pack(None, "warnings")
    only = type(pack)(**{**pack.__dict__, "rules": tuple(r for r in pack.rules if r.id == "REV-W-SCORE-AHEAD")})
    con = duckdb.connect()
    triage_tables(str(folder), only, con=con)
    sql = {p for (p,) in con.execute("SELECT project_id FROM flags").fetchall()}
    assert sql == _planted(province)["exec_low"]                        # rows or totals, the same projects
    units = list(filings_from_tables(str(folder)))
    ids = {u: [pid for (pid,) in con.execute("SELECT project_id FROM projects WHERE unit_id = ? ORDER BY row_no", [u]).fetchall()]
           for u, _ in units}
    python = {ids[units[k][0]][f.index] for k, f in run_rules([UnitView(f) for _, f in units], only, with_unit=True)}
    assert python == sql
    by_totals = [f for k, f in run_rules([UnitView(f) for _, f in units], only, with_unit=True)
                 if ids[units[k][0]][f.index][-1] in "123"]
    assert by_totals and all("总分" in f.cells[0].label for f in by_totals)


def test_a_table_without_its_columns_is_unusable_input_naming_them(province, tmp_path):
    import shutil

    folder = tmp_path / "old"
    folder.mkdir()
    for name in ("units", "indicators"):
        shutil.copy(province / f"{name}.parquet", folder / f"{name}.parquet")
    duckdb.execute(f"COPY (SELECT * EXCLUDE (exec_score) FROM '{province}/projects.parquet') TO '{folder}/projects.parquet' (FORMAT parquet)")
    out = CliRunner().invoke(main, ["review", "triage", str(folder)])
    assert out.exit_code == 2 and "exec_score" in out.output and "Traceback" not in out.output
