"""The checkout arithmetic: loyaltydesk.domain.checkout.

Every expected line below was worked out by hand in the order of the club's rules (docs/rules.md):
tier discount on gross, coupon on what is left, points capped at a percent of what is left after
the coupon, net never negative, points = floor(net × multiplier / (rials-per-point × 100)) once.
"""

import pytest
from hypothesis import given, strategies as st

from loyaltydesk.domain.checkout import (
    GROSS_NOT_POSITIVE,
    GROSS_OVER_CEILING,
    REDEEM_DISABLED,
    REDEEM_NEGATIVE,
    REDEEM_OVER_BALANCE,
    REDEEM_OVER_CAP,
    REDEEM_WHILE_NEGATIVE,
    CheckoutLines,
    Coupon,
    RefundShare,
    Rules,
    compute,
    max_redeemable,
    problems,
    redeem_cap,
    refund_share,
)
from loyaltydesk.domain.errors import RuleViolation, ValidationError


def test_rules_defaults():
    assert Rules() == Rules(discount_bp=0, multiplier_pct=100, rials_per_point=10_000, point_value=100,
                            redeem_cap_bp=5_000)


@pytest.mark.parametrize(
    "coupon, base, expected",
    [
        (Coupon("P10", percent_bp=1000), 1_000_000, 100_000),
        (Coupon("P10", percent_bp=1000), 999, 99),  # floor
        (Coupon("P333", percent_bp=333), 975, 32),  # 32.4675 -> 32
        (Coupon("P100", percent_bp=10_000), 12_345, 12_345),
        (Coupon("P150", percent_bp=15_000), 12_345, 12_345),  # never more than the base
        (Coupon("F", amount=100_000), 1_000_000, 100_000),
        (Coupon("F", amount=100_000), 80_000, 80_000),  # never more than the base
        (Coupon("F", amount=100_000), 0, 0),
        (Coupon("BOTH", percent_bp=1000, amount=500_000), 1_000_000, 100_000),  # the percent wins
        (Coupon("NONE"), 1_000_000, 0),
    ],
)
def test_coupon_discount_on(coupon, base, expected):
    assert coupon.discount_on(base) == expected


P10 = Coupon("P10", percent_bp=1000)
P50 = Coupon("P50", percent_bp=5000)
P5 = Coupon("P5", percent_bp=500)
P333 = Coupon("P333", percent_bp=333)
F100K = Coupon("F100K", amount=100_000)
F200K = Coupon("F200K", amount=200_000)
F600K = Coupon("F600K", amount=600_000)


