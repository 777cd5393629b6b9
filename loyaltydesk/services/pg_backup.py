"""Backups of a club on a PostgreSQL server (issue 23): ``pg_dump -Fc`` / ``pg_restore``
(``store/pg_dump.py``), sealed like a file club's: to the owners' backup keys (``.ldbox``, an
owner's password opens it) or by a passphrase (``.ldbk``), never plain (the archive goes from
``pg_dump`` straight into a working file encrypted under a key of its own, ``store.pages``, and is
sealed from there). ``services/backup.py``'s functions hand a server's club to these.

- Back up: audited first, dumped, read through whole by ``pg_restore`` (every table's data unpacked)
  before it is sealed, then the sealed file read back from the disk as the bytes written (SHA-256).
- Verify: the backup opened and restored into a throwaway database on the same server (the URL's
  role must be allowed to make one: the administrator's), where the quick checks run (the ledger's
  sums); dropped after.
- Restore (owner, with the administrator's URL: the tables are replaced, which only their owner
  may): verified first as above; the club as it is now backed up aside (sealed the same way); then
  restored in one transaction (``pg_restore --clean --single-transaction``: the tills see the old
  club or the new one), upgraded, audited, and the ledger's sums proven.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, NotFound, require_valid
from loyaltydesk.domain.jalali import UTC
from loyaltydesk.store import backup as backup_store
from loyaltydesk.store import club as club_store
from loyaltydesk.store import open_database, pages
from loyaltydesk.store import pg_dump

from . import sealed_box
from .check import quick_check
from .progress import Progress, tick
from .session import Session

NO_OWNER_KEY = QT_TRANSLATE_NOOP(
    "LoyaltyError", "No backup was made: a server club's backup is sealed to its owners' backup keys, and none is "
    "on the server yet (an owner's sign-in makes theirs). Sign in as the owner, or give the backup a passphrase.")
NOT_A_SERVER_BACKUP = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The backup {name} is of a club file, not of a club on a PostgreSQL server: restore it into a "
    "club file, then move that to the server (move-to).")


def _stem(session: Session) -> str:
    return urlsplit(str(session.db.url)).path.strip("/") or "club"  # type: ignore[attr-defined]


def folder_of(session: Session, folder: str | Path | None) -> Path:
    """The folder given, else the club's setting, else ``backups`` in the user's data folder (a
    server's club has no folder of its own on this computer)."""
    from platformdirs import user_data_dir

    from .backup import FOLDER_UNUSABLE

    chosen = folder or club_store.club_settings(session.db).backup_folder
    path = Path(chosen).expanduser() if chosen else Path(user_data_dir("LoyaltyDesk", appauthor=False)) / "backups"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise LoyaltyError(FOLDER_UNUSABLE, folder=str(path), reason=e.strerror or str(e)) from None
    return path


def _blocks(f: pages.EphemeralFile):
    with f.reader() as r:
        while block := r.read(pg_dump.BLOCK):
            yield block


def back_up(session: Session, folder: str | Path | None, passphrase: str | None, kind: str,
            progress: Progress = None, keep=None):
    """A backup of the server's club (``kind`` manual or auto), sealed; read back before it returns."""
    from .backup import BOXED_SUFFIX, SEALED_SUFFIX, audit_failed, passphrase_problems

    require_valid(passphrase_problems(passphrase))
    to = sealed_box.recipients(session.db) if not passphrase else {}
    if not passphrase and not to:
        raise LoyaltyError(NO_OWNER_KEY)
    where = folder_of(session, folder)
    at = session.now().astimezone(UTC)
    suffix = SEALED_SUFFIX if passphrase else BOXED_SUFFIX
    while (dest := where / f"{_stem(session)}-{at:%Y%m%dT%H%M%SZ}-{kind}{suffix}").exists():
        at += timedelta(seconds=1)
    action = "back_up" if kind == "manual" else "auto_backup"
    with session.db.transaction():
        session.audit(action, "database", None, None, {"file": str(dest), "encrypted": bool(passphrase),
                                                       "engine": "postgresql"})
    try:
        return _dumped(session, dest, where, passphrase, to, progress, keep)
    except (LoyaltyError, OSError) as e:  # audited as a club file's copy that failed (backup.backup_failed)
        error = e if isinstance(e, LoyaltyError) else backup_store.CannotWriteBackup(
            path=str(dest), reason=e.strerror or str(e))
        try:
            audit_failed(session, action, str(dest), error)
        except LoyaltyError:  # the server itself is gone (what stopped the dump): its error is the one to say
            pass
        if error is e:
            raise
        raise error from None


def _dumped(session: Session, dest: Path, where: Path, passphrase: str | None, to: dict, progress: Progress,
            keep):
    """``back_up``'s work after its audit row: the dump, read whole, sealed, read back, pruned."""
    from .backup import BackupInfo, _info, _not_verified, encrypt_file, file_digest, prune

    tick(progress, 0, 4)
    counts = backup_store.counts(session.db)
    with tempfile.TemporaryDirectory() as tmp:
        packed = pages.EphemeralFile(Path(tmp) / "dump")
        with packed.writer() as w:
            for block in pg_dump.dump(session.db.url):  # type: ignore[attr-defined]
                w.write(block)
        tick(progress, 1, 4)
        pg_dump.read_whole(_blocks(packed))  # every table's data unpacks
        tick(progress, 2, 4)
        partial = dest.with_name(dest.name + ".partial")
        try:
            digest = encrypt_file(packed, partial, passphrase) if passphrase else sealed_box.seal_file(packed, partial, to)
            partial.replace(dest)
        finally:
            partial.unlink(missing_ok=True)
    tick(progress, 3, 4)
    if file_digest(dest) != digest:
        dest.unlink(missing_ok=True)
        raise _not_verified(dest, LoyaltyError("it is not what was written"))
    if keep is not None:
        prune(where, _stem(session), *keep)
    tick(progress, 4, 4)
    info = _info(dest)
    assert info is not None
    result: BackupInfo = replace(info, verified=True, members=counts.members, purchases=counts.purchases)
    return result


def _opened(session: Session, path: Path, passphrase: str | None, work: Path) -> pages.EphemeralFile:
    """The backup opened (by an owner's password or the passphrase) into a working file of its own
    key; ``NOT_A_SERVER_BACKUP`` when it holds a club file."""
    from loyaltydesk.store.engine import is_plain_sqlite

    from .backup import NO_FILE, decrypt_file, is_encrypted

    if not path.is_file():
        raise NotFound(NO_FILE, path=str(path))
    if not sealed_box.is_boxed(path) and not is_encrypted(path):  # sealed neither way: no backup of ours
        if is_plain_sqlite(path):  # a club file (or an earlier version's plain backup of one)
            raise LoyaltyError(NOT_A_SERVER_BACKUP, name=path.name)
        raise backup_store.NotAClubDatabase(name=path.name)
    opened = pages.EphemeralFile(work)
    if sealed_box.is_boxed(path):
        sealed_box.open_file(path, opened, passphrase, sealed_box.recipients(session.db))
    else:
        decrypt_file(path, opened, passphrase)
    with opened.reader() as r:
        if r.read(len(pg_dump.MAGIC)) != pg_dump.MAGIC:
            raise LoyaltyError(NOT_A_SERVER_BACKUP, name=path.name)
    return opened


def _checked_in_throwaway(session: Session, opened: pages.EphemeralFile):
    """Restored into a throwaway database, upgraded, and its ledger's sums proven there."""
    from loyaltydesk.store.migrations_pg import applied

    from .backup import BackupCheck  # noqa: F401 - the shape returned by verify

    with pg_dump.throwaway(session.db.url) as url:  # type: ignore[attr-defined]
        pg_dump.restore(url, _blocks(opened))
        db = open_database(url, upgrade=False)
        try:
            migrations = applied(db)  # type: ignore[arg-type]
            counts = backup_store.counts(db)
            problems = quick_check(Session(db, session.user, session.clock))
        finally:
            db.close()
    return migrations, counts, problems


def verify(session: Session, path: str | Path, passphrase: str | None, progress: Progress = None):
    from .backup import BackupCheck

    path = Path(path)
    tick(progress, 0, 2)
    with tempfile.TemporaryDirectory() as tmp:
        opened = _opened(session, path, passphrase, Path(tmp) / "opened")
        tick(progress, 1, 2)
        migrations, counts, problems = _checked_in_throwaway(session, opened)
    if problems:
        raise LoyaltyError(problems[0].template, **problems[0].params)
    tick(progress, 2, 2)
    return BackupCheck(str(path), True, migrations, counts.members, counts.purchases, counts.ledger, counts.audit_log)


def restore(session: Session, path: str | Path, passphrase: str | None, progress: Progress = None):
    from loyaltydesk.store.migrations_pg import migrate

    from .backup import RestoreResult

    path = Path(path)
    db = session.db
    if not pg_dump.may_replace(db):  # a till's role: refused before anything is made or opened
        raise pg_dump.RestoreNeedsAdministrator(role=db.value("SELECT current_user"))
    tick(progress, 0, 4)
    with tempfile.TemporaryDirectory() as tmp:
        opened = _opened(session, path, passphrase, Path(tmp) / "opened")
        _migrations, _counts, problems = _checked_in_throwaway(session, opened)
        if problems:
            raise LoyaltyError(problems[0].template, **problems[0].params)
        tick(progress, 1, 4)  # the last moment to stop: nothing is replaced yet
        aside = back_up(session, None, None if sealed_box.recipients(db) else passphrase, "manual")
        before = backup_store.counts(db)
        pg_dump.restore(db.url, _blocks(opened), clean=True)  # type: ignore[attr-defined]
    db.forget_tables()  # type: ignore[attr-defined]
    tick(progress, 2, 4)
    migrated = tuple(migrate(db, clock=session.clock))  # type: ignore[arg-type]
    counts = backup_store.counts(db)
    with db.transaction():
        session.audit("restore", "database", None, {"counts": before._asdict(), "kept_aside": aside.path},
                      {"file": str(path), "counts": counts._asdict(), "migrated": list(migrated),
                       "engine": "postgresql"})
    tick(progress, 3, 4)
    found = quick_check(session)
    tick(progress, 4, 4)
    return RestoreResult(str(path), aside.path, migrated, counts, len(found))
