"""Members: insert, update, and the look-ups a cashier needs in milliseconds."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from loyaltydesk.domain.ids import is_row_id

from . import locks
from .db import Database
from .rows import columns, fetch_all, fetch_one


class Member(NamedTuple):
    """A member as stored: details, status, tier, the cached balance and the kept window spend."""

    id: int
    card: str
    mobile: str
    first_name: str
    last_name: str
    birthday: str | None  # Jalali YYYY/MM/DD
    gender: str | None  # f or m
    national_code: str | None
    referrer_id: int | None
    referrer_card: str | None  # the referrer's card, kept in the row (m0011)
    sms_consent: int  # 1: may be sent messages
    notes: str
    status: str  # active or blocked
    joined_at: str  # UTC ISO
    tier_id: int | None
    tier_since: str
    points: int  # the cached balance (the ledger's sum)
    win_from: str  # the window spend kept in the row: summed from win_from (m0009) ...
    win_spend: int
    win_until: str  # ... and holding until the first counted purchase leaves the window


class TierChange(NamedTuple):
    """One move of a member between tiers (the tiers by name as they are called now)."""

    id: int
    at: str  # UTC ISO
    reason: str  # signup, purchase, refund, review
    spend: int  # the window spend that decided it
    purchase_id: int | None
    from_tier: str | None
    to_tier: str | None


COLUMNS = columns(Member)


def insert(db: Database, fields: dict[str, Any]) -> int:
    return db.insert("members", dict(fields, mobile_rev=fields["mobile"][::-1]))


def update(db: Database, member_id: int, fields: dict[str, Any]) -> None:
    if "mobile" in fields:
        fields = dict(fields, mobile_rev=fields["mobile"][::-1])
    if not fields:
        return
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE members SET {assignments} WHERE id = ?", (*fields.values(), member_id))


def get(db: Database, member_id: int) -> Member | None:
    if not is_row_id(member_id):  # 0, -1, 2**63: no member has it (and SQLite cannot take 2**63)
        return None
    return fetch_one(db, Member, f"SELECT {COLUMNS} FROM members WHERE id = ?", (member_id,))


def by_card(db: Database, card: str) -> Member | None:
    return fetch_one(db, Member, f"SELECT {COLUMNS} FROM members WHERE card = ?", (card,))


def by_mobile(db: Database, mobile: str) -> Member | None:
    return fetch_one(db, Member, f"SELECT {COLUMNS} FROM members WHERE mobile = ?", (mobile,))


def first(db: Database) -> Member | None:
    """The member with the lowest id (the template editor's default preview)."""
    return fetch_one(db, Member, f"SELECT {COLUMNS} FROM members ORDER BY id LIMIT 1")


def by_national_code(db: Database, code: str) -> Member | None:
    return fetch_one(db, Member, f"SELECT {COLUMNS} FROM members WHERE national_code = ?", (code,))


def card_exists(db: Database, card: str) -> bool:
    return db.one("SELECT 1 FROM members WHERE card = ?", (card,)) is not None


def by_mobile_suffix(db: Database, digits: str, limit: int = 20) -> list[Member]:
    """Members whose mobile ends with ``digits`` (a range on the reversed mobile: uses its index)."""
    rev = digits[::-1]
    upper = rev[:-1] + chr(ord(rev[-1]) + 1)
    return fetch_all(
        db, Member, f"SELECT {COLUMNS} FROM members WHERE mobile_rev >= ? AND mobile_rev < ? ORDER BY mobile_rev LIMIT ?",
        (rev, upper, limit),
    )


MIN_TOKEN = 2  # one letter matches half the club and the FTS prefix index starts at two


def fts_query(key: str) -> str:
    tokens = [t for t in re.split(r"\s+", key) if len(t) >= MIN_TOKEN]
    return " AND ".join('"' + t.replace('"', '""') + '"*' for t in tokens)


def by_name(db: Database, key: str, limit: int = 20) -> list[Member]:
    """Members whose name has words starting with every word of ``key`` (already a search key)."""
    query = fts_query(key)
    if not query:
        return []
    return fetch_all(
        db, Member,
        f"SELECT {COLUMNS} FROM members WHERE id IN "
        "(SELECT rowid FROM members_fts WHERE members_fts MATCH ? LIMIT ?) ORDER BY id",
        (query, limit),
    )


def lock(db: Database, *member_ids: int | None) -> bool:
    """Hold the members' rows until the transaction ends, so that two tills writing for one member
    (purchases, refunds, redemptions, adjustments, the daily tasks) take turns and each reads what
    the other wrote: no lost update of points, spend, tier or the kept figures. On PostgreSQL row
    locks (``SELECT ... FOR UPDATE``, in id order: ``store.locks``); SQLite's ``BEGIN IMMEDIATE``
    has held the whole file since the transaction began (False: nothing to do). True when the rows
    were locked now: what was read of them before is read again."""
    return locks.rows(db, "members", "id", (i for i in member_ids if i))


LOCK_BY = ("SELECT id FROM members WHERE id IN (SELECT id FROM members WHERE {column} = ?"
           " UNION SELECT referrer_id FROM members WHERE {column} = ?) ORDER BY id FOR UPDATE")


def lock_by(db: Database, column: str, value: str) -> None:
    """``lock`` of the member whose ``column`` (card or mobile) is ``value`` and of their referrer,
    found by the key itself: sent before the member is read, so that a pipelined transaction
    (``PgDatabase.transaction``) holds them and reads the row in one round trip. Nothing is read
    back: the member's read that follows sees what the rows hold once held."""
    if not locks.on_server(db):
        return
    assert column in ("card", "mobile"), column
    db.execute(LOCK_BY.format(column=column), (value, value))


def set_tier(db: Database, member_id: int, tier_id: int | None, since: str) -> None:
    db.execute("UPDATE members SET tier_id = ?, tier_since = ? WHERE id = ?", (tier_id, since, member_id))


def add_tier_history(db: Database, member_id: int, at: str, from_tier: int | None, to_tier: int | None, reason: str,
                     spend: int, actor: str, purchase_id: int | None = None) -> None:
    db.execute(
        "INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, purchase_id, spend, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (member_id, at, from_tier, to_tier, reason, purchase_id, spend, actor),
    )


def tier_history(db: Database, member_id: int) -> list[TierChange]:
    return fetch_all(
        db, TierChange,
        "SELECT h.id, h.at, h.reason, h.spend, h.purchase_id, f.name AS from_tier, t.name AS to_tier "
        "FROM tier_history h LEFT JOIN tiers f ON f.id = h.from_tier_id LEFT JOIN tiers t ON t.id = h.to_tier_id "
        "WHERE h.member_id = ? ORDER BY h.id",
        (member_id,),
    )


def first_joined(db: Database) -> str | None:
    """When the club's first member joined (UTC ISO; None: no members): one probe of ``members_joined``."""
    return db.value("SELECT min(joined_at) FROM members")


def window_holds(win_from: str, win_until: str, start: str) -> bool:
    """Whether the window spend kept in a member's row (its ``win_from``/``win_until``) is their spend
    from ``start``: no counted purchase has left the window (``refresh_window``)."""
    return win_from <= start <= win_until


def any_points_due(db: Database, now_iso: str) -> bool:
    """Whether any lot of the club is past its date and not yet written off: the soonest date of
    ``point_lots_expiry`` (the first entry of that index, whatever the date), compared here. (With
    the date in the statement, PostgreSQL planned it once for every date after a few calls, as a
    scan of the lots that stops at the first one due: every lot read when none is, ~1 s at 10M.)"""
    soonest = db.value("SELECT expires_at FROM point_lots WHERE remaining > 0 AND expires_at IS NOT NULL "
                       "ORDER BY expires_at LIMIT 1")
    return soonest is not None and soonest <= now_iso


def figures(db: Database, ids: list[int], start: str, now_iso: str, due: bool) -> dict[int, tuple[int, int]]:
    """What a member's view adds to the row, for each of ``ids`` in one statement: qualifying spend
    from ``start`` on (gross less refunds) and points past their date not yet written off.

    The spend is the row's own ``win_spend`` when it holds for ``start`` (see ``refresh_window``);
    otherwise an index-only probe of ``purchases_member_at``. The points past their date are probed
    in ``point_lots_member`` only when ``due`` (``any_points_due``): the daily run writes them off,
    so a look-up between runs finds none."""
    if not ids:
        return {}
    lots = ("(SELECT coalesce(SUM(l.remaining), 0) FROM point_lots l"
            " WHERE l.member_id = m.id AND l.remaining > 0 AND l.expires_at IS NOT NULL AND l.expires_at <= :now)"
            if due else "0")
    return {row[0]: (row[1], row[2]) for row in db.all(
        "SELECT m.id,"
        " CASE WHEN m.win_from <= :start AND :start <= m.win_until THEN m.win_spend ELSE"
        "  (SELECT coalesce(SUM(p.gross - p.refunded), 0) FROM purchases p"
        "   WHERE p.member_id = m.id AND p.at >= :start) END,"
        f" {lots}"
        f" FROM members m WHERE m.id IN ({', '.join(f':m{i}' for i in range(len(ids)))})",
        {"start": start, "now": now_iso, **{f"m{i}": v for i, v in enumerate(ids)}},
    )}


# --- each member's window spend, kept in the row (m0009_window_spend) ----------------------------

FAR_FUTURE = "9999-12-31T23:59:59Z"  # the end of an open window, and win_until when nothing is counted


def refresh_window(db: Database, ids: list[int], start: str) -> int:
    """Sum the window spend from ``start`` again for those of ``ids`` whose figure does not hold for
    ``start``; returns how many were summed. Two index-only probes of ``purchases_member_at`` each."""
    if not ids:
        return 0
    return _refresh_window(db, ids, start).rowcount


def refresh_window_of(db: Database, member_id: int, start: str) -> None:
    """``refresh_window`` of one member, without the count (a purchase's: in a pipelined transaction
    nothing waits for it, ``PgDatabase.transaction``)."""
    _refresh_window(db, [member_id], start)


def _refresh_window(db: Database, ids: list[int], start: str) -> Any:
    return db.execute(
        "UPDATE members SET win_from = :start,"
        " win_spend = (SELECT coalesce(SUM(p.gross - p.refunded), 0) FROM purchases p"
        "   WHERE p.member_id = members.id AND p.at >= :start),"
        " win_until = coalesce((SELECT min(p.at) FROM purchases p WHERE p.member_id = members.id AND p.at >= :start),"
        "   :far)"
        f" WHERE id IN ({', '.join(f':m{i}' for i in range(len(ids)))})"
        " AND NOT (win_from <= :start AND :start <= win_until)",
        {"start": start, "far": FAR_FUTURE, **{f"m{i}": v for i, v in enumerate(ids)}},
    )


def stale_window(db: Database, start: str, limit: int) -> list[int]:
    """Up to ``limit`` members whose figure does not hold for ``start`` because a counted purchase
    has left the window, or was never summed (``members_win_until``, oldest first)."""
    return [row[0] for row in db.all(
        "SELECT id FROM members WHERE win_until < ? ORDER BY win_until LIMIT ?", (start, limit))]


def forget_windows_after(db: Database, start: str) -> int:
    """Mark stale every figure summed from a later start than ``start`` (the club's window now starts
    earlier: rolling 12 months instead of the Jalali year). A walk of the members, once per change."""
    return db.execute(
        "UPDATE members SET win_from = '', win_spend = 0, win_until = '' WHERE win_from > ?", (start,)
    ).rowcount
