"""Any ``Report`` (loyaltydesk.domain.report) as an A4 PDF: title, shop, Jalali period, summary
figures, then each table with a repeated header on every page it runs onto.

Cells are formatted by their column's ``Kind``: Persian digits with ٬ thousands separators and ٫
the one decimal sign, money in whole units of the club's display unit, basis points as percents, moments as Jalali Tehran time, codes (card
numbers, mobiles) left to right. Text cells read as on screen (gui/models/report_table.py): report
source strings (segment names, aspects, tier-move reasons) translated, seasons named, every digit
Persian. Titles and those texts go through ``translate``: the desktop app passes its Qt
translation (context ``"Report"``); without one, Qt's is used if the program has loaded Qt, and
the English source strings are shown otherwise. Printing never loads Qt itself: the command line
prints without it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from datetime import datetime

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from loyaltydesk.domain.ids import card_is_valid, format_card
from loyaltydesk.domain.jalali import format_moment, from_iso
from loyaltydesk.domain.money import format_decimal, format_money, format_number, format_percent
from loyaltydesk.domain.report import Kind, Report, Table, text_value
from loyaltydesk.domain.text import to_persian_digits

from . import text as T

PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
BODY = 9.0
ROW_H = BODY * 2.0
HEADER_BG = HexColor("#e4e9ef")
STRIPE = HexColor("#f5f7f9")
INK = HexColor("#1f2933")
GREY = HexColor("#616e7c")
LINE = HexColor("#c5ccd3")
MAX_COLUMN_SHARE = 0.45  # no column takes more than this of the page width


Translate = Callable[[str], str]


def _tr(text: str) -> str:
    """Qt's translation of a report string where the program has loaded Qt (the desktop app), or
    the string itself: importing Qt here would slow every command-line print, or fail without Qt."""
    core = sys.modules.get("PySide6.QtCore")
    if not text or core is None:
        return text
    return core.QCoreApplication.translate("Report", text)


def _decimal(value) -> str:
    return format_decimal(value)


def _percent_bp(bp: int) -> str:
    return format_percent(bp)


def _code(value) -> str:
    text = str(value)
    if card_is_valid(text):
        text = format_card(text)
    digits_only = text.replace(" ", "").replace("-", "")
    return to_persian_digits(text) if digits_only.isdigit() else text


def format_cell(value, kind: Kind, unit: str, translate: Translate | None = None) -> tuple[str, str]:
    """``(text, base direction)`` of one value as the PDF shows it."""
    if value is None or value == "":
        return "—", "rtl"
    kind = Kind(kind)
    if kind is Kind.INT or kind is Kind.POINTS:
        return format_number(int(value)), "rtl"
    if kind is Kind.MONEY:  # whole tomans, as on screen
        return format_money(int(value), unit, whole=True), "rtl"
    if kind is Kind.PERCENT_BP:
        return _percent_bp(value), "rtl"
    if kind is Kind.DECIMAL:
        return _decimal(value), "rtl"
    if kind is Kind.MOMENT:
        moment = value if isinstance(value, datetime) else from_iso(str(value))
        return format_moment(moment, persian=True), "rtl"
    if kind is Kind.DATE:
        return to_persian_digits(str(value)), "rtl"
    if kind is Kind.CODE:
        return _code(value), "ltr"
    return to_persian_digits(text_value(value, translate or _tr)), "auto"


class _Pages:
    """Lays out top to bottom, starting a new page when the next block does not fit."""

    def __init__(self, canvas: Canvas, header: str, footer: str):
        self.c = canvas
        self.header, self.footer = header, footer
        self.page = 0
        self.y = 0.0
        self._new_page()

    def _new_page(self) -> None:
        if self.page:
            self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN
        T.draw(self.c, self.header, PAGE_W - MARGIN, PAGE_H - MARGIN * 0.6, 7.5, color=GREY, base="auto")
        T.draw(self.c, f"{self.footer} — صفحه {to_persian_digits(str(self.page))}", PAGE_W / 2, MARGIN * 0.5,
               7.5, color=GREY, align="center")

    def need(self, height: float) -> bool:
        """Make room for ``height`` points; True if a new page was started."""
        if self.y - height < MARGIN:
            self._new_page()
            return True
        return False


def _column_widths(table: Table, cells: list[list[tuple[str, str]]], headers: list[str], width: float,
                   size: float) -> list[float]:
    pad = size * 1.4
    natural = []
    for i, _ in enumerate(table.columns):
        w = T.width(headers[i], size, "bold", "auto")
        for row in cells[:400]:  # the first few hundred rows tell the width well enough
            text, base = row[i]
            w = max(w, T.width(text, size, "regular", base))
        natural.append(min(w + pad, width * MAX_COLUMN_SHARE))
    total = sum(natural) or 1
    return [w * width / total for w in natural] if total > width else [w + (width - total) / len(natural) for w in natural]


def _draw_table(pages: _Pages, table: Table, unit: str, tr: Translate) -> None:
    c = pages.c
    width = PAGE_W - 2 * MARGIN
    headers = [tr(col.title) for col in table.columns]
    cells = [[format_cell(v, col.kind, unit, tr) for v, col in zip(row, table.columns)] for row in table.rows]
    size = BODY if len(table.columns) <= 6 else BODY * 0.85
    widths = _column_widths(table, cells, headers, width, size) if table.columns else []
    row_h = size * 2.0
    pad = size * 0.6

    def header_row() -> None:
        top = pages.y
        c.setFillColor(HEADER_BG)
        c.rect(MARGIN, top - row_h, width, row_h, stroke=0, fill=1)
        x = PAGE_W - MARGIN
        for text, w in zip(headers, widths):
            T.draw(c, text, x - pad, top - row_h + size * 0.7, size, weight="bold", color=INK, base="auto",
                   max_width=w - 2 * pad)
            x -= w
        pages.y -= row_h

    title = tr(table.title)
    pages.need(row_h * 3 + size * 2)
    if title:
        T.draw(c, title, PAGE_W - MARGIN, pages.y - size * 1.4, size * 1.25, weight="bold", color=INK, base="auto")
        pages.y -= size * 2.2
    header_row()
    if not cells:
        T.draw(c, "بدون داده", PAGE_W / 2, pages.y - row_h + size * 0.7, size, color=GREY, align="center")
        pages.y -= row_h
    for n, row in enumerate(cells):
        if pages.need(row_h):
            header_row()
        top = pages.y
        if n % 2:
            c.setFillColor(STRIPE)
            c.rect(MARGIN, top - row_h, width, row_h, stroke=0, fill=1)
        x = PAGE_W - MARGIN
        for (text, base), w in zip(row, widths):
            T.draw(c, text, x - pad, top - row_h + size * 0.7, size, color=INK, base=base, max_width=w - 2 * pad)
            x -= w
        pages.y -= row_h
    c.setStrokeColor(LINE)
    c.setLineWidth(0.5)
    c.line(MARGIN, pages.y, PAGE_W - MARGIN, pages.y)
    pages.y -= size * 2.5


def _draw_summary(pages: _Pages, report: Report, unit: str, tr: Translate) -> None:
    if not report.summary:
        return
    c = pages.c
    width = PAGE_W - 2 * MARGIN
    per_row = 3
    gap = 3 * mm
    box_w = (width - gap * (per_row - 1)) / per_row
    box_h = 15 * mm
    for start in range(0, len(report.summary), per_row):
        pages.need(box_h + gap)
        x = PAGE_W - MARGIN
        for label, value, kind in report.summary[start:start + per_row]:
            text, base = format_cell(value, kind, unit, tr)
            c.setFillColor(STRIPE)
            c.setStrokeColor(LINE)
            c.roundRect(x - box_w, pages.y - box_h, box_w, box_h, 2 * mm, stroke=1, fill=1)
            T.draw(c, tr(label), x - 3 * mm, pages.y - 5.5 * mm, 8, color=GREY, base="auto", max_width=box_w - 6 * mm)
            T.draw(c, text, x - 3 * mm, pages.y - 12 * mm, 12.5, weight="bold", color=INK, base=base,
                   max_width=box_w - 6 * mm)
            x -= box_w + gap
        pages.y -= box_h + gap
    pages.y -= 3 * mm


def report_pdf(report: Report, *, shop_name: str, unit: str, translate: Translate | None = None,
               seal: str | None = None) -> bytes:
    """An A4 PDF of ``report``: title, shop and period, the records' seal, summary figures, then its tables.

    ``translate`` turns a report source string (a title, a segment name) into the reader's
    language: the desktop app passes the one its screen uses, so that paper and screen agree.
    ``seal`` is the fingerprint of the club's newest seal (``services.seals.latest_fingerprint``):
    on paper, it anchors the records as they were when the report was printed."""
    tr = translate or _tr
    T.register_fonts()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, pageCompression=1)
    title = tr(report.title)
    c.setTitle(title)
    c.setAuthor(shop_name)
    c.setCreator("LoyaltyDesk")
    pages = _Pages(c, shop_name, title)
    T.draw(c, title, PAGE_W - MARGIN, pages.y - 8 * mm, 17, weight="bold", color=INK, base="auto",
           max_width=PAGE_W - 2 * MARGIN)
    pages.y -= 11 * mm
    if report.period:
        T.draw(c, f"دوره: {to_persian_digits(report.period)}", PAGE_W - MARGIN, pages.y - 5 * mm, 10, color=GREY)
        pages.y -= 8 * mm
    if seal:  # the hex groups drawn on their own, left to right, to be compared letter by letter
        label = T.draw(c, "مهر دفترها:", PAGE_W - MARGIN, pages.y - 5 * mm, 9, color=GREY)
        T.draw(c, seal, PAGE_W - MARGIN - label - 2 * mm, pages.y - 5 * mm, 9, color=GREY, base="ltr")
        pages.y -= 7 * mm
    c.setStrokeColor(LINE)
    c.setLineWidth(0.8)
    c.line(MARGIN, pages.y - 2 * mm, PAGE_W - MARGIN, pages.y - 2 * mm)
    pages.y -= 7 * mm
    _draw_summary(pages, report, unit, tr)
    for table in report.tables:
        _draw_table(pages, table, unit, tr)
    c.showPage()
    c.save()
    return out.getvalue()


__all__ = ["report_pdf", "format_cell"]
