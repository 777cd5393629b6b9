"""Tiers: loyaltydesk.domain.tiers."""

from datetime import datetime, timezone

import pytest

from loyaltydesk.domain.tiers import (
    NO_TIER,
    TIER_BONUS,
    TIER_COLOR,
    TIER_MULTIPLIER,
    TIER_NAME_EMPTY,
    TIER_NAME_TAKEN,
    TIER_THRESHOLD_TAKEN,
    Standing,
    Tier,
    Window,
    keep_and_next,
    ladder,
    next_tier,
    ordered,
    rank,
    review_move,
    review_window,
    tier_for,
    tier_for_spend,
    upgrade_after_purchase,
    upgrade_bounds,
    validate_tier,
    visit_floors,
    window_start,
)


def Z(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


M = 1_000_000  # a million rials

BRONZE = Tier(1, "برنزی", 0, discount_bp=0, multiplier_pct=100, color="#cd7f32")
SILVER = Tier(2, "نقره\u200cای", 10 * M, discount_bp=300, multiplier_pct=120, color="#c0c0c0")
GOLD = Tier(3, "طلایی", 50 * M, discount_bp=500, multiplier_pct=150, birthday_bonus=50, color="#ffd700")
DIAMOND = Tier(4, "الماسی", 200 * M, discount_bp=1000, multiplier_pct=200, birthday_bonus=200, color="#b9f2ff")

# deliberately out of order: every function must sort by threshold itself
TIERS = (GOLD, BRONZE, DIAMOND, SILVER)
# a club without a free base tier: new members have no tier until they spend 10M
NO_BASE = (GOLD, SILVER, DIAMOND)


def test_ordered():
    assert ordered(TIERS) == (BRONZE, SILVER, GOLD, DIAMOND)
    assert ordered([]) == ()


def test_defaults():
    assert NO_TIER.id is None and NO_TIER.threshold == 0
    t = Tier(None, "x", 0)
    assert (t.discount_bp, t.multiplier_pct, t.birthday_bonus, t.color) == (0, 100, 0, "#9e9e9e")


@pytest.mark.parametrize(
    "tiers, spend, expected",
    [
        (TIERS, 0, BRONZE),
        (TIERS, 1, BRONZE),
        (TIERS, 10 * M - 1, BRONZE),
        (TIERS, 10 * M, SILVER),  # reaching the threshold is enough
        (TIERS, 10 * M + 1, SILVER),
        (TIERS, 50 * M - 1, SILVER),
        (TIERS, 50 * M, GOLD),
        (TIERS, 199_999_999, GOLD),
        (TIERS, 200 * M, DIAMOND),
        (TIERS, 10**15, DIAMOND),
        (TIERS, -1, None),  # below every threshold (after refunds)
        (NO_BASE, 0, None),
        (NO_BASE, 9_999_999, None),
        (NO_BASE, 10 * M, SILVER),
        ((), 10**9, None),
    ],
)
def test_tier_for_spend(tiers, spend, expected):
    assert tier_for_spend(tiers, spend) == expected


@pytest.mark.parametrize(
    "tiers, tier_id, expected",
    [
        (TIERS, 1, 0), (TIERS, 2, 1), (TIERS, 3, 2), (TIERS, 4, 3),
        (TIERS, None, -1), (TIERS, 99, -1),
        (NO_BASE, 2, 0), (NO_BASE, 1, -1),
        ((), 1, -1),
    ],
)
def test_rank(tiers, tier_id, expected):
    assert rank(tiers, tier_id) == expected


@pytest.mark.parametrize(
    "tiers, tier_id, expected",
    [
        (TIERS, None, BRONZE),
        (TIERS, 1, SILVER),
        (TIERS, 2, GOLD),
        (TIERS, 3, DIAMOND),
        (TIERS, 4, None),  # the top has no next
        (TIERS, 99, BRONZE),  # unknown tier counts as none
        (NO_BASE, None, SILVER),
        ((), None, None),
    ],
)
def test_next_tier(tiers, tier_id, expected):
    assert next_tier(tiers, tier_id) == expected


@pytest.mark.parametrize(
    "tiers, current, spend_after, expected",
    [
        (TIERS, 1, 9_999_999, None),
        (TIERS, 1, 10 * M, SILVER),  # crossing the threshold upgrades at once
        (TIERS, 1, 60 * M, GOLD),  # a big purchase may skip a tier
        (TIERS, 1, 10**12, DIAMOND),
        (TIERS, 2, 49_999_999, None),
        (TIERS, 2, 50 * M, GOLD),
        (TIERS, 2, 200 * M, DIAMOND),
        (TIERS, 2, 10 * M, None),  # already there
        (TIERS, 3, 10 * M, None),  # a purchase never moves anyone down
        (TIERS, 3, 0, None),
        (TIERS, 4, 10**12, None),  # nothing above the top
        (TIERS, None, 0, BRONZE),  # a member with no tier gets the base one
        (TIERS, None, 15 * M, SILVER),
        (NO_BASE, None, 9 * M, None),
        (NO_BASE, None, 10 * M, SILVER),
        ((), None, 10**9, None),
    ],
)
def test_upgrade_after_purchase(tiers, current, spend_after, expected):
    assert upgrade_after_purchase(tiers, current, spend_after) == expected


REACHED = Z("2024-06-01T08:00")  # 1403/03/12 11:30 Tehran
TWELVE_MONTHS = Z("2025-06-02T08:00")  # 1404/03/12 11:30 Tehran: 12 Jalali months later


@pytest.mark.parametrize(
    "tiers, current, spend, now, expected",
    [
        # still qualifies: nothing happens
        (TIERS, 3, 50 * M, Z("2026-01-01T00:00"), None),
        (TIERS, 3, 120 * M, Z("2026-01-01T00:00"), None),
        # no longer qualifies, but held less than 12 months: kept
        (TIERS, 3, 20 * M, Z("2024-07-01T00:00"), None),
        (TIERS, 3, 20 * M, Z("2025-05-01T00:00"), None),
        (TIERS, 3, 20 * M, Z("2025-06-01T08:00"), None),  # 365 days, but not yet 12 Jalali months
        (TIERS, 3, 20 * M, Z("2025-06-02T07:59:59"), None),  # one second short
        (TIERS, 3, 0, Z("2025-06-02T07:59:59"), None),
        # held 12 months or more: down one tier
        (TIERS, 3, 20 * M, TWELVE_MONTHS, SILVER),
        (TIERS, 3, 20 * M, Z("2026-01-01T00:00"), SILVER),
        # down one tier only, however little was spent
        (TIERS, 3, 0, TWELVE_MONTHS, SILVER),
        (TIERS, 4, 0, Z("2027-01-01T00:00"), GOLD),
        (TIERS, 4, 15 * M, TWELVE_MONTHS, GOLD),
        (TIERS, 2, 0, TWELVE_MONTHS, BRONZE),
        # the base tier cannot be lost
        (TIERS, 1, 0, Z("2030-01-01T00:00"), None),
        (TIERS, 1, -5 * M, Z("2030-01-01T00:00"), None),
        (NO_BASE, 2, 0, Z("2030-01-01T00:00"), None),
        # catch-up upgrades (a threshold lowered, a tier added), even within 12 months
        (TIERS, 2, 60 * M, Z("2024-06-02T00:00"), GOLD),
        (TIERS, 1, 500 * M, Z("2024-06-02T00:00"), DIAMOND),
        (TIERS, None, 0, Z("2024-06-02T00:00"), BRONZE),
        (TIERS, None, 12 * M, Z("2024-06-02T00:00"), SILVER),
        (TIERS, 99, 12 * M, Z("2024-06-02T00:00"), SILVER),  # a deleted tier counts as none
        # no tier and nothing reached
        (NO_BASE, None, 5 * M, Z("2030-01-01T00:00"), None),
        ((), None, 10**9, Z("2030-01-01T00:00"), None),
    ],
)
def test_review_move(tiers, current, spend, now, expected):
    assert review_move(tiers, current, spend, REACHED, now) == expected


def test_review_move_12_months_are_jalali_months_from_reaching():
    # reached on Esfand 30 of a leap year; 12 months later is Esfand 29 of the next year
    reached = Z("2025-03-20T06:00")  # 1403/12/30 09:30 Tehran
    assert review_move(TIERS, 3, 0, reached, Z("2026-03-19T06:00")) is None  # 1404/12/28 09:30
    assert review_move(TIERS, 3, 0, reached, Z("2026-03-20T05:59:59")) is None  # 1404/12/29 09:29:59
    assert review_move(TIERS, 3, 0, reached, Z("2026-03-20T06:00")) == SILVER  # 1404/12/29 09:30


@pytest.mark.parametrize(
    "window, now, expected",
    [
        (Window.ROLLING12, Z("2025-11-23T08:00"), Z("2024-11-22T08:00")),  # 1404/09/02 -> 1403/09/02
        ("rolling12", Z("2025-11-23T08:00"), Z("2024-11-22T08:00")),
        (Window.ROLLING12, Z("2026-03-20T20:30"), Z("2025-03-20T20:30")),  # Nowruz to Nowruz
        (Window.JALALI_YEAR, Z("2025-11-23T08:00"), Z("2025-03-20T20:30")),  # 1404/01/01
        ("jalali-year", Z("2025-11-23T08:00"), Z("2025-03-20T20:30")),
        (Window.JALALI_YEAR, Z("2026-03-20T20:29"), Z("2025-03-20T20:30")),  # last minute of 1404
        (Window.JALALI_YEAR, Z("2026-03-20T20:30"), Z("2026-03-20T20:30")),  # Nowruz 1405 starts over
    ],
)
def test_window_start(window, now, expected):
    assert window_start(window, now) == expected


@pytest.mark.parametrize(
    "window, now, expected",
    [
        (Window.ROLLING12, Z("2025-11-23T08:00"), (Z("2024-11-22T08:00"), Z("2025-11-23T08:00"))),
        ("rolling12", Z("2026-03-20T20:30"), (Z("2025-03-20T20:30"), Z("2026-03-20T20:30"))),
        # at Nowruz 1405 the review judges the whole of 1404
        (Window.JALALI_YEAR, Z("2026-03-20T20:30"), (Z("2025-03-20T20:30"), Z("2026-03-20T20:30"))),
        ("jalali-year", Z("2026-03-21T06:00"), (Z("2025-03-20T20:30"), Z("2026-03-20T20:30"))),
        # during 1404 the last complete year is 1403
        (Window.JALALI_YEAR, Z("2025-11-23T08:00"), (Z("2024-03-19T20:30"), Z("2025-03-20T20:30"))),
    ],
)
def test_review_window(window, now, expected):
    assert review_window(window, now) == expected


@pytest.mark.parametrize("bad", ["monthly", "", "ROLLING12"])
def test_window_rejects_unknown_windows(bad):
    with pytest.raises(ValueError):
        window_start(bad, Z("2025-11-23T08:00"))
    with pytest.raises(ValueError):
        review_window(bad, Z("2025-11-23T08:00"))


@pytest.mark.parametrize(
    "tiers, current, spend_now, spend_review, expected",
    [
        # (rials more to reach the next tier, rials more to keep this one)
        (TIERS, None, 0, 0, (0, None)),
        (TIERS, 1, 3 * M, 3 * M, (7 * M, None)),  # the base tier cannot be lost
        (TIERS, 1, 0, 0, (10 * M, None)),
        (TIERS, 2, 12 * M, 8 * M, (38 * M, 2 * M)),
        (TIERS, 2, 12 * M, 15 * M, (38 * M, 0)),
        (TIERS, 2, 12 * M, 10 * M, (38 * M, 0)),
        (TIERS, 3, 70 * M, 60 * M, (130 * M, 0)),
        (TIERS, 3, 70 * M, 49 * M, (130 * M, 1 * M)),
        (TIERS, 3, 250 * M, 0, (0, 50 * M)),  # never negative
        (TIERS, 4, 250 * M, 100 * M, (None, 100 * M)),  # the top has no next
        (TIERS, 4, 0, 300 * M, (None, 0)),
        (NO_BASE, None, 4 * M, 4 * M, (6 * M, None)),
        (NO_BASE, 2, 4 * M, 4 * M, (46 * M, None)),  # the lowest tier is the base
        ((), None, 0, 0, (None, None)),
    ],
)
def test_keep_and_next(tiers, current, spend_now, spend_review, expected):
    assert keep_and_next(tiers, current, spend_now, spend_review) == expected


# --- validation ---------------------------------------------------------------------------------


def fields_of(problems):
    return sorted(p.field for p in problems)


@pytest.mark.parametrize(
    "tier, others, expected_fields",
    [
        (Tier(None, "پلاتینی", 500 * M, 1500, 300, 500, "#e5e4e2"), TIERS, []),
        (Tier(None, "Gold", 1, color="#ABCDEF"), TIERS, []),  # upper-case hex is a colour
        (Tier(None, "x", 1, multiplier_pct=0), TIERS, []),  # ×0 is allowed
        (Tier(None, "x", 1, multiplier_pct=1000), TIERS, []),
        (Tier(None, "x", 1, birthday_bonus=0), TIERS, []),
        (Tier(None, "بدون", 0), (), []),
        # editing a tier does not clash with itself
        (GOLD, TIERS, []),
        (Tier(3, "طلایی", 50 * M, color="#000000"), TIERS, []),
        # name
        (Tier(None, "", 1), TIERS, ["name"]),
        (Tier(None, "   ", 1), TIERS, ["name"]),
        (Tier(None, "\u200c\u200f", 1), TIERS, ["name"]),  # only invisible characters
        (Tier(None, "طلایی", 1), TIERS, ["name"]),
        (Tier(None, "طلايي", 1), TIERS, ["name"]),  # same name typed with Arabic Yeh
        (Tier(None, "  طلایی ", 1), TIERS, ["name"]),
        (Tier(None, "نقره\u200cای", 1), TIERS, ["name"]),
        (Tier(1, "طلایی", 0), TIERS, ["name"]),  # renaming bronze to an existing name
        # threshold
        (Tier(None, "جدید", 50 * M), TIERS, ["threshold"]),
        (Tier(None, "جدید", 0), TIERS, ["threshold"]),
        (Tier(2, "نقره\u200cای", 0), TIERS, ["threshold"]),  # moving silver onto bronze's threshold
        # multiplier
        (Tier(None, "x", 1, multiplier_pct=-1), TIERS, ["multiplier"]),
        (Tier(None, "x", 1, multiplier_pct=1001), TIERS, ["multiplier"]),
        # birthday bonus
        (Tier(None, "x", 1, birthday_bonus=-1), TIERS, ["birthday_bonus"]),
        # colour
        (Tier(None, "x", 1, color="red"), TIERS, ["color"]),
        (Tier(None, "x", 1, color="#12345"), TIERS, ["color"]),
        (Tier(None, "x", 1, color="#1234567"), TIERS, ["color"]),
        (Tier(None, "x", 1, color="#gggggg"), TIERS, ["color"]),
        (Tier(None, "x", 1, color="123456"), TIERS, ["color"]),
        (Tier(None, "x", 1, color="#۱۲۳۴۵۶"), TIERS, ["color"]),
        (Tier(None, "x", 1, color=""), TIERS, ["color"]),
        (Tier(None, "x", 1, color=None), TIERS, ["color"]),
        # everything wrong at once: every problem is returned, not only the first
        (
            Tier(None, "طلایی", 10 * M, multiplier_pct=5000, birthday_bonus=-10, color="gold"),
            TIERS,
            ["birthday_bonus", "color", "multiplier", "name", "threshold"],
        ),
        (Tier(None, "", 0, multiplier_pct=-5, color="#zzz"), TIERS, ["color", "multiplier", "name", "threshold"]),
        # a name and a threshold clashing with two different tiers
        (Tier(None, "الماسی", 10 * M), TIERS, ["name", "threshold"]),
    ],
)
def test_validate_tier(tier, others, expected_fields):
    assert fields_of(validate_tier(tier, others)) == expected_fields


def test_validate_tier_messages():
    problems = validate_tier(Tier(None, "طلايي", 10 * M, color="gold"), TIERS)
    by_field = {p.field: p for p in problems}
    assert by_field["name"].template == TIER_NAME_TAKEN
    assert by_field["name"].message == "There is already a tier named طلایی."
    assert by_field["threshold"].template == TIER_THRESHOLD_TAKEN
    assert by_field["threshold"].params == {"other": "نقره\u200cای", "threshold": 10 * M}
    assert by_field["color"].template == TIER_COLOR
    assert "'gold'" in by_field["color"].message
    assert validate_tier(Tier(None, "", 1), ())[0].template == TIER_NAME_EMPTY
    assert validate_tier(Tier(None, "x", 1, multiplier_pct=-1), ())[0].template == TIER_MULTIPLIER
    assert validate_tier(Tier(None, "x", 1, birthday_bonus=-1), ())[0].template == TIER_BONUS


@pytest.mark.parametrize(
    "tier",
    [
        Tier(None, "x", 1, discount_bp=10_001),  # a discount above 100% makes the price negative
        Tier(None, "x", 1, discount_bp=15_000),
        Tier(None, "x", 1, discount_bp=-500),  # a negative discount raises the price
    ],
)
def test_validate_tier_refuses_a_discount_outside_0_to_100_percent(tier):
    assert any("discount" in p.field for p in validate_tier(tier, TIERS))


@pytest.mark.parametrize("discount_bp", [0, 1, 500, 10_000])
def test_validate_tier_accepts_discounts_from_0_to_100_percent(discount_bp):
    assert validate_tier(Tier(None, "x", 1, discount_bp=discount_bp), TIERS) == []


def test_validate_tier_refuses_a_negative_threshold():
    assert any(p.field == "threshold" for p in validate_tier(Tier(None, "x", -1), TIERS))


@pytest.mark.parametrize(
    "tiers, tier_id, expected",
    [
        # (the tier, the one above, the threshold to keep)
        (TIERS, None, (None, BRONZE, None)),
        (TIERS, 1, (BRONZE, SILVER, None)),  # the base tier cannot be lost
        (TIERS, 2, (SILVER, GOLD, 10 * M)),
        (TIERS, 4, (DIAMOND, None, 200 * M)),
        (TIERS, 99, (None, BRONZE, None)),  # a deleted tier stands below the first, like none
        (NO_BASE, None, (None, SILVER, None)),
        (NO_BASE, 2, (SILVER, GOLD, None)),
        ((), None, (None, None, None)),
        ((), 7, (None, None, None)),
    ],
)
def test_ladder_rungs(tiers, tier_id, expected):
    rung = ladder(tiers).rung(tier_id)
    assert (rung.tier, rung.next, rung.keep_threshold) == expected


# upgrade_bounds: the least standing that may deserve a tier above each one; every standing on a
# grid is judged both ways (the bound passes exactly the standings ``tier_for`` puts higher)
REGULAR = Tier(5, "دائمی", 30 * M, qualify="visits", visits=6, visit_minimum=500_000)
EITHER = Tier(6, "همیشگی", 100 * M, qualify="either", visits=12, visit_minimum=1_000_000)
LOYAL = Tier(7, "وفادار", 60 * M, qualify="visits", visits=11, visit_minimum=500_000)  # REGULAR's floor, more visits
LADDERS = [[BRONZE, SILVER, GOLD, DIAMOND], [SILVER, GOLD], [BRONZE, REGULAR, GOLD, EITHER, DIAMOND], [REGULAR],
           [BRONZE, REGULAR, LOYAL, EITHER]]


@pytest.mark.parametrize("tiers", LADDERS, ids=["spend", "no zero tier", "visits and either", "visits alone",
                                                "two tiers at one floor"])
def test_upgrade_bounds_pass_exactly_the_standings_that_deserve_a_tier_above(tiers):
    bounds = upgrade_bounds(tiers)
    floors = visit_floors(tiers)
    for current in [None, 99] + [t.id for t in tiers]:  # 99: an id that is no tier's
        bound = bounds.get(current, bounds[None])
        for spend in (0, 10 * M - 1, 10 * M, 30 * M, 50 * M, 99 * M, 100 * M, 200 * M, 10**12):
            for n in (0, 5, 6, 11, 12, 40):
                standing = Standing(spend, {f: n for f in floors})
                deserved = tier_for(tiers, standing)
                higher = deserved is not None and rank(tiers, deserved.id) > rank(tiers, current)
                reaches = ((bound.spend is not None and spend >= bound.spend)
                           or any(standing.visits_at(f) >= v for f, v in bound.visits.items()))
                assert reaches == higher, (current, spend, n)
