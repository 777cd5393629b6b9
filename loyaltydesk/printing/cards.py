"""Member cards: credit-card size (ISO/IEC 7810 ID-1, 85.60 × 53.98 mm), one or many.

A card shows the shop's name (and logo), the member's name, the tier name in the tier's colour,
the card number grouped left to right, the Jalali join date and a QR code that encodes exactly the
12-digit card number (so a USB scanner types it, then Enter, into the cashier's search).

Layouts: ``sheet`` puts ten cards on an A4 page (2 × 5, edge to edge) with cut marks in the
margins for a guillotine or a ruler; ``single`` makes one card-sized page per card, for card
printers. Plain data in, PDF bytes out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import qrcode
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.domain.ids import card_is_valid, format_card
from loyaltydesk.domain.text import to_persian_digits
from loyaltydesk.domain.tiers import DEFAULT_TIER_COLOR

from . import text as T

CARD_W = 85.60 * mm
CARD_H = 53.98 * mm
COLUMNS, ROWS = 2, 5  # ten cards on A4, 171.2 × 269.9 mm
SHEET_W, SHEET_H = A4
MARK_LEN = 6 * mm  # cut marks in the margins
MARK_GAP = 2 * mm  # space between the cards' edge and a mark

INK = HexColor("#1f2933")
GREY = HexColor("#616e7c")
LIGHT = HexColor("#d9dee3")

LAYOUTS = ("sheet", "single")

NO_CARDS = QT_TRANSLATE_NOOP("LoyaltyError", "There are no cards to print.")
BAD_LAYOUT = QT_TRANSLATE_NOOP("LoyaltyError", "{layout!r} is not a card layout (sheet or single).")
BAD_CARD = QT_TRANSLATE_NOOP("LoyaltyError", "{card!r} is not a card number that can be printed.")
BAD_LOGO = QT_TRANSLATE_NOOP("LoyaltyError", "The logo {logo} cannot be read as an image.")


class PrintError(LoyaltyError):
    """A document cannot be made from what was given."""


@dataclass(frozen=True)
class CardData:
    """What one card shows. ``joined`` is a Jalali date ``YYYY/MM/DD``; ``tier_color`` ``#rrggbb``."""

    card: str
    name: str
    tier: str | None = None
    tier_color: str | None = None
    joined: str = ""


@dataclass(frozen=True)
class Shop:
    name: str
    logo: bytes | str | Path | None = None  # PNG/JPEG bytes or a file


# --- QR -------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _qr_rows(data: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Dark runs ``(start, length)`` of each QR row, top row first (no quiet zone)."""
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    q.add_data(data, optimize=0)
    q.make(fit=True)
    rows = []
    for row in q.get_matrix():
        runs, start = [], None
        for i, dark in enumerate(list(row) + [False]):
            if dark and start is None:
                start = i
            elif not dark and start is not None:
                runs.append((start, i - start))
                start = None
        rows.append(tuple(runs))
    return tuple(rows)


