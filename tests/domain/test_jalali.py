"""Jalali dates, Tehran time and named periods: loyaltydesk.domain.jalali.

Every expected UTC instant below is a constant checked against jdatetime and the tz database:
Tehran is UTC+3:30, and was UTC+4:30 in summer until 2022 (daylight saving ended after 1401).
"""

from datetime import datetime, timedelta, timezone

import jdatetime
import pytest

from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.jalali import (
    DATE_INVALID,
    DATE_MISSING_DAY,
    MONTH_INVALID,
    MONTHS_EN,
    MONTHS_FA,
    TEHRAN,
    TIME_INVALID,
    UTC,
    Period,
    add_months,
    format_jalali,
    format_moment,
    from_iso,
    jalali_day,
    is_leap,
    jalali_of,
    last_month,
    month_length,
    month_period,
    named_month,
    parse_jalali_date,
    parse_month,
    parse_moment,
    season_period,
    start_of_jalali_day,
    this_month,
    this_year,
    to_iso,
    utc_now,
    year_period,
)


def Z(text: str) -> datetime:
    """A UTC instant from 'YYYY-MM-DDTHH:MM[:SS]'."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


# --- the calendar -------------------------------------------------------------------------------


def test_month_names():
    assert MONTHS_EN == ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
                         "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand")
    assert MONTHS_FA == ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                         "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")


@pytest.mark.parametrize(
    "year, leap",
    [
        (1395, True),
        (1396, False),
        (1398, False),
        (1399, True),
        (1400, False),
        (1401, False),
        (1402, False),
        (1403, True),
        (1404, False),
        (1405, False),
        (1406, False),
        (1408, True),
    ],
)
def test_is_leap(year, leap):
    assert is_leap(year) is leap
    assert month_length(year, 12) == (30 if leap else 29)


@pytest.mark.parametrize(
    "year, month, days",
    [
        (1403, 1, 31), (1403, 2, 31), (1403, 3, 31), (1403, 4, 31), (1403, 5, 31), (1403, 6, 31),
        (1403, 7, 30), (1403, 8, 30), (1403, 9, 30), (1403, 10, 30), (1403, 11, 30),
        (1403, 12, 30),
        (1404, 1, 31), (1404, 6, 31), (1404, 7, 30), (1404, 11, 30), (1404, 12, 29),
        (1399, 12, 30),
        (1400, 12, 29),
        (1402, 12, 29),
    ],
)
def test_month_length(year, month, days):
    assert month_length(year, month) == days


@pytest.mark.parametrize("year, days", [(1403, 366), (1404, 365), (1399, 366), (1400, 365)])
def test_year_length(year, days):
    assert sum(month_length(year, m) for m in range(1, 13)) == days
    p = year_period(year)
    assert p.end - p.start == timedelta(days=days)  # no daylight saving in these Nowruz-to-Nowruz spans


# --- dates typed by people ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1403/12/30", (1403, 12, 30)),  # Esfand 30 of a leap year
        ("۱۴۰۳/۱۲/۳۰", (1403, 12, 30)),
        ("١٤٠٣/١٢/٣٠", (1403, 12, 30)),
        ("1403-12-30", (1403, 12, 30)),
        ("1403.12.30", (1403, 12, 30)),
        ("1403 / 12 / 30", (1403, 12, 30)),
        ("  1403/12/30  ", (1403, 12, 30)),
        ("1404/1/1", (1404, 1, 1)),
        ("1404/01/01", (1404, 1, 1)),
        ("1404/12/29", (1404, 12, 29)),
        ("1404/06/31", (1404, 6, 31)),
        ("1404/07/30", (1404, 7, 30)),
        ("1399/12/30", (1399, 12, 30)),
        ("۱۳۷۰/۰۵/۱۵", (1370, 5, 15)),
    ],
)
def test_parse_jalali_date(text, expected):
    d = parse_jalali_date(text)
    assert isinstance(d, jdatetime.date)
    assert (d.year, d.month, d.day) == expected


@pytest.mark.parametrize(
    "text, template",
    [
        ("1404/12/30", DATE_MISSING_DAY),  # Esfand 1404 has 29 days
        ("۱۴۰۴/۱۲/۳۰", DATE_MISSING_DAY),
        ("1402/12/30", DATE_MISSING_DAY),
        ("1404/07/31", DATE_MISSING_DAY),  # Mehr has 30 days
        ("1404/11/31", DATE_MISSING_DAY),
        ("1403/01/32", DATE_MISSING_DAY),
        ("1403/13/01", DATE_INVALID),
        ("1403/00/10", DATE_INVALID),
        ("1403/01/00", DATE_INVALID),
        ("0000/01/01", DATE_INVALID),
        ("03/12/30", DATE_INVALID),  # two-digit year
        ("1403/12", DATE_INVALID),
        ("1403/12/30/1", DATE_INVALID),
        ("1403/123/1", DATE_INVALID),
        ("14031230", DATE_INVALID),
        ("1403_12_30", DATE_INVALID),
        ("2025-03-20T10:00", DATE_INVALID),
        ("garbage", DATE_INVALID),
        ("اسفند ۱۴۰۳", DATE_INVALID),
        ("", DATE_INVALID),
        (None, DATE_INVALID),
    ],
)
def test_parse_jalali_date_rejects(text, template):
    with pytest.raises(ValidationError) as info:
        parse_jalali_date(text, field="birthday")
    (problem,) = info.value.problems
    assert problem.field == "birthday"
    assert problem.template == template


def test_parse_jalali_date_missing_day_message():
    with pytest.raises(ValidationError) as info:
        parse_jalali_date("1404/12/30")
    (problem,) = info.value.problems
    assert problem.field == "date"
    assert problem.params == {"value": "1404/12/30", "month": "Esfand", "year": 1404, "days": 29}
    assert problem.message == "'1404/12/30' does not exist: Esfand 1404 has 29 days."


@pytest.mark.parametrize(
    "ymd, persian, expected",
    [
        ((1403, 12, 30), False, "1403/12/30"),
        ((1403, 12, 30), True, "۱۴۰۳/۱۲/۳۰"),
        ((1404, 1, 5), False, "1404/01/05"),
        ((1404, 1, 5), True, "۱۴۰۴/۰۱/۰۵"),
    ],
)
def test_format_jalali(ymd, persian, expected):
    assert format_jalali(jdatetime.date(*ymd), persian) == expected
    assert parse_jalali_date(expected) == jdatetime.date(*ymd)


# --- storage form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment, expected",
    [
        (Z("2025-03-20T14:30:00"), "2025-03-20T14:30:00Z"),
        (datetime(2025, 3, 20, 14, 30, tzinfo=TEHRAN), "2025-03-20T11:00:00Z"),
        (datetime(2021, 6, 1, 12, 0, tzinfo=TEHRAN), "2021-06-01T07:30:00Z"),  # summer time +4:30
        (datetime(2025, 3, 20, 14, 30, 59, 999_999, tzinfo=UTC), "2025-03-20T14:30:59Z"),  # seconds
        (datetime(2025, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=5))), "2024-12-31T20:00:00Z"),
        (Z("2026-03-20T20:30:00"), "2026-03-20T20:30:00Z"),
    ],
)
def test_to_iso(moment, expected):
    assert to_iso(moment) == expected


def test_to_iso_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        to_iso(datetime(2025, 3, 20, 14, 30))


@pytest.mark.parametrize(
    "text", ["2025-03-20T14:30:00Z", "2026-03-20T20:30:00Z", "1999-12-31T23:59:59Z", "2024-02-29T00:00:00Z"]
)
def test_from_iso_round_trip(text):
    moment = from_iso(text)
    assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)
    assert to_iso(moment) == text


@pytest.mark.parametrize(
    "moment",
    [Z("2025-03-20T14:30:00"), datetime(2021, 6, 1, 12, 0, 5, tzinfo=TEHRAN), Z("2024-02-29T23:59:59")],
)
def test_to_iso_round_trip(moment):
    assert from_iso(to_iso(moment)) == moment


def test_iso_text_order_is_time_order():
    moments = [Z("2025-03-20T14:30:00"), Z("2025-03-20T09:00:00"), Z("2024-12-31T23:59:59"),
               datetime(2025, 3, 20, 12, 0, tzinfo=TEHRAN), Z("2026-01-01T00:00:00")]
    assert sorted(moments) == sorted(moments, key=to_iso)
    assert len({len(to_iso(m)) for m in moments}) == 1


@pytest.mark.parametrize("text", [
    "2025-03-20 14:30", "2025-03-20T14:30:00", "2025-03-20T14:30:00+00:00", "2025-03-20 14:30:00Z",
    "2025-3-20T14:30:00Z", "2025-03-20T14:30:0ZZ", "۲۰۲۵-03-20T14:30:00Z", "2025-02-30T14:30:00Z",
    "2025-03-20T24:30:00Z", "", "2025/03/20T14:30:00Z",
])
def test_from_iso_rejects_other_forms(text):
    with pytest.raises(ValueError):
        from_iso(text)


def test_utc_now():
    before = datetime.now(timezone.utc)
    now = utc_now()
    after = datetime.now(timezone.utc)
    assert now.utcoffset() == timedelta(0)
    assert before <= now <= after


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-03-20T14:30", Z("2025-03-20T11:00")),  # no zone: Tehran time
        ("2025-03-20 14:30", Z("2025-03-20T11:00")),
        ("2025-03-20T14:30:15", Z("2025-03-20T11:00:15")),
        ("2025-03-20", Z("2025-03-19T20:30")),  # a date alone: 00:00 in Tehran
        ("2026-03-21", Z("2026-03-20T20:30")),  # 1405/01/01
        ("2021-06-01T12:00", Z("2021-06-01T07:30")),  # summer time (+4:30) when Iran still had it
        ("2023-06-01T12:00", Z("2023-06-01T08:30")),  # no more summer time
        ("2025-03-20T14:30Z", Z("2025-03-20T14:30")),
        ("2025-03-20T14:30:00Z", Z("2025-03-20T14:30")),
        ("2025-03-20T14:30+00:00", Z("2025-03-20T14:30")),
        ("2025-03-20T14:30+03:30", Z("2025-03-20T11:00")),
        ("2025-03-20T14:30-05:00", Z("2025-03-20T19:30")),
        ("۲۰۲۵-۰۳-۲۰T۱۴:۳۰", Z("2025-03-20T11:00")),
        ("٢٠٢٥-٠٣-٢٠", Z("2025-03-19T20:30")),
        ("  2025-03-20T14:30  ", Z("2025-03-20T11:00")),
    ],
)
def test_parse_moment(text, expected):
    moment = parse_moment(text)
    assert moment == expected
    assert moment.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text", ["", None, "garbage", "1404/09/02 25:00", "2025-13-01", "2025-02-30", "2025-03-20T25:00", "20 March 2025"]
)
def test_parse_moment_rejects(text):
    with pytest.raises(ValidationError) as info:
        parse_moment(text, field="when")
    (problem,) = info.value.problems
    assert problem.field == "when"
    assert problem.template == TIME_INVALID


# --- Tehran and Jalali views of UTC instants ------------------------------------------------------


@pytest.mark.parametrize(
    "moment, expected",
    [
        (Z("2026-03-20T20:30"), (1405, 1, 1, 0, 0)),  # Nowruz 1405 in Tehran
        (Z("2026-03-20T20:29"), (1404, 12, 29, 23, 59)),
        (Z("2025-03-20T20:30"), (1404, 1, 1, 0, 0)),
        (Z("2025-03-20T20:29"), (1403, 12, 30, 23, 59)),  # Esfand 30 of leap 1403
        (Z("2025-11-23T08:00"), (1404, 9, 2, 11, 30)),
        (Z("2025-11-21T21:00"), (1404, 9, 1, 0, 30)),  # still Nov 21 in UTC, Azar 1 in Tehran
        (Z("2021-06-01T07:30"), (1400, 3, 11, 12, 0)),  # +4:30
        (Z("2024-03-19T20:30"), (1403, 1, 1, 0, 0)),
    ],
)
def test_jalali_of(moment, expected):
    j = jalali_of(moment)
    assert (j.year, j.month, j.day, j.hour, j.minute) == expected


@pytest.mark.parametrize(
    "moment, persian, expected",
    [
        (Z("2025-11-23T08:30"), False, "1404/09/02 12:00"),
        (Z("2025-11-23T08:30"), True, "۱۴۰۴/۰۹/۰۲ ۱۲:۰۰"),
        (Z("2026-03-20T20:30"), False, "1405/01/01 00:00"),
        (Z("2026-03-20T20:29:59"), False, "1404/12/29 23:59"),
        (Z("2021-06-01T07:30"), False, "1400/03/11 12:00"),
    ],
)
def test_format_moment(moment, persian, expected):
    assert format_moment(moment, persian) == expected


@pytest.mark.parametrize(
    "stored, expected",
    [
        ("2025-11-23T08:30:00Z", "1404/09/02"),
        ("2026-03-20T20:30:00Z", "1405/01/01"),  # Nowruz begins at 00:00 Tehran, 20:30 UTC
        ("2026-03-20T20:29:59Z", "1404/12/29"),
        ("2021-06-01T19:29:59Z", "1400/03/11"),  # +4:30 (summer time until 2022): 23:59:59
        ("2021-06-01T19:30:00Z", "1400/03/12"),
        ("2025-03-20T20:29:59Z", "1403/12/30"),  # Esfand 30 of a leap year
    ],
)
def test_jalali_day_is_format_moments_date(stored, expected):
    assert jalali_day(stored) == expected == format_moment(from_iso(stored))[:10]


@pytest.mark.parametrize("day", ["2021-03-20", "2021-03-21", "2021-09-20", "2021-09-21", "2022-03-21",
                                 "2022-09-21", "2022-09-22", "2010-07-01", "2026-03-20",
                                 "2021-06-01", "2024-03-19", "2025-03-20", "2025-11-23", "2026-12-31"])
def test_jalali_day_minute_by_minute(day):
    """Summer time began and ended within a UTC day (until 2022), a summer day, Esfand 30 of a leap
    year, Nowruz, an ordinary day, a Gregorian year's end: every minute of those days."""
    start = datetime.fromisoformat(day).replace(tzinfo=UTC)
    for minute in range(0, 24 * 60, 1):
        stored = to_iso(start + timedelta(minutes=minute, seconds=59 * (minute % 2)))
        assert jalali_day(stored) == format_moment(from_iso(stored))[:10], stored
    for moment in ("20:29:59", "20:30:00", "19:29:59", "19:30:00", "00:00:00", "23:59:59"):
        stored = f"{day}T{moment}Z"
        assert jalali_day(stored) == format_moment(from_iso(stored))[:10], stored


