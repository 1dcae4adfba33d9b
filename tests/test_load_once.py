"""Packaged data is parsed once per process and cannot be changed by a caller (issue 15)."""
from __future__ import annotations

import pickle

import pytest

from jixiao.checks import load_library
from jixiao.ingest.packaged import FrozenMap, load_plain
from jixiao.ingest.yaml_in import parse_yaml_text
from jixiao.metrics.registry import load_registry
from jixiao.review.packs import load_packs


def test_the_bundled_registry_is_parsed_once_and_is_read_only():
    registry = load_registry()
    assert load_registry() is registry
    metric = registry.metrics[0]
    with pytest.raises(TypeError):
        metric.inputs["x"] = "units.0.name"  # type: ignore[index]
    with pytest.raises(TypeError):
        metric.where.update({"a": "b"})
    assert "x" not in load_registry().metrics[0].inputs


def test_a_registry_from_another_text_is_built_afresh():
    text = "metrics:\n" + "\n".join("  " + line for line in _one_metric().splitlines()) + "\n"
    assert load_registry(text) is not load_registry(text)


def _one_metric() -> str:
    metric = load_registry().metrics[0]
    inputs = "{" + ", ".join(f"{k}: {v}" for k, v in metric.inputs.items()) + "}"
    return (f"- id: {metric.id}\n  name: {metric.name}\n  formula: '{metric.formula}'\n  expr: '{metric.expr}'\n"
            f"  inputs: {inputs}\n  unit: '{metric.unit}'\n  precision: {metric.precision}\n  basis: '{metric.basis}'\n"
            + (f"  over: {metric.over}\n" if metric.over else ""))


def test_the_bundled_check_library_is_shared_and_read_only():
    library = load_library()
    assert load_library() is library and load_library(load_registry()) is library
    with pytest.raises(TypeError):
        library.packs["x"] = library.packs[next(iter(library.packs))]  # type: ignore[index]
    assert isinstance(library.problems, tuple)
    assert load_library(extra_texts={"x.yaml": "pack: X\nchecks: []\n"}) is not library


def test_review_packs_are_parsed_once_and_the_dict_is_the_callers():
    first = load_packs()
    first.clear()
    again = load_packs()
    assert again and all(p is q for p, q in zip(again.values(), load_packs().values()))
    rule = next(iter(again.values())).rules[0]
    with pytest.raises(TypeError):
        rule.params["new"] = 1  # type: ignore[index]


def test_frozen_map_pickles_and_compares_like_a_dict():
    m = FrozenMap({"a": "1"})
    back = pickle.loads(pickle.dumps(m))
    assert back == {"a": "1"} and isinstance(back, FrozenMap)
    for change in (lambda: m.pop("a"), lambda: m.setdefault("b", "2"), lambda: m.clear(), lambda: m.__delitem__("a")):
        with pytest.raises(TypeError):
            change()
    assert m == {"a": "1"}


def test_packaged_yaml_reads_plain_data():
    assert load_plain("a: [1, x]\nb: {c: null}\n") == {"a": [1, "x"], "b": {"c": None}}


@pytest.mark.parametrize("text, line, rule", [
    ("a: 1\nb: \"\\uD800\"\n", None, None),            # libyaml refuses, PyYAML reads: the text is read
    ("a: 1\nb: x\x00y\n", "L2", "INPUT-YAML-CHARACTER"),  # a character, on its line (not libyaml's byte offset)
    ("名称: 测试\n说明: 某某\nb: x\x07y\n", "L3", "INPUT-YAML-CHARACTER"),
    ("a: 1\nb: [1, 2\n", "L3", "INPUT-YAML-SYNTAX"),
    ("a: &x 1\nb: *x\n", "L1", "INPUT-YAML-STRUCTURE"),
    ("a: 1\na: 2\nb:\n  c: 1\n  c: {d: 1, d: 2}\n", "L2", "INPUT-DUPLICATE-KEY"),
])
def test_the_event_reader_keeps_lines_and_refusals(text, line, rule):
    from jixiao.findings import UnusableInput
    if rule is None:
        assert parse_yaml_text(text, "t.yaml").items["b"].raw == "\ud800"
        return
    with pytest.raises(UnusableInput) as info:
        parse_yaml_text(text, "t.yaml")
    first = info.value.findings[0]
    assert (first.rule_id, first.source.locator) == (rule, line)


def test_a_dropped_duplicate_keeps_no_problems_of_its_own():
    from jixiao.findings import UnusableInput
    with pytest.raises(UnusableInput) as info:
        parse_yaml_text("a: 1\na: {b: 1, b: 2}\nc: {d: 1, d: 2}\n", "t.yaml")
    assert [(f.rule_id, f.source.locator) for f in info.value.findings] == [
        ("INPUT-DUPLICATE-KEY", "L2"), ("INPUT-DUPLICATE-KEY", "L3")]


def test_lines_and_nulls_of_a_tree():
    tree = parse_yaml_text("a: ~\nb: '~'\nc:\nd:\n  - 1\n  - x\n", "t.yaml")
    assert [tree.items[k].raw for k in "abc"] == [None, "~", None]
    assert tree.items["d"].items[1].source.locator == "L6" and tree.key_sources["d"].locator == "L4"


def test_rubric_heads_read_for_choosing_agree_with_the_loaded_rubrics():
    from jixiao.scoring.library import _index, list_rubrics

    heads = {h.id: (h.level, h.family, h.provinces, h.years, h.default) for h in _index()}
    loaded = {r.id: (r.level, r.family, r.provinces, r.years, r.default) for r in list_rubrics()}
    assert heads == loaded and len(heads) >= 5


def test_loading_the_command_line_loads_no_heavy_library():
    import subprocess
    import sys

    heavy = ["matplotlib", "docx", "openpyxl", "typst", "duckdb", "pypdfium2", "pdfminer", "rich", "pyarrow", "numpy"]
    code = f"import sys, jixiao.cli; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
