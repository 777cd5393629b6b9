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
  migrations this program knows, exactly the schema its last migration wrote: no extra trigger or
  view, no guard missing, ``store.shipped_schema``), keeps the current database aside (``*.before-restore-*``), then
  writes the candidate into the open database and upgrades it. Audited in the restored club.
- Automatic backups are gzip files of the database (``.sqlite3.gz``: gunzip, 7-Zip or any archive
  tool opens one, and SQLite reads what comes out); sealed ones are compressed before sealing.
  An encrypted club's backup without a passphrase, by hand or automatic, is sealed to its owners'
  public keys (``.ldbox``, ``services.sealed_box``): an owner's password opens it, nobody else. Only
  a plain club's (made before encryption, or nobody owns it yet) stays a plain ``.sqlite3`` when
  made by hand. Restore and verify read
  all of them, and the plain or sealed backups of earlier versions.
- Where: ``ClubSettings.backup_folder`` ("" = ``backups`` beside the database) unless the caller
  passes a folder; retention ``backup_keep_daily`` / ``backup_keep_weekly`` and the total size
  ``backup_keep_mb`` apply to automatic backups only (a backup the owner made by hand is theirs).
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import os
import re
import secrets
import shutil
import struct
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, NotFound, Problem, require_valid
from loyaltydesk.domain.jalali import TEHRAN, UTC, from_iso, to_iso
from loyaltydesk.domain.roles import Action
from loyaltydesk.store import backup as backup_store
from loyaltydesk.store import seals as seal_store
from loyaltydesk.store import club as club_store
from loyaltydesk.store import migrations, pages, shipped_schema

from . import club_keys, sealed_box
from .check import quick_check
from .progress import Cancelled, Progress, shown_only, tick
from .session import Session

NO_FILE = QT_TRANSLATE_NOOP("LoyaltyError", "There is no backup file {path}.")
NEEDS_PASSPHRASE = QT_TRANSLATE_NOOP("LoyaltyError", "The backup {name} is encrypted: give its passphrase.")
WRONG_PASSPHRASE_OR_DAMAGED = QT_TRANSLATE_NOOP(  # format 1 cannot tell the two apart
    "LoyaltyError", "The passphrase is wrong, or the backup {name} is damaged.")
UNKNOWN_FORMAT = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The backup {name} was encrypted by a newer LoyaltyDesk (format {version}); update the program first."
)
UNKNOWN_SETTINGS = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The backup {name} asks for encryption settings LoyaltyDesk never writes (scrypt N=2^{log2_n}, "
    "r={r}, p={p}, chunks of {chunk} bytes): it is damaged or was not made by LoyaltyDesk. Nothing was read from it."
)
SHORT_PASSPHRASE = QT_TRANSLATE_NOOP("LoyaltyError", "A backup passphrase is at least {minimum} characters.")
PASSPHRASES_DIFFER = QT_TRANSLATE_NOOP("LoyaltyError", "The two passphrases differ.")
FOLDER_UNUSABLE = QT_TRANSLATE_NOOP("LoyaltyError", "Cannot use the backup folder {folder}: {reason}.")
NO_OWNER_KEY_BY_HAND = QT_TRANSLATE_NOOP(
    "LoyaltyError", "No backup was made: without a passphrase an encrypted club's backup is sealed to its owners, "
    "and their backup keys are missing from the club's key file or were not signed by an owner (the key file was "
    "changed). Sign in again as the owner, which makes a new one, or give the backup a passphrase.")


class BackupSchemaDiffers(LoyaltyError):
    """A backup whose tables, indexes, triggers or views are not exactly those of the version it
    says it is: changed after it was written (a trigger that makes a cashier owner at sign-in, a
    guard dropped). Refused before anything is replaced."""

    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The backup {name} is refused: its schema is not the one LoyaltyDesk wrote at its version "
        "({version}): {differences}. A backup changed this way may carry a trap; nothing was replaced.")



class WrongPassphrase(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "The passphrase of the backup {name} is wrong.")


class BackupCutShort(backup_store.BackupDamaged):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The backup {name} is cut short: its copy was interrupted, or the disk was removed too early. "
        "Use another backup.")


class SealedBackupDamaged(backup_store.BackupDamaged):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The backup {name} is damaged: part of it changed after it was written (a failing disk or "
        "stick). Use another backup.")


class BackupNotVerified(backup_store.CannotWriteBackup):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The backup written to {path} did not read back correctly ({detail}), so it was deleted. "
        "Back up again, or to another disk.")


class BackupCompressedDamaged(backup_store.BackupDamaged):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The backup {name} is damaged: it does not unpack ({detail}). Use another backup.")


MIN_PASSPHRASE = 8
AUTO_EVERY = timedelta(days=1)
AT_START_GAP = timedelta(hours=1)  # a program restarted ten times an hour does not make ten backups
PLAIN_SUFFIX, COMPRESSED_SUFFIX, SEALED_SUFFIX = ".sqlite3", ".sqlite3.gz", ".ldbk"
BOXED_SUFFIX = sealed_box.SUFFIX  # an encrypted club's automatic backup, sealed to its owners' public keys
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}T\d{6}Z)-(?P<kind>auto|manual)(?P<suffix>\.sqlite3(?:\.gz)?|\.ldbk|\.ldbox)$")


