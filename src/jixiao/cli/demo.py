"""``jixiao demo``: the main job on the bundled examples — every stage, end to end."""
from __future__ import annotations

import os
from collections import Counter
from typing import Any

import click

from jixiao.cli.common import emit_json, guard, project_root
from jixiao.cli.output import echo

EXAMPLES = ("examples/yanjiang-xinfang-2022.yaml", "examples/zhanyi-xinfang-2023.yaml")


def register(main: click.Group) -> None:
    @main.command("demo")
    @click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(),
                  help="生成文档的存放目录（每个示例一个子目录）。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出各示例的汇总。")
    @guard
    def demo(out_dir: str, as_json: bool) -> int:
        """主任务：对随附的两个示例（四川雁江区信访局2022、云南沾益区信访局2023）依次
        检查填报、计算指标、评分、核对勾稽关系，并生成公开文档（Word、Excel、PDF、HTML）。

        示例是按原文转录的已公开报告，原文中的错误会作为“问题”列出，这是预期结果；
        只有文件无法使用（退出码2）或程序内部错误（退出码3，请报告）时退出码才不为0。
        """
        summaries = [run_example(path, out_dir, quiet=as_json) for path in example_paths()]
        if as_json:
            emit_json(summaries)
        return 0


def example_paths() -> list[str]:
    root = project_root()
    return [os.path.join(root, rel) for rel in EXAMPLES]


def run_example(path: str, out_dir: str, quiet: bool = False) -> dict[str, Any]:
    from jixiao.findings import UnusableInput
    from jixiao.pipeline import load_and_validate, with_checks, with_metrics
    from jixiao.render.package import FORMATS, render_package
    from jixiao.scoring import score_filing

    say = (lambda *a, **k: None) if quiet else echo
    run = load_and_validate(path)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    with_metrics(run)
    scoring, _ = score_filing(run.filing)
    checks = with_checks(run)
    stem = os.path.splitext(os.path.basename(path))[0]
    report = render_package(run.filing, run.metrics, os.path.join(out_dir, stem), FORMATS)

    unit = run.filing.unit
    say("=" * 72)
    say(f"{unit.name} {unit.year}年度  —  {run.filing.doc}")
    computed = [m for m in run.metrics if m.value is not None]
    disagree = [m for m in computed for c in m.claims if (v := m.agreement(c)) is not None and not v.ok]
    say(f"一、指标：计算 {len(computed)} 项（另有 {len(run.metrics) - len(computed)} 项缺少数据）；"
         f"公开值与计算值不一致 {len(disagree)} 处。")
    for metric in computed[:12]:
        say(f"    {metric.label}：{metric.display}{metric.metric.unit}")
    if len(computed) > 12:
        say(f"    …（jixiao metrics {run.filing.doc} 查看全部 {len(computed)} 项及公式）")
    say("二、评分：")
    for card in [*scoring.projects, *([scoring.department] if scoring.department else [])]:
        total = "无法复算（部分得分项缺少依据或规则）" if card.total is None else f"{card.total.normalize():f} 分 {card.grade or ''}"
        published = "—" if card.published_total is None else f"{card.published_total.normalize():f} 分 {card.published_grade or ''}"
        basis = card.basis
        say(f"    {card.name}（{card.rubric}）：规则复算 {total}；公开 {published}"
             f"（按规则计算 {basis['computed']} 项，采用单位自评 {basis['adopted']} 项）")
    counts = Counter(f.severity.zh for f in run.findings)
    say(f"三、核对：错误 {counts.get('错误', 0)} 条，警告 {counts.get('警告', 0)} 条，提示 {counts.get('提示', 0)} 条；"
         f"公开完整性 {checks.completeness.get('score') or '—'}。")
    for finding in [f for f in run.findings if f.severity.value == "error"][:15]:
        say(f"    {finding}")
    say(f"    （jixiao check {run.filing.doc} 查看全部）")
    say(f"四、文档：{len(report.files)} 个文件，{report.charts} 幅图表：")
    for fmt, file_path, size in report.files:
        say(f"    {fmt:<4} {file_path}（{size // 1024} KB）")
    for fmt, file_path, size in report.internal:
        say(f"    核对报告（内部，不公开） {fmt:<4} {file_path}（{size // 1024} KB）")
    return {
        "filing": run.filing.doc, "unit": unit.name, "year": unit.year,
        "metrics": len(computed), "published_disagreements": len(disagree),
        "scorecards": [{"name": c.name, "total": None if c.total is None else f"{c.total:f}",
                        "published_total": None if c.published_total is None else f"{c.published_total:f}",
                        "grade": c.grade} for c in [*scoring.projects, *([scoring.department] if scoring.department else [])]],
        "findings": dict(Counter(f.severity.value for f in run.findings)),
        "completeness": checks.completeness.get("score"),
        "files": [file_path for _, file_path, _ in report.files],
        "internal": [file_path for _, file_path, _ in report.internal],
    }
