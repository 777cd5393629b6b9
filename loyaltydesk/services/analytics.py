"""The owner's reports. One function per report; each takes a Jalali period and returns a ``Report``.

All of them read the aggregates the purchase triggers keep (``member_stats``, ``member_periods``,
``club_periods``, see store/analytics.py) or small indexed ranges, never a scan of the purchases,
so each answers in well under three seconds on a club of 1M members and 10M purchases.

Periods: the reports built on the monthly aggregates (value, retention, cost, liability's
monthly table, NPS/CSAT over time, growth) work in whole Jalali months; a custom range is widened
to the months it touches, and the report's ``period`` says which months. RFM and churn describe
every buyer's whole history as of now (a snapshot), whatever the period. Reports are the owner's.

``CHARTS`` tells a page which table of each report to draw and how.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.domain.jalali import Period, format_jalali, from_iso, jalali_of, start_of_jalali_day, this_year, to_iso
from loyaltydesk.domain.report import Column, Kind, Report, Table
from loyaltydesk.domain.roles import Action
from loyaltydesk.domain.surveys import aspect_label
from loyaltydesk.domain.text import to_persian_digits
from loyaltydesk.store import analytics as store
from loyaltydesk.store import club as club_store

from .members import full_name
from .session import Session
from .slicing import SLICE_SECONDS, Budget

NAMES = ("rfm", "value", "retention", "churn", "cost", "liability", "nps", "csat", "tiers", "growth", "cashiers")

# name → (table index, label column, value columns, "bar" | "line") for the page's chart.
CHARTS = {
    "rfm": (0, "segment", ("members",), "bar"),
    "value": (1, "month", ("spend_per_buyer",), "bar"),
    "retention": (0, "period", ("retention",), "line"),
    "churn": (1, "band", ("members",), "bar"),
    "cost": (0, "month", ("cost_pct",), "line"),
    "liability": (0, "month", ("earned", "redeemed"), "bar"),
    "nps": (0, "month", ("nps",), "line"),
    "csat": (0, "aspect", ("average",), "bar"),
    "tiers": (0, "tier", ("members",), "bar"),
    "growth": (0, "month", ("joined",), "bar"),
    "cashiers": (0, "cashier", ("net",), "bar"),
}

SEGMENT_LIST_LIMIT = 20
CHURN_LIST_LIMIT = 100
# The tier moves table keeps tier_history's reasons as they are stored (the same in --json); these
# marks give them a text in "Report", where the page and the PDF translate every text cell.
TIER_MOVE_REASONS = (QT_TRANSLATE_NOOP("Report", "signup"), QT_TRANSLATE_NOOP("Report", "purchase"),
                     QT_TRANSLATE_NOOP("Report", "refund"), QT_TRANSLATE_NOOP("Report", "review"))


# --- helpers --------------------------------------------------------------------------------------

def _period_text(start: datetime, end: datetime) -> str:
    first = jalali_of(start).date()
    last = jalali_of(end - timedelta(seconds=1)).date()
    return to_persian_digits(f"{format_jalali(first)} تا {format_jalali(last)}")


def _as_of(session: Session) -> str:
    return to_persian_digits(format_jalali(jalali_of(session.now()).date()))


def _months(session: Session, period: Period | None, kind: str = rules.MONTH) -> tuple[list[int], str]:
    """The month (season) keys of ``period`` that have begun by now, and the span they cover, up
    to today when the period runs on past it: months still to come are not reported (a 0 there
    would read as a collapse), and the label says the figures end today."""
    now = session.now()
    period = period or this_year(now)
    keys = rules.keys_begun(rules.keys_covering(period, kind), now)
    if not keys:  # the whole period is still to come
        return [], _period_text(period.start, period.end)
    whole = rules.covered_period(keys)
    return keys, _period_text(whole.start, min(whole.end, _end_of_today(now)))


def _end_of_today(now: datetime) -> datetime:
    """The first moment of tomorrow, Tehran time (the label's last day is today)."""
    return start_of_jalali_day(jalali_of(now).date() + timedelta(days=1))


def _col(key: str, title: str, kind: Kind = Kind.TEXT) -> Column:
    return Column(key, title, kind)


def _name(row: store.RfmMember | store.Spender | store.AtRisk) -> str:
    return full_name(row.first_name or "", row.last_name or "")


def _bp(part: int, whole: int) -> int:
    return rules.percent_bp(part, whole) or 0


def _zero_row(period: int) -> store.ClubPeriod:
    """A period nobody bought in (it has no row)."""
    return store.ClubPeriod(period)


def _require(session: Session) -> None:
    session.require(Action.READ_REPORTS)


# --- RFM ----------------------------------------------------------------------------------------

def _ranks(n: int) -> list[int]:
    """The 1-based ranks of the 20/40/60/80th percentiles (nearest rank) among ``n`` buyers."""
    return [-(-n * q // 5) for q in (1, 2, 3, 4)]


def _cuts_of(db, n: int) -> rules.RfmCuts:
    """The quintile cut points of R, F and M over the ``n`` buyers."""
    ranks = _ranks(n)
    return rules.RfmCuts(tuple(store.quantile_values(db, "last_at", ranks, n)),
                         tuple(store.quantile_values(db, "visits", ranks, n)),
                         tuple(store.quantile_values(db, "spend", ranks, n)))


_CUTS: dict[str, tuple[tuple[int | None, int | None, int], float, rules.RfmCuts]] = {}  # database path -> (token, when, cuts)
SETTLED_BUYERS = 10_000  # from here one purchase moves no cut point that matters: the till may reuse them
SETTLED_SECONDS = 3_600.0


def rfm_cuts(db, settled: bool = False) -> rules.RfmCuts | None:
    """The cut points the RFM report scores with (one definition, ``_cuts_of``), for a targeted
    list by segment and a member's story; None while nobody has bought. Finding them walks three
    indexes (~1 s at 1M buyers), so they are kept per database until a purchase or a refund is
    added (every change of ``member_stats`` comes with one). ``settled`` (the till): in a club of
    ``SETTLED_BUYERS`` buyers or more, cut points found within the last hour are good enough."""
    token = store.stats_token(db)
    kept = _CUTS.get(db.path)
    if kept is not None and (kept[0] == token or settled and token[2] >= SETTLED_BUYERS
                             and time.monotonic() - kept[1] < SETTLED_SECONDS):
        return kept[2]
    n = token[2]
    if not n:
        return None
    cuts = _cuts_of(db, n)
    _CUTS[db.path] = (token, time.monotonic(), cuts)
    return cuts

# --- the day's cut points, for the till ----------------------------------------------------------

CUT_COLUMNS = ("last_at", "visits", "spend")  # R, F, M: four cut points each


CUTS_CHUNK = 20_000  # index entries a slice walks at most per step (~0.02-0.1 s, cold pages included)


@dataclass
class CutsRun:
    """The daily run's step that finds the day's RFM cut points for the till (``till_cuts``): once
    a Tehran day, in short slices, each its own transaction: the buyers counted a visits group at
    a time, then each cut point reached by walking its index ``chunk`` entries at a time (from the
    nearer end), resuming after the key where the last slice stopped. Found across slices, a cut
    point may be off by the purchases made meanwhile: the same few places a day-old one is."""

    found_at: str  # the run's moment (UTC ISO): the cut points are that day's
    chunk: int = CUTS_CHUNK
    counted_to: int | None = None  # the visits group counted last
    counting: int = 0  # buyers counted so far
    buyers: int | None = None  # all of them, once counted
    walks: list = field(default_factory=list)  # (column, descending, position from that end, slot) still to reach
    key: tuple | None = None  # where the walk in hand stopped
    walked: int = 0  # entries it has walked
    values: dict = field(default_factory=dict)  # slot (R 0-3, F 4-7, M 8-11) → cut point
    slices: int = 0
    stored: bool = False  # this run stored the day's (False: they were already, or nobody has bought)
    done: bool = False
    checked: bool = False  # the stored ones were looked at


def _walks(n: int) -> list[tuple[str, bool, int, int]]:
    """Each cut point as a walk from the nearer end of its index, in an order where consecutive
    walks from the same end continue each other: (column, descending, position, slot)."""
    out = []
    for c, column in enumerate(CUT_COLUMNS):
        ranks = _ranks(n)
        out += [(column, False, k, 4 * c + q) for q, k in enumerate(ranks) if 2 * k <= n]
        out += sorted(((column, True, n - k + 1, 4 * c + q) for q, k in enumerate(ranks) if 2 * k > n),
                      key=lambda w: w[2])
    return out


def _cuts_step(db, run: CutsRun) -> None:
    """One bounded piece of work of ``run``."""
    if run.buyers is None:
        group = store.visits_after(db, run.counted_to)
        if group is None:
            run.buyers = run.counting
            run.walks = _walks(run.buyers) if run.buyers else []
        else:
            run.counted_to, run.counting = group[0], run.counting + group[1]
        return
    column, descending, position, slot = run.walks[0]
    if column not in store.INDEX_KEYS:  # the narrow visits index: one walk (~0.03 s at 1M buyers)
        rank = run.buyers - position + 1 if descending else position
        run.values[slot] = store.quantile_values(db, column, [rank], run.buyers)[0]
        run.walks.pop(0)
        return
    steps = min(run.chunk, position - run.walked)
    key = store.walk_index(db, column, run.key, steps, descending)
    if key is None:  # buyers gone since they were counted (a member merged away): the walk in one go
        rank = run.buyers - position + 1 if descending else position
        run.values[slot] = store.quantile_values(db, column, [rank])[0]
    else:
        run.key, run.walked = key, run.walked + steps
        if run.walked < position:
            return
        run.values[slot] = key[0]
    run.walks.pop(0)
    if not run.walks or run.walks[0][:2] != (column, descending):  # the next walk starts at an end
        run.key, run.walked = None, 0


def cuts_slice(session: Session, run: CutsRun, budget: float | None = SLICE_SECONDS) -> CutsRun:
    """One slice of ``run``: nothing when today's cut points are stored already; else pieces of the
    work (at least one, more while the budget lasts), and with the last cut point, the day's
    stored. A derived figure, like the report's: not audited (and not proven by ``check``: it is a
    dated snapshot that purchases since have legitimately moved)."""
    with session.act(Action.FIND_MEMBER) as db:
        clock = Budget(budget)
        if not run.checked:
            run.checked = True
            kept = store.day_cuts(db)
            if kept is not None and rules.cuts_age_days(from_iso(kept.found_at), from_iso(run.found_at)) == 0:
                run.done = True
                return run
        while True:
            _cuts_step(db, run)
            if run.buyers is not None and not run.walks or clock.spent():
                break
        run.slices += 1
        if run.buyers is not None and not run.walks:
            run.done = True
            if run.buyers:
                # found in slices, a purchase in between may have moved a later one: each stays in order
                r, f, m = (tuple(sorted(run.values[4 * c + q] for q in range(4))) for c in range(3))
                store.put_day_cuts(db, store.DayCuts(run.found_at, run.buyers, r, f, m))
                run.stored = True
    return run


def find_day_cuts(session: Session) -> CutsRun:
    """The day's cut points found and stored in one go (tests, the bench, a club without the app)."""
    run = CutsRun(session.now_iso())
    while not run.done:
        cuts_slice(session, run, None)
    return run


def _read_day_cuts(db) -> tuple[datetime, rules.RfmCuts] | None:
    kept = store.day_cuts(db)
    return None if kept is None else (from_iso(kept.found_at), rules.RfmCuts(kept.recency, kept.frequency, kept.monetary))


def till_cuts(db, now_iso: str) -> rules.RfmCuts | None:
    """The cut points a purchase at ``now_iso`` scores a member's RFM segment with (None: nobody has
    bought): the daily run's (``cuts_slice``) when ``rules.cuts_usable`` (today's, or yesterday's
    until the day's run has found today's), read once per connection until the settings change;
    else found here once per Tehran day on this connection (a club where the run never ran, or not
    for days), as the campaigns did before the run stored them."""
    now = from_iso(now_iso)
    kept = club_store.kept(db, "rfm_day_cuts", _read_day_cuts)
    if kept is not None and rules.cuts_usable(kept[0], now):
        return kept[1]
    day = rules.tehran_date(now)
    found = db.memo.get("till_rfm")
    if found is None or found[0] != day:
        n = store.buyer_count(db)
        found = db.memo["till_rfm"] = (day, _cuts_of(db, n) if n else None)
    return found[1]


def story_cuts(db, now_iso: str) -> rules.RfmCuts | None:
    """The cut points a member's story scores the segment with: the daily run's when usable (as a
    campaign's purchase: no index walk when the member opens at the till), else the ones the
    reports keep, settled (``rfm_cuts``: found again at most once an hour in a big club)."""
    kept = club_store.kept(db, "rfm_day_cuts", _read_day_cuts)
    if kept is not None and rules.cuts_usable(kept[0], from_iso(now_iso)):
        return kept[1]
    return rfm_cuts(db, settled=True)


def rfm(session: Session, period: Period | None = None, limit: int = SEGMENT_LIST_LIMIT) -> Report:
    """RFM scores 1-5 by quintile cut points over every buyer, the named segments with their
    counts, and each segment's biggest spenders. A snapshot as of now (see domain/analytics.py)."""
    _require(session)
    db = session.db
    n = store.buyer_count(db)
    members_total = club_store.member_count(db)
    seg_rows, score_rows, list_rows, cuts_rows = [], [], [], []
    by_segment = {s: [0, 0, 0] for s in rules.SEGMENTS}  # members, spend, visits
    if n:
        cuts = _cuts_of(db, n)
        occupied = {}
        for c in store.rfm_counts(db, cuts.recency, cuts.frequency, cuts.monetary):
            code = c.code
            seg = rules.SEGMENT_OF[(code // 100, code // 10 % 10, code % 10)]
            occupied[code] = seg
            acc = by_segment[seg]
            acc[0] += c.members
            acc[1] += c.spend
            acc[2] += c.visits
            score_rows.append((code // 100, code // 10 % 10, code % 10, rules.SEGMENT_TITLES[seg], c.members))
        for seg in rules.SEGMENTS:
            codes = sorted(c for c, s in occupied.items() if s == seg)
            if not codes:
                continue
            top_m = max(c % 10 for c in codes)
            below = cuts.monetary[top_m - 1] if top_m <= len(cuts.monetary) else None
            top = sorted(store.rfm_top(db, cuts.recency, cuts.frequency, cuts.monetary, codes, below, limit),
                         key=lambda r: (-r.spend, r.member_id))
            for r in top:
                code = r.code
                list_rows.append((rules.SEGMENT_TITLES[seg], r.card, _name(r), r.last_at, r.visits,
                                  r.spend, code // 100, code // 10 % 10, code % 10))
        for q, (cr, cf, cm) in enumerate(zip(cuts.recency, cuts.frequency, cuts.monetary), start=1):
            cuts_rows.append((f"{q * 20}%", cr, cf, cm))
    for seg in rules.SEGMENTS:
        members, spend, visits = by_segment[seg]
        seg_rows.append((rules.SEGMENT_TITLES[seg], members, _bp(members, n), spend,
                         spend // members if members else 0, rules.average_hundredths(visits, members) or 0.0))
    score_rows.sort(key=lambda row: (-row[0], -row[1], -row[2]))
    return Report(
        name="rfm",
        title=QT_TRANSLATE_NOOP("Report", "RFM segments"),
        period=_as_of(session),
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Buyers"), n, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Members without a purchase"), members_total - n, Kind.INT),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "Segments"), (
                _col("segment", QT_TRANSLATE_NOOP("Report", "Segment")),
                _col("members", QT_TRANSLATE_NOOP("Report", "Members"), Kind.INT),
                _col("share", QT_TRANSLATE_NOOP("Report", "Share of buyers"), Kind.PERCENT_BP),
                _col("spend", QT_TRANSLATE_NOOP("Report", "Spend"), Kind.MONEY),
                _col("spend_per_member", QT_TRANSLATE_NOOP("Report", "Spend per member"), Kind.MONEY),
                _col("visits_per_member", QT_TRANSLATE_NOOP("Report", "Visits per member"), Kind.DECIMAL),
            ), tuple(seg_rows)),
            Table(QT_TRANSLATE_NOOP("Report", "Scores"), (
                _col("r", QT_TRANSLATE_NOOP("Report", "R"), Kind.INT),
                _col("f", QT_TRANSLATE_NOOP("Report", "F"), Kind.INT),
                _col("m", QT_TRANSLATE_NOOP("Report", "M"), Kind.INT),
                _col("segment", QT_TRANSLATE_NOOP("Report", "Segment")),
                _col("members", QT_TRANSLATE_NOOP("Report", "Members"), Kind.INT),
            ), tuple(score_rows)),
            Table(QT_TRANSLATE_NOOP("Report", "Biggest spenders of each segment"), (
                _col("segment", QT_TRANSLATE_NOOP("Report", "Segment")),
                _col("card", QT_TRANSLATE_NOOP("Report", "Card"), Kind.CODE),
                _col("name", QT_TRANSLATE_NOOP("Report", "Name")),
                _col("last_purchase", QT_TRANSLATE_NOOP("Report", "Last purchase"), Kind.MOMENT),
                _col("visits", QT_TRANSLATE_NOOP("Report", "Visits"), Kind.INT),
                _col("spend", QT_TRANSLATE_NOOP("Report", "Spend"), Kind.MONEY),
                _col("r", QT_TRANSLATE_NOOP("Report", "R"), Kind.INT),
                _col("f", QT_TRANSLATE_NOOP("Report", "F"), Kind.INT),
                _col("m", QT_TRANSLATE_NOOP("Report", "M"), Kind.INT),
            ), tuple(list_rows)),
            Table(QT_TRANSLATE_NOOP("Report", "Quintile cut points"), (
                _col("quintile", QT_TRANSLATE_NOOP("Report", "Quintile")),
                _col("last_purchase", QT_TRANSLATE_NOOP("Report", "Last purchase"), Kind.MOMENT),
                _col("visits", QT_TRANSLATE_NOOP("Report", "Visits"), Kind.INT),
                _col("spend", QT_TRANSLATE_NOOP("Report", "Spend"), Kind.MONEY),
            ), tuple(cuts_rows)),
        ),
    )


# --- customer value -----------------------------------------------------------------------------

def value(session: Session, period: Period | None = None, top: int = 20) -> Report:
    """Spend per member over their life and per Jalali year, average basket, visits per member
    per year (Harrah's measured 5.4), month by month in the period, and the biggest spenders."""
    _require(session)
    db = session.db
    months, label = _months(session, period)
    years = sorted({m // 100 for m in months})
    rows = store.club_periods(db, months + years)
    life = store.lifetime_totals(db)
    year_rows, month_rows = [], []
    for y in years:
        r = rows.get(y) or _zero_row(y)
        spend = r.gross - r.refunded
        year_rows.append((str(y), r.buyers, r.purchases, spend, spend // r.buyers if r.buyers else 0,
                          rules.average_hundredths(r.purchases, r.buyers) or 0.0,
                          r.gross // r.purchases if r.purchases else 0))
    tot = {"buyers": 0, "purchases": 0, "spend": 0, "gross": 0}
    for m in months:
        r = rows.get(m) or _zero_row(m)
        spend = r.gross - r.refunded
        tot["purchases"] += r.purchases
        tot["spend"] += spend
        tot["gross"] += r.gross
        month_rows.append((rules.key_label(m), r.buyers, r.purchases, spend,
                           spend // r.buyers if r.buyers else 0,
                           r.gross // r.purchases if r.purchases else 0))
    top_rows = tuple((t.card, _name(t), t.first_at, t.last_at, t.visits, t.spend)
                     for t in store.top_spenders(db, top))
    money_cols = lambda: (  # noqa: E731
        _col("buyers", QT_TRANSLATE_NOOP("Report", "Buyers"), Kind.INT),
        _col("purchases", QT_TRANSLATE_NOOP("Report", "Purchases"), Kind.INT),
        _col("spend", QT_TRANSLATE_NOOP("Report", "Spend"), Kind.MONEY),
        _col("spend_per_buyer", QT_TRANSLATE_NOOP("Report", "Spend per buyer"), Kind.MONEY),
    )
    return Report(
        name="value",
        title=QT_TRANSLATE_NOOP("Report", "Customer value"),
        period=label,
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Buyers ever"), life.buyers, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Lifetime spend per buyer"),
             life.spend // life.buyers if life.buyers else 0, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Lifetime visits per buyer"),
             rules.average_hundredths(life.visits, life.buyers) or 0.0, Kind.DECIMAL),
            (QT_TRANSLATE_NOOP("Report", "Average basket in the period"),
             tot["gross"] // tot["purchases"] if tot["purchases"] else 0, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Spend in the period"), tot["spend"], Kind.MONEY),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "By Jalali year"), (
                _col("year", QT_TRANSLATE_NOOP("Report", "Year")), *money_cols(),
                _col("visits_per_buyer", QT_TRANSLATE_NOOP("Report", "Visits per buyer"), Kind.DECIMAL),
                _col("average_basket", QT_TRANSLATE_NOOP("Report", "Average basket"), Kind.MONEY),
            ), tuple(year_rows)),
            Table(QT_TRANSLATE_NOOP("Report", "By month"), (
                _col("month", QT_TRANSLATE_NOOP("Report", "Month")), *money_cols(),
                _col("average_basket", QT_TRANSLATE_NOOP("Report", "Average basket"), Kind.MONEY),
            ), tuple(month_rows)),
            Table(QT_TRANSLATE_NOOP("Report", "Biggest spenders (lifetime)"), (
                _col("card", QT_TRANSLATE_NOOP("Report", "Card"), Kind.CODE),
                _col("name", QT_TRANSLATE_NOOP("Report", "Name")),
                _col("first_purchase", QT_TRANSLATE_NOOP("Report", "First purchase"), Kind.MOMENT),
                _col("last_purchase", QT_TRANSLATE_NOOP("Report", "Last purchase"), Kind.MOMENT),
                _col("visits", QT_TRANSLATE_NOOP("Report", "Visits"), Kind.INT),
                _col("spend", QT_TRANSLATE_NOOP("Report", "Spend"), Kind.MONEY),
            ), top_rows),
        ),
    )


# --- retention and churn ----------------------------------------------------------------------

def retention(session: Session, period: Period | None = None, by: str = rules.MONTH) -> Report:
    """Of the members who bought in each Jalali month (or season) of the period, how many bought
    again in the next one. The last row's next period may not be over yet; for the current
    period, whose next has not begun, the retention is left empty (None)."""
    _require(session)
    if by not in (rules.MONTH, rules.SEASON):
        raise ValueError(f"retention by {by!r}")
    keys, label = _months(session, period, by)
    rows = store.club_periods(session.db, keys)
    out, buyers_sum, retained_sum = [], 0, 0
    now_key = rules.key_at(session.now(), by)
    for k in keys:
        r = rows.get(k) or _zero_row(k)
        begun = rules.next_key(k) <= now_key
        if begun:
            buyers_sum += r.buyers
            retained_sum += r.retained
        # the current period's next one has not begun: nobody can have come back yet, and a 0 %
        # would read as a collapse; its retention is not known (no point on the chart)
        out.append((rules.key_label(k), rules.key_label(rules.next_key(k)), r.buyers, r.retained,
                    _bp(r.retained, r.buyers) if begun else None))
    return Report(
        name="retention",
        title=QT_TRANSLATE_NOOP("Report", "Retention"),
        period=label,
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Retention"), _bp(retained_sum, buyers_sum), Kind.PERCENT_BP),
            (QT_TRANSLATE_NOOP("Report", "Buyers"), buyers_sum, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Came back"), retained_sum, Kind.INT),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "Bought again in the next period"), (
                _col("period", QT_TRANSLATE_NOOP("Report", "Period")),
                _col("next", QT_TRANSLATE_NOOP("Report", "Next period")),
                _col("buyers", QT_TRANSLATE_NOOP("Report", "Buyers"), Kind.INT),
                _col("retained", QT_TRANSLATE_NOOP("Report", "Came back"), Kind.INT),
                _col("retention", QT_TRANSLATE_NOOP("Report", "Retention"), Kind.PERCENT_BP),
            ), tuple(out)),
        ),
    )


def churn(session: Session, period: Period | None = None, limit: int = CHURN_LIST_LIMIT) -> Report:
    """Members who have not come for longer than usual for them (domain/analytics.py), the
    biggest spenders first, as of now."""
    _require(session)
    db = session.db
    now = session.now_iso()
    args = (now, rules.CHURN_MIN_VISITS, rules.CHURN_FACTOR, rules.CHURN_MIN_DAYS)
    totals = store.churn_totals(db, *args)
    listed = store.churn_list(db, *args, limit)
    bands = []
    edges = ((0, 2), (2, 3), (3, 5), (5, None))
    ratio_counts = [0] * len(edges)
    for r in listed:
        ratio = r.days_since / max(r.gap_days, rules.CHURN_MIN_DAYS / rules.CHURN_FACTOR)
        for i, (lo, hi) in enumerate(edges):
            if ratio >= lo and (hi is None or ratio < hi):
                ratio_counts[i] += 1
    for (lo, hi), n in zip(edges, ratio_counts):
        bands.append((f"×{lo}–{hi}" if hi else f"×{lo}+", n))
    buyers_2 = store.regular_buyers(db, rules.CHURN_MIN_VISITS)
    return Report(
        name="churn",
        title=QT_TRANSLATE_NOOP("Report", "Churn risk"),
        period=_as_of(session),
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Members at risk"), totals.members, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Their lifetime spend"), totals.spend, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Share of regular buyers"), _bp(totals.members, buyers_2), Kind.PERCENT_BP),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "At-risk members"), (
                _col("card", QT_TRANSLATE_NOOP("Report", "Card"), Kind.CODE),
                _col("name", QT_TRANSLATE_NOOP("Report", "Name")),
                _col("mobile", QT_TRANSLATE_NOOP("Report", "Mobile"), Kind.CODE),
                _col("last_purchase", QT_TRANSLATE_NOOP("Report", "Last purchase"), Kind.MOMENT),
                _col("visits", QT_TRANSLATE_NOOP("Report", "Visits"), Kind.INT),
                _col("usual_gap", QT_TRANSLATE_NOOP("Report", "Usual gap (days)"), Kind.DECIMAL),
                _col("days_since", QT_TRANSLATE_NOOP("Report", "Days since"), Kind.INT),
                _col("spend", QT_TRANSLATE_NOOP("Report", "Spend"), Kind.MONEY),
            ), tuple((r.card, _name(r), r.mobile, r.last_at, r.visits, round(r.gap_days, 1),
                      int(r.days_since), r.spend) for r in listed)),
            Table(QT_TRANSLATE_NOOP("Report", "Listed members by how overdue"), (
                _col("band", QT_TRANSLATE_NOOP("Report", "Absence / usual gap")),
                _col("members", QT_TRANSLATE_NOOP("Report", "Members"), Kind.INT),
            ), tuple(bands)),
        ),
    )


# --- cost and liability -------------------------------------------------------------------------

def cost(session: Session, period: Period | None = None) -> Report:
    """The club's cost: tier and coupon discounts plus the value of redeemed points, as a percent
    of gross sales, month by month (by the month of the purchase)."""
    _require(session)
    months, label = _months(session, period)
    rows = store.club_periods(session.db, months)
    periods = [rows.get(m) or _zero_row(m) for m in months]
    out = []
    for m, r in zip(months, periods):
        c = r.tier_discount + r.coupon_discount + r.redeem_value
        out.append((rules.key_label(m), r.gross, r.tier_discount, r.coupon_discount, r.redeem_value, c,
                    _bp(c, r.gross), r.refunded))
    gross, refunded = sum(r.gross for r in periods), sum(r.refunded for r in periods)
    tier_discount, coupon_discount = sum(r.tier_discount for r in periods), sum(r.coupon_discount for r in periods)
    redeem_value = sum(r.redeem_value for r in periods)
    total_cost = tier_discount + coupon_discount + redeem_value
    return Report(
        name="cost",
        title=QT_TRANSLATE_NOOP("Report", "Cost of the club"),
        period=label,
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Cost percent"), _bp(total_cost, gross), Kind.PERCENT_BP),
            (QT_TRANSLATE_NOOP("Report", "Cost"), total_cost, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Sales"), gross, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Tier discounts"), tier_discount, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Coupon discounts"), coupon_discount, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Points redeemed"), redeem_value, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Refunded"), refunded, Kind.MONEY),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "By month"), (
                _col("month", QT_TRANSLATE_NOOP("Report", "Month")),
                _col("sales", QT_TRANSLATE_NOOP("Report", "Sales"), Kind.MONEY),
                _col("tier_discount", QT_TRANSLATE_NOOP("Report", "Tier discounts"), Kind.MONEY),
                _col("coupon_discount", QT_TRANSLATE_NOOP("Report", "Coupon discounts"), Kind.MONEY),
                _col("redeem_value", QT_TRANSLATE_NOOP("Report", "Points redeemed"), Kind.MONEY),
                _col("cost", QT_TRANSLATE_NOOP("Report", "Cost"), Kind.MONEY),
                _col("cost_pct", QT_TRANSLATE_NOOP("Report", "Cost percent"), Kind.PERCENT_BP),
                _col("refunded", QT_TRANSLATE_NOOP("Report", "Refunded"), Kind.MONEY),
            ), tuple(out)),
        ),
    )


