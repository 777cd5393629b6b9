"""Scenarios as data: a sequence of purchases, refunds, expiries and reviews, and what each must give.

Every figure is worked out by hand from the club's rules (docs/rules.md) (club: 1 point per 10,000 rials net at ×1,
a point pays 100 rials, points pay at most 50% of what is left, lots expire after 6 months,
rolling 12-month window; tiers برنزی 0 / نقره‌ای 50M at 3% ×1.25 / طلایی 150M at 5% ×1.5).
After every step ``check_database`` must find nothing wrong.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError, PermissionDenied, RuleViolation
from loyaltydesk.domain.jalali import add_months, parse_jalali_date, start_of_jalali_day
from tests.conftest import START

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

B, S, G = "برنزی", "نقره‌ای", "طلایی"

# Each step: (action, arguments, expected). Members are named A and B; purchases are numbered
# from 1 in the order of the scenario; "month" and "day" move the clock from START.
SCENARIOS = {
    "the crossing purchase is priced at the old tier, the next at the new one": [
        ("buy", dict(who="A", amount=40_000_000), dict(tier_discount=0, net=40_000_000, points_earned=4_000, balance=4_000, tier_after=B)),
        ("buy", dict(who="A", amount=20_000_000), dict(tier_discount=0, net=20_000_000, points_earned=2_000, balance=6_000, tier_before=B, tier_after=S, upgraded=True)),
        ("buy", dict(who="A", amount=10_000_000, redeem=500), dict(tier_discount=300_000, redeem_value=50_000, net=9_650_000, points_earned=1_206, balance=6_706, tier_after=S, upgraded=False)),
    ],
    "one purchase can skip a tier": [
        ("buy", dict(who="A", amount=160_000_000), dict(points_earned=16_000, tier_before=B, tier_after=G, upgraded=True)),
        ("buy", dict(who="A", amount=1_000_000), dict(tier_discount=50_000, net=950_000, points_earned=142)),
    ],
    "redemption refused beyond the balance and beyond the cap; nothing written": [
        ("buy", dict(who="A", amount=10_000_000), dict(points_earned=1_000, balance=1_000)),
        ("buy", dict(who="A", amount=1_000_000, redeem=1_001), RuleViolation),
        ("buy", dict(who="A", amount=100_000, redeem=600), RuleViolation),
        ("member", dict(who="A"), dict(points=1_000)),
        ("buy", dict(who="A", amount=100_000, redeem=500), dict(redeem_value=50_000, net=50_000, points_earned=5, balance=505)),
        ("purchases", dict(who="A"), 2),
    ],
    "coupon after the tier discount, points capped on what the coupon left": [
        ("buy", dict(who="A", amount=20_000_000), dict(points_earned=2_000)),
        ("buy", dict(who="A", amount=10_000_000, coupon="nowruz", redeem=2_000), dict(coupon_code="NOWRUZ", coupon_discount=1_000_000, redeem_value=200_000, net=8_800_000, points_earned=880, balance=880)),
        ("buy", dict(who="A", amount=10_000_000, coupon="NOWRUZ"), RuleViolation),  # once per member
        ("buy", dict(who="A", amount=300_000, coupon="GIFT"), dict(coupon_discount=300_000, net=0, points_earned=0)),  # never negative
    ],
    "a whole refund takes the earned points back and undoes the upgrade it caused": [
        ("buy", dict(who="A", amount=30_000_000), dict(points_earned=3_000)),
        ("buy", dict(who="A", amount=30_000_000), dict(points_earned=3_000, tier_after=S, upgraded=True)),
        ("refund", dict(purchase=2), dict(net_refunded=30_000_000, points_reversed=3_000, points_returned=0, tier_before=S, tier_after=B, balance=3_000)),
        ("refund", dict(purchase=2), RuleViolation),  # already refunded in full
    ],
    "a refund never drops below the tier held before its purchase": [
        ("buy", dict(who="A", amount=60_000_000), dict(tier_after=S)),
        ("buy", dict(who="A", amount=100_000_000), dict(tier_before=S, tier_after=G)),
        ("refund", dict(purchase=2), dict(tier_before=G, tier_after=S)),
        ("refund", dict(purchase=1, amount=30_000_000), dict(tier_before=S, tier_after=B)),  # bought at B: 30M left → B
    ],
    "a refund long after its purchase leaves tier moves to the review": [
        ("buy", dict(who="A", amount=60_000_000), dict(tier_after=S)),
        ("buy", dict(who="A", amount=100_000_000), dict(tier_after=G)),
        ("day", 400, None),
        ("refund", dict(purchase=1, amount=1_000), dict(tier_before=G, tier_after=G)),
        ("refund", dict(purchase=2), dict(tier_before=G, tier_after=G)),
        ("review", {}, dict(members=1)),
        ("member", dict(who="A"), dict(tier=S)),
    ],
    "partial refunds in two parts add up to a whole one": [
        ("buy", dict(who="A", amount=10_000_000), dict(points_earned=1_000)),
        ("buy", dict(who="A", amount=10_000_000, redeem=1_000), dict(redeem_value=100_000, net=9_900_000, points_earned=990, balance=990)),
        ("refund", dict(purchase=2, amount=3_000_000), dict(net_refunded=2_970_000, points_reversed=297, points_returned=300, balance=993)),
        ("refund", dict(purchase=2, amount=8_000_000), LoyaltyError),  # only 7M left
        ("refund", dict(purchase=2), dict(amount=7_000_000, net_refunded=6_930_000, points_reversed=693, points_returned=700, balance=1_000)),
    ],
    "points that already expired are not taken back again by a refund": [
        ("buy", dict(who="A", amount=10_000_000), dict(points_earned=1_000)),
        ("month", 7, None),
        ("expire", {}, dict(points=1_000)),
        ("buy", dict(who="A", amount=10_000_000), dict(points_earned=1_000, balance=1_000)),
        ("refund", dict(purchase=1), dict(points_reversed=0, balance=1_000)),
    ],
    "a referral bonus is taken back when the purchase that earned it is refunded in full": [
        ("buy", dict(who="B", amount=100_000), dict(referrer_bonus=300)),
        ("member", dict(who="A"), dict(points=300)),
        ("refund", dict(purchase=1), dict(points_reversed=10)),
        ("member", dict(who="A"), dict(points=0)),
        ("buy", dict(who="B", amount=100_000), dict(referrer_bonus=0)),  # once only, even so
    ],
    "a negative balance after a refund refuses redemption until it is positive": [
        ("buy", dict(who="A", amount=10_000_000), dict(points_earned=1_000)),
        ("buy", dict(who="A", amount=1_000_000, redeem=500), dict(net=950_000, points_earned=95, balance=595)),
        ("refund", dict(purchase=1), dict(points_reversed=1_000, balance=-405)),
        ("buy", dict(who="A", amount=1_000_000, redeem=10), RuleViolation),
        ("buy", dict(who="A", amount=5_000_000), dict(points_earned=500, balance=95)),
        ("buy", dict(who="A", amount=1_000_000, redeem=10), dict(redeem_value=1_000, points_earned=99, balance=184)),
    ],
    "expiry by lot, oldest lots redeemed first, idempotent": [
        ("buy", dict(who="A", amount=10_000_000), dict(points_earned=1_000)),  # lot 1, expires month 6
        ("month", 3, None),
        ("buy", dict(who="A", amount=5_000_000), dict(points_earned=500)),  # lot 2, expires month 9
        ("month", 4, None),
        ("buy", dict(who="A", amount=2_000_000, redeem=300), dict(net=1_970_000, points_earned=197, balance=1_397)),  # from lot 1
        ("month", 6, None),
        ("expire", {}, dict(entries=1, points=700)),
        ("expire", {}, dict(entries=0, points=0)),
        ("member", dict(who="A"), dict(points=697)),
        ("month", 9, None),
        ("expire", {}, dict(entries=1, points=500)),
        ("month", 10, None),
        ("expire", {}, dict(entries=1, points=197)),
        ("member", dict(who="A"), dict(points=0)),
    ],
    "a purchase expires what is due before it redeems": [
        ("buy", dict(who="A", amount=10_000_000), dict(points_earned=1_000)),
        ("month", 7, None),
        ("member", dict(who="A"), dict(points=0)),  # the panel never shows points past their date
        ("buy", dict(who="A", amount=1_000_000, redeem=100), RuleViolation),  # lot expired: balance 0
        ("expire", {}, dict(entries=1, points=1_000)),  # the refused purchase wrote nothing, its expiry neither
        ("member", dict(who="A"), dict(points=0)),
    ],
    "tier review: down one tier after 12 months held, never within them": [
        ("buy", dict(who="A", amount=160_000_000), dict(tier_after=G)),
        ("month", 11, None),
        ("review", {}, dict(members=0)),
        ("month", 13, None),
        ("review", {}, dict(members=1)),
        ("member", dict(who="A"), dict(tier=S, qualifying_spend=0)),
        ("day", 400, None),
        ("review", {}, dict(members=0)),  # S reached a month ago
        ("month", 25, None),
        ("review", {}, dict(members=1)),
        ("member", dict(who="A"), dict(tier=B)),
        ("month", 26, None),
        ("review", {}, dict(members=0)),  # nothing below B
    ],
    "spend within the window keeps the tier at review": [
        ("buy", dict(who="A", amount=60_000_000), dict(tier_after=S)),
        ("month", 11, None),
        ("buy", dict(who="A", amount=50_000_000), dict(tier_after=S)),
        ("month", 13, None),
        ("review", {}, dict(members=0)),  # 50M in the last 12 months still reaches S
        ("member", dict(who="A"), dict(tier=S, qualifying_spend=50_000_000, to_keep_tier=0, to_next_tier=100_000_000)),
    ],
    "redeeming points never lowers a tier": [
        ("buy", dict(who="A", amount=50_000_000), dict(tier_after=S, points_earned=5_000)),
        ("buy", dict(who="A", amount=9_000_000, redeem=4_000), dict(redeem_value=400_000, points_earned=1_041)),
        ("member", dict(who="A"), dict(tier=S, qualifying_spend=59_000_000, points=2_041)),
    ],
    "birthday bonus once a Jalali year; referral bonus at the first purchase only": [
        ("birthdays", {}, dict(entries=1, points=100)),  # A's birthday is today (bronze bonus 100)
        ("birthdays", {}, dict(entries=0)),
        ("buy", dict(who="B", amount=1_000_000), dict(referrer_bonus=300)),
        ("buy", dict(who="B", amount=1_000_000), dict(referrer_bonus=0)),
        ("member", dict(who="A"), dict(points=400)),
        ("month", 12, None),
        ("birthdays", {}, dict(entries=1, points=100)),  # next year again
    ],
    "manual adjustments with a reason; blocked members buy nothing": [
        ("adjust", dict(who="A", points=250, reason="جبران تاخیر"), 250),
        ("adjust", dict(who="A", points=-50, reason="اصلاح"), 200),
        ("block", dict(who="A"), None),
        ("buy", dict(who="A", amount=1_000_000), RuleViolation),
        ("unblock", dict(who="A"), None),
        ("buy", dict(who="A", amount=1_000_000, redeem=20), dict(net=998_000, points_earned=99, balance=279)),
    ],
}


def run_scenario(owner, clock, steps):
    today = parse_jalali_date("1404/03/11")  # the Jalali date of START
    a = services.members.sign_up(owner, "09121111111", "علی", "رضایی", birthday=f"1370/{today.month:02d}/{today.day:02d}")
    b = services.members.sign_up(owner, "09122222222", "مریم", "کریمی", referrer=a.card)
    services.club.add_coupon(owner, "NOWRUZ", percent_bp=1_000)
    services.club.add_coupon(owner, "GIFT", amount=500_000, once_per_member=False)
    cards = {"A": a.card, "B": b.card}
    purchases = []
    for number, (action, args, expected) in enumerate(steps, start=1):
        if action in ("month", "day"):
            clock.now = add_months(START, args) if action == "month" else START + timedelta(days=args)
            continue
        call = {
            "buy": lambda: services.checkout.register_purchase(owner, cards[args["who"]], args["amount"], args.get("redeem", 0), args.get("coupon")),
            "refund": lambda: services.checkout.refund(owner, purchases[args["purchase"] - 1], args.get("amount")),
            "expire": lambda: services.points.run_expiry(owner),
            "review": lambda: services.points.review_tiers(owner),
            "birthdays": lambda: services.points.grant_birthday_bonuses(owner),
            "member": lambda: services.members.get_member(owner, cards[args["who"]]),
            "adjust": lambda: services.points.adjust_points(owner, cards[args["who"]], args["points"], args["reason"]),
            "block": lambda: services.members.set_status(owner, cards[args["who"]], "blocked"),
            "unblock": lambda: services.members.set_status(owner, cards[args["who"]], "active"),
            "purchases": lambda: owner.db.value("SELECT count(*) FROM purchases WHERE member_id = ?",
                                                (services.members.get_member(owner, cards[args["who"]]).id,)),
        }[action]
        if isinstance(expected, type) and issubclass(expected, Exception):
            with pytest.raises(expected):
                call()
        else:
            result = call()
            if action == "buy":
                purchases.append(result.purchase_id)
            if isinstance(expected, dict):
                values = result.as_dict() if action == "buy" else {k: getattr(result, k) for k in expected}
                got = {k: values[k] for k in expected}
                assert got == expected, f"step {number}: {action} {args}"
            elif expected is not None:
                assert result == expected, f"step {number}: {action} {args}"
        assert services.check.check_database(owner) == [], f"check after step {number}"


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(club, clock, name):
    run_scenario(club, clock, SCENARIOS[name])


JALALI_YEAR = [
    # (Jalali date of the step, action, amount, expected tier after)
    ("1404/06/01", "buy", 60_000_000, S),
    ("1405/01/02", "review", None, S),  # 1404 spend 60M ≥ 50M: kept
    ("1405/12/20", "buy", 30_000_000, S),
    ("1406/01/02", "review", None, B),  # 1405 spend 30M < 50M and S held > 12 months: down
    ("1406/01/03", "buy", 30_000_000, B),  # 1405's 30M does not count in 1406
    ("1406/02/01", "buy", 20_000_000, S),  # 1406: 50M reached
]


def test_jalali_year_window(club, clock):
    services.club.update_settings(club, window="jalali-year")
    card = services.members.sign_up(club, "09123333333").card
    for date, action, amount, tier in JALALI_YEAR:
        clock.now = start_of_jalali_day(parse_jalali_date(date)) + timedelta(hours=8)
        if action == "buy":
            services.checkout.register_purchase(club, card, amount)
        else:
            services.points.review_tiers(club)
        assert services.members.get_member(club, card).tier == tier, date
    assert services.check.check_database(club) == []


def test_backdated_purchase_needs_the_owner_and_a_past_moment(club, cashier, clock):
    card = services.members.sign_up(cashier, "09124444444").card
    joined = clock.now
    clock.now = add_months(joined, 2)
    earlier = add_months(clock.now, -1)
    with pytest.raises(PermissionDenied):
        services.checkout.register_purchase(cashier, card, 1_000_000, at=earlier)
    with pytest.raises(LoyaltyError):
        services.checkout.register_purchase(club, card, 1_000_000, at=add_months(clock.now, 1))
    with pytest.raises(LoyaltyError, match="joined"):
        services.checkout.register_purchase(club, card, 1_000_000, at=joined - timedelta(days=1))
    result = services.checkout.register_purchase(club, card, 1_000_000, at=earlier)
    assert result.at < club.now_iso() and result.lines.points_earned == 100
    assert services.check.check_database(club) == []


@pytest.mark.parametrize("today, birthday, bonus_key", [
    ("1404/05/20", "1370/05/20", "birthday:1404"),
    ("1404/05/20", "1370/05/14", "birthday:1404"),  # missed while the shop was closed: still honoured
    ("1404/05/20", "1370/05/13", None),  # more than a week ago
    ("1404/05/20", "1370/05/21", None),  # not yet
    ("1405/01/02", "1370/12/28", "birthday:1404"),  # across Nowruz, in the year of the birthday
    ("1404/12/29", "1375/12/30", "birthday:1404"),  # 1404 has no Esfand 30
    ("1403/12/29", "1375/12/30", None),  # 1403 has: it comes tomorrow
    ("1403/12/30", "1375/12/30", "birthday:1403"),
])
def test_birthday_bonus_days(club, clock, today, birthday, bonus_key):
    card = services.members.sign_up(club, "09125555555", birthday=birthday).card
    clock.now = start_of_jalali_day(parse_jalali_date(today)) + timedelta(hours=8)
    result = services.points.grant_birthday_bonuses(club)
    keys = [r[0] for r in club.db.all("SELECT bonus_key FROM ledger WHERE bonus_key IS NOT NULL")]
    assert keys == ([bonus_key] if bonus_key else []) and result.points == (100 if bonus_key else 0)
    assert services.points.grant_birthday_bonuses(club).entries == 0
    assert services.members.get_member(club, card).points == result.points
