"""What a check *is*: its definition from a pack, its registered function, and a hit.

A check pack (``rulepacks/checks/*.yaml``) holds :class:`CheckDef` entries; each
names a :class:`CheckFunction` by name and gives its parameters, a severity, a
tolerance and Chinese message templates.  A function returns :class:`Hit`
objects; the runner turns them into findings with the check's id and template.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable

from jixiao.findings import Severity
from jixiao.model.source import Source

SEVERITY_WORDS = {
    "error": Severity.ERROR, "强制": Severity.ERROR, "错误": Severity.ERROR,
    "warning": Severity.WARNING, "提示": Severity.WARNING, "警告": Severity.WARNING,
    "info": Severity.INFO, "信息": Severity.INFO, "说明": Severity.INFO,
}
#: how figures are compared: at the stated precision with slack; exactly; a total of rounded parts
TOLERANCES = ("stated", "exact", "rounded_parts")

#: fields every message template may use besides the function's own
COMMON_FIELDS = ("id", "title", "tol", "cause")


@dataclass(frozen=True)
class Param:
    """A parameter a check function takes.  ``kind`` drives validation at pack load."""

    name: str
    kind: str              # operand | operands | pairs | metric | metrics | number | text | bool | list | map | items
    required: bool = True
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class CheckFunction:
    name: str
    fn: Callable[["Any", "CheckDef"], Iterable["Hit"]]
    doc: str                                  # Chinese, one line, for docs/checks.md
    params: tuple[Param, ...] = ()
    fields: tuple[str, ...] = ()              # placeholders its hits fill
    outcomes: dict[str, str] = field(default_factory=dict)   # extra outcome -> default template
    kind: str | None = None                   # the relation, for de-duplication with scoring findings (merge.py)

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None


@dataclass(frozen=True)
class CheckDef:
    id: str
    title: str
    function: str
    severity: Severity
    tolerance: str | Decimal
    params: dict[str, Any]
    message: str
    messages: dict[str, str]
    ref: str
    pack: str
    source: Source                            # the check's line in its pack
    cases: tuple["Case", ...] = ()
    when: dict[str, tuple[str, ...]] = field(default_factory=dict)   # path -> allowed values

    def template(self, outcome: str, fn: CheckFunction) -> str:
        if outcome == "fail":
            return self.message
        return self.messages.get(outcome) or fn.outcomes.get(outcome) or self.message


@dataclass(frozen=True)
class Case:
    """A pass or fail example of a check: a small filing (and optionally last year's)."""

    check_id: str
    expect: str                               # "pass" | "fail"
    filing: Any                               # MapNode of the filing body
    prior: Any = None                         # MapNode or None
    severity: Severity | None = None          # expected severity of a fail (default: the check's)
    source: Source | None = None


@dataclass(frozen=True)
class Settings:
    """Pack-wide parameters (region and year conventions)."""

    money_places: int | None = None           # judge 万元 amounts at this many decimals
    grade_bands: tuple[tuple[str, Decimal, Decimal], ...] = ()
    grade_aliases: dict[str, str] = field(default_factory=dict)
    none_words: tuple[str, ...] = ("无偏差", "无", "没有偏差", "未发生偏差", "无差异")
    prior_fill: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    region: str | None
    year: int | None
    extends: str | None
    checks: tuple[CheckDef, ...]
    settings: Settings
    source: Source
    disable: tuple[str, ...] = ()             # inherited checks switched off
    overrides: frozenset[str] = frozenset()   # own checks that replace inherited ones

    def get(self, check_id: str) -> CheckDef | None:
        for check in self.checks:
            if check.id == check_id:
                return check
        return None


@dataclass
class Hit:
    """One failed (or noted) instance of a check, before it becomes a finding."""

    path: str | None                          # the figure the finding is located at
    fields: dict[str, str]
    related: tuple[str, ...] = ()             # paths of the other figures involved
    outcome: str = "fail"
    severity: Severity | None = None          # override the check's severity
    claimed: str | None = None
    expected: str | None = None
    source: Source | None = None              # explicit location (a published claim's line)
    related_sources: tuple[Source, ...] = ()
    kind: str | None = None                   # de-duplication kind, when it differs from the function's
