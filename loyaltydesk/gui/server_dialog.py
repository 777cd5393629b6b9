"""The shop's server in the app (issue 23): the fields that name it (host, port, database, user,
password, "keep on this PC"), [Test the connection] naming what it found or the fault, the
pointer this till keeps to it (QSettings: the URL without its password; the password, if kept, is
in the OS keyring: ``services.server_login``), and the owner's dialog that points this till at a
server (settings, "Where the club is")."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services import server_login

from . import i18n
from .ops import Runner
from .widgets import ProblemForm

SERVER_KEY = "club/server"  # QSettings: the server club this till uses when started without --db


def saved_server() -> str | None:
    """The server club this PC's till was pointed at (its URL, no password), or None: the club file."""
    value = QSettings("LoyaltyDesk", "LoyaltyDesk").value(SERVER_KEY, "")
    return str(value) if value and server_login.is_url(str(value)) else None


def save_server(url: str | None) -> None:
    """Point this till at the server club ``url`` from its next start (None: the club on this PC)."""
    settings = QSettings("LoyaltyDesk", "LoyaltyDesk")
    if url is None:
        settings.remove(SERVER_KEY)
    else:
        settings.setValue(SERVER_KEY, server_login.without_password(url))
    settings.sync()


def where(path) -> str:
    """Where the club is, as a person may read it: the file's path, or the server's URL without a password."""
    text = str(path)
    return server_login.without_password(text) if server_login.is_url(text) else text


def usable(found: server_login.Probe) -> bool:
    """Whether a till may use what the test found: a club, the schema ``server init`` made, or an
    empty database this user may make the club in."""
    return found.state in ("club", "new") or (found.state == "empty" and found.may_create)


