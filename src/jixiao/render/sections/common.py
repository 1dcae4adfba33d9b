"""Small helpers shared by the section builders."""
from __future__ import annotations

from decimal import Decimal

from jixiao.model.filing import EconomicLine, FunctionLine
from jixiao.model.numbers import quantize
from jixiao.render.blocks import MISSING, Para
from jixiao.render.context import RenderContext
from jixiao.render.fmt import sentence

NO_REASON = "（单位未说明原因）"


def para(text: str, style: str = "body") -> Para:
    return Para(text, style)


def missing_para(ctx: RenderContext, what: str) -> Para:
    ctx.missing(what)
    return Para(f"本部分{MISSING}（{what}）。", "missing")


def reason_text(reason: str | None, needed: bool) -> str:
    """The unit's own reason, led by “主要原因是” as the real documents write it when the unit's words do not
    already say 原因 (“主要变动原因是…”, “…的主要原因是…” stay as written); when one is needed and absent,
    say so — never invent one."""
    if reason and reason.strip():
        text = reason.strip()
        if "原因" not in text:
            text = "主要原因是" + text.lstrip("：:，,")
        return sentence(text)
    return NO_REASON if needed else ""


def func_level(code: str | None) -> str:
    return {3: "类", 5: "款", 7: "项"}.get(len(code or ""), "")


def func_name(ctx: RenderContext, line: FunctionLine, *, full: bool = True) -> str:
    """The name a narrative prints: the unit's own wording when given, else the catalogue path
    “一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”."""
    if line.name:
        return line.name
    catalogue = ctx.catalogue("func")
    chain = catalogue.parent_chain(line.code) if line.code else []
    if not chain:
        entry = catalogue.get(line.code)
        return entry.name if entry else (line.code or MISSING)
    if not full:
        return f"{chain[-1].name}（{chain[-1].level}）"
    return "".join(f"{e.name}（{e.level}）" for e in chain)


def func_plain_name(ctx: RenderContext, code: str | None) -> str:
    entry = ctx.catalogue("func").get(code) if code else None
    return entry.name if entry else (code or "")


def econ_name(ctx: RenderContext, line: EconomicLine) -> str:
    if line.name:
        return line.name
    entry = ctx.catalogue("econ").get(line.code) if line.code else None
    return entry.name if entry else (line.code or MISSING)


def below(value: Decimal | None, places: int, limit: int = 100) -> bool:
    """Shown below ``limit``% at the printed precision."""
    return value is not None and quantize(value, places) < limit


def above(value: Decimal | None, places: int, limit: int = 100) -> bool:
    return value is not None and quantize(value, places) > limit
