"""Every rule of every bundled rubric (and regional variant) runs its own example cases."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.scoring import default_shapes, list_rubrics, load_rubric
from jixiao.scoring.compile import compile_rule

INDICATOR_W = Decimal(20)   # indicator-rule examples of 2020 tables are written for W = 20
#: the test rubrics of the batch parity test (fractional parameters, shapes no bundled rubric uses)
TEST_RUBRICS = sorted(str(p) for p in (Path(__file__).parent / "data" / "batch").glob("*-rubric.yaml"))


def _rubrics():
    for rubric in list_rubrics():
        yield rubric
        for variant in rubric.variants:
            yield load_rubric(f"{rubric.id}:{variant.id}")
    for path in TEST_RUBRICS:
        yield load_rubric(path)


def _cases():
    for rubric in _rubrics():
        maxima = {c.id: c.max for _, c in rubric.criteria()}
        for label, rule in rubric.rules():
            for number, example in enumerate(rule.examples):
                maximum = maxima.get(label, INDICATOR_W)
                yield pytest.param(rubric, rule, maximum, example, id=f"{rubric.id}/{label}/{number}")


CASES = list(_cases())


def test_there_are_examples_for_every_computable_rule():
    shapes = default_shapes()
    for rubric in _rubrics():
        for label, rule in rubric.rules():
            if shapes.get(rule.shape).plan is not None:
                assert len(rule.examples) >= 2, f"{rubric.id}/{label}"


@pytest.mark.parametrize("rubric, rule, maximum, example", CASES)
def test_rule_example(rubric, rule, maximum, example):
    compiled = compile_rule(rule, maximum, rubric.policy, default_shapes())
    if example.outcome == "证据不足":
        assert set(example.inputs) < set(compiled.input_names), "an 证据不足 example leaves an input out"
        with pytest.raises(KeyError):
            compiled.evaluate(example.inputs)
        return
    evaluation = compiled.evaluate(example.inputs)
    if example.points is not None:
        assert evaluation.points == example.points, compiled.explain(evaluation)
    if example.low is not None:
        assert (evaluation.low, evaluation.high) == (example.low, example.high)
    assert compiled.explain(evaluation)
