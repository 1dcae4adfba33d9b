"""Build model records from the neutral tree, collecting every problem as a finding.

The builder is driven by the field specifications of the model, so YAML and the
Excel workbook get exactly the same checks and messages.  It never raises for a
user mistake: each bad value becomes an ``INPUT-*`` error finding with the
value's location, the value is left out, and the build goes on so that the user
sees every problem at once.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.findings import Finding, error
from jixiao.ingest.tree import MapNode, Node, Scalar, SeqNode
from jixiao.model import schema as S
from jixiao.model.bounds import amount_problem, number_problem, percent_problem, text_problem, year_problem
from jixiao.model.filing import Filing
from jixiao.model.numbers import TEN_THOUSAND, NumberError, D, decimals_of, normalise_text
from jixiao.model.source import Source
from jixiao.model.values import Value, ValueMap

SCHEMA_ID = "jixiao.filing/1"
MONEY_UNITS = {"万元": Decimal(1), "元": Decimal(1) / TEN_THOUSAND}
#: digits allowed after the point for an amount in each unit (to the 分)
MONEY_PLACES = {"万元": 6, "元": 2}
HEADER_KEYS = {"schema", "money_unit"}
#: what a published table writes for “no amount”: read as 0 and kept, so documents print it again
DASHES = {"—", "-", "－", "--", "——", "–"}
DASH = "—"
MAX_TEXT = 20000


@dataclass
class BuildContext:
    doc: str
    money_unit: str = "万元"
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)   # path -> Chinese name, for messages
    slots: dict[str, Source] = field(default_factory=dict)    # where a missing field would go
    dashes: set[str] = field(default_factory=set)             # amounts the unit published as “—” (read as 0)

    def fail(self, rule_id: str, message: str, source: Source | None) -> None:
        self.findings.append(error(rule_id, message, source or Source(self.doc, "L1")))


def build_filing(tree: Node, doc: str) -> tuple[Filing, list[Finding]]:
    ctx = BuildContext(doc)
    clean_texts(tree, ctx)
    if isinstance(tree, MapNode):
        ctx.slots = dict(tree.slots)
    if not isinstance(tree, MapNode):
        ctx.fail("INPUT-NOT-FILING", "文件顶层应为“字段: 值”的映射，看起来不是jixiao填报文件", _node_source(tree, ctx))
        return Filing(doc=doc), ctx.findings
    schema_node = tree.items.get("schema")
    if schema_node is None:
        ctx.fail("INPUT-NOT-FILING", f"缺少 schema: {SCHEMA_ID}，看起来不是jixiao填报文件", tree.source)
    elif not isinstance(schema_node, Scalar) or str(schema_node.raw).strip() != SCHEMA_ID:
        ctx.fail("INPUT-SCHEMA", f"不支持的文件格式版本“{getattr(schema_node, 'raw', '')}”，应为 {SCHEMA_ID}", _node_source(schema_node, ctx))
    unit_node = tree.items.get("money_unit")
    if unit_node is not None:
        unit = str(unit_node.raw).strip() if isinstance(unit_node, Scalar) else ""
        if unit not in MONEY_UNITS:
            ctx.fail("INPUT-MONEY-UNIT", f"金额单位“{unit}”无效，只能是“万元”或“元”", _node_source(unit_node, ctx))
        else:
            ctx.money_unit = unit
    body = MapNode({k: v for k, v in tree.items.items() if k not in HEADER_KEYS},
                   {k: v for k, v in tree.key_sources.items() if k not in HEADER_KEYS}, tree.source)
    values = _build_record(Filing, body, "", ctx)
    filing = Filing(**values, doc=doc, sources=ctx.sources, dashes=frozenset(ctx.dashes))
    return filing, ctx.findings


def clean_texts(tree: Node, ctx: BuildContext) -> None:
    """Every text and key of the tree checked once (:func:`jixiao.model.bounds.text_problem`): a bad
    one becomes an ``INPUT-TEXT`` error and is taken out, so no later stage sees or echoes it."""
    stack: list[Node] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, Scalar):
            problem = text_problem(node.raw) if isinstance(node.raw, str) else None
            if problem is not None:
                ctx.fail("INPUT-TEXT", problem, node.source)
                node.raw = None
        elif isinstance(node, SeqNode):
            stack.extend(node.items)
        elif isinstance(node, MapNode):
            for key in [k for k in node.items if text_problem(k) is not None]:
                ctx.fail("INPUT-TEXT", f"字段名{text_problem(key)}", node.key_sources.get(key, node.source))
                del node.items[key]
            stack.extend(node.items.values())


def _node_source(node: Node | None, ctx: BuildContext) -> Source:
    if node is None:
        return Source(ctx.doc, "L1")
    return node.source if node.source is not None else Source(ctx.doc, "L1")


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _build_record(cls: type, node: MapNode, path: str, ctx: BuildContext) -> dict[str, Any]:
    out: dict[str, Any] = {}
    known = {s.name: s for s in S.specs(cls)}
    by_zh = {s.zh: s for s in S.specs(cls)}
    for key, child in node.items.items():
        spec = known.get(key) or by_zh.get(key)
        if spec is None:
            hint = "、".join(f"{s.name}（{s.zh}）" for s in S.specs(cls))[:300]
            ctx.fail("INPUT-UNKNOWN-FIELD", f"未知字段“{key}”（{_where(path)}）；可用字段：{hint}", node.key_sources.get(key, node.source))
            continue
        sub = _join(path, spec.name)
        ctx.labels[sub] = spec.zh
        built = _build_field(spec, child, sub, ctx)
        if built is not _MISSING:
            out[spec.name] = built
            keep_as = spec.meta.get("keep_as")
            if keep_as and isinstance(child, Scalar) and str(child.raw).strip() != built:
                out.setdefault(keep_as, str(child.raw).strip())
    for spec in S.specs(cls):
        if spec.required and spec.name not in out and not _has_bad_value(ctx, _join(path, spec.name)):
            where = ctx.slots.get(_join(path, spec.name), node.source)
            ctx.fail("INPUT-MISSING", f"缺少必填字段“{spec.zh}”（{spec.name}，位置：{_zh_where(path, ctx)}）", where)
    return out


def _has_bad_value(ctx: BuildContext, path: str) -> bool:
    return path in ctx.sources and any(f.source == ctx.sources[path] for f in ctx.findings)


def _where(path: str) -> str:
    return path or "文件顶层"


def _zh_where(path: str, ctx: BuildContext) -> str:
    """'projects[1].funds[0]' → '项目第2项·项目资金第1项'."""
    if not path:
        return "文件顶层"
    out, prefix = [], ""
    for part in path.split("."):
        name, _, index = part.partition("[")
        prefix = f"{prefix}.{name}" if prefix else name
        label = ctx.labels.get(prefix, name)
        out.append(f"{label}第{int(index[:-1]) + 1}项" if index else label)
        if index:
            prefix = f"{prefix}[{index}"
    return "·".join(out)


_MISSING = object()


def _build_field(spec: S.FieldSpec, node: Node, path: str, ctx: BuildContext) -> Any:
    if spec.kind == S.RECORD:
        if isinstance(node, Scalar) and node.raw is None:
            return _MISSING
        if not isinstance(node, MapNode):
            ctx.fail("INPUT-SHAPE", f"“{spec.zh}”应为“字段: 值”的映射", _node_source(node, ctx))
            return _MISSING
        ctx.sources.setdefault(path, _node_source(node, ctx))
        return spec.type(**_build_record(spec.type, node, path, ctx))
    if spec.kind == S.RECORDS:
        return _build_records(spec, node, path, ctx)
    if spec.kind == S.VALUES:
        return _build_values(spec, node, path, ctx)
    if spec.kind == S.TEXTS:
        return _build_texts(spec, node, path, ctx)
    if not isinstance(node, Scalar):
        ctx.fail("INPUT-SHAPE", f"“{spec.zh}”应为单个值，而不是列表或映射", _node_source(node, ctx))
        return _MISSING
    ctx.sources[path] = node.source
    if node.raw is None:
        return _MISSING
    if spec.kind == S.MONEY and isinstance(node.raw, str) and node.raw.strip() in DASHES:
        ctx.dashes.add(path)        # “—” in a 决算 amount: the unit published no amount there; 0, printed “—” again
        return Decimal(0)
    try:
        return parse_leaf(spec, node.raw, ctx.money_unit)
    except NumberError as exc:
        ctx.fail(_rule_for(spec), f"“{spec.zh}”：{exc}", node.source)
        return _MISSING


def _rule_for(spec: S.FieldSpec) -> str:
    return {S.MONEY: "INPUT-MONEY", S.COUNT: "INPUT-COUNT", S.INT: "INPUT-INT", S.PERCENT: "INPUT-PERCENT",
            S.NUMBER: "INPUT-NUMBER", S.CHOICE: "INPUT-CHOICE"}.get(spec.kind, "INPUT-VALUE")


def parse_leaf(spec: S.FieldSpec, raw: object, money_unit: str) -> Any:
    """Parse one leaf value by its field kind.  Raises NumberError with a Chinese reason."""
    kind = spec.kind
    if kind == S.MONEY:
        return _within(parse_money(raw, money_unit, signed=spec.meta.get("signed", False)), amount_problem)
    if kind == S.NUMBER:
        number = _within(_decimal(raw), number_problem)
        if number < 0 and not spec.meta.get("signed"):
            raise NumberError(f"不能为负数（{raw}）")
        return number
    if kind == S.PERCENT:
        text = normalise_text(str(raw)) if not isinstance(raw, float) else raw
        if isinstance(text, str) and text.endswith("%"):
            text = text[:-1]
        return _within(_decimal(text), percent_problem)
    if kind in (S.COUNT, S.INT):
        number = _within(_decimal(raw), number_problem)
        if number != number.to_integral_value():
            raise NumberError(f"应为整数，而不是“{raw}”")
        if kind == S.COUNT and number < 0:
            raise NumberError(f"不能为负数（{raw}）")
        if kind == S.INT:
            _within(int(number), year_problem)
        return int(number)
    if kind == S.CHOICE:
        text = str(raw).strip()
        choices: tuple[str, ...] = spec.meta["choices"]
        aliases: dict[str, str] = spec.meta.get("aliases", {})
        if text in choices:
            return text
        if text in aliases:
            return aliases[text]
        raise NumberError(f"“{text}”不是可选值，可选：{'、'.join(choices)}")
    if kind == S.CODE:
        if isinstance(raw, float):
            raise NumberError(f"科目编码应写成文本，而不是数字“{raw}”")
        return normalise_text(str(raw))
    if kind == S.TEXT:
        if isinstance(raw, float):
            raw = repr(raw)
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            raise NumberError(f"文字过长（{len(text)}字，上限{MAX_TEXT}字）")
        return text
    if kind == S.VALUE:
        return stated(raw)
    raise AssertionError(f"unknown field kind {kind}")


def _within(value, check):  # type: ignore[no-untyped-def]
    """``value`` itself when ``check`` finds nothing wrong with it, else NumberError with the reason."""
    problem = check(value)
    if problem is not None:
        raise NumberError(problem)
    return value


def stated(raw: object) -> Value:
    """A stated value, its number within range."""
    value = Value.parse(_no_float_text(raw))
    if value.number is not None:
        _within(value.number, number_problem)
    return value


def _no_float_text(raw: object) -> object:
    if isinstance(raw, float):
        raise NumberError("不接受浮点数（float），请以文本形式填写")
    return raw


def _decimal(raw: object) -> Decimal:
    if isinstance(raw, float):
        raw = _float_cell(raw)
    return D(raw)


def _float_cell(raw: float) -> str:
    """A spreadsheet number arrives as a float; its shortest repr is what was typed."""
    if raw != raw or raw in (float("inf"), float("-inf")):
        raise NumberError(f"数值“{raw}”无效")
    text = format(Decimal(repr(raw)), "f")
    return text[:-2] if text.endswith(".0") else text


def parse_money(raw: object, money_unit: str, *, signed: bool = False) -> Decimal:
    """An amount in the file's unit, returned in 万元.  Refuses floats, wrong units, over-precision."""
    if isinstance(raw, float):
        raw = _float_cell(raw)
    text = normalise_text(str(raw))
    stated_unit = None
    for unit in ("万元", "元"):
        if text.endswith(unit):
            stated_unit, text = unit, text[: -len(unit)]
            break
    if text.endswith("亿元") or "亿" in text:
        raise NumberError(f"金额“{raw}”使用了“亿元”，请换算为{money_unit}")
    if stated_unit is not None and stated_unit != money_unit:
        raise NumberError(f"金额“{raw}”的单位是{stated_unit}，但本文件的金额单位是{money_unit}（元与万元混用）")
    number = D(text)
    if number < 0 and not signed:
        raise NumberError(f"金额不能为负数（{raw}）")
    places = decimals_of(number)
    if places > MONEY_PLACES[money_unit]:
        raise NumberError(f"金额“{raw}”小数位过多（{places}位），{money_unit}最多{MONEY_PLACES[money_unit]}位；可能是浮点误差或单位错误")
    return number * MONEY_UNITS[money_unit] if money_unit != "万元" else number


