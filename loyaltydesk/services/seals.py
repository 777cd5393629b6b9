"""The owner's signing key, the seals it makes over the hash chains, and signed role assignments.

- Each owner has an Ed25519 key pair. The private key is kept only sealed by a key derived from the
  owner's password (AES-256-GCM, bound to the owner and the public key; the key comes from the
  same scrypt derivation as the sign-in's verifier and key slot, ``domain.passwords.Secret``, so
  an owner's sign-in derives once; an older key sealed by a scrypt of its own is read once and
  sealed again), so it is unlocked only by signing in: created at the club's set-up, or at the
  first sign-in of an owner who has none (a club made before this, an owner added by another),
  sealed again when the owner changes the password. Unlocked, it stays in memory with the
  connection (``Database.memo``) until someone else signs in on it.
- A *seal* signs both chains' heads (``store.chain.heads``) at each owner sign-in and at the daily
  close; its fingerprint is printed on the daily report. ``check`` verifies every seal and that
  each sealed head is still in its chain, and says what was written since the last seal.
- A user's role assignment (user name, role, whether they may sign in) is signed by an owner's
  key; once the club has an owner key, a sign-in whose assignment does not verify is refused: a
  role edited in the file, a user slipped in with a known hash.
- An owner whose password no longer opens the key stored for them, or whose key no longer matches
  its public half, has had the key replaced in the file: their sign-in says so and is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from loyaltydesk.domain import passwords
from loyaltydesk.domain.chain import assignment_message, fingerprint, proof_message, seal_message
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError
from loyaltydesk.domain.jalali import to_iso
from loyaltydesk.domain.roles import Role
from loyaltydesk.store import Database
from loyaltydesk.store import chain as chain_store
from loyaltydesk.store import seals as seal_store

KEY_REPLACED = QT_TRANSLATE_NOOP(
    "LoyaltyError", "WARNING: the owner's signing key stored for {username} is not the one your password opens: "
    "someone replaced it in the club file. Sign-in refused, nothing was signed. Do not use this club file: restore "
    "a backup made before, and run 'loyaltydesk check' on it.")
NOT_SIGNED = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The role of {username} was changed outside LoyaltyDesk (no owner signed it): sign-in refused. "
    "The owner should run the check and set this user's role again.")
NEEDS_OWNER_KEY = QT_TRANSLATE_NOOP(
    "LoyaltyError", "A user's role is signed with the owner's key, which only signing in as the owner with the "
    "password unlocks: sign in again as the owner, then change the user.")

_MEMO = "owner_signing_key"  # (user id, key id, private key) on the connection, while the owner is signed in
_WRAP = struct.Struct(">4sIBB16s12s")  # magic, scrypt n, r, p, salt, nonce; then the AES-GCM ciphertext
_MAGIC = b"LDK1"  # sealed by a scrypt of its own (before the key slots): read, and sealed again as LDK2
_WRAP2 = struct.Struct(">4s12s")  # magic, nonce; then the AES-GCM ciphertext under the sign-in's wrap key
_MAGIC2 = b"LDK2"


class KeyReplaced(LoyaltyError):
    template = KEY_REPLACED


class NotSigned(LoyaltyError):
    template = NOT_SIGNED


# --- the key, sealed by the password ---------------------------------------------------------------

def _aad(user_id: int, public_key: bytes) -> bytes:
    return b"loyaltydesk owner key v1\x00" + struct.pack(">q", user_id) + public_key


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * n * r * p + (1 << 24),
                          dklen=32)


def _key_from(wrap_key: bytes) -> bytes:
    """The AES key for the signing key, from the wrap key the sign-in's one derivation gave
    (``domain.passwords.Secret``): its own, so that it is never the key slot's key itself."""
    return hmac.new(wrap_key, b"loyaltydesk owner signing key v2", hashlib.sha256).digest()


def wrap(private: Ed25519PrivateKey, wrap_key: bytes, user_id: int) -> bytes:
    """The private key sealed by the key the owner's password gives (no scrypt of its own)."""
    nonce = secrets.token_bytes(12)
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return _WRAP2.pack(_MAGIC2, nonce) + AESGCM(_key_from(wrap_key)).encrypt(
        nonce, raw, _aad(user_id, _public_bytes(private)))


