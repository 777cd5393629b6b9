"""Time: stored as UTC, shown and entered as Jalali dates in Tehran time.

Named periods ("this month", "this year", "Esfand 1403") are Jalali periods, turned into
half-open UTC ranges ``[start, end)`` for queries. The Jalali year starts at Nowruz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import jdatetime

from .errors import QT_TRANSLATE_NOOP, Problem, ValidationError
from .text import normalize_text, to_ascii_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")
UTC = timezone.utc

MONTHS_FA = tuple(jdatetime.date.j_months_fa)
MONTHS_EN = tuple(jdatetime.date.j_months_en)
# the English names as words of a message ("Esfand 1404 has 29 days"): the GUI fills them in
# through the translation's "Words" context, so a Persian message says اسفند
MONTH_WORDS = (
    QT_TRANSLATE_NOOP("Words", "Farvardin"), QT_TRANSLATE_NOOP("Words", "Ordibehesht"),
    QT_TRANSLATE_NOOP("Words", "Khordad"), QT_TRANSLATE_NOOP("Words", "Tir"),
    QT_TRANSLATE_NOOP("Words", "Mordad"), QT_TRANSLATE_NOOP("Words", "Shahrivar"),
    QT_TRANSLATE_NOOP("Words", "Mehr"), QT_TRANSLATE_NOOP("Words", "Aban"),
    QT_TRANSLATE_NOOP("Words", "Azar"), QT_TRANSLATE_NOOP("Words", "Dey"),
    QT_TRANSLATE_NOOP("Words", "Bahman"), QT_TRANSLATE_NOOP("Words", "Esfand"),
)

DATE_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not a Jalali date (year/month/day, e.g. 1403/12/30)."
)
DATE_MISSING_DAY = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} does not exist: {month} {year} has {days} days."
)
TIME_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not a date and time (ISO 8601, e.g. 2025-03-20T14:30, or Jalali in Tehran "
    "time, e.g. 1404/09/02 14:30)."
)
BIRTHDAY_RANGE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not a birthday: give a Jalali date from {first} to today ({last})."
)
LOOKS_GREGORIAN = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} looks like a Gregorian date; the Jalali date is asked here: {jalali}."
)
FIRST_BIRTHDAY = (1300, 1, 1)  # the oldest birthday taken (Gregorian 1921): older is a typo
GREGORIAN_FROM = 1700  # a year from here on in a Jalali field is a Gregorian year (Jalali 1700 is 2321)
TIME_OUT_OF_RANGE = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not between the years {first} and {last}.")
MIN_YEAR, MAX_YEAR = 1950, 2200  # Gregorian: keeps stored moments fixed-width and Jalali-convertible
MONTH_INVALID = QT_TRANSLATE_NOOP("LoyaltyError", "{value!r} is not a Jalali month.")


# --- storage form ---------------------------------------------------------------------------

def utc_now() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """The stored form of a moment: UTC, second precision, fixed width so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give every moment a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str) -> datetime:
    """The stored form back to a UTC moment; any other form is a ValueError. (``fromisoformat``
    behind a check of the fixed layout: strptime costs ~28 µs a call, a member list calls it per row.)"""
    if not (isinstance(text, str) and len(text) == 20 and text[19] == "Z" and text[10] == "T"
            and text[4] == text[7] == "-" and text[13] == text[16] == ":" and text[:19].isascii()):
        raise ValueError(f"not a stored moment: {text!r}")
    return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)


_JALALI_MOMENT = re.compile(
    r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_moment(text: str, field: str = "at") -> datetime:
    """An ISO 8601 date or date-time typed by a person, or a Jalali one (``1405/09/10 14:30``, a
    paper slip's; a year below 1700 is Jalali). Without a zone it is Tehran time."""
    raw = to_ascii_digits((text or "").strip())
    m = _JALALI_MOMENT.fullmatch(raw)
    if m and int(m[1]) < GREGORIAN_FROM:
        day = parse_jalali_date(f"{m[1]}/{m[2]}/{m[3]}", field)
        hour, minute, second = (int(m[i] or 0) for i in (4, 5, 6))
        if hour > 23 or minute > 59 or second > 59:
            raise ValidationError([Problem(field, TIME_INVALID, {"value": text})])
        g = _gregorian_date(day.year, day.month, day.day)
        moment = datetime(g.year, g.month, g.day, hour, minute, second, tzinfo=TEHRAN).astimezone(UTC)
        if not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise ValidationError([Problem(field, TIME_OUT_OF_RANGE, {"value": text, "first": MIN_YEAR, "last": MAX_YEAR})])
        return moment
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=TEHRAN)
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise ValidationError([Problem(field, TIME_INVALID, {"value": text})]) from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValidationError([Problem(field, TIME_OUT_OF_RANGE, {"value": text, "first": MIN_YEAR, "last": MAX_YEAR})])
    return moment


