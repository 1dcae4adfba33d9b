"""Rule shapes: how a criterion turns named numeric inputs into points.

A :class:`Shape` is registered behaviour.  Given its parameters it *plans* the
arithmetic as named steps written in the expression language of
:mod:`jixiao.expr` (``gap = max(0, target - rate)``, ``points = W - …``).
The plan is the single definition of the rule: Python evaluates it exactly over
``Decimal``, the Excel export writes it as a live formula, batch scoring writes
it as SQL.  The explanation function only formats the step values in Chinese; it
never decides a score.

A plan ends with a step ``points`` — or with ``low`` and ``high`` when the rule
only bounds the score (qualitative grades), plus ``high_open`` (1 when ``high``
itself is excluded).

Registries are objects built per run (:func:`jixiao.scoring.shape_defs.default_shapes`),
never module globals filled by imports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Mapping

from jixiao.model.numbers import fmt, fmt_trim
from jixiao import expr as E

INPUT_KINDS = ("rate", "number", "count", "flag", "code", "points")
PARAM_KINDS = ("number", "int", "choice", "items", "bands", "grades")


@dataclass(frozen=True)
class InputSpec:
    name: str
    zh: str
    kind: str = "rate"           # rate: a percentage number (99.42 means 99.42%)


@dataclass(frozen=True)
class ParamSpec:
    name: str
    zh: str
    kind: str = "number"
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """What a shape does for one set of parameters."""

    inputs: tuple[InputSpec, ...]
    steps: tuple[tuple[str, str], ...]                       # (name, formula text), in order
    explain: Callable[[Mapping[str, Decimal], Mapping[str, Any]], str]


@dataclass(frozen=True)
class Shape:
    id: str                      # stable key used in rubric YAML: deduct_per_point
    code: str                    # DOMAIN.md reference: R1 … R12; X1 … for extras
    name: str                    # Chinese name
    summary: str                 # the formula in words, for docs and `jixiao rubric show`
    params: tuple[ParamSpec, ...]
    plan: Callable[[Mapping[str, Any]], Plan] | None       # None: the rule is unknown
    bounded: bool = False        # True: yields low/high instead of points

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)

    def compile(self, params: Mapping[str, Any]) -> "Compiled":
        if self.plan is None:
            raise ValueError(f"{self.id} has no plan")
        full = {p.name: params.get(p.name, p.default) for p in self.params}
        full.update({k: v for k, v in params.items() if k not in full})
        plan = self.plan(full)
        constants = {k: Decimal(v) for k, v in full.items() if isinstance(v, (int, Decimal)) and not isinstance(v, bool)}
        steps: list[tuple[str, E.Expr]] = []
        judge = full.get("judge_places")
        rates = {i.name for i in plan.inputs if i.kind == "rate"}
        for name, text in plan.steps:
            tree = E.parse(text, constants)
            if judge is not None and rates:
                tree = E.substitute(tree, {r: E.Call("round", (E.Var(r), E.Num(Decimal(judge)))) for r in rates})
            steps.append((name, tree))
        return Compiled(self, full, plan.inputs, tuple(steps), plan.explain)


@dataclass(frozen=True)
class Evaluation:
    values: dict[str, Decimal]   # inputs and every step
    low: Decimal
    high: Decimal
    high_open: bool

    @property
    def points(self) -> Decimal | None:
        return self.low if self.low == self.high else None


#: decimals an item's points (and the low/high of a range) are rounded to, half-up (四舍五入), before
#: they are compared or summed — in the Python scorer and in batch SQL alike (see docs/rubrics.md)
POINTS_PLACES = 6


def round_points(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-POINTS_PLACES), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Compiled:
    """A shape bound to its parameters."""

    shape: Shape
    params: Mapping[str, Any]
    inputs: tuple[InputSpec, ...]
    steps: tuple[tuple[str, E.Expr], ...]
    explain_fn: Callable[[Mapping[str, Decimal], Mapping[str, Any]], str] = field(compare=False)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    def evaluate(self, inputs: Mapping[str, Decimal]) -> Evaluation:
        """Exact evaluation; raises KeyError for a missing input, ZeroDivisor when the taken branch divides by 0."""
        env: dict[str, Decimal] = {name: inputs[name] for name in self.input_names}
        for name, tree in self.steps:
            env[name] = E.evaluate(tree, env)
        for name in ("points", "low", "high"):      # the item's value(s), at the fixed points scale
            if name in env:
                env[name] = round_points(env[name])
        if "points" in env:
            return Evaluation(env, env["points"], env["points"], False)
        return Evaluation(env, env["low"], env["high"], env.get("high_open", Decimal(0)) != 0)

    def explain(self, evaluation: Evaluation) -> str:
        return self.explain_fn(evaluation.values, self.params)

    def inlined(self, name: str = "points") -> E.Expr:
        """The named result with every step inlined: an expression over the inputs only."""
        env: dict[str, E.Expr] = {}
        for step, tree in self.steps:
            env[step] = E.substitute(tree, env)
        return env[name]

    def excel(self, ref: Callable[[str], str], name: str = "points") -> str:
        return E.to_excel(self.inlined(name), ref)


@dataclass(frozen=True)
class ShapeRegistry:
    shapes: tuple[Shape, ...]

    def get(self, shape_id: str) -> Shape | None:
        return next((s for s in self.shapes if s.id == shape_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.shapes)

    def with_shape(self, shape: Shape) -> "ShapeRegistry":
        """A new registry with ``shape`` added (or replacing one with the same id)."""
        return ShapeRegistry(tuple(s for s in self.shapes if s.id != shape.id) + (shape,))


# ---------------------------------------------------------------- formatting helpers for explanations

def n(value: Decimal) -> str:
    """A number as a person writes it: up to 2 decimals, trailing zeros dropped."""
    return fmt_trim(value, 2)


def pct(value: Decimal) -> str:
    return fmt(value, 2) + "%"


COMMON_PARAMS = (
    ParamSpec("W", "满分（分值）", "number", None, required=True),
    ParamSpec("judge_places", "比率判定精度（小数位，空=不取舍）", "int", None),
    ParamSpec("points_places", "得分保留小数位（空=不取舍）", "int", None),
)
