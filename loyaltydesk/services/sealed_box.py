"""Backups sealed to the owners' public keys (an encrypted club's automatic ones, and those made by hand
without a passphrase): no secret is stored for them, and only an
owner's password opens one.

- Each owner has an X25519 key pair for backups (a ``Recipient`` in the club's key file): the
  private half wrapped (AES-256-GCM) by a key from the same derivation of the password as the sign-in
  (``domain.passwords.Secret``), the public half signed by the owner's signing key. It is made at
  the owner's first sign-in (or set-up), sealed again when the password changes.
- A sealed box (``.ldbox``): a random file key encrypts the (compressed) backup in 1 MiB chunks
  (AES-256-GCM, the chunk's number in the nonce, the last one marked, the header bound to each);
  for each owner the file key is wrapped by a key agreed between a new ephemeral X25519 key and the
  owner's public key (HKDF-SHA256). The header also carries each owner's wrapped private key with
  its salt and cost, so the box opens anywhere with that owner's password as it was that day; on
  this computer the key file's current wrapping (today's password) opens it too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import struct
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from loyaltydesk.domain import passwords
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.store import Database, keyslots, pages
from loyaltydesk.store import seals as seal_store

from . import seals

MAGIC = b"LDBOX01\n"
CHUNK = 1 << 20
_LENGTH = struct.Struct(">I")
MAX_HEADER = 1 << 16
SUFFIX = ".ldbox"

NEEDS_OWNER_PASSWORD = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The backup {name} is sealed to the club's owners: give an owner's password (the one they had "
    "when it was made, or on this computer today's).")
NO_OWNER_KEY = QT_TRANSLATE_NOOP(
    "LoyaltyError", "No automatic backup was made: the owners' backup keys are missing from the club's key file or "
    "were not signed by an owner (the key file was changed). The owner should sign in, which makes a new one.")
BOX_DAMAGED = QT_TRANSLATE_NOOP("LoyaltyError", "The backup {name} is damaged: {detail}. Use another backup.")


class BoxNeedsOwner(LoyaltyError):
    template = NEEDS_OWNER_PASSWORD


class BoxDamaged(LoyaltyError):
    template = BOX_DAMAGED


def _raw_public(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _aad(username: str, public: bytes) -> bytes:
    return b"loyaltydesk backup key v1\x00" + username.encode("utf-8") + b"\x00" + public


def _private_key(wrap_key: bytes) -> bytes:
    return hmac.new(wrap_key, b"loyaltydesk backup key v1", hashlib.sha256).digest()


def _signed_message(username: str, public: bytes) -> bytes:
    return b"loyaltydesk backup recipient v1\x00" + username.encode("utf-8") + b"\x00" + public


def _unwrap_private(r: keyslots.Recipient, username: str, wrap_keys) -> X25519PrivateKey | None:
    for wrap_key in wrap_keys:
        try:
            raw = AESGCM(_private_key(wrap_key)).decrypt(r.nonce, r.wrapped, _aad(username, r.public))
        except InvalidTag:
            continue
        private = X25519PrivateKey.from_private_bytes(raw)
        if _raw_public(private) == r.public:
            return private
    return None


def _recipient(private: X25519PrivateKey, username: str, secret: passwords.Secret, key_id: int,
               signature: bytes) -> keyslots.Recipient:
    public, nonce = _raw_public(private), secrets.token_bytes(12)
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return keyslots.Recipient(public, *secret.cost, secret.salt, nonce,
                              AESGCM(_private_key(secret.wrap_key)).encrypt(nonce, raw, _aad(username, public)),
                              key_id, signature)


SERVER_RECIPIENTS = "backup_recipients"  # a server's club keeps its owners' backup keys in its settings


def _on_server(db: Database) -> bool:
    return getattr(db, "engine", "sqlite") == "postgresql"


def _recipients_of(db: Database) -> dict[str, keyslots.Recipient] | None:
    """The owners' backup keys as kept: in the key file, or a server's club's settings (no key file
    there; each public half is signed by its owner's key all the same, ``recipients``)."""
    if _on_server(db):
        from loyaltydesk.store import club as club_store

        raw = club_store.settings(db).get(SERVER_RECIPIENTS) or {}
        return {str(name): keyslots.Recipient.from_json(r) for name, r in raw.items()}
    header = keyslots.read(db.path)
    return None if header is None else header.recipients


