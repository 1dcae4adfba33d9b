"""更正说明: what changed between the version a unit published and the corrected filing.

``jixiao render 更正后.yaml --correction 已公开版本.yaml`` writes, beside the corrected package, a
更正说明 listing each corrected figure with its old and new value and where it sits in the published
document (the section or 附表 whose text printed the old value):

* every figure of the filing that changed (amounts, counts, rates, stated values), by its Chinese name;
* every figure the documents derive from them (shares, changes, completion rates) whose printed value
  changed as a result, at the precision it was printed.
Texts (reasons, duties) are not figures and are not listed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

from jixiao.metrics.compute import MetricResult
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.numbers import fmt, fmt_trim
from jixiao.model.values import Value, ValueMap
from jixiao.render.blocks import Block, Cell, Document, Heading, Para, Table
from jixiao.render.fmt import table_amount
from jixiao.render.log import RenderLog

_FIGURE_KINDS = {S.MONEY, S.NUMBER, S.PERCENT, S.COUNT, S.INT, S.VALUE}


@dataclass(frozen=True)
class Correction:
    what: str           # Chinese name: 部门决算·收支总体·收入总计·本年决算数
    old: str
    new: str
    places: tuple[str, ...]


def figure_changes(old: Filing, new: Filing) -> list[tuple[str, str, str]]:
    """(Chinese name, old, new) for every figure of the filing that differs."""
    before = dict(_figures(old, Filing, ()))
    after = dict(_figures(new, Filing, ()))
    out = []
    for name in list(before) + [n for n in after if n not in before]:
        a, b = before.get(name), after.get(name)
        if a != b:
            out.append((name, a or "（未列）", b or "（删除）"))
    return out


def _figures(obj: Any, cls: type, names: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if obj is None:
        return
    for spec in S.specs(cls):
        value = getattr(obj, spec.name)
        here = names + (spec.zh,)
        if spec.kind == S.RECORD:
            yield from _figures(value, spec.type, here)
        elif spec.kind == S.RECORDS:
            key = spec.meta.get("key")
            for index, item in enumerate(value, 1):
                label = str(getattr(item, key)) if key and getattr(item, key) is not None else f"第{index}项"
                yield from _figures(item, spec.type, names + (f"{spec.zh}“{label}”",))
        elif spec.kind == S.VALUES and isinstance(value, ValueMap):
            for key, stated in value.items():
                yield "·".join(here + (key,)), stated.text
        elif spec.kind in _FIGURE_KINDS and value is not None:
            yield "·".join(here), _shown(value)


def _shown(value: Any) -> str:
    if isinstance(value, Value):
        return value.text
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def metric_changes(old: list[MetricResult], new: list[MetricResult], old_log: RenderLog) -> list[Correction]:
    """Derived figures whose printed value changed, with the sections that printed them."""
    after = {m.instance: m for m in new}
    printed: dict[str, list[str]] = {}
    shown_old: dict[str, str] = {}
    for use in old_log.figures:
        printed.setdefault(use.key, [])
        if use.section not in printed[use.key]:
            printed[use.key].append(use.section)
        shown_old.setdefault(use.key, use.shown)
    out = []
    for metric in old:
        if metric.instance not in printed or metric.value is None:
            continue
        other = after.get(metric.instance)
        a = shown_old[metric.instance].lstrip("-")
        places = len(a.partition(".")[2])
        b = fmt(abs(other.value), places) if other is not None and other.value is not None else "（无法计算）"
        if a != b:
            unit = metric.metric.unit
            out.append(Correction(metric.label, a + unit, b + (unit if other is not None and other.value is not None else ""),
                                  tuple(printed[metric.instance])))
    return out


def places_of(doc: Document, text: str, cell: str | None = None, name: str = "") -> tuple[str, ...]:
    """The sections and 附表 of ``doc`` that print ``text`` as a whole figure in their sentences (not the
    “20” of “2023”), or ``cell`` (the figure as tables print it, 20.00) as a table cell; when ``name`` (其他收入)
    stands in the same sentence or table row somewhere, only those places."""
    if not text or text in ("（未列）", "（删除）"):
        return ()
    if name:
        named = _places(doc, text, cell, name)
        if named:
            return named
    return _places(doc, text, cell, "")


def _places(doc: Document, text: str, cell: str | None, name: str) -> tuple[str, ...]:
    pattern = re.compile(rf"(?<![\d.]){re.escape(text)}(?![\d.]|年)")
    cells = {text, cell or text}
    out: list[str] = []
    section = ""
    for block in doc.blocks:
        if isinstance(block, Heading):
            section = block.text
            continue
        found = ""
        if isinstance(block, Para) and pattern.search(block.text) and name in block.text:
            found = section
        elif isinstance(block, Table) and any(c.text in cells and name in "".join(x.text for x in row)
                                              for row in block.body for c in row if not c.header):
            found = block.title
        if found and found not in out:
            out.append(found)
    return tuple(out[:4])


def correction_document(old: Filing, new: Filing, old_doc: Document, corrections: list[Correction]) -> Document:
    unit, year = new.unit.name or "本单位", new.unit.year or ""
    doc = Document(f"{unit}{year}年度决算公开更正说明", unit, year=new.unit.year)
    blocks: list[Block] = doc.blocks
    blocks.append(Para(f"{unit}已公开的《{old_doc.title}》中部分数据有误，现予以更正。更正的数据如下表，"
                       "其余内容不变；更正后的全文同时发布。"))
    if not corrections:
        blocks.append(Para("经核对，更正后的填报数据与已公开版本一致，无需更正。", "note"))
        return doc
    header = ((Cell("序号", header=True, align="center"), Cell("所在位置", header=True, align="center"),
               Cell("项目", header=True, align="center"), Cell("原公开数", header=True, align="center"),
               Cell("更正后", header=True, align="center")),)
    body = tuple((Cell(str(n), align="center"), Cell("；".join(c.places) or "（附表及说明中相关各处）"), Cell(c.what),
                  Cell(c.old, align="right"), Cell(c.new, align="right")) for n, c in enumerate(corrections, 1))
    blocks.append(Table("corrections", "更正事项一览", header, body, 5, (0.6, 3.2, 4.2, 1.5, 1.5), "金额单位：万元",
                        orientation="portrait"))
    blocks.append(Heading(3, "说明"))
    blocks.append(Para("“所在位置”为已公开文档中印有原数的章节或附表；由更正数据计算的比率、变动额等一并列出。", "note"))
    return doc


def corrections_for(old: Filing, new: Filing, old_metrics: list[MetricResult], new_metrics: list[MetricResult],
                    old_doc: Document, old_log: RenderLog) -> list[Correction]:
    out = [Correction(name, a, b, places_of(old_doc, _printed(a), _cell(a), _hint(name)))
           for name, a, b in figure_changes(old, new)]
    return out + metric_changes(old_metrics, new_metrics, old_log)


def _hint(what: str) -> str:
    """What names the figure in a sentence: the item (其他收入) or the record (收入总计) of ``部门决算·…·本年决算数``."""
    quoted = re.findall(r"“([^”]+)”", what)
    if quoted:
        return quoted[-1]
    parts = what.split("·")
    return parts[-2] if len(parts) > 1 else ""


def _cell(text: str) -> str | None:
    try:
        return table_amount(Decimal(text))
    except ArithmeticError:
        return None


def _printed(text: str) -> str:
    """A stored figure as the documents print it (552.20 → 552.2 in running text; tables keep two decimals)."""
    try:
        value = Decimal(text)
    except ArithmeticError:         # decimal.InvalidOperation: a stated text, printed as it is
        return text
    return fmt_trim(value, 2) if value.as_tuple().exponent < 0 else text


__all__ = ["Correction", "correction_document", "corrections_for", "figure_changes"]
