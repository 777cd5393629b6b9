"""Every report's figures against the hand-computed club of conftest.py (HAND_CLUB).

How each expected figure comes about is written next to it; months are Jalali, amounts rials.
"""

from __future__ import annotations

import pytest

from loyaltydesk.domain.errors import PermissionDenied
from loyaltydesk.domain.jalali import month_period, season_period, year_period
from loyaltydesk.services import analytics
from tests.analytics.conftest import noon

pytestmark = pytest.mark.engines  # every test on a club (the db fixture) runs on SQLite and on PostgreSQL


def table(report, index=0):
    return report.tables[index].as_dicts()


def summary(report):
    return analytics.figures(report)


# --- cost: (discounts + redeemed value) / gross, by the month of the purchase --------------------
COST_MONTHS = [
    # month, sales, tier discount, coupon, redeemed value, cost, cost bp, refunded
    ("1403/12", 58_000_000, 0, 0, 0, 0, 0, 2_000_000),          # B 55M + A 3M; 2M of B's refunded later
    ("1404/01", 7_000_000, 180_000, 100_000, 0, 280_000, 400, 0),  # A 1M + B 6M: 280,000 / 7M = 4.00%
    ("1404/02", 4_000_000, 0, 0, 50_000, 50_000, 125, 0),      # A 4M redeeming 500 points: 1.25%
    ("1404/03", 3_000_000, 0, 0, 0, 0, 0, 0),                  # D 1M + A 2M (the current month)
]                                                               # 1404/04 on: still to come, not reported


@pytest.mark.parametrize("month, sales, tier, coupon, redeemed, cost, bp, refunded", COST_MONTHS)
def test_cost_by_month(hand_club, month, sales, tier, coupon, redeemed, cost, bp, refunded):
    owner, _ = hand_club
    rows = {r["month"]: r for r in table(analytics.cost(owner, year_period(1403))) + table(analytics.cost(owner, year_period(1404)))}
    assert (rows[month]["sales"], rows[month]["tier_discount"], rows[month]["coupon_discount"], rows[month]["redeem_value"],
            rows[month]["cost"], rows[month]["cost_pct"], rows[month]["refunded"]) == (sales, tier, coupon, redeemed, cost, bp, refunded)


def test_cost_of_the_year(hand_club):
    owner, _ = hand_club
    s = summary(analytics.cost(owner, year_period(1404)))
    # 14M of sales in 1404; cost 180,000 + 100,000 + 50,000 = 330,000 = 2.357% → 236 bp
    assert (s["sales"], s["cost"], s["cost_percent"], s["tier_discounts"], s["coupon_discounts"], s["points_redeemed"]) == (
        14_000_000, 330_000, 236, 180_000, 100_000, 50_000)


# --- liability: positive balances × point value --------------------------------------------------
BALANCES = [
    ("A", 695),   # 200 + 300 + 100 − 500 + 395 (3.95M net) + 200
    ("B", 6015),  # 5,500 + 715 (5.72M × 1.25) − 200 reversed (2M of 55M)
    ("C", 50), ("D", 100), ("E", 300), ("F", 0),
]


@pytest.mark.parametrize("who, points", BALANCES)
def test_balances_behind_the_liability(hand_club, who, points):
    owner, cards = hand_club
    from loyaltydesk import services

    assert services.members.get_member(owner, cards[who]).points == points


def test_liability(hand_club):
    owner, _ = hand_club
    r = analytics.liability(owner, year_period(1404))
    s = summary(r)
    assert (s["outstanding_points"], s["liability"], s["members_with_points"], s["negative_balances"]) == (7_160, 716_000, 5, 0)
    assert s["expiring_within_30_days"] == 0  # the club's points never expire
    rows = {x["month"]: x for x in table(r)}
    assert (rows["1404/01"]["earned"], rows["1404/02"]["earned"], rows["1404/02"]["redeemed"], rows["1404/02"]["redeemed_value"]) == (
        100 + 715, 395, 500, 50_000)


