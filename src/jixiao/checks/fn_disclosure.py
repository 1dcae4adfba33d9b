"""Disclosure completeness (决算公开 items present, with a score), reasons for changes, and
this year's 上年数 against last year's published figures."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterator

from jixiao.model import schema as S
from jixiao.model.values import ValueMap
from jixiao.model.walk import get_path, iter_values_maps

from jixiao.checks import judge
from jixiao.checks.context import CheckContext
from jixiao.checks.figures import figures, label_of, show
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Param
from jixiao.checks.prior import pairs_of_amounts
from jixiao.checks.figures import expand


def _present(ctx: CheckContext, operand: Any, base: str = "") -> bool:
    for fig in figures(ctx, operand, base):
        value = fig.value
        if value is None or S.is_empty(value) or value == "" or value == ():
            continue
        return True
    return False


def disclosure(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Each required item is present; the group's score is present / required."""
    p = check.params
    applies = any(_present(ctx, o) for o in p.get("applies_when_any") or []) if p.get("applies_when_any") else True
    group: dict[str, Any] = {"id": check.id, "title": p["group"], "applies": applies,
                             "present": [], "missing": [], "unknown": []}
    ctx.completeness.append(group)
    if not applies:
        return
    for item in p["items"]:
        entry = {"id": str(item["id"]), "title": str(item["title"])}
        if "unknown" in item:
            group["unknown"].append({**entry, "reason": str(item["unknown"])})
            continue
        needed_all = item.get("all") or []
        needed_any = item.get("any") or []
        ok = all(_present(ctx, o) for o in needed_all) and (not needed_any or any(_present(ctx, o) for o in needed_any))
        if ok and "at_least" in item:      # e.g. 附表目录 lists at least the 13 required tables
            ok = len(get_path(ctx.filing, str(item["count"])) or ()) >= int(item["at_least"])
        if ok:
            group["present"].append(entry)
            continue
        group["missing"].append(entry)
        where = _first_path(needed_all or needed_any)
        yield Hit(where, {"item": entry["title"], "group": str(p["group"])})


def _first_path(operands: list) -> str:
    first = operands[0] if operands else ""
    first = first[0] if isinstance(first, list) else first
    return re.sub(r"\[[^\]]*\].*$", "", str(first))


def presence(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Each item of a list fills the fields a form requires (e.g. every indicator has its 实际完成值)."""
    p = check.params
    for item in expand(ctx.filing, p["over"], where=p.get("where")):
        missing = [str(f) for f in p["fields"] if not _present(ctx, f"$.{f}" if not str(f).startswith("$") else f, item)]
        if missing:
            names = "、".join(_field_zh(ctx, item, f) for f in missing)
            yield Hit(item, {"label": label_of(ctx.filing, item), "fields": names})


def _field_zh(ctx: CheckContext, item: str, field: str) -> str:
    path = f"{item}.{field.removeprefix('$.')}"
    return label_of(ctx.filing, path).rsplit("·", 1)[-1]


def reasons_present(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """A stated change or a completion below 100% comes with its reason (变动原因)."""
    changes = set(check.params.get("change_metrics") or [])
    completions = set(check.params.get("completion_metrics") or [])
    for record, field_name, values in iter_values_maps(ctx.original):
        if field_name != "published" or not record:
            continue
        owner = get_path(ctx.original, record)
        if not hasattr(owner, "reason") or getattr(owner, "reason"):
            continue
        spent = getattr(owner, "amount", None)
        claim = _needs_reason(values, changes, completions if spent != 0 else set())
        if claim is not None:
            key, value = claim
            fields = {"label": label_of(ctx.filing, record), "claim": value.text}
            yield Hit(None, fields, source=ctx.original.source_of(f"{record}.published.{key}"))


def _needs_reason(values: ValueMap, changes: set[str], completions: set[str]):
    for key, value in values.items():
        base = key.split("#", 1)[0].split(":", 1)[0]
        if value.number is None:
            continue
        if base in changes and value.number != 0:
            return key, value
        if base in completions and value.number < 100:
            return key, value
    return None


def prior_figures(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """This year's 上年数 = last year's published 本年数 (when last year's filing is given)."""
    if ctx.prior is None:
        return
    pairs = pairs_of_amounts(ctx.original, ctx.prior) + [_concrete(ctx, a, b) for a, b in ctx.settings.prior_fill]
    for this_path, last_path in pairs:
        if not this_path or not last_path:
            continue
        mine, theirs = get_path(ctx.original, this_path), get_path(ctx.prior, last_path)
        if mine is None or theirs is None:
            continue
        verdict = judge.equal(ctx, check, Decimal(mine), Decimal(theirs))
        if verdict.ok:
            continue
        fields = {"left_label": label_of(ctx.original, this_path), "left": show(Decimal(mine)),
                  "right_label": f"上年填报的{label_of(ctx.prior, last_path)}", "right": show(Decimal(theirs)),
                  "diff": judge.diff_text(verdict), "tol": judge.tol_text(verdict)}
        yield Hit(None, fields, source=ctx.original.source_of(this_path),
                  related_sources=(ctx.prior.source_of(last_path),), claimed=show(Decimal(mine)),
                  expected=show(Decimal(theirs)))


def _concrete(ctx: CheckContext, this: str, last: str) -> tuple[str, str]:
    assert ctx.prior is not None
    mine, theirs = expand(ctx.original, this), expand(ctx.prior, last)
    return (mine[0] if len(mine) == 1 else "", theirs[0] if len(theirs) == 1 else "")


FUNCTIONS = (
    CheckFunction("presence", presence, "表格各行应填的栏目均已填写",
                  (Param("over", "pattern"), Param("fields", "list"), Param("where", "map", False)),
                  ("label", "fields")),
    CheckFunction("disclosure", disclosure, "公开内容完整性：逐项检查必须公开的内容，给出完整度得分与缺项清单",
                  (Param("group", "text"), Param("items", "items"), Param("applies_when_any", "operands", False)),
                  ("item", "group")),
    CheckFunction("reasons_present", reasons_present, "有增减变动或未完成预算的数字须说明原因",
                  (Param("change_metrics", "metrics", False), Param("completion_metrics", "metrics", False)),
                  ("label", "claim")),
    CheckFunction("prior_figures", prior_figures, "本年公开的上年数 = 上年填报公开的本年数（需 --prior）", (),
                  ("left_label", "left", "right_label", "right", "diff")),
)
