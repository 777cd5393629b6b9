"""The survey kiosk: a big, touch-friendly Persian window the customer answers after paying.

The cashier hands it a member (and their last purchase) from the cashier page; the kiosk asks
the NPS question (0-10, big buttons), stars on the aspects the owner chose, a free comment, then
says thank you and goes back to its idle screen. Without a touch for ``idle_ms`` it goes back to
idle by itself, storing nothing: a half-answered survey is dropped, never guessed.

It opens full screen on the second monitor when there is one (or the screen named in the
``kiosk/screen`` setting), else maximized beside the cashier's window. The answers are stored by
``services.surveys.add_survey`` (the cashier may) with the channel "kiosk".

Customer displays run from 800×600 to 1920×1080: the fonts, buttons and margins are sized from
the screen the kiosk is on (``fit``; the style below is the 1920×1080 one, scaled down), and
more than four aspects' stars go in two columns, so every button shows on the smallest.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QStackedWidget,
    QVBoxLayout, QWidget,
)

from loyaltydesk.domain.surveys import zone
from loyaltydesk.services import surveys

from . import i18n, theme
from .models.report_table import report_text
from .ops import Runner
from .widgets import text_edit

IDLE_MS = 60_000  # no touch for a minute: back to idle
THANKS_MS = 6_000  # the thank-you screen stays this long
STAR_ON, STAR_OFF = "★", "☆"
TOUCH_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
                QEvent.Type.TouchUpdate, QEvent.Type.Wheel)

# the sizes of its look (resources/theme/kiosk/kiosk.qss) in px on a 1920×1080 screen; ``sizes(scale)`` scales them
FULL_HD = (1920, 1080)
DESIGN_WIDTH = 1440  # the question's eleven buttons need this much width at full size
SMALLEST_SCALE = 0.4
FULL_SIZES = dict(text=26, title=40, hint=20, button=72, radius=14, pad_v=6, pad_h=18, score=34, square=72, star=44,
                  small=16, small_button=32, comment=24)
# never smaller than this, in px: a font still read at arm's length, a button still hit by a finger
SMALLEST = dict(text=12, title=12, hint=12, score=12, star=12, small=12, comment=12, button=44, square=44,
                small_button=28)


def scale_for(width: int, height: int) -> float:
    """How much of the full-HD sizes fits a screen of this size (1.0 at 1920×1080 and above)."""
    return max(SMALLEST_SCALE, min(1.0, width / DESIGN_WIDTH, height / FULL_HD[1]))


def sizes(scale: float) -> dict[str, int]:
    """The kiosk's sizes in px at ``scale`` of full HD, none below what a finger and an eye need."""
    return {k: max(SMALLEST.get(k, 1), round(v * scale)) for k, v in FULL_SIZES.items()}


