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
    reason: str  # 'sign_in' or 'daily_close'; 'checked' for a check's proof (``proofs``)
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


PROOF_COLUMNS = ("id, at, 'checked', owner_id, key_id, audit_id, audit_chain, audit_rows, ledger_id, ledger_chain, "
                 "ledger_rows, signature")


def add_proof(db: Database, proof: Seal) -> int:
    """A check's proof of both chains (a ``Seal`` whose reason is 'checked')."""
    return new_id(db.execute(
        "INSERT INTO chain_proofs (at, owner_id, key_id, audit_id, audit_chain, audit_rows, ledger_id, ledger_chain, "
        "ledger_rows, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (proof.at, proof.owner_id, proof.key_id, *proof.heads, proof.signature)))


def proofs(db: Database) -> list[Seal]:
    """Every proof, the newest first (one per check an owner ran)."""
    return fetch_all(db, _seal, f"SELECT {PROOF_COLUMNS} FROM chain_proofs ORDER BY id DESC")


def last_seal(db: Database) -> Seal | None:
    return fetch_one(db, _seal, f"SELECT {SEAL_COLUMNS} FROM seals ORDER BY id DESC LIMIT 1")
