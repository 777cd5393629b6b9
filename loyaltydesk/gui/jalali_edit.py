"""A date field in the Jalali calendar, read year/month/day left to right, with a calendar popup
that marks only Friday as the weekend and shows no week numbers (see PERSIAN-QT-PDF.md).

Every date the field shows, reads back or steps to is converted by the project's own Jalali rules
(``domain.jalali``: jdatetime, the Iranian calendar's table), never by Qt's ``QCalendar`` arithmetic,
which disagrees in 1436–1437 and 1469–1470 (Qt shows 2058-03-20 as 1437/01/01; it is 1436/12/30).
Underneath the value stays Qt's Gregorian ``QDate``; only the text is Jalali."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime
from PySide6.QtGui import QGuiApplication, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QDateTimeEdit, QWidget

from loyaltydesk.domain.jalali import TEHRAN, UTC, gregorian_of, jalali_parts, month_length
from loyaltydesk.domain.text import to_ascii_digits

from . import i18n
from .jalali_grid import JalaliMonthPopup

_TEXT = re.compile(r"(\d{1,4})/(\d{1,2})/(\d{1,2})")
_PARTIAL = re.compile(r"\d{0,4}(/\d{0,2}(/\d{0,2})?)?")


def _jalali_shift(day: date, years: int = 0, months: int = 0) -> date:
    """The same Jalali day ``years``/``months`` later, clamped to the month's last day."""
    y, m, d = jalali_parts(day)
    year, month = divmod(y * 12 + (m - 1) + months + 12 * years, 12)
    month += 1
    return gregorian_of(year, month, min(d, month_length(year, month)))


class JalaliDateEdit(QDateEdit):
    """``date()``/``setDate()`` are Qt's (Gregorian underneath); the person sees and picks Jalali."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # under RTL ``yyyy/MM/dd`` comes out day-first: keep the field itself left to right
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setDisplayFormat("yyyy/MM/dd")  # Gregorian sections: the year, month, day positions of the text
        self.setMinimumDate(QDate(1922, 1, 1))  # 1300/10/11 .. 2321: four-digit Jalali years
        self.setMaximumDate(QDate(2320, 12, 31))
        # calendarPopup on: Qt draws the drop-down arrow; but its popup must be a QCalendarWidget (Qt's
        # arithmetic Jalali): the arrow's click and Alt+Down/F4 open the domain's month grid instead
        self.setCalendarPopup(True)
        self.today = lambda: datetime.now(TEHRAN).date()  # the club's today (the popup marks it)
        self._popup: JalaliMonthPopup | None = None
        self.lineEdit().setText(self.textFromDateTime(self.dateTime()))

    # -- the calendar popup: the domain's month grid ----------------------------------------------------
    def popup(self) -> JalaliMonthPopup:
        if self._popup is None:
            self._popup = JalaliMonthPopup(self)
            self._popup.chosen.connect(self._chosen)
        return self._popup

    def open_popup(self) -> JalaliMonthPopup:
        """Show the month of the chosen day under the field, the day chosen, keyboard in the grid."""
        popup = self.popup()
        popup.show_day(self.day(), self.today(), self.minimumDate().toPython(), self.maximumDate().toPython())
        popup.adjustSize()
        size = popup.sizeHint()
        rtl = popup.layoutDirection() == Qt.LayoutDirection.RightToLeft
        at = self.mapToGlobal(QPoint(self.width() - size.width() if rtl else 0, self.height()))
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        if at.y() + size.height() > screen.bottom():
            at.setY(self.mapToGlobal(QPoint(0, 0)).y() - size.height())
        at.setX(max(screen.left(), min(at.x(), screen.right() - size.width())))
        popup.move(at)
        popup.show()
        popup.activateWindow()
        popup.setFocus()
        return popup

    def _chosen(self, day: date) -> None:
        self.set_day(day)
        self.setFocus()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # clicks on the text go to the line edit; what reaches here is the drop-down arrow (or frame)
        if self.calendarPopup() and event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            if not self.isReadOnly():
                self.open_popup()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        alt_arrow = event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if self.calendarPopup() and (alt_arrow or event.key() == Qt.Key.Key_F4) and not self.isReadOnly():
            event.accept()
            self.open_popup()
            return
        super().keyPressEvent(event)

    # -- the text: the domain's Jalali, both ways ---------------------------------------------------
    def textFromDateTime(self, dt: QDateTime) -> str:  # noqa: N802 - Qt's name
        y, m, d = jalali_parts(dt.date().toPython())
        return i18n.digits(f"{y:04d}/{m:02d}/{d:02d}")

    def dateTimeFromText(self, text: str) -> QDateTime:  # noqa: N802 - Qt's name
        day = self._parse(text)
        if day is None:
            return self.dateTime()
        return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))

    def validate(self, text: str, pos: int):
        plain = to_ascii_digits(text).strip()
        if self._parse(plain) is not None:
            return QValidator.State.Acceptable, text, pos
        if _PARTIAL.fullmatch(plain) or _TEXT.fullmatch(plain):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def fixup(self, text: str) -> str:
        return self.textFromDateTime(self.dateTime())

    def _parse(self, text: str) -> date | None:
        m = _TEXT.fullmatch(to_ascii_digits(text).strip())
        if not m or len(m[1]) != 4:
            return None
        try:
            day = gregorian_of(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        low, high = self.minimumDate().toPython(), self.maximumDate().toPython()
        return day if low <= day <= high else None

    # -- the arrows and Page Up/Down: Jalali days, months and years ---------------------------------
    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt's name
        day = self.day()
        section = self.currentSection()
        try:
            if section == QDateTimeEdit.Section.YearSection:
                day = _jalali_shift(day, years=steps)
            elif section == QDateTimeEdit.Section.MonthSection:
                day = _jalali_shift(day, months=steps)
            else:
                day = day + timedelta(days=steps)
        except (ValueError, OverflowError):
            return
        low, high = self.minimumDate().toPython(), self.maximumDate().toPython()
        self.set_day(min(max(day, low), high))
        self.setCurrentSection(section)

    def stepEnabled(self):  # noqa: N802 - Qt's name
        return QAbstractSpinBox.StepEnabledFlag.StepUpEnabled | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled

    def jalali_text(self) -> str:
        """The chosen day as ``YYYY/MM/DD`` in ASCII digits."""
        y, m, d = jalali_parts(self.day())
        return f"{y:04d}/{m:02d}/{d:02d}"

    def set_jalali(self, year: int, month: int, day: int) -> None:
        self.set_day(gregorian_of(year, month, day))

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
