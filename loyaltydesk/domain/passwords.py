"""Passwords and user names: hashing with scrypt (a memory-hard password hash from the standard
library), the rules a new password must meet, and how long a failed sign-in makes the next wait.

A stored hash reads ``scrypt$n$r$p$salt_hex$hash_hex``; the password itself is never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from .errors import QT_TRANSLATE_NOOP, Problem
from .text import normalize_text

N, R, P = 2**14, 8, 1  # ~16 MiB and ~50 ms per hash here: slow for a guesser, quick for a cashier
MIN_LENGTH = 6
FREE_TRIES = 3          # failures before any waiting
MAX_WAIT_SECONDS = 300

USERNAME = re.compile(r"^[a-z0-9_.\-]{2,32}$")


def _hash(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    return f"scrypt${N}${R}${P}${salt.hex()}${_hash(password, salt, N, R, P).hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches ``stored``; False for no hash or a malformed one."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        return hmac.compare_digest(_hash(password, bytes.fromhex(salt), int(n), int(r), int(p)), bytes.fromhex(digest))
    except (ValueError, TypeError):
        return False


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