def liability(session: Session, period: Period | None = None) -> Report:
    """The points the club owes: outstanding (positive) balances × the point value now, what
    expires in the next 30 days, and points earned and redeemed month by month."""
    _require(session)
    db = session.db
    settings = club_store.club_settings(db)
    months, label = _months(session, period)
    rows = store.club_periods(db, months)
    out = store.outstanding_points(db)
    now = session.now()
    soon = store.points_expiring(db, to_iso(now), to_iso(now + timedelta(days=30)))
    table = []
    for m in months:
        r = rows.get(m) or _zero_row(m)
        table.append((rules.key_label(m), r.points_earned, r.points_redeemed,
                      r.points_earned * settings.point_value, r.redeem_value))
    return Report(
        name="liability",
        title=QT_TRANSLATE_NOOP("Report", "Points liability"),
        period=label,
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Liability"), out.points * settings.point_value, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Outstanding points"), out.points, Kind.POINTS),
            (QT_TRANSLATE_NOOP("Report", "Point value"), settings.point_value, Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Members with points"), out.members, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Negative balances"), out.negative, Kind.POINTS),
            (QT_TRANSLATE_NOOP("Report", "Expiring within 30 days"), soon, Kind.POINTS),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "Points by month"), (
                _col("month", QT_TRANSLATE_NOOP("Report", "Month")),
                _col("earned", QT_TRANSLATE_NOOP("Report", "Earned"), Kind.POINTS),
                _col("redeemed", QT_TRANSLATE_NOOP("Report", "Redeemed"), Kind.POINTS),
                _col("earned_value", QT_TRANSLATE_NOOP("Report", "Value earned"), Kind.MONEY),
                _col("redeemed_value", QT_TRANSLATE_NOOP("Report", "Value redeemed"), Kind.MONEY),
            ), tuple(table)),
        ),
    )


