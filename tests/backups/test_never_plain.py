"""An encrypted club's backups are never readable without an owner's password or the passphrase:
not the backup file (made by hand or automatically, by the app or the command line), and not the
working copies beside the club while a backup is made, checked or restored. Tried from the outside:
the real program as a subprocess, `strings` and byte scans of every file."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import backup, sealed_box
from loyaltydesk.store import keyslots, pages
from loyaltydesk.store.engine import connect, is_plain_sqlite
from tests.conftest import CLI_OWNER, CLI_PASSWORD, add_cli_owner, cli_env

PROGRAM = str(Path(sys.executable).parent / "loyaltydesk")
MOBILES = ("09121234567", "09351112233", "09190000001")  # the shop fixture's members
CASHIER, CASHIER_PASSWORD = "sara", "cashier-pass-1"
PASS = "stick-passphrase-1404"


@pytest.fixture
def owned(shop, clock):
    """The test shop with its owner (CLI_OWNER) and a cashier, closed: a club at rest."""
    add_cli_owner(shop.db, clock)
    owner = services.users.sign_in(shop.db, CLI_OWNER, CLI_PASSWORD, clock)
    services.users.add_user(owner, CASHIER, CASHIER_PASSWORD, CASHIER_PASSWORD, Role.CASHIER.value)
    path = Path(shop.db.path)
    shop.db.close()
    return path


def readable(raw: bytes) -> list[str]:
    """What of the members a byte scan finds: a mobile in any of its stored forms, a plain SQLite
    header, a gzip stream (which any archive tool opens)."""
    found = [m for m in MOBILES for form in (m, m[1:]) if form.encode() in raw or form.encode("utf-16-le") in raw]
    if b"SQLite format 3\x00" in raw:
        found.append("a plain SQLite header")
    if raw.startswith(b"\x1f\x8b"):
        found.append("a gzip stream")
    return found


def strings_finds(path: Path) -> list[str]:
    if not shutil.which("strings"):
        return []
    text = subprocess.run(["strings", "-n", "6", str(path)], capture_output=True, text=True, check=True).stdout
    return [m for m in MOBILES if m[1:] in text]


def _open(path: Path, clock, user=CLI_OWNER, password=CLI_PASSWORD):
    db = services.open_club(path, create=False, check=True)
    return db, services.users.sign_in(db, user, password, clock)


@pytest.mark.parametrize("how", ["by hand", "by hand with a passphrase", "automatic"])
def test_no_backup_of_an_encrypted_club_shows_a_mobile(owned, tmp_path, clock, how):
    db, owner = _open(owned, clock)
    if how == "automatic":
        info = backup.auto_backup(owner, tmp_path / "stick", at_start=True)
    else:
        info = backup.back_up_now(owner, tmp_path / "stick", passphrase=PASS if "passphrase" in how else None)
    assert info is not None and info.encrypted and info.verified and info.members == 3
    assert info.name.endswith(".ldbk" if "passphrase" in how else ".ldbox")
    assert readable(Path(info.path).read_bytes()) == [] and strings_finds(Path(info.path)) == []
    assert [p.name for p in (tmp_path / "stick").iterdir()] == [info.name]  # nothing else beside it
    db.close()


def test_a_backup_by_hand_without_a_passphrase_is_sealed_to_the_owner(owned, tmp_path, clock):
    db, owner = _open(owned, clock)
    info = backup.back_up_now(owner, tmp_path / "stick")
    assert info.name.endswith("-manual.ldbox") and not info.automatic
    for wrong in (None, CASHIER_PASSWORD, PASS):
        with pytest.raises(sealed_box.BoxNeedsOwner, match="sealed to the club's owners: give an owner's password"):
            backup.verify_backup(owner, info.path, wrong)
    assert backup.verify_backup(owner, info.path, CLI_PASSWORD).members == 3
    result = backup.restore(owner, info.path, CLI_PASSWORD)
    assert result.problems == 0 and result.counts.members == 3
    db.close()


def test_a_club_whose_owner_keys_were_removed_makes_no_plain_backup_by_hand(owned, tmp_path, clock):
    from dataclasses import replace

    db, owner = _open(owned, clock)
    header = keyslots.read(owned)
    keyslots.write(owned, keyslots.signed(replace(header, recipients={}), db.key))  # someone holding the club key
    with pytest.raises(Exception, match="No backup was made: without a passphrase an encrypted club's backup is "
                                        "sealed to its owners"):
        backup.back_up_now(owner, tmp_path / "stick")
    assert not (tmp_path / "stick").exists() or list((tmp_path / "stick").iterdir()) == []
    assert backup.back_up_now(owner, tmp_path / "stick", passphrase=PASS).name.endswith(".ldbk")  # a passphrase still works
    db.close()


# --- the working copies beside the club -------------------------------------------------------------

class Watcher:
    """Looks at every file in the club's folder (but the club, its WAL and key file, and the
    backups' folder) each time the backup asks whether to stop, and keeps what it could read."""

    def __init__(self, club: Path, skip: Path):
        self.club, self.skip, self.looks, self.files, self.found = club, skip, 0, set(), []

    def __call__(self) -> bool:
        self.looks += 1
        own = {self.club.name, f"{self.club.name}-wal", f"{self.club.name}-shm", keyslots.path_of(self.club).name}
        for p in self.club.parent.rglob("*"):
            if p.is_file() and p.name not in own and self.skip not in p.parents:
                self.files.add(p.name)
                try:
                    raw = p.read_bytes()
                except OSError:
                    continue
                self.found += [f"{p.name}: {what}" for what in readable(raw)]
        return False


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["sealed to the owner", "passphrase"])
def test_the_working_copies_of_a_backup_are_never_plain(owned, tmp_path, clock, passphrase):
    db, owner = _open(owned, clock)
    plan = backup.plan_backup(owner, tmp_path / "stick", passphrase)
    db.close()
    watch = Watcher(owned, tmp_path / "stick")
    info = backup.make_copy(plan, watch)
    assert info.verified and info.members == 3
    assert watch.looks > 3 and {"copy.keyed", "packed"} <= watch.files  # it looked while they were there
    assert watch.found == []


