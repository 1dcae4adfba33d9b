"""Borderless tables in PDF text: put each row's cells under the columns of the table.

A run of two or more consecutive lines that each have several cells (pieces of text far
apart on the line) is taken for a table without ruling lines.  The horizontal extents of all
its cells are merged into columns (overlapping extents are one column: a header centred over
right-aligned figures overlaps them), and each row is rewritten with one cell per column,
empty where the row has nothing, so that a row with an empty cell still lines up with its
header.  A run that gives fewer than two columns is left as it is.
"""
from __future__ import annotations

from typing import Any

_MIN_ROWS = 2


def align_borderless(lines: list[Any]) -> None:
    """Rewrite ``text`` of the lines of every borderless table in ``lines`` (in place)."""
    run: list[Any] = []
    for ln in [*lines, None]:
        if ln is not None and not ln.table and len(ln.cells) >= 2:
            run.append(ln)
            continue
        if len(run) >= _MIN_ROWS:
            _align(run)
        run = []


def columns(extents: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Merge overlapping horizontal extents into columns, left to right."""
    out: list[list[float]] = []
    for x0, x1 in sorted(extents):
        if out and x0 <= out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def _align(run: list[Any]) -> None:
    cols = columns([(c[0], c[1]) for ln in run for c in ln.cells])
    if len(cols) < 2:
        return
    for ln in run:
        row = [""] * len(cols)
        for x0, x1, text in ln.cells:
            k = max(range(len(cols)), key=lambda j: min(x1, cols[j][1]) - max(x0, cols[j][0]))
            row[k] = f"{row[k]} {text}".strip() if row[k] else text.strip()
        while row and not row[-1]:
            row.pop()
        ln.text = "\t".join(row)
