"""Offers addressed to members and the reward catalog, as scenario tables run through the services
(``tests/cli/test_offers_cli.py`` runs the very same tables through the command line).

The club of ``tests/conftest.py`` (1 point per 10,000 rials at ×1 in برنزی, a point pays 100
rials, 50% cap). Each step: (action, arguments, expected): a dict is a subset of the result, a str
a part of the refusal's message, a list the member's active offers as (rule, active). After every
step ``check_database`` finds nothing wrong."""

from __future__ import annotations

from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.domain.offers import OfferRule, new_offer_code, occasion_key, rule_problems
from loyaltydesk.services import daily, offers, rewards

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

MOBILES = {"A": "09121234567", "B": "09351112233"}

SCENARIOS = {
    "sign-up gets the welcome offer, used on the second purchase, once; a refund does not give it back": [
        ("rule", dict(rule="welcome", percent=10, min_purchase=5_000_000, days=30), dict(active=True, percent_bp=1_000)),
        ("signup", dict(who="A"), None),
        ("offers", dict(who="A"), [("welcome", True)]),
        ("buy", dict(who="A", amount=2_000_000), dict(coupon_discount=0, net=2_000_000, points_earned=200)),
        ("buy", dict(who="A", amount=3_000_000, offer="welcome"), "needs a purchase of at least 5,000,000 rials"),
        ("buy", dict(who="A", amount=10_000_000, offer="welcome"),
         dict(coupon_discount=1_000_000, net=9_000_000, points_earned=900, balance=1_100)),
        ("buy", dict(who="A", amount=10_000_000, offer="welcome"), "has already been used"),
        ("offers", dict(who="A"), []),
        ("refund", dict(purchase=2), dict(net_refunded=9_000_000, points_reversed=900)),
        ("offers", dict(who="A"), []),
        ("report", {}, {"Welcome": (1, 1, 10_000_000, 1_000_000)}),
    ],
    "an expired offer is not offered nor taken; another member's is refused; a rule off issues none": [
        ("rule", dict(rule="welcome", amount=500_000, min_purchase=1_000_000, days=7), dict(active=True, amount=500_000)),
        ("signup", dict(who="A"), None),
        ("rule", dict(rule="welcome", off=True), dict(active=False)),
        ("signup", dict(who="B"), None),
        ("offers", dict(who="B"), []),
        ("buy", dict(who="B", amount=2_000_000, offer="welcome", owner="A"), "belongs to another member"),
        ("advance", dict(days=8), None),
        ("offers", dict(who="A"), []),
        ("buy", dict(who="A", amount=2_000_000, offer="welcome"), "expired on 1404/03/18"),
    ],
    "a purchase above the amount earns a next-order offer for the next one": [
        ("rule", dict(rule="next_order", amount=1_000_000, min_purchase=5_000_000, days=30, above=20_000_000),
         dict(active=True, above=20_000_000)),
        ("signup", dict(who="A"), None),
        ("buy", dict(who="A", amount=20_000_000), dict(offer_issued=None)),
        ("buy", dict(who="A", amount=25_000_000), dict(offer_issued="N")),
        ("offers", dict(who="A"), [("next_order", True)]),
        ("buy", dict(who="A", amount=6_000_000, offer="next_order"),
         dict(coupon_discount=1_000_000, net=5_000_000, points_earned=500, offer_issued=None)),
        ("report", {}, {"Next order": (1, 1, 6_000_000, 1_000_000), "Welcome": (0, 0, 0, 0)}),
        # a purchase refunded in full takes back the offer it earned, while unused; a used one stays used
        ("buy", dict(who="A", amount=30_000_000), dict(offer_issued="N")),
        ("offers", dict(who="A"), [("next_order", True)]),
        ("refund", dict(purchase=4), dict(amount=30_000_000)),
        ("offers", dict(who="A"), []),
        ("buy", dict(who="A", amount=6_000_000, offer="next_order"), "was withdrawn"),
        ("refund", dict(purchase=2), dict(amount=25_000_000)),
        ("report", {}, {"Next order": (2, 1, 6_000_000, 1_000_000)}),
    ],
    "birthday offers in the birthday's week, once a year": [
        ("rule", dict(rule="birthday", percent=20, days=14), dict(active=True)),
        ("signup", dict(who="A", birthday="1370/03/09"), None),  # START is 1404/03/11
        ("signup", dict(who="B", birthday="1370/05/01"), None),
        ("issue", {}, dict(birthday=1, winback=0)),
        ("issue", {}, dict(birthday=0, winback=0)),
        ("offers", dict(who="A"), [("birthday", True)]),
        ("offers", dict(who="B"), []),
        ("buy", dict(who="A", amount=1_000_000, offer="birthday"), dict(coupon_discount=200_000, net=800_000)),
    ],
    "win-back after N days away, longer than usual, once a month": [
        ("rule", dict(rule="winback", amount=2_000_000, min_purchase=10_000_000, days=30, inactive_days=60),
         dict(active=True, inactive_days=60)),
        ("signup", dict(who="A"), None),
        ("signup", dict(who="B"), None),
        ("buy", dict(who="A", amount=1_000_000), None),
        ("buy", dict(who="B", amount=1_000_000), None),
        ("advance", dict(days=10), None),
        ("buy", dict(who="A", amount=1_000_000), None),
        ("buy", dict(who="B", amount=1_000_000), None),
        ("advance", dict(days=50), None),
        ("issue", {}, dict(winback=0)),  # 50 days away: fewer than the rule's 60
        ("buy", dict(who="B", amount=1_000_000), None),  # B comes back
        ("advance", dict(days=15), None),
        ("issue", {}, dict(winback=1)),
        ("offers", dict(who="A"), [("winback", True)]),
        ("offers", dict(who="B"), []),
        ("issue", {}, dict(winback=0)),
        ("buy", dict(who="A", amount=10_000_000, offer="winback"), dict(coupon_discount=2_000_000, net=8_000_000)),
        ("report", {}, {"Win-back": (1, 1, 10_000_000, 2_000_000)}),
    ],
    "a reward's stock runs out; its points are not given back by a refund": [
        ("reward_add", dict(name="قهوه", points=500, stock=2), dict(points=500, stock=2)),
        ("reward_add", dict(name="قهوه", points=10), "already exists"),
        ("reward_add", dict(name="", points=0, stock=-1), "needs a name"),
        ("signup", dict(who="A"), None),
        ("buy", dict(who="A", amount=1_000_000, reward="قهوه"), "balance is 0"),
        ("buy", dict(who="A", amount=10_000_000), dict(balance=1_000)),
        ("buy", dict(who="A", amount=1_000_000, reward="قهوه"), dict(reward="قهوه", reward_points=500, balance=600)),
        ("give", dict(who="A", reward="قهوه"), dict(points=500, balance=100, stock_left=0)),
        ("give", dict(who="A", reward="قهوه"), "out of stock"),
        ("buy", dict(who="A", amount=1_000_000, reward="قهوه"), "out of stock"),
        ("reward_add", dict(name="بلیت کنسرت", points=5_000), dict(stock=None)),
        ("give", dict(who="A", reward="بلیت کنسرت"), "costs 5000 points; only 100 are available"),
        ("give", dict(who="A", reward="چای"), "no reward چای"),
        ("refund", dict(purchase=2), dict(points_reversed=100, points_returned=0, balance=0)),
        ("purchases", dict(who="A"), 2),
    ],
}


