"""`jixiao check`: output shape, exit codes, --strict, --pack, --prior, and one list with scoring."""
from __future__ import annotations

import json
import os
import re
import textwrap

import pytest

from jixiao.checks import merge as M
from jixiao.checks.run import CheckRun
from jixiao.findings import Severity, error, warning
from jixiao.model.source import Source

from conftest import example

LINE = re.compile(r"^  \S+:(L\d+|\S+!\w+): [A-Z][A-Z0-9-]+ (错误|警告|提示): \S")

LAST_YEAR = """\
unit: {name: 甲局, year: 2021, province: 湖南}
accounts:
  totals:
    income_grand_total: {amount: 735.30}
  sangong:
    total: {amount: 2.76}
  operating_costs: {amount: 25.65}
"""

THIS_YEAR = """\
unit: {name: 甲局, year: 2022, province: 湖南}
accounts:
  totals:
    income_grand_total: {amount: 717.21, prior: 753.30}
  sangong:
    total:
      amount: 2.04
      published: {sangong_component_change: "减少0.72万元", sangong_component_change_rate: "下降26.1%"}
  basic: {public: {amount: 32.45}}
  operating_costs:
    amount: 32.45
    published: {operating_costs_change: "增加6.8万元", operating_costs_change_rate: "增加25.5%"}
department:
  inputs: {sangong_prior_actual: 2.67}
"""


def _json(result):
    return json.loads(result.output)


