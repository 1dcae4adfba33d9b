"""Where a figure of a published document stands: its source (locator and columns) and its quote."""
from __future__ import annotations

import re
from typing import Final
from dataclasses import dataclass

from jixiao.ingest.published import PublishedDoc
from jixiao.model.source import Source

_CLAUSE_END: Final = re.compile(r"[。;!?\t]")
_COMMA: Final = re.compile(r"[,:、]")


@dataclass(frozen=True)
class Places:
    doc: PublishedDoc

    def __init__(self, doc: PublishedDoc) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "doc", doc)

    def locator(self, line: int, pos: int = 0) -> str:
        """The locator of the original line position ``pos`` of (joined) line ``line`` came from."""
        return self.doc.lines[line].place(pos)[0]

    def source(self, line: int, start: int, end: int) -> Source:
        doc_line = self.doc.lines[line]
        first, col = doc_line.place(start)
        last, last_col = doc_line.place(max(start, end - 1))
        if last == first:
            return Source(self.doc.path, f"{first}:c{col}-{last_col}")
        # a figure broken across two lines of the original (``552.`` / ``21万元``)
        return Source(self.doc.path, f"{first}:c{col}-{last}:c{last_col}")

    def quote(self, line: int, start: int, end: int) -> str:
        """The shortest text stating the claim: its clause, up to the figure."""
        text = self.doc.lines[line].text
        begin = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
        if start - begin > 60:
            near = [begin + m.end() for m in _COMMA.finditer(text[begin:start]) if start - (begin + m.end()) <= 60]
            begin = near[0] if near else start - 60
        return text[begin:end].strip()
