"""``jixiao audit PATH...``: check already-published reports (.txt/.docx/.pdf/.html/.xlsx) without transcription."""
from __future__ import annotations

import os
from typing import Any, Iterator

import click

from jixiao.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, emit_json, guard
from jixiao.cli.output import echo
from jixiao.audit.bulk import INTERNAL_MARK, collect_files, summary, unreadable  # noqa: F401  (importable here too)

AUDIT_HELP = """审核已公开的报告（决算说明、绩效自评报告等），无需先录入数据。

\b
PATH 可以是一个或多个文件（.txt、.docx、.pdf、.html、.xlsx），也可以是文件夹（含子文件夹）。
jixiao 找出报告中每个数字及其单位，按文中写明的关系重新计算：
  合计与“其中”各分项、占比、比上年增减额与增减率、增减“个百分点”、
  完成预算%（含各分项按完成预算%推算的预算数之和）、
  执行率/到位率/控制率、文中写出的算式、计分表合计与等级、
  表格的合计行、合计列（总额=财政拨款+其他资金）和分层行，
  以及同一数值在不同部分是否一致（如“三公”经费、公用经费/日常公用经费）。
每条问题给出原文、所写数值、按文中数据应为的数值和可能原因。
“错误”为按文中数据可以确定的问题；“警告”为很可能的问题（如同义名称的两个数不一致），请人工核对。

\b
容差：按所写小数位四舍五入比较，末位允许1个单位误差；--strict 取消这1个单位。
同一数值在不同部分转述时按较粗的小数位比较，不设误差（2.03与2.04是两个数）。
退出码：0 未发现错误；1 发现“错误”级问题；2 无法运行，或所给的文件都无法读取；3 程序内部错误（请报告）。
无法读取的文件记为该文件的一条问题（AUDIT-READ），其余文件照常审核。
"""


def register(main: click.Group) -> None:
    @main.command("audit", help=AUDIT_HELP)
    @click.argument("paths", nargs=-1, required=True, type=click.Path())
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出（documents 与 summary）。")
    @click.option("--strict", is_flag=True, help="严格比较：不允许末位1个单位的误差。")
    @click.option("--jobs", type=click.IntRange(min=1), default=None,
                  help="同时审核的进程数（默认：全部CPU核心）。文件较少时在本进程内审核。")
    def audit(paths: tuple[str, ...], as_json: bool, strict: bool, jobs: int | None) -> None:
        guard(_run)(paths=paths, as_json=as_json, strict=strict, jobs=jobs)


def _run(paths: tuple[str, ...], as_json: bool, strict: bool, jobs: int | None = None) -> int:
    from jixiao.audit.engine import Auditor

    files = collect_files(paths)
    jobs = jobs or os.cpu_count() or 1
    if len(files) > 1:
        from rich.progress import Progress

        with Progress(transient=True, disable=False) as progress:
            task = progress.add_task("审核中", total=len(files))
            results = list(audit_many(files, Auditor(strict=strict), jobs, lambda: progress.advance(task)))
    else:
        results = list(audit_many(files, Auditor(strict=strict), 1))
    if as_json:
        emit_json({"documents": [r.to_json() for r in results], "summary": summary(results)})
    else:
        _print(results)
    if unreadable(results):
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if any(r.errors for r in results) else EXIT_OK


_WORKER: Any = None


def _init_worker(strict: bool) -> None:
    global _WORKER
    from jixiao.audit.engine import Auditor

    _WORKER = Auditor(strict=strict)


def _audit_one(path: str) -> Any:
    from jixiao.audit.engine import audit_file

    return audit_file(path, _WORKER)


def audit_many(files: list[str], auditor: Any, jobs: int, advance: Any = None) -> Iterator[Any]:
    """Audit ``files`` in order, on ``jobs`` worker processes (each loads the rule book once).

    A file that cannot be read is a finding of its own (audit_file); a bug in the auditor is not
    caught here: it ends the command."""
    from jixiao.audit.engine import audit_file

    if jobs <= 1 or len(files) < 4 * jobs:
        for path in files:
            yield audit_file(path, auditor)
            if advance:
                advance()
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(auditor.strict,)) as pool:
        for result in pool.map(_audit_one, files, chunksize=max(1, min(32, len(files) // (jobs * 8)))):
            yield result
            if advance:
                advance()


def _print(results: list[Any]) -> None:
    from jixiao.cli.output import MAX_SHOWN_PER_FILE

    for r in results:
        echo(f"{r.path}：{r.claims} 个数字，{r.relations} 项关系，{len(r.findings)} 条问题")
        for f in r.findings[:MAX_SHOWN_PER_FILE]:
            echo(f"  {f.source.doc}:{f.source.locator}  {f.rule_id} {f.severity.zh}：{f.message}")
            if f.quote:
                echo(f"    原文：{mark(f.quote, f.claimed)}")
            if f.claimed is not None and f.expected is not None:
                echo(f"    所写：{f.claimed}    应为：{f.expected}")
        if len(r.findings) > MAX_SHOWN_PER_FILE:
            echo(f"  还有{len(r.findings) - MAX_SHOWN_PER_FILE}条未列出（每个文件最多列出{MAX_SHOWN_PER_FILE}条；加 --json 可查看全部）")
    total = summary(results)
    unclear = f"，{total['unclear']} 项关系口径不明，未核对" if total["unclear"] else ""
    echo(f"共 {total['documents']} 个文件，{total['errors']} 个错误，{total['warnings']} 个警告{unclear}。")


def mark(quote: str, claimed: str | None) -> str:
    """The quote with the wrong figure marked 【like this】 (its last occurrence)."""
    if not claimed:
        return quote
    for text in (claimed, claimed.rstrip("%"), claimed.rstrip("万元").rstrip("元")):
        at = quote.rfind(text)
        if text and at >= 0:
            return f"{quote[:at]}【{quote[at:at + len(text)]}】{quote[at + len(text):]}"
    return quote
