"""Members' visits kept for the tiers that qualify by visits (m0018), counted again where they no
longer hold: each day for the members whose first counted visit has left a rolling window (at
Nowruz, everyone's in a Jalali-year window). As ``members.window_slice`` does for the window spend."""

from __future__ import annotations

from dataclasses import dataclass

from loyaltydesk.domain.jalali import to_iso
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.tiers import visit_floors, window_start
from loyaltydesk.store import club as club_store
from loyaltydesk.store import locks
from loyaltydesk.store import members as member_store
from loyaltydesk.store import visits as visit_store

from .session import Session
from .slicing import SLICE, SLICE_SECONDS, Budget

VISIT_CHUNK = 25  # members counted per statement; the slice's budget is looked at between two


@dataclass
class VisitRun:
    start: str | None = None  # the window start, read by the first slice (the club's setting)
    floors: tuple = ()  # the least amounts of a visit the tiers count at, read by the first slice
    members: int = 0
    slices: int = 0
    done: bool = False


def visit_slice(session: Session, run: VisitRun, limit: int = SLICE, budget: float | None = SLICE_SECONDS) -> VisitRun:
    """One slice of ``run`` (one transaction): up to ``limit`` members whose kept visits went stale
    counted again. A derived figure (``check_database`` proves it): not audited."""
    with session.act(Action.FIND_MEMBER) as db:
        clock = Budget(budget)
        if run.start is None:
            run.start = to_iso(window_start(club_store.club_settings(db).window, session.now()))
            run.floors = visit_floors(club_store.tiers(db))
        locks.task(db, "visits")
        found = visit_store.stale(db, run.start, run.floors, limit + 1)
        ids = list(dict.fromkeys(found[:limit]))  # a member kept at two floors is counted once
        member_store.lock(db, *ids)  # a purchase at another till counts a visit: in turn
        counted = 0
        for i in range(0, len(ids), VISIT_CHUNK):
            chunk = ids[i:i + VISIT_CHUNK]
            visit_store.refresh(db, chunk, run.floors, run.start)
            counted += len(chunk)
            if clock.spent():
                break
        run.members += counted
        run.slices += 1
        run.done = len(found) <= limit and counted == len(ids)  # no (limit + 1)th row, none left by the budget
    return run


def refresh_visits(session: Session, limit: int = SLICE) -> VisitRun:
    """Every stale member's kept visits counted again, in slices of ``limit`` (tests, bench)."""
    run = VisitRun()
    while not run.done:
        visit_slice(session, run, limit, None)
    return run
