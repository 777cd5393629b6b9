"""The club's key slots from the services' side (the file itself: store/keyslots.py).

- A sign-in opens the user's slot with the password's one derivation (``domain.passwords``), and
  with the club key it gives unlocks the club (``Database.unlock``); the same derivation's first
  half is then checked against the user's hash inside the club, so a slot written by someone who
  holds the club key (any user) for another user's name opens nothing for them.
- The owner's set-up, adding a user, a new or renewed password write that user's slot; a user made
  inactive loses theirs (and gets one again when the owner sets their password).
- Wrong passwords are counted in the key file (the club cannot be opened without a right one) and
  recorded in the audit at the next right sign-in.
- A plain club (made before encryption) is encrypted at its owner's next sign-in (``encrypt``).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from loyaltydesk.domain import passwords
from loyaltydesk.domain.jalali import from_iso, to_iso
from loyaltydesk.store import Database, keyslots
from loyaltydesk.store import club as club_store
from loyaltydesk.store import crypt as crypt_store
from loyaltydesk.store import migrations
from loyaltydesk.store import seals as seal_store

Header = keyslots.Header


def header_of(db: Database) -> keyslots.Header | None:
    """The key file of ``db``'s club; None for a plain club (and ``:memory:``)."""
    if db.path == ":memory:" or (db.key is None and not db.locked):
        return None
    return keyslots.read(db.path)


UNKNOWN_PREFIX = "#"  # never the start of a user name (domain.passwords.USERNAME)
MAX_UNKNOWN = 256  # counters kept for names nobody has: the oldest waits go first beyond this


def failure_name(header: keyslots.Header, username: str) -> str:
    """Where the wrong passwords of ``username`` are counted: under the name when it has a slot,
    else under a digest of what was typed (a mistyped password in the name field is not kept in
    clear). A name nobody has is counted, waits and is refused exactly like a real one, so neither
    the answer nor the wait tells which names exist."""
    if username in header.slots:
        return username
    return unknown_name(username)


def unknown_name(username: str) -> str:
    return UNKNOWN_PREFIX + hashlib.sha256(("loyaltydesk sign-in " + username).encode("utf-8")).hexdigest()[:32]


def wait_left(header: keyslots.Header, username: str, now: datetime) -> int:
    """Seconds ``username`` must still wait after wrong passwords (0: may try)."""
    return failures_wait(header.failures.get(failure_name(header, username)), now)


def failures_wait(f: keyslots.Failures | None, now: datetime) -> int:
    if f is None or not f.until or from_iso(f.until) <= now:
        return 0
    return max(1, int((from_iso(f.until) - now).total_seconds() + 0.999))


def counted(failures: dict[str, keyslots.Failures], name: str, now: datetime,
            audited: bool = True) -> tuple[dict[str, keyslots.Failures], int]:
    """``failures`` with one more wrong password under ``name``, and the seconds the next try waits;
    names nobody has beyond ``MAX_UNKNOWN`` are forgotten, the longest-free first."""
    f = failures.get(name, keyslots.Failures())
    count = f.count + 1
    wait = passwords.wait_after(count)
    until = to_iso(now + timedelta(seconds=wait)) if wait else None
    failures = {**failures, name: keyslots.Failures(count, until, f.unaudited + (not audited))}
    unknown = sorted((k for k in failures if k.startswith(UNKNOWN_PREFIX)), key=lambda k: failures[k].until or "")
    for k in unknown[:max(0, len(unknown) - MAX_UNKNOWN)]:
        if k != name:
            del failures[k]
    return failures, wait


def count_failure(db: Database, username: str, now: datetime, audited: bool) -> int:
    """One more wrong password for ``username`` (a name with a slot, or one nobody has: counted
    alike, ``failure_name``), kept in the key file (and whether the audit has it already: a club
    unlocked by an earlier sign-in); the seconds the next try must wait."""
    header = keyslots.read(db.path)
    if header is None:
        return 0
    failures, wait = counted(header.failures, failure_name(header, username), now, audited)
    try:
        keyslots.write(db.path, replace(header, failures=failures))
    except OSError:  # a key file that cannot be written (read-only): the scrypt cost still slows guessing
        pass
    return wait


def take_unaudited_unknown(db: Database) -> int:
    """How many wrong tries under names nobody has the audit does not have yet; marked as had (their
    counts and waits stay)."""
    header = keyslots.read(db.path)
    if header is None:
        return 0
    unknown = {k: f for k, f in header.failures.items() if k.startswith(UNKNOWN_PREFIX) and f.unaudited}
    if not unknown:
        return 0
    failures = {**header.failures, **{k: replace(f, unaudited=0) for k, f in unknown.items()}}
    keyslots.write(db.path, replace(header, failures=failures))
    return sum(f.unaudited for f in unknown.values())


