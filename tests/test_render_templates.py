"""Document templates are data: each variant's sections and 附表 (DOMAIN.md §5.2), validated on load."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import example
from jixiao.ingest.load import load_filing
from jixiao.render.sections import default_builders
from jixiao.render.templates import TemplateError, load_templates

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def templates():
    return load_templates()


def test_every_template_names_registered_builders_and_defined_tables(templates):
    builders = set(default_builders())
    for template in templates.templates.values():
        assert template.builder_ids() <= builders, template.id
        assert set(template.table_ids()) <= set(templates.tables), template.id


@pytest.mark.parametrize("template_id, count", [("sichuan-2022", 13), ("central", 9), ("yunnan-2022", 11)])
def test_appendix_table_counts_by_region(templates, template_id, count):
    assert len(templates.templates[template_id].table_ids()) == count


def test_yunnan_adds_the_three_performance_items(templates):
    ids = templates.templates["yunnan-2022"].builder_ids()
    assert {"department_situation", "department_form", "project_forms"} <= ids


@pytest.mark.parametrize("name, expected", [("yanjiang-xinfang-2022.yaml", "sichuan-2022"),
                                            ("zhanyi-xinfang-2023.yaml", "yunnan-2022")])
def test_template_chosen_by_province_and_year(templates, name, expected):
    filing, _ = load_filing(example(name))
    assert templates.select(filing).id == expected


def test_unknown_province_gets_the_central_template(templates, write_filing):
    filing, _ = load_filing(write_filing("unit: {name: 某单位, year: 2023, province: 湖南}\n"))
    assert templates.select(filing).id == "central"


def test_unknown_template_id_is_refused_in_chinese(templates, write_filing):
    filing, _ = load_filing(write_filing("unit: {name: 某单位, year: 2023}\n"))
    with pytest.raises(TemplateError, match="没有名为"):
        templates.select(filing, "nowhere")


@pytest.mark.parametrize("text, message", [
    ("id: x\ntitle: t\nfile_stem: s\nparts: []\ncolour: red\n", "未知的键"),
    ("id: x\ntitle: t\nparts: []\n", "缺少“file_stem”"),
    ("id: x\ntitle: t\nfile_stem: s\nparts: [{id: appendix_tables, tables: [{table: no_such}]}]\n", "未在 tables.yaml 中定义"),
    ("id: x\ntitle: t\nfile_stem: s\nparts: [{id: duties, title: a, colour: red}]\n", "未知的键"),
])
def test_malformed_templates_are_refused(text, message):
    with pytest.raises(TemplateError, match=message):
        load_templates({"bad.yaml": text})


def test_a_well_formed_extra_template_loads():
    ts = load_templates({"extra.yaml": "id: extra\ntitle: t\nfile_stem: s\nparts: [{title: 一, sections: [{id: duties}]}]\n"})
    assert ts.templates["extra"].builder_ids() == {"duties"}


def test_templates_builders_and_tables_are_documented(templates):
    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    missing = [f"`{t}`" for t in templates.templates if f"`{t}`" not in text]
    missing += [f"`{b}`" for b in default_builders() if f"`{b}`" not in text]
    missing += [f"`{t}`" for t in templates.tables if f"`{t}`" not in text]
    assert missing == []
