"""No error lost (defects 11 and 12): what nothing else caught, in a Qt slot, a Python
thread or at start, goes with its traceback to the errors log (made when missing) and to ONE calm
notice, however many come; the runner's unexpected job errors reach the same notice; a first
start with ``--db`` on a machine whose data folder does not exist yet reaches the first-run dialog."""

from __future__ import annotations

import logging
from loyaltydesk.store.engine import sqlite3
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from loyaltydesk.gui import errors
from loyaltydesk.store.db import DamagedClub, DiskFull, ReadOnlyClub
from loyaltydesk.gui.main_window import MainWindow
from loyaltydesk.gui.ops import UnexpectedError

from .conftest import sign_in, wait_idle


@pytest.fixture
def catcher(app, tmp_path):
    # a window an earlier test left open (and deleted later) would take the notice with it
    for window in QApplication.topLevelWidgets():
        window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    log = errors.attach_log(tmp_path / "data" / "LoyaltyDesk" / errors.LOG_NAME)
    catching = errors.ErrorCatcher(quiet_s=0).install()
    yield catching, log
    catching.uninstall()
    if catching.notice is not None:
        catching.notice.done(0)
    errors.detach_log(log)
    catching.deleteLater()


def notices() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorNotice" and w.isVisible()]


def close_notices() -> None:
    for box in notices():
        box.done(0)


def test_the_log_folder_is_made_and_the_handler_attached_once(app, tmp_path):
    path = tmp_path / "new" / "deeper" / errors.LOG_NAME
    assert errors.attach_log(path) == path
    try:
        assert path.parent.is_dir()
        assert errors.attach_log(path) == path
        handlers = [h for h in logging.getLogger("loyaltydesk").handlers
                    if isinstance(h, logging.FileHandler) and h.baseFilename == str(path)]
        assert len(handlers) == 1
        logging.getLogger("loyaltydesk.gui").error("written")
        assert "written" in path.read_text(encoding="utf-8")
    finally:
        errors.detach_log(path)


def test_an_exception_in_a_slot_is_logged_and_said_once(qtbot, catcher):
    catching, log = catcher
    close_notices()

    def broken():
        raise ZeroDivisionError("a bug in a slot")

    button = QPushButton()
    qtbot.addWidget(button)
    button.clicked.connect(broken)
    for _ in range(5):  # a storm: five times the same bug
        button.click()
    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: catching.count == 6)
    qtbot.waitUntil(lambda: len(notices()) == 1)
    said = notices()[0].text()
    qtbot.wait(50)
    assert catching.notices == 1  # one notice shown for the six
    assert "Traceback" not in said and "ZeroDivisionError" not in said
    assert said == errors.notice_text() and "خطای پیش‌بینی‌نشده" in said  # calm, in Persian
    text = log.read_text(encoding="utf-8")
    assert text.count("Traceback (most recent call last)") == 6
    assert "ZeroDivisionError: a bug in a slot" in text and "in broken" in text
    close_notices()
    qtbot.waitUntil(lambda: catching.notice is None)


def test_an_exception_in_a_thread_is_logged_and_said(qtbot, catcher):
    catching, log = catcher
    close_notices()

    def worker():
        raise ValueError("a bug in a thread")

    thread = threading.Thread(target=worker, name="printer-job")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(notices()) == 1)
    text = log.read_text(encoding="utf-8")
    assert "in thread printer-job" in text and "ValueError: a bug in a thread" in text
    close_notices()


def test_a_notice_gone_with_its_window_does_not_silence_the_next_error(qtbot, catcher):
    """The notice sits on the active window; a dialog that raised and then went away takes the
    notice with it, and the next error still gets its notice."""
    catching, _log = catcher
    close_notices()
    dialog = QDialog()
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)

    def broken():
        raise ZeroDivisionError("a bug in a dialog")

    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: len(notices()) == 1)
    assert notices()[0].parent() is dialog
    dialog.deleteLater()
    qtbot.waitUntil(lambda: catching.notice is None)
    QTimer.singleShot(0, broken)
    qtbot.waitUntil(lambda: len(notices()) == 1)
    assert catching.notices == 2
    close_notices()


