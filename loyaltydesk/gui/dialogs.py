"""The two doors into the app (the first-run set-up and the sign-in), and the About box."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFrame, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from loyaltydesk import __version__, resources, services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services import server_login

from . import i18n, theme
from .ops import Runner
from .server_dialog import ServerForm
from .widgets import ProblemForm

MARK_SIZE = 64  # the shop's logo (or the app's icon) at the top of a door


def shop_mark(logo: bytes | None = None, size: int = MARK_SIZE) -> QLabel:
    """The shop's logo, or the app's icon when the club has none, at ``size`` px high."""
    mark = QLabel()
    mark.setObjectName("shopMark")
    mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
    pixmap = QPixmap()
    if not (logo and pixmap.loadFromData(logo)):
        pixmap = QPixmap(str(resources.path("icons", "loyaltydesk.png")))
    if not pixmap.isNull():
        mark.setPixmap(pixmap.scaled(size * 3, size, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation))
    return mark


def door_header(logo: bytes | None, title: str, subtitle: str) -> QWidget:
    """The top of the sign-in and the first run: the shop's mark, its name large, a line under it."""
    header = QWidget()
    header.setObjectName("doorHeader")
    column = QVBoxLayout(header)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(4)
    heading = QLabel(title)
    heading.setObjectName("title")
    heading.setProperty("role", "display")
    heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
    heading.setWordWrap(True)
    line = QLabel(subtitle)
    line.setObjectName("doorSubtitle")
    line.setProperty("role", "subtitle")
    line.setAlignment(Qt.AlignmentFlag.AlignCenter)
    line.setWordWrap(True)
    for w in (shop_mark(logo), heading, line):
        column.addWidget(w)
    return header


def card(*parts) -> QFrame:
    """A card (``role="card"``: the surface, a border, round corners) holding widgets and layouts."""
    frame = QFrame()
    frame.setProperty("role", "card")
    column = QVBoxLayout(frame)
    column.setContentsMargins(16, 14, 16, 14)
    for part in parts:
        if isinstance(part, QWidget):
            column.addWidget(part)
        else:
            column.addLayout(part)
    return frame


