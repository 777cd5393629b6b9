"""The print preview dialog, lightly: pages shown, saved as they are, printed through QPrinter."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtPdf", reason="print preview needs pyside6-pdf")

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402

from loyaltydesk.domain.ids import new_card_number  # noqa: E402
from loyaltydesk.gui.print_preview import PrintPreviewDialog  # noqa: E402
from loyaltydesk.printing.cards import CardData, cards_pdf  # noqa: E402

from .conftest import page_size_mm, qr_codes  # noqa: E402


@pytest.fixture
def pdf():
    cards = [CardData(new_card_number(), "مریم رضایی", "طلایی", "#d4af37", "1404/03/11") for _ in range(12)]
    return cards, cards_pdf(cards, shop_name="فروشگاه نیک")


def test_preview_shows_pages_and_saves_the_same_bytes(qtbot, tmp_path, pdf):
    cards, data = pdf
    dialog = PrintPreviewDialog(data, "کارت‌ها", "cards.pdf")
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 2 and len(dialog.page_labels) == 2
    image = dialog.page_labels[0].pixmap().toImage()
    assert image.width() == 560 and image.pixelColor(5, 5).name() == "#ffffff"  # paper is white, not clear
    image.save(str(tmp_path / "preview.png"))
    assert cards[0].card in qr_codes(tmp_path / "preview.png")
    dialog.save_to(tmp_path / "saved.pdf")
    assert (tmp_path / "saved.pdf").read_bytes() == data


def test_print_to_a_pdf_printer(qtbot, tmp_path, pdf):
    _, data = pdf
    dialog = PrintPreviewDialog(data)
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_to(printer) == 2
    assert len(page_size_mm((tmp_path / "printed.pdf").read_bytes(), tmp_path)) == 2
    assert dialog.printer() is dialog.printer()  # one QPrinter kept for the dialog's life
    assert isinstance(dialog.page_labels[1].pixmap().toImage(), QImage)


def test_unreadable_bytes_disable_printing(qtbot):
    dialog = PrintPreviewDialog(b"not a pdf")
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 0 and not dialog.print_button.isEnabled()
