"""Speed of ``jixiao render``: the full package of one unit, against LibreOffice, cold and warm.

    .venv/bin/python bench/render_speed.py [FILING] [--runs N] [--cold-runs N]

Goal (issue 6): docx + xlsx + pdf + html with 6 charts in ≤ 1 s in-process (after a warm-up run:
imports, font loading and the Typst compiler are paid once per process).  Compared, in the same run,
with LibreOffice converting the same .docx to PDF (how units make PDFs today), like with like:

* warm against warm: jixiao in a process that has rendered once (median of ``--runs``) against
  LibreOffice in a process that has already converted a tiny document (bench/libreoffice.py);
* cold against cold: the whole ``jixiao render`` command as a fresh process (imports, fonts, Typst,
  scoring and the checks it runs; median of ``--cold-runs``) against a fresh LibreOffice process
  converting the .docx alone (its profile already exists).
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import docx

from libreoffice import measure

from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.package import FORMATS, render_document, render_package
from jixiao.render.scores import load_scores
from jixiao.render.templates import load_templates

DEFAULT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "render", "complete-2023.yaml")


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    cold_runs = int(argv[argv.index("--cold-runs") + 1]) if "--cold-runs" in argv else 3
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
    print(f"单位：{run.filing.unit.name}（{report.template}），图表 {report.charts} 幅，格式 {', '.join(FORMATS)}；"
          f"负载 {os.getloadavg()[0]:.2f}（{os.cpu_count()} 核）")
    print(f"jixiao render 全套文件：中位数 {median * 1000:.0f} ms（{runs} 次；首次含导入与字体加载 {cold * 1000:.0f} ms）"
          f" —— 目标 ≤ 1000 ms：{'达到' if median <= 1.0 else '未达到'}")
    keys = stages[0].keys()
    print(f"  （评分在渲染之前完成，不计入：{scoring * 1000:.0f} ms；{scores.note}）")
    print("  其中（中位数）：" + "，".join(f"{k} {statistics.median(s[k] for s in stages) * 1000:.0f} ms" for k in keys))
    produced = next(path for fmt, path, _ in report.files if fmt == "docx")
    cold_cli = _cold_cli(filing_path, cold_runs)
    print(f"jixiao render 命令（新进程，含导入、字体、Typst、评分与核对）：中位数 {cold_cli * 1000:.0f} ms（{cold_runs} 次）")
    lo = _libreoffice(produced, out, cold_runs)
    print(f"LibreOffice 将同一 .docx 转为 PDF：新进程 {lo.cold * 1000:.0f} ms，已启动的进程 {lo.warm * 1000:.0f} ms"
          f"（启动并转换一个极小文档 {lo.startup * 1000:.0f} ms；各 {cold_runs} 次的中位数）")
    print(f"热对热（已启动的进程）：LibreOffice 仅转 PDF 一步 {lo.warm * 1000:.0f} ms ÷ jixiao 全套 {median * 1000:.0f} ms"
          f" = {lo.warm / median:.1f} 倍")
    print(f"冷对冷（新进程）：LibreOffice 仅转 PDF 一步 {lo.cold * 1000:.0f} ms ÷ jixiao render 命令全套 {cold_cli * 1000:.0f} ms"
          f" = {lo.cold / cold_cli:.1f} 倍")
    print(f"负载 {os.getloadavg()[0]:.2f}")
    shutil.rmtree(out, ignore_errors=True)
    return 0


def _cold_cli(filing_path: str, runs: int) -> float:
    """The ``jixiao render`` command as a user runs it: a fresh process each time."""
    command = os.path.join(os.path.dirname(sys.executable), "jixiao")
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([command, "render", filing_path, "--out", tmp], check=True, capture_output=True, timeout=600)
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _stages(run, templates, scores) -> dict[str, float]:
    from jixiao.render.package import writers_for

    out: dict[str, float] = {}
    t0 = time.perf_counter()
    doc, *_ = render_document(run.filing, run.metrics, templates=templates, scores=scores)
    out["文档与图表"] = time.perf_counter() - t0
    for fmt, write in writers_for().items():
        t0 = time.perf_counter()
        write(doc)
        out[fmt] = time.perf_counter() - t0
    return out


def _libreoffice(produced: str, work: str, runs: int):
    tiny = os.path.join(work, "tiny.docx")
    small = docx.Document()
    small.add_paragraph("一")
    small.save(tiny)
    return measure(produced, tiny, "pdf", os.path.join(work, "lo-profile"), os.path.join(work, "lo-out"), runs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
