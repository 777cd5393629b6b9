"""The campaign rules (domain/campaigns.py): when a campaign runs, whom it targets, what it gives,
its limits and stacking, and the validator that names every problem at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from loyaltydesk.domain import campaigns as c
from loyaltydesk.domain.jalali import TEHRAN, start_of_jalali_day, to_iso


def day(text: str) -> str:
    y, m, d = map(int, text.split("/"))
    return to_iso(start_of_jalali_day(jdatetime.date(y, m, d)))


def moment(text: str, hour: int = 12, minute: int = 0) -> datetime:
    y, m, d = map(int, text.split("/"))
    g = jdatetime.date(y, m, d).togregorian()
    return datetime(g.year, g.month, g.day, hour, minute, tzinfo=TEHRAN)


YALDA = c.Campaign("Yalda", day("1404/09/30"), day("1404/10/01"), id=1, multiplier_pct=200)
EVERYONE = c.MemberFacts(tier_id=1, segment="loyal", birthday_month=5, joined_at=day("1400/01/01"))


def facts(when: datetime, gross: int = 1_000_000, base: int = 100) -> c.PurchaseFacts:
    return c.PurchaseFacts(gross, gross, base, when, to_iso(when))


# --- when it runs: (campaign changes, Jalali day, Tehran hour:minute, runs?) -----------------------
# 1404/09/30 is a Sunday; 1404/09/29 a Saturday.
RUNS = [
    ({}, "1404/09/30", (0, 0), True),  # the first moment of the first day, Tehran
    ({}, "1404/09/30", (23, 59), True),  # the last minute of the last day (inclusive)
    ({}, "1404/10/01", (0, 0), False),  # the next day: the range is half-open
    ({}, "1404/09/29", (23, 59), False),
    (dict(weekdays=("sun",)), "1404/09/30", (12, 0), True),
    (dict(weekdays=("sat", "mon")), "1404/09/30", (12, 0), False),
    (dict(hours=(10, 14)), "1404/09/30", (10, 0), True),
    (dict(hours=(10, 14)), "1404/09/30", (13, 59), True),
    (dict(hours=(10, 14)), "1404/09/30", (14, 0), False),
    (dict(hours=(10, 14)), "1404/09/30", (9, 59), False),
    (dict(hours=(22, 2)), "1404/09/30", (23, 0), True),
    (dict(hours=(22, 2)), "1404/09/30", (1, 30), True),
    (dict(hours=(22, 2)), "1404/09/30", (2, 0), False),
    (dict(hours=(22, 2)), "1404/09/30", (21, 59), False),
    # the small hours of a "Saturday night 22-2" belong to Saturday
    (dict(hours=(22, 2), weekdays=("sat",), start_at=day("1404/09/29")), "1404/09/30", (1, 0), True),
    (dict(hours=(22, 2), weekdays=("sun",)), "1404/09/30", (1, 0), False),
    (dict(ended_at=to_iso(moment("1404/09/30", 12))), "1404/09/30", (12, 0), False),  # ended early
    (dict(ended_at=to_iso(moment("1404/09/30", 12))), "1404/09/30", (11, 59), True),
]


@pytest.mark.parametrize("changes, jday, hm, expected", RUNS)
def test_when_a_campaign_runs(changes, jday, hm, expected):
    when = moment(jday, *hm)
    assert c.runs_at(replace(YALDA, **changes), to_iso(when), when) is expected


# --- whom it targets: (target, member changes, targeted?) -------------------------------------------
TARGETS = [
    (c.Target(), {}, True),
    (c.Target(tier_ids=(1, 2)), {}, True),
    (c.Target(tier_ids=(2,)), {}, False),
    (c.Target(tier_ids=(2,)), dict(tier_id=None), False),
    (c.Target(segment="loyal"), {}, True),
    (c.Target(segment="at_risk"), {}, False),
    (c.Target(segment="loyal"), dict(segment=None), False),  # never bought: no segment
    (c.Target(birthday_month=5), {}, True),
    (c.Target(birthday_month=6), {}, False),
    (c.Target(birthday_month=5), dict(birthday_month=None), False),
    (c.Target(joined_from=day("1399/01/01"), joined_to=day("1400/01/02")), {}, True),
    (c.Target(joined_from=day("1400/01/02")), {}, False),
    (c.Target(joined_to=day("1400/01/01")), {}, False),  # the end is exclusive
    (c.Target(tier_ids=(1,), segment="loyal", birthday_month=6), {}, False),  # every criterion must hold
]


@pytest.mark.parametrize("target, changes, expected", TARGETS)
def test_whom_a_campaign_targets(target, changes, expected):
    assert c.targets(target, replace(EVERYONE, **changes)) is expected


# --- what it gives: (campaign changes, gross, base points, standing, points) ---------------------------
GIVES = [
    (dict(multiplier_pct=200), 1_000_000, 100, c.Standing(), 100),  # double points: the other 100%
    (dict(multiplier_pct=150), 1_000_000, 33, c.Standing(), 16),  # floored
    (dict(multiplier_pct=1000), 1_000_000, 7, c.Standing(), 63),
    (dict(multiplier_pct=0, bonus=50), 1_000_000, 100, c.Standing(), 50),
    (dict(multiplier_pct=0, bonus=50, nth_visit=3), 1_000_000, 100, c.Standing(visits=1), 0),
    (dict(multiplier_pct=0, bonus=50, nth_visit=3), 1_000_000, 100, c.Standing(visits=2), 50),
    (dict(multiplier_pct=0, bonus=50, nth_visit=3), 1_000_000, 100, c.Standing(visits=3), 0),  # only the Nth
    (dict(multiplier_pct=0, bonus=70, spend_target=5_000_000), 1_000_000, 100, c.Standing(spend=3_000_000), 0),
    (dict(multiplier_pct=0, bonus=70, spend_target=5_000_000), 2_000_000, 100, c.Standing(spend=3_000_000), 70),
    (dict(multiplier_pct=0, bonus=70, spend_target=5_000_000), 2_000_000, 100, c.Standing(spend=5_000_000), 0),
]


@pytest.mark.parametrize("changes, gross, base, standing, points", GIVES)
def test_what_a_campaign_gives(changes, gross, base, standing, points):
    assert c.earned(replace(YALDA, **changes), facts(moment("1404/09/30"), gross, base), standing) == points


# --- limits and stacking: (campaigns, standing, budgets left, club stacking, [(id, points)]) ----------
A = replace(YALDA, id=1, name="A", multiplier_pct=200)  # gives 100 on base 100
B = replace(YALDA, id=2, name="B", multiplier_pct=0, bonus=150)
C = replace(YALDA, id=3, name="C", multiplier_pct=0, bonus=30)
APPLY = [
    ([A, B], {}, {}, "add", [(1, 100), (2, 150)]),
    ([A, B], {}, {}, "best", [(1, 0), (2, 150)]),
    ([A, replace(B, stacking="add"), C], {}, {}, "best", [(1, 100), (2, 150), (3, 0)]),  # B adds; A beats C
    ([replace(A, stacking="best"), replace(B, stacking="best"), C], {}, {}, "add", [(1, 0), (2, 150), (3, 30)]),
    ([replace(A, bonus=0, multiplier_pct=250), B], {}, {}, "best", [(1, 150), (2, 0)]),  # a tie: the older
    ([A, B], {}, {2: 40}, "add", [(1, 100), (2, 40)]),  # the budget's last points
    ([A, B], {}, {2: 0}, "add", [(1, 100), (2, 0)]),  # the budget spent: counted, nothing given
    ([A, B], {}, {2: 0}, "best", [(1, 100), (2, 0)]),  # a spent campaign does not win "best"
    ([replace(A, per_member_limit=2)], {1: c.Standing(uses=2)}, {}, "add", [(1, 0)]),
    ([replace(A, per_member_limit=2)], {1: c.Standing(uses=1)}, {}, "add", [(1, 100)]),
    ([replace(A, min_purchase=2_000_000), B], {}, {}, "add", [(2, 150)]),  # below the minimum: not even counted
    ([replace(A, weekdays=("mon",)), B], {}, {}, "add", [(2, 150)]),  # 1404/09/30 is a Sunday
]


@pytest.mark.parametrize("campaigns, standing, left, stacking, expected", APPLY)
def test_limits_and_stacking(campaigns, standing, left, stacking, expected):
    lines = c.apply(campaigns, facts(moment("1404/09/30")), EVERYONE, standing, left, stacking)
    assert [(ln.campaign.id, ln.points) for ln in lines] == expected


@given(st.lists(st.tuples(st.integers(101, 1000), st.sampled_from(["add", "best", None]),
                          st.one_of(st.none(), st.integers(0, 500))), min_size=1, max_size=5),
       st.integers(0, 10_000), st.sampled_from(["add", "best"]))
def test_stacking_never_gives_more_than_adding_and_never_beyond_a_budget(specs, base, club):
    campaigns = [replace(YALDA, id=i + 1, name=f"c{i}", multiplier_pct=m, stacking=s, budget=b)
                 for i, (m, s, b) in enumerate(specs)]
    left = {x.id: x.budget for x in campaigns}
    p = facts(moment("1404/09/30"), base=base)
    lines = c.apply(campaigns, p, EVERYONE, {}, left, club)
    added = c.apply([replace(x, stacking="add") for x in campaigns], p, EVERYONE, {}, left, club)
    assert 0 <= c.total(lines) <= c.total(added)
    for ln in lines:
        assert ln.points <= c.earned(ln.campaign, p, c.Standing())
        assert ln.campaign.budget is None or ln.points <= ln.campaign.budget
    best = [ln for ln in lines if (ln.campaign.stacking or club) == "best" and ln.points]
    assert len(best) <= 1


# --- the validator: every problem at once ---------------------------------------------------------
GOOD = c.Campaign("Nowruz", day("1405/01/01"), day("1405/01/14"), id=0, multiplier_pct=200)
VALIDATE = [
    ({}, []),
    (dict(name=" "), ["name"]),
    (dict(name="x" * 61), ["name"]),
    (dict(name="yalda"), ["name"]),  # taken (case does not matter)
    (dict(end_at=day("1405/01/01"), start_at=day("1405/01/02")), ["end"]),
    (dict(start_at="", end_at=""), ["dates"]),
    (dict(multiplier_pct=0), ["effect"]),
    (dict(multiplier_pct=100), ["multiplier"]),
    (dict(multiplier_pct=1001), ["multiplier"]),
    (dict(multiplier_pct=-5), ["multiplier"]),
    (dict(bonus=10), ["effect"]),
    (dict(multiplier_pct=0, bonus=10, nth_visit=0), ["nth_visit"]),
    (dict(multiplier_pct=0, bonus=10, nth_visit=2, spend_target=5), ["condition"]),
    (dict(nth_visit=3), ["condition"]),
    (dict(multiplier_pct=0, bonus=10, spend_target=0), ["spend_target"]),
    (dict(budget=-1), ["budget"]),
    (dict(budget=0), []),
    (dict(per_member_limit=0), ["per_member_limit"]),
    (dict(min_purchase=-1), ["min_purchase"]),
    (dict(stacking="most"), ["stacking"]),
    (dict(weekdays=("sat", "xyz")), ["weekdays"]),
    (dict(hours=(10, 10)), ["hours"]),
    (dict(hours=(25, 3)), ["hours"]),
    (dict(target=c.Target(tier_ids=(9,))), ["tiers"]),
    (dict(target=c.Target(segment="vip")), ["segment"]),
    (dict(target=c.Target(birthday_month=13)), ["birthday_month"]),
    (dict(target=c.Target(joined_from=day("1400/02/01"), joined_to=day("1400/01/01"))), ["joined"]),
    # every problem of the form at once
    (dict(name="", multiplier_pct=2000, budget=-5, end_at=day("1404/12/01"), stacking="x"),
     ["name", "end", "multiplier", "budget", "stacking"]),
]
OTHERS = (replace(YALDA, id=7),)


@pytest.mark.parametrize("changes, fields", VALIDATE)
def test_the_validator_names_every_problem(changes, fields):
    found = c.validate(replace(GOOD, **changes), tier_ids={1, 2}, segments=("loyal", "at_risk"), others=OTHERS)
    assert [p.field for p in found] == fields


OVERLAP = [
    (replace(YALDA, id=0, name="Yalda 2"), ["dates"]),  # the same effect and target on the same day
    (replace(YALDA, id=0, name="Yalda 2", multiplier_pct=300), []),  # another effect: stacking's business
    (replace(YALDA, id=0, name="Yalda 2", target=c.Target(birthday_month=9)), []),
    (replace(YALDA, id=0, name="Yalda 2", start_at=day("1404/10/01"), end_at=day("1404/10/02")), []),
    (replace(YALDA, id=7), []),  # itself, edited
    (replace(YALDA, id=0, name="Yalda 2", start_at=day("1404/09/30")), ["dates"]),
]


@pytest.mark.parametrize("campaign, fields", OVERLAP)
def test_the_same_bonus_cannot_overlap_itself(campaign, fields):
    found = c.validate(campaign, tier_ids=set(), segments=(), others=OTHERS)
    assert [p.field for p in found] == fields


@pytest.mark.parametrize("text, hours", [
    ("10-14", (10, 14)), ("22-2", (22, 2)), ("0-24", (0, 24)), (" 9 - 17 ", (9, 17)),
    ("10", None), ("10-10", None), ("0-0", None), ("24-2", None), ("a-b", None), ("10-25", None), ("-1-3", None),
])
def test_hours(text, hours):
    assert c.parse_hours(text) == hours


@pytest.mark.parametrize("text, days, unknown", [
    ("sat,sun", ("sat", "sun"), []), ("Sunday, saturday", ("sat", "sun"), []), ("fri,xyz", ("fri",), ["xyz"]),
    ("", (), []),
])
def test_weekdays(text, days, unknown):
    assert c.parse_weekdays(text) == (days, unknown)


def test_an_ended_campaign_overlaps_nothing():
    ended = replace(YALDA, id=8, ended_at=to_iso(moment("1404/09/30", 12)))
    again = replace(YALDA, id=0, name="Yalda, the afternoon")
    assert c.validate(again, tier_ids=set(), segments=(), others=(ended,)) == []
    assert [p.field for p in c.validate(again, tier_ids=set(), segments=(), others=(replace(ended, ended_at=None),))] \
        == ["dates"]
