"""Speed of ``jixiao batch render`` on synthetic units, against one ``jixiao render`` command per unit.

    .venv/bin/python bench/batch_render.py [--units 1000] [--jobs N] [--sample 10] [--seed 1] [--keep DIR]

1. ``jixiao synth --filings N`` writes N synthetic filings (half the size of S0, half of S4; not timed);
2. the whole ``jixiao batch render IN --out OUT`` command, all four formats (issue 15: 1,000 units in
   ≤ 8 minutes on the 2-core machine, CPU time over wall time ≥ 1.7).  CPU time is that of the command
   and its worker processes (``getrusage(RUSAGE_CHILDREN)``); every unit's folder is checked to hold
   the four formats and its completion marker;
3. baseline, in the same run: ``jixiao render`` as one command per unit (a shell loop, one core) on the
   first ``--sample`` filings (as many S0 as S4), scaled to N units.

The machine is shared: the load average is printed before and after.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return "、".join(f"{x:.2f}" for x in os.getloadavg()) + "（1、5、15 分钟）"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="批量生成文档测速")
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", default=None, help="在此文件夹中保留生成的填报文件和文档")
    args = parser.parse_args(argv)
    jixiao = os.path.join(os.path.dirname(sys.executable), "jixiao")
    work = Path(args.keep or tempfile.mkdtemp(prefix="jixiao-batch-bench-"))
    src, out = work / "填报", work / "文档"
    shutil.rmtree(out, ignore_errors=True)
    print(f"负载（开始）{_load()}；{os.cpu_count()} 核")
    if not src.exists() or len(list(src.glob("*.yaml"))) != args.units:
        shutil.rmtree(src, ignore_errors=True)
        subprocess.run([jixiao, "synth", str(src), "--filings", str(args.units), "--seed", str(args.seed)],
                       check=True, capture_output=True)
    command = [jixiao, "batch", "render", str(src), "--out", str(out), "--json"]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    cpu0, t0 = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:])
        raise SystemExit(f"jixiao batch render 退出码 {done.returncode}")
    summary = json.loads(done.stdout)
    complete = sum(1 for unit in summary["units"]
                   if unit["status"] == "rendered" and {Path(f).suffix for f in unit["files"]} >= {".docx", ".xlsx", ".pdf", ".html"}
                   and (Path(unit["out"]) / ".jixiao-done.json").is_file())
    per_unit = wall / args.units
    print(f"jixiao batch render：{args.units} 个模拟单位（一半S0大小、一半S4大小），四种格式，{summary['jobs']} 个进程：")
    print(f"  用时 {wall:.0f} 秒（{wall / 60:.1f} 分钟）—— 目标 ≤ 8 分钟：{'达到' if wall <= 480 else '未达到'}")
    print(f"  CPU {cpu:.0f} 秒，CPU/用时 {cpu / wall:.2f} —— 目标 ≥ 1.7：{'达到' if cpu / wall >= 1.7 else '未达到'}")
    print(f"  每个单位 {per_unit * 1000:.0f} ms；四种格式齐全且有完成标记的单位 {complete}/{args.units}")
    sample = sorted(src.glob("*.yaml"))[: args.sample]
    loop_cpu0, loop0 = _children_cpu(), time.perf_counter()
    for path in sample:                                    # a shell loop: one command per unit
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([jixiao, "render", str(path), "--out", tmp], check=True, capture_output=True)
    loop = (time.perf_counter() - loop0) / len(sample)
    loop_cpu = (_children_cpu() - loop_cpu0) / len(sample)
    print(f"对照（同一次运行）：逐个运行 jixiao render 命令（{len(sample)} 个单位）每个 {loop * 1000:.0f} ms"
          f"（CPU {loop_cpu * 1000:.0f} ms），{args.units} 个约 {loop * args.units / 60:.1f} 分钟（单核）")
    print(f"  batch render 快 {loop / per_unit:.1f} 倍（按用时）；每个单位的 CPU 为逐个命令的 "
          f"{cpu / args.units / loop_cpu:.2f}")
    print(f"负载（结束）{_load()}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