# gross, discount_bp, multiplier_pct, rials_per_point, point_value, cap_bp, coupon, redeem, balance, bonus
#   -> tier_discount, coupon_discount, redeem_value, net, points_earned
CASES = [
    # plain purchase: 1,000,000 rials / 10,000 = 100 points
    ((1_000_000, 0, 100, 10_000, 100, 5000, None, 0, 0, 0), (0, 0, 0, 1_000_000, 100)),
    # 5% tier discount on gross
    ((1_000_000, 500, 100, 10_000, 100, 5000, None, 0, 0, 0), (50_000, 0, 0, 950_000, 95)),
    # ×1.5: 950,000 × 150 / 1,000,000 = 142.5 -> 142
    ((1_000_000, 500, 150, 10_000, 100, 5000, None, 0, 0, 0), (50_000, 0, 0, 950_000, 142)),
    # 7.5% of 1,234,567 = 92,592.525 -> 92,592; 10% coupon of 1,141,975 = 114,197.5 -> 114,197;
    # net 1,027,778; × 125 / 1,000,000 = 128.47 -> 128 (flooring twice would give 127)
    ((1_234_567, 750, 125, 10_000, 100, 5000, P10, 0, 0, 0), (92_592, 114_197, 0, 1_027_778, 128)),
    # fixed coupon after the tier discount
    ((500_000, 1000, 100, 10_000, 100, 5000, F100K, 0, 0, 0), (50_000, 100_000, 0, 350_000, 35)),
    # a coupon larger than the purchase: net 0, never negative
    ((80_000, 0, 100, 10_000, 100, 5000, F100K, 0, 0, 0), (0, 80_000, 0, 0, 0)),
    # the coupon percent applies to what is left, not to gross: 50% of 800,000
    ((1_000_000, 2000, 100, 10_000, 100, 5000, P50, 0, 0, 0), (200_000, 400_000, 0, 400_000, 40)),
    # redeem 3,000 points × 100 = 300,000 <= 50% of 700,000
    ((1_000_000, 1000, 100, 10_000, 100, 5000, F200K, 3000, 5000, 0), (100_000, 200_000, 300_000, 400_000, 40)),
    # redeem exactly at the cap
    ((1_000_000, 0, 100, 10_000, 100, 5000, None, 5000, 5000, 0), (0, 0, 500_000, 500_000, 50)),
    # a 100% cap lets points pay everything: net 0, no points
    ((200_000, 0, 100, 10_000, 100, 10_000, None, 2000, 2500, 0), (0, 0, 200_000, 0, 0)),
    # the cap is on what is left after the coupon: 50% of 400,000 = 200,000 = 2,000 points
    ((1_000_000, 0, 100, 10_000, 100, 5000, F600K, 2000, 9999, 0), (0, 600_000, 200_000, 200_000, 20)),
    # campaign bonus points are added after the floor
    ((1_000_000, 0, 100, 10_000, 100, 5000, None, 0, 0, 20), (0, 0, 0, 1_000_000, 120)),
    ((19_999, 0, 150, 10_000, 100, 5000, None, 0, 0, 3), (0, 0, 0, 19_999, 5)),
    # 12,345 × 200 / (1,000 × 100) = 24.69 -> 24
    ((12_345, 0, 200, 1_000, 100, 5000, None, 0, 0, 0), (0, 0, 0, 12_345, 24)),
    # 19,999 / 10,000 × 1.5 = 2.9998 -> 2 (flooring before the multiplier would give 1)
    ((19_999, 0, 150, 10_000, 100, 5000, None, 0, 0, 0), (0, 0, 0, 19_999, 2)),
    # one point per rial
    ((5_000, 0, 100, 1, 100, 5000, None, 0, 0, 0), (0, 0, 0, 5_000, 5_000)),
    # a 100% tier discount
    ((100_000, 10_000, 100, 10_000, 100, 5000, None, 0, 0, 0), (100_000, 0, 0, 0, 0)),
    # floors everywhere: 999 × 2.5% = 24.975 -> 24; 975 × 3.33% = 32.47 -> 32; 943 / 100 = 9.43 -> 9
    ((999, 250, 100, 100, 100, 5000, P333, 0, 0, 0), (24, 32, 0, 943, 9)),
    # points worth 250 rials: 7 × 250 = 1,750; 98,250 / 10,000 = 9.825 -> 9
    ((100_000, 0, 100, 10_000, 250, 5000, None, 7, 100, 0), (0, 0, 1_750, 98_250, 9)),
    # everything at once: 3% of 2,345,678 = 70,370.34 -> 70,370; 5% of 2,275,308 = 113,765.4 -> 113,765;
    # cap 30% of 2,161,543 = 648,462; redeem 1,234 × 100 = 123,400; net 2,038,143; × 1.2 / 10,000 = 244.57
    ((2_345_678, 300, 120, 10_000, 100, 3000, P5, 1234, 2000, 0), (70_370, 113_765, 123_400, 2_038_143, 244)),
    # multiplier 0: only the bonus
    ((1_000_000, 0, 0, 10_000, 100, 5000, None, 0, 0, 5), (0, 0, 0, 1_000_000, 5)),
    # redeeming nothing while the balance is negative is fine
    ((1_000_000, 0, 100, 10_000, 100, 5000, None, 0, -300, 0), (0, 0, 0, 1_000_000, 100)),
    # a tiny purchase
    ((1, 0, 100, 10_000, 100, 5000, None, 0, 0, 0), (0, 0, 0, 1, 0)),
    ((9_999, 0, 100, 10_000, 100, 5000, None, 0, 0, 0), (0, 0, 0, 9_999, 0)),
    ((10_000, 0, 100, 10_000, 100, 5000, None, 0, 0, 0), (0, 0, 0, 10_000, 1)),
]


