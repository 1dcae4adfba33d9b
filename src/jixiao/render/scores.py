"""Scores the documents print: the scoring engine's, and the unit's published ones for lines it does not score.

The renderer never scores.  ``jixiao.scoring.engine.score_filing(filing)`` gives computed points;
for any line the engine does not cover, the published points of the filing are printed and the
render log says which were used.  A failure inside scoring is a bug: it is not caught here, and
the command ends with exit code 3 (cli/common.py).  ``ScoreBook()`` (no engine) prints the
published scores only; callers choose it explicitly (tests that render a filing as published).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.filing import Filing
from jixiao.model.numbers import D
from jixiao.model.values import Value
from jixiao.scoring.engine import score_filing


@dataclass(frozen=True)
class Score:
    points: Decimal | None
    origin: str                 # computed | published | missing
    text: str = ""              # published text, e.g. "20.00"
    max: Decimal | None = None  # the rubric's maximum for the line, when the engine knows it
    in_total: bool = True       # False: the rubric scores the line beside 总分, not into it (total_includes)


@dataclass
class ScoreBook:
    engine: bool = False
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)    # by project name, from the engine
    department: dict[str, Any] | None = None
    note: str = ""

    # ---- items ------------------------------------------------------------------------------
    def item(self, project: str | None, name: str | None, published: Value | None, *, occurrence: int = 0,
             item_id: str | None = None) -> Score:
        """Points of one line: the engine's when it scored the line, else the published points.

        Lines are matched by the engine's item id when given (``indicator[0]``, ``execution_rate``),
        else by name and occurrence (a scorecard may repeat a name, e.g. 管理制度健全性)."""
        found = self._engine_item(project, name, occurrence, item_id)
        in_total = found.get("in_total", True) if found is not None else True
        if found is not None and found.get("points") is not None:
            return Score(D(str(found["points"])), "computed", max=_dec(found.get("max")), in_total=in_total)
        score = _published(published)
        return Score(score.points, score.origin, score.text, _dec(found.get("max")) if found else None, in_total)

    def total(self, project: str | None, published: Value | None) -> Score:
        block = self._block(project)
        if block is not None and block.get("total") is not None:
            return Score(D(str(block["total"])), "computed")
        return _published(published)

    def grade(self, project: str | None, published: Value | None) -> tuple[str | None, str]:
        block = self._block(project)
        if block is not None and block.get("total") is not None and block.get("grade"):
            return str(block["grade"]), "computed"
        return (published.text, "published") if published is not None else (None, "missing")

    def _block(self, project: str | None) -> dict[str, Any] | None:
        return self.department if project is None else self.projects.get(project)

    def _engine_item(self, project: str | None, name: str | None, occurrence: int,
                     item_id: str | None) -> dict[str, Any] | None:
        block = self._block(project)
        if block is None:
            return None
        items = list(block.get("items") or ())
        if item_id is not None:
            return next((i for i in items if i.get("id") == item_id), None)
        same = [i for i in items if name and i.get("name") == name]
        return same[occurrence] if occurrence < len(same) else None


def _dec(value: Any) -> Decimal | None:
    return None if value is None else D(str(value))


def _published(value: Value | None) -> Score:
    if value is None or value.number is None:
        return Score(None, "missing", value.text if value is not None else "")
    return Score(value.number, "published", value.text)


def load_scores(filing: Filing) -> ScoreBook:
    """The scoring engine's points for every line it scores (the published ones for the rest)."""
    result, _findings = score_filing(filing)
    data = result.to_json()
    projects = {p.get("name"): p for p in data.get("projects") or ()}
    return ScoreBook(True, projects, data.get("department"), "得分由评分引擎按评分规则计算")
