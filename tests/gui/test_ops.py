"""The database thread: jobs run off the GUI thread, in order; errors come back as messages, never
tracebacks; closing waits for the job in hand, so a purchase being written is never lost."""

from __future__ import annotations

import logging
import threading
import time

from loyaltydesk import services
from loyaltydesk.domain.errors import NotFound
from loyaltydesk.gui import i18n
from loyaltydesk.gui.ops import Runner, UnexpectedError

from tests.raw import club_key

from .conftest import sign_in, wait_idle


def test_jobs_run_off_the_gui_thread_in_order(qtbot, runner):
    sign_in(runner, "sara")
    gui = threading.get_ident()
    seen = []
    for i in range(5):
        runner.call(lambda s, i=i: (i, threading.get_ident()), seen.append)
    wait_idle(qtbot, runner)
    assert [i for i, _ in seen] == [0, 1, 2, 3, 4]
    assert all(thread != gui for _, thread in seen)


def test_errors_come_back_as_messages(qtbot, runner, caplog):
    sign_in(runner, "sara")
    failures = []
    runner.call(lambda s: services.members.get_member(s, "09120000000"), failed=failures.append)
    runner.call(lambda s: 1 / 0, failed=failures.append)
    with caplog.at_level(logging.ERROR, logger="loyaltydesk.gui"):
        wait_idle(qtbot, runner)
    assert isinstance(failures[0], NotFound)
    assert isinstance(failures[1], UnexpectedError)
    assert "ZeroDivisionError" in caplog.text  # the details go to the log ...
    text = i18n.error_text(failures[1])
    assert "Traceback" not in text and "ZeroDivision" not in text  # ... not to the screen
    unhandled = []
    runner.error.connect(unhandled.append)
    runner.call(lambda s: services.members.get_member(s, "bad key"))
    wait_idle(qtbot, runner)
    assert len(unhandled) == 1 and i18n.error_text(unhandled[0])


def test_closing_mid_purchase_loses_nothing(qtbot, app, demo_path, gui_clock):
    runner = Runner(demo_path, gui_clock)
    sign_in(runner, "sara")
    card = runner.call(lambda s: s.db.value("SELECT card FROM members WHERE status = 'active' LIMIT 1")).result()

    def slow_purchase(s):
        time.sleep(0.3)  # the window closes while this is being written
        return services.checkout.register_purchase(s, card, 1_234_000, checkout_key="close-test")

    runner.call(slow_purchase)
    runner.close()  # returns only after the purchase is written and the database closed
    db = services.open_club(demo_path, key=club_key(demo_path))
    try:
        assert db.value("SELECT count(*) FROM purchases WHERE checkout_key = 'close-test'") == 1
        assert services.check.check_database(services.owner_session(db)) == []
    finally:
        db.close()


def test_an_answer_ready_before_its_callback_is_attached_comes_after_call_returns(qtbot, runner):
    """A job done on the database thread before ``call`` attached its report (a busy machine) was
    answered on the GUI thread at once, inside ``call``: the members table noted the block it
    waits for after ``call`` returned, and then waited for ever. Every answer now comes through
    the event loop."""
    order = []
    real = runner._pool.submit

    def done_at_once(job):
        future = real(job)
        future.result()  # finished before add_done_callback: the report runs on this thread
        return future

    runner._pool.submit = done_at_once
    try:
        runner.call_db(lambda db: 7, lambda value: order.append(("done", value)))
        order.append("returned")
        qtbot.waitUntil(lambda: len(order) == 2)
    finally:
        del runner._pool.submit
    assert order == ["returned", ("done", 7)]
    wait_idle(qtbot, runner)
