"""Find the numbers a rule needs: metric values, fields, evidence of the published line.

Each input is looked up through the bindings the rubric lists, first available
wins.  A resolved input carries the derivation shown to the user
(``资金到位率=65.16/65.54×100%=99.42%``); a missing one says what is missing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from jixiao.metrics.compute import MetricResult
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.numbers import fmt
from jixiao.model.source import Source
from jixiao.model.values import ValueMap
from jixiao.model.walk import get_path
from jixiao.scoring.rubric import Binding, Rule

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"
#: Chinese names of the evidence keys rubrics use
EVIDENCE_ZH = {"rate": "比率", "degree": "实现程度", "periods": "按期完成的时段数", "deduction": "扣分",
               "satisfaction": "满意率", "met": "满足的条目", "unmet": "未满足的条目", "grade": "定性评价"}


@dataclass(frozen=True)
class RecordContext:
    """One scored record: a project or the department, with the metrics computed for the filing."""

    filing: Filing
    record: Any
    path: str                            # "projects[2]" | "department"
    name: str
    metrics: Mapping[tuple[str, str | None], MetricResult]   # (metric id, item path or None) → result


def index_metrics(results: list[MetricResult]) -> dict[tuple[str, str | None], MetricResult]:
    """Key each result by its metric id and the path of the item it is about (None for whole-filing metrics)."""
    out: dict[tuple[str, str | None], MetricResult] = {}
    for result in results:
        item = None
        if result.metric.over:
            relative = next((n for n, p in result.metric.inputs.items() if p.startswith("$.")), None)
            if relative is not None:
                item = result.input_paths[relative].rsplit(".", 1)[0]
        out[(result.metric.id, item)] = result
    return out


@dataclass(frozen=True)
class Resolved:
    value: Decimal | None
    text: str | None = None              # how the value was obtained, for the explanation
    missing: str | None = None           # what is missing, in Chinese
    metric: MetricResult | None = None
    source: Source | None = None


def resolve(rule: Rule, names: tuple[str, ...], ctx: RecordContext, evidence: ValueMap | None,
            line_path: str | None) -> dict[str, Resolved]:
    """Resolve every input of a compiled rule; checklists read their item flags from evidence."""
    if rule.shape == "checklist":
        return _checklist(names, evidence, ctx, line_path)
    out = {}
    for name in names:
        bindings = rule.inputs.get(name, ())
        found = [_one(b, ctx, evidence, line_path) for b in bindings]
        hit = next((r for r in found if r.value is not None), None)
        if hit is None:
            missing = "；".join(r.missing for r in found if r.missing) or f"未指定“{name}”的来源"
            hit = Resolved(None, missing=missing, metric=next((r.metric for r in found if r.metric), None))
        out[name] = hit
    return out


def _one(binding: Binding, ctx: RecordContext, evidence: ValueMap | None, line_path: str | None) -> Resolved:
    if binding.kind == "metric":
        return _metric(binding, ctx)
    if binding.kind == "field":
        return _field(binding.key, ctx)
    if binding.kind == "evidence":
        value = evidence.number(binding.key) if evidence is not None else None
        zh = EVIDENCE_ZH.get(binding.key, binding.key)
        if value is None:
            return Resolved(None, missing=f"评分依据未写明{zh}")
        src = ctx.filing.source_of(f"{line_path}.evidence.{binding.key}") if line_path else None
        return Resolved(value, f"评分依据写明{zh}{fmt_plain(value)}", source=src)
    if binding.kind == "published":
        return _published(binding.key, ctx)
    if binding.kind == "const":
        return Resolved(Decimal(binding.key))
    return Resolved(None, missing=f"不支持的输入来源“{binding.kind}”")


def _metric(binding: Binding, ctx: RecordContext) -> Resolved:
    item: str | None = ctx.path if ctx.path != "department" else None
    if binding.row:
        rows = getattr(ctx.record, "funds", ())
        index = next((i for i, row in enumerate(rows) if row.source == binding.row), None)
        if index is None:
            return Resolved(None, missing=f"项目资金中没有“{binding.row}”一行")
        item = f"{ctx.path}.funds[{index}]"
    result = ctx.metrics.get((binding.key, item)) or ctx.metrics.get((binding.key, None))
    if result is None:
        return Resolved(None, missing=f"指标“{binding.key}”不适用于此处")
    if result.value is None:
        why = result.problem or "缺少" + "、".join(m.split("（")[0] for m in result.missing)
        return Resolved(None, missing=f"{result.metric.name}无法计算：{why}", metric=result)
    return Resolved(result.value, derivation(result), metric=result, source=result.source)


def _published(key: str, ctx: RecordContext) -> Resolved:
    """The unit's own statement of a rate, used when its operands are not all given."""
    stated = ctx.record.published.get(key)
    found = next((m for (mid, _), m in ctx.metrics.items() if mid == key), None)
    zh = found.metric.name if found is not None else key
    if stated is None or stated.number is None:
        return Resolved(None, missing=f"未公开{zh}")
    return Resolved(stated.number, f"公开的{zh}为{stated.text}", source=ctx.filing.source_of(f"{ctx.path}.published.{key}"))