# --- satisfaction -----------------------------------------------------------------------------

def nps(session: Session, period: Period | None = None) -> Report:
    """NPS = %promoters − %detractors over the period's months, and month by month."""
    _require(session)
    months, label = _months(session, period)
    table = []
    total = [0, 0, 0]
    for r in store.nps_by_month(session.db, months):
        f = rules.NpsFigures(r.responses, r.promoters, r.responses - r.promoters - r.detractors,
                             r.detractors)
        total[0] += f.responses
        total[1] += f.promoters
        total[2] += f.detractors
        table.append((rules.key_label(r.month_key), f.responses, f.promoters, f.passives, f.detractors, f.nps))
    f = rules.NpsFigures(total[0], total[1], total[0] - total[1] - total[2], total[2])
    return Report(
        name="nps",
        title=QT_TRANSLATE_NOOP("Report", "Net promoter score"),
        period=label,
        summary=(
            (QT_TRANSLATE_NOOP("Report", "NPS"), f.nps, Kind.DECIMAL),
            (QT_TRANSLATE_NOOP("Report", "Responses"), f.responses, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Promoters"), f.promoters, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Passives"), f.passives, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Detractors"), f.detractors, Kind.INT),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "By month"), (
                _col("month", QT_TRANSLATE_NOOP("Report", "Month")),
                _col("responses", QT_TRANSLATE_NOOP("Report", "Responses"), Kind.INT),
                _col("promoters", QT_TRANSLATE_NOOP("Report", "Promoters"), Kind.INT),
                _col("passives", QT_TRANSLATE_NOOP("Report", "Passives"), Kind.INT),
                _col("detractors", QT_TRANSLATE_NOOP("Report", "Detractors"), Kind.INT),
                _col("nps", QT_TRANSLATE_NOOP("Report", "NPS"), Kind.DECIMAL),
            ), tuple(table)),
        ),
    )


