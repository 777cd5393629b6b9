"""Backups and restore: back up now, the automatic backup (at start and daily) with its retention,
the list of backups, verifying one, restoring one (owner), and passphrase encryption.

- A backup is a consistent copy made with SQLite's online backup API while the app runs
  (``store.backup.copy_to``): written as ``.partial`` and renamed, so a pulled USB stick never
  leaves a half backup under a real name.
- Encrypted backups (``.ldbk``): scrypt derives a key from the passphrase, AES-256-GCM seals the
  file in 1 MiB chunks (each chunk's nonce is a prefix + its number; the header and a "last chunk"
  flag are authenticated with every chunk, so a cut, reordered or edited file is refused).
  The passphrase is never stored.
- Restore checks the candidate first (decrypts, integrity check, a LoyaltyDesk club, only
  migrations this program knows), keeps the current database aside (``*.before-restore-*``), then
  writes the candidate into the open database and upgrades it. Audited in the restored club.
- Where: ``ClubSettings.backup_folder`` ("" = ``backups`` beside the database) unless the caller
  passes a folder; retention ``backup_keep_daily`` / ``backup_keep_weekly`` applies to automatic
  backups only (a backup the owner made by hand is theirs to delete).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import struct
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, NotFound, Problem, ValidationError
from loyaltydesk.domain.jalali import TEHRAN, UTC, from_iso, to_iso
from loyaltydesk.domain.roles import Action
from loyaltydesk.store import backup as backup_store
from loyaltydesk.store import club as club_store
from loyaltydesk.store import migrations

from .check import check_database
from .session import Session

NO_FILE = QT_TRANSLATE_NOOP("LoyaltyError", "There is no backup file {path}.")
NEEDS_PASSPHRASE = QT_TRANSLATE_NOOP("LoyaltyError", "The backup {name} is encrypted: give its passphrase.")
WRONG_PASSPHRASE = QT_TRANSLATE_NOOP("LoyaltyError", "The passphrase is wrong, or the backup {name} is damaged.")
UNKNOWN_FORMAT = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The backup {name} was encrypted by a newer LoyaltyDesk (format {version}); update the program first."
)
SHORT_PASSPHRASE = QT_TRANSLATE_NOOP("LoyaltyError", "A backup passphrase is at least {minimum} characters.")
CUT_SHORT = QT_TRANSLATE_NOOP("LoyaltyError", "the file is cut short")
FOLDER_UNUSABLE = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot use the backup folder {folder}: {reason}.")

MIN_PASSPHRASE = 8
AUTO_EVERY = timedelta(days=1)
AT_START_GAP = timedelta(hours=1)  # a program restarted ten times an hour does not make ten backups
PLAIN_SUFFIX, SEALED_SUFFIX = ".sqlite3", ".ldbk"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}T\d{6}Z)-(?P<kind>auto|manual)(?P<suffix>\.sqlite3|\.ldbk)$")


@dataclass(frozen=True)
class BackupInfo:
    path: str
    name: str
    created_at: str  # UTC ISO
    size: int
    encrypted: bool
    automatic: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: str
    kept_aside: str  # the database as it was just before the restore
    migrated: tuple[str, ...]  # migrations the (older) backup needed
    counts: dict
    problems: int  # what check_database found in the restored club (0 expected)

    def as_dict(self) -> dict:
        return asdict(self)


# --- encryption ---------------------------------------------------------------------------------

MAGIC = b"LDBKENC"
VERSION = 1
CHUNK = 1 << 20
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # ~0.1 s and 32 MiB to derive: slow for a guesser
_HEADER = struct.Struct(">7sBBBB16s8sI")  # magic, version, log2 n, r, p, salt, nonce prefix, chunk size


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=1 << log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def encrypt_file(src: Path, dest: Path, passphrase: str) -> None:
    """Seal ``src`` into ``dest`` with the passphrase (the format in this module's docstring)."""
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise ValidationError([Problem("passphrase", SHORT_PASSPHRASE, {"minimum": MIN_PASSPHRASE})])
    salt, prefix = secrets.token_bytes(16), secrets.token_bytes(8)
    header = _HEADER.pack(MAGIC, VERSION, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, prefix, CHUNK)
    aead = AESGCM(_key(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P))
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        fout.write(header)
        chunk, n = fin.read(CHUNK), 0
        while True:
            following = fin.read(CHUNK)
            last = not following
            nonce = prefix + struct.pack(">I", n)
            fout.write(aead.encrypt(nonce, chunk, header + (b"\x01" if last else b"\x00")))
            if last:
                break
            chunk, n = following, n + 1
        fout.flush()
        os.fsync(fout.fileno())


def decrypt_file(src: Path, dest: Path, passphrase: str | None) -> None:
    """Open a sealed backup into ``dest``; refuses a wrong passphrase, a cut or an edited file."""
    name = Path(src).name
    if not passphrase:
        raise LoyaltyError(NEEDS_PASSPHRASE, name=name)
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        raw = fin.read(_HEADER.size)
        if len(raw) < _HEADER.size:
            raise backup_store.BackupDamaged(name=name, detail=CUT_SHORT)
        magic, version, log2_n, r, p, salt, prefix, chunk_size = _HEADER.unpack(raw)
        if version != VERSION:
            raise LoyaltyError(UNKNOWN_FORMAT, name=name, version=version)
        if not (10 <= log2_n <= 20 and 1 <= r <= 16 and 1 <= p <= 4 and 1024 <= chunk_size <= 1 << 26):
            raise backup_store.BackupDamaged(name=name, detail="header")
        aead = AESGCM(_key(passphrase, salt, log2_n, r, p))
        sealed, n = fin.read(chunk_size + 16), 0
        while True:
            following = fin.read(chunk_size + 16)
            last = not following
            try:
                fout.write(aead.decrypt(prefix + struct.pack(">I", n), sealed, raw + (b"\x01" if last else b"\x00")))
            except InvalidTag:
                if n == 0:
                    raise LoyaltyError(WRONG_PASSPHRASE, name=name) from None
                raise backup_store.BackupDamaged(name=name, detail=CUT_SHORT if last else "chunk") from None
            if last:
                break
            sealed, n = following, n + 1


# --- where backups go, and what is there ----------------------------------------------------------

def backup_folder(session: Session, folder: str | Path | None = None) -> Path:
    """The folder given, else the club's setting, else ``backups`` beside the database."""
    chosen = folder or club_store.club_settings(session.db).backup_folder
    path = Path(chosen).expanduser() if chosen else Path(session.db.path).resolve().parent / "backups"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise LoyaltyError(FOLDER_UNUSABLE, folder=str(path), reason=e.strerror or str(e)) from None
    return path


def _stem(session: Session) -> str:
    return Path(session.db.path).stem or "club"


def _info(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if not m or not path.is_file():
        return None
    at = datetime.strptime(m["at"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return BackupInfo(str(path), path.name, to_iso(at), path.stat().st_size, m["suffix"] == SEALED_SUFFIX,
                      m["kind"] == "auto")


def _scan(folder: Path, stem: str | None = None) -> list[BackupInfo]:
    found = [i for p in folder.iterdir() if (i := _info(p)) and (stem is None or _NAME.match(i.name)["stem"] == stem)]
    return sorted(found, key=lambda i: (i.created_at, i.name), reverse=True)


def list_backups(session: Session, folder: str | Path | None = None) -> list[BackupInfo]:
    """The backups in the folder, newest first (any club's: a stick may hold several)."""
    session.require(Action.BACK_UP)
    return _scan(backup_folder(session, folder))


# --- making backups -------------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupPlan:
    """A backup that has been decided and audited, and still has to be copied (``make_copy``)."""

    source: str  # the club database file
    dest: str
    action: str  # "back_up" or "auto_backup" (the audit row already written)
    passphrase: str | None = field(default=None, repr=False)
    keep: tuple[int, int] | None = None  # automatic backups: (daily, weekly) retention, applied after the copy
    stem: str = "club"  # the database file's name without its suffix: the backups' names start with it


def _plan(session: Session, folder: Path, passphrase: str | None, kind: str, keep=None) -> BackupPlan:
    if passphrase is not None and len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError([Problem("passphrase", SHORT_PASSPHRASE, {"minimum": MIN_PASSPHRASE})])
    stamp = session.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = f"{_stem(session)}-{stamp}-{kind}"
    dest = folder / (base + (SEALED_SUFFIX if passphrase else PLAIN_SUFFIX))
    action = "back_up" if kind == "manual" else "auto_backup"
    # Audited first, so the backup holds its own audit row (a restored club shows who backed it
    # up, and when) and a busy database refuses before any personal data is copied out.
    with session.db.transaction():
        session.audit(action, "database", None, None, {"file": str(dest), "encrypted": bool(passphrase)})
    return BackupPlan(str(session.db.path), str(dest), action, passphrase, keep, _stem(session))


def make_copy(plan: BackupPlan, cancelled=None) -> BackupInfo:
    """Copy (and seal, with a passphrase) the club as ``plan`` says; then, for an automatic backup,
    prune the old automatic ones. Needs no session and holds no database thread: the copy reads
    through a connection of its own (``store.backup.copy_file``), so the GUI runs it on a thread
    of its own while the cashier works. ``cancelled()`` (asked between steps) stops it cleanly."""
    dest = Path(plan.dest)
    try:
        if plan.passphrase:
            # the plain copy stays beside the database (a deleted file on a stick can be read back)
            with tempfile.TemporaryDirectory(dir=Path(plan.source).resolve().parent) as tmp:
                plain = Path(tmp) / "plain.sqlite3"
                backup_store.copy_file(Path(plan.source), plain, cancelled)
                partial = dest.with_name(dest.name + ".partial")
                try:
                    encrypt_file(plain, partial, plan.passphrase)
                    os.replace(partial, dest)
                finally:
                    partial.unlink(missing_ok=True)
        else:
            backup_store.copy_file(Path(plan.source), dest, cancelled)
    except OSError as e:
        raise backup_store.CannotWriteBackup(path=str(dest), reason=e.strerror or str(e)) from None
    if plan.keep is not None:
        prune(dest.parent, plan.stem, *plan.keep)
    return _info(dest)


def backup_failed(session: Session, plan: BackupPlan, error: BaseException) -> None:
    """Audit a backup whose copy failed (on the database thread, after ``make_copy`` raised)."""
    with session.db.transaction():
        session.audit(plan.action + "_failed", "database", None, None,
                      {"file": plan.dest, "error": getattr(error, "message", None) or str(error)})


def _make(session: Session, plan: BackupPlan) -> BackupInfo:
    try:
        return make_copy(plan)
    except LoyaltyError as e:
        backup_failed(session, plan, e)
        raise


def back_up_now(session: Session, folder: str | Path | None = None, passphrase: str | None = None) -> BackupInfo:
    """A backup now, by hand (owner). With a passphrase (at least 8 characters) it is encrypted."""
    return _make(session, plan_backup(session, folder, passphrase))


def plan_backup(session: Session, folder: str | Path | None = None, passphrase: str | None = None) -> BackupPlan:
    """The first half of ``back_up_now`` (owner): checked and audited; ``make_copy`` does the rest."""
    session.require(Action.BACK_UP)
    return _plan(session, backup_folder(session, folder), passphrase, "manual")


def auto_backup(session: Session, folder: str | Path | None = None, passphrase: str | None = None, *,
                at_start: bool = False) -> BackupInfo | None:
    """The automatic backup, whoever is signed in: at start (unless one was made in the last hour)
    and whenever the newest backup is a day old. Then old automatic backups are pruned. Returns
    the backup made, or None when none was due."""
    plan = plan_auto_backup(session, folder, passphrase, at_start=at_start)
    return None if plan is None else _make(session, plan)


def plan_auto_backup(session: Session, folder: str | Path | None = None, passphrase: str | None = None, *,
                     at_start: bool = False) -> BackupPlan | None:
    """The first half of ``auto_backup``: None when no backup is due; else the audited plan, which
    ``make_copy`` carries out (off the database thread, in the app)."""
    session.require(Action.AUTO_BACKUP)
    where = backup_folder(session, folder)
    newest = next(iter(_scan(where, _stem(session))), None)
    now = session.now()
    gap = AT_START_GAP if at_start else AUTO_EVERY
    if newest is not None and now - from_iso(newest.created_at) < gap:
        return None
    settings = club_store.club_settings(session.db)
    return _plan(session, where, passphrase, "auto", (settings.backup_keep_daily, settings.backup_keep_weekly))


def _week_of(day) -> object:
    return day - timedelta(days=(day.weekday() + 2) % 7)  # the Iranian week starts on Saturday


def to_prune(backups: list[BackupInfo], keep_daily: int, keep_weekly: int) -> list[BackupInfo]:
    """Automatic backups beyond the newest of each of the last ``keep_daily`` days and of each of
    the last ``keep_weekly`` weeks (Tehran days, Saturday weeks) that have one. Manual ones stay."""
    autos = sorted((b for b in backups if b.automatic), key=lambda b: b.created_at, reverse=True)
    keep: set[str] = set()
    for limit, key in ((keep_daily, lambda d: d), (keep_weekly, _week_of)):
        seen = []
        for b in autos:
            k = key(from_iso(b.created_at).astimezone(TEHRAN).date())
            if k not in seen:
                seen.append(k)
                if len(seen) <= limit:
                    keep.add(b.path)
    return [b for b in autos if b.path not in keep]


def prune(folder: Path, stem: str, keep_daily: int, keep_weekly: int) -> list[BackupInfo]:
    gone = to_prune(_scan(folder, stem), keep_daily, keep_weekly)
    for b in gone:
        Path(b.path).unlink(missing_ok=True)
    for stale in folder.glob(f"{stem}-*.partial"):  # left by a backup that was cut off
        stale.unlink(missing_ok=True)
    return gone


# --- verify and restore ---------------------------------------------------------------------------

def _open_candidate(path: Path, work: Path, passphrase: str | None, quick: bool = False) -> dict:
    if not path.is_file():
        raise NotFound(NO_FILE, path=str(path))
    if is_encrypted(path):
        decrypt_file(path, work, passphrase)
    else:
        shutil.copyfile(path, work)
        for suffix in ("-wal",):  # a raw copy of a live database may have its log beside it
            if Path(str(path) + suffix).is_file():
                shutil.copyfile(str(path) + suffix, str(work) + suffix)
    return backup_store.inspect(work, path.name, quick=quick)


def verify_backup(session: Session, path: str | Path, passphrase: str | None = None) -> dict:
    """Check a backup without restoring it: it opens (decrypts), passes SQLite's integrity check,
    is a LoyaltyDesk club this program can read. Returns what it holds; raises what is wrong."""
    session.require(Action.BACK_UP)
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        found = _open_candidate(path, Path(tmp) / "candidate.sqlite3", passphrase)
    return {"file": str(path), "encrypted": is_encrypted(path), **found}


def restore(session: Session, path: str | Path, passphrase: str | None = None) -> RestoreResult:
    """Replace the club by a backup (owner). Nothing is replaced until the backup has been checked;
    the current database is first copied aside. A backup from an older version is upgraded."""
    session.require(Action.RESTORE)
    db = session.db
    path = Path(path)
    folder = Path(db.path).resolve().parent
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        work = Path(tmp) / "candidate.sqlite3"
        found = _open_candidate(path, work, passphrase)
        before = backup_store.counts(db)
        aside = migrations.copy_aside(db, "restore")
        backup_store.load_into(db, work)
    migrated = tuple(migrations.migrate(db))
    counts = backup_store.counts(db)
    with db.transaction():
        session.audit("restore", "database", None, {"counts": before, "kept_aside": str(aside)},
                      {"file": str(path), "migrations": found["migrations"], "counts": counts, "migrated": list(migrated)})
    problems = check_database(session)
    return RestoreResult(str(path), str(aside), migrated, counts, len(problems))