def _build_records(spec: S.FieldSpec, node: Node, path: str, ctx: BuildContext) -> tuple:
    if isinstance(node, Scalar) and node.raw is None:
        return ()
    if not isinstance(node, SeqNode):
        ctx.fail("INPUT-SHAPE", f"“{spec.zh}”应为列表（每项以“- ”开头）", _node_source(node, ctx))
        return ()
    ctx.sources[path] = _node_source(node, ctx)
    items = []
    seen: dict[object, Source] = {}
    key = spec.meta.get("key")
    for index, child in enumerate(node.items):
        sub = f"{path}[{index}]"
        if not isinstance(child, MapNode):
            ctx.fail("INPUT-SHAPE", f"“{spec.zh}”的第{index + 1}项应为“字段: 值”的映射", _node_source(child, ctx))
            continue
        ctx.sources[sub] = _node_source(child, ctx)
        values = _build_record(spec.type, child, sub, ctx)
        item = spec.type(**values)
        if key:
            ident = getattr(item, key)
            if ident is not None and ident in seen:
                ctx.fail("INPUT-DUPLICATE", f"“{spec.zh}”中“{ident}”重复（{seen[ident]}已有同名项）；每项的{S.spec_of(spec.type, key).zh}必须唯一", ctx.sources.get(f"{sub}.{key}", ctx.sources[sub]))
            elif ident is not None:
                seen[ident] = ctx.sources.get(f"{sub}.{key}", ctx.sources[sub])
        items.append(item)
    return tuple(items)


