"""Points outside checkout: adjustments, expiry, birthday and referral bonuses, the tier review."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta

import jdatetime

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, Problem, require_valid
from loyaltydesk.domain.jalali import add_months, from_iso, is_leap, jalali_of, to_iso
from loyaltydesk.domain.ledger import Kind
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.settings import ClubSettings
from loyaltydesk.domain.text import normalize_text
from loyaltydesk.domain.tiers import review_move, review_window
from loyaltydesk.store import club as club_store
from loyaltydesk.store import purchases as purchase_store
from loyaltydesk.store import ledger as ledger_store
from loyaltydesk.store import members as member_store

from .members import resolve
from .session import Session

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
    for lot in ledger_store.open_lots(db, member_id):
        if lot.expires_at is not None and lot.expires_at <= now_iso:
            ledger_store.append(db, member_id, Kind.EXPIRE, -lot.remaining, now_iso, actor, lot_id=lot.entry_id,
                                reason="expired")
            total += lot.remaining
    return total


def run_expiry(session: Session) -> BatchResult:
    """Write ``expire`` entries for what is left of every lot whose time has come. Idempotent:
    a second run finds nothing left to expire."""
    with session.act(Action.RUN_EXPIRY) as db:
        now_iso, actor = session.now_iso(), session.user.username
        lots = ledger_store.expired_lots(db, now_iso)
        for lot in lots:
            ledger_store.append(db, lot["member_id"], Kind.EXPIRE, -lot["remaining"], now_iso, actor,
                                lot_id=lot["entry_id"], reason="expired")
        result = BatchResult(len(lots), sum(r["remaining"] for r in lots), len({r["member_id"] for r in lots}))
        if lots:
            session.audit("run_expiry", "ledger", None, None, result.as_dict())
        return result


def referral_bonus(db, settings: ClubSettings, member_row, at_iso: str, actor: str, purchase_id: int) -> int:
    """At a referred member's first purchase, their referrer earns the club's referral bonus, once."""
    referrer_id = member_row["referrer_id"]
    if not referrer_id or settings.referral_bonus <= 0:
        return 0
    referrer = member_store.get(db, referrer_id)
    key = f"referral:{member_row['id']}"
    if referrer is None or referrer["status"] != "active" or ledger_store.has_bonus(db, referrer_id, key):
        return 0
    ledger_store.append(db, referrer_id, Kind.BONUS, settings.referral_bonus, at_iso, actor,
                        expires_at=_expiry(settings, from_iso(at_iso)), bonus_key=key, purchase_id=purchase_id,
                        reason=f"referral of {member_row['card']}")
    return settings.referral_bonus


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
        require_valid(problems)
        row = resolve(db, member_key)
        settings = club_store.club_settings(db)
        now_iso = session.now_iso()
        entry = ledger_store.append(db, row["id"], Kind.ADJUST, points, now_iso, session.user.username,
                                    expires_at=_expiry(settings, session.now()) if points > 0 else None,
                                    reason=reason)
        balance = ledger_store.balance(db, row["id"])
        session.audit("adjust_points", "member", row["id"], {"points": row["points"]},
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


def grant_birthday_bonuses(session: Session) -> BatchResult:
    """Give each active member whose birthday fell in the last week their tier's birthday bonus,
    once per Jalali year (the year of that birthday). Idempotent."""
    with session.act(Action.GRANT_BONUSES) as db:
        now = session.now()
        settings = club_store.club_settings(db)
        bonus_of = {t.id: t.birthday_bonus for t in club_store.tiers(db)}
        entries = points = 0
        for year, month_day in birthday_days(jalali_of(now).date()):
            key = f"birthday:{year}"
            for row in member_store.birthdays_on(db, [month_day]):
                bonus = bonus_of.get(row["tier_id"], 0)
                if bonus <= 0 or ledger_store.has_bonus(db, row["id"], key):
                    continue
                ledger_store.append(db, row["id"], Kind.BONUS, bonus, to_iso(now), session.user.username,
                                    expires_at=_expiry(settings, now), bonus_key=key, reason="birthday")
                entries, points = entries + 1, points + bonus
        result = BatchResult(entries, points, entries)
        if entries:
            session.audit("grant_birthday_bonuses", "ledger", None, None, result.as_dict())
        return result


def review_tiers(session: Session) -> BatchResult:
    """The tier review: each active member moves down one tier if the window's spend no longer
    reaches their tier and they have held it for 12 months; members whose spend reaches a higher
    tier (after thresholds were lowered) move up. Re-running it moves nobody twice: a move restarts
    the 12 months."""
    with session.act(Action.REVIEW_TIERS) as db:
        now = session.now()
        now_iso, actor = to_iso(now), session.user.username
        settings = club_store.club_settings(db)
        tiers = club_store.tiers(db)
        names = {t.id: t.name for t in tiers}
        start, end = review_window(settings.window, now)
        moves = []
        rows = purchase_store.spend_by_member(db, to_iso(start), to_iso(end)).fetchall()
        for member_id, card, tier_id, tier_since, spend in rows:
            target = review_move(tiers, tier_id, spend, from_iso(tier_since), now)
            if target is None:
                continue
            member_store.set_tier(db, member_id, target.id, now_iso)
            member_store.add_tier_history(db, member_id, now_iso, tier_id, target.id, "review", spend, actor)
            moves.append((card, names.get(tier_id), target.name))
        result = BatchResult(entries=len(moves), members=len(moves), moves=tuple(moves))
        session.audit("review_tiers", "tiers", None, None,
                      {"moved": len(moves), "window": settings.window, "start": to_iso(start), "end": to_iso(end)})
        return result