def unwrap(wrapped: bytes, password: str, user_id: int, public_key: bytes,
           wrap_key: bytes | tuple[bytes, ...] | None = None) -> Ed25519PrivateKey | None:
    """The private key, or None when the password (or the public key it is bound to) does not open it.
    An LDK2 key opens by ``wrap_key`` (none given: derived from ``password`` and the user's hash is
    not known here, so it does not open); an older LDK1 key by a scrypt of the password."""
    if wrapped[:4] == _MAGIC2:
        for candidate in (wrap_key,) if isinstance(wrap_key, bytes) else wrap_key or ():
            try:
                _magic, nonce = _WRAP2.unpack(wrapped[:_WRAP2.size])
                raw = AESGCM(_key_from(candidate)).decrypt(nonce, wrapped[_WRAP2.size:], _aad(user_id, public_key))
            except (struct.error, InvalidTag):
                continue
            return Ed25519PrivateKey.from_private_bytes(raw)
        return None
    try:
        magic, n, r, p, salt, nonce = _WRAP.unpack(wrapped[:_WRAP.size])
    except struct.error:
        return None
    if magic != _MAGIC or n < 2 or n & (n - 1) or 128 * n * r * p > passwords.MAX_COST_BYTES:
        return None
    try:
        raw = AESGCM(_derive(password, salt, n, r, p)).decrypt(nonce, wrapped[_WRAP.size:], _aad(user_id, public_key))
    except InvalidTag:
        return None
    return Ed25519PrivateKey.from_private_bytes(raw)


