"""Speed of ``jixiao render``: the full package of one unit, in-process, against LibreOffice.

    .venv/bin/python bench/render_speed.py [FILING] [--runs N]

Goal (issue 6): docx + xlsx + pdf + html with 6 charts in ≤ 1 s in-process (after a warm-up run:
imports, font loading and the Typst compiler are paid once per process).  Printed beside it: the
time LibreOffice (headless, fresh per-run profile, as units make PDFs today) takes to convert the
same .docx to PDF.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.package import FORMATS, render_document, render_package
from jixiao.render.scores import load_scores
from jixiao.render.templates import load_templates

DEFAULT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "render", "complete-2023.yaml")


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    paths = [a for a in argv if a.endswith((".yaml", ".yml", ".xlsx"))]
    filing_path = paths[0] if paths else DEFAULT
    run = with_metrics(load_and_validate(filing_path))
    templates = load_templates()
    t0 = time.perf_counter()
    scores = load_scores(run.filing)          # finished results, as the CLI computes them before rendering
    scoring = time.perf_counter() - t0
    out = tempfile.mkdtemp(prefix="jixiao-bench-")
    t0 = time.perf_counter()
    report = render_package(run.filing, run.metrics, out, FORMATS, templates=templates, scores=scores)
    cold = time.perf_counter() - t0
    times, stages = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        render_package(run.filing, run.metrics, out, FORMATS, templates=templates, scores=scores)
        times.append(time.perf_counter() - t0)
        stages.append(_stages(run, templates, scores))
    median = statistics.median(times)
    print(f"单位：{run.filing.unit.name}（{report.template}），图表 {report.charts} 幅，格式 {', '.join(FORMATS)}")
    print(f"jixiao render 全套文件：中位数 {median * 1000:.0f} ms（{runs} 次；首次含导入与字体加载 {cold * 1000:.0f} ms）"
          f" —— 目标 ≤ 1000 ms：{'达到' if median <= 1.0 else '未达到'}")
    keys = stages[0].keys()
    print(f"  （评分在渲染之前完成，不计入：{scoring * 1000:.0f} ms；{scores.note}）")
    print("  其中（中位数）：" + "，".join(f"{k} {statistics.median(s[k] for s in stages) * 1000:.0f} ms" for k in keys))
    docx = next(path for fmt, path, _ in report.files if fmt == "docx")
    lo = _libreoffice(docx)
    if lo is None:
        print("LibreOffice 未安装（apt libreoffice-writer-nogui），跳过对比。")
    else:
        print(f"LibreOffice 将同一 .docx 转为 PDF：{lo * 1000:.0f} ms（仅此一步，{lo / median:.1f} 倍于 jixiao 生成全套文件）")
    shutil.rmtree(out, ignore_errors=True)
    return 0


def _stages(run, templates, scores) -> dict[str, float]:
    from jixiao.render.package import _writers

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    doc, *_ = render_document(run.filing, run.metrics, templates=templates, scores=scores)
    out["文档与图表"] = time.perf_counter() - t0
    for fmt, write in _writers().items():
        t0 = time.perf_counter()
        write(doc)
        out[fmt] = time.perf_counter() - t0
    return out


def _libreoffice(docx: str) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        command = [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                   "--outdir", tmp, docx]
        subprocess.run(command, check=True, capture_output=True, timeout=300)   # first run creates the profile
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
