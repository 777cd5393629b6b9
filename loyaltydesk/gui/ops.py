"""Database work off the GUI thread (the shape of Anki's ``CollectionOp``/``QueryOp``).

One worker thread owns the database connection: it opens it, runs every job in the order given,
and closes it. A job is a plain function of the signed-in ``Session``; its result (or its error)
comes back to the GUI thread through a queued signal, where the ``done``/``failed`` callbacks run
and may touch widgets. Nothing else in the GUI holds the database.

Long file work that reads the club through a connection of its own (a backup's copy: gigabytes
at a million members) runs on a second thread (``call_aside``), so the database thread stays free
for the cashier; it is told to stop when the runner closes.

What a job changed (``services.changes.Changes``, collected by the session as the job's services
audit) is broadcast once, after the job's own callback, by the ``changes`` signal: the shape of
Anki's ``operation_did_execute``. The main window passes it to the pages that show those flags.

Errors a person can act on (``LoyaltyError``) go to ``failed`` (or to the window's error handler);
anything else is logged with its traceback to the data folder and shown as one calm sentence.
Closing waits for the job in hand to finish, so a purchase being written is never cut in half.
"""

from __future__ import annotations

import logging
import threading
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services.changes import NONE, Changes
from loyaltydesk.services.server_login import shown  # a server club's URL without its password

log = logging.getLogger("loyaltydesk.gui")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class UnexpectedError(Exception):
    """A bug, not bad input: the details went to the log file."""


class Gone(Exception):
    """``Runner.call_wait`` from another thread found no one to run it: the runner closed, or the
    person signed out meanwhile."""


class SignedOut(Exception):
    """A job asked for by a page of a window signed out of (a timer that fired late): nobody
    is there to hear its answer, so it is dropped, neither run nor reported."""


