"""The ``main`` group and the filing commands: validate, metrics, template, convert.  Thin: the work is in
the pipeline stages.

Exit codes: 0 fine, 1 findings of severity error, 2 unusable input, 3 a bug in jixiao (cli/common.py).
"""
from __future__ import annotations

import click

from jixiao import __version__
from jixiao.cli.common import (EXIT_OK, Main, emit_json, exit_for, filing_json, guard, print_header,
                                require_ext)
from jixiao.findings import Finding, Severity, UnusableInput
from jixiao.cli.output import echo, print_findings, print_metrics


def load_and_validate(path: str):  # type: ignore[no-untyped-def]
    """:func:`jixiao.pipeline.load_and_validate`, loaded only by the commands that read a filing."""
    from jixiao.pipeline import load_and_validate as load

    return load(path)


def with_metrics(run):  # type: ignore[no-untyped-def]
    from jixiao.pipeline import with_metrics as compute

    return compute(run)


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
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
    退出码：0 正常；1 发现“错误”级问题；2 文件无法使用；3 程序内部错误（请报告，提示中给出记录详情的日志文件）。
    """


@main.command()
@click.argument("filing", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
@guard
def validate(filing: str, as_json: bool) -> int:
    """检查填报文件 FILING：数值格式、必填项、科目编码、公开数值的键。"""
    run = load_and_validate(filing)
    if as_json:
        emit_json({"filing": filing_json(run), "findings": [f.to_json() for f in run.findings]})
    else:
        print_header(run)
        if run.findings:
            print_findings(run.findings)
        else:
            click.echo("未发现问题。")
    return exit_for(run)


@main.command()
@click.argument("filing", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
@click.option("--all", "show_all", is_flag=True, help="同时列出因缺少数据而无法计算的指标。")
@guard
def metrics(filing: str, as_json: bool, show_all: bool) -> int:
    """计算填报文件 FILING 的各项标准比率（执行率、控制率、占比、变动率等），显示公式与运算数。"""
    run = load_and_validate(filing)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    with_metrics(run)
    if as_json:
        emit_json({
            "filing": filing_json(run),
            "metrics": [m.to_json() for m in run.metrics],
            "findings": [f.to_json() for f in run.findings],
        })
    else:
        print_header(run)
        print_metrics(run.metrics, show_all=show_all)
        if run.findings:
            click.echo()
            print_findings(run.findings)
    return exit_for(run)


@main.command()
@click.argument("out", type=click.Path())
@click.option("--from", "prior", default=None, type=click.Path(dir_okay=False),
              help="上年的填报文件（.yaml 或 .xlsx）：结转单位信息、科目、项目和绩效目标，上年决算数填入本年的“上年决算数”。")
@guard
def template(out: str, prior: str | None) -> int:
    """生成一个空白的 Excel 填报模板 OUT（.xlsx），每张表一个工作表，带中文表头和下拉选项。

    \b
    --from 上年填报文件：结转单位信息、科目编码、项目、绩效指标和指标值，上年决算数作为本年的“上年决算数”。
    “公开数值”表的“键”可写 jixiao metrics 显示的中文指标名称，“位置”写工作表名和行标题（如
    部门决算·收支总体·收入总计、功能分类支出·2010308、项目评分表·项目名称·3），均有下拉列表。"""
    from jixiao.ingest.xlsx_out import write_workbook
    from jixiao.metrics.names import KeyNames

    require_ext(out, (".xlsx",))
    from jixiao.ingest.limits import check_output

    check_output(out)
    from jixiao.metrics.registry import load_registry

    names = KeyNames(load_registry())
    if prior is None:
        write_workbook(None, out, names)
        echo(f"已生成模板：{out}")
        return EXIT_OK
    from jixiao.ingest.carry import carry_forward

    run = load_and_validate(prior)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    carried = carry_forward(run.filing)
    write_workbook(carried, out, names)
    echo(f"已生成模板：{out}（由 {prior} 结转：{len(carried.projects)} 个项目，"
               f"{len(carried.accounts.function_lines)} 个功能分类科目，上年决算数已填入“上年决算数”）")
    return EXIT_OK


@main.command()
@click.argument("source", type=click.Path())
@click.argument("target", type=click.Path())
@guard
def convert(source: str, target: str) -> int:
    """把填报文件 SOURCE 转换为 TARGET（.yaml ↔ .xlsx），内容不丢失。"""
    from jixiao.ingest.xlsx_out import write_workbook
    from jixiao.ingest.yaml_out import dump_filing
    from jixiao.io_util import atomic_write_text

    require_ext(target, (".xlsx", ".yaml", ".yml"))
    from jixiao.ingest.limits import check_output

    check_output(target)
    run = load_and_validate(source)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    if target.lower().endswith(".xlsx"):
        from jixiao.metrics.names import KeyNames

        write_workbook(run.filing, target, KeyNames(run.registry))
    else:
        atomic_write_text(target, dump_filing(run.filing))
    echo(f"已写入：{target}")
    return EXIT_OK

