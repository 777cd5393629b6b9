"""The SQL side of backups: a consistent copy of the open database (SQLite's online backup API),
a look inside a candidate file before anything is replaced, and the replacement itself.

The copy runs while the app runs: one backup step under a read transaction, so it is one moment of
the database even while a cashier writes (WAL readers do not block writers). The restore writes
the candidate *into* the open database through the same API, so every open connection sees the
restored club at once and nobody has a file pulled from under them.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .db import Database, DatabaseBusy
from .migrations import MIGRATIONS

REQUIRED_TABLES = frozenset({"_migrations", "settings", "tiers", "users", "members", "purchases", "refunds",
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


def copy_to(db: Database, dest: Path) -> int:
    """A consistent copy of ``db`` at ``dest`` (written beside it first, then renamed, so a
    half-written backup never carries the final name). Returns its size in bytes."""
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    try:
        partial.unlink(missing_ok=True)
        target = sqlite3.connect(partial)
        try:
            db.conn.backup(target)
            # A backup travels alone (a USB stick, an e-mail): one self-contained file, no -wal beside it.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        with open(partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(partial, dest)
    except sqlite3.OperationalError as e:
        partial.unlink(missing_ok=True)
        if "locked" in str(e) or "busy" in str(e):
            raise DatabaseBusy() from e
        raise CannotWriteBackup(path=str(dest), reason=str(e)) from e
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise CannotWriteBackup(path=str(dest), reason=e.strerror or str(e)) from e
    return dest.stat().st_size


def inspect(path: Path, name: str | None = None, *, quick: bool = False) -> dict:
    """Look inside a candidate database file (a working copy the caller owns) without changing
    what it holds. Raises ``NotAClubDatabase``, ``BackupDamaged`` or ``MadeByNewerVersion``;
    returns what it found: the migrations it has, and how many members, purchases, entries."""
    name = name or Path(path).name
    conn = sqlite3.connect(path)
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
            applied = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]
            known = [m.__name__ for m in MIGRATIONS]
            unknown = [m for m in applied if m not in known]
            if unknown:
                raise MadeByNewerVersion(name=name, unknown=", ".join(unknown))
            if not applied or applied[0] != known[0]:
                raise NotAClubDatabase(name=name)
            counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("members", "purchases", "ledger", "audit_log")}
        except sqlite3.DatabaseError as e:
            raise BackupDamaged(name=name, detail=str(e)) from e
        return {"migrations": applied, **counts}
    finally:
        conn.close()


def counts(db: Database) -> dict:
    return {t: db.value(f"SELECT count(*) FROM {t}") for t in ("members", "purchases", "ledger", "audit_log")}


def load_into(db: Database, source: Path) -> None:
    """Replace everything in the open database ``db`` by the content of ``source`` (already inspected).

    One backup step under SQLite's write lock: other connections see the old club or the new one,
    never a mixture. Refused with ``DatabaseBusy`` while another window is writing."""
    if db.in_transaction:
        raise RuntimeError("load_into needs the database outside any transaction")
    # Python's backup() retries a locked destination for ever: ask for the write lock first, with
    # the connection's busy timeout, and say "busy" instead of hanging while another window writes.
    with db.transaction():
        pass
    src = sqlite3.connect(source)
    try:
        src.backup(db.conn)
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise DatabaseBusy() from e
        raise BackupDamaged(name=Path(source).name, detail=str(e)) from e
    finally:
        src.close()
