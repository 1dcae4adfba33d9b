"""Amounts keep the precision the unit gave them; percentages keep the unit's decimals."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import example
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render import fmt as F
from jixiao.render.blocks import plain_text
from jixiao.render.package import render_document
from jixiao.render.scores import ScoreBook

S4 = example("yanjiang-xinfang-2022.yaml")


def test_amounts_keep_three_decimals_and_quotients_do_not():
    assert F.amount(Decimal("89.974"), F.Precision()) == "89.974"
    assert F.amount(Decimal("89.974"), F.Precision(amount="fixed")) == "89.974"
    assert F.amount(Decimal("89.9"), F.Precision(amount="fixed")) == "89.90"
    assert F.amount(Decimal(1) / Decimal(3), F.Precision()) == "0.33"        # arithmetic, not a stated figure
    assert F.table_amount(Decimal("1089.974")) == "1,089.974"
    assert F.table_amount(Decimal("1089.9")) == "1,089.90"


def _text(tmp_path: Path, replacements: list[tuple[str, str]]) -> str:
    body = Path(S4).read_text("utf-8")
    for old, new in replacements:
        assert old in body
        body = body.replace(old, new, 1)
    path = tmp_path / "s4.yaml"
    path.write_text(body, "utf-8")
    run = with_metrics(load_and_validate(str(path)))
    doc, *_ = render_document(run.filing, run.metrics, charts=False, scores=ScoreBook())
    return plain_text(doc)


def test_a_three_decimal_amount_prints_as_given(tmp_path):
    text = _text(tmp_path, [("amount: 717.21              # S4:L19", "amount: 717.214              # S4:L19")])
    assert "收入总计717.214万元" in text or "收、支总计717.214万元" in text


def test_a_percentage_published_with_two_decimals_keeps_two(tmp_path):
    text = _text(tmp_path, [('general_budget_share: "100.0%"', 'general_budget_share: "100.00%"')])
    assert "占本年支出合计的100.00%" in text
    plain = _text(tmp_path, [])
    assert "占本年支出合计的100.0%" in plain


SPEND = """    expenditure_grand_total:
      amount: 717.21              # S4:L19 (same statement "收、支总计…各减少18.09万元，下降2.5%", kept once above)
"""


def test_separate_income_and_expenditure_changes_each_get_their_own_clause(tmp_path):
    text = _text(tmp_path, [(SPEND, SPEND + """      published:
        expenditure_grand_total_change: "减少20.5万元"
        expenditure_grand_total_change_rate: "下降2.78%"
""")])
    assert "收入总计减少18.09万元，下降2.5%；支出总计减少20.5万元，下降2.78%。" in text
    assert "年相比，收、支总计各减少18.09万元" not in text


def test_one_stated_change_for_both_totals_keeps_the_joint_wording(tmp_path):
    assert "收、支总计各减少18.09万元，下降2.5%。" in _text(tmp_path, [])


def test_validate_flags_the_income_key_filed_under_the_expenditure_total(tmp_path):
    from jixiao.pipeline import load_and_validate as lv

    body = Path(S4).read_text("utf-8").replace(SPEND, SPEND + """      published:
        grand_total_change: "减少20.5万元"
""", 1)
    path = tmp_path / "misplaced.yaml"
    path.write_text(body, "utf-8")
    found = [f for f in lv(str(path)).findings if f.rule_id == "PUBLISHED-KEY-MISPLACED"]
    assert len(found) == 1 and "expenditure_grand_total_change" in found[0].message and "支出总计" in found[0].message
    assert not [f for f in lv(S4).findings if f.rule_id == "PUBLISHED-KEY-MISPLACED"]
