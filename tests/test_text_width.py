"""``text_reader.width`` decides the common blocks without asking ``unicodedata``: it must agree with
``unicodedata.east_asian_width`` (W or F counts 2) on every code point, and on whole lines."""
from __future__ import annotations

import unicodedata

from jixiao.cli.output import pad
from jixiao.ingest.text_reader import _plausible, unwrap, width


def test_width_matches_unicodedata_on_every_code_point() -> None:
    wrong = [cp for cp in range(0x110000)
             if width(chr(cp)) != (2 if unicodedata.east_asian_width(chr(cp)) in "WF" else 1)]
    assert wrong == []


def test_width_of_a_line() -> None:
    assert width("") == 0
    assert width("支出合计12.5万元，增长3%。") == 2 * 10 + 6   # 10 wide (incl. ，。) and 6 narrow
    assert width("“三公”经费—0.5") == 2 * 4 + 6   # the curly quotes and the dash are narrow
    assert pad("收入", 6) == "收入  "


def test_plausible_counts_the_characters_of_a_chinese_report() -> None:
    assert _plausible("") == 1.0
    assert _plausible("收入100万元。\n") == 1.0
    assert _plausible("收入\x01\x02") == 0.5


def test_unwrap_joins_a_text_cut_at_one_width() -> None:
    row = "某某单位本年度收入合计一百万元支出合计九十万元结余十万元"   # 28 characters, width 56
    lines = [(row[:20] + ("。" if k % 3 == 2 else ""), f"L{k}") for k in range(9)]
    assert all(width(t) in (40, 42) for t, _ in lines)
    out = unwrap(lines)
    assert len(out) == 3 and out[0][1] == "L0" and out[0][0].count("某某") == 3
