"""Money is an ``int`` number of rials; the shop shows and takes it in tomans or rials."""

from __future__ import annotations

import re
from enum import Enum

from .errors import QT_TRANSLATE_NOOP, Problem, ValidationError
from .text import to_ascii_digits, to_persian_digits


class Unit(str, Enum):
    TOMAN = "toman"
    RIAL = "rial"

    @property
    def rials(self) -> int:
        return 10 if self is Unit.TOMAN else 1

    @property
    def label_fa(self) -> str:
        return "تومان" if self is Unit.TOMAN else "ریال"


PERSIAN_THOUSANDS = "٬"  # U+066C, the Persian thousands separator
# U+066B, the Persian decimal sign (momayyez), the one decimal sign of every Persian screen and
# paper (Vazirmatn draws it as a short slash, as Persian writes it by hand). English uses ".".
PERSIAN_DECIMAL = "٫"
MAX_AMOUNT = 10**15  # a quadrillion rials: anything above is a typo, and it keeps sums in int64

AMOUNT_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not an amount of money.")
AMOUNT_NEGATIVE = QT_TRANSLATE_NOOP("LoyaltyError", "An amount cannot be negative.")
AMOUNT_TOO_LARGE = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is too large for an amount.")
AMOUNT_FRACTION = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} has a fraction of a rial; amounts are whole rials."
)
PERCENT_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not a percent between 0 and {maximum}."
)
AMOUNT_GROUPING = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not an amount: thousands are grouped by three digits (12,500); a decimal part "
    "takes a point (12.5)."
)
INTEGER_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a whole number.")
INTEGER_OUT_OF_RANGE = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} must be between {minimum} and {maximum}.")
INTEGER_TOO_SMALL = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is less than {minimum}.")
INTEGER_TOO_LARGE = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is more than {maximum}.")

_GROUPING = re.compile(r"[\s,٬'’_]")
_DECIMAL = re.compile(r"^(\d+)(?:[.٫/](\d+))?$")
# the whole part with separators: 1 to 3 digits, then groups of exactly three (``12,5`` is no amount:
# a European decimal comma, or a slip of the finger, never 125 rials)
_GROUPED = re.compile(r"^-?\d{1,3}(?:(?:[,٬'’_]|\s+)\d{3})*(?:[.٫/]\d+)?$")
_HAS_GROUPING = re.compile(r"\d(?:[,٬'’_]|\s+)\d")


def group_thousands(n: int, sep: str = ",") -> str:
    return f"{n:,}".replace(",", sep)


