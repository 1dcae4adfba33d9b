"""政府收支分类科目 catalogue: loading, lookup by code and by name, validity status.

Data lives in ``jixiao/catalog/data/{year}/func.csv`` (支出功能分类, 类/款/项 =
3/5/7 digits) and ``econ_dept.csv`` (部门预算支出经济分类, 类/款 = 3/5 digits).
Columns: ``code,name,level,parent,valid_from,valid_to,aliases``.

* ``valid_from`` / ``valid_to`` are inclusive years; empty means "no bound known".
  A catalogue file keeps rows for withdrawn codes (``valid_to`` set) so that an
  old code found in a disclosure is reported as ``"retired"`` rather than
  ``"unknown"``.
* ``aliases`` is ``|``-separated: former names (e.g. 医疗卫生与计划生育支出 for
  210, 行政事业单位离退休 for 20805) and common variants.

Only the package data is read; nothing here produces findings.  See
``catalog/README.md`` for the codes whose number or name is unverified.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, Sequence

__all__ = [
    "CodeEntry",
    "Catalogue",
    "KINDS",
    "STATUSES",
    "years",
    "normalize_name",
]

#: kind -> (file name, allowed code lengths, level name per length)
_KIND_SPEC: dict[str, tuple[str, dict[int, str]]] = {
    "func": ("func.csv", {3: "类", 5: "款", 7: "项"}),
    "econ": ("econ_dept.csv", {3: "类", 5: "款"}),
}
KINDS: tuple[str, ...] = tuple(_KIND_SPEC)
_KIND_ALIASES = {"econ_dept": "econ", "function": "func", "functional": "func", "economic": "econ"}

STATUSES: tuple[str, ...] = ("ok", "unknown", "retired", "not_yet_valid", "malformed")

_DATA_PACKAGE = "jixiao.catalog"
_COLUMNS = ("code", "name", "level", "parent", "valid_from", "valid_to", "aliases")


@dataclass(frozen=True)
class CodeEntry:
    code: str
    name: str
    level: str
    parent: str | None
    valid_from: int | None
    valid_to: int | None
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The current name followed by every alias."""
        return (self.name, *self.aliases)

    def valid_in(self, year: int) -> bool:
        if self.valid_from is not None and year < self.valid_from:
            return False
        if self.valid_to is not None and year > self.valid_to:
            return False
        return True


# --------------------------------------------------------------------------- names

_WS_RE = re.compile(r"\s+")
# Level markers as printed in narratives: （类） （款） （项）, also with a code
# fragment such as （208类） （05款） （01项）.
_MARKER_RE = re.compile(r"\(\s*\d*\s*[类款项]\s*\)")
_PAREN_MAP = str.maketrans({"（": "(", "）": ")", "〔": "(", "〕": ")", "［": "(", "］": ")"})
_SUFFIX = "支出"


def _norm_base(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).translate(_PAREN_MAP)
    s = _WS_RE.sub("", s)
    s = _MARKER_RE.sub("", s)
    return s


def normalize_name(name: str) -> str:
    """Canonical key for name matching.

    Removes all whitespace, unifies full-/half-width characters (NFKC, so
    ``（室）`` and ``(室)`` compare equal), removes level markers ``（类）``/
    ``（款）``/``（项）`` (also ``（208类）`` style), and drops one trailing
    ``支出`` so that "卫生健康" and "卫生健康支出" compare equal.
    """
    s = _norm_base(name)
    if s.endswith(_SUFFIX) and len(s) > len(_SUFFIX):
        s = s[: -len(_SUFFIX)]
    return s


def _norm_code(code: object) -> str:
    if isinstance(code, bool):  # bool is an int; never a code
        return ""
    s = unicodedata.normalize("NFKC", str(code))
    return _WS_RE.sub("", s)


# --------------------------------------------------------------------------- data

def _data_root():
    return resources.files(_DATA_PACKAGE).joinpath("data")


