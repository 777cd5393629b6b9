"""The owner's Messages page: the SMS settings saved (every problem beside its field, the key kept
masked), the outbox with its states and filter, retry and cancel, a test send through the app's
sender, the provider's balance off the database thread, a credit pause shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from loyaltydesk import services
from loyaltydesk.gui import i18n
from loyaltydesk.gui.pages import messages
from loyaltydesk.services import sms
from tests.sms.kavenegar_server import API_KEY, start_fake

from .conftest import owner_window, wait_idle


@pytest.fixture
def fake():
    server = start_fake()
    yield server
    server.server.stop()


def configure(qtbot, runner, page, fake, key=API_KEY):
    page.provider.setCurrentIndex(page.provider.findData("kavenegar"))
    page.api_key.setText(key)
    page.sender_line.setText("10004346")
    page.base_url.setText(fake.base_url)
    page.after_purchase.setChecked(True)
    page.save_settings()
    wait_idle(qtbot, runner)


def column(page, c):
    return [page.table.item(r, c).text().strip("\u2066\u2069") for r in range(page.table.rowCount())]


def state(key):  # as the page shows a state (Persian once the lead has applied strings-sms.tsv)
    return messages._t(messages.STATES[key])


def test_settings_refuse_every_problem_beside_its_field_then_save_with_the_key_masked(qtbot, runner, fake):
    window, page = owner_window(qtbot, runner, "messages")
    page.provider.setCurrentIndex(page.provider.findData("kavenegar"))
    page.sender_line.setText("12x")
    page.base_url.setText("http://example.com")
    page.quiet.setText("9-9")
    page.save_settings()
    wait_idle(qtbot, runner)
    assert set(page.form.problems_shown()) == {"sms_sender", "sms_base_url", "sms_quiet_hours"}
    page.quiet.setText("۲۲-۸")  # typed in Persian digits: kept in ASCII, shown in the UI's digits
    configure(qtbot, runner, page, fake)
    assert page.form.problems_shown() == {}
    assert runner.call(sms.get_settings).result().quiet_hours == "22-8"
    assert page.quiet.text() == i18n.digits("22-8")
    assert page.api_key.text() == "" and page.api_key.placeholderText().endswith(")")
    assert API_KEY[-4:] in page.api_key.placeholderText() and API_KEY not in page.api_key.placeholderText()
    saved = runner.call(sms.get_settings).result()
    assert (saved.provider, saved.api_key, saved.sender, saved.after_purchase) == ("kavenegar", API_KEY, "10004346", True)


def test_a_test_send_goes_out_through_the_sender_and_the_outbox_shows_it(qtbot, runner, fake):
    window, page = owner_window(qtbot, runner, "messages")
    configure(qtbot, runner, page, fake)
    page.test_mobile.setText("09121234567")
    with qtbot.waitSignal(window.sms.round_done, timeout=15_000):
        page.send_test()
        wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: bool(fake.sent), timeout=5_000)
    page.reload()
    wait_idle(qtbot, runner)
    assert fake.sent[0].receptor == "09121234567"
    assert column(page, 2)[0] == "09121234567" and column(page, 5)[0] == state("sent")
    window.sms.stop(wait=5)


def test_filter_retry_cancel_and_a_credit_pause(qtbot, runner, fake, gui_clock):
    window, page = owner_window(qtbot, runner, "messages")
    window.sms.stop(wait=5)  # this test sends by hand: the app's sender stays out of it
    configure(qtbot, runner, page, fake)
    fake.credit = 0
    for mobile in ("09121234567", "09351112233"):
        runner.call(lambda s, m=mobile: sms.queue_test(s, m)).result()
    runner.call(lambda s: sms.send_due(s)).result()  # 418: paused
    page.reload()
    wait_idle(qtbot, runner)
    assert page.pause.isVisibleTo(page)
    assert page.pause.text() == QCoreApplication.translate("LoyaltyError", sms.PAUSED_NO_CREDIT)
    page.table.setCurrentCell(0, 0)
    assert page.cancel_button.isEnabled() and not page.retry_button.isEnabled()
    page.cancel()
    wait_idle(qtbot, runner)
    assert column(page, 5)[0] == state("cancelled")
    page.state.setCurrentIndex(page.state.findData("queued"))
    wait_idle(qtbot, runner)
    assert page.table.rowCount() == 1
    runner.call(lambda s: services.sms.sms_store.update(s.db, 1, state="failed")).result()  # as a 411 leaves it
    page.state.setCurrentIndex(page.state.findData("failed"))
    wait_idle(qtbot, runner)
    page.table.setCurrentCell(0, 0)
    assert page.retry_button.isEnabled()
    fake.credit = 10**9
    with qtbot.waitSignal(page.send_requested):
        page.retry()
        wait_idle(qtbot, runner)
    page.state.setCurrentIndex(0)
    wait_idle(qtbot, runner)
    assert not page.pause.isVisibleTo(page)  # the retry lifted the pause
    runner.call(lambda s: sms.send_due(s)).result()
    assert sorted(t.receptor for t in fake.sent) == ["09121234567"]


def test_the_balance_is_asked_off_the_database_thread(qtbot, runner, fake):
    window, page = owner_window(qtbot, runner, "messages")
    window.sms.stop(wait=5)
    configure(qtbot, runner, page, fake)
    page.ask_balance()
    qtbot.waitUntil(lambda: page.balance.text() not in ("", page.tr("Asking…")), timeout=10_000)
    assert page.balance.text().endswith(i18n.money(10_000_000, i18n.display_unit()))  # the server's rials
    assert [c[0] for c in fake.calls] == ["info"]


def test_the_cashier_has_no_messages_page(qtbot, runner):
    from .conftest import sign_in
    from loyaltydesk.gui.main_window import MainWindow

    window = MainWindow(runner, sign_in(runner, "sara"))
    qtbot.addWidget(window)
    assert "messages" not in window.pages
    assert isinstance(window.user_label, QLabel)
    window.sms.stop(wait=5)


def test_the_cashier_sees_that_a_receipt_message_was_queued(qtbot, runner, fake):
    from .test_cashier import cashier_window, press_enter, type_text

    def set_up(s):
        sms.configure(s, provider="kavenegar", api_key=API_KEY, base_url=fake.base_url, after_purchase=True)
        card = s.db.value("SELECT card FROM members WHERE status = 'active' AND sms_consent = 1 ORDER BY id LIMIT 1")
        return card

    window, page = cashier_window(qtbot, runner)  # signed in: the encrypted demo club is open
    window.sms.stop(wait=5)
    card = runner.call_db(lambda db: set_up(services.owner_session(db, clock=runner.clock))).result()
    type_text(page.search, card)
    press_enter(qtbot, page.search)
    wait_idle(qtbot, runner)
    type_text(page.amount, "100000")
    qtbot.wait(200)
    wait_idle(qtbot, runner)
    press_enter(qtbot, page.amount)
    wait_idle(qtbot, runner)
    assert page.last_result is not None and page.last_result.sms_queued
    assert page.banner.text().endswith(page.tr("A text message to the member is queued."))


def test_an_opt_out_in_the_member_dialog_cancels_waiting_promotions(qtbot, runner, fake):
    from .test_members import members_page, open_first

    window, page = members_page(qtbot, runner)
    window.sms.stop(wait=5)
    dialog = open_first(qtbot, runner, page)
    card = dialog.member.card

    def promote(s):
        sms.configure(s, provider="kavenegar", api_key=API_KEY, base_url=fake.base_url)
        services.members.edit_member(s, card, sms_consent=True)
        return sms.announce(s, "yalda", "{name}: {offer}", offer="۲۰٪", member_ids=[dialog.member.id]).queued

    assert runner.call(promote).result() == 1
    dialog.sms.setChecked(False)  # "Agrees to receive SMS" unticked
    dialog.save_details()
    wait_idle(qtbot, runner)
    assert dialog.message.text() == dialog.tr("Saved.")
    got = runner.call(lambda s: [(i.template, i.state) for i in sms.outbox(s)]).result()
    assert got == [("announce", "cancelled")]
    assert runner.call(lambda s: services.members.get_member(s, card).sms_consent).result() is False
