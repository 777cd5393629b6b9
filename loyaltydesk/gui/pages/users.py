"""The owner's users page: who may sign in, with which role; add a user, reset a password, change a
role, deactivate or activate. The service refuses what would lock the shop out (the last active
owner) or what an owner may not do to themselves; the refusal is shown in plain words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.services.changes import Changes

from .. import i18n
from ..ops import Runner
from ..password_dialog import ResetPasswordDialog
from ..widgets import ProblemForm
from .tables import cell, filling, fit_to_rows, message, read_only_table, selected_row


class AddUserDialog(QDialog):
    """A new user: user name (Latin, how they sign in), name shown, role, password twice."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("addUser")
        self.runner = runner
        self.saved = None
        self.setWindowTitle(self.tr("New user"))
        self.form = form = ProblemForm()
        self.username = form.add(self.tr("User name"), "username", QLineEdit())
        self.username.setObjectName("newUsername")
        self.username.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.display_name = form.add(self.tr("Name shown"), "display_name", QLineEdit())
        self.display_name.setObjectName("newDisplayName")
        self.role = form.add(self.tr("Role"), "role", QComboBox())
        self.role.setObjectName("newRole")
        self.role.addItem(self.tr("Cashier"), Role.CASHIER.value)
        self.role.addItem(self.tr("Owner"), Role.OWNER.value)
        self.password = form.add(self.tr("Password"), "password", QLineEdit())
        self.password.setObjectName("newPassword")
        self.repeat = form.add(self.tr("Password again"), "repeat", QLineEdit())
        self.repeat.setObjectName("repeatPassword")
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        note = QLabel(self.tr("A cashier finds and signs up members and registers purchases; "
                              "an owner may do everything."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Add user"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(form.general())
        layout.addWidget(buttons)
        self.setMinimumWidth(400)

    def submit(self) -> None:
        values = dict(username=self.username.text(), password=self.password.text(), repeat=self.repeat.text(),
                      role=self.role.currentData(), display_name=self.display_name.text())
        self.ok.setEnabled(False)
        self.runner.call(lambda s: services.users.add_user(s, **values), self._done, self._failed)

    def _done(self, user) -> None:
        self.saved = user
        self.accept()

    def _failed(self, error) -> None:
        self.ok.setEnabled(True)
        self.form.show_error(error)
        self.adjustSize()  # room for the problems shown under the fields


class UsersPage(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("usersPage")
        self.runner = runner
        self.users: list = []
        self.dialog: QDialog | None = None
        self.table = read_only_table([self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("State"),
                                      self.tr("Last sign-in")], "usersTable")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(self.tr("New user…"))
        self.add_button.setObjectName("addUser")
        self.add_button.clicked.connect(self.add)
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button = QPushButton(self.tr("Make owner"))
        self.role_button.setObjectName("changeRole")
        self.role_button.clicked.connect(self.toggle_role)
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.active_button.setObjectName("toggleActive")
        self.active_button.clicked.connect(self.toggle_active)
        self.status = QLabel()
        self.status.setObjectName("usersStatus")
        self.status.setWordWrap(True)
        note = QLabel(self.tr("A deactivated user cannot sign in; their past work stays in the records. "
                              "The club always keeps at least one active owner."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.reset_button, self.role_button, self.active_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addStretch(1)  # (the table is as tall as its few rows: the page's background below)
        self._selection_changed()

    def role_name(self, role: str) -> str:
        return self.tr("Owner") if role == Role.OWNER.value else self.tr("Cashier")

    @staticmethod
    def who(u) -> str:
        """A user as the shop knows them: the name shown, else the user name (left to right)."""
        return u.display_name or i18n.ltr(u.username)

    shows = Changes.of("users")

    def activate(self) -> None:
        """Shown (the list is read by ``refresh``)."""

    def refresh(self, changes: Changes) -> None:
        self.reload()

    def set_unit(self, unit: str) -> None:
        """(No amounts on this page.)"""

    def reload(self) -> None:
        self.runner.call(services.users.list_users, self.show_users, self._refused)

    def show_users(self, users) -> None:
        chosen = self.selected()
        self.users = list(users)
        with filling(self.table):
            self.table.setRowCount(len(self.users))
            for r, u in enumerate(self.users):
                self.table.setItem(r, 0, cell(u.username, ltr=True))
                self.table.setItem(r, 1, cell(u.display_name or "—"))
                self.table.setItem(r, 2, cell(self.role_name(u.role)))
                self.table.setItem(r, 3, cell(self.tr("Active") if u.active else self.tr("Deactivated")))
                self.table.setItem(r, 4, cell(i18n.moment(u.last_sign_in) if u.last_sign_in else self.tr("Never")))
                if chosen is not None and u.username == chosen.username:
                    self.table.setCurrentCell(r, 0)
        fit_to_rows(self.table)
        self._selection_changed()

    def select(self, username: str) -> None:
        for r, u in enumerate(self.users):
            if u.username == username:
                self.table.setCurrentCell(r, 0)
                return
        raise KeyError(username)

    def selected(self):
        row = selected_row(self.table)
        return self.users[row] if 0 <= row < len(self.users) else None

    def _selection_changed(self) -> None:
        u = self.selected()
        for b in (self.reset_button, self.role_button, self.active_button):
            b.setEnabled(u is not None)
        if u is not None:
            self.role_button.setText(self.tr("Make cashier") if u.role == Role.OWNER.value else self.tr("Make owner"))
            self.active_button.setText(self.tr("Deactivate") if u.active else self.tr("Activate"))

    def _refused(self, error) -> None:
        message(self.status, i18n.error_text(error), True)

    # -- actions -------------------------------------------------------------------------------
    def add(self) -> AddUserDialog:
        dialog = self.dialog = AddUserDialog(self.runner, self)
        dialog.accepted.connect(lambda: self._changed(i18n.arg(self.tr("User %1 added."),
                                                               i18n.ltr(dialog.saved.username))))
        dialog.open()
        return dialog

    def reset_password(self) -> ResetPasswordDialog | None:
        u = self.selected()
        if u is None:
            return None
        dialog = self.dialog = ResetPasswordDialog(self.runner, u.username, self)
        dialog.accepted.connect(lambda: self._changed(i18n.arg(self.tr("The password of %1 was reset."),
                                                               i18n.ltr(u.username))))
        dialog.open()
        return dialog

    def toggle_role(self) -> None:
        u = self.selected()
        if u is not None:
            role = Role.CASHIER.value if u.role == Role.OWNER.value else Role.OWNER.value
            self._edit(u.username, i18n.arg(self.tr("%1 is now: %2."), self.who(u), self.role_name(role)),
                       role=role)

    def toggle_active(self) -> None:
        u = self.selected()
        if u is not None:
            text = self.tr("%1 can no longer sign in.") if u.active else self.tr("%1 can sign in again.")
            self._edit(u.username, i18n.arg(text, self.who(u)), active=not u.active)

    def _edit(self, username: str, done_text: str, **changes) -> None:
        self.runner.call(lambda s: services.users.edit_user(s, username, **changes),
                         lambda _: self._changed(done_text), self._refused)

    def _changed(self, text: str) -> None:
        message(self.status, text)
        self.reload()
