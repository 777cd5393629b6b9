"""The survey kiosk: a big, touch-friendly Persian window the customer answers after paying.

The cashier hands it a member (and their last purchase) from the cashier page; the kiosk asks
the NPS question (0-10, big buttons), stars on the aspects the owner chose, a free comment, then
says thank you and goes back to its idle screen. Without a touch for ``idle_ms`` it goes back to
idle by itself, storing nothing: a half-answered survey is dropped, never guessed.

It opens full screen on the second monitor when there is one (or the screen named in the
``kiosk/screen`` setting), else maximized beside the cashier's window. The answers are stored by
``services.surveys.add_survey`` (the cashier may) with the channel "kiosk".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget,
    QVBoxLayout, QWidget,
)

from loyaltydesk.domain.surveys import zone
from loyaltydesk.services import surveys

from . import i18n
from .models.report_table import report_text
from .ops import Runner
from .widgets import text_edit

IDLE_MS = 60_000  # no touch for a minute: back to idle
THANKS_MS = 6_000  # the thank-you screen stays this long
STAR_ON, STAR_OFF = "★", "☆"
ZONE_COLORS = {"detractor": "#e53935", "passive": "#f9a825", "promoter": "#43a047"}
TOUCH_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
                QEvent.Type.TouchUpdate, QEvent.Type.Wheel)

STYLE = """
#kiosk { background: #fbfbf8; }
#kiosk QLabel { font-size: 26px; color: #1f2933; }
#kiosk QLabel#kioskTitle { font-size: 40px; font-weight: bold; }
#kiosk QLabel#kioskHint { font-size: 20px; color: #616e7c; }
#kiosk QLabel#kioskError { font-size: 20px; color: #c62828; }
#kiosk QPushButton { font-size: 26px; min-height: 72px; border-radius: 14px; padding: 6px 18px;
                     background: #e4e9ef; border: 1px solid #c5ccd3; }
#kiosk QPushButton#submit { background: #1565c0; color: white; font-weight: bold; }
#kiosk QPushButton#submit:disabled { background: #90a4ae; }
#kiosk QPushButton[score="true"] { font-size: 34px; font-weight: bold; min-width: 72px; color: white; }
#kiosk QPushButton[star="true"] { font-size: 44px; min-width: 72px; background: transparent; border: none;
                                  color: #f9a825; }
#kiosk QPushButton#closeKiosk { font-size: 16px; min-height: 32px; background: transparent; border: none;
                                color: #9aa5b1; }
#kiosk QPlainTextEdit { font-size: 24px; border-radius: 10px; border: 1px solid #c5ccd3; background: white; }
"""


class StarRow(QWidget):
    """One aspect's five stars; touching the third lights three. ``value`` is 0 when not answered."""

    changed = Signal(int)

    def __init__(self, aspect: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.aspect = aspect
        self.value = 0
        self.label = QLabel(title)
        self.label.setMinimumWidth(220)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout(self)
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
        self.setStyleSheet(STYLE)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 20)
        layout.addLayout(corner)
        layout.addWidget(self.stack, 1)

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
        self.idle_hint = QLabel(self.tr("The cashier will invite you to rate your visit."))
        self.idle_hint.setObjectName("kioskHint")
        self.idle_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        scores = QHBoxLayout()
        scores.setSpacing(10)
        self.score_buttons: list[QPushButton] = []
        for n in range(0, 11):  # under right to left, 0 is on the right
            b = QPushButton(i18n.digits(str(n)))
            b.setObjectName(f"nps_{n}")
            b.setProperty("score", True)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setStyleSheet(f"background:{ZONE_COLORS[zone(n).value]};")
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
        column.addSpacing(30)
        column.addLayout(scores)
        column.addLayout(ends)
        column.addStretch(2)
        return page

    def _details_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(self.tr("How was each part of your visit?"))
        title.setObjectName("kioskTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
            row.deleteLater()
        self.star_rows = []
        for i, (key, title) in enumerate(titles):
            row = StarRow(key, report_text(title))
            self.stars_box.addWidget(row, i, 0)
            self.star_rows.append(row)

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
            b.setStyleSheet(f"background:{ZONE_COLORS[zone(i).value]};"
                            + ("border: 5px solid #1f2933;" if i == n else ""))
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
