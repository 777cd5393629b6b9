"""The members page through the real widgets: filter by tier, status and Jalali join dates, sort by
a header, scroll far (blocks read as they come into view), open a member, edit, block, refund and
adjust as the owner — and the same refused or hidden for a cashier."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from loyaltydesk import services
from loyaltydesk.domain.errors import PermissionDenied
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui.main_window import MainWindow
from loyaltydesk.gui.models import member_table
from loyaltydesk.gui.models.member_table import COLUMN, ROW_ROLE
from loyaltydesk.services import member_list
from loyaltydesk.services.member_list import MemberFilters

from .conftest import sign_in, wait_idle


def type_text(widget, text: str) -> None:
    """Key events that carry the text (qtbot.keyClicks kills the interpreter on Persian)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def members_page(qtbot, runner, user="owner"):
    session = sign_in(runner, user)
    window = MainWindow(runner, session)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("members")
    settle(qtbot, runner, page)
    return window, page


def settle(qtbot, runner, page):
    """Wait until the list is counted and every block the view asked for is on screen."""
    for _ in range(2):  # the count, then the blocks the view asks for when it paints
        QApplication.processEvents()
        qtbot.waitUntil(lambda: runner.idle and not page.model.loading(), timeout=10_000)
        if page.table.isVisible():
            page.table.viewport().repaint()


def shown_rows(page):
    model = page.model
    return [model.data(model.index(r, 0), ROW_ROLE) for r in range(model.rowCount())]


def load_all(qtbot, runner, page):
    """Touch every row (as a scroll through the list would) and wait for their blocks."""
    model = page.model
    for row in range(0, model.rowCount(), member_table.BLOCK):
        model.data(model.index(row, 0))
        settle(qtbot, runner, page)
    return shown_rows(page)


def service_total(runner, filters=MemberFilters()):
    return runner.call(lambda s: member_list.prepare(s, filters).total).result()


def test_the_page_lists_the_club_and_filters_by_tier_status_and_jalali_join_dates(qtbot, runner, shot):
    window, page = members_page(qtbot, runner)
    assert page.model.rowCount() == service_total(runner) == 120
    assert page.tier.count() > 2  # "all" and the demo club's tiers
    assert "۱۲۰" in page.count.text()
    first = page.model.index(0, COLUMN["joined"]).data()
    assert first and all(not ch.isascii() or not ch.isdigit() for ch in first)  # Persian digits
    card = page.model.index(0, COLUMN["card"]).data()
    assert card.startswith("\u2066") and card.endswith("\u2069")  # left to right inside the RTL table
    # the card, the mobile and the tier's colour written as on every page: member_card's, one place
    from loyaltydesk.gui.member_card import card_text, mobile_text, tier_color
    from loyaltydesk.gui.models.member_table import ROW_ROLE

    for row in range(5):
        m = page.model.index(row, 0).data(ROW_ROLE)
        assert page.model.index(row, COLUMN["card"]).data() == card_text(m.card)
        assert page.model.index(row, COLUMN["mobile"]).data() == mobile_text(m.mobile)
        tier = page.model.index(row, COLUMN["tier"])
        assert tier.data(Qt.ItemDataRole.DecorationRole) == (tier_color(m.tier_color) if m.tier else None)
    shot(window, "members-page")

    page.tier.setCurrentIndex(2)
    settle(qtbot, runner, page)
    tier_id = page.tier.currentData()
    rows = load_all(qtbot, runner, page)
    assert rows and len(rows) == service_total(runner, MemberFilters(tier_id=tier_id)) < 120
    assert {m.tier_id for m in rows} == {tier_id}

    page.tier.setCurrentIndex(0)
    page.joined_from.set_jalali(1404, 6, 1)
    page.joined_to.set_jalali(1404, 12, 29)
    page.use_from.setChecked(True)
    page.use_to.setChecked(True)
    settle(qtbot, runner, page)
    assert page.joined_from.text() == "۱۴۰۴/۰۶/۰۱"  # Jalali, year first, Persian digits
    rows = load_all(qtbot, runner, page)
    expected = service_total(runner, MemberFilters(joined_from="1404/06/01", joined_to="1404/12/29"))
    assert 0 < len(rows) == expected < 120
    assert all("1404/06/01" <= m.joined_jalali <= "1404/12/29" for m in rows)
    popup = page.joined_from.open_popup()  # the domain's month grid, not Qt's QCalendarWidget
    assert popup.title.text() == "شهریور ۱۴۰۴"
    shot(popup, "members-jalali-calendar")
    popup.close()

    page.status.setCurrentIndex(2)  # blocked
    settle(qtbot, runner, page)
    assert all(m.status == "blocked" for m in load_all(qtbot, runner, page))

    page.clear_filters()
    settle(qtbot, runner, page)
    assert page.model.rowCount() == 120


