"""The member dialog never blocks, refunds or takes points on an Enter meant for something else.

Issue 15, defects 3 and 7: "Block" was the dialog's default button (a ``QPushButton`` in a
``QDialog`` is auto-default, and the first one in the focus chain becomes the default), so Enter in
the mobile field blocked the member and threw the edit away. Now Enter saves the form whose field
has the focus; a block, a refund of the whole purchase and an adjustment below zero are asked first,
with Cancel as the default answer (Enter or Esc on the question cancels).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from loyaltydesk import services
from loyaltydesk.domain.text import to_ascii_digits

from .conftest import wait_idle
from .test_members import members_page, open_first, pick, type_text


def status_of(runner, card):
    return runner.call(lambda s: services.members.get_member(s, card).status).result()


def member(runner, card):
    return runner.call(lambda s: services.members.get_member(s, card)).result()


def question(dialog) -> QMessageBox:
    box = dialog.question
    assert box is not None and box.isVisible()
    return box


def test_no_push_button_of_the_member_dialog_is_a_default(qtbot, runner):
    window, page = members_page(qtbot, runner)
    dialog = open_first(qtbot, runner, page)
    buttons = dialog.findChildren(QPushButton)
    assert dialog.block_button in buttons and dialog.refund_button in buttons
    assert not [b.text() for b in buttons if b.isDefault() or b.autoDefault()]


def test_enter_in_the_mobile_field_saves_the_edit_and_never_blocks(qtbot, runner):
    window, page = members_page(qtbot, runner)
    dialog = open_first(qtbot, runner, page)
    card = dialog.member.card
    new_mobile = "0912" + card[-7:]
    dialog.mobile.setFocus()
    dialog.mobile.clear()
    type_text(dialog.mobile, new_mobile)
    qtbot.keyClick(dialog.mobile, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert status_of(runner, card) == "active"
    assert member(runner, card).mobile == new_mobile  # the edit was saved, not thrown away
    assert dialog.question is None and dialog.isVisible()
    assert dialog.message.text() == dialog.tr("Saved.")

    type_text(dialog.first_name, "ا")  # Enter in a name field too
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_Enter)
    wait_idle(qtbot, runner)
    assert member(runner, card).first_name.endswith("ا") and status_of(runner, card) == "active"


def test_a_block_is_asked_and_enter_or_escape_on_the_question_cancels(qtbot, runner):
    window, page = members_page(qtbot, runner)
    dialog = open_first(qtbot, runner, page)
    card = dialog.member.card
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        qtbot.mouseClick(dialog.block_button, Qt.MouseButton.LeftButton)
        box = question(dialog)
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        assert box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)
        assert not box.button(QMessageBox.StandardButton.Yes).isDefault()
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "انصراف"  # Persian, as the rest
        qtbot.keyClick(box, key)
        qtbot.waitUntil(lambda: not box.isVisible())
        wait_idle(qtbot, runner)
        assert status_of(runner, card) == "active"

    qtbot.mouseClick(dialog.block_button, Qt.MouseButton.LeftButton)
    box = question(dialog)
    assert dialog.member.name in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert status_of(runner, card) == "blocked"
    dialog.question = None
    qtbot.mouseClick(dialog.block_button, Qt.MouseButton.LeftButton)  # unblocking asks nothing
    wait_idle(qtbot, runner)
    assert dialog.question is None and status_of(runner, card) == "active"


def choose_newest(qtbot, dialog):
    cell = dialog.purchases.visualItemRect(dialog.purchases.item(0, 1)).center()
    qtbot.mouseClick(dialog.purchases.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # (selectRow misses under RTL)


def refundable(qtbot, runner, page):
    card = pick(runner, "SELECT m.card FROM members m JOIN purchases p ON p.member_id = m.id "
                        "WHERE p.refunded = 0 AND p.gross >= 2000000 ORDER BY p.id DESC LIMIT 1")
    dialog = page.open_member(card)
    wait_idle(qtbot, runner)
    dialog.tabs.setCurrentIndex(1)
    choose_newest(qtbot, dialog)
    purchase_id = dialog.chosen_purchase()
    assert purchase_id is not None and dialog.refund_button.isEnabled()
    return dialog, purchase_id


def test_a_whole_refund_is_asked_a_part_is_not(qtbot, runner):
    window, page = members_page(qtbot, runner)
    dialog, purchase_id = refundable(qtbot, runner, page)
    refunded = lambda: pick(runner, f"SELECT refunded FROM purchases WHERE id = {int(purchase_id)}")  # noqa: E731
    gross = pick(runner, f"SELECT gross FROM purchases WHERE id = {int(purchase_id)}")

    dialog.refund_amount.setFocus()  # empty: all that is left
    qtbot.keyClick(dialog.refund_amount, Qt.Key.Key_Return)
    box = question(dialog)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert to_ascii_digits("".join(ch for ch in box.text() if ch not in "٬,")).count(str(gross // 10)) == 1  # toman
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter on the question: Cancel
    qtbot.waitUntil(lambda: not box.isVisible())
    wait_idle(qtbot, runner)
    assert refunded() == 0

    dialog.refund_amount.set_rials(gross)  # the whole remainder typed: asked too
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)
    box = question(dialog)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert refunded() == 0

    dialog.question = None
    part = gross // 20 // 10 * 10
    dialog.refund_amount.set_rials(part)
    qtbot.keyClick(dialog.refund_amount, Qt.Key.Key_Return)  # a part: at once
    wait_idle(qtbot, runner)
    assert dialog.question is None and refunded() == part

    choose_newest(qtbot, dialog)
    qtbot.mouseClick(dialog.refund_button, Qt.MouseButton.LeftButton)  # the rest, asked, then yes
    box = question(dialog)
    assert to_ascii_digits("".join(ch for ch in box.text() if ch not in "٬,")).count(str((gross - part) // 10)) == 1
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert refunded() == gross


def test_an_adjustment_below_zero_is_asked_and_the_reason_error_goes_after_success(qtbot, runner):
    window, page = members_page(qtbot, runner)
    dialog = open_first(qtbot, runner, page)
    card, balance = dialog.member.card, dialog.member.points
    dialog.tabs.setCurrentIndex(2)

    dialog.adjust_points.setValue(25)  # no reason: said beside the reason
    qtbot.mouseClick(dialog.adjust_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert set(dialog.adjust_form.problems_shown()) == {"reason"}
    type_text(dialog.adjust_reason, "جبران")
    qtbot.keyClick(dialog.adjust_reason, Qt.Key.Key_Return)  # Enter in the reason adjusts
    wait_idle(qtbot, runner)
    assert member(runner, card).points == balance + 25
    assert not dialog.adjust_form.problems_shown()  # the old "needs a reason" is gone
    balance += 25

    dialog.adjust_points.setValue(-(balance + 10))
    type_text(dialog.adjust_reason, "اشتباه")
    qtbot.mouseClick(dialog.adjust_button, Qt.MouseButton.LeftButton)
    box = question(dialog)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    wait_idle(qtbot, runner)
    assert member(runner, card).points == balance

    dialog.question = None
    dialog.adjust_points.setValue(-1)  # within the balance: at once
    qtbot.mouseClick(dialog.adjust_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert dialog.question is None and member(runner, card).points == balance - 1

    dialog.adjust_points.setValue(-balance - 5)
    type_text(dialog.adjust_reason, "اشتباه")
    qtbot.mouseClick(dialog.adjust_button, Qt.MouseButton.LeftButton)
    box = question(dialog)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert member(runner, card).points == -6


def test_the_ledger_reads_reasons_and_names_in_the_readers_words(qtbot, runner):
    window, page = members_page(qtbot, runner)
    card = pick(runner, "SELECT m.card FROM members m JOIN ledger l ON l.member_id = m.id "
                        "WHERE l.reason = 'birthday' LIMIT 1")
    dialog = page.open_member(card)
    wait_idle(qtbot, runner)
    cells = [[dialog.ledger.item(r, c).text() for c in range(dialog.ledger.columnCount())]
             for r in range(dialog.ledger.rowCount())]
    reasons = {row[4] for row in cells}
    users = {row[5] for row in cells}
    assert "birthday" not in reasons and "expired" not in reasons
    assert any("تولد" in r for r in reasons)
    assert not users & {"owner", "sara"}
    assert users <= {"مریم رضایی", "سارا احمدی"}


def test_a_member_is_found_and_opened_by_keyboard_alone(qtbot, runner):
    window, page = members_page(qtbot, runner)
    card = pick(runner, "SELECT card FROM members ORDER BY id DESC LIMIT 1")
    page.search.setText(card)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # filters at once, then the first row takes the keys
    qtbot.waitUntil(lambda: runner.idle and page.model.rowCount() == 1 and page.table.currentIndex().isValid())
    assert page.model.member_at(0).card == card
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert page.dialog is not None and page.dialog.member.card == card
    assert page.dialog.focusWidget() is page.dialog.first_name  # typing goes into the details, not a button


def test_the_details_show_persian_digits_and_a_mobile_typed_in_them_is_saved(qtbot, runner):
    window, page = members_page(qtbot, runner)
    dialog = open_first(qtbot, runner, page)
    card = dialog.member.card
    assert not set("0123456789") & set(dialog.mobile.text())  # ۰۹۱۲…, as the birthday
    dialog.mobile.setFocus()
    dialog.mobile.clear()
    type_text(dialog.mobile, "۰۹۳۵۱۲۳۴۵۶۷")
    qtbot.keyClick(dialog.mobile, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert member(runner, card).mobile == "09351234567"
    dialog.save_details()  # nothing changed since: the shown Persian digits are the stored mobile
    wait_idle(qtbot, runner)
    assert dialog.message.text() == dialog.tr("Nothing to save.")