@pytest.mark.parametrize("inputs, expected", CASES)
def test_compute(inputs, expected):
    gross, discount_bp, mult, rpp, pv, cap_bp, coupon, redeem, balance, bonus = inputs
    rules = Rules(discount_bp=discount_bp, multiplier_pct=mult, rials_per_point=rpp, point_value=pv,
                  redeem_cap_bp=cap_bp)
    lines = compute(gross, rules, coupon=coupon, redeem_points=redeem, balance=balance, bonus_points=bonus)
    assert (lines.tier_discount, lines.coupon_discount, lines.redeem_value, lines.net, lines.points_earned) == expected
    # the other lines of the receipt
    assert lines.gross == gross
    assert lines.points_redeemed == redeem
    assert lines.bonus_points == bonus
    assert lines.coupon_code == (coupon.code if coupon else None)
    assert lines.after_discount == gross - lines.tier_discount
    assert lines.after_coupon == gross - lines.tier_discount - lines.coupon_discount
    assert lines.net == max(0, lines.after_coupon - lines.redeem_value)
    assert all(type(v) is int for v in (lines.tier_discount, lines.coupon_discount, lines.redeem_value,
                                        lines.net, lines.points_earned))


def test_compute_full_receipt():
    lines = compute(1_000_000, Rules(discount_bp=1000), coupon=F200K, redeem_points=3000, balance=5000)
    assert lines == CheckoutLines(
        gross=1_000_000, tier_discount=100_000, coupon_code="F200K", coupon_discount=200_000,
        points_redeemed=3000, redeem_value=300_000, net=400_000, points_earned=40, bonus_points=0,
    )
    assert lines.after_discount == 900_000
    assert lines.after_coupon == 700_000


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gross, rules, coupon, redeem, balance, template, params",
    [
        # more than the balance (the balance is checked before the cap)
        (1_000_000, Rules(), None, 6000, 5000, REDEEM_OVER_BALANCE, {"balance": 5000, "points": 6000}),
        (1_000_000, Rules(), None, 2, 1, REDEEM_OVER_BALANCE, {"balance": 1, "points": 2}),
        # nothing while the balance is not positive
        (1_000_000, Rules(), None, 1, 0, REDEEM_WHILE_NEGATIVE, {"balance": 0}),
        (1_000_000, Rules(), None, 10, -50, REDEEM_WHILE_NEGATIVE, {"balance": -50}),
        # beyond the cap: 50% of 1,000,000 = 500,000 = 5,000 points
        (1_000_000, Rules(), None, 5001, 10_000, REDEEM_OVER_CAP,
         {"max_points": 5000, "cap": 500_000, "cap_percent": "50", "base": 1_000_000}),
        # the cap is on what is left after the tier discount: 50% of 900,000
        (1_000_000, Rules(discount_bp=1000), None, 4501, 10_000, REDEEM_OVER_CAP,
         {"max_points": 4500, "cap": 450_000, "cap_percent": "50", "base": 900_000}),
        # ... and after the coupon: 50% of 400,000
        (1_000_000, Rules(), F600K, 2001, 9999, REDEEM_OVER_CAP,
         {"max_points": 2000, "cap": 200_000, "cap_percent": "50", "base": 400_000}),
        # 25% cap, points worth 300: 25% of 999,999 = 249,999 -> 833 points
        (999_999, Rules(point_value=300, redeem_cap_bp=2500), None, 834, 10_000, REDEEM_OVER_CAP,
         {"max_points": 833, "cap": 249_999, "cap_percent": "25", "base": 999_999}),
        # a 0% cap allows nothing
        (1_000_000, Rules(redeem_cap_bp=0), None, 1, 10_000, REDEEM_OVER_CAP,
         {"max_points": 0, "cap": 0, "cap_percent": "0", "base": 1_000_000}),
    ],
)
def test_compute_refuses_redemptions(gross, rules, coupon, redeem, balance, template, params):
    with pytest.raises(RuleViolation) as info:
        compute(gross, rules, coupon=coupon, redeem_points=redeem, balance=balance)
    assert info.value.template == template
    assert info.value.params == params
    if "max_points" in params:
        assert f"At most {params['max_points']} points" in info.value.message
        # and exactly the maximum is accepted
        ok = compute(gross, rules, coupon=coupon, redeem_points=params["max_points"], balance=balance)
        assert ok.points_redeemed == params["max_points"]
    if template == REDEEM_WHILE_NEGATIVE:
        assert str(balance) in info.value.message
    if template == REDEEM_OVER_BALANCE:
        assert str(balance) in info.value.message and str(redeem) in info.value.message


