"""What the member's whole story reads (services/story.py): indexed reads of one member only.

``member_stats`` by its key (lifetime spend, visits, last visit), the member's open point lots by
``point_lots_member`` (which covers expires_at and remaining), their open follow-ups by
``followups_member``. Each is a handful of pages, however big the club.
"""

from __future__ import annotations

from typing import NamedTuple

from .db import Database
from .rows import fetch_all, fetch_one


class Lifetime(NamedTuple):
    first_at: str
    last_at: str
    visits: int
    gross: int
    refunded: int
    spend: int


class OpenFollowUp(NamedTuple):
    id: int
    source: str
    status: str
    category: str | None
    description: str
    opened_at: str


def lifetime(db: Database, member_id: int) -> Lifetime | None:
    """The member's lifetime figures, or None if they never bought."""
    return fetch_one(db, Lifetime, "SELECT first_at, last_at, visits, gross, refunded, spend FROM member_stats "
                                   "WHERE member_id = ?", (member_id,))


def next_expiry(db: Database, member_id: int, after: str) -> str | None:
    """The earliest moment after ``after`` at which one of the member's open lots expires."""
    return db.value("SELECT min(expires_at) FROM point_lots INDEXED BY point_lots_member "
                    "WHERE member_id = ? AND remaining > 0 AND expires_at > ?", (member_id, after))


def expiring_between(db: Database, member_id: int, start: str, end: str) -> int:
    """Points left in the member's lots that expire in (start, end)."""
    return db.value("SELECT coalesce(sum(remaining), 0) FROM point_lots INDEXED BY point_lots_member "
                    "WHERE member_id = ? AND remaining > 0 AND expires_at > ? AND expires_at < ?",
                    (member_id, start, end))


def open_followup_count(db: Database, member_id: int) -> int:
    return db.value("SELECT count(*) FROM followups WHERE member_id = ? AND status IN ('open', 'contacted')",
                    (member_id,))


def open_followups(db: Database, member_id: int, limit: int = 20) -> list[OpenFollowUp]:
    """The member's follow-up items not yet resolved, the oldest first."""
    return fetch_all(db, OpenFollowUp,
                     "SELECT id, source, status, category, coalesce(nullif(f.description, ''), "
                     "(SELECT s.comment FROM surveys s WHERE s.id = f.survey_id), '') AS description, opened_at "
                     "FROM followups f WHERE member_id = ? AND status IN ('open', 'contacted') "
                     "ORDER BY opened_at, id LIMIT ?", (member_id, limit))