class ServiceRunner:
    """The steps through the services, as the owner."""

    def __init__(self, session, clock):
        self.s, self.clock, self.cards = session, clock, {}

    def offer_code(self, who: str, rule: str) -> str:
        """The member's newest offer of ``rule`` (used, expired and withdrawn ones too)."""
        return next(o.code for o in offers.member_offers(self.s, self.cards[who], include_past=True) if o.rule == rule)

    def do(self, action: str, a: dict):
        s = self.s
        if action == "rule":
            changes = {"active": not a.get("off")}
            if "percent" in a:
                changes.update(percent_bp=a["percent"] * 100, amount=0)
            if "amount" in a:
                changes.update(amount=a["amount"], percent_bp=0)
            changes.update({k: a[k] for k in ("min_purchase", "days", "above", "inactive_days") if k in a})
            return offers.set_offer_rule(s, a["rule"], **changes).__dict__
        if action == "signup":
            m = services.members.sign_up(s, MOBILES[a["who"]], birthday=a.get("birthday"))
            self.cards[a["who"]] = m.card
            return m.as_dict()
        if action == "offers":
            return [(o.rule, o.active) for o in offers.member_offers(s, self.cards[a["who"]])]
        if action == "buy":
            code = self.offer_code(a.get("owner", a["who"]), a["offer"]) if "offer" in a else None
            return services.checkout.register_purchase(s, self.cards[a["who"]], a["amount"], coupon=code,
                                                       reward=a.get("reward")).as_dict()
        if action == "advance":
            self.clock.advance(days=a["days"])
            return None
        if action == "issue":
            return offers.issue_offers(s)
        if action == "refund":
            return services.checkout.refund(s, a["purchase"]).as_dict()
        if action == "reward_add":
            return rewards.add_reward(s, a["name"], a["points"], a.get("stock")).as_dict()
        if action == "give":
            return rewards.redeem_reward(s, self.cards[a["who"]], a["reward"]).as_dict()
        if action == "report":
            rows = offers.offer_report(s).tables[0].rows
            return {r[0]: (r[1], r[2], r[4], r[5]) for r in rows}
        if action == "purchases":
            return len(services.members.history(s, self.cards[a["who"]]).purchases)
        raise AssertionError(action)


