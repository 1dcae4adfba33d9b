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
from jixiao.render.parts import for_parts, parts_held
from jixiao.render.review import PUBLIC_NOTE, PublicScores, review_document
from jixiao.render.scores import ScoreBook, load_scores
from jixiao.render.templates import TemplateSet, load_templates

FORMATS = ("docx", "xlsx", "pdf", "html")
REVIEW_SUFFIX = "_核对报告"            # the internal 核对报告 written beside the package (never published)
REVIEW_FORMATS = ("docx", "html")
CORRECTION_SUFFIX = "_更正说明"        # written beside the corrected package (--correction)


def writers_for(formats: tuple[str, ...] = FORMATS) -> dict[str, Callable[[Document], bytes]]:
    """The writers of ``formats``, each imported only when asked for (python-docx, openpyxl and Typst
    take a noticeable part of a short command's time to import)."""
    out: dict[str, Callable[[Document], bytes]] = {}
    for fmt in formats:
        if fmt == "docx":
            from jixiao.render.writers.docx_writer import write_docx as write
        elif fmt == "xlsx":
            from jixiao.render.writers.xlsx_writer import write_xlsx as write
        elif fmt == "pdf":
            from jixiao.render.writers.pdf_writer import write_pdf as write
        elif fmt == "html":
            from jixiao.render.writers.html_writer import write_html as write
        else:
            raise ValueError(f"unknown format {fmt}")
        out[fmt] = write
    return out


class _LazyWriters(dict):
    """format → writer, each imported on first use."""

    def __missing__(self, fmt: str) -> Callable[[Document], bytes]:
        self[fmt] = writers_for((fmt,))[fmt]
        return self[fmt]


@dataclass
class RenderReport:
    template: str
    stem: str = ""
    files: list[tuple[str, str, int]] = field(default_factory=list)     # (format, path, bytes)
    log: RenderLog = field(default_factory=RenderLog)
    charts: int = 0
    scores_note: str = ""
    internal: list[tuple[str, str, int]] = field(default_factory=list)  # the 核对报告 (not for publication)

    def to_json(self) -> dict[str, Any]:
        return {"template": self.template, "name": self.stem, "charts": self.charts, "scores": self.scores_note,
                "files": [{"format": f, "path": p, "bytes": n} for f, p, n in self.files],
                "internal": [{"format": f, "path": p, "bytes": n} for f, p, n in self.internal], **self.log.to_json()}


def render_document(filing: Filing, metrics: list[MetricResult], *, template_id: str | None = None,
                    templates: TemplateSet | None = None, scores: ScoreBook | None = None,
                    charts: bool = True, parts: tuple[str, ...] | None = None,
                    ) -> tuple[Document, RenderLog, str, ScoreBook, str]:
    """``parts``: 决算 / 项目 / 整体 to include; None decides from what the filing holds (render/parts.py)."""
    templates = templates or load_templates()
    template = for_parts(templates.select(filing, template_id), parts or parts_held(filing))
    scores = scores if scores is not None else load_scores(filing)
    doc, ctx = build_document(filing, metrics, PublicScores(scores), template, templates, ChartMaker(charts))
    stem = _safe_name(template.file_stem.format(unit=filing.unit.name or "单位", year=filing.unit.year or ""))
    return doc, ctx.log, stem, scores, template.id


def render_package(filing: Filing, metrics: list[MetricResult], out_dir: str, formats: tuple[str, ...] = FORMATS,
                   *, template_id: str | None = None, templates: TemplateSet | None = None,
                   scores: ScoreBook | None = None, parts: tuple[str, ...] | None = None,
                   correction: tuple[Filing, list[MetricResult]] | None = None) -> RenderReport:
    """``correction``: the version already published (filing, metrics); a 更正说明 is written beside the package."""
    doc, log, stem, book, used = render_document(filing, metrics, template_id=template_id, templates=templates,
                                                 scores=scores, parts=parts)
    report = RenderReport(used, stem, log=log, charts=len(doc.charts()), scores_note=PUBLIC_NOTE)
    writers = _LazyWriters()
    outputs = [(fmt, os.path.join(out_dir, f"{stem}.{fmt}"), writers[fmt](doc)) for fmt in formats]
    if filing.projects or filing.department.scorecard:
        review = review_document(filing, book)
        outputs += [(fmt, os.path.join(out_dir, f"{stem}{REVIEW_SUFFIX}.{fmt}"), writers[fmt](review))
                    for fmt in REVIEW_FORMATS]
    if correction is not None:
        fixed = _correction(filing, metrics, correction, template_id, templates, parts)
        outputs += [(fmt, os.path.join(out_dir, f"{stem}{CORRECTION_SUFFIX}.{fmt}"), writers[fmt](fixed))
                    for fmt in ("docx", "pdf", "html") if fmt in formats or fmt != "pdf"]
    for fmt, path, data in outputs:         # everything built before anything is written
        atomic_write_bytes(path, data)
        (report.internal if REVIEW_SUFFIX in os.path.basename(path) else report.files).append((fmt, path, len(data)))
    return report


def render_staged(filing: Filing, metrics: list[MetricResult], out_dir: str, formats: tuple[str, ...] = FORMATS, *,
                  render: Callable[..., RenderReport] | None = None, **options: Any) -> RenderReport:
    """:func:`render_package` into a staging folder inside ``out_dir``, then each file moved into place:
    a failure part-way leaves no partial package, only what was there before."""
    import shutil
    import tempfile

    os.makedirs(out_dir, exist_ok=True)
    staging = tempfile.mkdtemp(dir=out_dir, prefix=".jixiao-")
    try:
        report = (render or render_package)(filing, metrics, staging, formats, **options)

        def move(files: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
            moved = []
            for fmt, path, size in files:
                target = os.path.join(out_dir, os.path.basename(path))
                os.replace(path, target)
                moved.append((fmt, target, size))
            return moved

        report.files = move(report.files)
        report.internal = move(report.internal)   # the 核对报告, written beside the package
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _correction(filing: Filing, metrics: list[MetricResult], published: tuple[Filing, list[MetricResult]],
                template_id: str | None, templates: TemplateSet | None, parts: tuple[str, ...] | None) -> Document:
    from jixiao.render.correction import correction_document, corrections_for

    old, old_metrics = published
    old_doc, old_log, *_ = render_document(old, old_metrics, template_id=template_id, templates=templates,
                                           scores=ScoreBook(), charts=False, parts=parts)
    found = corrections_for(old, filing, old_metrics, metrics, old_doc, old_log)
    return correction_document(old, filing, old_doc, found)


def _safe_name(name: str) -> str:
    return safe_stem(name)
