"""Backups and restore: a consistent copy while the app runs, encryption, retention, verify, and a
restore that checks the file first and keeps the current database aside."""

from __future__ import annotations

import shutil
from tests.raw import club_key, raw_connect
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError, NotFound, PermissionDenied, ValidationError
from loyaltydesk.services import backup
from loyaltydesk.store import backup as backup_store
from loyaltydesk.store.db import Database, DatabaseBusy

from tests.clubs import balances

PASS = "گذرواژه‌ی بلند 1404"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema-0001.sqlite3"


def audit_actions(db) -> list[str]:
    return [r[0] for r in db.all("SELECT action FROM audit_log ORDER BY id")]


def test_back_up_now_makes_a_checked_copy_and_audits_it(shop, tmp_path):
    info = backup.back_up_now(shop, tmp_path / "stick")
    assert Path(info.path).parent == tmp_path / "stick" and not info.encrypted and not info.automatic
    assert info.name.startswith("club-20250601T") and info.name.endswith("-manual.sqlite3")
    copy = raw_connect(info.path)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert {r[0]: (r[1], r[2], r[3]) for r in copy.execute("SELECT card, points, tier_id, status FROM members")} \
        == balances(shop.db)
    copy.close()
    found = backup.verify_backup(shop, info.path)
    assert found.members == 3 and found.purchases == 3 and found.migrations[0] == "m0001_initial"
    row = shop.db.one("SELECT actor, role, action, after FROM audit_log ORDER BY id DESC LIMIT 1")
    assert (row["actor"], row["role"], row["action"]) == ("owner", "owner", "back_up") and info.name in row["after"]
    copy = raw_connect(info.path)  # the backup holds its own audit row
    assert copy.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "back_up"
    copy.close()
    assert [b.name for b in backup.list_backups(shop, tmp_path / "stick")] == [info.name]


def test_two_backups_within_a_second_are_two_files(shop, tmp_path):
    stick = tmp_path / "stick"
    first, second = backup.back_up_now(shop, stick), backup.back_up_now(shop, stick)  # the clock stands still
    assert sorted(p.name for p in stick.iterdir()) == sorted([first.name, second.name]) and first.name != second.name
    assert [b.created_at for b in backup.list_backups(shop, stick)] == ["2025-06-01T09:00:01Z", "2025-06-01T09:00:00Z"]


def test_the_default_folder_is_beside_the_database_and_the_setting_moves_it(shop, tmp_path):
    assert Path(backup.back_up_now(shop).path).parent == Path(shop.db.path).parent / "backups"
    services.club.update_settings(shop, backup_folder=str(tmp_path / "usb"))
    shop.clock.advance(seconds=1)
    assert Path(backup.back_up_now(shop).path).parent == tmp_path / "usb"


def test_a_backup_made_while_another_window_writes_is_consistent(shop, tmp_path):
    other = Database(shop.db.path, key=club_key(shop.db.path))
    s = services.owner_session(other, clock=shop.clock)
    with other.transaction():  # a purchase half-way: not committed while the copy is made
        services.checkout.register_purchase(s, shop.cards[1], 5_000_000)
        backup_store.copy_to(shop.db, tmp_path / "copy.sqlite3")
        shop.db.conn.execute("PRAGMA busy_timeout = 200")
        with pytest.raises(DatabaseBusy):  # its audit row cannot be written yet: no unaudited copy is made
            backup.back_up_now(shop, tmp_path / "stick")
        assert list((tmp_path / "stick").iterdir()) == []
    other.close()
    assert backup_store.inspect(tmp_path / "copy.sqlite3").purchases == 3  # the old state, whole
    assert shop.db.value("SELECT count(*) FROM purchases") == 4
    assert backup.verify_backup(shop, backup.back_up_now(shop, tmp_path / "stick").path).purchases == 4


def test_an_encrypted_backup_hides_the_members_and_needs_its_passphrase(shop, tmp_path):
    info = backup.back_up_now(shop, tmp_path / "stick", passphrase=PASS)
    assert info.encrypted and info.name.endswith(".ldbk")
    raw = Path(info.path).read_bytes()
    assert raw.startswith(b"LDBKENC\x02") and b"09121234567" not in raw and b"SQLite format" not in raw
    assert backup.verify_backup(shop, info.path, PASS).members == 3
    with pytest.raises(LoyaltyError, match="is encrypted: give its passphrase"):
        backup.verify_backup(shop, info.path)
    with pytest.raises(backup.WrongPassphrase, match=f"^The passphrase of the backup {info.name} is wrong.$"):
        backup.verify_backup(shop, info.path, "not the passphrase")
    assert [p.name for p in (tmp_path / "stick").iterdir()] == [info.name]  # no plain copy, no partial
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["stick"]  # the plain copy was removed