def _keep(db: Database, username: str, made: keyslots.Recipient) -> None:
    if _on_server(db):
        from loyaltydesk.store import club as club_store

        with db.transaction():
            current = club_store.settings(db).get(SERVER_RECIPIENTS) or {}
            club_store.put_settings(db, {SERVER_RECIPIENTS: {**current, username: made.as_json()}})
        return
    from . import club_keys  # the key file's writer

    club_keys.rewrite(db, lambda h: _with(h, username, made))


def open_owner_key(db: Database, user_id: int, username: str, secret: passwords.Secret,
                   rewrap: passwords.Secret | None = None) -> None:
    """At an owner's sign-in or set-up (their signing key unlocked on ``db``): open their backup key
    from the key file, or make one (none yet, or one their password no longer opens: a password
    set by another owner), and write it wrapped by today's password (``rewrap`` when the hash was
    just renewed) and signed. Nothing for a plain club."""
    if (db.key is None and not _on_server(db)) or db.read_only:
        return
    held = seals.unlocked(db, user_id)
    kept = _recipients_of(db)
    if held is None or kept is None:
        return
    _owner, key_id, signing = held
    current = kept.get(username)
    private = _unwrap_private(current, username, secret.wrap_keys()) if current else None
    target = rewrap or secret
    if private is not None and current is not None and rewrap is None and secret.alternate is None and \
            current.salt == target.salt and current.key_id == key_id:
        return  # as it should be
    private = private or X25519PrivateKey.generate()
    public = _raw_public(private)
    made = _recipient(private, username, target, key_id, signing.sign(_signed_message(username, public)))
    _keep(db, username, made)


def _with(h: keyslots.Header, username: str, r: keyslots.Recipient) -> keyslots.Header:
    from dataclasses import replace

    return replace(h, recipients={**h.recipients, username: r})


def change_password(db: Database, username: str, old: passwords.Secret, new: passwords.Secret) -> None:
    """The owner's backup key wrapped again by the new password (the old one checked)."""
    kept = _recipients_of(db) if db.key is not None or _on_server(db) else None
    current = kept.get(username) if kept else None
    private = _unwrap_private(current, username, old.wrap_keys()) if current else None
    if private is None or current is None:
        return
    made = _recipient(private, username, new, current.key_id, current.signature)
    _keep(db, username, made)


def recipients(db: Database) -> dict[str, keyslots.Recipient]:
    """The owners' backup keys whose public half their signing key signed (and still current):
    a key put in the key file by someone holding only the club key is left out."""
    if (db.key is None and not _on_server(db)) or db.path == ":memory:":
        return {}
    found = {}
    for username, r in (_recipients_of(db) or {}).items():
        signer = seal_store.key(db, r.key_id)
        if signer is None or signer.retired_at:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(signer.public_key).verify(r.signature, _signed_message(username,
                                                                                                    r.public))
        except (InvalidSignature, ValueError):
            continue
        found[username] = r
    return found


# --- the file ----------------------------------------------------------------------------------

def _kek(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, ephemeral + public, b"loyaltydesk backup box v1").derive(shared)


def _nonce(prefix: bytes, n: int) -> bytes:
    return prefix + n.to_bytes(8, "big")