# --- RFM ---------------------------------------------------------------------------------------
# Five buyers: cut points are the 1st..4th smallest values (nearest rank of 5).
# last purchase: E 1403/08/01 < C 1403/10/01 < B 1404/01/20 < D 1404/03/01 < A 1404/03/05 → R 1..5
# visits: C 1, D 1, B 2, E 3, A 5 → cuts (1, 1, 2, 3): C 1, D 1, B 3, E 4, A 5
# spend: C 0.5M, D 1M, E 3M, A 12M, B 59M (61M − 2M refunded) → M 1..5
RFM = [
    ("A", 5, 5, 4, "Champions"),
    ("B", 3, 3, 5, "Loyal"),
    ("C", 2, 1, 1, "Hibernating"),
    ("D", 4, 1, 2, "New"),
    ("E", 1, 4, 3, "At risk"),
]


@pytest.mark.parametrize("who, r, f, m, segment", RFM)
def test_rfm_scores_and_segment(hand_club, who, r, f, m, segment):
    owner, cards = hand_club
    rows = {x["card"]: x for x in table(analytics.rfm(owner), 2)}
    row = rows[cards[who]]
    assert (row["r"], row["f"], row["m"], row["segment"]) == (r, f, m, segment)


def test_rfm_segment_counts(hand_club):
    owner, _ = hand_club
    rep = analytics.rfm(owner)
    counts = {x["segment"]: x["members"] for x in table(rep)}
    assert counts == {"Champions": 1, "Loyal": 1, "Potential": 0, "New": 1, "At risk": 1, "Hibernating": 1, "Lost": 0}
    assert summary(rep) == {"buyers": 5, "members_without_a_purchase": 1}
    spend = {x["segment"]: x["spend"] for x in table(rep)}
    assert spend["Loyal"] == 59_000_000 and spend["Champions"] == 12_000_000
    assert [x["quintile"] for x in table(rep, 3)] == ["20%", "40%", "60%", "80%"]
    assert [x["visits"] for x in table(rep, 3)] == [1, 1, 2, 3]


# --- retention ------------------------------------------------------------------------------------
RETENTION_MONTHS = [
    # month, buyers, bought again next month, basis points
    ("1403/06", 1, 1, 10_000),  # E → E
    ("1403/07", 1, 1, 10_000),
    ("1403/08", 1, 0, 0),       # E never came back
    ("1403/09", 0, 0, 0),
    ("1403/10", 1, 0, 0),       # C only once
    ("1403/11", 1, 1, 10_000),  # A → A, B
    ("1403/12", 2, 2, 10_000),  # A, B → A, B
    ("1404/01", 2, 1, 5_000),   # A, B → A
    ("1404/02", 1, 1, 10_000),  # A → A, D
    ("1404/03", 2, 0, None),    # the current month: its next has not begun, so no retention yet
]


@pytest.mark.parametrize("month, buyers, retained, bp", RETENTION_MONTHS)
def test_retention_by_month(hand_club, month, buyers, retained, bp):
    owner, _ = hand_club
    rows = {r["period"]: r for y in (1403, 1404) for r in table(analytics.retention(owner, year_period(y)))}
    assert (rows[month]["buyers"], rows[month]["retained"], rows[month]["retention"]) == (buyers, retained, bp)


@pytest.mark.parametrize("season, buyers, retained", [
    ("1403 S2", 1, 1),  # E in Shahrivar → E in Mehr
    ("1403 S3", 1, 0),  # E → (C, A, B)
    ("1403 S4", 3, 2),  # C, A, B → A, B, D
])
def test_retention_by_season(hand_club, season, buyers, retained):
    owner, _ = hand_club
    rows = {r["period"]: r for r in table(analytics.retention(owner, year_period(1403), by="season"))}
    assert (rows[season]["buyers"], rows[season]["retained"]) == (buyers, retained)


def test_retention_summary_leaves_out_periods_not_over(hand_club):
    owner, _ = hand_club
    s = summary(analytics.retention(owner, year_period(1404)))
    # 1404/01: 2 → 1, 1404/02: 1 → 1; 1404/03 onwards have no finished next month
    assert (s["buyers"], s["came_back"], s["retention"]) == (3, 2, 6_667)


