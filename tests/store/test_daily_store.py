"""The store side of the automatic tasks: their queries walk an index (never the whole table: at a
million members a scan costs seconds even when nothing is due), and the backup's copy is one
moment of the club even when others write between its steps, and stops cleanly when told to."""

from __future__ import annotations

from tests.raw import club_key, raw_connect
from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.store import backup as backup_store
from loyaltydesk.store import ledger as ledger_store
from loyaltydesk.store.db import Database

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL


def plans_of(db, monkeypatch, fn) -> list[str]:
    """The query plan of every statement ``fn`` sends through ``db.all``."""
    seen = []
    real = Database.all

    def spy(self, sql, params=()):
        seen.append((sql, params))
        return real(self, sql, params)

    monkeypatch.setattr(Database, "all", spy)
    fn()
    monkeypatch.setattr(Database, "all", real)
    return [" / ".join(r[3] for r in db.all("EXPLAIN QUERY PLAN " + sql, params)) for sql, params in seen]


@pytest.mark.sqlite_only  # SQLite's query plans (PostgreSQL's planner: tests/store/test_pg.py)
@pytest.mark.parametrize("query, index", [
    (lambda db: ledger_store.expired_lots(db, "2030-01-01T00:00:00Z", 250), "point_lots_expiry"),
    (lambda db: ledger_store.expired_lots(db, "2030-01-01T00:00:00Z"), "point_lots_expiry"),
    (lambda db: ledger_store.birthday_bonus_due(db, "05/20", "birthday:1404", [1, 2], 17, 250), "members_birthday_md"),
])
def test_the_tasks_queries_walk_their_index(club, monkeypatch, query, index):
    plans = plans_of(club.db, monkeypatch, lambda: query(club.db))
    assert plans and index in plans[0], plans
    assert "SCAN" not in plans[0] and "TEMP B-TREE" not in plans[0], plans  # no table walk, no sort


def test_the_oldest_due_lots_come_first_and_only_as_many_as_asked(club, clock):
    card = services.members.sign_up(club, "09121110000").card
    for _ in range(5):
        services.checkout.register_purchase(club, card, 1_000_000)
        clock.advance(days=10)
    clock.advance(days=365)
    lots = ledger_store.expired_lots(club.db, club.now_iso(), 3)
    every = ledger_store.expired_lots(club.db, club.now_iso())
    assert [r.entry_id for r in lots] == [r.entry_id for r in every][:3] and len(every) == 5
    assert [r.entry_id for r in every] == sorted(r.entry_id for r in every)


@pytest.fixture
def filled(club, clock):
    """A club whose file is a few hundred pages: a copy of one page a step takes many steps."""
    for i in range(150):
        services.members.sign_up(club, f"0912{i:07d}", "نام" * 5, "خانوادگی" * 5, notes="یادداشت " * 40)
    clock.advance(hours=1)
    return club


@pytest.mark.sqlite_only  # the copy of a club file, page by page (a server's club is backed up by pg_dump)
def test_a_copy_in_steps_is_one_moment_even_when_another_connection_writes_between_steps(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(backup_store, "COPY_STEP_PAGES", 1)
    path = filled.db.path
    members = filled.db.value("SELECT count(*) FROM members")
    other = Database(path, key=club_key(path))
    writer = services.owner_session(other, clock=lambda: filled.now() + timedelta(minutes=1))
    steps = []

    def cancelled():  # asked between two steps: a cashier signs someone up meanwhile
        steps.append(1)
        if len(steps) % 10 == 0:
            services.members.sign_up(writer, f"0935{len(steps):07d}")
        return False

    pages = filled.db.value("PRAGMA page_count")
    backup_store.copy_file(path, tmp_path / "copy.sqlite3", cancelled, filled.db.key)
    other.close()
    assert len(steps) >= 20 and len(steps) <= pages + 1  # it never started over
    copy = raw_connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM members").fetchone()[0] == members  # the moment it began
    copy.close()
    assert filled.db.value("SELECT count(*) FROM members") > members


@pytest.mark.sqlite_only  # the copy of a club file, page by page (a server's club is backed up by pg_dump)
def test_a_cancelled_copy_leaves_nothing(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(backup_store, "COPY_STEP_PAGES", 1)
    asked = []
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(backup_store.BackupCancelled):
        backup_store.copy_file(filled.db.path, stick / "copy.sqlite3", lambda: asked.append(1) or len(asked) > 5,
                               filled.db.key)
    assert list(stick.iterdir()) == [] and len(asked) == 6


def test_a_copy_of_a_missing_file_creates_no_empty_club(tmp_path):
    with pytest.raises(backup_store.CannotWriteBackup):
        backup_store.copy_file(tmp_path / "nothing.sqlite3", tmp_path / "copy.sqlite3")
    assert list(tmp_path.iterdir()) == []
