"""Render the publication package of one filing: build the document once, write each format.

    filing + metrics + scores → template → neutral document → docx | xlsx | pdf | html

Files are written atomically; rendering is deterministic (same filing → same bytes).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

from jixiao.io_util import atomic_write_bytes, safe_stem
from jixiao.metrics.compute import MetricResult
from jixiao.model.filing import Filing
from jixiao.render.blocks import Document
from jixiao.render.charts import ChartMaker
from jixiao.render.document import build_document
from jixiao.render.log import RenderLog
from jixiao.render.scores import ScoreBook, load_scores
from jixiao.render.templates import TemplateSet, load_templates

FORMATS = ("docx", "xlsx", "pdf", "html")


def _writers() -> dict[str, Callable[[Document], bytes]]:
    from jixiao.render.writers.docx_writer import write_docx
    from jixiao.render.writers.html_writer import write_html
    from jixiao.render.writers.pdf_writer import write_pdf
    from jixiao.render.writers.xlsx_writer import write_xlsx

    return {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf, "html": write_html}


@dataclass
class RenderReport:
    template: str
    stem: str = ""
    files: list[tuple[str, str, int]] = field(default_factory=list)     # (format, path, bytes)
    log: RenderLog = field(default_factory=RenderLog)
    charts: int = 0
    scores_note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "name": self.stem, "charts": self.charts, "scores": self.scores_note,
                "files": [{"format": f, "path": p, "bytes": n} for f, p, n in self.files], **self.log.to_json()}


def render_document(filing: Filing, metrics: list[MetricResult], *, template_id: str | None = None,
                    templates: TemplateSet | None = None, scores: ScoreBook | None = None,
                    charts: bool = True) -> tuple[Document, RenderLog, str, ScoreBook, str]:
    templates = templates or load_templates()
    template = templates.select(filing, template_id)
    scores = scores if scores is not None else load_scores(filing)
    doc, ctx = build_document(filing, metrics, scores, template, templates, ChartMaker(charts))
    stem = _safe_name(template.file_stem.format(unit=filing.unit.name or "单位", year=filing.unit.year or ""))
    return doc, ctx.log, stem, scores, template.id


def render_package(filing: Filing, metrics: list[MetricResult], out_dir: str, formats: tuple[str, ...] = FORMATS,
                   *, template_id: str | None = None, templates: TemplateSet | None = None,
                   scores: ScoreBook | None = None) -> RenderReport:
    doc, log, stem, book, used = render_document(filing, metrics, template_id=template_id, templates=templates,
                                                 scores=scores)
    report = RenderReport(used, stem, log=log, charts=len(doc.charts()), scores_note=book.note)
    writers = _writers()
    for fmt in formats:
        data = writers[fmt](doc)
        path = os.path.join(out_dir, f"{stem}.{fmt}")
        atomic_write_bytes(path, data)
        report.files.append((fmt, path, len(data)))
    return report


def _safe_name(name: str) -> str:
    return safe_stem(name)
