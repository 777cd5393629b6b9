"""The owner's import of members from a shop's own Excel (.xlsx) or CSV file.

Choose the file; the service (``services.import_export.preview_import``) guesses which column is what
and runs the whole import in a transaction it then rolls back, so the dialog shows, row by row,
what *would* happen (new, merged, skipped, or left out with every reason) while nothing is written.
The owner may change the column of each field and the choice for a mobile already in the club;
each change previews again. Only the Import button writes (``confirm_import``, one transaction,
refused if the file changed since the preview). Every error is a sentence, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDialog, QFileDialog, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, PermissionDenied
from loyaltydesk.services import import_history, import_export
from loyaltydesk.services.progress import Cancelled

from . import i18n, theme
from .ops import Runner
from .progress import progress_call
from .pages.tables import cell, filling, message, read_only_table

PREVIEW_ROWS = 200  # rows shown as they come; rows with problems after them are shown too, up to:
MORE_PROBLEM_ROWS = 1_000

FIELD_NAMES = {
    "mobile": QT_TRANSLATE_NOOP("ImportDialog", "Mobile"),
    "first_name": QT_TRANSLATE_NOOP("ImportDialog", "First name"),
    "last_name": QT_TRANSLATE_NOOP("ImportDialog", "Last name"),
    "full_name": QT_TRANSLATE_NOOP("ImportDialog", "Full name (first and last)"),
    "birthday": QT_TRANSLATE_NOOP("ImportDialog", "Birthday"),
    "national_code": QT_TRANSLATE_NOOP("ImportDialog", "National code"),
    "gender": QT_TRANSLATE_NOOP("ImportDialog", "Gender"),
    "notes": QT_TRANSLATE_NOOP("ImportDialog", "Notes"),
    "sms_consent": QT_TRANSLATE_NOOP("ImportDialog", "SMS consent"),
    "points": QT_TRANSLATE_NOOP("ImportDialog", "Points balance"),
    "points_date": QT_TRANSLATE_NOOP("ImportDialog", "Points dated"),
    "spend": QT_TRANSLATE_NOOP("ImportDialog", "Spend in the tier window"),
    "tier": QT_TRANSLATE_NOOP("ImportDialog", "Tier"),
}
HISTORY_FIELDS = {
    "member": QT_TRANSLATE_NOOP("ImportDialog", "Card or mobile"),
    "date": QT_TRANSLATE_NOOP("ImportDialog", "Date"),
    "amount": QT_TRANSLATE_NOOP("ImportDialog", "Amount"),
    "receipt": QT_TRANSLATE_NOOP("ImportDialog", "Receipt number"),
}
HISTORY_OUTCOMES = {
    "add": QT_TRANSLATE_NOOP("ImportDialog", "Past purchase"),
    "skip": QT_TRANSLATE_NOOP("ImportDialog", "Skipped: receipt already in the club"),
    "error": QT_TRANSLATE_NOOP("ImportDialog", "Left out"),
}
OUTCOMES = {
    "add": QT_TRANSLATE_NOOP("ImportDialog", "New member"),
    "merge": QT_TRANSLATE_NOOP("ImportDialog", "Merged into the member"),
    "skip": QT_TRANSLATE_NOOP("ImportDialog", "Skipped: already a member"),
    "error": QT_TRANSLATE_NOOP("ImportDialog", "Left out"),
}


def shown_rows(rows) -> list:
    """The first rows as they come, then the rows with problems among the rest (bounded)."""
    head = list(rows[:PREVIEW_ROWS])
    return head + [r for r in rows[PREVIEW_ROWS:] if r.action == "error"][:MORE_PROBLEM_ROWS]


class ImportDialog(QDialog):
    """Preview, adjust, then import. ``imported(ImportPreview)`` after the members were written."""

    imported = Signal(object)
    imported_history = Signal(object)  # a HistoryPreview, after past purchases were written

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.runner = runner
        self.path: str | None = None
        self.columns: tuple[str, ...] = ()
        self.preview: import_export.ImportPreview | None = None  # the preview the Import button would write
        self.result: import_export.ImportPreview | None = None   # what was written
        self._asked = 0  # the newest preview asked for; older answers are dropped
        self._filling = False  # the combos are being set from a preview: no new preview for that
        self.ask_open_path = self._ask_open_path  # replaceable (tests)
        self.setWindowTitle(self.tr("Import members"))

        # what the file holds: members, or past purchases (moving in from another program)
        self.kind = QComboBox()
        self.kind.setObjectName("importKind")
        self.kind.addItem(self.tr("Members"), "members")
        self.kind.addItem(self.tr("Past purchases (history from another program)"), "purchases")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(self.tr("The file holds")))
        kind_row.addWidget(self.kind)
        kind_row.addStretch(1)

        # the file
        self.file = QLineEdit()
        self.file.setObjectName("importFile")
        self.file.setReadOnly(True)
        self.file.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.file.setPlaceholderText(self.tr("An Excel (.xlsx) or CSV file with a header row"))
        self.choose_button = QPushButton(self.tr("Choose a file…"))
        self.choose_button.setObjectName("chooseImportFile")
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(self.tr("File")))
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose_button)
        self.again_button = QPushButton(self.tr("Preview again"))
        self.again_button.setObjectName("previewAgain")
        self.again_button.setToolTip(self.tr("Read the file again, e.g. after it was changed and saved"))
        self.again_button.setEnabled(False)
        self.again_button.clicked.connect(lambda: self.run_preview(guess=not self.columns))
        file_row.addWidget(self.again_button)

        # the column of each field
        self.member_box, self.member_combos = self._column_box(import_export.FIELDS, FIELD_NAMES, "column_")
        self.history_box, self.history_combos = self._column_box(import_history.FIELDS, HISTORY_FIELDS, "history_")
        self.mapping_box, self.combos = self.member_box, self.member_combos
        self.history_box.setVisible(False)

        # past purchases: the unit of the amounts, and points or none
        self.unit = QComboBox()
        self.unit.setObjectName("historyUnit")
        self.unit.addItem(self.tr("As the amount column's title says (else rial)"), None)
        self.unit.addItem(self.tr("Rial"), "rial")
        self.unit.addItem(self.tr("Toman"), "toman")
        self.unit.currentIndexChanged.connect(lambda _: self._mapping_changed())
        self.with_points = QCheckBox(self.tr("Earn points for them (by today's rule); otherwise they count "
                                             "for the tier only"))
        self.with_points.setObjectName("historyWithPoints")
        self.with_points.toggled.connect(lambda _: self._mapping_changed())
        self.history_options = QWidget()
        options = QHBoxLayout(self.history_options)
        options.setContentsMargins(0, 0, 0, 0)
        options.addWidget(QLabel(self.tr("Amounts in")))
        options.addWidget(self.unit)
        options.addWidget(self.with_points, 1)
        self.history_options.setVisible(False)

        # a mobile already in the club
        self.skip = QRadioButton(self.tr("Skip the row (the member stays as is)"))
        self.skip.setObjectName("duplicateSkip")
        self.merge = QRadioButton(self.tr("Merge (the file's filled-in values replace the member's)"))
        self.merge.setObjectName("duplicateMerge")
        self.skip.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.skip)
        group.addButton(self.merge)
        self.merge.toggled.connect(lambda _: self._mapping_changed())
        duplicates = QFormLayout()
        choice = QWidget()
        choice_row = QHBoxLayout(choice)
        choice_row.setContentsMargins(0, 0, 0, 0)
        choice_row.addWidget(self.skip)
        choice_row.addWidget(self.merge)
        choice_row.addStretch(1)
        duplicates.addRow(self.tr("A mobile already in the club"), choice)
        self.duplicates = QWidget()
        self.duplicates.setLayout(duplicates)

        # the preview
        self.counts = QLabel()
        self.counts.setObjectName("importCounts")
        self.table = read_only_table([self.tr("Row"), self.tr("Outcome"), self.tr("Mobile"), self.tr("Name"),
                                      self.tr("Problem")], "importPreview")
        self.more = QLabel()
        self.more.setObjectName("importMore")
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)

        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("confirmImport")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.confirm)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(kind_row)
        layout.addLayout(file_row)
        layout.addWidget(self.member_box)
        layout.addWidget(self.history_box)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.history_options)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more)
        layout.addLayout(buttons)
        self.resize(980, 680)

    def _column_box(self, fields, names, prefix) -> tuple[QGroupBox, dict[str, QComboBox]]:
        box = QGroupBox(self.tr("Which column is what"))
        grid = QGridLayout(box)
        combos: dict[str, QComboBox] = {}
        for i, field_name in enumerate(fields):
            combo = QComboBox()
            combo.setObjectName(f"{prefix}{field_name}")
            combo.currentIndexChanged.connect(self._mapping_changed)
            combos[field_name] = combo
            row, col = divmod(i, 3)
            grid.addWidget(QLabel(self.tr(names[field_name])), row, 2 * col)
            grid.addWidget(combo, row, 2 * col + 1)
        box.setEnabled(False)
        return box, combos

    def is_history(self) -> bool:
        return self.kind.currentData() == "purchases"

    def _kind_changed(self) -> None:
        """Members or past purchases: their own columns and options; the file is read again."""
        history = self.is_history()
        self.setWindowTitle(self.tr("Import past purchases") if history else self.tr("Import members"))
        self.mapping_box, self.combos = ((self.history_box, self.history_combos) if history
                                         else (self.member_box, self.member_combos))
        self.member_box.setVisible(not history)
        self.history_box.setVisible(history)
        self.table.setHorizontalHeaderItem(2, cell(self.tr("Card or mobile") if history else self.tr("Mobile")))
        self.duplicates.setVisible(not history)
        self.history_options.setVisible(history)
        if self.path:
            self.open_file(self.path)

    # -- the file ------------------------------------------------------------------------------
    def _ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import members"), str(Path.home()),
                                              self.tr("Excel or CSV files (*.xlsx *.csv);;All files (*)"))
        return path

    def choose_file(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """A new file: its columns are guessed afresh."""
        self.path = str(path)
        self.file.setText(self.path)
        self.columns = ()
        self.result = None
        self._fill_combos((), {})
        self.again_button.setEnabled(True)
        self.run_preview(guess=True)

    # -- the preview ---------------------------------------------------------------------------
    def mapping(self) -> dict[str, int]:
        """field → column position, as the combos say."""
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData() is not None}

    def on_duplicate(self) -> str:
        return "merge" if self.merge.isChecked() else "skip"

    def _mapping_changed(self) -> None:
        if self.path and self.columns and not self._filling:
            self.run_preview()

    def run_preview(self, guess: bool = False) -> None:
        """Ask the service what importing would do (nothing is written); the newest answer wins."""
        if not self.path:
            return
        path, mapping, on_duplicate = self.path, None if guess else self.mapping(), self.on_duplicate()
        history, unit, with_points = self.is_history(), self.unit.currentData(), self.with_points.isChecked()
        self._asked += 1
        asked = self._asked
        self.preview = None
        self.import_button.setEnabled(False)
        message(self.status, self.tr("Reading the file… nothing is written yet."))

        def job(s, progress):
            try:
                if history:
                    return None, import_history.preview_purchases(s, path, mapping, unit, with_points), None
                return None, import_export.preview_import(s, path, mapping, on_duplicate, progress=progress), None
            except Cancelled:
                raise
            except PermissionDenied:
                raise
            except LoyaltyError as e:  # the columns are still worth showing, to choose the mobile's
                try:
                    header = (import_history.header_of(path) if history else import_export.read_sheet(path).header)
                except LoyaltyError:
                    raise e from None
                return header, None, e

        def done(value):
            if asked != self._asked:
                return
            header, preview, error = value
            if preview is None:
                if header != self.columns:
                    self._fill_combos(header, {})
                self.show_preview(None)
                message(self.status, i18n.error_text(error), True)
            else:
                self._fill_combos(preview.columns, preview.mapping)
                self.show_preview(preview)

        def failed(error):
            if asked != self._asked:
                return
            self.show_preview(None)
            message(self.status, i18n.error_text(error), True)

        self.progress_dialog = progress_call(self.runner, self, self.tr("Reading the file… nothing is written yet."),
                                             job, done, failed)

    def _fill_combos(self, columns: tuple[str, ...], mapping: dict[str, str]) -> None:
        """The file's columns in every combo, each set to its column (or to none)."""
        self._filling = True
        try:
            if columns != self.columns:
                self.columns = tuple(columns)
                for combo in self.combos.values():
                    combo.clear()
                    combo.addItem(self.tr("(not in the file)"), None)
                    for i, title in enumerate(self.columns):
                        shown = title or i18n.arg(self.tr("Column %1"), i18n.number(i + 1))
                        combo.addItem(shown, i)
            for field_name, combo in self.combos.items() if mapping else ():
                title = mapping.get(field_name)
                index = self.columns.index(title) if title in self.columns else None
                combo.setCurrentIndex(max(0, combo.findData(index)) if index is not None else 0)
        finally:
            self._filling = False
        self.mapping_box.setEnabled(bool(self.columns))

    def show_preview(self, preview) -> None:
        self.preview = preview if preview is not None and not preview.done else None
        rows = list(preview.rows) if preview is not None else []
        shown = shown_rows(rows)
        history = isinstance(preview, import_history.HistoryPreview)
        with filling(self.table):
            self.table.setRowCount(len(shown))
            for r, row in enumerate(shown):
                self.table.setItem(r, 0, cell(i18n.number(row.row)))
                outcome = cell(self.tr((HISTORY_OUTCOMES if history else OUTCOMES)[row.action]))
                self.table.setItem(r, 1, outcome)
                key = row.member if history else row.mobile
                self.table.setItem(r, 2, cell(i18n.digits(key), ltr=True) if key else cell("—"))
                self.table.setItem(r, 3, cell(row.name or "—"))
                reasons = [i18n.problem_text(p) for p in row.reasons] or list(row.problems)
                reason = cell("؛ ".join(reasons) if i18n.is_persian() else "; ".join(reasons))
                if row.action == "error":
                    outcome.setForeground(theme.tone_color("danger"))
                    reason.setForeground(theme.tone_color("danger"))
                    reason.setToolTip("\n".join(reasons))  # a long reason is cut in the cell
                self.table.setItem(r, 4, reason)
        hidden = len(rows) - len(shown)
        self.more.setText(i18n.arg(self.tr("%1 more rows without problems are not listed."), i18n.number(hidden))
                          if hidden else "")
        self.more.setVisible(bool(hidden))
        if preview is None:
            self.counts.clear()
            self.import_button.setEnabled(False)
            return
        c = preview.counts
        if history:
            self._show_history_counts(preview)
            return
        figures = [i18n.number(c.get(k, 0)) for k in ("add", "merge", "skip", "error")]
        if preview.done:
            self.counts.setText(i18n.arg(self.tr("Imported: %1 new, %2 merged, %3 skipped, %4 rows with problems "
                                                 "left out."), *figures))
        else:
            self.counts.setText(i18n.arg(self.tr("If imported: %1 new, %2 merged, %3 skipped, %4 rows with problems "
                                                 "left out."), *figures))
        theme.set_role(self.counts, "value")
        writes = c.get("add", 0) + c.get("merge", 0)
        self.import_button.setEnabled(self.preview is not None and writes > 0)
        if preview.done:
            return
        if writes:
            message(self.status, self.tr("Nothing is written until you press Import.") + self._cp1256_notice(preview))
        else:
            message(self.status, self.tr("No row of this file would add or change a member."), True)

    def _show_history_counts(self, preview: import_history.HistoryPreview) -> None:
        c, t = preview.counts, preview.totals
        unit = i18n.display_unit()
        figures = [i18n.number(c.get("add", 0)), i18n.money(t.get("gross", 0), unit), i18n.number(t.get("members", 0)),
                   i18n.number(c.get("skip", 0)), i18n.number(c.get("error", 0)), i18n.number(t.get("upgrades", 0))]
        text = (self.tr("Imported: %1 past purchases (%2) of %3 members, %4 skipped, %5 rows with problems left out; "
                        "%6 members moved up a tier.") if preview.done else
                self.tr("If imported: %1 past purchases (%2) of %3 members, %4 skipped, %5 rows with problems left "
                        "out; %6 members would move up a tier."))
        self.counts.setText(i18n.arg(text, *figures))
        theme.set_role(self.counts, "value")
        self.import_button.setEnabled(self.preview is not None and c.get("add", 0) > 0)
        if preview.done:
            return
        if c.get("add", 0):
            message(self.status, self.tr("Nothing is written until you press Import.") + self._cp1256_notice(preview))
        else:
            message(self.status, self.tr("No row of this file would add a purchase."), True)

    def _cp1256_notice(self, preview) -> str:
        """Rows of a UTF-8 file that were read as Windows-1256: the owner checks their names."""
        if not preview.cp1256_rows:
            return ""
        rows = ("، " if i18n.is_persian() else ", ").join(i18n.number(r) for r in preview.cp1256_rows)
        return " " + i18n.arg(self.tr("Rows %1 were not UTF-8 and were read as Windows-1256 (Arabic Windows) "
                                      "text: check their names."), rows)

    def counts_shown(self) -> dict:
        """The preview's counts (for tests and the import's own message)."""
        return dict(self.preview.counts) if self.preview else {}

    # -- the import ----------------------------------------------------------------------------
    def confirm(self) -> None:
        """Write what the preview showed, in one transaction (the file must not have changed)."""
        preview = self.preview
        if preview is None:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.mapping_box.setEnabled(False)
        message(self.status, self.tr("Importing…"))

        history = isinstance(preview, import_history.HistoryPreview)

        def done(result):
            self.result = result
            self.choose_button.setEnabled(True)
            self.mapping_box.setEnabled(bool(self.columns))  # a change previews the file again
            self.show_preview(result)
            c = result.counts
            if history:
                message(self.status, i18n.arg(self.tr("Done: %1 past purchases imported."), i18n.number(c.get("add", 0))))
                self.imported_history.emit(result)
                return
            message(self.status, i18n.arg(self.tr("Done: %1 members added and %2 merged."),
                                          i18n.number(c.get("add", 0)), i18n.number(c.get("merge", 0))))
            self.imported.emit(result)

        def failed(error):  # e.g. the file changed since the preview: the owner previews again
            self.preview = None
            self.choose_button.setEnabled(True)
            self.mapping_box.setEnabled(bool(self.columns))
            message(self.status, i18n.error_text(error), True)

        def cancelled():  # stopped: nothing was written, the preview still holds
            self.choose_button.setEnabled(True)
            self.mapping_box.setEnabled(bool(self.columns))
            self.import_button.setEnabled(True)
            message(self.status, i18n.error_text(Cancelled()), True)

        if history:
            self.runner.call(lambda s: import_history.confirm_purchases(s, preview), done, failed)
        else:
            self.progress_dialog = progress_call(
                self.runner, self, self.tr("Importing…"),
                lambda s, progress: import_export.confirm_import(s, preview, progress=progress), done, failed,
                cancelled)