def check_step(runner, action, args, expected, refused=LoyaltyError):
    if isinstance(expected, str):
        with pytest.raises(refused) as e:
            runner.do(action, args)
        assert expected in str(e.value)
        return
    got = runner.do(action, args)
    if isinstance(expected, dict):
        for key, want in expected.items():
            if key == "offer_issued" and want is not None:
                assert got[key] and got[key].startswith(want), (action, args, got)
            elif isinstance(want, tuple):
                assert got[key] == want, (action, args, key, got[key])
            else:
                assert got[key] == want, (action, args, key, got)
    elif expected is not None:
        assert got == expected, (action, args, got)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_offer_scenarios_through_the_services(club, clock, name):
    runner = ServiceRunner(club, clock)
    for action, args, expected in SCENARIOS[name]:
        check_step(runner, action, args, expected)
        assert services.check.check_database(club) == [], (action, args)


def test_a_cashier_sees_and_uses_offers_but_may_not_change_the_rules(club, cashier):
    offers.set_offer_rule(club, "welcome", active=True, percent_bp=500)
    card = services.members.sign_up(cashier, "09121234567").card
    [offer] = offers.member_offers(cashier, card)
    r = services.checkout.register_purchase(cashier, card, 1_000_000, coupon=offer.code)
    assert (r.lines.coupon_discount, r.lines.net) == (50_000, 950_000)
    with pytest.raises(LoyaltyError, match="may not change rules"):
        offers.set_offer_rule(cashier, "welcome", active=False)
    with pytest.raises(LoyaltyError, match="may not change rules"):
        rewards.add_reward(cashier, "x", 10)
    with pytest.raises(LoyaltyError, match="may not read reports"):
        offers.offer_report(cashier)


