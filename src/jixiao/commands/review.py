"""CLI: ``jixiao review triage | score | workpaper export | workpaper import | report`` (抽查复核)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click

TRIAGE_HELP = """预警与抽样：对 PATHS（填报文件或文件夹）逐项目运行红/黄预警规则和核对规则，
给出每个项目、每个单位的风险分（逐条说明所依据的规则和读取的单元格），并列出抽样名单。

\b
--basis units|projects|money：按单位、项目或金额抽样；--share 按风险从高到低抽取的比例；
--random-share 另按随机种子 --seed 随机抽取的比例（可复现）。
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
    from jixiao.cli import _guard

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
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @_guard
    def triage(paths, pack, basis, share, random_share, seed, no_checks, as_json) -> int:
        from jixiao.review.commands_impl import run_triage

        return run_triage(list(paths), pack, basis, _share(share, "--share"), _share(random_share, "--random-share"),
                          seed, not no_checks, as_json)

    @review.command("score")
    @click.argument("filing", type=click.Path(dir_okay=False))
    @click.option("--pack", "pack", default=None, metavar="编号",
                  help="复核口径包：pidu-district-2025（默认，区级复核口径）、manual-2022（一体化手册：执行率封顶、指标偏离扣分），或口径包YAML文件。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出。")
    @_guard
    def score(filing, pack, as_json) -> int:
        """按复核口径重新评分：逐项列出自评得分、复核得分、差值、偏离度和所依据的口径条款。

        \b
        先按评分规则计算（与 jixiao score 相同），再逐条套用复核口径（计0分、按比例扣分、
        扣分、只计一次、总分封顶），每一处扣分都写明口径条款和所读取的单元格。
        """
        from jixiao.review.commands_impl import run_score

        return run_score(filing, pack, as_json)
