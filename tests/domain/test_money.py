"""Money, numbers and percents: loyaltydesk.domain.money."""

import pytest

from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.money import (
    AMOUNT_FRACTION,
    AMOUNT_INVALID,
    AMOUNT_NEGATIVE,
    AMOUNT_TOO_LARGE,
    INTEGER_INVALID,
    MAX_AMOUNT,
    PERCENT_INVALID,
    PERSIAN_THOUSANDS,
    Unit,
    format_money,
    format_number,
    format_percent_bp,
    group_thousands,
    parse_amount,
    parse_int,
    parse_percent_bp,
)

SEP = "\u066c"  # ٬ Persian thousands separator
DEC = "\u066b"  # ٫ Persian decimal separator


def test_separators():
    assert PERSIAN_THOUSANDS == SEP


@pytest.mark.parametrize(
    "unit, rials, label",
    [(Unit.TOMAN, 10, "تومان"), (Unit.RIAL, 1, "ریال")],
)
def test_unit(unit, rials, label):
    assert unit.rials == rials
    assert unit.label_fa == label
    assert Unit(unit.value) is unit


@pytest.mark.parametrize(
    "n, sep, expected",
    [
        (0, ",", "0"),
        (999, ",", "999"),
        (1000, ",", "1,000"),
        (12_500_000, ",", "12,500,000"),
        (12_500_000, SEP, f"12{SEP}500{SEP}000"),
        (-1234, ",", "-1,234"),
        (10**15, ",", "1,000,000,000,000,000"),
    ],
)
def test_group_thousands(n, sep, expected):
    assert group_thousands(n, sep) == expected


@pytest.mark.parametrize(
    "rials, unit, persian, expected",
    [
        # the DOMAIN example
        (125_000_000, Unit.TOMAN, True, "۱۲٬۵۰۰٬۰۰۰ تومان"),
        (125_000_000, "toman", True, "۱۲٬۵۰۰٬۰۰۰ تومان"),
        (125_000_000, Unit.RIAL, True, "۱۲۵٬۰۰۰٬۰۰۰ ریال"),
        (125_000_000, "rial", True, "۱۲۵٬۰۰۰٬۰۰۰ ریال"),
        (125_000_000, Unit.TOMAN, False, "12,500,000 toman"),
        (125_000_000, Unit.RIAL, False, "125,000,000 rial"),
        (12_500_000, Unit.TOMAN, True, "۱٬۲۵۰٬۰۰۰ تومان"),
        (0, Unit.TOMAN, True, "۰ تومان"),
        (0, Unit.RIAL, False, "0 rial"),
        (10, Unit.TOMAN, True, "۱ تومان"),
        (9_990, Unit.TOMAN, True, "۹۹۹ تومان"),
        (10_000, Unit.TOMAN, True, "۱٬۰۰۰ تومان"),
        (999, Unit.RIAL, True, "۹۹۹ ریال"),
        (1_000, Unit.RIAL, True, "۱٬۰۰۰ ریال"),
        # odd rials in toman show one decimal
        (125, Unit.TOMAN, True, "۱۲٫۵ تومان"),
        (125, Unit.TOMAN, False, "12.5 toman"),
        (5, Unit.TOMAN, True, "۰٫۵ تومان"),
        (1, Unit.TOMAN, False, "0.1 toman"),
        (125_000_003, Unit.TOMAN, True, "۱۲٬۵۰۰٬۰۰۰٫۳ تومان"),
        (1_234_567_891, Unit.TOMAN, False, "123,456,789.1 toman"),
        (125, Unit.RIAL, True, "۱۲۵ ریال"),
        # negative amounts (a refund, a correction)
        (-125_000, Unit.TOMAN, True, "-۱۲٬۵۰۰ تومان"),
        (-125_000, Unit.TOMAN, False, "-12,500 toman"),
        (-125, Unit.TOMAN, True, "-۱۲٫۵ تومان"),
        (-125, Unit.TOMAN, False, "-12.5 toman"),
        (-5, Unit.TOMAN, False, "-0.5 toman"),
        (-1_000, Unit.RIAL, True, "-۱٬۰۰۰ ریال"),
        (10**15, Unit.RIAL, False, "1,000,000,000,000,000 rial"),
    ],
)
def test_format_money(rials, unit, persian, expected):
    assert format_money(rials, unit, persian) == expected


