"""Last year's filing: its published 本年数 become this year's 上年数 where this year leaves them out.

``fill_priors`` returns a new filing (records are immutable) whose empty ``prior``
fields are taken from the prior filing's ``amount`` at the same place — list
items matched by their key (code, name) — plus the pairs a pack names in
``settings.prior_fill`` (e.g. this year's 上年三公经费决算数 ← last year's 三公经费合计).
The source of each filled value is last year's line, so findings cite it.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.walk import get_path, set_path

from jixiao.checks.figures import expand


def fill_priors(filing: Filing, prior: Filing, pairs: tuple[tuple[str, str], ...] = ()) -> Filing:
    sources = dict(filing.sources)
    body = _fill(filing, prior, "", "", prior, sources)
    for this_path, prior_path in pairs:
        concrete = expand(filing, this_path)
        found = expand(prior, prior_path)
        if len(concrete) != 1 or len(found) != 1:
            continue
        if get_path(body, concrete[0]) is not None:
            continue
        value = get_path(prior, found[0])
        if value is None:
            continue
        body = set_path(body, concrete[0], value)
        sources[concrete[0]] = prior.source_of(found[0])
    return dataclasses.replace(body, sources=sources)


def pairs_of_amounts(filing: Filing, prior: Filing) -> list[tuple[str, str]]:
    """(this year's ``…prior`` path, last year's ``…amount`` path) for every matching record."""
    out: list[tuple[str, str]] = []
    _walk_pairs(filing, prior, "", "", out)
    return out


def _walk_pairs(obj: Any, old: Any, path: str, old_path: str, out: list) -> None:
    if obj is None or old is None or not dataclasses.is_dataclass(obj):
        return
    names = {s.name for s in S.specs(type(obj))}
    if {"amount", "prior"} <= names:
        out.append((_join(path, "prior"), _join(old_path, "amount")))
    for spec in S.specs(type(obj)):
        if spec.kind == S.RECORD:
            _walk_pairs(getattr(obj, spec.name), getattr(old, spec.name), _join(path, spec.name),
                        _join(old_path, spec.name), out)
        elif spec.kind == S.RECORDS and spec.meta.get("key"):
            for index, old_index, item, old_item in _matched(obj, old, spec):
                _walk_pairs(item, old_item, f"{_join(path, spec.name)}[{index}]",
                            f"{_join(old_path, spec.name)}[{old_index}]", out)


def _fill(obj: Any, old: Any, path: str, old_path: str, prior: Filing, sources: dict) -> Any:
    if obj is None or old is None or not dataclasses.is_dataclass(obj):
        return obj
    changes: dict[str, Any] = {}
    names = {s.name for s in S.specs(type(obj))}
    if {"amount", "prior"} <= names and getattr(obj, "prior") is None and getattr(old, "amount") is not None:
        changes["prior"] = getattr(old, "amount")
        sources[_join(path, "prior")] = prior.source_of(_join(old_path, "amount"))
    for spec in S.specs(type(obj)):
        if spec.kind == S.RECORD:
            sub = _fill(getattr(obj, spec.name), getattr(old, spec.name), _join(path, spec.name),
                        _join(old_path, spec.name), prior, sources)
            if sub is not getattr(obj, spec.name):
                changes[spec.name] = sub
        elif spec.kind == S.RECORDS and spec.meta.get("key"):
            items = list(getattr(obj, spec.name))
            for index, old_index, item, old_item in _matched(obj, old, spec):
                items[index] = _fill(item, old_item, f"{_join(path, spec.name)}[{index}]",
                                     f"{_join(old_path, spec.name)}[{old_index}]", prior, sources)
            if tuple(items) != getattr(obj, spec.name):
                changes[spec.name] = tuple(items)
    return dataclasses.replace(obj, **changes) if changes else obj


def _matched(obj: Any, old: Any, spec: S.FieldSpec):
    key = spec.meta["key"]
    old_items = getattr(old, spec.name)
    index_of = {getattr(item, key): i for i, item in enumerate(old_items) if getattr(item, key) is not None}
    for index, item in enumerate(getattr(obj, spec.name)):
        ident = getattr(item, key)
        if ident in index_of:
            yield index, index_of[ident], item, old_items[index_of[ident]]


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name
