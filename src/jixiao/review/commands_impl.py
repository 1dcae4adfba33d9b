"""The work behind ``jixiao review …`` (the click layer is commands/review.py)."""
from __future__ import annotations

from decimal import Decimal

import json
from typing import Any

import click


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def run_triage(paths: list[str], pack_id: str | None, basis: str, share: Decimal, random_share: Decimal,
               seed: int, with_checks: bool, as_json: bool) -> int:
    from jixiao.review.inputs import load_runs
    from jixiao.review.packs import get_pack
    from jixiao.review.triage import sample, triage_units

    pack = get_pack(pack_id, "warnings")
    runs, checks = load_runs(paths, with_checks)
    result = triage_units([r.filing for r in runs], pack, checks)
    picks = sample(result, basis, share, random_share, seed)
    if as_json:
        _emit_json({**result.to_json(), "sample": {"basis": basis, "share": str(share), "random_share": str(random_share),
                                                   "seed": seed, "picks": [p.to_json() for p in picks]}})
        return 0
    print_triage(result, picks, basis)
    return 0


LEVEL_ZH = {"red": "红", "yellow": "黄", "green": "无预警"}


def print_triage(result, picks, basis: str) -> None:
    click.echo(f"预警规则包：{result.pack.title}（{result.pack.id} 版本 {result.pack.version}）")
    for unit in result.units:
        click.echo(f"\n■ {unit.unit}（{unit.doc}）  风险分 {unit.risk}  {LEVEL_ZH[unit.level]}")
        for project in unit.projects:
            click.echo(f"  · {project.project}  风险分 {project.risk}  {LEVEL_ZH[project.level]}  自评总分 {project.self_total or '—'}")
            for flag in project.flags:
                click.echo(f"      [{LEVEL_ZH[flag.level]}] {flag.rule_id} {flag.message}")
                click.echo(f"          读取：{'；'.join(str(c) for c in flag.cells)}")
                click.echo(f"          依据：{flag.rule_source}")
            for finding in project.checks:
                click.echo(f"      [核对] {finding}")
        for finding in unit.checks:
            click.echo(f"  [核对·单位] {finding}")
    what = {"units": "单位", "projects": "项目", "money": "金额"}[basis]
    click.echo(f"\n抽样名单（按{what}）：{len(picks)} 项")
    for n, pick in enumerate(picks, 1):
        kind = "风险" if pick.kind == "risk" else "随机"
        name = pick.unit + (f" / {pick.project}" if pick.project else "")
        click.echo(f"  {n:>3}. [{kind}] {name}  风险分 {pick.risk}  {pick.why}")