@pytest.mark.parametrize(
    "ymd, expected",
    [
        ((1405, 1, 1), Z("2026-03-20T20:30")),
        ((1404, 1, 1), Z("2025-03-20T20:30")),
        ((1403, 1, 1), Z("2024-03-19T20:30")),
        ((1403, 12, 30), Z("2025-03-19T20:30")),
        ((1404, 9, 1), Z("2025-11-21T20:30")),
        ((1400, 3, 1), Z("2021-05-21T19:30")),  # summer time, +4:30
        ((1400, 1, 1), Z("2021-03-20T20:30")),  # the day before summer time began
        ((1401, 7, 1), Z("2022-09-22T20:30")),  # the day after summer time ended
    ],
)
def test_start_of_jalali_day(ymd, expected):
    assert start_of_jalali_day(jdatetime.date(*ymd)) == expected


# --- moving by months -----------------------------------------------------------------------------


def tehran(y, m, d, hh=12, mm=0, ss=0) -> datetime:
    """A Jalali wall-clock time in Tehran, as a UTC instant."""
    g = jdatetime.date(y, m, d).togregorian()
    return datetime(g.year, g.month, g.day, hh, mm, ss, tzinfo=TEHRAN).astimezone(UTC)


def jtuple(moment):
    j = jalali_of(moment)
    return (j.year, j.month, j.day, j.hour, j.minute, j.second)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        ((1404, 9, 2, 11, 30), 0, (1404, 9, 2, 11, 30)),
        ((1404, 9, 2, 11, 30), 1, (1404, 10, 2, 11, 30)),
        ((1404, 9, 2, 11, 30), 5, (1405, 2, 2, 11, 30)),
        ((1404, 9, 2, 11, 30), 12, (1405, 9, 2, 11, 30)),
        ((1404, 9, 2, 11, 30), -12, (1403, 9, 2, 11, 30)),
        ((1404, 9, 2, 11, 30), -9, (1403, 12, 2, 11, 30)),
        ((1404, 9, 2, 11, 30), 24, (1406, 9, 2, 11, 30)),
        # day 31 clamped into a 30-day month
        ((1403, 6, 31, 10, 0), 1, (1403, 7, 30, 10, 0)),
        ((1404, 3, 31, 10, 0), 4, (1404, 7, 30, 10, 0)),
        ((1404, 3, 31, 10, 0), 3, (1404, 6, 31, 10, 0)),
        ((1404, 1, 31, 10, 0), -2, (1403, 11, 30, 10, 0)),
        # Esfand 30 of a leap year into years without one
        ((1403, 12, 30, 10, 0), 12, (1404, 12, 29, 10, 0)),
        ((1403, 12, 30, 10, 0), -12, (1402, 12, 29, 10, 0)),
        ((1403, 12, 30, 10, 0), 60, (1408, 12, 30, 10, 0)),  # 1408 is leap again
        ((1404, 11, 30, 10, 0), 1, (1404, 12, 29, 10, 0)),
        ((1403, 11, 30, 10, 0), 1, (1403, 12, 30, 10, 0)),
        ((1404, 1, 31, 10, 0), -1, (1403, 12, 30, 10, 0)),
        ((1405, 1, 31, 10, 0), -1, (1404, 12, 29, 10, 0)),
        # time of day in Tehran is kept, across Nowruz and late in the evening
        ((1404, 12, 29, 23, 45), 1, (1405, 1, 29, 23, 45)),
        ((1404, 1, 1, 0, 0), 12, (1405, 1, 1, 0, 0)),
        ((1404, 1, 1, 0, 0), -12, (1403, 1, 1, 0, 0)),
    ],
)
def test_add_months(start, months, expected):
    assert jtuple(add_months(tehran(*start), months)) == expected + (0,)


