"""Every whole of ``audit/data/decompositions.yaml`` read as data: a ``其中`` list naming each of its
parts once that adds up holds, one that falls short is an error when the entry is complete (naming
every part proves the list whole) and is not an error when it is not (the list may leave parts out)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.audit.engine import Auditor, audit_text
from jixiao.audit.statements import decompositions

AUDITOR = Auditor()
ENTRIES = [d for d in decompositions() if not d.derived]


def _sentence(d, total: Decimal) -> str:   # type: ignore[no-untyped-def]
    parts = "，".join(f"{words[0]}{10 * (k + 1)}.00万元" for k, words in enumerate(d.parts))
    return f"2023年{d.whole[0]}{total}万元，其中：{parts}。"


def _sum(d) -> Decimal:   # type: ignore[no-untyped-def]
    return sum((Decimal(10 * (k + 1)) for k in range(len(d.parts))), Decimal(0))


@pytest.mark.parametrize("d", ENTRIES, ids=[d.whole[0] + ("" if d.complete else "（不完整）") for d in ENTRIES])
def test_a_list_of_the_parts_that_adds_up_holds(d) -> None:   # type: ignore[no-untyped-def]
    result = audit_text(_sentence(d, _sum(d) + Decimal("0.00")), AUDITOR)
    assert result.relations >= 1 and not result.findings


@pytest.mark.parametrize("d", ENTRIES, ids=[d.whole[0] + ("" if d.complete else "（不完整）") for d in ENTRIES])
def test_a_list_of_the_parts_that_falls_short(d) -> None:   # type: ignore[no-untyped-def]
    total = _sum(d) * Decimal("1.5")
    severities = {f.severity.value for f in audit_text(_sentence(d, total), AUDITOR).findings if f.rule_id == "AUDIT-SUM"}
    assert severities == ({"error"} if d.complete else set())


def test_the_car_part_of_sangong_may_be_listed_as_its_two_parts() -> None:
    derived = [d for d in decompositions() if d.derived and "三公" in d.whole]
    assert derived and len(derived[0].parts) == 4
