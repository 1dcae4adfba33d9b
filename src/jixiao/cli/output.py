"""Everything the commands print to a terminal, in one place: findings grouped by severity, metrics
with their working, scorecards and rubrics as tables (rich).  Lays out finished results only."""
from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Iterable

import click

from jixiao.findings import Finding, Severity, sort_findings
from jixiao.ingest.text_reader import width
from jixiao.model.numbers import fmt

if TYPE_CHECKING:  # imported where used: a command that prints no table does not load rich or scoring
    from rich.console import Console

    from jixiao.metrics.compute import MetricResult
    from jixiao.scoring.result import Scorecard, ScoringResult
    from jixiao.scoring.rubric import Rubric

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


WIDE = 120      # narrower terminals get the explanations below the table


#: info findings the tables already show item by item; the terminal lists them as a count
CONDENSED = {"SCORE-EVIDENCE-MISSING": "证据不足、公开得分无法核实", "SCORE-RULE-UNKNOWN": "评分规则未公开计分办法"}


def console(markup: bool = True) -> Console:
    """A console as wide as the terminal; when output goes to a file or pipe, 140 columns
    (rich would otherwise fold Chinese tables to 80).  ``markup=False``: text is printed as it is
    (no ``[bold]`` markup, no ``:emoji:`` codes), and rich does not parse every cell for them."""
    from rich.console import Console

    width = int(os.environ.get("COLUMNS", "0") or 0) or (None if sys.stdout.isatty() else 140)
    return Console(file=sys.stdout, width=width, highlight=False, soft_wrap=False, markup=markup, emoji=markup)


def print_result(result: ScoringResult) -> None:
    out = console(markup=False)
    for card in result.projects:
        print_card(out, card)
    if result.department is not None:
        print_card(out, result.department)


def print_card(out: Console, card: Scorecard) -> None:
    from rich import box
    from rich.table import Table

    from jixiao.scoring.result import num

    kind = "项目" if card.level == "project" else "部门整体"
    table = Table(title=f"{kind}：{card.name}", caption=f"评分规则：{card.rubric_name}（{card.rubric}）",
                  box=box.SIMPLE_HEAVY, show_lines=False, expand=False, title_justify="left", caption_justify="left")
    table.add_column("部分", no_wrap=True)
    table.add_column("指标", overflow="fold", max_width=28)
    table.add_column("分值", justify="right", no_wrap=True)
    table.add_column("计算得分", justify="right", no_wrap=True)
    table.add_column("公开得分", justify="right", no_wrap=True)
    wide = out.width >= WIDE
    if wide:
        table.add_column("说明", overflow="fold", ratio=1, min_width=30)
    for number, item in enumerate(card.items, start=1):
        name = item.name if wide else f"{number}. {item.name}"
        row = ["/".join(item.section), name, num(item.max) or "—", _points(item, card.places),
               item.published_text if item.published is None and item.published_text else (num(item.published, 4) or "—")]
        table.add_row(*row, *([item.explanation] if wide else []))
    out.print(table)
    if not wide:
        out.print("  说明：")
        for number, item in enumerate(card.items, start=1):
            out.print(f"  {number}. {item.name}：{item.explanation}", soft_wrap=True)
    out.print(_totals(card))
    out.print()


def _points(item, places: int) -> str:
    from jixiao.scoring.result import STATUS_ZH, num

    if item.points is not None:
        return num(item.points, places) or "0"
    if item.status == "range":
        return f"{num(item.low)}~{num(item.high)}"
    return STATUS_ZH.get(item.status, item.status)


def _totals(card: Scorecard) -> str:
    from jixiao.scoring.result import num

    basis = card.basis
    if card.total is None:
        total = "无法得出（有指标既未公开得分也无法按规则计算）"
    else:
        total = f"{num(card.total, card.places)}分"
        if basis["adopted"]:
            total += f"（{basis['computed']}项按规则计算，{basis['adopted']}项证据不足或规则未知、采用公开得分）"
    published = f"{num(card.published_total, 4)}分" if card.published_total is not None else "未公开"
    beside = [i.name for i in card.items if not i.in_total]
    if beside:
        total += f"（{'、'.join(beside)}单独计分，不计入总分）"
    return (f"  合计（满分{num(card.max_total)}分）：计算总分 {total}；公开总分 {published}。"
            f"等级：计算 {card.grade or '—'}；公开 {card.published_grade or '未公开'}")


