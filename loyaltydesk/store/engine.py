"""The one SQLite the program uses: SQLCipher's (``sqlcipher3``, SQLCipher 4 on SQLite 3.53 with
FTS5), so that the club file is encrypted at rest. Every store module takes ``sqlite3`` from here,
never from the standard library, so that one set of error classes and ``Row`` is in play.

A connection without a key is plain SQLite (the program reads plain files this way: an old club
before it is encrypted, a backup's working copy); with a key, the key is its first statement
(``keyed``). Keys are 32 random bytes, given raw (``x'…'``): SQLCipher's own PBKDF2 is skipped,
since the key slots (store/keyslots.py) have already derived what the password gives.
"""

from __future__ import annotations

import sqlite3 as _stdlib
from typing import TYPE_CHECKING

from . import cipher

if TYPE_CHECKING:  # the same DB-API as the standard library's, which mypy knows
    import sqlite3
else:
    from sqlcipher3 import dbapi2 as sqlite3

    # SQLCipher writes its own errors (a page whose HMAC fails) to stderr; the program says them itself
    sqlite3.connect(":memory:").execute("PRAGMA cipher_log_level = NONE").close()

KEY_BYTES = 32
ERRORS = (sqlite3.Error, _stdlib.Error)  # a caller's stdlib connection (tests, tools) is understood too


def key_pragma(key: bytes, schema: str = "") -> str:
    """``PRAGMA key`` (or ``PRAGMA schema.key``) for a raw 256-bit key."""
    if len(key) != KEY_BYTES:
        raise ValueError("a club key is 32 bytes")
    return f"PRAGMA {schema + '.' if schema else ''}key = \"x'{key.hex()}'\""


def keyed(conn: sqlite3.Connection, key: bytes | None, algorithm: str | None = None) -> sqlite3.Connection:
    """``conn`` with ``key`` given first, and the HMAC its pages are written with (``store.cipher``:
    ``algorithm``, none: the program's ``NEW``); nothing when ``key`` is None (a plain file)."""
    if key is not None:
        conn.execute(key_pragma(key))
        conn.execute(f"PRAGMA cipher_hmac_algorithm = {algorithm or cipher.NEW}")
    return conn


def connect(path, key: bytes | None = None, algorithm: str | None = None, **kwargs) -> sqlite3.Connection:
    """A connection to ``path`` (a file name or a ``file:`` URI with ``uri=True``), keyed first: the
    file's pages read with the HMAC they carry (``cipher.file_hmac``), a new file written with
    ``algorithm`` (none: the program's ``NEW``; a copy page by page: its source's)."""
    if key is not None and algorithm is None:
        algorithm = cipher.file_hmac(path, key)
    return keyed(sqlite3.connect(str(path), **kwargs), key, algorithm)


def hmac_of(conn: sqlite3.Connection, schema: str = "main") -> str:
    """The HMAC the keyed connection's ``schema`` reads and writes its pages with."""
    return str(conn.execute(f"PRAGMA {schema}.cipher_hmac_algorithm").fetchone()[0])


def is_plain_sqlite(path) -> bool:
    """True when the file starts with SQLite's plain header (an unencrypted database)."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


__all__ = ["sqlite3", "KEY_BYTES", "ERRORS", "key_pragma", "keyed", "connect", "hmac_of", "is_plain_sqlite"]
