"""Faults of the disk and the file, made for real and met by the real command line.

How each fault is made (no mock of our own code anywhere):
- disk full: a 1.2 MB tmpfs mounted for the test, filled with a filler file (root, as here and in CI);
  where mounting is refused the service meets a club file that may not grow (``max_page_count``:
  SQLite's own SQLITE_FULL) and the command line is skipped, and with LOYALTYDESK_E2E_REQUIRED=1
  a refused mount fails the test instead;
- read-only: ``chattr +i`` on the file or on its folder (root ignores chmod, not the immutable
  flag), and a read-only bind mount of the folder;
- I/O error: an ext4 on a loop device whose sparse backing file lives on a tmpfs that is then
  filled: the loop driver's writes fail and ext4 sees EIO ("Buffer I/O error on device loopN");
- damaged: garbage written into the schema page, a schema name that is not UTF-8, and garbage
  over a data page (the purchases table's root) of a copy;
- busy: another process holding ``BEGIN IMMEDIATE`` past the 5 s busy timeout;
- gone: the club file deleted (really unlinked) while a transaction is open.
"""

from __future__ import annotations

import json
import os
import shutil
from loyaltydesk.store import pages
from tests.raw import club_key, raw_connect
from tests.raw import copy_club as copy_with_keys
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.store.db import ClubFileGone, DiskFull
from tests.conftest import CLI_OWNER, CLI_PASSWORD, cli_env

LD = str(Path(sys.executable).parent / "loyaltydesk")
REQUIRED = os.environ.get("LOYALTYDESK_E2E_REQUIRED") == "1"
NOT_REGISTERED = "NOT registered"
FULL = "The disk holding the club is full: the purchase or change was NOT registered"
READ_ONLY = "can only be read"
IO_ERROR = "input/output error"
DAMAGED = "The club file is damaged"
BUSY = "busy with another window or computer"
NEVER = ("internal error", "cannot rollback", "readonly database", "codec can't decode", "Traceback")


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    home = tmp_path_factory.mktemp("faults")
    path = home / "demo.sqlite3"
    subprocess.run([LD, "--db", str(path), "init", "--demo", "--members", "30"], check=True, capture_output=True,
                   env={**os.environ, "LOYALTYDESK_HOME": str(home)})  # the demo club: CLI_OWNER is its owner
    card = raw_connect(path).execute("SELECT card FROM members WHERE status = 'active' ORDER BY id LIMIT 1").fetchone()[0]
    return path, card


