"""Speed of ``jixiao render`` for one unit, in-process (warm) and as a command (cold), against LibreOffice.

    .venv/bin/python bench/render_speed.py [FILING] [--runs N] [--cold-runs N]

FILING defaults to S4 (examples/yanjiang-xinfang-2022.yaml: 13 charts, 8 project scorecards).
Measured in one run, so that every figure sees the same machine load (printed at start and end):

1. **warm, in-process** (issue 15: S4 ``--formats pdf`` ≤ 0.5 s, all four formats ≤ 1 s): a process
   that has rendered once (imports, fonts, Typst and YAML paid), then the median of ``--runs`` of
   *a whole unit* — read and validate the filing, metrics, scores, build the document, write the
   files and the internal 核对报告 — and, for comparison with earlier figures, of ``render_package``
   alone (templates and scores given);
2. **cold, one command per document** (issue 15: ≥ 3× faster than LibreOffice): the
   ``jixiao render FILING --formats pdf`` command as a fresh process (it also runs the checks of
   ``jixiao check``, as a user gets them) against a fresh ``soffice --convert-to pdf`` of the .docx
   jixiao wrote for the same unit; the two alternate, ``--cold-runs`` times each, medians compared;
   the all-formats command is timed the same way, for information;
3. LibreOffice warm (a process that has already converted a tiny file: ``t(tiny, docx) − t(tiny)``,
   bench/libreoffice.py), for information.
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

from libreoffice import convert, measure

from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.package import FORMATS, render_document, render_package, writers_for
from jixiao.render.scores import load_scores
from jixiao.render.templates import load_templates

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEFAULT = os.path.join(ROOT, "examples", "yanjiang-xinfang-2022.yaml")
GOALS = {("pdf",): 0.5, FORMATS: 1.0}


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    cold_runs = int(argv[argv.index("--cold-runs") + 1]) if "--cold-runs" in argv else 3
    paths = [a for a in argv if a.endswith((".yaml", ".yml", ".xlsx"))]
    filing_path = paths[0] if paths else DEFAULT
    print(f"负载（开始）{_load()}；{os.cpu_count()} 核；填报文件 {os.path.relpath(filing_path)}")
    out = tempfile.mkdtemp(prefix="jixiao-bench-")
    try:
        produced = _warm(filing_path, out, runs)
        _cold(filing_path, produced, out, cold_runs)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"负载（结束）{_load()}")
    return 0


def _load() -> str:
    return "、".join(f"{x:.2f}" for x in os.getloadavg()) + "（1、5、15 分钟）"


def _unit(filing_path: str, out: str, formats: tuple[str, ...], templates) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole unit; CPU counts every thread of this process (Typst's too)."""
    t0, c0 = time.perf_counter(), time.process_time()
    run = with_metrics(load_and_validate(filing_path))
    render_package(run.filing, run.metrics, out, formats, templates=templates)
    return time.perf_counter() - t0, time.process_time() - c0


def _warm(filing_path: str, out: str, runs: int) -> str:
    templates = load_templates()
    run = with_metrics(load_and_validate(filing_path))
    scores = load_scores(run.filing)
    report = render_package(run.filing, run.metrics, out, FORMATS, templates=templates, scores=scores)   # warm-up
    print(f"单位：{run.filing.unit.name}（模板 {report.template}），图表 {report.charts} 幅")
    print(f"一、进程内、已预热（各 {runs} 次的中位数）：")
    for formats, goal in GOALS.items():
        unit, alone = [], []
        for _ in range(runs):
            unit.append(_unit(filing_path, out, formats, templates))
            t0, c0 = time.perf_counter(), time.process_time()
            render_package(run.filing, run.metrics, out, formats, templates=templates, scores=scores)
            alone.append((time.perf_counter() - t0, time.process_time() - c0))
        whole, whole_cpu = statistics.median(u[0] for u in unit), statistics.median(u[1] for u in unit)
        only, only_cpu = statistics.median(a[0] for a in alone), statistics.median(a[1] for a in alone)
        print(f"  --formats {','.join(formats):<19} 整个单位（读取、校验、指标、评分、生成、写文件）{whole * 1000:5.0f} ms"
              f"（CPU {whole_cpu * 1000:.0f} ms）—— 目标 ≤ {goal * 1000:.0f} ms：{'达到' if whole <= goal else '未达到'}；"
              f"仅 render_package（模板与评分已给出）{only * 1000:.0f} ms（CPU {only_cpu * 1000:.0f} ms）")
    stages = [_stages(run, templates, scores) for _ in range(runs)]
    print("  其中（中位数）：" + "，".join(f"{k} {statistics.median(s[k] for s in stages) * 1000:.0f} ms"
                                      for k in stages[0]))
    return next(path for fmt, path, _ in report.files if fmt == "docx")


