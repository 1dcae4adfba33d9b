"""Compute every registered metric over a filing, with its formula and operands shown.

Computation is exact ``Decimal``; values are rounded half-up only when shown.
A metric whose inputs are missing says which input is missing instead of guessing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

from jixiao.expr import ZeroDivisor, evaluate
from jixiao.metrics.registry import MetricDef, Registry
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.numbers import fmt
from jixiao.model.source import Source
from jixiao.model.values import Value
from jixiao.model.walk import get_path, iter_values_maps, zh_path
from jixiao.relations import Verdict, agrees

LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class Claim:
    """A published statement of a metric's value, where it was made."""

    key: str
    value: Value
    source: Source


@dataclass(frozen=True)
class MetricResult:
    metric: MetricDef
    instance: str                 # "staff_control_rate" or "function_class_share:201"
    label: str                    # Chinese name, with the item for per-item metrics
    value: Decimal | None
    inputs: dict[str, Decimal | None]
    input_paths: dict[str, str]
    missing: tuple[str, ...]      # Chinese names of missing inputs
    problem: str | None           # e.g. 除数为0
    source: Source
    claims: tuple[Claim, ...] = field(default=())

    @property
    def display(self) -> str | None:
        return None if self.value is None else fmt(self.value, self.metric.precision)

    def agreement(self, claim: Claim, *, strict: bool = False) -> Verdict | None:
        """Does a published value agree with the computed one?  The one tolerance rule of
        :func:`jixiao.relations.agrees` (stated precision, one unit of the last digit unless ``strict``);
        None when either side has no number."""
        stated = claim.value.number
        if stated is None or self.value is None:
            return None
        return agrees(stated, self.value, strict=strict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.instance,
            "name": self.label,
            "value": self.display,
            "unit": self.metric.unit,
            "formula": self.metric.formula,
            "inputs": {k: (None if v is None else f"{v:f}") for k, v in self.inputs.items()},
            "source": self.source.to_json(),
            "basis": self.metric.basis,
        }
        if self.missing:
            out["missing"] = list(self.missing)
        if self.problem:
            out["problem"] = self.problem
        if self.claims:
            out["published"] = [{"key": c.key, "value": c.value.text, "source": c.source.to_json(),
                                 "agrees": None if (v := self.agreement(c)) is None else v.ok} for c in self.claims]
        return out


def compute_all(filing: Filing, registry: Registry) -> list[MetricResult]:
    claims = _claims_by_key(filing)
    results = []
    for metric in registry.metrics:
        for instance, label, paths, item_path in _instances(filing, metric):
            results.append(_compute(filing, metric, instance, label, paths, item_path, claims))
    return results


def _instances(filing: Filing, metric: MetricDef) -> Iterator[tuple[str, str, dict[str, str], str | None]]:
    if not metric.over:
        yield metric.id, metric.name, dict(metric.inputs), None
        return
    for item_path, param, label in _items(filing, metric):
        paths = {name: (f"{item_path}.{p[2:]}" if p.startswith("$.") else p) for name, p in metric.inputs.items()}
        yield f"{metric.id}:{param}", f"{metric.name}（{label}）", paths, item_path


def _items(filing: Filing, metric: MetricDef) -> Iterator[tuple[str, str, str]]:
    assert metric.over is not None
    if metric.items:
        record = get_path(filing, metric.over)
        for name in metric.items:
            if S.is_empty(getattr(record, name)):
                continue
            yield f"{metric.over}.{name}", name, S.spec_of(type(record), name).zh
        return
    for path, item in _expand(filing, metric.over):
        if not _matches(item, metric.where):
            continue
        param = str(getattr(item, metric.param)) if metric.param else path
        label = param
        name = getattr(item, "name", None)
        if name and name != param:
            label = f"{param} {name}"
        if "[" in path.split(".")[0]:
            parent = get_path(filing, path.split(".")[0])
            parent_name = getattr(parent, "name", None)
            if parent_name:
                param, label = f"{parent_name}/{param}", f"{parent_name}·{label}"
        yield path, param, label


def _expand(filing: Filing, pattern: str) -> Iterator[tuple[str, Any]]:
    if "[*]" in pattern:
        head, tail = pattern.split("[*].", 1)
        for index, _ in enumerate(get_path(filing, head) or ()):
            yield from _expand(filing, f"{head}[{index}].{tail}")
        return
    for index, item in enumerate(get_path(filing, pattern) or ()):
        yield f"{pattern}[{index}]", item


def _matches(item: Any, where: dict[str, str]) -> bool:
    for key, wanted in where.items():
        if key == "level":
            code = getattr(item, "code", None) or ""
            if LEVELS.get(len(code)) != wanted:
                return False
        elif str(getattr(item, key, None)) != str(wanted):
            return False
    return True


def _compute(filing: Filing, metric: MetricDef, instance: str, label: str, paths: dict[str, str],
             item_path: str | None, claims: dict[str, list[Claim]]) -> MetricResult:
    inputs: dict[str, Decimal | None] = {}
    missing = []
    for name, path in paths.items():
        value = get_path(filing, path)
        if value is not None and not isinstance(value, Decimal):
            value = Decimal(value)
        inputs[name] = value
        if value is None:
            missing.append(f"{zh_path(Filing, _unindexed(path))}（{path}）")
    result: Decimal | None = None
    problem = None
    if not missing:
        assert metric.tree is not None
        try:
            result = evaluate(metric.tree, {k: v for k, v in inputs.items() if v is not None})
        except ZeroDivisor:
            problem = "除数为0，无法计算"
    first = next(iter(paths.values()))
    source = filing.source_of(first if inputs.get(next(iter(paths))) is not None else (item_path or first))
    found = list(claims.get(f"@{item_path}:{metric.id}", [])) if item_path is not None else []
    found += claims.get(instance, [])
    return MetricResult(metric, instance, label, result, inputs, paths, tuple(missing), problem, source, tuple(found))


def _unindexed(path: str) -> str:
    return re.sub(r"\[\d+\]", "", path)


def _claims_by_key(filing: Filing) -> dict[str, list[Claim]]:
    """Index published values: by key (``id``, ``id:param``) and by ``@item_path:id``."""
    out: dict[str, list[Claim]] = {}
    for record_path, field_name, values in iter_values_maps(filing):
        if field_name != "published":
            continue
        for key, value in values.items():
            base = key.split("#", 1)[0]
            source = filing.source_of(f"{record_path}.{field_name}.{key}" if record_path else f"{field_name}.{key}")
            claim = Claim(key, value, source)
            out.setdefault(base, []).append(claim)
            out.setdefault(f"@{record_path}:{base}", []).append(claim)
    return out
