"""Campaigns through the services: a season of purchases (Yalda, Nowruz, a weekend lunch hour, a third
visit, a spend target, a budget running out, best against add, a partial refund) and what each gives;
the owner's add / edit / end with every problem at once; the ledger, the counters and "did it work".

The club (tests/conftest.py ``club``): 1 point per 10,000 rials at ×1 (bronze), a point pays 100
rials, lots expire after 6 months. Every figure below is worked out by hand from docs/rules.md.
After every step ``check_database`` must find nothing wrong.
"""

from __future__ import annotations

from datetime import datetime

import jdatetime
import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from loyaltydesk.domain.jalali import TEHRAN, UTC
from loyaltydesk.services.campaigns import CampaignForm

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL


def tehran(jday: str, hm: str = "12:00") -> datetime:
    y, m, d = map(int, jday.split("/"))
    g = jdatetime.date(y, m, d).togregorian()
    hour, minute = map(int, hm.split(":"))
    return datetime(g.year, g.month, g.day, hour, minute, tzinfo=TEHRAN).astimezone(UTC)


# The campaigns of the season, as the owner types them (the command line's options by name).
CAMPAIGNS = [
    dict(name="Yalda", start="1404/09/30", end="1404/09/30", multiplier=200, stacking="best"),
    dict(name="Nowruz", start="1405/01/01", end="1405/01/13", multiplier=150, budget=250),
    dict(name="Weekend lunch", start="1404/09/01", end="1404/12/29", weekdays="sat,sun", hours="10-14", bonus=40,
         min_purchase=2_000_000, per_member_limit=2),
    dict(name="Third visit", start="1404/09/01", end="1404/12/29", bonus=100, nth_visit=3),
    dict(name="Big spender", start="1404/09/01", end="1404/12/29", bonus=600, spend_target=10_000_000, stacking="best"),
]

# (action, arguments, expected). Purchases are numbered from 1 in the order of the season.
# 1404/09/01, /08, /29 are Saturdays, 1404/09/06 a Thursday, 1404/09/30 (Yalda) a Sunday, 1405/01/01 a Saturday.
SEASON = [
    # lunch on a Saturday: the weekend bonus; the first visit; spend 3M of 10M
    ("buy", dict(who="A", day="1404/09/01", time="11:00", amount=3_000_000),
     dict(points_earned=340, campaign_points=40, campaigns=[("Weekend lunch", 40)], balance=340)),
    # a Thursday evening: nothing but the second visit counted
    ("buy", dict(who="A", day="1404/09/06", time="18:00", amount=1_000_000),
     dict(points_earned=100, campaign_points=0, campaigns=[], balance=440)),
    # below the lunch minimum on a Saturday: no lunch bonus, and not a lunch visit
    ("buy", dict(who="B", day="1404/09/08", time="11:30", amount=1_000_000),
     dict(points_earned=100, campaign_points=0, campaigns=[], balance=100)),
    # the third visit and the second lunch: both add up
    ("buy", dict(who="A", day="1404/09/08", time="12:00", amount=2_000_000),
     dict(points_earned=340, campaign_points=140, campaigns=[("Weekend lunch", 40), ("Third visit", 100)], balance=780)),
    # a third lunch: the limit of 2 per member is reached; the fourth visit gives nothing
    ("buy", dict(who="A", day="1404/09/29", time="13:00", amount=2_500_000),
     dict(points_earned=250, campaign_points=0, balance=1_030)),
    # Yalda (best, double: 500) and reaching the 10M target (best, 600): only the larger gives
    ("buy", dict(who="A", day="1404/09/30", time="20:00", amount=5_000_000),
     dict(points_earned=1_100, campaign_points=600, campaigns=[("Big spender", 600)], balance=2_130)),
    # Yalda for B (best, 400) beside the lunch bonus (add, 40)
    ("buy", dict(who="B", day="1404/09/30", time="10:00", amount=4_000_000),
     dict(points_earned=840, campaign_points=440, campaigns=[("Yalda", 400), ("Weekend lunch", 40)], balance=940)),
    # 2M of A's 5M Yalda purchase comes back: 2/5 of its 500 earned and of its 600 campaign points
    ("refund", dict(purchase=6, day="1404/10/05", amount=2_000_000),
     dict(points_reversed=440, net_refunded=2_000_000, balance=1_690)),
    ("costs", dict(day="1404/10/05"), {"Yalda": (400, 1), "Big spender": (360, 1), "Weekend lunch": (120, 3),
                                       "Third visit": (100, 1), "Nowruz": (0, 0)}),
    # Nowruz ×1.5: 150 of its 250-point budget
    ("buy", dict(who="A", day="1405/01/01", time="11:00", amount=3_000_000),
     dict(points_earned=450, campaigns=[("Nowruz", 150)], balance=2_140)),
    # B would get 200: the budget has 100 left, and gives them
    ("buy", dict(who="B", day="1405/01/02", time="10:00", amount=4_000_000),
     dict(points_earned=500, campaigns=[("Nowruz", 100)], balance=1_440)),
    # the budget is spent: the campaign gives nothing more
    ("buy", dict(who="A", day="1405/01/03", time="10:00", amount=1_000_000),
     dict(points_earned=100, campaign_points=0, campaigns=[], balance=2_240)),
    # the owner raises the budget to 400 while it runs: what was given stays, 150 more may go
    ("edit", dict(name="Nowruz", day="1405/01/04", changes=dict(budget=400)), None),
    ("buy", dict(who="A", day="1405/01/04", time="10:00", amount=1_000_000),
     dict(points_earned=150, campaigns=[("Nowruz", 50)], balance=2_390)),
    # the 14th: Nowruz is over
    ("buy", dict(who="A", day="1405/01/14", time="10:00", amount=1_000_000),
     dict(points_earned=100, campaigns=[], balance=2_490)),
    ("costs", dict(day="1405/01/14"), {"Nowruz": (300, 3), "Yalda": (400, 1), "Big spender": (360, 1)}),
]


