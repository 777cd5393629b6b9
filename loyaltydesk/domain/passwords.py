"""Passwords and user names: hashing with scrypt (a memory-hard password hash from the standard
library), the rules a new password must meet, and how long a failed sign-in makes the next wait.

A stored hash reads ``scrypt$n$r$p$salt_hex$hash_hex``: it carries the cost it was made with, so a
hash from an older version (2^14) is checked with its own cost and, at the next sign-in, made again
with today's (``needs_rehash``). The password itself is never stored. Costs read from a stored hash
are bounded before any memory is asked for: an edited row cannot make a sign-in allocate gigabytes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import NamedTuple

from .errors import QT_TRANSLATE_NOOP, Problem
from .text import normalize_text

N, R, P = 2**17, 8, 1  # OWASP's scrypt minimum: 128 MiB and ~0.3 s per hash, once per sign-in
MIN_LENGTH = 8  # OWASP and NIST: at least 8 characters, and no rules about which kinds
MAX_COST_BYTES = 1 << 28  # the most memory (128 * n * r * p) a stored hash may ask for: twice today's
FREE_TRIES = 3          # failures before any waiting
MAX_WAIT_SECONDS = 300

USERNAME = re.compile(r"^[a-z0-9_.\-]{2,32}$")


def _hash(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * n * r * p + (1 << 24),
                          dklen=32)


def hash_password(password: str) -> str:
    return new_secret(password).stored


class Secret(NamedTuple):
    """What one scrypt derivation of a password gives: the stored hash (the verifier, in the
    format above), and the 256-bit key that wraps the user's key slot (and an owner's keys)."""

    stored: str
    wrap_key: bytes
    salt: bytes
    cost: tuple[int, int, int]
    alternate: bytes | None = None  # the key slot's wrap key when the stored hash was renewed without it

    def wrap_keys(self) -> tuple[bytes, ...]:
        return (self.wrap_key,) if self.alternate is None else (self.wrap_key, self.alternate)


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """One scrypt, 64 bytes: the first 32 are what ``_hash`` gives (scrypt's last step, PBKDF2, makes
    its output block by block, so a longer output begins with the shorter), the last 32 the wrap key."""
    out = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * n * r * p + (1 << 24),
                         dklen=64)
    return out[:32], out[32:]


def new_secret(password: str) -> Secret:
    """A new salt, today's cost: the hash to store and the wrap key, from one derivation."""
    salt = secrets.token_bytes(16)
    verifier, wrap_key = _derive(password, salt, N, R, P)
    return Secret(f"scrypt${N}${R}${P}${salt.hex()}${verifier.hex()}", wrap_key, salt, (N, R, P))


def cost_allowed(n: int, r: int, p: int) -> bool:
    """Whether a cost read from a file may be derived at (bounded before memory is asked for)."""
    return n >= 2 and not n & (n - 1) and r >= 1 and p >= 1 and 128 * n * r * p <= MAX_COST_BYTES


def derive(password: str, salt: bytes, cost: tuple[int, int, int]) -> tuple[bytes, bytes] | None:
    """(verifier, wrap key) of ``password`` at a key slot's salt and cost; None for a cost out of bounds."""
    if not cost_allowed(*cost) or len(salt) < 16:
        return None
    return _derive(password, salt, *cost)


def secret_of(password: str, stored: str | None) -> Secret | None:
    """The ``Secret`` of ``password`` when it matches ``stored`` (one derivation, at ``stored``'s own
    salt and cost), else None. A malformed ``stored`` takes as long as a real check."""
    parsed = _parse(stored)
    if parsed is None:
        _hash(password, bytes(16), N, R, P)
        return None
    n, r, p, salt, digest = parsed
    verifier, wrap_key = _derive(password, salt, n, r, p)
    if not hmac.compare_digest(verifier, digest):
        return None
    return Secret(stored or "", wrap_key, salt, (n, r, p))


def matches(verifier: bytes, stored: str | None) -> bool:
    """Whether a verifier already derived (``derive``) is the one ``stored`` holds (same salt, same cost)."""
    parsed = _parse(stored)
    return parsed is not None and hmac.compare_digest(verifier, parsed[4])


def salt_and_cost(stored: str | None) -> tuple[bytes, tuple[int, int, int]] | None:
    parsed = _parse(stored)
    return None if parsed is None else (parsed[3], parsed[:3])


def _parse(stored: str | None) -> tuple[int, int, int, bytes, bytes] | None:
    """(n, r, p, salt, digest) of a well-formed scrypt hash whose cost is within bounds, else None."""
    try:
        scheme, *cost, salt_hex, digest_hex = (stored or "").split("$")
        n, r, p = (int(c) for c in cost)
        salt, digest = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except (ValueError, TypeError):
        return None
    if scheme != "scrypt" or n < 2 or n & (n - 1) or r < 1 or p < 1 or 128 * n * r * p > MAX_COST_BYTES:
        return None
    if len(salt) < 16 or len(digest) != 32:
        return None
    return n, r, p, salt, digest


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches ``stored`` (checked with the cost ``stored`` names); False
    for no hash, a malformed one, or one asking for more than ``MAX_COST_BYTES``. Those take as
    long as a real check, so an unknown user name answers no sooner than a wrong password."""
    parsed = _parse(stored)
    if parsed is None:
        _hash(password, bytes(16), N, R, P)
        return False
    n, r, p, salt, digest = parsed
    return hmac.compare_digest(_hash(password, salt, n, r, p), digest)


def password_cost(stored: str | None) -> list[int] | None:
    """The [n, r, p] a stored hash was made with (None for a malformed one)."""
    parsed = _parse(stored)
    return None if parsed is None else list(parsed[:3])


def needs_rehash(stored: str | None) -> bool:
    """True when ``stored`` (already verified) was made with less than today's cost in any of
    n, r, p: the sign-in that just proved the password replaces it by ``hash_password``'s."""
    parsed = _parse(stored)
    return parsed is not None and (parsed[0] < N or parsed[1] < R or parsed[2] < P)


def normalize_username(text: str) -> str:
    """User names are compared in lower-case ASCII (Persian digits become ASCII)."""
    return normalize_text(text or "").strip().lower()


def username_problems(username: str) -> list[Problem]:
    if not USERNAME.match(username):
        return [Problem("username", QT_TRANSLATE_NOOP(
            "LoyaltyError", "A user name is 2 to 32 English letters, digits, dot, dash or underscore."))]
    return []


def password_problems(password: str, repeat: str | None = None, field: str = "password") -> list[Problem]:
    problems = []
    if len(password or "") < MIN_LENGTH:
        problems.append(Problem(field, QT_TRANSLATE_NOOP(
            "LoyaltyError", "A password needs at least {n} characters."), {"n": MIN_LENGTH}))
    elif (password or "").strip() != password:
        problems.append(Problem(field, QT_TRANSLATE_NOOP(
            "LoyaltyError", "A password may not begin or end with a space.")))
    if repeat is not None and repeat != password:
        problems.append(Problem("repeat", QT_TRANSLATE_NOOP("LoyaltyError", "The two passwords differ.")))
    return problems


def wait_after(failures: int) -> int:
    """Seconds the next sign-in must wait after ``failures`` failures in a row: 0 for the first
    few, then doubling from 2 s up to five minutes."""
    if failures < FREE_TRIES:
        return 0
    return min(2 ** (failures - FREE_TRIES + 1), MAX_WAIT_SECONDS)
