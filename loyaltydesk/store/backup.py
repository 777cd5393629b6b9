"""The SQL side of backups: a consistent copy of the open database (SQLite's online backup API),
a look inside a candidate file before anything is replaced, and the replacement itself.

The copy runs while the app runs, from a connection of its own (off the app's database thread),
in steps under one read transaction, so it is one moment of the database even while a cashier
writes (WAL readers do not block writers). The restore writes
the candidate *into* the open database through the same API, so every open connection sees the
restored club at once and nobody has a file pulled from under them.
"""

from __future__ import annotations

import os
from .engine import sqlite3
from pathlib import Path
from typing import Callable, NamedTuple

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from . import cipher
from .crypt import export
from .db import BUSY_TIMEOUT_MS, Database, DatabaseBusy
from .engine import connect, hmac_of
from .migrations import recorded, shipped

REQUIRED_TABLES = frozenset({"settings", "tiers", "users", "members", "purchases", "refunds",
                             "ledger", "point_lots", "audit_log", "tier_history"})


class BackupDamaged(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "The backup {name} is damaged: {detail}")


class NotAClubDatabase(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "{name} is not a LoyaltyDesk club database.")


class MadeByNewerVersion(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "{name} was made by a newer LoyaltyDesk (it has {unknown}); update the program first."
    )


