"""Check functions over amounts and counts: totals, sums of parts, equalities, bounds, code trees."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from jixiao.findings import Severity
from jixiao.model.walk import get_path
from jixiao import relations as R

from jixiao.checks import judge
from jixiao.checks.context import CheckContext
from jixiao.checks.figures import Fig, expand, figures, label_of, one, show
from jixiao.checks.model import CheckDef, CheckFunction, Hit, Param

_MAX_SHOWN_PARTS = 8


def _bases(ctx: CheckContext, over: str | None) -> Iterator[str]:
    if not over:
        yield ""
        return
    yield from expand(ctx.filing, over)


def _sub(operand: Any, each: str | None) -> Any:
    if each is None:
        return operand
    if isinstance(operand, list):
        return [_sub(o, each) for o in operand]
    return str(operand).replace("{each}", each)


def parts_text(parts: list[Fig]) -> str:
    shown = [f"{f.shown}（{f.label}）" for f in parts[:_MAX_SHOWN_PARTS]]
    text = "＋".join(shown)
    if len(parts) > _MAX_SHOWN_PARTS:
        text += f"＋…（共{len(parts)}项）"
    return text


# ---------------------------------------------------------------- sum of parts

def sum_of_parts(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    p = check.params
    for base in _bases(ctx, p.get("over")):
        for each in p.get("each") or [None]:
            hit = _one_sum(ctx, check, base, each)
            if hit is not None:
                yield hit


def _one_sum(ctx: CheckContext, check: CheckDef, base: str, each: str | None) -> Hit | None:
    p = check.params
    total = one(ctx, _sub(p["total"], each), base)
    if total is None or total.number is None:
        return None
    parts: list[Fig] = []
    for operand in p.get("parts") or []:
        found = figures(ctx, _sub(operand, each), base, where=p.get("where"))
        if not found or any(f.number is None for f in found):
            return None
        parts += found
    if p.get("items"):
        per_item = _per_item(ctx, p["items"], p["item_value"], p.get("where"))
        if not per_item:
            return None
        parts += per_item
    for operand in p.get("optional_parts") or []:
        parts += [f for f in figures(ctx, _sub(operand, each), base, where=p.get("where")) if f.number is not None]
    if not parts:
        return None
    verdict = judge.total(ctx, check, total.number, [f.number for f in parts if f.number is not None])
    if verdict.ok:
        return None
    fields = {"total_label": total.label, "total": total.shown, "parts": parts_text(parts),
              "sum": show(verdict.computed), "diff": judge.diff_text(verdict), "tol": judge.tol_text(verdict),
              "n": str(len(parts))}
    return Hit(total.path, fields, tuple(f.path for f in parts), claimed=total.shown, expected=show(verdict.computed))


def _per_item(ctx: CheckContext, items: str, value: Any, where: dict | None) -> list[Fig]:
    """One value per item (alternatives tried per item); [] when any item has none."""
    out = []
    for path in expand(ctx.filing, items, where=where):
        fig = one(ctx, value, path)
        if fig is None or fig.number is None:
            return []
        out.append(fig)
    return out


# ---------------------------------------------------------------- equal / same quantity / at most

def _pairs(ctx: CheckContext, check: CheckDef, base: str) -> Iterator[tuple[Fig, Fig]]:
    for left, right in check.params["pairs"]:
        a, b = summed(ctx, left, base), summed(ctx, right, base)
        if a is not None and b is not None and a.number is not None and b.number is not None:
            yield a, b


def summed(ctx: CheckContext, operand: Any, base: str = "") -> Fig | None:
    """One figure; an operand naming several (``[*]``) gives their sum, labelled as a total."""
    found = figures(ctx, operand, base)
    if not found or any(f.number is None for f in found):
        return None
    if len(found) == 1:
        return found[0]
    total = sum((f.number for f in found), Decimal(0))  # type: ignore[misc]
    label = found[0].label.split("“")[0] + "合计" if "“" in found[0].label else found[0].label + "合计"
    return Fig(found[0].path, total, f"{label}（{len(found)}项）")


def equal(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    money = check.params.get("money", True)
    for base in _bases(ctx, check.params.get("over")):
        for a, b in _pairs(ctx, check, base):
            verdict = judge.equal(ctx, check, a.number, b.number, money=money)  # type: ignore[arg-type]
            if verdict.ok:
                continue
            yield Hit(a.path, _pair_fields(a, b, verdict, cause=_confused(ctx, check, a, b, money)), (b.path,),
                      claimed=a.shown, expected=b.shown)


def _pair_fields(a: Fig, b: Fig, verdict: R.Verdict, cause: str = "") -> dict[str, str]:
    return {"left_label": a.label, "left": a.shown, "right_label": b.label, "right": b.shown,
            "diff": judge.diff_text(verdict), "tol": judge.tol_text(verdict), "cause": cause}


def _confused(ctx: CheckContext, check: CheckDef, a: Fig, b: Fig, money: bool) -> str:
    """A likely cause: the figure equals another one it was probably confused with."""
    for operand in check.params.get("confusable") or []:
        other = one(ctx, operand)
        if other is None or other.number is None or other.path in (a.path, b.path):
            continue
        places = min(ctx.places(a.number, money), ctx.places(other.number, money))  # type: ignore[arg-type]
        if R.same_figure(a.number, other.number, places=places).ok:  # type: ignore[arg-type]
            return f"；可能原因：{a.shown}恰等于{other.label}（{other.shown}），疑将二者混用"
    return ""


def at_most(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    note_less = check.params.get("note_when_less", False)
    for base in _bases(ctx, check.params.get("over")):
        for part, whole in _pairs(ctx, check, base):
            assert part.number is not None and whole.number is not None
            difference = part.number - whole.number
            fields = {"part_label": part.label, "part": part.shown, "whole_label": whole.label,
                      "whole": whole.shown, "diff": show(abs(difference))}
            if difference > 0:
                yield Hit(part.path, fields, (whole.path,), claimed=part.shown, expected=f"≤{whole.shown}")
            elif difference < 0 and note_less:
                yield Hit(part.path, fields, (whole.path,), outcome="note", severity=Severity.INFO)


# ---------------------------------------------------------------- classification codes

def code_tree_sum(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """类 = Σ 款 (or Σ 项 when no 款 is given); 款 = Σ 项 (K8)."""
    list_path = check.params["list"]
    field = check.params.get("field", "amount")
    lines = [(p, get_path(ctx.filing, p)) for p in expand(ctx.filing, f"{list_path}[*]")]
    coded = [(p, item) for p, item in lines if getattr(item, "code", None)]
    for path, parent in coded:
        code = parent.code
        if len(code) not in (3, 5) or getattr(parent, field) is None:
            continue
        children = _children(coded, code, len(code) + 2) or (_children(coded, code, 7) if len(code) == 3 else [])
        if not children or any(getattr(c, field) is None for _, c in children):
            continue
        parts = [Fig(f"{p}.{field}", getattr(c, field), label_of(ctx.filing, f"{p}.{field}")) for p, c in children]
        total = Fig(f"{path}.{field}", getattr(parent, field), label_of(ctx.filing, f"{path}.{field}"))
        verdict = judge.total(ctx, check, total.number, [f.number for f in parts])  # type: ignore[arg-type,misc]
        if verdict.ok:
            continue
        fields = {"total_label": total.label, "total": total.shown, "parts": parts_text(parts),
                  "sum": show(verdict.computed), "diff": judge.diff_text(verdict), "tol": judge.tol_text(verdict),
                  "n": str(len(parts))}
        yield Hit(total.path, fields, tuple(f.path for f in parts), claimed=total.shown, expected=show(verdict.computed))


def _children(coded: list, code: str, length: int) -> list:
    return [(p, item) for p, item in coded if len(item.code) == length and item.code.startswith(code)]


def code_map(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Function codes ↔ economic codes that record the same spending (K11)."""
    p = check.params
    for left_codes, right_codes in p["pairs"]:
        left = _coded_lines(ctx, p["left_list"], left_codes, 7)
        right = _coded_lines(ctx, p["right_list"], right_codes, 5)
        if not left or not right:
            continue
        a = sum((f.number for f in left), Decimal(0))  # type: ignore[misc]
        verdict = judge.total(ctx, check, a, [f.number for f in right])  # type: ignore[misc]
        if verdict.ok:
            continue
        fields = {"left_label": parts_text(left), "left": show(a), "right_label": parts_text(right),
                  "right": show(verdict.computed), "diff": judge.diff_text(verdict), "tol": judge.tol_text(verdict)}
        yield Hit(left[0].path, fields, tuple(f.path for f in left[1:] + right))


