"""Acceptance: a real unit's published 决算说明 from another province (重庆市长寿双龙中学校 2022), transcribed into
the Excel template (examples/transcribed/*.xlsx, address in meta).  Rendered, every figure of its 决算说明
traces to the filing (an amount, a published value, or a value recomputed from inputs) or is listed in the
closing 说明; every published figure appears in the text with the unit's decimals."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.values import ValueMap
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import Heading, Para
from jixiao.render.package import render_document

HERE = Path(__file__).resolve().parents[1] / "examples" / "transcribed"
BOOK, YAML = HERE / "chongqing-shuanglong-2022.xlsx", HERE / "chongqing-shuanglong-2022.yaml"
NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


@pytest.fixture(scope="module")
def rendered():
    run = with_metrics(load_and_validate(str(BOOK)))
    assert run.input_errors == []
    doc, log, *_ = render_document(run.filing, run.metrics, charts=False)
    start = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and "决算情况说明" in b.text)
    end = next(i for i, b in enumerate(doc.blocks) if i > start and isinstance(b, Heading) and b.level == 1)
    text = "\n".join(b.text for b in doc.blocks[start:end] if isinstance(b, Para))
    notes = "\n".join(log.fallbacks + log.notes + log.adjustments)
    return run, log, text, notes


def _figures(obj, cls) -> list[Decimal]:
    out: list[Decimal] = []
    for spec in S.specs(cls):
        value = getattr(obj, spec.name)
        if spec.kind == S.RECORD:
            out += _figures(value, spec.type)
        elif spec.kind == S.RECORDS:
            for item in value:
                out += _figures(item, spec.type)
        elif isinstance(value, ValueMap):
            out += [abs(v.number) for _, v in value.items() if v.number is not None]
        elif isinstance(value, Decimal):
            out.append(abs(value))
    return out


def test_the_workbook_is_the_transcription_and_cites_its_source():
    book, yaml = load_and_validate(str(BOOK)), load_and_validate(str(YAML))
    assert book.input_errors == [] and book.filing == yaml.filing
    assert book.filing.meta.source_document.endswith("t20231013_12427661.html")
    assert book.filing.unit.province == "重庆"


def test_every_figure_of_the_decision_text_traces_to_the_filing_or_the_notes(rendered):
    run, log, text, notes = rendered
    filed = set(_figures(run.filing, Filing))
    recomputed = {Decimal(use.shown.lstrip("-")) for use in log.figures}
    years = {Decimal(run.filing.unit.year), Decimal(run.filing.unit.year - 1)}
    body = re.sub(r"^\d+\.", "", text, flags=re.M)                   # list numbers “1.” are not figures
    untraced = []
    for match in NUMBER.finditer(body):
        value = Decimal(match.group())
        if value in years or value in filed or value in recomputed:
            continue
        if match.group() in notes:
            continue
        untraced.append(match.group())
    assert untraced == []
    assert len(list(NUMBER.finditer(body))) >= 12


def test_every_published_figure_appears_with_the_units_decimals(rendered):
    run, _, text, _ = rendered
    stated = [v.number for _, v in _published(run.filing)]
    assert len(stated) == 5
    for number in stated:
        shown = f"{abs(number):f}"
        assert re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d])", text), shown
    for amount in (Decimal("3272.80"), Decimal("3253.05"), Decimal("11.38"), Decimal("8.37"), Decimal("3266.78")):
        assert f"{amount.normalize():f}" in text                        # 3272.80 prints as 3272.8 (trailing zero only)


def test_the_gaps_of_the_excerpt_are_listed_not_invented(rendered):
    run, log, text, _ = rendered
    assert "基本支出未填报" in text and "占未填报" not in text
    assert any("基本支出" in m for m in log.missing)


def _published(filing: Filing):
    out = []

    def walk(obj, cls):
        for spec in S.specs(cls):
            value = getattr(obj, spec.name)
            if spec.kind == S.RECORD:
                walk(value, spec.type)
            elif spec.kind == S.RECORDS:
                for item in value:
                    walk(item, spec.type)
            elif spec.kind == S.VALUES and spec.name == "published":
                out.extend((k, v) for k, v in value.items() if v.number is not None)

    walk(filing, Filing)
    return out