def print_rubrics(rubrics: list[Rubric]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAVY, title="随附的评分规则", title_justify="left")
    for column in ("编号", "名称", "层级", "体系", "适用", "状态", "地区口径"):
        table.add_column(column, overflow="fold", no_wrap=column in ("编号", "层级", "体系", "状态"))
    for rubric in rubrics:
        where = "、".join(rubric.provinces) + "".join(f" {y}" for y in rubric.years) if rubric.provinces else ("默认" if rubric.default else "—")
        table.add_row(rubric.id, rubric.name, "项目" if rubric.level == "project" else "部门整体", rubric.family, where,
                      "完整" if rubric.status == "complete" else "部分未知",
                      "、".join(f"{rubric.id}:{v.id}" for v in rubric.variants) or "—")
    console().print(table)


def print_rubric(rubric: Rubric) -> None:
    from rich import box
    from rich.table import Table

    from jixiao.scoring.result import num
    from jixiao.scoring.rubric import CERTAINTY_ZH
    from jixiao.scoring.shape_defs import default_shapes

    out = console()
    out.print(f"[bold]{rubric.name}[/bold]（{rubric.id}，第{rubric.version}版）")
    out.print(f"来源：{rubric.source}")
    if rubric.outside_total:
        out.print(f"总分只计{'、'.join(s.name for s in rubric.total_sections)}；"
                  f"{'、'.join(f'{s.name}（{num(s.max)}分）' for s in rubric.outside_total)}单独计分，不计入总分")
    out.print(f"满分{num(rubric.max_total)}分；不足一个百分点：{rubric.policy.partial_point_policy}；"
              f"比率判定精度：{'不取舍' if rubric.policy.judge_places is None else str(rubric.policy.judge_places) + '位小数'}")
    out.print("等级：" + "；".join(_grade_text(rubric, g) for g in rubric.grades))
    for note in rubric.notes:
        out.print(f"说明：{note}")
    shapes = default_shapes()
    table = Table(box=box.SIMPLE_HEAVY, show_lines=True)
    for column, kw in (("部分", {"no_wrap": True}), ("指标", {"max_width": 18}), ("分值", {"justify": "right"}),
                       ("评分方式", {"max_width": 16}), ("计分标准", {"ratio": 1, "min_width": 30}), ("依据", {"max_width": 16})):
        table.add_column(column, overflow="fold", **kw)
    for path, criterion in rubric.criteria():
        shape = shapes.get(criterion.rule.shape)
        how = f"{shape.code} {shape.name}" if shape else criterion.rule.shape
        if shape is not None and shape.plan is not None:
            how += "\n" + _formula(rubric, criterion)
        table.add_row("/".join(s.name for s in path), criterion.name, num(criterion.max) or "", how,
                      criterion.standard or criterion.rule.note or "（未公开）",
                      f"{criterion.cited or ''}\n{CERTAINTY_ZH.get(criterion.rule.certainty, '')}".strip())
    out.print(table)
    if rubric.indicator_rules is not None:
        out.print("绩效指标行：定量指标按“≥/≤/=”计分（R8），定性指标按三档区间（R9）；各行满分为该行分值。")
        for _, section in rubric.all_sections():
            if section.indicator_level1:
                out.print(f"  {section.name}：{num(section.max)}分（一级指标：{'、'.join(section.indicator_level1)}）")


def _formula(rubric: Rubric, criterion) -> str:
    from jixiao.scoring.compile import compile_rule
    from jixiao.scoring.shape_defs import default_shapes

    compiled = compile_rule(criterion.rule, criterion.max, rubric.policy, default_shapes())
    return "得分=" + compiled.excel(lambda name: name)


def _grade_text(rubric: Rubric, grade) -> str:
    from jixiao.scoring.result import num

    higher = [g.min for g in rubric.grades if g.min > grade.min]
    top = f"<{num(min(higher))}" if higher else f"≤{num(rubric.max_total)}"
    aliases = f"（又作{'、'.join(grade.aliases)}）" if grade.aliases else ""
    return f"{grade.label}{aliases} {num(grade.min)}≤总分{top}"
