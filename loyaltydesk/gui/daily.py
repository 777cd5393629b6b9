"""The automatic tasks (``services.daily``) driven through the runner one short step at a time.

Each step is queued only when the one before it has finished, and a short pause after it
(``daily.PAUSE``), so a search or a purchase the cashier asks for meanwhile runs between two
steps: it waits for one step at most (~0.1 s), and often not at all, never for the whole run. The
backup's copy goes to the runner's files thread (``ops.copy_aside``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from loyaltydesk.services import daily

from . import ops


class DailyJobs(QObject):
    """One run of the automatic tasks at a time; ``start`` while one runs does nothing."""

    finished = Signal(object)  # the DailyRun, when its last step is done
    backup_made = Signal(object)  # BackupInfo, when the copy is written
    failed = Signal(object)  # an error that stopped the run, or the backup

    def __init__(self, runner: ops.Runner, parent: QObject | None = None, *, limit: int = daily.SLICE,
                 budget: float | None = daily.SLICE_SECONDS, pause: float = daily.PAUSE):
        super().__init__(parent)
        self.runner = runner
        self.limit, self.budget, self.pause_ms = limit, budget, round(pause * 1000)
        self.steps = 0
        self.warm_version: int | None = None  # the page cache's warm-up ended at this data_version
        self._running = False
        self._stopped = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self, at_start: bool) -> bool:
        """Begin a run (the first step is queued now); False when one is still running."""
        if self._running or self._stopped:
            return False
        self._running = True
        self.runner.hold()
        limit, budget = self.limit, self.budget
        self._queue(lambda s: daily.step(s, daily.begin(s, at_start=at_start, limit=limit, budget=budget,
                                                                 warm=at_start)))
        return True

    def rewarm(self) -> bool:
        """Read the hot b-trees again if another connection wrote since the last warm-up (the SMS
        sender's round: SQLite then emptied the cashier's page cache); False when a run is going on
        or there was no warm-up yet (the run at start does it), or the runner is closed (the window
        going: the sender's last round may end after it)."""
        if self._running or self._stopped or self.warm_version is None or self.runner.closed:
            return False
        self._running = True
        self.runner.hold()
        since, budget = self.warm_version, self.budget
        self._queue(lambda s: daily.step(s, daily.begin_warm(s, since, budget=budget)))
        return True

    def stop(self) -> None:
        """No more steps (signing out): the step in hand finishes; the run is left for the next start.
        The runner is let go of now: the step's answer may never come back (the window signed out
        of is deleted, and the runner drops answers for deleted objects)."""
        self._stopped = True
        self._end()

    def _queue(self, job) -> None:
        self.runner.call(job, self._stepped, self._failed)

    def _stepped(self, run: daily.DailyRun) -> None:
        self.steps += 1
        if run.backup_error is not None and self.steps == 1:  # said once; the points tasks go on
            self.failed.emit(run.backup_error)
        beside = run.take_beside()  # a server club's backup: pg_dump on the files thread
        if beside is not None:
            self.runner.call_aside(beside, self.backup_made.emit, self.failed.emit)
        plan = run.take_copy()
        if plan is not None:
            ops.copy_aside(self.runner, plan, self.backup_made.emit, self.failed.emit)
        if run.done and run.warm is not None and run.warm.version is not None:
            self.warm_version = run.warm.version
        if run.done or self._stopped:
            self._end()
            if run.done:
                self.finished.emit(run)
            return
        QTimer.singleShot(self.pause_ms, self, lambda: self._next(run))

    def _next(self, run: daily.DailyRun) -> None:
        if self._stopped or self.runner.closed:
            self._end()
            return
        self._queue(lambda s: daily.step(s, run))

    def _end(self) -> None:
        if not self._running:  # (stopped already)
            return
        self._running = False
        self.runner.release()

    def _failed(self, error) -> None:
        self._end()
        self.failed.emit(error)
