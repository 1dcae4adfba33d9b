"""Bind a rubric rule to its shape: the rubric's policy fills the parameters it leaves open."""
from __future__ import annotations

from decimal import Decimal

from jixiao.scoring.rubric import Policy, Rule
from jixiao.scoring.shapes import Compiled, ShapeRegistry

#: policy fields that become shape parameters when the shape has them and the rule does not set them
POLICY_PARAMS = ("partial_point_policy", "judge_places", "points_places")


def rule_params(rule: Rule, maximum: Decimal, policy: Policy) -> dict:
    params = dict(rule.params)
    params.setdefault("W", maximum)
    for name in POLICY_PARAMS:
        if name not in params and getattr(policy, name) is not None:
            params[name] = getattr(policy, name)
    return params


def compile_rule(rule: Rule, maximum: Decimal, policy: Policy, registry: ShapeRegistry) -> Compiled:
    """The rule's shape compiled with its parameters; W is the criterion's maximum unless set."""
    shape = registry.get(rule.shape)
    if shape is None:
        raise KeyError(f"评分方式“{rule.shape}”未登记")
    params = rule_params(rule, maximum, policy)
    params = {k: v for k, v in params.items() if shape.param(k) is not None}
    return shape.compile(params)
