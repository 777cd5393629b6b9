"""Targeted lists on the members page (the filters, the count, the owner's export) and the member's
story in the member dialog and the cashier's member panel, through the real widgets on the demo club."""

from __future__ import annotations

import csv
import time

import pytest
from PySide6.QtCore import QMetaObject, Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from loyaltydesk.domain.analytics import SEGMENTS
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui import i18n
from loyaltydesk.services import member_list
from loyaltydesk.services.member_list import MemberFilters
from loyaltydesk.services.story import member_story

from .conftest import wait_idle
from .test_cashier import cashier_window
from .test_members import load_all, members_page, open_first, settle


def service(runner, fn):
    return runner.call(fn).result()


def count_shown(page) -> int:
    return int(to_ascii_digits("".join(ch for ch in page.count.text() if ch.isdigit())) or 0)


def test_each_segment_lists_what_the_service_counts(qtbot, runner, shot):
    window, page = members_page(qtbot, runner)
    seen = {}
    for key in SEGMENTS:
        page.segment.setCurrentIndex(page.segment.findData(key))
        settle(qtbot, runner, page)
        expected = service(runner, lambda s: member_list.count_members(s, MemberFilters(segment=key)))
        assert page.model.rowCount() == count_shown(page) == expected
        seen[key] = expected
    assert sum(seen.values()) == service(runner, lambda s: s.db.value("SELECT count(*) FROM member_stats"))
    shot(window, "members-targeted")


FILTERS = [
    # (set the widgets, the same filters for the service)
    (lambda p: (p.use_inactive.setChecked(True), p.inactive_days.setValue(30)), MemberFilters(inactive_days=30)),
    (lambda p: p.consent.setChecked(True), MemberFilters(consent=True)),
    (lambda p: p.birthday_month.setCurrentIndex(p.birthday_month.findData(5)), MemberFilters(birthday_month=5)),
    (lambda p: p.churn.setChecked(True), MemberFilters(churn_risk=True)),
    (lambda p: (p.spend_period.setCurrentIndex(p.spend_period.count() - 2), p.spend_min.setText("1000000")),
     None),  # this year's spend of at least 1,000,000 in the display unit: its filters are read back
]


@pytest.mark.parametrize("case", range(len(FILTERS)))
def test_a_targeted_filter_with_its_count(qtbot, runner, case):
    _window, page = members_page(qtbot, runner)
    set_widgets, filters = FILTERS[case]
    set_widgets(page)
    page.apply_filters()
    settle(qtbot, runner, page)
    if filters is None:
        filters = page.filters()
        assert filters.spend_period and filters.spend_min == 1_000_000 * (10 if page.unit == "toman" else 1)
    expected = service(runner, lambda s: member_list.count_members(s, filters))
    assert 0 < expected < 120
    assert page.model.rowCount() == count_shown(page) == expected
    assert len(load_all(qtbot, runner, page)) == expected
    page.clear_filters()
    settle(qtbot, runner, page)
    assert page.model.rowCount() == 120 and not page.consent.isChecked() and page.segment.currentIndex() == 0


def test_the_owner_exports_the_list_shown(qtbot, runner, tmp_path):
    _window, page = members_page(qtbot, runner)
    page.consent.setChecked(True)
    settle(qtbot, runner, page)
    target = tmp_path / "consent.csv"
    page.ask_save_path = lambda: str(target)
    page.export_button.click()
    qtbot.waitUntil(lambda: page.exported is not None, timeout=10_000)
    with open(target, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == page.exported.rows == page.model.rowCount()
    assert all(r["SMS consent"] == "1" for r in rows)
    assert i18n.number(len(rows)) in page.count.text()


def test_the_list_export_can_be_stopped(qtbot, runner, tmp_path, monkeypatch):
    """The export runs behind a progress dialog with Cancel: stopped, it leaves no file and says so."""
    _window, page = members_page(qtbot, runner)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "all.xlsx"
    page.ask_save_path = lambda: str(target)
    real = member_list.export_list

    def slow(session, filters, path, progress=None):  # Cancel pressed as soon as the dialog shows
        def pressed(done, total):
            dialog = page.findChild(QProgressDialog, "progressDialog")
            if dialog is not None:  # its Cancel button, clicked (on the GUI thread)
                QMetaObject.invokeMethod(dialog.findChild(QPushButton), "click", Qt.ConnectionType.QueuedConnection)
            time.sleep(0.05)
            return progress(done, total)
        return real(session, filters, path, progress=pressed)

    monkeypatch.setattr(member_list, "export_list", slow)
    page.export_button.click()
    qtbot.waitUntil(lambda: "stopped" in page.count.text() or "متوقف" in page.count.text(), timeout=10_000)
    assert page.exported is None and list((tmp_path / "out").iterdir()) == []  # not even a half file


def test_a_cashier_has_the_plain_filters_only(qtbot, runner):
    _window, page = members_page(qtbot, runner, user="sara")
    for w in page.owner_widgets:
        assert not w.isVisible()
    for w in (page.consent, page.use_inactive, page.birthday_month):
        assert w.isVisible()
    page.consent.setChecked(True)
    settle(qtbot, runner, page)
    assert page.model.rowCount() == service(runner, lambda s: member_list.count_members(s, MemberFilters(consent=True)))


def test_the_member_dialog_tells_the_whole_story(qtbot, runner, shot):
    _window, page = members_page(qtbot, runner)
    page.churn.setChecked(True)  # members who bought, more than once
    settle(qtbot, runner, page)
    dialog = open_first(qtbot, runner, page)
    qtbot.waitUntil(lambda: dialog.story is not None, timeout=10_000)
    story = service(runner, lambda s: member_story(s, dialog.member.id))
    labels = dialog.story_labels
    assert story.visits >= 2 and story.segment
    assert labels["visits"].text() == i18n.number(story.visits)
    assert labels["spend"].text() == i18n.money(story.lifetime_spend, dialog.unit)
    assert i18n.digits(story.last_visit_jalali) in labels["last_visit"].text()
    assert labels["segment"].text() and labels["segment"].text() != "—"
    if story.expiring_points:
        assert i18n.digits(story.expiring_jalali) in labels["expiring"].text()
    assert labels["offers"].text()  # "none" until offers exist
    shot(dialog, "member-story")


def test_the_cashiers_panel_tells_the_story_in_two_lines(qtbot, runner):
    _window, page = cashier_window(qtbot, runner)
    card = runner.call(lambda s: s.db.value(
        "SELECT m.card FROM members m JOIN member_stats s ON s.member_id = m.id "
        "WHERE m.status = 'active' ORDER BY s.visits DESC LIMIT 1")).result()
    page.open_card(card)
    qtbot.waitUntil(lambda: page.panel.story.text() != "", timeout=10_000)
    wait_idle(qtbot, runner)
    story = service(runner, lambda s: member_story(s, page.member.id))
    text = page.panel.story.text()
    assert 1 <= len(text.splitlines()) <= 2
    assert i18n.number(story.visits) in text and i18n.money(story.lifetime_spend, page.unit) in text
    page.reset()
    assert page.panel.story.text() == ""
