"""The work behind ``jixiao review …`` (the click layer is cli/review.py)."""
from __future__ import annotations

from decimal import Decimal

import json
from typing import Any

import click


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def run_triage(paths: list[str], pack_id: str | None, basis: str, share: Decimal, random_share: Decimal,
               seed: int, with_checks: bool, as_json: bool, out: str | None = None, analysis: str | None = None,
               kouj_id: str | None = None) -> int:
    from jixiao.review.inputs import load_runs
    from jixiao.review.packs import get_pack
    from jixiao.review.triage import sample, triage_units

    pack = get_pack(pack_id, "warnings")
    from jixiao.review.bulk import is_bulk_folder

    if len(paths) == 1 and is_bulk_folder(paths[0]):
        return run_bulk(paths[0], pack, share, random_share, seed, out, analysis, kouj_id, as_json)
    from jixiao.review.inputs import published_unit_name, split_paths

    filing_files, published = split_paths(paths)
    runs, checks = load_runs(paths, with_checks, files=filing_files)
    result = triage_units([r.filing for r in runs], pack, checks)
    if published:
        from jixiao.audit.engine import Auditor, audit_file
        from jixiao.review.triage import add_published

        auditor = Auditor()
        add_published(result, [audit_file(path, auditor) for path in published], [published_unit_name(p) for p in published])
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


def run_score(filing: str, pack_id: str | None, as_json: bool) -> int:
    from jixiao.findings import UnusableInput
    from jixiao.pipeline import load_and_validate
    from jixiao.review.packs import get_pack
    from jixiao.review.rescore import rescore_filing

    pack = get_pack(pack_id, "kouj")
    run = load_and_validate(filing)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    review = rescore_filing(run.filing, pack)
    if as_json:
        _emit_json(review.to_json())
    else:
        print_review(review)
    return 0


def print_review(review) -> None:
    from rich import box
    from rich.table import Table

    from jixiao.cli.output import console
    from jixiao.scoring.result import num

    out = console()
    out.print(f"{review.unit}  —  {review.doc}")
    out.print(f"复核口径：{review.pack.title}（{review.pack.id} 版本 {review.pack.version}）")
    basis = review.deviation_basis
    for project in review.projects:
        table = Table(title=f"项目：{project.name}", caption=f"评分规则：{project.card.rubric_name}（{project.card.rubric}）",
                      box=box.SIMPLE_HEAVY, title_justify="left", caption_justify="left")
        for name, kw in (("部分", {"no_wrap": True}), ("指标", {"overflow": "fold", "max_width": 24}),
                         ("分值", {"justify": "right"}), ("自评得分", {"justify": "right"}),
                         ("复核得分", {"justify": "right"}), ("差值", {"justify": "right"}),
                         ("偏离度", {"justify": "right"}), ("说明", {"overflow": "fold", "ratio": 1, "min_width": 30})):
            table.add_column(name, **kw)
        for item in project.items:
            table.add_row("/".join(item.item.section), item.item.name, num(item.item.max) or "—",
                          num(item.self_score, 4) or "—", num(item.review) or "待填", num(item.gap) or "—",
                          num(item.deviation(basis), 4) or "—",
                          f"{item.item.explanation}。复核：{item.explanation()}")
        out.print(table)
        total = project.review_total
        line = f"  合计：自评 {num(project.self_total, 4) or '—'}分；复核 {num(total) or '待填'}分"
        if total is not None and project.self_total is not None:
            line += f"；差值 {num(total - project.self_total)}分"
        out.print(line)
        for cap in project.caps:
            out.print(f"  {cap.effect}")
        out.print()


def run_workpaper_export(filing: str, out: str, pack_id: str | None) -> int:
    from jixiao.findings import UnusableInput
    from jixiao.pipeline import load_and_validate
    from jixiao.review.packs import get_pack
    from jixiao.review.rescore import rescore_filing
    from jixiao.review.workpaper import export_workpaper

    pack = get_pack(pack_id, "kouj")
    run = load_and_validate(filing)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    review = rescore_filing(run.filing, pack)
    names = export_workpaper(review, run.filing, out)
    click.echo(f"已写入复核底稿：{out}（{len(names)}个项目工作表 + 汇总）")
    return 0


def run_workpaper_import(path: str, as_json: bool, report: str | None = None) -> int:
    from jixiao.findings import has_errors
    from jixiao.cli.output import print_findings
    from jixiao.review.workpaper import read_workpaper

    paper, findings = read_workpaper(path)
    if report:
        from jixiao.review.report import check_report

        findings = findings + check_report(report, paper)
    if as_json:
        _emit_json({"unit": paper.unit, "pack": paper.pack,
                    "projects": [{"sheet": p.sheet, "name": p.name, "self_total": _n(p.self_total),
                                  "review_total": _n(p.review_total)} for p in paper.projects],
                    "findings": [f.to_json() for f in findings]})
    else:
        click.echo(f"{paper.unit} 复核底稿：{len(paper.projects)}个项目")
        for p in paper.projects:
            click.echo(f"  {p.sheet}：自评 {_n(p.self_total) or '—'}分，复核 {_n(p.review_total) or '（有空白）'}分")
        if findings:
            print_findings(findings)
        else:
            click.echo("复核底稿未发现问题。")
    return 1 if has_errors(findings) else 0


