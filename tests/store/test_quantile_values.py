"""The RFM cut points' walks (store.analytics.quantile_values): given the buyers' number, a rank in
the upper half is walked to from the other end of the index, and the value found is the very same
as the ascending walk's, with ties, with one buyer, at every rank; both walks read the column's
index in its order (no sort)."""

from __future__ import annotations

import random

import pytest

from loyaltydesk.store import analytics
from loyaltydesk.store.db import Database

# (buyers, how their figures are drawn): ties everywhere (visits), few distinct values, all distinct
CLUBS = [
    (1, "distinct"),
    (2, "ties"),
    (5, "distinct"),
    (9, "ties"),
    (10, "few"),
    (37, "ties"),
    (200, "distinct"),
    (201, "few"),
]


def fill(db, n: int, kind: str, rnd: random.Random) -> None:
    draw = {"distinct": lambda i: i * 7919 % 100_003, "ties": lambda i: rnd.randint(1, 3),
            "few": lambda i: rnd.choice((1, 1, 1, 2, 50))}[kind]
    rows = []
    for i in range(1, n + 1):
        v = draw(i)
        rows.append((i, "2025-01-01T00:00:00Z", f"2025-{1 + v % 12:02d}-{1 + v % 28:02d}T{v % 24:02d}:00:00Z", 1 + v % 40,
                     v * 1000, 0, v * 1000))
    db.conn.executemany("INSERT INTO member_stats (member_id, first_at, last_at, visits, gross, refunded, spend) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


@pytest.mark.parametrize("n, kind", CLUBS)
@pytest.mark.parametrize("column", ["last_at", "visits", "spend"])
def test_walking_from_either_end_finds_the_same_value(club, n, kind, column):
    db = club.db
    fill(db, n, kind, random.Random(n))
    ordered = [r[0] for r in db.all(f"SELECT {column} FROM member_stats ORDER BY {column}")]
    ranks = list(range(1, n + 1))
    assert analytics.quantile_values(db, column, ranks, n) == analytics.quantile_values(db, column, ranks) == ordered


@pytest.mark.parametrize("column", ["last_at", "visits", "spend"])
def test_both_walks_read_the_index_in_its_order(club, monkeypatch, column):
    seen = []
    real = Database.value

    def spy(self, sql, params=()):
        seen.append((sql, params))
        return real(self, sql, params)

    monkeypatch.setattr(Database, "value", spy)
    analytics.quantile_values(club.db, column, [1, 4], 4)
    monkeypatch.undo()
    assert len(seen) == 2 and "DESC" in seen[1][0] and "DESC" not in seen[0][0]
    for sql, params in seen:
        plan = " / ".join(r[3] for r in club.db.all("EXPLAIN QUERY PLAN " + sql, params))
        assert "INDEX member_stats_" in plan and "TEMP B-TREE" not in plan, plan
