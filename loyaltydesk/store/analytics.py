"""The report queries, and the aggregates behind them.

``member_stats`` (per member, lifetime), ``member_periods`` (per member per Jalali month; a season
or a year of a member is the sum of its months, m0020) and ``club_periods`` (per Jalali month,
season, year, the whole club) are kept up to date by triggers on ``purchases`` (m0005_stats,
m0020_fewer_pages): every purchase and every change of its ``refunded`` cache updates them in the
same transaction. ``rebuild_stats`` fills them from the purchases (the
migration's backfill); the ``*_mismatches`` functions recompute them independently from the
purchases, for ``check``.
"""

from __future__ import annotations

import json
import secrets
import re
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, NamedTuple


from loyaltydesk.domain.analytics import MONTH, keys_of_month, kind_of, month_span, next_key
from loyaltydesk.domain.jalali import from_iso, to_iso

from .db import Database
from .rows import columns, fetch_all

Cuts = Sequence[Any]  # the quintile cut points of one of R, F, M (moments, counts or rials)
MONEY = ("gross", "refunded", "tier_discount", "coupon_discount", "redeem_value", "points_redeemed",
         "points_earned", "net")


# --- the rows the reports read ----------------------------------------------------------------------

class ClubPeriod(NamedTuple):
    """The whole club in one Jalali month, season or year (``club_periods``)."""

    period: int
    purchases: int = 0
    buyers: int = 0
    retained: int = 0  # buyers who bought again in the next period of the same kind
    gross: int = 0
    refunded: int = 0
    tier_discount: int = 0
    coupon_discount: int = 0
    redeem_value: int = 0
    points_redeemed: int = 0
    points_earned: int = 0
    net: int = 0


class RfmCount(NamedTuple):
    code: int  # R·100 + F·10 + M
    members: int
    spend: int
    visits: int


class RfmMember(NamedTuple):
    member_id: int
    card: str
    first_name: str
    last_name: str
    mobile: str
    last_at: str
    visits: int
    spend: int
    code: int


class Lifetime(NamedTuple):
    buyers: int
    spend: int
    visits: int


class Spender(NamedTuple):
    member_id: int
    card: str
    first_name: str
    last_name: str
    first_at: str
    last_at: str
    visits: int
    spend: int


class ChurnTotals(NamedTuple):
    members: int
    spend: int


class AtRisk(NamedTuple):
    member_id: int
    card: str
    first_name: str
    last_name: str
    mobile: str
    first_at: str
    last_at: str
    visits: int
    spend: int
    gap_days: float  # their usual days between two purchases
    days_since: float


class Outstanding(NamedTuple):
    points: int  # the positive balances summed
    members: int  # members with a positive balance
    negative: int  # the negative balances summed


class TierCount(NamedTuple):
    tier_id: int | None
    members: int
    points: int


class TierMoves(NamedTuple):
    from_tier_id: int | None
    to_tier_id: int | None
    reason: str
    moves: int


class NpsMonth(NamedTuple):
    month_key: int
    responses: int
    promoters: int
    detractors: int


class CsatMonth(NamedTuple):
    month_key: int
    aspect: str
    answers: int
    stars: int
    satisfied: int  # answers of 4-5 stars


class StatsCounts(NamedTuple):
    """Rows of each aggregate after ``rebuild_stats``."""

    member_stats: int
    member_periods: int
    club_periods: int


# --- the calendar (made by migration m0005) and the backfill ------------------------------------

def month_bounds(db: Database, keys: Iterable[int]) -> dict[int, tuple[str, str]]:
    """UTC [start, end) of month, season or year ``keys``."""
    out: dict[int, tuple[str, str]] = {}
    for key in keys:
        kind = kind_of(key)
        col = {"month": "month_key", "season": "season_key", "year": "year_key"}[kind]
        row = db.one(f"SELECT min(start_at), max(end_at) FROM jalali_months WHERE {col} = ?", (key,))
        if row[0] is not None:
            out[key] = (row[0], row[1])
    return out


def months_with_purchases(db: Database) -> list[tuple[int, str, str]]:
    """(month_key, start, end) of every calendar month from the first purchase's to the last's."""
    # Two subqueries: each is one probe of an end of purchases_at. SQLite's min/max shortcut takes a
    # lone min() or max() only; both in one SELECT walked the whole index (10M entries, ~1.7 s).
    lo, hi = db.one("SELECT (SELECT min(at) FROM purchases), (SELECT max(at) FROM purchases)")
    if lo is None:
        return []
    return [(r[0], r[1], r[2]) for r in db.all(
        "SELECT month_key, start_at, end_at FROM jalali_months WHERE end_at > ? AND start_at <= ? ORDER BY month_key",
        (lo, hi))]


