"""One finding shape for every stage: validation, metrics, scoring, checks, audit.

A finding has a stable ``rule_id`` (never matched on text), a severity, a Chinese
message and a source that is never empty.  It prints as
``doc:locator: RULE-ID 严重性: message`` and serialises to the same fields in JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable

from jixiao.model.source import Source


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    source: Source
    quote: str | None = None
    claimed: str | None = None
    expected: str | None = None
    related: tuple[Source, ...] = field(default=())
    operands: tuple[tuple[str, str, str], ...] = field(default=())  # (name, value as stated, locator)
    cause: str | None = None                                          # likely cause, when it can be told

    def __post_init__(self) -> None:
        if not self.rule_id or not self.message:
            raise ValueError("a finding needs a rule_id and a message")
        if not isinstance(self.source, Source):
            raise TypeError("a finding needs a Source")

    def __str__(self) -> str:
        return f"{self.source}: {self.rule_id} {self.severity.zh}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "message": self.message,
            "source": self.source.to_json(),
        }
        for key in ("quote", "claimed", "expected"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.related:
            out["related"] = [s.to_json() for s in self.related]
        if self.operands:
            out["operands"] = [{"name": n, "value": v, "locator": loc} for n, v, loc in self.operands]
        if self.cause:
            out["cause"] = self.cause
        return out


def error(rule_id: str, message: str, source: Source, **kw: Any) -> Finding:
    return Finding(rule_id, Severity.ERROR, message, source, **kw)


def warning(rule_id: str, message: str, source: Source, **kw: Any) -> Finding:
    return Finding(rule_id, Severity.WARNING, message, source, **kw)


def info(rule_id: str, message: str, source: Source, **kw: Any) -> Finding:
    return Finding(rule_id, Severity.INFO, message, source, **kw)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, f.source.doc, _loc_key(f.source.locator), f.rule_id))


def _loc_key(locator: str) -> tuple[int, str]:
    digits = "".join(ch for ch in locator if ch.isdigit())
    return (int(digits) if digits and locator.startswith("L") else 0, locator)


class UnusableInput(Exception):
    """Raised by an ingest stage when the input cannot be used at all (exit code 2).

    It carries findings; the CLI prints them and exits 2.  It is a user-facing
    outcome, never a crash.
    """

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(str(f) for f in findings))
        self.findings = findings
