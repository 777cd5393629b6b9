"""Encryption at rest, tried as an attacker at the shop PC would: the copied file, `strings`, a
wrong password, a cashier's password against the owner's slot, an edited key file, an old plain
club upgraded, the failure counter kept where the club cannot be opened."""

from __future__ import annotations

import json
import shutil
import sqlite3 as stdlib_sqlite3
import subprocess
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.domain import passwords
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import seals
from loyaltydesk.services.users import SignInRefused
from loyaltydesk.store import ClubLocked, keyslots
from loyaltydesk.store import seals as seal_store
from loyaltydesk.store.crypt import counts
from loyaltydesk.store.engine import connect, is_plain_sqlite
from tests.conftest import CLI_OWNER, CLI_PASSWORD, add_cli_owner
from tests.raw import copy_club

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASHIER, CASHIER_PASSWORD = "sara", "cashier-pass-1"
MOBILES = ("09121234567", "09351112233", "09190000001")  # the shop fixture's members


@pytest.fixture
def owned(shop, clock):
    """The test shop with its owner (CLI_OWNER) and a cashier, closed: a club at rest."""
    add_cli_owner(shop.db, clock)
    owner = services.users.sign_in(shop.db, CLI_OWNER, CLI_PASSWORD, clock)
    services.users.add_user(owner, CASHIER, CASHIER_PASSWORD, CASHIER_PASSWORD, Role.CASHIER.value)
    path = Path(shop.db.path)
    shop.db.close()
    return path


def _open(path: Path, user: str = CLI_OWNER, password: str = CLI_PASSWORD, clock=None):
    db = services.open_club(path, create=False, check=True)
    session = services.users.sign_in(db, user, password, **({"clock": clock} if clock else {}))
    return db, session


