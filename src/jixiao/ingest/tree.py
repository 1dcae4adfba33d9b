"""A neutral document tree: what YAML and the Excel workbook both read into.

Every node carries the :class:`Source` it came from, so the model builder can
attach a location to each value without knowing which format it was read from.
"""
from __future__ import annotations

from typing import Any

from dataclasses import dataclass, field

from jixiao.model.source import Source


@dataclass
class Scalar:
    """A leaf as written.  ``raw`` is a str (text as typed), an int/Decimal, a float
    (only from spreadsheets, refused later for money) or None."""

    raw: object
    source: Source


@dataclass
class MapNode:
    items: dict[str, "Node"] = field(default_factory=dict)
    key_sources: dict[str, Source] = field(default_factory=dict)
    source: Source | None = None
    #: where a field *would* be written, by dotted path (the Excel cell of an empty row), so a
    #: message about a missing field can point at the cell to fill in; set on the root only
    slots: dict[str, Source] = field(default_factory=dict)


@dataclass
class SeqNode:
    items: list["Node"] = field(default_factory=list)
    source: Source | None = None


Node = Scalar | MapNode | SeqNode


def plain(node: Node | None) -> Any:
    """The neutral tree as plain Python: str / None, list, dict (keys as written); numbers stay
    text, for whoever reads them to convert exactly."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return None if node.raw is None else str(node.raw)
    if isinstance(node, SeqNode):
        return [plain(n) for n in node.items]
    return {k: plain(v) for k, v in node.items.items()}
