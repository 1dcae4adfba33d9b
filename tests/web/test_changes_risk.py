"""与上年比较 and the risk score, on SQLite and PostgreSQL.

The reviewer's unit page compares a filing with the same unit's approved filing of the year before
(or with the 上年数 the filing itself states); the reviewer's list shows each unit's risk, kept when the
version was checked, and sorts by it without re-checking anything.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from jixiao.web.changes import MISSING, compare

ROOT = Path(__file__).resolve().parents[2]

FILING = """schema: jixiao.filing/1
money_unit: 万元
unit:
  code: "{code}"
  name: {name}
  year: {year}
  region: {region}
  province: 四川
accounts:
{accounts}"""


def _filing(site, unit: str, year: int, accounts: str) -> bytes:
    u = site.units[unit]
    return FILING.format(code=u.code, name=u.name, region=u.region, year=year, accounts=accounts).encode()


def _upload(client, fid: int, name: str, data: bytes) -> None:
    version = client.get(f"/api/filings/{fid}").json()["version"]
    r = client.post(f"/filings/{fid}/upload", data={"csrf": client.csrf, "version": str(version)},
                    files={"files": (name, data)}, follow_redirects=False)
    assert r.status_code == 303, r.text[-500:]


# ---- the comparison itself ---------------------------------------------------------------------

def test_compare_lists_changed_and_missing_figures_only():
    this = {"a": {"name": "甲", "value": "230.25", "source": "L1"},
            "b": {"name": "乙", "value": "150.00", "source": "L2"},
            "d": {"name": "丁", "value": "5", "source": "L4"},
            "z": {"name": "零", "value": "3", "source": "L5"}}
    last = {"a": {"name": "甲", "value": "200.00", "source": "L1"},
            "b": {"name": "乙", "value": "150", "source": "L2"},        # the same figure, written differently
            "c": {"name": "丙", "value": "50.00", "source": "L3"},
            "z": {"name": "零", "value": "0", "source": "L5"}}
    rows = {r["key"]: r for r in compare(this, last)}
    assert set(rows) == {"a", "c", "d", "z"}
    assert (rows["a"]["prior"], rows["a"]["current"], rows["a"]["change"], rows["a"]["rate"]) == \
        ("200.00", "230.25", "30.25", "15.13%")                        # 30.25 / 200 = 15.125 → 15.13 (half-up)
    assert (rows["c"]["prior"], rows["c"]["current"], rows["c"]["change"]) == ("50.00", MISSING, "")
    assert (rows["d"]["prior"], rows["d"]["current"], rows["d"]["change"]) == (MISSING, "5", "")
    assert rows["z"]["change"] == "3" and rows["z"]["rate"] == "上年为0，无法计算"
    assert all(r["basis"] == "上年填报" for r in rows.values())


def test_compare_names_a_stated_prior_that_last_years_filing_contradicts():
    this = {"a": {"name": "甲", "value": "120", "source": "L1", "prior": "95", "prior_source": "L2"},
            "b": {"name": "乙", "value": "80", "source": "L3", "prior": "75", "prior_source": "L4"},
            "c": {"name": "丙", "value": "7", "source": "L5", "prior": "7", "prior_source": "L6"}}
    last = {"a": {"name": "甲", "value": "100", "source": "L9"}, "b": {"name": "乙", "value": "80", "source": "L8"},
            "c": {"name": "丙", "value": "7.00", "source": "L7"}}
    rows = {r["key"]: r for r in compare(this, last)}
    assert set(rows) == {"a", "b"}                         # c: same figure, same 上年数 → not listed
    assert (rows["a"]["prior"], rows["a"]["change"], rows["a"]["stated_prior"], rows["a"]["stated_prior_source"]) == \
        ("100", "20", "95", "L2")                          # compared with last year's filing, not the stated 95
    assert (rows["b"]["prior"], rows["b"]["current"], rows["b"]["change"], rows["b"]["rate"]) == ("80", "80", "0", "0.00%")
    assert rows["b"]["stated_prior"] == "75"               # unchanged, but listed: its stated 上年数 is not 80


def test_compare_without_last_year_uses_the_filings_own_prior_figures():
    this = {"a": {"name": "甲", "value": "100", "source": "L1", "prior": "80", "prior_source": "L2"},
            "b": {"name": "乙", "value": "7", "source": "L3", "prior": "7", "prior_source": "L4"},
            "c": {"name": "丙", "value": "9", "source": "L5"}}                # no 上年数: nothing to compare
    rows = compare(this, None)
    assert [(r["key"], r["prior"], r["current"], r["change"], r["rate"], r["basis"], r["prior_source"])
            for r in rows] == [("a", "80", "100", "20", "25.00%", "本填报所列上年数", "L2")]


def test_change_arithmetic_lives_in_relations():
    from jixiao.relations import change

    assert change(Decimal("230.25"), Decimal("200.00")) == (Decimal("30.25"), Decimal("15.125"))
    assert change(Decimal("3"), Decimal("0")) == (Decimal("3"), None)
    source = (ROOT / "src" / "jixiao" / "web" / "changes.py").read_text(encoding="utf-8")
    body = source.split("def compare", 1)[1].split("\ndef ", 1)[0]
    assert "from jixiao.relations import change" in body and " - " not in body and " / " not in body


# ---- the unit page and the API -----------------------------------------------------------------

LAST_YEAR = """  totals:
    expenditure_total:
      amount: 200.00
  expenditure:
    basic:
      amount: 150.00
    project:
      amount: 50.00
