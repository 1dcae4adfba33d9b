from decimal import Decimal

import pytest

from jixiao.model.numbers import D, NumberError, decimals_of, fmt, fmt_trim, quantize
from jixiao.model.values import Value


@pytest.mark.parametrize("raw, expected", [
    ("552.21", Decimal("552.21")), ("５５２．２１", Decimal("552.21")), ("1,234.5", Decimal("1234.5")),
    (" -0.73 ", Decimal("-0.73")), (12, Decimal(12)), ("−18.09", Decimal("-18.09")),
])
def test_d_accepts_text_and_ints(raw, expected):
    assert D(raw) == expected


@pytest.mark.parametrize("raw", [0.1, 552.21, True, "abc", "12万", "", None, "1.2.3"])
def test_d_refuses_floats_and_non_numbers(raw):
    with pytest.raises(NumberError):
        D(raw)


@pytest.mark.parametrize("value, places, shown", [
    ("87.25", 1, "87.3"), ("26.51", 1, "26.5"), ("77.429", 2, "77.43"), ("0.005", 2, "0.01"),
    ("-0.103", 2, "-0.10"), ("2.5", 0, "3"), ("-2.5", 0, "-3"), ("-0.001", 2, "0.00"),
])
def test_display_rounds_half_up(value, places, shown):
    assert fmt(Decimal(value), places) == shown


def test_half_up_differs_from_bankers_rounding():
    # Python's round() would give 0.12 here; 四舍五入 gives 0.13
    assert quantize(Decimal("0.125"), 2) == Decimal("0.13")


def test_trimmed_display_drops_trailing_zeros():
    assert fmt_trim(Decimal("188.90")) == "188.9"
    assert fmt_trim(Decimal("0.00")) == "0"
    assert fmt_trim(Decimal("4.896")) == "4.9"


def test_decimals_of_counts_written_digits():
    assert decimals_of(Decimal("100.0")) == 1
    assert decimals_of(Decimal("91.30")) == 2
    assert decimals_of(Decimal("5")) == 0


def test_decimals_of_whole_numbers_exponents_and_specials_agree_with_the_exponent():
    for text in ("0", "-0", "100", "-5", "1E+2", "5E+3", "1E-7", "0E-10", "0.00", "-0.0", "123.4500", "NaN", "sNaN",
                 "Infinity", "-Infinity"):
        exponent = Decimal(text).as_tuple().exponent
        assert decimals_of(Decimal(text)) == (-exponent if isinstance(exponent, int) and exponent < 0 else 0), text


@pytest.mark.parametrize("text, number, unit", [
    ("63.5%", Decimal("63.5"), "%"), ("减少18.09万元", Decimal("-18.09"), "万元"),
    ("下降2.5%", Decimal("-2.5"), "%"), ("增加6.8万元", Decimal("6.8"), "万元"),
    ("-10.53%", Decimal("-10.53"), "%"), ("减少0.73元", Decimal("-0.73"), "元"), ("80", Decimal(80), None),
    ("良好", None, None), ("65.16/65.54*100%=99.42%", None, None),
])
def test_stated_values_keep_text_and_parse_number(text, number, unit):
    value = Value.parse(text)
    assert value.text == text
    assert value.number == number
    assert value.unit == unit


def test_stated_values_refuse_floats():
    with pytest.raises(NumberError):
        Value.parse(99.42)
