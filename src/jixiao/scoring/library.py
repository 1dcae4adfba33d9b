"""The bundled rubrics: find, load, list and choose one for a filing."""
from __future__ import annotations

import dataclasses
import os
from functools import lru_cache
from importlib import resources

from jixiao.findings import error
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
    candidates = [r for r in list_rubrics() if r.level == level and r.family == family]
    for rubric in candidates:
        if province in rubric.provinces and year in rubric.years:
            return rubric, False
    for rubric in candidates:
        if rubric.default:
            return rubric, province not in rubric.provinces or year not in rubric.years
    return load_rubric(fallback), True
