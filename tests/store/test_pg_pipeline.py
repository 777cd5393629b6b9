"""A pipelined transaction on PostgreSQL (``PgDatabase.transaction(pipelined=True)``, a purchase's)
keeps every promise of a plain one: what is read is what a plain one reads, an error of a statement
nobody read still fails and rolls back the whole transaction, a savepoint still catches its own
errors, and the configuration kept for the transaction follows its own changes."""

from __future__ import annotations

import psycopg
import pytest

from loyaltydesk.store import club as club_store
from loyaltydesk.store.pg import PgDatabase

pytestmark = pytest.mark.pg


@pytest.fixture
def db(pg_url):
    database = PgDatabase(pg_url)
    database.execute("CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v TEXT UNIQUE)")
    yield database
    database.close()


def values(db) -> list[str]:
    return [r[0] for r in db.all("SELECT v FROM t ORDER BY id")]


@pytest.mark.parametrize("pipelined", [False, True])
def test_reads_rowcounts_and_new_ids_are_the_same_either_way(db, pipelined):
    with db.transaction(pipelined=pipelined):
        first = db.execute("INSERT INTO t (v) VALUES (?)", ("a",))
        second = db.execute("INSERT INTO t (v) VALUES (?)", ("b",))
        changed = db.execute("UPDATE t SET v = v || '!' WHERE v IN ('a', 'b')")
        none = db.execute("UPDATE t SET v = 'x' WHERE v = 'nothing'")
        assert (first.lastrowid, second.lastrowid) == (1, 2)
        assert (changed.rowcount, none.rowcount) == (2, 0)
        assert first.fetchone() is None and none.fetchall() == []  # an INSERT or UPDATE gives no rows
        assert db.one("SELECT count(*), max(v) FROM t") == (2, "b!")
        assert list(db.execute("SELECT v FROM t ORDER BY id")) == [("a!",), ("b!",)]
    assert values(db) == ["a!", "b!"]


def test_an_error_nobody_read_fails_the_transaction_and_keeps_nothing(db):
    db.execute("INSERT INTO t (v) VALUES ('kept')")
    with pytest.raises(psycopg.errors.UniqueViolation):
        with db.transaction(pipelined=True):
            db.execute("INSERT INTO t (v) VALUES ('new')")
            db.execute("INSERT INTO t (v) VALUES ('kept')")  # fails on the server; its result never read
            db.execute("INSERT INTO t (v) VALUES ('after')")
    assert values(db) == ["kept"]
    with db.transaction(pipelined=True):  # the connection goes on
        db.execute("INSERT INTO t (v) VALUES ('next')")
    assert values(db) == ["kept", "next"]


def test_an_error_raised_at_a_read_rolls_back_and_the_connection_goes_on(db):
    with pytest.raises(psycopg.errors.DivisionByZero):
        with db.transaction(pipelined=True):
            db.execute("INSERT INTO t (v) VALUES ('gone')")
            db.value("SELECT 1 / 0")
    with pytest.raises(ValueError):
        with db.transaction(pipelined=True):
            db.execute("INSERT INTO t (v) VALUES ('refused')")
            raise ValueError("a refusal of the service's own")
    assert values(db) == []
    with db.transaction(pipelined=True):
        db.execute("INSERT INTO t (v) VALUES ('after')")
    assert values(db) == ["after"]


def test_a_savepoint_catches_its_own_errors_inside_a_pipelined_transaction(db):
    with db.transaction(pipelined=True):
        db.execute("INSERT INTO t (v) VALUES ('a')")
        with pytest.raises(psycopg.errors.UniqueViolation):
            with db.transaction():
                db.execute("INSERT INTO t (v) VALUES ('b')")
                db.execute("INSERT INTO t (v) VALUES ('a')")  # never read: raised as the savepoint ends
        with pytest.raises(LookupError):
            with db.transaction():
                db.execute("INSERT INTO t (v) VALUES ('c')")
                raise LookupError
        with db.transaction():
            db.execute("INSERT INTO t (v) VALUES ('d')")
        assert db.value("SELECT count(*) FROM t") == 2
    assert values(db) == ["a", "d"]


def test_the_configuration_kept_for_a_transaction_follows_its_own_changes(pg_url):
    from loyaltydesk import services

    db = services.open_club(pg_url)
    try:
        before = club_store.club_settings(db).expiry_months
        with db.transaction(pipelined=True):
            assert club_store.club_settings(db).expiry_months == before
            club_store.put_settings(db, {"expiry_months": before + 3})
            assert club_store.club_settings(db).expiry_months == before + 3
            with pytest.raises(LookupError):
                with db.transaction():
                    club_store.put_settings(db, {"expiry_months": before + 5})
                    assert club_store.club_settings(db).expiry_months == before + 5
                    raise LookupError
            assert club_store.club_settings(db).expiry_months == before + 3  # the savepoint's change undone
        assert club_store.club_settings(db).expiry_months == before + 3
        # another connection's change is seen by this one's next transaction
        other = services.open_club(pg_url)
        with other.transaction():
            club_store.put_settings(other, {"expiry_months": before + 7})
        other.close()
        with db.transaction(pipelined=True):
            assert club_store.club_settings(db).expiry_months == before + 7
    finally:
        db.close()
