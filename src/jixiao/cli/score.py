"""CLI: ``jixiao score``, ``jixiao rubrics``, ``jixiao rubric show``."""
from __future__ import annotations

import click

from jixiao.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, emit_json, guard, print_header, require_ext
from jixiao.cli.output import echo


def register(main: click.Group) -> None:
    @main.command()
    @click.argument("filing", type=click.Path())
    @click.option("--rubric", "rubric_id", metavar="编号", default=None,
                  help="指定评分规则（编号见 jixiao rubrics，或评分规则YAML文件的路径）。不指定时按单位所在省份、年度和评价体系自动选择。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @click.option("--xlsx", "xlsx_out", metavar="输出.xlsx", default=None,
                  help="另存为Excel：得分是按评分规则写成的公式，修改输入数据即可看到得分变化。")
    @guard
    def score(filing: str, rubric_id: str | None, as_json: bool, xlsx_out: str | None) -> int:
        """按评分规则为填报文件 FILING 中的每个项目和部门整体打分。

        \b
        逐项列出：分值、按规则计算的得分、单位公开的得分、计算过程说明；
        然后是合计、等级，以及与公开数字不一致之处（“错误”“警告”“提示”）。
        证据不足（计分表没有写明计分所需的数据）时不判定对错，只提示无法核实。
        退出码：0 无错误；1 有“错误”级问题；2 文件无法使用；3 程序内部错误（请报告）。
        """
        return _score(filing, rubric_id, as_json, xlsx_out)

    @main.command()
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @guard
    def rubrics(as_json: bool) -> int:
        """列出随附的评分规则（编号、名称、适用地区和年度）。"""
        from jixiao.scoring import list_rubrics
        from jixiao.cli.output import print_rubrics

        found = list_rubrics()
        if as_json:
            emit_json([_rubric_json(r) for r in found])
        else:
            print_rubrics(found)
        return 0

    @main.group()
    def rubric() -> None:
        """查看评分规则。"""

    @rubric.command("show")
    @click.argument("rubric_id", metavar="编号")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @guard
    def show(rubric_id: str, as_json: bool) -> int:
        """以表格显示一个评分规则：各指标的分值、评分方式、计分标准和出处。编号见 jixiao rubrics。"""
        from jixiao.scoring import load_rubric
        from jixiao.cli.output import print_rubric

        found = load_rubric(rubric_id)
        if as_json:
            emit_json(_rubric_json(found, detail=True))
        else:
            print_rubric(found)
        return 0


def _score(filing: str, rubric_id: str | None, as_json: bool, xlsx_out: str | None) -> int:
    from jixiao.findings import UnusableInput, has_errors, sort_findings
    from jixiao.pipeline import load_and_validate
    from jixiao.scoring import score_filing

    if xlsx_out:
        from jixiao.ingest.limits import check_output

        require_ext(xlsx_out, (".xlsx",))
        check_output(xlsx_out)
    run = load_and_validate(filing)
    if run.input_errors:
        raise UnusableInput(run.input_errors)
    result, found = score_filing(run.filing, rubric_id)
    findings = sort_findings(run.findings + found)
    if xlsx_out:
        from jixiao.scoring.xlsx import write_scorecards

        write_scorecards(result, xlsx_out)
    if as_json:
        emit_json(result.to_json(findings))
    else:
        from jixiao.cli.output import print_result

        print_header(run)
        print_result(result)
        _print_findings(findings)
        if xlsx_out:
            echo(f"已写入：{xlsx_out}")
    if run.input_errors:
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


def _print_findings(findings) -> None:
    """Every finding, except the per-item notes the tables already show, which are counted."""
    from jixiao.cli.output import print_findings
    from jixiao.cli.output import CONDENSED

    shown = [f for f in findings if f.rule_id not in CONDENSED]
    if shown:
        print_findings(shown)
    for rule_id, words in CONDENSED.items():
        count = sum(1 for f in findings if f.rule_id == rule_id)
        if count:
            echo(f"另有 {count} 条提示 {rule_id}（{words}），已在上表逐项说明；加 --json 可列出全部。")


def _rubric_json(rubric, detail: bool = False) -> dict:
    from jixiao.scoring.result import num

    out = {"id": rubric.id, "name": rubric.name, "level": rubric.level, "family": rubric.family,
           "provinces": list(rubric.provinces), "years": list(rubric.years), "default": rubric.default,
           "status": rubric.status, "version": rubric.version, "source": rubric.source,
           "variants": [f"{rubric.id}:{v.id}" for v in rubric.variants], "max_total": num(rubric.max_total),
           "total_includes": [s.id for s in rubric.total_sections]}
    if detail:
        out["grades"] = [{"label": g.label, "min": num(g.min), "aliases": list(g.aliases)} for g in rubric.grades]
        out["criteria"] = [{"id": c.id, "name": c.name, "section": "/".join(s.name for s in path), "max": num(c.max),
                            "shape": c.rule.shape, "params": {k: str(v) for k, v in c.rule.params.items()},
                            "certainty": c.rule.certainty, "standard": c.standard, "cited": c.cited}
                           for path, c in rubric.criteria()]
    return out
