"""Figures named by check parameters: model paths, list wildcards, keyed items, metrics.

Path syntax (an *operand*):

* ``accounts.totals.income_total.amount`` — one field;
* ``accounts.income_sources[*].amount`` — every item of a list;
* ``accounts.function_lines[201].amount`` — the item whose key (here ``code``) is 201;
* ``$.amount`` — relative to the item a check runs ``over``;
* ``metric:sangong_completion`` — a computed metric (its value);
* a list of operands — alternatives: the first that has a value is used.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.numbers import fmt
from jixiao.model.values import Value
from jixiao.model.walk import get_path, path_parts

LEVELS = {3: "类", 5: "款", 7: "项"}
_INDEX = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Fig:
    path: str                 # concrete path, e.g. accounts.income_sources[0].amount
    value: Any
    label: str

    @property
    def number(self) -> Decimal | None:
        if isinstance(self.value, Value):
            return self.value.number
        if isinstance(self.value, bool) or self.value is None:
            return None
        if isinstance(self.value, (int, Decimal)):
            return Decimal(self.value)
        return None

    @property
    def shown(self) -> str:
        if isinstance(self.value, Value):
            return self.value.text
        number = self.number
        return f"{number:f}" if number is not None else str(self.value)


def expand(filing: Filing, pattern: str, base: str = "", where: dict[str, Any] | None = None) -> list[str]:
    """Concrete paths a pattern names (wildcards and keys resolved)."""
    out = [""]
    if pattern.startswith("$.") and base:
        out, pattern = [base], pattern[2:]          # the base is already concrete: no re-selection
    elif pattern.startswith("$."):
        pattern = pattern[2:]
    elif pattern == "$":
        return [base]
    for part in path_parts(pattern):
        nxt = []
        for prefix in out:
            if part.startswith("["):
                nxt += _select(filing, prefix, part[1:-1], where)
            else:
                nxt.append(f"{prefix}.{part}" if prefix else part)
        out = nxt
    return out


def _select(filing: Filing, list_path: str, selector: str, where: dict[str, Any] | None) -> list[str]:
    items = get_path(filing, list_path) or ()
    if selector.isdigit() and not _keyed(filing, list_path):
        index = int(selector)
        return [f"{list_path}[{index}]"] if index < len(items) else []
    key = _key_of(filing, list_path)
    out = []
    for index, item in enumerate(items):
        if selector == "*":
            if where and not matches(item, where):
                continue
        elif key is None or str(getattr(item, key, None)) != selector:
            continue
        out.append(f"{list_path}[{index}]")
    if not out and selector.isdigit() and int(selector) < len(items):
        return [f"{list_path}[{int(selector)}]"]      # a concrete index (no item has that key)
    return out


def _key_of(filing: Filing, list_path: str) -> str | None:
    parent = list_path.rsplit(".", 1)
    head = parent[0] if len(parent) == 2 else ""
    record = get_path(filing, head) if head else filing
    name = parent[-1]
    if record is None or not dataclasses.is_dataclass(record):
        return None
    try:
        return S.spec_of(type(record), name).meta.get("key")
    except KeyError:
        return None


def _keyed(filing: Filing, list_path: str) -> bool:
    return _key_of(filing, list_path) is not None


def matches(item: Any, where: dict[str, Any]) -> bool:
    """``where`` filters: field equality, ``level`` (类/款/项 by code length), ``code_prefix``."""
    for key, wanted in where.items():
        if key == "level":
            if LEVELS.get(len(getattr(item, "code", None) or "")) != wanted:
                return False
        elif key == "code_prefix":
            prefixes = wanted if isinstance(wanted, list) else [wanted]
            if not any((getattr(item, "code", None) or "").startswith(str(p)) for p in prefixes):
                return False
        elif str(getattr(item, key, None)) != str(wanted):
            return False
    return True


def figures(ctx: Any, operand: Any, base: str = "", where: dict[str, Any] | None = None) -> list[Fig]:
    """Every figure an operand names (for ``[*]`` patterns, one per item)."""
    if isinstance(operand, list):
        for alternative in operand:
            found = [f for f in figures(ctx, alternative, base, where) if f.value is not None]
            if found:
                return found
        return []
    text = str(operand)
    if text.startswith("metric:"):
        result = ctx.metric(text[len("metric:"):])
        if result is None:
            return []
        path = next(iter(result.input_paths.values()), "")
        return [Fig(path, result.value, result.label)]
    return [Fig(p, get_path(ctx.filing, p), label_of(ctx.filing, p)) for p in expand(ctx.filing, text, base, where)]


def one(ctx: Any, operand: Any, base: str = "") -> Fig | None:
    """The figure an operand names, or None when it has no value (alternatives tried in order)."""
    found = [f for f in figures(ctx, operand, base) if f.value is not None]
    return found[0] if found else None


def label_of(filing: Filing, path: str) -> str:
    """Chinese name of a concrete path: ``三公经费·公务用车购置及运行维护费`` or
    ``功能分类支出“201 一般公共服务（类）支出”·决算数``."""
    names: list[str] = []
    cls: Any = Filing
    walked = ""
    for part in path_parts(path):
        if part.startswith("["):
            item = get_path(filing, f"{walked}{part}")
            names[-1] = f"{names[-1]}“{_item_name(item, part)}”"
            walked += part
            continue
        try:
            spec = S.spec_of(cls, part)
        except (KeyError, TypeError):
            names.append(part)
            cls = None
            continue
        walked = f"{walked}.{part}" if walked else part
        cls = spec.meta.get("type")
        if part == "amount" and names:
            continue
        names.append(spec.zh)
    if len(names) > 1 and names[0] in ("部门决算", "单位信息"):
        names = names[1:]
    return "·".join(names)


def _item_name(item: Any, part: str) -> str:
    if item is None:
        return part[1:-1]
    for attr in ("code", "name", "source", "criterion", "content", "year"):
        value = getattr(item, attr, None)
        if value is not None:
            name = getattr(item, "name", None) if attr == "code" else None
            return f"{value} {_short(name)}" if name else str(value)
    return f"第{int(part[1:-1]) + 1}项" if part[1:-1].isdigit() else part[1:-1]


def _short(name: str, size: int = 14) -> str:
    return name if len(name) <= size else name[:size] + "…"


def show(value: Decimal | None, places: int | None = None) -> str:
    """A number for a message: at ``places`` decimals half-up, else as it is."""
    if value is None:
        return "—"
    if places is None:
        text = f"{value:f}"
        if "." in text and len(text.split(".")[1]) > 4:
            text = fmt(value, 4)
        return text
    return fmt(value, places)