def is_boxed(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def opened(src):
    """(a reader, its length) of ``src``: a file, or a working file kept encrypted
    (``store.pages.EphemeralFile``)."""
    if isinstance(src, pages.EphemeralFile):
        return src.reader(), src.size
    f = open(src, "rb")
    return f, os.fstat(f.fileno()).st_size


def written(dest):
    """A writer for ``dest``: a file, or a working file kept encrypted (``EphemeralFile``)."""
    return dest.writer() if isinstance(dest, pages.EphemeralFile) else open(dest, "wb")


class Hashed:
    """A file written through SHA-256: what went to the disk, to compare with what reads back."""

    def __init__(self, f) -> None:
        self.f, self.digest = f, hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        return self.f.write(data)

    def flush(self) -> None:
        self.f.flush()


def seal_file(src, dest: Path, to: dict[str, keyslots.Recipient]) -> str:
    """``src`` (a file, or an ``EphemeralFile``) sealed to every owner in ``to`` at ``dest``; returns
    the SHA-256 of the bytes written (a backup must read back as them)."""
    file_key, prefix = secrets.token_bytes(32), secrets.token_bytes(4)
    entries = []
    for username, r in sorted(to.items()):
        ephemeral = X25519PrivateKey.generate()
        eph = _raw_public(ephemeral)
        nonce = secrets.token_bytes(12)
        kek = _kek(ephemeral.exchange(X25519PublicKey.from_public_bytes(r.public)), eph, r.public)
        entries.append({"user": username, "ephemeral": eph.hex(), "nonce": nonce.hex(),
                        "key": AESGCM(kek).encrypt(nonce, file_key, b"loyaltydesk box key").hex(),
                        "owner_key": r.as_json()})
    reader, length = opened(src)
    header = json.dumps({"version": 1, "chunk": CHUNK, "length": length, "prefix": prefix.hex(),
                         "recipients": entries}, sort_keys=True).encode("utf-8")
    digest = hashlib.sha256(MAGIC + header).digest()
    aead = AESGCM(file_key)
    chunks = max(1, -(-length // CHUNK))
    with reader as fin, open(dest, "wb") as raw:
        fout = Hashed(raw)
        fout.write(MAGIC + _LENGTH.pack(len(header)) + header)
        for n in range(chunks):
            block = fin.read(CHUNK)
            fout.write(aead.encrypt(_nonce(prefix, n), block, digest + bytes([n == chunks - 1])))
    return fout.digest.hexdigest()


def open_file(src: Path, dest, password: str | None, current: dict[str, keyslots.Recipient] | None = None,
              name: str | None = None) -> None:
    """Open the box ``src`` into ``dest`` with an owner's ``password`` (as it was when it was made,
    or today's for an owner in ``current``, this computer's key file)."""
    name = name or Path(src).name
    with open(src, "rb") as fin:
        if fin.read(len(MAGIC)) != MAGIC:
            raise BoxDamaged(name=name, detail="not a sealed automatic backup")
        try:
            (size,) = _LENGTH.unpack(fin.read(_LENGTH.size))
            if size > MAX_HEADER:
                raise ValueError("header too big")
            raw = fin.read(size)
            header = json.loads(raw)
            chunk, length, prefix = int(header["chunk"]), int(header["length"]), bytes.fromhex(header["prefix"])
            entries = header["recipients"]
            if header.get("version") != 1 or chunk != CHUNK or len(prefix) != 4:
                raise ValueError("an unknown version")
        except (ValueError, KeyError, TypeError, struct.error) as e:
            raise BoxDamaged(name=name, detail=str(e)[:80]) from None
        if password is None:
            raise BoxNeedsOwner(name=name)
        file_key = _file_key(entries, password, current or {})
        if file_key is None:
            raise BoxNeedsOwner(name=name)
        digest = hashlib.sha256(MAGIC + raw).digest()
        aead, chunks = AESGCM(file_key), max(1, -(-length // CHUNK))
        with written(dest) as fout:
            for n in range(chunks):
                sealed = fin.read(min(CHUNK, length - n * CHUNK) + 16 if length else 16)
                try:
                    fout.write(aead.decrypt(_nonce(prefix, n), sealed, digest + bytes([n == chunks - 1])))
                except InvalidTag:
                    raise BoxDamaged(name=name, detail="cut short" if len(sealed) < 17 or n == chunks - 1 and
                                     fin.read(1) == b"" and len(sealed) < (length - n * CHUNK) + 16
                                     else "a part of it changed after it was written") from None
        if fin.read(1):
            raise BoxDamaged(name=name, detail="bytes after its end")


def _file_key(entries, password: str, current: dict[str, keyslots.Recipient]) -> bytes | None:
    for e in entries:
        try:
            username = str(e["user"])
            embedded = keyslots.Recipient.from_json(e["owner_key"])
            eph, nonce, wrapped = (bytes.fromhex(e[k]) for k in ("ephemeral", "nonce", "key"))
        except (ValueError, KeyError, TypeError):
            continue
        for r in (embedded, current.get(username)):
            if r is None or r.public != embedded.public:
                continue
            derived = passwords.derive(password, r.salt, (r.n, r.r, r.p))
            if derived is None:
                continue
            private = _unwrap_private(r, username, (derived[1],))
            if private is None:
                continue
            try:
                return AESGCM(_kek(private.exchange(X25519PublicKey.from_public_bytes(eph)), eph, r.public)).decrypt(
                    nonce, wrapped, b"loyaltydesk box key")
            except InvalidTag:
                continue
    return None