def _bytes_of_club(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_a_copied_club_file_does_not_open_in_plain_sqlite(owned, tmp_path):
    stolen = tmp_path / "stolen.sqlite3"
    shutil.copy(owned, stolen)
    assert not is_plain_sqlite(stolen)
    conn = stdlib_sqlite3.connect(stolen)
    with pytest.raises(stdlib_sqlite3.DatabaseError, match="not a database"):
        conn.execute("SELECT mobile FROM members").fetchall()
    conn.close()
    with pytest.raises(Exception, match="not a database"):  # nor in SQLCipher without the key
        connect(stolen).execute("SELECT mobile FROM members").fetchall()


def test_no_mobile_is_found_in_the_file_by_strings_or_by_scanning_its_bytes(owned):
    raw = _bytes_of_club(owned)
    for mobile in MOBILES:
        for form in (mobile, mobile[1:], mobile.encode("utf-16-le").decode("latin-1")):
            assert form.encode("latin-1") not in raw
    if shutil.which("strings"):
        found = subprocess.run(["strings", "-n", "6", str(owned)], capture_output=True, text=True, check=True).stdout
        assert not [m for m in MOBILES if m[1:] in found]
    db, _ = _open(owned)  # the same file holds them all, for who has the key
    assert sorted(r[0] for r in db.all("SELECT mobile FROM members")) == sorted(MOBILES)
    db.close()


def test_the_demo_clubs_mobiles_are_not_in_its_file(tmp_path, clock):
    path = tmp_path / "demo.sqlite3"
    db = services.open_club(path)
    services.demo.make_demo_club(db, clock, member_count=200)
    mobiles = [r[0] for r in db.all("SELECT mobile FROM members")]
    db.close()
    raw = _bytes_of_club(path)
    assert len(mobiles) == 200 and not [m for m in mobiles if m[2:].encode() in raw]


def test_a_wrong_password_unwraps_nothing_and_the_club_stays_locked(owned, clock):
    header = keyslots.read(owned)
    slot = header.slots[CLI_OWNER]
    verifier, wrap_key = passwords.derive("not-the-password", slot.salt, (slot.n, slot.r, slot.p))
    assert keyslots.open_slot(slot, CLI_OWNER, wrap_key) is None
    db = services.open_club(owned, create=False)
    assert db.locked
    with pytest.raises(ClubLocked):
        db.value("SELECT count(*) FROM members")
    with pytest.raises(SignInRefused, match="Wrong user name or password"):
        services.users.sign_in(db, CLI_OWNER, "not-the-password", clock)
    with pytest.raises(SignInRefused):
        services.users.sign_in(db, "nobody", CLI_PASSWORD, clock)
    assert db.locked
    db.close()


def test_a_cashiers_password_opens_only_her_own_slot_and_never_the_owners_keys(owned, clock):
    header = keyslots.read(owned)
    mine, owners = header.slots[CASHIER], header.slots[CLI_OWNER]
    _, my_wrap = passwords.derive(CASHIER_PASSWORD, mine.salt, (mine.n, mine.r, mine.p))
    club_key = keyslots.open_slot(mine, CASHIER, my_wrap)
    assert club_key is not None  # she can open the club...
    _, wrap_at_owners_salt = passwords.derive(CASHIER_PASSWORD, owners.salt, (owners.n, owners.r, owners.p))
    for attempt in (my_wrap, wrap_at_owners_salt):  # ... but not the owner's slot, with either derivation
        assert keyslots.open_slot(owners, CLI_OWNER, attempt) is None
    db, session = _open(owned, CASHIER, CASHIER_PASSWORD, clock)
    assert session.user.role is Role.CASHIER
    owner_id = db.value("SELECT id FROM users WHERE username = ?", (CLI_OWNER,))
    stored = seal_store.current_key(db, owner_id)
    assert stored is not None and stored.wrapped.startswith(b"LDK2")
    assert seals.unwrap(stored.wrapped, CASHIER_PASSWORD, owner_id, stored.public_key, (my_wrap,)) is None
    assert seals.unlocked(db) is None  # her sign-in unlocked no owner's key
    db.close()


def test_a_slot_written_under_the_owners_name_by_a_cashier_opens_nothing(owned, clock):
    """The cashier holds the club key: she can write a slot for 'owner' under her password. The
    verifier of the same derivation is not the owner's hash in the club: refused."""
    header = keyslots.read(owned)
    mine = header.slots[CASHIER]
    _, my_wrap = passwords.derive(CASHIER_PASSWORD, mine.salt, (mine.n, mine.r, mine.p))
    club_key = keyslots.open_slot(mine, CASHIER, my_wrap)
    forged = passwords.new_secret(CASHIER_PASSWORD)
    slot = keyslots.make_slot(club_key, CLI_OWNER, forged.cost, forged.salt, forged.wrap_key)
    keyslots.write(owned, keyslots.signed(keyslots.Header({**header.slots, CLI_OWNER: slot}), club_key))
    db = services.open_club(owned, create=False)
    with pytest.raises(SignInRefused, match="Wrong user name or password"):
        services.users.sign_in(db, CLI_OWNER, CASHIER_PASSWORD, clock)
    assert db.value("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "sign_in_failed"
    db.close()


def _edit(path: Path, change) -> None:
    keys = keyslots.path_of(path)
    raw = json.loads(keys.read_text(encoding="utf-8"))
    change(raw)
    keys.write_text(json.dumps(raw), encoding="utf-8")


def _flip(hex_text: str) -> str:
    return ("0" if hex_text[0] != "0" else "1") + hex_text[1:]


@pytest.mark.parametrize("name, change, detail", [
    ("mac", lambda k: k.update(mac=_flip(k["mac"])), "its seal does not verify"),
    ("a slot removed", lambda k: k["slots"].pop(CASHIER), "its seal does not verify"),
    ("setup key put back", lambda k: k.update(setup="00" * 32), "its seal does not verify"),
    ("version", lambda k: k.update(version=99), "version 99"),
    ("not ours", lambda k: k.update(format="other"), "not a LoyaltyDesk key file"),
    ("slot cut", lambda k: k["slots"][CLI_OWNER].update(key="00"), "bytes where 48 belong"),
])
def test_an_edited_key_file_is_refused_with_a_clear_message(owned, clock, name, change, detail):
    _edit(owned, change)
    with pytest.raises(keyslots.KeyFileTampered) as refused:
        _open(owned, clock=clock)
    assert f"The club's key file {keyslots.path_of(owned)} was changed outside LoyaltyDesk" in refused.value.message
    assert detail in refused.value.message and "not opened" in refused.value.message


def test_an_edited_slot_cost_asks_for_no_memory_before_refusing(owned, clock):
    _edit(owned, lambda k: k["slots"][CLI_OWNER].update(n=2**30))  # 128 GiB of scrypt
    db = services.open_club(owned, create=False)
    with pytest.raises(keyslots.KeyFileTampered, match=f"the slot of {CLI_OWNER}"):
        services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD, clock)
    db.close()


def test_garbage_in_place_of_the_key_file_and_a_missing_one_are_said(owned):
    keyslots.path_of(owned).write_bytes(b"\x00garbage")
    with pytest.raises(keyslots.KeyFileTampered, match="changed outside LoyaltyDesk or is damaged"):
        services.open_club(owned, create=False)
    keyslots.path_of(owned).unlink()
    with pytest.raises(keyslots.NoKeyFile, match="its key file .* is missing"):
        services.open_club(owned, create=False)


def test_the_command_line_says_so_for_an_edited_key_file(owned, tmp_path, monkeypatch, capsys):
    from loyaltydesk.cli import main

    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LOYALTYDESK_PASSWORD", CLI_PASSWORD)
    assert main(["--db", str(owned), "--user", CLI_OWNER, "check"]) == 0
    _edit(owned, lambda k: k["slots"].pop(CASHIER))
    assert main(["--db", str(owned), "--user", CLI_OWNER, "check"]) == 1
    assert "was changed outside LoyaltyDesk" in capsys.readouterr().err


def test_wrong_passwords_are_counted_in_the_key_file_and_audited_at_the_next_sign_in(owned, clock):
    db = services.open_club(owned, create=False)
    waits = []
    for _ in range(3):
        with pytest.raises(SignInRefused) as refused:
            services.users.sign_in(db, CASHIER, "wrong-password", clock)
        waits.append(refused.value.wait_seconds)
    assert waits == [0, 0, 2] and db.locked
    assert keyslots.read(owned).failures[CASHIER].count == 3
    with pytest.raises(SignInRefused, match="wait 2 seconds"):  # the right password waits too
        services.users.sign_in(db, CASHIER, CASHIER_PASSWORD, clock)
    clock.advance(seconds=2)
    services.users.sign_in(db, CASHIER, CASHIER_PASSWORD, clock)
    assert CASHIER not in keyslots.read(owned).failures
    row = db.one("SELECT action, after FROM audit_log WHERE action = 'sign_in_failed' ORDER BY id DESC LIMIT 1")
    assert json.loads(row["after"]) == {"wrong_passwords": 3}
    db.close()


def test_a_user_made_inactive_loses_the_slot_and_a_new_password_gives_one(owned, clock):
    db, owner = _open(owned, clock=clock)
    services.users.edit_user(owner, CASHIER, active=False)
    assert CASHIER not in keyslots.read(owned).slots
    services.users.edit_user(owner, CASHIER, active=True)
    services.users.reset_password(owner, CASHIER, "a-new-pass-2", "a-new-pass-2")
    db.close()
    db, session = _open(owned, CASHIER, "a-new-pass-2", clock)
    assert session.user.username == CASHIER
    db.close()


def test_a_changed_password_rewraps_the_slot_and_the_owners_key_in_one_derivation(owned, clock):
    db, owner = _open(owned, clock=clock)
    services.users.change_own_password(owner, CLI_PASSWORD, "owner-new-pass", "owner-new-pass")
    db.close()
    with pytest.raises(SignInRefused):
        _open(owned, clock=clock)
    db, owner = _open(owned, CLI_OWNER, "owner-new-pass", clock)
    assert seals.unlocked(db, owner.user.id) is not None  # the signing key opened by the new password
    db.close()


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema-*.sqlite3")))
def test_upgrading_a_plain_club_encrypts_it_and_keeps_every_row(fixture, tmp_path, clock):
    path = tmp_path / "club.sqlite3"
    shutil.copyfile(FIXTURES / fixture, path)
    db = services.open_club(path, create=False)  # plain: upgraded to today's schema as it is
    assert db.key is None and keyslots.read(path) is None
    add_cli_owner(db, clock)  # the owner an old club would have had
    before = counts(db.conn)
    mobiles = [r[0] for r in db.all("SELECT mobile FROM members")]
    db.close()
    asides = sorted(tmp_path.glob("club.before-*"))
    assert asides and all(is_plain_sqlite(a) for a in asides)  # the upgrade's copies, made plain before

    db, owner = _open(path, clock=clock)  # the owner's sign-in encrypts it
    assert db.key is not None and not is_plain_sqlite(path) and keyslots.read(path).slots.keys() == {CLI_OWNER}
    after = counts(db.conn)
    grown = {"audit_log", "seals"}  # the sign-in's own audit rows and seal
    assert {t: n for t, n in after.items() if t not in grown} == {t: n for t, n in before.items() if t not in grown}
    assert services.check.check_database(owner) == []
    db.close()
    assert not Path(f"{path}.encrypting").exists()
    raw = _bytes_of_club(path)
    assert not [m for m in mobiles if m[2:].encode() in raw]
    for aside in asides:  # the old copies are encrypted too, by the same key
        assert not is_plain_sqlite(aside) and not [m for m in mobiles if m[2:].encode() in aside.read_bytes()]
    db, _ = _open(path, clock=clock)
    assert db.value("SELECT count(*) FROM members") == len(mobiles)
    db.close()


def test_a_copied_club_with_its_key_file_opens_only_with_a_password(owned, tmp_path, clock):
    copy = copy_club(owned, tmp_path / "copy.sqlite3")
    db = services.open_club(copy, create=False)
    assert db.locked
    db.close()
    db, _ = _open(copy, clock=clock)
    assert db.value("SELECT count(*) FROM members") == 3
    db.close()


def _another_clubs_file(path: Path, tmp_path: Path) -> None:
    """Another club's file (its own key) in the place of this club's, beside this club's key file."""
    other = services.open_club(tmp_path / "other" / "club.sqlite3", create=True)
    other.close()
    shutil.copy(other.path, path)


def _page_one_damaged(path: Path, tmp_path: Path) -> None:
    """The first page's bytes changed past SQLCipher's salt, as a failing disk would: its HMAC fails."""
    data = bytearray(path.read_bytes())
    data[100:1000] = bytes((11 * k + 1) % 256 for k in range(900))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("change, words", [
    (_another_clubs_file, "does not decrypt it: the club file or its key file (.keys) was replaced or damaged"),
    (_page_one_damaged, "The club file is damaged (page 1 fails its check)"),
])
def test_a_page_that_fails_its_check_is_damage_when_the_key_opens_the_others(owned, tmp_path, clock, change, words):
    """SQLCipher says "not a database" both for a wrong key and for a damaged first page; the key
    that opens the file's other pages is its own, so the file is damaged, and says so."""
    (tmp_path / "other").mkdir()
    change(owned, tmp_path)
    db = services.open_club(owned, create=False, check=True)
    assert db.locked
    with pytest.raises(LoyaltyError) as raised:
        services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD, clock)
    assert words in str(raised.value)
    db.close()


