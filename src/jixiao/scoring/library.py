"""The bundled rubrics: find, load, list and choose one for a filing."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jixiao.findings import error
from jixiao.ingest.tree import MapNode, plain
from jixiao.ingest.yaml_in import parse_yaml_text
from jixiao.model.filing import Filing, Project
from jixiao.model.source import Source
from jixiao.scoring.rubric import Rubric
from jixiao.scoring.rubric_load import RubricError, parse_rubric
from jixiao.scoring.shape_defs import default_shapes
from jixiao.scoring.shapes import ShapeRegistry

DEFAULT_PROJECT = "mof-2020-project"
DEFAULT_DEPARTMENT = "mof-2013-department"


def _folder():
    return resources.files("jixiao.rulepacks").joinpath("rubrics")


def bundled_ids() -> list[str]:
    return sorted(p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".yaml"))


def load_rubric(rubric_id: str, registry: ShapeRegistry | None = None) -> Rubric:
    """A bundled rubric by id (``id`` or ``id:variant``), or a rubric YAML file by path."""
    if registry is not None:
        return _load(rubric_id, registry)
    return _load_cached(rubric_id)


@lru_cache(maxsize=64)
def _load_cached(rubric_id: str) -> Rubric:
    # Rubrics are immutable records; caching the parse of a bundled file is safe.
    return _load(rubric_id, default_shapes())


def _load(rubric_id: str, registry: ShapeRegistry) -> Rubric:
    if rubric_id.endswith((".yaml", ".yml")) and os.path.exists(rubric_id):
        with open(rubric_id, encoding="utf-8") as fh:
            return dataclasses.replace(parse_rubric(fh.read(), rubric_id, registry), ref=rubric_id)
    base, _, variant = rubric_id.partition(":")
    entry = _folder().joinpath(f"{base}.yaml")
    if not base or "/" in base or not entry.is_file():
        known = "、".join(bundled_ids())
        raise RubricError([error("RUBRIC-UNKNOWN", f"没有编号为“{rubric_id}”的评分规则（可用：{known}）", Source(rubric_id or "<rubric>", "L1"))])
    doc = f"rubrics/{base}.yaml"
    return parse_rubric(entry.read_text("utf-8"), doc, registry, variant or None)


def list_rubrics() -> list[Rubric]:
    return [load_rubric(rubric_id) for rubric_id in bundled_ids()]


def choose_project_rubric(filing: Filing, project: Project) -> tuple[Rubric, bool]:
    """The rubric for a project and whether it was a fallback (nothing matched the region/year)."""
    family = project.rubric_family or ("2013" if project.scorecard and not project.indicators else "2020")
    return _choose(filing, "project", family, DEFAULT_PROJECT)


def choose_department_rubric(filing: Filing, project_rubric: Rubric | None) -> tuple[Rubric, bool]:
    if project_rubric is not None and project_rubric.companion:
        return load_rubric(project_rubric.companion), False
    return _choose(filing, "department", "2013", DEFAULT_DEPARTMENT)


def _choose(filing: Filing, level: str, family: str, fallback: str) -> tuple[Rubric, bool]:
    province, year = filing.unit.province, filing.unit.year
    index = _index()
    if index is None:  # a bundled rubric's head cannot be read: choose among the loaded rubrics (which says why)
        index = tuple(_Head(r.id, r.level, r.family, r.provinces, r.years, r.default) for r in list_rubrics())
    candidates = [h for h in index if h.level == level and h.family == family]
    for head in candidates:
        if province in head.provinces and year in head.years:
            return load_rubric(head.id), False
    for head in candidates:
        if head.default:
            return load_rubric(head.id), province not in head.provinces or year not in head.years
    return load_rubric(fallback), True


@dataclass(frozen=True)
class _Head:
    """What choosing a rubric reads (level, family, where and when it applies, default), read as
    :func:`jixiao.scoring.rubric_load.parse_rubric` reads it."""

    id: str
    level: str
    family: str
    provinces: tuple[str, ...]
    years: tuple[int, ...]
    default: bool


@lru_cache(maxsize=1)
def _index() -> tuple[_Head, ...] | None:
    """The head of every bundled rubric, read once per process without building the rubrics: a
    command loads only the rubrics it uses."""
    heads = []
    try:
        for rubric_id in bundled_ids():
            tree = parse_yaml_text(_folder().joinpath(f"{rubric_id}.yaml").read_text("utf-8"), f"rubrics/{rubric_id}.yaml")
            if not isinstance(tree, MapNode):
                return None
            top = {key: plain(tree.items.get(key)) for key in ("id", "level", "family", "applies_to", "default")}
            applies = top["applies_to"] if isinstance(top["applies_to"], dict) else {}
            heads.append(_Head(str(top["id"] or "").strip(), str(top["level"] or "project").strip(),
                               str(top["family"] or "2013").strip(),
                               tuple(str(p) for p in applies.get("provinces") or ()),
                               tuple(int(y) for y in applies.get("years") or ()),
                               str(top["default"]).lower() == "true"))
    except Exception:  # noqa: BLE001 - whatever is wrong, list_rubrics() reports it properly
        return None
    return tuple(heads)