# --- churn: no visit for longer than usual --------------------------------------------------------
def test_churn_lists_only_the_overdue_regular(hand_club):
    owner, cards = hand_club
    # A: usual gap 117/4 = 29.25 d, threshold 58.5, 6 days since → fine
    # B: usual gap 46 d, threshold 92, 53 days since → fine
    # E: usual gap 30.5 d, threshold 61, ~220 days since → at risk. C and D: one visit, no "usual" yet.
    r = analytics.churn(owner)
    rows = table(r)
    assert [x["card"] for x in rows] == [cards["E"]]
    assert rows[0]["usual_gap"] == 30.5 and rows[0]["visits"] == 3 and rows[0]["spend"] == 3_000_000
    assert summary(r)["members_at_risk"] == 1


# --- value -------------------------------------------------------------------------------------
def test_value_by_year(hand_club):
    owner, _ = hand_club
    rep = analytics.value(owner, year_period(1404))
    (y,) = table(rep)
    # 1404: A 7M (3 visits), B 6M, D 1M → 14M over 3 buyers, 5 purchases
    assert (y["year"], y["buyers"], y["purchases"], y["spend"], y["spend_per_buyer"], y["visits_per_buyer"],
            y["average_basket"]) == ("1404", 3, 5, 14_000_000, 4_666_666, 1.67, 2_800_000)
    s = summary(rep)
    # lifetime: 75.5M over 5 buyers, 12 visits
    assert (s["buyers_ever"], s["lifetime_spend_per_buyer"], s["lifetime_visits_per_buyer"]) == (5, 15_100_000, 2.4)
    (y3,) = table(analytics.value(owner, year_period(1403)))
    # 1403: A 2M+3M, B 55M, C 0.5M, E 3M = 63.5M gross, 2M refunded, 7 purchases, 4 buyers
    assert (y3["buyers"], y3["purchases"], y3["spend"], y3["average_basket"]) == (4, 7, 61_500_000, 9_071_428)
    assert table(rep, 2)[0]["spend"] == 59_000_000  # B, the biggest spender


# --- NPS and CSAT ---------------------------------------------------------------------------------
def test_nps(hand_club):
    owner, _ = hand_club
    rep = analytics.nps(owner, year_period(1404))
    # A 10, B 9, E 10 promoters; C 8 passive; D 3 detractor → (3 − 1) / 5 = 40
    assert summary(rep) == {"nps": 40.0, "responses": 5, "promoters": 3, "passives": 1, "detractors": 1}
    rows = {r["month"]: r for r in table(rep)}
    # 1404/01: nobody answered; 1404/02: A 10, B 9 → 100; 1404/03: E 10, C 8, D 3 → (1 − 1) / 3 = 0;
    # 1404/04 on is still to come
    assert {m: r["nps"] for m, r in rows.items()} == {"1404/01": None, "1404/02": 100.0, "1404/03": 0.0}
    assert (rows["1404/03"]["promoters"], rows["1404/03"]["passives"], rows["1404/03"]["detractors"]) == (1, 1, 1)
    assert summary(analytics.nps(owner, month_period(1404, 2)))["nps"] == 100.0


def test_csat(hand_club):
    owner, _ = hand_club
    rep = analytics.csat(owner, season_period(1404, 1))
    rows = {r["aspect"]: r for r in table(rep)}
    # service 5, 4, 2 → 3.67, two of three 4-5 stars; price 3; staff 1
    assert (rows["Service"]["answers"], rows["Service"]["average"], rows["Service"]["satisfied"]) == (3, 3.67, 6_667)
    assert (rows["Price"]["average"], rows["Price"]["satisfied"], rows["Staff"]["average"]) == (3.0, 0, 1.0)
    assert summary(rep) == {"csat": 4_000, "average_stars": 3.0, "answers": 5}  # 2 of 5 answers at 4-5; 15/5