def rebuild_stats(db: Database) -> StatsCounts:
    """Empty the aggregates and fill them from the stored purchases (inside the caller's transaction).

    Months are computed from ranges of the ``purchases_at`` index, the seasons' and years' sums
    from the months, buyers and retained from the members' months (``member_periods``). Returns row
    counts.
    """
    for table in ("member_stats", "member_periods", "club_periods"):
        db.execute(f"DELETE FROM {table}")
    db.execute(
        "INSERT INTO member_stats (member_id, first_at, last_at, visits, gross, refunded, spend) "
        "SELECT member_id, min(at), max(at), count(*), sum(gross), sum(refunded), sum(gross) - sum(refunded) "
        "FROM purchases GROUP BY member_id")
    money = ", ".join(MONEY)
    sums = ", ".join(f"sum({c})" for c in MONEY)
    months = months_with_purchases(db)
    for key, start, end in months:
        db.execute(
            "INSERT INTO member_periods (period, member_id, visits, gross, refunded) "
            "SELECT ?, member_id, count(*), sum(gross), sum(refunded) FROM purchases "
            "WHERE at >= ? AND at < ? GROUP BY member_id", (key, start, end))
        db.execute(
            f"INSERT INTO club_periods (period, purchases, {money}) SELECT ?, count(*), {sums} FROM purchases "
            "WHERE at >= ? AND at < ? HAVING count(*) > 0", (key, start, end))
    wider: set[int] = set()
    for key, _s, _e in months:
        _m, season, year = keys_of_month(key)
        wider.update((season, year))
    for key in sorted(wider):
        lo, hi = month_span(key)
        db.execute(
            f"INSERT INTO club_periods (period, purchases, {money}) SELECT ?, sum(purchases), {sums} FROM club_periods "
            "WHERE period BETWEEN ? AND ? HAVING count(*) > 0", (key, lo, hi))
    keys = [r[0] for r in db.all("SELECT period FROM club_periods")]
    for key in keys:
        lo, hi = month_span(key)
        nlo, nhi = month_span(next_key(key))
        buyers = db.value("SELECT count(DISTINCT member_id) FROM member_periods WHERE period BETWEEN ? AND ?", (lo, hi))
        retained = db.value(
            "SELECT count(*) FROM (SELECT member_id FROM member_periods WHERE period BETWEEN ? AND ? "
            "INTERSECT SELECT member_id FROM member_periods WHERE period BETWEEN ? AND ?)", (lo, hi, nlo, nhi))
        db.execute("UPDATE club_periods SET buyers = ?, retained = ? WHERE period = ?", (buyers, retained, key))
    return StatsCounts(db.value("SELECT count(*) FROM member_stats"), db.value("SELECT count(*) FROM member_periods"),
                       len(keys))


# --- check: recompute from the purchases, independently of the backfill ----------------------------

def member_stats_mismatches(db: Database) -> list[int]:
    """The members whose lifetime figures disagree with their purchases."""
    # one walk of purchases_member_at (grouped in its order), each member's row probed; then the
    # rows of members with no purchase (a probe each): no set of a million rows held to compare
    expected = ("SELECT member_id, min(at) AS first_at, max(at) AS last_at, count(*) AS visits, sum(gross) AS gross, "
                "sum(refunded) AS refunded FROM purchases GROUP BY member_id")
    return [r[0] for r in db.all(
        f"SELECT DISTINCT member_id FROM (SELECT e.member_id FROM ({expected}) e "
        "LEFT JOIN member_stats s ON s.member_id = e.member_id "
        "WHERE s.member_id IS NULL OR s.first_at IS NOT e.first_at OR s.last_at IS NOT e.last_at "
        "OR s.visits IS NOT e.visits OR s.gross IS NOT e.gross OR s.refunded IS NOT e.refunded "
        "OR s.spend IS NOT e.gross - e.refunded "
        "UNION ALL SELECT s.member_id FROM member_stats s "
        "WHERE NOT EXISTS (SELECT 1 FROM purchases p WHERE p.member_id = s.member_id)) AS d ORDER BY 1")]


def stored_period_keys(db: Database) -> list[int]:
    return [r[0] for r in db.all("SELECT period FROM club_periods UNION SELECT DISTINCT period FROM member_periods")]


def expected_period_keys(db: Database) -> list[int]:
    keys: set[int] = set()
    for key, _s, _e in months_with_purchases(db):
        keys.update(keys_of_month(key))
    return sorted(keys)