def test_format_money_defaults_to_persian_toman():
    assert format_money(125_000_000) == "۱۲٬۵۰۰٬۰۰۰ تومان"


def test_format_money_uses_the_persian_separators():
    text = format_money(125_000_003)
    assert text.count(SEP) == 2 and text.count(DEC) == 1 and "," not in text and "." not in text


def test_format_money_rejects_an_unknown_unit():
    with pytest.raises(ValueError):
        format_money(100, "dollar")


@pytest.mark.parametrize(
    "n, persian, expected",
    [
        (0, True, "۰"),
        (999, True, "۹۹۹"),
        (1000, True, "۱٬۰۰۰"),
        (1_234_567, True, "۱٬۲۳۴٬۵۶۷"),
        (-1_234, True, "-۱٬۲۳۴"),
        (1_234_567, False, "1,234,567"),
        (-1_234, False, "-1,234"),
        (0, False, "0"),
    ],
)
def test_format_number(n, persian, expected):
    assert format_number(n, persian) == expected


@pytest.mark.parametrize(
    "text, unit, expected",
    [
        # toman in, rials out
        ("12500", Unit.TOMAN, 125_000),
        ("12,500", Unit.TOMAN, 125_000),
        ("۱۲٬۵۰۰", Unit.TOMAN, 125_000),
        ("١٢٬٥٠٠", Unit.TOMAN, 125_000),
        ("12 500", Unit.TOMAN, 125_000),
        ("12\u00a0500", Unit.TOMAN, 125_000),
        ("12'500", Unit.TOMAN, 125_000),
        ("12_500", Unit.TOMAN, 125_000),
        ("۱۲۵۰۰", Unit.TOMAN, 125_000),
        ("1,250,000", Unit.TOMAN, 12_500_000),
        ("  7 ", Unit.TOMAN, 70),
        ("0", Unit.TOMAN, 0),
        ("12.5", Unit.TOMAN, 125),  # decimal toman = whole rials
        ("12٫5", Unit.TOMAN, 125),
        ("۱۲٫۵", Unit.TOMAN, 125),
        ("12/5", Unit.TOMAN, 125),
        ("12.50", Unit.TOMAN, 125),
        ("12.0", Unit.TOMAN, 120),
        ("0.1", Unit.TOMAN, 1),
        ("1,234.5", Unit.TOMAN, 12_345),
        ("۱۲٬۵۰۰٫۵", Unit.TOMAN, 125_005),
        ("100", "toman", 1_000),  # unit as text
        (12_500, Unit.TOMAN, 125_000),  # an int is in the display unit too
        (0, Unit.TOMAN, 0),
        ("100000000000000", Unit.TOMAN, MAX_AMOUNT),  # 10**14 toman is the maximum
        # rial in, rials out
        ("12500", Unit.RIAL, 12_500),
        ("12,500", Unit.RIAL, 12_500),
        ("۱۲٬۵۰۰", Unit.RIAL, 12_500),
        ("12 500", Unit.RIAL, 12_500),
        ("12.0", Unit.RIAL, 12),
        ("125", "rial", 125),
        (125, Unit.RIAL, 125),
        ("1000000000000000", Unit.RIAL, MAX_AMOUNT),
    ],
)
def test_parse_amount(text, unit, expected):
    got = parse_amount(text, unit)
    assert got == expected
    assert type(got) is int


def test_parse_amount_defaults_to_rials():
    assert parse_amount("12,500") == 12_500


