"""Relations added for the cross-checks (relations.py): restatements, rounded operands, implied bases."""
from decimal import Decimal as D

import pytest

from jixiao import relations as R


@pytest.mark.parametrize("a, b, places, ok", [
    ("2.03", "2.04", None, False),       # the same figure stated twice: no slack
    ("477.35", "477.52", None, False),
    ("188.9", "188.94", None, True),     # compared at the coarser precision
    ("6.8", "6.78", 2, False),           # Sichuan drops trailing zeros: 6.8 means 6.80
    ("6.8", "6.80", 2, True),
])
def test_same_figure(a, b, places, ok):
    assert R.same_figure(D(a), D(b), places=places).ok is ok


def test_ratio_of_rounded_operands_widens_the_tolerance():
    # 公用经费 +6.78 on 32.45: prior 25.67 gives 26.41%, but 6.78±0.005 on (32.45−6.78)±0.01 allows 26.44%
    assert not R.change_rate_from_amount(D("26.44"), D("32.45"), D("6.78")).ok
    assert R.ratio_of_rounded(D("26.44"), D("6.78"), D("25.67"), numerator_half=D("0.005"),
                              denominator_half=D("0.01")).ok
    assert not R.ratio_of_rounded(D("25.5"), D("6.8"), D("25.65"), numerator_half=D("0.005"),
                                  denominator_half=D("0.01")).ok


def test_implied_base_carries_the_rounding_of_rate_and_amount():
    low, middle, high = R.implied_base(D("29.1"), D("2.04"), numerator_half=D("0.005"))
    assert low < D("7.01") < high and R.quantize(middle, 2) == D("7.01")
    assert not (low <= D(17) <= high)
    assert R.implied_base(D("0.0"), D(0), numerator_half=D("0.005"))[0] == 0
    assert R.implied_base(D("0.0"), D(1), numerator_half=D("0.005")) is None


def test_half_unit():
    assert R.half_unit(D("2.04")) == D("0.005") and R.half_unit(D("188.9"), 2) == D("0.005")
