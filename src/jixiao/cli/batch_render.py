"""``jixiao batch render``: the publication packages of a folder of filings, on every core."""
from __future__ import annotations

import os
import sys
from typing import Any

import click

from jixiao.cli.common import EXIT_BUG, EXIT_FINDINGS, EXIT_OK, emit_json, guard
from jixiao.cli.output import echo

RENDER_HELP = """为文件夹 FOLDER 中的每个填报文件（.yaml/.yml/.xlsx，含子文件夹）生成公开文档，
与 jixiao render 生成的相同，写入 OUT 下各自的文件夹（FOLDER 中的相对路径，去掉扩展名）。

\b
多个进程同时生成（--jobs，默认用全部CPU核），每个进程只加载一次模板、字体和规则。
进度条显示在标准错误输出上；结束时列出失败的文件及原因。
一个文件无法使用时只有它失败（给出原因），其余照常生成。
每个单位的文件夹写完后才写入完成标记（.jixiao-done.json，记录填报文件的 SHA-256 和格式）：
中断后重新运行同一命令，已完成且填报文件未改动的单位会跳过，只生成其余的。

\b
退出码：0 全部生成（或此前已完成）；1 有填报文件无法使用（其余已生成）；
2 文件夹或参数无法使用（什么也没有生成）；3 程序内部错误（其余已生成，请报告）。

\b
例：
  jixiao batch render 全省填报/ --out 全省公开文档/
  jixiao batch render 全省填报/ --out 全省PDF/ --formats pdf --jobs 2
  jixiao synth 模拟填报/ --filings 1000 && jixiao batch render 模拟填报/ --out 模拟文档/
"""


def attach(batch: click.Group) -> None:
    """Add ``render`` to the ``batch`` group (cli/batch.py calls this; it is not a top-level command)."""
    @batch.command("render", help=RENDER_HELP, short_help="为一个文件夹的填报文件逐一生成公开文档（多进程，可续做）。")
    @click.argument("folder", type=click.Path())
    @click.option("--out", "out_dir", required=True, type=click.Path(), help="输出文件夹（不存在时自动创建）。")
    @click.option("--jobs", type=click.IntRange(1, 512), default=None,
                  help="同时生成的进程数。默认为全部CPU核数。")
    @click.option("--formats", default="docx,xlsx,pdf,html", show_default=True,
                  help="要生成的格式，用逗号分隔：docx、xlsx、pdf、html。")
    @click.option("--no-check", "no_check", is_flag=True,
                  help="不核对填报文件（默认会像 jixiao render 一样核对，并统计有“错误”级问题的单位）。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出结果汇总。")
    @guard
    def render(folder: str, out_dir: str, jobs: int | None, formats: str, no_check: bool, as_json: bool) -> int:
        return run_batch_render(folder, out_dir, jobs, formats, not no_check, as_json)


def run_batch_render(folder: str, out_dir: str, jobs: int | None, formats: str, check: bool, as_json: bool) -> int:
    from jixiao.bulk.render import find_units, render_folder
    from jixiao.findings import UnusableInput, error
    from jixiao.ingest.limits import check_output
    from jixiao.model.source import Source
    from jixiao.render.package import FORMATS

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise UnusableInput([error("INPUT-FORMAT", f"不支持的输出格式：{'、'.join(unknown) or '（空）'}；可选 {', '.join(FORMATS)}",
                                   Source(folder, "L1"))])
    if not os.path.isdir(folder):
        raise UnusableInput([error("INPUT-NOT-FOUND", "找不到这个文件夹（batch render 需要一个放填报文件的文件夹）",
                                   Source(folder, "L1"))])
    check_output(out_dir, folder=True)
    units = find_units(folder, out_dir)
    if not units:
        raise UnusableInput([error("INPUT-NOT-FOUND", "文件夹中没有填报文件（.yaml、.yml 或 .xlsx）", Source(folder, "L1"))])
    jobs = jobs or os.cpu_count() or 1
    with _Progress(len(units), quiet=as_json) as progress:
        result = render_folder(units, wanted, jobs, check=check, progress=progress.advance)
    if as_json:
        emit_json(_json(result, out_dir, wanted))
    else:
        _print(result, out_dir)
    if any(o.bug for o in result.failed):
        return EXIT_BUG
    return EXIT_FINDINGS if result.failed else EXIT_OK


class _Progress:
    """A progress bar on stderr when it is a terminal (rich); otherwise a line at each tenth."""

    def __init__(self, total: int, quiet: bool = False):
        self.total, self.done, self.failed, self.quiet = total, 0, 0, quiet
        self.bar: Any = None

    def __enter__(self) -> "_Progress":
        if not self.quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
                TimeRemainingColumn

            self.bar = Progress(TextColumn("生成文档"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]}"),
                                TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(),
                                console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("render", total=self.total, failed="")
        return self

    def advance(self, outcome) -> None:
        self.done += 1
        self.failed += outcome.status == "failed"
        failed = f"失败 {self.failed}" if self.failed else ""
        if self.bar is not None:
            self.bar.update(self.task, advance=1, failed=failed)
        elif not self.quiet and (self.done == self.total or self.done % max(1, self.total // 10) == 0):
            click.echo(f"已处理 {self.done}/{self.total}{'（' + failed + '）' if failed else ''}", err=True)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.stop()


def _json(result, out_dir: str, formats: tuple[str, ...]) -> dict[str, Any]:
    return {"out": out_dir, "formats": list(formats), "filings": len(result.outcomes),
            "rendered": result.count("rendered"), "skipped": result.count("skipped"), "failed": result.count("failed"),
            "with_filing_errors": sum(1 for o in result.outcomes if o.filing_errors),
            "jobs": result.jobs, "seconds": round(result.seconds, 3), "cpu_seconds": round(result.cpu, 3),
            "units": [o.to_json() for o in result.outcomes]}


def _print(result, out_dir: str) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from jixiao.cli.output import console, terminal_text

    ratio = result.cpu / result.seconds if result.seconds else 0.0
    echo(f"共 {len(result.outcomes)} 个填报文件：已生成 {result.count('rendered')} 个，"
         f"跳过 {result.count('skipped')} 个（此前已完成），失败 {result.count('failed')} 个。")
    echo(f"用时 {result.seconds:.1f} 秒，CPU {result.cpu:.1f} 秒（CPU/用时 {ratio:.2f}，{result.jobs} 个进程）；输出：{out_dir}")
    flagged = sum(1 for o in result.outcomes if o.filing_errors)
    if flagged:
        echo(f"其中 {flagged} 个单位公开的数值有“错误”级问题，文档已照常生成；请用 jixiao check 查看各填报文件。")
    failed = result.failed
    if failed:
        table = Table("填报文件", "失败原因", box=box.SIMPLE_HEAD, title="失败的文件", title_justify="left")
        for outcome in failed:
            table.add_row(Text(terminal_text(outcome.name)), Text(terminal_text(outcome.message)))
        console().print(table)