def csat(session: Session, period: Period | None = None) -> Report:
    """Average stars and the share of 4-5 star answers per aspect, over the period and by month."""
    _require(session)
    months, label = _months(session, period)
    rows = store.csat_by_month(session.db, months)
    by_aspect: dict[str, list[int]] = {}
    monthly = []
    for r in rows:
        acc = by_aspect.setdefault(r.aspect, [0, 0, 0])
        acc[0] += r.answers
        acc[1] += r.stars
        acc[2] += r.satisfied
        monthly.append((rules.key_label(r.month_key), (aspect_label(r.aspect)), r.answers,
                        rules.average_hundredths(r.stars, r.answers), _bp(r.satisfied, r.answers)))
    aspect_rows = tuple(((aspect_label(a)), n, rules.average_hundredths(s, n), _bp(sat, n))
                        for a, (n, s, sat) in sorted(by_aspect.items()))
    answers = sum(v[0] for v in by_aspect.values())
    return Report(
        name="csat",
        title=QT_TRANSLATE_NOOP("Report", "Customer satisfaction (CSAT)"),
        period=label,
        summary=(
            (QT_TRANSLATE_NOOP("Report", "CSAT"), _bp(sum(v[2] for v in by_aspect.values()), answers), Kind.PERCENT_BP),
            (QT_TRANSLATE_NOOP("Report", "Average stars"),
             rules.average_hundredths(sum(v[1] for v in by_aspect.values()), answers) or 0.0, Kind.DECIMAL),
            (QT_TRANSLATE_NOOP("Report", "Answers"), answers, Kind.INT),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "By aspect"), (
                _col("aspect", QT_TRANSLATE_NOOP("Report", "Aspect")),
                _col("answers", QT_TRANSLATE_NOOP("Report", "Answers"), Kind.INT),
                _col("average", QT_TRANSLATE_NOOP("Report", "Average stars"), Kind.DECIMAL),
                _col("satisfied", QT_TRANSLATE_NOOP("Report", "4-5 stars"), Kind.PERCENT_BP),
            ), aspect_rows),
            Table(QT_TRANSLATE_NOOP("Report", "By month"), (
                _col("month", QT_TRANSLATE_NOOP("Report", "Month")),
                _col("aspect", QT_TRANSLATE_NOOP("Report", "Aspect")),
                _col("answers", QT_TRANSLATE_NOOP("Report", "Answers"), Kind.INT),
                _col("average", QT_TRANSLATE_NOOP("Report", "Average stars"), Kind.DECIMAL),
                _col("satisfied", QT_TRANSLATE_NOOP("Report", "4-5 stars"), Kind.PERCENT_BP),
            ), tuple(monthly)),
        ),
    )


