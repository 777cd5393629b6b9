"""A progress dialog with Cancel for long work run off the GUI thread (``gui/ops.Runner``).

The service runs on the database thread and calls the ``services.progress`` callback this gives
it; the callback hands (done, total) to the GUI thread through a queued signal and answers False
once Cancel was pressed, so the service stops at its next step (``Cancelled``: nothing changed).
The dialog closes itself when the work ends, whichever way.

    progress_call(runner, parent, parent.tr("Exporting…"),
                  lambda s, progress: import_export.export(s, what, path, progress=progress), done, failed)
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from loyaltydesk.services.progress import Cancelled

from .ops import Done, Failed, Runner, back_up

STEPS = 1000  # the bar's range: (done, total) is scaled onto it (a count past 2^31 fits)


class ProgressDialog(QProgressDialog):
    """A modal bar with Cancel; ``progress`` is the callback for the service (any thread)."""

    _moved = Signal(int, int)

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(label, self.tr("Cancel"), 0, STEPS, parent)
        self.setObjectName("progressDialog")
        self.setWindowTitle(self.tr("Please wait"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(400)  # quick work ends before the dialog would show
        self.setValue(0)
        self._stop = threading.Event()
        self._moved.connect(self._move, Qt.ConnectionType.QueuedConnection)
        self.canceled.connect(self._cancel)

    def progress(self, done: int, total: int) -> bool:
        """The ``services.progress`` callback: safe to call from the worker thread."""
        self._moved.emit(done, total)
        return not self._stop.is_set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _cancel(self) -> None:
        self._stop.set()
        self.setLabelText(self.tr("Stopping… nothing will be changed."))

    def _move(self, done: int, total: int) -> None:
        if self._stop.is_set():
            return
        if total <= 0:
            self.setMaximum(0)  # not known yet: a busy bar
            return
        self.setMaximum(STEPS)
        self.setValue(min(STEPS, done * STEPS // total))


def _closing(dialog: ProgressDialog, runner: Runner, done: Done | None, failed: Failed | None,
             cancelled: Callable[[], None] | None) -> tuple[Done, Failed]:
    def finished() -> None:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    def ok(result) -> None:
        finished()
        if done is not None:
            done(result)

    def bad(error: BaseException) -> None:
        finished()
        if isinstance(error, Cancelled) and cancelled is not None:
            cancelled()
        elif failed is not None:
            failed(error)
        else:
            runner.error.emit(error)

    return ok, bad


def progress_backup(runner: Runner, parent: QWidget, label: str, plan: Callable[[Any], Any],
                    done: Done | None = None, failed: Failed | None = None,
                    cancelled: Callable[[], None] | None = None) -> ProgressDialog:
    """``ops.back_up`` (the plan on the database thread, the copy on the files thread) behind a
    ``ProgressDialog``: the bar follows the copy, Cancel stops it (no file is left; the stopped
    backup is audited as failed); then ``done(info)``, ``cancelled()`` or ``failed(error)``."""
    dialog = ProgressDialog(label, parent)
    ok, bad = _closing(dialog, runner, done, failed, cancelled)
    back_up(runner, plan, ok, bad, progress=dialog.progress)
    return dialog


def progress_call(runner: Runner, parent: QWidget, label: str, fn: Callable[[Any, Callable[[int, int], bool]], Any],
                  done: Done | None = None, failed: Failed | None = None,
                  cancelled: Callable[[], None] | None = None) -> ProgressDialog:
    """Run ``fn(session, progress)`` on the database thread behind a ``ProgressDialog``; then
    ``done(result)``, ``cancelled()`` (Cancel pressed: the service stopped and changed nothing;
    default: ``failed`` hears the ``Cancelled``) or ``failed(error)``."""
    dialog = ProgressDialog(label, parent)
    ok, bad = _closing(dialog, runner, done, failed, cancelled)
    runner.call(lambda s: fn(s, dialog.progress), ok, bad)
    return dialog