def test_before_copies_beyond_the_newest_few_and_older_than_a_month_are_pruned(owned, tmp_path):
    import os
    import time

    from loyaltydesk.store import migrations

    db, _ = _open(owned)
    made = [migrations.copy_aside(db, f"m00{n:02d}") for n in range(5)]
    old = time.time() - 40 * 86400
    for path in made[:4]:  # four of them made forty days ago
        os.utime(path, (old, old))
    newest = migrations.copy_aside(db, "restore")  # the next copy prunes
    db.close()
    kept = migrations.asides(owned)
    assert newest in kept and made[4] in kept and len(kept) == 3  # the newest three, whatever their age
    assert not [m for m in MOBILES if m[1:].encode() in newest.read_bytes()]  # and encrypted, as the club
    copy = connect(newest, keyslots.open_slot(keyslots.read(owned).slots[CLI_OWNER], CLI_OWNER, passwords.derive(
        CLI_PASSWORD, keyslots.read(owned).slots[CLI_OWNER].salt, (passwords.N, passwords.R, passwords.P))[1]))
    assert copy.execute("SELECT count(*) FROM members").fetchone()[0] == 3
    copy.close()


# --- automatic backups sealed to the owner ------------------------------------------------------------

def test_an_automatic_backup_is_sealed_to_the_owner_and_opens_only_with_an_owners_password(owned, tmp_path, clock):
    from loyaltydesk.services import backup, sealed_box

    db, owner = _open(owned, clock=clock)
    info = backup.auto_backup(owner, tmp_path / "auto", at_start=True)
    assert info.name.endswith(".ldbox") and info.automatic and info.encrypted and info.verified
    raw = Path(info.path).read_bytes()
    assert raw.startswith(b"LDBOX01\n") and b"SQLite format" not in raw and not raw.startswith(b"\x1f\x8b")
    assert not [m for m in MOBILES if m[1:].encode() in raw]
    header = keyslots.read(owned)
    assert set(header.recipients) == {CLI_OWNER}  # no secret of it stored anywhere but wrapped by the password
    for password in (None, CASHIER_PASSWORD, "not-the-password"):
        with pytest.raises(sealed_box.BoxNeedsOwner, match="sealed to the club's owners"):
            backup.verify_backup(owner, info.path, password)
    assert backup.verify_backup(owner, info.path, CLI_PASSWORD).members == 3
    services.users.change_own_password(owner, CLI_PASSWORD, "owner-new-pass", "owner-new-pass")
    assert backup.verify_backup(owner, info.path, "owner-new-pass").members == 3  # today's, on this computer
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    opened = elsewhere / "opened.sqlite3.gz"  # another computer: the password it was sealed with opens it
    sealed_box.open_file(Path(info.path), opened, CLI_PASSWORD)
    import gzip

    plain = elsewhere / "club.sqlite3"
    plain.write_bytes(gzip.decompress(opened.read_bytes()))
    assert connect(plain).execute("SELECT count(*) FROM members").fetchone()[0] == 3
    result = backup.restore(owner, info.path, "owner-new-pass")
    assert result.problems == 0 and result.counts.members == 3
    db.close()