@pytest.fixture
def season_members(club, clock):
    clock.now = tehran("1404/08/01")
    a = services.members.sign_up(club, "09121111111", "علی", "رضایی").card
    b = services.members.sign_up(club, "09122222222", "مریم", "کریمی").card
    for spec in CAMPAIGNS:
        services.campaigns.add_campaign(club, CampaignForm(**spec))
    return {"A": a, "B": b}


def test_a_season_of_campaigns(club, clock, season_members):
    purchases = []
    for number, (action, args, expected) in enumerate(SEASON, start=1):
        clock.now = tehran(args["day"], args.get("time", "09:00"))
        if action == "buy":
            r = services.checkout.register_purchase(club, season_members[args["who"]], args["amount"])
            purchases.append(r.purchase_id)
            record = {**r.as_dict(), "campaigns": [(c["name"], c["points"]) for c in r.as_dict()["campaigns"]]}
        elif action == "refund":
            record = services.checkout.refund(club, purchases[args["purchase"] - 1], args["amount"]).as_dict()
        elif action == "edit":
            view = services.campaigns.get_campaign(club, args["name"])
            services.campaigns.edit_campaign(club, args["name"], view.form.__class__(
                **{**view.form.__dict__, **args["changes"]}))
            continue
        else:
            views = {v.form.name: v for v in services.campaigns.list_campaigns(club)}
            record = {name: (views[name].points, views[name].uses) for name in expected}
        assert {k: record[k] for k in expected} == expected, f"step {number}: {action} {args}"
        assert services.check.check_database(club) == [], f"step {number}"
    # every campaign point is a bonus entry of its own, keyed by campaign and purchase, expiring like earn
    rows = club.db.all("SELECT bonus_key, points, expires_at, purchase_id FROM ledger WHERE bonus_key LIKE 'campaign:%' ORDER BY id")
    assert [r[1] for r in rows] == [40, 40, 100, 600, 400, 40, 150, 100, 50]
    earn = dict(club.db.all("SELECT purchase_id, expires_at FROM ledger WHERE kind = 'earn'"))
    assert all(expires == earn[pid] and key.endswith(f":p{pid}") for key, _p, expires, pid in rows)


