"""The settings page's backups tab: where backups go and how long automatic ones are kept, a backup
now (with a passphrase typed twice, or else, for an encrypted club, sealed to its owners; read back as
soon as it is written), the list of backups, checking one, and restoring one (a backup sealed to the
owners asks for an owner's password, any other encrypted one for its passphrase).

Restore asks first; the service then checks the file before anything is replaced and keeps the
current database aside, so a wrong choice can be undone from that copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.settings import BACKUP_KEEP_MB_MAX, ClubSettings
from loyaltydesk.services import backup as backup_service
from loyaltydesk.services import check as check_service

from .. import i18n
from ..ops import Runner
from ..progress import progress_backup, progress_call
from ..widgets import ProblemForm
from .tables import cell, filling, message, read_only_table, selected_row


class BackupsTab(QWidget):
    """The backups and their settings (a save or a restore reaches the other pages through the
    runner's broadcast: a restore changes everything)."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.settings: ClubSettings | None = None
        self.backups: list = []
        self.confirm: QMessageBox | None = None
        self.notice: QMessageBox | None = None
        self.last_restore = None  # the last restore's result (RestoreResult), once it is done
        self.after_restore_problems: list | None = None  # what the full check after a restore found (None: running)

        self.form = form = ProblemForm()
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.folder = QLineEdit()
        self.folder.setObjectName("backupFolder")
        self.folder.setReadOnly(True)
        self.folder.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.folder.setPlaceholderText(self.tr("The backups folder beside the club's database"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._choose_folder)
        default = QPushButton(self.tr("Default"))
        default.clicked.connect(self.folder.clear)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        row.addWidget(default)
        form.add(self.tr("Backup folder"), "backup_folder", folder_row)
        self.keep_daily = form.add(self.tr("Keep automatic backups of the last (days)"), "backup_keep_daily", QSpinBox())
        self.keep_daily.setObjectName("keepDaily")
        self.keep_daily.setRange(1, 366)
        self.keep_weekly = form.add(self.tr("…and one a week for (weeks)"), "backup_keep_weekly", QSpinBox())
        self.keep_weekly.setObjectName("keepWeekly")
        self.keep_weekly.setRange(0, 520)
        self.keep_mb = form.add(self.tr("…and all of them in at most (MB; 0: no limit)"), "backup_keep_mb", QSpinBox())
        self.keep_mb.setObjectName("keepMegabytes")
        self.keep_mb.setRange(0, min(BACKUP_KEEP_MB_MAX, 2**31 - 1))
        self.keep_mb.setSingleStep(500)
        self.keep_mb.setGroupSeparatorShown(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveBackups")
        self.save_button.clicked.connect(self.save)

        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("backupPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Optional: then the passphrase restores it; without one an owner's "
                                                   "password does"))
        self.passphrase_repeat = QLineEdit()
        self.passphrase_repeat.setObjectName("backupPassphraseRepeat")
        self.passphrase_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_repeat.setPlaceholderText(self.tr("For a new backup: the same passphrase again"))
        self.pass_form = ProblemForm()
        self.pass_form.add(self.tr("Passphrase"), "passphrase", self.passphrase)
        self.pass_form.add(self.tr("Passphrase again"), "passphrase_repeat", self.passphrase_repeat)
        # A backup sealed to the owners (.ldbox: an encrypted club's, without a passphrase) opens with
        # an owner's password, not a passphrase: its own field, shown when such a backup is chosen.
        self.owner_password = QLineEdit()
        self.owner_password.setObjectName("backupOwnerPassword")
        self.owner_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.owner_password.setPlaceholderText(self.tr("Opens this backup: an owner's password when it was made, or "
                                                       "today's"))
        self.pass_form.add(self.tr("Owner's password"), "owner_password", self.owner_password)
        self.now_button = QPushButton(self.tr("Back up now"))
        self.now_button.setObjectName("backUpNow")
        self.now_button.clicked.connect(self.back_up_now)
        self.table = read_only_table([self.tr("File"), self.tr("Made"), self.tr("Size"), self.tr("Sealed"),
                                      self.tr("Kind")], "backupsTable",
                                     self.tr("No backups yet: “Back up now” makes one."))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.verify_button = QPushButton(self.tr("Check"))
        self.verify_button.setObjectName("verifyBackup")
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.ask_restore)
        self.status = QLabel()
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(form.general())
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        layout.addLayout(save_row)
        layout.addLayout(self.pass_form)
        layout.addWidget(self.pass_form.general())
        actions = QHBoxLayout()
        for b in (self.now_button, self.verify_button, self.restore_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self._selection_changed()

    # -- settings ------------------------------------------------------------------------------
    def show_settings(self, settings: ClubSettings) -> None:
        self.settings = settings
        self.folder.setText(settings.backup_folder)
        self.keep_daily.setValue(settings.backup_keep_daily)
        self.keep_weekly.setValue(settings.backup_keep_weekly)
        self.keep_mb.setValue(settings.backup_keep_mb)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        values = dict(backup_folder=self.folder.text().strip(), backup_keep_daily=self.keep_daily.value(),
                      backup_keep_weekly=self.keep_weekly.value(), backup_keep_mb=self.keep_mb.value())
        changes = {k: v for k, v in values.items() if self.settings is None or getattr(self.settings, k) != v}

        def done(settings):
            self.form.clear_problems()
            self.show_settings(settings)
            message(self.status, self.tr("Saved."))
            self.reload()

        self.runner.call(lambda s: services.club.update_settings(s, **changes), done, self.form.show_error)

    # -- the list ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.runner.call(backup_service.list_backups, self.show_backups,
                         lambda e: message(self.status, i18n.error_text(e), True))

    def show_backups(self, backups) -> None:
        self.backups = list(backups)
        with filling(self.table):
            self.table.setRowCount(len(self.backups))
            for r, b in enumerate(self.backups):
                self.table.setItem(r, 0, cell(b.name, ltr=True))
                self.table.setItem(r, 1, cell(i18n.moment(b.created_at)))
                self.table.setItem(r, 2, cell(i18n.arg(self.tr("%1 KB"), i18n.number(max(1, b.size // 1024)))))
                self.table.setItem(r, 3, cell(self.tr("Yes") if b.encrypted else self.tr("No")))
                self.table.setItem(r, 4, cell(self.tr("Automatic") if b.automatic else self.tr("By hand")))
        self._selection_changed()

    def selected(self):
        row = selected_row(self.table)
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def _selection_changed(self) -> None:
        chosen = self.selected()
        on = chosen is not None
        self.verify_button.setEnabled(on)
        self.restore_button.setEnabled(on)
        self.pass_form.setRowVisible(self.owner_password, self._sealed_to_owners(chosen))

    @staticmethod
    def _sealed_to_owners(b) -> bool:
        return b is not None and b.name.endswith(backup_service.BOXED_SUFFIX)

    def _secret_for(self, b) -> str | None:
        """What opens the backup ``b``: an owner's password for one sealed to the owners, else the
        passphrase (None: a plain backup)."""
        field = self.owner_password if self._sealed_to_owners(b) else self.passphrase
        return field.text() or None

    # -- actions -------------------------------------------------------------------------------
    def _passphrase(self) -> str | None:
        return self.passphrase.text() or None

    def back_up_now(self) -> None:
        """A backup now; a passphrase must be typed twice alike (the service refuses a mismatch
        before anything is written or audited). The backup is read back before it is reported."""
        passphrase, repeat = self._passphrase(), self.passphrase_repeat.text()
        self.now_button.setEnabled(False)
        self.pass_form.clear_problems()

        def done(info):
            self.now_button.setEnabled(True)
            self.passphrase_repeat.clear()
            message(self.status, i18n.arg(self.tr("Backed up to %1, read back and checked: %2 members, %3 purchases."),
                                          i18n.ltr(info.path), i18n.number(info.members or 0),
                                          i18n.number(info.purchases or 0)))
            self.reload()

        def failed(error):
            self.now_button.setEnabled(True)
            if getattr(error, "problems", None):
                self.pass_form.show_error(error)
            else:
                message(self.status, i18n.error_text(error), True)

        self.progress_dialog = progress_backup(
            self.runner, self, self.tr("Backing up…"),
            lambda s: backup_service.plan_backup(s, passphrase=passphrase, repeat=repeat), done, failed)

    def verify_selected(self) -> None:
        b = self.selected()
        if b is None:
            return
        path, passphrase = b.path, self._secret_for(b)

        def done(found):
            message(self.status, i18n.arg(self.tr("%1 is sound: %2 members, %3 purchases."), i18n.ltr(b.name),
                                          i18n.number(found.members), i18n.number(found.purchases)))

        self.progress_dialog = progress_call(
            self.runner, self, self.tr("Checking the backup…"),
            lambda s, progress: backup_service.verify_backup(s, path, passphrase, progress=progress), done,
            lambda e: message(self.status, i18n.error_text(e), True))

    def ask_restore(self) -> QMessageBox | None:
        """Restore asks first (a window-modal question, so the page is never frozen)."""
        b = self.selected()
        if b is None:
            return None
        self.confirm = QMessageBox(QMessageBox.Icon.Warning, self.tr("Restore a backup"), i18n.arg(
            self.tr("Replace the whole club with the backup of %1 (%2)?\n\nThe club as it is now is kept aside "
                    "first, so this can be undone."), i18n.moment(b.created_at), i18n.ltr(b.name)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        self.confirm.setObjectName("restoreConfirm")
        self.confirm.button(QMessageBox.StandardButton.Yes).setText(self.tr("Restore"))
        self.confirm.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.confirm.setDefaultButton(QMessageBox.StandardButton.Cancel)
        path, box, secret = b.path, self.confirm, self._secret_for(b)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.finished.connect(lambda _: box.clickedButton() is yes and self.restore(path, secret))
        self.confirm.open()
        return self.confirm

    def restore(self, path: str, passphrase: str | None = None) -> None:
        """Restore ``path``; ``passphrase`` opens it (an owner's password for a backup sealed to the owners)."""
        self.restore_button.setEnabled(False)

        def done(result):
            self.last_restore = result
            self._selection_changed()
            text = i18n.arg(self.tr("Restored %1. The club as it was is kept at %2."),
                            i18n.ltr(Path(result.restored_from).name), i18n.ltr(result.kept_aside))
            if result.problems:
                text += "\n" + i18n.arg(self.tr("The check found %1 problem(s) in the restored club."),
                                        i18n.number(result.problems))
            text += "\n" + self.tr("The full check of the restored club runs in the background; you may go on working.")
            message(self.status, text, bool(result.problems))
            self.reload()
            self.check_after_restore()

        def failed(error):
            self._selection_changed()
            message(self.status, i18n.error_text(error), True)

        self.progress_dialog = progress_call(
            self.runner, self, self.tr("Restoring…"),
            lambda s, progress: backup_service.restore(s, path, passphrase, progress=progress), done, failed)

    def check_after_restore(self) -> None:
        """The full check of the restored club, off the GUI thread and off the database thread (a
        connection of its own, ``check.check_beside``); a notice only when it finds problems."""
        def checked(problems) -> None:
            self.after_restore_problems = problems
            if not problems:
                return
            shown = "\n".join(p.message for p in problems[:10]) + ("\n…" if len(problems) > 10 else "")
            self.notice = QMessageBox(QMessageBox.Icon.Warning, self.tr("The restored club"), i18n.arg(
                self.tr("The full check of the restored club found %1 problem(s):\n\n%2"),
                i18n.number(len(problems)), shown), QMessageBox.StandardButton.Ok, self)
            self.notice.setObjectName("restoreCheckNotice")
            self.notice.open()

        def failed(error) -> None:
            if not self.runner.closed:
                message(self.status, i18n.error_text(error), True)

        self.after_restore_problems = None
        self.runner.call(check_service.check_beside,
                         lambda run: self.runner.call_aside(run, checked, failed), failed)
