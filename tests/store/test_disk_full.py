"""A purchase on a full disk: refused by name ("the disk holding the club is full: the purchase or
change was NOT registered"), through the service and through the command line, and the club is
left clean (check finds nothing, every count as it was) and goes on once there is room.

The disk is real: a small tmpfs mounted for the test (root, as here and in CI) and filled with a
filler file. Where mounting is refused the service is tested on a club whose file may not grow
(``PRAGMA max_page_count``: SQLite's own SQLITE_FULL, without a disk) and the command line is
skipped; with ``LOYALTYDESK_E2E_REQUIRED=1`` (CI) a refused mount fails the test instead.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.store.db import DiskFull
from tests.conftest import CLI_OWNER, cli_env
from tests.store.disks import fill, small_disk

LD = str(Path(sys.executable).parent / "loyaltydesk")
FULL = "The disk holding the club is full: the purchase or change was NOT registered"
NEVER = ("internal error", "cannot rollback", "no transaction is active", "busy", "Traceback")
# what a purchase changes (a signing in of the command line writes its own audit row)
COUNTS = ("SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM purchases), (SELECT count(*) FROM ledger), "
          "(SELECT count(*) FROM point_lots), (SELECT count(*) FROM audit_log WHERE action <> 'sign_in'), "
          "(SELECT sum(points) FROM members), "
          "(SELECT count(*) FROM member_periods), (SELECT sum(purchases) FROM club_periods)")


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """A demo club (its owner is CLI_OWNER) and the card of an active member."""
    home = tmp_path_factory.mktemp("disk-full")
    path = home / "demo.sqlite3"
    subprocess.run([LD, "--db", str(path), "init", "--demo", "--members", "30"], check=True, capture_output=True,
                   env={**os.environ, "LOYALTYDESK_HOME": str(home)})
    conn = sqlite3.connect(path)
    card = conn.execute("SELECT card FROM members WHERE status = 'active' ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    return path, card


def ld(home: Path, db: Path, *args) -> subprocess.CompletedProcess:
    done = subprocess.run([LD, "--db", str(db), "--user", CLI_OWNER, "--json", *map(str, args)], capture_output=True,
                          text=True, timeout=60, env=cli_env(LOYALTYDESK_HOME=str(home)))
    assert not any(bad in done.stderr for bad in NEVER), done.stderr
    return done


def counts(path: Path) -> tuple:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(COUNTS).fetchone()
    finally:
        conn.close()


@pytest.mark.parametrize("leave_kb", [0, 24])  # the club is open: no room for the purchase's pages
def test_the_service_refuses_a_purchase_on_a_full_disk_by_name_and_the_club_stays_clean(template, tmp_path, leave_kb):
    src, card = template
    with small_disk(tmp_path / "disk") as disk:
        path = (disk or tmp_path) / "club.sqlite3"
        shutil.copyfile(src, path)
        db = services.open_club(path, create=False)  # open before the disk fills, as the till is
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
            assert FULL in message and not any(bad in message for bad in NEVER)
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
    with small_disk(tmp_path / "disk") as disk:
        if disk is None:
            pytest.skip("the command line needs a real full disk: mounting a tmpfs needs root")
        path = disk / "club.sqlite3"
        shutil.copyfile(src, path)
        before = counts(path)
        overview = json.loads(ld(tmp_path, path, "overview").stdout)
        filler = fill(disk, leave_kb)
        done = ld(tmp_path, path, "purchase", card, "--amount", "1000000")
        assert done.returncode == 1 and FULL in done.stderr and done.stdout == "", (done.stdout, done.stderr)
        filler.unlink()  # the owner frees some space: the club is as it was, and whole
        checked = ld(tmp_path, path, "check")
        assert checked.returncode == 0 and json.loads(checked.stdout) == {"ok": True, "problems": []}, checked
        assert json.loads(ld(tmp_path, path, "overview").stdout) == overview
        assert counts(path) == before
