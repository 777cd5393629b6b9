"""The connection: one SQLite file in WAL mode, foreign keys on, every write one transaction.

``synchronous=FULL``: a purchase reported done survives a power cut. Long-running programs (the
desktop app, the benchmark) pass ``background_checkpoint=True``: automatic checkpoints are
turned off on the cashier's connection and a daemon thread checkpoints on its own connection,
so that a checkpoint never lands on the cashier's commit.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import sqlite_utils

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from . import cipher
from .engine import ERRORS, connect, keyed, sqlite3

BUSY_TIMEOUT_MS = 5_000
QUICK_CHECK_BYTES = 64 * 2**20  # a file up to this size gets SQLite's whole quick_check at start


class DatabaseBusy(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club database is busy with another window or computer: the purchase or change was "
        "NOT registered. Try again in a moment."
    )


class CannotOpen(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot open {path}: {reason}.")


class NotADatabase(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "{path} is not a LoyaltyDesk database or is damaged.")


class ClubLocked(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "The club is encrypted: sign in to open it.")


class WrongClubKey(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The key that opened {path} does not decrypt it: the club file or its key file (.keys) was "
        "replaced or damaged. Restore the latest backup.")


class _Locked:
    """The connection of a club not unlocked yet: any use says so (``ClubLocked``)."""

    in_transaction = False

    def __getattr__(self, name):
        raise ClubLocked()

    def close(self) -> None:
        pass


# --- faults of the disk and the file: each its own message (what happened, that nothing was
# registered, what to do), never SQLite's own words ------------------------------------------------

class StorageFault(LoyaltyError):
    """The disk or the file failed; the transaction was rolled back (nothing half-saved)."""


class ClubNotFound(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "There is no club at {path}. Check the file's name and folder; a new club is made only "
        "by 'loyaltydesk init' or the first start of the desktop app."
    )


class DiskFull(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The disk holding the club is full: the purchase or change was NOT registered. Free some "
        "space on that disk (empty the recycle bin, move old files away), then do it again."
    )


class ReadOnlyClub(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club file or its folder can only be read (read-only, or a write-protected disk): the "
        "purchase or change was NOT registered. Make the file and its folder writable, or copy the club to a "
        "writable disk, then do it again."
    )


class DiskIOError(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The disk could not read or write the club file (an input/output error: a failing disk, a "
        "removed USB stick or a lost network drive): the purchase or change was NOT registered. Check the disk; "
        "if this repeats, copy your backups to another disk and restore the latest one there."
    )


class DamagedClub(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club file is damaged ({detail}): nothing more is registered in it. Restore the latest "
        "backup (the command 'loyaltydesk restore FILE'; the backups are in the 'backups' folder beside the club)."
    )


class ClubFileGone(StorageFault):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club file {path} was deleted or replaced while this was being saved: the purchase or "
        "change was NOT registered in it. Open the club again (restore a backup if it was deleted)."
    )


FULL_BELOW = 2 * 2**20  # an I/O error on a disk with less free space than this is the disk being full


def _nearly_full(path: str | None) -> bool:
    if not path or path == ":memory:":
        return False
    try:
        return shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free < FULL_BELOW
    except OSError:
        return False


def fault_of(error: BaseException, path: str | None = None) -> LoyaltyError | None:
    """The clear error for a fault of the disk or the file (an ``sqlite3`` error, an ``OSError``, or
    text in the file that is not UTF-8); None for anything else (a bug: the errors log's business).

    SQLite says SQLITE_FULL only when a write itself finds no room; growing the WAL's -shm file
    or syncing on a full disk comes as an I/O error (SQLITE_IOERR_SHMSIZE, _FSYNC...): with
    ``path`` given, an I/O error where the club's disk has (almost) no free space is ``DiskFull``."""
    if isinstance(error, LoyaltyError):
        return error
    if isinstance(error, UnicodeDecodeError):  # a name or text in the file's pages that is not UTF-8
        return DamagedClub(detail="text that is not UTF-8")
    if isinstance(error, ERRORS):
        name = getattr(error, "sqlite_errorname", "") or ""
        text = str(error).lower()
        if name.startswith("SQLITE_FULL") or "disk is full" in text:
            return DiskFull()
        if name.startswith("SQLITE_READONLY") or "readonly database" in text:
            return ReadOnlyClub()
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
            return DatabaseBusy()
        if path and (name.startswith("SQLITE_NOTADB") or "not a database" in text):  # no SQLite file at all
            return NotADatabase(path=path)
        if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
            return DamagedClub(detail=_short(str(error)))
        if name.startswith("SQLITE_IOERR") or "i/o error" in text:
            return DiskFull() if _nearly_full(path) else DiskIOError()
        return None
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return DiskFull()
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return ReadOnlyClub()
        if error.errno == errno.EIO:
            return DiskFull() if _nearly_full(path) else DiskIOError()
    return None


def _damaged_pages(path: str, key: bytes) -> str | None:
    """Whether a club that ``key`` does not open is damaged rather than keyed otherwise: SQLCipher
    checks each page by its own HMAC (``PRAGMA cipher_integrity_check``). A wrong key (another
    club's file, or another club's key file) fails every page; the right key on a damaged file
    fails only the damaged ones. Returns what failed when some pages pass (the key is the file's
    own: the file is damaged), None when none does (a wrong key, or no page to tell by)."""
    found = None
    for algorithm in (cipher.SHA256, cipher.SHA512):  # page 1 may be the damaged one: each HMAC tried
        try:
            conn = keyed(sqlite3.connect(_uri(path, "ro"), uri=True), key, algorithm)  # nothing read before the check
            try:
                failed = [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check")]
                pages = os.path.getsize(path) // int(conn.execute("PRAGMA cipher_page_size").fetchone()[0])
            finally:
                conn.close()
        except (sqlite3.Error, OSError):
            continue
        if failed and len(failed) < pages:
            found = failed
            break
    if found is None:
        return None
    failed = found
    pages_failed = [text.rsplit(" ", 1)[-1] for text in failed]
    return _short(f"pages {', '.join(pages_failed)} fail their check" if len(failed) > 1 else
                  f"page {pages_failed[0]} fails its check")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path`` now; None when nothing is there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _writable(path: str) -> bool:
    """The file and its folder may be written (``os.access`` sees ``chattr +i`` and a read-only
    mount even for root, who ignores the permission bits)."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _uri(path: str, mode: str) -> str:
    return Path(path).absolute().as_uri() + f"?mode={mode}"


def _connect(path: str, mode: str = "rw", key: bytes | None = None, wal: bool = True) -> sqlite3.Connection:
    """``mode``: ``rw`` (an existing file only), ``rwc`` (made when missing), ``ro``; ``:memory:``
    is itself. SQLite opens a write-protected file read-only by itself (writes then fail as
    SQLITE_READONLY); a folder that cannot hold the WAL's -shm file needs ``ro`` asked. ``key``:
    the club's key, the first statement on the connection (none: a plain file). ``wal``: put the
    file in WAL mode (not the checkpointer's: on a new, empty club that is a write of the header,
    which raced the first migration's and made it fail as "database is locked", seen once in the
    suite)."""
    memory = path == ":memory:"
    conn = connect(path if memory else _uri(path, mode), key, uri=not memory, isolation_level=None,
                   check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)  # keyed with the file's HMAC
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if wal and not mode.startswith("ro"):
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


class Checkpointer(threading.Thread):
    """Writes the WAL back into the club file from its own connection: right after each commit of
    the connection it serves (``written()``), and every ``interval`` seconds for what other
    programs commit. A WAL written back whole starts again from its beginning at the next commit,
    over blocks the file already holds. One written back every few seconds never is in a busy
    hour (each write-back leaves the commits made meanwhile), and then every commit extends the
    file: the kernel finds and zeroes new blocks, and the fsync writes the file's new size too.
    Measured at 1M members, 2,000 purchases back to back: median 2.4 ms and p99 4.6 ms with the
    WAL growing to 260 MB; 1.9 ms and 3.1-3.4 ms written back after each commit (the WAL stays
    under 1 MB). A write-back that cannot finish (commits came meanwhile) is tried again after
    ``RETRY`` seconds, and after twice as long each time it made no progress (a reader holds an
    older snapshot), up to ``interval``."""

    RETRY = 0.005

    def __init__(self, path: str, interval: float = 2.0, key: bytes | None = None):
        super().__init__(name="wal-checkpoint", daemon=True)
        self.path, self.interval, self._key = path, interval, key
        self._halt = threading.Event()
        self._written = threading.Event()

    def written(self) -> None:
        """A commit was made: write it back now."""
        self._written.set()

    def run(self) -> None:
        conn = _connect(self.path, key=self._key, wal=False)  # the club's own connection made it WAL
        retry, before = self.RETRY, -1
        try:
            while not self._halt.is_set():
                if self._written.wait(self.interval):
                    self._written.clear()
                    if self._halt.is_set():
                        break
                _busy, log, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if log > done >= 0:  # not all written back
                    retry = self.RETRY if done != before else min(self.interval, retry * 2)
                    before = done
                    if self._halt.wait(retry):
                        break
                    self._written.set()
                else:
                    retry, before = self.RETRY, -1
        finally:
            conn.close()

    def stop(self) -> None:
        self._halt.set()
        self._written.set()
        self.join(timeout=5)


class Database:
    """One open club database. ``transaction()`` is the only way to write."""

    engine = "sqlite"  # or "postgresql" (store/pg.py's PgDatabase)

    def __init__(self, path: str | Path, *, background_checkpoint: bool = False, create: bool = True,
                 key: bytes | None = None, locked: bool = False):
        """Open the club at ``path``; ``create=False`` opens an existing file only (``ClubNotFound``
        otherwise: a typo in ``--db`` makes no folder and no empty club). A file or folder that
        cannot be written opens read-only: reading and ``check`` work, every write is refused
        with ``ReadOnlyClub``. ``key``: the club's key (an encrypted club); ``locked``: an
        encrypted club whose key is not known yet: nothing is opened until ``unlock(key)`` (the
        sign-in), and any use before says ``ClubLocked``."""
        self.path = str(path)
        self.read_only = False
        self.key = key
        memory = self.path == ":memory:"
        if not memory and not create and not os.path.isfile(self.path):
            if os.path.isdir(self.path):
                raise CannotOpen(path=self.path, reason="it is a folder, not a club file")
            raise ClubNotFound(path=self.path)
        self._create, self._background = create, background_checkpoint
        self._identity: tuple[int, int] | None = None
        self.conn: sqlite3.Connection
        self._depth = 0
        self._lost: BaseException | None = None  # what ended the open transaction inside a nested action
        self._tables: sqlite_utils.Database | None = None
        self._checkpointer: Checkpointer | None = None
        self.memo: dict = {}  # values kept per connection under a token (``club.club_settings``, ``club.tiers``)
        self.on_unlock: list = []  # what the opening left for the key (``store.open_database``: check, upgrade)
        if locked:
            self.conn = cast(sqlite3.Connection, _Locked())
            return
        self._open()

    @property
    def locked(self) -> bool:
        return isinstance(self.conn, _Locked)

    def unlock(self, key: bytes) -> None:
        """Open the encrypted club with ``key`` (from a key slot), then do what its opening left
        for this moment (``on_unlock``). ``WrongClubKey`` when the key does not decrypt it."""
        if not self.locked:
            if key != self.key:
                raise WrongClubKey(path=self.path)
            return
        self.key = key
        self._open()
        todo, self.on_unlock = self.on_unlock, []
        for step in todo:
            step(self)

    def reopen_as(self, replace, key: bytes | None) -> None:
        """Close the file, let ``replace()`` put another in its place (the club encrypted), and
        open that one with ``key``; what is kept on the connection (``memo``) stays."""
        if self._checkpointer:
            self._checkpointer.stop()
            self._checkpointer = None
        self.conn.close()
        replace()
        for extra in ("-wal", "-shm"):
            try:
                os.unlink(self.path + extra)
            except FileNotFoundError:
                pass
        self.key, self._create, self._tables = key, False, None
        self._open()

    def _open(self) -> None:
        create, background_checkpoint, key, memory = self._create, self._background, self.key, self.path == ":memory:"
        try:
            try:
                self.conn = _connect(self.path, "rwc" if create or memory else "rw", key)
            except sqlite3.OperationalError:
                # a read-only folder (no room for the WAL's -shm file) or disk: read-only, if at all
                if memory or not os.path.isfile(self.path) or _writable(self.path):
                    raise
                try:
                    self.conn = _connect(self.path, "ro", key)
                except sqlite3.OperationalError:
                    if os.path.exists(self.path + "-wal"):  # its last changes live there: never read around them
                        raise
                    self.conn = _connect(self.path, "ro&immutable=1", key)  # nobody can write a read-only folder
                self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self.read_only = not memory and not _writable(self.path)
        except sqlite3.DatabaseError as e:
            if key is not None and os.path.getsize(self.path) > 0 and (
                    "not a database" in str(e) or (getattr(e, "sqlite_errorname", "") or "").startswith(
                        "SQLITE_NOTADB")):
                damaged = _damaged_pages(self.path, key)
                if damaged:  # other pages open with this key: it is the file's own, the file is damaged
                    raise DamagedClub(detail=damaged) from e
                raise WrongClubKey(path=self.path) from e
            fault = fault_of(e, self.path)
            if isinstance(fault, (DamagedClub, ReadOnlyClub, DiskIOError, DiskFull, DatabaseBusy, NotADatabase)):
                raise fault from e
            if isinstance(e, sqlite3.OperationalError):  # a folder that does not exist or cannot be written
                raise CannotOpen(path=self.path, reason=str(e)) from e
            raise NotADatabase(path=self.path) from e
        self._identity = None if memory else _identity(self.path)
        if background_checkpoint and not self.read_only:
            self.conn.execute("PRAGMA wal_autocheckpoint = 0")
            self._checkpointer = Checkpointer(self.path, key=key)
            self._checkpointer.start()

    def _rollback(self, savepoint: str | None = None) -> None:
        """Undo, only while a transaction is open (as sqlite-utils' ``atomic()`` does), and quietly:
        after SQLITE_FULL, an I/O error or a trigger's ``RAISE(ROLLBACK)`` SQLite has rolled back
        already, and a second ROLLBACK would put "cannot rollback - no transaction is active" in
        place of the error that says what happened."""
        if not self.conn.in_transaction:
            return
        try:
            self.conn.execute(f"ROLLBACK TO {savepoint}" if savepoint else "ROLLBACK")
        except sqlite3.Error:
            pass

    def _fault(self, error: BaseException) -> BaseException:
        """What to raise for ``error`` inside a transaction: its ``StorageFault`` (or ``DatabaseBusy``),
        else the error itself (a refused action, a trigger's message, a bug)."""
        if isinstance(error, (*ERRORS, UnicodeDecodeError)):
            return fault_of(error, self.path) or error
        return error

    def _take_lost(self) -> BaseException | None:
        """The error that ended the transaction inside a nested action (None when none did), forgotten."""
        lost, self._lost = self._lost, None
        return lost

    def _still_ours(self) -> bool:
        """The file at ``path`` is still the one this connection writes: not deleted, not replaced."""
        return self._identity is None or _identity(self.path) == self._identity

    @contextmanager
    def transaction(self, pipelined: bool = False):
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back whole on any exception. Nesting joins the outer one.
        (``pipelined`` is the server's, ``PgDatabase.transaction``: SQLite has no round trips to save.)

        A fault of the disk or file comes out as its ``StorageFault`` (``DiskFull``, ``ReadOnlyClub``,
        ``DamagedClub``...); a club file deleted or replaced meanwhile as ``ClubFileGone``, never as
        success reported into a file nobody will open again. An error that ended the whole
        transaction inside a nested action (a full disk, a trigger's ``RAISE(ROLLBACK)``) fails the
        outer one with that error even when the caller caught it and carried on, and what it wrote
        after is rolled back with the rest: nothing of the transaction is saved."""
        if self._depth:  # nested: a savepoint, so a refused inner action leaves nothing behind
            name = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException as e:
                if self.conn.in_transaction:
                    self._rollback(name)
                elif self._lost is None:
                    self._lost = e
                    try:  # what the caller writes next waits in a transaction the outer one rolls back
                        self.conn.execute("BEGIN IMMEDIATE")
                    except sqlite3.Error:
                        pass
                raise
            finally:
                self._depth -= 1
                if self.conn.in_transaction:
                    try:
                        self.conn.execute(f"RELEASE {name}")
                    except sqlite3.Error:
                        pass
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except (sqlite3.Error, UnicodeDecodeError) as e:
            raise (fault_of(e, self.path) or DatabaseBusy()) from e
        self._depth, self._lost = 1, None
        try:
            yield self
        except BaseException as e:
            self._depth, self._lost = 0, None
            self._rollback()
            fault = self._fault(e)
            if fault is e:
                raise
            raise fault from e
        self._depth = 0
        lost = self._take_lost()
        if lost is not None:  # ended inside a nested action whose error was caught: report that error
            self._rollback()
            fault = self._fault(lost)
            if fault is lost:
                raise lost
            raise fault from lost
        if not self.conn.in_transaction:
            raise RuntimeError("the transaction was ended inside it by an error that was caught and ignored")
        if not self._still_ours():
            self._rollback()
            raise ClubFileGone(path=self.path)
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            raise (fault_of(e, self.path) or DatabaseBusy()) from e
        if not self._still_ours():  # gone between the look and the commit: written where no one reads
            raise ClubFileGone(path=self.path)
        if self._checkpointer is not None:
            self._checkpointer.written()

    def quick_check(self, limit: int = QUICK_CHECK_BYTES) -> list[str]:
        """The damage a start can afford to look for; [] when none is seen.

        A file up to ``limit`` bytes gets SQLite's ``PRAGMA quick_check`` (every page of every
        b-tree: measured 0.9 s per GB with the file in the cache, 20 s per GB read cold from this
        VM's disk, so ~60 ms warm at the 64 MB limit). A larger file gets a bounded check whose cost
        does not grow with the data: the header's page count against the file's size (a file cut
        short), the whole schema read and parsed, and the first and last row of every table (the
        pages from its root to both edges). ``check`` always runs the whole quick_check."""
        try:
            size = os.path.getsize(self.path) if self._identity else 0
            if size <= limit:
                rows = [r[0] for r in self.conn.execute("PRAGMA quick_check(20)")]
                return [] if rows == ["ok"] else rows
            problems = []
            # int(): SQLCipher answers PRAGMA page_size of a keyed file as text
            pages, page_size = (int(self.conn.execute(f"PRAGMA {n}").fetchone()[0]) for n in ("page_count", "page_size"))
            if pages * page_size > size:
                problems.append(f"the file is cut short: {size:,} bytes of {pages * page_size:,}")
            tables = [r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
            for name in tables:
                quoted = '"' + name.replace('"', '""') + '"'
                try:
                    self.conn.execute(f"SELECT * FROM {quoted} ORDER BY rowid LIMIT 1").fetchall()
                    self.conn.execute(f"SELECT * FROM {quoted} ORDER BY rowid DESC LIMIT 1").fetchall()
                except sqlite3.OperationalError as e:
                    if "no such column: rowid" not in str(e):  # a WITHOUT ROWID table: read its first row
                        raise
                    self.conn.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()
            return problems
        except (sqlite3.DatabaseError, UnicodeDecodeError) as e:
            fault = fault_of(e, self.path)
            if isinstance(fault, DamagedClub):
                return [fault.params["detail"]]
            raise (fault or e) from e

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @property
    def tables(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection (the migrations, bulk inserts): its ``atomic()`` joins
        the open transaction as a savepoint. Recursive triggers stay off (the journals' no-replace
        triggers of m0007 are written for that) and no plugin touches the connection."""
        if self._tables is None:
            self._tables = sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)
        return self._tables

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def config_token(self):
        """The token that changes with any change of the settings, tiers or campaigns (m0010, m0016):
        what ``club.club_settings`` and the others keep on the connection is good while it holds."""
        return self.value("SELECT token FROM config_token WHERE id = 1")

    def insert(self, table: str, fields: dict) -> int:
        """INSERT one row from a dict of column → value; returns its rowid."""
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        row_id = self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(fields.values())).lastrowid
        assert row_id is not None  # an INSERT that returned sets it
        return row_id

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