@pytest.mark.parametrize(
    "text, unit, template",
    [
        ("-5", Unit.TOMAN, AMOUNT_NEGATIVE),
        ("-12,500", Unit.RIAL, AMOUNT_NEGATIVE),
        ("-۱۲۵", Unit.TOMAN, AMOUNT_NEGATIVE),
        ("-12.5", Unit.TOMAN, AMOUNT_NEGATIVE),
        (-5, Unit.TOMAN, AMOUNT_NEGATIVE),
        (-1, Unit.RIAL, AMOUNT_NEGATIVE),
        ("abc", Unit.TOMAN, AMOUNT_INVALID),
        ("12a", Unit.TOMAN, AMOUNT_INVALID),
        ("", Unit.TOMAN, AMOUNT_INVALID),
        ("   ", Unit.RIAL, AMOUNT_INVALID),
        (None, Unit.TOMAN, AMOUNT_INVALID),
        ("12 تومان", Unit.TOMAN, AMOUNT_INVALID),
        ("+12", Unit.TOMAN, AMOUNT_INVALID),
        ("1e5", Unit.TOMAN, AMOUNT_INVALID),
        ("12..5", Unit.TOMAN, AMOUNT_INVALID),
        ("12.5.0", Unit.TOMAN, AMOUNT_INVALID),
        (".5", Unit.TOMAN, AMOUNT_INVALID),
        ("--5", Unit.TOMAN, AMOUNT_INVALID),
        ("😀", Unit.TOMAN, AMOUNT_INVALID),
        (True, Unit.TOMAN, AMOUNT_INVALID),  # a bool is not an amount
        ("12.55", Unit.TOMAN, AMOUNT_FRACTION),  # a fraction of a rial
        ("12.05", Unit.TOMAN, AMOUNT_FRACTION),
        ("0.01", Unit.TOMAN, AMOUNT_FRACTION),
        ("12.5", Unit.RIAL, AMOUNT_FRACTION),
        ("۱۲٫۵", Unit.RIAL, AMOUNT_FRACTION),
        ("100000000000001", Unit.TOMAN, AMOUNT_TOO_LARGE),
        ("1000000000000001", Unit.RIAL, AMOUNT_TOO_LARGE),
        ("1234567890123456789", Unit.RIAL, AMOUNT_TOO_LARGE),
        ("9" * 40, Unit.TOMAN, AMOUNT_TOO_LARGE),
        (10**15 + 1, Unit.RIAL, AMOUNT_TOO_LARGE),
        (10**14 + 1, Unit.TOMAN, AMOUNT_TOO_LARGE),
    ],
)
def test_parse_amount_rejects(text, unit, template):
    with pytest.raises(ValidationError) as info:
        parse_amount(text, unit)
    (problem,) = info.value.problems
    assert problem.template == template
    assert problem.field == "amount"


def test_parse_amount_uses_the_given_field():
    with pytest.raises(ValidationError) as info:
        parse_amount("x", Unit.TOMAN, field="gross")
    assert info.value.problems[0].field == "gross"


@pytest.mark.parametrize("rials", [0, 1, 5, 10, 125, 999, 12_500_000, 125_000_003, 10**15])
@pytest.mark.parametrize("unit", list(Unit))
def test_format_then_parse_round_trips(rials, unit):
    shown = format_money(rials, unit, persian=True)
    number = shown.rsplit(" ", 1)[0]
    assert parse_amount(number, unit) == rials


@pytest.mark.parametrize(
    "text, expected",
    [
        ("5", 500),
        ("2.5", 250),
        ("۲٫۵", 250),
        ("٢٫٥", 250),
        ("۲.۵", 250),
        ("2.50", 250),
        ("2.05", 205),
        ("12.34", 1234),
        ("0.01", 1),
        ("0.1", 10),
        ("0", 0),
        ("100", 10_000),
        ("100.00", 10_000),
        ("5%", 500),
        ("5٪", 500),
        (" 7.5 % ", 750),
        ("۱۰۰", 10_000),
        (5, 500),
        (0, 0),
    ],
)
def test_parse_percent_bp(text, expected):
    assert parse_percent_bp(text, "discount") == expected


