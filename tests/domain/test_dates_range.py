"""Dates and amounts a person types: birthdays from 1300/01/01 to today, a Gregorian
date in a Jalali field refused with its Jalali day named (not converted: a typed date is stored as
typed or not at all), ``--at`` in Jalali for paper slips, and ``12,5`` is no amount. Each case by the
domain rule and by the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.jalali import (
    BIRTHDAY_RANGE, DATE_INVALID, DATE_MISSING_DAY, LOOKS_GREGORIAN, TIME_INVALID, parse_birthday, parse_moment,
)
from loyaltydesk.domain.money import AMOUNT_GROUPING, parse_amount
from tests.conftest import CLI_OWNER, cli_env

TODAY = date(2025, 12, 3)  # 1404/09/12

BIRTHDAYS = [  # typed, stored or the refusal's template
    ("1370/05/14", "1370/05/14"),
    ("۱۳۷۰/۰۵/۱۴", "1370/05/14"),
    ("1300/01/01", "1300/01/01"),
    ("1404/09/12", "1404/09/12"),  # today
    ("1500/01/01", BIRTHDAY_RANGE),
    ("1200/01/01", BIRTHDAY_RANGE),
    ("1299/12/29", BIRTHDAY_RANGE),
    ("1404/09/13", BIRTHDAY_RANGE),  # tomorrow
    ("2000-01-01", LOOKS_GREGORIAN),
    ("2000/01/01", LOOKS_GREGORIAN),
    ("1990-02-30", DATE_INVALID),  # Gregorian-looking, and no such day
    ("1403/12/31", DATE_MISSING_DAY),
]


@pytest.mark.parametrize("typed, expected", BIRTHDAYS)
def test_birthday_range_and_calendar(typed, expected):
    if "/" in expected and expected[:1].isdigit():
        d = parse_birthday(typed, TODAY)
        assert f"{d.year:04d}/{d.month:02d}/{d.day:02d}" == expected
        return
    with pytest.raises(ValidationError) as info:
        parse_birthday(typed, TODAY)
    (problem,) = info.value.problems
    assert problem.template == expected and problem.field == "birthday"


def test_a_gregorian_birthday_names_its_jalali_day():
    with pytest.raises(ValidationError) as info:
        parse_birthday("2000-01-01", TODAY)
    assert "1378/10/11" in info.value.message and "Gregorian" in info.value.message


MOMENTS = [  # typed, UTC moment or the refusal's template
    ("1405/09/10 14:30", datetime(2026, 12, 1, 11, 0, tzinfo=timezone.utc)),  # Tehran +03:30
    ("۱۴۰۵/۰۹/۱۰ ۱۴:۳۰", datetime(2026, 12, 1, 11, 0, tzinfo=timezone.utc)),
    ("1405-09-10T14:30", datetime(2026, 12, 1, 11, 0, tzinfo=timezone.utc)),
    ("1405/09/10", datetime(2026, 11, 30, 20, 30, tzinfo=timezone.utc)),  # 00:00 in Tehran
    ("1404/09/12 08:05:09", datetime(2025, 12, 3, 4, 35, 9, tzinfo=timezone.utc)),
    ("2025-03-20T14:30", datetime(2025, 3, 20, 11, 0, tzinfo=timezone.utc)),  # ISO as before
    ("1405/09/10 24:00", TIME_INVALID),
    ("1405/09/10 14:61", TIME_INVALID),
    ("1404/12/30 10:00", DATE_MISSING_DAY),  # 1404 is not a leap year
    ("1405/13/01 10:00", DATE_INVALID),
]


@pytest.mark.parametrize("typed, expected", MOMENTS)
def test_at_takes_a_jalali_date_and_time_in_tehran(typed, expected):
    if isinstance(expected, datetime):
        assert parse_moment(typed) == expected
        return
    with pytest.raises(ValidationError) as info:
        parse_moment(typed)
    assert info.value.problems[0].template == expected


AMOUNTS = [
    ("12,5", AMOUNT_GROUPING),
    ("1,2345", AMOUNT_GROUPING),
    ("12,50,000", AMOUNT_GROUPING),
    ("1 2", AMOUNT_GROUPING),
    ("۱۲٬۵", AMOUNT_GROUPING),
    ("12,500", 12_500),
    ("1,234,567", 1_234_567),
    ("۱۲٬۵۰۰", 12_500),
    ("12 500", 12_500),
    ("12500", 12_500),
]


@pytest.mark.parametrize("typed, expected", AMOUNTS)
def test_a_comma_group_of_other_than_three_digits_is_no_amount(typed, expected):
    if isinstance(expected, int):
        assert parse_amount(typed, "rial") == expected
        return
    with pytest.raises(ValidationError) as info:
        parse_amount(typed, "rial")
    assert info.value.problems[0].template == expected


# --- the real command line -------------------------------------------------------------------------

LD = str(Path(sys.executable).parent / "loyaltydesk")


@pytest.fixture(scope="module")
def club(tmp_path_factory):
    home = tmp_path_factory.mktemp("dates")
    db = home / "club.sqlite3"

    def ld(*args):
        return subprocess.run([LD, "--db", str(db), "--user", CLI_OWNER, "--now", "2025-12-03T10:00:00+03:30",
                               *map(str, args)], capture_output=True, text=True, timeout=60,
                              env=cli_env(LOYALTYDESK_HOME=str(home)))

    assert ld("init", "--owner", CLI_OWNER).returncode == 0
    assert ld("tier", "add", "Bronze", "--threshold", "0", "--discount", "0", "--multiplier", "100").returncode == 0
    ld.n = 0
    return ld


@pytest.mark.parametrize("typed, expected", BIRTHDAYS)
def test_member_add_birthday_from_the_command_line(club, typed, expected):
    club.n += 1
    done = club("--json", "member", "add", "--mobile", f"0912{club.n:07d}", "--birthday", typed)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    if "/" in expected and expected[:1].isdigit():
        assert done.returncode == 0 and json.loads(done.stdout)["birthday"] == expected, done.stderr
    else:
        assert done.returncode == 1 and done.stderr.startswith("loyaltydesk: error: "), done.stderr
        if expected is LOOKS_GREGORIAN:
            assert "looks like a Gregorian date" in done.stderr and "1378/10/11" in done.stderr
        if expected is BIRTHDAY_RANGE:
            assert "1300/01/01" in done.stderr


@pytest.mark.parametrize("at, stored", [
    ("1404/09/10 14:30", "2025-12-01T11:00:00Z"),
    ("۱۴۰۴/۰۹/۱۰ ۱۴:۳۰", "2025-12-01T11:00:00Z"),
    ("2025-12-01T14:30", "2025-12-01T11:00:00Z"),
    ("1404/12/30 10:00", None),
])
def test_purchase_at_a_jalali_paper_slip(club, at, stored):
    club.n += 1
    mobile = f"0935{club.n:07d}"
    added = club("--now", "2025-11-01T10:00:00+03:30", "--json", "member", "add", "--mobile", mobile)  # joined before the slip
    assert added.returncode == 0, added.stderr
    done = club("--json", "purchase", mobile, "--amount", "1,000,000", "--at", at)
    if stored is None:
        assert done.returncode == 2 and "Esfand 1404 has 29 days" in done.stderr, done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["at"] == stored


def test_amount_12_comma_5_is_refused_by_the_command_line(club):
    club.n += 1
    mobile = f"0901{club.n:07d}"
    assert club("member", "add", "--mobile", mobile).returncode == 0
    done = club("purchase", mobile, "--amount", "12,5")
    assert done.returncode == 2 and "grouped by three digits" in done.stderr, done.stderr
    assert json.loads(club("--json", "history", mobile).stdout)["purchases"] == []
