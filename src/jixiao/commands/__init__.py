"""CLI command modules.  Each module here defines ``register(main: click.Group)``.

``cli.py`` calls :func:`register_all`, which registers every module of this package
in name order — one feature, one module, no edits to a shared command file.
"""
from __future__ import annotations

import importlib
import pkgutil

import click


def register_all(main: click.Group) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(main)
