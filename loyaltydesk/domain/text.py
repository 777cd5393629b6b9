"""Persian text and digits: what is typed in, what is stored, what is searched, what is shown.

- Persian (۰-۹), Arabic-Indic (٠-٩) and ASCII digits are accepted everywhere; ASCII is stored.
- Arabic Yeh and Kaf (ي ك ى) become Persian (ی ک) before storing and before searching.
- ZWNJ (نیم‌فاصله) is kept in stored names but ignored by search.
- Control and format characters (a terminal's ESC, a bell, bidi overrides, zero-width joiners)
  are dropped from everything a person types before it is stored (``clean_text``), and from what
  goes to a file or a terminal (``printable``); every stored text has a length limit (``LIMITS``,
  checked by ``length_problems``, which returns the problems as a list and never raises).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .errors import QT_TRANSLATE_NOOP, Problem

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


_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_DROPPED = frozenset(("Cc", "Cf", "Cs"))  # controls, format characters, lone surrogates (bytes a shell could not decode)
_LETTERS = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me"))


def _joins(ch: str) -> bool:
    return unicodedata.category(ch) in _LETTERS


def clean_text(text, *, multiline: bool = False) -> str:
    """What a person typed, fit to store: NFC, Arabic ي/ك/ى as Persian ی/ک, no control or format
    characters (Unicode Cc, Cf: ESC, BEL, NUL, bidi overrides, zero-width marks; lone surrogates too),
    except a ZWNJ (U+200C) between two letters, where it belongs (نیم‌فاصله). A tab is a space; a
    line break is a space unless the field is ``multiline`` (notes), where lines are kept (CR LF as
    LF) with their trailing spaces dropped. Leading and trailing white space is stripped. Digits and
    inner spaces are left as typed (``normalize_text`` does those for names and search)."""
    text = "" if text is None else str(text)
    if text.isprintable():  # the common case: no control, format or line-break character
        # (a ZWNJ is a format character: such a text takes the long way)
        return text.strip() if text.isascii() else unicodedata.normalize("NFC", text).translate(_ARABIC_LETTERS).strip()
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text))
    out: list[str] = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append("\n" if multiline else " ")
        elif ch == "\t":
            out.append(" ")
        elif ch == ZWNJ:
            if out and _joins(out[-1]) and i < last and _joins(text[i + 1]):
                out.append(ch)
        elif unicodedata.category(ch) not in _DROPPED:
            out.append(ch)
    text = "".join(out).translate(_ARABIC_LETTERS)
    if multiline:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text) -> str:
    """``text`` safe to write to a terminal or a spreadsheet cell: C0 and C1 controls (ESC, BEL,
    CSI...) and DEL become U+FFFD; tab and line feed stay. For texts stored before they were
    cleaned, and for anything read from a file."""
    text = "" if text is None else str(text)
    return _UNPRINTABLE.sub("\ufffd", text) if not text.isprintable() else text


def shorten(value, limit: int = 40) -> str:
    """A value quoted in a message, cut to ``limit`` characters (a 300 MB cell must not become
    300 MB of error text), made printable."""
    text = printable(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- length limits: one table for every stored text ----------------------------------------------

# field -> (the most characters stored, what the message calls it)
LIMITS: dict[str, tuple[int, str]] = {
    "first_name": (60, QT_TRANSLATE_NOOP("Words", "A first name")),
    "last_name": (60, QT_TRANSLATE_NOOP("Words", "A last name")),
    "notes": (2_000, QT_TRANSLATE_NOOP("Words", "The notes")),
    "shop_name": (80, QT_TRANSLATE_NOOP("Words", "The shop's name")),
    "thank_you": (200, QT_TRANSLATE_NOOP("Words", "The thank-you line")),
    "tier_name": (40, QT_TRANSLATE_NOOP("Words", "A tier's name")),
    "display_name": (60, QT_TRANSLATE_NOOP("Words", "A user's name")),
    "reason": (200, QT_TRANSLATE_NOOP("Words", "The reason")),
    "comment": (2_000, QT_TRANSLATE_NOOP("Words", "The comment")),
    "note": (2_000, QT_TRANSLATE_NOOP("Words", "The note")),
    "description": (2_000, QT_TRANSLATE_NOOP("Words", "The description")),
    "coupon_code": (32, QT_TRANSLATE_NOOP("Words", "A coupon code")),
}
TOO_LONG = QT_TRANSLATE_NOOP("LoyaltyError", "{what}: at most {maximum} characters (this one has {length}).")


def too_long(kind: str, value, field: str | None = None) -> Problem | None:
    """The problem of ``value`` if it is longer than ``LIMITS[kind]`` allows (on ``field``, default
    ``kind``), else None."""
    maximum, what = LIMITS[kind]
    if value is None or len(value) <= maximum:
        return None
    return Problem(field or kind, TOO_LONG, {"what": what, "maximum": maximum, "length": len(value)})


def length_problems(**values) -> list[Problem]:
    """A problem for each text longer than its field's limit in ``LIMITS`` (``shop_name="..."``).
    Never raises on a value; an unknown field is the caller's error (KeyError)."""
    return [p for p in (too_long(kind, value) for kind, value in values.items()) if p is not None]


def normalize_text(text: str, *, multiline: bool = False) -> str:
    """What is stored for a name or free text: ASCII digits, Persian letters, one space, ZWNJ kept.

    ``clean_text`` first (no control or format characters, ي/ك as ی/ک, NFC), then tatweel removed
    and runs of white space collapsed (within each line when ``multiline``). Short texts are
    remembered (an import of 100,000 members normalises the same first names again and again).
    """
    if type(text) is str and len(text) <= _CACHED_LENGTH:
        return _normalize_cached(text, multiline)
    return _normalize(text, multiline)


_CACHED_LENGTH = 200  # a name, a mobile, a tier; notes longer than this are not kept


@lru_cache(maxsize=65_536)
def _normalize_cached(text: str, multiline: bool) -> str:
    return _normalize(text, multiline)


def _normalize(text, multiline: bool) -> str:
    if multiline:
        lines = (normalize_text(line) for line in clean_text(text, multiline=True).split("\n"))
        return re.sub("\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    text = clean_text(text).replace(_TATWEEL, "")
    text = to_ascii_digits(text)
    text = _SPACES.sub(" ", text).strip()
    if ZWNJ in text:  # a ZWNJ next to a space or at either end means nothing
        text = re.sub(rf"\s*{ZWNJ}+\s*", lambda m: " " if " " in m.group(0) else ZWNJ, text)
    return text.strip(ZWNJ + " ")


def search_key(text: str) -> str:
    """The form a name is indexed and searched by: normalised, ZWNJ removed, marks and case folded."""
    if type(text) is str and len(text) <= _CACHED_LENGTH:
        return _search_key_cached(text)
    return _search_key(text)


@lru_cache(maxsize=65_536)
def _search_key_cached(text: str) -> str:
    return _search_key(text)


def _search_key(text) -> str:
    text = normalize_text(text).translate(_SEARCH_FOLD)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).casefold()


def digits_only(text: str) -> str:
    """ASCII digits of ``text`` after dropping spaces, dashes, dots, slashes and bidi marks.

    Returns "" when anything else is in the way (a letter, an emoji...).
    """
    cleaned = re.sub(r"[\s\-_.()/]", "", to_ascii_digits((text or "").translate(_INVISIBLE)))
    return cleaned if cleaned.isascii() and cleaned.isdigit() else ""
