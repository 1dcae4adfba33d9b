"""What a render did besides laying out: adjustments, fallbacks, missing parts.

Everything here is reported twice: in the document's notes (说明) and in the
render report the CLI prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FigureUse:
    """A figure placed in the narrative: which metric, what was printed, and from where."""

    key: str              # metric instance id, e.g. function_class_share:201
    shown: str            # as printed, e.g. "86.5"
    origin: str           # computed | published | adjusted
    section: str


@dataclass
class RenderLog:
    adjustments: list[str] = field(default_factory=list)   # largest-remainder adjustments
    fallbacks: list[str] = field(default_factory=list)     # published values used without recomputation
    missing: list[str] = field(default_factory=list)       # parts not filled in (未填报)
    notes: list[str] = field(default_factory=list)         # other facts the reader should know
    figures: list[FigureUse] = field(default_factory=list)

    def add_missing(self, where: str, what: str) -> None:
        item = f"{where}：{what}" if where else what
        if item not in self.missing:
            self.missing.append(item)

    def add_unique(self, bucket: list[str], text: str) -> None:
        if text not in bucket:
            bucket.append(text)

    def to_json(self) -> dict[str, Any]:
        return {
            "adjustments": list(self.adjustments),
            "fallbacks": list(self.fallbacks),
            "missing": list(self.missing),
            "notes": list(self.notes),
        }
