"""The owner's analytics, as pure rules: period keys, RFM scoring and segments, retention, churn, NPS.

Period keys
-----------
Aggregates are kept per Jalali month, season and year, each named by one integer whose size
tells its kind: a year ``1404``, a season ``14041`` (year·10 + 1..4: spring … winter), a month
``140401`` (year·100 + 1..12). ``next_key``/``prev_key`` step within a kind.

RFM
---
Each member who has bought gets three scores 1-5 by quintile cut points over all buyers:
recency (the moment of the last purchase: later, higher score), frequency (visits), monetary
(spend = gross less refunds). Cut points are the 20/40/60/80th percentile values (nearest rank),
and a value scores one more for each cut point it is above, so equal values always get
equal scores (NTILE would split ties arbitrarily). With many ties a score may be unused.

Segments, first matching rule wins (every (R, F, M) in 1..5³ gets exactly one):

=============  =====================================  ==========================================
segment        rule                                   meaning
=============  =====================================  ==========================================
champions      R ≥ 4 and F ≥ 4 and M ≥ 4              bought lately, often, and much
loyal          R ≥ 3 and F ≥ 3                        regulars who are still coming
new            R ≥ 4 and F = 1                        recent first purchases
potential      R ≥ 3                                  recent, not yet frequent
at risk        R ≤ 2 and (F ≥ 3 or M ≥ 4)             used to buy often or much, not lately
hibernating    R = 2                                  few, small, a while ago
lost           (the rest: R = 1)                      few, small, long ago
=============  =====================================  ==========================================

Churn risk
----------
"No visit for longer than usual for that member": a member with at least ``MIN_VISITS`` visits
has a usual gap = (last − first) / (visits − 1) days; they are at risk when the days since their
last visit exceed ``FACTOR`` × usual gap, and at least ``MIN_DAYS``. Members with fewer visits
have no "usual" yet and are left to RFM (new / lost).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import QT_TRANSLATE_NOOP, Problem, ValidationError
from .jalali import TEHRAN, jalali_ymd, month_period, season_period, year_period, Period
from .text import to_ascii_digits

# --- period keys ---------------------------------------------------------------------------------

MONTH, SEASON, YEAR = "month", "season", "year"


def month_key(year: int, month: int) -> int:
    return year * 100 + month


def season_of_month(month: int) -> int:
    return (month + 2) // 3


def season_key(year: int, season: int) -> int:
    return year * 10 + season


def kind_of(key: int) -> str:
    return MONTH if key >= 100_000 else SEASON if key >= 10_000 else YEAR


def keys_of_month(mk: int) -> tuple[int, int, int]:
    """(month, season, year) keys a purchase in month ``mk`` counts in."""
    y, m = divmod(mk, 100)
    return mk, season_key(y, season_of_month(m)), y


def month_span(key: int) -> tuple[int, int]:
    """The first and last month keys of a month, season or year ``key``."""
    kind = kind_of(key)
    if kind == MONTH:
        return key, key
    if kind == SEASON:
        y, s = divmod(key, 10)
        return month_key(y, 3 * s - 2), month_key(y, 3 * s)
    return month_key(key, 1), month_key(key, 12)


def next_key(key: int) -> int:
    kind = kind_of(key)
    if kind == MONTH:
        y, m = divmod(key, 100)
        return month_key(y + 1, 1) if m == 12 else key + 1
    if kind == SEASON:
        y, s = divmod(key, 10)
        return season_key(y + 1, 1) if s == 4 else key + 1
    return key + 1


def prev_key(key: int) -> int:
    kind = kind_of(key)
    if kind == MONTH:
        y, m = divmod(key, 100)
        return month_key(y - 1, 12) if m == 1 else key - 1
    if kind == SEASON:
        y, s = divmod(key, 10)
        return season_key(y - 1, 4) if s == 1 else key - 1
    return key - 1


def period_of_key(key: int) -> Period:
    kind = kind_of(key)
    if kind == MONTH:
        return month_period(*divmod(key, 100))
    if kind == SEASON:
        return season_period(*divmod(key, 10))
    return year_period(key)


def key_label(key: int) -> str:
    """``1404/01``, ``1404 S1``, ``1404``: short and sortable, for tables and chart axes."""
    kind = kind_of(key)
    if kind == MONTH:
        return f"{key // 100}/{key % 100:02d}"
    if kind == SEASON:
        return f"{key // 10} S{key % 10}"
    return str(key)


def keys_covering(period: Period, kind: str = MONTH) -> list[int]:
    """The month (season, year) keys whose Jalali span overlaps ``period``, in order.

    Aggregate-based reports work in whole Jalali months: a custom range is widened to the months
    it touches (``covered_period`` says exactly which span the figures are about).
    """
    first = jalali_ymd(period.start)
    last = jalali_ymd(max(period.start, period.end - timedelta(seconds=1)))
    if kind == MONTH:
        key, end = month_key(first[0], first[1]), month_key(last[0], last[1])
    elif kind == SEASON:
        key = season_key(first[0], season_of_month(first[1]))
        end = season_key(last[0], season_of_month(last[1]))
    else:
        key, end = first[0], last[0]
    out = []
    while key <= end:
        out.append(key)
        key = next_key(key)
    return out


def fewest_keys(first_month: int, last_month: int) -> list[int]:
    """The months ``first_month``..``last_month`` (keys, inclusive) as the fewest period keys: a
    whole Jalali year as its year key, a whole season as its season key, the rest as months."""
    out, key = [], first_month
    while key <= last_month:
        y, m = divmod(key, 100)
        if m == 1 and month_key(y, 12) <= last_month:
            out.append(y)
            key = month_key(y + 1, 1)
        elif m % 3 == 1 and key + 2 <= last_month:
            out.append(season_key(y, season_of_month(m)))
            key = next_key(key + 2)
        else:
            out.append(key)
            key = next_key(key)
    return out


PERIOD_INVALID = QT_TRANSLATE_NOOP(
    "LoyaltyError", "{value!r} is not a Jalali period: a year (1404), a month (1404/03) or a range (1404/01-1404/06).")
PERIOD_ORDER = QT_TRANSLATE_NOOP("LoyaltyError", "The period {value!r} ends before it starts.")
_PERIOD_END = re.compile(r"\s*(1[2-5]\d\d)(?:\s*/\s*(\d{1,2}))?\s*")


def parse_months(text: str, field: str = "period") -> tuple[int, int]:
    """A Jalali period typed as ``1404``, ``1404/03`` or ``1404/01-1404/06`` (any digits; a year
    at either end means its first or last month) → its first and last month keys."""
    raw = to_ascii_digits(text or "").strip()
    ends = raw.split("-") if raw else []
    matches = [_PERIOD_END.fullmatch(e) for e in ends]
    if len(ends) not in (1, 2) or not all(matches) or any(
            m and m.group(2) and not 1 <= int(m.group(2)) <= 12 for m in matches):
        raise ValidationError([Problem(field, PERIOD_INVALID, {"value": text})])
    year0, month0 = matches[0].group(1), matches[0].group(2)  # type: ignore[union-attr]
    year1, month1 = matches[-1].group(1), matches[-1].group(2)  # type: ignore[union-attr]
    first = month_key(int(year0), int(month0 or 1))
    last = month_key(int(year1), int(month1 or 12))
    if last < first:
        raise ValidationError([Problem(field, PERIOD_ORDER, {"value": text})])
    return first, last


def key_at(moment: datetime, kind: str = MONTH) -> int:
    """The month (season, year) key of the Jalali period ``moment`` falls in."""
    return keys_covering(Period(moment, moment + timedelta(seconds=1), ""), kind)[0]


def keys_begun(keys: list[int], now: datetime) -> list[int]:
    """Of consecutive keys of one kind, those whose period has begun by ``now``.

    A month still to come has no figures yet: drawn as 0 it reads as a collapse, and a 0 % cost or
    retention there is no fact at all. Reports show the months up to the current one."""
    if not keys:
        return []
    current = key_at(now, kind_of(keys[0]))
    return [k for k in keys if k <= current]


def covered_period(keys: list[int]) -> Period:
    """The whole span of ``keys`` (consecutive keys of one kind)."""
    first, last = period_of_key(keys[0]), period_of_key(keys[-1])
    label = first.label if len(keys) == 1 else f"{first.label} – {last.label}"
    return Period(first.start, last.end, label)


# --- RFM -----------------------------------------------------------------------------------------

SEGMENTS = ("champions", "loyal", "potential", "new", "at_risk", "hibernating", "lost")
SEGMENT_TITLES = {
    "champions": QT_TRANSLATE_NOOP("Report", "Champions"),
    "loyal": QT_TRANSLATE_NOOP("Report", "Loyal"),
    "potential": QT_TRANSLATE_NOOP("Report", "Potential"),
    "new": QT_TRANSLATE_NOOP("Report", "New"),
    "at_risk": QT_TRANSLATE_NOOP("Report", "At risk"),
    "hibernating": QT_TRANSLATE_NOOP("Report", "Hibernating"),
    "lost": QT_TRANSLATE_NOOP("Report", "Lost"),
}


def quintile_cuts(sorted_values) -> tuple:
    """The 20/40/60/80th percentile values of an ascending sequence (nearest rank, lower)."""
    n = len(sorted_values)
    if n == 0:
        return ()
    return tuple(sorted_values[(n * q) // 5 - (1 if (n * q) % 5 == 0 else 0)] for q in (1, 2, 3, 4))


def score_high(value, cuts) -> int:
    """1 + the number of cut points strictly below ``value``: bigger values score higher."""
    return 1 + bisect.bisect_left(cuts, value)


def segment(r: int, f: int, m: int) -> str:
    """The named segment of an (R, F, M) score; see the rule table in the module docstring."""
    if r >= 4 and f >= 4 and m >= 4:
        return "champions"
    if r >= 3 and f >= 3:
        return "loyal"
    if r >= 4 and f == 1:
        return "new"
    if r >= 3:
        return "potential"
    if f >= 3 or m >= 4:
        return "at_risk"
    if r == 2:
        return "hibernating"
    return "lost"


SEGMENT_OF = {(r, f, m): segment(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)}


def segment_codes(name: str) -> tuple[int, ...]:
    """Every R·100 + F·10 + M code of the segment ``name``, ascending (a targeted list's filter)."""
    return tuple(sorted(r * 100 + f * 10 + m for (r, f, m), s in SEGMENT_OF.items() if s == name))


def recency_range(codes: tuple[int, ...]) -> tuple[int, int]:
    """The lowest and highest R among ``codes``: the range of the recency index a segment lies in."""
    scores = [c // 100 for c in codes]
    return min(scores), max(scores)


@dataclass(frozen=True)
class RfmCuts:
    """Quintile cut points: of the last purchase's moment (stored ISO text sorts as time: later
    is more recent, so scores higher), of visits, and of spend in rials."""

    recency: tuple
    frequency: tuple
    monetary: tuple

    def scores(self, last_at, visits: int, spend: int) -> tuple[int, int, int]:
        return score_high(last_at, self.recency), score_high(visits, self.frequency), score_high(spend, self.monetary)


# The till's cut points (a segment-targeted campaign): finding them walks three indexes (~0.1-0.5 s
# at 1M buyers), so the daily run finds them once a Tehran day and stores them (services/analytics:
# ``cuts_slice``), and a purchase reads those. Until the day's run has stored today's, the ones it
# stored up to ``CUTS_STALE_DAYS`` days before still score: a purchase or a refund moves each cut
# point by at most one place in the buyers' order (it changes one buyer's figures, or adds one
# buyer), so cut points a day old misplace at most the few buyers within a day's purchases of a cut
# point, of the ~n/5 buyers between two of them. Older ones (the program not started for days, then a
# purchase in its first seconds) are not used: the purchase finds the cut points itself, as before.
CUTS_STALE_DAYS = 1


def tehran_date(moment: datetime) -> date:
    return moment.astimezone(TEHRAN).date()


def cuts_age_days(found_at: datetime, now: datetime) -> int:
    """Tehran days from the day cut points were found to ``now``'s (0: today's)."""
    return (tehran_date(now) - tehran_date(found_at)).days


def cuts_usable(found_at: datetime, now: datetime) -> bool:
    """Whether cut points found at ``found_at`` may score a purchase at ``now`` (found on a later
    day than now's, a clock moved back, they are not trusted either)."""
    return 0 <= cuts_age_days(found_at, now) <= CUTS_STALE_DAYS


# --- retention, churn, value -------------------------------------------------------------------

def percent_bp(part: int, whole: int) -> int | None:
    """``part / whole`` in basis points, rounded half up; None when there is no whole."""
    if not whole:
        return None
    return (part * 20_000 + whole) // (2 * whole)


def retention_bp(buyers: int, retained: int) -> int | None:
    """Of ``buyers`` in one period, the share that bought again in the next."""
    return percent_bp(retained, buyers)


CHURN_MIN_VISITS = 2
CHURN_FACTOR = 2.0
CHURN_MIN_DAYS = 30


def usual_gap_days(first: datetime, last: datetime, visits: int) -> float | None:
    if visits < CHURN_MIN_VISITS:
        return None
    return (last - first).total_seconds() / 86_400 / (visits - 1)


def churn_threshold_days(gap: float) -> float:
    return max(CHURN_MIN_DAYS, CHURN_FACTOR * gap)


def at_churn_risk(first: datetime, last: datetime, visits: int, now: datetime) -> bool:
    """No visit for longer than usual for this member (see the module docstring)."""
    gap = usual_gap_days(first, last, visits)
    if gap is None:
        return False
    return (now - last).total_seconds() / 86_400 > churn_threshold_days(gap)


# --- NPS / CSAT ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NpsFigures:
    responses: int
    promoters: int
    passives: int
    detractors: int

    @property
    def nps(self) -> float | None:
        """%promoters − %detractors, −100..100, one decimal; None without responses."""
        if not self.responses:
            return None
        return round(100 * (self.promoters - self.detractors) / self.responses, 1)

    @property
    def nps_bp(self) -> int | None:
        """The NPS in basis points of a percent (−10000..10000), rounded half away from zero."""
        if not self.responses:
            return None
        diff = self.promoters - self.detractors
        sign = -1 if diff < 0 else 1
        return sign * (percent_bp(abs(diff), self.responses) or 0)


def nps_of_scores(scores) -> NpsFigures:
    p = sum(1 for s in scores if s >= 9)
    d = sum(1 for s in scores if s <= 6)
    n = len(scores)
    return NpsFigures(n, p, n - p - d, d)


def average_hundredths(total: int, count: int) -> float | None:
    """An average rounded to two decimals (star ratings, visits per member)."""
    return None if not count else round(total / count, 2)
