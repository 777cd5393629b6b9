"""The migrations on sqlite-utils: frozen steps, the record moved once from a club of the earlier
runner, each step in its own transaction, and the calendar the stats step writes."""

from __future__ import annotations

import ast
import copy
import re
import shutil
from loyaltydesk.store.engine import sqlite3
from tests.raw import club_key, raw_connect
from datetime import timedelta
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.domain.jalali import MAX_YEAR, MIN_YEAR, from_iso, jalali_ymd
from loyaltydesk.store import migrations, open_database
from loyaltydesk.store.db import Database
from loyaltydesk.store.schema import differences, expected_schema, schema_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOURCE = Path(migrations.__file__)


def read_only(path: Path) -> sqlite3.Connection:
    """A look at a fixture or a copy kept aside that writes nothing beside it (no -shm, no -wal)."""
    return raw_connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def legacy_record(path: Path) -> list[tuple[str, str]]:
    """(name, applied_at) of the record the earlier runner kept; [] when the file has none."""
    conn = read_only(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_migrations'").fetchone():
            return []
        return [tuple(r) for r in conn.execute("SELECT name, applied_at FROM _migrations ORDER BY rowid")]
    finally:
        conn.close()


LEGACY = [p for p in sorted(FIXTURES.glob("schema-*.sqlite3")) if legacy_record(p)]


def with_step(monkeypatch, step) -> None:
    """The shipped migrations and ``step`` after them, for this test."""
    extended = copy.deepcopy(migrations.MIGRATIONS)
    extended()(step)
    monkeypatch.setattr(migrations, "MIGRATIONS", extended)


def test_the_steps_are_numbered_in_order_without_gaps():
    names = migrations.shipped()
    assert [int(re.fullmatch(r"m(\d{4})_[a-z0-9_]+", n).group(1)) for n in names] == list(range(1, len(names) + 1))


def test_a_step_calls_nothing_outside_its_module():
    """Frozen: the steps' SQL is literal text in migrations.py, which imports nothing of the program
    but the connection (so that editing a store module cannot change an old step)."""
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    imported = {(node.level, node.module) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {(0, alias.name) for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    ours = {(level, module) for level, module in imported if level or (module or "").startswith("loyaltydesk")}
    assert ours == {(1, "db"), (1, "engine")}  # the engine: the one SQLite (SQLCipher), keyed
    assert {module for _level, module in imported} - {"db", "engine"} <= {
        "__future__", "hashlib", "sqlite3", "datetime", "pathlib", "zoneinfo", "jdatetime", "sqlite_utils"}


def test_the_calendar_of_the_stats_step_agrees_with_the_app_on_every_month(db):
    months = db.all("SELECT month_key, season_key, year_key, start_at, end_at FROM jalali_months ORDER BY month_key")
    assert jalali_ymd(from_iso(months[0]["start_at"]))[0] < MIN_YEAR - 621
    assert jalali_ymd(from_iso(months[-1]["end_at"]))[0] > MAX_YEAR - 622
    for row, following in zip(months, months[1:]):
        year, month = divmod(row["month_key"], 100)
        start = from_iso(row["start_at"])
        assert jalali_ymd(start) == (year, month, 1) and jalali_ymd(start - timedelta(seconds=1))[2] >= 29
        assert (row["season_key"], row["year_key"]) == (year * 10 + (month + 2) // 3, year)
        assert row["end_at"] == following["start_at"]


@pytest.mark.parametrize("fixture", LEGACY, ids=lambda p: p.stem)
def test_the_record_of_a_club_of_the_earlier_runner_is_moved_once(tmp_path, fixture):
    old = legacy_record(fixture)
    path = tmp_path / "club.sqlite3"
    shutil.copyfile(fixture, path)
    db = open_database(path, key=club_key(path))
    moved = [tuple(r) for r in db.all("SELECT name, applied_at FROM _sqlite_migrations WHERE migration_set = "
                                      "'loyaltydesk' ORDER BY rowid")]
    assert moved[:len(old)] == [(name, at.replace("T", " ").replace("Z", "+00:00")) for name, at in old]
    assert [name for name, _at in moved] == migrations.shipped()
    assert db.value("SELECT count(*) FROM sqlite_master WHERE name = '_migrations'") == 0
    db.close()
    copies = sorted(p.name for p in tmp_path.glob("club.before-*"))
    assert len(copies) == 1 and legacy_record(tmp_path / copies[0]) == old  # the club as it was, kept aside
    db = open_database(path, key=club_key(path))  # once: nothing left to move or apply, nothing copied
    assert migrations.migrate(db) == [] and migrations.applied(db) == migrations.shipped()
    db.close()
    assert sorted(p.name for p in tmp_path.glob("club.before-*")) == copies


def test_a_failed_move_of_the_record_leaves_the_old_one_whole(tmp_path):
    path = tmp_path / "club.sqlite3"
    shutil.copyfile(LEGACY[-1], path)
    old = legacy_record(path)
    conn = raw_connect(path)
    conn.executescript("""
        CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT);
        CREATE TRIGGER lost BEFORE INSERT ON _sqlite_migrations BEGIN SELECT RAISE(ROLLBACK, 'the disk went away'); END;
    """)
    conn.close()
    with pytest.raises(sqlite3.IntegrityError, match="the disk went away"):  # SQLite's own error, not a rollback's
        open_database(path, key=club_key(path))
    assert legacy_record(path) == old


def test_a_club_an_earlier_version_opened_again_loses_the_empty_record_it_left(tmp_path):
    """The earlier runner, opening a club of this version, made an empty ``_migrations`` and failed at
    its first step (its tables exist): this version drops that table and changes nothing else."""
    path = tmp_path / "club.sqlite3"
    open_database(path, key=club_key(path)).close()
    conn = raw_connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.close()
    db = open_database(path, key=club_key(path))
    assert migrations.applied(db) == migrations.shipped()
    assert differences(schema_of(db.conn), expected_schema()) == []
    db.close()


def test_the_runner_stops_before_a_step_when_asked(tmp_path):
    db = Database(tmp_path / "club.sqlite3", key=club_key(tmp_path / "club.sqlite3"))
    assert migrations.migrate(db, stop_before="m0005_stats") == migrations.shipped()[:4]
    assert migrations.applied(db) == migrations.shipped()[:4]
    assert db.value("SELECT count(*) FROM sqlite_master WHERE name = 'jalali_months'") == 0
    assert migrations.migrate(db) == migrations.shipped()[4:]
    assert differences(schema_of(db.conn), expected_schema()) == []
    db.close()


def test_an_upgrade_copies_the_file_aside_first(tmp_path, monkeypatch):
    path = tmp_path / "club.sqlite3"
    db = open_database(path, key=club_key(path))
    owner = services.owner_session(db)
    services.club.add_tier(owner, "برنزی", 0)
    services.members.sign_up(owner, "09121234567", "علی", "رضایی")
    db.close()

    def m9001_add_colour_note(db):
        db.execute("ALTER TABLE tiers ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    with_step(monkeypatch, m9001_add_colour_note)
    db = open_database(path, key=club_key(path))
    assert db.value("SELECT count(*) FROM tiers WHERE note = ''") == 1
    db.close()
    copies = [p for p in tmp_path.iterdir() if ".before-m9001_add_colour_note-" in p.name]
    assert len(copies) == 1
    old = raw_connect(copies[0], club_key(path))  # the copy is encrypted by the club's own key
    assert old.execute("SELECT mobile FROM members").fetchall() == [("09121234567",)]
    assert "note" not in [r[1] for r in old.execute("PRAGMA table_info(tiers)")]
    old.close()


def m9001_cut_off(db):
    db.execute("ALTER TABLE tiers ADD COLUMN half TEXT")
    raise RuntimeError("power cut in the middle")


def m9001_refused(db):  # a trigger that rolls the whole transaction back: SQLite's error, not a rollback's
    db.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON tiers BEGIN SELECT RAISE(ROLLBACK, 'refused'); END")
    db.execute("ALTER TABLE tiers ADD COLUMN half TEXT")
    db.execute("INSERT INTO tiers (name, threshold) VALUES ('x', 1)")


@pytest.mark.parametrize("step, error, words", [
    (m9001_cut_off, RuntimeError, "power cut in the middle"),
    (m9001_refused, sqlite3.IntegrityError, "refused"),
])
def test_a_failed_step_leaves_the_database_as_it_was_and_stays_pending(tmp_path, monkeypatch, step, error, words):
    path = tmp_path / "club.sqlite3"
    open_database(path, key=club_key(path)).close()
    with_step(monkeypatch, step)
    with pytest.raises(error, match=words):
        open_database(path, key=club_key(path))
    db = Database(path, key=club_key(path))
    assert "half" not in [r[1] for r in db.all("PRAGMA table_info(tiers)")]
    assert migrations.pending(db) == [step.__name__]
    db.close()


def test_a_step_that_only_records_itself_copies_nothing_aside(tmp_path):
    """m0023 is PostgreSQL's (its name search by word prefixes): a club file upgraded to it alone is
    not copied aside (minutes and gigabytes at a million members, for a record)."""
    path = tmp_path / "club.sqlite3"
    db = Database(path, key=club_key(path))
    assert migrations.migrate(db, stop_before="m0023_name_prefixes")[-1] == "m0022_win_until_moves"
    assert migrations.pending(db)[0] == "m0023_name_prefixes" and migrations.RECORD_ONLY == {"m0023_name_prefixes"}
    schema = schema_of(db.conn)
    assert migrations.migrate(db, stop_before="m0024_chain_proofs") == ["m0023_name_prefixes"]
    assert schema_of(db.conn) == schema and migrations.applied(db) == migrations.shipped()[:23]
    db.close()
    assert list(tmp_path.glob("club.before-*")) == []