def _stages(run, templates, scores) -> dict[str, float]:
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    doc, *_ = render_document(run.filing, run.metrics, templates=templates, scores=scores)
    out["文档与图表"] = time.perf_counter() - t0
    for fmt, write in writers_for().items():
        t0 = time.perf_counter()
        write(doc)
        out[fmt] = time.perf_counter() - t0
    return out


def _cold(filing_path: str, produced: str, work: str, runs: int) -> None:
    command = os.path.join(os.path.dirname(sys.executable), "jixiao")
    docx_path = os.path.join(work, "unit.docx")
    shutil.copy(produced, docx_path)
    tiny = os.path.join(work, "tiny.docx")
    small = docx.Document()
    small.add_paragraph("一")
    small.save(tiny)
    profile, lo_out = os.path.join(work, "lo-profile"), os.path.join(work, "lo-out")
    os.makedirs(lo_out, exist_ok=True)
    convert(profile, "pdf", lo_out, [tiny])             # creates LibreOffice's profile: not counted
    jx_pdf, jx_all, lo = [], [], []
    for _ in range(runs):                               # alternating, so both see the same load
        jx_pdf.append(_command([command, "render", filing_path, "--formats", "pdf"]))
        cpu0 = _children_cpu()
        lo.append((convert(profile, "pdf", lo_out, [docx_path]), _children_cpu() - cpu0))
        jx_all.append(_command([command, "render", filing_path]))
    (a, a_cpu), (b, b_cpu), (c, c_cpu) = (_medians(x) for x in (jx_pdf, lo, jx_all))
    print(f"二、新进程、每份文档一条命令（各 {runs} 次、交替运行的中位数；CPU 为该进程及其子进程）：")
    print(f"  jixiao render --formats pdf（含导入、字体、Typst、评分与核对） {a * 1000:5.0f} ms（CPU {a_cpu * 1000:.0f} ms）")
    print(f"  soffice --convert-to pdf（同一单位的 .docx）              {b * 1000:5.0f} ms（CPU {b_cpu * 1000:.0f} ms）")
    print(f"  LibreOffice ÷ jixiao = {b / a:.1f} 倍（按 CPU {b_cpu / a_cpu:.1f} 倍）—— 目标 ≥ 3 倍："
          f"{'达到' if b / a >= 3 else '未达到'}")
    print(f"  （jixiao render 全部四种格式 {c * 1000:.0f} ms，CPU {c_cpu * 1000:.0f} ms：LibreOffice 只转 PDF 一步的"
          f" {b / c:.1f} 倍快）")
    lo_warm = measure(docx_path, tiny, "pdf", profile, lo_out, runs)
    print(f"三、LibreOffice 已启动的进程中转换同一 .docx：{lo_warm.warm * 1000:.0f} ms（启动并转换极小文档 "
          f"{lo_warm.startup * 1000:.0f} ms）")


def _command(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one command."""
    with tempfile.TemporaryDirectory() as tmp:
        t0, cpu0 = time.perf_counter(), _children_cpu()
        subprocess.run([*args, "--out", tmp], check=True, capture_output=True, timeout=600)
        return time.perf_counter() - t0, _children_cpu() - cpu0


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