class ServerForm(QWidget):
    """Host, port, database, user, password and "keep on this PC", with [Test the connection].
    ``probed`` carries the ``server_login.Probe`` of the fields as they were tested."""

    probed = Signal(object)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.setObjectName("serverForm")
        self.form = form = ProblemForm()
        self.host = form.add(self.tr("Server (name or address)"), "host", QLineEdit())
        self.host.setPlaceholderText("192.168.1.10")
        self.port = form.add(self.tr("Port"), "port", QSpinBox())
        self.port.setRange(1, 65535)
        self.port.setValue(server_login.DEFAULT_PORT)
        self.database = form.add(self.tr("Database"), "database", QLineEdit("loyaltydesk"))
        self.user = form.add(self.tr("User"), "user", QLineEdit("loyaltydesk_app"))
        self.password = form.add(self.tr("Server password"), "password", QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.host, self.port, self.database, self.user, self.password):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.keep = QCheckBox(self.tr("Keep the password on this PC (in Windows' credential store)"))
        self.keep.setObjectName("keepServerPassword")
        if not server_login.can_keep():
            self.keep.setEnabled(False)
            self.keep.setToolTip(self.tr("This PC has no credential store: the password is asked at each sign-in."))
        self.test = QPushButton(self.tr("Test the connection"))
        self.test.setObjectName("testConnection")
        self.test.clicked.connect(self.run_test)
        self.status = QLabel()
        self.status.setObjectName("serverStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.test)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.keep)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.found: server_login.Probe | None = None

    def set_url(self, url: str) -> None:
        place = server_login.place_of(url)
        self.host.setText(place.host)
        self.port.setValue(place.port)
        self.database.setText(place.database)
        self.user.setText(place.user)

    def url(self) -> str:
        """The server's URL, no password (``LoyaltyError`` when a part is missing)."""
        return server_login.url_of(self.host.text(), self.port.value(), self.database.text(), self.user.text())

    def url_with_password(self) -> str:
        url = self.url()
        return server_login.with_password(url, self.password.text()) if self.password.text() else url

    def keep_password(self) -> None:
        """Keep (or, unticked, forget) the password in the keyring, once the server took it."""
        url = self.url()
        if self.keep.isChecked() and self.password.text():
            server_login.keep_password(url, self.password.text())
        elif not self.keep.isChecked():
            server_login.forget_password(url)

    def run_test(self) -> None:
        """Connect (on the files thread: the till stays free) and say what is there."""
        try:
            url = self.url_with_password()
        except LoyaltyError as e:
            self.show_probe(server_login.Probe("fault", error=e))
            return
        self.test.setEnabled(False)
        self.status.setText(self.tr("Connecting…"))
        self.runner.call_aside(lambda cancelled: server_login.probe(url), self.show_probe,
                               lambda e: self.show_probe(server_login.Probe("fault", error=e)))

    def show_probe(self, found: server_login.Probe) -> None:
        self.test.setEnabled(True)
        self.found = found
        good = usable(found)
        if found.state == "club":
            text = self.tr("Connected: the club is on this server. This till signs in to it.")
        elif found.state == "new":
            text = self.tr("Connected: the club's database is ready and has no owner yet. [Create the club] "
                           "names the shop and makes its owner there.")
        elif good:
            text = self.tr("Connected: the database is empty. [Create the club] makes the club there.")
        else:
            text = i18n.error_text(found.error) if found.error is not None else self.tr("Cannot use this database.")
        self.status.setText(text)
        self.status.setProperty("role", "ok" if good else "error")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.probed.emit(found)


class ServerDialog(QDialog):
    """The owner's "Point this till at a server": the server's fields; OK once the test found a
    club there (or an empty database, which the next start makes a club of)."""

    def __init__(self, runner: Runner, current: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("serverDialog")
        self.setWindowTitle(self.tr("The shop's server"))
        intro = QLabel(self.tr("Several tills share one club on the shop's PostgreSQL server. Give the server "
                               "this till connects to (installer/README.md says how to set one up)."))
        intro.setWordWrap(True)
        self.server = ServerForm(runner)
        if current:
            self.server.set_url(current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Use this server"))
        self.ok.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.server.probed.connect(lambda found: self.ok.setEnabled(usable(found)))
        for edit in (self.server.host, self.server.database, self.server.user, self.server.password):
            edit.textEdited.connect(lambda _text: self.ok.setEnabled(False))
        self.server.port.valueChanged.connect(lambda _value: self.ok.setEnabled(False))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.server)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        self.server.keep_password()
        save_server(self.server.url())
        super().accept()


class ClubPlaceTab(QWidget):
    """Settings (owner), "Where the club is": the club file's path or the server's URL (never its
    password), and the way to point this till at a server, or back at the club on this PC."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.setObjectName("clubPlaceTab")
        self.place = QLabel()
        self.place.setObjectName("clubPlace")
        self.place.setWordWrap(True)
        self.place.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about = QLabel(self.tr("One till keeps the club in a file on this PC. Several tills share one club on the "
                               "shop's PostgreSQL server (installer/README.md says how to set one up); each till "
                               "is pointed at it here or in its first run."))
        about.setWordWrap(True)
        self.to_server = QPushButton(self.tr("Point this till at a server…"))
        self.to_server.setObjectName("pointAtServer")
        self.to_server.clicked.connect(self.choose_server)
        self.to_file = QPushButton(self.tr("Use the club on this PC again"))
        self.to_file.setObjectName("backToFile")
        self.to_file.clicked.connect(self.back_to_file)
        self.status = QLabel()
        self.status.setObjectName("clubPlaceStatus")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.to_server)
        row.addWidget(self.to_file)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.place)
        layout.addWidget(about)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.show_place()

    def show_place(self) -> None:
        path = where(self.runner.db_path)
        text = self.tr("The club is on the server %1.") if server_login.is_url(path) else self.tr("The club is in the file %1.")
        self.place.setText(i18n.arg(text, i18n.ltr(path)))
        self.to_file.setVisible(saved_server() is not None)

    def choose_server(self) -> ServerDialog:
        current = saved_server() or (where(self.runner.db_path) if server_login.is_url(str(self.runner.db_path)) else None)
        dialog = ServerDialog(self.runner, current, self)
        dialog.accepted.connect(self._pointed)
        dialog.open()
        return dialog

    def _pointed(self) -> None:
        url = saved_server()
        self.status.setText(i18n.arg(self.tr("From its next start this till uses the club on the server %1: "
                                             "sign out, quit and start the app again."), i18n.ltr(url or "")))
        self.to_file.setVisible(True)

    def back_to_file(self) -> None:
        save_server(None)
        self.status.setText(self.tr("From its next start this till uses the club on this PC again."))
        self.to_file.setVisible(False)
