"""Tests that look into a club file themselves (an attacker's edit, a second window, a copy): the
club's key as the program keeps it, read from its key file, never made up.

``club_key(path)``: the set-up key of a club nobody owns yet, else the key the slot of one of the
tests' documented accounts opens (``CLI_OWNER`` / the demo cashier with ``CLI_PASSWORD``, or a pair
given), else None: a plain file (an old club, a backup's working copy), or a club no account of
the tests opens (it then opens locked, as for anyone else)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from loyaltydesk.domain import passwords
from loyaltydesk.services import demo
from loyaltydesk.store import keyslots
from loyaltydesk.store.engine import connect

ACCOUNTS = ((demo.DEMO_OWNER, demo.DEMO_PASSWORD), (demo.DEMO_CASHIER, demo.DEMO_PASSWORD))


def _file_of(path) -> Path:
    text = str(path)
    if text.startswith("file:"):
        return Path(unquote(urlparse(text).path))
    return Path(text)


def club_key(path, *accounts: tuple[str, str]) -> bytes | None:
    header = keyslots.read(_file_of(path))
    if header is None:
        return None
    if header.setup is not None:
        return header.setup
    for user, password in (*accounts, *ACCOUNTS):
        slot = header.slots.get(user)
        derived = slot and passwords.derive(password, slot.salt, (slot.n, slot.r, slot.p))
        key = derived and keyslots.open_slot(slot, user, derived[1])
        if key:
            return key
    return None  # none of the tests' accounts: it opens locked, as for anyone else


def raw_connect(path, key: bytes | None = None, **kwargs):
    """A connection of its own to the club file at ``path`` (a name or a ``file:`` URI with
    ``uri=True``), keyed as the program keys it: what an attacker who has the key would use."""
    return connect(path, key if key is not None else club_key(path), **kwargs)


def plain_copy(club, dest) -> Path:
    """A plain (unencrypted) copy of the club at ``dest``, as an earlier version's backup was:
    exported by SQLCipher from the keyed club (``sqlcipher_export``)."""
    conn = raw_connect(club)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(dest),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    return Path(dest)


def copy_club(src, dest) -> Path:
    """Copy a club file with its key file (a copy without it cannot be opened, as intended)."""
    import shutil

    shutil.copy(src, dest)
    if keyslots.path_of(src).exists():
        shutil.copy(keyslots.path_of(src), keyslots.path_of(dest))
    return Path(dest)
