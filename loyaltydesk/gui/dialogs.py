"""The two doors into the app (the first-run set-up and the sign-in), and the About box."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from loyaltydesk import __version__, resources, services

from . import i18n, theme
from .ops import Runner
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

        owner_box = QGroupBox(self.tr("The owner's account"))
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
        for w in (header, shop_box, owner_box, shop.general(), buttons):
            layout.addWidget(w)
        self.setMinimumWidth(480)

    def _choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Shop logo"), "", self.tr("Pictures (*.png *.jpg *.jpeg)"))
        if name:
            self.set_logo(Path(name).read_bytes())

    def set_logo(self, data: bytes) -> None:
        self.logo = data
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            self.logo_preview.setPixmap(pixmap.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation))

    def submit(self) -> None:
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

    def __init__(self, runner: Runner, shop_name: str = "", parent: QWidget | None = None, logo: bytes | None = None):
        super().__init__(parent)
        self.runner = runner
        self.session = None
        self.setObjectName("signIn")
        self.setWindowTitle(self.tr("Sign in to LoyaltyDesk"))
        header = door_header(logo, shop_name or self.tr("LoyaltyDesk"),
                             self.tr("Customer club") if shop_name else self.tr("Customer club manager"))
        self.form = form = ProblemForm()
        self.username = form.add(self.tr("User name"), "username", QLineEdit())
        self.username.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.password = form.add(self.tr("Password"), "password", QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
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

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        username, password = self.username.text(), self.password.text()
        self.ok.setEnabled(False)
        clock = self.runner.clock
        self.runner.call_db(
            lambda db: services.users.sign_in(db, username, password, **({"clock": clock} if clock else {})),
            self._done, self._failed)

    def _done(self, session) -> None:
        self.session = session
        self.runner.sign_in(session)
        self.accept()

    def _failed(self, error) -> None:
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
            lines.append(i18n.arg(self.tr("Club file: %1"), i18n.ltr(str(club_file))))
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
