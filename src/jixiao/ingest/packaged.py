"""Packaged data files (YAML shipped inside jixiao): parsed with libyaml, once per process.

A packaged file is read by whoever owns it (the metric registry, the rubrics, the check and review
packs) and the parsed result is kept for the rest of the process.  What is kept is never handed out
mutable: owners build frozen records from it, and :class:`FrozenMap` is the mapping they use for a
record's dict-valued fields, so no caller can change what the next caller gets.
"""
from __future__ import annotations

from typing import Any, NoReturn

import yaml

#: libyaml's loader when it is installed (PyYAML's wheels ship it), PyYAML's own otherwise
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_plain(text: str) -> Any:
    """A packaged YAML text as plain Python (dicts, lists, str, int, float, bool, None).

    Only for files jixiao ships: a user's file goes through :mod:`jixiao.ingest.yaml_in`, which
    keeps lines and refuses anchors, deep nesting and floods of values."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader


class FrozenMap(dict):
    """A dict that cannot be changed after it is made (and still pickles, compares and prints
    like a dict): the dict-valued fields of records that are cached for the whole process."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("FrozenMap is read-only (it is shared by the whole process)")

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple:
        return (FrozenMap, (dict(self),))

    def __copy__(self) -> "FrozenMap":
        return self

    def __deepcopy__(self, memo: dict) -> "FrozenMap":
        return self
