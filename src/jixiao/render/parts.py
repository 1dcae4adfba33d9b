"""Which documents a filing gets: decided from what it holds, or chosen with ``--parts``.

Three parts: 决算 (the 决算公开: 概况, 决算说明, 名词解释, 附表), 项目 (项目支出绩效自评表) and 整体
(部门整体支出绩效自评).  A filing with 决算 data gets the 决算公开 with the 附件 it has (no empty
附件2 when there is no 整体 self-evaluation); a filing with projects only gets the 自评表 package alone
(no 决算 section, so no 未填报 item that belongs to the 决算).  Titles keep their numbering without gaps
(附件1, 第四部分, 十二、) after a section is left out.
"""
from __future__ import annotations

import re
from dataclasses import replace

from jixiao.model.filing import Accounts, Department, Filing
from jixiao.render.templates import Section, Template, TemplateError

PARTS = ("决算", "项目", "整体")
ALIASES = {"accounts": "决算", "projects": "项目", "department": "整体", "决算公开": "决算", "项目支出": "项目",
           "部门整体": "整体", "整体支出": "整体"}
NOTES = "render_notes"
BUILDER_PART = {"project_forms": "项目", "department_report": "整体", "department_situation": "整体",
                "department_form": "整体"}
PACKAGE_NAMES = {"项目": "项目支出绩效自评表", "整体": "部门整体支出绩效自评"}
#: 整体 texts (the 自评报告's chapters); 主要职责, 机构设置 and 名词解释 belong to the 决算
_DEPARTMENT_TEXTS = ("performance_goals", "budget_management", "sangong_control", "evaluation_purpose",
                     "evaluation_process", "conclusion", "problems", "improvements", "results_use", "experience")

_NUM = "一二三四五六七八九"


def parse_parts(text: str | None) -> tuple[str, ...] | None:
    """``"项目,整体"`` → ("项目", "整体"); None for automatic; TemplateError naming the unknown word."""
    if text is None or not text.strip():
        return None
    out: list[str] = []
    for word in re.split(r"[,，、\s]+", text.strip()):
        if not word:
            continue
        part = ALIASES.get(word.lower(), word)
        if part not in PARTS:
            raise TemplateError(f"不认识的文档部分“{word}”；可选：决算、项目、整体（或 accounts、projects、department）")
        if part not in out:
            out.append(part)
    return tuple(p for p in PARTS if p in out)


def parts_held(filing: Filing) -> tuple[str, ...]:
    """The parts the filing has data for; all three when it has none (an empty filing shows what is missing)."""
    held = []
    if filing.accounts != Accounts():
        held.append("决算")
    if filing.projects:
        held.append("项目")
    if filing.department != Department() or any(getattr(filing.texts, name) for name in _DEPARTMENT_TEXTS):
        held.append("整体")
    return tuple(held) or PARTS


def for_parts(template: Template, parts: tuple[str, ...]) -> Template:
    """The template cut to ``parts``: the 决算公开 with the 附件 wanted, or the 自评 package alone."""
    if "决算" in parts:
        kept = _renumber_parts(tuple(p for p in (_prune(part, parts) for part in template.parts) if p is not None))
        return replace(template, parts=kept)
    children = []
    for node in _walk(template.parts):
        if node.id in BUILDER_PART and BUILDER_PART[node.id] in parts:
            children.append(replace(node, title=_bare(node.title)))
    name = "、".join(PACKAGE_NAMES[p] for p in parts)
    notes = next((n for n in _walk(template.parts) if n.id == NOTES), Section(NOTES, ""))
    body = (Section(None, "", children=tuple(children)), Section(None, "说明", children=(notes,)))
    return replace(template, title=f"{{unit}}{{year}}年度{name}", file_stem=f"{{unit}}{{year}}年度{name}", parts=body)


def _walk(nodes: tuple[Section, ...]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _prune(node: Section, parts: tuple[str, ...]) -> Section | None:
    if node.id == NOTES:
        return node
    if node.id is not None and BUILDER_PART.get(node.id, "决算") not in parts:
        return None
    if node.id is not None or not node.children:
        return node
    kept = tuple(c for c in (_prune(child, parts) for child in node.children) if c is not None)
    if not kept:
        return None
    return replace(node, children=_renumber_siblings(node.children, kept))


def _bare(title: str) -> str:
    """“附件1：项目支出绩效自评表” → “项目支出绩效自评表”; “十四、{year}年度…” → “{year}年度…”."""
    return re.sub(rf"^(附件\d+[：:]|[{_NUM}十]+、)", "", title)


def _cn(n: int) -> str:
    if n <= 10:
        return "十" if n == 10 else _NUM[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUM[tens - 1]) + "十" + (_NUM[ones - 1] if ones else "")


def _cn_value(text: str) -> int:
    if "十" not in text:
        return _NUM.index(text) + 1
    tens, _, ones = text.partition("十")
    return (_NUM.index(tens) + 1 if tens else 1) * 10 + (_NUM.index(ones) + 1 if ones else 0)


_ORDINAL = re.compile(rf"^([{_NUM}十]+)、")
_ANNEX = re.compile(r"^附件(\d+)([：:])")


def _renumber_siblings(before: tuple[Section, ...], kept: tuple[Section, ...]) -> tuple[Section, ...]:
    """Keep “十二、十三、十四、” and “附件1、附件2” consecutive after siblings were left out."""
    first_ordinal = next((_cn_value(m.group(1)) for m in (_ORDINAL.match(n.title) for n in before) if m), None)
    first_annex = next((int(m.group(1)) for m in (_ANNEX.match(n.title) for n in before) if m), None)
    out, ordinal, annex = [], first_ordinal, first_annex
    for node in kept:
        title = node.title
        if ordinal is not None and _ORDINAL.match(title):
            title, ordinal = _ORDINAL.sub(f"{_cn(ordinal)}、", title), ordinal + 1
        elif annex is not None and _ANNEX.match(title):
            title, annex = _ANNEX.sub(lambda m: f"附件{annex}{m.group(2)}", title), annex + 1
        out.append(replace(node, title=title))
    return tuple(out)


def _renumber_parts(parts: tuple[Section, ...]) -> tuple[Section, ...]:
    out, n = [], 1
    for part in parts:
        if re.match(rf"^第[{_NUM}十]+部分", part.title):
            part, n = replace(part, title=re.sub(rf"^第[{_NUM}十]+部分", f"第{_cn(n)}部分", part.title)), n + 1
        out.append(part)
    return tuple(out)


__all__ = ["PARTS", "parse_parts", "parts_held", "for_parts"]