def stored_member_rows(key: int) -> bool:
    """Whether ``member_periods`` keeps members' rows of period ``key``: months only (m0020)."""
    return kind_of(key) == MONTH


_P = 2_147_483_647  # a prime below 2^31: a product of two residues fits SQLite's 64-bit integers


def _mixed(member: str, seed: str, seed2: str) -> str:
    """SQL for a keyed weight in [0, P) of a member in one period: g(member), the member's id times
    the random ``seed`` with its high bits folded in by xor (not a polynomial of the id, so no
    pattern of edits across members, such as a finite difference, cancels out), times the period's
    own random ``seed2``. (``periods_agree``'s walk computes the same, g once per purchase.)"""
    t = f"(({member} % {_P}) * {seed} % {_P})"
    return f"((({t} | ({t} >> 13)) - ({t} & ({t} >> 13)) + 1) * {seed2} % {_P})"


def periods_agree(db: Database) -> bool:
    """True when every stored period aggregate (``member_periods``, ``club_periods``) is what the
    purchases give, proven in one walk of the purchases in time order (one range of
    ``purchases_at`` per month) instead of several walks per period. The club's figures are
    summed exactly (a season, a year: its months added up); the members' are compared as
    fingerprints: each side summed under weights keyed by random numbers drawn anew for every
    check, per period, so no edit made beforehand can keep them equal (a wrong figure slips through
    with chance about 2^-31). Buyers and retained buyers are counted from ``member_periods``
    (proven by then). False: ``period_mismatches`` says where."""
    if db.value("SELECT EXISTS (SELECT 1 FROM member_periods WHERE visits < 1)"):
        return False  # a row the fingerprints cannot see: the purchases never leave one
    months = months_with_purchases(db)
    keys = sorted({k for mk, _s, _e in months for k in keys_of_month(mk)} | set(stored_period_keys(db)))
    seed = secrets.randbelow(_P - 2) + 2  # the members' weights: g(member) keyed by it, times the period's own
    seeds = {k: secrets.randbelow(_P - 2) + 2 for k in keys}
    # the members' prints of the month alone: seasons and years keep no members' rows (m0020)
    prints = ", ".join(f"sum(({col} % {_P}) * (g * ?4 % {_P}) % {_P}) % {_P}" for col in ("1", "gross", "refunded"))
    money = ", ".join(f"coalesce(sum({c}), 0)" for c in MONEY)
    # g once per purchase: the subqueries (LIMIT -1: never flattened) hand it up computed
    walk = (f"SELECT count(*), {money}, {prints} FROM (SELECT {', '.join(MONEY)}, (t | (t >> 13)) - (t & (t >> 13)) + 1 "
            f"AS g FROM (SELECT {', '.join(MONEY)}, (member_id % {_P}) * ?3 % {_P} AS t FROM purchases "
            "WHERE at >= ?1 AND at < ?2 LIMIT -1) LIMIT -1)")
    member_prints: dict[int, list[int]] = {}
    club: dict[int, list[int]] = {}
    for mk, start, end in months:
        three = keys_of_month(mk)
        row = db.one(walk, (start, end, seed, seeds[mk]))
        figures, fps = list(row[:1 + len(MONEY)]), list(row[1 + len(MONEY):])
        member_prints[mk] = [(x + (y or 0)) % _P for x, y in zip(member_prints.get(mk, [0, 0, 0]), fps)]
        for key in three:
            club[key] = [x + y for x, y in zip(club.get(key, [0] * len(figures)), figures)]
    first_at, end_at = (months[0][1], months[-1][2]) if months else ("", "")
    if db.value("SELECT EXISTS (SELECT 1 FROM purchases WHERE at < ? OR at >= ?)", (first_at, end_at)) and months:
        return False  # a purchase outside the calendar: only the exact comparison tells
    # the empty list's row typed: PostgreSQL compares its period to a number
    seed_rows = ", ".join(f"({k}, {seed}, {b})" for k, b in seeds.items()) or "(CAST(NULL AS INTEGER), 0, 0)"
    stored = {r[0]: [x % _P for x in r[1:]] for r in db.all(
        f"WITH s(period, a, b) AS (VALUES {seed_rows}) SELECT m.period, "
        + ", ".join(f"sum(((m.{col}) % {_P}) * {_mixed('m.member_id', 's.a', 's.b')} % {_P}) % {_P}"
                    for col in ("visits", "gross", "refunded"))
        + " FROM member_periods m JOIN s ON s.period = m.period GROUP BY m.period")}
    if any(stored.get(k, [0, 0, 0]) != member_prints.get(k, [0, 0, 0]) for k in keys if stored_member_rows(k)):
        return False
    if set(stored) - {k for k in keys if stored_member_rows(k)}:
        return False  # members' rows of a period that keeps none
    kept = {r[0]: tuple(r[1:]) for r in db.all(f"SELECT period, purchases, {', '.join(MONEY)}, buyers, retained "
                                                 "FROM club_periods")}
    for key in keys:  # buyers and retained from the members' months (a season, a year: its months)
        first, last = month_span(key)
        nfirst, nlast = month_span(next_key(key))
        buyers = db.value("SELECT count(DISTINCT member_id) FROM member_periods WHERE period BETWEEN ? AND ?",
                          (first, last))
        retained = db.value(
            "SELECT count(*) FROM (SELECT member_id FROM member_periods WHERE period BETWEEN ? AND ? "
            "INTERSECT SELECT member_id FROM member_periods WHERE period BETWEEN ? AND ?)",
            (first, last, nfirst, nlast)) if buyers else 0
        want = (*club.get(key, [0] * (1 + len(MONEY))), buyers, retained)
        if kept.get(key, (0,) * len(want)) != want:
            return False
    return True


