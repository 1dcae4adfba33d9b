"""Write a filing as canonical YAML (amounts in 万元, fields in model order)."""
from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Any

import yaml

from jixiao.ingest.build import DASH, SCHEMA_ID
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.values import Value, ValueMap


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = f"{value:f}"
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _str)


def _set_plain(body: dict[str, Any], path: str, value: Any) -> None:
    node: Any = body
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    for part, nxt in zip(parts, parts[1:] + [None]):
        key: Any = int(part[1:-1]) if part.startswith("[") else part
        if nxt is None:
            node[key] = value
            return
        if isinstance(node, dict) and key not in node:
            node[key] = [] if nxt.startswith("[") else {}
        node = node[key]


def to_plain(obj: Any) -> Any:
    """Model record → plain dicts/lists, leaving out unset fields."""
    if isinstance(obj, Value):
        return obj.text
    if isinstance(obj, ValueMap):
        return {name: value.text for name, value in obj.items()}
    if dataclasses.is_dataclass(obj):
        out: dict[str, Any] = {}
        for spec in S.specs(type(obj)):
            value = getattr(obj, spec.name)
            if S.is_empty(value):
                continue
            out[spec.name] = to_plain(value)
        return out
    if isinstance(obj, tuple):
        return [to_plain(item) for item in obj]
    return obj


def dump_filing(filing: Filing) -> str:
    body = {"schema": SCHEMA_ID, "money_unit": "万元", **to_plain(filing)}
    for path in sorted(filing.dashes):          # published as “—”: written back as “—”
        _set_plain(body, path, DASH)
    return yaml.dump(body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
