"""The owner's home page: today at a glance (``services.home.today``), the first page an owner sees.

Ten figures, each a button that opens its report or page (``go(kind, name)``: the main window
shows it), and two small charts: the sales of the last fourteen days and of the last twelve
months. ``HomeView`` is the layout; ``HomePage`` the controller, the only part that calls the
service: one job, refreshed by the broadcast when a purchase, a member, points or a follow-up
changed (``shows``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.domain.money import Unit
from loyaltydesk.services import home
from loyaltydesk.services.changes import Changes

from .. import i18n, theme
from ..charts import BAR, LINE, Chart, Series
from ..models.report_table import format_value
from ..ops import Runner
from ..translating import Translated

# the figures in the order shown, with their titles (translated in "HomePage" when shown)
TITLES = {
    "sales": QT_TRANSLATE_NOOP("HomePage", "Sales through the club today"),
    "served": QT_TRANSLATE_NOOP("HomePage", "Members served today"),
    "new_members": QT_TRANSLATE_NOOP("HomePage", "New members today"),
    "earned": QT_TRANSLATE_NOOP("HomePage", "Points earned today"),
    "redeemed": QT_TRANSLATE_NOOP("HomePage", "Points redeemed today"),
    "liability": QT_TRANSLATE_NOOP("HomePage", "Points liability"),
    "nps": QT_TRANSLATE_NOOP("HomePage", "NPS, last 30 days"),
    "at_risk": QT_TRANSLATE_NOOP("HomePage", "Members at risk"),
    "birthdays": QT_TRANSLATE_NOOP("HomePage", "Birthdays today"),
    "followups": QT_TRANSLATE_NOOP("HomePage", "Open follow-ups"),
}
PER_ROW = 5


class FigureCard(QPushButton):
    """One figure: a small title over a big value; a click (or Enter) opens where it comes from."""

    def __init__(self, key: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"home_{key}")
        self.setProperty("role", "card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title = QLabel(title)
        self.title.setObjectName("figureTitle")
        self.title.setWordWrap(True)
        self.value = QLabel("—")
        self.value.setObjectName("figureValue")
        font = self.value.font()  # large and bold before any theme (home.qss sizes it by the palette)
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.value.setFont(font)
        for label in (self.title, self.value):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.addWidget(self.title)
        column.addWidget(self.value)
        self.setMinimumHeight(84)
        self.setAccessibleName(title)

    def show_value(self, text: str, tone: str = "") -> None:
        self.value.setText(text)
        theme.set_tone(self.value, tone or None)
        self.setAccessibleDescription(text)


class HomeView(Translated, QWidget):
    """Layout only: the heading, the cards in rows of five, the two charts side by side."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("homePage")
        self.heading = QLabel(self.tr("Today at a glance"))
        self.heading.setObjectName("homeHeading")
        self.heading.setProperty("role", "title")
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.heading.setFont(font)
        self.day = QLabel()
        self.day.setObjectName("homeDay")
        self.day.setProperty("role", "subtitle")
        self.status = QLabel()
        self.status.setObjectName("homeStatus")
        self.status.setWordWrap(True)
        self.cards: dict[str, FigureCard] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, (key, title) in enumerate(TITLES.items()):
            card = FigureCard(key, QCoreApplication.translate("HomePage", title))
            self.cards[key] = card
            grid.addWidget(card, i // PER_ROW, i % PER_ROW)
        self.days_caption = QLabel()
        self.days_caption.setObjectName("homeDaysCaption")
        self.days_chart = Chart()
        self.days_chart.setObjectName("homeDaysChart")
        self.months_caption = QLabel()
        self.months_caption.setObjectName("homeMonthsCaption")
        self.months_chart = Chart()
        self.months_chart.setObjectName("homeMonthsChart")
        charts = QHBoxLayout()
        for caption, chart in ((self.days_caption, self.days_chart), (self.months_caption, self.months_chart)):
            box = QVBoxLayout()
            box.addWidget(caption)
            box.addWidget(chart, 1)
            charts.addLayout(box, 1)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.day, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)


class HomePage(HomeView):
    """Reads today's figures in one job and shows them; a card's click asks the window to open
    its report (``go("report", name)``) or page (``go("page", name)``)."""

    go = Signal(str, str)
    shows = Changes.of("purchases", "members", "points", "followups", "surveys", "settings")

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.unit = "toman"
        self.today: home.Today | None = None
        self._seq = 0
        for card in self.cards.values():
            card.clicked.connect(lambda _=False, key=card.key: self.open(key))

    # -- page protocol ---------------------------------------------------------------------------
    def set_unit(self, unit: str) -> None:
        self.unit = unit
        if self.today is not None:
            self.show_today(self.today)

    def activate(self) -> None:
        """Shown: the keyboard goes to the first figure (Tab walks them, Enter opens one)."""
        self.cards["sales"].setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self, changes: Changes) -> None:
        self._seq += 1
        seq = self._seq

        def done(today: home.Today) -> None:
            if seq == self._seq:  # a newer read is on its way: this one is already old
                self.status.clear()
                self.show_today(today)

        def failed(error) -> None:
            if seq == self._seq:
                theme.set_tone(self.status, "danger")
                self.status.setText(i18n.error_text(error))

        self.runner.call(home.today, done, failed)

    # -- showing ---------------------------------------------------------------------------------
    def show_today(self, today: home.Today) -> None:
        self.today = today
        self.day.setText(i18n.digits(today.day))
        for figure in today.figures:
            text = format_value(figure.value, figure.kind, self.unit)
            self.cards[figure.key].show_value(text, self.tone(figure))
        # (the count in the tooltip: beside the amount it would not fit a card at 1024 px)
        self.cards["sales"].setToolTip(i18n.arg(self.tr("%1 (%2 purchases)"),
                                                self.cards["sales"].value.text(), i18n.number(today.purchases)))
        self.cards["nps"].setToolTip(self.tr("Promoters minus detractors of the surveys answered in the last 30 days"))
        unit_name = i18n.unit_name(self.unit)
        rials = Unit(self.unit).rials
        self.days_caption.setText(i18n.arg(self.tr("Sales, last 14 days (%1)"), unit_name))
        self.days_chart.set_chart(BAR, [i18n.digits(label) for label, _ in today.days],
                                  [Series(self.tr("Sales"), tuple(v / rials for _, v in today.days))],
                                  self._axis, None, self.tr("No sales in these days."))
        self.months_caption.setText(i18n.arg(self.tr("Sales by month (%1)"), unit_name))
        self.months_chart.set_chart(LINE, [i18n.digits(label) for label, _ in today.months],
                                    [Series(self.tr("Sales"), tuple(v / rials for _, v in today.months), theme.color("chart2"))],
                                    self._axis, None, self.tr("No sales in these months."))

    @staticmethod
    def tone(figure: home.Figure) -> str:
        """A figure that asks for the owner's attention is coloured by the theme (``tone``)."""
        if figure.key in ("at_risk", "followups") and figure.value:
            return "warning"
        if figure.key == "nps" and figure.value is not None:
            return "success" if figure.value >= 30 else "danger" if figure.value < 0 else ""
        return ""

    @staticmethod
    def _axis(value: float) -> str:
        return i18n.number(int(round(value)))

    def open(self, key: str) -> None:
        self.go.emit(*home.GOES_TO[key])
