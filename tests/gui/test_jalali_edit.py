"""The Jalali date field converts with the project's own calendar (domain.jalali, jdatetime), never
Qt's QCalendar arithmetic, which disagrees in 1436–1437 and 1469–1470."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QCalendar, QDate, Qt

from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui.jalali_edit import JalaliDateEdit


def plain(text: str) -> str:
    return to_ascii_digits(text)


@pytest.mark.parametrize("gregorian, jalali", [
    (date(2058, 3, 20), "1436/12/30"),  # Qt's calendar: 1437/01/01
    (date(2058, 3, 21), "1437/01/01"),
    (date(2058, 6, 1), "1437/03/11"),  # Qt's calendar: a day ahead all through 1437
    (date(2091, 3, 20), "1469/12/30"),  # Qt's calendar: 1470/01/01
    (date(2091, 3, 21), "1470/01/01"),  # Qt's calendar: 1470/01/02
    (date(2025, 3, 20), "1403/12/30"),
    (date(2025, 12, 3), "1404/09/12"),
])
def test_the_field_shows_and_returns_the_domain_s_jalali_day(qtbot, gregorian, jalali):
    edit = JalaliDateEdit()
    qtbot.addWidget(edit)
    edit.set_day(gregorian)
    assert plain(edit.text()) == jalali
    assert edit.jalali_text() == jalali
    y, m, d = map(int, jalali.split("/"))
    edit.set_day(date(2000, 1, 1))
    edit.set_jalali(y, m, d)
    assert edit.day() == gregorian and edit.date() == QDate(gregorian.year, gregorian.month, gregorian.day)


def test_1436_12_30_from_typing_arrows_and_qt_disagreeing(qtbot):
    edit = JalaliDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    qt = QCalendar(QCalendar.System.Jalali).partsFromDate(QDate(2058, 3, 20))
    assert (qt.year, qt.month, qt.day) == (1437, 1, 1)  # the disagreement this field must not inherit
    edit.set_jalali(1436, 12, 29)
    edit.setCurrentSection(edit.Section.DaySection)
    edit.stepBy(1)  # up arrow on the day
    assert edit.jalali_text() == "1436/12/30" and edit.day() == date(2058, 3, 20)
    edit.stepBy(1)
    assert edit.jalali_text() == "1437/01/01" and edit.day() == date(2058, 3, 21)
    edit.setCurrentSection(edit.Section.MonthSection)
    edit.stepBy(-1)  # Esfand 1436 has 30 days: the 1st of Farvardin back a month is 1436/12/01
    assert edit.jalali_text() == "1436/12/01"
    # typed by a person (keys with text, as the keyboard sends them): the domain reads it
    edit.lineEdit().selectAll()
    for ch in "1436/12/30":
        qtbot.keyClick(edit, ch)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.day() == date(2058, 3, 20) and plain(edit.text()) == "1436/12/30"


def test_a_day_that_does_not_exist_is_not_taken(qtbot):
    edit = JalaliDateEdit()
    qtbot.addWidget(edit)
    edit.set_jalali(1404, 1, 1)
    assert edit.validate("1404/12/30", 0)[0].name != "Acceptable"  # 1404 is not leap: Esfand has 29 days
    assert edit.validate("1403/12/30", 0)[0].name == "Acceptable"