@lru_cache(maxsize=None)
def _years_cached() -> tuple[int, ...]:
    root = _data_root()
    found: list[int] = []
    for child in root.iterdir():
        if child.is_dir() and child.name.isdigit():
            found.append(int(child.name))
    return tuple(sorted(found))


def years() -> list[int]:
    """Data years available in the package, ascending."""
    return list(_years_cached())


def _resolve_kind(kind: str) -> str:
    k = _KIND_ALIASES.get(kind, kind)
    if k not in _KIND_SPEC:
        raise ValueError(f"unknown catalogue kind {kind!r}; expected one of {KINDS}")
    return k


def _pick_data_year(year: int) -> int:
    available = _years_cached()
    if not available:
        raise FileNotFoundError("no catalogue data years packaged under jixiao/catalog/data")
    eligible = [y for y in available if y <= year]
    return eligible[-1] if eligible else available[0]


def _int_or_none(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value else None


def _parse_rows(rows: Iterable[Mapping[str, str]]) -> list[CodeEntry]:
    entries: list[CodeEntry] = []
    for row in rows:
        code = (row.get("code") or "").strip()
        if not code:
            continue
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        entries.append(
            CodeEntry(
                code=code,
                name=(row.get("name") or "").strip(),
                level=(row.get("level") or "").strip(),
                parent=(row.get("parent") or "").strip() or None,
                valid_from=_int_or_none(row.get("valid_from")),
                valid_to=_int_or_none(row.get("valid_to")),
                aliases=aliases,
            )
        )
    return entries


@lru_cache(maxsize=None)
def _load_cached(kind: str, data_year: int) -> "Catalogue":
    fname, _ = _KIND_SPEC[kind]
    text = _data_root().joinpath(str(data_year), fname).read_text(encoding="utf-8")
    return Catalogue.from_csv_text(kind, data_year, text)


# --------------------------------------------------------------------------- catalogue

class Catalogue:
    """One classification (``"func"`` or ``"econ"``) as published for one data year."""

    def __init__(self, kind: str, data_year: int, entries: Iterable[CodeEntry]):
        self.kind = _resolve_kind(kind)
        self.data_year = data_year
        self._lengths = _KIND_SPEC[self.kind][1]
        self._by_code: dict[str, CodeEntry] = {}
        for e in entries:
            if e.code in self._by_code:
                raise ValueError(f"duplicate code {e.code} in {self.kind} {data_year}")
            self._by_code[e.code] = e
        self._children: dict[str, list[CodeEntry]] = {}
        self._by_name: dict[str, list[CodeEntry]] = {}
        for e in sorted(self._by_code.values(), key=lambda x: x.code):
            if e.parent:
                self._children.setdefault(e.parent, []).append(e)
            for key in {normalize_name(n) for n in e.names}:
                self._by_name.setdefault(key, []).append(e)

    # -- construction ---------------------------------------------------------

    @classmethod
    def load(cls, year: int, kind: str = "func") -> "Catalogue":
        """The catalogue for ``year``: the newest data year ≤ ``year``, or the
        oldest available one when ``year`` precedes every data year. Cached."""
        return _load_cached(_resolve_kind(kind), _pick_data_year(int(year)))

    @classmethod
    def from_rows(cls, kind: str, data_year: int, rows: Iterable[Mapping[str, str]]) -> "Catalogue":
        return cls(kind, data_year, _parse_rows(rows))

    @classmethod
    def from_csv_text(cls, kind: str, data_year: int, text: str) -> "Catalogue":
        reader = csv.DictReader(io.StringIO(text))
        missing = set(_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"catalogue CSV lacks columns {sorted(missing)}")
        return cls.from_rows(kind, data_year, reader)

    # -- basic access ---------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(sorted(self._by_code.values(), key=lambda e: e.code))

    def __contains__(self, code: object) -> bool:
        return _norm_code(code) in self._by_code

    def __repr__(self) -> str:
        return f"Catalogue(kind={self.kind!r}, data_year={self.data_year}, codes={len(self)})"

    def entries(self, level: str | None = None) -> list[CodeEntry]:
        return [e for e in self if level is None or e.level == level]

    def get(self, code: object) -> CodeEntry | None:
        return self._by_code.get(_norm_code(code))

    def is_well_formed(self, code: object) -> bool:
        s = _norm_code(code)
        return s.isascii() and s.isdigit() and len(s) in self._lengths

    def level_of(self, code: object) -> str | None:
        """类/款/项 from the number of digits; None when malformed. Works for
        codes absent from the catalogue."""
        s = _norm_code(code)
        if not self.is_well_formed(s):
            return None
        return self._lengths[len(s)]

    def status(self, code: object, year: int | None = None) -> str:
        """One of ``"ok"``, ``"unknown"``, ``"retired"``, ``"not_yet_valid"``,
        ``"malformed"`` for ``code`` used in ``year`` (default: the data year)."""
        if not self.is_well_formed(code):
            return "malformed"
        entry = self.get(code)
        if entry is None:
            return "unknown"
        y = self.data_year if year is None else int(year)
        if entry.valid_from is not None and y < entry.valid_from:
            return "not_yet_valid"
        if entry.valid_to is not None and y > entry.valid_to:
            return "retired"
        return "ok"

    # -- hierarchy ------------------------------------------------------------

    def children(self, code: object, year: int | None = None) -> list[CodeEntry]:
        """Direct children sorted by code; with ``year``, only those valid then."""
        kids = self._children.get(_norm_code(code), [])
        if year is None:
            return list(kids)
        return [e for e in kids if e.valid_in(int(year))]

    def parent_chain(self, code: object) -> list[CodeEntry]:
        """Entries from the 类 down to ``code`` itself, e.g. for 2010308:
        [201, 20103, 2010308]. Empty when ``code`` is not in the catalogue."""
        chain: list[CodeEntry] = []
        entry = self.get(code)
        seen: set[str] = set()
        while entry is not None and entry.code not in seen:
            seen.add(entry.code)
            chain.append(entry)
            entry = self._by_code.get(entry.parent) if entry.parent else None
        chain.reverse()
        return chain

    # -- names ----------------------------------------------------------------

    def lookup_name(
        self,
        name: str,
        *,
        level: str | None = None,
        parent: str | None = None,
        year: int | None = None,
    ) -> list[CodeEntry]:
        """Entries whose name or an alias matches ``name`` after
        :func:`normalize_name`; sorted by code. Optional filters: ``level``
        (类/款/项), ``parent`` code, ``year`` (only entries valid that year).
        Entries whose *current* name matches come before alias-only matches."""
        key = normalize_name(name)
        if not key:
            return []
        found = self._by_name.get(key, [])
        if level is not None:
            found = [e for e in found if e.level == level]
        if parent is not None:
            p = _norm_code(parent)
            found = [e for e in found if e.parent == p]
        if year is not None:
            found = [e for e in found if e.valid_in(int(year))]
        return sorted(found, key=lambda e: (normalize_name(e.name) != key, e.code))

    def resolve_path(self, names: Sequence[str], year: int | None = None) -> list[CodeEntry]:
        """Resolve a narrative chain such as ["一般公共服务（类）",
        "政府办公厅（室）及相关机构事务（款）", "行政运行（项）"] (top level
        first, one name per level). Returns the entries for the last name whose
        ancestors match the earlier names, sorted by code."""
        if not names:
            return []
        lengths = sorted(self._lengths)
        levels = [self._lengths[n] for n in lengths]
        if len(names) > len(levels):
            return []
        candidates = self.lookup_name(names[0], level=levels[0], year=year)
        for depth, nm in enumerate(names[1:], start=1):
            nxt: list[CodeEntry] = []
            for c in candidates:
                nxt.extend(self.lookup_name(nm, level=levels[depth], parent=c.code, year=year))
            candidates = nxt
        return sorted(set(candidates), key=lambda e: e.code)
