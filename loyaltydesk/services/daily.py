"""What the club does by itself, whoever is signed in, at start and then every hour: the automatic
backup (when one is due), points past their date expired, birthday bonuses, the birthday and
win-back offers the owner's rules issue (``offers.offer_slice``), membership-anniversary
bonuses (``points.anniversary_slice``), each member's window spend summed again where a purchase
has left the window (``members.window_slice``) and their kept visits likewise
(``visits.visit_slice``), the text messages warning of points about to expire
(``sms.expiring_slice``), the day's RFM cut points a segment campaign scores purchases with
(``analytics.cuts_slice``, once a Tehran day, first after the backup), and the
tier review when one is due (monthly for a rolling window, at Nowruz for the Jalali year:
``points.review_slice``), and at the close, when the owner is signed in, a seal of the day's
records (``seals.seal_close``; its fingerprint is printed on the daily report). In the app, a run
at start then reads the cashier's hot b-trees into the connection's page cache
(``store.warm``: the member-keyed leaves a purchase reads and writes, ~2.1 GB at a million members),
so that a purchase no longer waits on the disk for them.

At a million members these take seconds (a backup copies gigabytes; a day's expiry writes tens of
thousands of entries), and the app has one database thread that the cashier's searches and
purchases also need. So a run is cut into steps, each short and each its own transaction:

    run = daily.begin(session, at_start=True)
    while not run.done:
        daily.step(session, run)            # one step on the database thread (~0.1 s at most)
        plan = run.take_copy()              # the backup's copy, once: for a thread of its own
        ...

The caller (``gui.daily.DailyJobs``, ``bench/bench_daily.py``) queues one step at a time, so
whatever the cashier queued meanwhile runs in between. The backup's copy (``backup.make_copy``)
reads through a connection of its own and holds no database thread at all; when it fails,
``backup.backup_failed`` audits that on the database thread. Nothing is lost when a run stops
anywhere: each step is committed whole or not at all, and the next run does what is still due.

A club on a PostgreSQL server has no file to copy: its backup (``pg_dump`` in a process of its own,
sealed: ``services/pg_backup.py``) is handed out by ``take_beside`` as work for a thread of its own
with a connection of its own (``backup.auto_backup_beside``): minutes at a million members, never on
the database thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

from loyaltydesk.domain.errors import LoyaltyError

from loyaltydesk.store import warm as warm_store
from loyaltydesk.store.seals import Seal

from . import analytics, backup, offers, points, seals, sms
from . import members as member_service
from . import visits as visit_service
from .session import Session
from .slicing import SLICE, SLICE_SECONDS
PAUSE = 0.05  # seconds a caller leaves the database thread to the cashier between two steps


@dataclass
class DailyRun:
    """One run of the automatic tasks, handed from step to step (by one thread at a time)."""

    at_start: bool
    expiry: points.ExpiryRun
    birthdays: points.BirthdayRun
    windows: member_service.WindowRun
    review: points.ReviewRun
    offers: offers.OfferRun
    folder: str | Path | None = None
    limit: int = SLICE
    budget: float | None = SLICE_SECONDS
    stage: str = "backup"
    backup_plan: backup.BackupPlan | None = field(default=None, repr=False)
    backup_error: LoyaltyError | None = None  # the backup could not even be planned: the rest still runs
    backup_beside: Callable[[Callable[[], bool]], backup.BackupInfo] | None = field(
        default=None, repr=False)  # a server club's backup when one is due, to be made on a thread of its own
    seal: Seal | None = None  # the close's seal (an owner signed in, something written since the last)
    anniversaries: points.AnniversaryRun | None = None  # the membership-anniversary bonuses (after birthdays)
    visits: visit_service.VisitRun = field(default_factory=visit_service.VisitRun)  # kept visits (after windows)
    _copy_taken: bool = field(default=False, repr=False)
    _beside_taken: bool = field(default=False, repr=False)
    expiring: sms.ExpiringRun | None = None  # the text messages warning of points about to expire
    cuts: analytics.CutsRun | None = None  # the day's RFM cut points for the till (first, right after the backup)
    warm: warm_store.WarmRun | None = None  # the hot b-trees read into the page cache (last; the app's start only)

    @property
    def done(self) -> bool:
        return self.stage == "done"

    def take_copy(self) -> backup.BackupPlan | None:
        """The backup still to be copied (``backup.make_copy``), once; None when there is none (yet)."""
        if self.backup_plan is None or self._copy_taken:
            return None
        self._copy_taken = True
        return self.backup_plan

    def take_beside(self) -> Callable[[Callable[[], bool]], backup.BackupInfo] | None:
        """A server club's backup when one is due (``backup.auto_backup_beside``: ``run(cancelled)``
        answers the backup made), once; None when there is none (yet)."""
        if self.backup_beside is None or self._beside_taken:
            return None
        self._beside_taken = True
        return self.backup_beside


def begin(session: Session, *, at_start: bool, folder: str | Path | None = None, limit: int = SLICE,
          budget: float | None = SLICE_SECONDS, with_backup: bool = True, warm: bool = False) -> DailyRun:
    """A run as of now: the lots due now, the birthdays of the week up to today. Reads nothing.
    ``warm``: end with the warm-up of the page cache (the app at its start: a process that stays)."""
    return DailyRun(at_start, points.ExpiryRun(session.now_iso()), points.birthday_run(session),
                    member_service.WindowRun(), points.ReviewRun(session.now_iso(), scheduled=True),
                    offers.offer_run(session, scheduled=True), folder, limit, budget, "backup" if with_backup else "cuts",
                    anniversaries=points.anniversary_run(session), warm=warm_store.WarmRun() if warm else None)


def begin_warm(session: Session, since: int | None, *, budget: float | None = SLICE_SECONDS) -> DailyRun:
    """A run of the warm-up alone, when another connection has written since the last one ended at
    ``since`` (its ``data_version``: the SMS sender's thread, a command run meanwhile), which emptied
    the cashier's page cache; a run with nothing to do (already done) otherwise."""
    run = begin(session, at_start=False, budget=budget, with_backup=False, warm=True)
    run.stage = "warm" if since is None or warm_store.data_version(session.db) != since else "done"
    return run


def step(session: Session, run: DailyRun) -> DailyRun:
    """The next step of ``run`` (one short transaction at most); returns it, moved on."""
    if run.stage == "backup":
        run.stage = "cuts"
        try:
            if backup.on_server(session):  # no file to copy: the server's dump, beside
                run.backup_beside = backup.auto_backup_beside(session, run.folder, at_start=run.at_start)
            else:
                run.backup_plan = backup.plan_auto_backup(session, run.folder, at_start=run.at_start)
        except LoyaltyError as e:  # a folder that cannot be used, a busy database: points expire anyway
            run.backup_error = e
    elif run.stage == "cuts":  # the day's RFM cut points, for a segment campaign at the till (once a day)
        if run.cuts is None:
            run.cuts = analytics.CutsRun(session.now_iso())
        analytics.cuts_slice(session, run.cuts, run.budget)
        if run.cuts.done:
            run.stage = "expiry"
    elif run.stage == "expiry":
        points.expire_slice(session, run.expiry, run.limit, run.budget)
        if run.expiry.done:
            run.stage = "birthdays"
    elif run.stage == "birthdays":
        points.birthday_slice(session, run.birthdays, run.limit, run.budget)
        if run.birthdays.done:
            run.stage = "offers"
    elif run.stage == "offers":  # the birthday and win-back offers the owner's rules issue
        offers.offer_slice(session, run.offers, run.limit, run.budget)
        if run.offers.done:
            run.stage = "anniversaries"
    elif run.stage == "anniversaries":
        if run.anniversaries is None:
            run.anniversaries = points.anniversary_run(session)
        points.anniversary_slice(session, run.anniversaries, run.limit, run.budget)
        if run.anniversaries.done:
            run.stage = "windows"
    elif run.stage == "windows":
        member_service.window_slice(session, run.windows, run.limit, run.budget)
        if run.windows.done:
            run.stage = "visits"
    elif run.stage == "visits":
        visit_service.visit_slice(session, run.visits, run.limit, run.budget)
        if run.visits.done:
            run.stage = "expiring"
    elif run.stage == "expiring":  # one text per member whose points expire within the owner's days
        if run.expiring is None:
            run.expiring = sms.ExpiringRun(session.now_iso())
        sms.expiring_slice(session, run.expiring, run.limit)
        if run.expiring.done:
            run.stage = "review"
    elif run.stage == "review":  # when one is due: the first step of a month (of the year at Nowruz)
        points.review_slice(session, run.review, run.limit * points.REVIEW_READS, run.budget)
        if run.review.done:
            run.stage = "done" if run.warm is None else "warm"
            run.seal = seals.seal_close(session)  # the owner's key seals the day's records
    elif run.stage == "warm":  # reads only: the cashier's b-trees into the page cache, sized to hold them
        if run.warm is None:  # (a run begun without it)
            run.warm = warm_store.WarmRun()
        warm_up(session, run.warm, run.budget)
        if run.warm.done:
            run.stage = "done"
    return run


def warm_up(session: Session, run: warm_store.WarmRun, budget: float | None) -> None:
    """One slice of the warm-up (the first one sizes the page cache for this club and computer)."""
    if run.entries == 0 and run.at == 0 and not run.started and session.db.engine == "sqlite":
        members, purchases = warm_store.club_size(session.db)
        size = warm_store.cache_bytes(members, purchases, warm_store.physical_memory())
        if size > warm_store.cache_size(session.db):
            warm_store.set_cache(session.db, size)
    warm_store.warm_slice(session.db, run, budget)


def run_all(session: Session, *, at_start: bool, folder: str | Path | None = None, limit: int = SLICE,
            budget: float | None = None, with_backup: bool = True):
    """The whole run on this thread, when no cashier is waiting (tests): (backup made or None,
    expiry result, birthday result). A backup that could not be made is raised at the end."""
    run = begin(session, at_start=at_start, folder=folder, limit=limit, budget=budget, with_backup=with_backup)
    made = None
    while not run.done:
        step(session, run)
        beside = run.take_beside()
        if beside is not None:
            made = beside(lambda: False) or made
        plan = run.take_copy()
        if plan is not None:
            try:
                made = backup.make_copy(plan)
            except LoyaltyError as e:
                backup.backup_failed(session, plan, e)
                raise
    if run.backup_error is not None:
        raise run.backup_error
    return made, run.expiry.result(), run.birthdays.result()