@pytest.mark.parametrize("redeem", [-1, -100])
def test_compute_refuses_negative_redemption(redeem):
    with pytest.raises(ValidationError) as info:
        compute(1_000_000, Rules(), redeem_points=redeem, balance=1000)
    (problem,) = info.value.problems
    assert problem.field == "redeem"
    assert problem.template == REDEEM_NEGATIVE


@pytest.mark.parametrize("gross", [0, -1, -1_000_000])
def test_compute_refuses_gross_not_positive(gross):
    with pytest.raises(ValidationError) as info:
        compute(gross, Rules())
    (problem,) = info.value.problems
    assert problem.field == "amount"
    assert problem.template == GROSS_NOT_POSITIVE


# --- every problem at once ---------------------------------------------------------------------------

CEILED = Rules(max_gross=10_000_000)


@pytest.mark.parametrize(
    "gross, rules, coupon, redeem, balance, expected",
    [
        (1_000_000, Rules(), None, 0, 0, []),
        (1_000_000, Rules(), None, 5_000, 5_000, []),  # exactly the balance and the cap
        (0, Rules(), None, 0, 0, [("amount", GROSS_NOT_POSITIVE)]),
        (10_000_001, CEILED, None, 0, 0, [("amount", GROSS_OVER_CEILING)]),
        (10_000_000, CEILED, None, 0, 0, []),  # the ceiling itself
        (1_000_000, Rules(), None, -1, 100, [("redeem", REDEEM_NEGATIVE)]),
        (1_000_000, Rules(point_value=0), None, 10, 100, [("redeem", REDEEM_DISABLED)]),
        (1_000_000, Rules(), None, 10, 0, [("redeem", REDEEM_WHILE_NEGATIVE)]),
        (1_000_000, Rules(), None, 5_001, 20_000, [("redeem", REDEEM_OVER_CAP)]),
        # beyond the balance and beyond the cap: both, the balance first
        (1_000_000, Rules(), None, 6_000, 5_000, [("redeem", REDEEM_OVER_BALANCE), ("redeem", REDEEM_OVER_CAP)]),
        # the cap on what the coupon left (50% of 400,000 = 2,000 points)
        (1_000_000, Rules(), F600K, 2_001, 9_999, [("redeem", REDEEM_OVER_CAP)]),
        # no amount to cap against: the cap is not judged, the balance is
        (0, Rules(), None, 3_000, 5_000, [("amount", GROSS_NOT_POSITIVE)]),
        (0, Rules(), None, 6_000, 5_000, [("amount", GROSS_NOT_POSITIVE), ("redeem", REDEEM_OVER_BALANCE)]),
        (20_000_000, CEILED, None, 6_000, 5_000, [("amount", GROSS_OVER_CEILING), ("redeem", REDEEM_OVER_BALANCE)]),
        (-5, Rules(), None, -5, 100, [("amount", GROSS_NOT_POSITIVE), ("redeem", REDEEM_NEGATIVE)]),
        (0, Rules(point_value=0), None, 1, -7, [("amount", GROSS_NOT_POSITIVE), ("redeem", REDEEM_DISABLED)]),
    ],
)
def test_problems_lists_every_one_with_its_field(gross, rules, coupon, redeem, balance, expected):
    found = problems(gross, rules, coupon, redeem, balance)
    assert [(p.field, p.template) for p in found] == expected
    assert all(p.message for p in found)


