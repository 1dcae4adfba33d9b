"""Build a typed table from a raw one in a single scan, flagging the cells that could not be read.

Each typed column is parsed once; a cell is bad when it was filled in but its
typed value is NULL (and it is not a 不适用 word).  The flags are BOOLEAN columns
``__badN`` of the typed table, so counting problems afterwards reads booleans
instead of parsing a million cells again, and only the first few bad rows are
looked up in the raw table to quote them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.batch.cells import Cell, quote, text_literal
from jixiao.batch.bad_cells import SHOWN
from jixiao.batch.db import run
from jixiao.batch.read import RawTable
from jixiao.findings import Finding, error


#: column types counted over their distinct values (:meth:`TypedSelect._distinct_counts`): text, whose
#: parsing is what costs, and integers (a flag or code column holds two or three values, which DuckDB
#: groups without hashing: cheaper than working out every row's flag)
_BY_VALUE = ("VARCHAR", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


@dataclass(frozen=True)
class Flagged:
    index: int
    column: str          # canonical column name (cited in the finding)
    actual: str          # raw column name
    why: str
    value: str = "NULL"  # SQL of the typed value (over the raw column and ``pre``)
    pre: tuple[tuple[str, str], ...] = ()
    na: str | None = None    # SQL: the cell is a 不适用 word (over the same raw column)
    alias: str = ""          # the typed column's alias in the view (and ``na_alias``, the 不适用 column's)
    na_alias: str | None = None
    cheap: tuple[str, str | None] | None = None   # SQL (value, 不适用) read more cheaply; see :meth:`TypedSelect.cell`
    interval: bool = False   # the cells read well are one interval of values (:attr:`jixiao.batch.cells.Cell.interval`)


@dataclass
class TypedSelect:
    raw: RawTable
    exprs: list[str] = field(default_factory=list)
    passthrough: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)
    pre: dict[str, str] = field(default_factory=dict)
    where: str | None = None     # the rows kept (set by :meth:`create`)
    view: bool = False
    created: tuple[str, str, str] | None = None    # (table, head, where) of :meth:`create`
    #: columns read by their cheap SQL (:meth:`cell`) because it agreed with the full reading on every value
    cheapened: list[str] = field(default_factory=list)
    #: more aggregates over the raw table (name → SQL) for the one scan of a staged view to work out
    #: (:meth:`_distinct_counts`); their values land in ``also_found`` (left empty when no such scan ran)
    also: dict[str, str] = field(default_factory=dict)
    also_found: dict[str, int] = field(default_factory=dict)

    def plain(self, sql: str, alias: str) -> None:
        self.exprs.append(f"{sql} AS {quote(alias)}")

    def quiet(self, alias: str, cell: Cell) -> None:
        """A typed column whose unreadable cells are not problems (prose is read later)."""
        self.pre.update(cell.pre)
        self.exprs.append(f"{cell.value} AS {quote(alias)}")

    def cell(self, alias: str, cell: Cell, column: str, actual: str, na_alias: str | None = None,
             na_sql: str | None = None, cheap: tuple[str, str | None] | None = None) -> None:
        """A typed column; unless the cell can never be wrong, a flag for filled cells it could not read
        (``na_alias``: the column telling a 不适用 word, whose SQL over the same raw cell is ``na_sql``).

        ``cheap``: SQL of (value, 不适用) over the raw column alone that costs less per row than the full
        reading (a plain cast instead of the number tests of :func:`jixiao.batch.cells.fast_number`) but is
        right only for some cells.  A staged view (see :meth:`create`) then uses it instead when it gives the
        same value and the same 不适用 flag as the full reading for every distinct value the column holds:
        checked while the bad cells are counted over those values (:meth:`_distinct_counts`), so every row
        reads the same as before, at the cost of the cast."""
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
        self.flagged.append(Flagged(k, column, actual, cell.why, cell.value, cell.pre, na_sql, alias, na_alias, cheap,
                                    cell.interval))

    def create(self, con, table: str, head: str, where: str, view: bool = False) -> None:
        """CREATE ``table``: ``head`` columns, the typed columns and the flags, for rows matching ``where``
        (a view when ``view``: every query over it parses the cells it reads again)."""
        pre = "".join(f", {sql} AS {quote(alias)}" for alias, sql in self.pre.items())
        inner = ", ".join([head] + self.exprs + self.passthrough)
        query = f"SELECT {inner} FROM (SELECT *{pre} FROM {self.raw.table} WHERE {where})"
        if self.flagged:
            drop = ", ".join(f"__raw{f.index}" for f in self.flagged)
            query = f"SELECT * EXCLUDE ({drop}), {', '.join(self.flags)} FROM ({query})"
        run(con, f"CREATE TEMP {'VIEW' if view else 'TABLE'} {table} AS {query}")
        self.where, self.view, self.created = where, view, (table, head, where)

    def _cheapen(self, con, agreed: list[Flagged]) -> None:
        """Recreate the staged view with the cheap SQL of the ``agreed`` columns (see :meth:`cell`)."""
        for f in agreed:
            assert f.cheap is not None
            value, na = f.cheap
            self.exprs[self.exprs.index(f"{f.value} AS {quote(f.alias)}")] = f"{value} AS {quote(f.alias)}"
            if f.na_alias is not None and na is not None:
                old = next(i for i, e in enumerate(self.exprs) if e.endswith(f" AS {quote(f.na_alias)}"))
                self.exprs[old] = f"{na} AS {quote(f.na_alias)}"
            self.cheapened.append(f.column)
        assert self.created is not None
        table, head, where = self.created
        run(con, f"DROP VIEW {table}")
        self.create(con, table, head, where, view=True)

    def findings(self, con, table: str) -> list[Finding]:
        if not self.flagged:
            return []
        if self.view:
            counts = self._distinct_counts(con)
        else:
            counts = con.execute("SELECT " + ", ".join(f"count(*) FILTER (WHERE __bad{f.index})" for f in self.flagged)
                                 + f" FROM {table}").fetchall()[0]
        out: list[Finding] = []
        for flagged, count in zip(self.flagged, counts):
            if count:
                out += self._shown(con, table, flagged, count)
        return out

    def _distinct_counts(self, con) -> list[int]:
        """The bad cells of each flagged column, as the view's ``__badN`` would count them, at a third of
        the cost.  A flag is a function of the raw cell alone (its typed value, blankness and 不适用 word
        are all read from it), so a text column — parsing text is what costs — or an integer column is
        counted over its distinct values, each read once however many rows hold it; the numbers of the
        other columns are read directly, in one scan that also counts the rows ``where`` leaves out (and
        works out :attr:`also`).  Cheaper still, and exact: an integer column whose range holds no bad whole
        number (:meth:`_ranged_counts`), or a column whose readable cells form one interval and whose least
        and greatest value read well (:meth:`_ends_counts`), has none — its least and greatest value are read
        in that same scan.  Only when there are rows ``where`` leaves out (a row without a project id: rare)
        are their flags counted again, and taken off."""
        flags, pres = {}, {}
        for f in self.flagged:
            col = quote(f.actual)
            na = f" AND NOT {f.na}" if f.na else ""
            flags[f.index] = (f"(CASE WHEN {f.value} IS NOT NULL THEN FALSE ELSE {col} IS NOT NULL AND "
                              f"trim(CAST({col} AS VARCHAR)) <> ''{na} END)")
            pres[f.index] = "".join(f", {sql} AS {quote(alias)}" for alias, sql in f.pre)
        text = [f for f in self.flagged if self.raw.types[f.actual].upper() in _BY_VALUE]
        # an integer column (a flag, a code, the year) by the range of its values, read in the same scan: when
        # no whole number between its least and greatest value is a bad cell, none of its cells is (an exact 0);
        # so is a number column whose cells read well form one interval, when both ends read well
        ranged = [f for f in text if self.raw.types[f.actual].upper() != "VARCHAR" and f.cheap is None and not f.pre]
        ends = [f for f in self.flagged if f not in text and f.interval and f.cheap is None and not f.pre]
        other = [f for f in self.flagged if f not in text and f not in ends]
        table = self.raw.table

        def scan(chosen: list[Flagged], where: str, extra: tuple[str, ...] = ()) -> list[int]:
            pre = "".join(pres[f.index] for f in chosen)
            return list(con.execute("SELECT " + ", ".join([*extra] + [f"count(*) FILTER (WHERE {flags[f.index]})" for f in chosen])
                                    + f" FROM (SELECT *{pre} FROM {table} WHERE {where})").fetchall()[0])

        left_out_rows = f"count(*) FILTER (WHERE ({self.where}) IS NOT TRUE)"
        bounds = [f"min({quote(f.actual)}), max({quote(f.actual)})" for f in ranged + ends]
        left_out, *found_all = scan(other, "TRUE", (left_out_rows, *self.also.values(), *bounds))
        self.also_found = {name: int(n) for name, n in zip(self.also, found_all)}
        found_all = found_all[len(self.also):]
        spans, ends_at, direct = (found_all[:2 * len(ranged)], found_all[2 * len(ranged):2 * len(ranged + ends)],
                                  found_all[2 * len(ranged + ends):])
        counts = {f.index: int(n) for f, n in zip(other, direct)}
        counts.update(self._ranged_counts(con, ranged, spans, flags))
        counts.update(self._ends_counts(con, ends, ends_at, flags))
        text = [f for f in text if f.index not in counts]
        unproven = [f for f in ends if f.index not in counts]     # an end reads badly: counted row by row
        if unproven:
            counts.update({f.index: int(n) for f, n in zip(unproven, scan(unproven, "TRUE"))})
        if text:
            branches = [f"SELECT {f.index} AS __k, coalesce(sum(__n) FILTER (WHERE {flags[f.index]}), 0) AS __bad, "
                        f"{self._agrees(f)} AS __same "
                        f"FROM (SELECT *{pres[f.index]} FROM (SELECT {quote(f.actual)}, count(*) AS __n "
                        f"FROM {table} GROUP BY {quote(f.actual)}))" for f in text]
            found = con.execute(" UNION ALL ".join(branches)).fetchall()
            counts.update({k: int(n) for k, n, _ in found})
            agreed = {k for k, _, same in found if same}
            if agreed:
                self._cheapen(con, [f for f in text if f.index in agreed])
        if left_out:
            for f, n in zip(self.flagged, scan(self.flagged, f"({self.where}) IS NOT TRUE")):
                counts[f.index] -= int(n)
        return [counts[f.index] for f in self.flagged]

    #: an integer column is judged by its range when it spans at most this many whole numbers
    RANGE_LIMIT = 4096

    def _ranged_counts(self, con, ranged: list[Flagged], spans: list, flags: dict[int, str]) -> dict[int, int]:
        """0 for each integer column of ``ranged`` whose cells all lie in a range (``spans``: its least and
        greatest value, in turn) where no whole number is a bad cell (or that holds no value): its flag, a
        function of the cell alone, is then FALSE on every row.  Other columns are left out (counted over
        their distinct values)."""
        out: dict[int, int] = {}
        branches = []
        for k, f in enumerate(ranged):
            lo, hi = spans[2 * k], spans[2 * k + 1]
            if lo is None:          # no value at all: no cell is filled, so none is bad
                out[f.index] = 0
            elif int(hi) - int(lo) < self.RANGE_LIMIT:
                duck_type = self.raw.types[f.actual]
                branches.append(f"SELECT {f.index} AS __k, count(*) FILTER (WHERE {flags[f.index]}) AS __bad FROM "
                                f"(SELECT CAST(__r AS {duck_type}) AS {quote(f.actual)} FROM range({int(lo)}, {int(hi) + 1}) __t(__r))")
        return _zero_where_none_bad(con, branches, out)

    def _ends_counts(self, con, ends: list[Flagged], spans: list, flags: dict[int, str]) -> dict[int, int]:
        """0 for each column of ``ends`` (cells that read well form one interval) that holds no value, or
        whose least and greatest value (``spans``, in turn) both read well; the others are left out."""
        out: dict[int, int] = {}
        branches = []
        for k, f in enumerate(ends):
            lo, hi = spans[2 * k], spans[2 * k + 1]
            if lo is None:
                out[f.index] = 0
                continue
            duck_type = self.raw.types[f.actual]
            ends_sql = ", ".join(f"(CAST({text_literal(str(v))} AS {duck_type}))" for v in (lo, hi))
            branches.append(f"SELECT {f.index} AS __k, count(*) FILTER (WHERE {flags[f.index]}) AS __bad FROM "
                            f"(SELECT __v AS {quote(f.actual)} FROM (VALUES {ends_sql}) __t(__v))")
        return _zero_where_none_bad(con, branches, out)

    @staticmethod
    def _agrees(f: Flagged) -> str:
        """SQL aggregate over a column's distinct values: its cheap reading gives the same value and the same
        不适用 flag as the full one for all of them (FALSE when it has none)."""
        if f.cheap is None:
            return "FALSE"
        value, na = f.cheap
        same = f"(({f.value}) IS NOT DISTINCT FROM ({value}))"
        if f.na is not None:
            same += f" AND (({f.na}) IS NOT DISTINCT FROM ({na if na is not None else f.na}))"
        return f"coalesce(bool_and({same}), FALSE)"

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


def _zero_where_none_bad(con, branches: list[str], out: dict[int, int]) -> dict[int, int]:
    """Run the ``(__k, __bad)`` branches as one query and set 0 in ``out`` for each column none of whose
    candidate values is a bad cell."""
    if branches:
        for k, bad in con.execute(" UNION ALL ".join(branches)).fetchall():
            if bad == 0:
                out[int(k)] = 0
    return out
