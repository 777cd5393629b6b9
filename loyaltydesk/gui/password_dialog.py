"""Password dialogs: anyone changes their own (knowing the current one); the owner sets a new one
for a user who forgot theirs. Every problem of the form is shown beside its field at once."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from loyaltydesk import services

from . import i18n
from .ops import Runner
from .widgets import ProblemForm


class _PasswordForm(QDialog):
    """What both dialogs share; each subclass gives ``submit``, which calls ``run(job)``."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.form = ProblemForm()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(380)

    def password_field(self, label: str, field: str, name: str) -> QLineEdit:
        edit = self.form.add(label, field, QLineEdit())
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.returnPressed.connect(self.submit)
        return edit

    def finish_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.form.general())
        layout.addWidget(self.buttons)

    def run(self, job) -> None:
        if not self.ok.isEnabled():
            return
        self.ok.setEnabled(False)
        self.runner.call(job, self._done, self._failed)

    def _done(self, _) -> None:
        self.accept()

    def _failed(self, error) -> None:
        self.ok.setEnabled(True)
        self.form.show_error(error)
        self.adjustSize()  # room for the problems shown under the fields


class ChangePasswordDialog(_PasswordForm):
    """The signed-in person's own password: the current one, then the new one twice."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.setObjectName("changePassword")
        self.setWindowTitle(self.tr("Change my password"))
        user = runner.session.user if runner.session else None
        who = (user.display_name or user.username) if user else ""
        self.intro.setText(i18n.arg(self.tr("A new password for %1. You need your current one."), who))
        self.current = self.password_field(self.tr("Current password"), "current", "currentPassword")
        self.password = self.password_field(self.tr("New password"), "password", "newPassword")
        self.repeat = self.password_field(self.tr("New password again"), "repeat", "repeatPassword")
        self.ok.setText(self.tr("Change password"))
        self.finish_layout()

    def submit(self) -> None:
        current, password, repeat = self.current.text(), self.password.text(), self.repeat.text()
        self.run(lambda s: services.users.change_own_password(s, current, password, repeat))


class ResetPasswordDialog(_PasswordForm):
    """The owner sets a new password for ``username`` (who then signs in with it)."""

    def __init__(self, runner: Runner, username: str, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.setObjectName("resetPassword")
        self.username = username
        self.setWindowTitle(self.tr("Reset password"))
        self.intro.setText(i18n.arg(self.tr("A new password for %1. Tell it to them in person; "
                                            "they can change it later."), i18n.ltr(username)))
        self.password = self.password_field(self.tr("New password"), "password", "newPassword")
        self.repeat = self.password_field(self.tr("New password again"), "repeat", "repeatPassword")
        self.ok.setText(self.tr("Set password"))
        self.finish_layout()

    def submit(self) -> None:
        username, password, repeat = self.username, self.password.text(), self.repeat.text()
        self.run(lambda s: services.users.reset_password(s, username, password, repeat))
