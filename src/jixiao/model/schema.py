"""Field specifications: each model field says what it holds, in Chinese and in kind.

The YAML loader, the YAML writer, the Excel template and the Excel reader are
all driven by these specifications, so the four stay in step by construction.
"""
from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jixiao.model.values import ValueMap

# kinds of leaf fields
MONEY = "money"        # Decimal, 万元 in the model; the file's money_unit converts
NUMBER = "number"      # Decimal without unit (scores, points, weights)
PERCENT = "percent"    # Decimal percentage number: 63.5 means 63.5%
COUNT = "count"        # int ≥ 0 (people, vehicles, batches)
INT = "int"            # int (a year)
TEXT = "text"          # str
TEXTS = "texts"        # tuple[str, ...]
CHOICE = "choice"      # str from a closed list
CODE = "code"          # classification code (func / econ), checked against the catalogue
VALUES = "values"      # ValueMap: stated values (published figures, evidence)
VALUE = "value"        # a single stated value (Value): text as written plus its number
RECORD = "record"      # nested record
RECORDS = "records"    # tuple of records

LEAF_KINDS = {MONEY, NUMBER, PERCENT, COUNT, INT, TEXT, CHOICE, CODE, VALUE}


def _meta(kind: str, zh: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "zh": zh, **extra}


def money(zh: str, *, signed: bool = False, required: bool = False) -> Any:
    return field(default=None, metadata=_meta(MONEY, zh, signed=signed, required=required))


def number(zh: str, *, signed: bool = False, required: bool = False) -> Any:
    return field(default=None, metadata=_meta(NUMBER, zh, signed=signed, required=required))


def percent(zh: str, *, signed: bool = True) -> Any:
    return field(default=None, metadata=_meta(PERCENT, zh, signed=signed, required=False))


def count(zh: str, *, required: bool = False) -> Any:
    return field(default=None, metadata=_meta(COUNT, zh, required=required))


def integer(zh: str, *, required: bool = False) -> Any:
    return field(default=None, metadata=_meta(INT, zh, required=required))


def text(zh: str, *, required: bool = False) -> Any:
    return field(default=None, metadata=_meta(TEXT, zh, required=required))


def texts(zh: str) -> Any:
    return field(default=(), metadata=_meta(TEXTS, zh, required=False))


def choice(zh: str, choices: tuple[str, ...], *, required: bool = False,
           aliases: dict[str, str] | None = None, keep_as: str | None = None) -> Any:
    """A closed list.  ``keep_as`` names a text field that keeps the spelling as
    published when an alias was used (e.g. "≡" kept beside the canonical "=")."""
    return field(default=None, metadata=_meta(CHOICE, zh, choices=choices, required=required,
                                             aliases=aliases or {}, keep_as=keep_as))


def code(zh: str, catalogue: str, *, required: bool = False) -> Any:
    return field(default=None, metadata=_meta(CODE, zh, catalogue=catalogue, required=required))


def value(zh: str) -> Any:
    return field(default=None, metadata=_meta(VALUE, zh, required=False))


def values(zh: str) -> Any:
    return field(default_factory=ValueMap, metadata=_meta(VALUES, zh, required=False))


def record(zh: str, cls: type) -> Any:
    return field(default_factory=cls, metadata=_meta(RECORD, zh, type=cls, required=False))


def records(zh: str, cls: type, *, key: str | None = None, sheet: str | None = None) -> Any:
    """A list of records.  ``key`` names the field that identifies an item (must be unique)."""
    return field(default=(), metadata=_meta(RECORDS, zh, type=cls, key=key, sheet=sheet or zh,
                                            required=False))


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    zh: str
    meta: dict[str, Any]

    @property
    def required(self) -> bool:
        return bool(self.meta.get("required"))

    @property
    def type(self) -> type:
        return self.meta["type"]


@lru_cache(maxsize=None)
def specs(cls: type) -> tuple[FieldSpec, ...]:
    """The field specifications of a model record, in declaration order."""
    out = []
    for f in dataclasses.fields(cls):
        if "kind" not in f.metadata:
            continue
        out.append(FieldSpec(f.name, f.metadata["kind"], f.metadata["zh"], dict(f.metadata)))
    return tuple(out)


@lru_cache(maxsize=None)
def spec_of(cls: type, name: str) -> FieldSpec:
    for s in specs(cls):
        if s.name == name:
            return s
    raise KeyError(name)


def is_empty(obj: Any) -> bool:
    """True for a record whose every field is unset (None, empty tuple, empty map, empty record)."""
    if obj is None:
        return True
    if isinstance(obj, (tuple, ValueMap)):
        return len(obj) == 0
    if dataclasses.is_dataclass(obj) and specs(type(obj)):
        return all(is_empty(getattr(obj, s.name)) for s in specs(type(obj)))
    return False


__all__ = [name for name in dir() if not name.startswith("_")] + ["typing"]
