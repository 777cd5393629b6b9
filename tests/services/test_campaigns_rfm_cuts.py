"""A segment campaign at the till scores the member by the day's RFM cut points, which the daily run
finds (its "cuts" stage) and stores: a purchase reads them, it never walks the stats' indexes when
the run has stored today's or yesterday's. Older ones, or none, and the till finds them itself
(once a Tehran day per connection), as before.

The club as data: five members buy once on 1405/03/08 (P, the probe, last of them); four newcomers
buy once later (on the day ``NEWCOMERS`` says). Every buyer has one visit, so F = 1 for all and a
member with R ≥ 4 is "new", with R = 3 "potential" (domain/analytics.py). With the first five only,
the cut points are the first four purchases' moments: P, after all of them, scores R = 5, "new".
With the newcomers (nine buyers: the 2nd, 4th, 6th and 8th moments are the cut points) P is the
fifth, above two cut points: R = 3, "potential". The campaign gives 100 points to "new" members, so
the quote tells which cut points scored P: 100 by the five's, 0 by the nine's.
"""

from __future__ import annotations

from datetime import datetime

import jdatetime
import pytest

from loyaltydesk import services
from loyaltydesk.domain import analytics as rules
from loyaltydesk.domain.jalali import TEHRAN, UTC, from_iso
from loyaltydesk.domain.roles import Role
from loyaltydesk.services import analytics, daily
from loyaltydesk.services.analytics import CUTS_CHUNK
from loyaltydesk.services.campaigns import CampaignForm
from loyaltydesk.services.session import Session, User
from loyaltydesk.store import analytics as analytics_store

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL


def tehran(jday: str, hm: str = "12:00") -> datetime:
    y, m, d = map(int, jday.split("/"))
    g = jdatetime.date(y, m, d).togregorian()
    hour, minute = map(int, hm.split(":"))
    return datetime(g.year, g.month, g.day, hour, minute, tzinfo=TEHRAN).astimezone(UTC)


FIRST = ["09120000001", "09120000002", "09120000003", "09120000004"]  # buy 1405/03/08 09:00-09:03
PROBE = "09120000009"  # buys 1405/03/08 10:00, after the first four
NEWCOMERS = ["09130000001", "09130000002", "09130000003", "09130000004"]
QUOTE_AT = ("1405/03/10", "12:00")


class Walks:
    """The statements a connection runs that walk member_stats' order for a cut point."""

    def __init__(self, conn):
        self.conn, self.sql = conn, []

    def __enter__(self):
        self.conn.set_trace_callback(lambda sql: self.sql.append(sql) if "OFFSET" in sql and "member_stats" in sql else None)
        return self.sql

    def __exit__(self, *exc):
        self.conn.set_trace_callback(None)


def run_daily(session: Session, clock, day: str, hm: str) -> None:
    clock.now = tehran(day, hm)
    daily.run_all(session, at_start=True, with_backup=False)


def season(club, clock, newcomers_at: tuple[str, str], runs: list[tuple[str, str]]) -> str:
    """The purchases and the daily runs, each at its moment, in time order; P's card."""
    events = [(tehran("1405/03/08", f"09:0{i}"), "buy", m) for i, m in enumerate(FIRST)]
    events.append((tehran("1405/03/08", "10:00"), "buy", PROBE))
    events += [(tehran(newcomers_at[0], newcomers_at[1]).replace(minute=i), "buy", m) for i, m in enumerate(NEWCOMERS)]
    events += [(tehran(*r), "run", None) for r in runs]
    clock.now = tehran("1405/03/01")
    cards = {m: services.members.sign_up(club, m).card for m in FIRST + [PROBE] + NEWCOMERS}
    services.campaigns.add_campaign(club, CampaignForm(name="new ones", start="1405/03/01", end="1405/03/31",
                                                       bonus=100, segment="new"))
    for at, what, mobile in sorted(events, key=lambda e: (e[0], e[1])):
        clock.now = at
        if what == "buy":
            services.checkout.register_purchase(club, cards[mobile], 1_000_000)
        else:
            daily.run_all(club, at_start=True, with_backup=False)
    return cards[PROBE]


