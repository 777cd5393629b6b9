"""What an export reads: members, purchases and the ledger as flat typed rows, oldest first, one at
a time as SQLite steps (``fetch_each``): an export of a million rows never holds them all.

Each row type's fields are the export's columns, in their order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .db import Database
from .rows import fetch_each


class MemberExport(NamedTuple):
    card: str
    mobile: str
    first_name: str
    last_name: str
    birthday: str | None
    gender: str | None
    national_code: str | None
    referrer_card: str | None
    sms_consent: int
    notes: str | None
    status: str
    joined_at: str
    tier: str | None
    tier_since: str | None
    points: int


class PurchaseExport(NamedTuple):
    id: int
    at: str
    card: str
    mobile: str
    tier: str | None
    gross: int
    tier_discount: int
    coupon_code: str | None
    coupon_discount: int
    points_redeemed: int
    redeem_value: int
    net: int
    points_earned: int
    refunded: int
    actor: str


class LedgerExport(NamedTuple):
    id: int
    at: str
    card: str
    kind: str
    points: int
    expires_at: str | None
    purchase_id: int | None
    refund_id: int | None
    reverses_id: int | None
    reason: str | None
    actor: str


MEMBERS = ("SELECT m.card, m.mobile, m.first_name, m.last_name, m.birthday, m.gender, m.national_code, "
           "r.card AS referrer_card, m.sms_consent, m.notes, m.status, m.joined_at, t.name AS tier, m.tier_since, "
           "m.points FROM members m LEFT JOIN tiers t ON t.id = m.tier_id LEFT JOIN members r ON r.id = m.referrer_id")


def members(db: Database) -> Iterator[MemberExport]:
    return fetch_each(db, MemberExport, MEMBERS + " ORDER BY m.id")


def members_where(db: Database, clause: str, params: tuple[object, ...]) -> Iterator[MemberExport]:
    """The members meeting ``clause`` (a condition on ``members``, store/member_list.py's
    ``where``): a targeted list's export, in join order, one row at a time."""
    return fetch_each(db, MemberExport, f"{MEMBERS} WHERE m.id IN (SELECT id FROM members WHERE {clause}) ORDER BY m.id",
                      params)


def purchases(db: Database) -> Iterator[PurchaseExport]:
    return fetch_each(db, PurchaseExport,
        "SELECT p.id, p.at, m.card, m.mobile, t.name AS tier, p.gross, p.tier_discount, p.coupon_code, "
        "p.coupon_discount, p.points_redeemed, p.redeem_value, p.net, p.points_earned, p.refunded, p.actor "
        "FROM purchases p JOIN members m ON m.id = p.member_id LEFT JOIN tiers t ON t.id = p.tier_id ORDER BY p.id"
    )


def ledger(db: Database) -> Iterator[LedgerExport]:
    return fetch_each(db, LedgerExport,
        "SELECT l.id, l.at, m.card, l.kind, l.points, l.expires_at, l.purchase_id, l.refund_id, l.reverses_id, "
        "l.reason, l.actor FROM ledger l JOIN members m ON m.id = l.member_id ORDER BY l.id"
    )


def count(db: Database, what: str) -> int:
    """How many rows an export of ``what`` (members, purchases, ledger) writes."""
    assert what in ("members", "purchases", "ledger")
    return db.value(f"SELECT count(*) FROM {what}")
