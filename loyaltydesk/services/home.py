"""The owner's home page: today at a glance, read in one job.

``today(session)`` gathers every figure the home page shows: today's sales through the club and
the members served (a day's range of the purchases index), new members, points earned and
redeemed at the till today, the points liability (an index-only sum), the NPS of the last 30
days, the members at risk (``member_stats``, as the churn report counts them), today's birthdays
(``members_birthday_md``) and the open follow-ups; and two small series for charts: the sales of
the last 14 days and of the last 12 Jalali months (``club_periods``). It reads the kept aggregates
and small indexed ranges only, so it stays fast on a big club.

Each figure names the report or page it comes from (``Figure.goes_to``): the home page opens it
on a click.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.jalali import jalali_of, start_of_jalali_day, to_iso
from loyaltydesk.domain.report import Kind
from loyaltydesk.domain.roles import Action
from loyaltydesk.store import analytics as stats
from loyaltydesk.store import club as club_store
from loyaltydesk.store import surveys as survey_store
from loyaltydesk.store import today as store

from .session import Session

CHART_DAYS = 14
CHART_MONTHS = 12
NPS_DAYS = 30


# where each figure leads on a click: a report of ``services.analytics`` or a page of the window
GOES_TO: dict[str, tuple[str, str]] = {
    "sales": ("report", "cashiers"), "served": ("page", "members"), "new_members": ("report", "growth"),
    "earned": ("report", "liability"), "redeemed": ("report", "liability"), "liability": ("report", "liability"),
    "nps": ("report", "nps"), "at_risk": ("report", "churn"), "birthdays": ("page", "members"),
    "followups": ("page", "followup"),
}


@dataclass(frozen=True)
class Figure:
    key: str  # sales, served, new_members, earned, redeemed, liability, nps, at_risk, birthdays, followups
    value: int | float | None  # None: nothing to say (an NPS without answers)
    kind: Kind  # how to write it (money in rials, points, a count, a decimal)

    @property
    def goes_to(self) -> tuple[str, str]:
        """("report", name) or ("page", name): where a click leads."""
        return GOES_TO[self.key]


@dataclass(frozen=True)
class Today:
    day: str  # the Jalali date, 1404/09/12
    figures: tuple[Figure, ...]
    purchases: int  # today's purchases (the sales figure's count)
    days: tuple[tuple[str, int], ...]  # (Jalali MM/DD, sales in rials) of the last CHART_DAYS days, oldest first
    months: tuple[tuple[str, int], ...]  # (1404/09, sales in rials) of the last CHART_MONTHS months

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def today(session: Session) -> Today:
    """Every figure of the home page, as of the session's clock (Tehran days)."""
    session.require(Action.READ_REPORTS)
    db = session.db
    now = session.now()
    j_today = jalali_of(now).date()
    day_starts = [start_of_jalali_day(j_today - timedelta(days=n)) for n in range(CHART_DAYS - 1, -1, -1)]
    tomorrow = start_of_jalali_day(j_today + timedelta(days=1))
    bounds = [(to_iso(a), to_iso(b)) for a, b in zip(day_starts, day_starts[1:] + [tomorrow])]
    with db.transaction():  # one consistent read
        days = store.day_sales(db, bounds)
        start, end = bounds[-1]
        joined = stats.members_joined(db, start, end)
        settings = club_store.club_settings(db)
        owed = stats.outstanding_points(db)
        scores = stats.nps_scores(db, to_iso(now - timedelta(days=NPS_DAYS)), end)  # (to the end of today)
        churn = stats.churn_totals(db, to_iso(now), rules.CHURN_MIN_VISITS, rules.CHURN_FACTOR, rules.CHURN_MIN_DAYS)
        birthdays = store.birthdays_on(db, f"{j_today.month:02d}/{j_today.day:02d}")
        followups = survey_store.followup_counts(db)
        month = rules.month_key(j_today.year, j_today.month)
        months = [month]
        while len(months) < CHART_MONTHS:
            months.insert(0, rules.prev_key(months[0]))
        periods = stats.club_periods(db, months)
    day = days[-1]
    promoters, detractors = sum(s >= 9 for s in scores), sum(s <= 6 for s in scores)
    nps = rules.NpsFigures(len(scores), promoters, len(scores) - promoters - detractors, detractors).nps
    figures = (
        Figure("sales", day.gross - day.refunded, Kind.MONEY),
        Figure("served", day.buyers, Kind.INT),
        Figure("new_members", joined, Kind.INT),
        Figure("earned", day.points_earned, Kind.POINTS),
        Figure("redeemed", day.points_redeemed, Kind.POINTS),
        Figure("liability", owed.points * settings.point_value, Kind.MONEY),
        Figure("nps", nps, Kind.DECIMAL),
        Figure("at_risk", churn.members, Kind.INT),
        Figure("birthdays", birthdays, Kind.INT),
        Figure("followups", followups.get("open", 0) + followups.get("contacted", 0), Kind.INT),
    )
    day_labels = [f"{(j_today - timedelta(days=n)).month:02d}/{(j_today - timedelta(days=n)).day:02d}"
                  for n in range(CHART_DAYS - 1, -1, -1)]
    return Today(
        day=f"{j_today.year:04d}/{j_today.month:02d}/{j_today.day:02d}",
        figures=figures,
        purchases=day.purchases,
        days=tuple((label, d.gross - d.refunded) for label, d in zip(day_labels, days)),
        months=tuple((rules.key_label(m), (periods[m].gross - periods[m].refunded) if m in periods else 0)
                     for m in months),
    )

