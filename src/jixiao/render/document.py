"""Walk a template's section tree and build the neutral document from finished results."""
from __future__ import annotations

from typing import Any

from jixiao.metrics.compute import MetricResult
from jixiao.model.filing import Filing
from jixiao.render.blocks import Block, Document, Heading, PageBreak, Toc
from jixiao.render.charts import ChartMaker
from jixiao.render.context import RenderContext, index_metrics
from jixiao.render.fmt import Precision
from jixiao.render.scores import ScoreBook
from jixiao.render.sections import Builder, default_builders
from jixiao.render.templates import Section, Template, TemplateError, TemplateSet

DEFERRED = {"render_notes"}     # built last, once everything else has logged what it did


def build_document(filing: Filing, metrics: list[MetricResult], scores: ScoreBook, template: Template,
                   template_set: TemplateSet, charts: ChartMaker | None = None,
                   builders: dict[str, Builder] | None = None) -> tuple[Document, RenderContext]:
    builders = builders if builders is not None else default_builders()
    unknown = template.builder_ids() - set(builders)
    if unknown:
        raise TemplateError(f"模板“{template.id}”引用了未登记的章节：{sorted(unknown)}")
    ctx = RenderContext(filing, index_metrics(metrics), template, scores, charts or ChartMaker(), template_set=template_set,
                  precision=Precision().merged(template.precision))
    title = _fill(template.title, ctx)
    doc = Document(title, filing.unit.name or "", year=filing.unit.year)
    doc.blocks.append(Toc())
    deferred: list[tuple[int, Section, int]] = []
    for part in template.parts:
        doc.blocks.append(PageBreak())
        _walk(ctx, part, 1, doc.blocks, builders, deferred)
    for position, node, level in reversed(deferred):
        with ctx.in_section(_fill(node.title, ctx), node.precision):
            doc.blocks[position:position] = builders[node.id](ctx, node)  # type: ignore[index]
    return doc, ctx


def _walk(ctx: RenderContext, node: Section, level: int, out: list[Block], builders: dict[str, Builder],
          deferred: list[tuple[int, Section, int]]) -> None:
    title = _fill(node.title, ctx)
    with ctx.in_section(title, node.precision):
        if title:
            out.append(Heading(min(level, 3), title, anchor=f"s{len(out)}"))
        if node.id in DEFERRED:
            deferred.append((len(out), node, level))
        elif node.id:
            out.extend(builders[node.id](ctx, node))
        for child in node.children:
            _walk(ctx, child, level + 1, out, builders, deferred)


def _fill(text: str, ctx: RenderContext) -> str:
    return text.format_map(_Fields(year=ctx.year, prev=ctx.prev, unit=ctx.unit_name))


class _Fields(dict):
    def __missing__(self, key: str) -> Any:
        return "{" + key + "}"