@pytest.mark.parametrize(
    "moment, months, expected",
    [
        (Z("2025-03-20T20:30"), 12, Z("2026-03-20T20:30")),  # 1404/01/01 00:00 -> 1405/01/01 00:00
        (Z("2025-03-20T20:30"), -12, Z("2024-03-19T20:30")),
        (Z("2025-11-23T08:00"), -12, Z("2024-11-22T08:00")),
        (Z("2025-03-19T06:00"), 12, Z("2026-03-20T06:00")),  # 1403/12/29 -> 1404/12/29 (a year is 366 days here)
        # Tehran wall-clock is kept across the end of summer time: 12:00 (+4:30) -> 12:00 (+3:30)
        (Z("2021-04-04T07:30"), 24, Z("2023-04-04T08:30")),
    ],
)
def test_add_months_utc_instants(moment, months, expected):
    assert add_months(moment, months) == expected


def test_add_months_returns_utc():
    assert add_months(Z("2025-11-23T08:00"), 3).utcoffset() == timedelta(0)


# --- periods --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, month, start, end, label",
    [
        (1405, 1, "2026-03-20T20:30", "2026-04-20T20:30", "Farvardin 1405"),
        (1404, 1, "2025-03-20T20:30", "2025-04-20T20:30", "Farvardin 1404"),
        (1404, 7, "2025-09-22T20:30", "2025-10-22T20:30", "Mehr 1404"),
        (1404, 9, "2025-11-21T20:30", "2025-12-21T20:30", "Azar 1404"),
        (1404, 12, "2026-02-19T20:30", "2026-03-20T20:30", "Esfand 1404"),  # 29 days
        (1403, 12, "2025-02-18T20:30", "2025-03-20T20:30", "Esfand 1403"),  # 30 days
        (1403, 1, "2024-03-19T20:30", "2024-04-19T20:30", "Farvardin 1403"),
        # summer time until 1401
        (1400, 1, "2021-03-20T20:30", "2021-04-20T19:30", "Farvardin 1400"),
        (1400, 6, "2021-08-22T19:30", "2021-09-22T20:30", "Shahrivar 1400"),
    ],
)
def test_month_period(year, month, start, end, label):
    p = month_period(year, month)
    assert p == Period(Z(start), Z(end), label)


