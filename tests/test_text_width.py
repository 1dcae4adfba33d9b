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


def _plausible_by_loop(text: str) -> float:
    """The definition, one character at a time (the oracle for the substitution in text_reader)."""
    sample = text[:2000]
    if not sample:
        return 1.0
    good = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\t\r\n"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·")
    return good / len(sample)


def test_plausible_matches_its_definition_on_random_text() -> None:
    import random

    rng = random.Random(7)
    alphabet = "收入支出，。“”‘’—…·ab 12\t\r\n\u3000\uff01\uffef\x01\x7f\u0400\u2014\u2015\ufffd\U0001f600"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 2100)))
        assert _plausible(text) == _plausible_by_loop(text)
