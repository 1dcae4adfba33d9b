"""A table dumped one cell a line, each cell closed by ``|`` (a web page's table copied as text
with its row breaks lost)::

    项目 |
    预算数 |
    合计 |
    4432 |
    1.公务接待费 |
    323 |

The rows are put back only when the run of cells can be cut into rows one way and no other: a
header of ``h`` cells that name columns (no figure among them), then at least two rows of ``h``
cells each, every row its label cell(s) then its figures, with as many label cells on every row.
A run that reads no way, or two ways, is left as it was (its cells stay lines of their own, and
no table is read from them).  The rows rebuilt are lines of cells split by ``|``, read as any
other table dumped from a web page (:mod:`jixiao.audit.table_model`).

A page dumped with each cell's text on its own line(s) and a line holding only ``|`` after each cell
(``合计`` / ``|`` / ``0.36`` / ``|``; an empty cell is a ``|`` right after a ``|``) is cut the same way;
a cell may run over up to three lines (``财政供养人员`` / ``控制率`` / ``|``), but the first cell of a run
is the one line before its first bar.
"""
from __future__ import annotations

import re
from typing import Final

_FIGURE: Final = re.compile(r"[-+]?[0-9][0-9,]*(?:\.[0-9]+)?%?$")
_EMPTY: Final = frozenset({"", "-", "--", "—", "——", "/", "－", "…"})
#: fewest cells a run must have (a header of two and two rows of two)
MIN_CELLS: Final = 6
#: widest row tried
MAX_WIDTH: Final = 12


def cell_of(text: str) -> str | None:
    """The cell a line holds when it is one cell closed by ``|`` (or a lone ``|``, an empty cell);
    None for any other line.  Cheap on lines that are not: the last character is looked at first."""
    body = text.rstrip()
    if not body.endswith("|") or body.count("|") != 1:
        return None
    cell = body[:-1].strip()
    return cell if len(cell) <= 60 else None


def bar_line(text: str) -> bool:
    """A line holding only ``|``: the end of a cell in a run of cells between bars."""
    return text.strip() == "|"


def bar_cell_line(text: str) -> bool:
    """A line that may be (a part of) a cell between bars: text, no bar, not long."""
    body = text.strip()
    return bool(body) and "|" not in body and len(body) <= 60


def _figure(cell: str) -> bool:
    return _FIGURE.match(cell) is not None


def _labels(row: list[str]) -> int | None:
    """How many label cells open the row (text, no figure) when the rest are figures or empty; None
    for a row that is not label(s) then figures."""
    k = 0
    while k < len(row) and row[k] not in _EMPTY and not _figure(row[k]):
        k += 1
    if k == 0 or not all(c in _EMPTY or _figure(c) for c in row[k:]):
        return None
    return k


def _fits(cells: list[str], h: int) -> bool:
    """Whether the cells read as a header of ``h`` names and rows of ``h`` cells: every row its
    label(s) then figures or blanks, as many labels on every row (a row of blanks has them all
    empty), and at least two rows holding a figure."""
    head, body = cells[:h], cells[h:]
    if len(body) < 2 * h or len(body) % h:
        return False
    if any(_figure(c) for c in head) or sum(1 for c in head if c not in _EMPTY) < 2:
        return False
    counts: set[int] = set()
    figured = 0
    for i in range(0, len(body), h):
        row = body[i:i + h]
        k = _labels(row)
        if k is None or k >= h:
            return False
        if any(map(_figure, row[k:])):
            counts.add(k)
            figured += 1
        elif k > 1:
            return False
    return figured >= 2 and len(counts) == 1


def grid_width(cells: list[str]) -> int | None:
    """The one row width the run of cells reads with (header included), or None."""
    if len(cells) < MIN_CELLS:
        return None
    first = next((i for i, c in enumerate(cells) if _figure(c)), None)
    if first is None:
        return None
    widths = [h for h in range(2, min(MAX_WIDTH, first) + 1) if _fits(cells, h)]
    return widths[0] if len(widths) == 1 else None