def _lines(path: str, needle: str) -> int:
    for number, line in enumerate(open(path, encoding="utf-8"), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_text_output_is_grouped_by_severity_one_finding_per_line(cli):
    result = cli("check", example("yanjiang-xinfang-2022.yaml"))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    headings = [line for line in lines if line.startswith("【")]
    assert headings[:3] == [h for h in headings[:3] if h[1:3] in ("错误", "警告", "提示")]
    assert [h[1:3] for h in headings if h[1:3] in ("错误", "警告", "提示")] == ["错误", "警告", "提示"]
    findings = [line for line in lines if line.startswith("  ") and ": CHK-" in line]
    assert findings and all(LINE.match(line) for line in findings)
    assert any("【公开完整性】" in line for line in lines)


def test_json_output_has_findings_and_completeness(cli):
    result = cli("check", example("zhanyi-xinfang-2023.yaml"), "--json")
    assert result.exit_code == 1
    data = _json(result)
    assert {"findings", "completeness"} <= set(data)
    first = data["findings"][0]
    assert {"rule_id", "severity", "message", "source"} <= set(first)
    assert data["completeness"]["score"] and "missing" in data["completeness"]


def test_exit_codes_strict_and_unknown_pack(cli, write_filing):
    clean = write_filing("unit: {name: 甲局, year: 2022}\naccounts: {totals: {income_grand_total: {amount: 1}, expenditure_grand_total: {amount: 1}}}\n", "clean.yaml")
    result = cli("check", clean)
    assert result.exit_code == 0 and "未发现问题" in result.output
    warned = write_filing(textwrap.dedent("""\
        unit: {name: 甲局, year: 2022, kind: 行政}
        accounts: {operating_costs: {amount: 30}, basic: {public: {amount: 32.45}}}
        """), "warned.yaml")
    assert cli("check", warned).exit_code == 0
    strict = cli("check", warned, "--strict", "--json")
    assert strict.exit_code == 1
    assert {f["severity"] for f in _json(strict)["findings"]} == {"error"}
    assert cli("check", clean, "--pack", "no-such-pack").exit_code == 2
    assert cli("check", "no-such-file.yaml").exit_code == 2


def test_a_pack_file_can_extend_the_bundled_ones(cli, write_filing, tmp_path):
    pack = tmp_path / "mine.yaml"
    pack.write_text("pack: mine\nextends: base\ndisable: [CHK-K14-OPERATING-COSTS]\nchecks: []\n", encoding="utf-8")
    warned = write_filing("unit: {name: 甲局, year: 2022, kind: 行政}\naccounts: {operating_costs: {amount: 30}, basic: {public: {amount: 32.45}}}\n")
    data = _json(cli("check", warned, "--pack", str(pack), "--json"))
    assert data["pack"] == "mine"
    assert "CHK-K14-OPERATING-COSTS" not in {f["rule_id"] for f in data["findings"]}


def test_prior_year_figures_are_checked_against_last_years_filing(cli, write_filing):
    last = write_filing(LAST_YEAR, "2021.yaml")
    this = write_filing(THIS_YEAR, "2022.yaml")
    alone = {f["rule_id"] for f in _json(cli("check", this, "--json"))["findings"]}
    assert "CHK-K17-CHANGE-PAIRS" in alone                 # 6.8 on 32.45 gives 26.5%, not 25.5%
    assert not {"CHK-PRIOR-FIGURES", "CHK-PRIOR-CHANGES"} & alone
    result = cli("check", this, "--prior", last, "--json")
    assert result.exit_code == 1
    found = {(f["rule_id"], f["source"]["locator"]): f for f in _json(result)["findings"]}
    stated_prior = f"L{_lines(this, 'prior: 753.30')}"
    prior_figure = found[("CHK-PRIOR-FIGURES", stated_prior)]
    assert prior_figure["related"][0] == {"doc": os.path.basename(last), "locator": f"L{_lines(last, '735.30')}"}
    assert ("CHK-PRIOR-FIGURES", f"L{_lines(this, 'sangong_prior_actual')}") in found
    rate_line = f"L{_lines(this, 'operating_costs_change_rate')}"
    assert ("CHK-PRIOR-CHANGES", rate_line) in found       # 6.8 on last year's 25.65 is 26.5%
    assert not any(k[0] == "CHK-PRIOR-CHANGES" and k[1] != rate_line for k in found)   # 三公 −0.72/−26.1% is right


# ---------------------------------------------------------------- one list with scoring

def _run_with(*findings, kinds=None) -> CheckRun:
    from jixiao.checks import load_library

    run = CheckRun(load_library().packs["base"], list(findings))
    run.kinds = kinds or {}
    return run


def test_scoring_and_checks_are_merged_without_duplicates():
    where = Source("f.yaml", "L514")
    mine_total = error("CHK-SCORE-TOTAL", "总分不符", where)
    mine_rate = error("CHK-RATE-PROJECT", "比率不符（可能原因……）", Source("f.yaml", "L97"))
    run = _run_with(mine_total, mine_rate, kinds={("CHK-SCORE-TOTAL", str(where)): "score-total",
                                                  ("CHK-RATE-PROJECT", "f.yaml:L97"): "rate"})
    scoring = [error("SCORE-TOTAL-MISMATCH", "总分不符", where),
               error("SCORE-RATE-MISMATCH", "比率不符", Source("f.yaml", "L97")),
               warning("SCORE-ITEM-UNREACHABLE", "不可能的得分", Source("f.yaml", "L20"))]
    merged = M.merge(run, scoring)
    assert sorted(f.rule_id for f in merged) == ["CHK-RATE-PROJECT", "SCORE-ITEM-UNREACHABLE", "SCORE-TOTAL-MISMATCH"]


def test_the_same_relation_at_another_source_is_kept_on_both_sides():
    run = _run_with(error("CHK-SCORE-TOTAL", "总分不符", Source("f.yaml", "L514")),
                    kinds={("CHK-SCORE-TOTAL", "f.yaml:L514"): "score-total"})
    merged = M.merge(run, [error("SCORE-TOTAL-MISMATCH", "总分不符", Source("f.yaml", "L600"))])
    assert sorted(f.rule_id for f in merged) == ["CHK-SCORE-TOTAL", "SCORE-TOTAL-MISMATCH"]


def test_the_merge_table_names_registered_scoring_ids_and_the_kinds_check_functions_declare():
    from jixiao.checks import load_library
    from jixiao.scoring.rule_ids import RULE_IDS

    assert set(M.SCORING_RELATIONS) <= set(RULE_IDS)
    declared = {fn.kind for fn in load_library().functions.by_name.values() if fn.kind}
    assert set(M.SCORING_RELATIONS.values()) == set(M.REPORTED_BY) <= declared


def test_s4_scoring_and_check_findings_in_one_list_once_each(cli):
    data = _json(cli("check", example("yanjiang-xinfang-2022.yaml"), "--json"))
    at = {}
    for f in data["findings"]:
        at.setdefault(f["source"]["locator"], []).append(f["rule_id"])
    assert len([r for r in at["L551"] if r in ("SCORE-TOTAL-MISMATCH", "CHK-SCORE-TOTAL")]) == 1     # 81 vs 76
    assert len([r for r in at["L1736"] if r in ("SCORE-ITEM-OVER-MAX", "CHK-SCORE-ABOVE-MAX")]) == 1  # 10 on 8
    assert at["L1789"].count("CHK-RATE-CHANGES") == 1 and "SCORE-RATE-MISMATCH" not in at["L1789"]