# --- tiers and growth ---------------------------------------------------------------------------
def test_tiers(hand_club):
    owner, _ = hand_club
    rep = analytics.tiers(owner, year_period(1403))
    dist = {r["tier"]: r["members"] for r in table(rep)}
    assert dist == {"برنزی": 5, "نقره‌ای": 1, "طلایی": 0}
    assert table(rep, 1) == [{"from": "برنزی", "to": "نقره‌ای", "reason": "purchase", "moves": 1}]
    assert summary(rep) == {"members": 6, "moved_up": 1, "moved_down": 0}
    assert table(analytics.tiers(owner, year_period(1404)), 1) == []


GROWTH = [("1404/01", 0, 4, 2), ("1404/02", 1, 5, 1), ("1404/03", 1, 6, 2)]  # 1404/04 on: still to come


@pytest.mark.parametrize("month, joined, members, buyers", GROWTH)
def test_growth(hand_club, month, joined, members, buyers):
    owner, _ = hand_club
    rows = {r["month"]: r for r in table(analytics.growth(owner, year_period(1404)))}
    assert (rows[month]["joined"], rows[month]["members"], rows[month]["buyers"]) == (joined, members, buyers)


def test_growth_of_1403(hand_club):
    owner, _ = hand_club
    rep = analytics.growth(owner, year_period(1403))
    assert summary(rep)["new_members"] == 4
    assert {r["month"]: r["joined"] for r in table(rep)}["1403/05"] == 4


# --- periods and roles --------------------------------------------------------------------------
MONTHLY = [  # report, its month table, the table's month column
    ("value", 1, "month"), ("retention", 0, "period"), ("cost", 0, "month"), ("liability", 0, "month"),
    ("nps", 0, "month"), ("growth", 0, "month"),
]


@pytest.mark.parametrize("name, index, column", MONTHLY, ids=[m[0] for m in MONTHLY])
def test_months_still_to_come_are_not_reported(hand_club, name, index, column):
    """Now is 1404/03/11: this year's report stops at Khordad (a 0 % for Tir..Esfand would read as a
    collapse), and its period says the figures end today; a period wholly to come has no rows."""
    owner, _ = hand_club
    rep = analytics.report(owner, name, year_period(1404))
    assert [r[column] for r in table(rep, index)] == ["1404/01", "1404/02", "1404/03"]
    assert rep.period == "۱۴۰۴/۰۱/۰۱ تا ۱۴۰۴/۰۳/۱۱"
    later = analytics.report(owner, name, season_period(1404, 3))
    assert table(later, index) == [] and later.period == "۱۴۰۴/۰۷/۰۱ تا ۱۴۰۴/۰۹/۳۰"
    past = analytics.report(owner, name, year_period(1403))
    assert len(table(past, index)) == 12 and past.period == "۱۴۰۳/۰۱/۰۱ تا ۱۴۰۳/۱۲/۳۰"


def test_a_season_by_season_retention_stops_at_the_current_season(hand_club):
    owner, _ = hand_club
    rows = table(analytics.retention(owner, year_period(1404), by="season"))
    # spring 1404 is the current season: summer has not begun, so its retention is not known yet
    assert [(r["period"], r["retention"]) for r in rows] == [("1404 S1", None)]


def test_a_custom_range_is_widened_to_whole_months(hand_club):
    owner, _ = hand_club
    period = analytics.period_between(noon("1404/01/15"), noon("1404/02/05"))
    rep = analytics.cost(owner, period)
    assert [r["month"] for r in table(rep)] == ["1404/01", "1404/02"]
    assert rep.period == "۱۴۰۴/۰۱/۰۱ تا ۱۴۰۴/۰۲/۳۱"


@pytest.mark.parametrize("name", analytics.NAMES)
def test_reports_are_the_owners(hand_club, cashier, name):
    with pytest.raises(PermissionDenied):
        analytics.report(cashier, name, year_period(1404))


@pytest.mark.parametrize("name", analytics.NAMES)
def test_every_report_has_its_chart_columns(hand_club, name):
    owner, _ = hand_club
    rep = analytics.report(owner, name, year_period(1404))
    index, label, values, _kind = analytics.CHARTS[name]
    keys = {c.key for c in rep.tables[index].columns}
    assert label in keys and set(values) <= keys
    assert rep.as_dict()["name"] == name
