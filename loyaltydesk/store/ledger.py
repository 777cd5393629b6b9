"""The append-only points ledger and the lots derived from it.

``append`` is the only writer: it inserts the entry, keeps ``point_lots`` and the cached
``members.points`` in step, using the pure rules of ``domain.ledger``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from loyaltydesk.domain.chain import link
from loyaltydesk.domain.ledger import Kind, Lot, consume, opening

from . import locks
from .db import Database
from .rows import columns, fetch_all, fetch_one


class LedgerEntry(NamedTuple):
    """One entry of the points ledger as stored (``domain.ledger.Entry`` is what the rules read)."""

    id: int
    member_id: int
    at: str  # UTC ISO
    kind: str  # a ``Kind`` value
    points: int
    expires_at: str | None
    lot_id: int | None
    purchase_id: int | None
    refund_id: int | None
    reverses_id: int | None
    bonus_key: str | None
    reason: str
    actor: str


class DueLot(NamedTuple):
    """A lot past its date that still holds points."""

    entry_id: int
    member_id: int
    remaining: int


class BonusDue(NamedTuple):
    member_id: int
    tier_id: int


class EntryOf(NamedTuple):
    """An entry a purchase wrote: for a member (its own, or their referrer's bonus), some points."""

    id: int
    member_id: int
    points: int


ENTRY_COLUMNS = columns(LedgerEntry)


def balance(db: Database, member_id: int) -> int:
    return db.value("SELECT points FROM members WHERE id = ?", (member_id,))


def open_lots(db: Database, member_id: int) -> list[Lot]:
    return [
        Lot(r[0], "", r[1], r[2])
        for r in db.all(
            "SELECT entry_id, expires_at, remaining FROM point_lots WHERE member_id = ? AND remaining > 0 ORDER BY entry_id",
            (member_id,),
        )
    ]


def append(
    db: Database,
    member_id: int,
    kind: Kind,
    points: int,
    at: str,
    actor: str,
    *,
    expires_at: str | None = None,
    lot_id: int | None = None,
    purchase_id: int | None = None,
    refund_id: int | None = None,
    reverses_id: int | None = None,
    bonus_key: str | None = None,
    reason: str = "",
) -> int:
    """Write one entry, chained to the one before it (``domain.chain``), and keep lots and the
    cached balance in step. Returns the entry id."""
    locks.chains(db)  # another till's entry waits: each is chained to the newest
    before, last_id, previous = _balance_and_head(db, member_id)
    entry_id = last_id + 1
    values = (entry_id, member_id, at, Kind(kind).value, points, expires_at if points > 0 else None,
              lot_id if points < 0 else None, purchase_id, refund_id, reverses_id, bonus_key, reason, actor)
    db.execute(
        "INSERT INTO ledger (id, member_id, at, kind, points, expires_at, lot_id, purchase_id, refund_id, "
        "reverses_id, bonus_key, reason, actor, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, link("ledger", previous, values)),
    )
    if points > 0:
        db.execute(
            "INSERT INTO point_lots (entry_id, member_id, expires_at, remaining) VALUES (?, ?, ?, ?)",
            (entry_id, member_id, expires_at, opening(before, points)),
        )
    else:
        for lot, take in _taken(db, member_id, -points, lot_id):
            db.execute("UPDATE point_lots SET remaining = remaining - ? WHERE entry_id = ?", (take, lot))
    db.execute("UPDATE members SET points = points + ? WHERE id = ?", (points, member_id))
    return entry_id


BALANCE_AND_HEAD = ("SELECT m.points, h.id, h.chain FROM members m"
                    " LEFT JOIN ledger h ON h.id = (SELECT max(id) FROM ledger) WHERE m.id = ?")


def _balance_and_head(db: Database, member_id: int) -> tuple[int, int, bytes | None]:
    """The member's balance and ``head`` in one read (one round trip to a server instead of two)."""
    row = db.one(BALANCE_AND_HEAD, (member_id,))
    assert row is not None, member_id  # an entry is a member's
    return row[0], (0 if row[1] is None else row[1]), row[2]


def head(db: Database) -> tuple[int, bytes | None]:
    """(id, chain) of the newest entry; (0, None) in an empty ledger. One step to the end of the
    table's b-tree: the whole cost of chaining a new entry, besides one SHA-256."""
    row = db.one("SELECT id, chain FROM ledger ORDER BY id DESC LIMIT 1")
    return (0, None) if row is None else (row[0], row[1])


def chained(db: Database, rows: Sequence[tuple[Any, ...]]) -> list[bytes]:
    """The chains of new entries given whole (``domain.chain.LEDGER_FIELDS`` order, their ids the
    next ones in order), for a bulk insert (an import)."""
    locks.chains(db)
    _last, previous = head(db)
    out = []
    for values in rows:
        previous = link("ledger", previous, values)
        out.append(previous)
    return out


def _taken(db: Database, member_id: int, points: int, lot_id: int | None) -> list[tuple[int, int]]:
    """``consume`` over the member's open lots. When the lot named first holds enough (expiry
    writes off exactly what a lot has left), that lot alone is the answer: no need to read the
    member's other lots (a regular has hundreds)."""
    if lot_id is not None:
        left = db.value("SELECT remaining FROM point_lots WHERE entry_id = ? AND member_id = ?", (lot_id, member_id))
        if left is not None and left >= points:
            return [(lot_id, points)]
    return consume(open_lots(db, member_id), points, lot_id)


def entries(db: Database, member_id: int, limit: int | None = None) -> list[LedgerEntry]:
    """A member's entries, oldest first (the newest ``limit`` of them when given)."""
    rows = fetch_all(
        db, LedgerEntry, f"SELECT {ENTRY_COLUMNS} FROM ledger WHERE member_id = ? ORDER BY id DESC LIMIT ?",
        (member_id, limit or -1),
    )
    return rows[::-1]


def purchase_entry(db: Database, purchase_id: int, kind: Kind) -> EntryOf | None:
    """The earn or redeem entry a purchase wrote, or None (a reward given with it is not its redemption)."""
    return fetch_one(db, EntryOf, "SELECT id, member_id, points FROM ledger WHERE purchase_id = ?1 AND kind = ?2 "
                     "AND id NOT IN (SELECT entry_id FROM reward_redemptions WHERE purchase_id = ?1)",
                     (purchase_id, Kind(kind).value))


def has_bonus(db: Database, member_id: int, bonus_key: str) -> bool:
    return db.one("SELECT 1 FROM ledger WHERE member_id = ? AND bonus_key = ?", (member_id, bonus_key)) is not None


def expired_lots(db: Database, now_iso: str, limit: int | None = None) -> list[DueLot]:
    """The lots that have expired and still hold points, the oldest first (at most ``limit``). One
    walk of ``point_lots_expiry`` in its own order: a slice of a big expiry reads only the lots it
    returns, and "nothing is due" costs one index probe."""
    return fetch_all(
        db, DueLot,
        "SELECT entry_id, member_id, remaining FROM point_lots "
        "WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, entry_id LIMIT ?",
        (now_iso, -1 if limit is None else limit),
    )


def birthday_bonus_due(db: Database, month_day: str, bonus_key: str, tier_ids: Iterable[int], after_id: int = 0,
                       limit: int = -1) -> list[BonusDue]:
    """The active members born on ``month_day`` (Jalali MM/DD), in one of ``tier_ids``, with no
    ``bonus_key`` entry yet, id above ``after_id``, in id order, at most ``limit``: one walk of
    ``members_birthday_md`` from ``after_id``."""
    tier_ids = tuple(tier_ids)
    if not tier_ids:
        return []
    marks = ", ".join("?" for _ in tier_ids)
    return fetch_all(
        db, BonusDue,
        "SELECT m.id, m.tier_id FROM members AS m "
        f"WHERE m.birthday_md = ? AND m.id > ? AND m.status = 'active' AND m.tier_id IN ({marks}) "
        "AND NOT EXISTS (SELECT 1 FROM ledger AS l WHERE l.member_id = m.id AND l.bonus_key = ?) "
        "ORDER BY m.id LIMIT ?",
        (month_day, after_id, *tier_ids, bonus_key, limit),
    )


def joined_between_due(db: Database, start: str, end: str, bonus_key: str, after_id: int = 0,
                       limit: int = -1) -> list[int]:
    """The active members who joined in [start, end), with no ``bonus_key`` entry yet, id above
    ``after_id``, in id order, at most ``limit``: a range of ``members_joined`` (one day's joiners)."""
    return [r[0] for r in db.all(
        # +id, +status: not a walk of the members from an id, nor of the status index (every active
        # member), but the day's range of members_joined, sorted by id as read (a few thousand rows)
        "SELECT m.id FROM members AS m WHERE m.joined_at >= ? AND m.joined_at < ? AND +m.id > ? AND +m.status = 'active' "
        "AND NOT EXISTS (SELECT 1 FROM ledger AS l WHERE l.member_id = m.id AND l.bonus_key = ?) "
        "ORDER BY m.id LIMIT ?",
        (start, end, after_id, bonus_key, limit))]


def expired_from_lot(db: Database, lot_id: int) -> int:
    """Points written off from one lot by expiry."""
    return -db.value("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE lot_id = ? AND kind = 'expire'", (lot_id,))


def bonus_of_purchase(db: Database, purchase_id: int) -> EntryOf | None:
    """The referral bonus a purchase earned its member's referrer, if any."""
    return fetch_one(db, EntryOf, "SELECT id, member_id, points FROM ledger WHERE purchase_id = ? AND kind = 'bonus'"
                     " AND bonus_key LIKE 'referral:%'", (purchase_id,))


REFERRED_KEY = "referred"  # the referred member's own reward (once): the bonus_key of their entry


def referred_bonus_of_purchase(db: Database, purchase_id: int) -> EntryOf | None:
    """The referred member's own referral reward that their (first) purchase earned them, if any."""
    return fetch_one(db, EntryOf, "SELECT id, member_id, points FROM ledger WHERE purchase_id = ? AND kind = 'bonus'"
                     " AND bonus_key = ?", (purchase_id, REFERRED_KEY))