def _coded_lines(ctx: CheckContext, list_path: str, codes: list, length: int) -> list[Fig]:
    out = []
    for path in expand(ctx.filing, f"{list_path}[*]"):
        item = get_path(ctx.filing, path)
        code = getattr(item, "code", None) or ""
        if len(code) == length and any(code.startswith(str(c)) for c in codes) and item.amount is not None:
            out.append(Fig(f"{path}.amount", item.amount, label_of(ctx.filing, f"{path}.amount")))
    return out


def count_items(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """A stated count against the number of items the filing holds (e.g. 8个项目 ↔ 8 张自评表)."""
    count = one(ctx, check.params["count"])
    items = expand(ctx.filing, check.params["items"], where=check.params.get("where"))
    if count is None or count.number is None or not items:
        return
    if count.number != len(items):
        fields = {"count_label": count.label, "count": count.shown, "n": str(len(items)),
                  "items_label": label_of(ctx.filing, items[0].rsplit("[", 1)[0])}
        yield Hit(count.path, fields, tuple(items[:1]), claimed=count.shown, expected=str(len(items)))


def projects_by_code(ctx: CheckContext, check: CheckDef) -> Iterator[Hit]:
    """Σ the projects charged to a function 项 ≤ that 项 (it may also hold basic spending) (K19)."""
    by_code: dict[str, list[Fig]] = {}
    for path in expand(ctx.filing, "projects[*]"):
        code = get_path(ctx.filing, path).function_code
        if not code:
            continue
        fig = one(ctx, check.params["project_value"], path)
        if fig is None or fig.number is None:
            return
        by_code.setdefault(code, []).append(fig)
    for code, parts in by_code.items():
        line = one(ctx, f"accounts.function_lines[{code}].amount")
        if line is None or line.number is None:
            continue
        total = sum((f.number for f in parts), Decimal(0))  # type: ignore[misc]
        slack = Decimal(0) if ctx.strict else R.unit_of(2) * len(parts) / 2
        if total <= line.number + slack:
            continue
        fields = {"total_label": line.label, "total": line.shown, "parts": parts_text(parts), "sum": show(total),
                  "diff": show(total - line.number), "n": str(len(parts))}
        yield Hit(line.path, fields, tuple(f.path for f in parts), claimed=line.shown, expected=f"≥{show(total)}")


_OPERANDS = "operands"
FUNCTIONS = (
    CheckFunction("projects_by_code", projects_by_code, "功能分类科目（项）不少于列入该科目的各项目支出之和",
                  (Param("project_value", "item_operand"),), ("total_label", "total", "parts", "sum", "diff", "n")),
    CheckFunction("sum_of_parts", sum_of_parts, "合计数 = 各组成部分之和",
                  (Param("total", "operand"), Param("parts", _OPERANDS, False), Param("optional_parts", _OPERANDS, False),
                   Param("where", "map", False), Param("over", "pattern", False), Param("each", "list", False),
                   Param("items", "pattern", False), Param("item_value", "item_operand", False)),
                  ("total_label", "total", "parts", "sum", "diff", "n")),
    CheckFunction("equal", equal, "两个数应相等",
                  (Param("pairs", "pairs"), Param("over", "pattern", False), Param("money", "bool", False, True),
                   Param("confusable", _OPERANDS, False)),
                  ("left_label", "left", "right_label", "right", "diff")),
    CheckFunction("same_quantity", equal, "同一数据在两处表述应一致（如整体自评报告与决算说明）",
                  (Param("pairs", "pairs"), Param("over", "pattern", False), Param("money", "bool", False, True),
                   Param("confusable", _OPERANDS, False)),
                  ("left_label", "left", "right_label", "right", "diff")),
    CheckFunction("at_most", at_most, "部分不得超过整体（可对“少于”给出说明）",
                  (Param("pairs", "pairs"), Param("over", "pattern", False), Param("note_when_less", "bool", False, False)),
                  ("part_label", "part", "whole_label", "whole", "diff"),
                  outcomes={"note": "{part_label}{part}少于{whole_label}{whole}，差额{diff}"}),
    CheckFunction("code_tree_sum", code_tree_sum, "科目层级合计：类 = Σ款（或Σ项），款 = Σ项",
                  (Param("list", "pattern"), Param("field", "text", False, "amount")),
                  ("total_label", "total", "parts", "sum", "diff", "n")),
    CheckFunction("code_map", code_map, "功能分类科目与对应经济分类科目金额一致",
                  (Param("pairs", "list"), Param("left_list", "pattern"), Param("right_list", "pattern")),
                  ("left_label", "left", "right_label", "right", "diff")),
    CheckFunction("count_items", count_items, "所述个数 = 实际列出的项数",
                  (Param("count", "operand"), Param("items", "pattern"), Param("where", "map", False)),
                  ("count_label", "count", "n", "items_label")),
)
