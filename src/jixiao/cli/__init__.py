"""The command line (``jixiao = "jixiao.cli:main"``): one module per command group, listed in
:data:`COMMANDS`; what every command shares (exit codes 0/1/2/3, the input-error guard, the
internal-error log, JSON output) is :mod:`jixiao.cli.common`; everything printed to a terminal is
:mod:`jixiao.cli.output`.  Nothing below this package imports it.

=============  ==========================================================================
filing.py      ``validate``, ``metrics``, ``template``, ``convert`` (and the ``main`` group)
audit.py       ``audit``
batch.py       ``batch`` (``batch score``), ``synth``
batch_render.py  ``batch render``
check.py       ``check``
demo.py        ``demo``
render.py      ``render``
review.py      ``review``
serve.py       ``serve`` (the web workspace)
score.py       ``score``
review_run.py  the work behind ``jixiao review …`` (terminal and files)
worker.py      ``worker`` (runs queued jobs from a broker; jixiao.jobs)
=============  ==========================================================================
"""
from __future__ import annotations

from jixiao.cli import audit, batch, check, demo, render, review, score, serve, worker
from jixiao.cli.filing import main

#: every command module, in the order ``--help`` lists them; each defines ``register(main)``
COMMANDS = (audit, batch, check, demo, render, review, score, serve, worker)

for _module in COMMANDS:
    _module.register(main)

__all__ = ["main", "COMMANDS"]