# --- tiers and growth -------------------------------------------------------------------------

def tiers(session: Session, period: Period | None = None) -> Report:
    """How many members are in each tier now, and the tier moves (up at a purchase, down at a
    refund or review) in the period."""
    _require(session)
    db = session.db
    period = period or this_year(session.now())
    tier_list = club_store.tiers(db)
    names = {t.id: t.name for t in tier_list}
    counts = {r.tier_id: (r.members, r.points) for r in store.members_by_tier(db)}
    total = sum(c[0] for c in counts.values())
    dist = [(t.name, counts.get(t.id, (0, 0))[0], _bp(counts.get(t.id, (0, 0))[0], total), counts.get(t.id, (0, 0))[1])
            for t in tier_list]
    if None in counts:
        dist.insert(0, ("-", counts[None][0], _bp(counts[None][0], total), counts[None][1]))
    rank = {t.id: i for i, t in enumerate(sorted(tier_list, key=lambda t: t.threshold))}
    moves = []
    up = down = 0
    for r in store.tier_moves(db, to_iso(period.start), to_iso(period.end)):
        rise = rank.get(r.to_tier_id, -1) > rank.get(r.from_tier_id, -1)
        up += r.moves if rise else 0
        down += 0 if rise else r.moves
        moves.append((names.get(r.from_tier_id, "-"), names.get(r.to_tier_id, "-"), r.reason, r.moves))
    moves.sort(key=lambda m: -m[3])
    return Report(
        name="tiers",
        title=QT_TRANSLATE_NOOP("Report", "Tiers"),
        period=_period_text(period.start, period.end),
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Members"), total, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Moved up"), up, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Moved down"), down, Kind.INT),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "Members by tier"), (
                _col("tier", QT_TRANSLATE_NOOP("Report", "Tier")),
                _col("members", QT_TRANSLATE_NOOP("Report", "Members"), Kind.INT),
                _col("share", QT_TRANSLATE_NOOP("Report", "Share"), Kind.PERCENT_BP),
                _col("points", QT_TRANSLATE_NOOP("Report", "Points"), Kind.POINTS),
            ), tuple(dist)),
            Table(QT_TRANSLATE_NOOP("Report", "Tier moves"), (
                _col("from", QT_TRANSLATE_NOOP("Report", "From")),
                _col("to", QT_TRANSLATE_NOOP("Report", "To")),
                _col("reason", QT_TRANSLATE_NOOP("Report", "Reason")),
                _col("moves", QT_TRANSLATE_NOOP("Report", "Moves"), Kind.INT),
            ), tuple(moves)),
        ),
    )


