"""Every audit rule id is documented, and the audit command is in the README."""
from pathlib import Path

from jixiao.audit.rules import load_rules

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_audit_rule_is_documented():
    text = (DOCS / "audit-rules.md").read_text(encoding="utf-8")
    assert [r for r in load_rules().rules if f"`{r}`" not in text] == []


def test_audit_glossary_terms():
    glossary = (DOCS / "glossary.md").read_text(encoding="utf-8")
    assert "`audit`" in glossary and "`AUDIT-XSEC`" in glossary
