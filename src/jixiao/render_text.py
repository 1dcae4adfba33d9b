"""Plain-text terminal output: findings grouped by severity, metrics with their working.

Everything shown on the terminal goes through :func:`echo`, which makes user text inert:
control characters (ANSI/OSC escape sequences, C1 codes), bidirectional overrides and lone
surrogates are replaced by U+FFFD, so a unit name or an audited sentence cannot drive the
terminal.  Findings are capped per file (:data:`MAX_SHOWN_PER_FILE`) with a count of the rest;
``--json`` always lists them all.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

import click

from jixiao.findings import Finding, Severity, sort_findings
from jixiao.metrics.compute import MetricResult
from jixiao.model.numbers import fmt

_HEADINGS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
#: findings listed on the terminal per file; the rest are counted ("还有N条未列出")
MAX_SHOWN_PER_FILE = 200
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_text(text: str) -> str:
    """``text`` with every character that could control a terminal replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)


def json_text(text: str) -> str:
    """Dumped JSON with C1 controls, line/bidi controls and lone surrogates written as ``\\uXXXX`` escapes
    (``json.dumps`` escapes only U+0000–U+001F); they can only occur inside strings, so the JSON is unchanged."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def echo(message: object = None, err: bool = False, nl: bool = True) -> None:
    """click.echo for text that may hold user input."""
    click.echo(None if message is None else terminal_text(str(message)), err=err, nl=nl)


def print_findings(findings: Iterable[Finding], err: bool = False, limit: int = MAX_SHOWN_PER_FILE) -> None:
    ordered = sort_findings(findings)
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for severity in Severity:
        group = [f for f in ordered if f.severity is severity]
        if not group:
            continue
        echo(f"【{_HEADINGS[severity]}】{len(group)} 条", err=err)
        for finding in group:
            doc = finding.source.doc
            if shown.get(doc, 0) >= limit:
                hidden[doc] = hidden.get(doc, 0) + 1
                continue
            shown[doc] = shown.get(doc, 0) + 1
            echo(f"  {finding}", err=err)
    for doc, count in hidden.items():
        echo(f"  {doc}：还有{count}条未列出（每个文件最多列出{limit}条；加 --json 可查看全部）", err=err)


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
    echo(f"可计算的指标 {len(computed)} 项：")
    for result in computed:
        unit = result.metric.unit
        value = f"{result.display}{unit if unit == '%' else ' ' + unit}"
        echo(f"  {pad(result.label, 56)} {value}")
        echo(f"      {result.metric.formula}")
        echo(f"      = {working(result)}    [{result.source}]")
        for line in agreement(result):
            echo(f"      {line}")
    blocked = [r for r in results if r.value is None]
    if not blocked:
        return
    if show_all:
        echo(f"无法计算的指标 {len(blocked)} 项：")
        for result in blocked:
            reason = result.problem or "缺少输入：" + "；".join(result.missing)
            echo(f"  {pad(result.label, 56)} {reason}")
    else:
        echo(f"另有 {len(blocked)} 项指标因缺少数据无法计算（加 --all 查看缺少哪些输入）。")
