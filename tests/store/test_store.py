"""The store: pragmas, migrating twice, append-only ledger and audit log, indexes (the migrations
themselves: test_migrations.py)."""

from __future__ import annotations

from loyaltydesk.store.engine import sqlite3

import psycopg

import pytest

from tests.raw import club_key

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.store import migrations, open_database
from loyaltydesk.store.db import Database

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

REFUSED = (sqlite3.IntegrityError, psycopg.IntegrityError)  # a guard's refusal on either engine


@pytest.mark.sqlite_only
def test_a_new_database_is_wal_with_foreign_keys_and_full_sync(db):
    assert db.value("PRAGMA journal_mode") == "wal"
    assert db.value("PRAGMA foreign_keys") == 1
    assert db.value("PRAGMA synchronous") == 2  # FULL
    assert migrations.applied(db) == migrations.shipped()


@pytest.mark.sqlite_only
def test_every_table_of_the_spine_exists(db):
    tables = {r[0] for r in db.all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"members", "tiers", "tier_history", "settings", "purchases", "refunds", "ledger", "point_lots",
            "coupons", "users", "audit_log", "members_fts"} <= tables


def test_migrating_twice_does_nothing_and_copies_nothing(tmp_path):
    path = tmp_path / "club.sqlite3"
    open_database(path, key=club_key(path)).close()
    db = open_database(path, key=club_key(path))
    assert migrations.migrate(db) == []
    db.close()
    assert [p.name for p in tmp_path.iterdir() if "before" in p.name] == []


def test_a_file_that_is_not_a_database_gets_a_clear_error(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("this is a shopping list, not a database" * 100)
    with pytest.raises(LoyaltyError, match="not a LoyaltyDesk database"):
        open_database(path, key=club_key(path))


@pytest.fixture
def entry(club):
    card = services.members.sign_up(club, "09121234567").card
    services.checkout.register_purchase(club, card, 10_000_000)
    return club.db.value("SELECT id FROM ledger")


@pytest.mark.parametrize("sql", [
    "UPDATE ledger SET points = 999999 WHERE id = ?",
    "UPDATE ledger SET reason = 'edited' WHERE id = ?",
    "DELETE FROM ledger WHERE id = ?",
])
def test_the_ledger_refuses_update_and_delete(db, entry, sql):
    with pytest.raises(REFUSED, match="append-only"):
        db.execute(sql, (entry,))
    assert db.value("SELECT points FROM ledger WHERE id = ?", (entry,)) == 1_000


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"])
def test_the_audit_log_cannot_be_edited(db, entry, sql):
    before = db.value("SELECT count(*) FROM audit_log")
    with pytest.raises(REFUSED, match="audit log"):
        db.execute(sql)
    assert db.value("SELECT count(*) FROM audit_log") == before > 0


@pytest.mark.parametrize("sql, params", [
    ("INSERT INTO ledger (member_id, at, kind, points, actor) VALUES (1, 'x', 'earn', -5, 'a')", ()),
    ("INSERT INTO ledger (member_id, at, kind, points, actor) VALUES (1, 'x', 'redeem', 5, 'a')", ()),
    ("INSERT INTO ledger (member_id, at, kind, points, actor) VALUES (1, 'x', 'adjust', 5, 'a')", ()),  # no reason
    ("INSERT INTO ledger (member_id, at, kind, points, actor) VALUES (999, 'x', 'bonus', 5, 'a')", ()),  # no member
    ("INSERT INTO ledger (member_id, at, kind, points, actor) VALUES (1, 'x', 'earn', 0, 'a')", ()),
])
def test_the_ledger_refuses_impossible_entries(db, entry, sql, params):
    with pytest.raises(REFUSED):
        db.execute(sql, params)


@pytest.mark.sqlite_only  # SQLite's query plans (PostgreSQL's: tests/store/test_pg.py)
@pytest.mark.parametrize("query, index", [
    ("SELECT * FROM members WHERE card = '612345678903'", "sqlite_autoindex_members_1"),
    ("SELECT * FROM members WHERE mobile = '09121234567'", "sqlite_autoindex_members_2"),
    ("SELECT * FROM members WHERE mobile_rev >= '7654' AND mobile_rev < '7655'", "members_mobile_rev"),
    ("SELECT rowid FROM members_fts WHERE members_fts MATCH '\"رض\"*'", "members_fts"),
    ("SELECT SUM(gross - refunded) FROM purchases WHERE member_id = 1 AND at >= '2025' AND at < '2026'", "purchases_member_at"),
    ("SELECT entry_id FROM point_lots WHERE member_id = 1 AND remaining > 0", "point_lots_member"),
    ("SELECT entry_id FROM point_lots WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= '2026'", "point_lots_expiry"),
])
def test_cashier_look_ups_use_an_index(db, query, index):
    plan = " ".join(r[3] for r in db.all("EXPLAIN QUERY PLAN " + query))
    assert index in plan and "SCAN members " not in plan + " ", plan


def test_busy_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "club.sqlite3"
    first = open_database(path, key=club_key(path))
    second = Database(path, key=club_key(path))
    second.conn.execute("PRAGMA busy_timeout = 50")
    with first.transaction():
        with pytest.raises(LoyaltyError, match="busy"):
            with second.transaction():
                pass
    first.close()
    second.close()
