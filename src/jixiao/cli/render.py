"""``jixiao render``: write the publication package (Word, Excel, PDF, HTML) of one filing."""
from __future__ import annotations

import click

from jixiao.cli.common import emit_json, guard
from jixiao.cli.output import echo

HELP_FORMATS = "要生成的格式，用逗号分隔：docx（Word）、xlsx（Excel）、pdf、html。默认全部。"


def register(main: click.Group) -> None:
    @main.command("render")
    @click.argument("filing", type=click.Path())
    @click.option("--out", "out_dir", required=True, type=click.Path(),
                  help="输出文件夹（不存在时自动创建）。")
    @click.option("--formats", default="docx,xlsx,pdf,html", show_default=True, help=HELP_FORMATS)
    @click.option("--template", "template_id", default=None,
                  help="文档模板编号（sichuan-2022、yunnan-2022、hubei、jiangxi-2021、guangdong-2021、central）；默认按单位所在省份和年度自动选择。")
    @click.option("--parts", "parts", default=None,
                  help="要生成的文档部分，用逗号分隔：决算（决算公开）、项目（项目支出绩效自评表）、整体（部门整体支出绩效自评）。"
                       "默认按填报内容决定：只有项目时只生成项目支出绩效自评表，没有整体自评时不附空的附件。")
    @click.option("--correction", "published", default=None, type=click.Path(dir_okay=False),
                  help="已公开版本的填报文件：另写一份“更正说明”，逐项列出更正的数字、原公开数、更正后的数及其在文档中的位置。")
    @click.option("--json", "as_json", is_flag=True, help="以JSON格式输出生成结果。")
    @guard
    def render(filing: str, out_dir: str, formats: str, template_id: str | None, parts: str | None,
               published: str | None, as_json: bool) -> int:
        """根据填报文件 FILING 生成可公开的决算公开文档：决算情况说明、项目支出绩效自评表、
        部门整体支出绩效自评表（报告）及附表，含图表，输出为 Word、Excel、PDF 和 HTML。

        \b
        缺少的数据在文档中标为“未填报”，并在文末“说明”中逐项列出；
        占比合计不为100%时按最大余额法调整，并在“说明”中记录；
        无法复算而沿用的单位公开数值标为“未经复算”，也在“说明”中列出。
        自评表照单位自评的得分、总分和等级原样列示；按评分规则复算的结果写入
        同一文件夹中的“…_核对报告.docx/.html”（内部核对用，不公开）。

        \b
        生成时还会核对填报文件（与 jixiao check 相同）：若单位公开的数值有“错误”级问题，
        文档照常生成，并在最后提示错误条数，请用 jixiao check FILING 查看并更正。
        退出码：0 文档已生成（包括有上述提示时）；2 文件无法使用（格式、模板或输出格式有误）；3 程序内部错误（请报告）。
        """
        return run_render(filing, out_dir, formats, template_id, as_json, emit_json, parts, published)


def run_render(filing: str, out_dir: str, formats: str, template_id: str | None, as_json: bool, emit,
               parts: str | None = None, published: str | None = None) -> int:
    from jixiao.pipeline import render_filing

    report, errors = render_filing(filing, out_dir, formats, template_id, parts, published)
    if as_json:
        emit({**report.to_json(), "filing_errors": errors})
        return 0
    _print_report(report)
    if errors:
        echo(error_warning(errors, filing))
    return 0


def error_warning(count: int, filing: str) -> str:
    return (f"注意：填报文件中单位公开的数值等有 {count} 处“错误”级问题，文档已照常生成"
            f"（文中能复算的数字均按复算结果编写）。请运行 jixiao check {filing} 查看并更正。")


def _print_report(report) -> None:
    echo(f"文档：{report.stem}（模板 {report.template}）；图表 {report.charts} 幅。")
    for fmt, path, size in report.files:
        echo(f"已写入 {fmt:<4} {path}（{size // 1024} KB）")
    for fmt, path, size in report.internal:
        echo(f"核对报告（内部，不公开） {fmt:<4} {path}（{size // 1024} KB）")
    log = report.log
    if report.scores_note:
        echo(f"得分：{report.scores_note}。")
    for title, items in (("占比尾差调整", log.adjustments), ("未经复算的公开数值", log.fallbacks),
                         ("未填报事项", log.missing)):
        if items:
            echo(f"{title}（{len(items)}项，详见文末“说明”）：")
            for item in items[:20]:
                echo(f"  - {item}")
            if len(items) > 20:
                echo(f"  … 另有 {len(items) - 20} 项")
