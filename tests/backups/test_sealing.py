"""The sealed backup's format: scrypt at the shipped cost, a header accepted only with the exact
settings its format writes (refused before anything big is allocated), one exact message each for a
wrong passphrase, a cut file and a damaged one, the previous format still read, the passphrase
typed twice, and every backup read back right after it is written."""

from __future__ import annotations

import hashlib
import json
import time
import tracemalloc
from pathlib import Path

import pytest

from loyaltydesk.cli import main
from loyaltydesk.domain.errors import LoyaltyError, ValidationError
from loyaltydesk.services import backup
from loyaltydesk.store import backup as backup_store

from tests.conftest import CLI_OWNER

PASS = "گذرواژه‌ی بلند 1404"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FORMAT_1 = FIXTURES / "backup-format1.ldbk"  # sealed by LoyaltyDesk before format 2, with PASS


def sealed(tmp_path, size: int, name: str = "b.ldbk") -> Path:
    plain = tmp_path / f"{name}.plain"
    plain.write_bytes(bytes(i * 7 % 251 for i in range(size)))
    backup.encrypt_file(plain, tmp_path / name, PASS)
    return tmp_path / name


def opened(path: Path, passphrase: str = PASS) -> bytes:
    out = path.with_name(path.name + ".out")
    backup.decrypt_file(path, out, passphrase)
    return out.read_bytes()


def test_the_shipped_cost_is_scrypt_2_17(tmp_path, real_kdf):
    path = sealed(tmp_path, 1000)
    assert path.read_bytes()[7:11] == bytes([2, 17, 8, 1])  # format 2, log2 N, r, p
    assert opened(path) == (tmp_path / "b.ldbk.plain").read_bytes()


