"""Imports point one way: model ← ingest ← metrics ← rules ← audit ← render/batch ← cli (STYLE.md)."""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "jixiao"

#: a package may import only from packages of the same or a lower layer
LAYERS = {
    "model": 0, "findings": 1, "catalog": 1,
    "ingest": 2,
    "metrics": 3,
    "rules": 4, "scoring": 4, "checks": 5,
    "audit": 6,
    "render": 7, "batch": 7,
    "pipeline": 8, "review": 8, "render_text": 8, "io_util": 0, "docgen": 8, "cli": 9, "commands": 9,
}


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "jixiao" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def test_every_package_has_a_layer():
    packages = {p.stem if p.is_file() else p.name for p in SRC.iterdir()
                if not p.name.startswith("_") and (p.is_dir() or p.suffix == ".py") and p.name != "rulepacks"}
    assert packages - set(LAYERS) == set(), "add new packages to LAYERS in tests/test_layers.py"


def test_imports_point_one_way():
    wrong = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        own = rel.parts[0].removesuffix(".py")
        if own not in LAYERS:
            continue
        for line, module in _imports(path):
            target = _package_of(module)
            if target is None or target == own or target not in LAYERS:
                continue
            if LAYERS[target] > LAYERS[own]:
                wrong.append(f"{rel}:{line} imports {module}")
    assert wrong == []