@pytest.mark.parametrize(
    "year, start, end",
    [
        (1403, "2024-03-19T20:30", "2025-03-20T20:30"),
        (1404, "2025-03-20T20:30", "2026-03-20T20:30"),
        (1405, "2026-03-20T20:30", "2027-03-20T20:30"),
        (1399, "2020-03-19T20:30", "2021-03-20T20:30"),
    ],
)
def test_year_period(year, start, end):
    assert year_period(year) == Period(Z(start), Z(end), str(year))


def test_months_tile_the_year():
    for year in (1399, 1400, 1403, 1404):
        months = [month_period(year, m) for m in range(1, 13)]
        assert months[0].start == year_period(year).start
        assert months[-1].end == year_period(year).end
        for a, b in zip(months, months[1:]):
            assert a.end == b.start


@pytest.mark.parametrize(
    "moment, inside",
    [
        (Z("2026-02-19T20:30"), True),  # start included
        (Z("2026-03-20T20:29:59"), True),
        (Z("2026-03-20T20:30"), False),  # end excluded
        (Z("2026-02-19T20:29:59"), False),
    ],
)
def test_period_contains_is_half_open(moment, inside):
    assert month_period(1404, 12).contains(moment) is inside


@pytest.mark.parametrize(
    "now, this, last, year",
    [
        (Z("2025-11-23T08:00"), (1404, 9), (1404, 8), 1404),
        (Z("2025-11-21T21:00"), (1404, 9), (1404, 8), 1404),  # UTC says Nov 21, Tehran says Azar 1
        (Z("2025-11-21T20:29"), (1404, 8), (1404, 7), 1404),
        (Z("2026-03-20T20:29:59"), (1404, 12), (1404, 11), 1404),
        (Z("2026-03-20T20:30"), (1405, 1), (1404, 12), 1405),  # Farvardin: last month is last year's Esfand
        (Z("2026-04-01T10:00"), (1405, 1), (1404, 12), 1405),
        (Z("2025-03-20T12:00"), (1403, 12), (1403, 11), 1403),
    ],
)
def test_this_month_last_month_this_year(now, this, last, year):
    assert this_month(now) == month_period(*this)
    assert last_month(now) == month_period(*last)
    assert this_year(now) == year_period(year)
    assert this_month(now).contains(now) and this_year(now).contains(now)
    assert last_month(now).end == this_month(now).start