def open_slot(db: Database, header: keyslots.Header, username: str, password: str) -> tuple[bytes, bytes] | None:
    """The password's derivation (verifier, wrap key) when it opens ``username``'s slot, after the
    club is unlocked by it (None: a wrong password, or no slot). ``KeyFileTampered`` when the key
    opened but the key file's seal does not verify."""
    slot = header.slots.get(username)
    if slot is None:
        passwords.derive(password, bytes(16), (passwords.N, passwords.R, passwords.P))  # the same time
        return None
    derived = passwords.derive(password, slot.salt, (slot.n, slot.r, slot.p))
    if derived is None:
        raise keyslots.KeyFileTampered(path=str(keyslots.path_of(db.path)), detail=f"the slot of {username}")
    verifier, wrap_key = derived
    key = keyslots.open_slot(slot, username, wrap_key)
    if key is None:
        return None
    if not keyslots.verifies(header, key):
        raise keyslots.KeyFileTampered(path=str(keyslots.path_of(db.path)), detail="its seal does not verify")
    db.unlock(key)
    return verifier, wrap_key


def signed_in(db: Database, header: keyslots.Header, username: str) -> int:
    """A right password: the wrong ones before it are forgotten. Returns how many of them the
    audit does not have yet."""
    f = header.failures.get(username)
    if f is None or db.read_only:
        return f.unaudited if f else 0
    current = keyslots.read(db.path) or header
    failures = {k: v for k, v in current.failures.items() if k != username}
    keyslots.write(db.path, replace(current, failures=failures))
    return f.unaudited


def rewrite(db: Database, change) -> None:
    """Read the key file, ``change`` it, sign it with the club key and write it (an encrypted club
    that can be written only)."""
    if db.key is None or db.path == ":memory:" or db.read_only:
        return
    header = keyslots.read(db.path) or keyslots.Header()
    keyslots.write(db.path, keyslots.signed(change(header), db.key))


def put_slot(db: Database, username: str, secret: passwords.Secret, *, owner_made: bool = False) -> None:
    """``username``'s slot for the club key, wrapped by ``secret`` (their password's derivation). The
    club's first owner (``owner_made``) ends the set-up key: from then on only a slot opens it."""
    assert db.key is not None or db.path == ":memory:" or header_of(db) is None
    if db.key is None:
        return
    slot = keyslots.make_slot(db.key, username, secret.cost, secret.salt, secret.wrap_key)

    def change(h: keyslots.Header) -> keyslots.Header:
        return replace(h, slots={**h.slots, username: slot}, setup=None if owner_made else h.setup,
                       failures={k: v for k, v in h.failures.items() if k != username})

    rewrite(db, change)


def drop_slot(db: Database, username: str) -> None:
    """``username`` may no longer open the club (made inactive)."""
    rewrite(db, lambda h: replace(h, slots={k: v for k, v in h.slots.items() if k != username},
                                   failures={k: v for k, v in h.failures.items() if k != username},
                                   recipients={k: v for k, v in h.recipients.items() if k != username}))


def keep_passwords(db: Database, today: dict[str, str | None], now_iso: str) -> list[str]:
    """After a restore into an encrypted club (in its transaction): the key file is today's, so the
    restored users who have a slot keep today's password (their hash as it was just before; an
    owner's signing key, sealed by the backup's password, is retired: a new one at their sign-in),
    and a slot whose user the backup does not have is removed. Returns the names whose password
    was kept."""
    header = header_of(db)
    if header is None:
        return []
    kept = []
    for user in club_store.users(db):
        hash_today = today.get(user.username)
        if user.username in header.slots and hash_today and hash_today != user.password_hash:
            club_store.update_user(db, user.id, password_hash=hash_today)
            if user.role == "owner":
                seal_store.retire_keys(db, user.id, now_iso)
            kept.append(user.username)
    names = {u.username for u in club_store.users(db)}
    for gone in set(header.slots) - names:
        drop_slot(db, gone)
    return kept


def encrypt(db: Database, username: str, secret: passwords.Secret) -> bool:
    """Encrypt a plain club (made before encryption) in place, at its owner's sign-in: a new club
    key, every row exported into a new encrypted file beside it, that file checked (integrity and
    every table's count the same), the key file written with the owner's slot, then the encrypted
    file put in the plain one's place and the plain one gone. ``db`` goes on, on the encrypted file.
    The club's earlier before-copies are encrypted the same way. Other users get their slot when
    the owner sets their password (their passwords are not known here). False when nothing was done
    (already encrypted, read-only, in memory, on a PostgreSQL server: its own sign-in guards it)."""
    if db.key is not None or db.locked or db.read_only or db.path == ":memory:" or db.engine == "postgresql":
        return False
    path = Path(db.path)
    key = keyslots.new_key()
    crypt_store.encrypt_database(db, key)
    slot = keyslots.make_slot(key, username, secret.cost, secret.salt, secret.wrap_key)
    keyslots.write(path, keyslots.signed(keyslots.Header({username: slot}), key))
    crypt_store.swap_in(db, key)
    for aside in migrations.asides(path):
        crypt_store.encrypt_file(aside, key)
    return True
