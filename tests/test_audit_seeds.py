"""jixiao audit on the two real published reports: the arithmetic errors found from the rules,
no correct statement flagged, and the same findings from .txt, .docx and .pdf."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.audit.engine import Auditor, audit_file
from jixiao.findings import Severity

from conftest import SEEDS
S0 = SEEDS / "000_32a55648ed9994e8.txt"
S4 = SEEDS / "004_cf72184169d3d13c.txt"

pytestmark = pytest.mark.needs_shared

# (rule_id, line, claimed, expected): wrong for certain, from the sentence's own figures
S4_ERRORS = {
    ("AUDIT-SCORE-TOTAL", 697, "81", "76"),                 # 面上的信访维稳工作经费: items add to 76
    ("AUDIT-FORMULA", 1689, "100%", "0%"),                  # 成本节约率 12.6-12.6/12.6*100%
    ("AUDIT-CHANGE-RATE", 2379, "-10.53%", "-26.45%"),      # 三公经费 2.76 → 2.03 (years stated side by side)
    ("AUDIT-UNIT", 2379, "0.73元", "0.73万元"),
    ("AUDIT-SCORE-MAX", 2453, "10", "8"),                   # 工作实际完成率（8分）此项得10分
}
# (rule_id, line, claimed, expected): probable, but read across sections (or within the operands'
# rounding), so a warning: a reviewer checks them by hand
S4_WARNINGS = {
    ("AUDIT-SHARE", 2300, "86.44%", "86.42%"),              # shares on 552.21 while spending is 552.38 (L2303)
    ("AUDIT-SUM", 2300, "552.38万元", "552.21万元"),
    ("AUDIT-XSEC", 2300, "477.35万元", "477.52万元"),        # 一般公共服务支出 477.52 at L56
    ("AUDIT-CHANGE-RATE", 2303, "26.44%", "26.41%"),        # 6.78 on 32.45: 26.44 only at the rounding edge
    ("AUDIT-XSEC-ALIAS", 2369, "350.52万元", "350.53万元"),  # 本部门基本支出 vs 基本支出 350.53 at L31
    ("AUDIT-XSEC", 2379, "2.03万元", "2.04万元"),            # 三公经费 2.04 at L96 (决算说明)
    ("AUDIT-XSEC-ALIAS", 2395, "32.43万元", "32.45万元"),    # 公用经费…实际支出 vs 公用经费 32.45 at L91
    ("AUDIT-XSEC", 2397, "2.03万元", "2.04万元"),            # 同上: "三公经费…实际支出2.03万元"
    ("AUDIT-XSEC", 2463, "22.98%", "29.68%"),               # 结转结余率 29.68% at L2392
}
S0_ERRORS = {
    ("AUDIT-RATE", 38, "20%", "100%"),                      # 预算执行率 column: 178.28 / 178.28
    ("AUDIT-RATE", 39, "20%", "100%"),
    ("AUDIT-RATE", 87, "100.00%", "109.85%"),               # 执行率 21.97 / 20.00
    ("AUDIT-RATE", 88, "100.00%", "109.85%"),
}


def _errors(path: Path, strict: bool = False, severity: Severity = Severity.ERROR) -> set[tuple[str, int, str, str]]:
    result = audit_file(str(path), Auditor(strict=strict))
    return {(f.rule_id, int(f.source.locator.split(":")[0][1:]), f.claimed or "", f.expected or "")
            for f in result.findings if f.severity is severity}


def test_s4_errors_and_nothing_else():
    assert _errors(S4) == S4_ERRORS


def test_s4_warnings():
    assert _errors(S4, severity=Severity.WARNING) == S4_WARNINGS


def test_s0_errors_and_nothing_else():
    assert _errors(S0) == S0_ERRORS


def test_strict_also_flags_the_truncated_cost_saving_rate():
    strict = _errors(S4, strict=True)
    assert ("AUDIT-FORMULA", 392, "0.57%", "0.58%") in strict      # 65.54-65.16/65.54*100 = 0.5798
    assert ("AUDIT-FORMULA", 392, "0.57%", "0.58%") not in _errors(S4)


def test_correct_statements_pass():
    found = _errors(S4) | _errors(S4, severity=Severity.WARNING)
    lines = {line for _, line, _, _ in found}
    for ok in (19, 31, 49, 56, 63, 96, 100, 109, 113, 130, 2375, 2382, 2394, 2431):
        assert ok not in lines   # -2.5% on 735.30; 63.5/36.5; class shares adjusted to 100%; 87.3/12.7; K13 …
    rates = {line for rule, line, _, _ in found if rule == "AUDIT-RATE"}
    assert not rates & {2395, 2397}   # 32.43/43.94 = 73.81%, 2.03/17 = 11.94%: right for their operands


def test_findings_carry_source_quote_and_operands():
    result = audit_file(str(S4), Auditor())
    f = next(f for f in result.findings if f.rule_id == "AUDIT-CHANGE-RATE" and "2379" in f.source.locator)
    assert f.source.locator.startswith("L2379:c")
    assert "-10.53%" in (f.quote or "")
    names = [op[0] for op in f.operands]
    assert names == ["本年", "上年"] and [op[1] for op in f.operands] == ["2.03万元", "2.76万元"]


@pytest.mark.parametrize("seed", [S0, S4], ids=["S0", "S4"])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_docx_and_pdf_give_the_same_findings(seed, fmt, tmp_path):
    from audit_convert import to_docx, to_pdf

    text = seed.read_text(encoding="utf-8")
    converted = (to_docx if fmt == "docx" else to_pdf)(text, tmp_path / f"{seed.stem}.{fmt}")
    auditor = Auditor()
    want = sorted((f.rule_id, f.claimed, f.expected) for f in audit_file(str(seed), auditor).findings)
    got = sorted((f.rule_id, f.claimed, f.expected) for f in audit_file(str(converted), auditor).findings)
    assert got == want
