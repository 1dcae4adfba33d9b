"""``jixiao batch score``: score a whole province's projects at once; ``jixiao synth``: make test data
(rows for batch scoring, a province for review, or unit filings for ``jixiao batch render``, cli/batch_render.py)."""
from __future__ import annotations

from typing import Any

import click

from jixiao.cli.common import EXIT_FINDINGS, EXIT_OK, emit_json, guard
from jixiao.cli.output import echo

BATCH_HELP = """批量处理：一次为成千上万个项目评分（batch score），或为一个文件夹的填报文件生成公开文档（batch render）。"""

SCORE_HELP = """按评分规则 RUBRIC 为数据 DATA 中的所有项目评分、定等级，结果写入 OUT（.parquet）。

\b
DATA 可以是一个或多个文件或文件夹（.parquet / .csv / .xlsx），三种表：
  项目表      每个项目一行：各评分项的评分依据（如 funds_arrival.rate）和公开得分
  评分项表    每个项目每个评分项一行（有 criterion 列）
  绩效指标表  2020年目标表体系：每个绩效指标一行（有 一级指标/level1 列）
各列的名称、类型和单位见 docs/batch.md（金额为万元，比率为百分数，如 99.42 表示 99.42%）。

\b
评分公式与 jixiao score 使用同一份评分规则，结果逐分一致。
数据中无法读取的单元格逐一列出（文件:行号）并按缺失处理（该项记为“证据不足”）。
退出码：0 正常；1 数据中有“错误”级问题（仍写出结果）；2 数据无法使用（未写出结果）；3 程序内部错误（请报告）。

\b
例：
  jixiao batch score 全省项目/ --rubric sichuan-2022-project --out 评分结果.parquet
  jixiao batch score 项目.csv 指标.csv --rubric mof-2020-project --out 结果.parquet --items 明细.parquet
  jixiao batch score 全省项目/ --rubric sichuan-2022-project --out 得分.parquet --scores-only
"""

SYNTH_HELP = """生成模拟数据到文件夹 OUT：N 个项目的评分依据和公开得分，供试用批量评分和测速；
或用 --filings 生成 N 个模拟单位的填报文件，供 jixiao batch render 测速。

\b
数据的分布接近实际：预算执行率多为100%、部分超过；各项自评分多为满分；
也故意包含常见的填报问题：处处满分、总分不等于各项之和、得分超过满分、
“不适用”、实际完成值写成文字（如“95%以上”）、等级与总分不符等。

\b
例：
  jixiao synth 模拟数据/ --projects 10000 --rubric sichuan-2022-project
  jixiao synth 模拟数据/ --projects 500 --format xlsx
  jixiao synth 模拟全省/ --province 16000 --projects 200000    抽查复核用的模拟全省（见 docs/review.md）
  jixiao synth 模拟填报/ --filings 1000    1000个模拟单位的填报文件（.yaml），一半与示例S0同样大小、一半与S4同样大小


--filings 生成的填报文件是把两个示例填报文件（examples/ 中的 S0、S4）换上随机的单位名称、编码和项目名称，
数字和文字不变，仅供测速，不是真实单位的数据（每个文件开头注明）。
"""


def register(main: click.Group) -> None:
    @main.group("batch", help=BATCH_HELP)
    def batch() -> None:
        pass

    from jixiao.cli import batch_render

    batch_render.attach(batch)

    @batch.command("score", help=SCORE_HELP, short_help="按评分规则为数据中的所有项目评分、定等级。")
    @click.argument("data", nargs=-1, required=True, type=click.Path())
    @click.option("--rubric", "rubric_id", required=True, help="评分规则编号（jixiao rubrics 可列出），或评分规则 YAML 文件。")
    @click.option("--out", "out", required=True, type=click.Path(), help="结果文件（.parquet），每个项目一行。")
    @click.option("--items", "items_out", type=click.Path(), default=None,
                  help="另写一份明细（.parquet）：每个项目每个评分项一行。")
    @click.option("--scores-only", "scores_only", is_flag=True,
                  help="只算分：每个项目只写出各项得分、各部分小计、总分和等级，不与公开的得分、总分、等级比对，"
                       "也不逐格列出读不懂的单元格（按缺失处理）；比完整模式快得多。不能与 --items 同用。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出汇总和问题清单。")
    @guard
    def score(data: tuple[str, ...], rubric_id: str, out: str, items_out: str | None, scores_only: bool,
              as_json: bool) -> int:
        return _score(list(data), rubric_id, out, items_out, as_json, scores_only)

    @main.command("synth", help=SYNTH_HELP)
    @click.argument("out", type=click.Path())
    @click.option("--projects", "count", type=click.IntRange(1, 10_000_000), default=None, help="项目个数（生成批量评分数据或模拟全省时必填）。")
    @click.option("--filings", "filings", type=click.IntRange(1, 1_000_000), default=None, metavar="N",
                  help="改为生成N个模拟单位的填报文件（.yaml，一半与示例S0同样大小、一半与S4同样大小），"
                       "供 jixiao batch render 测速。")
    @click.option("--seed", type=int, default=1, show_default=True, help="随机种子：同一种子生成同样的数据。")
    @click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "xlsx"]), default="parquet", show_default=True,
                  help="文件格式。")
    @click.option("--rubric", "rubric_id", default="mof-2020-project", show_default=True, help="按哪个评分规则生成评分依据。")
    @click.option("--province", "province", type=click.IntRange(1, 1_000_000), default=None, metavar="单位数",
                  help="改为生成抽查复核用的模拟全省：该数量的单位、--projects 个项目及其绩效指标，按已知比例植入"
                       "自评虚高等问题（planted.parquet 记录植入情况），供 jixiao review triage 使用。")
    @guard
    def synth(out: str, count: int | None, filings: int | None, seed: int, fmt: str, rubric_id: str,
              province: int | None) -> int:
        if filings is not None:
            return _synth_filings(out, filings, seed)
        if count is None:
            from jixiao.findings import UnusableInput, error
            from jixiao.model.source import Source

            raise UnusableInput([error("INPUT-OPTION", "请用 --projects 给出项目个数（或用 --filings 生成填报文件）",
                                       Source(out, "L1"))])
        if province is not None:
            from jixiao.review.synth import synthesise_province

            for path in synthesise_province(out, units=province, projects=max(count, province), seed=seed):
                click.echo(f"已写入：{path}")
            return 0
        return _synth(out, count, seed, fmt, rubric_id)


