"""Purchases (with their checkout lines) and refunds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from typing import Any, NamedTuple

from loyaltydesk.domain.checkout import CheckoutLines, RefundShare
from loyaltydesk.domain.ids import is_row_id

from .db import Database
from .rows import columns, fetch_all, fetch_each, fetch_one, new_id


# the checkout lines a purchase keeps, each in its column (a campaign's bonus is not one of them)
LINE_COLUMNS = tuple(f.name for f in fields(CheckoutLines) if f.name not in ("bonus_points", "campaigns"))


class Purchase(NamedTuple):
    """A purchase with its checkout lines as they were priced and the gross value refunded since."""

    id: int
    member_id: int
    at: str  # when it happened, UTC ISO
    recorded_at: str  # when it was registered
    actor: str
    tier_id: int | None  # the tier it was priced at
    lines: CheckoutLines
    refunded: int  # gross value returned so far

    def as_dict(self) -> dict[str, Any]:
        """One flat record, the lines in their columns' place (a member's history in JSON)."""
        head = {k: v for k, v in self._asdict().items() if k not in ("lines", "refunded")}
        lines = {c: getattr(self.lines, c) for c in LINE_COLUMNS if c != "campaign_points"}
        # the campaigns' line last (its key came after the others')
        return {**head, **lines, "refunded": self.refunded, "campaign_points": self.lines.campaign_points}


def _purchase(*row: Any) -> Purchase:
    purchase_id, member_id, at, recorded_at, actor, tier_id, *lines, refunded = row
    return Purchase(purchase_id, member_id, at, recorded_at, actor, tier_id,
                    CheckoutLines(**dict(zip(LINE_COLUMNS, lines, strict=True))), refunded)


class Refund(NamedTuple):
    id: int
    purchase_id: int
    at: str  # UTC ISO
    actor: str
    amount: int  # gross value returned
    net_refunded: int  # what was paid back
    points_reversed: int  # earned points taken back
    points_returned: int  # redeemed points given back
    reason: str


class MemberSpend(NamedTuple):
    """An active member and their spend in a window (the tier review's reading)."""

    id: int
    card: str
    tier_id: int | None
    tier_since: str
    spend: int


COLUMNS = columns(("id", "member_id", "at", "recorded_at", "actor", "tier_id", *LINE_COLUMNS, "refunded"))


def insert(db: Database, *, member_id: int, at: str, recorded_at: str, actor: str, tier_id: int | None,
           lines: CheckoutLines, checkout_key: str | None = None) -> int:
    """A purchase priced as ``lines`` (its refunded amount starts at 0); returns its id."""
    names = ("member_id", "at", "recorded_at", "actor", "tier_id", *LINE_COLUMNS, "checkout_key")
    return new_id(db.execute(
        f"INSERT INTO purchases ({columns(names)}) VALUES ({', '.join('?' for _ in names)})",
        (member_id, at, recorded_at, actor, tier_id, *(getattr(lines, c) for c in LINE_COLUMNS), checkout_key),
    ))


FIRST = "SELECT NOT EXISTS (SELECT 1 FROM purchases WHERE member_id = ?)"  # a member's first purchase?
SPEND_AND_BALANCE = (
    "SELECT (SELECT COALESCE(SUM(gross - refunded), 0) FROM purchases WHERE member_id = ?1 AND at >= ?2 AND at < ?3),"
    " points FROM members WHERE id = ?1"
)


def insert_first(db: Database, *, member_id: int, at: str, recorded_at: str, actor: str, tier_id: int | None,
                 lines: CheckoutLines, checkout_key: str | None = None) -> tuple[int, bool]:
    """``insert``, and whether it is the member's first purchase: asked before it is written and
    read after its id, so that a pipelined transaction gets both in one round trip."""
    first = db.execute(FIRST, (member_id,))
    purchase_id = insert(db, member_id=member_id, at=at, recorded_at=recorded_at, actor=actor, tier_id=tier_id,
                         lines=lines, checkout_key=checkout_key)
    return purchase_id, bool(first.fetchone()[0])


def get(db: Database, purchase_id: int) -> Purchase | None:
    if not is_row_id(purchase_id):  # 0, -1, 2**63: no purchase has it (and SQLite cannot take 2**63)
        return None
    return fetch_one(db, _purchase, f"SELECT {COLUMNS} FROM purchases WHERE id = ?", (purchase_id,))


def for_member(db: Database, member_id: int, limit: int = 100) -> list[Purchase]:
    return fetch_all(
        db, _purchase, f"SELECT {COLUMNS} FROM purchases WHERE member_id = ? ORDER BY at DESC, id DESC LIMIT ?",
        (member_id, limit),
    )


def spend_between(db: Database, member_id: int, start: str, end: str) -> int:
    """Qualifying spend: gross less refunds, of purchases made in ``[start, end)``."""
    return db.value(
        "SELECT COALESCE(SUM(gross - refunded), 0) FROM purchases WHERE member_id = ? AND at >= ? AND at < ?",
        (member_id, start, end),
    )


def spend_and_balance(db: Database, member_id: int, start: str, end: str) -> tuple[int, int]:
    """``spend_between`` and the member's balance (``ledger.balance``) in one read: a purchase's
    last look at the member, one round trip to a server."""
    row = db.one(SPEND_AND_BALANCE, (member_id, start, end))
    assert row is not None, member_id  # the purchase's member
    return row[0], row[1]


def coupon_uses(db: Database, code: str, member_id: int | None = None) -> int:
    if member_id is None:
        return db.value("SELECT count(*) FROM purchases WHERE coupon_code = ?", (code,))
    return db.value(
        "SELECT count(*) FROM purchases WHERE coupon_code = ? AND member_id = ?", (code, member_id)
    )


def insert_refund(db: Database, *, purchase_id: int, at: str, actor: str, share: RefundShare, reason: str) -> int:
    """A refund as ``share`` says (the gross value returned, the money and the points); the
    purchase's refunded amount grows by it. Returns the refund's id."""
    refund_id = new_id(db.execute(
        "INSERT INTO refunds (purchase_id, at, actor, amount, net_refunded, points_reversed, points_returned, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (purchase_id, at, actor, share.amount, share.net_refunded, share.points_reversed, share.points_returned,
         reason),
    ))
    db.execute("UPDATE purchases SET refunded = refunded + ? WHERE id = ?", (share.amount, purchase_id))
    return refund_id


