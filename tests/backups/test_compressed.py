"""Compressed backups: automatic ones are gzip files any archive tool opens, sealed ones compress
before sealing, restore and verify read them and still read the plain and sealed backups of earlier
versions; the automatic ones are kept by a total size as well as by age."""

from __future__ import annotations

import gzip
from tests.raw import raw_connect
from datetime import datetime, timedelta, timezone

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.services import backup
from loyaltydesk.store import backup as backup_store

from tests.clubs import balances

PASS = "a long passphrase"


def test_the_automatic_backup_is_a_gzip_of_the_club_that_opens_elsewhere(shop, tmp_path):
    info = backup.auto_backup(shop, tmp_path / "stick")
    assert info.name.endswith("-auto.sqlite3.gz") and info.compressed and not info.encrypted and info.verified
    (tmp_path / "out.sqlite3").write_bytes(gzip.decompress((tmp_path / "stick" / info.name).read_bytes()))
    conn = raw_connect(tmp_path / "out.sqlite3")  # what gunzip or 7-Zip gives is the club itself
    assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == info.members == 3
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    plain = backup.back_up_now(shop, tmp_path / "stick")  # by hand, without a passphrase: plain, as before
    assert plain.name.endswith("-manual.sqlite3") and not plain.compressed
    assert info.size < plain.size / 2
    listed = {b.name: b.compressed for b in backup.list_backups(shop, tmp_path / "stick")}
    assert listed == {info.name: True, plain.name: False}


def test_restore_and_verify_read_compressed_sealed_and_earlier_backups(shop, tmp_path):
    kept = balances(shop.db)
    auto = backup.auto_backup(shop, tmp_path)
    sealed = backup.back_up_now(shop, tmp_path, passphrase=PASS)
    backup.decrypt_file(sealed.path, tmp_path / "inside", PASS)
    assert backup.is_compressed(tmp_path / "inside")  # compressed before sealing
    # as earlier versions wrote them: a plain copy, and a plain copy sealed
    backup_store.copy_to(shop.db, tmp_path / "old-plain.sqlite3")
    backup.encrypt_file(tmp_path / "old-plain.sqlite3", tmp_path / "old-sealed.ldbk", PASS)
    for path, passphrase in ((auto.path, None), (sealed.path, PASS), (tmp_path / "old-plain.sqlite3", None),
                             (tmp_path / "old-sealed.ldbk", PASS)):
        assert backup.verify_backup(shop, path, passphrase).members == 3
        services.members.sign_up(shop, "09120000000")  # changed after the backup
        r = backup.restore(shop, path, passphrase)
        assert (r.counts.members, r.problems) == (3, 0) and balances(shop.db) == kept, path


