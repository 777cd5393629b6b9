"""report_pdf: any Report as A4, every Kind formatted, read back with pdftotext."""

from __future__ import annotations

import pytest

from loyaltydesk.domain.ids import luhn_check_digit
from loyaltydesk.domain.report import Column, Kind, Report, Table
from loyaltydesk.domain.text import to_persian_digits
from loyaltydesk.printing.report import format_cell, report_pdf

from .conftest import has_phrase, page_size_mm, pdf_text

CARD = "61234567890" + luhn_check_digit("61234567890")


@pytest.mark.parametrize("value, kind, unit, expected", [
    (1234567, Kind.INT, "toman", "۱٬۲۳۴٬۵۶۷"),
    (-42, Kind.INT, "toman", "-۴۲"),
    (12_500_000, Kind.MONEY, "toman", "۱٬۲۵۰٬۰۰۰ تومان"),
    (12_500_005, Kind.MONEY, "toman", "۱٬۲۵۰٬۰۰۱ تومان"),  # reports show whole toman, half up
    (12_500_004, Kind.MONEY, "toman", "۱٬۲۵۰٬۰۰۰ تومان"),
    (-12_500_005, Kind.MONEY, "toman", "-۱٬۲۵۰٬۰۰۱ تومان"),
    (12_500_000, Kind.MONEY, "rial", "۱۲٬۵۰۰٬۰۰۰ ریال"),
    (98765, Kind.POINTS, "toman", "۹۸٬۷۶۵"),
    (1234, Kind.PERCENT_BP, "toman", "۱۲٫۳۴٪"),
    (500, Kind.PERCENT_BP, "toman", "۵٪"),
    (5.4, Kind.DECIMAL, "toman", "۵٫۴"),
    (3.14159, Kind.DECIMAL, "toman", "۳٫۱۴"),
    ("2025-06-01T08:00:00Z", Kind.MOMENT, "toman", "۱۴۰۴/۰۳/۱۱ ۱۱:۳۰"),
    ("1404/12/30", Kind.DATE, "toman", "۱۴۰۴/۱۲/۳۰"),
    (CARD, Kind.CODE, "toman", "۶۱۲۳ ۴۵۶۷ ۸۹۰" + "۰۱۲۳۴۵۶۷۸۹"[int(CARD[-1])]),
    ("09121234567", Kind.CODE, "toman", "۰۹۱۲۱۲۳۴۵۶۷"),
    ("SUMMER10", Kind.CODE, "toman", "SUMMER10"),
    ("نقره‌ای", Kind.TEXT, "toman", "نقره‌ای"),
    (None, Kind.MONEY, "toman", "—"),
])
def test_cells_by_kind(value, kind, unit, expected):
    assert format_cell(value, kind, unit)[0] == expected


# Titles as the translated report shows them (Persian) and as source strings (English).
TITLES = {
    "fa": ("ارزش مشتری", "نام", "کارت", "موبایل", "خرید", "امتیاز", "بازدید در سال", "آخرین بازدید", "اعضا",
           "فروش", "هزینهٔ باشگاه", "برترین اعضا", "خالی"),
    # not the catalogue's titles, so that a Persian translator installed by an earlier test leaves them English
    "en": ("Customer value (sample)", "Name", "Card", "Mobile", "Spend", "Points", "Visits per year (sample)", "Last visit",
           "Members", "Sales", "Cost of the club", "Top members", "Nothing here"),
}


def sample(rows: int, lang: str = "fa") -> Report:
    (title, name, card, mobile, spend, points, visits, last, members, sales, cost, top, nothing) = TITLES[lang]
    columns = (Column("name", name), Column("card", card, Kind.CODE), Column("mobile", mobile, Kind.CODE),
               Column("spend", spend, Kind.MONEY), Column("points", points, Kind.POINTS),
               Column("visits", visits, Kind.DECIMAL), Column("last", last, Kind.MOMENT))
    data = tuple((f"مشتری {i}", CARD, "09121234567", 1_000_000 * i, 1000 * i, i / 4,
                  "2025-06-01T08:00:00Z") for i in range(1, rows + 1))
    return Report(
        name="value", title=title, period="1404/01/01 تا 1404/03/31",
        summary=((members, 1234, Kind.INT), (sales, 12_500_000_000, Kind.MONEY),
                 (cost, 345, Kind.PERCENT_BP), ("NPS", 42.5, Kind.DECIMAL)),
        tables=(Table(top, columns, data), Table(nothing, (Column("a", "A"),), ())),
    )


def test_report_reads_back(tmp_path):
    pdf = report_pdf(sample(5), shop_name="فروشگاه نیک", unit="toman")
    assert page_size_mm(pdf, tmp_path) == [(210.0, 297.0)]
    text = pdf_text(pdf, tmp_path)
    card = format_cell(CARD, Kind.CODE, "toman")[0]
    period = next(line for line in text.splitlines() if "دوره" in line)
    assert "تا" in period and period.index("۱۴۰۴/۰۱/۰۱") < period.index("۱۴۰۴/۰۳/۳۱")
    for phrase in ["ارزش مشتری", "فروشگاه نیک",
                   "اعضا", "۱٬۲۳۴", "فروش", "۱٬۲۵۰٬۰۰۰٬۰۰۰ تومان", "هزینهٔ باشگاه", "۳٫۴۵٪", "۴۲٫۵",
                   "برترین اعضا", "بازدید در سال", card, "۰۹۱۲۱۲۳۴۵۶۷", "۵۰۰٬۰۰۰ تومان",
                   "۵٬۰۰۰", "۱٫۲۵", "۱۴۰۴/۰۳/۱۱", "۱۱:۳۰", "خالی", "بدون داده"]:
        assert has_phrase(text, phrase), phrase
    for i in range(1, 6):
        assert has_phrase(text, to_persian_digits(f"مشتری {i}"))  # a name's digits are Persian, as on screen


def test_english_titles_keep_every_word(tmp_path):
    # With more Latin than Persian letters on a page, poppler reads the page left to right and gives
    # the words of each line in visual order; every word and number is still there, whole.
    text = pdf_text(report_pdf(sample(3, "en"), shop_name="فروشگاه نیک", unit="toman"), tmp_path)
    for word in ["Customer", "value", "Visits", "per", "year", "مشتری", "تومان", "۳۰۰٬۰۰۰", "۱٬۲۳۴", "۴۲٫۵"]:
        assert word in text, word


def test_long_tables_run_onto_pages_with_their_header(tmp_path):
    pdf = report_pdf(sample(120), shop_name="فروشگاه نیک", unit="rial")
    pages = page_size_mm(pdf, tmp_path)
    assert len(pages) >= 3
    text = pdf_text(pdf, tmp_path)
    assert text.count("بازدید در سال") == len(pages)  # the header again on every page of the table
    assert text.count("فروشگاه نیک") == len(pages)
    assert has_phrase(text, "مشتری ۱۲۰") and has_phrase(text, "۱۲۰٬۰۰۰٬۰۰۰ ریال")  # digits of names too, as on screen
    assert has_phrase(text, "صفحه ۳")


def test_empty_report_is_still_a_page(tmp_path):
    pdf = report_pdf(Report("x", "Empty"), shop_name="فروشگاه", unit="toman")
    assert has_phrase(pdf_text(pdf, tmp_path), "Empty")
