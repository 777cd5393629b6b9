"""The settings page's "Import and export" tab (owner): two buttons, each opening its dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from loyaltydesk.domain.roles import Action, may

from .. import i18n
from ..export_dialog import ExportDialog
from ..import_dialog import ImportDialog
from ..ops import Runner
from .tables import message


def may_import_export(runner: Runner) -> bool:
    """Whether the signed-in user gets the tab (the services refuse anyone else anyway)."""
    role = runner.session.user.role if runner.session else None
    return role is not None and (may(role, Action.IMPORT_MEMBERS) or may(role, Action.EXPORT_DATA))


class ImportExportTab(QWidget):
    """Members and past purchases in from a file, data out (what changed reaches the other pages
    through the runner's broadcast)."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.import_button = QPushButton(self.tr("Import members…"))
        self.import_button.setObjectName("openImport")
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("openExport")
        self.export_button.clicked.connect(self.open_export)
        import_note = QLabel(self.tr("Members from an Excel or CSV file as your shop keeps them: you see every row "
                                     "and every problem first, and nothing is imported until you confirm."))
        export_note = QLabel(self.tr("The members, the purchases or the points ledger to an Excel or CSV file."))
        self.status = QLabel()
        self.status.setObjectName("transferStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        for button, note in ((self.import_button, import_note), (self.export_button, export_note)):
            note.setWordWrap(True)
            row = QHBoxLayout()
            row.addWidget(button)
            row.addWidget(note, 1)
            layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def open_import(self) -> ImportDialog:
        self.import_dialog = ImportDialog(self.runner, self)
        self.import_dialog.imported.connect(self._imported)
        self.import_dialog.imported_history.connect(self._imported_history)
        self.import_dialog.open()
        return self.import_dialog

    def open_export(self) -> ExportDialog:
        self.export_dialog = ExportDialog(self.runner, self)
        self.export_dialog.exported.connect(self._exported)
        self.export_dialog.open()
        return self.export_dialog

    def _imported(self, result) -> None:
        c = result.counts
        message(self.status, i18n.arg(self.tr("Imported from %1: %2 new members, %3 merged."),
                                      i18n.ltr(result.file), i18n.number(c.get("add", 0)),
                                      i18n.number(c.get("merge", 0))))

    def _imported_history(self, result) -> None:
        c = result.counts
        message(self.status, i18n.arg(self.tr("Imported from %1: %2 past purchases, %3 already there."),
                                      i18n.ltr(result.file), i18n.number(c.get("add", 0)),
                                      i18n.number(c.get("skip", 0))))

    def _exported(self, result) -> None:
        message(self.status, i18n.arg(self.tr("%1 rows written to %2."), i18n.number(result.rows),
                                      i18n.ltr(result.file)))
