"""收入决算表 and 支出决算表 by 科目: codes are validated like the function lines, and `jixiao check` finds each
kind of inconsistency of the tables in the consistent filing once it is broken (and none before)."""
from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.pipeline import load_and_validate, with_checks, with_metrics

COMPLETE = Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml"
TABLE_CHECKS = ("CHK-INCOME-TABLE-", "CHK-EXPENDITURE-TABLE-")


def _load(tmp_path, old: str = "", new: str = ""):
    text = COMPLETE.read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "filing.yaml"
    path.write_text(text, encoding="utf-8")
    return load_and_validate(str(path)), path


def _table_findings(run) -> list[tuple[str, str]]:
    with_checks(with_metrics(run))
    return sorted((f.rule_id, f.source.locator) for f in run.findings if f.rule_id.startswith(TABLE_CHECKS))


def test_the_consistent_filing_passes_every_table_check(tmp_path):
    run, _ = _load(tmp_path)
    assert run.input_errors == [] and _table_findings(run) == []


def test_an_unknown_code_in_a_table_line_names_its_line(tmp_path):
    run, path = _load(tmp_path, '- {code: "2010350", total: 40.00, basic: 40.00', '- {code: "2010397", total: 40.00, basic: 40.00')
    codes = [f for f in run.findings if f.rule_id.startswith("CODE-")]
    assert [(f.rule_id, f.source.locator) for f in codes] == [("CODE-UNKNOWN", f"L{_line_of(path, '2010397')}")]
    assert "2010397" in codes[0].message


@pytest.mark.parametrize("old, new, rule", [
    # a row whose 合计 is not the sum of its columns (and so its 类 and 款 disagree with it too)
    ('{code: "2010301", total: 275.00, fiscal: 255.00', '{code: "2010301", total: 275.00, fiscal: 250.00',
     "CHK-INCOME-TABLE-ROWS"),
    # a 类 that is not the sum of its 款
    ('{code: "208", total: 50.00, basic: 50.00', '{code: "208", total: 50.00, basic: 45.00', "CHK-EXPENDITURE-TABLE-CODE-TREE"),
    # the 合计 row against the 收入支出决算总表
    ("total: {total: 505.00, basic: 400.00", "total: {total: 505.00, basic: 404.00", "CHK-EXPENDITURE-TABLE-SUMMARY"),
    ("total: {total: 500.00, fiscal: 480.00", "total: {total: 500.00, fiscal: 470.00", "CHK-INCOME-TABLE-FISCAL"),
])
def test_each_break_is_found(tmp_path, old, new, rule):
    run, _ = _load(tmp_path, old, new)
    assert rule in {rule_id for rule_id, _ in _table_findings(run)}


def _line_of(path: Path, code: str) -> int:
    text = path.read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if f'"{code}"' in line)
