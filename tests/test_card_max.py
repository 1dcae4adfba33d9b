"""满分 comes from the card's own weights, never a hard-coded 100 (terminal, --xlsx, rendered form)."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from conftest import example
from jixiao.pipeline import load_and_validate
from jixiao.scoring.engine import score_filing
from jixiao.scoring.xlsx import write_scorecards

S0 = example("zhanyi-xinfang-2023.yaml")


def _ninety(tmp_path: Path) -> str:
    lines = Path(S0).read_text("utf-8").splitlines()
    assert lines[86].strip().startswith("weight: 20")          # the first project's first indicator (S0:L66)
    lines[86] = lines[86].replace("weight: 20", "weight: 10")
    path = tmp_path / "ninety.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return str(path)


def test_a_card_whose_weights_add_to_90_has_max_90(tmp_path):
    result, _ = score_filing(load_and_validate(_ninety(tmp_path)).filing)
    assert [c.max_total for c in result.projects][:2] == [90, 100]


def test_score_xlsx_writes_the_cards_own_max(tmp_path):
    result, _ = score_filing(load_and_validate(_ninety(tmp_path)).filing)
    out = tmp_path / "scores.xlsx"
    write_scorecards(result, str(out))
    sheet = openpyxl.load_workbook(out).worksheets[0]
    row = next(r for r in sheet.iter_rows() if r[1].value == "合计（计算）")
    assert row[2].value == 90