def test_compute_refuses_every_mistake_of_the_form_at_once():
    with pytest.raises(ValidationError) as info:
        compute(0, Rules(), redeem_points=-1, balance=100)
    assert [(p.field, p.template) for p in info.value.problems] == [("amount", GROSS_NOT_POSITIVE),
                                                                  ("redeem", REDEEM_NEGATIVE)]


@given(gross=st.integers(-10, 3_000_000), redeem=st.integers(-3, 20_000), balance=st.integers(-100, 20_000),
       cap_bp=st.sampled_from([0, 2_500, 5_000, 10_000]), point_value=st.sampled_from([0, 100, 300]),
       coupon=st.sampled_from([None, P10, F600K]))
def test_compute_prices_exactly_what_problems_finds_nothing_wrong_with(gross, redeem, balance, cap_bp,
                                                                       point_value, coupon):
    rules = Rules(redeem_cap_bp=cap_bp, point_value=point_value, max_gross=2_000_000)
    found = problems(gross, rules, coupon, redeem, balance)
    if found:
        with pytest.raises((RuleViolation, ValidationError)) as info:
            compute(gross, rules, coupon, redeem, balance)
        raised = [p.template for p in getattr(info.value, "problems", ())] or [info.value.template]
        assert set(raised) <= {p.template for p in found}
    else:
        lines = compute(gross, rules, coupon, redeem, balance)  # nothing found: within the balance and the cap
        assert lines.points_redeemed == redeem and 0 <= lines.net <= gross <= rules.max_gross
        assert redeem == 0 or (0 < redeem <= balance and lines.redeem_value <= redeem_cap(lines.after_coupon, rules))


# --- the cap -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "after_coupon, cap_bp, expected",
    [
        (1_000_000, 5000, 500_000),
        (999, 5000, 499),
        (1, 5000, 0),
        (0, 5000, 0),
        (1_000_000, 0, 0),
        (1_000_000, 10_000, 1_000_000),
        (2_161_543, 3000, 648_462),
    ],
)
def test_redeem_cap(after_coupon, cap_bp, expected):
    assert redeem_cap(after_coupon, Rules(redeem_cap_bp=cap_bp)) == expected


@pytest.mark.parametrize(
    "after_coupon, balance, cap_bp, point_value, expected",
    [
        (1_000_000, 10_000, 5000, 100, 5000),  # bounded by the cap
        (1_000_000, 3000, 5000, 100, 3000),  # bounded by the balance
        (1_000_000, 5000, 5000, 100, 5000),
        (999_999, 10**6, 5000, 100, 4999),  # 499,999 / 100 -> 4,999
        (1_000_000, 10**6, 10_000, 300, 3333),
        (1_000_000, 0, 5000, 100, 0),
        (1_000_000, -50, 5000, 100, 0),  # a negative balance redeems nothing
        (0, 100, 5000, 100, 0),
        (1_000_000, 100, 0, 100, 0),
        (1_000_000, 100, 5000, 0, 0),  # points worth nothing
        (149, 100, 5000, 100, 0),
    ],
)
def test_max_redeemable(after_coupon, balance, cap_bp, point_value, expected):
    rules = Rules(redeem_cap_bp=cap_bp, point_value=point_value)
    assert max_redeemable(after_coupon, balance, rules) == expected


@pytest.mark.parametrize(
    "gross, rules, balance",
    [
        (1_000_000, Rules(), 10_000),
        (1_000_000, Rules(), 1234),
        (999_999, Rules(point_value=300, redeem_cap_bp=2500), 10_000),
        (1_234_567, Rules(discount_bp=750, redeem_cap_bp=3000), 10**6),
        (50_000, Rules(point_value=1000, redeem_cap_bp=10_000), 7),
        (1_000_000, Rules(redeem_cap_bp=0), 10_000),
        (1_000_000, Rules(point_value=0), 10_000),  # a club whose points are worth nothing
    ],
)
def test_compute_accepts_exactly_what_max_redeemable_allows(gross, rules, balance):
    after_coupon = gross - gross * rules.discount_bp // 10_000
    most = max_redeemable(after_coupon, balance, rules)
    if most:
        assert compute(gross, rules, redeem_points=most, balance=balance).points_redeemed == most
    with pytest.raises(RuleViolation):
        compute(gross, rules, redeem_points=most + 1, balance=balance)


