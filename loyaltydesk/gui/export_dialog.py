"""The owner's export of the members, the purchases or the points ledger to an Excel (.xlsx) or CSV
file, by the file name's extension (``services.import_export.export``: owner only, audited, since it is
personal data; a failed export leaves no file behind)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.services import import_export

from . import i18n
from .ops import Runner
from .progress import progress_call
from .pages.tables import message

WHAT = {
    "members": QT_TRANSLATE_NOOP("ExportDialog", "Members"),
    "purchases": QT_TRANSLATE_NOOP("ExportDialog", "Purchases"),
    "ledger": QT_TRANSLATE_NOOP("ExportDialog", "Points ledger"),
}
FILE_NAMES = {"members": "members", "purchases": "purchases", "ledger": "points-ledger"}
KNOWN_SUFFIXES = (".xlsx", ".csv")


class ExportDialog(QDialog):
    """What to export and where; ``exported(ExportResult)`` after the file was written."""

    exported = Signal(object)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.runner = runner
        self.result: import_export.ExportResult | None = None
        self.ask_save_path = self._ask_save_path  # replaceable (tests)
        self.setWindowTitle(self.tr("Export"))

        self.what = QComboBox()
        self.what.setObjectName("exportWhat")
        for key in import_export.EXPORTS:
            self.what.addItem(self.tr(WHAT[key]), key)
        self.file = QLineEdit()
        self.file.setObjectName("exportFile")
        self.file.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.file.setPlaceholderText(self.tr("A file name ending in .xlsx or .csv"))
        choose = QPushButton(self.tr("Choose…"))
        choose.setObjectName("chooseExportFile")
        choose.clicked.connect(self.choose_file)
        file_row = QWidget()
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("Export"), self.what)
        form.addRow(self.tr("To the file"), file_row)
        note = QLabel(self.tr("The file holds personal data of your customers: keep it safe. Every export is "
                              "written to the log of changes."))
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setObjectName("runExport")
        self.export_button.clicked.connect(self.export)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.setMinimumWidth(620)

    def _ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), suggested,
                                              self.tr("Excel workbook (*.xlsx);;CSV file (*.csv)"))
        return path

    def choose_file(self) -> None:
        current = self.file.text().strip()
        suggested = current or str(Path.home() / f"{FILE_NAMES[self.what.currentData()]}.xlsx")
        path = self.ask_save_path(suggested)
        if path:
            if not path.lower().endswith(KNOWN_SUFFIXES):
                path += ".xlsx"
            self.file.setText(path)

    def export(self) -> None:
        """Write the chosen table to the chosen file (asking for the file first if there is none)."""
        if not self.file.text().strip():
            self.choose_file()
        path = self.file.text().strip()
        if not path:
            return
        what = self.what.currentData()
        self.export_button.setEnabled(False)
        message(self.status, self.tr("Exporting…"))

        def done(result):
            self.result = result
            self.export_button.setEnabled(True)
            message(self.status, i18n.arg(self.tr("%1 rows written to %2."), i18n.number(result.rows),
                                          i18n.ltr(result.file)))
            self.exported.emit(result)

        def failed(error):
            self.export_button.setEnabled(True)
            message(self.status, i18n.error_text(error), True)

        self.progress_dialog = progress_call(
            self.runner, self, self.tr("Exporting…"),
            lambda s, progress: import_export.export(s, what, path, progress=progress), done, failed)
