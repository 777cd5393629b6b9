"""Member cards, read back: size, text, QR codes, layouts, refusals."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image

from loyaltydesk.services import documents
from loyaltydesk.domain.ids import format_card
from loyaltydesk.domain.text import to_persian_digits
from loyaltydesk.printing.cards import CARD_H, CARD_W, CardData, PrintError, card_pdf, cards_pdf, sheet_positions

from .conftest import has_phrase, page_size_mm, pdf_text, qr_codes, render

DPI = 300


def slot_codes(pdf: bytes, tmp_path, layout: str) -> list[str]:
    """The QR code read from each card slot in printing order (one card cut out at a time)."""
    found = []
    for n, png in enumerate(render(pdf, tmp_path, dpi=DPI)):
        page = Image.open(png)
        slots = sheet_positions() if layout == "sheet" else [(0, 0)]
        for x, y in slots:
            left, top = x / 72 * DPI, page.height - (y + CARD_H) / 72 * DPI
            crop = page.crop((round(left), round(top), round(left + CARD_W / 72 * DPI), round(top + CARD_H / 72 * DPI)))
            if crop.convert("L").getextrema()[0] > 128:  # an empty slot on the last sheet
                continue
            path = tmp_path / f"slot-{n}-{len(found)}.png"
            crop.save(path)
            codes = qr_codes(path)
            assert len(codes) == 1, f"slot at {x, y} of page {n + 1}: {codes}"
            found += codes
    return found

SHOP = "فروشگاه لوازم خانگی نیک"


def test_one_card_reads_back(tmp_path, club, members):
    m = members["ali"]
    card = documents.card_data(club, m.card)
    pdf = card_pdf(card, shop_name=SHOP)
    assert page_size_mm(pdf, tmp_path) == [(85.6, 53.98)]
    text = pdf_text(pdf, tmp_path)
    for phrase in (SHOP, "علی‌اکبر محمدی", "نقره‌ای", "شماره کارت", to_persian_digits(format_card(m.card)),
                   "عضویت", "۱۴۰۴/۰۳/۱۱"):
        assert has_phrase(text, phrase), phrase
    # poppler moves the colon of "عضویت: ۱۴۰۴/۰۳/۱۱" (a neutral between RTL and a number): the date
    # and its label must still share a line
    assert any("عضویت" in line and "۱۴۰۴/۰۳/۱۱" in line for line in text.splitlines())
    assert to_persian_digits(format_card(m.card)) in text  # groups left to right, spaces kept
    [png] = render(pdf, tmp_path)
    assert qr_codes(png) == [m.card]


@pytest.mark.parametrize("count, layout, pages", [
    (1, "sheet", 1), (10, "sheet", 1), (11, "sheet", 2), (23, "sheet", 3), (3, "single", 3),
])
def test_layouts_put_every_card_on_paper(tmp_path, count, layout, pages):
    from loyaltydesk.domain.ids import new_card_number

    cards = [CardData(new_card_number(), f"عضو شماره {to_persian_digits(str(i + 1))}", "طلایی", "#d4af37",
                      "1404/01/0" + str(i % 9 + 1)) for i in range(count)]
    pdf = cards_pdf(cards, shop_name=SHOP, layout=layout)
    sizes = page_size_mm(pdf, tmp_path)
    assert len(sizes) == pages
    assert set(sizes) == ({(210.0, 297.0)} if layout == "sheet" else {(85.6, 53.98)})
    assert slot_codes(pdf, tmp_path, layout) == [c.card for c in cards]
    text = pdf_text(pdf, tmp_path)
    for i in range(count):
        assert has_phrase(text, f"عضو شماره {to_persian_digits(str(i + 1))}")


def test_sheet_has_cut_marks_outside_the_cards(tmp_path):
    from loyaltydesk.domain.ids import new_card_number

    pdf = cards_pdf([CardData(new_card_number(), "مریم رضایی")], shop_name=SHOP)
    [png] = render(pdf, tmp_path, dpi=100)
    page = Image.open(png).convert("L")
    # The vertical cutting line between the columns (page centre) is marked above the grid.
    x = page.width // 2
    grid_top = (297 - 5 * 53.98) / 2 / 25.4 * 100  # pixels
    column = [page.getpixel((x + dx, y)) for dx in (-1, 0, 1) for y in range(int(grid_top) - 25, int(grid_top) - 8)]
    assert min(column) < 128
    # ...and nothing is drawn on the cutting line inside the grid's margins of a card.
    assert page.getpixel((x, int(grid_top) + 5)) > 200


def test_logo_is_embedded(tmp_path):
    from loyaltydesk.domain.ids import new_card_number

    logo = io.BytesIO()
    Image.new("RGB", (120, 60), "#c0392b").save(logo, "PNG")
    pdf = cards_pdf([CardData(new_card_number(), "سارا")] * 4, shop_name=SHOP, logo=logo.getvalue())
    path = tmp_path / "logo.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert len(listing.strip().splitlines()) - 2 >= 4  # header lines, then one row per drawn image


@pytest.mark.parametrize("cards, kwargs, message", [
    ([], {}, "There are no cards to print."),
    ([CardData("612345678901", "x")], {}, "'612345678901' is not a card number that can be printed."),
    ([CardData("6123", "x")], {}, "'6123' is not a card number that can be printed."),
    (None, {"layout": "poster"}, "'poster' is not a card layout (sheet or single)."),
    (None, {"logo": b"not an image"}, "The logo (bytes) cannot be read as an image."),
])
def test_refusals_say_what_is_wrong(cards, kwargs, message):
    from loyaltydesk.domain.ids import new_card_number

    cards = [CardData(new_card_number(), "x")] if cards is None else cards
    with pytest.raises(PrintError) as e:
        cards_pdf(cards, shop_name=SHOP, **kwargs)
    assert e.value.message == message


def test_card_size_is_id1():
    assert (round(CARD_W / 72 * 25.4, 2), round(CARD_H / 72 * 25.4, 2)) == (85.6, 53.98)