def _field(path: str, ctx: RecordContext) -> Resolved:
    value = get_path(ctx.record, path)
    try:
        zh = _zh(type(ctx.record), path)
    except KeyError:
        zh = path
    if value is None:
        return Resolved(None, missing=f"未填“{zh}”")
    value = value if isinstance(value, Decimal) else Decimal(value)
    return Resolved(value, f"{zh}={fmt_plain(value)}", source=ctx.filing.source_of(f"{ctx.path}.{path}"))


def _zh(cls: type, path: str) -> str:
    names = []
    for part in path.split("."):
        spec = S.spec_of(cls, part)
        names.append(spec.zh)
        cls = spec.meta.get("type")
    return "·".join(names)


def derivation(result: MetricResult) -> str:
    """``资金到位率=65.16/65.54×100%=99.42%``: the metric's formula with its operands put in."""
    text = result.metric.expr.replace(" ", "")
    for name, value in sorted(result.inputs.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"\b{name}\b", fmt_plain(value) if value is not None else "?", text)
    percent = result.metric.unit == "%"
    if percent and text.endswith("*100"):
        text = text[:-4] + "×100%"
    text = text.replace("*", "×")
    unit = "%" if percent else result.metric.unit
    return f"{result.metric.name}={text}={fmt(result.value, result.metric.precision)}{unit}"


def fmt_plain(value: Decimal) -> str:
    return f"{value:f}"


def _checklist(names: tuple[str, ...], evidence: ValueMap | None, ctx: RecordContext, line_path: str | None) -> dict[str, Resolved]:
    met = _item_numbers(evidence.get("met").text) if evidence is not None and evidence.get("met") else None
    unmet = _item_numbers(evidence.get("unmet").text) if evidence is not None and evidence.get("unmet") else None
    if met is None and unmet is None:
        missing = "计分表未逐项写明①②③…各条是否满足"
        return {name: Resolved(None, missing=missing) for name in names}
    src = ctx.filing.source_of(f"{line_path}.evidence.{'met' if met is not None else 'unmet'}") if line_path else None
    out = {}
    for index, name in enumerate(names, start=1):
        flag = (index in met) if met is not None else (index not in (unmet or set()))
        out[name] = Resolved(Decimal(1 if flag else 0), source=src)
    return out


def _item_numbers(text: str) -> set[int]:
    """``①③`` or ``1,3`` or ``1、3`` → {1, 3}; ``无``/``-`` → ∅."""
    numbers = {CIRCLED.index(ch) + 1 for ch in text if ch in CIRCLED}
    numbers |= {int(d) for d in re.findall(r"\d+", text)}
    return numbers


def operand_formula(resolved: Resolved) -> str | None:
    """``65.16/65.54*100`` for an input derived from a metric (a live spreadsheet formula), None otherwise."""
    metric = resolved.metric
    if metric is None or metric.value is None or resolved.value is None:
        return None
    text = metric.metric.expr.replace(" ", "")
    for name, value in sorted(metric.inputs.items(), key=lambda kv: -len(kv[0])):
        if value is None:
            return None
        text = re.sub(rf"\b{name}\b", fmt_plain(value) if value >= 0 else f"({fmt_plain(value)})", text)
    return text
