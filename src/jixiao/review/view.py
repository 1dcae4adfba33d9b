"""What review rules read from a filing, each figure with the cell it came from.

A rule reads through :class:`UnitView`: every read returns a :class:`Cell`
(label, value as written, locator) or ``None`` when the figure is absent, so a
rule fires only when all its inputs are present and cites exactly what it read.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.filing import Filing, FundRow, Indicator, Project
from jixiao.model.source import Source
from jixiao.model.values import Value

TOTAL_ROW = "年度资金总额"


@dataclass(frozen=True)
class Cell:
    label: str          # Chinese name of the figure, with its project/indicator
    value: str          # as written
    source: Source

    def to_json(self) -> dict[str, str]:
        return {"name": self.label, "value": self.value, "doc": self.source.doc, "locator": self.source.locator}

    def operand(self) -> tuple[str, str, str]:
        return (self.label, self.value, self.source.locator)

    def __str__(self) -> str:
        return f"{self.label}“{self.value}”（{self.source.locator}）"


def _text(value: object) -> str:
    if isinstance(value, Value):
        return value.text
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class UnitView:
    """One filing (one unit-year) as the review rules read it."""

    def __init__(self, filing: Filing):
        self.filing = filing
        self.name = filing.unit.name or filing.doc

    @property
    def projects(self) -> tuple[Project, ...]:
        return self.filing.projects

    def cell(self, path: str, label: str, value: object) -> Cell | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Value) and not value.text.strip():
            return None
        return Cell(label, _text(value), self.filing.source_of(path))

    # ---- projects
    def pname(self, p: int) -> str:
        return self.projects[p].name or f"项目{p + 1}"

    def total_row(self, p: int) -> tuple[int, FundRow] | None:
        for index, row in enumerate(self.projects[p].funds):
            if row.source == TOTAL_ROW:
                return index, row
        return None

    def fund(self, p: int, key: str, label: str) -> Cell | None:
        found = self.total_row(p)
        if found is None:
            return None
        index, row = found
        return self.cell(f"projects[{p}].funds[{index}].{key}", f"“{self.pname(p)}”{TOTAL_ROW}{label}",
                         getattr(row, key))

    def fund_published(self, p: int, key: str, label: str) -> Cell | None:
        found = self.total_row(p)
        if found is None:
            return None
        index, row = found
        return self.cell(f"projects[{p}].funds[{index}].published.{key}", f"“{self.pname(p)}”{TOTAL_ROW}{label}",
                         row.published.get(key))

    def project_field(self, p: int, key: str, label: str) -> Cell | None:
        return self.cell(f"projects[{p}].{key}", f"“{self.pname(p)}”{label}", getattr(self.projects[p], key))

    def published(self, p: int, key: str, label: str) -> Cell | None:
        return self.cell(f"projects[{p}].published.{key}", f"“{self.pname(p)}”{label}",
                         self.projects[p].published.get(key))

    # ---- indicators
    def indicators(self, p: int) -> tuple[Indicator, ...]:
        return self.projects[p].indicators

    def ind(self, p: int, i: int, key: str) -> Cell | None:
        row = self.projects[p].indicators[i]
        labels = {"name": "三级指标", "level1": "一级指标", "level2": "二级指标", "nature": "指标性质",
                  "target": "指标值", "unit": "度量单位", "actual": "实际完成值", "weight": "分值",
                  "score": "得分", "deviation": "偏差原因"}
        short = (row.name or f"第{i + 1}项指标")[:18]
        return self.cell(f"projects[{p}].indicators[{i}].{key}", f"“{short}”{labels[key]}", getattr(row, key))

    def evidence_text(self, p: int, i: int) -> str:
        row = self.projects[p].indicators[i]
        return " ".join(v.text for _, v in row.evidence.items())


def number(cell: Cell | None) -> Decimal | None:
    """The number a cell states (``"95.00"`` → 95, ``"95%"`` → 95); None for prose."""
    if cell is None:
        return None
    value = Value.lenient(cell.value)
    return value.number if value is not None else None
