"""The club's yearly bonus by the day a member joined: which join days a week of anniversaries covers."""

from __future__ import annotations

from datetime import timedelta

import jdatetime

from .jalali import is_leap, start_of_jalali_day, to_iso

ANNIVERSARY_LOOKBACK_DAYS = 7  # an anniversary missed while the shop was closed is still honoured


def anniversary_key(year: int) -> str:
    """The ledger's bonus key of the anniversary bonus of Jalali ``year`` (once per member and year)."""
    return f"anniversary:{year}"


def _day(year: int, month: int, day: int) -> tuple[str, str]:
    start = jdatetime.date(year, month, day)
    return to_iso(start_of_jalali_day(start)), to_iso(start_of_jalali_day(start + timedelta(days=1)))


def anniversary_cells(today: jdatetime.date, first_year: int) -> list[tuple[int, str, str]]:
    """(Jalali year of the anniversary, UTC start, UTC end of the join day) for every day on which a
    member who joined in ``first_year`` or later, at least a year before, has an anniversary in the
    last week up to ``today`` (Tehran days). A member who joined on Esfand 30 of a leap year has it
    on Esfand 29 of a year without one (and on Esfand 30 of a leap year)."""
    cells = []
    for back in range(ANNIVERSARY_LOOKBACK_DAYS - 1, -1, -1):
        d = today - timedelta(days=back)
        for joined in range(first_year, d.year):
            if (d.month, d.day) != (12, 30) or is_leap(joined):
                cells.append((d.year, *_day(joined, d.month, d.day)))
            if (d.month, d.day) == (12, 29) and not is_leap(d.year) and is_leap(joined):
                cells.append((d.year, *_day(joined, 12, 30)))
    return cells