class CannotWriteBackup(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot write the backup to {path}: {reason}.")


class BackupCancelled(CannotWriteBackup):
    """The copy was told to stop (the app is closing): nothing was left behind."""


COPY_STEP_PAGES = 1024  # 4 MiB of 4 KiB pages a step; then written out, and ``cancelled`` asked


def copy_to(db: Database, dest: Path) -> int:
    """A consistent copy of ``db`` (what is committed) at ``dest``. See ``copy_file``."""
    return copy_file(Path(db.path), dest, key=db.key)


def copy_file(source: Path, dest: Path, cancelled: Callable[[], bool] | None = None, key: bytes | None = None,
              plain: bool = True, moved: Callable[[int, int], None] | None = None) -> int:
    """A consistent copy of the club database file ``source`` at ``dest`` (written beside it first,
    then renamed, so a half-written backup never carries the final name). Returns its size in bytes.

    It uses a connection of its own, so it may run on any thread and never holds the app's
    database thread. It opens one read transaction and copies under it in steps: every step
    sees the same moment of the database (WAL readers do not block writers, and the backup does not
    restart when another connection writes between steps). ``cancelled()`` is asked between steps;
    when it says yes the copy stops with ``BackupCancelled`` and leaves nothing behind.

    An encrypted club (``key``) is copied so under its own key (SQLite's backup copies between files
    of one key), then exported plain (``sqlcipher_export``) and the keyed copy removed: the plain
    file is a backup's working copy, which the caller packs (compresses, seals) and removes. With
    ``plain=False`` the copy stays under the club's key (``store.pages`` reads it out, never plain on
    the disk). ``moved(pages copied, pages in all)`` hears how far it is, step by step."""
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    keyed = dest.with_name(dest.name + ".keyed") if key is not None and plain else None  # the copy under the club's key

    written: list[int] = []  # a descriptor of the partial file, once it exists

    def step(_status: int, remaining: int, total: int) -> None:
        if moved is not None:
            moved(total - remaining, total)
        # Written out as it goes: gigabytes of dirty pages would make every commit's fsync meanwhile
        # (a cashier's purchase) wait behind them, for seconds. Then dropped from the OS cache,
        # which is better spent on the club itself.
        if not written and partial.exists():
            written.append(os.open(partial, os.O_RDWR | getattr(os, "O_BINARY", 0)))  # Windows flushes only a writable one
        if written:
            os.fsync(written[0])
            if hasattr(os, "posix_fadvise"):
                os.posix_fadvise(written[0], 0, 0, os.POSIX_FADV_DONTNEED)
        if cancelled is not None and cancelled():
            raise BackupCancelled(path=str(dest), reason="stopped: the program is closing")

    try:
        partial.unlink(missing_ok=True)
        # mode=rw: a missing file is an error here, never a new empty database
        src = connect(Path(source).resolve().as_uri() + "?mode=rw", key, uri=True, isolation_level=None,
                      timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read transaction starts here
            if keyed is not None:
                keyed.unlink(missing_ok=True)
            # SQLite's backup copies pages as they are: the copy is written with the club's HMAC
            target = connect(keyed or partial, key, hmac_of(src) if key is not None else None)
            try:
                src.backup(target, pages=COPY_STEP_PAGES, progress=step)
                # A backup travels alone (a USB stick, an e-mail): one self-contained file, no -wal beside it.
                target.execute("PRAGMA journal_mode = DELETE")
                if keyed is not None:
                    export(target, partial, None)
            finally:
                target.close()
        finally:
            src.close()
            for fd in written:
                os.close(fd)
            if keyed is not None:
                keyed.unlink(missing_ok=True)
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(partial, dest)
    except BackupCancelled:
        partial.unlink(missing_ok=True)
        raise
    except sqlite3.DatabaseError as e:
        partial.unlink(missing_ok=True)
        if "locked" in str(e) or "busy" in str(e):
            raise DatabaseBusy() from e
        raise CannotWriteBackup(path=str(dest), reason=str(e)) from e
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise CannotWriteBackup(path=str(dest), reason=e.strerror or str(e)) from e
    return dest.stat().st_size


class ClubCounts(NamedTuple):
    members: int
    purchases: int
    ledger: int
    audit_log: int


COUNTED = ClubCounts._fields  # the tables counted, by name


class BackupContents(NamedTuple):
    """What a candidate club file holds: the migrations it has, and how many rows of each kind."""

    migrations: list[str]
    members: int
    purchases: int
    ledger: int
    audit_log: int


def inspect(path: Path, name: str | None = None, *, quick: bool = False,
            cancelled: Callable[[], bool] | None = None, key: bytes | None = None) -> BackupContents:
    """Look inside a candidate database file (a working copy the caller owns) without changing
    what it holds. Raises ``NotAClubDatabase``, ``BackupDamaged`` or ``MadeByNewerVersion``;
    returns what it found: the migrations it has, and how many members, purchases, entries.
    ``cancelled()``, asked as the check goes, stops it with ``BackupCancelled``."""
    name = name or Path(path).name
    conn = connect(path, key)  # ``key``: a working copy kept encrypted (store.pages)
    if cancelled is not None:
        conn.set_progress_handler(cancelled, 100_000)  # a true answer interrupts the statement
    try:
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as e:  # "file is not a database"
            raise NotAClubDatabase(name=name) from e
        if not REQUIRED_TABLES <= tables:
            raise NotAClubDatabase(name=name)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check")]
        except sqlite3.DatabaseError as e:
            raise BackupDamaged(name=name, detail=str(e)) from e
        if rows != ["ok"]:
            raise BackupDamaged(name=name, detail="; ".join(rows[:5]))
        try:
            applied = recorded(conn)
            known = shipped()
            unknown = [m for m in applied if m not in known]
            if unknown:
                raise MadeByNewerVersion(name=name, unknown=", ".join(unknown))
            if not applied or applied[0] != known[0]:
                raise NotAClubDatabase(name=name)
            counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED]
        except sqlite3.DatabaseError as e:
            raise BackupDamaged(name=name, detail=str(e)) from e
        return BackupContents(applied, *counts)
    except LoyaltyError:
        if cancelled is not None and cancelled():
            raise BackupCancelled(path=str(path), reason="stopped: the program is closing") from None
        raise
    finally:
        conn.close()


def counts(db: Database) -> ClubCounts:
    return ClubCounts(*(db.value(f"SELECT count(*) FROM {t}") for t in COUNTED))


def load_into(db: Database, source: Path, source_key: bytes | None = None) -> None:
    """Replace everything in the open database ``db`` by the content of ``source`` (already inspected).

    One backup step under SQLite's write lock: other connections see the old club or the new one,
    never a mixture. Refused with ``DatabaseBusy`` while another window is writing."""
    if db.in_transaction:
        raise RuntimeError("load_into needs the database outside any transaction")
    # Python's backup() retries a locked destination for ever: ask for the write lock first, with
    # the connection's busy timeout, and say "busy" instead of hanging while another window writes.
    with db.transaction():
        pass
    keyed = None
    club = hmac_of(db.conn) if db.key is not None else None  # the HMAC the club's pages are written with
    same = (db.key is None or cipher.file_hmac(source, db.key) == club) if db.key == source_key else False
    if not same:  # SQLite's backup copies pages between files of one key and one HMAC: the candidate so first
        keyed = Path(source).with_name(Path(source).name + ".keyed")
        candidate = connect(source, source_key)  # ``source_key``: a working copy kept encrypted
        try:
            export(candidate, keyed, db.key, club)
        finally:
            candidate.close()
    src = connect(keyed or source, db.key)
    try:
        src.backup(db.conn)
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise DatabaseBusy() from e
        raise BackupDamaged(name=Path(source).name, detail=str(e)) from e
    finally:
        src.close()
        if keyed is not None:
            keyed.unlink(missing_ok=True)
