"""The club's key file: the key slots that open the encrypted club, beside it as ``NAME.keys``.

The club file is encrypted by SQLCipher with one random 256-bit key (the *club key*). Nobody types
it: it is kept in this file, once per user, wrapped (AES-256-GCM) by a key that only that user's
password gives (a *key slot*, as KeePass and LUKS do). A slot is read before the club can be
opened, so this file is plain JSON beside the club, never inside it::

    {"format": "loyaltydesk-keys", "version": 1, "cipher": "sqlcipher4-raw256",
     "slots": {"NAME": {"n": 131072, "r": 8, "p": 1, "salt": HEX, "nonce": HEX, "key": HEX}, ...},
     "setup": HEX,                 # only a new club nobody owns yet: its key, not wrapped
     "mac": HEX,                   # HMAC-SHA256 over all of the above, by a key from the club key
     "failures": {"NAME": {"count": 3, "until": ISO, "unaudited": 2}}}  # wrong passwords (not covered)

- A slot's scrypt salt and cost are those of the user's password hash in the club (``users``),
  so one derivation gives both halves: the first 32 bytes are the stored verifier, the last 32
  wrap the club key (``domain.passwords.derive``). The wrapping is bound to the user name.
- ``mac`` is checked as soon as a slot opened the club key: a slot added, removed or edited, or a
  ``setup`` key put back, outside the program is refused (``KeyFileTampered``). Whoever holds the
  club key (every user who can sign in) could write a valid one; what they could do with it they
  could do in the club itself, where the hash chains and signed roles catch it.
- ``failures``: the sign-in's wrong-password counter and its wait. It is kept here because the
  club cannot be opened before a slot is unwrapped, and a wrong password unwraps nothing: so it
  is the one part not covered by ``mac`` (a wrong guess must be able to count without the key).
  Deleting it gives a guesser nothing that copying the file elsewhere would not: the wait slows
  guessing at this PC, the scrypt cost slows it everywhere.
- Written whole, atomically (a temporary file beside it, fsync, rename), never half.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError

from .engine import KEY_BYTES

FORMAT, VERSION, CIPHER = "loyaltydesk-keys", 1, "sqlcipher4-raw256"
SUFFIX = ".keys"
MAX_FILE_BYTES = 1 << 20  # hundreds of users fit in a few KB; a bigger file is not ours


class KeyFileTampered(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club's key file {path} was changed outside LoyaltyDesk or is damaged ({detail}): the "
        "club is not opened. Put back the key file that belongs with this club (from the same copy or backup as the "
        "club file), or restore a backup.")


class NoKeyFile(LoyaltyError):
    template = QT_TRANSLATE_NOOP(
        "LoyaltyError", "The club {path} is encrypted, but its key file {keys} is missing: it cannot be opened "
        "without it. Put back the key file that belongs with this club, or restore a backup.")


@dataclass(frozen=True)
class Slot:
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    wrapped: bytes

    def as_json(self) -> dict:
        return {"n": self.n, "r": self.r, "p": self.p, "salt": self.salt.hex(), "nonce": self.nonce.hex(),
                "key": self.wrapped.hex()}


@dataclass(frozen=True)
class Recipient:
    """An owner's key for the automatic backups (X25519): the public half, which a backup is sealed
    to, and the private half wrapped by the key the owner's password gives (at ``salt`` and cost);
    signed by the owner's signing key ``key_id`` (services/sealed_box.py)."""

    public: bytes
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    wrapped: bytes
    key_id: int
    signature: bytes

    def as_json(self) -> dict:
        return {"public": self.public.hex(), "n": self.n, "r": self.r, "p": self.p, "salt": self.salt.hex(),
                "nonce": self.nonce.hex(), "private": self.wrapped.hex(), "key_id": self.key_id,
                "signature": self.signature.hex()}

    @classmethod
    def from_json(cls, d: dict) -> Recipient:
        return cls(_hex(d["public"], 32), int(d["n"]), int(d["r"]), int(d["p"]), _hex(d["salt"]),
                   _hex(d["nonce"], 12), _hex(d["private"], 48), int(d["key_id"]), _hex(d["signature"], 64))


@dataclass(frozen=True)
class Failures:
    count: int = 0
    until: str | None = None  # ISO UTC: no try before this moment
    unaudited: int = 0  # of ``count``, those made while the club was locked (audited at the next sign-in)


