"""Print a receipt or a member's card from any page: the PDF is made on the database thread (it
reads the purchase or the member there), then shown in the print preview on the GUI thread.

``closed`` is called when the preview (or the error instead of it) is closed, whichever way: the
cashier's page gives the keyboard back to its search field then (the focus stayed on the
print button, and the next customer's scan went nowhere)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from loyaltydesk import services

from .ops import Runner
from .widgets import show_error

_open: list = []  # previews stay alive while shown


def show_pdf(parent: QWidget, pdf: bytes, title: str, name: str, closed=None):
    from .print_preview import PrintPreviewDialog

    dialog = PrintPreviewDialog(pdf, title, name, parent)
    _open.append(dialog)
    dialog.finished.connect(lambda _=None: _open.remove(dialog) if dialog in _open else None)
    if closed is not None:
        dialog.finished.connect(lambda _=None: closed())
    dialog.open()
    return dialog


def _failed(parent: QWidget, closed):
    def failed(error) -> None:
        box = show_error(parent, error)
        if closed is not None and box is not None:
            box.finished.connect(lambda _=None: closed())

    return failed


def receipt(runner: Runner, parent: QWidget, purchase_id: int, width: int = 80, shown=None, closed=None) -> None:
    def job(s):
        from loyaltydesk.printing.receipts import receipt_pdf
        from loyaltydesk.services import documents

        return receipt_pdf(documents.receipt_data(s, purchase_id), width=width)

    def done(pdf):
        dialog = show_pdf(parent, pdf, QCoreApplication.translate("Printing", "Receipt"), f"receipt-{purchase_id}.pdf",
                          closed)
        if shown:
            shown(dialog)

    runner.call(job, done, _failed(parent, closed))


def member_card(runner: Runner, parent: QWidget, card: str, shown=None, closed=None) -> None:
    def job(s):
        from loyaltydesk.printing.cards import card_pdf
        from loyaltydesk.services import documents

        return card_pdf(documents.card_data(s, card), shop_name=documents.shop_name(s), logo=services.users.logo(s))

    def done(pdf):
        dialog = show_pdf(parent, pdf, QCoreApplication.translate("Printing", "Member card"), f"card-{card}.pdf", closed)
        if shown:
            shown(dialog)

    runner.call(job, done, _failed(parent, closed))
