"""Every parser answers hostile text with a correct result or a LoyaltyError a cashier can read;
nothing else ever escapes (no ValueError, no OverflowError, no IndexError)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from loyaltydesk.domain import ids, jalali, money, text
from loyaltydesk.domain.errors import LoyaltyError, ValidationError

from tests.hostile import PIECES, HOSTILE, hostile_text

INVISIBLE = set("\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def answered(fn, *args, **kw):
    """fn's result, or None when it refused with a readable LoyaltyError."""
    try:
        return fn(*args, **kw)
    except LoyaltyError as e:
        assert isinstance(e.message, str) and e.message  # the template filled with what was typed, braces and all
        return None


@HOSTILE
@given(hostile_text)
def test_text(s):
    n = text.normalize_text(s)
    assert text.normalize_text(n) == n  # idempotent
    assert not INVISIBLE & set(n) and "ي" not in n and "ك" not in n and not re.search(r"[۰-۹٠-٩]", n)
    assert n == n.strip()
    k = text.search_key(s)
    assert text.search_key(k) == k and "\u200c" not in k
    d = text.digits_only(s)
    assert d == "" or (d.isascii() and d.isdigit())
    assert text.to_ascii_digits(text.to_persian_digits(d)) == d


@HOSTILE
@given(hostile_text)
def test_ids(s):
    m = ids.parse_mobile(s)
    assert m is None or re.fullmatch(r"09\d{9}", m)
    assert answered(ids.normalize_mobile, s) == m
    code = answered(ids.normalize_national_code, s)
    assert code is None or ids.national_code_is_valid(code)
    card = ids.parse_card(s)
    assert card is None or ids.card_is_valid(card)


@HOSTILE
@given(hostile_text, st.sampled_from(["rial", "toman"]))
def test_money(s, unit):
    amount = answered(money.parse_amount, s, unit)
    assert amount is None or (type(amount) is int and 0 <= amount <= money.MAX_AMOUNT)
    n = answered(money.parse_int, s, "n", minimum=-1000, maximum=10**9)
    assert n is None or (type(n) is int and -1000 <= n <= 10**9)
    bp = answered(money.parse_percent_bp, s, "p")
    assert bp is None or 0 <= bp <= 10_000


@HOSTILE
@given(hostile_text)
def test_jalali(s):
    d = answered(jalali.parse_jalali_date, s)
    if d is not None:
        assert jalali.parse_jalali_date(jalali.format_jalali(d)) == d
        assert d.day <= jalali.month_length(d.year, d.month)
    moment = answered(jalali.parse_moment, s)
    assert moment is None or (moment.tzinfo is not None and jalali.MIN_YEAR <= moment.year <= jalali.MAX_YEAR)
    if moment is not None:
        assert jalali.from_iso(jalali.to_iso(moment)) == moment.replace(microsecond=0)
    month = answered(jalali.parse_month, s)
    assert month is None or 1 <= month <= 12


@HOSTILE
@given(st.integers(-(10**20), 10**20), st.sampled_from(["rial", "toman"]))
def test_money_from_ints_and_huge_digit_strings(n, unit):
    for value in (n, str(n), text.to_persian_digits(str(n))):
        amount = answered(money.parse_amount, value, unit)
        assert amount is None or amount == n * (10 if unit == "toman" else 1)


# Dates that do not exist, and their neighbours that do (1403 is a leap year, 1404 is not).
DATES = [
    ("1403/12/30", (1403, 12, 30)), ("۱۴۰۳/۱۲/۳۰", (1403, 12, 30)), ("1403/12/31", None), ("1404/12/30", None),
    ("1404/12/29", (1404, 12, 29)), ("1404/07/31", None), ("1404/06/31", (1404, 6, 31)), ("1404/13/01", None),
    ("1404/00/10", None), ("1404/01/00", None), ("0/1/1", None), ("1404/1/1", (1404, 1, 1)), ("1404-1-1", (1404, 1, 1)),
    ("\u200f1404/01/01", None), ("1404/01/01 ", (1404, 1, 1)), ("99999/01/01", None), ("1404//01", None),
]


@pytest.mark.parametrize("value, expected", DATES)
def test_dates_that_do_not_exist(value, expected):
    if expected is None:
        with pytest.raises(ValidationError) as caught:
            jalali.parse_jalali_date(value)
        assert repr(value) in caught.value.message
    else:
        d = jalali.parse_jalali_date(value)
        assert (d.year, d.month, d.day) == expected


@pytest.mark.parametrize("piece", PIECES)
def test_every_piece_alone_is_answered(piece):
    for fn in (ids.normalize_mobile, ids.normalize_national_code, jalali.parse_jalali_date, jalali.parse_moment,
               lambda s: money.parse_amount(s, "toman"), lambda s: money.parse_int(s, "n"),
               lambda s: money.parse_percent_bp(s, "p"), jalali.parse_month):
        answered(fn, piece)
