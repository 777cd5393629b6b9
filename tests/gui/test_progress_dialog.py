"""The progress dialog (gui/progress.py): long work runs on the database thread behind a bar,
and its Cancel button stops the service at its next step with nothing changed (issue 21 part 3)."""

from __future__ import annotations

import threading

import shiboken6

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from loyaltydesk.gui.progress import STEPS, ProgressDialog, progress_call
from loyaltydesk.services import audit_log, import_export
from loyaltydesk.services.progress import Cancelled

from .conftest import sign_in, wait_idle


def gone(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def audit_count(runner) -> int:
    return runner.call(lambda s: len(audit_log.recent(s, 100_000))).result()


def gated(progress, reached: threading.Event, go: threading.Event):
    """``progress`` that waits, at its second call, until the test says go (so Cancel is pressed
    while the work is under way)."""
    calls = []

    def ask(done, total):
        calls.append(done)
        if len(calls) == 2:
            reached.set()
            go.wait(10)
        return progress(done, total)

    return ask


def run_export(qtbot, runner, tmp_path, press_cancel: bool):
    parent = QWidget()
    qtbot.addWidget(parent)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "members.xlsx"
    reached, go = threading.Event(), threading.Event()
    outcome = {}
    dialog = progress_call(
        runner, parent, "Exporting…",
        lambda s, p: import_export.export(s, "members", path, progress=gated(p, reached, go)),
        lambda result: outcome.setdefault("done", result), lambda error: outcome.setdefault("failed", error),
        lambda: outcome.setdefault("cancelled", True))
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    dialog.show()
    if press_cancel:
        button = dialog.findChild(QPushButton)
        assert button is not None and button.text() in ("Cancel", "انصراف")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        stopping = QCoreApplication.translate("ProgressDialog", "Stopping… nothing will be changed.")
        assert dialog.stopping and dialog.labelText() == stopping
    go.set()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    return outcome, path, dialog


def test_cancel_stops_the_export_and_leaves_no_file(qtbot, runner, tmp_path):
    sign_in(runner, "owner")
    before = audit_count(runner)
    outcome, path, dialog = run_export(qtbot, runner, tmp_path, press_cancel=True)
    assert outcome == {"cancelled": True}
    assert not path.exists() and list(path.parent.iterdir()) == []  # no half file
    assert audit_count(runner) == before  # no export row: nothing left the club
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)


def test_the_work_ends_and_the_dialog_goes(qtbot, runner, tmp_path):
    sign_in(runner, "owner")
    outcome, path, dialog = run_export(qtbot, runner, tmp_path, press_cancel=False)
    assert set(outcome) == {"done"} and outcome["done"].rows > 0 and path.exists()
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)


def test_the_bar_moves_with_the_work_and_is_busy_when_the_total_is_unknown(qtbot):
    dialog = ProgressDialog("Checking…")
    qtbot.addWidget(dialog)
    assert dialog.progress(0, 0) is True
    qtbot.waitUntil(lambda: dialog.maximum() == 0, timeout=2_000)  # a busy bar
    assert dialog.progress(25, 100) is True
    qtbot.waitUntil(lambda: dialog.maximum() == STEPS and dialog.value() == STEPS // 4, timeout=2_000)
    dialog.show()
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert dialog.progress(50, 100) is False  # the service stops at its next step


def test_without_a_cancelled_handler_failed_hears_cancelled(qtbot, runner):
    sign_in(runner, "owner")
    parent = QWidget()
    qtbot.addWidget(parent)
    heard = []

    def job(s, progress):
        progress(0, 1)
        raise Cancelled()

    progress_call(runner, parent, "…", job, heard.append, heard.append)
    qtbot.waitUntil(lambda: bool(heard), timeout=10_000)
    assert isinstance(heard[0], Cancelled)
