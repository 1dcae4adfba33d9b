"""Build a typed table from a raw one in a single scan, flagging the cells that could not be read.

Each typed column is parsed once; a cell is bad when it was filled in but its
typed value is NULL (and it is not a 不适用 word).  The flags are BOOLEAN columns
``__badN`` of the typed table, so counting problems afterwards reads booleans
instead of parsing a million cells again, and only the first few bad rows are
looked up in the raw table to quote them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.batch.cells import Cell, quote
from jixiao.batch.bad_cells import SHOWN
from jixiao.batch.db import run
from jixiao.batch.read import RawTable
from jixiao.findings import Finding, error


@dataclass(frozen=True)
class Flagged:
    index: int
    column: str          # canonical column name (cited in the finding)
    actual: str          # raw column name
    why: str


@dataclass
class TypedSelect:
    raw: RawTable
    exprs: list[str] = field(default_factory=list)
    passthrough: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)
    pre: dict[str, str] = field(default_factory=dict)

    def plain(self, sql: str, alias: str) -> None:
        self.exprs.append(f"{sql} AS {quote(alias)}")

    def quiet(self, alias: str, cell: Cell) -> None:
        """A typed column whose unreadable cells are not problems (prose is read later)."""
        self.pre.update(cell.pre)
        self.exprs.append(f"{cell.value} AS {quote(alias)}")

    def cell(self, alias: str, cell: Cell, column: str, actual: str, na_alias: str | None = None) -> None:
        """A typed column; unless the cell can never be wrong, a flag for filled cells it could not read."""
        self.pre.update(cell.pre)
        self.exprs.append(f"{cell.value} AS {quote(alias)}")
        if cell.bad == "FALSE":
            return
        k = len(self.flagged)
        raw = f"__raw{k}"
        self.passthrough.append(f"{quote(actual)} AS {raw}")
        not_na = f" AND NOT {quote(na_alias)}" if na_alias else ""
        self.flags.append(f"(CASE WHEN {quote(alias)} IS NOT NULL THEN FALSE ELSE {raw} IS NOT NULL AND "
                          f"trim(CAST({raw} AS VARCHAR)) <> ''{not_na} END) AS __bad{k}")
        self.flagged.append(Flagged(k, column, actual, cell.why))

    def create(self, con, table: str, head: str, where: str) -> None:
        """CREATE ``table``: ``head`` columns, the typed columns and the flags, for rows matching ``where``."""
        pre = "".join(f", {sql} AS {quote(alias)}" for alias, sql in self.pre.items())
        inner = ", ".join([head] + self.exprs + self.passthrough)
        query = f"SELECT {inner} FROM (SELECT *{pre} FROM {self.raw.table} WHERE {where})"
        if self.flagged:
            drop = ", ".join(f"__raw{f.index}" for f in self.flagged)
            query = f"SELECT * EXCLUDE ({drop}), {', '.join(self.flags)} FROM ({query})"
        run(con, f"CREATE TEMP TABLE {table} AS {query}")

    def findings(self, con, table: str) -> list[Finding]:
        if not self.flagged:
            return []
        counts = con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE __bad{f.index})" for f in self.flagged)
                             + f" FROM {table}").fetchall()[0]
        out: list[Finding] = []
        for flagged, count in zip(self.flagged, counts):
            if count:
                out += self._shown(con, table, flagged, count)
        return out

    def _shown(self, con, table: str, flagged: Flagged, count: int) -> list[Finding]:
        rows = [r[0] for r in con.execute(f"SELECT __row FROM {table} WHERE __bad{flagged.index} "
                                          f"ORDER BY __row LIMIT {SHOWN}").fetchall()]
        values = dict(con.execute(f"SELECT __row, CAST({quote(flagged.actual)} AS VARCHAR) FROM {self.raw.table} "
                                  f"WHERE __row IN ({', '.join(str(r) for r in rows)})").fetchall())
        out = [error("BATCH-BAD-VALUE", f"列“{flagged.column}”的值“{values.get(row, '')}”无法读取，应为{flagged.why}；"
                     "该值按缺失处理", self.raw.source(row, flagged.column)) for row in rows]
        if count > SHOWN:
            out.append(error("BATCH-BAD-VALUE", f"另有{count - SHOWN}行有同样的问题（列“{flagged.column}”），未逐一列出",
                             self.raw.source(rows[-1], flagged.column)))
        return out