def ld(home: Path, db: Path, *args, timeout=60):
    done = subprocess.run([LD, "--db", str(db), "--user", CLI_OWNER, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=cli_env(LOYALTYDESK_HOME=str(home)))
    for bad in NEVER:
        assert bad not in done.stderr, done.stderr
    return done


def points(home, db, card) -> int:
    return json.loads(ld(home, db, "--json", "member", "show", card).stdout)["points"]


def copy_club(template, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy_with_keys(template, folder / "club.sqlite3")
    return folder / "club.sqlite3"


def _sh(*cmd) -> bool:
    return subprocess.run(cmd, capture_output=True).returncode == 0


def room_for(club: Path, spare_kb: int = 600) -> str:
    """A tmpfs size that holds a copy of ``club`` (and its key file) with ``spare_kb`` KiB to spare:
    the demo club grows with the schema, so the small disk grows with it."""
    return f"{os.path.getsize(club) // 1024 + 8 + spare_kb}k"


@contextmanager
def small_disk(folder: Path, size: str = "1200k"):
    """A tmpfs of ``size`` at ``folder``, unmounted afterwards; None where mounting is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode:
        if REQUIRED:
            pytest.fail(f"a tmpfs could not be mounted ({mounted.stderr.strip()}): LOYALTYDESK_E2E_REQUIRED=1 "
                        "asks for the tests of a full disk to run (as root)")
        yield None
        return
    try:
        yield folder
    finally:
        _sh("umount", "-l", str(folder))


def fill(folder: Path, leave_kb: int) -> Path:
    """A filler file that leaves ``leave_kb`` KiB free on the disk of ``folder``."""
    free = shutil.disk_usage(folder).free // 1024
    filler = folder / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1k", f"count={max(free - leave_kb, 0)}"],
                   capture_output=True)
    return filler


@contextmanager
def immutable(path: Path):
    if not _sh("chattr", "+i", str(path)):
        pytest.skip("chattr +i needs root and a file system that has it")
    try:
        yield
    finally:
        _sh("chattr", "-i", str(path))


# --- disk full ---------------------------------------------------------------------------------

# what a purchase changes (a signing in of the command line writes its own audit row)
COUNTS = ("SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM purchases), (SELECT count(*) FROM ledger), "
          "(SELECT count(*) FROM point_lots), (SELECT count(*) FROM audit_log WHERE action <> 'sign_in'), "
          "(SELECT sum(points) FROM members), (SELECT count(*) FROM member_periods), (SELECT sum(purchases) FROM club_periods)")


def counts(path: Path) -> tuple:
    conn = raw_connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(COUNTS).fetchone()
    finally:
        conn.close()


@pytest.mark.parametrize("leave_kb", [0, 24])  # the club is open: no room for the purchase's pages
def test_the_service_refuses_a_purchase_on_a_full_disk_by_name_and_the_club_stays_clean(template, tmp_path, leave_kb):
    src, card = template
    with small_disk(tmp_path / "disk", room_for(src)) as disk:
        path = copy_club(src, disk or tmp_path)
        db = services.open_club(path, create=False, key=club_key(path))  # open before the disk fills, as the till is
        try:
            owner = services.owner_session(db)
            if disk:
                filler = fill(disk, leave_kb)
            else:  # no disk to fill: the file may not grow by a page (the first purchases may fit in its pages)
                db.execute(f"PRAGMA max_page_count = {db.value('PRAGMA page_count')}")
            for _ in range(1 if disk else 500):
                before = tuple(db.one(COUNTS))
                try:
                    services.checkout.register_purchase(owner, card, 1_000_000)
                except DiskFull as refused:
                    message = refused.message
                    break
            else:
                pytest.fail("the purchase was registered on a full disk")
            assert FULL in message and not any(bad in message for bad in (*NEVER, BUSY, "no transaction is active"))
            assert tuple(db.one(COUNTS)) == before
            assert services.check.check_database(owner) == []  # still on the full disk
            if disk:
                filler.unlink()  # the owner frees some space
            else:
                db.execute("PRAGMA max_page_count = 4294967294")
            services.checkout.register_purchase(owner, card, 1_000_000)  # and the club goes on
            assert db.value("SELECT count(*) FROM purchases") == before[1] + 1
            assert services.check.check_database(owner) == []
        finally:
            db.close()


@pytest.mark.parametrize("leave_kb", [40, 100])  # room to open the club, none for the purchase's pages
def test_the_command_line_refuses_a_purchase_on_a_full_disk_by_name_and_the_club_stays_clean(template, tmp_path,
                                                                                             leave_kb):
    src, card = template
    with small_disk(tmp_path / "disk", room_for(src)) as disk:
        if disk is None:
            pytest.skip("the command line needs a real full disk: mounting a tmpfs needs root")
        path = copy_club(src, disk)
        before = counts(path)
        overview = json.loads(ld(tmp_path, path, "--json", "overview").stdout)
        filler = fill(disk, leave_kb)
        done = ld(tmp_path, path, "--json", "purchase", card, "--amount", "1000000")
        assert done.returncode == 1 and FULL in done.stderr and done.stdout == "", (done.stdout, done.stderr)
        assert BUSY not in done.stderr and "no transaction is active" not in done.stderr
        filler.unlink()  # the owner frees some space: the club is as it was, and whole
        checked = ld(tmp_path, path, "--json", "check")
        assert checked.returncode == 0 and json.loads(checked.stdout)["problems"] == [], checked
        assert json.loads(ld(tmp_path, path, "--json", "overview").stdout) == overview
        assert counts(path) == before


# --- read-only -----------------------------------------------------------------------------------

@contextmanager
def read_only_mount(folder: Path):
    view = folder.parent / (folder.name + "-ro")
    view.mkdir()
    if not (_sh("mount", "--bind", str(folder), str(view)) and _sh("mount", "-o", "remount,ro,bind", str(view))):
        _sh("umount", str(view))
        pytest.skip("a read-only bind mount needs root")
    try:
        yield view
    finally:
        _sh("umount", "-l", str(view))


@pytest.mark.parametrize("how", ["file", "folder", "mount"])
def test_a_read_only_club_reads_and_checks_but_refuses_a_purchase_by_name(template, tmp_path, how):
    src, card = template
    db = copy_club(src, tmp_path / "shop")
    before = points(tmp_path, db, card)
    guard = {"file": lambda: immutable(db), "folder": lambda: immutable(db.parent),
             "mount": lambda: read_only_mount(db.parent)}[how]
    with guard() as view:
        target = view / db.name if how == "mount" else db
        done = ld(tmp_path, target, "purchase", card, "--amount", "1000000")
        assert done.returncode == 1 and READ_ONLY in done.stderr and NOT_REGISTERED in done.stderr, done.stderr
        checked = ld(tmp_path, target, "check")
        assert checked.returncode == 0 and "no problems found" in checked.stdout, checked.stdout + checked.stderr
        assert "search index" not in checked.stdout
        assert points(tmp_path, target, card) == before


# --- I/O error -----------------------------------------------------------------------------------

def test_an_input_output_error_is_named_and_the_purchase_not_reported(template, tmp_path):
    src, card = template
    with small_disk(tmp_path / "backing", "12m") as backing:
        if backing is None:
            pytest.skip("mounting a tmpfs needs root")
        image = backing / "disk.img"
        subprocess.run(["truncate", "-s", "64M", str(image)], check=True)
        if not _sh("mkfs.ext4", "-q", str(image)):
            pytest.skip("mkfs.ext4 is needed")
        loop = subprocess.run(["losetup", "-f", "--show", str(image)], capture_output=True, text=True)
        if loop.returncode:
            pytest.skip("a loop device is needed")
        device = loop.stdout.strip()
        mount = tmp_path / "usb"
        mount.mkdir()
        try:
            assert _sh("mount", device, str(mount))
            db = copy_club(src, mount)
            os.sync()
            fill(backing, 0)  # the "disk" under ext4 can no longer write: ext4 gets EIO
            done = ld(tmp_path, db, "purchase", card, "--amount", "1000000")
            assert done.returncode == 1 and IO_ERROR in done.stderr and NOT_REGISTERED in done.stderr, done.stderr
            assert "purchase" not in done.stdout
        finally:
            _sh("umount", "-l", str(mount))
            _sh("losetup", "-d", device)


# --- damaged files -------------------------------------------------------------------------------

def _garble(path: Path, how: str) -> None:
    """Damage the encrypted club as a disk would (bytes of a page changed: its HMAC fails, so
    SQLCipher refuses the page), or as a program holding the key could (a schema name that is not
    UTF-8, written into valid pages)."""
    con = raw_connect(path)
    size = int(con.execute("PRAGMA cipher_page_size").fetchone()[0])
    if how == "schema name not UTF-8":
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_master SET name = CAST(? AS TEXT) WHERE name = 'members_joined'",
                    (b"\xff" * len(b"members_joined"),))
        con.commit()
        con.close()
        return
    table = "audit_log" if how == "audit page" else "purchases"
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    if how == "schema page":  # page 1 past SQLCipher's salt: the page the key is first tried on
        data[200:size] = bytes((7 * k + 3) % 256 for k in range(size - 200))
    else:  # a data page: the purchases table's root (or the audit log's)
        at = (root - 1) * size
        data[at + 8:at + size] = bytes((13 * k + 5) % 256 for k in range(size - 8))
    assert len(data) == path.stat().st_size
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["schema page", "schema name not UTF-8", "data page"])
def test_a_damaged_file_is_named_by_every_command_and_takes_no_purchase(template, tmp_path, how):
    src, card = template
    db = copy_club(src, tmp_path / "shop")
    _garble(db, how)
    before = db.read_bytes()
    for args in (("purchase", card, "--amount", "1000000"), ("member", "show", card), ("overview",)):
        done = ld(tmp_path, db, *args)
        assert done.returncode == 1 and DAMAGED in done.stderr and "restore" in done.stderr, (args, done.stderr)
    checked = ld(tmp_path, db, "check")
    assert checked.returncode == 1 and (DAMAGED in checked.stderr or "integrity" in checked.stdout), checked
    assert db.read_bytes() == before  # nothing was written into it


@pytest.mark.parametrize("how", ["data page", "audit page"])
def test_a_page_damaged_after_the_owners_check_is_named_by_the_next_check_and_the_full_one(template, tmp_path, how):
    """The check after a proof checks the pages table by table (the audit log's left to the chains'
    walk and ``--full``): a damaged page of the purchases, or the audit log's root, is still named,
    and nothing else is said of the club."""
    src, _card = template
    db = copy_club(src, tmp_path / "shop")
    signed = ld(tmp_path, db, "--json", "check")
    assert signed.returncode == 0 and json.loads(signed.stdout)["proof"], signed
    _garble(db, how)
    for args in (("check",), ("check", "--full")):
        checked = ld(tmp_path, db, "--json", *args)
        assert checked.returncode == 1, (args, checked)
        if DAMAGED not in checked.stderr:
            problems = json.loads(checked.stdout)["problems"]
            assert problems and {p["kind"] for p in problems} == {"integrity"}, (args, problems)


def _leaf_pages(path: Path, marker: bytes) -> list[int]:
    """The table-leaf pages of the encrypted club whose rows hold ``marker``, by their numbers."""
    key = club_key(path)
    found = []
    for pgno, page in enumerate(pages.plain_pages(path, key), 1):
        kind = page[100 if pgno == 1 else 0]
        if kind == 0x0D and marker in page and b"CREATE " not in page:  # (not the schema's: its triggers)
            found.append(pgno)
    return found


def _garble_page(path: Path, pgno: int) -> None:
    data = bytearray(path.read_bytes())
    at = (pgno - 1) * 4096
    data[at + 100:at + 200] = bytes((11 * k + 1) % 256 for k in range(100))
    path.write_bytes(bytes(data))


def _signed_in(path: Path):
    db = services.open_club(path, create=False)  # no check of the pages as it opens: the check's own is tried
    return db, services.users.sign_in(db, CLI_OWNER, CLI_PASSWORD)


@pytest.mark.parametrize("table", ["purchases", "ledger"])
def test_a_page_damaged_after_the_proof_is_named_by_the_check_table_by_table(template, tmp_path, table):
    """Going on from a proof the pages are checked table by table: a damaged page of the purchases
    is named (by its table's piece, or by the piece that first read it), and nothing else is said;
    the ledger's, whose quick_check is left to ``--full``, by its walk, which reads every page."""
    src, _card = template
    db_path = copy_club(src, tmp_path / "shop")
    db, owner = _signed_in(db_path)
    assert services.check.run(owner).proof is not None
    db.close()
    _garble_page(db_path, _first_leaf(db_path, table))
    db, owner = _signed_in(db_path)
    for full in (False, True):
        result = services.check.run(owner, full=full)
        assert result.problems and {p.field for p in result.problems} == {"integrity"}, (full, result.problems)
    db.close()


def _first_leaf(path: Path, table: str) -> int:
    """The page of the table's oldest rows (its root's first child: the sign-in reads the newest)."""
    plain = list(pages.plain_pages(path, club_key(path)))
    page = plain[_root(path, table) - 1]
    while page[0] == 0x05:  # an interior page of a table: its first cell starts with its left child
        cell = int.from_bytes(page[12:14], "big")
        page = plain[int.from_bytes(page[cell:cell + 4], "big") - 1]
    return plain.index(page) + 1


def _root(path: Path, table: str) -> int:
    conn = raw_connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    return root


def test_an_old_audit_page_damaged_after_the_proof_is_named_by_the_full_check(template, tmp_path):
    """What a check on from a proof leaves to ``--full`` (docs/rules.md, "The file's pages"): the
    audit log's pages before the proof, which it reads only as far as counting its rows needs (in
    this small club the count reads the table, at a million members an index). One of its oldest
    pages damaged: ``check --full`` names it, and the check on from the proof says nothing else."""
    src, card = template
    db_path = copy_club(src, tmp_path / "shop")
    db, owner = _signed_in(db_path)
    assert services.check.run(owner).proof is not None
    for _ in range(40):  # the newest audit rows on pages of their own
        services.checkout.register_purchase(owner, card, 1_000_000)
    db.close()
    oldest = _leaf_pages(db_path, b"register_purchase")
    assert len(oldest) > 3
    _garble_page(db_path, oldest[0])
    db, owner = _signed_in(db_path)
    result = services.check.run(owner)
    assert {p.field for p in result.problems} <= {"integrity"} and result.proof is None
    full = services.check.run(owner, full=True)
    assert full.problems and {p.field for p in full.problems} == {"integrity"}
    db.close()


# --- busy ----------------------------------------------------------------------------------------

def _hex_key(path) -> list[str]:
    key = club_key(path)
    return [] if key is None else [key.hex()]


HOLD = """
import sys, time
from sqlcipher3 import dbapi2 as sqlite3
con = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[3:]:
    con.execute("PRAGMA key = \\"x'" + sys.argv[3] + "'\\"")
    con.execute("PRAGMA cipher_hmac_algorithm = HMAC_SHA256")  # the program's clubs' pages
con.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""


def test_a_club_another_program_holds_is_busy_and_the_purchase_not_registered(template, tmp_path):
    src, card = template
    db = copy_club(src, tmp_path / "shop")
    before = points(tmp_path, db, card)
    # held far longer than the wait for it (busy_timeout, 5 s) and let go once the purchase gave up:
    # on a busy machine the command's own start took seconds, and a lock held 8 s was gone by then
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), "120", *_hex_key(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        done = ld(tmp_path, db, "purchase", card, "--amount", "1000000")
        assert done.returncode == 1 and BUSY in done.stderr and NOT_REGISTERED in done.stderr, done.stderr
        assert time.monotonic() - started < 60  # it gives up; it does not wait for the other program
    finally:
        holder.kill()
        holder.wait(timeout=20)
    assert points(tmp_path, db, card) == before


# --- a club that is not there, or goes ------------------------------------------------------------

def test_a_typo_in_db_makes_no_folder_and_no_club(tmp_path):
    typo = tmp_path / "shpo" / "club.sqlite3"
    for args in (("overview",), ("member", "find", "x"), ("purchase", "1234", "--amount", "1000"), ("check",)):
        done = ld(tmp_path, typo, *args)
        assert done.returncode == 1 and "There is no club at" in done.stderr, done.stderr
    assert not typo.parent.exists()
    assert ld(tmp_path, typo, "init", "--owner", CLI_OWNER).returncode == 0 and typo.exists()  # init makes one


def test_the_demo_club_is_still_made_on_first_use(tmp_path):
    done = subprocess.run([LD, "--demo", "--user", CLI_OWNER, "--json", "overview"], capture_output=True, text=True,
                          timeout=120, env=cli_env(LOYALTYDESK_HOME=str(tmp_path / "home")))
    assert done.returncode == 0 and json.loads(done.stdout)["members"] > 0, done.stderr
    assert (tmp_path / "home" / "demo.sqlite3").exists()


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_club_deleted_or_replaced_during_a_write_reports_no_success(template, tmp_path, how):
    src, card = template
    db_path = copy_club(src, tmp_path / "shop")
    db = services.open_club(db_path, create=False, key=club_key(db_path))
    session = services.owner_session(db)
    with pytest.raises(ClubFileGone, match=NOT_REGISTERED):
        with db.transaction():
            services.checkout.register_purchase(session, card, 1_000_000)
            db_path.unlink()  # the owner deletes the club (or restores another over it) meanwhile
            if how == "replaced":
                copy_with_keys(src, db_path)
    db.close()
    done = ld(tmp_path, db_path, "overview")  # no new empty club made silently either
    assert (done.returncode == 1 and "There is no club" in done.stderr) if how == "deleted" else done.returncode == 0