class StarRow(QWidget):
    """One aspect's five stars; touching the third lights three. ``value`` is 0 when not answered."""

    changed = Signal(int)

    def __init__(self, aspect: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.aspect = aspect
        self.value = 0
        self.label = QLabel(title)
        self.label.setMinimumWidth(220)  # (the kiosk's ``fit`` sets it for its screen)
        self.label.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        self.row = row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        for n in range(1, 6):
            b = QPushButton(STAR_OFF)
            b.setObjectName(f"star_{aspect}_{n}")
            b.setProperty("star", True)
            b.setAccessibleName(i18n.arg(self.tr("%1 of 5 stars"), i18n.number(n)))
            b.clicked.connect(lambda _=False, n=n: self.set_value(n))
            row.addWidget(b)
            self.buttons.append(b)
        row.addStretch(1)

    def set_value(self, n: int) -> None:
        self.value = n
        for i, b in enumerate(self.buttons, 1):
            b.setText(STAR_ON if i <= n else STAR_OFF)
        self.changed.emit(n)


class KioskWindow(QWidget):
    """Idle → question → stars and comment → thank you → idle. ``start`` hands it a customer."""

    IDLE, QUESTION, DETAILS, THANKS = range(4)
    stored = Signal(object)  # the SurveyResult

    def __init__(self, runner: Runner, idle_ms: int = IDLE_MS, thanks_ms: int = THANKS_MS,
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("kiosk")
        self.setWindowTitle(self.tr("Customer survey"))
        self.scale = 1.0
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.runner = runner
        self.card: str | None = None
        self.purchase_id: int | None = None
        self.score: int | None = None
        self.saving = False
        self.result = None
        self.star_rows: list[StarRow] = []

        self.stack = QStackedWidget()
        self.stack.addWidget(self._idle_page())
        self.stack.addWidget(self._question_page())
        self.stack.addWidget(self._details_page())
        self.stack.addWidget(self._thanks_page())
        self.close_button = QPushButton(self.tr("Close the kiosk"))
        self.close_button.setObjectName("closeKiosk")
        self.close_button.clicked.connect(self.close)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.close_button)
        self.outer = layout = QVBoxLayout(self)
        layout.addLayout(corner)
        layout.addWidget(self.stack, 1)
        area = self.screen().availableGeometry()
        self.fit(area.width(), area.height())

        self.idle_timer = QTimer(self, singleShot=True, interval=idle_ms)
        self.idle_timer.timeout.connect(self.go_idle)
        self.thanks_timer = QTimer(self, singleShot=True, interval=thanks_ms)
        self.thanks_timer.timeout.connect(self.go_idle)
        QShortcut(QKeySequence("Escape"), self, self.go_idle)
        self.runner.call(surveys.aspect_titles, self._aspects, lambda e: self.error.setText(i18n.error_text(e)))
        self.go_idle()

    # -- the screens --------------------------------------------------------------------------------
    def _idle_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("Thank you for shopping with us"))
        title.setObjectName("kioskTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        self.idle_hint = QLabel(self.tr("The cashier will invite you to rate your visit."))
        self.idle_hint.setObjectName("kioskHint")
        self.idle_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.idle_hint.setWordWrap(True)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(self.idle_hint)
        column.addStretch(1)
        return page

    def _question_page(self) -> QWidget:
        page = QWidget()
        self.greeting = QLabel()
        self.greeting.setObjectName("kioskHint")
        self.greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        question = QLabel(self.tr("How likely are you to recommend us to a friend or colleague?"))
        question.setObjectName("kioskTitle")
        question.setWordWrap(True)
        question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scores = scores = QHBoxLayout()
        self.score_buttons: list[QPushButton] = []
        for n in range(0, 11):  # under right to left, 0 is on the right
            b = QPushButton(i18n.digits(str(n)))
            b.setObjectName(f"nps_{n}")
            b.setProperty("score", True)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setProperty("zone", zone(n).value)  # its colour: resources/theme/kiosk/kiosk.qss
            b.clicked.connect(lambda _=False, n=n: self.choose_score(n))
            scores.addWidget(b)
            self.score_buttons.append(b)
        ends = QHBoxLayout()
        low, high = QLabel(self.tr("Not at all likely")), QLabel(self.tr("Extremely likely"))
        for label in (low, high):
            label.setObjectName("kioskHint")
        ends.addWidget(low)
        ends.addStretch(1)
        ends.addWidget(high)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.greeting)
        column.addWidget(question)
        self.question_gap = QSpacerItem(0, 30, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        column.addItem(self.question_gap)
        column.addLayout(scores)
        column.addLayout(ends)
        column.addStretch(2)
        return page

    def _details_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("How was each part of your visit?"))
        title.setObjectName("kioskTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        self.stars_box = QGridLayout()
        self.comment = text_edit()
        self.comment.setObjectName("comment")
        self.comment.setPlaceholderText(self.tr("Anything you would like to tell us? (optional)"))
        self.comment.setMaximumHeight(160)
        self.error = QLabel()
        self.error.setObjectName("kioskError")
        self.error.setWordWrap(True)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(lambda: self.stack.setCurrentIndex(self.QUESTION))
        self.submit_button = QPushButton(self.tr("Send"))
        self.submit_button.setObjectName("submit")
        self.submit_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.submit_button, 2)
        column = QVBoxLayout(page)
        column.addWidget(title)
        column.addLayout(self.stars_box)
        column.addWidget(self.comment)
        column.addWidget(self.error)
        column.addStretch(1)
        column.addLayout(buttons)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        self.thanks = QLabel(self.tr("Thank you! Your answers help us serve you better."))
        self.thanks.setObjectName("kioskTitle")
        self.thanks.setWordWrap(True)
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_hint = QLabel()
        self.thanks_hint.setObjectName("kioskHint")
        self.thanks_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_hint.setWordWrap(True)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.thanks)
        column.addWidget(self.thanks_hint)
        column.addStretch(1)
        return page

    def _aspects(self, titles) -> None:
        for row in self.star_rows:
            self.stars_box.removeWidget(row)
            row.hide()  # (until it is deleted it would still be drawn over the new rows)
            row.deleteLater()
        self.star_rows = []
        for key, title in titles:
            row = StarRow(key, report_text(title))
            self.star_rows.append(row)
        self._place_stars()

    # -- sized from the screen ----------------------------------------------------------------------
    def fit(self, width: int, height: int) -> float:
        """Size fonts, buttons and margins for a screen of ``width``×``height``; returns the scale."""
        self.scale = s = scale_for(width, height)
        theme.style_kiosk(self, sizes(s))
        margin_h, margin_v = round(40 * s), round(20 * s)
        self.outer.setContentsMargins(margin_h, margin_v, margin_h, margin_v)
        self.scores.setSpacing(max(4, round(10 * s)))
        self.question_gap.changeSize(0, round(30 * s), QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.stack.widget(self.QUESTION).layout().invalidate()
        self.comment.setMaximumHeight(max(60, round(160 * s)))
        self._wide = width >= 760  # room for two columns of stars
        self._place_stars()
        return s

    def _place_stars(self) -> None:
        """One column of aspects, or two when there are more than four and the screen is wide."""
        columns = 2 if len(self.star_rows) > 4 and getattr(self, "_wide", True) else 1
        for row in self.star_rows:
            self.stars_box.removeWidget(row)
        self.stars_box.setHorizontalSpacing(round(40 * self.scale))
        for i, row in enumerate(self.star_rows):
            row.label.setMinimumWidth(max(100, round(220 * self.scale / columns)))
            row.row.setSpacing(max(2, round(6 * self.scale)))
            self.stars_box.addWidget(row, i // columns, i % columns)

    # -- the flow -------------------------------------------------------------------------------------
    def state(self) -> int:
        return self.stack.currentIndex()

    def start(self, card: str, purchase_id: int | None = None, name: str = "") -> None:
        """A new customer: forget the last answers and ask the question."""
        self.card, self.purchase_id = card, purchase_id
        self.score, self.result, self.saving = None, None, False
        for row in self.star_rows:
            row.set_value(0)
        self.comment.clear()
        self.error.clear()
        self.submit_button.setEnabled(True)
        self.thanks_timer.stop()
        self.greeting.setText(i18n.arg(self.tr("Dear %1,"), name) if name else "")
        self.stack.setCurrentIndex(self.QUESTION)
        self.idle_timer.start()

    def choose_score(self, n: int) -> None:
        self.score = n
        for i, b in enumerate(self.score_buttons):
            b.setProperty("chosen", i == n)
            theme.repolish(b)
        self.stack.setCurrentIndex(self.DETAILS)
        self.idle_timer.start()

    def stars(self) -> dict[str, int]:
        return {row.aspect: row.value for row in self.star_rows if row.value}

    def submit(self) -> None:
        if self.card is None or self.score is None or self.saving:
            return
        self.saving = True
        self.submit_button.setEnabled(False)
        card, score, stars, purchase = self.card, self.score, self.stars(), self.purchase_id
        comment = self.comment.toPlainText()
        self.runner.call(
            lambda s: surveys.add_survey(s, card, score, stars, comment, purchase_id=purchase, channel="kiosk"),
            self._stored, self._failed)

    def _stored(self, result) -> None:
        self.saving = False
        self.result = result
        self.idle_timer.stop()
        self.thanks_hint.setText(self.tr("We are sorry we fell short. The manager will get in touch with you.")
                                 if result.followup_id else "")
        self.stack.setCurrentIndex(self.THANKS)
        self.thanks_timer.start()
        self.stored.emit(result)

    def _failed(self, error) -> None:
        self.saving = False
        self.submit_button.setEnabled(True)
        self.error.setText(i18n.error_text(error))

    def go_idle(self) -> None:
        """Back to the idle screen; unsent answers are dropped."""
        self.idle_timer.stop()
        self.thanks_timer.stop()
        self.card, self.purchase_id, self.score = None, None, None
        self.stack.setCurrentIndex(self.IDLE)

    # -- touches keep it awake ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() in TOUCH_EVENTS and self.idle_timer.isActive() and isinstance(watched, QWidget)
                and watched.window() is self):
            self.idle_timer.start()
        return False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QApplication.instance().installEventFilter(self)  # a touch anywhere in the kiosk counts

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        QApplication.instance().removeEventFilter(self)
        super().hideEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.go_idle()
        super().closeEvent(event)

    def show_on_screen(self) -> None:
        """Full screen on the kiosk's screen (the setting's, else the second one); with a single
        screen, maximized, so that the cashier's window stays reachable."""
        screens = QGuiApplication.screens()
        wanted = QSettings("LoyaltyDesk", "LoyaltyDesk").value("kiosk/screen", "")
        chosen = next((s for s in screens if wanted and s.name() == wanted), None)
        if chosen is None and len(screens) > 1:
            primary = QGuiApplication.primaryScreen()
            chosen = next(s for s in screens if s is not primary)
        screen = chosen or self.screen()
        if screen is not None:
            area = screen.geometry() if chosen is not None else screen.availableGeometry()
            self.fit(area.width(), area.height())
        if chosen is not None:
            self.setScreen(chosen)
            self.setGeometry(chosen.availableGeometry())
            self.showFullScreen()
        else:
            self.showMaximized()
        self.raise_()
        self.activateWindow()


def open_kiosk(runner: Runner, card: str, purchase_id: int | None, name: str = "",
               kiosk: KioskWindow | None = None, parent: QWidget | None = None) -> KioskWindow:
    """Show the kiosk (made once, then reused; a window of its own that closes with ``parent``)
    and hand it this customer."""
    if kiosk is None:
        kiosk = KioskWindow(runner, parent=parent)
    kiosk.show_on_screen()
    kiosk.start(card, purchase_id, name)
    return kiosk