def refunds_of(db: Database, purchase_id: int) -> list[Refund]:
    return fetch_all(db, Refund, f"SELECT {columns(Refund)} FROM refunds WHERE purchase_id = ? ORDER BY id",
                     (purchase_id,))


def spend_by_member(db: Database, start: str, end: str, after_id: int = 0, limit: int = -1) -> Iterator[MemberSpend]:
    """The active members after ``after_id`` with their spend in [start, end), in id order, ``limit``
    of them (-1: all), read as the caller goes.

    Members are read in their own (id) order, so that GROUP BY m.id needs no sort: without
    ``NOT INDEXED`` the planner (no statistics) reaches them through ``members_list_status`` by
    status, then sorts a million groups (9-12 s at 1M members instead of 4-5 s)."""
    return fetch_each(
        db, MemberSpend,
        "SELECT m.id, m.card, m.tier_id, m.tier_since, COALESCE(SUM(p.gross - p.refunded), 0) AS spend FROM members m NOT INDEXED "
        "LEFT JOIN purchases p ON p.member_id = m.id AND p.at >= ? AND p.at < ? "
        "WHERE m.status = 'active' AND m.id > ? GROUP BY m.id ORDER BY m.id LIMIT ?",
        (start, end, after_id, limit),
    )


# --- checkout keys: a checkout sent twice is found by its key --------------------------

def by_checkout_key(db: Database, checkout_key: str) -> Purchase | None:
    return fetch_one(db, _purchase, f"SELECT {COLUMNS} FROM purchases WHERE checkout_key = ?", (checkout_key,))


def upgrade_of(db: Database, purchase_id: int) -> int | None:
    """The tier a purchase moved its member up to (the ``purchase`` row of the tier history), or None.

    Found among the purchase's member's rows (``tier_history_member``, a handful per member):
    tier_history has no index on ``purchase_id``, and without one this walked the whole history
    (1.3M rows at 1M members, ~0.1 s) on a repeated checkout and on every receipt."""
    return db.value(
        "SELECT to_tier_id FROM tier_history WHERE member_id = (SELECT member_id FROM purchases WHERE id = ?1) "
        "AND purchase_id = ?1 AND reason = 'purchase' ORDER BY id DESC LIMIT 1",
        (purchase_id,),
    )
