"""The optional item table: one row per project and scored item (criterion or indicator row)."""
from __future__ import annotations

from jixiao.batch import item_sql as I
from jixiao.batch.cells import quote, text_literal
from jixiao.batch.plan import BatchPlan
from jixiao.batch.score_sql import OUT, criterion_spec, indicator_rows_query, wide_query
from jixiao.expr.sql import literal

NUMBERS = (I.POINTS, I.LOW, I.HIGH, I.COUNTED)
COLUMNS = ("project_id", "item", "name", "section", "max", "status", *NUMBERS, "published", I.MISMATCH, I.OVER_MAX)


def _criteria(plan: BatchPlan) -> str | None:
    if not plan.criteria:
        return None
    structs = []
    for index, c in enumerate(plan.criteria):
        fields = [f"ord: {index}", f"item: {text_literal(c.id)}", f"name: {text_literal(c.criterion.name)}",
                  f"section: {text_literal('/'.join(c.section))}", f"max: CAST({literal(c.criterion.max).text} AS {OUT})",
                  f"status: {I.status_text(quote(c.id + '#' + I.STATUS))}"]
        spec = criterion_spec(c, plan)
        low, high = I.bounds(spec)
        numbers = {I.POINTS: spec.col(I.POINTS), I.LOW: low, I.HIGH: high, I.COUNTED: spec.col(I.COUNTED)}
        fields += [f"{n}: CAST({sql} AS {OUT})" for n, sql in numbers.items()]
        fields += [f"published: CAST({quote(c.published_column)} AS {OUT})",
                   f"{I.MISMATCH}: {quote(c.id + '#' + I.MISMATCH)}", f"{I.OVER_MAX}: {quote(c.id + '#' + I.OVER_MAX)}"]
        structs.append("{" + ", ".join(fields) + "}")
    unnest = f"SELECT project_id, UNNEST([{', '.join(structs)}]) AS i FROM ({wide_query(plan)})"
    return f"SELECT project_id, i.ord AS ord, {', '.join('i.' + c for c in COLUMNS[1:])} FROM ({unnest})"


def _indicators(plan: BatchPlan) -> str:
    numbers = ", ".join(f"CAST({n} AS {OUT}) AS {n}" for n in NUMBERS)
    return (f"SELECT project_id, 100000 + seq AS ord, 'indicator[' || seq || ']' AS item, name, section, CAST(W AS {OUT}) AS max, "
            f"{I.status_text('status')} AS status, "
            f"{numbers}, CAST(published AS {OUT}) AS published, {I.MISMATCH}, {I.OVER_MAX} "
            f"FROM ({indicator_rows_query(plan)})")


def items_query(plan: BatchPlan) -> str:
    parts = [q for q in (_criteria(plan), _indicators(plan) if plan.indicators is not None else None) if q]
    union = " UNION ALL ".join(f"({p})" for p in parts)
    return f"SELECT * EXCLUDE (ord) FROM ({union}) ORDER BY project_id, ord"