def test_a_bad_date_range_is_said_in_persian_and_the_table_stays(qtbot, runner):
    _, page = members_page(qtbot, runner)
    page.joined_from.set_jalali(1404, 6, 1)
    page.joined_to.set_jalali(1404, 5, 1)
    page.use_from.setChecked(True)
    page.use_to.setChecked(True)
    settle(qtbot, runner, page)
    assert page.problem.isVisibleTo(page) and "۱۴۰۴" in page.problem.text() and "Traceback" not in page.problem.text()
    assert page.model.rowCount() == 120


@pytest.mark.parametrize("column, key, descending", [
    ("points", lambda m: m.points, True),
    ("joined", lambda m: m.joined_at, False),
    ("mobile", lambda m: m.mobile, True),
])
def test_sorting_by_a_header(qtbot, runner, column, key, descending):
    _, page = members_page(qtbot, runner)
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    page.table.sortByColumn(COLUMN[column], order)
    settle(qtbot, runner, page)
    rows = load_all(qtbot, runner, page)
    values = [key(m) for m in rows]
    assert len(values) == 120 and values == sorted(values, reverse=descending)
    assert page.table.horizontalHeader().sortIndicatorSection() == COLUMN[column]
    page.table.sortByColumn(COLUMN["status"], Qt.SortOrder.AscendingOrder)  # not sortable: nothing moves
    settle(qtbot, runner, page)
    assert page.table.horizontalHeader().sortIndicatorSection() == COLUMN[column]
    assert [key(m) for m in load_all(qtbot, runner, page)] == values


def test_scrolling_far_down_reads_only_the_blocks_in_view(qtbot, runner, monkeypatch, shot):
    monkeypatch.setattr(member_table, "BLOCK", 10)  # 12 blocks in the 120-member demo club
    window, page = members_page(qtbot, runner)
    model = page.model
    blocks = range(model.rowCount() // member_table.BLOCK)
    assert model.is_loaded(0) and not model.is_loaded(119)
    assert model.index(119, COLUMN["name"]).data() == "…"  # a placeholder until its block comes
    page.table.scrollToBottom()
    settle(qtbot, runner, page)
    window.repaint()
    settle(qtbot, runner, page)
    assert model.is_loaded(119) and model.index(119, COLUMN["name"]).data() != "…"
    loaded = [b for b in blocks if model.is_loaded(b * member_table.BLOCK)]
    assert len(loaded) < len(blocks)  # never everything: only what was on screen
    page.table.scrollTo(model.index(60, 0))
    settle(qtbot, runner, page)
    assert model.is_loaded(60)
    shot(window, "members-scrolled")


def open_first(qtbot, runner, page):
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))  # (selectRow misses the column under RTL)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the member
    assert page.dialog is not None
    wait_idle(qtbot, runner)
    return page.dialog


def pick(runner, sql):
    return runner.call(lambda s: s.db.value(sql)).result()


