"""The subcommands that live in their own module (``jixiao check``, ``score``, ``render``, ``audit``,
``batch``, ``demo``, ``rubrics``/``rubric show``): each module defines ``register(main)``, and
:data:`COMMANDS` lists them explicitly.  ``cli.py`` holds the small ones and calls :func:`register_all`;
what every command shares (exit codes, the error guard) is in ``jixiao.cli_common``."""
from __future__ import annotations

import click

from jixiao.commands import audit, batch, check, demo, render, review, score

COMMANDS = (audit, batch, check, demo, render, review, score)


def register_all(main: click.Group) -> None:
    for module in COMMANDS:
        module.register(main)
