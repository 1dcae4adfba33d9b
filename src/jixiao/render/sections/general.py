"""单位概况, 名词解释 and the closing 说明 (adjustments, unverified figures, 未填报 list)."""
from __future__ import annotations

import re

from jixiao.render.blocks import Block, Heading
from jixiao.render.context import RenderContext
from jixiao.render.fmt import sentence
from jixiao.render.sections.common import func_level, func_name, missing_para, para
from jixiao.render.templates import Section


def duties(ctx: RenderContext, node: Section) -> list[Block]:
    items = ctx.filing.texts.duties
    if not items:
        return [missing_para(ctx, "主要职责")]
    if len(items) == 1:
        return [para(items[0])]
    return [para(f"{n}.{text}") for n, text in enumerate(items, 1)]


def organisation(ctx: RenderContext, node: Section) -> list[Block]:
    unit = ctx.filing.unit
    blocks: list[Block] = []
    if ctx.filing.texts.organisation:
        blocks.append(para(ctx.filing.texts.organisation))
    facts = []
    if unit.internal_bodies is not None:
        facts.append(f"内设机构{unit.internal_bodies}个")
    if unit.subordinate_units is not None:
        facts.append(f"下属单位{unit.subordinate_units}个")
    if unit.authorized_staff is not None:
        facts.append(f"编制数{unit.authorized_staff}人")
    if unit.actual_staff is not None:
        facts.append(f"实有人数{unit.actual_staff}人")
    elif unit.actual_staff_admin is not None:
        facts.append(f"实有行政人员{unit.actual_staff_admin}人")
    if unit.retirees is not None:
        facts.append(f"离退休人员{unit.retirees}人")
    if facts:
        kind = f"属{unit.kind}单位，" if unit.kind and unit.kind != "其他" else ""
        blocks.append(para(f"{ctx.unit_name}{kind}" + "，".join(facts) + "。"))
    return blocks or [missing_para(ctx, "机构设置")]


_ENTRY_NUMBER = re.compile(r"^\s*(?:\d{1,3}\s*[.、．]|[（(]\d{1,3}[)）])\s*")


def glossary(ctx: RenderContext, node: Section) -> list[Block]:
    """The unit's own 名词解释 (texts.glossary) when it wrote one, renumbered 1., 2., …; otherwise the
    standard definitions of glossary.yaml."""
    own = [_ENTRY_NUMBER.sub("", entry).strip() for entry in ctx.filing.texts.glossary if entry and entry.strip()]
    if own:
        return [para(f"{number}.{entry}") for number, entry in enumerate(own, 1)]
    return standard_glossary(ctx)


def standard_glossary(ctx: RenderContext) -> list[Block]:
    data = ctx.template_set.glossary
    blocks: list[Block] = []
    number = 0
    for term in data.get("terms", []):
        number += 1
        blocks.append(para(f"{number}.{term['term']}：{term['text']}"))
    definitions = data.get("function_codes", {})
    for line in ctx.filing.accounts.function_lines:
        if func_level(line.code) == "项" and line.code in definitions:
            number += 1
            blocks.append(para(f"{number}.{func_name(ctx, line)}：{definitions[line.code]}"))
    return blocks


_NUMERALS = "一二三四五六七八九十"


def render_notes(ctx: RenderContext, node: Section) -> list[Block]:
    """Built last: exactly what was recomputed, what was taken as published, what is missing.

    Groups are numbered (一)(二)… in the order they appear, so the numbering never skips."""
    log = ctx.log
    blocks: list[Block] = [para("本文件由 jixiao 根据单位填报数据生成。文中金额单位为万元，比率按四舍五入保留小数。", "note")]
    groups = (("按填报数据复算的数值", recomputed_items(ctx)), ("采用单位公开数值（未经复算）", log.fallbacks),
              ("占比尾差调整", log.adjustments), ("其他说明", log.notes), ("未填报事项", log.missing))
    number = 0
    for title, items in groups:
        if not items:
            continue
        blocks.append(Heading(3, f"（{_NUMERALS[number]}）{title}"))
        number += 1
        blocks += [para(f"{n}. {sentence(text)}", "note") for n, text in enumerate(items, 1)]
    if not log.missing:
        blocks.append(para("填报数据完整，无未填报事项。", "note"))
    return blocks


def recomputed_items(ctx: RenderContext) -> list[str]:
    """One line per section: the names of the figures printed there that were recomputed from the filing."""
    by_section: dict[str, list[str]] = {}
    for use in ctx.log.figures:
        if use.origin not in ("computed", "adjusted"):
            continue
        result = ctx.metrics.get(use.key)
        label = result.label if result is not None else use.key
        names = by_section.setdefault(use.section or "正文", [])
        if label not in names:
            names.append(label)
    return [f"{section}：{'、'.join(names)}" for section, names in by_section.items()]


BUILDERS = {
    "duties": duties,
    "organisation": organisation,
    "glossary": glossary,
    "render_notes": render_notes,
}