def test_a_backup_key_put_in_the_key_file_by_a_cashier_is_not_used(owned, tmp_path, clock):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from loyaltydesk.services import backup

    db, owner = _open(owned, clock=clock)
    mine = X25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    header = keyslots.read(owned)
    theirs = header.recipients[CLI_OWNER]
    from dataclasses import replace

    forged = replace(header, recipients={CLI_OWNER: replace(theirs, public=mine)})
    keyslots.write(owned, keyslots.signed(forged, db.key))  # she holds the club key, not the owner's signing key
    with pytest.raises(Exception, match="No automatic backup was made"):
        backup.auto_backup(owner, tmp_path / "auto", at_start=True)
    assert not list((tmp_path / "auto").glob("*.sqlite3*"))  # and never a plain one instead
    db.close()
    db, owner = _open(owned, clock=clock)  # the owner's next sign-in makes a new, signed one
    assert backup.auto_backup(owner, tmp_path / "auto", at_start=True).name.endswith(".ldbox")
    db.close()


def test_a_backup_restored_on_a_new_computer_is_locked_by_its_owners_first_sign_in(owned, tmp_path, clock):
    from loyaltydesk.services import backup

    db, owner = _open(owned, clock=clock)
    made = backup.back_up_now(owner, tmp_path / "stick", passphrase="stick-pass-1")
    db.close()
    new = tmp_path / "new" / "club.sqlite3"  # a new computer: a new club, nobody owns it yet
    db = services.open_club(new)
    backup.restore(services.owner_session(db, "(new club)"), made.path, "stick-pass-1")
    assert keyslots.read(new).setup is not None  # until an owner signs in
    services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD, clock)
    header = keyslots.read(new)
    assert header.setup is None and set(header.slots) == {CLI_OWNER} and set(header.recipients) == {CLI_OWNER}
    db.close()
    db, _ = _open(new, clock=clock)
    assert db.value("SELECT count(*) FROM members") == 3
    db.close()
