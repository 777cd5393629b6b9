"""A transaction reports the error that ended it: SQLite's own faults as their typed errors with
their clear messages, a trigger's RAISE(ROLLBACK) as itself, never "cannot rollback - no
transaction is active", and nothing of a failed transaction is saved.

Every fault is SQLite's own, made for real: a page limit the data outgrows (SQLITE_FULL, which
SQLite answers by rolling back itself), ``query_only`` set inside the transaction (SQLITE_READONLY),
garbage over a table's page (SQLITE_CORRUPT), another program's write lock (SQLITE_BUSY; at the
start of a transaction: test_store.py).
Faults of a real disk and file, through the service and the command line: test_faults.py."""

from __future__ import annotations

import shutil
from loyaltydesk.store.engine import sqlite3
from tests.raw import club_key, raw_connect
from pathlib import Path

import pytest

from loyaltydesk.store import open_database
from loyaltydesk.store.db import DamagedClub, Database, DatabaseBusy, DiskFull, ReadOnlyClub

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

NEVER = ("cannot rollback", "cannot commit", "no transaction is active", "no such savepoint")


@pytest.fixture
def store(tmp_path):
    db = Database(tmp_path / "club.sqlite3", key=club_key(tmp_path / "club.sqlite3"))
    with db.transaction():
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        db.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        db.execute("INSERT INTO kept (text) VALUES ('before')")
        db.execute("CREATE TRIGGER notes_refused BEFORE INSERT ON notes WHEN new.text = 'refused' "
                   "BEGIN SELECT RAISE(ROLLBACK, 'the trigger refused it'); END")
    yield db
    db.close()


def fill_up(db: Database) -> None:
    db.execute(f"PRAGMA max_page_count = {db.value('PRAGMA page_count')}")
    db.conn.executemany("INSERT INTO notes (text) VALUES (?)", [("x" * 2000,) for _ in range(50)])


def read_only(db: Database) -> None:
    db.execute("PRAGMA query_only = ON")
    db.execute("INSERT INTO notes (text) VALUES ('x')")


@pytest.mark.parametrize("make, fault, words", [
    (fill_up, DiskFull, "The disk holding the club is full: the purchase or change was NOT registered"),
    (read_only, ReadOnlyClub, "can only be read"),
])
def test_a_fault_inside_a_transaction_is_named_and_nothing_is_saved(store, make, fault, words):
    with pytest.raises(fault) as caught:
        with store.transaction():
            store.execute("INSERT INTO kept (text) VALUES ('half')")
            make(store)
    assert words in str(caught.value) and not any(bad in str(caught.value) for bad in NEVER)
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)  # SQLite's own error, kept as the cause
    assert not store.conn.in_transaction


@pytest.mark.parametrize("make, fault", [(fill_up, DiskFull), (read_only, ReadOnlyClub)])
def test_a_fault_inside_a_nested_action_is_named_by_the_outer_one(store, make, fault):
    with pytest.raises(fault):
        with store.transaction():
            store.execute("INSERT INTO kept (text) VALUES ('half')")
            with store.transaction():
                make(store)
    store.execute("PRAGMA query_only = OFF")
    store.execute("PRAGMA max_page_count = 1073741823")
    assert [r[0] for r in store.all("SELECT text FROM kept")] == ["before"]


def test_a_damaged_page_met_inside_a_transaction_is_named(tmp_path):
    path = tmp_path / "club.sqlite3"
    conn = raw_connect(path)
    conn.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    conn.executemany("INSERT INTO kept (text) VALUES (?)", [("y" * 500,) for _ in range(40)])
    conn.commit()
    root, size = conn.execute("SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master "
                              "WHERE name = 'kept'").fetchone()
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size + 8)
        f.write(bytes((13 * k + 5) % 256 for k in range(size - 8)))
    db = Database(path, key=club_key(path))
    try:
        with pytest.raises(DamagedClub, match="The club file is damaged") as caught:
            with db.transaction():
                db.execute("INSERT INTO kept (text) VALUES ('new')")
        assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)
    finally:
        db.close()


def test_a_club_another_program_holds_while_it_upgrades_is_busy_not_an_error_of_sqlite(tmp_path):
    """Migrations run in sqlite-utils' ``atomic()`` (a plain BEGIN): its SQLITE_BUSY is named too."""
    path = tmp_path / "club.sqlite3"
    shutil.copyfile(FIXTURES / "schema-0004.sqlite3", path)
    holder = raw_connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy, match="NOT registered"):
            open_database(path, key=club_key(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    open_database(path, key=club_key(path)).close()  # once free, the upgrade runs


@pytest.mark.parametrize("nested", [False, True])
def test_a_trigger_that_rolls_back_reports_its_own_message(store, nested):
    with pytest.raises(sqlite3.IntegrityError, match="the trigger refused it") as caught:
        with store.transaction():
            store.execute("INSERT INTO kept (text) VALUES ('half')")
            if nested:
                with store.transaction():
                    store.execute("INSERT INTO notes (text) VALUES ('refused')")
            else:
                store.execute("INSERT INTO notes (text) VALUES ('refused')")
    assert not any(bad in str(caught.value) for bad in NEVER)
    assert [r[0] for r in store.all("SELECT text FROM kept")] == ["before"]


def test_an_error_that_ended_the_transaction_inside_a_caught_nested_action_fails_the_whole(store):
    """A caller that catches a nested action's error and carries on must not see the rest committed
    (SQLite rolled back the part before; the part after would land outside any transaction)."""
    with pytest.raises(sqlite3.IntegrityError, match="the trigger refused it"):
        with store.transaction():
            store.execute("INSERT INTO kept (text) VALUES ('before the refusal')")
            try:
                with store.transaction():
                    store.execute("INSERT INTO notes (text) VALUES ('refused')")
            except sqlite3.IntegrityError:
                pass
            store.execute("INSERT INTO kept (text) VALUES ('after the refusal')")
    assert [r[0] for r in store.all("SELECT text FROM kept")] == ["before"]
    with store.transaction():  # and the club goes on
        store.execute("INSERT INTO kept (text) VALUES ('next')")
    assert store.value("SELECT count(*) FROM kept") == 2


def test_a_refused_nested_action_leaves_the_outer_one_going(store):
    with store.transaction():
        store.execute("INSERT INTO kept (text) VALUES ('kept')")
        with pytest.raises(sqlite3.IntegrityError):
            with store.transaction():
                store.execute("INSERT INTO notes (text) VALUES ('fine')")
                store.execute("INSERT INTO notes (id, text) VALUES (1, 'same id')")
    assert [r[0] for r in store.all("SELECT text FROM kept")] == ["before", "kept"]
    assert store.value("SELECT count(*) FROM notes") == 0
