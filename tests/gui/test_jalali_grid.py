"""The date field's calendar popup is a month grid of the domain's Jalali days (jdatetime), not Qt's
QCalendarWidget, whose arithmetic Jalali calendar puts 1437/01/01 on 2058-03-20 (section 5)."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QCalendar, QDate, QPoint, Qt
from PySide6.QtWidgets import QCalendarWidget

from loyaltydesk.domain.jalali import gregorian_of, jalali_parts
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui.jalali_edit import JalaliDateEdit
from loyaltydesk.gui.jalali_grid import JalaliMonthPopup, week_column

PERSIAN_DIGITS = set("۰۱۲۳۴۵۶۷۸۹")


def month_days(popup: JalaliMonthPopup) -> list[date]:
    return [d for d in popup.days() if d is not None]


def cell_texts(popup: JalaliMonthPopup) -> list[str]:
    return [c.text() for c in popup.cells if c.property("day") is not None]


@pytest.fixture
def popup(qtbot, app):
    widget = JalaliMonthPopup(popup=False)
    qtbot.addWidget(widget)
    return widget


def test_esfand_1436_ends_on_2058_03_20_and_farvardin_1437_starts_the_next_day(popup):
    qt = QCalendar(QCalendar.System.Jalali).partsFromDate(QDate(2058, 3, 20))
    assert (qt.year, qt.month, qt.day) == (1437, 1, 1)  # Qt's grid would show this
    popup.show_day(date(2058, 3, 20))
    days = month_days(popup)
    assert len(days) == 30 and days[-1] == date(2058, 3, 20) and days[0] == date(2058, 2, 19)
    assert to_ascii_digits(cell_texts(popup)[-1]) == "30"
    popup.move_to(popup.selected + timedelta(days=1))
    assert (popup.year, popup.month) == (1437, 1)
    assert month_days(popup)[0] == date(2058, 3, 21)
    # the 1469–1470 disagreement too
    popup.show_day(gregorian_of(1469, 12, 1))
    assert month_days(popup)[-1] == date(2091, 3, 20) and len(month_days(popup)) == 30


@pytest.mark.parametrize("year, length", [(1403, 30), (1404, 29), (1436, 30), (1437, 29)])
def test_esfand_has_the_domain_s_length(popup, year, length):
    popup.show_day(gregorian_of(year, 12, 1))
    days = month_days(popup)
    assert len(days) == length
    assert days == [gregorian_of(year, 12, 1) + timedelta(days=i) for i in range(length)]
    assert days[-1] + timedelta(days=1) == gregorian_of(year + 1, 1, 1)


@pytest.mark.parametrize("year, month", [(1403, 12), (1404, 1), (1404, 7), (1436, 12), (1437, 1), (1470, 1), (1300, 11)])
def test_the_first_day_falls_in_its_weekday_s_column(popup, year, month):
    popup.show_day(gregorian_of(year, month, 1))
    cells = popup.days()
    first = next(i for i, d in enumerate(cells) if d is not None)
    g = gregorian_of(year, month, 1)
    assert cells[first] == g
    # column 0 is Saturday (Python weekday 5), column 6 is Friday (4)
    assert first == (g.weekday() - 5) % 7 == week_column(g)
    for i, d in enumerate(cells):
        if d is not None:
            assert d.weekday() == (5 + i % 7) % 7
            assert popup.cells[i].property("friday") == (d.weekday() == 4)


def test_persian_grid_digits_month_names_and_right_to_left(popup):
    popup.show_day(date(2058, 3, 20), today=date(2058, 3, 11))
    assert popup.title.text() == "اسفند ۱۴۳۶"
    assert popup.layoutDirection() == Qt.LayoutDirection.RightToLeft
    texts = cell_texts(popup)
    assert texts[:3] == ["۱", "۲", "۳"] and texts[-1] == "۳۰"
    assert all(set(t) <= PERSIAN_DIGITS for t in texts)
    selected = [c for c in popup.cells if c.property("selected")]
    today = [c for c in popup.cells if c.property("today")]
    assert [c.text() for c in selected] == ["۳۰"] and [c.text() for c in today] == ["۲۱"]  # 2058-03-11 is 1436/12/21
    from PySide6.QtWidgets import QLabel
    heads = [w.text() for w in popup.findChildren(QLabel, "weekday")]
    assert heads == ["ش", "ی", "د", "س", "چ", "پ", "ج"]  # Saturday … Friday
    # Saturday's column is the rightmost in the Persian UI
    popup.show()
    saturday = next(c for c in popup.cells if c.property("day") and c.property("day").weekday() == 5)
    friday = next(c for c in popup.cells if c.property("day") and c.property("day").weekday() == 4)
    assert saturday.geometry().x() > friday.geometry().x()
    folder = os.environ.get("LOYALTYDESK_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        popup.grab().save(os.path.join(folder, "jalali-month-popup.png"))


def test_keyboard_moves_through_the_domain_s_days_and_enter_sets_the_edit(qtbot, app):
    edit = JalaliDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.set_jalali(1436, 12, 29)
    qtbot.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = edit.popup()
    assert popup.isVisible() and (popup.year, popup.month) == (1436, 12)
    assert not edit.findChildren(QCalendarWidget)  # Qt's calendar is never built
    # in the Persian UI left is forward (right to left): 1436/12/29 -> 12/30 -> 1437/01/01
    qtbot.keyClick(popup, Qt.Key.Key_Left)
    assert popup.selected == date(2058, 3, 20) and (popup.year, popup.month) == (1436, 12)
    qtbot.keyClick(popup, Qt.Key.Key_Left)
    assert popup.selected == date(2058, 3, 21) and popup.title.text() == "فروردین ۱۴۳۷"
    qtbot.keyClick(popup, Qt.Key.Key_Right)
    qtbot.keyClick(popup, Qt.Key.Key_Up)  # a week back
    assert jalali_parts(popup.selected) == (1436, 12, 23)
    qtbot.keyClick(popup, Qt.Key.Key_PageDown)  # Farvardin 1437, same day
    assert jalali_parts(popup.selected) == (1437, 1, 23)
    qtbot.keyClick(popup, Qt.Key.Key_PageUp)
    qtbot.keyClick(popup, Qt.Key.Key_End)
    assert popup.selected == date(2058, 3, 20)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert edit.jalali_text() == "1436/12/30" and edit.day() == date(2058, 3, 20)
    # Esc closes without choosing
    edit.open_popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible() and edit.day() == date(2058, 3, 20)


def test_a_click_on_a_day_and_the_month_buttons(qtbot, app):
    edit = JalaliDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.set_jalali(1403, 12, 1)
    popup = edit.open_popup()
    popup.next.click()
    assert (popup.year, popup.month) == (1404, 1)
    popup.previous.click()
    popup.previous.click()
    assert (popup.year, popup.month) == (1403, 11)
    popup.next.click()
    cell = next(c for c in popup.cells if c.property("day") == gregorian_of(1403, 12, 30))
    qtbot.mouseClick(cell, Qt.MouseButton.LeftButton)
    assert edit.jalali_text() == "1403/12/30" and not popup.isVisible()


def test_the_drop_down_arrow_opens_the_grid_not_qt_s_calendar(qtbot, app):
    edit = JalaliDateEdit()
    qtbot.addWidget(edit)
    edit.resize(160, 30)
    edit.show()
    edit.set_jalali(1436, 12, 30)
    line = edit.lineEdit().geometry()
    assert line.right() < edit.width() - 4  # the arrow is beside the text
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(line.right() + 3, line.center().y()))
    popup = edit.popup()
    assert popup.isVisible() and popup.title.text() == "اسفند ۱۴۳۶"
    assert not edit.findChildren(QCalendarWidget)
    popup.close()