def period_mismatches(db: Database) -> list[tuple[int, str, object]]:
    """(period, what, detail) for every period whose stored aggregates differ from the purchases.

    Each month, season and year is recomputed from the purchases in its UTC range: the members
    who bought in a month and their visits and amounts (``member_periods`` keeps months only); the club's counts and sums; the retained buyers
    (who bought again in the next period of the same kind).
    """
    keys = sorted(set(stored_period_keys(db)) | set(expected_period_keys(db)))
    bounds = month_bounds(db, set(keys) | {next_key(k) for k in keys})
    money = ", ".join(MONEY)
    sums = ", ".join(f"coalesce(sum({c}), 0)" for c in MONEY)
    out: list[tuple[int, str, object]] = []
    for key in keys:
        start, end = bounds.get(key, ("", ""))
        expected = ("SELECT member_id, count(*), sum(gross), sum(refunded) FROM purchases "
                    "WHERE at >= ? AND at < ? GROUP BY member_id")
        stored = "SELECT member_id, visits, gross, refunded FROM member_periods WHERE period = ?"
        if stored_member_rows(key):
            bad = db.all(f"SELECT member_id FROM ({expected} EXCEPT {stored}) UNION "
                         f"SELECT member_id FROM ({stored} EXCEPT {expected}) LIMIT 20",
                         (start, end, key, key, start, end))
            out += [(key, "members", r[0]) for r in bad]
        else:  # a member's row of a season or a year: none is kept (m0020)
            out += [(key, "members", r[0]) for r in db.all(
                "SELECT member_id FROM member_periods WHERE period = ? LIMIT 20", (key,))]
        nstart, nend = bounds.get(next_key(key), ("", ""))
        want = db.one(
            f"SELECT count(*), count(DISTINCT member_id), {sums}, (SELECT count(*) FROM "
            "(SELECT DISTINCT member_id FROM purchases WHERE at >= ?1 AND at < ?2) a WHERE EXISTS "
            "(SELECT 1 FROM purchases n WHERE n.member_id = a.member_id AND n.at >= ?3 AND n.at < ?4)) "
            "FROM purchases WHERE at >= ?1 AND at < ?2", (start, end, nstart, nend))
        have = db.one(f"SELECT purchases, buyers, {money}, retained FROM club_periods WHERE period = ?", (key,))
        want = tuple(want)
        have = tuple(have) if have is not None else (0,) * len(want)
        if want != have:
            out.append((key, "club", {"stored": have, "expected": want}))
    return out


# --- report queries -------------------------------------------------------------------------------

def club_periods(db: Database, keys: Iterable[int]) -> dict[int, ClubPeriod]:
    keys = list(keys)
    if not keys:
        return {}
    marks = ", ".join("?" for _ in keys)
    return {r.period: r for r in fetch_all(
        db, ClubPeriod, f"SELECT {columns(ClubPeriod)} FROM club_periods WHERE period IN ({marks})", keys)}


def buyer_count(db: Database) -> int:
    return db.value("SELECT count(*) FROM member_stats")


def stats_token(db: Database) -> tuple[int | None, int | None, int]:
    """What ``member_stats`` was computed from, cheaply: the newest purchase and refund ids (each
    purchase and refund adds a row) and the buyers' number."""
    return tuple(db.one("SELECT (SELECT max(id) FROM purchases), (SELECT max(id) FROM refunds), "
                        "(SELECT count(*) FROM member_stats)"))