def test_the_preview_shows_the_offers_problems_beside_the_coupon_and_the_rewards_beside_the_reward(club):
    offers.set_offer_rule(club, "welcome", active=True, amount=300_000, min_purchase=2_000_000)
    rewards.add_reward(club, "کیک", 50, stock=0)
    card = services.members.sign_up(club, "09121234567").card
    [offer] = offers.member_offers(club, card)
    priced = services.checkout.price_purchase(club, card, 1_000_000, coupon=offer.code, reward="کیک")
    assert {p.field for p in priced.problems} == {"coupon", "reward"}
    assert priced.lines is not None and priced.lines.coupon_discount == 0  # below the minimum: not priced
    priced = services.checkout.price_purchase(club, card, 2_000_000, coupon=offer.code)
    assert priced.problems == () and priced.lines.coupon_discount == 300_000


def test_offers_are_not_listed_among_the_owners_coupons(club):
    services.club.add_coupon(club, "NOWRUZ", percent_bp=1000)
    offers.set_offer_rule(club, "welcome", active=True, percent_bp=500)
    services.members.sign_up(club, "09121234567")
    assert [c.code for c in services.club.list_coupons(club)] == ["NOWRUZ"]


@pytest.mark.parametrize("rule, problems", [
    (OfferRule("welcome", True), {"percent"}),  # on without a discount
    (OfferRule("welcome", True, percent_bp=500, amount=100), {"percent"}),
    (OfferRule("welcome", True, percent_bp=10_001), {"percent"}),
    (OfferRule("welcome", True, amount=-1), {"amount"}),
    (OfferRule("welcome", True, amount=2_000, min_purchase=1_000), {"amount"}),
    (OfferRule("welcome", True, percent_bp=500, days=0, min_purchase=-5), {"days", "min_purchase"}),
    (OfferRule("next_order", True, percent_bp=500), {"above"}),
    (OfferRule("winback", True, percent_bp=500, inactive_days=0), {"inactive_days"}),
    (OfferRule("welcome", False), set()),  # off: nothing to issue
    (OfferRule("winback", True, amount=1_000, min_purchase=1_000, inactive_days=90), set()),
    (OfferRule("loyal", True, percent_bp=500), {"rule"}),
])
def test_rule_problems_every_one_beside_its_field(rule, problems):
    assert {p.field for p in rule_problems(rule)} == problems


def test_a_bad_rule_is_refused_whole_and_nothing_changes(club):
    with pytest.raises(LoyaltyError) as e:
        offers.set_offer_rule(club, "next-order", active=True, percent_bp=500, amount=100, days=0)
    assert {p.field for p in e.value.problems} == {"percent", "days", "above"}
    assert offers.offer_rules(club)[3] == OfferRule("next_order")


@pytest.mark.parametrize("rule, purchase_id, expected", [
    ("welcome", None, "welcome"),
    ("birthday", None, "birthday:1404"),
    ("winback", None, "winback:1404/03"),
    ("next_order", 17, "next_order:17"),
])
def test_occasion_keys(rule, purchase_id, expected):
    import jdatetime

    assert occasion_key(rule, jdatetime.date(1404, 3, 11), purchase_id) == expected


def test_offer_codes_are_printable_and_start_with_their_rule():
    codes = {new_offer_code("winback") for _ in range(200)}
    assert len(codes) == 200
    assert all(c[0] == "R" and len(c) == 8 and not set(c[1:]) & set("0O1IL2Z5S8B") for c in codes)


def test_the_daily_run_issues_offers_in_slices_and_a_cut_run_is_finished_by_the_next(club, clock):
    offers.set_offer_rule(club, "birthday", active=True, percent_bp=1_000)
    for i in range(7):
        services.members.sign_up(club, f"0912000000{i}", birthday="1370/03/10")
    run = offers.offer_run(club)
    offers.offer_slice(club, run, limit=3)
    assert run.issued["birthday"] == 3 and not run.done
    # cut off here: the next run issues the rest, nobody twice
    daily.run_all(club, at_start=False, limit=2, with_backup=False)
    assert offers.issue_offers(club) == {"birthday": 0, "winback": 0}
    counts = [len(offers.member_offers(club, f"0912000000{i}")) for i in range(7)]
    assert counts == [1] * 7


