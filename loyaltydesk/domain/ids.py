"""Identifiers a cashier types or scans: Iranian mobiles, national codes, card numbers."""

from __future__ import annotations

import re
import secrets
import time

from .errors import QT_TRANSLATE_NOOP, ValidationError, Problem
from .money import INTEGER_INVALID
from .text import to_ascii_digits

_MOBILE_SEPARATORS = re.compile(r"[\s\-_.()]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

MOBILE_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError",
    "{value!r} is not an Iranian mobile number (09 and 9 more digits, e.g. 09121234567).",
)
NATIONAL_CODE_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not a valid national code (10 digits with a correct check digit)."
)
CARD_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not a valid card number (12 digits with a correct check digit)."
)


ROW_ID_MAX = 2**63 - 1  # SQLite's INTEGER is a signed 64-bit number
_ROW_ID_FORM = re.compile(r"[-+]?\d{1,4000}")  # int() and str() of an int stop at 4300 digits


def is_row_id(value) -> bool:
    """True for a number a stored row's id can be: a whole number from 1 to ``ROW_ID_MAX``.

    Ids come from a person (a purchase number typed for a refund or a receipt) or from a file, so
    anything may arrive. Anything else (0, a negative number, a number no SQLite INTEGER holds, a
    bool, a text) names no row: a lookup answers it like an id that does not exist, without asking
    the database, which would refuse to even take ``2**63`` (OverflowError)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= ROW_ID_MAX


def parse_row_id(text, field: str = "id") -> int:
    """A row id as a person types it (any digit script, optionally signed), as an int of any size.

    Only the form is checked here: out-of-range ids (0, -1, 10**30) go on to the lookup, which
    answers them like any id that does not exist (see :func:`is_row_id`)."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    raw = _INVISIBLE.sub("", to_ascii_digits(str(text if text is not None else ""))).strip()
    if not _ROW_ID_FORM.fullmatch(raw):
        raise ValidationError([Problem(field, INTEGER_INVALID, {"value": text})])
    return int(raw)


def parse_mobile(text: str) -> str | None:
    """Return ``09xxxxxxxxx`` for any accepted form of an Iranian mobile, or None.

    Accepted: ``09…`` (11 digits), ``+989…``, ``00989…``, ``989…`` (12 digits), ``9…`` (10
    digits); in any digit script, with spaces, dashes, dots or brackets between digits.
    """
    raw = _INVISIBLE.sub("", to_ascii_digits(text or "")).strip()
    plus = raw.startswith("+")
    digits = _MOBILE_SEPARATORS.sub("", raw[1:] if plus else raw)
    if not digits.isascii() or not digits.isdigit():
        return None
    if plus:
        if not digits.startswith("98"):
            return None
        digits = digits[2:]
    elif digits.startswith("0098"):
        digits = digits[4:]
    elif digits.startswith("98") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0") and len(digits) == 11:
        digits = digits[1:]
    if len(digits) == 10 and digits.startswith("9"):
        return "0" + digits
    return None


def normalize_mobile(text: str, field: str = "mobile") -> str:
    """Like :func:`parse_mobile` but raises a ValidationError a cashier can read."""
    mobile = parse_mobile(text)
    if mobile is None:
        raise ValidationError([Problem(field, MOBILE_INVALID, {"value": text})])
    return mobile


def national_code_is_valid(code: str) -> bool:
    """The standard Iranian check: weights 10..2 on the first nine digits, mod 11."""
    if len(code) != 10 or not code.isascii() or not code.isdigit() or len(set(code)) == 1:
        return False
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check = int(code[9])
    return check == total if total < 2 else check == 11 - total


def normalize_national_code(text: str, field: str = "national_code") -> str:
    """Return the 10 ASCII digits of a valid national code or raise a ValidationError."""
    code = re.sub(r"[\s\-]", "", _INVISIBLE.sub("", to_ascii_digits(text or "")))
    if len(code) in (8, 9) and code.isdigit():  # leading zeros are often dropped
        code = code.zfill(10)
    if not national_code_is_valid(code):
        raise ValidationError([Problem(field, NATIONAL_CODE_INVALID, {"value": text})])
    return code


def luhn_check_digit(payload: str) -> str:
    """The Luhn digit that makes ``payload + digit`` pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


CARD_LENGTH = 12
CARD_PREFIX = "6"  # a 12-digit number starting with 6 can never be read as a mobile


def card_is_valid(card: str) -> bool:
    return (
        len(card) == CARD_LENGTH
        and card.isascii()
        and card.isdigit()
        and card.startswith(CARD_PREFIX)
        and luhn_check_digit(card[:-1]) == card[-1]
    )


def parse_card(text: str) -> str | None:
    """The card number in ``text`` (any digit script, spaces or dashes between groups), or None."""
    card = re.sub(r"[\s\-]", "", _INVISIBLE.sub("", to_ascii_digits(text or "")))
    return card if card_is_valid(card) else None


def new_card_number(randbelow=secrets.randbelow) -> str:
    """A fresh random card number of ``CARD_LENGTH`` digits: prefix, random digits, Luhn check digit.

    Random rather than sequential, so that the member list cannot be walked by guessing cards.
    """
    random_digits = CARD_LENGTH - len(CARD_PREFIX) - 1  # all but the prefix and the check digit
    payload = CARD_PREFIX + str(randbelow(10**random_digits)).zfill(random_digits)
    return payload + luhn_check_digit(payload)


def new_checkout_key(now_ns: int | None = None, token: str | None = None) -> str:
    """The key of one checkout screen (``register_purchase`` writes a checkout once, whatever
    repeats it): the time in nanoseconds, then 64 random bits; 32 hex digits.

    Time first, so that keys come in order and the unique index on them grows at its end, a page
    that is always in memory. A random key (uuid4) lands on a random page of an index as big as the
    purchases, often one read from disk, on every purchase. The random half keeps two tills, or a
    clock set back, from ever making the same key."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    return f"{now_ns:016x}{token if token is not None else secrets.token_hex(8)}"


def format_card(card: str) -> str:
    """Group a card number for people: ``6123 4567 8901``."""
    return " ".join(card[i : i + 4] for i in range(0, len(card), 4))