@pytest.mark.parametrize("size", [0, 1, backup.CHUNK - 1, backup.CHUNK, backup.CHUNK + 1, 2 * backup.CHUNK + 5])
def test_every_length_round_trips_and_is_exactly_as_long_as_its_header_says(tmp_path, size):
    path = sealed(tmp_path, size)
    chunks = max(1, -(-size // backup.CHUNK))
    assert path.stat().st_size == backup._HEADER_2.size + size + 16 * chunks
    assert opened(path) == (tmp_path / "b.ldbk.plain").read_bytes()


# --- a crafted header ------------------------------------------------------------------------------

def _header(version: int, log2_n: int, r: int, p: int, chunk: int, length: int = 1000) -> bytes:
    """A header as an attacker would write it: well-formed, its digest right, its settings not."""
    if version == 1:
        return backup._HEADER_1.pack(backup.MAGIC, 1, log2_n, r, p, bytes(16), bytes(8), chunk)
    fields = backup._HEADER_2.pack(backup.MAGIC, 2, log2_n, r, p, bytes(16), bytes(8), chunk, length, bytes(32),
                                   bytes(16))[:-16]
    return fields + hashlib.sha256(fields).digest()[:16]


@pytest.mark.parametrize("version, log2_n, r, p, chunk", [
    (2, 30, 8, 1, backup.CHUNK),           # N = 2^30: 128 GiB
    (1, 30, 8, 1, backup.CHUNK),
    (2, 17, 255, 255, backup.CHUNK),       # r and p at their largest
    (2, 17, 8, 1, 2**32 - 1),              # a chunk of 4 GiB
    (1, 20, 16, 4, 1 << 26),               # what the previous version's bounds let through: 8 GiB
    (2, 15, 8, 1, backup.CHUNK),           # format 1's cost in a format 2 header
    (1, 17, 8, 1, backup.CHUNK),           # and format 2's in a format 1 header
])
def test_a_crafted_header_is_refused_before_anything_big_is_allocated(tmp_path, real_kdf, version, log2_n, r, p,
                                                                      chunk):
    path = tmp_path / "crafted.ldbk"
    path.write_bytes(_header(version, log2_n, r, p, chunk) + b"\0" * 4096)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LoyaltyError) as caught:
            backup.decrypt_file(path, tmp_path / "out", PASS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 0.5 and peak < 256 * 1024
    assert caught.value.template == backup.UNKNOWN_SETTINGS
    assert caught.value.message == (
        f"The backup crafted.ldbk asks for encryption settings LoyaltyDesk never writes (scrypt N=2^{log2_n}, r={r}, "
        f"p={p}, chunks of {chunk} bytes): it is damaged or was not made by LoyaltyDesk. Nothing was read from it.")


def test_an_unknown_format_asks_for_a_newer_program(tmp_path):
    path = tmp_path / "future.ldbk"
    path.write_bytes(backup.MAGIC + bytes([3]) + b"\0" * 200)
    with pytest.raises(LoyaltyError, match=r"^The backup future.ldbk was encrypted by a newer LoyaltyDesk \(format 3"):
        opened(path)


# --- one message each for a wrong passphrase, a cut file and a damaged file ----------------------------

WRONG = "The passphrase of the backup {name} is wrong."
CUT = ("The backup {name} is cut short: its copy was interrupted, or the disk was removed too early. "
       "Use another backup.")
DAMAGED = ("The backup {name} is damaged: part of it changed after it was written (a failing disk or stick). "
           "Use another backup.")


def _flip(at):
    def damage(raw: bytearray) -> bytearray:
        raw[at(raw)] ^= 0x20
        return raw
    return damage


SIZE = 2 * backup.CHUNK + 1000  # three chunks
HEAD = backup._HEADER_2.size

# (what is done to the file, the passphrase given) -> the message
FAULTS = [
    (lambda raw: raw, "not the passphrase", WRONG),
    (lambda raw: raw[:5], PASS, CUT),                                       # inside the magic
    (lambda raw: raw[:HEAD - 1], PASS, CUT),                                # inside the header
    (lambda raw: raw[:HEAD], PASS, CUT),                                    # the header and nothing else
    (lambda raw: raw[:HEAD + 500], PASS, CUT),                              # inside the first chunk
    (lambda raw: raw[:HEAD + backup.CHUNK + 16], PASS, CUT),                # at a chunk's end
    (lambda raw: raw[:-1], PASS, CUT),                                      # the last byte gone
    (lambda raw: raw[:HEAD + 500], "not the passphrase", CUT),              # cut is cut, whatever the passphrase
    (_flip(lambda raw: HEAD + 10), PASS, DAMAGED),                          # the first chunk
    (_flip(lambda raw: HEAD + backup.CHUNK + 16 + 10), PASS, DAMAGED),      # a middle chunk
    (_flip(lambda raw: len(raw) - 1), PASS, DAMAGED),                       # the last chunk's tag
    (_flip(lambda raw: 20), PASS, DAMAGED),                                 # the salt, in the header
    (_flip(lambda raw: HEAD - 40), PASS, DAMAGED),                          # the passphrase check
    (_flip(lambda raw: HEAD - 1), PASS, DAMAGED),                           # the header's digest
    (lambda raw: raw + b"\0", PASS, DAMAGED),                               # a byte too many
    (lambda raw: raw[:HEAD] + raw[HEAD + backup.CHUNK + 16:2 * (backup.CHUNK + 16) + HEAD]
     + raw[HEAD:HEAD + backup.CHUNK + 16] + raw[HEAD + 2 * (backup.CHUNK + 16):], PASS, DAMAGED),  # chunks swapped
]


@pytest.mark.parametrize("damage, passphrase, message", FAULTS, ids=[
    "wrong passphrase", "cut in the magic", "cut in the header", "only the header", "cut in a chunk",
    "cut at a chunk's end", "last byte gone", "cut, wrong passphrase", "first chunk", "middle chunk", "last tag",
    "salt", "passphrase check", "header digest", "a byte too many", "chunks swapped"])
def test_a_wrong_passphrase_a_cut_file_and_a_damaged_one_each_have_their_message(tmp_path, damage, passphrase,
                                                                                  message):
    path = sealed(tmp_path, SIZE)
    path.write_bytes(bytes(damage(bytearray(path.read_bytes()))))
    with pytest.raises(LoyaltyError) as caught:
        opened(path, passphrase)
    assert caught.value.message == message.format(name="b.ldbk")


def test_a_sealed_backup_cut_anywhere_is_called_cut_by_verify(shop, tmp_path):
    path = Path(backup.back_up_now(shop, tmp_path, passphrase=PASS).path)
    whole = path.read_bytes()
    for keep in (3, 60, HEAD + 100, len(whole) - 16):
        path.write_bytes(whole[:keep])
        with pytest.raises(backup.BackupCutShort):
            backup.verify_backup(shop, path, PASS)


# --- the previous format --------------------------------------------------------------------------------

def test_a_backup_of_the_previous_format_still_opens(tmp_path):
    out = tmp_path / "out.json"
    backup.decrypt_file(FORMAT_1, out, PASS)
    assert out.read_bytes() == (FIXTURES / "schema-0001.json").read_bytes()
    assert FORMAT_1.read_bytes()[7:11] == bytes([1, 15, 8, 1])  # format 1 at scrypt 2^15: still accepted


@pytest.mark.parametrize("damage, passphrase, message", [
    (lambda raw: raw, "not the passphrase", "The passphrase is wrong, or the backup {name} is damaged."),
    (lambda raw: raw[:10], PASS, CUT),
    (lambda raw: raw[:-1], PASS, "The passphrase is wrong, or the backup {name} is damaged."),  # one chunk only
], ids=["wrong passphrase", "cut in the header", "cut in its only chunk"])
def test_the_previous_format_says_what_it_can(tmp_path, damage, passphrase, message):
    path = tmp_path / "old.ldbk"
    path.write_bytes(bytes(damage(bytearray(FORMAT_1.read_bytes()))))
    with pytest.raises(LoyaltyError) as caught:
        opened(path, passphrase)
    assert caught.value.message == message.format(name="old.ldbk")


# --- typed twice, and read back --------------------------------------------------------------------------

def test_the_passphrase_typed_twice_must_match_before_anything_is_written(shop, tmp_path):
    audited = shop.db.value("SELECT count(*) FROM audit_log")
    with pytest.raises(ValidationError) as caught:
        backup.back_up_now(shop, tmp_path / "stick", passphrase=PASS, repeat=PASS + " ")
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("passphrase_repeat", "The two passphrases differ.")]
    with pytest.raises(ValidationError) as caught:
        backup.back_up_now(shop, tmp_path / "stick", passphrase="short", repeat="shirt")
    assert [p.field for p in caught.value.problems] == ["passphrase", "passphrase_repeat"]  # every problem at once
    with pytest.raises(ValidationError):
        backup.back_up_now(shop, tmp_path / "stick", passphrase=None, repeat="typed only here")
    assert list((tmp_path / "stick").iterdir()) == [] and shop.db.value("SELECT count(*) FROM audit_log") == audited
    info = backup.back_up_now(shop, tmp_path / "stick", passphrase=PASS, repeat=PASS)
    assert info.encrypted and info.verified


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "sealed"])
def test_a_backup_is_read_back_right_after_it_is_written(shop, tmp_path, passphrase):
    info = backup.back_up_now(shop, tmp_path / "stick", passphrase=passphrase)
    assert (info.verified, info.members, info.purchases) == (True, 3, 3)
    assert [b.verified for b in backup.list_backups(shop, tmp_path / "stick")] == [False]  # a listing does not read


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "sealed"])
def test_a_backup_that_does_not_read_back_is_deleted_and_said_so(shop, tmp_path, monkeypatch, passphrase):
    copy_file, seal = backup_store.copy_file, backup.encrypt_file

    def failing_stick(path: Path):  # the stick loses what was written to it
        raw = bytearray(path.read_bytes())
        for at in range(4096 * 2 if passphrase is None else 100, len(raw), 4096):
            raw[at: at + 300] = b"\xAB" * 300
        path.write_bytes(bytes(raw))

    def copy_then_lose(source, dest, cancelled=None, key=None, **how):
        size = copy_file(source, dest, cancelled, key, **how)
        if passphrase is None:
            failing_stick(dest)
        return size

    def seal_then_lose(src, dest, phrase):
        written = seal(src, dest, phrase)
        failing_stick(dest)
        return written

    monkeypatch.setattr(backup_store, "copy_file", copy_then_lose)
    monkeypatch.setattr(backup, "encrypt_file", seal_then_lose)
    with pytest.raises(backup.BackupNotVerified) as caught:
        backup.back_up_now(shop, tmp_path / "stick", passphrase=passphrase)
    assert caught.value.message.startswith(f"The backup written to {tmp_path / 'stick'}")
    assert "did not read back correctly" in caught.value.message and "so it was deleted" in caught.value.message
    assert list((tmp_path / "stick").iterdir()) == []
    assert [r[0] for r in shop.db.all("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")] == \
        ["back_up_failed", "back_up"]