# (newcomers buy at, daily runs at, P's campaign points at 1405/03/10 12:00, the till walked the index)
DAYS = {
    "never run: the till finds them (the nine's)": (("1405/03/09", "10:00"), [], 0, True),
    "run today after the newcomers: today's (the nine's)": (("1405/03/09", "10:00"), [("1405/03/10", "08:00")], 0, False),
    "run today before the newcomers bought: today's still (the five's)": (
        ("1405/03/10", "09:00"), [("1405/03/10", "08:00")], 100, False),
    "run yesterday before the newcomers, not yet today: yesterday's (the five's)": (
        ("1405/03/09", "10:00"), [("1405/03/09", "08:00")], 100, False),
    "run yesterday and today: today's (the nine's)": (
        ("1405/03/09", "10:00"), [("1405/03/09", "08:00"), ("1405/03/10", "08:00")], 0, False),
    "run two days ago only: too old, the till finds them (the nine's)": (
        ("1405/03/09", "10:00"), [("1405/03/08", "20:00")], 0, True),
}


@pytest.mark.sqlite_only  # counts the statements through SQLite's trace callback
@pytest.mark.parametrize("newcomers_at, runs, points, walked", DAYS.values(), ids=DAYS.keys())
def test_a_day_table_of_cut_points(club, clock, newcomers_at, runs, points, walked):
    card = season(club, clock, newcomers_at, runs)
    club.db.memo.clear()  # the till's connection of that morning: nothing kept from the purchases before
    clock.now = tehran(*QUOTE_AT)
    with Walks(club.db.conn) as walks:
        assert services.checkout.quote(club, card, 1_000_000).campaign_points == points
        sale = services.checkout.register_purchase(club, card, 1_000_000)
    assert sale.lines.campaign_points == points
    assert bool(walks) == walked
    if walked:  # found once for the day on this connection: the next purchase walks nothing
        with Walks(club.db.conn) as again:
            services.checkout.quote(club, card, 1_000_000)
        assert again == []
    assert services.check.check_database(club) == []


def test_a_till_on_yesterdays_takes_todays_once_the_run_stores_them(club, clock):
    card = season(club, clock, ("1405/03/09", "10:00"), [("1405/03/09", "08:00")])
    clock.now = tehran("1405/03/10", "07:55")
    assert services.checkout.quote(club, card, 1_000_000).campaign_points == 100  # yesterday's, kept
    run_daily(club, clock, "1405/03/10", "08:00")  # the same connection, as the app's database thread
    clock.now = tehran("1405/03/10", "08:05")
    assert services.checkout.quote(club, card, 1_000_000).campaign_points == 0  # today's


@pytest.mark.sqlite_only  # counts the statements through SQLite's trace callback
def test_the_stage_finds_the_reports_cut_points_however_it_is_sliced(club, clock):
    season(club, clock, ("1405/03/09", "10:00"), [])
    clock.now = tehran("1405/03/10", "08:00")
    reference = analytics.rfm_cuts(club.db)  # the RFM report's definition, in one go
    assert reference is not None
    token = club.db.value("SELECT token FROM config_token")
    run = daily.begin(club, at_start=True, with_backup=False, budget=0.0)  # every slice stops after one walk
    stages = []
    while not run.done:
        stages.append(run.stage)
        daily.step(club, run)
    cuts = stages.count("cuts")
    assert stages[:cuts + 1] == ["cuts"] * cuts + ["expiry"] and run.cuts.slices == cuts and run.cuts.stored
    assert cuts > 12  # every visits group counted, every cut point walked to, each piece a slice of its own
    kept = analytics_store.day_cuts(club.db)
    assert (kept.recency, kept.frequency, kept.monetary) == (reference.recency, reference.frequency, reference.monetary)
    assert (kept.buyers, from_iso(kept.found_at)) == (9, clock.now)
    assert club.db.value("SELECT token FROM config_token") != token  # a till keeping yesterday's reads them again
    # the hourly runs of the same day find today's stored: nothing walked, nothing written
    clock.advance(hours=1)
    token = club.db.value("SELECT token FROM config_token")
    with Walks(club.db.conn) as walks:
        again = daily.begin(club, at_start=False, with_backup=False)
        daily.step(club, again)
    assert again.stage == "expiry" and again.cuts.done and not again.cuts.stored and walks == []
    assert club.db.value("SELECT token FROM config_token") == token and analytics_store.day_cuts(club.db) == kept


