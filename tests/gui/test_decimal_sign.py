"""One decimal sign and whole toman in reports (defect 10).

The Persian UI and every Persian paper write a fraction with the Persian decimal sign ٫ (U+066B;
Vazirmatn draws it as a short slash), never "/" (the Jalali date separator) nor "."; English
writes ".". A report rounds money to whole units of the display unit (an average of 251,943,378
rials reads 25,194,338 toman); the checkout and its receipt keep an odd rial, after the same ٫.
"""

from __future__ import annotations

import pytest

from loyaltydesk.domain.money import (
    PERSIAN_DECIMAL, format_decimal, format_money, format_percent, round_to_unit,
)
from loyaltydesk.domain.report import Kind
from loyaltydesk.gui import i18n
from loyaltydesk.gui.models.report_table import format_value
from loyaltydesk.printing.receipts import _money as receipt_money
from loyaltydesk.printing.receipts import _percent_bp as receipt_percent
from loyaltydesk.printing.report import format_cell

MONEY = [  # rials, unit, checkout (fa), report (fa), checkout (en), report (en)
    (251_943_378, "toman", "۲۵٬۱۹۴٬۳۳۷٫۸ تومان", "۲۵٬۱۹۴٬۳۳۸ تومان", "25,194,337.8 toman", "25,194,338 toman"),
    (251_943_374, "toman", "۲۵٬۱۹۴٬۳۳۷٫۴ تومان", "۲۵٬۱۹۴٬۳۳۷ تومان", "25,194,337.4 toman", "25,194,337 toman"),
    (15, "toman", "۱٫۵ تومان", "۲ تومان", "1.5 toman", "2 toman"),          # half rounds up
    (-15, "toman", "-۱٫۵ تومان", "-۲ تومان", "-1.5 toman", "-2 toman"),     # and away from zero
    (4, "toman", "۰٫۴ تومان", "۰ تومان", "0.4 toman", "0 toman"),
    (12_500_000, "toman", "۱٬۲۵۰٬۰۰۰ تومان", "۱٬۲۵۰٬۰۰۰ تومان", "1,250,000 toman", "1,250,000 toman"),
    (182_336_855_719, "toman", "۱۸٬۲۳۳٬۶۸۵٬۵۷۱٫۹ تومان", "۱۸٬۲۳۳٬۶۸۵٬۵۷۲ تومان",
     "18,233,685,571.9 toman", "18,233,685,572 toman"),                      # a 3 % tier discount
    (251_943_378, "rial", "۲۵۱٬۹۴۳٬۳۷۸ ریال", "۲۵۱٬۹۴۳٬۳۷۸ ریال", "251,943,378 rial", "251,943,378 rial"),
]
DECIMALS = [  # value, fa, en
    (3.67, "۳٫۶۷", "3.67"), (40.0, "۴۰", "40"), (-12.5, "-۱۲٫۵", "-12.5"), (3.14159, "۳٫۱۴", "3.14"),
    (0.001, "۰", "0"), (-0.001, "۰", "0"), (4.47, "۴٫۴۷", "4.47"),
]
PERCENTS = [  # basis points, fa, en
    (250, "۲٫۵٪", "2.5%"), (1234, "۱۲٫۳۴٪", "12.34%"), (500, "۵٪", "5%"), (0, "۰٪", "0%"),
    (-250, "-۲٫۵٪", "-2.5%"), (6_667, "۶۶٫۶۷٪", "66.67%"), (10_000, "۱۰۰٪", "100%"),
]


@pytest.fixture(params=["fa", "en"])
def lang(request, qapp):
    i18n.install(qapp, request.param)
    yield request.param
    i18n.uninstall(qapp)


def _sign_ok(text: str, lang: str) -> None:
    """No "/" anywhere in a number, and only the language's own decimal sign."""
    assert "/" not in text
    if lang == "fa":
        assert "." not in text and not any(c in "0123456789" for c in text)
    else:
        assert PERSIAN_DECIMAL not in text


@pytest.mark.parametrize("rials, unit, checkout_fa, report_fa, checkout_en, report_en", MONEY)
def test_money_in_the_checkout_and_in_reports(lang, rials, unit, checkout_fa, report_fa, checkout_en, report_en):
    checkout, report = (checkout_fa, report_fa) if lang == "fa" else (checkout_en, report_en)
    shown = i18n.money(rials, unit)
    assert shown.endswith(" " + i18n.unit_name(unit))
    number = shown.rsplit(" ", 1)[0]
    assert number == checkout.rsplit(" ", 1)[0]
    assert i18n.money(rials, unit, whole=True).rsplit(" ", 1)[0] == report.rsplit(" ", 1)[0]
    # a report cell on screen is whole units
    assert format_value(rials, Kind.MONEY, unit).rsplit(" ", 1)[0] == report.rsplit(" ", 1)[0]
    for text in (shown, format_value(rials, Kind.MONEY, unit)):
        _sign_ok(text, lang)


@pytest.mark.parametrize("rials, unit, checkout_fa, report_fa, checkout_en, report_en", MONEY)
def test_paper_says_what_the_screen_says(rials, unit, checkout_fa, report_fa, checkout_en, report_en):
    """The receipt keeps the odd rial after ٫ like the checkout; the report PDF is whole, like the page."""
    assert receipt_money(rials, unit) == format_money(rials, unit) == checkout_fa
    assert format_cell(rials, Kind.MONEY, unit)[0] == format_money(rials, unit, whole=True) == report_fa
    assert format_money(rials, unit, persian=False) == checkout_en
    assert format_money(rials, unit, persian=False, whole=True) == report_en


@pytest.mark.parametrize("rials, unit, expected", [
    (251_943_378, "toman", 251_943_380), (251_943_375, "toman", 251_943_380), (251_943_374, "toman", 251_943_370),
    (-5, "toman", -10), (-4, "toman", 0), (0, "toman", 0), (7, "rial", 7),
])
def test_round_to_unit(rials, unit, expected):
    assert round_to_unit(rials, unit) == expected


@pytest.mark.parametrize("value, fa, en", DECIMALS)
def test_decimals(lang, value, fa, en):
    assert i18n.decimal(value) == (fa if lang == "fa" else en)
    assert format_value(value, Kind.DECIMAL, "toman") == (fa if lang == "fa" else en)
    assert format_decimal(value) == fa and format_decimal(value, persian=False) == en
    assert format_cell(value, Kind.DECIMAL, "toman")[0] == fa  # the report PDF
    _sign_ok(i18n.decimal(value), lang)


@pytest.mark.parametrize("bp, fa, en", PERCENTS)
def test_percents(lang, bp, fa, en):
    assert i18n.percent(bp) == (fa if lang == "fa" else en)
    assert format_value(bp, Kind.PERCENT_BP, "toman") == (fa if lang == "fa" else en)
    assert format_percent(bp) == fa and format_percent(bp, persian=False) == en
    assert format_cell(bp, Kind.PERCENT_BP, "toman")[0] == fa  # the report PDF
    if bp >= 0:
        assert receipt_percent(bp) == fa  # the receipt's tier discount line
    _sign_ok(i18n.percent(bp), lang)


def test_nothing_missing_reads_as_a_dash(lang):
    assert i18n.money(None, "toman") == i18n.decimal(None) == i18n.percent(None) == "—"