def test_a_storm_after_the_notice_waits_for_the_quiet_time(qtbot, app, tmp_path):
    log = errors.attach_log(tmp_path / errors.LOG_NAME)
    catching = errors.ErrorCatcher(quiet_s=3600).install()
    try:
        close_notices()
        for n in range(3):
            try:
                raise KeyError(n)
            except KeyError as e:
                catching.excepthook(type(e), e, e.__traceback__)
            if n == 0:
                qtbot.waitUntil(lambda: len(notices()) == 1)
                close_notices()
            qtbot.wait(30)
            assert not notices()  # closed a moment ago: the next ones are only written down
        assert catching.notices == 1 and catching.count == 3  # said once, all three written down
        assert log.read_text(encoding="utf-8").count("KeyError") >= 3
    finally:
        catching.uninstall()
        errors.detach_log(log)


def test_the_runners_unexpected_errors_come_to_the_same_one_notice(qtbot, catcher, runner):
    catching, log = catcher
    close_notices()
    window = MainWindow(runner, sign_in(runner, "owner"))
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)

    def bug(_session):
        raise RuntimeError("a bug in a job")

    for _ in range(4):
        runner.call(bug)  # nobody handles its failure: the window's error handler gets it
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: len(notices()) == 1)
    qtbot.wait(50)
    assert len(notices()) == 1
    assert log.read_text(encoding="utf-8").count("RuntimeError: a bug in a job") == 4
    assert not window.findChildren(QMessageBox, "errorBox")  # not one box per error
    close_notices()
    window._error(UnexpectedError("x"))
    window.sign_out()  # a signed-out window hears no more errors
    runner.error.emit(UnexpectedError("after sign-out"))


def test_a_first_start_with_db_on_a_new_machine_reaches_the_first_run(qtbot, app, tmp_path, monkeypatch):
    """``loyaltydesk --db FILE`` where the data folder does not exist yet: the first-run dialog,
    not "internal error: No such file or directory: …/loyaltydesk-errors.log"."""
    from loyaltydesk import cli
    from loyaltydesk.gui import app as gui_app
    from loyaltydesk.gui.dialogs import FirstRunDialog

    data = tmp_path / "home" / ".local" / "share" / "LoyaltyDesk"
    monkeypatch.setenv("LOYALTYDESK_HOME", str(data))
    shown = []

    def exec_(dialog):
        shown.append(type(dialog).__name__)
        return 0  # the person closes it

    monkeypatch.setattr(FirstRunDialog, "exec", exec_)
    monkeypatch.setattr(gui_app, "fit_to_screen", lambda *a, **k: False)
    club = tmp_path / "elsewhere" / "club.sqlite3"
    try:
        assert cli.main(["--db", str(club)]) == 0
    finally:
        errors.detach_log(data / errors.LOG_NAME)
    assert shown == ["FirstRunDialog"]
    assert data.is_dir() and club.exists()
    assert not (data / errors.LOG_NAME).exists() or not (data / errors.LOG_NAME).read_text(encoding="utf-8")


@pytest.mark.parametrize("fault, named", [
    (sqlite3.OperationalError("database or disk is full"), DiskFull),
    (sqlite3.OperationalError("attempt to write a readonly database"), ReadOnlyClub),
    (sqlite3.DatabaseError("database disk image is malformed"), DamagedClub),
])
def test_a_fault_of_the_disk_in_a_job_is_named_not_an_unexpected_error(qtbot, catcher, runner, fault, named):
    """A job that meets a full disk, a read-only or damaged file tells the page what happened (the
    purchase was not registered; what to do), where a bug gets the calm generic notice."""
    sign_in(runner, "owner")
    got = []

    def job(_session):
        raise fault

    runner.call(job, failed=got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert isinstance(got[0], named)
