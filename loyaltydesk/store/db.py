"""The connection: one SQLite file in WAL mode, foreign keys on, every write one transaction.

``synchronous=FULL``: a purchase reported done survives a power cut. Long-running programs (the
desktop app, the benchmark) pass ``background_checkpoint=True``: automatic checkpoints are
turned off on the cashier's connection and a daemon thread checkpoints on its own connection,
so that a checkpoint never lands on the cashier's commit.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

BUSY_TIMEOUT_MS = 5_000


class DatabaseBusy(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club database is busy with another window or computer; try again in a moment."
    )


class CannotOpen(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot open {path}: {reason}.")


class NotADatabase(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "{path} is not a LoyaltyDesk database or is damaged.")


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


class Checkpointer(threading.Thread):
    """Checkpoints the WAL every ``interval`` seconds from its own connection."""

    def __init__(self, path: str, interval: float = 2.0):
        super().__init__(name="wal-checkpoint", daemon=True)
        self.path, self.interval = path, interval
        self._halt = threading.Event()

    def run(self) -> None:
        conn = _connect(self.path)
        try:
            while not self._halt.wait(self.interval):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


class Database:
    """One open club database. ``transaction()`` is the only way to write."""

    def __init__(self, path: str | Path, *, background_checkpoint: bool = False):
        self.path = str(path)
        try:
            self.conn = _connect(self.path)
        except sqlite3.OperationalError as e:  # a folder that does not exist or cannot be written
            raise CannotOpen(path=self.path, reason=str(e)) from e
        except sqlite3.DatabaseError as e:
            raise NotADatabase(path=self.path) from e
        self._depth = 0
        self._checkpointer = None
        self.memo: dict = {}  # values kept per connection under a token (``club.club_settings``, ``club.tiers``)
        if background_checkpoint:
            self.conn.execute("PRAGMA wal_autocheckpoint = 0")
            self._checkpointer = Checkpointer(self.path)
            self._checkpointer.start()

    @contextmanager
    def transaction(self):
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back whole on any exception. Nesting joins the outer one."""
        if self._depth:  # nested: a savepoint, so a refused inner action leaves nothing behind
            name = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                raise
            finally:
                self._depth -= 1
                self.conn.execute(f"RELEASE {name}")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise DatabaseBusy() from e
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as e:
            self.conn.execute("ROLLBACK")
            raise DatabaseBusy() from e

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def insert(self, table: str, fields: dict) -> int:
        """INSERT one row from a dict of column → value; returns its rowid."""
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        return self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(fields.values())).lastrowid

    def one(self, sql: str, params=()):
        return self.conn.execute(sql, params).fetchone()

    def value(self, sql: str, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row is not None else None

    def all(self, sql: str, params=()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        if self._checkpointer:
            self._checkpointer.stop()
            self._checkpointer = None
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
