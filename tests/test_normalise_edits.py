"""The length-changing edits of normalise: a line is searched only with the alternatives that can
match in it (a gloss needs "(", a thousands separator a comma before a digit, a space a space);
that must find exactly what the three alternatives together find."""
from __future__ import annotations

import random
import re

from jixiao.ingest import normalise
from jixiao.ingest.normalise import NO_EDITS, Edits, normalise_line

ALL = re.compile("|".join((normalise._PINYIN, normalise._THOUSANDS, normalise._SPACE)))   # the three, in order


def _with_all(text: str) -> tuple[str, Edits]:
    """What _edit gives when every line is searched with the three alternatives together."""
    if not (" " in text or "\u3000" in text or ("," in text and normalise._DIGIT_COMMA.search(text))
            or ("(" in text and normalise._PAREN_LATIN.search(text))):
        return text, NO_EDITS
    return normalise._apply(text, list(ALL.finditer(text)))


def test_the_three_alternatives_are_the_full_pattern_in_order():
    assert ALL.pattern == "|".join((normalise._PINYIN, normalise._THOUSANDS, normalise._SPACE))
    assert ALL.groupindex.keys() == {"pinyin", "thousands", "space"}
    assert [p.pattern for _, p in normalise._ONE_EDIT] == [normalise._PINYIN, normalise._THOUSANDS, normalise._SPACE]


def test_each_kind_of_edit_is_still_made():
    assert normalise_line("收入1,234,567.89万元")[0] == "收入1234567.89万元"
    assert normalise_line("数(shù)据 2024 年")[0] == "数据2024年"
    assert normalise_line("支出 552. 21万元 ，其中")[0] == "支出552.21万元,其中"


def test_searching_only_the_alternatives_a_line_can_match_finds_the_same_edits():
    pieces = list("0123456789,,,.. (()) \u3000万元预算数āǎü%;:。、!?“\"-+abcz٣") + [
        "shù", "(shù)", "(ān)", "1,234", "1,234,567", "٣,٣٣٣", "2024 年", "， 其中", "552. 21", "32.45万元 ，"]
    rnd = random.Random(10)
    for _ in range(20_000):
        # (the edits run on mapped text, as normalise_line and normalise_lines hand it: a full-width
        # space, a full-width digit or comma is half-width by then)
        text = normalise._map_chars("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16))))
        assert normalise._edit(text) == _with_all(text), repr(text)