def quantile_values(db: Database, column: str, ranks: list[int], n: int | None = None) -> list[Any]:
    """The values of ``column`` of member_stats at the given 1-based ranks of its ascending order
    (each a walk along the column's index). Given ``n``, the rows' number, a rank in the upper half
    is walked to from the other end (the k-th smallest is the (n - k + 1)-th largest): at most n/2
    index entries per value instead of up to n."""
    return [db.value(f"SELECT {column} FROM member_stats ORDER BY {column} DESC LIMIT 1 OFFSET ?", (n - k,))
            if n is not None and 2 * k > n else
            db.value(f"SELECT {column} FROM member_stats ORDER BY {column} LIMIT 1 OFFSET ?", (k - 1,)) for k in ranks]


# The day's cut points (the daily run's, for the till: services/analytics ``cuts_slice``), one
# settings row (not one of ClubSettings': no form shows it). Writing it changes ``config_token``, so
# a connection that keeps it (``club.kept``) reads it again once the run has stored a new day's.
DAY_CUTS_KEY = "rfm_day_cuts"


class DayCuts(NamedTuple):
    """Quintile cut points of R, F and M as found at ``found_at`` (UTC ISO) over ``buyers`` buyers."""

    found_at: str
    buyers: int
    recency: tuple[Any, ...]
    frequency: tuple[Any, ...]
    monetary: tuple[Any, ...]


def day_cuts(db: Database) -> DayCuts | None:
    """The cut points the daily run stored last (None: it never has)."""
    value = db.value("SELECT value FROM settings WHERE key = ?", (DAY_CUTS_KEY,))
    if not value:
        return None
    kept = json.loads(value)
    return DayCuts(kept["found_at"], kept["buyers"], tuple(kept["recency"]), tuple(kept["frequency"]),
                   tuple(kept["monetary"]))


def put_day_cuts(db: Database, cuts: DayCuts) -> None:
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
               (DAY_CUTS_KEY, json.dumps(cuts._asdict())))


# Each stats index's whole key, in its order (the rowid last): a walk that stops anywhere resumes
# after the key it stopped at, so the daily run's slices each walk a bounded part of an index.
INDEX_KEYS = {"last_at": ("last_at", "first_at", "visits", "spend", "member_id"),
              "spend": ("spend", "visits", "last_at", "member_id")}


def walk_index(db: Database, column: str, after: tuple[Any, ...] | None, steps: int, descending: bool = False) -> tuple[Any, ...] | None:
    """The key ``steps`` entries past ``after`` (None: from the start; ``descending``: from the end)
    along ``column``'s stats index, its first part being the column's value; None when fewer
    remain. Ties of a whole key (the rowid aside) are what it walks again after a stop: rare for
    these wide keys."""
    keys = INDEX_KEYS[column]
    names = ", ".join(keys)
    order = ", ".join(f"{k} DESC" for k in keys) if descending else names
    where = "" if after is None else f"WHERE ({names}) {'<' if descending else '>'} ({', '.join('?' for _ in keys)}) "
    row = db.one(f"SELECT {names} FROM member_stats {where}ORDER BY {order} LIMIT 1 OFFSET ?", (*(after or ()), steps - 1))
    return None if row is None else tuple(row)


def visits_after(db: Database, after: int | None) -> tuple[int, int] | None:
    """The next number of visits above ``after`` (None: the least) and how many buyers have it: the
    buyers counted a group at a time (each a range of the narrow visits index)."""
    v = db.value("SELECT min(visits) FROM member_stats" + ("" if after is None else " WHERE visits > ?"),
                 () if after is None else (after,))
    return None if v is None else (v, db.value("SELECT count(*) FROM member_stats WHERE visits = ?", (v,)))


def _score(expr: str, cuts: Cuts) -> str:
    """1 + the cut points ``expr`` is above (a comparison counted as 0 or 1: PostgreSQL's is a
    boolean, added only once made an integer)."""
    return "(1" + "".join(f" + CAST(({expr} > ?) AS INTEGER)" for _ in cuts) + ")"


def _code(cuts_r: Cuts, cuts_f: Cuts, cuts_m: Cuts) -> tuple[str, tuple[Any, ...]]:
    """SQL for R·100 + F·10 + M of a member_stats row, and its parameters."""
    sql = f"({_score('last_at', cuts_r)} * 100 + {_score('visits', cuts_f)} * 10 + {_score('spend', cuts_m)})"
    return sql, (*cuts_r, *cuts_f, *cuts_m)


