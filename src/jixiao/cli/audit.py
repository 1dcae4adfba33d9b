"""``jixiao audit PATH...``: check already-published reports (.txt/.docx/.pdf/.html/.xlsx) without transcription."""
from __future__ import annotations

import json
import os
import sys
from typing import Any, Callable, NamedTuple

import click

from jixiao.cli.common import BUG_MESSAGE, EXIT_BUG, EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, guard, write_bug_log
from jixiao.cli.output import echo, json_text, terminal_text
from jixiao.cli.parallel import Failure, Lazy, run_each

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
无法读取的文件记为该文件的一条问题（AUDIT-READ），其余文件照常审核；
审核某个文件时程序自身出错，也只影响该文件（其余照常审核，最后以退出码3结束并给出日志文件）。
审核多个文件时，最后列出未能审核的文件及原因；标准错误输出为终端时显示进度条（--progress 总是显示）。
"""


def register(main: click.Group) -> None:
    @main.command("audit", help=AUDIT_HELP)
    @click.argument("paths", nargs=-1, required=True, type=click.Path())
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出（documents 与 summary）。")
    @click.option("--strict", is_flag=True, help="严格比较：不允许末位1个单位的误差。")
    @click.option("--jobs", type=click.IntRange(min=1), default=None,
                  help="同时审核的进程数（默认：全部CPU核心）。文件较少时在本进程内审核。")
    @click.option("--progress/--no-progress", default=None,
                  help="在标准错误输出显示进度条（默认：仅当标准错误输出是终端时显示）。")
    def audit(paths: tuple[str, ...], as_json: bool, strict: bool, jobs: int | None, progress: bool | None) -> None:
        guard(_run)(paths=paths, as_json=as_json, strict=strict, jobs=jobs, progress=progress)


def collect_files(paths: tuple[str, ...]) -> list[str]:
    """Files named, and the readable files inside folders (:func:`jixiao.audit.bulk.collect_files`)."""
    from jixiao.audit.bulk import collect_files as collect

    return collect(paths)


def _run(paths: tuple[str, ...], as_json: bool, strict: bool, jobs: int | None = None,
         progress: bool | None = None) -> int:
    files = collect_files(paths)
    jobs = jobs or os.cpu_count() or 1
    show = (sys.stderr.isatty() if progress is None else progress) and len(files) > 1
    with _Bar(len(files), show) as bar:
        outcomes = audit_many(files, Lazy(_auditor, strict), jobs, bar.advance, as_json)
    results = [o for o in outcomes if not isinstance(o, Failure)]
    bugs = [o for o in outcomes if isinstance(o, Failure)]
    failed = _failed(outcomes)
    if as_json:
        _emit_documents([r.text for r in results], {"summary": summary(results, bugs), "failed": failed})
    else:
        _print(results, bugs)
        if len(files) > 1 and failed:
            _print_failed(failed)
    if bugs:
        log = write_bug_log("\n".join(f"{b.path}\n{b.detail}" for b in bugs))
        click.echo(f"{BUG_MESSAGE}：审核{len(bugs)}个文件时 jixiao 自身出错，不是输入文件的问题（其余文件已审核）；"
                   f"详细信息已写入 {log}", err=True)
        return EXIT_BUG
    from jixiao.audit.bulk import unreadable

    if unreadable(results):
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if any(r.errors for r in results) else EXIT_OK


def _auditor(strict: bool) -> Any:
    from jixiao.audit.engine import Auditor

    return Auditor(strict=strict)


def _audit_one(state: Any, path: str) -> Any:
    from jixiao.audit.engine import audit_file

    return audit_file(path, state.get() if isinstance(state, Lazy) else state)


class Seen(NamedTuple):
    """A finding as the summary and the table of failed files read it (its message kept for AUDIT-READ only)."""

    rule_id: str
    severity: Any
    message: str = ""


class Digest(NamedTuple):
    """One audited file as ``--json`` needs it, made where it was audited (a worker process): its document
    as printed JSON (indented as an item of ``documents``, unsafe characters escaped as ``emit_json``
    escapes them) and what the summary counts, read as a DocResult is (:func:`jixiao.audit.bulk.summary`,
    ``unreadable``, :func:`_failed`).  The command then joins the texts, in file order, instead of
    unpickling every result and writing all of the JSON itself."""

    path: str
    text: str
    claims: int
    relations: int
    unclear: int
    errors: int
    findings: tuple[Seen, ...]


def _audit_json(state: Any, path: str) -> Digest:
    result = _audit_one(state, path)
    body = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
    seen = tuple(Seen(f.rule_id, f.severity, f.message if f.rule_id == "AUDIT-READ" else "") for f in result.findings)
    return Digest(result.path, terminal_text(json_text(_ITEM_INDENT + body.replace("\n", "\n" + _ITEM_INDENT))),
                  result.claims, result.relations, result.unclear, result.errors, seen)


#: an item of the top-level ``documents`` list, as ``json.dumps(…, indent=2)`` indents it (a JSON text
#: holds no raw line break inside a string, so every line is one of its lines)
_ITEM_INDENT = "    "


def _emit_documents(documents: list[str], rest: dict[str, Any]) -> None:
    """What ``emit_json({"documents": […], **rest})`` prints, the documents given as :class:`Digest` texts."""
    skeleton = terminal_text(json_text(json.dumps({"documents": [], **rest}, ensure_ascii=False, indent=2)))
    listed = "[\n" + ",\n".join(documents) + "\n  ]" if documents else "[]"
    click.echo(skeleton.replace('"documents": []', '"documents": ' + listed, 1))


def audit_many(files: list[str], auditor: Any, jobs: int, advance: Callable[[int], None] | None = None,
               as_json: bool = False) -> list[Any]:
    """Audit ``files`` on ``jobs`` worker processes (:func:`jixiao.cli.parallel.run_each`), results in file
    order: DocResults, or :class:`Digest` when ``as_json``.  ``auditor``: the rule book, or a
    :class:`~jixiao.cli.parallel.Lazy` one that each worker loads while the command lists and sends the files.

    A file that cannot be read is a finding of its own (audit_file, AUDIT-READ); a bug while auditing
    one file is a :class:`~jixiao.cli.parallel.Failure` for that file, and the others go on."""
    return run_each(_audit_json if as_json else _audit_one, auditor, files, jobs, advance)


def _failed(outcomes: list[Any]) -> list[dict[str, str]]:
    """Files that could not be audited and why: unreadable (AUDIT-READ) or a bug (internal)."""
    out = []
    for o in outcomes:
        if isinstance(o, Failure):
            out.append({"path": o.path, "kind": "internal", "reason": o.reason})
            continue
        for f in o.findings:
            if f.rule_id == "AUDIT-READ":
                out.append({"path": o.path, "kind": "unreadable", "reason": f.message})
                break
    return out


def _print_failed(failed: list[dict[str, str]]) -> None:
    from rich import box
    from rich.table import Table

    from jixiao.cli.output import console

    table = Table(title=f"未能审核的文件（{len(failed)}个）", box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column("文件", overflow="fold")
    table.add_column("原因", overflow="fold")
    for row in failed:
        table.add_row(terminal_text(row["path"]), terminal_text(row["reason"]))
    console().print(table)


class _Bar:
    """A progress bar on stderr (rich), started at the first finished file, so that the workers are
    forked before its drawing thread runs; nothing at all when not shown."""

    def __init__(self, total: int, show: bool):
        self.total, self.show = total, show
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> "_Bar":
        return self

    def advance(self, n: int) -> None:
        if not self.show:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("审核中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                      console=Console(stderr=True, force_terminal=True), transient=True)
            self._task = self._progress.add_task("审核中", total=self.total)
            self._progress.start()
        self._progress.update(self._task, advance=n)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def summary(results: list[Any], bugs: list[Failure] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    from jixiao.audit import bulk

    return bulk.summary(results, failed_internal=len(bugs))


def _print(results: list[Any], bugs: list[Failure] = ()) -> None:  # type: ignore[assignment]
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
    for bug in bugs:
        echo(f"{bug.path}：{bug.reason}")
    total = summary(results, bugs)
    unclear = f"，{total['unclear']} 项关系口径不明，未核对" if total["unclear"] else ""
    echo(f"共 {total['documents'] + len(bugs)} 个文件，{total['errors']} 个错误，{total['warnings']} 个警告{unclear}。")


def mark(quote: str, claimed: str | None) -> str:
    """The quote with the wrong figure marked 【like this】 (its last occurrence)."""
    if not claimed:
        return quote
    for text in (claimed, claimed.rstrip("%"), claimed.rstrip("万元").rstrip("元")):
        at = quote.rfind(text)
        if text and at >= 0:
            return f"{quote[:at]}【{quote[at:at + len(text)]}】{quote[at + len(text):]}"
    return quote
