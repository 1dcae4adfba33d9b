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


def _figure(cell: str) -> bool:
    return _FIGURE.match(cell) is not None


def _labels(row: list[str]) -> int | None:
    """How many label cells open the row (text, no figure) when the rest are figures or empty and at
    least one is a figure; None for a row that is not label(s) then figures."""
    k = 0
    while k < len(row) and row[k] not in _EMPTY and not _figure(row[k]):
        k += 1
    rest = row[k:]
    if k == 0 or not any(map(_figure, rest)) or not all(c in _EMPTY or _figure(c) for c in rest):
        return None
    return k


def _fits(cells: list[str], h: int) -> bool:
    head, body = cells[:h], cells[h:]
    if len(body) < 2 * h or len(body) % h:
        return False
    if any(_figure(c) for c in head) or sum(1 for c in head if c not in _EMPTY) < 2:
        return False
    counts: set[int] = set()
    for i in range(0, len(body), h):
        k = _labels(body[i:i + h])
        if k is None or k >= h:
            return False
        counts.add(k)
    return len(counts) == 1


def grid_width(cells: list[str]) -> int | None:
    """The one row width the run of cells reads with (header included), or None."""
    if len(cells) < MIN_CELLS:
        return None
    first = next((i for i, c in enumerate(cells) if _figure(c)), None)
    if first is None:
        return None
    widths = [h for h in range(2, min(MAX_WIDTH, first) + 1) if _fits(cells, h)]
    return widths[0] if len(widths) == 1 else None