def test_preview_quote_and_register_give_the_same_campaign_line(club, clock, season_members):
    clock.now = tehran("1404/09/30", "11:00")
    card = season_members["B"]
    preview = services.checkout.price_purchase(club, card, 4_000_000)
    quote = services.checkout.quote(club, card, 4_000_000)
    result = services.checkout.register_purchase(club, card, 4_000_000)
    assert preview.lines == quote == result.lines
    assert quote.campaigns == (("Yalda", 400), ("Weekend lunch", 40)) and quote.points_earned == 840


def test_a_whole_refund_and_a_void_take_every_campaign_point_back_and_return_the_budget(club, clock, season_members):
    clock.now = tehran("1405/01/01", "11:00")
    r = services.checkout.register_purchase(club, season_members["A"], 3_333_333)
    assert r.lines.campaigns == (("Nowruz", 166),) and r.lines.points_earned == 499
    first = services.checkout.refund(club, r.purchase_id, 1_111_111)
    second = services.checkout.refund(club, r.purchase_id)
    # parts add up exactly to the whole: 333 + 166 taken back in all
    assert first.points_reversed + second.points_reversed == 499 and second.balance == 0
    assert services.campaigns.get_campaign(club, "Nowruz").points == 0
    cashier_sale = services.checkout.register_purchase(club, season_members["B"], 2_000_000)
    assert cashier_sale.lines.campaign_points == 100
    voided = services.checkout.void_purchase(club, cashier_sale.purchase_id)
    assert voided.points_reversed == 300 and voided.balance == 0
    assert services.check.check_database(club) == []


def test_the_owner_adds_edits_and_ends_with_every_problem_at_once(club, cashier, clock, season_members):
    bad = CampaignForm(name="", start="1405/02/10", end="1405/02/01", weekdays="sat,xyz", hours="25-3",
                       tiers="الماسی", segment="vip", multiplier=2_000, budget=-5, stacking="most")
    with pytest.raises(ValidationError) as e:
        services.campaigns.add_campaign(club, bad)
    assert [p.field for p in e.value.problems] == [
        "weekdays", "hours", "tiers", "name", "end", "multiplier", "budget", "stacking", "segment"]
    with pytest.raises(ValidationError) as e:
        services.campaigns.add_campaign(club, CampaignForm(name="x", start="1405/13/01", end="", bonus=5))
    assert [p.field for p in e.value.problems] == ["dates"]
    with pytest.raises(ValidationError) as e:
        services.campaigns.add_campaign(club, CampaignForm(name="x", start="1405/13/01", end="1405/12/31", bonus=5))
    assert [p.field for p in e.value.problems] == ["start", "end"]  # no month 13; 1405 has no Esfand 31
    with pytest.raises(ValidationError) as e:  # the same bonus overlapping itself under another name
        services.campaigns.add_campaign(club, CampaignForm(name="Yalda again", start="1404/09/30", end="1404/10/01",
                                                           multiplier=200, stacking="best"))
    assert [p.field for p in e.value.problems] == ["dates"]
    with pytest.raises(PermissionDenied):
        services.campaigns.add_campaign(cashier, CampaignForm(name="x", start="1405/02/01", end="1405/02/01", bonus=5))
    assert len(services.campaigns.list_campaigns(club)) == len(CAMPAIGNS)  # nothing half-saved
    added = services.campaigns.add_campaign(club, CampaignForm(
        name="Gold birthdays", start="1405/02/01", end="1405/02/31", tiers="طلایی", birthday_month=2, bonus=300,
        joined_from="1400/01/01", joined_to="1404/12/29"))
    view = services.campaigns.get_campaign(club, "gold birthdays")
    assert view.state == "upcoming" and view.form.tiers == "طلایی" and view.form.end == "1405/02/31"
    assert view.form.joined_to == "1404/12/29" and added.target.birthday_month == 2
    clock.now = tehran("1405/02/05")
    assert services.campaigns.get_campaign(club, "Gold birthdays").state == "running"
    services.campaigns.end_campaign(club, "Gold birthdays")
    assert services.campaigns.get_campaign(club, "Gold birthdays").state == "ended"
    with pytest.raises(RuleViolation):
        services.campaigns.end_campaign(club, "Gold birthdays")
    with pytest.raises(NotFound):
        services.campaigns.end_campaign(club, "nothing")
    actions = [r[0] for r in club.db.all("SELECT action FROM audit_log WHERE entity = 'campaign' ORDER BY id")]
    assert actions == ["add_campaign"] * (len(CAMPAIGNS) + 1) + ["end_campaign"]


