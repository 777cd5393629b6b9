"""The owner's home page's queries: small indexed ranges of one day and the kept aggregates.

Each day's sales are a range of ``purchases_at`` (a day's purchases, not the club's); the months
come from ``club_periods``; the members at risk, the liability and the NPS reuse the report
queries of ``store.analytics`` (``member_stats``, an index-only sum). Nothing here scans the
purchases or the ledger of the whole club.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .db import Database


class DaySales(NamedTuple):
    """One day's purchases (Tehran day, as UTC bounds [start, end))."""

    start: str
    purchases: int
    buyers: int  # members served: distinct members who bought
    gross: int
    net: int
    refunded: int  # of that day's purchases, refunded since
    points_earned: int
    points_redeemed: int


_DAY = ("SELECT ? AS start, count(*), count(DISTINCT member_id), coalesce(sum(gross), 0), coalesce(sum(net), 0), "
        "coalesce(sum(refunded), 0), coalesce(sum(points_earned), 0), coalesce(sum(points_redeemed), 0) "
        "FROM purchases WHERE at >= ? AND at < ?")


def day_sales(db: Database, days: Sequence[tuple[str, str]]) -> list[DaySales]:
    """Each day's totals, in the order given, in one statement (one indexed range each)."""
    if not days:
        return []
    sql = " UNION ALL ".join([_DAY] * len(days))
    params: list[str] = []
    for start, end in days:
        params += [start, start, end]
    found = {r[0]: DaySales(*r) for r in db.all(sql, params)}
    return [found[start] for start, _ in days]


def birthdays_on(db: Database, month_day: str) -> int:
    """Active members whose (Jalali) birthday is ``MM/DD``: the ``members_birthday_md`` index."""
    return db.value("SELECT count(*) FROM members WHERE birthday_md = ? AND status = 'active'", (month_day,))

