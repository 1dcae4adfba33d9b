"""Where a value came from: a document and a locator inside it (line, cell, page)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Source:
    """A location in an input document.

    ``locator`` is ``"L40"`` for a line in a text or YAML file, ``"收入!B7"`` for a
    worksheet cell, ``"p3"`` for a PDF page.  It is never empty.
    """

    doc: str
    locator: str

    def __post_init__(self) -> None:
        if not self.doc or not self.locator:
            raise ValueError("Source needs both doc and locator")

    def __str__(self) -> str:
        return f"{self.doc}:{self.locator}"

    def to_json(self) -> dict[str, str]:
        return {"doc": self.doc, "locator": self.locator}

    @classmethod
    def line(cls, doc: str, line: int) -> "Source":
        return cls(doc, f"L{line}")

    @classmethod
    def cell(cls, doc: str, sheet: str, ref: str) -> "Source":
        return cls(doc, f"{sheet}!{ref}")
