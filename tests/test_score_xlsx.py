"""`jixiao score --xlsx`: points are live formulas, and their computed values are stored with them."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from conftest import example
from libreoffice_calc import libreoffice_csv as _libreoffice_csv
from jixiao.ingest.load import load_filing
from jixiao.scoring import score_filing
from jixiao.scoring.xlsx import HEAD_ROW, write_scorecards

NAMES = ["yanjiang-xinfang-2022.yaml", "zhanyi-xinfang-2023.yaml"]


def _write(tmp_path: Path, name: str):
    filing, _ = load_filing(example(name))
    result, _ = score_filing(filing)
    out = tmp_path / (name[:-5] + ".xlsx")
    write_scorecards(result, str(out))
    return result, out


def _cards(result):
    return list(result.projects) + ([result.department] if result.department else [])


def _columns(rows) -> dict[str, int]:
    return {str(h): i for i, h in enumerate(rows[HEAD_ROW])}


def _same(cell, expected) -> bool:
    if expected is None:
        return cell in ("", "无法计算")
    if isinstance(expected, str):
        return cell == expected
    return isinstance(cell, (int, float)) and abs(Decimal(str(cell)) - expected) < Decimal("0.000001")


def _expected_points(item):
    if item.status == "scored":
        return item.points
    if item.status == "range":
        return f"{item.low.normalize():f}~{item.high.normalize():f}"
    return {"insufficient_evidence": "证据不足", "rule_unknown": "规则未知", "not_applicable": "不适用"}.get(item.status)


def _check_sheet(rows, card) -> None:
    col = _columns(rows)
    for offset, item in enumerate(card.items):
        row = rows[HEAD_ROW + 1 + offset]
        assert row[1] == item.name
        assert _same(row[col["得分（公式）"]], _expected_points(item)), (card.name, item.name, row[col["得分（公式）"]])
        assert _same(row[col["计入合计"]], item.counted), (card.name, item.name)
    total_row = rows[HEAD_ROW + 1 + len(card.items) + 1]
    assert total_row[1] == "合计（计算）"
    assert _same(total_row[col["计入合计"]], card.total)
    grade_row = rows[HEAD_ROW + 1 + len(card.items) + 2]
    assert grade_row[col["计入合计"]] == (card.grade or "无法计算")


@pytest.mark.parametrize("name", NAMES)
def test_cached_values_read_back(tmp_path, name):
    result, path = _write(tmp_path, name)
    book = CalamineWorkbook.from_path(str(path))
    assert len(book.sheet_names) == len(_cards(result))
    for sheet, card in zip(book.sheet_names, _cards(result)):
        _check_sheet(book.get_sheet_by_name(sheet).to_python(), card)


def test_points_are_formulas(tmp_path):
    from openpyxl import load_workbook

    result, path = _write(tmp_path, NAMES[0])
    sheet = load_workbook(path)[result.projects[0].name]
    rows = list(sheet.iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[HEAD_ROW])}
    arrival = next(r for r in rows if r[1] == "资金到位率")
    assert arrival[col["得分（公式）"]].startswith("=IF(COUNT(")
    assert "INT(" in arrival[col["得分（公式）"]]                 # ceil of the shortfall
    assert arrival[col["值1"]] == "=65.16/65.54*100"              # the rate is a formula over its operands


def test_libreoffice_recalculation_matches(tmp_path):
    from openpyxl import load_workbook

    result, path = _write(tmp_path, NAMES[0])
    card = result.projects[0]
    book = load_workbook(path)            # change one input: 资金到位率 97% → 2 points, total 78
    sheet = book[card.name]
    rows = list(sheet.iter_rows())
    col = {c.value: i for i, c in enumerate(rows[HEAD_ROW])}
    arrival = next(r for r in rows if r[1].value == "资金到位率")
    arrival[col["值1"]].value = 97
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    recalculated = _libreoffice_csv(tmp_path, path)
    _, other = _write(tmp_path, NAMES[1])
    _compare(result, recalculated)
    filing, _ = load_filing(example(NAMES[1]))
    result_s0, _ = score_filing(filing)
    _compare(result_s0, _libreoffice_csv(tmp_path / "s0", other))
    moved = _libreoffice_csv(tmp_path / "again", changed)[card.name]
    c = {h: i for i, h in enumerate(moved[HEAD_ROW])}
    arrival_row = next(r for r in moved if r[1] == "资金到位率")
    assert Decimal(arrival_row[c["得分（公式）"]]) == 2
    assert Decimal(moved[HEAD_ROW + 1 + len(card.items) + 1][c["计入合计"]]) == card.total - 2


def _compare(result, recalculated) -> None:
    for card_ in _cards(result):
        rows_ = recalculated[card_.name]
        c = {h: i for i, h in enumerate(rows_[HEAD_ROW])}
        for offset, item in enumerate(card_.items):
            cell = rows_[HEAD_ROW + 1 + offset][c["得分（公式）"]]
            expected = _expected_points(item)
            if isinstance(expected, Decimal):
                assert Decimal(cell) == expected, (card_.name, item.name, cell)
            else:
                assert cell == expected, (card_.name, item.name, cell)
        total = rows_[HEAD_ROW + 1 + len(card_.items) + 1][c["计入合计"]]
        assert (Decimal(total) if card_.total is not None else total) == (card_.total if card_.total is not None else "无法计算")