# --- refunds -----------------------------------------------------------------------------------------


LINES = compute(1_000_000, Rules(discount_bp=1000), coupon=F200K, redeem_points=3000, balance=5000)
ODD = CheckoutLines(gross=999_999, tier_discount=0, coupon_code=None, coupon_discount=0, points_redeemed=13,
                    redeem_value=1300, net=777_777, points_earned=77)
SMALL = CheckoutLines(gross=300, tier_discount=0, coupon_code=None, coupon_discount=0, points_redeemed=2,
                      redeem_value=0, net=300, points_earned=7)


@pytest.mark.parametrize(
    "lines, before, amount, expected",
    [
        # whole refund of the 400,000-net purchase that earned 40 and redeemed 3,000
        (LINES, 0, 1_000_000, RefundShare(1_000_000, 400_000, 40, 3000)),
        # a quarter, then another quarter
        (LINES, 0, 250_000, RefundShare(250_000, 100_000, 10, 750)),
        (LINES, 250_000, 250_000, RefundShare(250_000, 100_000, 10, 750)),
        # the rest after two quarters
        (LINES, 500_000, 500_000, RefundShare(500_000, 200_000, 20, 1500)),
        # 7 points over three equal parts: 2, 2, 3 (floors on the running total)
        (SMALL, 0, 100, RefundShare(100, 100, 2, 0)),
        (SMALL, 100, 100, RefundShare(100, 100, 2, 1)),
        (SMALL, 200, 100, RefundShare(100, 100, 3, 1)),
        (SMALL, 0, 300, RefundShare(300, 300, 7, 2)),
        # one rial of goods returns nothing that floors to zero
        (ODD, 0, 1, RefundShare(1, 0, 0, 0)),
        (ODD, 0, 999_999, RefundShare(999_999, 777_777, 77, 13)),
    ],
)
def test_refund_share(lines, before, amount, expected):
    assert refund_share(lines, before, amount) == expected


@pytest.mark.parametrize(
    "lines, parts",
    [
        (LINES, [1_000_000]),
        (LINES, [333_333, 333_333, 333_334]),
        (LINES, [1, 999_999]),
        (LINES, [999_999, 1]),
        (LINES, [100_000] * 10),
        (LINES, [123_457, 7, 876_536]),
        (ODD, [1, 2, 999_996]),
        (ODD, [500_000, 499_999]),
        (ODD, [100_000] * 9 + [99_999]),
        (ODD, [1] * 13 + [999_986]),
        (ODD, [142_857] * 6 + [142_857]),
        (SMALL, [100, 100, 100]),
        (SMALL, [1] * 300),
        (SMALL, [299, 1]),
    ],
)
def test_partial_refunds_add_up_to_the_whole(lines, parts):
    assert sum(parts) == lines.gross
    shares, before = [], 0
    for amount in parts:
        share = refund_share(lines, before, amount)
        assert share.amount == amount
        assert share.net_refunded >= 0 and share.points_reversed >= 0 and share.points_returned >= 0
        shares.append(share)
        before += amount
    assert sum(s.net_refunded for s in shares) == lines.net
    assert sum(s.points_reversed for s in shares) == lines.points_earned
    assert sum(s.points_returned for s in shares) == lines.points_redeemed
    whole = refund_share(lines, 0, lines.gross)
    assert (whole.net_refunded, whole.points_reversed, whole.points_returned) == (
        lines.net, lines.points_earned, lines.points_redeemed)


def test_partial_refund_is_in_proportion():
    # a third of the goods: floor(400,000 / 3), floor(40 / 3), floor(3,000 / 3)
    share = refund_share(LINES, 0, 333_333)
    assert share == RefundShare(333_333, 133_333, 13, 999)
