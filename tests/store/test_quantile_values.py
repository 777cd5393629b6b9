"""The RFM cut points' walks (store.analytics.quantile_values): given the buyers' number, a rank in
the upper half is walked to from the other end of the index, and the value found is the very same
as the ascending walk's, with ties, with one buyer, at every rank; both walks read the column's
index in its order (no sort). The walks on both engines (the module is ``engines``); the plans are
SQLite's (``sqlite_only``)."""

from __future__ import annotations

import random

import pytest

from loyaltydesk.store import analytics
from loyaltydesk.store.db import Database
from tests.conftest import open_shared_club

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL

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


@pytest.fixture(scope="module")
def shared_stats(request, tmp_path_factory, shared_engine):
    db = open_shared_club(request, shared_engine, tmp_path_factory.mktemp("stats") / "club.sqlite3")
    yield db
    db.close()


@pytest.fixture
def stats_db(shared_stats):
    """The module's club (one per engine) with no member_stats rows: each test fills them its way."""
    with shared_stats.transaction():
        shared_stats.execute("DELETE FROM member_stats")
    return shared_stats


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
def test_walking_from_either_end_finds_the_same_value(stats_db, n, kind, column):
    db = stats_db
    fill(db, n, kind, random.Random(n))
    ordered = [r[0] for r in db.all(f"SELECT {column} FROM member_stats ORDER BY {column}")]
    ranks = list(range(1, n + 1))
    assert analytics.quantile_values(db, column, ranks, n) == analytics.quantile_values(db, column, ranks) == ordered


@pytest.mark.sqlite_only  # SQLite's query plans (PostgreSQL's planner: tests/store/test_pg.py)
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


# (what, call): the daily run's pieces, each a bounded range of one index in its order
PIECES = [
    ("recency, from the start", lambda db: analytics.walk_index(db, "last_at", None, 3)),
    ("recency, resumed", lambda db: analytics.walk_index(db, "last_at", ("2025-01-01T00:00:00Z", "x", 1, 1, 1), 3)),
    ("recency, from the end, resumed", lambda db: analytics.walk_index(
        db, "last_at", ("2025-01-01T00:00:00Z", "x", 1, 1, 1), 3, descending=True)),
    ("spend, resumed", lambda db: analytics.walk_index(db, "spend", (1, 1, "x", 1), 3)),
    ("spend, from the end", lambda db: analytics.walk_index(db, "spend", None, 3, descending=True)),
    ("a visits group", lambda db: analytics.visits_after(db, 2)),
]


@pytest.mark.sqlite_only  # SQLite's query plans (PostgreSQL's planner: tests/store/test_pg.py)
@pytest.mark.parametrize("call", [p[1] for p in PIECES], ids=[p[0] for p in PIECES])
def test_the_daily_pieces_read_an_index_in_its_order(club, monkeypatch, call):
    seen = []
    for name in ("one", "value"):
        real = getattr(Database, name)

        def spy(self, sql, params=(), _real=real):
            seen.append((sql, params))
            return _real(self, sql, params)

        monkeypatch.setattr(Database, name, spy)
    call(club.db)
    monkeypatch.undo()
    assert seen
    for sql, params in seen:
        plan = " / ".join(r[3] for r in club.db.all("EXPLAIN QUERY PLAN " + sql, params))
        # a walk from an end reads the index in its order (SCAN … COVERING INDEX, stopped by the
        # LIMIT); a resumed one searches it (SEARCH); neither sorts
        assert "COVERING INDEX member_stats_" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("n, kind", CLUBS)
@pytest.mark.parametrize("column", ["last_at", "spend"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_walk_in_pieces_meets_every_entry_in_order(stats_db, n, kind, column, descending):
    db = stats_db
    fill(db, n, kind, random.Random(n))
    keys = analytics.INDEX_KEYS[column]
    ordered = [tuple(r) for r in db.all(f"SELECT {', '.join(keys)} FROM member_stats ORDER BY "
                                        + ", ".join(f"{k} DESC" if descending else k for k in keys))]
    for step in (1, 2, 5):
        seen, key = [], None
        while (key := analytics.walk_index(db, column, key, step, descending)) is not None:
            seen.append(key)
        assert seen == ordered[step - 1::step]
