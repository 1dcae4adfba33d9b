"""CLI: ``jixiao review triage | score | workpaper export | workpaper import | report`` (抽查复核)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click

from jixiao.cli.common import guard, require_ext

TRIAGE_HELP = """预警与抽样：对 PATHS（填报文件或文件夹）逐项目运行红/黄预警规则和核对规则，
给出每个项目、每个单位的风险分（逐条说明所依据的规则和读取的单元格），并列出抽样名单。
已公开的报告（.txt/.docx/.pdf/.html）按 jixiao audit 的发现计入风险分，一份报告算一个单位。

\b
--basis units|projects|money：按单位、项目或金额抽样；--share 按风险从高到低抽取的比例；
--random-share 另按随机种子 --seed 随机抽取的比例（可复现）。
PATHS 若是一个含 units、projects、indicators 三张 parquet 表的文件夹（如 jixiao synth --province 生成的），
则在 DuckDB 上批量运行（全省规模），按单位抽样。
例：
  jixiao review triage 各单位填报/ --basis units --share 0.1 --random-share 0.05 --seed 2024
"""


def _share(text: str, name: str) -> Decimal:
    from jixiao.findings import UnusableInput, error
    from jixiao.model.source import Source

    try:
        value = Decimal(text.strip().rstrip("%")) / (100 if text.strip().endswith("%") else 1)
    except InvalidOperation:
        value = Decimal(-1)
    if not Decimal(0) <= value <= Decimal(1):
        raise UnusableInput([error("INPUT-OPTION", f"{name}应为0到1之间的比例（或百分数），而不是“{text}”", Source("<命令行>", name))])
    return value


def register(main: click.Group) -> None:
    @main.group()
    def review() -> None:
        """财政部门抽查复核：预警与抽样、按复核口径重新评分、复核底稿、复核报告。说明见 docs/review.md。"""

    @review.command("triage", help=TRIAGE_HELP)
    @click.argument("paths", nargs=-1, required=True, type=click.Path())
    @click.option("--pack", "pack", default=None, metavar="编号", help="预警规则包（默认 warnings-2026，或规则包YAML文件）。")
    @click.option("--basis", type=click.Choice(["units", "projects", "money"]), default="units", show_default=True,
                  help="抽样依据：单位、项目或金额。")
    @click.option("--share", default="0.1", show_default=True, help="按风险抽取的比例（0–1 或百分数）。")
    @click.option("--random-share", default="0", show_default=True, help="另外随机抽取的比例（0–1 或百分数）。")
    @click.option("--seed", default=1, show_default=True, type=int, help="随机抽样的种子（相同种子结果相同）。")
    @click.option("--no-checks", is_flag=True, help="只用预警规则，不运行核对规则（更快）。")
    @click.option("--out", "out", default=None, type=click.Path(file_okay=False),
                  help="批量模式：把预警、项目和单位风险分、抽样名单写入该文件夹（parquet）。")
    @click.option("--analysis", "analysis", default=None, type=click.Path(file_okay=False),
                  help="批量模式：跨单位分析（parquet、CSV 和 datapackage.json 开放数据包）写入该文件夹。")
    @click.option("--kouj", "kouj", default=None, metavar="编号", help="批量模式：估计复核得分所用的复核口径包。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @guard
    def triage(paths, pack, basis, share, random_share, seed, no_checks, out, analysis, kouj, as_json) -> int:
        from jixiao.cli.review_run import run_triage

        return run_triage(list(paths), pack, basis, _share(share, "--share"), _share(random_share, "--random-share"),
                          seed, not no_checks, as_json, out, analysis, kouj)

    @review.command("score")
    @click.argument("filing", type=click.Path(dir_okay=False))
    @click.option("--pack", "pack", default=None, metavar="编号",
                  help="复核口径包：pidu-district-2025（默认，区级复核口径）、manual-2022（一体化手册：执行率封顶、指标偏离扣分），或口径包YAML文件。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @guard
    def score(filing, pack, as_json) -> int:
        """按复核口径重新评分：逐项列出自评得分、复核得分、差值、偏离度和所依据的口径条款。

        \b
        先按评分规则计算（与 jixiao score 相同），再逐条套用复核口径（计0分、按比例扣分、
        扣分、只计一次、总分封顶），每一处扣分都写明口径条款和所读取的单元格。
        """
        from jixiao.cli.review_run import run_score

        return run_score(filing, pack, as_json)

    @review.group("workpaper")
    def workpaper() -> None:
        """复核底稿（.xlsx）：导出给复核人员填写，填好后导入核对。"""

    @workpaper.command("export")
    @click.argument("filing", type=click.Path(dir_okay=False))
    @click.argument("out", type=click.Path(dir_okay=False))
    @click.option("--pack", "pack", default=None, metavar="编号", help="复核口径包（默认 pidu-district-2025）。")
    @guard
    def workpaper_export(filing, out, pack) -> int:
        """把 FILING 导出为复核底稿 OUT（.xlsx）：每个项目一张工作表，列为自评完成值、自评得分、
        复核完成值、复核得分、偏离度、备注；单位数据锁定，复核列（黄色）开放并预填自动复核结果。"""
        from jixiao.cli.review_run import run_workpaper_export

        require_ext(out, (".xlsx",))
        return run_workpaper_export(filing, out, pack)

    @workpaper.command("import")
    @click.argument("path", type=click.Path(dir_okay=False))
    @click.option("--report", "report", default=None, type=click.Path(dir_okay=False),
                  help="同时核对该复核报告（.docx）中的复核得分是否与底稿一致。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @guard
    def workpaper_import(path, report, as_json) -> int:
        """导入复核人员填好的底稿 PATH 并核对：复核得分空白、写明的扣分与实际扣分不符、
        “无佐证”却得分、得分超过分值，以及（--report）复核报告与底稿不一致。
        每条问题给出工作表和单元格。有问题时退出码为1。"""
        from jixiao.cli.review_run import run_workpaper_import

        return run_workpaper_import(path, as_json, report)

    @review.command("report")
    @click.argument("paths", nargs=-1, required=True, type=click.Path())
    @click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="输出文件夹。")
    @click.option("--workpaper", "workpapers", multiple=True, type=click.Path(dir_okay=False),
                  help="复核人员填好的底稿（可多次给出）；按单位名称对应，得分以底稿为准。")
    @click.option("--pack", "pack", default=None, metavar="编号", help="复核口径包（默认 pidu-district-2025）。")
    @click.option("--formats", default="docx,pdf", show_default=True, help="输出格式：docx、pdf，逗号分隔。")
    @click.option("--no-charts", is_flag=True, help="汇总中不画图（更快）。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @guard
    def report(paths, out_dir, workpapers, pack, formats, no_charts, as_json) -> int:
        """生成复核报告：每个单位一份复核报告（Word、PDF），以及复核情况汇总（问题清单P0/P1/P2/通过、
        部门和地区排名、通报草稿、图表）和排名表（.xlsx）。"""
        from jixiao.cli.review_run import run_report

        chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
        bad = [f for f in chosen if f not in ("docx", "pdf")] or ([] if chosen else ["（空）"])
        if bad:
            from jixiao.findings import UnusableInput, error
            from jixiao.model.source import Source

            raise UnusableInput([error("INPUT-OPTION", f"--formats 只能是 docx、pdf，而不是“{'、'.join(bad)}”",
                                       Source("<命令行>", "--formats"))])
        return run_report(list(paths), out_dir, pack, list(workpapers), chosen, not no_charts, as_json)

    @review.command("register")
    @click.argument("paths", nargs=-1, required=True, type=click.Path())
    @click.option("--out", required=True, type=click.Path(dir_okay=False), help="输出的发现登记表（.xlsx）。")
    @guard
    def register_cmd(paths, out) -> int:
        """审核已公开的报告 PATHS（同 jixiao audit），把每条发现登记为一行（单位、文件、位置、规则、
        所写数值、应为），并留出“复核人员判定”（误报 / 已核实）一列，供检查人员逐条核实。"""
        from jixiao.cli.review_run import run_register

        require_ext(out, (".xlsx",))
        return run_register(list(paths), out)