@pytest.mark.parametrize(
    "text, maximum, expected",
    [
        ("150", 1000, 15_000),
        ("1000", 1000, 100_000),
        ("0.5", 1, 50),
        ("1", 1, 100),
    ],
)
def test_parse_percent_bp_with_a_maximum(text, maximum, expected):
    assert parse_percent_bp(text, "multiplier", maximum=maximum) == expected


@pytest.mark.parametrize(
    "text, maximum",
    [
        ("101", 100),
        ("100.01", 100),
        ("-1", 100),
        ("-0.5", 100),
        ("abc", 100),
        ("2.555", 100),  # more precision than a basis point
        ("", 100),
        (None, 100),
        ("%", 100),
        ("1e2", 100),
        ("2..5", 100),
        (".5", 100),
        ("5 درصد", 100),
        ("1001", 1000),
        ("1.01", 1),
    ],
)
def test_parse_percent_bp_rejects(text, maximum):
    with pytest.raises(ValidationError) as info:
        parse_percent_bp(text, "discount", maximum=maximum)
    (problem,) = info.value.problems
    assert problem.field == "discount"
    assert problem.template == PERCENT_INVALID
    assert problem.params == {"value": text, "maximum": maximum}
    assert str(maximum) in problem.message


@pytest.mark.parametrize(
    "bp, expected",
    [
        (500, "5"),
        (250, "2.5"),
        (205, "2.05"),
        (1234, "12.34"),
        (5, "0.05"),
        (10, "0.1"),
        (1, "0.01"),
        (0, "0"),
        (100, "1"),
        (10_000, "100"),
        (15_000, "150"),
        (9_999, "99.99"),
    ],
)
def test_format_percent_bp(bp, expected):
    assert format_percent_bp(bp) == expected


def test_percent_round_trips():
    for bp in range(0, 10_001):
        assert parse_percent_bp(format_percent_bp(bp), "p") == bp


@pytest.mark.parametrize(
    "text, minimum, maximum, expected",
    [
        ("42", None, None, 42),
        ("-7", None, None, -7),
        ("+7", None, None, 7),
        ("۴۲", None, None, 42),
        ("٤٢", None, None, 42),
        ("-۳", None, None, -3),
        ("1,000", None, None, 1000),
        ("۱٬۰۰۰", None, None, 1000),
        ("1 000", None, None, 1000),
        (" 12 ", None, None, 12),
        ("007", None, None, 7),
        (5, None, None, 5),
        (-5, None, None, -5),
        ("5", 0, 10, 5),
        ("0", 0, 10, 0),
        ("10", 0, 10, 10),
        ("120", 0, 120, 120),
        ("999999999999999999", None, None, 999_999_999_999_999_999),
    ],
)
def test_parse_int(text, minimum, maximum, expected):
    assert parse_int(text, "n", minimum, maximum) == expected


@pytest.mark.parametrize(
    "text",
    ["4.2", "abc", "", "   ", None, "1234567890123456789", "12a", "--1", "+-1", "1e3", True, "½", "😀"],
)
def test_parse_int_rejects_non_integers(text):
    with pytest.raises(ValidationError) as info:
        parse_int(text, "months")
    (problem,) = info.value.problems
    assert problem.field == "months"
    assert problem.template == INTEGER_INVALID


@pytest.mark.parametrize(
    "text, minimum, maximum",
    [
        ("11", 0, 10),
        ("-1", 0, 10),
        (11, 0, 10),
        ("121", 0, 120),
        ("-1", 0, None),
        ("1000", None, 999),
    ],
)
def test_parse_int_rejects_out_of_bounds(text, minimum, maximum):
    with pytest.raises(ValidationError) as info:
        parse_int(text, "months", minimum, maximum)
    (problem,) = info.value.problems
    assert problem.field == "months"
    assert problem.params["value"] == text
    # the message a person reads names the bounds that exist, never "None"
    assert "None" not in problem.message
    for bound in (minimum, maximum):
        if bound is not None:
            assert str(bound) in problem.message