def draw_qr(canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code of ``data`` as vector squares, ``size`` points wide, lower-left at (x, y).

    One PDF path of ``re`` operators written as a literal: reportlab's path objects format every
    number through a slow general routine, and a batch of a thousand cards draws ~120k squares."""
    rows = _qr_rows(data)
    module = size / len(rows)
    ops = ["q 0 g"]
    for r, runs in enumerate(rows):
        # a hair of overlap so that viewers leave no seams between modules
        top = y + size - (r + 1) * module - 0.01
        for start, length in runs:
            ops.append(f"{x + start * module:.3f} {top:.3f} {length * module:.3f} {module + 0.02:.3f} re")
    ops.append("f Q")
    canvas.addLiteral("\n".join(ops))


# --- one card ------------------------------------------------------------------------------------


def _color(value: str | None):
    try:
        return HexColor(value or DEFAULT_TIER_COLOR)
    except (ValueError, TypeError):
        return HexColor(DEFAULT_TIER_COLOR)


def _logo_reader(logo) -> ImageReader | None:
    if logo is None:
        return None
    try:
        return ImageReader(io.BytesIO(logo) if isinstance(logo, (bytes, bytearray)) else str(logo))
    except Exception as e:  # reportlab/PIL raise many kinds for a file that is not an image
        raise PrintError(BAD_LOGO, logo="(bytes)" if isinstance(logo, (bytes, bytearray)) else str(logo)) from e


def card_number_text(card: str) -> str:
    """``612345678901`` → ``۶۱۲۳ ۴۵۶۷ ۸۹۰۱`` (drawn left to right)."""
    return to_persian_digits(format_card(card))


def draw_card(canvas, data: CardData, shop: Shop, logo: ImageReader | None = None) -> None:
    """Draw one card with its lower-left corner at the canvas origin."""
    w, h = CARD_W, CARD_H
    right = w - 4.5 * mm
    left = 4.5 * mm
    qr_size = 21 * mm
    tier_color = _color(data.tier_color)

    # Header: shop name (right), logo (left), a stripe in the tier's colour under both.
    header_base = h - 9.5 * mm
    logo_w = 0.0
    if logo is not None:
        iw, ih = logo.getSize()
        logo_h = 8 * mm
        logo_w = min(22 * mm, logo_h * iw / ih)
        canvas.drawImage(logo, left, h - 4 * mm - logo_h, logo_w, logo_h, preserveAspectRatio=True, anchor="sw",
                         mask="auto")
    T.draw(canvas, _or_dash(shop.name), right, header_base, 11.5, weight="bold", color=INK,
           max_width=right - left - logo_w - (3 * mm if logo_w else 0))
    canvas.setFillColor(tier_color)
    canvas.rect(left, h - 13 * mm, right - left, 1.2 * mm, stroke=0, fill=1)

    # QR code, lower left.
    draw_qr(canvas, data.card, left, 4.2 * mm, qr_size)

    # Text column, right of the QR code.
    text_w = right - (left + qr_size + 4 * mm)
    T.draw(canvas, _or_dash(data.name), right, h - 21.5 * mm, 13, weight="bold", color=INK, max_width=text_w)
    if data.tier:
        dot = 1.3 * mm
        T.draw(canvas, data.tier, right - 2 * dot - 1.2 * mm, h - 28 * mm, 10.5, weight="bold",
               color=tier_color, max_width=text_w - 3 * dot)
        canvas.setFillColor(tier_color)
        canvas.circle(right - dot, h - 28 * mm + 1.3 * mm, dot, stroke=0, fill=1)
    T.draw(canvas, "شماره کارت", right, 17.2 * mm, 6.5, color=GREY)
    T.draw(canvas, card_number_text(data.card), right, 11.6 * mm, 12.5, weight="medium", base="ltr", color=INK,
           max_width=text_w)
    if data.joined:
        T.draw(canvas, f"عضویت: {to_persian_digits(data.joined)}", right, 5.2 * mm, 7, color=GREY, max_width=text_w)


def _or_dash(value: str) -> str:
    return value if value and value.strip() else "—"


# --- documents -----------------------------------------------------------------------------------


def _check(cards: Sequence[CardData]) -> None:
    if not cards:
        raise PrintError(NO_CARDS)
    for c in cards:
        if not card_is_valid(c.card):
            raise PrintError(BAD_CARD, card=c.card)


def _cut_marks(canvas, x0: float, y0: float, cols: int, rows: int) -> None:
    """Marks in the margins on every cutting line of a grid of cards whose lower-left is (x0, y0)."""
    canvas.saveState()
    canvas.setStrokeColor(HexColor("#000000"))
    canvas.setLineWidth(0.3)
    top, right = y0 + rows * CARD_H, x0 + cols * CARD_W
    for c in range(cols + 1):
        x = x0 + c * CARD_W
        canvas.line(x, top + MARK_GAP, x, top + MARK_GAP + MARK_LEN)
        canvas.line(x, y0 - MARK_GAP, x, y0 - MARK_GAP - MARK_LEN)
    for r in range(rows + 1):
        y = y0 + r * CARD_H
        canvas.line(x0 - MARK_GAP, y, x0 - MARK_GAP - MARK_LEN, y)
        canvas.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LEN, y)
    canvas.restoreState()


def cards_pdf(cards: Iterable[CardData], *, shop_name: str, logo=None, layout: str = "sheet",
              title: str = "Member cards") -> bytes:
    """PDF of ``cards``: an A4 sheet of ten per page with cut marks, or one card-sized page each."""
    cards = list(cards)
    if layout not in LAYOUTS:
        raise PrintError(BAD_LAYOUT, layout=layout)
    _check(cards)
    T.register_fonts()
    shop = Shop(shop_name, logo)
    out = io.BytesIO()
    size = (SHEET_W, SHEET_H) if layout == "sheet" else (CARD_W, CARD_H)
    canvas = Canvas(out, pagesize=size, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("LoyaltyDesk")
    reader = _logo_reader(logo)
    if layout == "single":
        for c in cards:
            draw_card(canvas, c, shop, reader)
            canvas.showPage()
    else:
        per_page = COLUMNS * ROWS
        x0 = (SHEET_W - COLUMNS * CARD_W) / 2
        y0 = (SHEET_H - ROWS * CARD_H) / 2
        for page_start in range(0, len(cards), per_page):
            page = cards[page_start:page_start + per_page]
            for i, c in enumerate(page):
                col, row = i % COLUMNS, i // COLUMNS
                canvas.saveState()
                # Right to left, top to bottom: the first card sits at the top right.
                canvas.translate(x0 + (COLUMNS - 1 - col) * CARD_W, y0 + (ROWS - 1 - row) * CARD_H)
                draw_card(canvas, c, shop, reader)
                canvas.restoreState()
            _cut_marks(canvas, x0, y0, COLUMNS, ROWS)
            canvas.showPage()
    canvas.save()
    return out.getvalue()


def card_pdf(card: CardData, *, shop_name: str, logo=None) -> bytes:
    """One card on a card-sized page."""
    return cards_pdf([card], shop_name=shop_name, logo=logo, layout="single")


def sheet_positions() -> list[tuple[float, float]]:
    """Lower-left corners (points) of the ten card slots of a sheet, in printing order."""
    x0 = (SHEET_W - COLUMNS * CARD_W) / 2
    y0 = (SHEET_H - ROWS * CARD_H) / 2
    return [(x0 + (COLUMNS - 1 - i % COLUMNS) * CARD_W, y0 + (ROWS - 1 - i // COLUMNS) * CARD_H)
            for i in range(COLUMNS * ROWS)]


__all__ = ["CardData", "Shop", "PrintError", "cards_pdf", "card_pdf", "draw_card", "draw_qr", "card_number_text",
           "CARD_W", "CARD_H", "LAYOUTS", "sheet_positions"]
