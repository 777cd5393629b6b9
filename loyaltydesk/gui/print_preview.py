"""Print preview for the PDFs of ``loyaltydesk.printing`` (cards, receipts, reports).

Shows the pages (QPdfDocument from ``pyside6-pdf``), prints them through the system's print
dialog and saves the PDF as it is. The dialog gets PDF bytes only: whoever opens it asked a
service for the data and ``printing`` for the PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from . import theme

PREVIEW_WIDTH = 560  # pixels of a page in the preview
MAX_PREVIEW_PAGES = 20  # a batch of a thousand cards is printed whole but previewed in part


def render_page(document: QPdfDocument, page: int, width: int) -> QImage:
    """One page as an opaque image ``width`` pixels wide (QPdfDocument leaves the paper transparent)."""
    size = document.pagePointSize(page)
    height = max(1, round(width * size.height() / size.width()))
    rendered = document.render(page, QSize(width, height))
    image = QImage(rendered.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(theme.PAPER))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


class PrintPreviewDialog(QDialog):
    """Preview, print or save a PDF. ``suggested_name`` is the file name the save dialog offers."""

    def __init__(self, pdf: bytes, title: str = "", suggested_name: str = "document.pdf", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Print preview"))
        self.pdf = bytes(pdf)
        self.suggested_name = suggested_name
        self._printer: QPrinter | None = None  # kept: a collected QPrinter crashes QPrintDialog
        self._data = QByteArray(self.pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        pages = QWidget()
        column = QVBoxLayout(pages)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for page in range(min(self.page_count(), MAX_PREVIEW_PAGES)):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(render_page(self.document, page, PREVIEW_WIDTH)))
            label.setFrameShape(QLabel.Shape.Box)
            column.addWidget(label)
            self.page_labels.append(label)
        if self.page_count() > MAX_PREVIEW_PAGES:
            column.addWidget(QLabel(self.tr("Showing the first %Ln page(s); all are printed and saved.", "",
                                            MAX_PREVIEW_PAGES)))
        if self.page_count() == 0:
            column.addWidget(QLabel(self.tr("This document cannot be shown.")))
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        buttons = QDialogButtonBox()
        self.print_button = QPushButton(self.tr("Print…"))
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # Enter (a scanner's, or the cashier's habit) closes the preview; it never opens the print
        # dialog: Print and Save are clicked, or reached with Tab
        for button in (self.print_button, self.save_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        close.setDefault(True)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)
        buttons.rejected.connect(self.reject)
        self.print_button.setEnabled(self.page_count() > 0)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(PREVIEW_WIDTH + 80, 720)

    def page_count(self) -> int:
        return self.document.pageCount()

    # --- saving ----------------------------------------------------------------------------

    def save_to(self, path: str | Path) -> None:
        Path(path).write_bytes(self.pdf)

    def save_with_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), self.suggested_name,
                                              self.tr("PDF files (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            self.save_to(path)
        except OSError as e:
            QMessageBox.warning(self, self.tr("Save as PDF"),
                                self.tr("Cannot write %1: %2").replace("%1", path).replace("%2", e.strerror or str(e)))

    # --- printing --------------------------------------------------------------------------

    def printer(self) -> QPrinter:
        if self._printer is None:
            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self._printer.setDocName(self.windowTitle())
        return self._printer

    def print_to(self, printer: QPrinter, first: int = 0, last: int | None = None) -> int:
        """Print pages ``first``..``last`` (0-based, inclusive) on ``printer``; returns pages printed.
        Each page is rendered at the printer's resolution and scaled to fit its printable area."""
        last = self.page_count() - 1 if last is None else min(last, self.page_count() - 1)
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        printed = 0
        try:
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            for page in range(first, last + 1):
                if printed:
                    printer.newPage()
                size = self.document.pagePointSize(page)
                dpi = printer.resolution()
                width = min(area.width(), round(size.width() / 72 * dpi))
                image = render_page(self.document, page, max(1, width))
                target = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio) \
                    if image.width() > area.width() or image.height() > area.height() else image.size()
                painter.drawImage(0, 0,
                                  image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
                printed += 1
        finally:
            painter.end()
        return printed

    def print_with_dialog(self) -> None:
        printer = self.printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = 0, None
        if printer.printRange() == QPrinter.PrintRange.PageRange:
            first, last = printer.fromPage() - 1, printer.toPage() - 1
        self.print_to(printer, first, last)