def test_the_command_line_says_what_reading_back_found_and_when_it_failed(tmp_path, capsys, monkeypatch, as_owner):
    monkeypatch.setenv("LOYALTYDESK_HOME", str(tmp_path / "home"))
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")

    def run(*args):
        code = main(["--db", str(tmp_path / "club.sqlite3"), *as_owner, *map(str, args)])
        out, err = capsys.readouterr()
        return code, out, err

    for args in (("init", "--owner", CLI_OWNER), ("member", "add", "--mobile", "09121234567", "--first-name", "علی")):
        assert run(*args)[0] == 0
    code, out, err = run("backup", "--to", tmp_path / "usb")
    assert code == 0 and out.startswith(f"backed up to {tmp_path / 'usb'}"), err
    assert "read back and verified: 1 members, 0 purchases" in out
    code, out, err = run("--json", "backup", "--to", tmp_path / "usb", "--passphrase-file", secret)
    made = json.loads(out)
    assert code == 0 and (made["encrypted"], made["verified"], made["members"], made["purchases"]) == (True, True, 1, 0)

    copy_file = backup_store.copy_file

    def copy_to_a_failing_stick(source, dest, cancelled=None, key=None, **how):
        size = copy_file(source, dest, cancelled, key, **how)
        Path(dest).write_bytes(Path(dest).read_bytes()[:4096 * 3])  # the stick kept only the start
        return size

    monkeypatch.setattr(backup_store, "copy_file", copy_to_a_failing_stick)
    code, out, err = run("backup", "--to", tmp_path / "bad stick")
    assert code == 1 and err.startswith(f"loyaltydesk: error: The backup written to {tmp_path / 'bad stick'}")
    assert "did not read back correctly" in err and "so it was deleted" in err and "Traceback" not in err
    assert list((tmp_path / "bad stick").iterdir()) == []