def growth(session: Session, period: Period | None = None) -> Report:
    """New members per Jalali month, members at each month's end, and how many of them bought."""
    _require(session)
    db = session.db
    months, label = _months(session, period)
    bounds = store.month_bounds(db, months)
    rows = store.club_periods(db, months)
    running = store.members_before(db, bounds[months[0]][0]) if months else 0
    table, joined_total = [], 0
    for m in months:
        joined = store.members_joined(db, *bounds[m])
        running += joined
        joined_total += joined
        r = rows.get(m) or _zero_row(m)
        table.append((rules.key_label(m), joined, running, r.buyers, _bp(r.buyers, running)))
    return Report(
        name="growth",
        title=QT_TRANSLATE_NOOP("Report", "Club growth"),
        period=label,
        summary=(
            (QT_TRANSLATE_NOOP("Report", "New members"), joined_total, Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Members"), club_store.member_count(db), Kind.INT),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "By month"), (
                _col("month", QT_TRANSLATE_NOOP("Report", "Month")),
                _col("joined", QT_TRANSLATE_NOOP("Report", "New members"), Kind.INT),
                _col("members", QT_TRANSLATE_NOOP("Report", "Members at month end"), Kind.INT),
                _col("buyers", QT_TRANSLATE_NOOP("Report", "Buyers"), Kind.INT),
                _col("active", QT_TRANSLATE_NOOP("Report", "Active share"), Kind.PERCENT_BP),
            ), tuple(table)),
        ),
    )


