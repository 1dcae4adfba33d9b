"""``jixiao check``: cross-checks (勾稽关系), plausibility, disclosure completeness, and scoring findings."""
from __future__ import annotations

from typing import Any

import click

from jixiao.cli.common import EXIT_FINDINGS, EXIT_OK, emit_json, guard, print_header
from jixiao.cli.output import echo

HELP = """核对填报文件 FILING：表内合计、跨表勾稽关系、公开的比率/占比/增减是否与其数字相符、
同一数字两处表述是否一致、评分是否虚高、公开内容是否完整。评分核对（总分、单项满分、等级）也一并列出。

\b
按“错误 / 警告 / 提示”分组输出，每行：文件:行号: 规则编号 严重性: 说明。
退出码：0 无错误；1 有“错误”级问题；2 文件无法使用；3 程序内部错误（请报告）。

\b
例：
  jixiao check 填报文件.yaml
  jixiao check 2023年.yaml --prior 2022年.yaml     同时核对本年“上年数”与上年公开数
  jixiao check 填报文件.yaml --strict             报送前把关：警告也按错误处理
"""


def register(main: click.Group) -> None:
    @main.command("check", help=HELP)
    @click.argument("filing", type=click.Path())
    @click.option("--prior", "prior_path", type=click.Path(), default=None,
                  help="上年的填报文件：核对本年公开的上年数、增减额和增减率。")
    @click.option("--pack", "pack_id", default=None,
                  help="使用的核对规则包编号（如 base、sichuan-2022、yunnan-2023）或规则包文件；默认按单位所在省份和年度自动选择。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出：{\"findings\": [...], \"completeness\": {...}}。")
    @click.option("--strict", is_flag=True, help="从严：不留尾差余量，警告也按错误处理（报送前把关）。")
    @guard
    def check(filing: str, prior_path: str | None, pack_id: str | None, as_json: bool, strict: bool) -> int:
        return _run(filing, prior_path, pack_id, as_json, strict)


def _run(filing: str, prior_path: str | None, pack_id: str | None, as_json: bool, strict: bool) -> int:
    from jixiao.findings import UnusableInput, has_errors
    from jixiao.pipeline import load_and_validate, with_checks

    run = load_and_validate(filing)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    prior = None
    if prior_path:
        prior = load_and_validate(prior_path)
        if prior.input_errors:
            raise UnusableInput(prior.input_errors)
    checked = with_checks(run, prior=prior, pack=pack_id, strict=strict)
    if as_json:
        emit_json(_json(run, checked))
    else:
        print_header(run)
        _print_text(run.findings, checked)
    return EXIT_FINDINGS if has_errors(run.findings) else EXIT_OK


def _json(run: Any, checked: Any) -> dict[str, Any]:
    unit = run.filing.unit
    return {
        "filing": {"doc": run.filing.doc, "unit": unit.name, "code": unit.code, "year": unit.year},
        "pack": checked.pack.id if checked.pack is not None else None,
        "findings": [f.to_json() for f in run.findings],
        "completeness": checked.completeness,
    }


def _print_text(findings: list, checked: Any) -> None:
    from jixiao.findings import Severity
    from jixiao.cli.output import print_findings

    if checked.pack is not None:
        echo(f"核对规则包：{checked.pack.id}（{checked.pack.title}）")
    if findings:
        print_findings(findings)
    else:
        echo("未发现问题。")
    _print_completeness(checked.completeness)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    echo(f"合计：错误 {counts[Severity.ERROR]} 条，警告 {counts[Severity.WARNING]} 条，提示 {counts[Severity.INFO]} 条。")


def _print_completeness(completeness: dict[str, Any]) -> None:
    if not completeness or not completeness.get("required"):
        return
    echo(f"【公开完整性】{completeness['score']}（{completeness['ratio']}）")
    for group in completeness["groups"]:
        if group["applies"]:
            missing = "；缺少：" + "、".join(group["missing"]) if group["missing"] else ""
            echo(f"  {group['title']}：{group['score']}{missing}")
    unknown = completeness.get("unknown") or []
    if unknown:
        echo("  无法判断：" + "、".join(f"{u['title']}（{u['reason']}）" for u in unknown))

