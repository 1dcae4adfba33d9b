"""The audit rule book: rule ids, severities and message templates, loaded from YAML data per run."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any


from jixiao.findings import Severity
from jixiao.ingest.packaged import load_plain


@dataclass(frozen=True)
class AuditRule:
    id: str
    severity: Severity
    title: str
    message: str
    doc: str
    examples: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleBook:
    rules: dict[str, AuditRule]

    def get(self, rule_id: str) -> AuditRule:
        return self.rules[rule_id]

    def message(self, rule_id: str, **fields: Any) -> str:
        return self.rules[rule_id].message.format(**fields)


def load_rules() -> RuleBook:
    text = resources.files("jixiao.audit").joinpath("data/rules.yaml").read_text("utf-8")
    data = load_plain(text)
    rules = {}
    for raw in data["rules"]:
        rule = AuditRule(raw["id"], Severity(raw["severity"]), raw["title"], raw["message"], raw["doc"],
                         dict(raw.get("examples") or {}))
        if rule.id in rules:
            raise ValueError(f"rules.yaml: 重复的规则 {rule.id}")
        rules[rule.id] = rule
    return RuleBook(rules)


@dataclass(frozen=True)
class RateDef:
    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    alternative: tuple[str, ...] = ()
    cause: str | None = None


def load_rates() -> list[RateDef]:
    text = resources.files("jixiao.audit").joinpath("data/rates.yaml").read_text("utf-8")
    out = []
    for raw in load_plain(text)["rates"]:
        alt = raw.get("alternative") or {}
        out.append(RateDef(raw["name"], tuple(raw["numerator"]), tuple(raw["denominator"]),
                           tuple(alt.get("words", ())), alt.get("cause")))
    return out
