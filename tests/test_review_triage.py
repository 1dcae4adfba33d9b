"""Triage on the two example filings (S0, S4): flags, the cells they cite, risk and sampling."""
from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.pipeline import load_and_validate
from jixiao.review.packs import get_pack
from jixiao.review.triage import sample, triage_units

S0 = "examples/zhanyi-xinfang-2023.yaml"
S4 = "examples/yanjiang-xinfang-2022.yaml"


@pytest.fixture(scope="module")
def pack():
    return get_pack(None, "warnings")


@pytest.fixture(scope="module")
def s0():
    return load_and_validate(S0).filing


@pytest.fixture(scope="module")
def s4():
    return load_and_validate(S4).filing


def test_every_s0_project_at_100_is_flagged_for_full_marks_prose_actuals_and_copied_goals(pack, s0):
    result = triage_units([s0], pack)
    unit = result.units[0]
    assert [p.self_total for p in unit.projects] == ["100", "100", "100"]
    for project in unit.projects:
        assert project.level in ("red", "yellow")
        rules = {f.rule_id for f in project.flags}
        assert {"REV-W-ALL-FULL", "REV-W-PROSE-ACTUAL", "REV-W-GOAL-COPIED", "REV-W-SATISFACTION-NO-SURVEY"} <= rules
        assert "REV-W-FULL-UNMET" not in rules      # no numeric actual below its target in S0


def test_each_flag_cites_its_rule_and_the_cells_it_read(pack, s0):
    sources = {(s.doc, s.locator) for s in s0.sources.values()}
    for flag in triage_units([s0], pack).flags:
        assert flag.rule_source and flag.rule_id.startswith("REV-W-")
        assert flag.cells, flag
        for cell in flag.cells:
            assert cell.value.strip()
            assert (cell.source.doc, cell.source.locator) in sources
    goal = next(f for f in triage_units([s0], pack).flags if f.rule_id == "REV-W-GOAL-COPIED")
    assert [c.source.locator for c in goal.cells] == ["L59", "L60"]


def test_a_flag_does_not_fire_when_one_of_its_inputs_is_absent(pack, s0):
    project = s0.projects[0]
    rows = list(project.indicators)
    rows[1] = replace(rows[1], score=None)           # the prose-actual row without its score
    rows[3] = replace(rows[3], actual=None)          # the satisfaction row without its actual
    changed = replace(s0, projects=(replace(project, indicators=tuple(rows)),) + s0.projects[1:])
    flags = [f for f in triage_units([changed], pack).flags if f.project == project.name]
    prose = [f for f in flags if f.rule_id == "REV-W-PROSE-ACTUAL"]
    assert prose == []                               # row 1 lacks its score, row 3 its actual
    assert not any(f.rule_id == "REV-W-SATISFACTION-NO-SURVEY" for f in flags)


def test_s4_scorecards_raise_no_indicator_flags_without_target_tables(pack, s4):
    result = triage_units([s4], pack)
    assert len(result.units[0].projects) == 8
    assert not any(f.indicator is not None for f in result.flags)     # S4 has no 2020 target tables


def test_checks_add_to_risk_and_units_rank_by_risk(pack, s0, s4):
    from jixiao.checks import check_filing

    checks = [check_filing(s0).findings, check_filing(s4).findings]
    result = triage_units([s0, s4], pack, checks)
    assert [u.risk for u in result.units] == sorted((u.risk for u in result.units), reverse=True)
    plain = triage_units([s0, s4], pack)
    assert sum(u.risk for u in result.units) > sum(u.risk for u in plain.units)


def test_sampling_takes_the_riskiest_share_and_a_reproducible_random_share(pack, s0, s4):
    result = triage_units([s0, s4], pack)
    picks = sample(result, "projects", Decimal("0.25"), Decimal("0.25"), seed=7)
    risky = [p for p in picks if p.kind == "risk"]
    assert len(risky) == 3 and all(p.unit == "曲靖市沾益区信访局" for p in risky)
    again = sample(result, "projects", Decimal("0.25"), Decimal("0.25"), seed=7)
    assert [(p.unit, p.project) for p in again] == [(p.unit, p.project) for p in picks]
    other = sample(result, "projects", Decimal("0.25"), Decimal("0.25"), seed=8)
    assert len([p for p in other if p.kind == "random"]) == 3
    money = sample(result, "money", Decimal("0.5"))
    assert money and all(p.risk > 0 for p in money)


def test_cli_triage_json_and_bad_share():
    runner = CliRunner()
    out = runner.invoke(main, ["review", "triage", S0, "--json", "--basis", "projects", "--share", "100%"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert len(data["sample"]["picks"]) == 3
    flag = data["units"][0]["projects"][0]["flags"][0]
    assert flag["cells"] and flag["rule_source"]
    bad = runner.invoke(main, ["review", "triage", S0, "--share", "2"])
    assert bad.exit_code == 2 and "--share" in bad.output
    missing = runner.invoke(main, ["review", "triage", "no/such/folder"])
    assert missing.exit_code == 2 and "找不到" in missing.output


def test_published_reports_join_the_ranking_by_their_audit_findings(tmp_path):
    report = tmp_path / "某局决算说明.txt"
    report.write_text("本单位本年支出合计100.00万元，其中基本支出70.00万元，项目支出40.00万元。\n", encoding="utf-8")
    clean = tmp_path / "另一局决算说明.txt"
    clean.write_text("本单位本年支出合计100.00万元，其中基本支出70.00万元，项目支出30.00万元。\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["review", "triage", str(tmp_path), S0, "--no-checks", "--json"])
    assert out.exit_code == 0, out.output
    units = {u["doc"]: u for u in json.loads(out.output)["units"]}
    wrong, right = units[str(report)], units[str(clean)]
    assert wrong["risk"] == 2 and [c["rule_id"] for c in wrong["projects"][0]["checks"]] == ["AUDIT-SUM"]
    assert right["risk"] == 0 and right["projects"][0]["flags"] == []