def test_this_and_last_month_absolute_instants():
    now = Z("2026-03-25T09:00")  # 1405/01/05
    assert this_month(now).start == Z("2026-03-20T20:30")
    assert last_month(now) == Period(Z("2026-02-19T20:30"), Z("2026-03-20T20:30"), "Esfand 1404")
    assert this_year(now) == Period(Z("2026-03-20T20:30"), Z("2027-03-20T20:30"), "1405")


@pytest.mark.parametrize(
    "year, season, start, end",
    [
        (1404, 1, "2025-03-20T20:30", "2025-06-21T20:30"),
        (1404, 2, "2025-06-21T20:30", "2025-09-22T20:30"),
        (1404, 3, "2025-09-22T20:30", "2025-12-21T20:30"),
        (1404, 4, "2025-12-21T20:30", "2026-03-20T20:30"),
        (1403, 4, "2024-12-20T20:30", "2025-03-20T20:30"),
    ],
)
def test_season_period(year, season, start, end):
    assert season_period(year, season) == Period(Z(start), Z(end), f"season {season} of {year}")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1", 1), ("12", 12), ("01", 1), ("۱۲", 12), ("١٠", 10), (" 7 ", 7),
        ("Esfand", 12), ("esfand", 12), ("ESFAND", 12), ("Farvardin", 1), ("Dey", 10), ("mehr", 7),
        ("فروردین", 1), ("اردیبهشت", 2), ("خرداد", 3), ("تیر", 4), ("مرداد", 5), ("شهریور", 6),
        ("مهر", 7), ("آبان", 8), ("آذر", 9), ("دی", 10), ("بهمن", 11), ("اسفند", 12),
        (" اسفند ", 12),
        # typed on an Arabic keyboard layout (Arabic Yeh), which docs/rules.md says must be found
        ("دي", 10),
        ("تير", 4),
        ("فروردين", 1),
        ("شهريور", 6),
        ("ارديبهشت", 2),
    ],
)
def test_parse_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize("text", ["0", "13", "-1", "Esfandd", "Month", "", None, "اسفندماه", "12.5"])
def test_parse_month_rejects(text):
    with pytest.raises(ValidationError) as info:
        parse_month(text)
    (problem,) = info.value.problems
    assert problem.field == "month"
    assert problem.template == MONTH_INVALID


