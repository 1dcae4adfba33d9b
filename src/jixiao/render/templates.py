"""Document templates as data: ``rulepacks/templates/*.yaml``.

A template is one region/year variant of the 决算公开: its parts, the sections
in each (by builder id), display precision per section and the 附表 it
publishes.  ``tables.yaml`` holds the table layouts, ``glossary.yaml`` the
名词解释.  Loading validates keys and references; a template that names an
unknown builder or table is refused with the file and the name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from jixiao.model.filing import Filing

_TEMPLATE_KEYS = {"id", "name", "version", "match", "title", "file_stem", "precision", "parts"}
_SECTION_KEYS = {"id", "title", "precision", "sections", "tables"}
_SPECIAL_FILES = {"tables.yaml", "glossary.yaml"}


class TemplateError(ValueError):
    """A template file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Section:
    id: str | None
    title: str
    precision: dict[str, Any] = field(default_factory=dict)
    children: tuple["Section", ...] = ()
    tables: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    version: int
    match: dict[str, Any]
    title: str
    file_stem: str
    precision: dict[str, Any]
    parts: tuple[Section, ...]

    def builder_ids(self) -> set[str]:
        out: set[str] = set()
        stack = list(self.parts)
        while stack:
            node = stack.pop()
            if node.id:
                out.add(node.id)
            stack.extend(node.children)
        return out

    def table_ids(self) -> list[str]:
        out: list[str] = []
        stack = list(self.parts)
        while stack:
            node = stack.pop(0)
            out += [t["table"] for t in node.tables]
            stack[:0] = list(node.children)
        return out

    def matches(self, filing: Filing) -> bool:
        unit = self.match
        if not unit:
            return False
        province = filing.unit.province or filing.unit.region or ""
        if "province" in unit and unit["province"] not in province:
            return False
        year = filing.unit.year or 0
        return year >= int(unit.get("from_year", 0))


@dataclass(frozen=True)
class TemplateSet:
    templates: dict[str, Template]
    tables: dict[str, dict[str, Any]]
    glossary: dict[str, Any]

    def select(self, filing: Filing, wanted: str | None = None) -> Template:
        if wanted:
            if wanted not in self.templates:
                raise TemplateError(f"没有名为“{wanted}”的文档模板；可用：{'、'.join(sorted(self.templates))}")
            return self.templates[wanted]
        matching = [t for t in self.templates.values() if t.matches(filing)]
        if matching:
            return max(matching, key=lambda t: int(t.match.get("from_year", 0)))
        return self.templates["central"]


def load_templates(extra_texts: dict[str, str] | None = None) -> TemplateSet:
    """Every bundled template (plus ``extra_texts``: file name → YAML text, for tests).  The bundled
    set is parsed once per process and shared: nothing changes a TemplateSet after it is made."""
    return _load_templates(tuple(sorted((extra_texts or {}).items())))


@lru_cache(maxsize=4)
def _load_templates(extra: tuple[tuple[str, str], ...]) -> TemplateSet:
    extra_texts = dict(extra)
    folder = resources.files("jixiao").joinpath("rulepacks/templates")
    texts = {p.name: p.read_text("utf-8") for p in folder.iterdir() if p.name.endswith(".yaml")}
    texts.update(extra_texts or {})
    tables = _load_yaml("tables.yaml", texts["tables.yaml"]).get("tables", {})
    glossary = _load_yaml("glossary.yaml", texts["glossary.yaml"])
    templates = {}
    for name in sorted(texts):
        if name in _SPECIAL_FILES:
            continue
        template = _parse_template(name, _load_yaml(name, texts[name]), tables)
        if template.id in templates:
            raise TemplateError(f"{name}：模板编号“{template.id}”重复")
        templates[template.id] = template
    if "central" not in templates:
        raise TemplateError("缺少默认模板 central.yaml")
    return TemplateSet(templates, tables, glossary)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(name: str, text: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (libyaml's when installed)
    except yaml.YAMLError as exc:
        raise TemplateError(f"{name}：YAML 格式错误：{exc}") from exc
    if not isinstance(data, dict):
        raise TemplateError(f"{name}：应为映射（mapping）")
    return data


def _parse_template(name: str, data: dict[str, Any], tables: dict[str, Any]) -> Template:
    unknown = set(data) - _TEMPLATE_KEYS
    if unknown:
        raise TemplateError(f"{name}：未知的键 {sorted(unknown)}")
    for key in ("id", "title", "file_stem", "parts"):
        if key not in data:
            raise TemplateError(f"{name}：缺少“{key}”")
    parts = tuple(_parse_section(name, raw, tables) for raw in data["parts"])
    return Template(str(data["id"]), str(data.get("name", data["id"])), int(data.get("version", 1)),
                    dict(data.get("match") or {}), str(data["title"]), str(data["file_stem"]),
                    dict(data.get("precision") or {}), parts)


def _parse_section(name: str, raw: Any, tables: dict[str, Any]) -> Section:
    if not isinstance(raw, dict):
        raise TemplateError(f"{name}：章节应为映射：{raw!r}")
    unknown = set(raw) - _SECTION_KEYS
    if unknown:
        raise TemplateError(f"{name}：章节“{raw.get('title', raw.get('id'))}”有未知的键 {sorted(unknown)}")
    refs = tuple(dict(t) for t in raw.get("tables") or ())
    for ref in refs:
        if ref.get("table") not in tables:
            raise TemplateError(f"{name}：附表“{ref.get('table')}”未在 tables.yaml 中定义")
    children = tuple(_parse_section(name, c, tables) for c in raw.get("sections") or ())
    return Section(raw.get("id"), str(raw.get("title", "")), dict(raw.get("precision") or {}), children, refs)
