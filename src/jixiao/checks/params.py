"""Validate and convert a check's parameters against its function's declared parameters.

Each problem is a ``CHECK-PACK-BAD-PARAM`` finding at the parameter's YAML line:
an unknown parameter, a missing one, a figure path that does not exist in the
filing model, an unknown metric id, a value of the wrong shape.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from jixiao.findings import Finding, error
from jixiao.ingest.tree import MapNode, Node, plain
from jixiao.metrics.registry import Registry
from jixiao.model.filing import Filing
from jixiao.model.numbers import D, NumberError
from jixiao.model.source import Source
from jixiao.model.walk import spec_at

from jixiao.checks.model import CheckFunction

BAD_PARAM = "CHECK-PACK-BAD-PARAM"


class ParamError(ValueError):
    def __init__(self, message: str, source: Source | None = None):
        super().__init__(message)
        self.source = source



def convert_params(fn: CheckFunction, node: MapNode | None, metrics: Registry, where: Source) -> tuple[dict[str, Any], list[Finding]]:
    findings: list[Finding] = []
    items = node.items if isinstance(node, MapNode) else {}
    out: dict[str, Any] = {}
    over = plain(items.get("over")) or plain(items.get("items"))
    each = plain(items.get("each")) or [None]
    for name, child in items.items():
        param = fn.param(name)
        source = node.key_sources.get(name, where) if isinstance(node, MapNode) else where
        if param is None:
            known = "、".join(p.name for p in fn.params) or "（无参数）"
            findings.append(error(BAD_PARAM, f"检查函数 {fn.name} 没有参数“{name}”；可用参数：{known}", source))
            continue
        try:
            out[name] = _convert(param.kind, plain(child), metrics, over, each)
        except ParamError as exc:
            findings.append(error(BAD_PARAM, f"参数“{name}”：{exc}", _node_source(child, exc.source or source)))
    for param in fn.params:
        if param.name in out:
            continue
        if param.required and param.name not in items:
            findings.append(error(BAD_PARAM, f"检查函数 {fn.name} 缺少必填参数“{param.name}”", where))
        elif param.default is not None:
            out[param.name] = param.default
    return out, findings


def _node_source(node: Node | None, fallback: Source) -> Source:
    return getattr(node, "source", None) or fallback


def _convert(kind: str, value: Any, metrics: Registry, over: str | None, each: list) -> Any:
    converter = _CONVERTERS.get(kind)
    if converter is None:
        raise ParamError(f"未知的参数类型 {kind}")
    return converter(value, metrics, over, each)


def _as_list(value: Any, what: str) -> list:
    if not isinstance(value, list):
        raise ParamError(f"应为列表（{what}）")
    return value


def _path_ok(text: str, over: str | None, each: list) -> None:
    for variant in each:
        _one_path(text.replace("{each}", variant) if variant else text, over)


def _one_path(text: str, over: str | None) -> None:
    if text.startswith("$."):
        if not over:
            raise ParamError(f"相对路径“{text}”需要参数 over")
        text = f"{over}.{text[2:]}"
    bare = re.sub(r"\[[^\]]*\]", "", text)
    try:
        spec_at(Filing, bare)
    except (KeyError, TypeError):
        raise ParamError(f"数据路径“{text}”在填报模型中不存在（见 docs/fields.md）") from None


def check_operand(value: Any, metrics: Registry, over: str | None, each: list) -> Any:
    if isinstance(value, list):
        if not value:
            raise ParamError("备选数据列表为空")
        return [check_operand(v, metrics, over, each) for v in value]
    if not isinstance(value, str) or not value:
        raise ParamError("应为数据路径或 metric:指标编号")
    if value.startswith("metric:"):
        _metric(value[len("metric:"):].split(":", 1)[0], metrics)
        return value
    _path_ok(value, over, each)
    return value


def _metric(value: Any, metrics: Registry) -> str:
    if not isinstance(value, str) or value not in metrics.ids:
        raise ParamError(f"“{value}”不是已登记的指标（见 docs/metrics.md）")
    return value


def _instance(value: Any, metrics: Registry) -> str:
    if not isinstance(value, str):
        raise ParamError("应为指标编号（可带“:参数”）")
    _metric(value.split(":", 1)[0], metrics)
    return value


def _pairs_of(convert, value: Any, what: str) -> list:
    out = []
    for pair in _as_list(value, what):
        if not isinstance(pair, list) or len(pair) != 2:
            raise ParamError(f"每项应为两个元素的列表（{what}）")
        out.append([convert(pair[0], 0), convert(pair[1], 1)])
    return out


def _number(value: Any, *_: Any) -> Decimal:
    try:
        return D(value)
    except NumberError as exc:
        raise ParamError(str(exc)) from None


def _bool(value: Any, *_: Any) -> bool:
    if value in ("true", "True", "yes", "是"):
        return True
    if value in ("false", "False", "no", "否"):
        return False
    raise ParamError(f"应为 true 或 false，而不是“{value}”")


def _items(value: Any, metrics: Registry, over: str | None, each: list) -> list:
    out = []
    for item in _as_list(value, "公开事项"):
        if not isinstance(item, dict) or "id" not in item or "title" not in item:
            raise ParamError("每个公开事项需要 id 和 title")
        unknown = set(item) - {"id", "title", "all", "any", "unknown", "count", "at_least"}
        if unknown:
            raise ParamError(f"公开事项 {item['id']} 有未知字段 {sorted(unknown)}")
        if ("count" in item) != ("at_least" in item):
            raise ParamError(f"公开事项 {item['id']} 的 count 与 at_least 须同时给出")
        if "count" in item:
            item["count"] = check_operand(item["count"], metrics, over, each)
            if not str(item["at_least"]).isdigit() or int(str(item["at_least"])) < 1:
                raise ParamError(f"公开事项 {item['id']} 的 at_least 应为正整数")
            item["at_least"] = int(str(item["at_least"]))
        for key in ("all", "any"):
            if key in item:
                item[key] = [check_operand(o, metrics, over, each) for o in _as_list(item[key], key)]
        if not ({"all", "any", "unknown"} & set(item)):
            raise ParamError(f"公开事项 {item['id']} 需要 all、any 或 unknown")
        out.append(item)
    return out


def _text(value: Any, *_: Any) -> str:
    if not isinstance(value, str):
        raise ParamError("应为文字")
    return value


def _map(value: Any, *_: Any) -> dict:
    if not isinstance(value, dict):
        raise ParamError("应为“键: 值”映射")
    return value


_CONVERTERS = {
    "operand": check_operand,
    "item_operand": lambda v, m, o, e: check_operand(v, m, o or "projects[*]", e),
    "operands": lambda v, m, o, e: [check_operand(x, m, o, e) for x in _as_list(v, "数据路径列表")],
    "pairs": lambda v, m, o, e: _pairs_of(lambda x, _i: check_operand(x, m, o, e), v, "成对的数据"),
    "pattern": lambda v, m, o, e: (_path_ok(_text(v), o if str(v).startswith("$.") else None, e), v)[1],
    "metric": lambda v, m, o, e: _metric(v, m),
    "metrics": lambda v, m, o, e: [_metric(x, m) for x in _as_list(v, "指标编号列表")],
    "metric_instance": lambda v, m, o, e: _instance(v, m),
    "metric_instances": lambda v, m, o, e: [_instance(x, m) for x in _as_list(v, "指标列表")],
    "metric_pairs": lambda v, m, o, e: _pairs_of(lambda x, _i: _metric(x, m), v, "成对的指标"),
    "metric_instance_pairs": lambda v, m, o, e: _pairs_of(lambda x, _i: _instance(x, m), v, "成对的指标"),
    "metric_sets": lambda v, m, o, e: [[_metric(x, m) for x in _as_list(s, "一组指标")] for s in _as_list(v, "指标组")],
    "metric_operand_pairs": lambda v, m, o, e: _pairs_of(
        lambda x, i: _instance(x, m) if i == 0 else check_operand(x, m, o, e), v, "指标与数据"),
    "number": _number,
    "bool": _bool,
    "text": _text,
    "list": lambda v, *_: _as_list(v, "列表"),
    "map": _map,
    "items": _items,
}
