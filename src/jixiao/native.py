"""Compiled (mypyc) builds of the audit's Python modules, used only when they match the sources.

The auditor reads every figure of every line in a dozen passes of plain Python; mypyc (the compiler
that ships with mypy) turns those modules into C extensions that run the same code faster.
``scripts/setup.sh`` builds them (``python scripts/build_native.py``) into the environment, under a
folder named by a hash of the sources, the Python version and the compiler version:

    <venv>/jixiao-native/audit-<stamp>/jixiao/audit/*.so     one extension per module
    <venv>/jixiao-native/audit-<stamp>/jixiao/ingest/*.so    the line readers the audit runs on
    <venv>/jixiao-native/audit-<stamp>/jixiao/relations*.so  the arithmetic of every relation, and
    <venv>/jixiao-native/audit-<stamp>/jixiao/model/numbers*.so  the numbers it rounds and prints
    <venv>/jixiao-native/audit-<stamp>/*__mypyc*.so          the runtime they share

``jixiao``, ``jixiao.model``, ``jixiao.audit`` and ``jixiao.ingest`` call :func:`activate` when they
are imported: if a build for exactly these sources exists, its folder for the package is put first on
the package's search path (``jixiao``, ``model`` and ``ingest`` get only the modules listed in
:data:`BUILDS` compiled, the rest stay plain: the build's folder holds no others), otherwise the pure Python modules
are used (an edited module is never shadowed by a stale build).  ``JIXIAO_PURE=1`` forces pure Python.
Behaviour is identical either way; the test suite runs whichever is active, and
``tests/test_native.py`` runs the real corpus through both.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

#: one build (the name of its folder) and what it compiles: package → its modules ("*": all but
#: ``__init__.py``, which activates the build and stays plain)
BUILDS = {"audit": {"audit": "*",
                   "ingest": ("normalise.py", "published.py", "text_reader.py", "cell_lines.py"),
                   "": ("relations.py",), "model": ("numbers.py",)}}
MYPY_VERSION = "2.4.1"
_HERE = Path(__file__).resolve().parent
_STAMPS: dict[str, str] = {}


def sources(build: str, root: Path = _HERE) -> list[Path]:
    out: list[Path] = []
    for package, modules in BUILDS[build].items():
        if modules == "*":
            out += sorted(p for p in (root / package).glob("*.py") if p.name != "__init__.py")
        else:
            out += [root / package / name for name in modules]
    return out


def stamp(build: str, root: Path = _HERE) -> str:
    """A name for one build: the sources' bytes, the Python ABI and the compiler version."""
    if root == _HERE and build in _STAMPS:
        return _STAMPS[build]
    h = hashlib.sha256()
    h.update(f"{sys.implementation.cache_tag}|{sys.platform}|{MYPY_VERSION}|{build}".encode())
    for path in sources(build, root):
        h.update(f"{path.parent.name}/{path.name}".encode())
        h.update(path.read_bytes())
    found = h.hexdigest()[:20]
    if root == _HERE:
        _STAMPS[build] = found
    return found


def build_root() -> Path:
    return Path(sys.prefix) / "jixiao-native"


def build_dir(build: str) -> Path:
    return build_root() / f"{build}-{stamp(build)}"


def activate(package: str, search_path: list[str]) -> bool:
    """Put the matching compiled build of ``jixiao.<package>``'s modules first on ``search_path``
    (the package's ``__path__``); False (pure Python) when there is none or ``JIXIAO_PURE`` is set."""
    if os.environ.get("JIXIAO_PURE"):
        return False
    build = next((b for b, packages in BUILDS.items() if package in packages), None)
    if build is None:
        return False
    root = build_dir(build)
    modules = root / "jixiao" / package
    if not (root / "COMPLETE").is_file() or not modules.is_dir():
        return False
    for shared in sorted(root.glob("*__mypyc*" + _ext())):
        name = shared.name.split(".")[0]
        if name not in sys.modules:
            spec = importlib.util.spec_from_file_location(name, shared)
            if spec is None or spec.loader is None:
                return False
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
    search_path.insert(0, str(modules))
    return True


def _ext() -> str:
    return importlib.machinery.EXTENSION_SUFFIXES[0]