@pytest.mark.parametrize("spoil, error", [
    (lambda b: b[: len(b) // 2], backup.BackupCutShort),  # the copy was interrupted
    (lambda b: b[:-8] + bytes(8), backup.BackupCompressedDamaged),  # its CRC and length gone
    (lambda b: b[:40] + bytes(x ^ 0xFF for x in b[40:60]) + b[60:], backup_store.BackupDamaged),  # bits flipped
])
def test_a_damaged_compressed_backup_is_refused_and_nothing_is_replaced(shop, tmp_path, spoil, error):
    info = backup.auto_backup(shop, tmp_path)
    bad = tmp_path / "bad-20250601T080000Z-auto.sqlite3.gz"
    bad.write_bytes(spoil((tmp_path / info.name).read_bytes()))
    kept = balances(shop.db)
    for action in (lambda: backup.verify_backup(shop, bad), lambda: backup.restore(shop, bad)):
        with pytest.raises(error):
            action()
    assert balances(shop.db) == kept


def test_a_compressed_backup_that_does_not_read_back_as_written_is_deleted(shop, tmp_path, monkeypatch):
    real = backup.file_digest
    monkeypatch.setattr(backup, "file_digest", lambda path, cancelled=None, moved=None: real(path, cancelled, moved)[::-1])
    with pytest.raises(backup.BackupNotVerified, match="it is not what was written"):
        backup.auto_backup(shop, tmp_path / "stick")
    assert list((tmp_path / "stick").iterdir()) == []


def test_a_backup_stopped_while_compressing_leaves_nothing(shop, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "PACK_BLOCK", 4096)  # many blocks, each a chance to stop
    plan = backup.plan_auto_backup(shop, tmp_path / "stick")
    asked = []

    def cancelled():  # yes once the copy is done: the compression is what stops
        asked.append(1)
        return (tmp_path / "stick" / (plan.dest.split("/")[-1] + ".partial")).exists()

    with pytest.raises(backup_store.BackupCancelled):
        backup.make_copy(plan, cancelled)
    assert asked and list((tmp_path / "stick").iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["stick"]  # no plain copy left beside the club


def _b(day: int, mb: float, automatic=True) -> backup.BackupInfo:
    at = datetime(2025, 6, 7, 6, 0, tzinfo=timezone.utc) + timedelta(days=day)
    return backup.BackupInfo(f"/b/{day}-{automatic}", "", at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                             int(mb * backup.MEGABYTE), False, automatic)


# (automatic backups as (day, MB), keep daily, MB in all) -> days pruned; a manual one of 100 MB beside them
BY_SIZE = [
    ([(0, 10), (1, 10), (2, 10)], 7, 0, []),  # no limit
    ([(0, 10), (1, 10), (2, 10)], 7, 30, []),  # exactly the limit
    ([(0, 10), (1, 10), (2, 10)], 7, 25, [0]),  # the oldest goes first
    ([(0, 10), (1, 10), (2, 10)], 7, 5, [0, 1]),  # the newest stays, even alone above the limit
    ([(0, 1), (1, 50), (2, 1)], 7, 10, [0, 1]),  # nothing older than the first one that does not fit
    ([(d, 1) for d in range(10)], 3, 100, list(range(7))),  # age prunes first; size then has room
]


@pytest.mark.parametrize("made, daily, keep_mb, pruned", BY_SIZE)
def test_to_prune_by_total_size(made, daily, keep_mb, pruned):
    infos = [_b(d, mb) for d, mb in made] + [_b(0, 100, automatic=False)]
    got = backup.to_prune(infos, daily, 0, keep_mb)
    assert sorted(b.path for b in got) == sorted(f"/b/{d}-True" for d in pruned)


def test_automatic_backups_are_pruned_to_the_size_setting(shop, tmp_path, monkeypatch):
    services.club.update_settings(shop, backup_keep_daily=30, backup_keep_weekly=0, backup_keep_mb=1)
    monkeypatch.setattr(backup, "MEGABYTE", 1)  # the test club's backups are kilobytes: count bytes
    made = []
    for _ in range(4):
        made.append(backup.auto_backup(shop, tmp_path))
        shop.clock.advance(days=1)
    size = made[-1].size
    services.club.update_settings(shop, backup_keep_mb=2 * size + size // 2)
    made.append(backup.auto_backup(shop, tmp_path))
    left = [b.name for b in backup.list_backups(shop, tmp_path)]
    assert left == [made[-1].name, made[-2].name]


@pytest.mark.parametrize("value, ok", [(0, True), (5_000, True), (100_000_000, True), (-1, False), (100_000_001, False)])
def test_the_size_setting_is_checked(shop, value, ok):
    if ok:
        assert services.club.update_settings(shop, backup_keep_mb=value).backup_keep_mb == value
    else:
        with pytest.raises(ValidationError) as e:
            services.club.update_settings(shop, backup_keep_mb=value)
        assert [p.field for p in e.value.problems] == ["backup_keep_mb"]


def _from_file(tmp_path, data: bytes) -> bytes:
    src = tmp_path / "copy.sqlite3.gz"
    src.write_bytes(data)
    return b"".join(backup._unpacked_blocks(src, "copy.sqlite3.gz"))


def _from_opened(tmp_path, data: bytes) -> bytes:
    from loyaltydesk.store import pages

    opened = pages.EphemeralFile(tmp_path / "opened")
    with opened.writer() as w:
        w.write(data)
    return b"".join(backup._opened_blocks(opened, "copy.sqlite3.gz"))


PLAIN = bytes(range(256)) * 600


@pytest.mark.parametrize("read", [_from_file, _from_opened], ids=["backup file", "opened sealed backup"])
@pytest.mark.parametrize("spoil, error", [
    (lambda b: b, None),
    (lambda b: b[: len(b) // 2], backup.BackupCutShort),
    (lambda b: b[:-8] + bytes(8), backup.BackupCompressedDamaged),
    (lambda b: b[:-8] + bytes(x ^ 0xFF for x in b[-8:]), backup.BackupCompressedDamaged),
])
def test_one_gzip_loop_reads_a_backup_file_and_an_opened_sealed_one_alike(tmp_path, monkeypatch, read, spoil, error):
    monkeypatch.setattr(backup, "PACK_BLOCK", 4096)  # several blocks
    data = spoil(gzip.compress(PLAIN))
    if error is None:
        assert read(tmp_path, data) == PLAIN
    else:
        with pytest.raises(error) as caught:
            read(tmp_path, data)
        assert caught.value.params["name"] == "copy.sqlite3.gz"
