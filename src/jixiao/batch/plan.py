"""What batch scoring needs from a rubric: each criterion's compiled steps and its data columns.

Nothing here decides a score.  Criteria are compiled exactly as the Python
scorer compiles them (:func:`jixiao.scoring.compile.compile_rule`); the two rules
of a 2020 target table are compiled with the maximum ``W`` left as a name,
because every indicator row brings its own 分值.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao import expr as E
from jixiao.scoring.compile import compile_rule
from jixiao.scoring.rubric import Criterion, Rubric, Rule
from jixiao.scoring.shapes import Compiled, InputSpec, ShapeRegistry

#: a maximum no rubric uses, replaced by the name ``W`` after compiling (see :func:`symbolic_rule`)
_W_SENTINEL = Decimal("987654321.123457")


@dataclass(frozen=True)
class CriterionPlan:
    """One fixed criterion of the rubric and the columns it reads."""

    criterion: Criterion
    section: tuple[str, ...]
    compiled: Compiled | None                 # None: the rule is unknown (shape X0)
    constants: dict[str, Decimal]             # inputs bound only to constants

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def inputs(self) -> tuple[InputSpec, ...]:
        if self.compiled is None:
            return ()
        return tuple(i for i in self.compiled.inputs if i.name not in self.constants)

    def column(self, input_name: str) -> str:
        return f"{self.criterion.id}.{input_name}"

    @property
    def published_column(self) -> str:
        return f"{self.criterion.id}.published"


@dataclass(frozen=True)
class SymbolicRule:
    """An indicator rule with ``W`` as an input (the row's 分值)."""

    rule: Rule
    compiled: Compiled
    steps: tuple[tuple[str, E.Expr], ...]

    @property
    def bounded(self) -> bool:
        return self.compiled.shape.bounded


@dataclass(frozen=True)
class IndicatorPlan:
    sections: dict[str, tuple[str, ...]]      # 一级指标 name → section path
    quantitative: SymbolicRule | None
    qualitative: SymbolicRule | None


@dataclass(frozen=True)
class BatchPlan:
    rubric: Rubric
    criteria: tuple[CriterionPlan, ...]
    indicators: IndicatorPlan | None

    def criterion(self, key: str) -> CriterionPlan | None:
        """A criterion by id, Chinese name or alias (names may repeat across sections: ids win)."""
        for plan in self.criteria:
            if plan.id == key:
                return plan
        named = [p for p in self.criteria if key in p.criterion.names]
        return named[0] if len(named) == 1 else None


def build_plan(rubric: Rubric, registry: ShapeRegistry) -> BatchPlan:
    criteria = tuple(_criterion_plan(path, c, rubric, registry) for path, c in rubric.criteria())
    return BatchPlan(rubric, criteria, _indicator_plan(rubric, registry))


def _criterion_plan(path, criterion: Criterion, rubric: Rubric, registry: ShapeRegistry) -> CriterionPlan:
    shape = registry.get(criterion.rule.shape)
    section = tuple(s.name for s in path)
    if shape is None or shape.plan is None:
        return CriterionPlan(criterion, section, None, {})
    compiled = compile_rule(criterion.rule, criterion.max, rubric.policy, registry)
    constants = {}
    for name in compiled.input_names:
        bindings = criterion.rule.inputs.get(name, ())
        if bindings and all(b.kind == "const" for b in bindings):
            constants[name] = Decimal(bindings[0].key)
    return CriterionPlan(criterion, section, compiled, constants)


def _indicator_plan(rubric: Rubric, registry: ShapeRegistry) -> IndicatorPlan | None:
    rules = rubric.indicator_rules
    if rules is None:
        return None
    sections: dict[str, tuple[str, ...]] = {}
    for above, section in rubric.all_sections():
        for name in section.indicator_level1:
            sections[name] = tuple(s.name for s in above) + (section.name,)
    return IndicatorPlan(sections, symbolic_rule(rules.quantitative, rubric, registry),
                         symbolic_rule(rules.qualitative, rubric, registry))


def symbolic_rule(rule: Rule, rubric: Rubric, registry: ShapeRegistry) -> SymbolicRule | None:
    """Compile ``rule`` as the scorer does, then turn the maximum back into the name ``W``.

    The scorer inlines W as a number; compiling with a sentinel maximum and
    replacing that number by ``Var("W")`` keeps every other detail of the
    compilation (policy parameters, judged rates, rounding) exactly as it is.
    """
    shape = registry.get(rule.shape)
    if shape is None or shape.plan is None:
        return None
    compiled = compile_rule(rule, _W_SENTINEL, rubric.policy, registry)
    steps = tuple((name, _unsentinel(tree)) for name, tree in compiled.steps)
    return SymbolicRule(rule, compiled, steps)


def _unsentinel(tree: E.Expr) -> E.Expr:
    if isinstance(tree, E.Num):
        if tree.value == _W_SENTINEL:
            return E.Var("W")
        if tree.value == -_W_SENTINEL:
            return E.Neg(E.Var("W"))
        return tree
    if isinstance(tree, E.Var):
        return tree
    if isinstance(tree, E.Neg):
        return E.Neg(_unsentinel(tree.operand))
    if isinstance(tree, (E.Bin, E.Cmp)):
        return type(tree)(tree.op, _unsentinel(tree.left), _unsentinel(tree.right))
    if isinstance(tree, E.Logic):
        return E.Logic(tree.op, tuple(_unsentinel(a) for a in tree.args))
    if isinstance(tree, E.Call):
        return E.Call(tree.fn, tuple(_unsentinel(a) for a in tree.args))
    return E.If(_unsentinel(tree.cond), _unsentinel(tree.then), _unsentinel(tree.other))