# --- Jalali dates -------------------------------------------------------------------------------

def month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


@lru_cache(maxsize=512)
def is_leap(year: int) -> bool:
    return jdatetime.date(year, 1, 1).isleap()


def parse_jalali_date(text: str, field: str = "date") -> jdatetime.date:
    """``1403/12/30``, ``۱۴۰۳/۱۲/۳۰`` or ``1403-12-30`` → a Jalali date; refuses days that don't exist."""
    raw = to_ascii_digits((text or "").strip())
    m = re.fullmatch(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})", raw)
    if not m:
        raise ValidationError([Problem(field, DATE_INVALID, {"value": text})])
    year, month, day = map(int, m.groups())
    if not (1 <= month <= 12 and 1 <= day and 1 <= year <= 3000):
        raise ValidationError([Problem(field, DATE_INVALID, {"value": text})])
    if day > month_length(year, month):
        raise ValidationError(
            [
                Problem(
                    field,
                    DATE_MISSING_DAY,
                    {"value": text, "month": MONTH_WORDS[month - 1], "year": year,
                     "days": month_length(year, month)},
                )
            ]
        )
    return jdatetime.date(year, month, day)


def parse_birthday(text: str, today: date, field: str = "birthday") -> jdatetime.date:
    """A birthday typed as a Jalali date, from 1300/01/01 to ``today`` (a Gregorian ``date``: the
    club's today in Tehran). A Gregorian date (a year from 1700, ``2000-01-01``) is refused with its
    Jalali date named, not converted: a typed date is stored as typed or not at all (the member
    import converts a Gregorian column, where a whole column tells which calendar it is)."""
    raw = to_ascii_digits((text or "").strip())
    m = re.fullmatch(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})", raw)
    if m and int(m[1]) >= GREGORIAN_FROM:
        try:
            g = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValidationError([Problem(field, DATE_INVALID, {"value": text})]) from None
        y, mo, d = _jalali_date(g)
        raise ValidationError([Problem(field, LOOKS_GREGORIAN, {"value": text, "jalali": f"{y:04d}/{mo:02d}/{d:02d}"})])
    day = parse_jalali_date(text, field)
    last = _jalali_date(today)
    if not FIRST_BIRTHDAY <= (day.year, day.month, day.day) <= last:
        raise ValidationError([Problem(field, BIRTHDAY_RANGE, {
            "value": text, "first": "%04d/%02d/%02d" % FIRST_BIRTHDAY, "last": "%04d/%02d/%02d" % last})])
    return day


def jalali_parts(g: date) -> tuple[int, int, int]:
    """(year, month, day) in the Jalali calendar of a Gregorian date (the one conversion every
    layer uses: the GUI's date field too, never Qt's own calendar)."""
    return _jalali_date(g)