def _public_bytes(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _verifies(public_key: bytes, signature: bytes | None, message: bytes) -> bool:
    if not signature:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- unlocked on the connection ----------------------------------------------------------------

def forget(db: Database, user_id: int) -> None:
    """The owner's key is no longer unlocked on this connection."""
    db.memo.get(_MEMO, {}).pop(user_id, None)


def unlocked(db: Database, user_id: int | None = None) -> tuple[int, int, Ed25519PrivateKey] | None:
    """(owner id, key id, private key) of the owner ``user_id`` when their key is unlocked on this
    connection; with no ``user_id`` (a session that signed in nowhere: code and tests that make a
    club), the key of the owner who signed in last on it. A cashier's session never signs anything:
    the services that sign are the owner's."""
    held = db.memo.get(_MEMO, {})
    if user_id is None:
        return next(((owner, *key) for owner, key in reversed(held.items())), None)
    key = held.get(user_id)
    return None if key is None else (user_id, *key)


def open_owner_key(db: Database, user_id: int, username: str, secret: passwords.Secret, password: str,
                   now_iso: str, rewrap: passwords.Secret | None = None) -> bool:
    """At an owner's sign-in (the password already checked, ``secret`` its one derivation): open
    their key, or make one when they have none. Raises ``KeyReplaced`` when the stored key is not
    theirs. A key sealed the older way (LDK1), or by a hash just renewed (``rewrap``), is sealed
    again by the current wrap key. Returns True when this is the club's first key (its users'
    roles then need signing)."""
    first = not seal_store.any_key(db)
    stored = seal_store.current_key(db, user_id)
    target = rewrap or secret
    if stored is None:
        if seal_store.had_keys(db, user_id) and not _only_retired(db, user_id):
            raise KeyReplaced(username=username)  # their key's row is gone, their seals remain
        private = Ed25519PrivateKey.generate()
        key_id = seal_store.add_key(db, user_id, _public_bytes(private), wrap(private, target.wrap_key, user_id),
                                    now_iso)
    else:
        opened = unwrap(stored.wrapped, password, user_id, stored.public_key, secret.wrap_keys())
        if opened is None or _public_bytes(opened) != stored.public_key:
            raise KeyReplaced(username=username)
        private, key_id = opened, stored.id
        if stored.wrapped[:4] != _MAGIC2 or rewrap is not None or secret.alternate is not None:
            seal_store.rewrap(db, stored.id, wrap(private, target.wrap_key, user_id))
    held = db.memo.setdefault(_MEMO, {})
    held.pop(user_id, None)
    held[user_id] = (key_id, private)  # the newest last
    return first


def key_opens(db: Database, user_id: int, password: str, wrap_key: tuple[bytes, ...]) -> bool | None:
    """Whether the password opens the owner's stored key and it matches its public half (None:
    they have no key). Reads only."""
    stored = seal_store.current_key(db, user_id)
    if stored is None:
        return None
    private = unwrap(stored.wrapped, password, user_id, stored.public_key, wrap_key)
    return private is not None and _public_bytes(private) == stored.public_key


def _only_retired(db: Database, user_id: int) -> bool:
    mine = [k for k in seal_store.keys(db) if k.user_id == user_id]
    return bool(mine) and all(k.retired_at for k in mine)


def change_password(db: Database, user_id: int, current: passwords.Secret, password: str,
                    new: passwords.Secret) -> None:
    """Seal the owner's key again by the new password's wrap key (the current one already checked)."""
    stored = seal_store.current_key(db, user_id)
    if stored is None:
        return
    private = unwrap(stored.wrapped, password, user_id, stored.public_key, current.wrap_key)
    if private is None:
        return  # not theirs any more: their next sign-in says so
    seal_store.rewrap(db, stored.id, wrap(private, new.wrap_key, user_id))


# --- role assignments ------------------------------------------------------------------------------

def assignment_verifies(db: Database, user_id: int) -> bool:
    """True when the user's role assignment carries a valid signature of an owner's key (always
    true in a club whose owners have no key yet)."""
    if not seal_store.any_key(db):
        return True
    a = seal_store.assignment(db, user_id)
    if a is None or a.signed_by is None:
        return False
    signer = seal_store.key(db, a.signed_by)
    if signer is None:
        return False
    return _verifies(signer.public_key, a.signature, assignment_message(a.username, a.role, a.active, signer.id))


def unsigned_users(db: Database) -> list[str]:
    """The users whose role assignment no owner's key signed (none while no owner has a key)."""
    if not seal_store.any_key(db):
        return []
    public = {k.id: k.public_key for k in seal_store.keys(db)}
    return [a.username for a in seal_store.assignments(db)
            if a.signed_by not in public
            or not _verifies(public[a.signed_by], a.signature, assignment_message(a.username, a.role, a.active,
                                                                                   a.signed_by))]


def sign_assignments(db: Database, user_ids=None, *, by: int | None = None) -> None:
    """Sign the role assignments of ``user_ids`` (every user when None) with the key of the owner
    ``by`` unlocked on this connection (see ``unlocked``). In a club with owner keys, refused
    without one (``NEEDS_OWNER_KEY``); in a club without any, nothing to sign with or required."""
    held = unlocked(db, by)
    if held is None:
        if seal_store.any_key(db):
            raise LoyaltyError(NEEDS_OWNER_KEY)
        return
    _owner, key_id, private = held
    for a in seal_store.assignments(db):
        if user_ids is None or a.id in user_ids:
            seal_store.sign_assignment(db, a.id, key_id, private.sign(
                assignment_message(a.username, a.role, a.active, key_id)))


# --- seals ---------------------------------------------------------------------------------------------

def seal(db: Database, reason: str, at: str, owner_id: int | None = None, *, unless_unchanged: bool = False):
    """Sign both chains' heads with the owner's key unlocked on this connection (of ``owner_id``
    when given): the new seal, or None when no key is unlocked (or, ``unless_unchanged``, nothing
    was written since the last seal)."""
    held = unlocked(db, owner_id)
    if held is None:
        return None
    heads = chain_store.heads(db)
    last = seal_store.last_seal(db)
    if unless_unchanged and last is not None and (last.heads.audit_id, last.heads.ledger_id) == (heads.audit_id,
                                                                                                heads.ledger_id):
        return None
    user_id, key_id, private = held
    signature = private.sign(seal_message(at, reason, user_id, *heads))
    made = seal_store.Seal(0, at, reason, user_id, key_id, heads, signature)
    return made._replace(id=seal_store.add_seal(db, made))


def prove(db: Database, heads: chain_store.Heads, audited: seal_store.Audited, at: str, owner_id: int) -> seal_store.Proof | None:
    """A check's proof: the owner ``owner_id`` (their key unlocked on this connection) signs the
    chains' heads a check walked and found whole and how far it proved the audit rows; None when no
    key is unlocked."""
    held = unlocked(db, owner_id)
    if held is None:
        return None
    user_id, key_id, private = held
    signature = private.sign(proof_message(at, user_id, *heads, *audited))
    made = seal_store.Proof(0, at, user_id, key_id, heads, audited, signature)
    return made._replace(id=seal_store.add_proof(db, made))


def proof_verifies(proof: seal_store.Proof, public_key: bytes | None) -> bool:
    return public_key is not None and _verifies(public_key, proof.signature, proof_message(
        proof.at, proof.owner_id, *proof.heads, *proof.audited))


def seal_verifies(db: Database, s: seal_store.Seal, public_key: bytes | None) -> bool:
    return public_key is not None and _verifies(public_key, s.signature, seal_message(
        s.at, s.reason, s.owner_id, *s.heads))


def latest_fingerprint(db: Database) -> str | None:
    """The fingerprint of the club's newest seal (for the daily report), or None."""
    last = seal_store.last_seal(db)
    return None if last is None else fingerprint(last.signature)


def seal_close(session) -> seal_store.Seal | None:
    """The daily close's seal, when anything was written since the last one: signed by the owner
    signed in on this connection (nobody else holds the key; a cashier's close seals nothing, the
    owner's next sign-in does). Its moment is the real clock's, never a moved one."""
    if session.user.role is not Role.OWNER:
        return None
    with session.db.transaction():
        return seal(session.db, "daily_close", to_iso(session.real_clock()), session.user.id, unless_unchanged=True)
