"""The pages a purchase writes, read from the WAL itself: each frame of a commit names the page it
holds, and SQLite's ``dbstat`` names the b-tree of each page (a plain club, read by Python's own
SQLite). SQLite rewrites a row's entry in every index on a column an UPDATE assigns, even to the
value it had (m0022): a purchase writes the window's first moment only when it moves."""

from __future__ import annotations

import sqlite3 as plain_sqlite3
import struct
from pathlib import Path

import pytest

from loyaltydesk import services
from loyaltydesk.services import checkout
from loyaltydesk.store import migrate
from loyaltydesk.store.db import Database

pytestmark = pytest.mark.sqlite_only  # SQLite's WAL and pages


def wal_pages(path: Path) -> set[int]:
    """The page numbers of the frames in the WAL of ``path`` (those of its current salt)."""
    data = Path(f"{path}-wal").read_bytes()
    if len(data) < 32:
        return set()
    size = struct.unpack(">I", data[8:12])[0]
    salt, pages, at = data[16:24], set(), 32
    while at + 24 + size <= len(data) and data[at + 8:at + 16] == salt:
        pages.add(struct.unpack(">I", data[at:at + 4])[0])
        at += 24 + size
    return pages


def btrees_written(db: Database, path: Path, act) -> set[str]:
    """The b-trees whose pages ``act()`` wrote (its commit's frames, the WAL emptied before)."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    act()
    pages = wal_pages(path)
    reader = plain_sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {name for name, page in reader.execute("SELECT name, pageno FROM dbstat") if page in pages}
    finally:
        reader.close()


@pytest.fixture
def plain_club(tmp_path, clock):
    path = tmp_path / "plain.sqlite3"
    db = Database(path)  # a club as made before encryption: the same schema, no key (dbstat reads it)
    migrate(db)
    owner = services.owner_session(db, clock=clock)
    yield path, db, owner
    db.close()


def test_a_purchase_in_a_window_already_counted_leaves_the_window_index_alone(plain_club, clock):
    path, db, owner = plain_club
    card = services.members.sign_up(owner, "09120000001", "مریم", "احمدی").card
    first = checkout.register_purchase(owner, card, 2_000_000)  # the window's first counted purchase
    moment = db.value("SELECT win_until FROM members WHERE card = ?", (card,))
    assert moment == first.at

    clock.advance(days=3)
    written = btrees_written(db, path, lambda: checkout.register_purchase(owner, card, 3_000_000))

    assert {"members", "purchases", "member_stats"} <= written  # what a purchase does write
    assert "members_win_until" not in written  # the same moment: no entry rewritten
    row = db.one("SELECT win_until, win_spend FROM members WHERE card = ?", (card,))
    assert (row[0], row[1]) == (moment, 5_000_000)
    assert services.check.check_database(owner) == []


def test_the_windows_first_purchase_moves_its_entry(plain_club, clock):
    path, db, owner = plain_club
    card = services.members.sign_up(owner, "09120000002", "علی", "رضایی").card
    services.members.refresh_windows(owner)  # summed once: nothing counted yet, the moment far ahead
    assert db.value("SELECT win_until FROM members WHERE card = ?", (card,)) == services.members.FAR_FUTURE

    bought = []
    written = btrees_written(db, path, lambda: bought.append(checkout.register_purchase(owner, card, 2_000_000)))

    assert "members_win_until" in written
    assert db.value("SELECT win_until FROM members WHERE card = ?", (card,)) == bought[0].at
    assert services.check.check_database(owner) == []
