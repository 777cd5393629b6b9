"""Database work off the GUI thread (the shape of Anki's ``CollectionOp``/``QueryOp``).

One worker thread owns the database connection: it opens it, runs every job in the order given,
and closes it. A job is a plain function of the signed-in ``Session``; its result (or its error)
comes back to the GUI thread through a queued signal, where the ``done``/``failed`` callbacks run
and may touch widgets. Nothing else in the GUI holds the database.

Errors a person can act on (``LoyaltyError``) go to ``failed`` (or to the window's error handler);
anything else is logged with its traceback to the data folder and shown as one calm sentence.
Closing waits for the job in hand to finish, so a purchase being written is never cut in half.
"""

from __future__ import annotations

import logging
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError

log = logging.getLogger("loyaltydesk.gui")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class UnexpectedError(Exception):
    """A bug, not bad input: the details went to the log file."""


class Runner(QObject):
    """Runs jobs on the database thread and reports back on the GUI thread."""

    _finished = Signal(object, object, object)  # callback, value, error
    busy_changed = Signal(bool)
    error = Signal(object)  # an error no job handled: the main window shows it

    def __init__(self, db_path, clock=None, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.clock = clock
        self.session: services.Session | None = None
        self.db = None
        self.pending = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loyaltydesk-db")
        self._finished.connect(self._deliver)
        self._closed = False

    # -- on the database thread --------------------------------------------------------------
    def _open(self):
        if self.db is None:
            self.db = services.open_club(self.db_path, background_checkpoint=True)
        return self.db

    def _job(self, fn, with_session: bool):
        def run():
            db = self._open()
            if with_session:
                if self.session is None:
                    raise RuntimeError("no one is signed in")
                return fn(self.session)
            return fn(db)
        return run

    # -- on the GUI thread --------------------------------------------------------------------
    def call(self, fn: Callable[[services.Session], Any], done: Done | None = None,
             failed: Failed | None = None) -> Future:
        """Run ``fn(session)`` on the database thread; then ``done(result)`` or ``failed(error)``."""
        return self._submit(self._job(fn, True), done, failed)

    def call_db(self, fn: Callable[[Any], Any], done: Done | None = None, failed: Failed | None = None) -> Future:
        """Run ``fn(db)`` before anyone has signed in (first run, sign-in)."""
        return self._submit(self._job(fn, False), done, failed)

    def _submit(self, job, done, failed) -> Future:
        if self._closed:
            raise RuntimeError("the runner is closed")
        self.pending += 1
        if self.pending == 1:
            self.busy_changed.emit(True)
        future = self._pool.submit(job)

        def report(f: Future):
            error = f.exception()
            if error is not None and not isinstance(error, LoyaltyError):
                log.error("a background job failed:\n%s",
                          "".join(traceback.format_exception(type(error), error, error.__traceback__)))
                error = UnexpectedError(str(error))
            self._finished.emit((done, failed), None if error else f.result(), error)

        future.add_done_callback(report)
        return future

    def _deliver(self, callbacks, value, error) -> None:
        done, failed = callbacks
        self.pending -= 1
        try:
            if error is None:
                if done is not None:
                    done(value)
            elif failed is not None:
                failed(error)
            else:
                self.error.emit(error)
        except Exception as e:  # a bug in a callback: never a traceback on the screen
            log.exception("a result handler failed")
            self.error.emit(UnexpectedError(str(e)))
        finally:
            if self.pending == 0:
                self.busy_changed.emit(False)

    @property
    def idle(self) -> bool:
        return self.pending == 0

    def sign_in(self, session: services.Session) -> None:
        self.session = session

    def sign_out(self) -> None:
        self.session = None

    def close(self) -> None:
        """Finish the job in hand (and those queued), then close the database."""
        if self._closed:
            return
        self._closed = True

        def shut():
            if self.db is not None:
                self.db.close()
                self.db = None

        self._pool.submit(shut)
        self._pool.shutdown(wait=True)
