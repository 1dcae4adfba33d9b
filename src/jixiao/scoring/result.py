"""What scoring produces: per-item results, section sums, scorecards — finished values only."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Sequence

from jixiao.findings import Finding

from jixiao.model.numbers import fmt, quantize
from jixiao.model.source import Source

STATUS_ZH = {
    "scored": "已计算", "range": "区间", "insufficient_evidence": "证据不足", "rule_unknown": "规则未知",
    "not_computable": "无法计算", "not_applicable": "不适用",
}


def num(value: Decimal | None, places: int = 2) -> str | None:
    """A number for JSON and tables: half-up to ``places``, trailing zeros dropped."""
    if value is None:
        return None
    text = fmt(quantize(value, places), places)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class ItemResult:
    id: str
    name: str
    section: tuple[str, ...]            # section names above the item
    max: Decimal | None
    status: str
    points: Decimal | None              # computed points (None unless status is scored)
    low: Decimal | None                 # bounds the rule allows (scored: low = high = points)
    high: Decimal | None
    published: Decimal | None
    published_text: str | None
    explanation: str
    shape: str
    certainty: str = "stated"
    inputs: dict[str, Decimal | None] = field(default_factory=dict)
    source: Source | None = None        # the published line
    adopted: Decimal | None = None      # the figure counted into the computed total
    input_formulas: dict[str, str] = field(default_factory=dict)   # inputs derived from operands, as formulas
    input_labels: dict[str, str] = field(default_factory=dict)     # Chinese name of each input
    in_total: bool = True               # False: scored beside 总分, not added into it (rubric total_includes)

    @property
    def counted(self) -> Decimal | None:
        """What this item adds to the computed total: its points, else the published points taken over."""
        return self.points if self.points is not None else self.adopted

    def to_json(self, places: int = 2) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "name": self.name, "section": "/".join(self.section), "max": num(self.max, places),
            "points": num(self.points, places), "published": self.published_text if self.published is None else num(self.published, 4),
            "status": self.status, "explanation": self.explanation, "shape": self.shape,
        }
        if self.status == "range":
            out["low"], out["high"] = num(self.low, places), num(self.high, places)
        if self.points is None and self.adopted is not None:
            out["counted"] = num(self.adopted, places)
        if self.source is not None:
            out["source"] = self.source.to_json()
        if not self.in_total:
            out["in_total"] = False
        return out


@dataclass(frozen=True)
class SectionResult:
    name: str
    path: tuple[str, ...]
    max: Decimal
    points: Decimal | None
    published: Decimal | None = None
    source: Source | None = None


@dataclass(frozen=True)
class Scorecard:
    name: str
    level: str                          # project | department
    rubric: str
    rubric_name: str
    items: tuple[ItemResult, ...]
    sections: tuple[SectionResult, ...]
    max_total: Decimal
    total: Decimal | None
    published_total: Decimal | None
    grade: str | None
    published_grade: str | None
    places: int = 2
    source: Source | None = None
    rubric_key: str = ""                # load_rubric(rubric_key) gives the rubric back (a file rubric: its path)

    @property
    def basis(self) -> dict[str, int]:
        computed = sum(1 for i in self.items if i.points is not None)
        adopted = sum(1 for i in self.items if i.points is None and i.adopted is not None)
        return {"computed": computed, "adopted": adopted, "missing": len(self.items) - computed - adopted}

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "level": self.level, "rubric": self.rubric,
            "items": [i.to_json(self.places) for i in self.items],
            "sections": [{"name": "/".join(s.path + (s.name,)), "max": num(s.max), "points": num(s.points, self.places),
                          "published": num(s.published, 4)} for s in self.sections],
            "total": num(self.total, self.places), "published_total": num(self.published_total, 4),
            "grade": self.grade, "published_grade": self.published_grade,
            "max_total": num(self.max_total), "total_basis": self.basis,
        }


@dataclass(frozen=True)
class ScoringResult:
    projects: list[Scorecard]
    department: Scorecard | None
    findings: tuple[Finding, ...] = ()          # the scoring findings (also returned beside the result)

    def to_json(self, findings: Sequence[Finding] | None = None) -> dict[str, Any]:
        """``{"projects": [...], "department": {...} | None, "findings": [...]}``; pass ``findings`` to
        list others (e.g. validation findings too) instead of the scoring findings."""
        chosen = self.findings if findings is None else findings
        return {"projects": [p.to_json() for p in self.projects],
                "department": None if self.department is None else self.department.to_json(),
                "findings": [f.to_json() for f in chosen]}
