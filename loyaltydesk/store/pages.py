"""Working copies that are never plain on disk: a backup of an encrypted club, and a backup being
checked or restored, pass through files beside the club for a while (a deleted file can be read
back from the disk), so none of them holds the members in clear.

- ``plain_pages``: the pages of an encrypted club file (SQLCipher 4, a raw 256-bit key) as plain
  SQLite pages, read and decrypted in memory one at a time (AES-256-CBC, each page's HMAC checked:
  SHA-256, or SHA-512 in a file of an earlier version, ``store.cipher``): what a backup compresses
  and seals, streamed, without a plain copy on the disk. The result is an ordinary SQLite file whose
  pages keep SQLCipher's reserved bytes (zeroed), which any SQLite reads.
- ``write_keyed``: the reverse, pages of such a plain file written encrypted under a key (a backup
  opened for checking or restoring, under a random key of its own), with the program's HMAC.
- ``EphemeralFile``: a temporary file encrypted as it is written (AES-256-CTR) under a random key
  held only in memory: the compressed backup between packing and sealing, the opened backup
  between unsealing and unpacking. Lost with the process, it is noise.

SQLCipher's page format: ``store.cipher``.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from . import cipher
from .cipher import IV, SALT
from .engine import connect

SQLITE_HEADER = b"SQLite format 3\x00"


class PageDamaged(LoyaltyError):
    template = QT_TRANSLATE_NOOP("LoyaltyError", "The copy {name} is damaged: page {page} does not verify.")


class NotKeyable(Exception):
    """Plain pages without SQLCipher's reserved bytes (a plain club's, an older backup's): they
    cannot be encrypted page by page."""


def page_size(path: Path, key: bytes) -> int:
    conn = connect(path, key)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def plain_pages(path: Path, key: bytes, size: int | None = None) -> Iterator[bytes]:
    """The pages of the encrypted file ``path`` (no WAL beside it: a copy in ``journal_mode =
    DELETE``), decrypted, in order: together a plain SQLite file. ``PageDamaged`` on a page whose
    HMAC fails."""
    size = size or page_size(path, key)
    algorithm = cipher.file_hmac(path, key)
    if algorithm is None:  # page 1 verifies under neither HMAC
        raise PageDamaged(name=Path(path).name, page=1)
    reserve, n = cipher.reserve(algorithm), cipher.mac_size(algorithm)
    with open(path, "rb") as f:
        salt = f.read(SALT)
        f.seek(0)
        mac_key = cipher.mac_key(key, salt)
        pgno = 0
        while page := f.read(size):
            pgno += 1
            if len(page) != size:
                raise PageDamaged(name=Path(path).name, page=pgno)
            start = SALT if pgno == 1 else 0
            sealed, iv = page[start:size - reserve], page[size - reserve:size - n]
            if not hmac.compare_digest(cipher.mac(algorithm, mac_key, sealed + iv, pgno), page[size - n:]):
                raise PageDamaged(name=Path(path).name, page=pgno)
            d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
            yield (SQLITE_HEADER if pgno == 1 else b"") + d.update(sealed) + d.finalize() + bytes(reserve)


def _pages(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """Plain pages out of a stream of blocks of a plain SQLite file (``NotKeyable`` when its pages
    have no room for SQLCipher's reserved bytes)."""
    buffer, size = bytearray(), 0
    for block in blocks:
        buffer += block
        if not size:
            if len(buffer) < 100:
                continue
            if bytes(buffer[:16]) != SQLITE_HEADER or not cipher.fits(buffer[20]):
                raise NotKeyable()
            size = int.from_bytes(buffer[16:18], "big")
            size = 65536 if size == 1 else size
        whole = len(buffer) - len(buffer) % size
        for at in range(0, whole, size):
            yield bytes(buffer[at:at + size])
        del buffer[:whole]
    if buffer or not size:
        raise NotKeyable()


def write_keyed(blocks: Iterable[bytes], dest: Path, key: bytes) -> None:
    """The plain SQLite file given as ``blocks`` written at ``dest`` encrypted under ``key`` (a file
    SQLCipher opens with that key), page by page, never plain on the disk. ``NotKeyable`` (and
    nothing left at ``dest``) for pages without SQLCipher's reserved bytes."""
    salt = secrets.token_bytes(SALT)
    mac_key = cipher.mac_key(key, salt)
    reserve = cipher.reserve(cipher.NEW)  # the last bytes of the page's reserved ones
    try:
        with open(dest, "wb") as out:
            for pgno, page in enumerate(_pages(blocks), 1):
                size = len(page)
                start = SALT if pgno == 1 else 0
                iv = secrets.token_bytes(IV)
                e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
                sealed = e.update(page[start:size - reserve]) + e.finalize()
                out.write((salt if pgno == 1 else b"") + sealed + iv + cipher.mac(cipher.NEW, mac_key, sealed + iv, pgno))
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(dest).unlink(missing_ok=True)
        raise


class EphemeralFile:
    """A temporary file at ``path``, encrypted as it is written under a key that lives only in this
    object (AES-256-CTR). ``writer()`` once, then ``reader()`` any number of times; ``size`` is the
    plain length. The caller removes the file (it lives in a temporary folder)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._key, self._nonce = secrets.token_bytes(32), secrets.token_bytes(16)
        self.size = 0

    def _cipher(self):
        return Cipher(algorithms.AES(self._key), modes.CTR(self._nonce))

    def writer(self) -> _Writer:
        return _Writer(self)

    def reader(self) -> _Reader:
        return _Reader(self)


class _Writer:
    def __init__(self, owner: EphemeralFile):
        self.owner, self.f, self.c = owner, open(owner.path, "wb"), owner._cipher().encryptor()
        owner.size = 0

    def write(self, data) -> int:
        data = bytes(data)
        self.f.write(self.c.update(data))
        self.owner.size += len(data)
        return len(data)

    def flush(self) -> None:
        self.f.flush()

    def close(self) -> None:
        if not self.f.closed:
            self.f.write(self.c.finalize())
            self.f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Reader:
    def __init__(self, owner: EphemeralFile):
        self.f, self.d = open(owner.path, "rb"), owner._cipher().decryptor()

    def read(self, n: int = -1) -> bytes:
        return self.d.update(self.f.read(n))

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
