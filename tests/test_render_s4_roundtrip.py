"""Round trip against S4: the rendered 决算说明 states the published figures, except exactly where the
published ones contradict their own data (listed below, each with its arithmetic)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import example
from jixiao.model.numbers import fmt_trim
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.blocks import Heading, Para
from jixiao.render.package import render_document
from jixiao.render.scores import ScoreBook

S4 = example("yanjiang-xinfang-2022.yaml")

#: figure key → (rendered, published, why the rendered figure differs)
CONTRADICTIONS = {
    # 13.45/552.38 = 2.435% → 2.4 (half-up); the unit printed 2.5 so that its shares total 100%.
    "function_class_share:210": ("2.4", "2.5", "13.45/552.38 = 2.435%，四舍五入为2.4%"),
    # The four class shares round to 99.9%; the largest remainder (86.448%) takes the missing 0.1,
    # where the unit pushed it onto 卫生健康 (above).
    "function_class_share:201": ("86.5", "86.4", "最大余额法：86.448%的余数最大，调为86.5%"),
}


@pytest.fixture(scope="module")
def rendered():
    run = with_metrics(load_and_validate(S4))
    doc, log, _stem, _book, used = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook())
    assert used == "sichuan-2022"
    return run, doc, log


def _explanation_part(doc) -> tuple[str, set[str]]:
    """Text and section titles of 第二部分 (the 决算情况说明)."""
    texts, titles, inside = [], set(), False
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text.startswith("第二部分")
            continue
        if inside and isinstance(block, Heading):
            titles.add(block.text)
        if inside and isinstance(block, (Heading, Para)):
            texts.append(block.text)
    return "\n".join(texts), titles


def _accounts_claims(run):
    """Published values stated in the 决算说明: those under `accounts:` in the transcription."""
    lines = open(S4, encoding="utf-8").read().splitlines()
    start = lines.index("accounts:") + 1
    end = next(i for i, line in enumerate(lines, 1) if line.startswith("projects:"))
    out = {}
    for metric in run.metrics:
        for claim in metric.claims:
            line = int(claim.source.locator[1:])
            if start <= line < end and claim.value.number is not None:
                out[metric.instance] = claim.value
    return out


def test_every_published_figure_is_restated_except_the_contradictions(rendered):
    run, doc, log = rendered
    _, titles = _explanation_part(doc)
    shown = {f.key: f.shown for f in log.figures if f.section in titles}
    claims = _accounts_claims(run)
    differences = {}
    for key, value in claims.items():
        assert key in shown, f"{key} 未在决算说明中出现"
        if Decimal(shown[key]) != value.number:
            differences[key] = (shown[key], f"{value.number}")
    assert differences == {k: (r, p) for k, (r, p, _) in CONTRADICTIONS.items()}


def test_every_published_amount_appears_in_the_explanation(rendered):
    run, doc, _ = rendered
    text, _ = _explanation_part(doc)
    acc = run.filing.accounts
    amounts = [acc.totals.income_grand_total.amount, acc.totals.income_total.amount,
               acc.totals.expenditure_total.amount, acc.expenditure.basic.amount, acc.expenditure.project.amount,
               acc.fiscal.grand_total.amount, acc.fiscal.general_budget.amount, acc.basic.total.amount,
               acc.basic.personnel.amount, acc.basic.public.amount, acc.sangong.total.amount,
               acc.sangong.vehicle.amount, acc.sangong.reception.amount, acc.operating_costs.amount,
               *(line.amount for line in acc.function_lines), *(line.amount for line in acc.economic_lines),
               *(s.amount for s in acc.income_sources)]
    missing = [fmt_trim(a) for a in amounts if f"{fmt_trim(a)}万元" not in text]
    assert missing == []


def test_the_contradictions_are_recorded_in_the_document_notes(rendered):
    _, doc, log = rendered
    assert any("86.4%→86.5%" in a for a in log.adjustments)