# --- per cashier ----------------------------------------------------------------------------------

def cashiers(session: Session, period: Period | None = None) -> Report:
    """Each cashier's sales, sign-ups, the refunds of their sales and the NPS of their customers
    (store/analytics.py says whose each one is) over the period, to the minute (not widened). A
    cashier is named as the shop knows them (their display name, else their login)."""
    _require(session)
    db = session.db
    period = period or this_year(session.now())
    start, end = to_iso(period.start), to_iso(period.end)
    sales = {r.actor: r for r in store.sales_by_cashier(db, start, end)}
    refunds = {r.actor: r for r in store.refunds_by_cashier(db, start, end)}
    signups = store.signups_by_cashier(db, start, end)
    scores = {r.actor: r for r in store.nps_by_cashier(db, start, end)}
    names = {u.username: u.display_name for u in club_store.users(db) if u.display_name}  # as the shop knows them
    rows: list[tuple] = []
    total = [0] * 6  # purchases, gross, net, sign-ups, refunds, returned
    for actor in set(sales) | set(refunds) | set(signups) | set(scores):
        s = sales.get(actor) or store.CashierSales(actor, 0, 0, 0, 0)
        r = refunds.get(actor) or store.CashierRefunds(actor, 0, 0, 0)
        n = scores.get(actor) or store.CashierNps(actor, 0, 0, 0)
        f = rules.NpsFigures(n.responses, n.promoters, n.responses - n.promoters - n.detractors, n.detractors)
        joined = signups.get(actor, 0)
        rows.append((names.get(actor, actor), s.purchases, s.gross, s.net, s.net // s.purchases if s.purchases else 0,
                     joined, r.refunds, r.amount, f.responses, f.nps))
        for i, v in enumerate((s.purchases, s.gross, s.net, joined, r.refunds, r.amount)):
            total[i] += v
    rows.sort(key=lambda row: (-row[3], row[0]))
    return Report(
        name="cashiers",
        title=QT_TRANSLATE_NOOP("Report", "Sales by cashier"),
        period=_period_text(period.start, period.end),
        summary=(
            (QT_TRANSLATE_NOOP("Report", "Cashiers"), len(rows), Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Purchases"), total[0], Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Net sales"), total[2], Kind.MONEY),
            (QT_TRANSLATE_NOOP("Report", "Sign-ups"), total[3], Kind.INT),
            (QT_TRANSLATE_NOOP("Report", "Refunds"), total[4], Kind.INT),
        ),
        tables=(
            Table(QT_TRANSLATE_NOOP("Report", "By cashier"), (
                _col("cashier", QT_TRANSLATE_NOOP("Report", "Cashier")),
                _col("purchases", QT_TRANSLATE_NOOP("Report", "Purchases"), Kind.INT),
                _col("gross", QT_TRANSLATE_NOOP("Report", "Gross"), Kind.MONEY),
                _col("net", QT_TRANSLATE_NOOP("Report", "Net"), Kind.MONEY),
                _col("basket", QT_TRANSLATE_NOOP("Report", "Average basket"), Kind.MONEY),
                _col("signups", QT_TRANSLATE_NOOP("Report", "Sign-ups"), Kind.INT),
                _col("refunds", QT_TRANSLATE_NOOP("Report", "Refunds of their sales"), Kind.INT),
                _col("refunded", QT_TRANSLATE_NOOP("Report", "Returned goods"), Kind.MONEY),
                _col("responses", QT_TRANSLATE_NOOP("Report", "Survey responses"), Kind.INT),
                _col("nps", QT_TRANSLATE_NOOP("Report", "NPS of their customers"), Kind.DECIMAL),
            ), tuple(rows)),
        ),
    )


