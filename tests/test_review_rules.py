"""Every rule of every review pack (预警规则, 复核口径) runs its own pass and fail examples."""
from __future__ import annotations

import pytest

from jixiao.review.cases import run_case
from jixiao.review.packs import load_packs
from jixiao.review.warnings import FUNCTIONS

PACKS = load_packs()


def _cases():
    for pack in PACKS.values():
        for rule in pack.rules:
            for index, case in enumerate(rule.cases):
                yield pytest.param(pack, rule, case, id=f"{pack.id}:{rule.id}:{case.expect}{index}")


@pytest.mark.parametrize("pack, rule, case", list(_cases()))
def test_rule_case(pack, rule, case):
    ok, explanation = run_case(case, rule, pack)
    assert ok, explanation


def test_every_rule_has_a_source_and_both_kinds_of_case():
    assert {"warnings", "kouj"} <= {p.kind for p in PACKS.values()}
    for pack in PACKS.values():
        for rule in pack.rules:
            assert rule.source_text.strip()
            assert {c.expect for c in rule.cases} == {"pass", "fail"}


def test_warning_functions_are_all_used_and_known():
    used = {r.function for p in PACKS.values() if p.kind == "warnings" for r in p.rules}
    assert used == set(FUNCTIONS)


def test_every_rule_id_and_review_command_is_documented():
    import re
    from pathlib import Path

    from jixiao.cli import main

    doc = (Path(__file__).resolve().parents[1] / "docs" / "review.md").read_text(encoding="utf-8")
    for pack in PACKS.values():
        assert pack.id in doc
        for rule in pack.rules:
            assert rule.id in doc, rule.id
    source = (Path(__file__).resolve().parents[1] / "src" / "jixiao" / "review").glob("*.py")
    ids = set()
    for path in source:
        ids |= set(re.findall(r'"(REV-WP-[A-Z-]+)"', path.read_text(encoding="utf-8")))
    assert ids and all(i in doc for i in ids), ids
    for name, command in main.commands["review"].commands.items():
        sub = getattr(command, "commands", {})
        for full in ([f"jixiao review {name} {s}" for s in sub] or [f"jixiao review {name}"]):
            assert full in doc, full