# (index entries walked per piece, seconds of budget per slice: None = one slice for all)
CHUNKINGS = [(1, 0.0), (2, 0.0), (3, None), (4, 0.0), (CUTS_CHUNK, 0.0), (CUTS_CHUNK, None)]


@pytest.mark.parametrize("chunk, budget", CHUNKINGS)
def test_walked_in_pieces_the_cut_points_are_the_reports(club, clock, chunk, budget):
    season(club, clock, ("1405/03/09", "10:00"), [])
    for i in range(23):  # 23 more buyers with 1-3 visits and spends of their own: ties and distinct values
        clock.now = tehran("1405/03/09", f"{11 + i // 20}:{i % 20:02d}")
        card = services.members.sign_up(club, f"0914{i:07d}").card
        for v in range(1 + i % 3):
            services.checkout.register_purchase(club, card, 1_000_000 * (1 + i % 7) + 10_000 * v)
    clock.now = tehran("1405/03/10", "08:00")
    reference = analytics.rfm_cuts(club.db)
    run = analytics.CutsRun(club.now_iso(), chunk=chunk)
    while not run.done:
        analytics.cuts_slice(club, run, budget)
    kept = analytics_store.day_cuts(club.db)
    assert (kept.buyers, kept.recency, kept.frequency, kept.monetary) == (
        32, reference.recency, reference.frequency, reference.monetary)
    if budget is None:
        assert run.slices == 1


def test_a_club_nobody_bought_in_stores_nothing_and_scores_nobody(club, clock):
    clock.now = tehran("1405/03/10")
    run = analytics.find_day_cuts(club)
    assert run.done and not run.stored and analytics_store.day_cuts(club.db) is None
    assert analytics.till_cuts(club.db, club.now_iso()) is None


def test_a_cashiers_daily_run_stores_them(club, clock):
    season(club, clock, ("1405/03/09", "10:00"), [])
    cashier = Session(club.db, User("sara", Role.CASHIER), clock)
    clock.now = tehran("1405/03/10", "08:00")
    daily.run_all(cashier, at_start=True, with_backup=False)
    assert analytics_store.day_cuts(club.db).found_at == club.now_iso()


# (found at, now, usable): Tehran days, not UTC ones (Tehran is UTC+3:30)
AGES = [
    (("1405/03/10", "00:05"), ("1405/03/10", "23:55"), True),
    (("1405/03/09", "00:05"), ("1405/03/10", "23:55"), True),  # yesterday's, all day
    (("1405/03/08", "23:55"), ("1405/03/10", "00:05"), False),  # the day before yesterday's
    (("1405/03/09", "02:00"), ("1405/03/09", "04:00"), True),  # UTC's day changes between, Tehran's does not
    (("1405/03/11", "08:00"), ("1405/03/10", "12:00"), False),  # found "tomorrow": a clock moved back
]


@pytest.mark.parametrize("found, now, usable", AGES)
def test_how_old_the_cut_points_may_be(found, now, usable):
    assert rules.cuts_usable(tehran(*found), tehran(*now)) is usable