@dataclass(frozen=True)
class Header:
    slots: dict[str, Slot] = field(default_factory=dict)
    setup: bytes | None = None
    mac: bytes = b""
    failures: dict[str, Failures] = field(default_factory=dict)
    recipients: dict[str, Recipient] = field(default_factory=dict)  # the owners' automatic-backup keys

    def covered(self) -> bytes:
        """The bytes ``mac`` signs: everything but the failure counters, in one canonical form."""
        body = {"format": FORMAT, "version": VERSION, "cipher": CIPHER,
                "slots": {name: slot.as_json() for name, slot in sorted(self.slots.items())},
                "setup": self.setup.hex() if self.setup else None,
                "recipients": {name: r.as_json() for name, r in sorted(self.recipients.items())}}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def path_of(club: str | Path) -> Path:
    return Path(str(club) + SUFFIX)


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _mac(header: Header, club_key: bytes) -> bytes:
    mac_key = hmac.new(club_key, b"loyaltydesk key file mac v1", hashlib.sha256).digest()
    return hmac.new(mac_key, header.covered(), hashlib.sha256).digest()


def signed(header: Header, club_key: bytes) -> Header:
    """``header`` with its ``mac`` made by ``club_key``."""
    return replace(header, mac=_mac(header, club_key))


def verifies(header: Header, club_key: bytes) -> bool:
    return hmac.compare_digest(_mac(header, club_key), header.mac)


def _aad(username: str) -> bytes:
    return b"loyaltydesk key slot v1\x00" + username.encode("utf-8")


def make_slot(club_key: bytes, username: str, cost: tuple[int, int, int], salt: bytes, wrap_key: bytes) -> Slot:
    """The club key wrapped for ``username`` by ``wrap_key`` (from the password, with ``salt`` at ``cost``)."""
    nonce = secrets.token_bytes(12)
    return Slot(*cost, salt, nonce, AESGCM(wrap_key).encrypt(nonce, club_key, _aad(username)))


def open_slot(slot: Slot, username: str, wrap_key: bytes) -> bytes | None:
    """The club key, or None when ``wrap_key`` (a wrong password) or the slot's bytes do not open it."""
    try:
        key = AESGCM(wrap_key).decrypt(slot.nonce, slot.wrapped, _aad(username))
    except (InvalidTag, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


# --- the file ---------------------------------------------------------------------------------------

def _hex(value, length: int | None = None) -> bytes:
    data = bytes.fromhex(value)
    if length is not None and len(data) != length:
        raise ValueError(f"{len(data)} bytes where {length} belong")
    return data


def _parse(text: str) -> Header:
    raw = json.loads(text)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ValueError("not a LoyaltyDesk key file")
    if raw.get("version") != VERSION or raw.get("cipher") != CIPHER:
        raise ValueError(f"version {raw.get('version')!r}, cipher {raw.get('cipher')!r}")
    slots = {}
    for name, s in (raw.get("slots") or {}).items():
        n, r, p = (int(s[k]) for k in ("n", "r", "p"))
        slots[str(name)] = Slot(n, r, p, _hex(s["salt"]), _hex(s["nonce"], 12), _hex(s["key"], KEY_BYTES + 16))
    failures = {str(name): Failures(int(f.get("count", 0)), f.get("until"), int(f.get("unaudited", 0)))
                for name, f in (raw.get("failures") or {}).items()}
    setup = _hex(raw["setup"], KEY_BYTES) if raw.get("setup") else None
    recipients = {str(name): Recipient.from_json(r) for name, r in (raw.get("recipients") or {}).items()}
    return Header(slots, setup, _hex(raw.get("mac") or "", 32), failures, recipients)


def read(club: str | Path) -> Header | None:
    """The key file of the club at ``club``; None when it has none (a plain club, or a new one).
    ``KeyFileTampered`` when it is not one this version reads."""
    path = path_of(club)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise KeyFileTampered(path=str(path), detail="too big")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise KeyFileTampered(path=str(path), detail=getattr(e, "strerror", None) or str(e)) from None
    try:
        return _parse(text)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise KeyFileTampered(path=str(path), detail=str(e)[:120] or type(e).__name__) from None


def to_text(header: Header) -> str:
    body = json.loads(header.covered())
    if body["setup"] is None:
        del body["setup"]
    if not body["recipients"]:
        del body["recipients"]
    body["mac"] = header.mac.hex()
    body["failures"] = {name: {"count": f.count, "until": f.until, "unaudited": f.unaudited}
                        for name, f in sorted(header.failures.items()) if f.count or f.until}
    return json.dumps(body, indent=1, sort_keys=True) + "\n"


def write(club: str | Path, header: Header) -> None:
    """Write the key file whole: a temporary file beside it, synced, then renamed over it."""
    path = path_of(club)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as f:
        f.write(to_text(header))
        f.flush()
        os.fsync(f.fileno())
    os.replace(partial, path)
    if hasattr(os, "O_DIRECTORY"):  # the rename itself survives a power cut
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove(club: str | Path) -> None:
    path_of(club).unlink(missing_ok=True)
