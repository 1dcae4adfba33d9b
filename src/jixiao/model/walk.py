"""Walk a model record: every field with its path, and path lookup.

Paths look like ``accounts.sangong.vehicle.amount`` or ``projects[2].funds[0].executed``.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterator

from jixiao.model import schema as S
from jixiao.model.values import ValueMap


def iter_values_maps(obj: Any, path: str = "") -> Iterator[tuple[str, str, ValueMap]]:
    """Yield ``(record_path, field_name, map)`` for every VALUES map under ``obj``."""
    if not dataclasses.is_dataclass(obj):
        return
    for spec in S.specs(type(obj)):
        value = getattr(obj, spec.name)
        sub = f"{path}.{spec.name}" if path else spec.name
        if spec.kind == S.VALUES:
            if value:
                yield path, spec.name, value
        elif spec.kind == S.RECORD:
            yield from iter_values_maps(value, sub)
        elif spec.kind == S.RECORDS:
            for index, item in enumerate(value):
                yield from iter_values_maps(item, f"{sub}[{index}]")


def get_path(obj: Any, path: str) -> Any:
    """The value at a dotted path with ``[i]`` indices; None when any step is unset."""
    current = obj
    for part in _split(path):
        if current is None:
            return None
        if isinstance(part, int):
            current = current[part] if part < len(current) else None
        else:
            current = getattr(current, part)
    return current


def set_path(obj: Any, path: str, value: Any) -> Any:
    """A copy of an immutable record with the field at ``path`` replaced."""
    head, _, rest = path.partition(".")
    name, _, index = head.partition("[")
    current = getattr(obj, name)
    if index:
        i = int(index[:-1])
        items = list(current)
        items[i] = set_path(items[i], rest, value) if rest else value
        return dataclasses.replace(obj, **{name: tuple(items)})
    if rest:
        return dataclasses.replace(obj, **{name: set_path(current, rest, value)})
    return dataclasses.replace(obj, **{name: value})


def path_parts(path: str) -> list[str]:
    """'projects[2].funds[*].executed' → ['projects', '[2]', 'funds', '[*]', 'executed']:
    field names, and list selectors kept in their brackets (an index, a key or ``*``)."""
    parts: list[str] = []
    for chunk in path.split("."):
        while "[" in chunk:
            head, rest = chunk.split("[", 1)
            if head:
                parts.append(head)
            inner, chunk = rest.split("]", 1)
            parts.append(f"[{inner}]")
        if chunk:
            parts.append(chunk)
    return parts


def _split(path: str) -> list[str | int]:
    """Path steps for :func:`get_path`: names, and list indices as ints."""
    return [int(p[1:-1]) if p.startswith("[") else p for p in path_parts(path)]


def spec_at(root: type, path: str) -> S.FieldSpec:
    """The field spec a path (without indices) ends at; KeyError if a step is unknown."""
    cls = root
    spec = None
    for part in path.replace("[*]", "").split("."):
        if cls is None:
            raise KeyError(path)
        spec = S.spec_of(cls, part)
        cls = spec.meta.get("type") if spec.kind in (S.RECORD, S.RECORDS) else None
    if spec is None:
        raise KeyError(path)
    return spec


def zh_path(root: type, path: str) -> str:
    """Chinese names along a path: ``三公经费·公务用车购置及运行维护费·本年决算数``."""
    cls, names = root, []
    for part in path.replace("[*]", "").split("."):
        spec = S.spec_of(cls, part)
        names.append(spec.zh)
        cls = spec.meta.get("type")
    return "·".join(names)