def _gone(callback) -> bool:
    """True when ``callback`` is a method of a Qt object already deleted (a signed-out window's
    page): calling it would only raise "already deleted"."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


class Runner(QObject):
    """Runs jobs on the database thread and reports back on the GUI thread."""

    _finished = Signal(object, object, object, object)  # callbacks, value, error, changes
    busy_changed = Signal(bool)
    changes = Signal(object)  # a Changes, once after each job that changed something
    error = Signal(object)  # an error no job handled: the main window shows it

    def __init__(self, db_path, clock=None, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.clock = clock
        self.session: services.Session | None = None
        self.db = None
        self.pending = 0
        self.submitted = 0  # database jobs asked for, and answered (in the same order: one thread)
        self.answered = 0
        self._counting = threading.Lock()  # the counts above: the sender's thread submits too (``call_wait``)
        self._busy = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loyaltydesk-db")
        self._aside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loyaltydesk-files")
        self._cancel = threading.Event()
        # always through the event loop: a job done before its future's callback is attached reports
        # on this thread at once, and a direct call would run ``done`` inside ``call`` itself, before
        # the caller has noted what it waits for (the members table then waited for ever)
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._closed = False

    # -- on the database thread --------------------------------------------------------------
    def _open(self):
        if self.db is None:
            # the first run makes the club (the wizard follows); a quick integrity check first
            self.db = services.open_club(self.db_path, background_checkpoint=True, check=True)
        return self.db

    def _job(self, fn, with_session: bool, made: list):
        def run():
            db = self._open()
            if with_session:
                session = self.session
                if session is None:
                    raise SignedOut()
                session.take_changes()  # (what a session's services did outside a job is not this job's)
                try:
                    return fn(session)
                finally:  # a job that failed half-way (an import's committed batches) still changed things
                    made.append(session.take_changes())
            return fn(db)
        return run

    # -- on the GUI thread --------------------------------------------------------------------
    def point_at(self, db_path) -> None:
        """Use the club at ``db_path`` from the next job on (the first run or the sign-in pointing
        this till at a server club, its password typed): the open club is closed on the database
        thread, after the jobs before this call."""
        def switch():
            if self.db is not None:
                self.db.close()
                self.db = None
            self.db_path = db_path
        self._pool.submit(switch).result()

    def call(self, fn: Callable[[services.Session], Any], done: Done | None = None,
             failed: Failed | None = None) -> Future:
        """Run ``fn(session)`` on the database thread; then ``done(result)`` or ``failed(error)``."""
        made: list[Changes] = []
        return self._submit(self._pool, self._job(fn, True, made), done, failed, made)

    def call_wait(self, fn: Callable[[services.Session], Any]) -> Any:
        """Run ``fn(session)`` on the database thread and wait for its result, from a thread of
        another kind (the text messages' sender): its reads and writes go over the cashier's one
        connection, between the cashier's jobs. Its error is raised here, to that thread (nothing is
        shown); ``Gone`` when the runner has closed or no one is signed in. Never from the GUI thread
        (a job's result comes back through it)."""
        try:
            future = self.call(fn, None, lambda _error: None)
        except RuntimeError:
            if self._closed:
                raise Gone() from None
            raise
        try:
            return future.result()
        except SignedOut:
            raise Gone() from None

    def call_db(self, fn: Callable[[Any], Any], done: Done | None = None, failed: Failed | None = None) -> Future:
        """Run ``fn(db)`` before anyone has signed in (first run, sign-in)."""
        return self._submit(self._pool, self._job(fn, False, []), done, failed)

    def call_aside(self, fn: Callable[[Callable[[], bool]], Any], done: Done | None = None,
                   failed: Failed | None = None) -> Future:
        """Run ``fn(cancelled)`` on the files thread, never the database thread: work that opens
        its own connection or only files (``services.backup.make_copy``). ``cancelled()`` turns
        true when the runner closes; ``fn`` should then stop soon."""
        return self._submit(self._aside, lambda: fn(self._cancel.is_set), done, failed)

    def _submit(self, pool: ThreadPoolExecutor, job, done, failed, made: list | None = None) -> Future:
        if self._closed:
            raise RuntimeError("the runner is closed")
        on_db = pool is self._pool
        with self._counting:
            self.pending += 1
            self.submitted += on_db
        self._say_busy()
        future = pool.submit(job)

        def report(f: Future):
            error = f.exception()
            if isinstance(error, SignedOut):
                self._finished.emit((None, None, on_db), None, None, NONE)
                return
            if error is not None and not isinstance(error, LoyaltyError):
                log.error("a background job failed:\n%s",
                          "".join(traceback.format_exception(type(error), error, error.__traceback__)))
                # a fault of the disk or the file (full, read-only, damaged, busy) is named; a bug is not
                error = services.fault_of(error, shown(str(self.db_path))) or UnexpectedError(str(error))
            self._finished.emit((done, failed, on_db), None if error else f.result(), error, made[0] if made else NONE)

        future.add_done_callback(report)
        return future

    def _deliver(self, callbacks, value, error, changes) -> None:
        done, failed, on_db = callbacks
        with self._counting:
            self.pending -= 1
            self.answered += on_db
        if _gone(done if error is None else failed):
            self._say_busy()
            self.broadcast(changes)
            return
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
            self._say_busy()
            self.broadcast(changes)

    def broadcast(self, changes: Changes) -> None:
        """Tell the pages what changed (once per job; the text messages' sender, which has a
        session of its own, reports its rounds here too). Nothing is said of nothing."""
        if changes and not self._closed:
            self.changes.emit(changes)

    def answered_all_of(self, submitted: int) -> bool:
        """Whether the first ``submitted`` database jobs have all been answered (their callbacks run)."""
        return self.answered >= submitted

    @property
    def idle(self) -> bool:
        return self.pending == 0

    def hold(self) -> None:
        """Count a chain of jobs (the automatic tasks, queued one step at a time) as one job in
        flight from now until ``release``: ``idle`` and ``busy_changed`` do not flicker between steps."""
        with self._counting:
            self.pending += 1
        self._say_busy()

    def release(self) -> None:
        with self._counting:
            self.pending -= 1
        self._say_busy()

    def _say_busy(self) -> None:
        """``busy_changed`` on a change only (a chain's last step releases inside its own delivery)."""
        if (self.pending > 0) != self._busy:
            self._busy = self.pending > 0
            self.busy_changed.emit(self._busy)

    @property
    def closed(self) -> bool:
        return self._closed

    def sign_in(self, session: services.Session) -> None:
        self.session = session

    def sign_out(self) -> None:
        self.session = None

    def close(self) -> None:
        """Stop the files thread's work (a backup's copy stops between two steps and leaves no
        file), finish the database job in hand (and those queued), then close the database."""
        if self._closed:
            return
        self._closed = True
        self._cancel.set()
        self._aside.shutdown(wait=True)

        def shut():
            if self.db is not None:
                self.db.close()
                self.db = None

        self._pool.submit(shut)
        self._pool.shutdown(wait=True)


def back_up(runner: Runner, plan: Callable[[services.Session], Any], done: Done | None = None,
            failed: Failed | None = None, progress: Callable[[int, int], bool] | None = None) -> None:
    """A backup in two halves: ``plan(session)`` on the database thread (is one due, the file's
    name, the audit row: milliseconds; None = nothing to do), then ``backup.make_copy`` on the
    files thread (seconds to minutes at a million members), so the cashier is never kept waiting
    by it. A failed copy is audited on the database thread before ``failed`` hears of it.
    ``done(info)`` gets the backup made, or None when none was due. ``progress``: a
    ``services.progress`` callback (``gui.progress.ProgressDialog.progress``) that hears how far the
    copy is and may stop it (``Cancelled``: no file is left)."""
    def planned(p):
        if p is None:
            if done is not None:
                done(None)
            return
        copy_aside(runner, p, done, failed, progress)

    runner.call(plan, planned, failed)


def copy_aside(runner: Runner, plan, done: Done | None = None, failed: Failed | None = None,
               progress: Callable[[int, int], bool] | None = None) -> None:
    """The second half of ``back_up``: copy the planned backup on the files thread."""
    from loyaltydesk.services import backup

    def tell(error):
        if failed is not None:
            failed(error)
        else:
            runner.error.emit(error)

    def copy_failed(error):
        if runner.closed:  # the app is closing: the copy was stopped on purpose, the next start backs up
            return
        runner.call(lambda s: backup.backup_failed(s, plan, error), lambda _: tell(error), tell)

    runner.call_aside(lambda cancelled: backup.make_copy(plan, cancelled, progress), done, copy_failed)
