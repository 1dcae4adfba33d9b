"""Every rule id jixiao can emit is registered by the package that owns it and documented in docs/
(as datasette tests its docs).  Ids are found in the source (string literals shaped like a rule id),
in the audit's rule book (audit/data/rules.yaml, read through its registry so new ids are covered),
and in the check packs (rulepacks/checks/*.yaml)."""
from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from jixiao.audit.rules import load_rules
from jixiao.batch.rule_ids import RULE_IDS as BATCH
from jixiao.checks import load_library
from jixiao.checks.rule_ids import RULE_IDS as CHECKS
from jixiao.ingest.rule_ids import CODE_RULE_IDS, RULE_IDS as INGEST
from jixiao.review.packs import load_packs
from jixiao.review.rule_ids import RULE_IDS as REVIEW
from jixiao.scoring.rule_ids import RULE_IDS as SCORING

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "jixiao"
RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")

REGISTRIES = {"ingest": {**INGEST, **CODE_RULE_IDS}, "scoring": SCORING, "checks": CHECKS, "batch": BATCH,
              "review": REVIEW}


def _audit_ids() -> set[str]:
    return set(load_rules().rules)


def _pack_ids() -> set[str]:
    """Ids of the check packs' checks and of the review packs' rules."""
    return ({check.id for pack in load_library().packs.values() for check in pack.checks}
            | {rule.id for pack in load_packs().values() for rule in pack.rules})


def _in_source() -> dict[str, list[str]]:
    """Rule-id-shaped string literals in the source (the registries themselves excluded) → where."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "rule_ids.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and RULE_ID.match(node.value):
                found[node.value].append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_the_scan_sees_every_family():
    prefixes = {rule.split("-")[0] for rule in _in_source()}
    assert {"INPUT", "CODE", "PUBLISHED", "SCORE", "RUBRIC", "CHECK", "BATCH", "AUDIT"} <= prefixes


def test_every_emitted_id_is_registered():
    registered = set().union(*REGISTRIES.values()) | _audit_ids() | _pack_ids()
    missing = {rule: where for rule, where in _in_source().items() if rule not in registered}
    assert missing == {}, "register these ids in the owning package's rule_ids.py"


def test_every_registered_id_is_emitted_somewhere():
    emitted = set(_in_source())
    stale = {package: sorted(set(ids) - emitted) for package, ids in REGISTRIES.items()}
    assert all(not ids for ids in stale.values()), stale


def test_no_id_is_registered_twice():
    owners: dict[str, list[str]] = defaultdict(list)
    for package, ids in REGISTRIES.items():
        for rule in ids:
            owners[rule].append(package)
    for rule in _audit_ids():
        owners[rule].append("audit")
    for rule in _pack_ids():
        owners[rule].append("checks (packs)")
    assert {rule: who for rule, who in owners.items() if len(who) > 1} == {}


def test_every_id_is_documented():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    every = set().union(*REGISTRIES.values()) | _audit_ids() | _pack_ids()
    assert sorted(rule for rule in every if f"`{rule}`" not in text) == []


def test_every_registered_id_has_a_chinese_description():
    for package, ids in REGISTRIES.items():
        for rule, text in ids.items():
            assert re.search(r"[\u4e00-\u9fff]", text), (package, rule)