def test_owner_opens_a_member_edits_the_name_blocks_and_unblocks(qtbot, runner, shot):
    window, page = members_page(qtbot, runner)
    first = page.model.member_at(0)
    dialog = open_first(qtbot, runner, page)
    assert dialog.member.card == first.card and dialog.block_button.isVisible()
    names = ["details", "purchases", "points", "tiers", "surveys"]
    assert dialog.tabs.count() == 5  # the Surveys tab: services/surveys.py exists
    for i, name in enumerate(names):
        dialog.tabs.setCurrentIndex(i)
        shot(dialog, f"member-dialog-{name}")
    dialog.tabs.setCurrentIndex(0)

    dialog.first_name.clear()
    type_text(dialog.first_name, "نیلوفر")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    after = runner.call(lambda s: services.members.get_member(s, first.card)).result()
    assert after.first_name == "نیلوفر" and dialog.name.text().startswith("نیلوفر")
    settle(qtbot, runner, page)
    assert any(m.name.startswith("نیلوفر") for m in load_all(qtbot, runner, page))  # the table read again

    qtbot.mouseClick(dialog.block_button, Qt.MouseButton.LeftButton)  # asked first
    qtbot.mouseClick(dialog.question.button(dialog.question.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert runner.call(lambda s: services.members.get_member(s, first.card).status).result() == "blocked"
    assert dialog.status.text() == dialog.tr("Blocked")
    shot(dialog, "member-dialog-blocked")
    qtbot.mouseClick(dialog.block_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert runner.call(lambda s: services.members.get_member(s, first.card).status).result() == "active"


def test_owner_refunds_a_purchase_and_adjusts_points_every_problem_shown(qtbot, runner, shot):
    window, page = members_page(qtbot, runner)
    card = pick(runner, "SELECT m.card FROM members m JOIN purchases p ON p.member_id = m.id "
                        "WHERE p.refunded = 0 AND p.gross >= 2000000 ORDER BY p.id DESC LIMIT 1")
    dialog = page.open_member(card)
    wait_idle(qtbot, runner)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.refund_box.isVisible() and not dialog.refund_button.isEnabled()
    cell = dialog.purchases.visualItemRect(dialog.purchases.item(0, 1)).center()
    qtbot.mouseClick(dialog.purchases.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # choose the newest
    assert dialog.refund_button.isEnabled()
    purchase_id = dialog.chosen_purchase()
    gross = pick(runner, f"SELECT gross FROM purchases WHERE id = {int(purchase_id)}")

    dialog.refund_amount.set_rials(gross * 20)  # more than was bought: said beside the amount
    dialog.refund()
    wait_idle(qtbot, runner)
    assert "amount" in dialog.refund_form.problems_shown()
    assert "Traceback" not in str(dialog.refund_form.problems_shown())

    type_text(dialog.refund_amount, "")
    dialog.refund_amount.set_rials(gross // 20 // 10 * 10)  # a partial refund in whole tomans
    type_text(dialog.refund_reason, "کالای معیوب")
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    refunded = pick(runner, f"SELECT refunded FROM purchases WHERE id = {int(purchase_id)}")
    assert refunded == gross // 20 // 10 * 10 > 0
    assert not dialog.refund_form.problems_shown()
    shot(dialog, "member-dialog-refunded")

    dialog.tabs.setCurrentIndex(2)
    before = dialog.member.points
    qtbot.mouseClick(dialog.adjust_button, Qt.MouseButton.LeftButton)  # zero points, no reason
    wait_idle(qtbot, runner)
    assert set(dialog.adjust_form.problems_shown()) == {"points", "reason"}  # both at once
    dialog.adjust_points.setValue(50)
    type_text(dialog.adjust_reason, "جبران تأخیر")
    qtbot.mouseClick(dialog.adjust_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    after = runner.call(lambda s: services.members.get_member(s, card)).result()
    assert after.points == before + 50 and dialog.member.points == before + 50
    assert to_ascii_digits(dialog.ledger.item(0, 2).text()) == "\u2066+50\u2069"  # the sign at the left (LRI…PDI)
    shot(dialog, "member-dialog-adjusted")


def test_a_cashier_edits_names_but_refunds_adjustments_blocks_and_identity_are_not_theirs(qtbot, runner, shot):
    window, page = members_page(qtbot, runner, "sara")
    assert "members" in window.pages
    first = page.model.member_at(0)
    dialog = open_first(qtbot, runner, page)
    shot(dialog, "member-dialog-cashier")
    assert not dialog.block_button.isVisible()
    assert not dialog.refund_box.isVisibleTo(dialog) and not dialog.adjust_box.isVisibleTo(dialog)
    assert dialog.tabs.count() == 4  # no surveys: their comments are the owner's follow-ups
    assert dialog.mobile.isReadOnly() and dialog.national_code.isReadOnly() and dialog.referrer.isReadOnly()

    dialog.last_name.clear()
    type_text(dialog.last_name, "کاظمی")
    dialog.save_details()
    wait_idle(qtbot, runner)
    assert runner.call(lambda s: services.members.get_member(s, first.card).last_name).result() == "کاظمی"

    # the buttons are hidden, and the services refuse anyway: said in Persian, never a traceback
    dialog.adjust_points.setValue(10)
    dialog.adjust_reason.setText("x")
    dialog.adjust()
    wait_idle(qtbot, runner)
    shown = dialog.adjust_form.problems_shown()[""]
    assert "مدیر" in shown or "owner" in shown.lower()
    dialog.toggle_block()
    dialog.question.button(dialog.question.StandardButton.Yes).click()  # (a block is asked first)
    wait_idle(qtbot, runner)
    assert dialog.message.text() and "Traceback" not in dialog.message.text()
    assert runner.call(lambda s: services.members.get_member(s, first.card).status).result() == "active"
    with pytest.raises(PermissionDenied):
        runner.call(lambda s: services.checkout.refund(s, 1)).result()
