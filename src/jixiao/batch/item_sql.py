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
(:mod:`jixiao.batch.sqlexpr`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.batch.cells import quote
from jixiao.batch.sqlexpr import CompiledSteps, Sql, compile_steps, literal
from jixiao.scoring import expr as E

#: the derived columns of an item, by suffix
STATUS, POINTS, LOW, HIGH, COUNTED, MISMATCH, OVER_MAX, NEGATIVE = (
    "status", "points", "low", "high", "counted", "mismatch", "over_max", "negative")


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
    return compile_steps(spec.steps, inputs, lambda name, sql: Sql(spec.col("s_" + name), sql.scale, sql.nullable))


def layers(spec: ItemSpec) -> list[list[str]]:
    """SELECT expressions, one list per layer; a layer may use the columns of the layers before it."""
    compiled = _compiled(spec)
    out: list[list[str]] = []
    if compiled is not None:
        out += [[f"{sql.text} AS {spec.col('s_' + name)}"] for name, sql in compiled.steps]
    scale = value_scale(spec, compiled)
    out.append([f"{_status(spec, compiled)} AS {spec.col(STATUS)}"])
    out.append(_points(spec, compiled, scale))
    out.append(_counted(spec, scale))
    return out


def value_scale(spec: ItemSpec, compiled: CompiledSteps | None) -> int:
    """Decimals of the item's points, bounds and counted value: enough for all of them exactly."""
    scales = [6, spec.maximum.scale or 0] if spec.maximum is not None else [6]
    if compiled is not None:
        scales += [sql.scale for name, sql in compiled.steps if name in ("points", "low", "high") and sql.scale is not None]
    return max(scales)


def _clamp(spec: ItemSpec, value: str, scale: int) -> str:
    """The published points held within [0, max] (no upper bound without a max); NULL stays NULL.

    (DuckDB's GREATEST/LEAST skip NULL arguments, hence the explicit CASE.)"""
    low = f"greatest(CAST(0 AS DECIMAL(38,{scale})), CAST({value} AS DECIMAL(38,{scale})))"
    if spec.maximum is not None:
        low = f"least({low}, CAST({spec.maximum.text} AS DECIMAL(38,{scale})))"
    return f"(CASE WHEN {value} IS NULL THEN NULL ELSE {low} END)"


def _status(spec: ItemSpec, compiled: CompiledSteps | None) -> str:
    lacking = " OR ".join([f"{sql.text} IS NULL" for sql in spec.inputs.values()] + ([spec.missing] if spec.missing else [])) or "FALSE"
    unknown = "TRUE" if compiled is None or spec.maximum is None else (spec.unknown or "FALSE")
    cases = [f"WHEN {spec.na} THEN 'not_applicable'", f"WHEN {unknown} THEN 'rule_unknown'",
             f"WHEN {lacking} THEN 'insufficient_evidence'"]
    if compiled is not None:
        nullable = [spec.col("s_" + n) for n in compiled.nullable]
        if nullable:
            cases.append(f"WHEN {' OR '.join(f'{c} IS NULL' for c in nullable)} THEN 'not_computable'")
        if spec.bounded:
            cases.append(f"WHEN {spec.col('s_low')} <> {spec.col('s_high')} THEN 'range'")
    return f"(CASE {' '.join(cases)} ELSE 'scored' END)"


def _points(spec: ItemSpec, compiled: CompiledSteps | None, scale: int) -> list[str]:
    """points, low, high: the rule's value(s); [0, max] for an item taken over unverified; NULL otherwise."""
    status, dec = spec.col(STATUS), f"DECIMAL(38,{scale})"
    unverified = f"{status} IN ('insufficient_evidence', 'rule_unknown')"
    top = f"CAST({spec.maximum.text} AS {dec})" if spec.maximum is not None else "NULL"
    if compiled is None:
        low = high = points = f"CAST(NULL AS {dec})"
        extra = []
    elif spec.bounded:
        low, high = (f"CAST({spec.col('s_' + n)} AS {dec})" for n in ("low", "high"))
        points = low
        extra = [f"{spec.col('s_high_open')} AS {spec.col('high_open')}"]
    else:
        low = high = points = f"CAST({spec.col('s_points')} AS {dec})"
        extra = []
    ruled = f"{status} IN ('scored', 'range')"
    return [f"(CASE WHEN {status} = 'scored' THEN {points} END) AS {spec.col(POINTS)}",
            f"(CASE WHEN {ruled} THEN {low} WHEN {unverified} THEN CAST(0 AS {dec}) END) AS {spec.col(LOW)}",
            f"(CASE WHEN {ruled} THEN {high} WHEN {unverified} THEN {top} END) AS {spec.col(HIGH)}"] + extra


def _counted(spec: ItemSpec, scale: int) -> list[str]:
    status, points, low, high = (spec.col(c) for c in (STATUS, POINTS, LOW, HIGH))
    pub = spec.published
    tol = literal(Decimal(5).scaleb(-spec.places - 1)).text
    dec = f"DECIMAL(38,{scale})"
    within = f"(CASE WHEN {pub} IS NULL THEN NULL ELSE least({high}, greatest({low}, CAST({pub} AS {dec}))) END)"
    counted = (f"(CASE {status} WHEN 'scored' THEN {points} "
               f"WHEN 'range' THEN {within} "
               f"WHEN 'not_applicable' THEN NULL ELSE {_clamp(spec, pub, scale)} END)")
    if spec.bounded:
        open_high = spec.col("high_open")
        inside = f"({low} <= {pub} AND (CASE WHEN {open_high} <> 0 THEN {pub} < {high} ELSE {pub} <= {high} END))"
        mismatch = (f"(CASE WHEN {status} = 'scored' THEN abs({pub} - {points}) > {tol} "
                    f"WHEN {status} = 'range' THEN NOT {inside} ELSE FALSE END)")
    else:
        mismatch = f"(CASE WHEN {status} = 'scored' THEN abs({pub} - {points}) > {tol} ELSE FALSE END)"
    over = f"coalesce({pub} > {spec.maximum.text}, FALSE)" if spec.maximum is not None else "FALSE"
    return [f"{counted} AS {spec.col(COUNTED)}", f"coalesce({mismatch}, FALSE) AS {spec.col(MISMATCH)}",
            f"{over} AS {spec.col(OVER_MAX)}", f"coalesce({pub} < 0, FALSE) AS {spec.col(NEGATIVE)}"]
