"""The app's text-message sender: rounds on a thread of its own with its own connection (the GUI
thread stays free while the provider is slow), a pause said to the owner once, stopped at sign-out."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from loyaltydesk import services
from loyaltydesk.gui.sms_sender import SmsSender
from loyaltydesk.services import sms
from tests.raw import club_key
from tests.sms.kavenegar_server import API_KEY, start_fake


@pytest.fixture
def fake():
    server = start_fake()
    yield server
    server.server.stop()


@pytest.fixture
def session(app, demo_path, gui_clock, fake):
    db = services.open_club(demo_path, key=club_key(demo_path))  # the encrypted demo club, as its owner opens it
    s = services.owner_session(db, clock=gui_clock)
    sms.configure(s, provider="kavenegar", api_key=API_KEY, sender="10004346", base_url=fake.base_url)
    yield s
    db.close()


def test_rounds_run_off_the_gui_thread_and_it_stays_responsive(qtbot, session, fake):
    sms.queue_test(session, "09121234567")
    fake.hang = 0.8
    seen = []
    handler = fake.handle

    def recording(request):
        seen.append(threading.current_thread().name)
        return handler(request)

    fake.server.clear()
    fake.server.expect_request(__import__("re").compile(".*")).respond_with_handler(recording)
    sender = SmsSender(session, first=0, interval=30)
    ticks = []
    timer = QTimer(interval=50)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    with qtbot.waitSignal(sender.round_done, timeout=10_000) as got:
        sender.start()
    timer.stop()
    assert got.args[0].sent == 1 and fake.sent[0].receptor == "09121234567"
    assert len(ticks) >= 8  # the GUI thread ran its timer all through the 0.8 s the server took
    assert sender.thread.name == "sms-sender" and sender.thread is not threading.main_thread()
    sender.stop(wait=5)
    assert not sender.thread.is_alive()


def test_a_credit_pause_is_said_once(qtbot, session, fake):
    fake.credit = 0
    sms.queue_test(session, "09121234567")
    sender = SmsSender(session, first=0, interval=0.1)
    notes = []
    sender.paused.connect(notes.append)
    with qtbot.waitSignal(sender.paused, timeout=10_000):
        sender.start()
    rounds = []
    sender.round_done.connect(rounds.append)
    qtbot.waitUntil(lambda: len(rounds) >= 3, timeout=10_000)
    sender.stop(wait=5)
    assert len(notes) == 1 and "out of credit" in notes[0]
    assert fake.sent == []


def test_send_now_runs_a_round_at_once(qtbot, session, fake):
    sender = SmsSender(session, first=0, interval=60)
    with qtbot.waitSignal(sender.round_done, timeout=10_000):
        sender.start()
    sms.queue_test(session, "09121234567")
    with qtbot.waitSignal(sender.round_done, timeout=5_000) as got:
        sender.send_now()
    assert got.args[0].sent == 1
    sender.stop(wait=5)


def test_in_the_app_a_round_reads_and_writes_over_the_cashiers_connection(qtbot, runner, fake):
    """The window's sender (``through=runner.call_wait``): the provider is called from the sender's
    thread, every read and write of the round runs as a job on the database thread, over the
    cashier's own connection, so no other connection commits and the cashier's page cache (the
    warm-up's b-trees) is kept: SQLite's ``data_version`` of that connection does not move. Closing
    the runner ends the sender quietly."""
    from .conftest import sign_in

    session = sign_in(runner, "owner")
    runner.call_wait(lambda s: sms.configure(s, provider="kavenegar", api_key=API_KEY, sender="10004346",
                                             base_url=fake.base_url))
    runner.call_wait(lambda s: sms.queue_test(s, "09121234567"))
    version = runner.call_wait(lambda s: s.db.value("PRAGMA data_version"))
    steps = []

    def through(step):
        steps.append(threading.current_thread().name)
        return runner.call_wait(lambda s: (steps.append(threading.current_thread().name), step(s))[1])

    sender = SmsSender(session, first=0, interval=30, through=through)
    with qtbot.waitSignal(sender.round_done, timeout=10_000) as got:
        sender.start()
    assert got.args[0].sent == 1 and fake.sent[0].receptor == "09121234567"
    assert set(steps[0::2]) == {"sms-sender"}  # asked for by the sender's thread ...
    assert {name.split("_")[0] for name in steps[1::2]} == {"loyaltydesk-db"}  # ... run on the database thread
    assert runner.call_wait(lambda s: s.db.value("PRAGMA data_version")) == version  # nobody else committed
    assert runner.call_wait(lambda s: s.db.value("SELECT state FROM sms_outbox ORDER BY id DESC LIMIT 1")) == "sent"
    runner.close()
    sender.send_now()  # a round after the close: the runner is gone, the sender stops by itself
    sender.thread.join(5)
    assert not sender.thread.is_alive()
