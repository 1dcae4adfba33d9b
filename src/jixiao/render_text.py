"""Plain-text terminal output: findings grouped by severity, metrics with their working."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import click

from jixiao.findings import Finding, Severity, sort_findings
from jixiao.metrics.compute import MetricResult
from jixiao.model.numbers import fmt

_HEADINGS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def print_findings(findings: Iterable[Finding], err: bool = False) -> None:
    ordered = sort_findings(findings)
    for severity in Severity:
        group = [f for f in ordered if f.severity is severity]
        if not group:
            continue
        click.echo(f"【{_HEADINGS[severity]}】{len(group)} 条", err=err)
        for finding in group:
            click.echo(f"  {finding}", err=err)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def working(result: MetricResult) -> str:
    """The formula with the operands put in: ``21 / 23 × 100``."""
    text = result.metric.expr
    for name, value in result.inputs.items():
        shown = "?" if value is None else f"{value:f}"
        text = re.sub(rf"\b{name}\b", shown, text)
    return text.replace("*", "×").replace("/", "÷")


def agreement(result: MetricResult) -> list[str]:
    out = []
    for claim in result.claims:
        verdict = result.agreement(claim)
        mark = ""
        if verdict is not None and result.value is not None:
            mark = "（一致）" if verdict.ok else f"（与计算值{fmt(result.value, max(verdict.places, 2))}不一致）"
        out.append(f"公开值 {claim.value.text} @ {claim.source}{mark}")
    return out


def print_metrics(results: list[MetricResult], show_all: bool = False) -> None:
    computed = [r for r in results if r.value is not None]
    click.echo(f"可计算的指标 {len(computed)} 项：")
    for result in computed:
        unit = result.metric.unit
        value = f"{result.display}{unit if unit == '%' else ' ' + unit}"
        click.echo(f"  {pad(result.label, 56)} {value}")
        click.echo(f"      {result.metric.formula}")
        click.echo(f"      = {working(result)}    [{result.source}]")
        for line in agreement(result):
            click.echo(f"      {line}")
    blocked = [r for r in results if r.value is None]
    if not blocked:
        return
    if show_all:
        click.echo(f"无法计算的指标 {len(blocked)} 项：")
        for result in blocked:
            reason = result.problem or "缺少输入：" + "；".join(result.missing)
            click.echo(f"  {pad(result.label, 56)} {reason}")
    else:
        click.echo(f"另有 {len(blocked)} 项指标因缺少数据无法计算（加 --all 查看缺少哪些输入）。")
