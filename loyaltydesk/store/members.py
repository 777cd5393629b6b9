"""Members: insert, update, and the look-ups a cashier needs in milliseconds."""

from __future__ import annotations

import re

from loyaltydesk.domain.ids import is_row_id

from .db import Database

COLUMNS = (
    "id, card, mobile, first_name, last_name, birthday, gender, national_code, referrer_id, "
    "sms_consent, notes, status, joined_at, tier_id, tier_since, points"
)


def insert(db: Database, fields: dict) -> int:
    return db.insert("members", dict(fields, mobile_rev=fields["mobile"][::-1]))


def update(db: Database, member_id: int, fields: dict) -> None:
    if "mobile" in fields:
        fields = dict(fields, mobile_rev=fields["mobile"][::-1])
    if not fields:
        return
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE members SET {assignments} WHERE id = ?", (*fields.values(), member_id))


def get(db: Database, member_id: int):
    if not is_row_id(member_id):  # 0, -1, 2**63: no member has it (and SQLite cannot take 2**63)
        return None
    return db.one(f"SELECT {COLUMNS} FROM members WHERE id = ?", (member_id,))


def by_card(db: Database, card: str):
    return db.one(f"SELECT {COLUMNS} FROM members WHERE card = ?", (card,))


def by_mobile(db: Database, mobile: str):
    return db.one(f"SELECT {COLUMNS} FROM members WHERE mobile = ?", (mobile,))


def by_national_code(db: Database, code: str):
    return db.one(f"SELECT {COLUMNS} FROM members WHERE national_code = ?", (code,))


def card_exists(db: Database, card: str) -> bool:
    return db.one("SELECT 1 FROM members WHERE card = ?", (card,)) is not None


def by_mobile_suffix(db: Database, digits: str, limit: int = 20):
    """Members whose mobile ends with ``digits`` (a range on the reversed mobile: uses its index)."""
    rev = digits[::-1]
    upper = rev[:-1] + chr(ord(rev[-1]) + 1)
    return db.all(
        f"SELECT {COLUMNS} FROM members WHERE mobile_rev >= ? AND mobile_rev < ? ORDER BY mobile_rev LIMIT ?",
        (rev, upper, limit),
    )


MIN_TOKEN = 2  # one letter matches half the club and the FTS prefix index starts at two


def _fts_query(key: str) -> str:
    tokens = [t for t in re.split(r"\s+", key) if len(t) >= MIN_TOKEN]
    return " AND ".join('"' + t.replace('"', '""') + '"*' for t in tokens)


def by_name(db: Database, key: str, limit: int = 20):
    """Members whose name has words starting with every word of ``key`` (already a search key)."""
    query = _fts_query(key)
    if not query:
        return []
    return db.all(
        f"SELECT {COLUMNS} FROM members WHERE id IN "
        "(SELECT rowid FROM members_fts WHERE members_fts MATCH ? LIMIT ?) ORDER BY id",
        (query, limit),
    )


def set_tier(db: Database, member_id: int, tier_id, since: str) -> None:
    db.execute("UPDATE members SET tier_id = ?, tier_since = ? WHERE id = ?", (tier_id, since, member_id))


def add_tier_history(db: Database, member_id, at, from_tier, to_tier, reason, spend, actor, purchase_id=None):
    db.execute(
        "INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, purchase_id, spend, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (member_id, at, from_tier, to_tier, reason, purchase_id, spend, actor),
    )


def tier_history(db: Database, member_id: int):
    return db.all(
        "SELECT h.id, h.at, h.reason, h.spend, h.purchase_id, f.name AS from_tier, t.name AS to_tier "
        "FROM tier_history h LEFT JOIN tiers f ON f.id = h.from_tier_id LEFT JOIN tiers t ON t.id = h.to_tier_id "
        "WHERE h.member_id = ? ORDER BY h.id",
        (member_id,),
    )


def figures(db: Database, ids: list[int], start: str, end: str, now_iso: str) -> dict[int, tuple[int, int, str | None]]:
    """What a member's view adds to the row, for each of ``ids`` in one statement: qualifying spend in
    ``[start, end)`` (gross less refunds), points past their date not yet written off, the referrer's card.

    Each part is an index-only probe of that member (``purchases_member_at``, ``point_lots_member``,
    the members rowid), so a list of 20 members costs one statement, not three."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return {row[0]: (row[1], row[2], row[3]) for row in db.all(
        "SELECT m.id,"
        " (SELECT coalesce(SUM(p.gross - p.refunded), 0) FROM purchases p"
        "   WHERE p.member_id = m.id AND p.at >= ? AND p.at < ?),"
        " (SELECT coalesce(SUM(l.remaining), 0) FROM point_lots l"
        "   WHERE l.member_id = m.id AND l.remaining > 0 AND l.expires_at IS NOT NULL AND l.expires_at <= ?),"
        " (SELECT r.card FROM members r WHERE r.id = m.referrer_id)"
        f" FROM members m WHERE m.id IN ({marks})",
        (start, end, now_iso, *ids),
    )}
