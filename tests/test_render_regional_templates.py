"""Regional document templates whose 附表 list or order differs (issue 11 item 4): Hubei puts the
一般公共预算财政拨款“三公”经费支出决算表 seventh; Jiangxi adds 国有资产占用情况表 as the tenth table;
Guangdong (2021) puts the 决算表 before the 决算情况说明, titles 表6 基本支出决算明细表 and the year first.
``jixiao render --template ID`` renders a filing with each."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.ingest.load import load_filing
from jixiao.render.templates import load_templates

COMPLETE = str(Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml")


@pytest.fixture(scope="module")
def templates():
    return load_templates()


def test_hubei_puts_the_sangong_table_seventh(templates):
    ids = templates.templates["hubei"].table_ids()
    assert len(ids) == 9 and ids[6] == "sangong_table"
    assert templates.templates["central"].table_ids().index("sangong_table") == 8


def test_jiangxi_adds_the_asset_table(templates):
    ids = templates.templates["jiangxi-2021"].table_ids()
    assert len(ids) == 10 and ids[-1] == "assets_table"


def test_guangdong_puts_the_tables_before_the_explanation(templates):
    template = templates.templates["guangdong-2021"]
    ids = template.table_ids()
    assert len(ids) == 9 and ids[5] == "general_budget_basic_detail" and ids[6] == "sangong_table"
    titles = [part.title for part in template.parts]
    assert titles.index("第二部分：{unit}{year}年部门决算表") < titles.index("第三部分：{unit}{year}年部门决算情况说明")
    assert template.title == "{year}年{unit}部门决算"


@pytest.mark.parametrize("province, year, expected", [("湖北", 2022, "hubei"), ("江西", 2021, "jiangxi-2021"),
                                                      ("江西", 2020, "central"), ("湖南", 2023, "central"),
                                                      ("广东", 2021, "guangdong-2021"), ("广东", 2020, "central")])
def test_the_region_chooses_its_template(templates, write_filing, province, year, expected):
    filing, _ = load_filing(write_filing(f"unit: {{name: 某单位, year: {year}, province: {province}}}\n"))
    assert templates.select(filing).id == expected


@pytest.mark.parametrize("template_id, title, absent", [
    ("hubei", "七、一般公共预算财政拨款“三公”经费支出决算表", "九、财政拨款“三公”经费支出决算表"),
    ("jiangxi-2021", "十、国有资产占用情况表", "十一、"),
    ("guangdong-2021", "六、一般公共预算财政拨款基本支出决算明细表", "九、财政拨款“三公”经费支出决算表"),
])
def test_render_with_the_regional_template(cli, tmp_path, template_id, title, absent):
    result = cli("render", COMPLETE, "--out", str(tmp_path), "--formats", "html", "--template", template_id, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    html = [Path(p) for p in _paths(out) if str(p).endswith(".html") and "核对报告" not in str(p)]
    assert html, out
    text = html[0].read_text(encoding="utf-8")
    assert title in text
    assert absent not in text


def test_guangdong_render_orders_tables_before_the_explanation(cli, tmp_path):
    result = cli("render", COMPLETE, "--out", str(tmp_path), "--formats", "html", "--template", "guangdong-2021", "--json")
    assert result.exit_code == 0, result.output
    html = [Path(p) for p in _paths(json.loads(result.output)) if str(p).endswith(".html") and "核对报告" not in str(p)]
    text = html[0].read_text(encoding="utf-8")
    body = text[text.index('<h2 id="h1">'):]                     # after the 目录
    tables = body.index("第二部分：示例市示例区档案馆2023年部门决算表")
    explanation = body.index("第三部分：示例市示例区档案馆2023年部门决算情况说明")
    assert tables < body.index("一、收入支出决算总表") < body.index("九、国有资本经营预算财政拨款支出决算表") < explanation
    assert explanation < body.index("第四部分：名词解释") < body.index("第五部分：附件")
    assert html[0].name.startswith("2023年示例市示例区档案馆部门决算")


def _paths(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _paths(value)
    elif isinstance(node, list):
        for value in node:
            yield from _paths(value)
    elif isinstance(node, str) and node.endswith((".html", ".docx", ".pdf", ".xlsx")):
        yield node


def test_render_help_names_every_bundled_template(cli, templates):
    result = cli("render", "--help")
    assert result.exit_code == 0, result.output
    text = "".join(result.output.split())          # the help wraps inside words
    missing = [tid for tid in templates.templates if tid not in text]
    assert not missing, f"jixiao render --help does not name {missing}"
