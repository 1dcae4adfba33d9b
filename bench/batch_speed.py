"""Speed of batch scoring (issue 3, "Speed"): DuckDB vs the Python scorer vs LibreOffice formulas.

    .venv/bin/python bench/batch_speed.py [--projects 1000000] [--python 20000] [--libreoffice 50000]
                                          [--rubric sichuan-2022-project] [--no-libreoffice] [--keep DIR]

1. ``jixiao synth`` data for N projects (about 20 scored items each with the default rubric);
2. ``jixiao batch score`` on all of it: read parquet, check every cell, score, grade, write parquet
   (goal: 1,000,000 projects in ≤ 10 s on the 2-core machine);
3. the pure-Python scorer (the engine's own ``score_line``, totals and grades) on a sample;
4. LibreOffice (apt ``libreoffice-calc-nogui``; bench only) recalculating the same rubric written as
   live formulas — one row per project, each item's points a formula compiled from the same rule
   steps — for a sample, headless with a fresh profile set to recalculate on load, converted to CSV
   (how bureaus score in spreadsheets today).  Its results are checked against DuckDB's.

Prints each engine's throughput and the ratios (goal: DuckDB ≥ 100× LibreOffice).  Figures depend on
what else the machine is running; the script prints the load average next to them.
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

from jixiao.batch.db import connect
from jixiao.batch.plan import BatchPlan
from jixiao.batch.reference import Reference, RefProject
from jixiao.batch.run import load_plan, score_batch
from jixiao.batch.synth import synthesise
from jixiao.scoring import default_shapes
from jixiao.scoring import expr as E

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="批量评分测速")
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--python", type=int, default=20_000)
    parser.add_argument("--libreoffice", type=int, default=50_000)
    parser.add_argument("--rubric", default="sichuan-2022-project")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--keep", default=None, help="keep the generated files in this folder")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _args(argv)
    plan = load_plan(args.rubric)
    work = args.keep or tempfile.mkdtemp(prefix="jixiao-batch-bench-")
    os.makedirs(work, exist_ok=True)
    data = os.path.join(work, "data")
    items = sum(len(c.inputs) > 0 or c.compiled is not None for c in plan.criteria)
    print(f"评分规则 {plan.rubric.id}：每个项目 {items} 个评分项；负载 {os.getloadavg()[0]:.2f}（{os.cpu_count()} 核）")

    t0 = time.perf_counter()
    synthesise(plan, data, args.projects, seed=7)
    print(f"生成模拟数据：{args.projects:,} 个项目 {time.perf_counter() - t0:.1f} 秒（不计入）")

    out = os.path.join(work, "scores.parquet")
    t0 = time.perf_counter()
    result = score_batch([data], plan.rubric.id, out)
    duck = time.perf_counter() - t0
    stages = "，".join(f"{k} {v:.2f}" for k, v in result.seconds.items())
    rows = [("DuckDB（jixiao batch score）", args.projects, duck)]
    print(f"DuckDB：{args.projects:,} 个项目 {duck:.2f} 秒（{stages}）；目标 ≤ 10 秒")

    sample = _sample(plan, data, min(args.python, args.projects))
    reference = Reference(plan, default_shapes())
    t0 = time.perf_counter()
    for project in sample:
        reference.score(project)
    python = time.perf_counter() - t0
    rows.append(("Python 评分器（jixiao score 的同一代码）", len(sample), python))

    if not args.no_libreoffice:
        lo = _libreoffice(plan, data, out, work, min(args.libreoffice, args.projects))
        if lo is not None:
            rows.append(("LibreOffice 公式重算", min(args.libreoffice, args.projects), lo))
    _table(rows)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _table(rows: list[tuple[str, int, float]]) -> None:
    print()
    print(f"{'引擎':<34}{'项目数':>12}{'秒':>10}{'项目/秒':>14}{'相对LibreOffice':>18}")
    lo_rate = next((n / s for name, n, s in rows if name.startswith("LibreOffice")), None)
    for name, n, seconds in rows:
        rate = n / seconds
        ratio = f"{rate / lo_rate:,.0f}×" if lo_rate else "—"
        print(f"{name:<34}{n:>12,}{seconds:>10.2f}{rate:>14,.0f}{ratio:>18}")
    duck = rows[0][1] / rows[0][2]
    python = rows[1][1] / rows[1][2]
    print(f"\nDuckDB / Python 吞吐量之比：{duck / python:,.0f}×")
    if lo_rate:
        verdict = "达到" if duck / lo_rate >= 100 else "未达到"
        print(f"DuckDB / LibreOffice 吞吐量之比：{duck / lo_rate:,.0f}×（目标 ≥ 100×，{verdict}）")


# ---------------------------------------------------------------- the Python scorer's input

def _sample(plan: BatchPlan, data: str, n: int) -> list[RefProject]:
    """The first ``n`` projects as text, the way the reference scorer takes them."""
    con = connect()
    rel = con.sql(f"SELECT * FROM read_parquet('{data}/projects.parquet') LIMIT {n}")
    columns = rel.columns
    out = []
    for row in rel.fetchall():
        cells = dict(zip(columns, row))
        project = RefProject(str(cells["project_id"]), published_total=_text(cells.get("published_total")),
                             published_grade=cells.get("published_grade"))
        for crit in plan.criteria:
            project.inputs[crit.id] = {s.name: _text(cells.get(crit.column(s.name))) for s in crit.inputs}
            project.published[crit.id] = _text(cells.get(crit.published_column))
        out.append(project)
    return out


def _text(value: object) -> str | None:
    if value is None:
        return None
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


# ---------------------------------------------------------------- LibreOffice

def _libreoffice(plan: BatchPlan, data: str, scores: str, work: str, n: int) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice：未安装（apt-get install libreoffice-calc-nogui），跳过")
        return None
    book = os.path.join(work, "formulas.xlsx")
    t0 = time.perf_counter()
    formulas = _workbook(plan, data, book, n)
    print(f"写出公式工作簿：{n:,} 行、{formulas:,} 个公式 {time.perf_counter() - t0:.1f} 秒（不计入）")
    profile = os.path.join(work, "lo-profile")
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w", encoding="utf-8") as fh:
        fh.write(RECALC_ALWAYS)
    outdir = os.path.join(work, "lo-out")
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", outdir, book]
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=3600)
    seconds = time.perf_counter() - t0
    _check(os.path.join(outdir, "formulas.csv"), scores, n)
    print(f"LibreOffice：{n:,} 行重算并导出 {seconds:.1f} 秒")
    return seconds


def _workbook(plan: BatchPlan, data: str, path: str, n: int) -> int:
    """One row per project: inputs as numbers, each item's points as a formula from its compiled steps."""
    import xlsxwriter

    con = connect()
    crits = [c for c in plan.criteria if c.compiled is not None]
    inputs = [(c, s) for c in crits for s in c.inputs]
    names = ["project_id"] + [c.column(s.name) for c, s in inputs]
    rows = con.sql(f"SELECT {', '.join(chr(34) + x + chr(34) for x in names)} "
                   f"FROM read_parquet('{data}/projects.parquet') LIMIT {n}").fetchall()
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("评分")
    first_points = len(names)
    sheet.write_row(0, 0, names + [f"{c.id}.points" for c in crits] + ["total", "grade"])
    letters = {name: xlsxwriter.utility.xl_col_to_name(i) for i, name in enumerate(names)}
    formulas = 0
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            sheet.write_number(r, col, float(value)) if col else sheet.write_string(r, col, str(value))
        for k, crit in enumerate(crits):
            def ref(name: str, c=crit, row=r) -> str:
                return str(c.constants[name]) if name in c.constants else f"{letters[c.column(name)]}{row + 1}"
            result = "low" if crit.compiled.shape.bounded else "points"
            # cached value -1: if LibreOffice did not recalculate, the check below fails
            sheet.write_formula(r, first_points + k, "=" + E.to_excel(crit.compiled.inlined(result), ref), None, -1)
            formulas += 1
        start = xlsxwriter.utility.xl_rowcol_to_cell(r, first_points)
        end = xlsxwriter.utility.xl_rowcol_to_cell(r, first_points + len(crits) - 1)
        total = xlsxwriter.utility.xl_rowcol_to_cell(r, first_points + len(crits))
        sheet.write_formula(r, first_points + len(crits), f"=SUM({start}:{end})", None, -1)
        sheet.write_formula(r, first_points + len(crits) + 1, _grade_formula(plan, total), None, "")
        formulas += 2
    book.close()
    return formulas


def _grade_formula(plan: BatchPlan, total: str) -> str:
    grades = sorted(plan.rubric.grades, key=lambda g: g.min, reverse=True)
    text = '""'
    for grade in reversed(grades):
        text = f'IF({total}>={grade.min},"{grade.label}",{text})'
    return "=" + text


def _check(path: str, scores: str, n: int) -> None:
    """LibreOffice's points agree with DuckDB's wherever an item was scored from its inputs."""
    con = connect()
    rel = con.sql(f"SELECT * FROM read_parquet('{scores}') LIMIT {n}")
    duck = {r[0]: dict(zip(rel.columns, r)) for r in rel.fetchall()}
    checked = wrong = 0
    with open(path, encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            mine = duck.get(row["project_id"])
            for key, value in row.items():
                if not key.endswith(".points") or mine is None or mine.get(key.replace(".points", ".status")) != "scored":
                    continue
                checked += 1
                if abs(Decimal(value or "0") - mine[key]) > Decimal("0.000001"):
                    wrong += 1
    print(f"核对：LibreOffice 与 DuckDB 的单项得分比对 {checked:,} 处，不一致 {wrong:,} 处")
    if checked == 0:
        print("警告：LibreOffice 没有给出可比对的结果（是否真的重算了公式？）", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
