"""SQLCipher 4's page format, as the program keys its files (a raw 256-bit key, 4096-byte pages).

The file's first 16 bytes are a random salt; every page is encrypted (AES-256-CBC) but its last
bytes, reserved: an IV of 16, then the HMAC of the encrypted bytes, the IV and the page number (4
bytes, little-endian), page 1 from byte 16 on. The HMAC's key is PBKDF2-HMAC-SHA512 of the key, 2
rounds, salted by the salt with each byte XOR 0x3a.

The HMAC is SHA-256 in every file the program makes (``NEW``): on a processor with SHA extensions it
is twice as fast as SHA-512, and every page read pays it (at a million members a check reads 12 GB).
Clubs, backups and copies made before were written with SHA-512, SQLCipher's default, and are read
as they are (``file_hmac`` tells which by page 1); a file copied page by page from another (SQLite's
backup) must be written as that one is (the reserved bytes are part of every page's layout).
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from urllib.parse import unquote, urlparse

SALT = 16
IV = 16
PAGE = 4096  # SQLCipher 4's page size: the program never sets another
SHA256, SHA512 = "HMAC_SHA256", "HMAC_SHA512"
NEW = SHA256  # what the program writes
_DIGESTS = {SHA256: hashlib.sha256, SHA512: hashlib.sha512}
_SIZES = {SHA256: 32, SHA512: 64}


def mac_size(algorithm: str) -> int:
    return _SIZES[algorithm]


def reserve(algorithm: str) -> int:
    """The bytes at the end of every page that are no SQLite's: the IV and the HMAC."""
    return IV + _SIZES[algorithm]


def fits(reserved: int) -> bool:
    """Whether plain pages that keep ``reserved`` bytes at their end can be written encrypted with
    the program's HMAC (SQLCipher uses the last ``reserve(NEW)`` of them; a club keyed by ``PRAGMA
    key`` keeps 80 whichever the HMAC, an earlier version's SHA-512 needed all 80)."""
    return reserved >= reserve(NEW)


def mac_key(key: bytes, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", key, bytes(b ^ 0x3A for b in salt), 2, 32)


def mac(algorithm: str, key: bytes, sealed: bytes, pgno: int) -> bytes:
    """The HMAC of a page: ``sealed`` is its encrypted bytes followed by its IV; ``key`` ``mac_key``'s."""
    return hmac.new(key, sealed + pgno.to_bytes(4, "little"), _DIGESTS[algorithm]).digest()


def page_verifies(algorithm: str, key: bytes, page: bytes, pgno: int, salt: bytes) -> bool:
    """Whether ``page`` (a whole page of the file, page 1 with its salt) carries its HMAC."""
    size, n = len(page), _SIZES[algorithm]
    start = SALT if pgno == 1 else 0
    return hmac.compare_digest(mac(algorithm, mac_key(key, salt), page[start:size - n], pgno), page[size - n:])


def _path(path) -> Path:
    text = str(path)
    return Path(unquote(urlparse(text).path)) if text.startswith("file:") else Path(text)


def file_hmac(path, key: bytes) -> str | None:
    """The HMAC the encrypted file at ``path`` (a name or a ``file:`` URI) is written with, told by
    its first page; ``NEW`` for a file not written yet (missing, or no whole page); None when page
    1 verifies under neither (another key, or page 1 damaged)."""
    try:
        with open(_path(path), "rb") as f:
            page = f.read(PAGE)
    except OSError:
        return NEW
    if len(page) < PAGE:
        return NEW
    salt = page[:SALT]
    return next((a for a in (SHA256, SHA512) if page_verifies(a, key, page, 1, salt)), None)
