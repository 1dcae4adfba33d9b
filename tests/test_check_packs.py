"""Check packs as data: validated on load, errors located at their YAML line, extension by region."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from jixiao.checks import load_library
from jixiao.checks.packs import load_packs, select_pack
from jixiao.checks.registry import build_functions
from jixiao.metrics.registry import load_registry
from jixiao.model.filing import Filing, Unit

DOCS = Path(__file__).resolve().parents[1] / "docs"
LIBRARY = load_library()

GOOD_CHECK = """
  - id: CHK-T-ONE
    title: 收入总计 = 支出总计
    function: equal
    severity: 强制
    tolerance: exact
    params:
      pairs: [[accounts.totals.income_grand_total.amount, accounts.totals.expenditure_grand_total.amount]]
    message: "{left_label}{left}与{right_label}{right}相差{diff}"
    cases:
      pass: [{accounts: {totals: {income_grand_total: {amount: 1}, expenditure_grand_total: {amount: 1}}}}]
      fail: [{accounts: {totals: {income_grand_total: {amount: 1}, expenditure_grand_total: {amount: 2}}}}]
"""


def _load(body: str, doc: str = "t.yaml", extra: dict[str, str] | None = None):
    texts = {doc: textwrap.dedent(body)}
    texts.update(extra or {})
    return load_packs(texts, build_functions(), load_registry())


def _line_of(text: str, needle: str) -> str:
    for number, line in enumerate(textwrap.dedent(text).splitlines(), start=1):
        if needle in line:
            return f"L{number}"
    raise AssertionError(needle)


def test_the_bundled_packs_load_without_problems():
    assert LIBRARY.problems == ()
    assert {"base", "sichuan-2022", "yunnan-2023"} <= set(LIBRARY.packs)


def test_at_least_forty_checks_each_with_pass_and_fail_cases():
    base = LIBRARY.packs["base"]
    assert len(base.checks) >= 40
    for pack in LIBRARY.packs.values():
        for check in pack.checks:
            kinds = {c.expect for c in check.cases}
            assert kinds == {"pass", "fail"}, check.id


def test_regional_packs_extend_base_and_override():
    base, sichuan = LIBRARY.packs["base"], LIBRARY.packs["sichuan-2022"]
    assert {c.id for c in base.checks} < {c.id for c in sichuan.checks}
    assert sichuan.get("CHK-DISCLOSURE-JUESUAN").pack == "sichuan-2022.yaml"
    assert sichuan.settings.money_places == 2 and base.settings.money_places is None
    assert sichuan.settings.grade_bands == base.settings.grade_bands


@pytest.mark.parametrize("province, year, expected", [
    ("四川", 2022, "sichuan-2022"), ("四川", 2024, "sichuan-2022"), ("云南", 2023, "yunnan-2023"),
    ("云南", 2021, "base"), ("湖南", 2023, "base"), (None, 2023, "base"),
])
def test_pack_selection_by_region_and_year(province, year, expected):
    filing = Filing(unit=Unit(name="甲", year=year, province=province))
    assert select_pack(LIBRARY.packs, filing).id == expected


def test_unknown_function_is_a_finding_at_its_line():
    body = "pack: t\nchecks:" + GOOD_CHECK.replace("function: equal", "function: no_such_fn")
    packs, problems = _load(body)
    assert [p.rule_id for p in problems] == ["CHECK-PACK-UNKNOWN-FUNCTION"]
    assert problems[0].source.locator == _line_of(body, "no_such_fn")
    assert packs["t"].checks == ()


def test_bad_parameter_path_is_a_finding_at_its_line():
    body = "pack: t\nchecks:" + GOOD_CHECK.replace("income_grand_total.amount,", "income_grand_totl.amount,")
    _packs, problems = _load(body)
    assert [p.rule_id for p in problems] == ["CHECK-PACK-BAD-PARAM"]
    assert problems[0].source.locator == _line_of(body, "pairs:")
    assert "income_grand_totl" in problems[0].message


@pytest.mark.parametrize("change, rule", [
    (("pairs:", "pares:"), "CHECK-PACK-BAD-PARAM"),                 # unknown parameter
    (("severity: 强制", "severity: 严重"), "CHECK-PACK-FORMAT"),      # bad severity
    (("tolerance: exact", "tolerance: loose"), "CHECK-PACK-FORMAT"),
    (("{diff}", "{difference}"), "CHECK-PACK-FORMAT"),              # unknown template field
    (("id: CHK-T-ONE", "id: chk one"), "CHECK-PACK-FORMAT"),
])
def test_pack_errors_are_located(change, rule):
    body = "pack: t\nchecks:" + GOOD_CHECK.replace(*change)
    _packs, problems = _load(body)
    assert rule in [p.rule_id for p in problems]
    assert all(p.source.doc == "t.yaml" and p.source.locator != "L1" for p in problems)


def test_duplicate_id_is_a_finding_at_the_second_occurrence():
    body = "pack: t\nchecks:" + GOOD_CHECK + GOOD_CHECK
    packs, problems = _load(body)
    assert [p.rule_id for p in problems] == ["CHECK-PACK-DUPLICATE-ID"]
    assert problems[0].source.locator == "L15"
    assert len(packs["t"].checks) == 1


def test_extending_needs_override_and_a_known_parent():
    base = "pack: p\nchecks:" + GOOD_CHECK
    child = "pack: c\nextends: p\nchecks:" + GOOD_CHECK
    _packs, problems = _load(child, "c.yaml", {"p.yaml": base})
    assert [p.rule_id for p in problems] == ["CHECK-PACK-DUPLICATE-ID"]
    overriding = child.replace("  - id: CHK-T-ONE", "  - id: CHK-T-ONE\n    override: true")
    packs, problems = _load(overriding, "c.yaml", {"p.yaml": base})
    assert problems == [] and len(packs["c"].checks) == 1
    orphan = "pack: o\nextends: nowhere\nchecks:" + GOOD_CHECK
    _packs, problems = _load(orphan, "o.yaml")
    assert [p.rule_id for p in problems] == ["CHECK-PACK-EXTENDS"]


def test_broken_yaml_is_a_finding_not_a_crash():
    _packs, problems = _load("pack: t\nchecks:\n  - id: [unclosed\n")
    assert problems and problems[0].rule_id == "INPUT-YAML-SYNTAX"


def test_registries_are_built_per_run():
    first, second = build_functions(), build_functions()
    assert first is not second and first.names == second.names
    assert len(first.names) >= 10


def test_every_check_id_is_documented():
    text = (DOCS / "checks.md").read_text(encoding="utf-8")
    for pack in LIBRARY.packs.values():
        for check in pack.checks:
            assert f"`{check.id}`" in text, check.id
    for rule in ("CHECK-PACK-UNKNOWN-FUNCTION", "CHECK-PACK-BAD-PARAM", "CHECK-PACK-DUPLICATE-ID"):
        assert f"`{rule}`" in text
