"""The metric registry: standard rates defined as data (``metrics/data/metrics.yaml``).

A registry is an object built per run (never a mutated module global).  Loading
validates every definition: unknown keys, bad formulas, input paths that do not
exist in the model, duplicate ids.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from jixiao.expr import Expr, ExprError, names, parse
from jixiao.model.filing import Filing
from jixiao.model.walk import spec_at

_KEYS = {"id", "name", "formula", "expr", "inputs", "unit", "precision", "basis", "over", "where",
         "param", "items", "variant_of"}


class RegistryError(ValueError):
    pass


@dataclass(frozen=True)
class MetricDef:
    id: str
    name: str
    formula: str
    expr: str
    inputs: dict[str, str]
    unit: str
    precision: int
    basis: str
    over: str | None = None
    where: dict[str, str] = field(default_factory=dict)
    param: str | None = None
    items: tuple[str, ...] = ()
    variant_of: str | None = None
    tree: Expr | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "name": self.name, "formula": self.formula, "unit": self.unit,
               "precision": self.precision, "inputs": dict(self.inputs), "basis": self.basis}
        if self.over:
            out["over"] = self.over
        if self.variant_of:
            out["variant_of"] = self.variant_of
        return out


@dataclass(frozen=True)
class Registry:
    metrics: tuple[MetricDef, ...]

    def get(self, metric_id: str) -> MetricDef | None:
        for metric in self.metrics:
            if metric.id == metric_id:
                return metric
        return None

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(m.id for m in self.metrics)


def load_registry(text: str | None = None) -> Registry:
    if text is None:
        text = resources.files("jixiao.metrics").joinpath("data/metrics.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), list):
        raise RegistryError("metrics.yaml: 缺少 metrics 列表")
    seen: set[str] = set()
    out = []
    for raw in data["metrics"]:
        metric = _parse(raw)
        if metric.id in seen:
            raise RegistryError(f"指标 {metric.id} 重复定义")
        seen.add(metric.id)
        out.append(metric)
    for metric in out:
        if metric.variant_of and metric.variant_of not in seen:
            raise RegistryError(f"指标 {metric.id}: variant_of {metric.variant_of} 不存在")
    return Registry(tuple(out))


def _parse(raw: Any) -> MetricDef:
    if not isinstance(raw, dict) or "id" not in raw:
        raise RegistryError(f"指标定义无效：{raw!r}"[:120])
    unknown = set(raw) - _KEYS
    if unknown:
        raise RegistryError(f"指标 {raw['id']}: 未知字段 {sorted(unknown)}")
    try:
        tree = parse(raw["expr"], arithmetic=True)
    except ExprError as exc:
        raise RegistryError(f"指标 {raw['id']}: {exc}") from exc
    inputs = {str(k): str(v) for k, v in raw["inputs"].items()}
    if names(tree) != set(inputs):
        raise RegistryError(f"指标 {raw['id']}: 公式变量 {sorted(names(tree))} 与 inputs {sorted(inputs)} 不一致")
    metric = MetricDef(
        id=raw["id"], name=raw["name"], formula=raw["formula"], expr=raw["expr"], inputs=inputs,
        unit=raw["unit"], precision=int(raw["precision"]), basis=raw["basis"], over=raw.get("over"),
        where=dict(raw.get("where") or {}), param=raw.get("param"), items=tuple(raw.get("items") or ()),
        variant_of=raw.get("variant_of"), tree=tree,
    )
    _check_paths(metric)
    return metric


def _check_paths(metric: MetricDef) -> None:
    for name, path in metric.inputs.items():
        full = path
        if path.startswith("$."):
            if not metric.over:
                raise RegistryError(f"指标 {metric.id}: 相对路径 {path} 需要 over")
            if metric.items:
                full = f"{metric.over}.{metric.items[0]}.{path[2:]}"
            else:
                full = f"{metric.over}.{path[2:]}"
        try:
            spec_at(Filing, full)
        except KeyError as exc:
            raise RegistryError(f"指标 {metric.id}: 输入 {name} 的路径 {path} 在模型中不存在") from exc
