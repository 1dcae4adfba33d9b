"""One scored item as SQL columns: its steps, status, points and what it adds to the total.

Mirrors what :func:`jixiao.scoring.items.score_line` decides for one line, in the
same order:

1. published as 不适用 → ``not_applicable`` (left out of the total);
2. no rule or no maximum → ``rule_unknown``; the published points, clamped to
   [0, max], are taken over;
3. an input missing → ``insufficient_evidence`` (证据不足): points NULL, the
   published points taken over as in 2;
4. a division by zero on the path the rule takes → ``not_computable``, as in 2;
5. a bounded rule (qualitative) with low < high → ``range``: the published points
   held within [low, high] are counted (nothing when none was published);
6. otherwise ``scored``.

The rule's arithmetic itself comes only from the shape's compiled steps
(:mod:`jixiao.expr.sql`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from jixiao.batch.cells import quote
from jixiao import expr as E
from jixiao.expr.sql import NARROW, CompiledSteps, Sql, compile_steps, literal, min_width, width_for
from jixiao.scoring.shapes import POINTS_PLACES

#: item outcomes, stored as small integer codes while scoring (see :func:`status_text`)
STATUSES = ("scored", "range", "insufficient_evidence", "rule_unknown", "not_computable", "not_applicable")
CODE = {name: index + 1 for index, name in enumerate(STATUSES)}
SCORED, RANGE, NO_EVIDENCE, UNKNOWN, NOT_COMPUTABLE, NOT_APPLICABLE = (CODE[n] for n in STATUSES)


#: decimals of the stored points, totals and inputs (DECIMAL(18,6)); item points are rounded to it
#: half-up before they are summed, as the Python scorer does
POINTS_SCALE = POINTS_PLACES

STATUS_TYPE = "jixiao_status"


def status_type_sql() -> str:
    """The ENUM type of outcome names (create it once per connection, see :func:`jixiao.batch.db.connect`)."""
    return f"CREATE TYPE {STATUS_TYPE} AS ENUM ({', '.join(repr(n) for n in STATUSES)})"


def status_text(sql: str) -> str:
    """An outcome code as its name (scored, insufficient_evidence …): an ENUM, written to parquet as text.

    (A CASE returning strings costs about five times as much per million rows; the list is cast to the
    ENUM once, as a constant, so that no row's text is looked up in the ENUM: a third of the cost.)"""
    return f"CAST([{', '.join(repr(n) for n in STATUSES)}] AS {STATUS_TYPE}[])[{sql}]"


#: the derived columns of an item, by suffix
STATUS, POINTS, LOW, HIGH, COUNTED, MISMATCH, OVER_MAX, NEGATIVE, FLAG_BITS = (
    "status", "points", "low", "high", "counted", "mismatch", "over_max", "negative", "flag_bits")
UNPUBLISHED = "unpublished"
#: where the checks sit in the packed per-project counts (``score_sql.PACKED``, 6 bits each; checked there)
FLAG_SHIFTS = {MISMATCH: 36, OVER_MAX: 42, NEGATIVE: 48, UNPUBLISHED: 54}


@dataclass(frozen=True)
class ItemSpec:
    prefix: str                                  # derived columns are named prefix + suffix
    steps: tuple[tuple[str, E.Expr], ...] | None  # None: the rule is unknown
    inputs: dict[str, Sql]                       # input name → SQL of its column
    maximum: Sql | None                          # the item's W (None: unknown)
    published: str                               # SQL: published points (NULL when none)
    na: str                                      # SQL: published as 不适用
    places: int                                  # decimals a published figure is judged at
    bounded: bool = False
    missing: str | None = None                   # SQL: evidence lacking beyond NULL inputs
    unknown: str | None = None                   # SQL: the rule is unknown for this row
    constants: tuple[tuple[str, Decimal], ...] = ()   # inputs fixed by the rubric

    def col(self, suffix: str) -> str:
        return quote(self.prefix + suffix)


def _compiled(spec: ItemSpec) -> CompiledSteps | None:
    if spec.steps is None:
        return None
    inputs = dict(spec.inputs) | {name: literal(value) for name, value in spec.constants}
    if spec.maximum is not None:
        inputs["W"] = spec.maximum
    return compile_steps(spec.steps, inputs,
                         lambda name, sql: Sql(spec.col("s_" + name), sql.scale, sql.nullable, sql.lo, sql.hi, sql.width))


def layers(spec: ItemSpec, checks: bool = True) -> list[list[str]]:
    """SELECT expressions, one list per layer; a layer may use the columns of the layers before it.

    ``checks=False`` (scores only): no comparison with the published points, just what the item counts,
    typed in as few digits as its bounds need (sums of them then need no casts), 0 when 不适用 (so that a
    plain sum leaves it out; the subtotals that must be NULL then are told by ``na``)."""
    compiled = _compiled(spec)
    out: list[list[str]] = []
    if compiled is not None:
        out += [[f"{sql.text} AS {spec.col('s_' + name)}"] for name, sql in compiled.steps]
    vtype = replace(_value_type(spec, compiled), narrow=not checks)
    if not checks and not spec.bounded:
        return out + _scored_only(spec, compiled, vtype)
    out.append([f"{_status(spec, compiled)} AS {spec.col(STATUS)}"])
    out.append(_points(spec, compiled, vtype))
    counted = _counted(spec, vtype, "NULL" if checks else f"CAST(0 AS {vtype.sql})")
    out.append(counted if checks else counted[:1])
    return out


@dataclass(frozen=True)
class ValueType:
    """The SQL type of an item's points, bounds and counted value: exact for all of them."""

    scale: int
    lo: Decimal | None
    hi: Decimal | None
    narrow: bool = False        # as few digits as the bounds need (see :func:`layers`)

    @property
    def sql(self) -> str:
        width = width_for(self.lo, self.hi, self.scale)
        if self.narrow and width == NARROW:     # the bounds' ceiling: a value rounded up stays within
            width = min_width(self.lo, self.hi, self.scale, rounded=True)
        return f"DECIMAL({width},{self.scale})"


def value_type(spec: ItemSpec) -> ValueType:
    return _value_type(spec, _compiled(spec))


def _value_type(spec: ItemSpec, compiled: CompiledSteps | None) -> ValueType:
    """Points are held at POINTS_SCALE decimals (rounded half-up, as :func:`jixiao.scoring.shapes.round_points`);
    only a maximum with more decimals (never in practice) widens the scale."""
    parts = [Decimal(0)]
    scales = [POINTS_SCALE]
    if spec.maximum is not None:
        scales.append(spec.maximum.scale or 0)
        parts += [spec.maximum.lo, spec.maximum.hi]     # type: ignore[list-item]
    else:
        parts.append(None)                              # type: ignore[arg-type]
    if compiled is not None:
        for name, sql in compiled.steps:
            if name in ("points", "low", "high"):
                parts += [sql.lo, sql.hi]               # type: ignore[list-item]
    if any(p is None for p in parts):
        return ValueType(max(scales), None, None)
    return ValueType(max(scales), min(parts), max(parts))


def _rounded(spec: ItemSpec, compiled: CompiledSteps, step: str, vtype: ValueType) -> str:
    """A step's value rounded half-up to POINTS_SCALE decimals (a DuckDB CAST to fewer decimals rounds half
    away from zero), then typed as the item's points."""
    sql = compiled.get(step)
    column = spec.col("s_" + step)
    if (sql.scale or 0) > POINTS_SCALE and vtype.scale > POINTS_SCALE:     # else the one cast rounds
        column = f"CAST({column} AS DECIMAL({width_for(sql.lo, sql.hi, POINTS_SCALE)},{POINTS_SCALE}))"
    return f"CAST({column} AS {vtype.sql})"


def _clamp(spec: ItemSpec, value: str, vtype: ValueType) -> str:
    """The published points held within [0, max] (no upper bound without a max); NULL stays NULL.

    (DuckDB's GREATEST/LEAST skip NULL arguments, hence the explicit CASE.)"""
    bound = Decimal(10) ** 9
    wide = f"DECIMAL({width_for(-bound, bound, vtype.scale)},{vtype.scale})"
    low = f"greatest(CAST(0 AS {wide}), CAST({value} AS {wide}))"
    if spec.maximum is not None:
        low = f"least({low}, CAST({spec.maximum.text} AS {wide}))"
    return f"(CASE WHEN {value} IS NULL THEN NULL ELSE CAST({low} AS {vtype.sql}) END)"


def _bare(text: str) -> str:
    """``CAST("col" AS …)`` → ``"col"`` (testing NULL needs no cast)."""
    if text.startswith('CAST("') and text.endswith(")") and text.count('"') == 2:
        return text[5:text.rindex('"') + 1]
    return text


def _outcomes(spec: ItemSpec, compiled: CompiledSteps | None) -> list[tuple[str, int]]:
    """(SQL condition, outcome code) in the order the scorer decides them; none holding: scored."""
    lacking = " OR ".join([f"{_bare(sql.text)} IS NULL" for sql in spec.inputs.values()]
                          + ([spec.missing] if spec.missing else [])) or "FALSE"
    unknown = "TRUE" if compiled is None or spec.maximum is None else (spec.unknown or "FALSE")
    cases = [(spec.na, NOT_APPLICABLE)] + ([(unknown, UNKNOWN)] if unknown != "FALSE" else []) + [(lacking, NO_EVIDENCE)]
    if compiled is not None:
        nullable = [spec.col("s_" + n) for n in compiled.nullable]
        if nullable:
            cases.append((" OR ".join(f"{c} IS NULL" for c in nullable), NOT_COMPUTABLE))
        if spec.bounded:
            cases.append((f"{spec.col('s_low')} <> {spec.col('s_high')}", RANGE))
    return cases


def _status(spec: ItemSpec, compiled: CompiledSteps | None) -> str:
    return f"(CASE {' '.join(f'WHEN {c} THEN {code}' for c, code in _outcomes(spec, compiled))} ELSE {SCORED} END)"


def strict_names(steps: tuple[tuple[str, E.Expr], ...], step: str) -> frozenset[str]:
    """Names (inputs) whose NULL makes the step ``step`` NULL in the SQL :mod:`jixiao.expr.sql` writes:
    arithmetic, comparisons, ``not``, ``ceil floor abs round`` pass a NULL on; ``min``/``max`` (DuckDB's
    LEAST/GREATEST skip NULLs), ``and``/``or`` (FALSE AND NULL is FALSE) do not; ``x if c else y`` only what
    both branches pass on.  (Conservative: a name left out is merely tested again.)"""
    trees = dict(steps)
    memo: dict[str, frozenset[str]] = {}

    def of(expr: E.Expr) -> frozenset[str]:
        if isinstance(expr, E.Var):
            if expr.name in trees:
                if expr.name not in memo:
                    memo[expr.name] = of(trees[expr.name])
                return memo[expr.name] | {expr.name}
            return frozenset({expr.name})
        if isinstance(expr, E.Neg):
            return of(expr.operand)
        if isinstance(expr, (E.Bin, E.Cmp)):
            return of(expr.left) | of(expr.right)
        if isinstance(expr, E.Logic):
            return of(expr.args[0]) if expr.op == "not" else frozenset()
        if isinstance(expr, E.If):
            return of(expr.then) & of(expr.other)
        if isinstance(expr, E.Call):
            return of(expr.args[0]) if expr.fn in ("ceil", "floor", "abs", "round") else frozenset()
        return frozenset()

    return of(trees[step]) if step in trees else frozenset()


def _scored_only(spec: ItemSpec, compiled: CompiledSteps | None, vtype: ValueType) -> list[list[str]]:
    """Scores only, a rule without a range: the points (NULL unless some condition of another outcome
    holds: one CASE, no outcome code) and what the item counts (0 when 不适用, see :func:`layers`).

    An input whose NULL already makes the points step NULL (:func:`strict_names`: a checklist's weighted
    sum) is not tested again: the points are NULL either way, and scores-only writes no outcome."""
    dec = vtype.sql
    if compiled is None or spec.maximum is None:
        points = f"CAST(NULL AS {dec})"
    else:   # (a condition that is NULL does not hold, in OR as in CASE)
        assert spec.steps is not None
        strict = strict_names(spec.steps, "points")
        lean = replace(spec, inputs={n: s for n, s in spec.inputs.items() if n not in strict})
        others = " OR ".join(f"({c})" for c, _ in _outcomes(lean, compiled) if c != "FALSE") or "FALSE"
        points = f"(CASE WHEN {others} THEN NULL ELSE {_rounded(spec, compiled, 'points', vtype)} END)"
    counted = (f"coalesce({spec.col(POINTS)}, (CASE WHEN {spec.na} THEN CAST(0 AS {dec}) "
               f"ELSE {_clamp(spec, spec.published, vtype)} END))")
    return [[f"{points} AS {spec.col(POINTS)}"], [f"{counted} AS {spec.col(COUNTED)}"]]


def _points(spec: ItemSpec, compiled: CompiledSteps | None, vtype: ValueType) -> list[str]:
    """points, low, high: the rule's value(s); [0, max] for an item taken over unverified; NULL otherwise."""
    status, dec = spec.col(STATUS), vtype.sql
    unverified = f"({status} = {NO_EVIDENCE} OR {status} = {UNKNOWN})"
    top = f"CAST({spec.maximum.text} AS {dec})" if spec.maximum is not None else "NULL"
    if compiled is None:
        low = high = points = f"CAST(NULL AS {dec})"
        extra = []
    elif spec.bounded:
        low, high = (_rounded(spec, compiled, n, vtype) for n in ("low", "high"))
        points = low
        extra = [f"{spec.col('s_high_open')} AS {spec.col('high_open')}"]
    else:   # an unbounded rule: low and high are points (see :func:`bounds`), not computed here
        return [f"(CASE WHEN {status} = {SCORED} THEN {_rounded(spec, compiled, 'points', vtype)} END) AS {spec.col(POINTS)}"]
    ruled = f"({status} = {SCORED} OR {status} = {RANGE})"
    return [f"(CASE WHEN {status} = {SCORED} THEN {points} END) AS {spec.col(POINTS)}",
            f"(CASE WHEN {ruled} THEN {low} WHEN {unverified} THEN CAST(0 AS {dec}) END) AS {spec.col(LOW)}",
            f"(CASE WHEN {ruled} THEN {high} WHEN {unverified} THEN {top} END) AS {spec.col(HIGH)}"] + extra


def bounds(spec: ItemSpec) -> tuple[str, str]:
    """SQL of (low, high): the bounded rule's columns, or for other rules the points when scored,
    [0, max] when the published points were taken over unverified, else NULL (as the scorer reports)."""
    if spec.bounded:
        return spec.col(LOW), spec.col(HIGH)
    status, points = spec.col(STATUS), spec.col(POINTS)
    unverified = f"({status} = {NO_EVIDENCE} OR {status} = {UNKNOWN})"
    top = spec.maximum.text if spec.maximum is not None else "NULL"
    return (f"(CASE WHEN {status} = {SCORED} THEN {points} WHEN {unverified} THEN 0 END)",
            f"(CASE WHEN {status} = {SCORED} THEN {points} WHEN {unverified} THEN {top} END)")


def _counted(spec: ItemSpec, vtype: ValueType, not_applicable: str = "NULL") -> list[str]:
    """counted (``not_applicable``: what an item 不适用 counts) and the checks against the published points."""
    status, points, low, high = (spec.col(c) for c in (STATUS, POINTS, LOW, HIGH))
    pub = spec.published
    tol = literal(Decimal(5).scaleb(-spec.places - 1)).text
    dec = vtype.sql
    within = f"(CASE WHEN {pub} IS NULL THEN NULL ELSE least({high}, greatest({low}, CAST({pub} AS {dec}))) END)"
    if vtype.narrow:    # the published points may not fit the narrow type before they are held within the range
        wide = f"DECIMAL({NARROW},{vtype.scale})"
        within = (f"(CASE WHEN {pub} IS NULL THEN NULL ELSE CAST(least(CAST({high} AS {wide}), greatest(CAST({low} AS {wide}), "
                  f"CAST({pub} AS {wide}))) AS {dec}) END)")
    # the points when scored (never NULL then: a step that can be NULL makes the item not_computable),
    # else what the published points give; coalesce looks at the second only where the points are NULL
    range_branch = f"WHEN {RANGE} THEN {within} " if spec.bounded else ""
    other = f"(CASE {status} {range_branch}WHEN {NOT_APPLICABLE} THEN {not_applicable} ELSE {_clamp(spec, pub, vtype)} END)"
    counted = f"coalesce({points}, {other})"
    # |published − points| in one explicit type: DuckDB would subtract DECIMAL(18,6) and DECIMAL(18,8)
    # in DECIMAL(27,8), on 128-bit integers, several times slower
    limit = Decimal(10) ** (16 - vtype.scale)           # |published| below it fits DECIMAL(17, scale)
    if vtype.hi is not None and vtype.lo is not None and max(abs(vtype.lo), abs(vtype.hi)) < limit and vtype.scale <= 12:
        narrow = f"DECIMAL(17,{vtype.scale})"
        diff = (f"(CASE WHEN abs({pub}) >= {limit:f} THEN TRUE "
                f"ELSE abs(CAST({pub} AS {narrow}) - CAST({points} AS {narrow})) > {tol} END)")
    else:
        diff = f"abs(CAST({pub} AS DECIMAL(38,{vtype.scale})) - CAST({points} AS DECIMAL(38,{vtype.scale}))) > {tol}"
    if spec.bounded:
        open_high = spec.col("high_open")
        inside = f"({low} <= {pub} AND (CASE WHEN {open_high} <> 0 THEN {pub} < {high} ELSE {pub} <= {high} END))"
        mismatch = f"(CASE WHEN {status} = {SCORED} THEN {diff} WHEN {status} = {RANGE} THEN NOT {inside} ELSE FALSE END)"
    else:
        mismatch = f"(CASE WHEN {status} = {SCORED} THEN {diff} ELSE FALSE END)"
    over = f"coalesce({pub} > {spec.maximum.text}, FALSE)" if spec.maximum is not None else "FALSE"
    # the same checks as bits of the packed counts (score_sql.PACKED), one CASE each instead of a cast and a
    # shift per check: an unpublished item (published NULL, not 不适用) has none of the others
    bit = {name: f"CAST({1 << shift} AS BIGINT)" for name, shift in FLAG_SHIFTS.items()}
    beyond = (f"WHEN {pub} > {spec.maximum.text} THEN {bit[OVER_MAX]} " if spec.maximum is not None else "")
    bits = (f"(CASE WHEN {pub} IS NULL THEN (CASE WHEN {status} = {NOT_APPLICABLE} THEN CAST(0 AS BIGINT) "
            f"ELSE {bit[UNPUBLISHED]} END) "
            f"ELSE (CASE {beyond}WHEN {pub} < 0 THEN {bit[NEGATIVE]} ELSE CAST(0 AS BIGINT) END) "
            f"+ (CASE WHEN {mismatch} THEN {bit[MISMATCH]} ELSE CAST(0 AS BIGINT) END) END)")
    return [f"{counted} AS {spec.col(COUNTED)}", f"coalesce({mismatch}, FALSE) AS {spec.col(MISMATCH)}",
            f"{over} AS {spec.col(OVER_MAX)}", f"coalesce({pub} < 0, FALSE) AS {spec.col(NEGATIVE)}",
            f"{bits} AS {spec.col(FLAG_BITS)}"]
