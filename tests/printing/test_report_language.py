"""The report PDF's text cells read as the reports page shows them: report source strings through
the caller's translation, season keys named, every digit Persian; and printing needs no Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.report import Column, Kind, Report, Table, text_value
from loyaltydesk.printing.report import format_cell, report_pdf

from .conftest import has_phrase, pdf_text

ROOT = Path(__file__).resolve().parents[2]

# a stand-in for the Persian catalogue (context "Report"): what the GUI passes as ``translate``
PERSIAN = {"Champions": "قهرمانان", "At risk": "در خطر", "Autumn": "پاییز", "Winter": "زمستان",
           "purchase": "خرید", "Service": "خدمات", "Segments": "بخش‌ها", "Segment": "بخش", "Members": "اعضا",
           "Month": "ماه"}


def persian(text: str) -> str:
    return PERSIAN.get(text, text)


@pytest.mark.parametrize("value, expected", [
    ("Champions", "قهرمانان"),        # an RFM segment (rules.SEGMENT_TITLES)
    ("At risk", "در خطر"),
    ("purchase", "خرید"),             # a tier move's reason
    ("Service", "خدمات"),             # a CSAT aspect
    ("1404 S3", "پاییز ۱۴۰۴"),        # a season key (rules.key_label)
    ("1405 S4", "زمستان ۱۴۰۵"),
    ("1404/01", "۱۴۰۴/۰۱"),           # a month key
    ("1405", "۱۴۰۵"),                 # a year
    ("20%", "۲۰%"),                   # an RFM quintile
    ("×0–2", "×۰–۲"),                 # a churn band
    ("مشتری 12", "مشتری ۱۲"),         # a name: not translated, digits Persian
    ("نقره‌ای", "نقره‌ای"),            # a tier name
])
def test_text_cells_read_as_on_screen(value, expected):
    assert format_cell(value, Kind.TEXT, "toman", persian) == (expected, "auto")


def test_without_a_translation_text_cells_keep_their_source_strings():
    assert format_cell("Champions", Kind.TEXT, "toman", lambda t: t)[0] == "Champions"
    assert text_value("1404 S1") == "Spring 1404"


@pytest.mark.parametrize("segment", rules.SEGMENTS)
def test_every_segment_has_a_title_a_translation_can_find(segment):
    # the report carries the English title (not the key), which is what the catalogue translates
    assert text_value(rules.SEGMENT_TITLES[segment], {rules.SEGMENT_TITLES[segment]: "x"}.get) == "x"


def test_the_pdf_uses_the_translation_it_is_given(tmp_path):
    columns = (Column("segment", "Segment"), Column("month", "Month"), Column("members", "Members", Kind.INT))
    rows = (("Champions", "1405/01", 3), ("At risk", "1405 S4", 9))
    report = Report("rfm", "Segments", "۱۴۰۵/۰۳/۱۱", (("Members", 12, Kind.INT),), (Table("Segments", columns, rows),))
    text = pdf_text(report_pdf(report, shop_name="فروشگاه نیک", unit="toman", translate=persian), tmp_path)
    for phrase in ("قهرمانان", "در خطر", "۱۴۰۵/۰۱", "زمستان ۱۴۰۵", "بخش‌ها", "اعضا", "ماه"):
        assert has_phrase(text, phrase), phrase
    assert not any(ch.isascii() and ch.isalnum() for ch in text), text


def test_printing_a_report_needs_no_qt(tmp_path):
    """The command line prints where PySide6 is missing, and never loads Qt to print."""
    script = textwrap.dedent(f"""
        import sys
        sys.modules["PySide6"] = None  # as if Qt were not installed: importing it fails
        from loyaltydesk.domain.report import Column, Kind, Report, Table
        from loyaltydesk.printing.report import report_pdf
        report = Report("rfm", "RFM segments", "", (("Buyers", 3, Kind.INT),),
                        (Table("Segments", (Column("segment", "Segment"),), (("Champions",), ("1404 S3",))),))
        pdf = report_pdf(report, shop_name="فروشگاه", unit="toman")
        assert pdf.startswith(b"%PDF"), pdf[:20]
        open({str(tmp_path / "no-qt.pdf")!r}, "wb").write(pdf)
        assert not [m for m in sys.modules if m.startswith("PySide6.")], "Qt was loaded"
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = pdf_text((tmp_path / "no-qt.pdf").read_bytes(), tmp_path, "read")
    assert has_phrase(text, "Champions") and has_phrase(text, "Autumn ۱۴۰۴")  # the English sources