def _score(data: list[str], rubric_id: str, out: str, items_out: str | None, as_json: bool,
           scores_only: bool = False) -> int:
    from jixiao.batch.run import check_targets, score_batch
    from jixiao.findings import has_errors

    check_targets(out, items_out, scores_only)
    result = score_batch(data, rubric_id, out, items_out, scores_only=scores_only)
    if as_json:
        emit_json(_json(result))
    else:
        _print(result)
    return EXIT_FINDINGS if has_errors(result.findings) else EXIT_OK


def _json(result: Any) -> dict[str, Any]:
    return {"rubric": result.rubric, "out": result.out, "projects": result.projects, "grades": result.grades,
            "flags": result.flags, "seconds": {k: round(v, 3) for k, v in result.seconds.items()},
            "findings": [f.to_json() for f in result.findings]}


FLAG_ZH = {
    "evidence_insufficient": "有评分项证据不足的项目", "no_total": "无法算出总分的项目",
    "total_mismatch": "公开总分不等于各项之和的项目", "item_mismatch": "公开单项得分与规则不符的项目",
    "over_max": "单项得分超过满分的项目", "grade_band_mismatch": "公开等级与公开总分不符的项目",
    "grade_mismatch": "公开等级与重算总分不符的项目", "grade_unknown": "公开等级不是规则等级的项目",
}


def _print(result: Any) -> None:
    from jixiao.cli.output import print_findings

    seconds = sum(result.seconds.values())
    echo(f"评分规则：{result.rubric}；项目 {result.projects} 个；用时 {seconds:.2f} 秒；结果：{result.out}")
    echo("等级分布：" + "，".join(f"{label} {n}" for label, n in result.grades.items()))
    if not result.flags:
        echo("（只算分：未与公开的得分、总分、等级比对）")
    for key, zh in FLAG_ZH.items() if result.flags else ():
        echo(f"  {zh}：{result.flags.get(key, 0)}")
    if result.findings:
        echo()
        print_findings(result.findings)


def _synth(out: str, count: int, seed: int, fmt: str, rubric_id: str) -> int:
    from jixiao.batch.run import load_plan
    from jixiao.batch.synth import synthesise

    from jixiao.ingest.limits import check_output

    check_output(out, folder=True)
    plan = load_plan(rubric_id)
    limit = 1_000_000 if plan.indicators is None else 90_000      # 4–11 indicator rows per project
    if fmt == "xlsx" and count > limit:
        from jixiao.findings import UnusableInput, error
        from jixiao.model.source import Source

        raise UnusableInput([error("INPUT-FORMAT", f"Excel 工作表最多约104万行，{count}个项目请改用 parquet 或 csv", Source(out, "L1"))])
    paths = synthesise(plan, out, count, seed, fmt)
    echo(f"已生成 {count} 个项目的模拟数据：" + "、".join(paths))
    echo(f"评分：jixiao batch score {out} --rubric {plan.rubric.id} --out 评分结果.parquet")
    return EXIT_OK


def _synth_filings(out: str, count: int, seed: int) -> int:
    import os

    from jixiao.bulk.synth import load_example, synthesise_filings
    from jixiao.cli.common import EXAMPLES, project_root
    from jixiao.ingest.limits import check_output

    check_output(out, folder=True)
    root = project_root()
    examples = (load_example(os.path.join(root, EXAMPLES[1]), "S0"), load_example(os.path.join(root, EXAMPLES[0]), "S4"))
    paths = synthesise_filings(out, count, seed, examples)
    echo(f"已生成 {len(paths)} 个模拟单位的填报文件（仅供测速，不是真实数据）：{out}")
    echo(f"生成文档：jixiao batch render {out} --out 文档文件夹/")
    return EXIT_OK
