"""Small helpers over a test club's rows, shared by the backup and import/export suites."""

from __future__ import annotations


def balances(db) -> dict:
    return {r[0]: (r[1], r[2], r[3]) for r in db.all("SELECT card, points, tier_id, status FROM members")}