def gregorian_of(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Jalali (year, month, day); ``ValueError`` when it does not exist."""
    if not (1 <= month <= 12 and 1 <= day <= month_length(year, month)):
        raise ValueError(f"no Jalali day {year}/{month}/{day}")
    return _gregorian_date(year, month, day)


def format_jalali(d: jdatetime.date, persian: bool = False) -> str:
    text = f"{d.year:04d}/{d.month:02d}/{d.day:02d}"
    return to_persian_digits(text) if persian else text


@lru_cache(maxsize=4096)
def _jalali_date(g: date) -> tuple[int, int, int]:
    """jdatetime is slow (it asks the locale on every object): dates repeat, so remember them."""
    j = jdatetime.date.fromgregorian(date=g)
    return j.year, j.month, j.day


def jalali_of(moment: datetime) -> jdatetime.datetime:
    """The Jalali date-time in Tehran of a UTC moment."""
    local = moment.astimezone(TEHRAN)
    y, m, d = _jalali_date(local.date())
    return jdatetime.datetime(y, m, d, local.hour, local.minute, local.second)


def jalali_ymd(moment: datetime) -> tuple[int, int, int]:
    """(year, month, day) of the Jalali date in Tehran of a moment, without building jdatetime objects."""
    return _jalali_date(moment.astimezone(TEHRAN).date())


@lru_cache(maxsize=4096)
def _gregorian_date(year: int, month: int, day: int) -> date:
    return jdatetime.date(year, month, day).togregorian()


def format_moment(moment: datetime, persian: bool = False) -> str:
    """``1404/09/02 12:00`` in Tehran time."""
    local = moment.astimezone(TEHRAN)
    y, m, d = _jalali_date(local.date())
    text = f"{y:04d}/{m:02d}/{d:02d} {local.hour:02d}:{local.minute:02d}"
    return to_persian_digits(text) if persian else text


@lru_cache(maxsize=4096)
def _tehran_days(utc_day: str) -> tuple[str, str, str] | None:
    """For the UTC day ``utc_day`` (``2025-11-23``): the UTC time of day (``20:30:00``) from which
    it is the next day in Tehran, and the Jalali dates before and from then; None on a day Tehran's
    offset changed (summer time began or ended: until 2022)."""
    start = datetime.fromisoformat(utc_day).replace(tzinfo=UTC)
    first, last = (m.astimezone(TEHRAN).utcoffset() for m in (start, start + timedelta(hours=23, minutes=59, seconds=59)))
    if first is None or first != last:
        return None
    midnight = start + timedelta(days=1) - first  # Tehran's next midnight, in UTC (the offset is ahead of UTC)
    today = (start + first).date()
    return (midnight.strftime("%H:%M:%S"), _jalali_text(today), _jalali_text(today + timedelta(days=1)))


def _jalali_text(day: date) -> str:
    y, m, d = _jalali_date(day)
    return f"{y:04d}/{m:02d}/{d:02d}"


def jalali_day(stored: str) -> str:
    """``1404/09/02``: the Jalali date in Tehran of a stored moment (``format_moment``'s first ten
    characters, a string comparison most of the time: a member list shows one per row)."""
    days = _tehran_days(stored[:10])
    if days is None:
        return _jalali_text(from_iso(stored).astimezone(TEHRAN).date())
    midnight, today, tomorrow = days
    return tomorrow if stored[11:19] >= midnight else today


def start_of_jalali_day(d: jdatetime.date) -> datetime:
    """00:00 Tehran time of a Jalali date, as a UTC moment."""
    g = d.togregorian()
    return datetime(g.year, g.month, g.day, tzinfo=TEHRAN).astimezone(UTC)


def add_months(moment: datetime, months: int) -> datetime:
    """The same Jalali day ``months`` later in Tehran (clamped to the month's last day)."""
    local = moment.astimezone(TEHRAN)
    y, m, d = _jalali_date(local.date())
    year, month = divmod(y * 12 + (m - 1) + months, 12)
    month += 1
    g = _gregorian_date(year, month, min(d, month_length(year, month)))
    shifted = datetime(g.year, g.month, g.day, local.hour, local.minute, local.second, tzinfo=TEHRAN)
    return shifted.astimezone(UTC)


# --- periods ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A half-open range of time ``[start, end)`` in UTC, with a label people recognise."""

    start: datetime
    end: datetime
    label: str

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def month_period(year: int, month: int) -> Period:
    start = start_of_jalali_day(jdatetime.date(year, month, 1))
    ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
    end = start_of_jalali_day(jdatetime.date(ny, nm, 1))
    return Period(start, end, f"{MONTHS_EN[month - 1]} {year}")


def year_period(year: int) -> Period:
    return Period(
        start_of_jalali_day(jdatetime.date(year, 1, 1)),
        start_of_jalali_day(jdatetime.date(year + 1, 1, 1)),
        str(year),
    )


def this_month(now: datetime) -> Period:
    j = jalali_of(now)
    return month_period(j.year, j.month)


def last_month(now: datetime) -> Period:
    j = jalali_of(now)
    return month_period(j.year - 1, 12) if j.month == 1 else month_period(j.year, j.month - 1)


def this_year(now: datetime) -> Period:
    return year_period(jalali_of(now).year)


def season_period(year: int, season: int) -> Period:
    """Seasons 1..4: spring (Farvardin–Khordad) … winter (Dey–Esfand)."""
    first = month_period(year, 3 * season - 2)
    last = month_period(year, 3 * season)
    return Period(first.start, last.end, f"season {season} of {year}")


def parse_month(text: str, field: str = "month") -> int:
    """A month by its number, Persian name or transliterated name → 1..12."""
    raw = normalize_text(text or "")
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    for i, (fa, en) in enumerate(zip(MONTHS_FA, MONTHS_EN), start=1):
        if raw == fa or raw.casefold() == en.casefold():
            return i
    raise ValidationError([Problem(field, MONTH_INVALID, {"value": text})])


def named_month(text: str, now: datetime, year: int | None = None) -> Period:
    """``Esfand`` (this Jalali year's, or the last one's if it has not begun yet) or ``اسفند 1403``."""
    parts = normalize_text(text or "").split()
    if len(parts) == 2 and year is None:
        if not (parts[1].isascii() and parts[1].isdigit() and len(parts[1]) == 4):
            raise ValidationError([Problem("month", MONTH_INVALID, {"value": text})])
        text, year = parts[0], int(parts[1])
    month = parse_month(text)
    if year is None:
        j = jalali_of(now)
        year = j.year if month <= j.month else j.year - 1
    return month_period(year, month)
