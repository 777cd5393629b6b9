"""The text messages' sender in the app: a thread of its own, never the GUI thread and never the
runner's database thread, running one round of ``services.sms.send_due`` every minute while
someone is signed in.

A round calls the provider over the network (seconds at worst: connect and read timeouts), so it
must not hold the cashier's thread. Its reads and writes are short steps; in the app each step runs
on the runner's database thread over the cashier's own connection (``through``: ``Runner.call_wait``),
between the cashier's jobs, because a commit by another connection empties the cashier's page cache
(SQLite resets a WAL reader's cache when another writer moved the WAL), which at a million members
is the 2 GB the app read at start so that a purchase never waits for the disk. Without ``through``
(tests, a tool) the sender opens a connection of its own. What a round did comes back to the GUI
thread through a queued signal; a pause of sending (no credit, a refused key) is said to the owner
once, until it is lifted.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.services import sms

from . import errors
from .ops import Gone

INTERVAL_SECONDS = 60.0
FIRST_ROUND_SECONDS = 5.0  # after the sign-in: the app has started, the cashier's first search is done


class SmsSender(QObject):
    """``start()`` the thread; ``stop()`` at the sign-out (the round in hand finishes, then it ends)."""

    round_done = Signal(object)  # services.sms.Round
    paused = Signal(str)  # the pause's message template (a LoyaltyError template), once per pause
    failed = Signal(object)  # a LoyaltyError of a round (a busy database, a provider's unexpected answer)

    def __init__(self, session: services.Session, parent: QObject | None = None, *,
                 interval: float = INTERVAL_SECONDS, first: float = FIRST_ROUND_SECONDS, provider=None,
                 through: sms.Through | None = None):
        super().__init__(parent)
        self.path, self.user, self.clock = session.db.path, session.user, session.clock
        self.key = session.db.key  # the signed-in club's key: its own connection opens the encrypted club
        # each step of a round run where the cashier's connection is (None: a connection of its own);
        # the session then only says who sends and what time it is (read on this thread, never its db)
        self.through, self._session = through, (session if through is not None else None)
        self.interval, self.first, self.provider = interval, first, provider
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._said_pause = ""
        self.thread: threading.Thread | None = None
        stop, wake = self._stop, self._wake  # not self: the window and this object go away together
        (parent or self).destroyed.connect(lambda *_: (stop.set(), wake.set()))

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="sms-sender", daemon=True)
            self.thread.start()

    def send_now(self) -> None:
        """Run a round now (the Messages page's retry, a test send) instead of at the next minute."""
        self._wake.set()

    def stop(self, wait: float = 0.0) -> None:
        self._stop.set()
        self._wake.set()
        if wait and self.thread is not None:
            self.thread.join(wait)

    def _run(self) -> None:
        if self._wait(self.first):
            return
        if self._session is not None:
            self._rounds(self._session)
            return
        try:
            db = services.open_club(self.path, create=False, key=self.key)
        except LoyaltyError as e:  # the club went away (signed out, a restore): nothing to send from
            self._emit(self.failed, e)
            return
        try:
            self._rounds(services.Session(db, self.user, self.clock))
        finally:
            db.close()

    def _rounds(self, session) -> None:
        """A round, then the next after ``interval`` (or a ``send_now``), until stopped."""
        while not self._stop.is_set():
            self._round(session)
            if self._stop.is_set() or self._wait(self.interval):
                return

    def _emit(self, signal, value) -> None:
        if self._stop.is_set():
            return
        try:
            signal.emit(value)
        except RuntimeError:  # the window is gone (deleted before the stop reached this thread)
            self._stop.set()

    def _wait(self, seconds: float) -> bool:
        """Sleep until the next round (or a ``send_now``); True when stopped meanwhile."""
        self._wake.wait(seconds)
        self._wake.clear()
        return self._stop.is_set()

    def _round(self, session) -> None:
        try:
            result = sms.send_due(session, self.provider, through=self.through)
            note = sms.pause_message(self.through(sms.get_settings) if self.through else sms.get_settings(session))
        except Gone:  # signed out, the window closing: no more rounds
            self._stop.set()
            return
        except LoyaltyError as e:
            self._emit(self.failed, e)
            return
        except Exception as e:  # a bug: logged with its traceback (gui/errors.py); the next round still runs
            catcher = errors.current()
            if catcher is not None and not self._stop.is_set():
                catcher.record(type(e), e, e.__traceback__, " in thread sms-sender")
            self._emit(self.failed, e)
            return
        self._emit(self.round_done, result)
        if note and note != self._said_pause:
            self._emit(self.paused, note)
        self._said_pause = note or ""