@pytest.mark.parametrize("damage, refused", [
    ("cut", backup.BackupCutShort), ("flip", backup.SealedBackupDamaged), ("append", backup.SealedBackupDamaged),
    ("header", backup.SealedBackupDamaged),
])
def test_a_damaged_encrypted_backup_is_refused(shop, tmp_path, damage, refused):
    path = Path(backup.back_up_now(shop, tmp_path, passphrase=PASS).path)
    raw = bytearray(path.read_bytes())
    if damage == "cut":
        raw = raw[: len(raw) // 2]
    elif damage == "flip":
        raw[len(raw) // 2] ^= 0x01
    elif damage == "append":
        raw += b"\0" * 100
    else:
        raw[9] ^= 0xFF  # a scrypt parameter: the header's digest and every chunk cover it
    path.write_bytes(bytes(raw))
    with pytest.raises(refused) as caught:
        backup.verify_backup(shop, path, PASS)
    assert type(caught.value) is refused and path.name in caught.value.message


@pytest.mark.parametrize("passphrase", ["", "short", "1234567"])
def test_a_short_passphrase_is_refused_and_nothing_is_written(shop, tmp_path, passphrase):
    with pytest.raises(ValidationError, match="at least 8 characters"):
        backup.back_up_now(shop, tmp_path / "stick", passphrase=passphrase)
    assert list((tmp_path / "stick").iterdir()) == []


def test_a_multi_chunk_file_round_trips(tmp_path):
    plain = tmp_path / "big.bin"
    plain.write_bytes(bytes(range(256)) * (backup.CHUNK // 256 * 2 + 7))  # two chunks and a bit
    backup.encrypt_file(plain, tmp_path / "big.ldbk", PASS)
    backup.decrypt_file(tmp_path / "big.ldbk", tmp_path / "back.bin", PASS)
    assert (tmp_path / "back.bin").read_bytes() == plain.read_bytes()
    exact = tmp_path / "exact.bin"
    exact.write_bytes(b"x" * backup.CHUNK)  # exactly one chunk: still one final chunk
    backup.encrypt_file(exact, tmp_path / "exact.ldbk", PASS)
    backup.decrypt_file(tmp_path / "exact.ldbk", tmp_path / "exact.out", PASS)
    assert (tmp_path / "exact.out").read_bytes() == exact.read_bytes()


# --- restore ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "encrypted"])
def test_restore_brings_back_the_club_and_keeps_the_current_one_aside(shop, tmp_path, passphrase):
    kept = balances(shop.db)
    info = backup.back_up_now(shop, tmp_path / "stick", passphrase=passphrase)
    shop.clock.advance(hours=1)
    services.checkout.register_purchase(shop, shop.cards[1], 90_000_000)  # after the backup
    services.members.sign_up(shop, "09120000000")
    changed = balances(shop.db)
    other = Database(shop.db.path, key=club_key(shop.db.path))  # a second window, open during the restore
    result = backup.restore(shop, info.path, passphrase)
    assert balances(shop.db) == kept and balances(other.db if hasattr(other, "db") else other) == kept
    other.close()
    assert result.problems == 0 and result.counts.purchases == 3 and result.migrated == ()
    aside = raw_connect(result.kept_aside, shop.db.key)  # a copy of the encrypted file, under its key
    assert {r[0]: (r[1], r[2], r[3]) for r in aside.execute("SELECT card, points, tier_id, status FROM members")} == changed
    aside.close()
    assert ".before-restore-" in result.kept_aside
    assert audit_actions(shop.db)[-1] == "restore"  # recorded in the restored club
    assert services.check.check_database(shop) == []


def test_back_up_delete_the_database_restore_same_balances(tmp_path, clock):
    """The issue's 'done when': a new user backs up, loses the database, restores."""
    path = tmp_path / "data" / "club.sqlite3"
    db = services.open_club(path, key=club_key(path))
    owner = services.owner_session(db, clock=clock)
    services.club.add_tier(owner, "برنزی", 0)
    card = services.members.sign_up(owner, "09121234567", "علی").card
    services.checkout.register_purchase(owner, card, 12_345_000)
    kept = balances(db)
    info = backup.back_up_now(owner, tmp_path / "usb")
    db.close()
    for p in path.parent.iterdir():
        p.unlink() if p.is_file() else shutil.rmtree(p)
    db = services.open_club(path, key=club_key(path))  # a new, empty club
    owner = services.owner_session(db, clock=clock)
    assert balances(db) == {}
    backup.restore(owner, info.path)
    assert balances(db) == kept
    db.close()
    db = services.open_club(path, key=club_key(path))  # and it is still there after reopening
    assert balances(db) == kept
    db.close()


def test_restoring_a_backup_of_an_older_version_upgrades_it(shop, tmp_path):
    result = backup.restore(shop, FIXTURE)
    assert "m0003_checkout_keys" in result.migrated and result.counts.members == 60
    assert result.problems == 0
    assert shop.db.value("SELECT count(*) FROM pragma_table_info('purchases') WHERE name = 'checkout_key'") == 1


def _not_sqlite(p: Path):
    p.write_bytes(b"PK\x03\x04 this is an xlsx, not a database" * 50)


def _other_sqlite(p: Path):
    c = raw_connect(p)
    c.execute("CREATE TABLE customers (name TEXT)")
    c.commit()
    c.close()


def _newer(p: Path, src: str):
    backup_store.copy_file(Path(src), p, key=club_key(src))  # a plain copy, as a backup holds
    c = raw_connect(p)
    c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
              "VALUES ('loyaltydesk', 'm0099_from_the_future', '2030-01-01 00:00:00+00:00')")
    c.commit()
    c.close()


def _damaged(p: Path, src: str):
    raw = bytearray(Path(src).read_bytes())
    for at in range(4096 * 3, len(raw), 4096):  # scribble over every page after the third
        raw[at + 100: at + 400] = b"\xAB" * 300
    p.write_bytes(bytes(raw))


@pytest.mark.parametrize("make, message", [
    (lambda p, src: _not_sqlite(p), "is not a LoyaltyDesk club database"),
    (lambda p, src: _other_sqlite(p), "is not a LoyaltyDesk club database"),
    (lambda p, src: p.write_bytes(b""), "is not a LoyaltyDesk club database"),
    (_newer, "newer LoyaltyDesk"),
    (_damaged, "damaged|not a LoyaltyDesk"),
], ids=["xlsx", "other sqlite", "empty", "newer", "damaged"])
def test_restore_refuses_a_bad_file_and_changes_nothing(shop, tmp_path, make, message):
    good = backup.back_up_now(shop, tmp_path / "good").path
    bad = tmp_path / "bad.sqlite3"
    make(bad, good)
    kept, audit = balances(shop.db), audit_actions(shop.db)
    with pytest.raises(LoyaltyError, match=message):
        backup.restore(shop, bad)
    assert balances(shop.db) == kept and audit_actions(shop.db) == audit
    assert not [p for p in Path(shop.db.path).parent.iterdir() if "before-restore" in p.name]
    with pytest.raises(LoyaltyError, match=message):
        backup.verify_backup(shop, bad)


def test_restore_of_a_missing_file_is_not_found(shop, tmp_path):
    with pytest.raises(NotFound, match="no backup file"):
        backup.restore(shop, tmp_path / "nowhere.sqlite3")


def test_restore_while_another_window_writes_is_busy_and_replaces_nothing(shop, tmp_path):
    info = backup.back_up_now(shop, tmp_path)
    services.members.sign_up(shop, "09120000000")
    kept = balances(shop.db)
    shop.db.conn.execute("PRAGMA busy_timeout = 200")
    other = Database(shop.db.path, key=club_key(shop.db.path))
    with other.transaction():
        other.execute("UPDATE settings SET value = value")  # holds the write lock
        with pytest.raises(DatabaseBusy):
            backup.restore(shop, info.path)
    other.close()
    assert balances(shop.db) == kept


def test_a_cashier_may_not_back_up_by_hand_or_restore_but_the_automatic_backup_runs(shop, cashier, tmp_path):
    info = backup.back_up_now(shop, tmp_path)
    for action in (lambda: backup.back_up_now(cashier, tmp_path), lambda: backup.restore(cashier, info.path),
                   lambda: backup.list_backups(cashier, tmp_path), lambda: backup.verify_backup(cashier, info.path)):
        with pytest.raises(PermissionDenied, match="cashier may not"):
            action()
    cashier.clock.advance(days=2)
    assert backup.auto_backup(cashier, tmp_path).automatic


# --- the automatic backup and retention ---------------------------------------------------------------

def test_automatic_backup_at_start_and_daily(shop, tmp_path):
    clock = shop.clock
    assert backup.auto_backup(shop, tmp_path, at_start=True) is not None
    clock.advance(minutes=30)
    assert backup.auto_backup(shop, tmp_path, at_start=True) is None  # restarted within the hour
    clock.advance(hours=2)
    assert backup.auto_backup(shop, tmp_path, at_start=True) is not None
    clock.advance(hours=20)
    assert backup.auto_backup(shop, tmp_path) is None  # the newest is less than a day old
    clock.advance(hours=5)
    assert backup.auto_backup(shop, tmp_path) is not None
    assert audit_actions(shop.db).count("auto_backup") == 3


def test_retention_keeps_n_days_and_m_weeks_of_automatic_backups_and_every_manual_one(shop, tmp_path):
    services.club.update_settings(shop, backup_keep_daily=3, backup_keep_weekly=2)
    manual = backup.back_up_now(shop, tmp_path)
    for _ in range(40):  # forty days, two automatic backups a day
        shop.clock.advance(hours=12)
        backup.auto_backup(shop, tmp_path, at_start=True)
    left = backup.list_backups(shop, tmp_path)
    autos = [b for b in left if b.automatic]
    assert manual.name in [b.name for b in left]
    days = {datetime.fromisoformat(b.created_at.replace("Z", "+00:00")).date() for b in autos}
    assert 3 <= len(autos) <= 5 and len(days) == len(autos)  # one a day for 3 days, + up to 2 weeks
    assert autos[0].created_at == backup._scan(tmp_path)[0].created_at  # the newest is kept


def _b(day: int, hour: int, automatic=True) -> backup.BackupInfo:
    at = datetime(2025, 6, 7, 6, 0, tzinfo=timezone.utc) + timedelta(days=day, hours=hour)  # day 0: a Saturday
    return backup.BackupInfo(f"/b/{day}-{hour}-{automatic}", "", at.strftime("%Y-%m-%dT%H:%M:%SZ"), 1, False, automatic)


# (backups as (day, hour), keep daily, keep weekly) -> (day, hour) pruned
RETENTION = [
    ([(0, 0)], 1, 0, []),
    ([(0, 0), (0, 5)], 1, 0, [(0, 0)]),  # two the same day: the newer stays
    ([(0, 0), (1, 0), (2, 0)], 2, 0, [(0, 0)]),
    ([(0, 0), (1, 0), (2, 0)], 2, 1, [(0, 0)]),  # all one week: its newest is already kept
    ([(0, 0), (7, 0), (14, 0), (15, 0)], 1, 2, [(0, 0), (14, 0)]),  # day 15 daily; weeks of 15 and 7
    ([(d, 0) for d in range(30)], 7, 4, [(d, 0) for d in range(30) if d not in {29, 28, 27, 26, 25, 24, 23, 20, 13}]),  # weeks start day 0, 7, 14...
]


@pytest.mark.parametrize("made, daily, weekly, pruned", RETENTION)
def test_to_prune(made, daily, weekly, pruned):
    infos = [_b(d, h) for d, h in made] + [_b(0, 1, automatic=False)]
    got = backup.to_prune(infos, daily, weekly)
    assert sorted(b.path for b in got) == sorted(_b(d, h).path for d, h in pruned)


@pytest.mark.parametrize("changes, field", [
    (dict(backup_keep_daily=0), "backup_keep_daily"),
    (dict(backup_keep_weekly=-1), "backup_keep_weekly"),
    (dict(backup_folder="E:\\\n"), "backup_folder"),
])
def test_backup_settings_are_validated(shop, changes, field):
    with pytest.raises(ValidationError) as caught:
        services.club.update_settings(shop, **changes)
    assert [p.field for p in caught.value.problems] == [field]
