"""Clean text: what a person types is stored without control or format characters (a ZWNJ between
letters kept), with Persian ی/ک, within a length limit; and every service that stores a typed text
uses it (shop name, thank-you line, tier names, coupon codes, user names, notes, comments, reasons)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, strategies as st

from loyaltydesk import services
from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.text import (
    LIMITS, TOO_LONG, ZWNJ, clean_text, length_problems, normalize_text, printable, shorten, too_long,
)
from tests.hostile import HOSTILE, hostile_text

ESC, BEL = "\x1b", "\x07"


@pytest.mark.parametrize("typed, single, multi", [
    ("علی", "علی", "علی"),
    (f"x{ESC}[31mعلی{BEL}", "x[31mعلی", "x[31mعلی"),
    ("a\x00b\x7fc\x9bd", "abcd", "abcd"),  # NUL, DEL, a C1 CSI
    ("\u202eعلی\u202c \u2067رضا\u2069", "علی رضا", "علی رضا"),  # bidi overrides and isolates
    ("\ufeffسارا\u200b", "سارا", "سارا"),  # BOM, zero-width space
    (f"می{ZWNJ}خواهم", f"می{ZWNJ}خواهم", f"می{ZWNJ}خواهم"),  # between letters: kept
    (f"{ZWNJ}نام{ZWNJ}", "نام", "نام"),  # at either end: dropped
    (f"می{ZWNJ}{ZWNJ}خواهم", f"می{ZWNJ}خواهم", f"می{ZWNJ}خواهم"),
    (f"کتاب {ZWNJ}ها", "کتاب ها", "کتاب ها"),  # next to a space: dropped
    (f"2{ZWNJ}3", "23", "23"),
    ("كريم يزدي ى", "کریم یزدی ی", "کریم یزدی ی"),  # Arabic Kaf, Yeh, Alef Maksura
    ("a\tb", "a b", "a b"),
    ("خط یک\r\nخط دو\rخط سه\u2028چهار", "خط یک خط دو خط سه چهار", "خط یک\nخط دو\nخط سه\nچهار"),
    ("  lines  \n  with spaces  \n", "lines     with spaces", "lines\n  with spaces"),
    ("x\ud800y", "xy", "xy"),  # a lone surrogate (bytes a shell could not decode)
    ("e\u0301", "é", "é"),  # NFC
    ("", "", ""),
    (None, "", ""),
])
def test_clean_text(typed, single, multi):
    assert clean_text(typed) == single
    assert clean_text(typed, multiline=True) == multi


@pytest.mark.parametrize("typed, stored", [
    ("  علي   رضايي ", "علی رضایی"),
    ("۱۲۳ ٤٥٦", "123 456"),
    (f"x{ESC}]0;title{BEL}y", "x]0;titley"),
    ("ســـلام", "سلام"),
])
def test_normalize_text_cleans_first(typed, stored):
    assert normalize_text(typed) == stored


def test_normalize_text_multiline_keeps_lines_and_at_most_one_blank_line():
    assert normalize_text("  یک   دو \r\n\r\n\r\n\r\nسه\t چهار\n", multiline=True) == "یک دو\n\nسه چهار"


def _bad(text: str, multiline: bool) -> list[str]:
    out = []
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if ch == "\n" and multiline:
            continue
        if ch == ZWNJ:
            if not (0 < i < len(text) - 1 and unicodedata.category(text[i - 1])[0] in "LM"
                    and unicodedata.category(text[i + 1])[0] in "LM"):
                out.append(ch)
        elif cat in ("Cc", "Cf", "Cs"):
            out.append(ch)
    return out


@HOSTILE
@given(st.one_of(hostile_text, st.text(max_size=40)), st.booleans())
def test_clean_text_leaves_no_control_or_format_character(s, multiline):
    c = clean_text(s, multiline=multiline)
    assert _bad(c, multiline) == [], repr(c)
    assert clean_text(c, multiline=multiline) == c  # idempotent
    assert not {"ي", "ك", "ى"} & set(c) and c == c.strip()
    n = normalize_text(s, multiline=multiline)
    assert _bad(n, multiline) == [] and normalize_text(n, multiline=multiline) == n


@HOSTILE
@given(st.text(max_size=40))
def test_printable_sends_no_control_character_to_a_terminal(s):
    p = printable(s)
    assert not any(ord(ch) < 32 and ch not in "\t\n" or 0x7f <= ord(ch) <= 0x9f for ch in p)
    assert len(shorten(s, 10)) <= 10


def test_every_limit_has_a_message_and_length_problems_lists_them_all():
    assert length_problems(shop_name="x" * 80, thank_you="x" * 200) == []
    problems = length_problems(shop_name="x" * 81, thank_you="x" * 201, tier_name="ok")
    assert [p.field for p in problems] == ["shop_name", "thank_you"]
    assert problems[0].message == "The shop's name: at most 80 characters (this one has 81)."
    assert too_long("tier_name", "x" * 5_000, "name").field == "name" and too_long("tier_name", None) is None
    assert all(p.template == TOO_LONG for p in problems) and all(isinstance(v[0], int) for v in LIMITS.values())


# --- every stored text a person types -------------------------------------------------------------

def test_shop_name_and_thank_you_line_are_cleaned_and_limited(club):
    st_ = services.club.update_settings(club, shop_name=f"  فروشگاه {ESC}[2Jكوچك\u202e ", thank_you="سپاس\x07گزاريم")
    assert (st_.shop_name, st_.thank_you) == ("فروشگاه [2Jکوچک", "سپاسگزاریم")
    assert services.club.get_settings(club).shop_name == "فروشگاه [2Jکوچک"
    with pytest.raises(ValidationError) as refused:
        services.club.update_settings(club, shop_name="ف" * 81, thank_you="س" * 201)
    assert {p.field for p in refused.value.problems} == {"shop_name", "thank_you"}


def test_a_5000_character_tier_name_is_refused(club):
    with pytest.raises(ValidationError, match="A tier's name: at most 40 characters .this one has 5000"):
        services.club.add_tier(club, "ط" * 5_000, 900_000_000)
    with pytest.raises(ValidationError, match="at most 40"):
        services.club.edit_tier(club, "برنزی", name="ط" * 41)
    tier = services.club.add_tier(club, f"الماسي{BEL}\u200f", 900_000_000)
    assert tier.name == "الماسی"


def test_coupon_codes_lose_invisible_characters(club):
    coupon = services.club.add_coupon(club, f"\u200bnowruz{ESC}-1404\u200e", percent_bp=1_000)
    assert coupon.code == "NOWRUZ-1404"


def test_user_display_names_are_cleaned_and_limited(club):
    user = services.users.add_user(club, "reza", "a-strong-pass-1", "a-strong-pass-1",
                                   display_name=f"رضا {ESC}[31mكريمي")
    assert user.display_name == "رضا [31mکریمی"
    user = services.users.edit_user(club, "reza", display_name="علي\x07")
    assert user.display_name == "علی"
    with pytest.raises(ValidationError, match="A user's name: at most 60"):
        services.users.edit_user(club, "reza", display_name="ع" * 61)
    with pytest.raises(ValidationError, match="A user's name: at most 60"):
        services.users.add_user(club, "sima", "a-strong-pass-1", "a-strong-pass-1", display_name="س" * 61)


def test_member_names_and_multi_line_notes(club):
    m = services.members.sign_up(club, "09120000001", f"سا{BEL}را", f"{ESC}[1mاحمدي",
                                 notes="خط یک\r\nخط\x00 دو\u202e")
    view = services.members.get_member(club, m.card)
    assert (view.first_name, view.last_name, view.notes) == ("سارا", "[1mاحمدی", "خط یک\nخط دو")
    with pytest.raises(ValidationError, match="The notes: at most 2000"):
        services.members.edit_member(club, m.card, notes="ی" * 2_001)


def test_survey_comments_follow_up_notes_and_reasons_are_cleaned(club):
    m = services.members.sign_up(club, "09120000002", "مینا")
    result = services.surveys.add_survey(club, m.card, 9, comment=f"عالي{ESC}[5m بود\u202e")
    assert result.comment == "عالی[5m بود"
    item = services.followup.log_complaint(club, "complaint", "service", f"دير{BEL} رسيد", key=m.card)
    assert item.description == "دیر رسید"
    item = services.followup.contact(club, item.id, note=f"تماس{ESC} گرفته شد")
    assert "تماس گرفته شد" in str(services.followup.get_item(club, item.id))
    services.points.adjust_points(club, m.card, 10, f"هديه{BEL}")
    with pytest.raises(ValidationError, match="The reason: at most 200"):
        services.points.adjust_points(club, m.card, 10, "د" * 201)


# --- the short ways (an import normalises 100,000 names): equal to the long way for any text ---------

def _clean_the_long_way(text, multiline=False):
    """clean_text as written before its short way for printable text: every character looked at."""
    import re

    from loyaltydesk.domain import text as t
    text = "" if text is None else str(text)
    text = unicodedata.normalize("NFC", re.sub("\r\n?|[\x0b\x0c\x85\u2028\u2029]", "\n", text))
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append("\n" if multiline else " ")
        elif ch == "\t":
            out.append(" ")
        elif ch == ZWNJ:
            if out and t._joins(out[-1]) and i < len(text) - 1 and t._joins(text[i + 1]):
                out.append(ch)
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs"):
            out.append(ch)
    text = "".join(out).translate(t._ARABIC_LETTERS)
    if multiline:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


PERSIANISH = st.text(alphabet=st.sampled_from(list("علیرضامحمدكيىآأۀة ‌ـ۱۲٣x \t\n\u200f\u00a0\u064e\u0651")) | st.characters(),
                     max_size=40)


@given(PERSIANISH, st.booleans())
def test_clean_text_short_way_equals_the_long_way(text, multiline):
    assert clean_text(text, multiline=multiline) == _clean_the_long_way(text, multiline)


@given(PERSIANISH, st.booleans())
def test_remembered_normal_forms_equal_fresh_ones(text, multiline):
    from loyaltydesk.domain import text as t
    assert normalize_text(text, multiline=multiline) == t._normalize(text, multiline)
    assert normalize_text(text, multiline=multiline) == normalize_text(text, multiline=multiline)
    assert t.search_key(text) == t._search_key(text)