def test_the_working_copies_of_a_restore_are_never_plain(owned, tmp_path, clock):
    db, owner = _open(owned, clock)
    made = backup.back_up_now(owner, tmp_path / "stick")
    watch = Watcher(owned, tmp_path / "stick")
    looked_at: list[int] = []

    def progress(done: int, total: int) -> bool:
        if done == 1 and total == 4 and not looked_at:  # checked, not yet replacing: the candidate is there
            watch()
            looked_at.append(done)
        return True

    result = backup.restore(owner, made.path, CLI_PASSWORD, progress=progress)
    assert result.problems == 0 and result.counts.members == 3 and looked_at
    assert "candidate.sqlite3" in watch.files and watch.found == []
    db.close()


def test_pages_read_out_of_an_encrypted_copy_are_the_plain_club(owned, tmp_path, clock):
    """The page codec against SQLCipher itself: decrypted pages open in any SQLite, and written
    back under a new key they open in SQLCipher with that key; a changed byte is refused."""
    import sqlite3

    db, owner = _open(owned, clock)
    key = db.key
    db.close()
    copy = tmp_path / "copy.keyed"
    from loyaltydesk.store import backup as backup_store

    backup_store.copy_file(owned, copy, key=key, plain=False)
    plain = tmp_path / "plain.sqlite3"
    plain.write_bytes(b"".join(pages.plain_pages(copy, key)))
    conn = sqlite3.connect(plain)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(r[0] for r in conn.execute("SELECT mobile FROM members")) == sorted(MOBILES)
    conn.close()
    other = bytes(range(32))
    pages.write_keyed([plain.read_bytes()[i:i + 1000] for i in range(0, plain.stat().st_size, 1000)],
                      tmp_path / "again.keyed", other)
    assert not is_plain_sqlite(tmp_path / "again.keyed") and readable((tmp_path / "again.keyed").read_bytes()) == []
    again = connect(tmp_path / "again.keyed", other)
    assert again.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert again.execute("SELECT count(*) FROM members").fetchone()[0] == 3
    again.close()
    raw = bytearray(copy.read_bytes())
    raw[4096 + 10] ^= 1
    copy.write_bytes(bytes(raw))
    with pytest.raises(pages.PageDamaged, match="page 2 does not verify"):
        list(pages.plain_pages(copy, key))
    gz = tmp_path / "old.sqlite3.gz"  # a plain club's pages (no reserved bytes) cannot be keyed page by page
    fresh = sqlite3.connect(tmp_path / "old.sqlite3")
    fresh.execute("CREATE TABLE t (a)")
    fresh.commit()
    fresh.close()
    gz.write_bytes(gzip.compress((tmp_path / "old.sqlite3").read_bytes()))
    with pytest.raises(pages.NotKeyable):
        pages.write_keyed([(tmp_path / "old.sqlite3").read_bytes()], tmp_path / "no.keyed", other)
    assert not (tmp_path / "no.keyed").exists()


# --- the real program ---------------------------------------------------------------------------------

def _program(club: Path, *args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([PROGRAM, "--db", str(club), "--user", CLI_OWNER, *args], capture_output=True, text=True,
                          env=env or cli_env(LOYALTYDESK_HOME=str(club.parent / "home")), timeout=300)


def test_the_command_line_seals_a_backup_by_hand_and_restores_it_with_the_owners_password(owned, tmp_path):
    done = _program(owned, "--json", "backup", "--to", str(tmp_path / "usb"))
    assert done.returncode == 0, done.stderr
    made = list((tmp_path / "usb").iterdir())
    assert len(made) == 1 and made[0].name.endswith("-manual.ldbox")
    assert readable(made[0].read_bytes()) == [] and strings_finds(made[0]) == []
    done = _program(owned, "backup", "--list", "--to", str(tmp_path / "usb"))
    assert done.returncode == 0 and "encrypted" in done.stdout
    # a cashier's password does not open it, even given as the backup's secret
    secret = tmp_path / "cashier.txt"
    secret.write_text(CASHIER_PASSWORD + "\n", encoding="utf-8")
    done = _program(owned, "backup", "--verify", str(made[0]), "--passphrase-file", str(secret))
    assert done.returncode == 1 and "sealed to the club's owners: give an owner's password" in done.stderr
    done = _program(owned, "backup", "--verify", str(made[0]))  # the password the command signed in with
    assert done.returncode == 0 and "ok — 3 members" in done.stdout, done.stderr
    done = _program(owned, "restore", str(made[0]))
    assert done.returncode == 0 and "restored" in done.stdout and "3 members" in done.stdout, done.stderr
    for leftover in owned.parent.rglob("*"):  # nothing plain left beside the club after all that
        if leftover.is_file() and "usb" not in leftover.parts:
            assert leftover.name.endswith((".log", ".keys")) or readable(leftover.read_bytes()) == [], leftover