def _n(value) -> str | None:
    from jixiao.scoring.result import num

    return num(value)


def run_report(paths: list[str], out_dir: str, pack_id: str | None, workpapers: list[str], formats: tuple[str, ...],
               with_charts: bool, as_json: bool) -> int:
    import os

    from jixiao.findings import UnusableInput, has_errors
    from jixiao.review.inputs import load_runs
    from jixiao.review.outputs import charts, safe, write_document, write_ranking
    from jixiao.review.packs import get_pack
    from jixiao.review.report import outcomes, summary_document, unit_report, workpaper_totals
    from jixiao.review.rescore import rescore_filing
    from jixiao.review.workpaper import read_workpaper

    pack = get_pack(pack_id, "kouj")
    runs, _ = load_runs(paths, with_checks=False)
    papers = {}
    for path in workpapers:
        paper, findings = read_workpaper(path)
        if has_errors(findings):
            raise UnusableInput(findings)
        papers[paper.unit] = paper
    units = {run.filing.unit.name or "" for run in runs}
    strays = [paper for name, paper in papers.items() if name not in units]
    if strays:
        from jixiao.findings import error
        from jixiao.model.source import Source

        raise UnusableInput([error("REV-WP-UNIT-UNKNOWN", f"复核底稿的单位“{p.unit}”不在所给的填报文件中（底稿按单位名称对应）",
                                   Source(p.path, "汇总!A1")) for p in strays])
    os.makedirs(out_dir, exist_ok=True)
    rows, written = [], []
    for run in runs:
        paper = papers.get(run.filing.unit.name or "")
        review = rescore_filing(run.filing, pack, marks=paper.marks() if paper else None)
        results = outcomes(review, run.filing, workpaper_totals(paper) if paper else None)
        rows += results
        written += write_document(unit_report(review, results), out_dir, f"复核报告_{safe(review.unit)}", formats)
    summary = summary_document(rows, charts(rows) if with_charts else None)
    written += write_document(summary, out_dir, "复核情况汇总", formats)
    ranking_path = os.path.join(out_dir, "部门与地区排名.xlsx")
    write_ranking(rows, ranking_path)
    written.append(ranking_path)
    if as_json:
        _emit_json({"files": written, "projects": [{"unit": r.unit, "project": r.project, "issue": r.issue,
                                                    "self_total": _n(r.self_total), "review_total": _n(r.review_total)}
                                                   for r in rows]})
    else:
        for path in written:
            click.echo(f"已写入：{path}")
    return 0


def run_register(paths: list[str], out: str) -> int:
    import os

    from jixiao.audit.engine import Auditor, audit_file
    from jixiao.ingest.published import READABLE
    from jixiao.review.outputs import write_register

    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                files += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith(READABLE)]
        else:
            files.append(path)
    auditor = Auditor()
    results = [audit_file(path, auditor) for path in files]
    n = write_register(results, out)
    click.echo(f"已写入发现登记表：{out}（{len(results)}个文件，{n}条发现）")
    return 0


def run_bulk(folder: str, pack, share: Decimal, random_share: Decimal, seed: int, out: str | None,
             analysis: str | None, kouj_id: str | None, as_json: bool) -> int:
    from jixiao.batch.db import connect
    from jixiao.review.bulk import triage_tables
    from jixiao.review.packs import get_pack

    con = connect()
    result = triage_tables(folder, pack, out, share, random_share, seed, con=con)
    files = list(result.files)
    if analysis:
        from jixiao.review.analysis import export_analysis, unit_analysis

        unit_analysis(con, get_pack(kouj_id, "kouj"))
        files += export_analysis(con, analysis)
    top = con.execute("SELECT unit_name, risk, red_projects, yellow_projects, kind FROM sample ORDER BY kind DESC, risk DESC LIMIT 20").fetchall()
    if as_json:
        _emit_json({**result.to_json(), "files": files})
        return 0
    click.echo(f"批量预警：{result.units}个单位、{result.projects}个项目，{result.flags}条预警，用时{result.seconds:.2f}秒")
    for rule, count in result.by_rule.items():
        click.echo(f"  {rule}：{count}")
    click.echo("抽样名单（前20个单位）：")
    for name, risk, red, yellow, kind in top:
        click.echo(f"  [{'风险' if kind == 'risk' else '随机'}] {name}  风险分 {risk}  红色项目{red}个、黄色项目{yellow}个")
    for path in files:
        click.echo(f"已写入：{path}")
    return 0
