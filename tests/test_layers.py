"""Imports point one way: model ← relations, expr ← ingest ← metrics ← scoring ← checks ← audit ← render/batch ← cli (STYLE.md),
and no module imports itself back through others.

Every import counts: at the top of a module or inside a function (lazy), absolute or relative
(``from .codes import …``), and dynamic (``importlib.import_module("…")``, ``__import__("…")``,
which must name their module as a constant so that this test can see it).
"""
from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "jixiao"

#: a package may import only from packages of the same or a lower layer
LAYERS = {
    "model": 0, "expr": 1, "relations": 1, "findings": 1, "catalog": 1,
    "ingest": 2,
    "metrics": 3,
    "scoring": 4, "checks": 5,
    "audit": 6,
    "render": 7, "batch": 7,
    "pipeline": 8, "review": 8, "bulk": 8, "io_util": 0, "native": 0, "docgen": 8, "jobs": 8, "cli": 9,
    "store": 1, "web": 8,
}


def _module_name(path: Path) -> str:
    parts = ("jixiao",) + path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1]) if parts[-1] == "__init__" else ".".join(parts)


MODULES = {_module_name(p): p for p in SRC.rglob("*.py")}


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _target(name: str) -> str | None:
    """The jixiao module an import of ``name`` loads (the longest known prefix)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _dynamic_name(call: ast.Call) -> tuple[bool, str | None]:
    """(is a dynamic import, its constant module name or None)."""
    fn = call.func
    name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else None
    if name not in ("import_module", "__import__"):
        return False, None
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return True, call.args[0].value
    return True, None


def imports_of(module: str) -> tuple[list[tuple[int, str]], list[int]]:
    """(line, jixiao module) for every import in ``module``; lines of dynamic imports with no constant name."""
    path = MODULES[module]
    package = module if _is_package(module) else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    unseen: list[int] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # ``from pkg import sub`` loads the submodule when there is one, else pkg itself
            names = [f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in MODULES else stem for alias in node.names]
        elif isinstance(node, ast.Call):
            dynamic, name = _dynamic_name(node)
            if dynamic and name is None:
                unseen.append(node.lineno)
            elif dynamic:
                names = [name]
        for name in names:
            target = _target(name)
            if target is not None and target != module:
                found.append((node.lineno, target))
    return found, unseen


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _graph() -> dict[str, set[str]]:
    return {m: {t for _, t in imports_of(m)[0]} for m in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_every_package_has_a_layer():
    packages = {p.stem if p.is_file() else p.name for p in SRC.iterdir()
                if not p.name.startswith("_") and (p.is_dir() or p.suffix == ".py") and p.name != "rulepacks"}
    assert packages - set(LAYERS) == set(), "add new packages to LAYERS in tests/test_layers.py"


FOLDERS = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*") if p.is_dir() and any(p.glob("*.py")))


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_package_has_an_init_with_a_docstring(folder):
    init = SRC / folder / "__init__.py"
    assert init.exists(), f"{folder}/__init__.py is missing"
    assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{folder}/__init__.py has no docstring"


def test_dynamic_imports_name_their_module():
    unseen = [f"{MODULES[m].relative_to(SRC)}:{line}" for m in MODULES for line in imports_of(m)[1]]
    assert unseen == []


def test_imports_point_one_way():
    wrong = []
    for module in sorted(MODULES):
        own = _package_of(module)
        if own not in LAYERS:
            continue
        for line, target in imports_of(module)[0]:
            other = _package_of(target)
            if other is None or other == own or other not in LAYERS:
                continue
            if LAYERS[other] > LAYERS[own]:
                wrong.append(f"{MODULES[module].relative_to(SRC)}:{line} imports {target}")
    assert wrong == []


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names (relative ones resolved against ``module``)."""
    if not node.level:
        return node.module or ""
    package = module if _is_package(module) else module.rpartition(".")[0]
    base = package.split(".")
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def private_names_from_other_packages(module: str, path: Path) -> list[str]:
    """``line module._name`` for every private name ``module`` takes from another package: imported
    (``from jixiao.x import _y``) or reached as an attribute of a module it imported
    (``from jixiao.x import y`` … ``y._z``, ``import jixiao.x.y as y`` … ``y._z``)."""
    own = _package_of(module)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}          # local name → a module of another package
    wrong = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if not source.startswith("jixiao.") or _package_of(source) == own:
                continue
            for a in node.names:
                if a.name.startswith("_") and not a.name.startswith("__"):
                    wrong.append(f"{node.lineno} {source}.{a.name}")
                elif f"{source}.{a.name}" in MODULES:
                    aliases[a.asname or a.name] = f"{source}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("jixiao.") and a.asname and _package_of(a.name) != own:
                    aliases[a.asname] = a.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            wrong.append(f"{node.lineno} {aliases[node.value.id]}.{node.attr}")
    return wrong


