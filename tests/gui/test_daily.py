"""The automatic tasks never keep the cashier waiting: they go to the database thread one short
step at a time, and the backup's copy to a thread of its own."""

from __future__ import annotations

import time
from datetime import timedelta

from loyaltydesk import services
from loyaltydesk.gui.daily import DailyJobs
from loyaltydesk.gui.ops import Runner
from loyaltydesk.store import backup as backup_store
from loyaltydesk.store import warm

from tests.raw import club_key

from .conftest import sign_in, wait_idle


def due_lots(runner) -> int:
    return runner.call(lambda s: s.db.value(
        "SELECT count(*) FROM point_lots WHERE remaining > 0 AND expires_at <= ?", (s.now_iso(),))).result()


def test_a_search_queued_during_the_automatic_tasks_is_answered_before_they_finish(qtbot, runner, gui_clock):
    sign_in(runner, "sara")
    card = runner.call(lambda s: s.db.value("SELECT card FROM members ORDER BY id LIMIT 1")).result()
    gui_clock.now += timedelta(days=800)  # two years on: every lot of the demo club is due
    assert due_lots(runner) > 100
    jobs = DailyJobs(runner, limit=2, budget=None, pause=0)  # a tiny slice: many steps
    finished, answered, busy = [], [], []
    wait_idle(qtbot, runner)
    runner.busy_changed.connect(busy.append)
    jobs.finished.connect(finished.append)
    assert jobs.start(at_start=True) and not jobs.start(at_start=True)  # one run at a time
    qtbot.waitUntil(lambda: jobs.steps >= 5, timeout=10_000)
    asked_at = jobs.steps
    runner.call(lambda s: services.members.find_members(s, card),
                lambda found: answered.append((jobs.steps, bool(finished), len(found))))
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    wait_idle(qtbot, runner, timeout=30_000)  # and the backup's copy
    assert busy == [True, False]  # "Working…" once for the whole run, no flicker between steps
    total = jobs.steps
    assert answered, "the search was never answered"
    steps_then, finished_then, found = answered[0]
    assert found == 1 and not finished_then
    assert steps_then <= asked_at + 2 < total - 20  # it waited for a step or two, not for the run
    assert due_lots(runner) == 0  # ... and the tasks did all their work
    run = finished[0]
    assert run.expiry.entries > 100 and run.expiry.slices > 50
    # the run at start ended with the warm-up: the hot b-trees read into the cashier's page cache
    assert run.warm is not None and run.warm.done and run.warm.entries > 1000 and run.warm.skipped == []
    assert list((runner.db_path.parent / "backups").glob("*-auto.ldbox"))  # sealed to the demo owner
    # checked as of the same clock: the review (due: none has run yet) judged the club 800 days on
    assert runner.call(lambda s: services.check.check_database(services.owner_session(s.db, clock=s.clock))).result() == []


def test_the_window_starts_the_tasks_and_a_second_start_within_the_run_is_ignored(qtbot, runner, gui_clock):
    from loyaltydesk.gui.main_window import MainWindow

    session = sign_in(runner, "sara")
    def actions():
        return runner.call(lambda s: [r[0] for r in s.db.all("SELECT action FROM audit_log")]).result()

    before = actions()
    gui_clock.now += timedelta(days=800)
    window = MainWindow(runner, session)
    qtbot.addWidget(window)
    assert window.daily.running
    window.daily_jobs(at_start=False)  # the hourly timer, while the start's run goes on: nothing more
    wait_idle(qtbot, runner, timeout=60_000)
    assert not window.daily.running and due_lots(runner) == 0
    new = actions()[len(before):]
    assert new.count("run_expiry") == 1 and new.count("auto_backup") == 1


def test_only_the_run_at_start_warms_the_page_cache(qtbot, runner, gui_clock):
    sign_in(runner, "sara")
    finished = []
    jobs = DailyJobs(runner, pause=0)
    jobs.finished.connect(finished.append)
    for at_start in (False, True):
        wait_idle(qtbot, runner)
        assert jobs.start(at_start=at_start)
        qtbot.waitUntil(lambda: len(finished) == (2 if at_start else 1), timeout=60_000)
    hourly, at_start = finished
    assert hourly.warm is None and at_start.warm is not None and at_start.warm.done
    # sized to the club: a small club's cache stays near the floor, however much the computer has
    size, wanted = runner.call(lambda s: (warm.cache_size(s.db), warm.cache_bytes(
        *warm.club_size(s.db), warm.physical_memory()))).result()
    assert size == wanted // 1024 * 1024 and warm.FLOOR_BYTES <= size < 1.1 * warm.FLOOR_BYTES


def test_closing_stops_the_backup_copy_and_leaves_no_file(qtbot, app, demo_path, gui_clock, monkeypatch):
    monkeypatch.setattr(backup_store, "COPY_STEP_PAGES", 1)  # a slow copy: one page a step, synced
    runner = Runner(demo_path, gui_clock)
    sign_in(runner, "sara")
    jobs = DailyJobs(runner, pause=0)
    jobs.start(at_start=True)
    folder = demo_path.parent / "backups"
    def copying() -> bool:  # the copy is under way: in the backups folder, or beside the club (the keyed copy)
        return any(p.name.endswith((".partial", ".keyed")) for p in demo_path.parent.rglob("*"))

    qtbot.waitUntil(copying, timeout=10_000)
    t = time.perf_counter()
    runner.close()
    assert time.perf_counter() - t < 5
    assert not folder.exists() or list(folder.iterdir()) == []  # no half backup under any name
    assert not copying()
    db = services.open_club(demo_path, key=club_key(demo_path))
    try:
        assert services.check.check_database(services.owner_session(db)) == []
    finally:
        db.close()


def test_after_another_connection_wrote_the_hot_btrees_are_read_again(qtbot, runner, gui_clock):
    """Another program's connection (a script's command line) writing to the club empties the
    cashier's page cache: after each SMS round the window asks for the warm-up again, and it runs
    only when someone else wrote (the sender itself writes over the cashier's connection)."""
    from tests.raw import raw_connect

    sign_in(runner, "sara")
    finished = []
    jobs = DailyJobs(runner, pause=0)
    jobs.finished.connect(finished.append)
    assert not jobs.rewarm()  # no warm-up yet: the run at start does the first
    wait_idle(qtbot, runner)
    jobs.start(at_start=True)
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=60_000)
    first = finished[0].warm
    assert jobs.warm_version == first.version is not None
    wait_idle(qtbot, runner)
    assert jobs.rewarm()  # nobody else wrote: done at once, nothing read
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=30_000)
    assert finished[1].warm.entries == 0
    other = raw_connect(runner.db_path, club_key(runner.db_path))  # as another program does
    other.execute("UPDATE settings SET value = value WHERE key = (SELECT min(key) FROM settings)")
    other.commit()
    other.close()
    wait_idle(qtbot, runner)
    assert jobs.rewarm()
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=60_000)
    again = finished[2].warm
    assert again.done and again.entries == first.entries and jobs.warm_version == again.version != first.version


def test_the_window_reads_the_hot_btrees_again_after_the_senders_round(qtbot, runner, gui_clock, monkeypatch):
    from loyaltydesk.gui.main_window import MainWindow

    session = sign_in(runner, "sara")
    asked = []
    monkeypatch.setattr(DailyJobs, "rewarm", lambda self: asked.append(self) or True)
    window = MainWindow(runner, session)
    qtbot.addWidget(window)
    window.sms.round_done.emit(services.sms.Round(sent=1))
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert asked == [window.daily]
    wait_idle(qtbot, runner, timeout=60_000)