def rfm_counts(db: Database, cuts_r: Cuts, cuts_f: Cuts, cuts_m: Cuts) -> list[RfmCount]:
    """(code, members, spend, visits) for every occupied R·100 + F·10 + M.

    One range of the spend index per M band (so M costs no comparison per row), R and F computed
    per row, grouped within the band: about half the work of grouping the whole table by the code.
    """
    rf = f"({_score('last_at', cuts_r)} * 100 + {_score('visits', cuts_f)} * 10)"
    bounds = [None, *cuts_m, None]
    out: list[RfmCount] = []
    for m in range(1, len(bounds)):
        lo, hi = bounds[m - 1], bounds[m]
        if lo is not None and hi is not None and lo >= hi:
            continue  # an empty band: tied cut points
        where = " AND ".join(c for c in ("spend > ?" if lo is not None else "", "spend <= ?" if hi is not None else "") if c)
        params = (*cuts_r, *cuts_f, m, *(b for b in (lo, hi) if b is not None))
        out += fetch_all(db, RfmCount,
                         f"SELECT {rf} + ? AS code, count(*) AS members, sum(spend) AS spend, sum(visits) AS visits "
                         f"FROM member_stats INDEXED BY member_stats_spend {'WHERE ' + where if where else ''} "
                         "GROUP BY code", params)
    return out


def rfm_top(db: Database, cuts_r: Cuts, cuts_f: Cuts, cuts_m: Cuts, codes: Sequence[int], below: int | None,
            limit: int) -> list[RfmMember]:
    """The ``limit`` biggest spenders among members whose RFM code is in ``codes``, walking the
    spend index down from ``below`` (the top of the highest M band the segment occupies)."""
    code, params = _code(cuts_r, cuts_f, cuts_m)
    marks = ", ".join("?" for _ in codes)
    bound, bound_params = ("spend <= ? AND ", (below,)) if below is not None else ("", ())
    ids = db.all(
        f"SELECT member_id, {code} AS code FROM member_stats INDEXED BY member_stats_spend "
        f"WHERE {bound}{code} IN ({marks}) ORDER BY spend DESC LIMIT ?",
        (*params, *bound_params, *params, *codes, limit))
    if not ids:
        return []
    codes_of = {r[0]: r[1] for r in ids}
    rows = db.all(
        "SELECT s.member_id, m.card, m.first_name, m.last_name, m.mobile, s.last_at, s.visits, s.spend "
        f"FROM member_stats s JOIN members m ON m.id = s.member_id WHERE s.member_id IN ({', '.join('?' for _ in ids)})",
        list(codes_of))
    return [RfmMember(member_id, card, first, last, mobile, last_at, visits, spend, codes_of[member_id])
            for member_id, card, first, last, mobile, last_at, visits, spend in rows]


def lifetime_totals(db: Database) -> Lifetime:
    """Buyers ever, and spend and visits summed over every Jalali year's club row."""
    spend, visits = db.one("SELECT coalesce(sum(gross - refunded), 0), coalesce(sum(purchases), 0) "
                           "FROM club_periods WHERE period < 10000")
    return Lifetime(buyer_count(db), spend, visits)


def top_spenders(db: Database, limit: int) -> list[Spender]:
    return fetch_all(
        db, Spender,
        "SELECT s.member_id, m.card, m.first_name, m.last_name, s.first_at, s.last_at, s.visits, s.spend "
        "FROM member_stats s JOIN members m ON m.id = s.member_id ORDER BY s.spend DESC LIMIT ?",
        (limit,))


def _churn_where() -> str:
    # last_at < :cutoff (now − the least threshold) makes it a range of the recency index.
    return ("s.last_at < :cutoff AND s.visits >= :min_visits AND (julianday(:now) - julianday(s.last_at)) > "
            "max(:min_days, :factor * (julianday(s.last_at) - julianday(s.first_at)) / (s.visits - 1))")


def _cutoff(now: str, min_days: float) -> str:
    return to_iso(from_iso(now) - timedelta(days=min_days))