AZAR_1404 = Z("2025-11-23T08:00")  # 1404/09/02 in Tehran
FARVARDIN_1405 = Z("2026-03-25T09:00")  # 1405/01/05


@pytest.mark.parametrize(
    "text, now, year, expected",
    [
        ("Esfand", AZAR_1404, None, (1403, 12)),  # this year's Esfand has not begun: last year's
        ("اسفند", AZAR_1404, None, (1403, 12)),
        ("12", AZAR_1404, None, (1403, 12)),
        ("Azar", AZAR_1404, None, (1404, 9)),  # the current month is this year's
        ("Mehr", AZAR_1404, None, (1404, 7)),
        ("Dey", AZAR_1404, None, (1403, 10)),
        ("Farvardin", AZAR_1404, None, (1404, 1)),
        ("اسفند", FARVARDIN_1405, None, (1404, 12)),
        ("Farvardin", FARVARDIN_1405, None, (1405, 1)),
        ("Ordibehesht", FARVARDIN_1405, None, (1404, 2)),
        ("اسفند 1403", AZAR_1404, None, (1403, 12)),
        ("اسفند ۱۴۰۲", AZAR_1404, None, (1402, 12)),
        ("Esfand 1404", AZAR_1404, None, (1404, 12)),
        ("مهر ١٤٠٠", AZAR_1404, None, (1400, 7)),
        ("اسفند", AZAR_1404, 1404, (1404, 12)),
        ("Dey", AZAR_1404, 1399, (1399, 10)),
    ],
)
def test_named_month(text, now, year, expected):
    assert named_month(text, now, year) == month_period(*expected)


def test_named_month_absolute_instants():
    assert named_month("اسفند 1403", AZAR_1404) == Period(
        Z("2025-02-18T20:30"), Z("2025-03-20T20:30"), "Esfand 1403"
    )


@pytest.mark.parametrize("text", ["Esfandd", "13", "", "اسفند abc", "اسفند ۱۴۰۳x", "Esfand 1403 1404", "1403 اسفند"])
def test_named_month_rejects_with_a_validation_error(text):
    with pytest.raises(ValidationError):
        named_month(text, AZAR_1404)