# (target options, member, expected campaign points on a 1,000,000 purchase at 1405/03/10 12:00)
TARGETS = [
    (dict(), "A", 100),
    (dict(tiers="نقره‌ای"), "A", 0),  # A is bronze
    (dict(tiers="برنزی,نقره‌ای"), "A", 100),
    (dict(birthday_month=3), "A", 100),  # born in Khordad
    (dict(birthday_month=3), "B", 0),  # no birthday
    (dict(joined_from="1404/08/02"), "A", 0),  # joined 1404/08/01
    (dict(joined_to="1404/08/01"), "A", 100),  # inclusive
    # the only buyer sits on every cut point: R, F and M score 1, "lost", as the RFM report scores it
    (dict(segment="lost"), "A", 100),
    (dict(segment="champions"), "A", 0),
    (dict(segment="lost"), "B", 0),  # never bought: no segment
]


@pytest.mark.parametrize("options, who, points", TARGETS)
def test_targets(club, clock, options, who, points):
    clock.now = tehran("1404/08/01")
    cards = {"A": services.members.sign_up(club, "09121111111", birthday="1370/03/05").card,
             "B": services.members.sign_up(club, "09122222222").card}
    if who == "A" and options.get("segment"):
        services.checkout.register_purchase(club, cards["A"], 1_000_000)
    services.campaigns.add_campaign(club, CampaignForm(name="t", start="1405/03/01", end="1405/03/31", bonus=100,
                                                       **options))
    clock.now = tehran("1405/03/10")
    assert services.checkout.quote(club, cards[who], 1_000_000).campaign_points == points


def test_did_it_work(club, clock, season_members):
    clock.now = tehran("1404/09/28", "12:00")  # the two days before Yalda: 3M and 1M
    services.checkout.register_purchase(club, season_members["A"], 3_000_000)
    clock.now = tehran("1404/09/29", "18:00")
    services.checkout.register_purchase(club, season_members["B"], 1_000_000)
    clock.now = tehran("1404/09/30", "20:00")  # Yalda: 5M (A) and 4M (B)
    services.checkout.register_purchase(club, season_members["A"], 5_000_000)
    services.checkout.register_purchase(club, season_members["B"], 4_000_000)
    services.checkout.refund(club, 4, 1_000_000)
    clock.now = tehran("1404/10/10")
    r = services.campaigns.report(club, "Yalda")
    assert (r.state, r.start, r.end, r.days) == ("ended", "1404/09/30", "1404/09/30", 1)
    # A's Yalda line is 500 (nothing else gives at 20:00); B's 400, less the quarter a refund took back
    assert (r.members_reached, r.uses, r.points, r.points_value) == (2, 2, 500 + 400 - 100, 80_000)
    assert (r.purchases, r.buyers, r.sales) == (2, 2, 8_000_000)
    assert (r.purchases_before, r.buyers_before, r.sales_before, r.sales_change) == (1, 1, 1_000_000, 7_000_000)


def test_campaign_points_expire_like_earn_lots_and_are_not_taken_back_twice(club, clock, season_members):
    clock.now = tehran("1405/01/01", "11:00")
    sale = services.checkout.register_purchase(club, season_members["A"], 2_000_000)
    assert (sale.lines.base_points, sale.lines.campaign_points) == (200, 100)
    clock.now = tehran("1405/07/02")  # six months on: both lots expire
    assert services.points.run_expiry(club).points == 300
    back = services.checkout.refund(club, sale.purchase_id)
    assert (back.points_reversed, back.balance) == (0, 0)
    assert services.campaigns.get_campaign(club, "Nowruz").points == 100  # what expired was still its cost
    assert services.check.check_database(club) == []