"""
THIS_YEAR = """  totals:
    expenditure_total:
      amount: 230.25
  expenditure:
    basic:
      amount: 150.00
      prior: 140.00
    business:
      amount: 5
"""


def test_differences_from_last_year(site):
    from jixiao.store import filings as ops

    m = site.m
    with site.store.session() as db:
        rev = db.scalar(select(m.User).where(m.User.username == "rev"))
        task = ops.issue_task(db, rev, "2022年度决算公开", 2022, dt.date(2030, 5, 31), rev.region, [site.unit_ids["A"]])
        db.commit()
        old_id = db.scalar(select(m.Filing.id).where(m.Filing.task_id == task.id))
    head_a, rev_c = site.client("head-a"), site.client("rev")
    _upload(head_a, old_id, "2022.yaml", _filing(site, "A", 2022, LAST_YEAR))
    fid = site.filings["A"]
    _upload(head_a, fid, "2023.yaml", _filing(site, "A", 2023, THIS_YEAR))

    # last year's filing not yet approved: not compared; only the 上年数 this filing states
    data = rev_c.get(f"/api/filings/{fid}/changes").json()
    assert data["last"] is None
    assert [(r["name"], r["prior"], r["current"], r["change"], r["rate"], r["basis"]) for r in data["rows"]] == [
        ("部门决算·支出构成·基本支出·本年决算数", "140.00", "150.00", "10.00", "7.14%", "本填报所列上年数")]

    with site.store.session() as db:                         # the bureau approved last year's filing
        db.get(m.Filing, old_id).status = m.APPROVED
        db.commit()
    for client in (rev_c, head_a):                           # the same data to everyone who sees the filing
        data = client.get(f"/api/filings/{fid}/changes").json()
        assert data["last"]["filing"] == old_id and data["last"]["year"] == 2022
        rows = {r["name"]: (r["prior"], r["current"], r["change"], r["rate"]) for r in data["rows"]}
        assert rows == {"部门决算·收支总体·本年支出合计·本年决算数": ("200.00", "230.25", "30.25", "15.13%"),
                        "部门决算·支出构成·项目支出·本年决算数": ("50.00", MISSING, "", ""),
                        "部门决算·支出构成·经营支出·本年决算数": (MISSING, "5", "", ""),
                        # unchanged, listed because this filing's 上年数 (140.00) is not last year's 150.00
                        "部门决算·支出构成·基本支出·本年决算数": ("150.00", "150.00", "0.00", "0.00%")}
        assert [r["stated_prior"] for r in data["rows"] if "stated_prior" in r] == ["140.00"]
    assert rev_c.get(f"/api/filings/{fid}").json()["changes"]["rows"] == data["rows"]

    page = rev_c.get(f"/filings/{fid}").text
    table = page[page.index('id="changes-table"'):]
    table = table[:table.index("</table>")]
    assert "与上年比较" in page and "2022 年度已审核的填报" in page
    for text in ("本年支出合计", "200.00", "230.25", "30.25", "15.13%", "项目支出", "经营支出", MISSING,
                 "本填报所列上年数为 140.00"):
        assert text in table, text

    # unit B: no filing of 2022, but its own filing states 上年数
    b = _filing(site, "B", 2023, "  expenditure:\n    basic:\n      amount: 100\n      prior: 80\n")
    head_b = site.client("head-b")
    _upload(head_b, site.filings["B"], "b.yaml", b)
    data = rev_c.get(f"/api/filings/{site.filings['B']}/changes").json()
    assert data["last"] is None
    assert [(r["name"], r["prior"], r["current"], r["change"], r["rate"], r["basis"]) for r in data["rows"]] == [
        ("部门决算·支出构成·基本支出·本年决算数", "80", "100", "20", "25.00%", "本填报所列上年数")]
    assert "本填报所列上年数" in rev_c.get(f"/filings/{site.filings['B']}").text


def test_risk_score_kept_at_check_and_sorted_in_the_list(site, monkeypatch):
    from jixiao.findings import UnusableInput
    from jixiao.pipeline import load_and_validate, with_checks
    from jixiao.review.packs import get_pack
    from jixiao.review.triage import triage_units

    example = ROOT / "examples" / "zhanyi-xinfang-2023.yaml"
    run = load_and_validate(str(example))             # what `jixiao review triage` computes for this filing
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    with_checks(run)
    expected = triage_units([run.filing], get_pack(None, "warnings"), [run.findings]).units[0]
    expected_ids = sorted({f.rule_id for p in expected.projects for f in p.flags})
    assert expected.risk > 0 and expected_ids

    rev, head_a, head_b = site.client("rev"), site.client("head-a"), site.client("head-b")
    _upload(head_a, site.filings["A"], "a.yaml", site.min_filing("A"))
    _upload(head_b, site.filings["B"], example.name, example.read_bytes())
    fa, fb = site.filings["A"], site.filings["B"]

    risk = rev.get(f"/api/filings/{fb}/risk").json()
    assert (risk["score"], risk["level"]) == (expected.risk, expected.level)
    assert sorted({f["rule_id"] for f in risk["flags"]}) == expected_ids
    a_risk = rev.get(f"/api/filings/{fa}/risk").json()
    assert a_risk["score"] < expected.risk

    # the list does not re-check: with checking broken, it still shows and sorts by the stored scores
    from jixiao.web import checking

    def broken(*a, **k):
        raise AssertionError("the list must not re-check a filing")
    monkeypatch.setattr(checking, "check_bytes", broken)
    monkeypatch.setattr(checking, "risk_of", broken)

    api = rev.get("/api/filings").json()["filings"]
    assert [f["id"] for f in api] == [fa, fb]                        # by deadline, then unit code
    api = rev.get("/api/filings?sort=risk").json()["filings"]
    assert [f["id"] for f in api] == [fb, fa]
    assert api[0]["risk"] == {"score": expected.risk, "level": expected.level}

    page = rev.get("/review?sort=risk").text
    assert page.index(site.units["B"].name) < page.index(site.units["A"].name)
    level = {"red": "红色预警", "yellow": "黄色预警", "green": "无红黄预警"}[expected.level]
    assert f"{level} {expected.risk}" in page
    page = rev.get("/review").text
    assert page.index(site.units["A"].name) < page.index(site.units["B"].name)

    unit_page = rev.get(f"/filings/{fb}").text
    assert 'id="risk-score">' + str(expected.risk) in unit_page
    for rule_id in expected_ids:
        assert rule_id in unit_page

    # the bureau's risk is the reviewer's: the unit sees its differences, not its score
    assert head_b.get(f"/api/filings/{fb}/risk").status_code == 403
    assert "risk" not in head_b.get(f"/api/filings/{fb}").json()
    assert all("risk" not in f for f in head_b.get("/api/filings").json()["filings"])
    assert 'id="risk-score"' not in head_b.get(f"/filings/{fb}").text


def test_versions_checked_before_scoring_show_as_unscored(site):
    from jixiao.store import filings as ops

    m = site.m
    with site.store.session() as db:
        filing = db.get(m.Filing, site.filings["A"])
        user = db.scalar(select(m.User).where(m.User.username == "head-a"))
        ops.add_version(db, user, filing, filing.lock_version, sha256=site.store.blobs.put(site.min_filing("A")),
                        size=1, filename="a.yaml", findings=[])              # as a version stored before 0003
        db.commit()
    rev = site.client("rev")
    assert rev.get(f"/api/filings/{site.filings['A']}/risk").json() == {"score": None, "level": None, "flags": []}
    assert rev.get(f"/api/filings/{site.filings['A']}/changes").json()["rows"] == []
    assert "未评分" in rev.get("/review").text
    page = rev.get(f"/filings/{site.filings['A']}").text
    assert "尚未计算风险分" in page and "尚未记录数值" in page


def test_migration_0003_upgrades_a_store_with_filings(db_url, tmp_path):
    """A store made at 0002 with a checked filing upgrades in place: its rows are kept, unscored."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect, text

    from jixiao.store.db import MIGRATIONS, make_engine, open_store

    engine = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    assert "risk_score" not in {c["name"] for c in inspect(engine).get_columns("filings")}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO units (id, code, name, region) VALUES (1, '900001', '示例单位', '某市')"))
        conn.execute(text("INSERT INTO users (id, username, display_name, password_hash, role, active, created_at) "
                          "VALUES (1, 'rev', '复核员', 'x', '财政复核员', true, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO tasks (id, title, year, deadline, region, status, created_by, created_at) "
                          "VALUES (1, '任务', 2023, '2031-05-31', '某市', '进行中', 1, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO filings (id, task_id, unit_id, status, lock_version, current_version, errors, "
                          "warnings, unexplained, updated_at) VALUES (1, 1, 1, '已送审', 3, 0, 0, 2, 0, CURRENT_TIMESTAMP)"))
    engine.dispose()
    store = open_store(tmp_path / "data", db_url)                 # upgrades to head
    try:
        from jixiao.store import models as m

        with store.session() as db:
            filing = db.get(m.Filing, 1)
            assert (filing.status, filing.lock_version, filing.warnings) == ("已送审", 3, 2)
            assert (filing.risk_score, filing.risk_level) == (None, None)
        assert {"risk_score", "risk_level", "risk_flags", "figures"} <= \
            {c["name"] for c in inspect(store.engine).get_columns("filing_versions")}
    finally:
        store.close()
