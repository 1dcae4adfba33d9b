"""Our own documents audit clean: the S4 package rendered from examples/yanjiang-xinfang-2022.yaml and
audited gives no error beyond those the unit's published inputs already carry (kept as published).
Headings such as "（1）预算完成率（分值4分，得3.9分）" are read as the item's own weight."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli import main

S4 = Path(__file__).resolve().parents[1] / "examples" / "yanjiang-xinfang-2022.yaml"

# errors of the published S4 figures, which the package keeps as the unit published them
PUBLISHED_ERRORS = {
    ("AUDIT-FORMULA", "100%"),            # 成本节约率 12.6-12.6/12.6*100%=100%
    ("AUDIT-CHANGE-RATE", "-10.53%"),     # 三公经费 2.76 → 2.03
    ("AUDIT-UNIT", "0.73元"),
    ("AUDIT-SCORE-MAX", "10"),            # 工作实际完成率（8分）得10分
    ("AUDIT-SCORE-TOTAL", "81"),          # card 2: published 81, items add to 76
}


def test_s4_package_audits_with_only_its_published_errors(tmp_path):
    out = tmp_path / "s4"
    rendered = CliRunner().invoke(main, ["render", str(S4), "--out", str(out), "--formats", "html"])
    assert rendered.exit_code in (0, 1), rendered.output
    public = [p for p in sorted(out.rglob("*.html")) if "核对报告" not in p.name]
    internal = [p for p in sorted(out.rglob("*.html")) if "核对报告" in p.name]
    assert public and internal
    result = CliRunner().invoke(main, ["audit", "--json", *map(str, public)])
    data = json.loads(result.output)
    errors = {(f["rule_id"], f["claimed"]) for d in data["documents"] for f in d["findings"] if f["severity"] == "error"}
    assert errors <= PUBLISHED_ERRORS, errors - PUBLISHED_ERRORS
    assert ("AUDIT-CHANGE-RATE", "-10.53%") in errors     # the package still carries what the unit published
    # the internal 核对报告 (规则复算 beside the unit's scores) audits clean: its columns add up
    result = CliRunner().invoke(main, ["audit", "--json", *map(str, internal)])
    assert json.loads(result.output)["summary"]["errors"] == 0
