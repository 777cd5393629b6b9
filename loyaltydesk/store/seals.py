"""The owners' signing keys, the seals they sign over the hash chains' heads, and the owners'
signatures on users' role assignments (``services/seals.py`` says what each one means)."""

from __future__ import annotations

from typing import NamedTuple

from .chain import Heads
from .db import Database
from .rows import fetch_all, fetch_one, new_id


class OwnerKey(NamedTuple):
    id: int
    user_id: int
    public_key: bytes  # Ed25519, raw 32 bytes
    wrapped: bytes  # the private key sealed by the owner's password (``services.seals``)
    created_at: str
    retired_at: str | None  # set when another owner reset this owner's password: it no longer opens


class Seal(NamedTuple):
    id: int
    at: str
    reason: str  # 'sign_in' or 'daily_close'
    owner_id: int
    key_id: int
    heads: Heads  # both chains' heads as sealed
    signature: bytes


def _seal(*row) -> Seal:
    return Seal(row[0], row[1], row[2], row[3], row[4], Heads(*row[5:11]), row[11])


class Assignment(NamedTuple):
    """A user's role assignment as stored, with the owner's signature over it."""

    id: int
    username: str
    role: str
    active: int
    signed_by: int | None  # the owner key that signed it
    signature: bytes | None


KEY_COLUMNS = "id, user_id, public_key, wrapped, created_at, retired_at"
SEAL_COLUMNS = ("id, at, reason, owner_id, key_id, audit_id, audit_chain, audit_rows, ledger_id, ledger_chain, "
                "ledger_rows, signature")
ASSIGNMENT_COLUMNS = "id, username, role, active, signed_by, signature"


def any_key(db: Database) -> bool:
    """True once an owner of the club has a signing key: from then on every role is signed."""
    return db.one("SELECT 1 FROM owner_keys LIMIT 1") is not None


def current_key(db: Database, user_id: int) -> OwnerKey | None:
    return fetch_one(db, OwnerKey, f"SELECT {KEY_COLUMNS} FROM owner_keys WHERE user_id = ? AND retired_at IS NULL "
                     "ORDER BY id DESC LIMIT 1", (user_id,))


def key(db: Database, key_id: int) -> OwnerKey | None:
    return fetch_one(db, OwnerKey, f"SELECT {KEY_COLUMNS} FROM owner_keys WHERE id = ?", (key_id,))


def keys(db: Database) -> list[OwnerKey]:
    return fetch_all(db, OwnerKey, f"SELECT {KEY_COLUMNS} FROM owner_keys ORDER BY id")


def had_keys(db: Database, user_id: int) -> bool:
    """True when the owner ever had a key, or signed a seal (even if the key's row is gone)."""
    return db.one("SELECT 1 FROM owner_keys WHERE user_id = ? UNION ALL SELECT 1 FROM seals WHERE owner_id = ? "
                  "LIMIT 1", (user_id, user_id)) is not None


def add_key(db: Database, user_id: int, public_key: bytes, wrapped: bytes, created_at: str) -> int:
    return new_id(db.execute("INSERT INTO owner_keys (user_id, public_key, wrapped, created_at) VALUES (?, ?, ?, ?)",
                             (user_id, public_key, wrapped, created_at)))


def rewrap(db: Database, key_id: int, wrapped: bytes) -> None:
    db.execute("UPDATE owner_keys SET wrapped = ? WHERE id = ?", (wrapped, key_id))


def retire_keys(db: Database, user_id: int, at: str) -> None:
    db.execute("UPDATE owner_keys SET retired_at = ? WHERE user_id = ? AND retired_at IS NULL", (at, user_id))


def assignment(db: Database, user_id: int) -> Assignment | None:
    return fetch_one(db, Assignment, f"SELECT {ASSIGNMENT_COLUMNS} FROM users WHERE id = ?", (user_id,))


def assignments(db: Database) -> list[Assignment]:
    return fetch_all(db, Assignment, f"SELECT {ASSIGNMENT_COLUMNS} FROM users ORDER BY id")


def sign_assignment(db: Database, user_id: int, key_id: int, signature: bytes) -> None:
    db.execute("UPDATE users SET signed_by = ?, signature = ? WHERE id = ?", (key_id, signature, user_id))


def add_seal(db: Database, seal: Seal) -> int:
    # the id left out (not NULL): the engine gives it, on PostgreSQL too
    return new_id(db.execute(f"INSERT INTO seals ({SEAL_COLUMNS.removeprefix('id, ')}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (*seal[1:5], *seal.heads, seal.signature)))


def seals(db: Database) -> list[Seal]:
    """Every seal, oldest first (a few a day: a year is a few thousand rows)."""
    return fetch_all(db, _seal, f"SELECT {SEAL_COLUMNS} FROM seals ORDER BY id")


class Audited(NamedTuple):
    """How far a check proved the audit rows (``domain.chain.proof_message``)."""

    purchase_id: int
    purchase_rows: int
    audit_mark: int
    ledger_mark: int


class Proof(NamedTuple):
    """A check's proof: both chains' heads and how far the audit rows were proven, signed."""

    id: int
    at: str
    owner_id: int
    key_id: int
    heads: Heads
    audited: Audited
    signature: bytes


PROOF_COLUMNS = ("id, at, owner_id, key_id, audit_id, audit_chain, audit_rows, ledger_id, ledger_chain, ledger_rows, "
                 "purchase_id, purchase_rows, audit_mark, ledger_mark, signature")


def _proof(*row) -> Proof:
    return Proof(row[0], row[1], row[2], row[3], Heads(*row[4:10]), Audited(*row[10:14]), row[14])


def add_proof(db: Database, proof: Proof) -> int:
    return new_id(db.execute(
        f"INSERT INTO chain_proofs ({PROOF_COLUMNS.removeprefix('id, ')}) VALUES ({', '.join('?' * 14)})",
        (proof.at, proof.owner_id, proof.key_id, *proof.heads, *proof.audited, proof.signature)))


def proofs(db: Database) -> list[Proof]:
    """Every proof, the newest first (one per check an owner ran)."""
    return fetch_all(db, _proof, f"SELECT {PROOF_COLUMNS} FROM chain_proofs ORDER BY id DESC")


def last_seal(db: Database) -> Seal | None:
    return fetch_one(db, _seal, f"SELECT {SEAL_COLUMNS} FROM seals ORDER BY id DESC LIMIT 1")
