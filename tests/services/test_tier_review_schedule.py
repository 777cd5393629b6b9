"""The tier review runs by itself (docs/rules.md: monthly for a rolling window, at Nowruz for the Jalali
year) as a stage of the daily run, whoever is signed in, in slices; and a review in slices moves
exactly the members a review in one go moves, each once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from loyaltydesk import services
from loyaltydesk.domain.jalali import add_months, parse_jalali_date, start_of_jalali_day
from loyaltydesk.domain.tiers import review_due
from loyaltydesk.services import daily, points

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

B, S, G = "برنزی", "نقره‌ای", "طلایی"
UTC = timezone.utc


def tehran_midnight(jalali: str) -> datetime:
    return start_of_jalali_day(parse_jalali_date(jalali))


@pytest.mark.parametrize(
    "window, last, now, due",
    [
        ("rolling12", None, "1404/05/10", True),  # never reviewed: now
        ("rolling12", "1404/05/01", "1404/05/30", False),  # this month's review is done
        ("rolling12", "1404/04/31", "1404/05/01", True),  # a new month
        ("rolling12", "1404/04/20", "1404/05/20", True),
        ("rolling12", "1403/12/30", "1404/01/01", True),  # Esfand 30 of a leap year, then Nowruz
        ("jalali-year", None, "1404/05/10", True),
        ("jalali-year", "1404/01/01", "1404/12/29", False),  # once a year
        ("jalali-year", "1404/02/01", "1404/05/01", False),  # a new month is not a new year
        ("jalali-year", "1403/12/30", "1404/01/01", True),  # Nowruz
    ],
)
def test_when_a_review_is_due(window, last, now, due):
    at_noon = lambda day: tehran_midnight(day) + timedelta(hours=9)  # noqa: E731
    assert review_due(window, at_noon(last) if last else None, at_noon(now)) is due


def test_due_at_tehrans_midnight_not_utcs():
    """Mordad 1 1404 begins at 20:30 UTC on the day before: a review at 20:29 UTC was last month's."""
    month_start = tehran_midnight("1404/05/01")
    assert month_start == datetime(2025, 7, 22, 20, 30, tzinfo=UTC)
    assert review_due("rolling12", month_start - timedelta(minutes=1), month_start + timedelta(hours=1))
    assert not review_due("rolling12", month_start, month_start + timedelta(hours=1))


def people(club, clock):
    """Nine members: tiers reached more than 12 months ago and spend that no longer keeps them,
    tiers held under 12 months, one blocked; then the clock at a moment their review moves them."""
    cards = {}
    plan = [("gold-idle", 160_000_000), ("gold-keeps", 160_000_000), ("silver-idle", 60_000_000),
            ("silver-idle-2", 55_000_000), ("bronze", 1_000_000), ("gold-blocked", 200_000_000)]
    for i, (name, amount) in enumerate(plan):
        m = services.members.sign_up(club, f"0912000{i:04d}", name)
        services.checkout.register_purchase(club, m.card, amount)
        cards[name] = m.card
    services.members.set_status(club, cards["gold-blocked"], "blocked")
    clock.now = add_months(clock.now, 13)
    services.checkout.register_purchase(club, cards["gold-keeps"], 150_000_000)
    for i, name in enumerate(["new-silver", "new-gold", "new-bronze"]):
        m = services.members.sign_up(club, f"0935000{i:04d}", name)
        services.checkout.register_purchase(club, m.card, {"new-silver": 70_000_000, "new-gold": 150_000_000,
                                                           "new-bronze": 0}[name] or 10_000)
        cards[name] = m.card
    clock.advance(days=1)  # the review judges the window up to its own moment, these purchases included
    return cards


def tiers_of(club, cards):
    return {name: services.members.get_member(club, card).tier for name, card in cards.items()}


EXPECTED = {"gold-idle": S, "gold-keeps": G, "silver-idle": B, "silver-idle-2": B, "bronze": B,
            "gold-blocked": G, "new-silver": S, "new-gold": G, "new-bronze": B}


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 2000])
def test_a_review_in_slices_moves_each_member_once(club, clock, limit):
    cards = people(club, clock)
    result = points.review_tiers(club, limit=limit)
    assert tiers_of(club, cards) == EXPECTED
    assert sorted(m[0] for m in result.moves) == sorted(cards[n] for n in ("gold-idle", "silver-idle", "silver-idle-2"))
    assert points.review_tiers(club, limit=limit).moves == ()  # a move restarts the 12 months
    audits = club.db.all("SELECT after FROM audit_log WHERE action = 'review_tiers'")
    assert len(audits) == 2  # one per review, written by its last slice
    assert services.check.check_database(club) == []


def test_a_review_cut_off_half_way_is_run_again_from_the_start(club, clock):
    cards = people(club, clock)
    run = points.ReviewRun(club.now_iso())
    points.review_slice(club, run, limit=2)  # the app closed here: two members judged, no audit
    assert not run.done and run.members == 2
    assert club.db.value("SELECT count(*) FROM audit_log WHERE action = 'review_tiers'") == 0
    points.review_tiers(club, limit=3)
    assert tiers_of(club, cards) == EXPECTED
    history = club.db.all("SELECT member_id, count(*) FROM tier_history WHERE reason = 'review' GROUP BY member_id")
    assert all(n == 1 for _, n in history) and len(history) == 3


def reviews(club) -> int:
    return club.db.value("SELECT count(*) FROM audit_log WHERE action = 'review_tiers'")


def test_the_daily_run_reviews_once_a_month_whoever_is_signed_in(club, cashier, clock):
    cards = people(club, clock)
    daily.run_all(cashier, at_start=True, with_backup=False, limit=2)  # never reviewed: due now
    assert reviews(club) == 1 and tiers_of(club, cards) == EXPECTED
    row = club.db.one("SELECT actor, role FROM audit_log WHERE action = 'review_tiers'")
    assert tuple(row) == ("sara", "cashier")
    clock.advance(hours=2)
    daily.run_all(cashier, at_start=False, with_backup=False)  # later the same month: not again
    assert reviews(club) == 1
    clock.now = add_months(clock.now, 1)
    daily.run_all(club, at_start=True, with_backup=False)  # a new month: again
    assert reviews(club) == 2
    clock.now = add_months(clock.now, 12)  # a year on: the silvers that no longer spend go down
    daily.run_all(club, at_start=True, with_backup=False)
    assert reviews(club) == 3
    assert tiers_of(club, cards)["gold-idle"] == B and tiers_of(club, cards)["new-gold"] == S
    assert services.check.check_database(club) == []


def test_a_calendar_year_club_is_reviewed_at_nowruz(club, clock):
    services.club.update_settings(club, window="jalali-year")
    clock.now = tehran_midnight("1404/05/10")
    daily.run_all(club, at_start=True, with_backup=False)
    assert reviews(club) == 1
    for day in ("1404/09/01", "1404/12/29"):  # new months, the same year
        clock.now = tehran_midnight(day) + timedelta(hours=10)
        daily.run_all(club, at_start=True, with_backup=False)
    assert reviews(club) == 1
    clock.now = tehran_midnight("1405/01/01") + timedelta(minutes=1)  # Nowruz
    daily.run_all(club, at_start=True, with_backup=False)
    assert reviews(club) == 2


def test_a_manual_review_counts_as_this_months(club, clock):
    points.review_tiers(club)
    daily.run_all(club, at_start=True, with_backup=False)
    assert reviews(club) == 1