def _positional(sql: str, named: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """``sql`` with each ``:name`` as ``?`` and its values in order (to join other ``?`` clauses)."""
    params: list[Any] = []

    def one(match: re.Match[str]) -> str:
        params.append(named[match.group(1)])
        return "?"

    return re.sub(r":(\w+)", one, sql), tuple(params)


def churn_condition(now: str, min_visits: int, factor: float, min_days: float) -> tuple[str, tuple[Any, ...]]:
    """The churn-risk rule of ``churn_totals``/``churn_list`` as a condition on ``member_stats s``
    with positional parameters: the targeted lists' "at churn risk" (one rule, two uses)."""
    return _positional(_churn_where(), {"now": now, "min_visits": min_visits, "factor": factor,
                                        "min_days": min_days, "cutoff": _cutoff(now, min_days)})


def rfm_condition(cuts_r: Cuts, cuts_f: Cuts, cuts_m: Cuts, codes: Sequence[int],
                  r_range: tuple[int, int]) -> tuple[str, tuple[Any, ...]]:
    """A condition on ``member_stats`` keeping the members whose RFM code (the report's ``_code``)
    is one of ``codes``; ``r_range`` (the least and most R among them) bounds ``last_at`` so that
    the segment is a range of the recency index, not a walk of every buyer."""
    code, params = _code(cuts_r, cuts_f, cuts_m)
    parts, bounds = [], []
    lo, hi = r_range
    if lo > 1 and lo - 2 < len(cuts_r):  # R >= lo: above the (lo-1)th cut point
        parts.append("last_at > ?")
        bounds.append(cuts_r[lo - 2])
    if hi <= len(cuts_r):  # R <= hi: at most the hi-th cut point
        parts.append("last_at <= ?")
        bounds.append(cuts_r[hi - 1])
    marks = ", ".join("?" for _ in codes)
    parts.append(f"{code} IN ({marks})")
    return " AND ".join(parts), (*bounds, *params, *codes)


def regular_buyers(db: Database, min_visits: int) -> int:
    """Buyers with at least ``min_visits`` purchases (a range of ``member_stats_visits``)."""
    return db.value("SELECT count(*) FROM member_stats WHERE visits >= ?", (min_visits,))


def churn_totals(db: Database, now: str, min_visits: int, factor: float, min_days: float) -> ChurnTotals:
    p = {"now": now, "min_visits": min_visits, "factor": factor, "min_days": min_days, "cutoff": _cutoff(now, min_days)}
    return ChurnTotals(*db.one(f"SELECT count(*) AS members, coalesce(sum(s.spend), 0) AS spend "
                               f"FROM member_stats s WHERE {_churn_where()}", p))


def churn_list(db: Database, now: str, min_visits: int, factor: float, min_days: float, limit: int) -> list[AtRisk]:
    """At-risk members, the biggest spenders first."""
    p = {"now": now, "min_visits": min_visits, "factor": factor, "min_days": min_days, "limit": limit,
         "cutoff": _cutoff(now, min_days)}
    return fetch_all(
        db, AtRisk,
        "SELECT s.member_id, m.card, m.first_name, m.last_name, m.mobile, s.first_at, s.last_at, s.visits, "
        "s.spend, (julianday(s.last_at) - julianday(s.first_at)) / (s.visits - 1) AS gap_days, "
        "julianday(:now) - julianday(s.last_at) AS days_since "
        f"FROM member_stats s JOIN members m ON m.id = s.member_id WHERE {_churn_where()} "
        "ORDER BY spend DESC, s.member_id LIMIT :limit", p)


def outstanding_points(db: Database) -> Outstanding:
    return Outstanding(*db.one(
        "SELECT coalesce(sum(max(points, 0)), 0) AS points, coalesce(sum(points > 0), 0) AS members, "
        "coalesce(sum(min(points, 0)), 0) AS negative FROM members"))


def points_expiring(db: Database, start: str, end: str) -> int:
    return db.value("SELECT coalesce(sum(remaining), 0) FROM point_lots WHERE remaining > 0 AND expires_at IS NOT NULL "
                    "AND expires_at >= ? AND expires_at < ?", (start, end))


def members_by_tier(db: Database) -> list[TierCount]:
    # one walk of members_list_points (it holds the tier and the points; members(tier_id, points)
    # moved two entries on every purchase, m0020), grouped by a sort of its entries
    return fetch_all(db, TierCount, "SELECT tier_id, count(*) AS members, coalesce(sum(max(points, 0)), 0) AS points "
                     "FROM members INDEXED BY members_list_points GROUP BY tier_id")


def tier_moves(db: Database, start: str, end: str) -> list[TierMoves]:
    return fetch_all(db, TierMoves, "SELECT from_tier_id, to_tier_id, reason, count(*) AS moves FROM tier_history "
                  "WHERE at >= ? AND at < ? AND reason <> 'signup' GROUP BY 1, 2, 3", (start, end))


def members_joined(db: Database, start: str, end: str) -> int:
    return db.value("SELECT count(*) FROM members WHERE joined_at >= ? AND joined_at < ?", (start, end))


def members_before(db: Database, moment: str) -> int:
    return db.value("SELECT count(*) FROM members WHERE joined_at < ?", (moment,))


def nps_by_month(db: Database, month_keys: Sequence[int]) -> list[NpsMonth]:
    """Responses, promoters and detractors of the surveys answered in each month."""
    if not month_keys:  # no month (a range not begun yet): ``IN ()`` is SQLite's, PostgreSQL refuses it
        return []
    marks = ", ".join("?" for _ in month_keys)
    return fetch_all(
        db, NpsMonth,
        "SELECT j.month_key, count(s.at) AS responses, coalesce(sum(s.nps >= 9), 0) AS promoters, "
        "coalesce(sum(s.nps <= 6), 0) AS detractors FROM jalali_months j "
        "LEFT JOIN surveys s ON s.at >= j.start_at AND s.at < j.end_at "
        f"WHERE j.month_key IN ({marks}) GROUP BY j.month_key ORDER BY j.month_key", list(month_keys))


def csat_by_month(db: Database, month_keys: Sequence[int]) -> list[CsatMonth]:
    """Answers, their stars summed and the satisfied ones (4-5 stars) of each aspect in each month."""
    if not month_keys:  # as nps_by_month
        return []
    marks = ", ".join("?" for _ in month_keys)
    return fetch_all(
        db, CsatMonth,
        "SELECT j.month_key, a.aspect, count(*) AS answers, sum(a.stars) AS stars, sum(a.stars >= 4) AS satisfied "
        "FROM jalali_months j JOIN survey_answers a ON a.at >= j.start_at AND a.at < j.end_at "
        f"WHERE j.month_key IN ({marks}) GROUP BY j.month_key, a.aspect ORDER BY j.month_key, a.aspect",
        list(month_keys))


def nps_scores(db: Database, start: str, end: str) -> list[int]:
    return [r[0] for r in db.all("SELECT nps FROM surveys WHERE at >= ? AND at < ?", (start, end))]


# --- per cashier (issue 19) -------------------------------------------------------------------------
# Who rang a purchase up is its ``actor``; a sign-up's is its ``signup`` row in tier_history; a
# survey belongs to the cashier of the purchase it is about, else of the member's last purchase
# before it (``purchases_member_at``). Each reads the period's range of an ``at`` index.

class CashierSales(NamedTuple):
    actor: str
    purchases: int
    gross: int
    net: int
    points_earned: int


class CashierRefunds(NamedTuple):
    actor: str  # who rang up the purchase the refund takes back
    refunds: int
    amount: int  # gross value of the goods returned
    net_refunded: int


class CashierNps(NamedTuple):
    actor: str
    responses: int
    promoters: int
    detractors: int


def sales_by_cashier(db: Database, start: str, end: str) -> list[CashierSales]:
    return fetch_all(db, CashierSales,
                     "SELECT actor, count(*), sum(gross), sum(net), sum(points_earned) FROM purchases "
                     "WHERE at >= ? AND at < ? GROUP BY actor", (start, end))


def refunds_by_cashier(db: Database, start: str, end: str) -> list[CashierRefunds]:
    """Refunds made in the period, by the cashier of the purchase they take back."""
    return fetch_all(db, CashierRefunds,
                     "SELECT p.actor, count(*), sum(r.amount), sum(r.net_refunded) FROM refunds r "
                     "JOIN purchases p ON p.id = r.purchase_id WHERE r.at >= ? AND r.at < ? GROUP BY p.actor",
                     (start, end))


def signups_by_cashier(db: Database, start: str, end: str) -> dict[str, int]:
    return {r[0]: r[1] for r in db.all(
        "SELECT actor, count(*) FROM tier_history WHERE at >= ? AND at < ? AND reason = 'signup' GROUP BY actor",
        (start, end))}


def nps_by_cashier(db: Database, start: str, end: str) -> list[CashierNps]:
    """Surveys answered in the period, by the cashier of the purchase each is about (else of the
    member's last purchase before it; a member who never bought belongs to nobody)."""
    return fetch_all(db, CashierNps,
                     "SELECT actor, count(*), sum(nps >= 9), sum(nps <= 6) FROM ("
                     "SELECT s.nps, coalesce((SELECT p.actor FROM purchases p WHERE p.id = s.purchase_id), "
                     "(SELECT p.actor FROM purchases p WHERE p.member_id = s.member_id AND p.at <= s.at "
                     "ORDER BY p.at DESC LIMIT 1)) AS actor FROM surveys s WHERE s.at >= ? AND s.at < ?) "
                     "WHERE actor IS NOT NULL GROUP BY actor", (start, end))
