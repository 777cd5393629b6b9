"""The reports page's PDF says what the page says: every report exported the way the owner does it
(PDF… on the reports page, into the print preview), read back with pdftotext, in Persian.

On paper as on screen: segment names, aspects, tier-move reasons and seasons are translated, and
every digit is Persian (months ``۱۴۰۵/۰۱``, card numbers and mobiles too, which stay left to right).
The only Latin left is the initials the Persian texts keep themselves (``بخش‌بندی RFM``)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.report import SEASON_TITLES
from loyaltydesk.gui import printing_actions
from loyaltydesk.gui.models.report_table import report_text
from loyaltydesk.gui.pages.analytics import AnalyticsPage
from loyaltydesk.services import analytics, seals
from tests.printing.conftest import pdf_text, squash

from .conftest import sign_in, wait_idle
from .test_analytics_gui import add_surveys  # the demo club has no surveys: NPS and CSAT need a few

ACRONYMS = {"RFM", "NPS", "CSAT"}  # kept in Latin by the Persian texts themselves
BRACKETS = dict.fromkeys(map(ord, "()[]"), None)
BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)
ENGLISH_KEYS = {*rules.SEGMENTS, *rules.SEGMENT_TITLES.values(), *analytics.TIER_MOVE_REASONS, *SEASON_TITLES,
                "at risk", "Service", "Price"}

CASES = [(name, False) for name in analytics.NAMES] + [("retention", True)]  # by season: season names


def exported(qtbot, runner, page: AnalyticsPage) -> bytes:
    """The PDF the page's PDF… button makes, taken from the print preview it opens."""
    before = len(printing_actions._open)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: len(printing_actions._open) == before + 1, timeout=10_000)
    preview = printing_actions._open[-1]
    pdf = preview.pdf
    preview.reject()
    return pdf


def flat(text: str) -> str:
    """No spaces (poppler drops some between Persian and numbers), no brackets (it gives those of a
    right-to-left line mirrored: ``)از ابتدا(``)."""
    return squash(text).translate(BRACKETS)


def has_words(line: str, text: str) -> bool:
    """Every word of ``text`` on this (flattened) line of the PDF's text: pdftotext gives the words
    of a right-to-left line in reading order, so "date time" may come back as "time date"."""
    return all(flat(word) in line for word in text.split())


def on_screen(page: AnalyticsPage) -> list[str]:
    """Every text the page shows of its report: title, figures, table titles, headers and cells."""
    report = page.report
    texts = [page.title.text()]
    texts += [t for box in page.figure_boxes for t in (box.title.text(), box.value.text())]
    for model, table in zip(page.models, report.tables):
        texts.append(report_text(table.title))
        texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        texts += [model.text(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]
    return [t.translate(BIDI) for t in texts if t and t != "—"]


@pytest.mark.parametrize("name, by_season", CASES, ids=[f"{n}{'-season' if s else ''}" for n, s in CASES])
def test_each_reports_pdf_reads_in_persian_as_the_page_does(qtbot, runner, tmp_path, name, by_season):
    sign_in(runner, "owner")
    if name in ("nps", "csat"):
        add_surveys(runner)
    page = AnalyticsPage(runner)
    qtbot.addWidget(page)
    page.choose(name)
    page.by_season.setChecked(by_season)
    page.run()
    wait_idle(qtbot, runner)
    assert page.report is not None and page.report.name == name and any(t.rows for t in page.report.tables)

    text = pdf_text(exported(qtbot, runner, page), tmp_path, name)
    # the records' seal is printed as check shows it (Latin hex groups, compared letter by letter):
    # the one code the Persian page carries as it is
    seal = runner.call_db(seals.latest_fingerprint).result()
    assert seal and text.count(seal) == 1
    text = text.replace(seal, "")

    latin = set(re.findall(r"[A-Za-z]+", text)) - ACRONYMS
    assert not latin, f"English words in the Persian PDF: {sorted(latin)}"
    assert not re.findall(r"[0-9]+", text), "Latin digits in the Persian PDF"
    assert not {k for k in ENGLISH_KEYS if k in text}
    lines = [flat(line) for line in text.splitlines() if line.strip()]
    missing = [t for t in dict.fromkeys(on_screen(page)) if not any(has_words(line, t) for line in lines)]
    assert not missing, f"on the page but not in the PDF: {missing[:10]}"
    if by_season:
        assert any(report_text(s) in text for s in SEASON_TITLES)
