"""Persian text and digits: what is typed in, what is stored, what is searched, what is shown.

- Persian (۰-۹), Arabic-Indic (٠-٩) and ASCII digits are accepted everywhere; ASCII is stored.
- Arabic Yeh and Kaf (ي ك ى) become Persian (ی ک) before storing and before searching.
- ZWNJ (نیم‌فاصله) is kept in stored names but ignored by search.
"""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)
_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
# Bidi marks and other invisible format characters that keyboards and copy-paste bring in.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"),
    None,
)
_TATWEEL = "\u0640"
_SPACES = re.compile(r"\s+")
# Harakat and other combining marks are dropped from the search key (not from stored names).
_SEARCH_FOLD = str.maketrans(
    {"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ی", "ۀ": "ه", "ە": "ه", "ة": "ه", ZWNJ: None}
)


def to_ascii_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to ASCII; everything else unchanged."""
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str) -> str:
    """ASCII digits to Persian ones, for display."""
    return str(text).translate(_TO_PERSIAN)


def normalize_text(text: str) -> str:
    """What is stored for a name or free text: ASCII digits, Persian letters, one space, ZWNJ kept.

    Invisible bidi marks are dropped, tatweel removed, runs of white space collapsed, NFC applied.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = text.translate(_INVISIBLE).translate(_ARABIC_LETTERS).replace(_TATWEEL, "")
    text = to_ascii_digits(text)
    text = _SPACES.sub(" ", text).strip()
    # A ZWNJ next to a space or at either end means nothing.
    text = re.sub(rf"\s*{ZWNJ}+\s*", lambda m: " " if " " in m.group(0) else ZWNJ, text)
    return text.strip(ZWNJ + " ")


def search_key(text: str) -> str:
    """The form a name is indexed and searched by: normalised, ZWNJ removed, marks and case folded."""
    text = normalize_text(text).translate(_SEARCH_FOLD)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).casefold()


def digits_only(text: str) -> str:
    """ASCII digits of ``text`` after dropping spaces, dashes, dots, slashes and bidi marks.

    Returns "" when anything else is in the way (a letter, an emoji...).
    """
    cleaned = re.sub(r"[\s\-_.()/]", "", to_ascii_digits((text or "").translate(_INVISIBLE)))
    return cleaned if cleaned.isascii() and cleaned.isdigit() else ""