def test_no_private_name_is_imported_from_another_package():
    """A helper another package needs is public (no leading underscore) in the package that owns it."""
    wrong = [f"{path.relative_to(SRC)}:{w}" for module, path in sorted(MODULES.items())
             for w in private_names_from_other_packages(module, path)]
    assert wrong == []


# ---- the test sees what it claims to see ------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("from jixiao.expr import tree", ["jixiao.expr.tree"]),
    ("from jixiao.scoring import score_filing", ["jixiao.scoring"]),
    ("def f():\n    from jixiao.render.scores import load_scores", ["jixiao.render.scores"]),
    ("from .codes import Catalogue", ["jixiao.catalog.codes"]),
    ("from . import codes", ["jixiao.catalog.codes"]),
    ("import importlib\nm = importlib.import_module('jixiao.batch.run')", ["jixiao.batch.run"]),
    ("f = lambda: __import__('jixiao.audit.docs', fromlist=['x'])", ["jixiao.audit.docs"]),
])
def test_every_kind_of_import_is_seen(monkeypatch, tmp_path, source, expected):
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    monkeypatch.setitem(MODULES, "jixiao.catalog.probe", path)
    found, unseen = imports_of("jixiao.catalog.probe")
    assert [t for _, t in found] == expected and unseen == []


def test_a_dynamic_import_without_a_constant_name_is_reported(monkeypatch, tmp_path):
    path = tmp_path / "probe.py"
    path.write_text("import importlib\nname = 'x'\nimportlib.import_module(name)\n", encoding="utf-8")
    monkeypatch.setitem(MODULES, "jixiao.catalog.probe", path)
    assert imports_of("jixiao.catalog.probe") == ([], [3])


def test_cycles_are_found():
    graph = defaultdict(set, {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    graph.update({k: graph[k] for k in "abcd"})
    assert _cycles(dict(graph)) == [["a", "b", "c"]]


def test_the_cli_lists_every_command_module_explicitly():
    """cli/__init__.py's COMMANDS names every module of cli/ that registers commands (no discovery)."""
    from jixiao.cli import COMMANDS

    registering = {p.stem for p in (SRC / "cli").glob("*.py") if "def register(" in p.read_text(encoding="utf-8")}
    assert {m.__name__.rsplit(".", 1)[1] for m in COMMANDS} == registering


@pytest.mark.parametrize("source, found", [
    ("from jixiao.scoring.card_lines import _criterion_line", ["1 jixiao.scoring.card_lines._criterion_line"]),
    ("from jixiao.scoring import card_lines\ncard_lines._criterion_line(1)", ["2 jixiao.scoring.card_lines._criterion_line"]),
    ("import jixiao.scoring.card_lines as C\nC._QUOTES", ["2 jixiao.scoring.card_lines._QUOTES"]),
    ("from ..scoring.items import _explain", ["1 jixiao.scoring.items._explain"]),
    ("from jixiao.scoring import card_lines\ncard_lines.norm('x')", []),
    ("from .codes import _private", []),                          # the probe's own package
])
def test_private_names_are_seen(monkeypatch, tmp_path, source, found):
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    monkeypatch.setitem(MODULES, "jixiao.catalog.probe", path)
    assert private_names_from_other_packages("jixiao.catalog.probe", path) == found


def test_the_architecture_doc_draws_these_layers():
    """docs/architecture.md's diagram puts every package at its layer here, and has one line per package."""
    text = (SRC.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    diagram = text.split("## Layers", 1)[1].split("```")[1]
    drawn = {}
    for line in diagram.splitlines():
        head = line.split()
        if head and head[0].isdigit():
            for name in re.findall(r"([a-z_]+)(?:/|\.py)", line):
                drawn[name] = int(head[0])
    assert drawn == LAYERS
    listing = text.split("## One line per package", 1)[1].split("```")[1]
    described = set(re.findall(r"^  ([a-z_]+)(?:/|\.py) ", listing, re.MULTILINE))
    assert described >= set(LAYERS)
