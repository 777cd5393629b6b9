"""The schema: a club upgraded from every shipped fixture has exactly the schema of a new club, and
the comparison sees through layout only (white space, quoting, comments, case, order)."""

from __future__ import annotations

import shutil
from tests.raw import club_key, raw_connect
from pathlib import Path

import pytest

from loyaltydesk.store import migrations
from loyaltydesk.store.db import Database
from loyaltydesk.store.schema import differences, expected_schema, normalise, schema_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIPPED = sorted(FIXTURES.glob("schema-*.sqlite3"))


@pytest.mark.parametrize("one, other", [
    ("CREATE TABLE t (a INTEGER, b TEXT)", 'create  table "t"(\n    a integer,\n    "b" TEXT\n)'),
    ("CREATE INDEX i ON t(a)", "CREATE INDEX [i] ON `t` ( a )"),
    ("CREATE TABLE t (a TEXT -- a note\n, b /* another */ TEXT)", "CREATE TABLE t (a TEXT, b TEXT)"),
    ("CREATE TABLE t (a TEXT DEFAULT 'x -- y')", "CREATE TABLE t (a TEXT DEFAULT 'x -- y')"),
    ('CREATE TABLE "a ""b""" (c)', 'CREATE TABLE [a "b"] (c)'),
])
def test_layout_alone_makes_no_difference(one, other):
    assert normalise(one) == normalise(other)


@pytest.mark.parametrize("one, other", [
    ("CREATE TABLE t (a INTEGER)", "CREATE TABLE t (a TEXT)"),
    ("CREATE TABLE t (a TEXT DEFAULT 'X')", "CREATE TABLE t (a TEXT DEFAULT 'x')"),  # text in quotes is data
    ("CREATE TABLE t (a TEXT DEFAULT 'it''s')", "CREATE TABLE t (a TEXT DEFAULT 'its')"),
    ("CREATE INDEX i ON t(a, b)", "CREATE INDEX i ON t(b, a)"),
    ("CREATE TABLE t (a) -- x\n", "CREATE TABLE t (a, x)"),
])
def test_a_real_difference_stays_one(one, other):
    assert normalise(one) != normalise(other)


def test_every_kind_of_schema_object_is_read_and_sqlites_own_are_not():
    conn = raw_connect(":memory:")
    conn.executescript("""
        CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT UNIQUE);
        CREATE INDEX t_code ON t(code);
        CREATE VIEW v AS SELECT code FROM t;
        CREATE TRIGGER t_no_delete BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;
        INSERT INTO t (code) VALUES ('a'); ANALYZE;
    """)
    assert sorted(schema_of(conn)) == ["index t_code", "table t", "trigger t_no_delete", "view v"]
    assert schema_of(conn)["view v"] == "create view v as select code from t"


def test_a_new_club_has_the_expected_schema_and_it_is_the_whole_club(db):
    found = schema_of(db.conn)
    assert differences(found, expected_schema()) == []
    assert {"table members", "table _sqlite_migrations", "trigger stats_purchase", "index members_list_name",
            "table members_fts"} <= set(found)


@pytest.mark.parametrize("fixture", SHIPPED, ids=lambda p: p.stem)
def test_a_club_upgraded_from_every_shipped_fixture_has_the_schema_of_a_new_one(tmp_path, fixture):
    path = tmp_path / "club.sqlite3"
    shutil.copyfile(fixture, path)
    db = Database(path, key=club_key(path))
    try:
        migrations.migrate(db)
        assert differences(schema_of(db.conn), expected_schema()) == []
    finally:
        db.close()


def test_every_released_schema_version_up_to_the_newest_legacy_one_has_a_fixture():
    versions = {int(p.stem.split("-")[1]) for p in SHIPPED}
    assert {1, 12} <= versions and max(versions) <= len(migrations.shipped())


def test_the_comparison_names_what_differs(db):
    db.execute("DROP INDEX members_list_card")
    db.execute("CREATE INDEX members_list_card ON members(card)")
    db.execute("CREATE TABLE notes (text TEXT)")
    db.execute("DROP TRIGGER stats_refunded")
    assert sorted(differences(schema_of(db.conn), expected_schema())) == [
        "different index members_list_card", "extra table notes", "missing trigger stats_refunded"]