REPORTS: dict[str, Callable[..., Report]] = {"rfm": rfm, "value": value, "retention": retention, "churn": churn, "cost": cost,
           "liability": liability, "nps": nps, "csat": csat, "tiers": tiers, "growth": growth,
           "cashiers": cashiers}


def report(session: Session, name: str, period: Period | None = None, **options) -> Report:
    """Any report by name (the CLI's and the page's entry point)."""
    return REPORTS[name](session, period, **options)


def period_between(start: datetime, end: datetime) -> Period:
    """A custom period from two moments (end exclusive), labelled with its Jalali dates."""
    return Period(start, end, _period_text(start, end))


def figures(report_: Report) -> dict:
    """The summary as ``snake_case`` keys (``NPS`` → ``nps``, ``Cost percent`` → ``cost_percent``),
    for ``--json`` and scripts."""
    return {label.lower().replace(" ", "_").replace("-", "_"): value for label, value, _ in report_.summary}


def rebuild(session: Session) -> store.StatsCounts:
    """Recompute the report aggregates from the purchases (after ``check`` found them wrong).
    Owner only; one transaction. Returns the row counts."""
    with session.act(Action.CHECK_DATABASE) as db:
        counts = store.rebuild_stats(db)
        session.audit("rebuild_report_figures", "stats", None, None, counts._asdict())
        return counts
