"""Docs are kept true: generated references match, every registered thing is documented."""
from __future__ import annotations

from pathlib import Path

from jixiao import docgen
from jixiao.metrics.registry import load_registry
from jixiao.model import schema as S
from jixiao.model.filing import Filing

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_generated_docs_are_current():
    for name, make in docgen.GENERATED.items():
        assert (DOCS / name).read_text(encoding="utf-8") == make(), f"run: python -m jixiao.docgen ({name})"


def _records(cls, seen):
    if cls in seen:
        return
    seen.add(cls)
    for spec in S.specs(cls):
        if spec.kind in (S.RECORD, S.RECORDS):
            _records(spec.type, seen)


def test_glossary_names_every_metric_and_record():
    glossary = (DOCS / "glossary.md").read_text(encoding="utf-8")
    missing = [m.id for m in load_registry().metrics if f"`{m.id}`" not in glossary]
    assert missing == []
    records: set[type] = set()
    _records(Filing, records)
    generic = {"Amount", "Texts", "VehicleType", "VehicleUse"}
    missing_records = [c.__name__ for c in records if c.__name__ not in generic and c.__name__ not in glossary]
    assert missing_records == []


def test_cli_commands_are_in_the_readme():
    from jixiao.cli import main

    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        if name == "demo":
            assert "scripts/demo.sh" in readme
            continue
        assert f"jixiao {name}" in readme, name


def test_readme_two_commands_exist():
    root = DOCS.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/demo.sh" in readme and "bash scripts/test.sh" in readme
    assert "scripts/test.sh" in (root / ".ci" / "run").read_text(encoding="utf-8")
