"""One pricing path: ``price_purchase`` gives the lines and every problem of a checkout, each with
its field, never only the first; ``register_purchase`` refuses with exactly those problems and
writes nothing; the quote refuses as the purchase would. Without a problem all three price alike.

Club as in tests/conftest.py: 1 point per 10,000 rials, a point pays 100 rials, at most 50% of what
is left after the coupon; the ceiling is lowered to 500,000,000 rials here. The member holds 1,000
points (from a purchase of 10,000,000 net) and has used the coupon USED.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain.checkout import (
    GROSS_NOT_POSITIVE, GROSS_OVER_CEILING, REDEEM_DISABLED, REDEEM_NEGATIVE, REDEEM_OVER_BALANCE,
    REDEEM_OVER_CAP, REDEEM_WHILE_NEGATIVE, CheckoutRefused,
)
from loyaltydesk.domain.errors import NotFound, RuleViolation, ValidationError
from loyaltydesk.services.checkout import (
    AT_BEFORE_JOINING, AT_IN_FUTURE, BLOCKED, COUPON_INACTIVE, COUPON_UNKNOWN, COUPON_USED_BY_MEMBER,
    COUPON_USED_UP,
)

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

CEILING = 500_000_000
BALANCE = 1_000


def fingerprint(db) -> tuple:
    return tuple(db.value(f"SELECT count(*) FROM {t}") for t in ("purchases", "ledger", "audit_log", "tier_history"))


@pytest.fixture
def till(club, clock):
    """The club with its coupons, a member with 1,000 points and one with none."""
    services.club.update_settings(club, max_purchase=CEILING)
    services.club.add_coupon(club, "NOWRUZ", percent_bp=1_000)
    services.club.add_coupon(club, "USED", amount=100_000)
    services.club.add_coupon(club, "ONCE", amount=100_000, max_uses=1)
    services.club.add_coupon(club, "OFF", percent_bp=500, max_uses=1)
    services.club.add_coupon(club, "SPENT", percent_bp=500, valid_to=clock.now + timedelta(days=1))
    services.club.set_coupon_active(club, "OFF", False)
    member = services.members.sign_up(club, "09121234567", "علی").card
    other = services.members.sign_up(club, "09351112233", "مریم").card
    services.checkout.register_purchase(club, member, 10_100_000, coupon="used")  # 10,000,000 net
    services.checkout.register_purchase(club, other, 1_000_000, coupon="ONCE")
    clock.advance(days=2)  # SPENT is past its date
    club.cards = {"member": member, "empty": services.members.sign_up(club, "09190000001", "کاوه").card}
    assert services.members.get_member(club, member).points == BALANCE
    return club


# name, (who, amount, redeem, coupon, blocked) -> the problems, in order: (field, template)
PROBLEMS = [
    # one at a time
    ("a blocked member", ("member", 1_000_000, 0, None, True), [("member", BLOCKED)]),
    ("no amount", ("member", 0, 0, None, False), [("amount", GROSS_NOT_POSITIVE)]),
    ("a negative amount", ("member", -5_000, 0, None, False), [("amount", GROSS_NOT_POSITIVE)]),
    ("above the ceiling (a card number typed as an amount)", ("member", 607_789_519_065, 0, None, False),
     [("amount", GROSS_OVER_CEILING)]),
    ("an unknown coupon", ("member", 1_000_000, 0, "NOSUCH", False), [("coupon", COUPON_UNKNOWN)]),
    ("a coupon switched off", ("member", 1_000_000, 0, "off", False), [("coupon", COUPON_INACTIVE)]),
    ("a coupon past its date", ("member", 1_000_000, 0, "SPENT", False), [("coupon", COUPON_INACTIVE)]),
    ("a coupon used up", ("member", 1_000_000, 0, "ONCE", False), [("coupon", COUPON_USED_UP)]),
    ("a coupon this member has used", ("member", 1_000_000, 0, "USED", False), [("coupon", COUPON_USED_BY_MEMBER)]),
    ("negative points", ("member", 1_000_000, -1, None, False), [("redeem", REDEEM_NEGATIVE)]),
    ("more points than the balance", ("member", 10_000_000, 1_001, None, False), [("redeem", REDEEM_OVER_BALANCE)]),
    ("more points than the cap (50% of 100,000 = 500 points)", ("member", 100_000, 501, None, False),
     [("redeem", REDEEM_OVER_CAP)]),
    ("the cap on what the coupon left (50% of 90,000 = 450 points)",
     ("member", 100_000, 451, "nowruz", False), [("redeem", REDEEM_OVER_CAP)]),
    ("points while the balance is not positive", ("empty", 1_000_000, 1, None, False), [("redeem", REDEEM_WHILE_NEGATIVE)]),
    # several at once, in the form's order: member, amount, points, coupon
    ("blocked, no amount, beyond the balance, an unknown coupon", ("member", 0, 5_000, "NOSUCH", True),
     [("member", BLOCKED), ("amount", GROSS_NOT_POSITIVE), ("redeem", REDEEM_OVER_BALANCE), ("coupon", COUPON_UNKNOWN)]),
    ("above the ceiling, negative points, a used coupon", ("member", CEILING + 1, -3, "USED", False),
     [("amount", GROSS_OVER_CEILING), ("redeem", REDEEM_NEGATIVE), ("coupon", COUPON_USED_BY_MEMBER)]),
    ("beyond the balance and beyond the cap", ("member", 100_000, 1_001, None, False),
     [("redeem", REDEEM_OVER_BALANCE), ("redeem", REDEEM_OVER_CAP)]),
    ("switched off and used up", ("member", 1_000_000, 0, "OFF-used", False),
     [("coupon", COUPON_INACTIVE), ("coupon", COUPON_USED_UP)]),
    ("a blocked member with nothing to redeem and a coupon past its date", ("empty", 2_000_000, 10, "spent", True),
     [("member", BLOCKED), ("redeem", REDEEM_WHILE_NEGATIVE), ("coupon", COUPON_INACTIVE)]),
]


def _arrange(till, who, coupon, blocked):
    card = till.cards[who]
    if coupon == "OFF-used":  # OFF, used once before it was switched off
        services.club.set_coupon_active(till, "OFF", True)
        services.checkout.register_purchase(till, till.cards["empty"], 1_000_000, coupon="OFF")
        services.club.set_coupon_active(till, "OFF", False)
        coupon = "OFF"
    if blocked:
        services.members.set_status(till, card, "blocked")
    return card, coupon


@pytest.mark.parametrize("args, expected", [p[1:] for p in PROBLEMS], ids=[p[0] for p in PROBLEMS])
def test_every_problem_with_its_field(till, cashier, args, expected):
    who, amount, redeem, coupon, blocked = args
    card, coupon = _arrange(till, who, coupon, blocked)
    kept = fingerprint(till.db)

    priced = services.checkout.price_purchase(cashier, card, amount, redeem, coupon)
    assert [(p.field, p.template) for p in priced.problems] == expected
    assert all(p.message for p in priced.problems)  # every template fills with its parameters
    unpriceable = {"member", "amount"} & {field for field, _ in expected}
    assert (priced.lines is None) == bool(unpriceable)

    # the purchase and the quote refuse with the same problems, all of them, and write nothing
    for call in (services.checkout.register_purchase, services.checkout.quote):
        with pytest.raises(CheckoutRefused) as refused:
            call(cashier, card, amount, redeem, coupon)
        assert refused.value.problems == priced.problems
        assert isinstance(refused.value, ValidationError) and isinstance(refused.value, RuleViolation)
        assert refused.value.message == "; ".join(p.message for p in priced.problems)
    assert fingerprint(till.db) == kept


def test_points_worth_nothing_cannot_be_redeemed(till, cashier):
    services.club.update_settings(till, point_value=0)
    priced = services.checkout.price_purchase(cashier, till.cards["member"], 1_000_000, 10)
    assert [(p.field, p.template) for p in priced.problems] == [("redeem", REDEEM_DISABLED)]
    assert priced.max_redeem == 0 and priced.lines.points_redeemed == 0


def test_the_parameters_of_each_problem(till, cashier):
    priced = services.checkout.price_purchase(cashier, till.cards["member"], 100_000, 1_001, "nosuch")
    assert [p.params for p in priced.problems] == [
        {"balance": BALANCE, "points": 1_001},
        {"max_points": 500, "cap": 50_000, "cap_percent": "50", "base": 100_000},
        {"code": "NOSUCH"},
    ]


def test_a_redemption_or_coupon_problem_still_shows_the_lines_without_it(till, cashier):
    """As the cashier types: the lines of what can be priced, the most points, the problem beside its field."""
    card = till.cards["member"]
    over = services.checkout.price_purchase(cashier, card, 100_000, 600, "USED")
    plain = services.checkout.price_purchase(cashier, card, 100_000)
    assert [p.field for p in over.problems] == ["redeem", "coupon"]
    assert over.lines == plain.lines and over.lines.points_redeemed == 0 and over.lines.coupon_code is None
    assert over.max_redeem == plain.max_redeem == 500 and over.balance == BALANCE


@pytest.mark.parametrize("amount, redeem, coupon", [
    (1_000_000, 0, None),
    (10_000_000, 1_000, None),  # the whole balance, under the cap
    (2_000_000, 300, "nowruz"),
    (100_000, 450, "NOWRUZ"),  # exactly the cap after the coupon
    (CEILING, 0, None),  # the ceiling itself
])
def test_without_problems_the_preview_the_quote_and_the_purchase_price_alike(till, cashier, amount, redeem, coupon):
    card = till.cards["member"]
    priced = services.checkout.price_purchase(cashier, card, amount, redeem, coupon)
    assert priced.problems == () and priced.balance == BALANCE
    assert priced.max_redeem >= redeem and priced.lines.points_redeemed == redeem
    assert services.checkout.quote(cashier, card, amount, redeem, coupon) == priced.lines
    result = services.checkout.register_purchase(cashier, card, amount, redeem, coupon)
    assert result.lines == priced.lines
    assert result.balance == BALANCE - redeem + priced.lines.points_earned
    assert result.as_dict()["net"] == priced.lines.net and "lines" not in result.as_dict()


def test_the_preview_prices_with_the_balance_left_after_expiry(till, cashier, clock):
    """Lots past their date count for nothing in the preview, exactly as the purchase expires them first."""
    card = till.cards["member"]
    clock.advance(days=200)  # the 1,000 points (6-month lots) have expired, but no expiry has run
    priced = services.checkout.price_purchase(cashier, card, 10_000_000, 10)
    assert priced.balance == 0 and priced.max_redeem == 0
    assert [(p.field, p.template) for p in priced.problems] == [("redeem", REDEEM_WHILE_NEGATIVE)]
    with pytest.raises(CheckoutRefused) as refused:
        services.checkout.register_purchase(cashier, card, 10_000_000, 10)
    assert refused.value.problems == priced.problems


def test_a_slip_adds_its_own_problems_to_the_pricings(till, clock):
    """A backdated purchase in the future or before the member joined: refused with the rest."""
    card = till.cards["member"]
    services.members.set_status(till, card, "blocked")
    with pytest.raises(CheckoutRefused) as refused:
        services.checkout.register_purchase(till, card, 0, coupon="nosuch", at=clock.now + timedelta(hours=1))
    assert [(p.field, p.template) for p in refused.value.problems] == [
        ("at", AT_IN_FUTURE), ("member", BLOCKED), ("amount", GROSS_NOT_POSITIVE), ("coupon", COUPON_UNKNOWN)]
    with pytest.raises(CheckoutRefused) as refused:
        services.checkout.register_purchase(till, card, 1_000_000, at=clock.now - timedelta(days=30))
    assert [p.template for p in refused.value.problems] == [AT_BEFORE_JOINING, BLOCKED]


def test_a_key_that_names_no_member_still_raises(till, cashier):
    with pytest.raises(NotFound):
        services.checkout.price_purchase(cashier, "09120000000", 1_000_000)
    with pytest.raises(ValidationError):
        services.checkout.price_purchase(cashier, "not a key", 1_000_000)


def test_a_repeat_of_a_registered_checkout_is_not_refused_for_the_coupon_it_used(till, cashier):
    """The first registration used the once-per-member coupon; the double Enter returns it."""
    card = till.cards["member"]
    first = services.checkout.register_purchase(cashier, card, 2_000_000, coupon="NOWRUZ", checkout_key="k-1")
    assert [p.template for p in services.checkout.price_purchase(cashier, card, 2_000_000, coupon="NOWRUZ").problems] \
        == [COUPON_USED_BY_MEMBER]
    assert services.checkout.register_purchase(cashier, card, 2_000_000, coupon="NOWRUZ", checkout_key="k-1") == first


# the keys the command line's ``purchase --json`` and the audit record have always had, in order
PURCHASE_KEYS = ["purchase_id", "member_id", "card", "at", "gross", "tier_discount", "coupon_code", "coupon_discount",
                 "points_redeemed", "redeem_value", "net", "points_earned", "tier_before", "tier_after", "upgraded",
                 "balance", "referrer_bonus"]


def test_a_purchase_is_one_flat_record_for_the_command_line_and_the_audit_log(till, cashier):
    result = services.checkout.register_purchase(cashier, till.cards["member"], 3_000_000, 100, "nowruz")
    record = result.as_dict()
    # the keys it always had come first, in their order; new ones follow (a reward given with the
    # purchase, the next-order offer it earned, the member's own referral reward, the campaigns' line)
    assert list(record)[:len(PURCHASE_KEYS)] == PURCHASE_KEYS
    assert {"reward": None, "reward_points": 0, "offer_issued": None, "campaign_points": 0,
            "referred_bonus": 0, "sms_queued": False}.items() <= record.items()
    assert record["campaigns"] == []
    assert record["coupon_code"] == "NOWRUZ" and record["redeem_value"] == 10_000 and record["net"] == result.lines.net
    after = till.db.value("SELECT after FROM audit_log WHERE action = 'register_purchase' ORDER BY id DESC LIMIT 1")
    assert json.loads(after) == record
