"""The owner's home page figures against a known club: tests/conftest.py ``shop`` (three members
signed up today, 1 point per 10,000 rials, a point pays 100 rials; tiers برنزی 0 / نقره‌ای 50M
(3%, ×1.25)), with a birthday, three survey answers and a complaint added here."""

from __future__ import annotations


import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import PermissionDenied
from loyaltydesk.domain.jalali import jalali_of
from loyaltydesk.services import home

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL


@pytest.fixture
def day(shop, clock):
    """The shop's day, with a member whose birthday is today, answers of 10, 9 and 3 and a complaint."""
    j = jalali_of(clock()).date()
    shop.cards.append(services.members.sign_up(shop, "09127778899", "شادی", "امینی",
                                               birthday=f"1370/{j.month:02d}/{j.day:02d}").card)
    for card, score in ((shop.cards[0], 10), (shop.cards[1], 9), (shop.cards[2], 3)):
        services.surveys.add_survey(shop, card, score)
    services.followup.log_complaint(shop, "complaint", "service", "صف طولانی بود", key=shop.cards[0])
    return shop


def test_today_at_a_glance(day):
    t = home.today(day)
    figures = {f.key: f.value for f in t.figures}
    # purchases 60M and 2.5M (برنزی, ×1), then 10M at نقره‌ای (3% off) paying 500 points; 1M refunded
    sales = 60_000_000 + 2_500_000 + 10_000_000 - 1_000_000
    net_third = 10_000_000 * 97 // 100 - 500 * 100
    earned = 6_000 + 250 + (net_third // 10_000) * 125 // 100
    # balances: 6000 - 500 + third's points; 250 less the refunded part's 100; 250 adjusted
    owed = (6_000 - 500 + (net_third // 10_000) * 125 // 100) + (250 - 100) + 250
    assert figures == {
        "sales": sales, "served": 2, "new_members": 4, "earned": earned, "redeemed": 500,
        "liability": owed * 100,
        "nps": round(100 * (2 - 1) / 3, 1),  # two promoters, one detractor of three answers
        "at_risk": 0, "birthdays": 1,
        "followups": 2,  # the detractor's item and the complaint
    }
    assert (sales, earned, owed) == (71_500_000, 7_456, 7_106)
    assert t.purchases == 3
    assert len(t.days) == home.CHART_DAYS and t.days[-1] == (t.day[5:], sales)
    assert sum(v for _, v in t.days) == sales  # nothing before today
    assert len(t.months) == home.CHART_MONTHS and t.months[-1] == (t.day[:7], sales)
    assert {f.key: f.goes_to for f in t.figures}["at_risk"] == ("report", "churn")


def test_a_later_day_starts_from_nothing_and_counts_who_stayed_away(day, clock):
    clock.advance(days=45)  # past the 30 days of churn: the member of two visits is overdue
    t = home.today(day)
    figures = {f.key: f.value for f in t.figures}
    assert (figures["sales"], figures["served"], figures["new_members"], figures["earned"]) == (0, 0, 0, 0)
    assert figures["at_risk"] == 1  # the only member with two visits
    assert figures["nps"] is None  # the answers are older than 30 days
    assert figures["liability"] == 7_106 * 100 and figures["followups"] == 2
    assert sum(v for _, v in t.days) == 0
    assert sum(v for _, v in t.months) == 71_500_000  # the month of the sales is among the twelve


def test_the_home_figures_are_the_owners(day, cashier):
    with pytest.raises(PermissionDenied):
        home.today(cashier)


def test_reading_them_changes_nothing(day):
    day.take_changes()
    home.today(day)
    assert not day.take_changes()
