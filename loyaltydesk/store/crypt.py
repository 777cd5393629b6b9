"""Moving a club between a plain and an encrypted file (SQLCipher's ``sqlcipher_export``): the
upgrade of a plain club, a backup's plain working copy, a restore into an encrypted club.

SQLite's backup API copies only between files of the same key, so a change of key goes through
``sqlcipher_export``: the whole schema and every row written into an attached database keyed
otherwise, in one read of the source."""

from __future__ import annotations

import os
from pathlib import Path

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .db import Database
from . import cipher
from .engine import connect, key_pragma, sqlite3


class EncryptionNotChecked(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "Encrypting the club stopped: the encrypted copy does not hold what the club holds ({detail}). "
        "The club was left as it was, unencrypted.")


def _attach(conn, dest: Path, key: bytes | None, name: str = "dest", algorithm: str | None = None) -> None:
    conn.execute(f"ATTACH DATABASE ? AS {name} KEY ''", (str(dest),))
    if key is not None:
        conn.execute(key_pragma(key, name))  # an attached file keyed as its own
        conn.execute(f"PRAGMA {name}.cipher_hmac_algorithm = {algorithm or cipher.NEW}")


def export(conn, dest: Path, key: bytes | None, algorithm: str | None = None) -> None:
    """Every table, index, trigger and row of ``conn``'s main database into a new file ``dest``
    (encrypted by ``key``, its pages' HMAC ``algorithm``: none, the program's ``cipher.NEW``;
    plain when None), with its user_version."""
    dest.unlink(missing_ok=True)
    _attach(conn, dest, key, algorithm=algorithm)
    try:
        own = not conn.in_transaction
        if own:  # one transaction: every table read at the same moment, while others write
            conn.execute("BEGIN")
        try:
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute("SELECT sqlcipher_export('dest')")
            conn.execute(f"PRAGMA dest.user_version = {int(version)}")
            if own:
                conn.execute("COMMIT")
        except BaseException:
            if own and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE dest")


def _tables(conn) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                       "'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]


def counts(conn) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(conn)}


def check_copy(source, copy_path: Path, key: bytes | None) -> None:
    """``EncryptionNotChecked`` unless the copy passes SQLite's integrity check and holds as many
    rows of every table as ``source`` (a connection)."""
    copy = connect(copy_path, key)
    try:
        rows = [r[0] for r in copy.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            raise EncryptionNotChecked(detail="; ".join(rows[:3]))
        theirs, ours = counts(copy), counts(source)
        if theirs != ours:
            differ = [t for t in sorted(set(ours) | set(theirs)) if ours.get(t) != theirs.get(t)]
            raise EncryptionNotChecked(detail=", ".join(differ[:5]))
    except sqlite3.DatabaseError as e:
        raise EncryptionNotChecked(detail=str(e)) from e
    finally:
        copy.close()


def _encrypting(path: Path) -> Path:
    return path.with_name(path.name + ".encrypting")


def encrypt_database(db: Database, key: bytes) -> Path:
    """The plain club of ``db`` exported into ``NAME.encrypting`` under ``key`` and checked against it."""
    dest = _encrypting(Path(db.path))
    try:
        export(db.conn, dest, key)
        check_copy(db.conn, dest, key)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return dest


def _fsync_dir(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def swap_in(db: Database, key: bytes) -> None:
    """Put the checked encrypted file (``encrypt_database``) in the plain club's place and go on on
    it: the plain file and its WAL are gone."""
    path = Path(db.path)
    dest = _encrypting(path)
    with open(dest, "rb+") as f:
        os.fsync(f.fileno())
    db.reopen_as(lambda: os.replace(dest, path), key)
    _fsync_dir(path.parent)


def encrypt_file(path: Path, key: bytes) -> None:
    """A plain SQLite file (an older before-copy) replaced by its encrypted copy under ``key``; a
    file that is not plain SQLite is left as it is."""
    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            return
    conn = connect(path)
    try:
        dest = _encrypting(path)
        export(conn, dest, key)
        check_copy(conn, dest, key)
    finally:
        conn.close()
    os.replace(dest, path)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)


def plain_copy(source: Path, key: bytes | None, dest: Path) -> None:
    """A plain copy of the (encrypted) club file ``source`` at ``dest``: one read transaction."""
    conn = connect(Path(source).resolve().as_uri() + "?mode=ro", key, uri=True, isolation_level=None)
    try:
        export(conn, dest, None)
    finally:
        conn.close()
