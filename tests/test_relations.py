"""Shared relations: tolerance at the stated precision, sums, shares, changes (DOMAIN §6, §8)."""
from decimal import Decimal as D

import pytest

from jixiao import relations as R


@pytest.mark.parametrize("stated, num, den, ok", [
    ("87.3", "1.78", "2.04", True),      # 87.25 → 87.3 half-up [S4:L100]
    ("26.5", "6.8", "25.65", True),      # 26.51 [S4:L130]
    ("77.43", "178.28", "230.25", True), # [S0:L9]
    ("91.30", "21", "23", True),
    ("-10.53", "-0.73", "2.76", False),  # −26.45 is right [S4:L2379]
    ("99.42", "65.16", "65.54", True),
    ("0.57", "0.38", "65.54", True),     # 0.5798 → 0.58; one unit of slack accepts 0.57
])
def test_ratio_at_stated_precision(stated, num, den, ok):
    assert R.ratio(D(stated), D(num), D(den)).ok is ok


def test_strict_removes_the_slack():
    assert R.ratio(D("0.57"), D("0.38"), D("65.54")).ok
    assert not R.ratio(D("0.57"), D("0.38"), D("65.54"), strict=True).ok


def test_ratio_with_zero_denominator_is_not_ok():
    verdict = R.ratio(D("0.0"), D("0"), D("0"))
    assert not verdict.ok and verdict.computed is None


def test_total_of_parts():
    assert R.total_of(D("477.52"), [D("196.82"), D("78.85"), D("188.9"), D("12.6"), D("0.35")]).ok
    card = [D(x) for x in "3 4 6 0 5 3 2 1 3 7 2 4 6 5 5 0 5 0 5 10".split()]   # S4 card 2: items add to 76
    assert not R.total_of(D("81"), card, rounded_parts=False).ok
    assert R.total_of(D("76"), card, rounded_parts=False).ok


def test_total_of_rounded_parts_allows_half_units():
    parts = [D("0.01")] * 4
    assert R.total_of(D("0.06"), parts).ok          # 4 parts × 0.005 = 0.02 slack
    assert not R.total_of(D("0.07"), parts).ok


def test_change_on_the_right_base():
    assert R.change_rate(D("-2.5"), D("717.21"), D("735.30")).ok
    assert not R.change_rate(D("-2.5"), D("717.21"), D("800")).ok
    assert R.change_rate_from_amount(D("-2.5"), D("717.21"), D("-18.09")).ok
    assert R.change_rate_from_amount(D("26.5"), D("32.45"), D("6.8")).ok


def test_largest_remainder_totals_exactly_100():
    parts = [D("477.52"), D("36.08"), D("13.45"), D("25.33")]
    adjusted = R.largest_remainder(parts, 1)
    assert sum(adjusted) == D(100)
    assert adjusted == [D("86.5"), D("6.5"), D("2.4"), D("4.6")]


def test_s4_class_shares_adjusted_to_100_are_accepted_even_strictly():
    # S4:L56 prints 86.4 + 6.5 + 2.5 + 4.6 = 100.0: 卫生健康 2.435 was pushed up to 2.5
    parts = [D("477.52"), D("36.08"), D("13.45"), D("25.33")]
    verdicts = R.shares([D("86.4"), D("6.5"), D("2.5"), D("4.6")], parts, strict=True)
    assert all(v.ok for v in verdicts)
    assert verdicts[2].note and "100%" in verdicts[2].note
    assert verdicts[0].note is None


def test_shares_off_by_more_than_rounding_are_not_accepted():
    parts = [D("477.52"), D("36.08"), D("13.45"), D("25.33")]
    verdicts = R.shares([D("86.3"), D("6.6"), D("2.5"), D("4.6")], parts, strict=True)
    assert not verdicts[0].ok and not verdicts[1].ok


def test_adjusted_shares_are_accepted_and_said_so():
    # plain rounding gives 33.3 ×3 = 99.9; a unit that forced 100% wrote 33.4 for one of them
    verdicts = R.shares([D("33.4"), D("33.3"), D("33.3")], [D(1), D(1), D(1)], strict=True)
    assert all(v.ok for v in verdicts)
    assert verdicts[0].note and "最大余额法" in verdicts[0].note


def test_swapped_shares_are_not_accepted():
    verdicts = R.shares([D("12.7"), D("87.3")], [D("1.78"), D("0.26")])
    assert [v.ok for v in verdicts] == [False, False]


@pytest.mark.parametrize("word, change, ok", [
    ("减少", D("-18.09"), True), ("增加", D("6.8"), True), ("下降", D("1"), False), ("增长", D("-1"), False),
    ("增长", D("0"), True),
])
def test_direction_words(word, change, ok):
    assert R.direction_matches(word, change) is ok


def test_score_within_maximum():
    assert R.within_maximum(D("5"), D("5")).ok
    assert not R.within_maximum(D("5.5"), D("5")).ok


def test_score_total_exact_or_within_the_range_of_unscored_items():
    assert R.score_total(D("9.5"), [D("4.5"), D("5")]).ok
    assert not R.score_total(D("10"), [D("4.5"), D("5")]).ok          # scores add exactly, no slack
    ranged = R.score_total(D("12"), [D("4.5"), D("5")], [D("5")])
    assert ranged.ok and not ranged.verifiable and (ranged.low, ranged.high) == (D("9.5"), D("14.5"))
    assert not R.score_total(D("15"), [D("4.5"), D("5")], [D("5")]).ok
