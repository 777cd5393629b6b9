"""A date field in the Jalali calendar, read year/month/day left to right, with a calendar popup
that marks only Friday as the weekend and shows no week numbers (see PERSIAN-QT-PDF.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QCalendar, QDate, Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QWidget

from loyaltydesk.domain.jalali import TEHRAN, UTC

from . import i18n


class JalaliDateEdit(QDateEdit):
    """``date()``/``setDate()`` are Qt's (Gregorian underneath); the person sees and picks Jalali."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.jalali = QCalendar(QCalendar.System.Jalali)
        self.setCalendar(self.jalali)
        # under RTL ``yyyy/MM/dd`` comes out day-first: keep the field itself left to right
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setDisplayFormat("yyyy/MM/dd")
        self.setCalendarPopup(True)
        popup = QCalendarWidget()
        popup.setCalendar(self.jalali)
        popup.setLayoutDirection(Qt.LayoutDirection.RightToLeft if i18n.is_persian() else Qt.LayoutDirection.LeftToRight)
        popup.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        popup.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
        normal, friday = QTextCharFormat(), QTextCharFormat()
        friday.setForeground(QColor("#c62828"))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            popup.setWeekdayTextFormat(day, normal)
        popup.setWeekdayTextFormat(Qt.DayOfWeek.Friday, friday)
        self.setCalendarWidget(popup)

    def jalali_text(self) -> str:
        """The chosen day as ``YYYY/MM/DD`` in ASCII digits."""
        parts = self.jalali.partsFromDate(self.date())
        return f"{parts.year:04d}/{parts.month:02d}/{parts.day:02d}"

    def set_jalali(self, year: int, month: int, day: int) -> None:
        self.setDate(self.jalali.dateFromParts(year, month, day))

    def set_day(self, day: date) -> None:
        self.setDate(QDate(day.year, day.month, day.day))

    def day(self) -> date:
        return self.date().toPython()

    def start_utc(self) -> datetime:
        """00:00 Tehran time of the chosen day, as a UTC moment."""
        d = self.day()
        return datetime(d.year, d.month, d.day, tzinfo=TEHRAN).astimezone(UTC)

    def end_utc(self) -> datetime:
        """The last second of the chosen day in Tehran, as a UTC moment (an inclusive end)."""
        return self.start_utc_of(self.day() + timedelta(days=1)) - timedelta(seconds=1)

    @staticmethod
    def start_utc_of(d: date) -> datetime:
        return datetime(d.year, d.month, d.day, tzinfo=TEHRAN).astimezone(UTC)