def test_a_purchase_repeated_with_its_checkout_key_returns_the_reward_and_offer_it_had(club):
    offers.set_offer_rule(club, "next_order", active=True, percent_bp=500, above=1_000_000)
    rewards.add_reward(club, "کیف", 100)
    card = services.members.sign_up(club, "09121234567").card
    services.points.adjust_points(club, card, 1_000, "هدیه")
    first = services.checkout.register_purchase(club, card, 2_000_000, reward="کیف", checkout_key="k1")
    again = services.checkout.register_purchase(club, card, 2_000_000, reward="کیف", checkout_key="k1")
    assert (again.purchase_id, again.reward, again.reward_points, again.offer_issued) == \
        (first.purchase_id, "کیف", 100, first.offer_issued)
    assert first.offer_issued and rewards.list_rewards(club)[0].stock is None
    assert services.check.check_database(club) == []


def test_an_expiry_of_days_counts_from_the_issue(club, clock):
    offers.set_offer_rule(club, "welcome", active=True, percent_bp=500, days=1)
    card = services.members.sign_up(club, "09121234567").card
    clock.advance(hours=23)
    assert [o.until for o in offers.member_offers(club, card)] == ["1404/03/12"]
    clock.advance(hours=1)
    assert offers.member_offers(club, card) == []
    clock.now -= timedelta(hours=1)
    assert len(offers.member_offers(club, card)) == 1


def test_win_back_goes_through_the_lapsed_buyers_in_slices_and_the_daily_run_once_a_day(club, clock):
    offers.set_offer_rule(club, "winback", active=True, percent_bp=1_000, inactive_days=40)
    cards = [services.members.sign_up(club, f"0912000000{i}").card for i in range(5)]
    late = services.members.sign_up(club, "09350000000").card
    for _ in range(2):
        for card in cards:
            services.checkout.register_purchase(club, card, 1_000_000)
        clock.advance(days=5)
    clock.advance(days=60)
    # `late` came 20 days apart, last 40 days less 2 hours ago: away exactly as long as the rule asks
    # only two hours from now, later today
    for back in (timedelta(days=60, hours=-2), timedelta(days=40, hours=-2)):
        services.checkout.register_purchase(club, late, 1_000_000, at=clock.now - back)
    run = offers.offer_run(club, scheduled=True)
    run.stage = "winback"
    slices = 0
    while not run.done:
        offers.offer_slice(club, run, limit=2)
        slices += 1
    assert run.issued["winback"] == 5 and slices >= 3
    clock.advance(hours=3)  # `late` has lapsed now: the daily run waits for tomorrow, `offer issue` goes now
    again = offers.offer_run(club, scheduled=True)
    again.stage = "winback"
    offers.offer_slice(club, again)
    assert again.done and again.issued["winback"] == 0
    assert offers.issue_offers(club)["winback"] == 1
    clock.advance(days=1)
    daily.run_all(club, at_start=False, with_backup=False)
    assert [len(offers.member_offers(club, c)) for c in [*cards, late]] == [1] * 6  # once a month


def test_check_finds_an_offer_or_a_reward_redemption_changed_behind_the_programs_back(club):
    offers.set_offer_rule(club, "welcome", active=True, percent_bp=500)
    rewards.add_reward(club, "کیف", 100)
    card = services.members.sign_up(club, "09121234567").card
    services.points.adjust_points(club, card, 1_000, "هدیه")
    [offer] = offers.member_offers(club, card)
    services.checkout.register_purchase(club, card, 2_000_000, coupon=offer.code, reward="کیف")
    assert services.check.check_database(club) == []
    with club.db.transaction():
        club.db.execute("UPDATE offers SET used_purchase_id = NULL, used_at = NULL")  # usable again
        club.db.execute("UPDATE reward_redemptions SET points = 1")
    found = [p.template for p in services.check.check_database(club)]
    assert services.check.T["offer_use"] in found and services.check.T["reward_redemption"] in found
