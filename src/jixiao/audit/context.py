"""What one audit of one document carries: its lines, figures, tolerance and the findings so far."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, Mapping

from jixiao.audit.mentions import Mention, scan_line
from jixiao.audit.places import Places
from jixiao.audit.rules import RateDef, RuleBook
from jixiao.findings import Finding, Severity
from jixiao.ingest.published import PublishedDoc
from jixiao.model.source import Source

_YEAR: Final = re.compile(r"(20\d\d)年")
_SENTENCE_END: Final = re.compile(r"[。!?]")


@dataclass
class AuditContext:
    doc: PublishedDoc
    rules: RuleBook
    rates: list[RateDef]
    strict: bool = False
    mentions: list[list[Mention]] = field(default_factory=list)
    year: int | None = None
    findings: list[Finding] = field(default_factory=list)
    relations: int = 0
    unclear: int = 0          # table rows and relations whose reading was not certain enough to check
    _seen: dict[tuple[str, str, str], int] = field(default_factory=dict)   # → its index in findings
    _ends: dict[int, list[int]] = field(default_factory=dict)
    rate_defs: dict[str, RateDef | None] = field(default_factory=dict)   # rate name → its definition
    figure_lines: list[tuple[int, list[Mention]]] = field(default_factory=list)  # lines stating a figure with a unit

    @classmethod
    def build(cls, doc: PublishedDoc, rules: RuleBook, rates: list[RateDef], strict: bool) -> "AuditContext":
        ctx = cls(doc, rules, rates, strict)
        ctx.mentions = [scan_line(line.text, i) for i, line in enumerate(doc.lines)]
        # the checks of narrative figures read only these lines (a bare number measures nothing they use)
        ctx.figure_lines = [(i, ms) for i, ms in enumerate(ctx.mentions) if ms and any(m.unit for m in ms)]
        ctx.year = _report_year(doc)
        if ctx.year:
            for line in ctx.mentions:
                for m in line:
                    if m.role == "plain" and m.year is not None and m.year < ctx.year and f"{m.year}年" in m.label:
                        m.role = "prior"
        return ctx

    @property
    def claims(self) -> int:
        return sum(1 for line in self.mentions for m in line if m.role != "bound")

    def text(self, line: int) -> str:
        return self.doc.lines[line].text

    def source(self, line: int, start: int, end: int) -> Source:
        return Places(self.doc).source(line, start, end)

    def quote(self, line: int, start: int, end: int) -> str:
        return Places(self.doc).quote(line, start, end)

    def emit(self, rule_id: str, where: Mention | tuple[int, int, int], *, claimed: str, expected: str,
             operands: list[tuple[str, str, str]] | None = None, cause: str | None = None,
             quote: str | None = None, related: tuple[Source, ...] = (), inferred: bool = False,
             sure: bool = True, **fields: Any) -> None:
        """A finding of ``rule_id``; ``inferred``: read across sections, so at most a warning; not
        ``sure``: read for certain, but the difference may be the operands' rounding (``cause`` says
        so), so at most a warning."""
        line, start, end = (where.line, where.start, where.end) if isinstance(where, Mention) else where
        source = self.source(line, start, end)
        key = (rule_id, source.locator.split(":c")[0], claimed)
        rule = self.rules.get(rule_id)
        before = self._seen.get(key)
        if before is not None and (inferred or not sure or rule.severity is not Severity.ERROR
                                   or self.findings[before].severity is Severity.ERROR):
            return   # (one finding per rule, place and figure: a certain reading outranks an inferred one)
        if "label" in fields and not fields["label"]:
            fields["label"] = "该项"   # (an amount listed after its names, ``A、B和C分别为…``: no name of its own)
        message = rule.message.format(claimed=claimed, expected=expected, **fields)
        if cause:
            message += f"（可能原因：{cause}）"
        severity = rule.severity
        if inferred and severity is Severity.ERROR:
            severity = Severity.WARNING
            message += "（跨段推断，请人工核对）"
        elif not sure:
            severity = Severity.WARNING
        finding = Finding(rule_id, severity, message, source, quote=quote or self.quote(line, start, end),
                          claimed=claimed, expected=expected, related=related,
                          operands=tuple(operands or ()), cause=cause)
        if before is None:
            self._seen[key] = len(self.findings)
            self.findings.append(finding)
        else:
            self.findings[before] = finding

    def operand(self, m: Mention, name: str | None = None) -> tuple[str, str, str]:
        return (name or m.label or "", m.shown, self.doc.lines[m.line].place(m.start)[0])

    def sentence_bounds(self, line: int, pos: int) -> tuple[int, int]:
        """The sentence around ``pos`` (ends after 。!?), from the line's sentence ends, found once."""
        ends = self._ends.get(line)
        if ends is None:
            text = self.doc.lines[line].text
            ends = self._ends[line] = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
        k = bisect.bisect_right(ends, pos)
        begin = ends[k - 1] if k > 0 else 0
        return begin, ends[k] if k < len(ends) else ends[-1]


def _report_year(doc: PublishedDoc) -> int | None:
    counts: dict[int, int] = {}   # (a plain dict: Counter's constructor asks isinstance(…, Mapping) of an ABC)
    for y in _YEAR.findall("\n".join(line.text for line in doc.lines[:4000])):
        counts[int(y)] = counts.get(int(y), 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    return max(year for year, n in counts.items() if n == top)


Place = tuple[int, int]   # (line, start): where a figure stands, the key the passes share figures by


def place(m: Mention) -> Place:
    return (m.line, m.start)


@dataclass(frozen=True)
class Parts:
    """What the breakdowns found, handed to the passes that need it (never stored on the context):
    each part's cross-section key (``total key/part key``) and its total with the total's label."""

    keys: Mapping[Place, str]
    of: Mapping[Place, tuple[Mention, str]]

    def __init__(self, keys: Mapping[Place, str], of: Mapping[Place, tuple[Mention, str]]) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "of", of)


def wan(m: Mention) -> Decimal:
    return m.wan if m.is_money else m.value
