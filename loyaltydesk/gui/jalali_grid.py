"""The Jalali date field's calendar popup: one month of the Iranian calendar as a grid of days.

Every day it shows comes from the project's own conversion (``domain.jalali``: jdatetime, the
Iranian calendar's table), never from Qt's ``QCalendar``, whose arithmetic Jalali calendar
disagrees in 1436–1437 and 1469–1470 (Qt puts 1437/01/01 on 2058-03-20; it is 1436/12/30).
The week starts on Saturday; Friday, the weekend, is red; right to left in the Persian UI."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from loyaltydesk.domain.jalali import MONTH_WORDS, TEHRAN, gregorian_of, jalali_parts, month_length

from . import i18n

ROWS = 6  # a 31-day month starting on a Friday spans six weeks
# its look (a day, today, the selected day, Friday in red) is in resources/theme/pages.qss


def week_column(day: date) -> int:
    """The column of ``day`` in an Iranian week: Saturday 0 … Friday 6."""
    return (day.weekday() - 5) % 7  # Python: Monday 0 … Saturday 5, Sunday 6


def month_shift(day: date, months: int) -> date:
    """The same Jalali day ``months`` later, clamped to that month's last day."""
    y, m, d = jalali_parts(day)
    year, month = divmod(y * 12 + (m - 1) + months, 12)
    month += 1
    return gregorian_of(year, month, min(d, month_length(year, month)))


class JalaliMonthPopup(QFrame):
    """One Jalali month; ``chosen(date)`` when a day is picked (click, Enter); Esc closes."""

    chosen = Signal(object)  # a Gregorian ``date``

    def __init__(self, parent: QWidget | None = None, popup: bool = True):
        super().__init__(parent, Qt.WindowType.Popup if popup else Qt.WindowType.Widget)
        self.setObjectName("jalaliMonthPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if i18n.is_persian() else Qt.LayoutDirection.LeftToRight)
        self.minimum, self.maximum = date(1922, 1, 1), date(2320, 12, 31)
        self.today = datetime.now(TEHRAN).date()
        self.selected = self.today
        self.year, self.month = jalali_parts(self.selected)[:2]

        self.previous = QToolButton(objectName="previousMonth", autoRaise=True)
        self.next = QToolButton(objectName="nextMonth", autoRaise=True)
        self.previous.setToolTip(self.tr("Previous month (Page Up)"))
        self.next.setToolTip(self.tr("Next month (Page Down)"))
        for button, step in ((self.previous, -1), (self.next, 1)):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, s=step: self.move_to(month_shift(self.selected, s)))
        self.title = QLabel(objectName="monthTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        head = QHBoxLayout()
        head.addWidget(self.previous)
        head.addWidget(self.title, 1)
        head.addWidget(self.next)

        grid = QGridLayout()
        grid.setSpacing(2)
        names = (self.tr("Sa", "Saturday"), self.tr("Su", "Sunday"), self.tr("Mo", "Monday"),
                 self.tr("Tu", "Tuesday"), self.tr("We", "Wednesday"), self.tr("Th", "Thursday"),
                 self.tr("Fr", "Friday"))
        for column, name in enumerate(names):
            label = QLabel(name, objectName="weekday", alignment=Qt.AlignmentFlag.AlignCenter)
            label.setProperty("friday", column == 6)
            grid.addWidget(label, 0, column)
        self.cells: list[QToolButton] = []
        for i in range(7 * ROWS):
            cell = QToolButton(objectName="day")
            cell.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            cell.setProperty("friday", i % 7 == 6)
            cell.clicked.connect(lambda _=False, c=cell: self._click(c))
            grid.addWidget(cell, 1 + i // 7, i % 7)
            self.cells.append(cell)

        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(head)
        box.addLayout(grid)
        self._fill()

    # -- what is shown ------------------------------------------------------------------------------
    def show_day(self, day: date, today: date | None = None, minimum: date | None = None,
                 maximum: date | None = None) -> None:
        """Show ``day``'s month with ``day`` chosen (``today`` marked; days outside the range off)."""
        if today is not None:
            self.today = today
        if minimum is not None:
            self.minimum = minimum
        if maximum is not None:
            self.maximum = maximum
        self.move_to(day)

    def move_to(self, day: date) -> None:
        self.selected = min(max(day, self.minimum), self.maximum)
        self.year, self.month = jalali_parts(self.selected)[:2]
        self._fill()

    def days(self) -> list[date | None]:
        """The 42 cells, Saturday first, row by row: the Gregorian date each shows (None if empty)."""
        return [cell.property("day") for cell in self.cells]

    def _fill(self) -> None:
        year, month = self.year, self.month
        first = gregorian_of(year, month, 1)
        offset = week_column(first)
        length = month_length(year, month)
        word = QCoreApplication.translate("Words", MONTH_WORDS[month - 1])
        self.title.setText(f"{word} {i18n.digits(str(year))}")
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.previous.setArrowType(Qt.ArrowType.RightArrow if rtl else Qt.ArrowType.LeftArrow)
        self.next.setArrowType(Qt.ArrowType.LeftArrow if rtl else Qt.ArrowType.RightArrow)
        self.previous.setEnabled(first > self.minimum)
        self.next.setEnabled(first + timedelta(days=length) <= self.maximum)
        for i, cell in enumerate(self.cells):
            n = i - offset + 1
            day = first + timedelta(days=n - 1) if 1 <= n <= length else None
            cell.setProperty("day", day)
            cell.setText(i18n.digits(str(n)) if day else "")
            cell.setEnabled(day is not None and self.minimum <= day <= self.maximum)
            cell.setProperty("today", day is not None and day == self.today)
            cell.setProperty("selected", day is not None and day == self.selected)
            cell.setToolTip(i18n.digits(f"{year:04d}/{month:02d}/{n:02d}") if day else "")
            cell.style().unpolish(cell)
            cell.style().polish(cell)

    # -- choosing ---------------------------------------------------------------------------------
    def _click(self, cell: QToolButton) -> None:
        day = cell.property("day")
        if day is not None:
            self.selected = day
            self.choose()

    def choose(self) -> None:
        self.chosen.emit(self.selected)
        self.close()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        forward = 1 if self.layoutDirection() == Qt.LayoutDirection.LeftToRight else -1
        steps = {Qt.Key.Key_Right: forward, Qt.Key.Key_Left: -forward, Qt.Key.Key_Down: 7, Qt.Key.Key_Up: -7}
        try:
            if key in steps:
                self.move_to(self.selected + timedelta(days=steps[key]))
            elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self.move_to(month_shift(self.selected, -1 if key == Qt.Key.Key_PageUp else 1))
            elif key == Qt.Key.Key_Home:
                self.move_to(gregorian_of(self.year, self.month, 1))
            elif key == Qt.Key.Key_End:
                self.move_to(gregorian_of(self.year, self.month, month_length(self.year, self.month)))
            elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
                self.choose()
            elif key == Qt.Key.Key_Escape:
                self.close()
            else:
                super().keyPressEvent(event)
                return
        except (ValueError, OverflowError):
            pass
        event.accept()