def round_to_unit(rials: int, unit: Unit | str = Unit.TOMAN) -> int:
    """``rials`` rounded to a whole display unit (half away from zero), still in rials: what a
    report shows of an average (``251_943_378`` → ``251_943_380``, 25,194,338 toman). Only for
    showing: stored and computed money stays exact."""
    per = Unit(unit).rials
    sign = -1 if rials < 0 else 1
    return sign * ((abs(rials) + per // 2) // per * per)


def money_number(rials: int, unit: Unit | str = Unit.TOMAN, persian: bool = True, whole: bool = False) -> str:
    """The number part of ``format_money``: grouped, its rial remainder after the decimal sign
    (``۱۲٫۵``), or rounded to a whole unit with ``whole``."""
    unit = Unit(unit)
    if whole:
        rials = round_to_unit(rials, unit)
    sign = "-" if rials < 0 else ""
    units, rest = divmod(abs(rials), unit.rials)
    if persian:
        return sign + to_persian_digits(group_thousands(units, PERSIAN_THOUSANDS) + (
            PERSIAN_DECIMAL + str(rest) if rest else ""))
    return sign + group_thousands(units) + (f".{rest}" if rest else "")


def format_money(rials: int, unit: Unit | str = Unit.TOMAN, persian: bool = True, whole: bool = False) -> str:
    """``12500000 rials`` → ``۱٬۲۵۰٬۰۰۰ تومان`` (Persian) or ``1,250,000 toman``.

    Tomans that are not whole (an odd rial) show their one decimal: ``۱۲٫۵ تومان`` (the checkout
    and its receipt, where every rial counts); ``whole`` rounds to a whole toman (reports)."""
    unit = Unit(unit)
    return f"{money_number(rials, unit, persian, whole)} {unit.label_fa if persian else unit.value}"


def format_decimal(value: float, persian: bool = True, places: int = 2) -> str:
    """A fraction with at most ``places`` decimals, trailing zeros dropped: ``3.67`` → ``۳٫۶۷``,
    ``40.0`` → ``۴۰``; Persian digits and the Persian decimal sign, or ASCII and ``.``."""
    text = f"{float(value):.{places}f}".rstrip("0").rstrip(".") if places else f"{float(value):.0f}"
    if text in ("-0", ""):
        text = "0"
    return to_persian_digits(text.replace(".", PERSIAN_DECIMAL)) if persian else text


def format_percent(bp: int, persian: bool = True) -> str:
    """Basis points as a percent: 1234 → ``۱۲٫۳۴٪`` (Persian) or ``12.34%``; 500 → ``۵٪``."""
    return format_decimal(int(bp) / 100, persian) + ("٪" if persian else "%")


def format_number(n: int, persian: bool = True) -> str:
    """Thousands separators, and Persian digits for the Persian UI."""
    if persian:
        return ("-" if n < 0 else "") + to_persian_digits(group_thousands(abs(n), PERSIAN_THOUSANDS))
    return group_thousands(n)


def parse_amount(text, unit: Unit | str = Unit.RIAL, field: str = "amount") -> int:
    """An amount typed in the display unit → int rials.

    Accepts any digit script and thousands separators (``12,500`` ``۱۲٬۵۰۰`` ``12 500``);
    a decimal part only where it is a whole number of rials (``12.5`` toman = 125 rials).
    """
    unit = Unit(unit)
    if isinstance(text, int) and not isinstance(text, bool):
        rials = text * unit.rials
    else:
        typed = to_ascii_digits(str(text if text is not None else "")).strip()
        if _HAS_GROUPING.search(typed) and not _GROUPED.match(typed):
            raise ValidationError([Problem(field, AMOUNT_GROUPING, {"value": text})])
        raw = _GROUPING.sub("", typed)
        if raw.startswith("-") and _DECIMAL.match(raw[1:]):
            raise ValidationError([Problem(field, AMOUNT_NEGATIVE, {"value": text})])
        m = _DECIMAL.match(raw)
        if not m:
            raise ValidationError([Problem(field, AMOUNT_INVALID, {"value": text})])
        whole, frac = m.group(1), (m.group(2) or "").rstrip("0")
        if len(whole) > 18:
            raise ValidationError([Problem(field, AMOUNT_TOO_LARGE, {"value": text})])
        if len(frac) > len(str(unit.rials)) - 1:
            raise ValidationError([Problem(field, AMOUNT_FRACTION, {"value": text})])
        rials = int(whole) * unit.rials + (int(frac) * unit.rials // 10 ** len(frac) if frac else 0)
    if rials < 0:
        raise ValidationError([Problem(field, AMOUNT_NEGATIVE, {"value": text})])
    if rials > MAX_AMOUNT:
        raise ValidationError([Problem(field, AMOUNT_TOO_LARGE, {"value": text})])
    return rials


def parse_int(text, field: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number in any digit script, optionally signed, within bounds."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        raw = _GROUPING.sub("", to_ascii_digits(str(text if text is not None else "")).strip())
        if not re.fullmatch(r"[-+]?\d{1,18}", raw):
            raise ValidationError([Problem(field, INTEGER_INVALID, {"value": text})])
        value = int(raw)
    too_small = minimum is not None and value < minimum
    too_large = maximum is not None and value > maximum
    if too_small or too_large:
        if minimum is not None and maximum is not None:
            template = INTEGER_OUT_OF_RANGE
        else:
            template = INTEGER_TOO_SMALL if too_small else INTEGER_TOO_LARGE
        raise ValidationError([Problem(field, template, {"value": text, "minimum": minimum, "maximum": maximum})])
    return value


def parse_percent_bp(text, field: str, maximum: int = 100) -> int:
    """A percent like ``5``, ``2.5`` or ``۲٫۵`` → basis points (hundredths of a percent)."""
    raw = to_ascii_digits(str(text if text is not None else "")).strip().rstrip("%٪").strip()
    m = re.fullmatch(r"(\d{1,6})(?:[.٫](\d{1,2}))?", raw)
    bp = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0")) if m else -1
    if not 0 <= bp <= maximum * 100:
        raise ValidationError([Problem(field, PERCENT_INVALID, {"value": text, "maximum": maximum})])
    return bp


def format_percent_bp(bp: int) -> str:
    """Basis points back to a percent for display: 250 → ``2.5``; 500 → ``5``."""
    whole, frac = divmod(bp, 100)
    return f"{whole}.{frac:02d}".rstrip("0").rstrip(".") if frac else str(whole)
