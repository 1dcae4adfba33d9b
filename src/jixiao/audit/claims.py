"""The plain data between the auditor's stages: stated figures and the relations read between them.

    read     → lines with locators                     (ingest.published)
    extract  → :class:`Relation` records, immutable   (audit.statements, …)
    verify   → findings, or "cannot tell"              (audit.verify)

A :class:`Relation` says which stated figure is tested (``claim``), which other stated figures it
is tested against (``operands``, each with its role), and **how it was read**:

* ``Reading.EXPLICIT`` — from the text's own structure: the same sentence, a ``其中`` list,
  ``较上年…增加…``, an arithmetic expression, the same table row.  A failing explicit relation
  is an **error**.
* ``Reading.INFERRED`` — put together across sentences or sections, or from a rule the text does
  not print (a proportional scoring rule, a decomposition assumed complete).  A failing inferred
  relation is at most a **warning**.

A relation whose reading cannot be made certain enough even to warn is never guessed at: the
extractor counts it (``Extraction.unclear``) and the summary reports "N 项关系口径不明，未核对".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from jixiao.audit.mentions import MONEY, Mention


class Reading(str, Enum):
    EXPLICIT = "explicit"
    INFERRED = "inferred"


@dataclass(frozen=True)
class Figure:
    """One stated figure, frozen: its value as written, its unit and where it stands."""

    value: Decimal
    text: str            # digits as written
    unit: str
    line: int            # index into the document's lines
    start: int
    end: int
    label: str = ""

    def __init__(self, value: Decimal, text: str, unit: str, line: int, start: int, end: int, label: str = "") -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "label", label)

    @classmethod
    def of(cls, m: Mention) -> "Figure":
        return cls(m.value, m.text, m.unit, m.line, m.start, m.end, m.label)

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY

    @property
    def wan(self) -> Decimal:
        """The amount in 万元 (money only; other figures as they are)."""
        return self.value * MONEY[self.unit] if self.is_money else self.value

    @property
    def shown(self) -> str:
        return f"{self.text}{self.unit}"


@dataclass(frozen=True)
class Operand:
    role: str            # 本年, 上年, 变动额, 分项, 合计 …
    figure: Figure
    sign: int = 1        # for signed parts (a 减少 in a list of changes is −1)

    def __init__(self, role: str, figure: Figure, sign: int = 1) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "figure", figure)
        object.__setattr__(self, "sign", sign)


@dataclass(frozen=True)
class Relation:
    """One arithmetic relation the text states between its own figures."""

    kind: str                        # change-rate | change-amount | direction | sum | change-sum | count
    claim: Figure                    # the stated figure under test
    operands: tuple[Operand, ...]
    reading: Reading
    basis: str                       # how it was read, in Chinese ("同句：较上年…增加…，增长…")
    complete: bool = True            # sums: the parts are known to be all of the whole
    word: str = ""                   # the change word (增加/下降 …) for direction and sign
    counted: int | None = None       # count relations: the number of items listed

    def __init__(self, kind: str, claim: Figure, operands: tuple[Operand, ...], reading: Reading, basis: str,
                 complete: bool = True, word: str = "", counted: int | None = None) -> None:
        # written out so mypyc compiles it (tests/test_native.py); object.__setattr__: the class is frozen
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "claim", claim)
        object.__setattr__(self, "operands", operands)
        object.__setattr__(self, "reading", reading)
        object.__setattr__(self, "basis", basis)
        object.__setattr__(self, "complete", complete)
        object.__setattr__(self, "word", word)
        object.__setattr__(self, "counted", counted)

    def operand(self, role: str) -> Operand | None:
        return next((o for o in self.operands if o.role == role), None)


@dataclass
class Extraction:
    """What one extractor read from one document."""

    relations: list[Relation] = field(default_factory=list)
    unclear: int = 0

    def __init__(self, relations: list[Relation] | None = None, unclear: int = 0) -> None:
        # written out so mypyc compiles it (tests/test_native.py)
        self.relations = [] if relations is None else relations
        self.unclear = unclear
