"""Points outside checkout: adjustments, expiry, birthday and referral bonuses, the tier review."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta

import jdatetime

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Problem, require_valid
from loyaltydesk.domain.jalali import add_months, from_iso, is_leap, jalali_of, to_iso
from loyaltydesk.domain.ledger import Kind, expired
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.settings import ClubSettings
from loyaltydesk.domain.text import normalize_text, too_long
from loyaltydesk.domain.bonuses import anniversary_cells, anniversary_key
from loyaltydesk.domain.tiers import review_due, review_move, review_window, visit_floors
from loyaltydesk.store import audit as audit_store
from loyaltydesk.store import club as club_store
from loyaltydesk.store import ledger as ledger_store
from loyaltydesk.store import locks
from loyaltydesk.store import members as member_store
from loyaltydesk.store import visits as visit_store
from loyaltydesk.store.members import Member

from .members import resolve
from . import sms
from .session import Session
from .slicing import SLICE, SLICE_SECONDS, Budget

ADJUST_ZERO = QT_TRANSLATE_NOOP("LoyaltyError", "An adjustment must add or remove at least one point.")
ADJUST_REASON = QT_TRANSLATE_NOOP("LoyaltyError", "An adjustment needs a reason.")
ADJUST_TOO_LARGE = QT_TRANSLATE_NOOP("LoyaltyError", "An adjustment is at most {maximum} points.")
MAX_ADJUST = 10**9
BIRTHDAY_LOOKBACK_DAYS = 7  # a birthday missed while the shop was closed is still honoured


@dataclass(frozen=True)
class BatchResult:
    """What a batch (expiry, bonuses, review) did."""

    entries: int = 0
    points: int = 0
    members: int = 0
    moves: tuple = field(default_factory=tuple)  # (card, from tier, to tier) for the review

    def as_dict(self) -> dict:
        return asdict(self)


def _expiry(settings: ClubSettings, moment) -> str | None:
    return to_iso(add_months(moment, settings.expiry_months)) if settings.expiry_months else None


def expire_member(db, member_id: int, now_iso: str, actor: str) -> int:
    """Expire one member's due lots (inside the caller's transaction). Returns the points expired."""
    total = 0
    for lot in expired(ledger_store.open_lots(db, member_id), now_iso):
        ledger_store.append(db, member_id, Kind.EXPIRE, -lot.remaining, now_iso, actor, lot_id=lot.entry_id,
                            reason="expired")
        total += lot.remaining
    return total


# --- the automatic tasks, in slices ----------------------------------------------------------------
# Expiry and the birthday bonuses may have tens of thousands of entries to write (a big club, a shop
# closed for Nowruz). Each runs as a series of slices: a slice is one transaction of at most
# ``limit`` lots or members and about ``budget`` seconds, so that the app's database thread can
# answer the cashier between two slices. The run's state (``ExpiryRun``, ``BirthdayRun``) is
# small and carried from one slice to the next; the database alone says what is still due, so a
# run cut off anywhere (a crash, the app closed) is finished by the next one, and a slicing gives
# the same ledger as any other.

@dataclass
class ExpiryRun:
    """One expiry run: lots due by ``as_of`` are written off, slice by slice (``expire_slice``)."""

    as_of: str  # UTC ISO: the lots due at the start of the run (later ones wait for the next run)
    entries: int = 0
    points: int = 0
    member_ids: set = field(default_factory=set, repr=False)
    slices: int = 0
    done: bool = False

    def result(self) -> BatchResult:
        return BatchResult(self.entries, self.points, len(self.member_ids))


def expire_slice(session: Session, run: ExpiryRun, limit: int = SLICE, budget: float | None = SLICE_SECONDS) -> ExpiryRun:
    """One slice of ``run`` (one transaction): ``expire`` entries for what is left of the oldest
    due lots. The slice that finds the run finished audits the whole run (when it wrote anything)."""
    with session.act(Action.RUN_EXPIRY) as db:
        at, actor = session.now_iso(), session.user.username
        clock = Budget(budget)
        locks.task(db, "expiry")  # another till's expiry waits, then finds these written off
        lots = ledger_store.expired_lots(db, run.as_of, limit + 1)
        held = {lot.member_id for lot in lots[:limit]}
        if member_store.lock(db, *held):  # their purchases at other tills wait; the lots read again
            lots = ledger_store.expired_lots(db, run.as_of, limit + 1)
        written = 0
        for lot in lots[:limit]:
            if lot.member_id not in held:  # a lot of someone not held (due meanwhile): the next slice's
                break
            ledger_store.append(db, lot.member_id, Kind.EXPIRE, -lot.remaining, at, actor,
                                lot_id=lot.entry_id, reason="expired")
            run.entries, run.points = run.entries + 1, run.points + lot.remaining
            run.member_ids.add(lot.member_id)
            written += 1
            if clock.spent():
                break
        run.slices += 1
        run.done = written == len(lots)  # every due lot was written off (no (limit + 1)th one)
        if run.done and run.entries:
            session.audit("run_expiry", "ledger", None, None, run.result().as_dict())
    return run


def run_expiry(session: Session, limit: int = SLICE, budget: float | None = None) -> BatchResult:
    """Write ``expire`` entries for what is left of every lot whose time has come, in slices of
    ``limit`` lots (each its own transaction). Idempotent: a second run finds nothing left to
    expire; a run cut off half-way is finished by the next."""
    session.require(Action.RUN_EXPIRY)
    run = ExpiryRun(session.now_iso())
    while not run.done:
        expire_slice(session, run, limit, budget)
    return run.result()


def referral_bonus(db, settings: ClubSettings, member_row: Member, at_iso: str, actor: str, purchase_id: int) -> int:
    """At a referred member's first purchase, their referrer earns the club's referral bonus, once."""
    referrer_id = member_row.referrer_id
    if not referrer_id or settings.referral_bonus <= 0:
        return 0
    referrer = member_store.get(db, referrer_id)
    key = f"referral:{member_row.id}"
    if referrer is None or referrer.status != "active" or ledger_store.has_bonus(db, referrer_id, key):
        return 0
    ledger_store.append(db, referrer_id, Kind.BONUS, settings.referral_bonus, at_iso, actor,
                        expires_at=_expiry(settings, from_iso(at_iso)), bonus_key=key, purchase_id=purchase_id,
                        reason=f"referral of {member_row.card}")
    return settings.referral_bonus


def referred_bonus(db, settings: ClubSettings, member_row: Member, at_iso: str, actor: str, purchase_id: int) -> int:
    """At a referred member's first purchase, the member earns the club's ``referred_bonus`` for
    themselves, once (beside their referrer's ``referral_bonus``); a full refund of that purchase
    takes both back."""
    if not member_row.referrer_id or settings.referred_bonus <= 0:
        return 0
    if ledger_store.has_bonus(db, member_row.id, ledger_store.REFERRED_KEY):
        return 0
    ledger_store.append(db, member_row.id, Kind.BONUS, settings.referred_bonus, at_iso, actor,
                        expires_at=_expiry(settings, from_iso(at_iso)), bonus_key=ledger_store.REFERRED_KEY,
                        purchase_id=purchase_id, reason=f"referred by {member_row.referrer_card or ''}".strip())
    return settings.referred_bonus


def adjust_points(session: Session, member_key: str, points: int, reason: str) -> int:
    """Add or remove points by hand, with a reason (owner). Returns the new balance."""
    with session.act(Action.ADJUST_POINTS) as db:
        reason = normalize_text(reason)
        problems = []
        if points == 0:
            problems.append(Problem("points", ADJUST_ZERO))
        if abs(points) > MAX_ADJUST:
            problems.append(Problem("points", ADJUST_TOO_LARGE, {"maximum": MAX_ADJUST}))
        if not reason:
            problems.append(Problem("reason", ADJUST_REASON))
        problems += filter(None, [too_long("reason", reason)])
        require_valid(problems)
        row = resolve(db, member_key)
        if member_store.lock(db, row.id):  # a purchase at another till for this member: in turn
            row = resolve(db, member_key)
        settings = club_store.club_settings(db)
        now_iso = session.now_iso()
        entry = ledger_store.append(db, row.id, Kind.ADJUST, points, now_iso, session.user.username,
                                    expires_at=_expiry(settings, session.now()) if points > 0 else None,
                                    reason=reason)
        balance = ledger_store.balance(db, row.id)
        session.audit("adjust_points", "member", row.id, {"points": row.points},
                      {"points": balance, "entry": entry, "change": points, "reason": reason})
        return balance


def birthday_days(today: jdatetime.date) -> list[tuple[int, str]]:
    """(Jalali year, MM/DD) of the birthdays to honour today: the last week, across Nowruz too,
    and Esfand 30 on Esfand 29 of a year that has no Esfand 30."""
    days = []
    for back in range(BIRTHDAY_LOOKBACK_DAYS):
        d = today - timedelta(days=back)
        days.append((d.year, f"{d.month:02d}/{d.day:02d}"))
        if (d.month, d.day) == (12, 29) and not is_leap(d.year):
            days.append((d.year, "12/30"))
    return days


@dataclass
class BirthdayRun:
    """One run of the birthday bonuses (``birthday_slice``): the days to honour, fixed at the
    start, and where the next slice starts (a day of ``days``, a member id on it)."""

    days: tuple  # ((Jalali year, "MM/DD"), ...) from ``birthday_days``
    day: int = 0
    after_id: int = 0
    entries: int = 0
    points: int = 0
    slices: int = 0

    @property
    def done(self) -> bool:
        return self.day >= len(self.days)

    def result(self) -> BatchResult:
        return BatchResult(self.entries, self.points, self.entries)


def birthday_run(session: Session) -> BirthdayRun:
    """A birthday run starting now (its days are those of today's date, even past midnight)."""
    return BirthdayRun(tuple(birthday_days(jalali_of(session.now()).date())))


def birthday_slice(session: Session, run: BirthdayRun, limit: int = SLICE,
                   budget: float | None = SLICE_SECONDS) -> BirthdayRun:
    """One slice of ``run`` (one transaction): the next members due a birthday bonus get it. The
    slice that finishes the run audits it (when it granted anything)."""
    with session.act(Action.GRANT_BONUSES) as db:
        now = session.now()
        at, actor = to_iso(now), session.user.username
        settings = club_store.club_settings(db)
        bonus_of = {t.id: t.birthday_bonus for t in club_store.tiers(db) if t.id is not None}
        paying = [tier for tier, bonus in bonus_of.items() if bonus > 0]
        clock = Budget(budget)
        left, moved, server = limit, False, locks.on_server(db)
        # each turn moves the run on; on a server a turn after one that wrote waits for the next
        # slice: its members are locked before the chains, never while this slice holds them
        while not run.done and left > 0 and not (moved and clock.spent()) and not (left < limit and server):
            moved = True
            year, month_day = run.days[run.day]
            key = f"birthday:{year}"
            asked = left
            locks.task(db, "birthday")  # another till's run waits, then finds these given
            rows = ledger_store.birthday_bonus_due(db, month_day, key, paying, run.after_id, asked)
            member_store.lock(db, *(due.member_id for due in rows))  # their balance and lots, in turn
            for due in rows:
                bonus = bonus_of[due.tier_id]
                ledger_store.append(db, due.member_id, Kind.BONUS, bonus, at, actor,
                                    expires_at=_expiry(settings, now), bonus_key=key, reason="birthday")
                sms.birthday(db, now, due.member_id, bonus, year)  # the wish, queued with its bonus
                run.entries, run.points, run.after_id = run.entries + 1, run.points + bonus, due.member_id
                left -= 1
                if clock.spent():
                    break
            if asked - left == len(rows) < asked:  # all of them given, and no more on this day
                run.day, run.after_id = run.day + 1, 0
        run.slices += 1
        if run.done and run.entries:
            session.audit("grant_birthday_bonuses", "ledger", None, None, run.result().as_dict())
    return run


def grant_birthday_bonuses(session: Session, limit: int = SLICE, budget: float | None = None) -> BatchResult:
    """Give each active member whose birthday fell in the last week their tier's birthday bonus,
    once per Jalali year (the year of that birthday), in slices of ``limit`` members (each its own
    transaction). Idempotent; a run cut off half-way is finished by the next."""
    session.require(Action.GRANT_BONUSES)
    run = birthday_run(session)
    while not run.done:
        birthday_slice(session, run, limit, budget)
    return run.result()


@dataclass
class AnniversaryRun:
    """One run of the membership-anniversary bonuses (``anniversary_slice``): today's date, fixed
    at the start; the join days to honour (``domain.bonuses.anniversary_cells``), read by the first
    slice; and where the next slice starts (a cell, a member id in it)."""

    today: jdatetime.date
    cells: tuple | None = None
    cell: int = 0
    after_id: int = 0
    entries: int = 0
    points: int = 0
    slices: int = 0

    @property
    def done(self) -> bool:
        return self.cells is not None and self.cell >= len(self.cells)

    def result(self) -> BatchResult:
        return BatchResult(self.entries, self.points, self.entries)


def anniversary_run(session: Session) -> AnniversaryRun:
    return AnniversaryRun(jalali_of(session.now()).date())


def anniversary_slice(session: Session, run: AnniversaryRun, limit: int = SLICE,
                      budget: float | None = SLICE_SECONDS) -> AnniversaryRun:
    """One slice of ``run`` (one transaction): the next members due the club's anniversary bonus
    get it, ``anniversary:YEAR`` once per member and Jalali year. A slice that grants anything
    audits the entries it wrote (``grant_anniversary_bonuses``, their first and last id), which is
    what ``check`` accounts them by. With the bonus off the run is done at once."""
    with session.act(Action.GRANT_BONUSES) as db:
        now = session.now()
        at, actor = to_iso(now), session.user.username
        settings = club_store.club_settings(db)
        bonus = settings.anniversary_bonus
        if run.cells is None:
            first = member_store.first_joined(db)
            run.cells = () if bonus <= 0 or first is None else tuple(
                anniversary_cells(run.today, jalali_of(from_iso(first)).year))
        clock = Budget(budget)
        left, moved, server = limit, False, locks.on_server(db)
        first_entry = last_entry = None
        while not run.done and left > 0 and not (moved and clock.spent()) and not (first_entry and server):
            moved = True
            year, start, end = run.cells[run.cell]
            key = anniversary_key(year)
            asked = left
            locks.task(db, "anniversary")
            rows = ledger_store.joined_between_due(db, start, end, key, run.after_id, asked)
            member_store.lock(db, *rows)
            for member_id in rows:
                last_entry = ledger_store.append(db, member_id, Kind.BONUS, bonus, at, actor,
                                                 expires_at=_expiry(settings, now), bonus_key=key,
                                                 reason="membership anniversary")
                first_entry = first_entry or last_entry
                run.entries, run.points, run.after_id = run.entries + 1, run.points + bonus, member_id
                left -= 1
                if clock.spent():
                    break
            if asked - left == len(rows) < asked:  # all of them given, and no more joined that day
                run.cell, run.after_id = run.cell + 1, 0
        run.slices += 1
        if first_entry is not None:
            session.audit("grant_anniversary_bonuses", "ledger", None, None,
                          {"first_entry": first_entry, "last_entry": last_entry, "points": bonus})
    return run


def grant_anniversary_bonuses(session: Session, limit: int = SLICE, budget: float | None = None) -> BatchResult:
    """Give each active member whose membership anniversary fell in the last week the club's
    anniversary bonus, once per Jalali year, in slices of ``limit`` members. Idempotent."""
    session.require(Action.GRANT_BONUSES)
    run = anniversary_run(session)
    while not run.done:
        anniversary_slice(session, run, limit, budget)
    return run.result()


REVIEW_READS = 8  # a review slice reads this many members per lot or bonus of a slice: it mostly reads


@dataclass
class ReviewRun:
    """One tier review: the active members in id order, slice by slice (``review_slice``), all
    judged as of ``at`` (the run's start). Re-running a review moves nobody twice (a move restarts
    the 12 months), so a run cut off anywhere is simply run again from the first member."""

    at: str
    scheduled: bool = False  # the club's own monthly (Nowruz) review: skipped when one is not due
    window: str | None = None  # read by the first slice
    start: str | None = None
    end: str | None = None
    after_id: int = 0
    moves: list = field(default_factory=list)
    members: int = 0
    slices: int = 0
    done: bool = False

    def result(self) -> BatchResult:
        return BatchResult(entries=len(self.moves), members=len(self.moves), moves=tuple(self.moves))


def review_slice(session: Session, run: ReviewRun, limit: int = SLICE * REVIEW_READS,
                 budget: float | None = SLICE_SECONDS) -> ReviewRun:
    """One slice of ``run`` (one transaction): up to ``limit`` members judged, fewer when ``budget``
    seconds have gone. The slice that finishes the run audits it (``review_tiers``, also the record
    of when the last review was: ``review_due``)."""
    with session.act(Action.AUTO_REVIEW if run.scheduled else Action.REVIEW_TIERS) as db:
        now = from_iso(run.at)
        if run.window is None:
            run.window = club_store.club_settings(db).window
            if run.scheduled:  # the club's own review: only when none has finished this month (year)
                last = audit_store.last_at(db, "tiers", "review_tiers")
                if not review_due(run.window, from_iso(last) if last else None, now):
                    run.done = True
                    return run
            start, end = review_window(run.window, now)
            run.start, run.end = to_iso(start), to_iso(end)
        tiers = club_store.tiers(db)
        names = {t.id: t.name for t in tiers}
        actor, clock = session.user.username, Budget(budget)
        assert run.start is not None and run.end is not None  # the first slice set them
        floors = visit_floors(tiers)
        locks.task(db, "review")
        rows = list(visit_store.standing_by_member(db, run.start, run.end, floors, run.after_id, limit))
        held = {m.id for m in rows}
        if member_store.lock(db, *held):  # purchases at other tills (an upgrade) wait; judged as they left them
            rows = list(visit_store.standing_by_member(db, run.start, run.end, floors, run.after_id, limit))
        judged = 0
        for m in rows:
            if m.id not in held:  # a member not held (their first purchase meanwhile): the next slice's
                break
            target = review_move(tiers, m.tier_id, m.spend, from_iso(m.tier_since), now, dict(zip(floors, m.visits)))
            if target is not None:
                member_store.set_tier(db, m.id, target.id, run.at)
                member_store.add_tier_history(db, m.id, run.at, m.tier_id, target.id, "review", m.spend, actor)
                run.moves.append((m.card, names.get(m.tier_id), target.name))
            run.after_id, judged = m.id, judged + 1
            if clock.spent():
                break
        run.members += judged
        run.slices += 1
        run.done = len(rows) < limit and judged == len(rows)
        if run.done:
            session.audit("review_tiers", "tiers", None, None,
                          {"moved": len(run.moves), "window": run.window, "start": run.start, "end": run.end,
                           "members": run.members, "scheduled": run.scheduled})
    return run


def review_tiers(session: Session, limit: int = SLICE * REVIEW_READS, budget: float | None = None) -> BatchResult:
    """The tier review: each active member moves down one tier if the window's spend no longer
    reaches their tier and they have held it for 12 months; members whose spend reaches a higher
    tier (after thresholds were lowered) move up. Re-running it moves nobody twice: a move restarts
    the 12 months. In slices of ``limit`` members, each its own transaction (4-5 s in one at 1M)."""
    session.require(Action.REVIEW_TIERS)
    run = ReviewRun(session.now_iso())
    while not run.done:
        review_slice(session, run, limit, budget)
    return run.result()
