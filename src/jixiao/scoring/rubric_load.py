"""Read and validate a rubric YAML file; every problem points at its line.

The text is parsed with :func:`jixiao.ingest.yaml_in.parse_yaml_text`, whose tree
nodes carry their line numbers.  All problems are collected and raised together
as :class:`RubricError` (an :class:`~jixiao.findings.UnusableInput`, exit code 2).
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from jixiao.findings import UnusableInput, error
from jixiao.ingest.tree import MapNode, Node, Scalar, SeqNode
from jixiao.ingest.yaml_in import parse_yaml_text
from jixiao.model.numbers import D, NumberError
from jixiao.model.source import Source
from jixiao.scoring.rubric import (
    AGGREGATIONS, BINDING_KINDS, CERTAINTIES, FAMILIES, LEVELS, NA_POLICIES, Binding, Criterion, Example,
    Grade, IndicatorRules, Policy, Rubric, Rule, Section, Variant,
)
from jixiao.scoring.rubric_values import param_value
from jixiao.scoring.shapes import ShapeRegistry

SCHEMA = "jixiao.rubric/1"
_TOP = {"schema", "id", "version", "name", "level", "family", "source", "applies_to", "default", "companion",
        "status", "notes", "policy", "grades", "sections", "indicator_rules", "variants", "total_includes"}
_SECTION = {"id", "name", "aliases", "max", "sections", "criteria", "indicators"}
_CRITERION = {"id", "name", "aliases", "max", "meaning", "standard", "cited", "shape", "params", "inputs",
              "certainty", "examples", "note", "published_from", "on_card"}
_RULE = {"shape", "params", "inputs", "certainty", "examples", "note"}


class RubricError(UnusableInput):
    """A rubric file that cannot be used; carries RUBRIC-INVALID findings with lines."""


class _Loading:
    """One rubric file being read: its name, the shapes, and the RUBRIC-INVALID problems found so far."""

    def __init__(self, doc: str, registry: ShapeRegistry):
        self.doc, self.registry, self.problems = doc, registry, []

    def fail(self, where: Source | None, message: str) -> None:
        self.problems.append(error("RUBRIC-INVALID", message, where or Source(self.doc, "L1")))


def parse_rubric(text: str, doc: str, registry: ShapeRegistry, variant: str | None = None) -> Rubric:
    tree = parse_yaml_text(text, doc)
    ctx = _Loading(doc, registry)
    rubric = _rubric(tree, ctx, variant)
    if ctx.problems or rubric is None:
        raise RubricError(ctx.problems or [error("RUBRIC-INVALID", "评分规则无法读取", Source(doc, "L1"))])
    return rubric


# ---------------------------------------------------------------- plain values

def plain(node: Node | None) -> Any:
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.raw
    if isinstance(node, SeqNode):
        return [plain(n) for n in node.items]
    return {k: plain(v) for k, v in node.items.items()}


def _where(node: Node | None) -> Source | None:
    return getattr(node, "source", None)


def _map(node: Node | None, ctx: _Loading, what: str, allowed: set[str], required: tuple[str, ...] = ()) -> MapNode | None:
    if not isinstance(node, MapNode):
        ctx.fail(_where(node), f"{what}应为“键: 值”的映射")
        return None
    for key in node.items:
        if key not in allowed:
            ctx.fail(node.key_sources[key], f"{what}中有未知的键“{key}”（可用：{'、'.join(sorted(allowed))}）")
    for key in required:
        if key not in node.items or plain(node.items[key]) in (None, ""):
            ctx.fail(node.source, f"{what}缺少必填项“{key}”")
    return node


def _seq(node: Node | None, ctx: _Loading, what: str) -> list[Node]:
    if node is None:
        return []
    if not isinstance(node, SeqNode):
        ctx.fail(_where(node), f"{what}应为列表")
        return []
    return node.items


def _text(node: MapNode, key: str) -> str | None:
    value = plain(node.items.get(key))
    return None if value is None else str(value).strip()


def _num(node: MapNode, key: str, ctx: _Loading, what: str) -> Decimal | None:
    value = node.items.get(key)
    if value is None or plain(value) is None:
        return None
    try:
        return D(str(plain(value)))
    except NumberError:
        ctx.fail(_where(value), f"{what}的“{key}”应为数字，写的是“{plain(value)}”")
        return None


def _texts(node: MapNode, key: str) -> tuple[str, ...]:
    value = plain(node.items.get(key))
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


# ---------------------------------------------------------------- rubric

def _rubric(tree: Node, ctx: _Loading, variant: str | None) -> Rubric | None:
    root = _map(tree, ctx, "评分规则文件", _TOP, ("schema", "id", "version", "name", "level", "family", "source", "grades", "sections"))
    if root is None:
        return None
    if _text(root, "schema") != SCHEMA:
        ctx.fail(_where(root.items.get("schema")) or root.source, f"schema 应为 {SCHEMA}")
    level, family = _text(root, "level"), _text(root, "family")
    if level not in LEVELS:
        ctx.fail(_where(root.items.get("level")), f"level 应为 {' / '.join(LEVELS)}")
    if family not in FAMILIES:
        ctx.fail(_where(root.items.get("family")), f"family 应为 {' / '.join(FAMILIES)}")
    policy = _policy(root.items.get("policy"), ctx)
    grades = _grades(root.items.get("grades"), ctx)
    sections = tuple(s for s in (_section(n, ctx, policy) for n in _seq(root.items.get("sections"), ctx, "sections")) if s)
    applies = plain(root.items.get("applies_to")) or {}
    rubric = Rubric(
        id=_text(root, "id") or "", version=int(_num(root, "version", ctx, "评分规则") or 1), name=_text(root, "name") or "",
        level=level or "project", family=family or "2013", source=_text(root, "source") or "", grades=grades,
        sections=sections, policy=policy,
        provinces=tuple(str(p) for p in applies.get("provinces") or ()) if isinstance(applies, dict) else (),
        years=tuple(int(y) for y in applies.get("years") or ()) if isinstance(applies, dict) else (),
        default=str(plain(root.items.get("default"))).lower() == "true", companion=_text(root, "companion"),
        status=_text(root, "status") or "complete", notes=_texts(root, "notes"),
        indicator_rules=_indicator_rules(root.items.get("indicator_rules"), ctx, policy),
        variants=_variant_list(root.items.get("variants"), ctx), doc=ctx.doc,
        total_includes=_texts(root, "total_includes"),
    )
    _check_rubric(rubric, root, ctx)
    if variant is not None:
        rubric = _apply_variant(rubric, root.items.get("variants"), variant, ctx)
    return rubric


def _policy(node: Node | None, ctx: _Loading) -> Policy:
    if node is None:
        return Policy()
    m = _map(node, ctx, "policy", {f.name for f in dataclasses.fields(Policy)})
    if m is None:
        return Policy()
    values: dict[str, Any] = {}
    for key in ("judge_places", "points_places", "display_places", "round_total_before_grading"):
        number = _num(m, key, ctx, "policy")
        if number is not None:
            values[key] = int(number)
    for key, allowed in (("partial_point_policy", ("ceil", "floor", "proportional")), ("na", NA_POLICIES),
                         ("aggregation", AGGREGATIONS)):
        text = _text(m, key)
        if text is not None:
            if text not in allowed:
                ctx.fail(_where(m.items[key]), f"policy.{key} 应为 {' / '.join(allowed)}")
            values[key] = text
    return Policy(**values)


def _grades(node: Node | None, ctx: _Loading) -> tuple[Grade, ...]:
    out = []
    for item in _seq(node, ctx, "grades"):
        m = _map(item, ctx, "等级", {"label", "min", "aliases"}, ("label", "min"))
        if m is None:
            continue
        out.append(Grade(_text(m, "label") or "", _num(m, "min", ctx, "等级") or Decimal(0), _texts(m, "aliases")))
    mins = [g.min for g in out]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        ctx.fail(_where(node), "grades 应按下限从高到低排列，且下限互不相同（区间为左闭右开）")
    if out and out[-1].min != 0:
        ctx.fail(_where(node), "最低一档的下限应为0")
    return tuple(out)


def _section(node: Node, ctx: _Loading, policy: Policy) -> Section | None:
    m = _map(node, ctx, "section", _SECTION, ("name", "max"))
    if m is None:
        return None
    name = _text(m, "name") or ""
    subs = tuple(s for s in (_section(n, ctx, policy) for n in _seq(m.items.get("sections"), ctx, "sections")) if s)
    crits = tuple(c for c in (_criterion(n, ctx, policy) for n in _seq(m.items.get("criteria"), ctx, "criteria")) if c)
    level1: tuple[str, ...] = ()
    if "indicators" in m.items:
        ind = _map(m.items["indicators"], ctx, "indicators", {"level1"}, ("level1",))
        level1 = _texts(ind, "level1") if ind else ()
    section = Section(_text(m, "id") or name, name, _num(m, "max", ctx, f"“{name}”") or Decimal(0),
                      _texts(m, "aliases"), crits, subs, level1, m.source)
    if not level1:
        inner = sum((c.max for c in crits), Decimal(0)) + sum((s.max for s in subs), Decimal(0))
        if inner != section.max:
            ctx.fail(m.source, f"“{name}”的分值{section.max}与下级分值之和{inner}不等")
    return section


def _criterion(node: Node, ctx: _Loading, policy: Policy) -> Criterion | None:
    m = _map(node, ctx, "criterion", _CRITERION, ("id", "name", "max", "shape"))
    if m is None:
        return None
    name = _text(m, "name") or ""
    maximum = _num(m, "max", ctx, f"“{name}”") or Decimal(0)
    rule = _rule(m, ctx, f"“{name}”", maximum, policy)
    published = plain(m.items.get("published_from")) or {}
    return Criterion(
        id=_text(m, "id") or "", name=name, max=maximum, rule=rule, aliases=_texts(m, "aliases"),
        meaning=_text(m, "meaning"), standard=_text(m, "standard"), cited=_text(m, "cited"),
        published_from={str(k): str(v) for k, v in published.items()} if isinstance(published, dict) else {},
        on_card=str(plain(m.items.get("on_card"))).lower() != "false", source=m.source,
    )


# ---------------------------------------------------------------- rules, params, bindings, examples

def _rule(m: MapNode, ctx: _Loading, what: str, maximum: Decimal | None, policy: Policy, base: Rule | None = None) -> Rule:
    """A rule from its YAML; ``base`` (a variant's original rule) supplies what the override leaves out."""
    shape_id = _text(m, "shape") or (base.shape if base else "")
    shape = ctx.registry.get(shape_id)
    certainty = _text(m, "certainty") or "stated"
    if certainty not in CERTAINTIES:
        ctx.fail(_where(m.items.get("certainty")), f"{what}的 certainty 应为 {' / '.join(CERTAINTIES)}")
    if shape is None:
        ctx.fail(_where(m.items.get("shape")), f"{what}的评分方式“{shape_id}”未登记（可用：{'、'.join(ctx.registry.ids)}）")
        return Rule(shape_id, {}, {}, certainty)
    inherit = base is not None and base.shape == shape_id
    params = _params(m.items.get("params"), shape, ctx, what, base.params if inherit else {}, m.source)
    inputs = _bindings(m.items.get("inputs"), ctx, what) or (base.inputs if base else {})
    if base is not None and "certainty" not in m.items:
        certainty = base.certainty
    rule = Rule(shape_id, params, inputs, certainty, note=_text(m, "note") or (base.note if base else None))
    if shape.plan is None:
        return rule
    from jixiao.scoring.compile import compile_rule

    try:
        compiled = compile_rule(rule, maximum if maximum is not None else Decimal(1), policy, ctx.registry)
    except (KeyError, ValueError, TypeError, ArithmeticError) as exc:  # params the plan cannot be built from
        ctx.fail(m.source, f"{what}的参数无法构成评分公式：{exc}")
        return rule
    if shape_id == "checklist" and maximum is not None:
        total = sum((Decimal(str(i["points"])) for i in params.get("items") or ()), Decimal(0))
        if total != maximum:
            ctx.fail(_where(m.items.get("params")), f"{what}各条目分值之和{total}与分值{maximum}不等")
    examples = _examples(m.items.get("examples"), ctx, what, compiled.input_names)
    if len(examples) < 2:
        ctx.fail(_where(m.items.get("examples")) or m.source, f"{what}至少需要两个示例（一个得满分、一个扣分或证据不足）")
    unknown = set(rule.inputs) - set(compiled.input_names)
    if unknown and shape_id != "checklist":
        ctx.fail(_where(m.items.get("inputs")), f"{what}的输入{sorted(unknown)}不是该评分方式的输入（{'、'.join(compiled.input_names)}）")
    return dataclasses.replace(rule, examples=examples)


def _params(node: Node | None, shape, ctx: _Loading, what: str, inherited: dict[str, Any], where_rule: Source | None) -> dict[str, Any]:
    raw = plain(node) or {}
    if not isinstance(raw, dict):
        ctx.fail(_where(node) or where_rule, f"{what}的 params 应为映射")
        return {}
    out: dict[str, Any] = dict(inherited)
    for key, value in raw.items():
        spec = shape.param(key)
        where = node.key_sources.get(key) if isinstance(node, MapNode) else None
        if spec is None:
            ctx.fail(where, f"{what}：评分方式 {shape.id} 没有参数“{key}”（可用：{'、'.join(p.name for p in shape.params)}）")
            continue
        try:
            out[key] = param_value(spec, value)
        except (ValueError, NumberError, TypeError, KeyError) as exc:
            ctx.fail(where, f"{what}的参数“{key}”无效：{exc}")
    for spec in shape.params:
        if spec.required and spec.name not in out and spec.name != "W":
            ctx.fail(_where(node) or where_rule, f"{what}缺少参数“{spec.name}”（{spec.zh}）")
    return out


def _bindings(node: Node | None, ctx: _Loading, what: str) -> dict[str, tuple[Binding, ...]]:
    raw = plain(node) or {}
    if not isinstance(raw, dict):
        ctx.fail(_where(node), f"{what}的 inputs 应为映射")
        return {}
    out = {}
    for name, spec in raw.items():
        choices = spec if isinstance(spec, list) else [spec]
        bindings = []
        for choice in choices:
            if not isinstance(choice, dict) or not (set(choice) - {"row"}) <= set(BINDING_KINDS) or len(set(choice) - {"row"}) != 1:
                ctx.fail(_where(node), f"{what}的输入“{name}”应写成 {{metric|field|evidence|const|met|indicator: …}}")
                continue
            kind = next(k for k in choice if k != "row")
            bindings.append(Binding(kind, str(choice[kind]), choice.get("row")))
        out[str(name)] = tuple(bindings)
    return out


def _examples(node: Node | None, ctx: _Loading, what: str, inputs: tuple[str, ...]) -> tuple[Example, ...]:
    out = []
    for item in _seq(node, ctx, "examples"):
        m = _map(item, ctx, f"{what}的示例", {"inputs", "points", "low", "high", "outcome"}, ("inputs",))
        if m is None:
            continue
        values = plain(m.items.get("inputs")) or {}
        try:
            parsed = {str(k): D(str(v)) for k, v in values.items()}
        except (NumberError, AttributeError):
            ctx.fail(m.source, f"{what}的示例输入应为数字映射")
            continue
        extra = set(parsed) - set(inputs)
        if extra:
            ctx.fail(m.source, f"{what}的示例用了未知输入{sorted(extra)}（可用：{'、'.join(inputs)}）")
        outcome = _text(m, "outcome")
        points, low, high = (_num(m, k, ctx, f"{what}的示例") for k in ("points", "low", "high"))
        if points is None and low is None and outcome is None:
            ctx.fail(m.source, f"{what}的示例需要 points（或 low/high，或 outcome: 证据不足）")
        out.append(Example(parsed, points, low, high, outcome, m.source))
    return tuple(out)


def _indicator_rules(node: Node | None, ctx: _Loading, policy: Policy) -> IndicatorRules | None:
    if node is None:
        return None
    m = _map(node, ctx, "indicator_rules", {"quantitative", "qualitative", "text_actual", "met_words"}, ("quantitative", "qualitative"))
    if m is None:
        return None
    rules = {}
    for key in ("quantitative", "qualitative"):
        sub = _map(m.items.get(key), ctx, f"indicator_rules.{key}", _RULE, ("shape",))
        rules[key] = _rule(sub, ctx, f"indicator_rules.{key}", Decimal(20), policy) if sub else Rule("unknown", {}, {})
    text_actual = _text(m, "text_actual") or "lower_bound"
    if text_actual not in ("lower_bound", "off"):
        ctx.fail(_where(m.items.get("text_actual")), "text_actual 应为 lower_bound / off")
    return IndicatorRules(rules["quantitative"], rules["qualitative"], text_actual, _texts(m, "met_words") or ("无偏差",))


def _variant_list(node: Node | None, ctx: _Loading) -> tuple[Variant, ...]:
    out = []
    for item in _seq(node, ctx, "variants"):
        m = _map(item, ctx, "variant", {"id", "name", "source", "criteria"}, ("id", "name", "source"))
        if m is not None:
            out.append(Variant(_text(m, "id") or "", _text(m, "name") or "", _text(m, "source") or ""))
    return tuple(out)


def _check_rubric(rubric: Rubric, root: MapNode, ctx: _Loading) -> None:
    seen: set[str] = set()
    for _, criterion in rubric.criteria():
        if criterion.id in seen:
            ctx.fail(criterion.source, f"指标编号“{criterion.id}”重复")
        seen.add(criterion.id)
    if "total_includes" in root.items:
        where = _where(root.items["total_includes"]) or root.source
        ids = [s.id for s in rubric.sections]
        unknown = [i for i in rubric.total_includes if i not in ids]
        if unknown or not rubric.total_includes:
            ctx.fail(where, f"total_includes 应列出计入总分的一级部分编号（可用：{'、'.join(ids)}），"
                            f"写的是“{'、'.join(rubric.total_includes) or '空'}”")
        elif len(set(rubric.total_includes)) != len(rubric.total_includes):
            ctx.fail(where, "total_includes 中有重复的编号")
    if rubric.family == "2020" and rubric.indicator_rules is None:
        ctx.fail(root.source, "2020 体系的评分规则需要 indicator_rules")


def _apply_variant(rubric: Rubric, node: Node | None, variant: str, ctx: _Loading) -> Rubric:
    chosen = next((item for item in _seq(node, ctx, "variants")
                   if isinstance(item, MapNode) and _text(item, "id") == variant), None)
    if chosen is None:
        ctx.problems.append(error("RUBRIC-UNKNOWN", f"评分规则 {rubric.id} 没有地区口径“{variant}”（可用：{'、'.join(v.id for v in rubric.variants) or '无'}）",
                                  Source(ctx.doc, "L1")))
        return rubric
    overrides = chosen.items.get("criteria")
    by_id = {c.id: c for _, c in rubric.criteria()}
    replaced: dict[str, Criterion] = {}
    if isinstance(overrides, MapNode):
        for cid, body in overrides.items.items():
            base = by_id.get(cid)
            if base is None:
                ctx.fail(overrides.key_sources[cid], f"地区口径“{variant}”改写的指标“{cid}”不存在")
                continue
            replaced[cid] = _override(base, body, ctx, rubric.policy, variant)
    sections = tuple(_replace_in(s, replaced) for s in rubric.sections)
    meta = next(v for v in rubric.variants if v.id == variant)
    return dataclasses.replace(rubric, id=f"{rubric.id}:{variant}", name=f"{rubric.name}（{meta.name}）",
                               source=f"{rubric.source}\n地区口径：{meta.source}", sections=sections, variant=variant)


def _override(base: Criterion, body: Node, ctx: _Loading, policy: Policy, variant: str) -> Criterion:
    m = _map(body, ctx, f"地区口径“{variant}”的“{base.name}”", _CRITERION - {"id"})
    if m is None:
        return base
    maximum = _num(m, "max", ctx, base.name) or base.max
    rule = _rule(m, ctx, f"“{base.name}”（{variant}）", maximum, policy, base.rule)
    return dataclasses.replace(base, max=maximum, rule=rule, name=_text(m, "name") or base.name,
                               standard=_text(m, "standard") or base.standard, cited=_text(m, "cited") or base.cited)


def _replace_in(section: Section, replaced: dict[str, Criterion]) -> Section:
    crits = tuple(replaced.get(c.id, c) for c in section.criteria)
    subs = tuple(_replace_in(s, replaced) for s in section.sections)
    inner = sum((c.max for c in crits), Decimal(0)) + sum((s.max for s in subs), Decimal(0))
    return dataclasses.replace(section, criteria=crits, sections=subs, max=inner if not section.indicator_level1 else section.max)
