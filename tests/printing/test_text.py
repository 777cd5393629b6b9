"""The Persian text engine: bidi levels, visual order, shaping, and text that reads back."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from loyaltydesk.printing import text as T

from .conftest import has_phrase, pdf_text


def glyph_names(s: str, base: str = "rtl") -> list[str]:
    f = T.font()
    return [f.hb_font.get_glyph_name(g.gid) for g in T.shape(s, base=base).glyphs]


# Python's pure algorithm predates bracket pairs (N0): both must agree on everything else.
@pytest.mark.parametrize("text, base, levels", [
    ("سلام", 1, [1, 1, 1, 1]),
    ("abc", 1, [2, 2, 2]),
    ("abc", 0, [0, 0, 0]),
    ("کد ۱۲۳", 1, [1, 1, 1, 2, 2, 2]),
    ("نقره\u200cای", 1, [1] * 7),
    ("کارت \u2066۶۱۲۳ ۴۵۶۷\u2069 فعال", 1, [1] * 6 + [2] * 9 + [1] * 6),
    ("a \u2067ب ج\u2069 d", 0, [0, 0, 0, 1, 1, 1, 0, 0, 0]),
    ("مبلغ: ۱۲٬۵۰۰ تومان", 1, [1] * 6 + [2] * 6 + [1] * 6),
])
def test_levels_from_both_algorithms(text, base, levels):
    assert T.bidi_levels(text, base) == levels
    assert T._levels_python(text, base) == levels


def test_bracket_pairs_follow_their_content():
    # "abc (def) سلام" in a right-to-left paragraph: the closing bracket belongs to the Latin run.
    assert T.bidi_levels("abc (def) سلام", 1)[:9] == [2] * 9


@pytest.mark.parametrize("text, base, expected", [
    # letters joined: initial/medial/final forms, lam-alef ligature, drawn right to left
    ("سلام", "rtl", ["uni0645", "uniFEFC", "uniFEB3"]),
    # a ZWNJ breaks the join: isolated ی, final ا, ZWNJ glyph, then ه in its final form
    ("نقره\u200cای", "rtl", ["uni06CC", "uni0627", "afii61664", "uni0647", "uniFEAE", "uniFED8", "uniFEE7"]),
    # digits stay left to right; the bracket opening the text is drawn as ")" on the right
    ("سطح (۶۰٪)", "rtl", ["parenleft", "uni066A", "uni06F6", "uni06F0", "parenright", "space",
                          "uniFEA2", "uniFEC4", "uniFEB3"]),
    # a card number kept left to right inside Persian text
    ("کارت " + T.ltr("۶۱۲۳ ۴۵۶۷"), "rtl", ["uni06F6", "uni06F1", "uni06F2", "uni06F3", "space",
                                          "uni06F4", "uni06F5", "uni06F6", "uni06F7", "space",
                                          "uni062A", "uni0631", "uniFE8E", "uniFB90"]),
    ("۶۱۲۳ ۴۵۶۷", "ltr", ["uni06F6", "uni06F1", "uni06F2", "uni06F3", "space",
                          "uni06F4", "uni06F5", "uni06F6", "uni06F7"]),
])
def test_visual_glyph_order(text, base, expected):
    assert glyph_names(text, base) == expected


def test_unencoded_glyphs_get_private_codes_that_read_back():
    line = T.shape("طلایی")
    f = T.font()
    private = [g for g in line.glyphs if g.char >= 0xF0000]
    assert private, "Vazirmatn draws the final ی of طلایی with an unencoded glyph (uniFBFE.long4)"
    assert all(f.private[g.char] == "ی" for g in private)


LINES = [
    "سلام دنیا",
    "نقره\u200cای و طلایی",
    "علی‌اکبر محمدی",
    "مبلغ کل ۱۲٬۵۰۰٬۰۰۰ تومان",
    "از خرید شما سپاسگزاریم",
    "الله لاله کوپن پیشرفت",
    "پژوهش گچ ژاله",
]


def test_pdf_text_reads_back_in_logical_order(tmp_path):
    import io

    out = io.BytesIO()
    c = Canvas(out, pagesize=(150 * mm, 120 * mm))
    y = 110 * mm
    for line in LINES:
        T.draw(c, line, 140 * mm, y, 12)
        y -= 10 * mm
    T.draw(c, "۶۱۲۳ ۴۵۶۷ ۸۹۰۱", 10 * mm, 10 * mm, 12, align="left", base="ltr")
    c.save()
    text = pdf_text(out.getvalue(), tmp_path)
    lines = [l for l in text.splitlines() if l]
    for expected in LINES:
        assert has_phrase(text, expected), expected
        if not any(ch.isdigit() for ch in expected):  # pure Persian comes back exactly, spaces and all
            assert expected in lines
    assert "۶۱۲۳ ۴۵۶۷ ۸۹۰۱" in lines


@pytest.mark.parametrize("align", ["right", "left", "center"])
def test_draw_returns_width_and_shrinks_to_fit(align):
    import io

    c = Canvas(io.BytesIO())
    natural = T.width("فروشگاه بزرگ لوازم خانگی", 12, "bold")
    assert natural > 50
    drawn = T.draw(c, "فروشگاه بزرگ لوازم خانگی", 100, 100, 12, weight="bold", align=align, max_width=50)
    assert drawn == pytest.approx(50)
    assert T.fit_size("فروشگاه بزرگ لوازم خانگی", 12, natural / 2, "bold") == pytest.approx(6)


def test_wrap_breaks_at_spaces_within_width():
    text = "از خرید شما سپاسگزاریم؛ منتظر دیدار دوباره‌تان هستیم."
    lines = T.wrap(text, 9, 100)
    assert len(lines) > 1
    assert " ".join(lines) == text
    assert all(T.width(l, 9) <= 100 for l in lines)
