"""The HMAC of the club file's pages (issue 21: every page read pays it): the program writes
HMAC-SHA256 (twice as fast as SHA-512 on a processor with SHA extensions) and reads the clubs,
backups and copies an earlier version wrote with SHA-512, SQLCipher's default. A club of either
kind is opened, sold to, checked, backed up, restored and copied aside before an upgrade; the
page codec of the backups reads and writes both."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.services import backup
from loyaltydesk.store import backup as backup_store
from loyaltydesk.store import cipher, crypt, migrations, pages
from loyaltydesk.store.engine import connect, hmac_of
from tests.backups.test_never_plain import CLI_PASSWORD, MOBILES, _open, owned  # noqa: F401 - the fixture
from tests.raw import club_key


def written_as_before(club: Path) -> None:
    """The club file written again as an earlier version wrote it: every page's HMAC SHA-512 (the
    same key: its key file opens it as before)."""
    key = club_key(club)
    conn = connect(club, key)
    earlier = club.with_name("earlier.sqlite3")
    crypt.export(conn, earlier, key, cipher.SHA512)
    conn.close()
    earlier.replace(club)


@pytest.fixture(params=[cipher.SHA256, cipher.SHA512], ids=["this version's club", "an earlier version's club"])
def either(request, owned):  # noqa: F811 - the fixture imported
    if request.param == cipher.SHA512:
        written_as_before(owned)
    assert cipher.file_hmac(owned, club_key(owned)) == request.param
    return owned, request.param


def test_a_new_club_is_written_with_hmac_sha256(owned):  # noqa: F811
    key = club_key(owned)
    assert cipher.file_hmac(owned, key) == cipher.SHA256
    conn = connect(owned, key)
    assert hmac_of(conn) == cipher.SHA256 and conn.execute("SELECT count(*) FROM members").fetchone()[0] == 3
    conn.close()
    assert cipher.file_hmac(owned, bytes(32)) is None  # another key: page 1 verifies under neither


def test_either_club_sells_checks_backs_up_and_restores_and_keeps_its_pages_hmac(either, tmp_path, clock):
    path, algorithm = either
    db, owner = _open(path, clock)
    services.checkout.register_purchase(owner, services.members.find_members(owner, MOBILES[0])[0].card, 1_200_000)
    assert services.check.check_database(owner) == []
    made = backup.back_up_now(owner, tmp_path / "stick")
    services.checkout.register_purchase(owner, services.members.find_members(owner, MOBILES[1])[0].card, 900_000)
    result = backup.restore(owner, made.path, CLI_PASSWORD)
    assert result.problems == 0 and result.counts.members == 3
    assert services.check.check_database(owner) == []
    assert db.value("SELECT count(*) FROM purchases") == result.counts.purchases  # the later purchase undone
    db.close()
    assert cipher.file_hmac(path, club_key(path)) == algorithm  # restored into the club as it is


def test_a_copy_aside_before_an_upgrade_is_written_as_the_club(either, clock):
    path, algorithm = either
    db, _owner = _open(path, clock)
    aside = migrations.copy_aside(db, "m9999_test")
    db.close()
    key = club_key(path)
    assert cipher.file_hmac(aside, key) == algorithm
    conn = connect(aside, key)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 3
    conn.close()


def test_the_page_codec_reads_and_writes_either_hmac(either, tmp_path):
    path, algorithm = either
    key = club_key(path)
    copy = tmp_path / "copy.keyed"
    backup_store.copy_file(path, copy, key=key, plain=False)
    assert cipher.file_hmac(copy, key) == algorithm  # a copy page by page keeps its source's HMAC
    plain = tmp_path / "plain.sqlite3"
    plain.write_bytes(b"".join(pages.plain_pages(copy, key)))
    assert plain.read_bytes()[20] == 80  # SQLite's reserved bytes: SQLCipher's (its HMAC uses the last 48 or 80)
    conn = sqlite3.connect(plain)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    other = bytes(range(32))
    pages.write_keyed([plain.read_bytes()], tmp_path / "again.keyed", other)
    assert cipher.file_hmac(tmp_path / "again.keyed", other) == cipher.SHA256  # written as the program writes
    again = connect(tmp_path / "again.keyed", other)
    assert again.execute("SELECT count(*) FROM members").fetchone()[0] == 3
    again.close()
    raw = bytearray(copy.read_bytes())
    raw[2 * 4096 - 1] ^= 1  # the last byte of page 2's HMAC
    copy.write_bytes(bytes(raw))
    with pytest.raises(pages.PageDamaged, match="page 2 does not verify"):
        list(pages.plain_pages(copy, key))