@dataclass(frozen=True)
class BackupInfo:
    path: str
    name: str
    created_at: str  # UTC ISO
    size: int
    encrypted: bool
    automatic: bool
    verified: bool = False  # read back (opened, checked) right after it was written; False in a listing
    members: int | None = None  # what reading it back found
    purchases: int | None = None
    compressed: bool = False  # a gzip file (``.sqlite3.gz``); a sealed backup's inside is not told by its name

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: str
    kept_aside: str  # the database as it was just before the restore
    migrated: tuple[str, ...]  # migrations the (older) backup needed
    counts: backup_store.ClubCounts
    problems: int  # what the restore's own checks found in the restored club (0 expected): ``check.quick_check``
    full_check_problems: int | None = None  # ``check_database`` after the restore, when the caller ran it

    def as_dict(self) -> dict:
        return asdict(self)


# --- encryption ---------------------------------------------------------------------------------
#
# Format 2 (written now): the header is magic, version, scrypt's log2 N, r, p, salt, nonce prefix,
# chunk size, the plain file's length, a passphrase check and a digest of everything before it.
# scrypt gives 64 bytes: the AES-256-GCM key and the key of the check (HMAC-SHA-256 of the header),
# so a wrong passphrase is told apart from a damaged file; the length tells a cut file (shorter than
# the header says) from a damaged one. Format 1 (earlier versions: scrypt 2^15, no check, no length)
# is still read. A header is accepted only with the exact settings its format writes, checked before
# anything is derived or allocated: a crafted one cannot make a restore ask for gigabytes.

MAGIC = b"LDBKENC"
VERSION = 2
CHUNK = 1 << 20
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 17, 8, 1  # OWASP's scrypt minimum: 128 MiB and ~0.3 s to derive
FORMAT_1_SETTINGS = (15, 8, 1, CHUNK)
_HEADER_1 = struct.Struct(">7sBBBB16s8sI")  # magic, version, log2 n, r, p, salt, nonce prefix, chunk size
_HEADER_2 = struct.Struct(">7sBBBB16s8sIQ32s16s")  # ... the plain length, the passphrase check, the digest
_CHECKED = _HEADER_2.size - 48  # the bytes the passphrase check covers
_TAG = 16


def settings_accepted(version: int) -> tuple[int, int, int, int] | None:
    """The one (log2 N, r, p, chunk size) a format's header may carry; None for an unknown format."""
    return {1: FORMAT_1_SETTINGS, VERSION: (SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, CHUNK)}.get(version)


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int, length: int) -> bytes:
    n = 1 << log2_n
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * n * r * p + (1 << 24),
                          dklen=length)