class FirstRunDialog(QDialog):
    """Names the shop, picks toman or rial, makes the owner's account; then the owner is signed in."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.session = None
        self.logo: bytes | None = None
        self.setObjectName("firstRun")
        self.setWindowTitle(self.tr("Welcome to LoyaltyDesk"))
        header = door_header(None, self.tr("Welcome to LoyaltyDesk"),
                             self.tr("Set up your shop's customer club. You can change all of this later in the club settings."))

        shop_box = QGroupBox(self.tr("The shop"))
        self.shop_form = shop = ProblemForm(shop_box)
        self.shop_name = shop.add(self.tr("Shop name"), "shop_name", QLineEdit())
        self.unit = shop.add(self.tr("Prices in"), "display_unit", QComboBox())
        self.unit.addItem(self.tr("Toman"), "toman")
        self.unit.addItem(self.tr("Rial"), "rial")
        logo_row = QWidget()
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel(self.tr("No logo"))
        self.logo_preview.setFixedHeight(48)
        choose = QPushButton(self.tr("Choose a logo…"))
        choose.clicked.connect(self._choose_logo)
        row.addWidget(self.logo_preview, 1)
        row.addWidget(choose)
        shop.add(self.tr("Logo (optional)"), "logo", logo_row)

        # where the club lives: this PC (one till, a file) or the shop's server (several tills)
        place_box = QGroupBox(self.tr("Where the club lives"))
        self.this_pc = QRadioButton(self.tr("This PC (one till)"))
        self.on_server = QRadioButton(self.tr("The shop's server (several tills)"))
        self.this_pc.setChecked(True)
        self._place = QButtonGroup(self)
        for button in (self.this_pc, self.on_server):
            self._place.addButton(button)
        self.server = ServerForm(runner)
        self.server.hide()
        self.server_url: str | None = None  # set when this till was pointed at a server club
        self._own_path = runner.db_path  # the club file on this PC (back to it when "This PC" is chosen again)
        place = QVBoxLayout(place_box)
        choice = QHBoxLayout()
        choice.addWidget(self.this_pc)
        choice.addWidget(self.on_server)
        choice.addStretch(1)
        place.addLayout(choice)
        place.addWidget(self.server)
        self.on_server.toggled.connect(self._place_changed)
        self.server.probed.connect(self._probed)
        self.shop_box = shop_box

        owner_box = QGroupBox(self.tr("The owner's account"))
        self.owner_box = owner_box
        self.owner_form = owner = ProblemForm(owner_box)
        self.display_name = owner.add(self.tr("Your name"), "display_name", QLineEdit())
        self.username = owner.add(self.tr("User name"), "username", QLineEdit())
        self.username.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.password = owner.add(self.tr("Password"), "password", QLineEdit())
        self.repeat = owner.add(self.tr("Password again"), "repeat", QLineEdit())
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Create the club"))
        self.ok.setProperty("role", "primary")
        buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        for w in (header, place_box, shop_box, owner_box, shop.general(), buttons):
            layout.addWidget(w)
        self.setMinimumWidth(480)
        self.shop_name.setFocus()  # most shops have one till: the shop's name is typed first

    def _choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Shop logo"), "", self.tr("Pictures (*.png *.jpg *.jpeg)"))
        if name:
            self.set_logo(Path(name).read_bytes())

    def set_logo(self, data: bytes) -> None:
        self.logo = data
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            self.logo_preview.setPixmap(pixmap.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation))

    def _place_changed(self, on_server: bool) -> None:
        if not on_server and self.server_url is not None:  # the server was tried, then this PC chosen
            self.runner.point_at(self._own_path)
            self.server_url = None
        self.server.setVisible(on_server)
        self._show_club_forms(True)
        self.ok.setText(self.tr("Connect") if on_server else self.tr("Create the club"))
        self.adjustSize()

    def _show_club_forms(self, shown: bool) -> None:
        self.shop_box.setVisible(shown)
        self.owner_box.setVisible(shown)

    def _probed(self, found: server_login.Probe) -> None:
        """A club on the server: this till signs in to it (the shop and owner are the server's);
        an empty database: the shop and the owner are made there."""
        self._show_club_forms(found.state != "club")
        self.ok.setText(self.tr("Sign in to it") if found.state == "club" else self.tr("Create the club"))
        self.adjustSize()

    def submit(self) -> None:
        if self.on_server.isChecked():
            self._submit_to_server()
            return
        self._create()

    def _submit_to_server(self) -> None:
        """Test the server's fields first (the test button's work), then act on what it found."""
        try:
            url = self.server.url_with_password()
        except LoyaltyError as e:
            self.server.show_probe(server_login.Probe("fault", error=e))
            return
        self.ok.setEnabled(False)

        def found(probe: server_login.Probe) -> None:
            self.ok.setEnabled(True)
            self.server.show_probe(probe)
            if probe.state == "club":
                self._point_at(url)
                self.accept()  # no session: the launcher opens the sign-in of the server's club
            elif probe.state == "new" or (probe.state == "empty" and probe.may_create):
                self._point_at(url)
                self._create()  # the shop and its owner, on the server

        self.server.status.setText(self.tr("Connecting…"))
        self.runner.call_aside(lambda cancelled: server_login.probe(url), found,
                               lambda e: found(server_login.Probe("fault", error=e)))

    def _point_at(self, url: str) -> None:
        self.runner.point_at(url)
        self.server_url = server_login.without_password(url)
        self.server.keep_password()

    def _create(self) -> None:
        values = dict(shop_name=self.shop_name.text(), display_unit=self.unit.currentData(),
                      username=self.username.text(), password=self.password.text(), repeat=self.repeat.text(),
                      display_name=self.display_name.text(), logo=self.logo)
        self.ok.setEnabled(False)
        clock = self.runner.clock
        self.runner.call_db(lambda db: services.users.set_up_club(db, **values, **({"clock": clock} if clock else {})),
                            self._done, self._failed)

    def _done(self, session) -> None:
        self.session = session
        self.accept()

    def _failed(self, error) -> None:
        self.ok.setEnabled(True)
        problems = getattr(error, "problems", None) or ()
        shop_fields = {"shop_name", "display_unit", "logo"}
        self.shop_form.show_problems([p for p in problems if p.field in shop_fields])
        self.owner_form.show_problems([p for p in problems if p.field not in shop_fields],
                                      [] if problems else [i18n.error_text(error)])


class SignInDialog(QDialog):
    """User name and password. Wrong tries are slowed by the service; the dialog counts down."""

    def __init__(self, runner: Runner, shop_name: str = "", parent: QWidget | None = None, logo: bytes | None = None,
                 server: str | None = None, server_error: BaseException | None = None):
        super().__init__(parent)
        self.runner = runner
        self.session = None
        self.server = server  # a server club whose password this till does not know (or was refused)
        self.setObjectName("signIn")
        self.setWindowTitle(self.tr("Sign in to LoyaltyDesk"))
        header = door_header(logo, shop_name or self.tr("LoyaltyDesk"),
                             self.tr("Customer club") if shop_name else self.tr("Customer club manager"))
        self.form = form = ProblemForm()
        self.username = form.add(self.tr("User name"), "username", QLineEdit())
        self.username.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.password = form.add(self.tr("Password"), "password", QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_password: QLineEdit | None = None
        self.keep_server_password: QCheckBox | None = None
        if server is not None:  # the server's own password, asked before the club's sign-in
            self.server_password = form.add(self.tr("Server password"), "server_password", QLineEdit())
            self.server_password.setEchoMode(QLineEdit.EchoMode.Password)
            self.server_password.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            self.server_password.setToolTip(i18n.ltr(server_login.key_of(server)))
            self.keep_server_password = QCheckBox(self.tr("Keep on this PC"))
            self.keep_server_password.setObjectName("keepServerPassword")
            self.keep_server_password.setEnabled(server_login.can_keep())
            form.add("", "keep_server_password", self.keep_server_password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Sign in"))
        self.ok.setProperty("role", "primary")
        self.ok.setIcon(theme.icon("sign_in", "on_accent"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Quit"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.message = form.general()
        self.hint = QLabel()  # the demo club's accounts: a hint, not an error (form.general() is red)
        self.hint.setObjectName("signInHint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(header)
        layout.addWidget(card(form, self.message))
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self._wait = 0
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self.setMinimumWidth(420)
        if server_error is not None:
            self.form.show_error(server_error)

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        username, password = self.username.text(), self.password.text()
        if self.server is not None and self.server_password is not None:
            # the club's server with the password typed (for this run; kept only if asked, below)
            self.runner.point_at(server_login.with_password(self.server, self.server_password.text()))
        self.ok.setEnabled(False)
        clock = self.runner.clock
        self.runner.call_db(
            lambda db: services.users.sign_in(db, username, password, **({"clock": clock} if clock else {})),
            self._done, self._failed)

    def _done(self, session) -> None:
        self.session = session
        self.runner.sign_in(session)
        if self.server is not None and self.server_password is not None and self.keep_server_password is not None \
                and self.keep_server_password.isChecked():
            server_login.keep_password(self.server, self.server_password.text())
        self.accept()

    def _failed(self, error) -> None:
        if self.server_password is not None and server_login.needs_password(error):
            self.server_password.clear()
            self.server_password.setFocus()
            self.form.show_error(error)
            self.ok.setEnabled(True)
            return
        self.password.clear()
        self.password.setFocus()
        self.form.show_error(error)
        self._wait = getattr(error, "wait_seconds", 0)
        if self._wait:
            self._show_wait()
            self._timer.start()
        else:
            self.ok.setEnabled(True)

    def _show_wait(self) -> None:
        self.ok.setText(i18n.arg(self.tr("Wait %1 s"), i18n.number(self._wait)))

    def _tick(self) -> None:
        self._wait -= 1
        if self._wait > 0:
            self._show_wait()
            return
        self._timer.stop()
        self.ok.setText(self.tr("Sign in"))
        self.ok.setEnabled(True)


class AboutDialog(QDialog):
    """What this program is, its version, where the club and the errors log are (what support
    asks first), and the font's licence."""

    def __init__(self, club_file: Path | None = None, errors_log: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About LoyaltyDesk"))
        icon = QLabel()
        pixmap = QIcon(str(resources.path("icons", "loyaltydesk.png"))).pixmap(64, 64)
        if not pixmap.isNull():
            icon.setPixmap(pixmap)
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(i18n.arg(self.tr("LoyaltyDesk %1"), i18n.digits(__version__)))
        title.setObjectName("title")
        what = QLabel(self.tr("The customer club of your shop: members and their cards, points and tiers, coupons, "
                              "surveys and follow-ups, and reports, in Persian with Jalali dates. The club lives "
                              "on this computer; back it up from the Club menu."))
        what.setWordWrap(True)
        lines = []
        if club_file is not None:
            lines.append(i18n.arg(self.tr("Club file: %1"), i18n.ltr(server_login.shown(str(club_file)))))
        if errors_log is not None:
            lines.append(i18n.arg(self.tr("Error log: %1"), i18n.ltr(str(errors_log))))
        lines.append(self.tr("Font: Vazirmatn, under the SIL Open Font License."))
        details = QLabel("\n".join(lines))
        details.setObjectName("aboutDetails")
        details.setWordWrap(True)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(what)
        text.addWidget(details)
        body = QHBoxLayout()
        body.addWidget(icon)
        body.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(buttons)
        self.setMinimumWidth(min(480, self.screen().availableGeometry().width() - 40))