def _build_values(spec: S.FieldSpec, node: Node, path: str, ctx: BuildContext) -> ValueMap:
    if isinstance(node, Scalar) and node.raw is None:
        return ValueMap()
    if not isinstance(node, MapNode):
        ctx.fail("INPUT-SHAPE", f"“{spec.zh}”应为“名称: 值”的映射", _node_source(node, ctx))
        return ValueMap()
    pairs = []
    for name, child in node.items.items():
        sub = f"{path}.{name}"
        if not isinstance(child, Scalar):
            ctx.fail("INPUT-SHAPE", f"“{spec.zh}”中的“{name}”应为单个值", _node_source(child, ctx))
            continue
        ctx.sources[sub] = child.source
        if child.raw is None:
            continue
        try:
            pairs.append((name, stated(child.raw)))
        except NumberError as exc:
            ctx.fail("INPUT-VALUE", f"“{name}”：{exc}", child.source)
    return ValueMap(tuple(pairs))


def _build_texts(spec: S.FieldSpec, node: Node, path: str, ctx: BuildContext) -> tuple[str, ...]:
    if isinstance(node, Scalar):
        if node.raw is None:
            return ()
        ctx.sources[path] = node.source
        return (str(node.raw).strip(),)
    if not isinstance(node, SeqNode):
        ctx.fail("INPUT-SHAPE", f"“{spec.zh}”应为文字列表", _node_source(node, ctx))
        return ()
    ctx.sources[path] = _node_source(node, ctx)
    out = []
    for index, child in enumerate(node.items):
        if isinstance(child, Scalar) and child.raw is not None:
            ctx.sources[f"{path}[{index}]"] = child.source
            out.append(str(child.raw).strip())
        elif not isinstance(child, Scalar):
            ctx.fail("INPUT-SHAPE", f"“{spec.zh}”的第{index + 1}项应为文字", _node_source(child, ctx))
    return tuple(out)


def replace_sources(filing: Filing, sources: dict[str, Source]) -> Filing:
    return dataclasses.replace(filing, sources=sources)
