"""Persian text and digits: loyaltydesk.domain.text."""

import pytest

from loyaltydesk.domain.text import (
    ARABIC_DIGITS,
    PERSIAN_DIGITS,
    ZWNJ,
    digits_only,
    normalize_text,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)

LRM, RLM, ZWJ, ZWSP, BOM = "\u200e", "\u200f", "\u200d", "\u200b", "\ufeff"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
TATWEEL = "\u0640"


def test_digit_tables_are_what_they_claim():
    assert [ord(c) for c in PERSIAN_DIGITS] == list(range(0x06F0, 0x06FA))
    assert [ord(c) for c in ARABIC_DIGITS] == list(range(0x0660, 0x066A))
    assert ZWNJ == "\u200c"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0123456789", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۹۱۲۱۲۳۴۵۶۷", "09121234567"),
        ("٠٩١٢١٢٣٤٥٦٧", "09121234567"),
        ("۱٢3", "123"),  # three scripts in one string
        ("۱۴۰۳/۱۲/۳۰", "1403/12/30"),
        ("قیمت ۱۲٬۵۰۰ تومان", "قیمت 12٬500 تومان"),  # only digits change
        ("abc", "abc"),
        ("", ""),
        ("علی", "علی"),
    ],
)
def test_to_ascii_digits(text, expected):
    assert to_ascii_digits(text) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
        ("1403/12/30", "۱۴۰۳/۱۲/۳۰"),
        ("12,500", "۱۲,۵۰۰"),
        (123, "۱۲۳"),  # not only strings
        (-45, "-۴۵"),
        ("", ""),
        ("abc", "abc"),
        ("۱۲۳", "۱۲۳"),  # already Persian
    ],
)
def test_to_persian_digits(value, expected):
    assert to_persian_digits(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Arabic Yeh / Alef Maksura / Kaf become Persian Yeh / Kaf
        ("علي", "علی"),
        ("مصطفى", "مصطفی"),
        ("كريم", "کریم"),
        ("كوچك", "کوچک"),
        ("يكي", "یکی"),
        # ZWNJ is kept inside a word
        ("می\u200cروم", "می\u200cروم"),
        ("نیم\u200cفاصله", "نیم\u200cفاصله"),
        ("نیم\u200c\u200cفاصله", "نیم\u200cفاصله"),  # a run of ZWNJs is one
        # ZWNJ next to a space or at either end means nothing
        ("می \u200cروم", "می روم"),
        ("می\u200c روم", "می روم"),
        ("\u200cعلی\u200c", "علی"),
        # digits of every script become ASCII
        ("کوچه ۱۲", "کوچه 12"),
        ("پلاک ٤٥", "پلاک 45"),
        # white space collapsed and stripped
        ("  علی   رضایی  ", "علی رضایی"),
        ("علی\tرضایی\n", "علی رضایی"),
        ("علی\u00a0رضایی", "علی رضایی"),  # no-break space
        # bidi marks and other invisible format characters dropped
        (f"{RLM}علی{LRM}", "علی"),
        (f"{RLE}علی{PDF}", "علی"),
        (f"{LRO}Ali{PDF}", "Ali"),
        (f"{RLO}x", "x"),
        (f"{LRI}0912{PDI}", "0912"),
        (f"{RLI}a{FSI}b", "ab"),
        (f"{BOM}سلام", "سلام"),
        (f"سل{ZWSP}ام", "سلام"),
        (f"سل{ZWJ}ام", "سلام"),
        # tatweel removed
        (f"سل{TATWEEL}{TATWEEL}ام", "سلام"),
        ("", ""),
        (None, ""),
        ("Ali Rezaei", "Ali Rezaei"),
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


def test_normalize_text_applies_nfc():
    # e + combining acute -> é precomposed
    assert normalize_text("e\u0301") == "\u00e9"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("علی", "علی"),
        ("علي", "علی"),  # Arabic layout finds the same key
        ("كريم", "کریم"),
        ("می\u200cروم", "میروم"),  # ZWNJ removed by search_key (kept by normalize_text)
        ("نیم\u200cفاصله", "نیمفاصله"),
        ("آرش", "ارش"),  # alef forms folded
        ("أحمد", "احمد"),
        ("إیمان", "ایمان"),
        ("مؤمن", "مومن"),
        ("رئیس", "رییس"),
        ("خانۀ", "خانه"),
        ("فاطمة", "فاطمه"),
        ("مُحَمَّد", "محمد"),  # harakat dropped
        ("Ali REZAEI", "ali rezaei"),  # case folded
        ("  علي   رضايي ", "علی رضایی"),
        (f"{RLM}۰۹۱۲{LRM}", "0912"),
        ("", ""),
    ],
)
def test_search_key(text, expected):
    assert search_key(text) == expected


@pytest.mark.parametrize(
    "stored, typed",
    [
        ("علی رضایی", "علي رضايي"),
        ("مرتضی\u200cپور", "مرتضیپور"),
        ("مرتضی\u200cپور", "مرتضي\u200cپور"),
        ("کاظم", "كاظم"),
        ("آیدا", "ايدا"),
        ("Sara", "sara"),
    ],
)
def test_search_key_matches_variants_of_the_same_name(stored, typed):
    assert search_key(stored) == search_key(typed)


def test_normalize_keeps_zwnj_search_drops_it():
    name = "محمد\u200cرضا"
    assert ZWNJ in normalize_text(name)
    assert ZWNJ not in search_key(name)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("09121234567", "09121234567"),
        ("0912 123 4567", "09121234567"),
        ("0912-123-4567", "09121234567"),
        ("0912_123.4567", "09121234567"),
        ("(021) 8888/1234", "02188881234"),
        ("۰۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567"),
        ("٠٩١٢-١٢٣-٤٥٦٧", "09121234567"),
        (f"{RLM}0912{LRM}1234567", "09121234567"),
        (f"{BOM}123", "123"),
        ("12a3", ""),
        ("+989121234567", ""),  # a plus sign is "in the way"
        ("12😀", ""),
        ("²", ""),  # a digit, but not ASCII
        ("", ""),
        (None, ""),
        ("   ", ""),
        ("-", ""),
    ],
)
def test_digits_only(text, expected):
    assert digits_only(text) == expected