def _chunks(length: int) -> int:
    return max(1, -(-length // CHUNK))  # an empty file is still one (empty, final) chunk


def is_encrypted(path: Path) -> bool:
    """A sealed backup, or the start of one (a file cut inside the magic is a cut sealed backup)."""
    with open(path, "rb") as f:
        head = f.read(len(MAGIC))
    return bool(head) and MAGIC.startswith(head)


def encrypt_file(src, dest: Path, passphrase: str) -> str:
    """Seal ``src`` (a file, or an ``EphemeralFile``) into ``dest`` with the passphrase (format 2,
    described above); returns the SHA-256 of the bytes written."""
    require_valid(passphrase_problems(passphrase or ""))
    salt, prefix = secrets.token_bytes(16), secrets.token_bytes(8)
    keys = _derive(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, 64)
    reader, length = sealed_box.opened(src)  # a file, or a working file kept encrypted
    with reader as fin, open(dest, "wb") as raw:
        fout = sealed_box.Hashed(raw)
        fields = _HEADER_2.pack(MAGIC, VERSION, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, prefix, CHUNK, length,
                                bytes(32), bytes(16))[:_CHECKED]
        checked = fields + hmac.new(keys[32:], fields, hashlib.sha256).digest()
        header = checked + hashlib.sha256(checked).digest()[:16]
        aead = AESGCM(keys[:32])
        fout.write(header)
        for n in range(_chunks(length)):
            chunk = fin.read(CHUNK)
            last = n == _chunks(length) - 1
            fout.write(aead.encrypt(prefix + struct.pack(">I", n), chunk, header + (b"\x01" if last else b"\x00")))
        raw.flush()
        os.fsync(raw.fileno())
    return fout.digest.hexdigest()


def _read_header(fin, name: str) -> tuple[int, tuple, bytes]:
    """(version, the header's fields, its raw bytes), refused before any key is derived."""
    start = fin.read(len(MAGIC) + 1)
    if len(start) < len(MAGIC) + 1:
        raise BackupCutShort(name=name)
    version = start[-1]
    accepted = settings_accepted(version)
    if accepted is None:
        raise LoyaltyError(UNKNOWN_FORMAT, name=name, version=version)
    shape = _HEADER_1 if version == 1 else _HEADER_2
    raw = start + fin.read(shape.size - len(start))
    if len(raw) < shape.size:
        raise BackupCutShort(name=name)
    fields = shape.unpack(raw)
    if version != 1 and not hmac.compare_digest(hashlib.sha256(raw[:-16]).digest()[:16], raw[-16:]):
        raise SealedBackupDamaged(name=name)
    log2_n, r, p, chunk_size = fields[2], fields[3], fields[4], fields[7]
    if (log2_n, r, p, chunk_size) != accepted:
        raise LoyaltyError(UNKNOWN_SETTINGS, name=name, log2_n=log2_n, r=r, p=p, chunk=chunk_size)
    return version, fields, raw


def decrypt_file(src: Path, dest, passphrase: str | None) -> None:
    """Open a sealed backup into ``dest`` (a file, or an ``EphemeralFile``). Each fault has its own message: ``WrongPassphrase``,
    ``BackupCutShort``, ``SealedBackupDamaged`` (format 1 cannot tell a wrong passphrase from
    damage at its start: ``WRONG_PASSPHRASE_OR_DAMAGED``)."""
    name = Path(src).name
    if not passphrase:
        raise LoyaltyError(NEEDS_PASSPHRASE, name=name)
    with open(src, "rb") as fin:
        version, fields, raw = _read_header(fin, name)
        if version == 1:
            _, _, log2_n, r, p, salt, prefix, _ = fields
            aead = AESGCM(_derive(passphrase, salt, log2_n, r, p, 32))
            with sealed_box.written(dest) as fout:
                _open_format_1(fin, fout, aead, prefix, raw, name)
            return
        _, _, log2_n, r, p, salt, prefix, _, length, check, _ = fields
        chunks = _chunks(length)
        size = os.fstat(fin.fileno()).st_size
        expected = _HEADER_2.size + length + _TAG * chunks
        if size < expected:
            raise BackupCutShort(name=name)
        if size > expected:
            raise SealedBackupDamaged(name=name)
        keys = _derive(passphrase, salt, log2_n, r, p, 64)
        if not hmac.compare_digest(hmac.new(keys[32:], raw[:_CHECKED], hashlib.sha256).digest(), check):
            raise WrongPassphrase(name=name)
        aead = AESGCM(keys[:32])
        with sealed_box.written(dest) as fout:
            for n in range(chunks):
                last = n == chunks - 1
                sealed = fin.read((length - n * CHUNK if last else CHUNK) + _TAG)
                try:
                    fout.write(aead.decrypt(prefix + struct.pack(">I", n), sealed,
                                            raw + (b"\x01" if last else b"\x00")))
                except InvalidTag:
                    raise SealedBackupDamaged(name=name) from None


def _opens(aead: AESGCM, prefix: bytes, n: int, sealed: bytes, raw: bytes) -> bool:
    for flag in (b"\x00", b"\x01"):
        try:
            aead.decrypt(prefix + struct.pack(">I", n), sealed, raw + flag)
            return True
        except InvalidTag:
            pass
    return False


def _open_format_1(fin, fout, aead: AESGCM, prefix: bytes, raw: bytes, name: str) -> None:
    sealed, n = fin.read(CHUNK + _TAG), 0
    while True:
        following = fin.read(CHUNK + _TAG)
        last = not following
        try:
            fout.write(aead.decrypt(prefix + struct.pack(">I", n), sealed, raw + (b"\x01" if last else b"\x00")))
        except InvalidTag:
            if n == 0 and last:
                raise LoyaltyError(WRONG_PASSPHRASE_OR_DAMAGED, name=name) from None
            if n == 0:  # the next chunk opening proves the passphrase right, and the first damaged
                raise (SealedBackupDamaged if _opens(aead, prefix, 1, following, raw) else WrongPassphrase)(name=name) \
                    from None
            raise (BackupCutShort if last else SealedBackupDamaged)(name=name) from None
        if last:
            break
        sealed, n = following, n + 1


# --- where backups go, and what is there ----------------------------------------------------------

def on_server(session: Session) -> bool:
    """A club on a PostgreSQL server: backed up by its own tools (services/pg_backup.py)."""
    return getattr(session.db, "engine", "sqlite") == "postgresql"


def backup_folder(session: Session, folder: str | Path | None = None) -> Path:
    """The folder given, else the club's setting, else ``backups`` beside the database."""
    if on_server(session):
        from . import pg_backup

        return pg_backup.folder_of(session, folder)
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
    return BackupInfo(str(path), path.name, to_iso(at), path.stat().st_size, m["suffix"] in (SEALED_SUFFIX,
                                                                                            BOXED_SUFFIX),
                      m["kind"] == "auto", compressed=m["suffix"] in (COMPRESSED_SUFFIX, BOXED_SUFFIX))


def _scan(folder: Path, stem: str | None = None) -> list[BackupInfo]:
    found = [i for p in folder.iterdir()
             if (i := _info(p)) and (stem is None or ((m := _NAME.match(i.name)) is not None and m["stem"] == stem))]
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
    keep: tuple[int, int, int] | None = None  # automatic backups: (daily, weekly, MB in all), applied after the copy
    stem: str = "club"  # the database file's name without its suffix: the backups' names start with it
    key: bytes | None = field(default=None, repr=False)  # the club's key (an encrypted club), to copy it out
    to: dict = field(default_factory=dict, repr=False)  # an automatic backup: the owners it is sealed to


def passphrase_problems(passphrase: str | None, repeat: str | None = None) -> list[Problem]:
    """A backup's passphrase (None: a plain backup) and, when typed twice, its repetition."""
    problems = []
    if passphrase is not None and len(passphrase) < MIN_PASSPHRASE:
        problems.append(Problem("passphrase", SHORT_PASSPHRASE, {"minimum": MIN_PASSPHRASE}))
    if repeat is not None and repeat != (passphrase or ""):
        problems.append(Problem("passphrase_repeat", PASSPHRASES_DIFFER))
    return problems


def _plan(session: Session, folder: Path, passphrase: str | None, kind: str, keep=None,
          repeat: str | None = None) -> BackupPlan:
    require_valid(passphrase_problems(passphrase, repeat))
    # An encrypted club's backup without a passphrase, automatic or by hand, is sealed to its owners'
    # public keys (an owner's password opens it): never a plain file. A club nobody has signed into as
    # its owner (its set-up key lies beside it: nothing to protect yet, nobody to seal to) and a plain
    # club (made before encryption) are backed up as they are: compressed, or plain by hand.
    to = sealed_box.recipients(session.db) if not passphrase else {}
    if not passphrase and not to and session.db.key is not None and seal_store.any_key(
            session.db):  # owners who signed in have a backup key: its loss is never a plain backup
        raise LoyaltyError(sealed_box.NO_OWNER_KEY if kind == "auto" else NO_OWNER_KEY_BY_HAND)
    suffix = (SEALED_SUFFIX if passphrase else BOXED_SUFFIX if to else COMPRESSED_SUFFIX if kind == "auto"
              else PLAIN_SUFFIX)
    at = session.now().astimezone(UTC)
    while (dest := folder / f"{_stem(session)}-{at:%Y%m%dT%H%M%SZ}-{kind}{suffix}").exists():
        at += timedelta(seconds=1)  # two backups within a second: the second never replaces the first
    action = "back_up" if kind == "manual" else "auto_backup"
    # Audited first, so the backup holds its own audit row (a restored club shows who backed it
    # up, and when) and a busy database refuses before any personal data is copied out.
    with session.db.transaction():
        session.audit(action, "database", None, None, {"file": str(dest), "encrypted": bool(passphrase)})
    return BackupPlan(str(session.db.path), str(dest), action, passphrase, keep, _stem(session), session.db.key, to)


class _Watch:
    """``make_copy``'s two ways to stop, as the one ``cancelled()`` its steps ask: the app closing
    (``cancelled``) or the person (``progress`` answered False). ``part(start, end)`` is a
    ``moved(done, total)`` for one step, shown on ``start..end`` of ``PARTS``."""

    PARTS = 1000

    def __init__(self, cancelled, progress: Progress):
        self.cancelled, self.progress, self.stopped = cancelled, progress, False

    def __call__(self) -> bool:
        return self.stopped or (self.cancelled is not None and bool(self.cancelled()))

    def at(self, done: int) -> None:
        if self.progress is not None and not self.stopped and self.progress(done, self.PARTS) is False:
            self.stopped = True

    def part(self, start: int, end: int):
        def moved(done: int, total: int) -> None:
            self.at(start + ((end - start) * done // total if total else 0))
        return moved


def make_copy(plan: BackupPlan, cancelled=None, progress: Progress = None) -> BackupInfo:
    """Copy (compress, seal) the club as ``plan`` says, then read it back; then, for an automatic
    backup, prune the old automatic ones. Needs no session and holds no database thread: the copy
    reads through a connection of its own (``store.backup.copy_file``), so the GUI runs it on a
    thread of its own while the cashier works. ``cancelled()`` (asked between steps) stops it
    cleanly. A backup that does not read back is deleted: ``BackupNotVerified``.

    ``progress`` (``services.progress``) hears how far it is (pages copied, bytes packed, bytes
    read back) and may stop it at any of those points: ``Cancelled``, and no file is left, neither
    the backup nor any working copy (the club itself is only read).

    A compressed or sealed backup is made from a plain copy beside the database (a deleted file on
    a stick can be read back), removed once packed. The plain copy is checked while it is
    compressed; the compressed file is read back from the disk it went to and must be, byte for
    byte, what was written (SHA-256), so it is not unpacked a second time."""
    watch = _Watch(cancelled, progress)
    try:
        info = _copy(plan, watch)
    except backup_store.BackupCancelled:
        if watch.stopped:
            raise Cancelled() from None
        raise
    if progress is not None:
        progress(_Watch.PARTS, _Watch.PARTS)
    return info


def _copy(plan: BackupPlan, watch: _Watch) -> BackupInfo:
    dest = Path(plan.dest)
    packed = plan.passphrase or plan.to or dest.name.endswith(COMPRESSED_SUFFIX)
    found, digest = None, None
    watch.at(0)
    _stopping(watch, dest)
    try:
        if plan.key is not None and (plan.passphrase or plan.to):
            found, digest = _sealed_from_keyed(plan, dest, watch)
        elif packed:
            with tempfile.TemporaryDirectory(dir=Path(plan.source).resolve().parent) as tmp:
                plain = Path(tmp) / "plain.sqlite3"
                backup_store.copy_file(Path(plan.source), plain, watch, plan.key, moved=watch.part(0, 450))
                partial = dest.with_name(dest.name + ".partial")
                try:
                    if plan.passphrase:
                        compress_file(plain, Path(tmp) / "plain.sqlite3.gz", watch, watch.part(450, 750))
                        plain.unlink()
                        encrypt_file(Path(tmp) / "plain.sqlite3.gz", partial, plan.passphrase)
                        watch.at(800)
                    elif plan.to:  # checked, compressed, sealed; read back as the bytes written
                        found = _checked(plain, dest, watch)
                        watch.at(500)
                        compress_file(plain, Path(tmp) / "plain.sqlite3.gz", watch, watch.part(500, 800))
                        plain.unlink()
                        digest = sealed_box.seal_file(Path(tmp) / "plain.sqlite3.gz", partial, plan.to)
                        watch.at(950)
                    else:  # checked while it is compressed: SQLite and zlib both let go of the GIL
                        with ThreadPoolExecutor(1, thread_name_prefix="backup-check") as pool:
                            checking = pool.submit(_checked, plain, dest, watch)
                            digest = compress_file(plain, partial, watch, watch.part(450, 900))
                            found = checking.result()
                    _stopping(watch, dest)
                    os.replace(partial, dest)
                finally:
                    partial.unlink(missing_ok=True)
        else:
            backup_store.copy_file(Path(plan.source), dest, watch, plan.key, moved=watch.part(0, 800))
    except OSError as e:
        raise backup_store.CannotWriteBackup(path=str(dest), reason=e.strerror or str(e)) from None
    found = _read_back(plan, watch, found, digest)
    if plan.keep is not None:
        prune(dest.parent, plan.stem, *plan.keep)
    info = _info(dest)
    assert info is not None  # a backup's name, just written
    return replace(info, verified=True, members=found.members, purchases=found.purchases)


def _sealed_from_keyed(plan: BackupPlan, dest: Path, watch: _Watch) -> tuple[backup_store.BackupContents, str]:
    """An encrypted club's backup, never plain on the disk: copied under the club's key and checked
    so, its pages decrypted in memory and compressed into a working file encrypted under a key of
    its own (``store.pages``), then sealed (to the owners, or by the passphrase). Returns what the
    check found and the SHA-256 of the sealed file, which must read back as written."""
    assert plan.key is not None
    with tempfile.TemporaryDirectory(dir=Path(plan.source).resolve().parent) as tmp:
        keyed = Path(tmp) / "copy.keyed"
        backup_store.copy_file(Path(plan.source), keyed, watch, plan.key, plain=False, moved=watch.part(0, 450))
        found = _checked(keyed, dest, watch, plan.key)
        watch.at(550)
        packed = pages.EphemeralFile(Path(tmp) / "packed")
        with packed.writer() as w:
            compress_blocks(pages.plain_pages(keyed, plan.key), w, dest, watch)
        keyed.unlink()
        watch.at(850)
        partial = dest.with_name(dest.name + ".partial")
        try:
            if plan.passphrase:
                digest = encrypt_file(packed, partial, plan.passphrase)
            else:
                digest = sealed_box.seal_file(packed, partial, plan.to)
            watch.at(950)
            os.replace(partial, dest)
        finally:
            partial.unlink(missing_ok=True)
    return found, digest


def _not_verified(dest: Path, e: BaseException) -> BackupNotVerified:
    return BackupNotVerified(path=str(dest), detail=getattr(e, "message", None) or getattr(e, "strerror", None)
                             or str(e))


def _checked(plain: Path, dest: Path, cancelled=None, key: bytes | None = None) -> backup_store.BackupContents:
    """The copy (under ``key`` when given), checked before it is packed (``BackupNotVerified`` when
    it is not sound)."""
    try:
        return backup_store.inspect(plain, dest.name, quick=True, cancelled=cancelled, key=key)
    except backup_store.BackupCancelled:
        raise
    except (LoyaltyError, OSError) as e:
        raise _not_verified(dest, e) from e


def _read_back(plan: BackupPlan, cancelled=None, found: backup_store.BackupContents | None = None,
               digest: str | None = None) -> backup_store.BackupContents:
    """Open the backup just written from the disk it went to (decrypting and unpacking it beside the
    database, not on the stick) and check it; a compressed one whose plain copy was checked
    (``found``) must read back as the bytes written (``digest``). On any fault the file is deleted
    and ``BackupNotVerified`` raised."""
    dest = Path(plan.dest)
    try:
        if found is not None and digest is not None:
            moved = cancelled.part(950, 1000) if isinstance(cancelled, _Watch) else None
            if file_digest(dest, cancelled, moved) != digest:
                raise BackupCompressedDamaged(name=dest.name, detail="it is not what was written")
            return found
        if plan.passphrase:
            with tempfile.TemporaryDirectory(dir=Path(plan.source).resolve().parent) as tmp:
                decrypt_file(dest, Path(tmp) / "read-back.sqlite3", plan.passphrase)
                unpack_in_place(Path(tmp) / "read-back.sqlite3", dest.name)
                return backup_store.inspect(Path(tmp) / "read-back.sqlite3", dest.name, quick=True,
                                            cancelled=cancelled)
        return backup_store.inspect(dest, dest.name, quick=True, cancelled=cancelled)
    except (LoyaltyError, OSError) as e:
        dest.unlink(missing_ok=True)
        if isinstance(e, backup_store.BackupCancelled):
            raise
        raise _not_verified(dest, e) from e


# --- compression ----------------------------------------------------------------------------------
#
# gzip (RFC 1952, the standard library's zlib): every archive tool opens one, on any computer.
# Level 1: on a 100 MB club it packs to 36% in 1.3 s; level 6 to 32% in 3.3 s (bench/backup_timing.py).

GZIP_MAGIC = b"\x1f\x8b"
GZIP_LEVEL = 1
PACK_BLOCK = 1 << 20


def is_compressed(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(GZIP_MAGIC)) == GZIP_MAGIC


def _stopping(cancelled, dest: Path) -> None:
    if cancelled is not None and cancelled():
        raise backup_store.BackupCancelled(path=str(dest), reason="stopped: the program is closing")


def compress_file(src: Path, dest: Path, cancelled=None, moved=None) -> str:
    """``src`` gzipped into ``dest`` (written out to the disk); returns the SHA-256 of ``dest``'s bytes.
    ``moved(bytes read, bytes in all)`` hears how far it is, block by block."""
    with open(src, "rb") as fin, open(dest, "wb") as raw:
        hashed = sealed_box.Hashed(raw)
        size, done = os.fstat(fin.fileno()).st_size, 0
        with gzip.GzipFile(filename="", mode="wb", fileobj=hashed, compresslevel=GZIP_LEVEL, mtime=0) as fout:
            while block := fin.read(PACK_BLOCK):
                fout.write(block)
                done += len(block)
                if moved is not None:
                    moved(done, size)
                _stopping(cancelled, dest)
        raw.flush()
        os.fsync(raw.fileno())
    return hashed.digest.hexdigest()


def compress_blocks(blocks, out, dest: Path, cancelled=None) -> None:
    """``blocks`` gzipped into the writer ``out`` (a working file)."""
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=GZIP_LEVEL, mtime=0) as fout:
        for block in blocks:
            fout.write(block)
            _stopping(cancelled, dest)


def file_digest(path: Path, cancelled=None, moved=None) -> str:
    """The SHA-256 of the file's bytes as they read back (``moved`` as in ``compress_file``)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        size, done = os.fstat(f.fileno()).st_size, 0
        while block := f.read(PACK_BLOCK):
            digest.update(block)
            done += len(block)
            if moved is not None:
                moved(done, size)
            _stopping(cancelled, path)
    return digest.hexdigest()


def _gunzipped(fileobj, name: str):
    """The content of a gzip stream (a file open for reading), in blocks: the one loop for a backup
    file and for an opened sealed backup. A stream cut short or damaged is the backup ``name``'s."""
    try:
        with gzip.GzipFile(fileobj=fileobj, mode="rb") as g:
            while block := g.read(PACK_BLOCK):
                yield block
    except EOFError:  # the stream ends before its end marker
        raise BackupCutShort(name=name) from None
    except (gzip.BadGzipFile, zlib.error) as e:  # a wrong CRC or length, damaged deflate data
        raise BackupCompressedDamaged(name=name, detail=str(e)) from None


def _unpacked_blocks(src: Path, name: str):
    with open(src, "rb") as f:
        yield from _gunzipped(f, name)


def decompress_file(src: Path, dest: Path, name: str | None = None) -> None:
    with open(dest, "wb") as fout:
        for block in _unpacked_blocks(src, name or src.name):
            fout.write(block)


def unpack_in_place(path: Path, name: str) -> None:
    """A working copy that is a gzip file (the inside of a sealed backup) made its plain self."""
    if is_compressed(path):
        plain = path.with_name(path.name + ".unpacked")
        decompress_file(path, plain, name)
        os.replace(plain, path)


def backup_failed(session: Session, plan: BackupPlan, error: BaseException) -> None:
    """Audit a backup whose copy failed (on the database thread, after ``make_copy`` raised)."""
    audit_failed(session, plan.action, plan.dest, error)


def audit_failed(session: Session, action: str, dest: str, error: BaseException) -> None:
    """The audit row of a backup (``action``: back_up or auto_backup, audited before the copy) that
    failed or was stopped: ``<action>_failed`` with the file it was to be and why (a club file's
    copy, ``backup_failed``; a server's dump, ``pg_backup.back_up``)."""
    with session.db.transaction():
        session.audit(action + "_failed", "database", None, None,
                      {"file": dest, "error": getattr(error, "message", None) or str(error)})


def _make(session: Session, plan: BackupPlan, progress: Progress = None) -> BackupInfo:
    try:
        return make_copy(plan, progress=progress)
    except LoyaltyError as e:
        backup_failed(session, plan, e)
        raise


def back_up_now(session: Session, folder: str | Path | None = None, passphrase: str | None = None,
                repeat: str | None = None, progress: Progress = None) -> BackupInfo:
    """A backup now, by hand (owner). With a passphrase (at least 8 characters; ``repeat``, when
    given, must be the same) it is encrypted by it; without one an encrypted club's is sealed to its
    owners (``.ldbox``: an owner's password opens it). It is read back before this returns.
    ``progress``: as ``make_copy``'s (a stopped backup is audited as failed, and leaves no file)."""
    if on_server(session):  # pg_dump, sealed the same way
        from . import pg_backup

        session.require(Action.BACK_UP)
        require_valid(passphrase_problems(passphrase, repeat))
        return pg_backup.back_up(session, folder, passphrase, "manual", progress)
    return _make(session, plan_backup(session, folder, passphrase, repeat), progress)


def plan_backup(session: Session, folder: str | Path | None = None, passphrase: str | None = None,
                repeat: str | None = None) -> BackupPlan:
    """The first half of ``back_up_now`` (owner): checked and audited; ``make_copy`` does the rest."""
    session.require(Action.BACK_UP)
    return _plan(session, backup_folder(session, folder), passphrase, "manual", repeat=repeat)


def auto_backup(session: Session, folder: str | Path | None = None, passphrase: str | None = None, *,
                at_start: bool = False, progress: Progress = None) -> BackupInfo | None:
    """The automatic backup, whoever is signed in: at start (unless one was made in the last hour)
    and whenever the newest backup is a day old. Then old automatic backups are pruned. Returns
    the backup made, or None when none was due."""
    if on_server(session):
        from . import pg_backup

        due = _server_backup_due(session, folder, at_start)
        return None if due is None else pg_backup.back_up(session, due[0], passphrase, "auto", progress, due[1])
    plan = plan_auto_backup(session, folder, passphrase, at_start=at_start)
    return None if plan is None else _make(session, plan, progress)


def _server_backup_due(session: Session, folder: str | Path | None, at_start: bool
                       ) -> tuple[Path, tuple[int, int, int]] | None:
    """(the folder, what to keep) when a server club's automatic backup is due; None when not. A
    folder that cannot be used is refused here."""
    from . import pg_backup

    session.require(Action.AUTO_BACKUP)
    where = backup_folder(session, folder)
    newest = next(iter(_scan(where, pg_backup._stem(session))), None)
    if newest is not None and session.now() - from_iso(newest.created_at) < (AT_START_GAP if at_start else AUTO_EVERY):
        return None
    settings = club_store.club_settings(session.db)
    return where, (settings.backup_keep_daily, settings.backup_keep_weekly, settings.backup_keep_mb)


def auto_backup_beside(session: Session, folder: str | Path | None = None, *, at_start: bool = False,
                       ) -> Callable[[Callable[[], bool]], BackupInfo] | None:
    """``auto_backup`` of a club on a server, its dump as work for a thread of its own (the app's
    files thread): ``pg_dump`` takes minutes at a million members, and the database thread is the
    cashier's. Here, on the database thread: whether one is due (None: not) and the folder (refused
    now when it cannot be used). ``run(cancelled)`` then opens the club again on a connection of its
    own, as the same user, and makes it; ``cancelled()`` stops the dump."""
    from loyaltydesk.store import open_database

    from . import pg_backup

    due = _server_backup_due(session, folder, at_start)
    if due is None:
        return None
    url, user, clock = cast(Any, session.db).url, session.user, session.clock  # a server's (PgDatabase)

    def run(cancelled: Callable[[], bool]) -> BackupInfo:
        db = open_database(url)
        try:
            return pg_backup.back_up(Session(db, user, clock), due[0], None, "auto",
                                     lambda _done, _total: not cancelled(), due[1])
        finally:
            db.close()

    return run


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
    return _plan(session, where, passphrase, "auto",
                 (settings.backup_keep_daily, settings.backup_keep_weekly, settings.backup_keep_mb))


MEGABYTE = 1_000_000


def _week_of(day) -> object:
    return day - timedelta(days=(day.weekday() + 2) % 7)  # the Iranian week starts on Saturday


def to_prune(backups: list[BackupInfo], keep_daily: int, keep_weekly: int, keep_mb: int = 0) -> list[BackupInfo]:
    """Automatic backups beyond the newest of each of the last ``keep_daily`` days and of each of
    the last ``keep_weekly`` weeks (Tehran days, Saturday weeks) that have one, and, of those, the
    oldest ones beyond ``keep_mb`` megabytes in all (0: no limit; the newest is always kept).
    Manual ones stay, and do not count."""
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
    if keep_mb:
        total = 0
        for n, b in enumerate(x for x in autos if x.path in keep):
            total += b.size
            if n and total > keep_mb * MEGABYTE:
                keep.discard(b.path)
    return [b for b in autos if b.path not in keep]


def prune(folder: Path, stem: str, keep_daily: int, keep_weekly: int, keep_mb: int = 0) -> list[BackupInfo]:
    gone = to_prune(_scan(folder, stem), keep_daily, keep_weekly, keep_mb)
    for b in gone:
        Path(b.path).unlink(missing_ok=True)
    for stale in folder.glob(f"{stem}-*.partial"):  # left by a backup that was cut off
        stale.unlink(missing_ok=True)
    return gone


# --- verify and restore ---------------------------------------------------------------------------

def _open_candidate(path: Path, work: Path, passphrase: str | None, quick: bool = False,
                    current: dict | None = None) -> tuple[backup_store.BackupContents, bytes | None]:
    """The backup ``path`` opened at ``work`` and checked: what it holds, and the key ``work`` is
    encrypted under (None: plain). A sealed backup is never plain on the disk while it is checked
    or restored: it is opened into a working file encrypted under a key of its own, and unpacked
    page by page into ``work`` under another (``store.pages``); only a backup whose pages have no
    room for that (a plain club's, made by an earlier version) is unpacked plain, as it was made."""
    if not path.is_file():
        raise NotFound(NO_FILE, path=str(path))
    key = None
    if sealed_box.is_boxed(path) or is_encrypted(path):  # by an owner's password, or by the passphrase
        opened = pages.EphemeralFile(work.with_name(work.name + ".opened"))
        try:
            if sealed_box.is_boxed(path):
                sealed_box.open_file(path, opened, passphrase, current)
            else:
                decrypt_file(path, opened, passphrase)
            key = _unpacked(opened, work, path.name)
        finally:
            opened.path.unlink(missing_ok=True)
    elif is_compressed(path):
        decompress_file(path, work, path.name)
    else:
        shutil.copyfile(path, work)
        for suffix in ("-wal",):  # a raw copy of a live database may have its log beside it
            if Path(str(path) + suffix).is_file():
                shutil.copyfile(str(path) + suffix, str(work) + suffix)
    found = backup_store.inspect(work, path.name, quick=quick, key=key)
    differ = shipped_schema.file_differences(work, found.migrations, key)
    if differ:
        raise BackupSchemaDiffers(name=path.name, version=found.migrations[-1], differences="; ".join(differ[:8])
                                  + ("; ..." if len(differ) > 8 else ""))
    return found, key


def _opened_blocks(opened: pages.EphemeralFile, name: str):
    """The opened backup's database, unpacked when it is gzip (sealed since backups are compressed;
    earlier ones are plain inside), in blocks."""
    with opened.reader() as r:
        head = r.read(len(GZIP_MAGIC))
    with opened.reader() as r:
        if head != GZIP_MAGIC:
            while block := r.read(PACK_BLOCK):
                yield block
            return
        yield from _gunzipped(r, name)


def _unpacked(opened: pages.EphemeralFile, work: Path, name: str) -> bytes | None:
    """``opened`` unpacked into ``work`` under a new random key (returned); plain (None) when its
    pages have no room for the encryption's reserved bytes."""
    key = secrets.token_bytes(32)
    try:
        pages.write_keyed(_opened_blocks(opened, name), work, key)
        return key
    except pages.NotKeyable:
        with open(work, "wb") as f:
            for block in _opened_blocks(opened, name):
                f.write(block)
        return None


@dataclass(frozen=True)
class BackupCheck:
    """A backup checked: its file, whether it is encrypted, and what it holds."""

    file: str
    encrypted: bool
    migrations: list[str]
    members: int
    purchases: int
    ledger: int
    audit_log: int


def verify_backup(session: Session, path: str | Path, passphrase: str | None = None,
                  progress: Progress = None) -> BackupCheck:
    """Check a backup without restoring it: it opens (decrypts), passes SQLite's integrity check,
    is a LoyaltyDesk club this program can read. Returns what it holds; raises what is wrong."""
    session.require(Action.BACK_UP)
    if on_server(session):  # restored into a throwaway database on the server, checked there
        from . import pg_backup

        return pg_backup.verify(session, path, passphrase, progress)
    path = Path(path)
    tick(progress, 0, 1)
    with tempfile.TemporaryDirectory() as tmp:
        found, _key = _open_candidate(path, Path(tmp) / "candidate.sqlite3", passphrase,
                                      current=sealed_box.recipients(session.db))
    tick(progress, 1, 1)
    return BackupCheck(str(path), is_encrypted(path) or sealed_box.is_boxed(path), *found)


def restore(session: Session, path: str | Path, passphrase: str | None = None,
            progress: Progress = None) -> RestoreResult:
    """Replace the club by a backup (owner). Nothing is replaced until the backup has been checked
    (its pages by ``quick_check``, its schema exactly the one its version wrote); the current
    database is first copied aside. A backup from an older version is upgraded, then the ledger's
    sums are proven (``check.quick_check``): seconds at a million members. The full
    ``check_database`` is the caller's to run once the club is open again (the app runs it in the
    background; the command line with ``restore --check``). ``progress`` (``services.progress``)
    may stop it until the replacing starts (nothing replaced); after that it only shows how far it is."""
    session.require(Action.RESTORE)
    if on_server(session):  # pg_restore in one transaction, after the same checks in a throwaway database
        from . import pg_backup

        return pg_backup.restore(session, path, passphrase, progress)
    db = session.db
    path = Path(path)
    folder = Path(db.path).resolve().parent
    tick(progress, 0, 4)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        work = Path(tmp) / "candidate.sqlite3"
        found, key = _open_candidate(path, work, passphrase, quick=True, current=sealed_box.recipients(db))
        tick(progress, 1, 4)  # the last moment to stop: nothing is replaced yet
        shown = shown_only(progress)
        before = backup_store.counts(db)
        today = {u.username: u.password_hash for u in club_store.users(db)}
        aside = migrations.copy_aside(db, "restore")
        backup_store.load_into(db, work, key)
    tick(shown, 2, 4)
    migrated = tuple(migrations.migrate(db))
    counts = backup_store.counts(db)
    with db.transaction():
        kept = club_keys.keep_passwords(db, today, session.now_iso())  # the key file is today's
        if kept:
            session.audit("keep_passwords", "user", None, None, {"users": kept})
        session.audit("restore", "database", None, {"counts": before._asdict(), "kept_aside": str(aside)},
                      {"file": str(path), "migrations": found.migrations, "counts": counts._asdict(),
                       "migrated": list(migrated)})
    tick(shown, 3, 4)
    problems = quick_check(session)
    tick(shown, 4, 4)
    return RestoreResult(str(path), str(aside), migrated, counts, len(problems))
