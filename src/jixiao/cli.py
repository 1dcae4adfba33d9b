"""jixiao command line.  Thin commands: the work is in the pipeline stages.

Exit codes: 0 fine, 1 findings of severity error, 2 unusable input.
"""
from __future__ import annotations

import json
import os
import sys
from typing import Any, Callable

import click

from jixiao import __version__
from jixiao.findings import Finding, Severity, UnusableInput, has_errors
from jixiao.ingest.limits import check_output
from jixiao.pipeline import Run, load_and_validate, with_metrics
from jixiao.render_text import echo, json_text, print_findings, print_metrics

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
EXAMPLES = ("examples/yanjiang-xinfang-2022.yaml", "examples/zhanyi-xinfang-2023.yaml")


def _emit_json(data: Any) -> None:
    echo(json_text(json.dumps(data, ensure_ascii=False, indent=2)))


def _guard(fn: Callable[..., int]) -> Callable[..., None]:
    """Turn user mistakes into messages and exit codes; never a traceback for them."""

    def wrapper(*args: Any, **kwargs: Any) -> None:
        as_json = kwargs.get("as_json", False)
        try:
            code = fn(*args, **kwargs)
        except UnusableInput as exc:
            if as_json:
                _emit_json({"findings": [f.to_json() for f in exc.findings], "usable": False})
            else:
                print_findings(exc.findings, err=True)
                click.echo("无法使用该文件，请按上面的提示修改后重试。", err=True)
            code = EXIT_UNUSABLE
        sys.exit(code)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _exit_for(run: Run) -> int:
    if run.input_errors:
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if has_errors(run.findings) else EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jixiao")
def main() -> None:
    """jixiao（绩效）：部门决算公开与预算绩效自评的计算、评分与核对工具。

    \b
    常用命令：
      jixiao validate 填报文件.yaml     检查填报文件是否填写正确
      jixiao metrics  填报文件.yaml     计算各项标准比率并显示公式
      jixiao template 模板.xlsx         生成可填写的Excel模板
      jixiao convert  填报文件.yaml 填报文件.xlsx   在YAML与Excel之间转换

    \b
    填报文件可以是 YAML（.yaml）或 jixiao 模板填好的 Excel（.xlsx）。
    退出码：0 正常；1 发现“错误”级问题；2 文件无法使用。
    """


@main.command()
@click.argument("filing", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
@_guard
def validate(filing: str, as_json: bool) -> int:
    """检查填报文件 FILING：数值格式、必填项、科目编码、公开数值的键。"""
    run = load_and_validate(filing)
    if as_json:
        _emit_json({"filing": _filing_json(run), "findings": [f.to_json() for f in run.findings]})
    else:
        _print_header(run)
        if run.findings:
            print_findings(run.findings)
        else:
            click.echo("未发现问题。")
    return _exit_for(run)


@main.command()
@click.argument("filing", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
@click.option("--all", "show_all", is_flag=True, help="同时列出因缺少数据而无法计算的指标。")
@_guard
def metrics(filing: str, as_json: bool, show_all: bool) -> int:
    """计算填报文件 FILING 的各项标准比率（执行率、控制率、占比、变动率等），显示公式与运算数。"""
    run = load_and_validate(filing)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    with_metrics(run)
    if as_json:
        _emit_json({
            "filing": _filing_json(run),
            "metrics": [m.to_json() for m in run.metrics],
            "findings": [f.to_json() for f in run.findings],
        })
    else:
        _print_header(run)
        print_metrics(run.metrics, show_all=show_all)
        if run.findings:
            click.echo()
            print_findings(run.findings)
    return _exit_for(run)


@main.command()
@click.argument("out", type=click.Path())
@_guard
def template(out: str) -> int:
    """生成一个空白的 Excel 填报模板 OUT（.xlsx），每张表一个工作表，带中文表头和下拉选项。"""
    from jixiao.ingest.xlsx_out import write_workbook

    _require_ext(out, (".xlsx",))
    check_output(out)
    write_workbook(None, out)
    echo(f"已生成模板：{out}")
    return EXIT_OK


@main.command()
@click.argument("source", type=click.Path())
@click.argument("target", type=click.Path())
@_guard
def convert(source: str, target: str) -> int:
    """把填报文件 SOURCE 转换为 TARGET（.yaml ↔ .xlsx），内容不丢失。"""
    from jixiao.ingest.xlsx_out import write_workbook
    from jixiao.ingest.yaml_out import dump_filing
    from jixiao.io_util import atomic_write_text

    _require_ext(target, (".xlsx", ".yaml", ".yml"))
    check_output(target)
    run = load_and_validate(source)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    if target.lower().endswith(".xlsx"):
        write_workbook(run.filing, target)
    else:
        atomic_write_text(target, dump_filing(run.filing))
    echo(f"已写入：{target}")
    return EXIT_OK


def _project_root() -> str:
    """The folder holding ``examples/``: the working directory, else the source checkout."""
    if os.path.exists(os.path.join(os.getcwd(), EXAMPLES[0])):
        return os.getcwd()
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.abspath(os.path.join(here, "..", ".."))


def _require_ext(path: str, exts: tuple[str, ...]) -> None:
    from jixiao.findings import error
    from jixiao.model.source import Source

    if not path.lower().endswith(exts):
        raise UnusableInput([error("INPUT-FORMAT", f"输出文件应以 {' 或 '.join(exts)} 结尾", Source(path, "L1"))])


def _filing_json(run: Run) -> dict[str, Any]:
    unit = run.filing.unit
    return {"doc": run.filing.doc, "unit": unit.name, "code": unit.code, "year": unit.year}


def _print_header(run: Run) -> None:
    unit = run.filing.unit
    echo(f"{unit.name or '（未填单位名称）'} {unit.year or ''}年度  —  {run.filing.doc}")


__all__ = ["main", "Finding", "Severity"]


def _register_commands() -> None:
    from jixiao.commands import register_all

    register_all(main)


_register_commands()
