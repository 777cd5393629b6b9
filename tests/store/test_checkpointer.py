"""The background checkpointer writes the WAL back right after each commit of the connection it
serves, so that the next commit starts the WAL again from its beginning (over blocks the file
already holds) instead of extending it: read from the WAL-index (the ``-shm`` file) and the WAL's
size, as SQLite itself keeps them."""

import os
import struct
import time

import pytest

from loyaltydesk.store.db import Checkpointer, Database

FRAME = 4096 + 24


def backfill(path: str) -> tuple[int, int]:
    """(frames in the WAL, frames written back into the file), from the WAL-index header: mxFrame
    at byte 16 of the first header copy, nBackfill at byte 96 (native byte order)."""
    with open(path + "-shm", "rb") as f:
        head = f.read(100)
    return struct.unpack("=I", head[16:20])[0], struct.unpack("=I", head[96:100])[0]


def written_back(path: str, within: float) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        frames, done = backfill(path)
        if frames == done:
            return True
        time.sleep(0.002)
    return False


@pytest.fixture
def club(tmp_path):
    path = str(tmp_path / "club.sqlite3")
    db = Database(path, background_checkpoint=True)
    with db.transaction():
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
    yield db, path
    db.close()


def test_each_commit_is_written_back_before_the_timer_and_the_wal_starts_again(club):
    db, path = club
    assert Checkpointer(path).interval >= 2.0  # what follows is the commit's doing, not the timer's
    for i in range(30):
        with db.transaction():
            db.execute("INSERT INTO t (v) VALUES (?)", (os.urandom(3000),))
        assert written_back(path, within=1.5), f"commit {i} not written back"
    # each commit wrote a page or two at the WAL's beginning again: thirty commits never extended it
    assert os.path.getsize(path + "-wal") <= 32 + 8 * FRAME
    assert db.value("SELECT count(*) FROM t") == 30


def test_without_the_nudge_the_wal_keeps_what_came_until_the_timer(tmp_path):
    """What it replaced: a write-back only every two seconds, the WAL extended by every commit."""
    path = str(tmp_path / "club.sqlite3")
    db = Database(path)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    with db.transaction():
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
    for _ in range(30):
        with db.transaction():
            db.execute("INSERT INTO t (v) VALUES (?)", (os.urandom(3000),))
    assert os.path.getsize(path + "-wal") >= 32 + 30 * FRAME
    db.close()


def test_a_write_back_held_up_by_a_reader_finishes_once_the_reader_is_gone(club):
    db, path = club
    reader = Database(path, create=False)
    reader.execute("BEGIN")
    reader.value("SELECT count(*) FROM t")  # a snapshot from before the commits below
    for _ in range(5):
        with db.transaction():
            db.execute("INSERT INTO t (v) VALUES (?)", (os.urandom(3000),))
    assert not written_back(path, within=0.3)  # the reader's snapshot must stay readable
    reader.execute("COMMIT")
    reader.close()
    assert written_back(path, within=5)  # retried (less often while it could not finish), not given up


def test_stop_does_not_wait_for_the_timer(tmp_path):
    path = str(tmp_path / "club.sqlite3")
    Database(path).close()
    checkpointer = Checkpointer(path, interval=60)
    checkpointer.start()
    time.sleep(0.05)
    started = time.monotonic()
    checkpointer.stop()
    assert not checkpointer.is_alive()
    assert time.monotonic() - started < 2
