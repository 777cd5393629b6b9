"""Tiers by visits and the club's member bonuses, as scenario tables through the services.

The club (``visit_club``): 1 point per 10,000 rials net at ×1, lots expire after 6 months, a rolling
12-month window, and three tiers in threshold order: برنزی (0, by spend), نقره‌ای (50M; qualify
and visits as each scenario says: 3 visits of at least 1,000,000 rials, 3% off), طلایی (150M by
spend, 5% off). A visit is a purchase worth at least the minimum after its refunds; a refund that
brings it below takes the visit back. After every step ``check_database`` finds nothing wrong (it
proves the kept visits of m0018 against the purchases).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.jalali import add_months, parse_jalali_date, start_of_jalali_day, to_iso
from loyaltydesk.domain.tiers import visit_floors, window_start
from loyaltydesk.services import daily
from loyaltydesk.services import visits as visit_service
from loyaltydesk.store import visits as visit_store
from tests.conftest import START

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

B, S, G = "برنزی", "نقره‌ای", "طلایی"
M = 1_000_000


@pytest.fixture
def visit_club(club):
    """The test club; the scenario sets how نقره‌ای qualifies."""
    return club


# Each scenario: how نقره‌ای qualifies (qualify, visits, visit minimum), then its steps
# (action, arguments, expected). "day" moves the clock to START + N days; purchases are numbered
# from 1; "kept" reads the member's visits kept in member_visits at the club's floors.
SCENARIOS = {
    "the visit that reaches the number upgrades at once; it is priced at the old tier": (("visits", 3, M), [
        ("buy", dict(amount=M), dict(tier_after=B, upgraded=False)),
        ("buy", dict(amount=999_999), dict(tier_after=B, upgraded=False)),  # below the minimum: no visit
        ("buy", dict(amount=2 * M), dict(tier_after=B, upgraded=False)),
        ("kept", {}, {M: 2}),
        ("buy", dict(amount=M), dict(tier_discount=0, points_earned=100, tier_before=B, tier_after=S, upgraded=True)),
        ("buy", dict(amount=M), dict(tier_discount=30_000, net=970_000, points_earned=121, tier_before=S, upgraded=False)),
        ("kept", {}, {M: 4}),
    ]),
    "with qualify visits the threshold alone qualifies no one": (("visits", 3, M), [
        ("buy", dict(amount=60 * M), dict(tier_after=B, upgraded=False)),
        ("buy", dict(amount=M), dict(tier_after=B, upgraded=False)),
        ("buy", dict(amount=M), dict(tier_after=S, upgraded=True)),
        ("buy", dict(amount=100 * M), dict(tier_before=S, tier_after=G, upgraded=True)),  # 162M by spend
    ]),
    "either: spend reaches it, and so do visits": (("either", 3, M), [
        ("buy", dict(amount=50 * M), dict(tier_after=S, upgraded=True)),
        ("buy", dict(who="B", amount=M), dict(tier_after=B)),
        ("buy", dict(who="B", amount=M), dict(tier_after=B)),
        ("buy", dict(who="B", amount=M), dict(tier_after=S, upgraded=True)),
    ]),
    "a minimum of 0 counts every purchase, but not one refunded in full": (("visits", 2, 0), [
        ("buy", dict(amount=10_000), dict(tier_after=B)),
        ("refund", dict(purchase=1), dict(tier_after=B)),
        ("kept", {}, {1: 0}),
        ("buy", dict(amount=10_000), dict(tier_after=B)),
        ("buy", dict(amount=10_000), dict(tier_after=S, upgraded=True)),
    ]),
    "a refund that brings a visit below the minimum takes it back, and the upgrade it made": (("visits", 3, M), [
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("buy", dict(amount=1_500_000), dict(tier_after=S, upgraded=True)),
        ("refund", dict(purchase=3, amount=400_000), dict(tier_before=S, tier_after=S)),  # 1.1M left: still a visit
        ("kept", {}, {M: 3}),
        ("refund", dict(purchase=3, amount=200_000), dict(tier_before=S, tier_after=B)),  # 900,000: no visit
        ("kept", {}, {M: 2}),
        ("buy", dict(amount=M), dict(tier_before=B, tier_after=S, upgraded=True)),
    ]),
    "a refund of a visit never drops below the tier held before its purchase": (("visits", 2, M), [
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("buy", dict(amount=M), dict(tier_after=S, upgraded=True)),
        ("buy", dict(amount=M), dict(tier_after=S)),
        ("refund", dict(purchase=3), dict(tier_before=S, tier_after=S)),  # bought at S
    ]),
    "the review takes a visits tier down once the visits left the window and 12 months passed": (("visits", 3, M), [
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("buy", dict(amount=M), dict(tier_after=S, upgraded=True)),
        ("day", 200, None),
        ("review", {}, dict(members=0)),  # visits still in the window
        ("day", 370, None),
        ("review", {}, dict(members=1)),
        ("member", {}, dict(tier=B)),
        ("refresh", {}, dict(members=1)),  # the daily run counts the stale visits again
        ("kept", {}, {M: 0}),
    ]),
    "the review keeps a visits tier for visits in the window": (("visits", 3, M), [
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("buy", dict(amount=M), dict(tier_after=S, upgraded=True)),
        ("day", 300, None),
        ("buy", dict(amount=M), dict(tier_after=S)),
        ("buy", dict(amount=2 * M), dict(tier_after=S)),
        ("buy", dict(amount=M), dict(tier_after=S)),
        ("day", 380, None),
        ("review", {}, dict(members=0)),
        ("member", {}, dict(tier=S)),
    ]),
    "the review moves up by visits a member a change of the tiers left behind": (("spend", 0, 0), [
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("buy", dict(amount=M), dict(tier_after=B)),
        ("tier", dict(qualify="either", visits=2, visit_minimum=M), None),
        ("day", 1, None),
        ("review", {}, dict(members=1)),
        ("member", {}, dict(tier=S)),
    ]),
}


def run_scenario(owner, clock, silver, steps):
    qualify, visits, minimum = silver
    services.club.edit_tier(owner, S, qualify=qualify, visits=visits, visit_minimum=minimum)
    cards = {"A": services.members.sign_up(owner, "09121111111").card,
             "B": services.members.sign_up(owner, "09122222222").card}
    purchases = []
    for number, (action, args, expected) in enumerate(steps, start=1):
        who = cards[args.get("who", "A")] if isinstance(args, dict) else None
        if action == "day":
            clock.now = START + timedelta(days=args)
            continue
        if action == "tier":
            services.club.edit_tier(owner, S, **args)
            continue
        if action == "kept":
            member = services.members.get_member(owner, who)
            floors = visit_floors(services.club.list_tiers(owner))
            start = window_start(services.club.get_settings(owner).window, clock.now)
            got = visit_store.kept(owner.db, [member.id], floors, to_iso(start))
            assert {f: got[(member.id, f)] for f in floors} == expected, f"step {number}: kept"
            continue
        result = {
            "buy": lambda: services.checkout.register_purchase(owner, who, args["amount"]),
            "refund": lambda: services.checkout.refund(owner, purchases[args["purchase"] - 1], args.get("amount")),
            "review": lambda: services.points.review_tiers(owner),
            "member": lambda: services.members.get_member(owner, who),
            "refresh": lambda: visit_service.refresh_visits(owner),
        }[action]()
        if action == "buy":
            purchases.append(result.purchase_id)
        values = result.as_dict() if action == "buy" else {k: getattr(result, k) for k in expected}
        assert {k: values[k] for k in expected} == expected, f"step {number}: {action} {args}"
        assert services.check.check_database(owner) == [], f"check after step {number}"


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_visit_scenario(visit_club, clock, name):
    run_scenario(visit_club, clock, *SCENARIOS[name])


def test_kept_visits_go_stale_as_the_window_moves_and_the_daily_run_counts_them_again(visit_club, clock):
    services.club.edit_tier(visit_club, S, qualify="visits", visits=5, visit_minimum=M)
    card = services.members.sign_up(visit_club, "09121111111").card
    member_id = services.members.get_member(visit_club, card).id
    services.checkout.register_purchase(visit_club, card, M)
    clock.now = START + timedelta(days=100)
    services.checkout.register_purchase(visit_club, card, 2 * M)
    clock.now = add_months(START, 12) + timedelta(days=1)  # the first visit has left the window
    start = to_iso(window_start("rolling12", clock.now))
    assert visit_store.kept(visit_club.db, [member_id], [M], start) == {}  # stale: not used
    daily.run_all(visit_club, at_start=False, with_backup=False)
    assert visit_store.kept(visit_club.db, [member_id], [M], start) == {(member_id, M): 1}
    assert services.check.check_database(visit_club) == []


def test_check_finds_kept_visits_that_disagree_with_the_purchases(visit_club):
    services.club.edit_tier(visit_club, S, qualify="visits", visits=5, visit_minimum=M)
    card = services.members.sign_up(visit_club, "09121111111").card
    services.checkout.register_purchase(visit_club, card, M)
    with visit_club.db.transaction():
        visit_club.db.execute("UPDATE member_visits SET visits = visits + 1")
    problems = services.check.check_database(visit_club)
    assert [p.field for p in problems] == ["visits"]
    assert problems[0].params["stored"] == 2 and problems[0].params["counted"] == 1


@pytest.mark.parametrize("kept", [True, False], ids=["visits kept", "visits counted"])
def test_check_finds_a_member_kept_below_the_tier_their_visits_reach(visit_club, kept):
    """The check judges the tiers by the visits kept for each member where they hold, and counts
    the purchases where none is kept: a member put back below the tier their visits reach is named
    either way."""
    services.club.edit_tier(visit_club, S, qualify="visits", visits=3, visit_minimum=M)
    card = services.members.sign_up(visit_club, "09121111111").card
    member_id = services.members.get_member(visit_club, card).id
    for amount in (M, 2 * M, M):
        services.checkout.register_purchase(visit_club, card, amount)
    assert services.members.get_member(visit_club, card).tier == S
    assert services.check.check_database(visit_club) == []
    with visit_club.db.transaction():
        bronze = visit_club.db.value("SELECT id FROM tiers WHERE name = ?", (B,))
        visit_club.db.execute(
            "INSERT INTO tier_history (member_id, at, from_tier_id, to_tier_id, reason, spend, actor) "
            "SELECT id, '2025-06-01T08:00:00Z', tier_id, ?, 'review', 0, 'x' FROM members WHERE id = ?", (bronze, member_id))
        visit_club.db.execute("UPDATE members SET tier_id = ? WHERE id = ?", (bronze, member_id))
        if not kept:
            visit_club.db.execute("DELETE FROM member_visits WHERE member_id = ?", (member_id,))
    problems = services.check.check_database(visit_club)
    assert [p.field for p in problems] == ["tier_visits"], problems
    assert problems[0].params["visits"] == 3 and problems[0].params["card"] == card


def test_the_members_the_check_judges_are_those_a_judgement_of_every_member_puts_higher(visit_club):
    """``visits.standing_now`` with the tiers' bounds (a filter in SQL) gives exactly the members
    that judging every member with ``domain.tiers.tier_for`` finds below what they deserve."""
    from loyaltydesk.domain.tiers import rank, tier_for, Standing, upgrade_bounds
    from loyaltydesk.store import club as club_store

    services.club.edit_tier(visit_club, S, qualify="either", visits=3, visit_minimum=M)
    for n, amounts in enumerate([[M], [M, M, M], [60 * M], [200 * M], [M, 2 * M], [999_999] * 4]):
        card = services.members.sign_up(visit_club, f"0912111111{n}").card
        for amount in amounts:
            services.checkout.register_purchase(visit_club, card, amount)
    with visit_club.db.transaction():  # everyone put back to the lowest tier, as a review might have wrongly
        bronze = visit_club.db.value("SELECT id FROM tiers WHERE name = ?", (B,))
        visit_club.db.execute("UPDATE members SET tier_id = ?", (bronze,))
    db, tiers = visit_club.db, club_store.tiers(visit_club.db)
    floors = visit_floors(tiers)
    start = to_iso(window_start(club_store.club_settings(db).window, visit_club.now()))
    every = list(visit_store.standing_now(db, start, floors))
    higher = [m.id for m in every if (t := tier_for(tiers, Standing(m.spend, dict(zip(floors, m.visits)))))
              and rank(tiers, t.id) > rank(tiers, m.tier_id)]
    judged = [m.id for m in visit_store.standing_now(db, start, floors, upgrade_bounds(tiers))]
    assert judged == higher and len(higher) == 3  # the three visits, 60M and 200M


@pytest.mark.parametrize("qualify, visits, minimum, fields", [
    ("visits", 0, M, ["visits"]),  # a visits tier needs at least one visit
    ("either", 10_001, M, ["visits"]),
    ("monthly", 3, M, ["qualify"]),
    ("visits", 3, -1, ["visit_minimum"]),
    ("spend", -1, -5, ["visits", "visit_minimum"]),  # every problem at once
])
def test_a_tier_by_visits_refuses_every_problem_at_once(visit_club, qualify, visits, minimum, fields):
    with pytest.raises(ValidationError) as e:
        services.club.add_tier(visit_club, "الماسی", 400 * M, qualify=qualify, visits=visits, visit_minimum=minimum)
    assert [p.field for p in e.value.problems] == fields
    assert [t.name for t in services.club.list_tiers(visit_club)] == [B, S, G]  # nothing half-saved


@pytest.mark.parametrize("qualify, to_next_tier, to_next_visits", [
    ("visits", None, 2),  # visits alone reach نقره‌ای: no spend figure
    ("either", 50 * M - 1_500_000, 2),  # whichever comes first: both
    ("spend", 50 * M - 1_500_000, None),
])
def test_the_member_view_says_what_more_reaches_the_next_tier(visit_club, qualify, to_next_tier, to_next_visits):
    services.club.edit_tier(visit_club, S, qualify=qualify, visits=3, visit_minimum=M)
    card = services.members.sign_up(visit_club, "09121111111").card
    services.checkout.register_purchase(visit_club, card, M)
    services.checkout.register_purchase(visit_club, card, 500_000)  # no visit
    m = services.members.get_member(visit_club, card)
    assert (m.next_tier, m.to_next_tier, m.to_next_visits) == (S, to_next_tier, to_next_visits)


def test_the_member_view_reads_the_kept_visits_and_counts_where_none_is_kept(visit_club):
    services.club.edit_tier(visit_club, S, qualify="visits", visits=3, visit_minimum=M)
    card = services.members.sign_up(visit_club, "09121111111").card
    services.checkout.register_purchase(visit_club, card, M)
    assert services.members.get_member(visit_club, card).to_next_visits == 2
    with visit_club.db.transaction():  # the kept figure is what a view reads (check would object)
        visit_club.db.execute("UPDATE member_visits SET visits = 0")
    assert services.members.get_member(visit_club, card).to_next_visits == 3
    with visit_club.db.transaction():  # none kept: counted from the purchases
        visit_club.db.execute("DELETE FROM member_visits")
    assert services.members.get_member(visit_club, card).to_next_visits == 2
    assert services.members.find_members(visit_club, card)[0].to_next_visits == 2


# --- bonuses ------------------------------------------------------------------------------------------

def _bonus_keys(session, card):
    member_id = services.members.get_member(session, card).id
    return [(r[0], r[1]) for r in session.db.all(
        "SELECT bonus_key, points FROM ledger WHERE member_id = ? AND kind = 'bonus' ORDER BY id", (member_id,))]


def test_the_sign_up_bonus_is_given_once_at_sign_up(visit_club, cashier):
    services.club.update_settings(visit_club, signup_bonus=50)
    member = services.members.sign_up(cashier, "09121111111", "علی")
    assert member.points == 50 and _bonus_keys(visit_club, member.card) == [("signup", 50)]
    services.members.edit_member(visit_club, member.card, first_name="علی‌رضا")
    services.checkout.register_purchase(cashier, member.card, M)
    assert _bonus_keys(visit_club, member.card) == [("signup", 50)]
    services.club.update_settings(visit_club, signup_bonus=0)
    other = services.members.sign_up(cashier, "09122222222")
    assert other.points == 0 and _bonus_keys(visit_club, other.card) == []
    assert services.check.check_database(visit_club) == []


@pytest.mark.parametrize("joined, today, key", [
    ("1403/05/20", "1404/05/20", "anniversary:1404"),
    ("1403/05/20", "1404/05/26", "anniversary:1404"),  # missed while the shop was closed: still honoured
    ("1403/05/20", "1404/05/27", None),  # more than a week ago
    ("1403/05/20", "1404/05/19", None),  # not yet
    ("1404/05/20", "1404/05/20", None),  # joined today: no year yet
    ("1400/05/20", "1404/05/20", "anniversary:1404"),  # the fourth year, the same bonus
    ("1402/12/28", "1404/01/02", "anniversary:1403"),  # across Nowruz, in the year of the anniversary
    ("1403/12/30", "1404/12/29", "anniversary:1404"),  # joined on Esfand 30 of a leap year; 1404 has none
    ("1399/12/30", "1403/12/29", None),  # 1403 has an Esfand 30: it comes tomorrow
    ("1399/12/30", "1403/12/30", "anniversary:1403"),
])
def test_the_anniversary_bonus_days(visit_club, clock, joined, today, key):
    services.club.update_settings(visit_club, anniversary_bonus=70)
    clock.now = start_of_jalali_day(parse_jalali_date(joined)) + timedelta(hours=8)
    card = services.members.sign_up(visit_club, "09125555555").card
    clock.now = start_of_jalali_day(parse_jalali_date(today)) + timedelta(hours=8)
    result = services.points.grant_anniversary_bonuses(visit_club)
    assert _bonus_keys(visit_club, card) == ([(key, 70)] if key else [])
    assert (result.entries, result.points) == ((1, 70) if key else (0, 0))
    assert services.points.grant_anniversary_bonuses(visit_club).entries == 0  # once per year
    assert services.check.check_database(visit_club) == []


def test_the_anniversary_bonus_once_a_year_through_the_daily_run_in_slices(visit_club, clock):
    services.club.update_settings(visit_club, anniversary_bonus=40)
    clock.now = start_of_jalali_day(parse_jalali_date("1402/03/05")) + timedelta(hours=8)
    cards = [services.members.sign_up(visit_club, f"0912000000{i}").card for i in range(5)]
    services.members.set_status(visit_club, cards[4], "blocked")
    for year, expected in ((1403, ["anniversary:1403"]), (1404, ["anniversary:1403", "anniversary:1404"])):
        clock.now = start_of_jalali_day(parse_jalali_date(f"{year}/03/07")) + timedelta(hours=8)
        for _ in range(2):  # the second run of the day gives nothing
            run = daily.begin(visit_club, at_start=False, limit=2, with_backup=False)
            while not run.done:
                daily.step(visit_club, run)
        assert run.anniversaries is not None and run.anniversaries.entries == 0
        for card in cards[:4]:
            assert [k for k, _ in _bonus_keys(visit_club, card)] == expected
        assert _bonus_keys(visit_club, cards[4]) == []  # blocked
    assert services.check.check_database(visit_club) == []


def test_the_anniversary_bonus_off_gives_nothing(visit_club, clock):
    clock.now = start_of_jalali_day(parse_jalali_date("1402/03/05")) + timedelta(hours=8)
    card = services.members.sign_up(visit_club, "09121111111").card
    clock.now = start_of_jalali_day(parse_jalali_date("1403/03/05")) + timedelta(hours=8)
    assert services.points.grant_anniversary_bonuses(visit_club).entries == 0
    assert _bonus_keys(visit_club, card) == []


REFERRAL = [
    # (step, arguments, expected: result fields, then each member's bonus keys)
    ("buy", dict(who="B", amount=M), dict(referrer_bonus=300, referred_bonus=200, points_earned=100, balance=300)),
    ("buy", dict(who="B", amount=M), dict(referrer_bonus=0, referred_bonus=0, balance=400)),
    ("buy", dict(who="C", amount=M), dict(referrer_bonus=0, referred_bonus=0, balance=100)),  # no referrer
    ("refund", dict(purchase=1), dict(points_reversed=100, balance=100)),  # both rewards taken back
]


def test_the_referral_rewards_both_sides_once_and_a_full_refund_takes_both_back(visit_club):
    services.club.update_settings(visit_club, referred_bonus=200)  # the referrer's 300 is the club fixture's
    a = services.members.sign_up(visit_club, "09121111111")
    cards = {"A": a.card, "B": services.members.sign_up(visit_club, "09122222222", referrer=a.card).card,
             "C": services.members.sign_up(visit_club, "09123333333").card}
    purchases = []
    for number, (action, args, expected) in enumerate(REFERRAL, start=1):
        if action == "buy":
            result = services.checkout.register_purchase(visit_club, cards[args["who"]], args["amount"])
            purchases.append(result.purchase_id)
            got = result.as_dict()
        else:
            got = services.checkout.refund(visit_club, purchases[args["purchase"] - 1]).as_dict()
        assert {k: got[k] for k in expected} == expected, f"step {number}"
        assert services.check.check_database(visit_club) == [], f"check after step {number}"
    assert services.members.get_member(visit_club, cards["A"]).points == 0
    assert _bonus_keys(visit_club, cards["B"]) == [("referred", 200)]


def test_a_repeated_checkout_returns_the_referred_members_reward(visit_club):
    services.club.update_settings(visit_club, referred_bonus=200)
    a = services.members.sign_up(visit_club, "09121111111")
    b = services.members.sign_up(visit_club, "09122222222", referrer=a.card)
    first = services.checkout.register_purchase(visit_club, b.card, M, checkout_key="till-1")
    again = services.checkout.register_purchase(visit_club, b.card, M, checkout_key="till-1")
    assert (first.referred_bonus, again.referred_bonus, again.referrer_bonus) == (200, 200, 300)


@pytest.mark.parametrize("field, value", [("signup_bonus", -1), ("anniversary_bonus", -5), ("referred_bonus", 10**8)])
def test_a_bonus_out_of_range_is_refused(visit_club, field, value):
    with pytest.raises(ValidationError) as e:
        services.club.update_settings(visit_club, **{field: value})
    assert [p.field for p in e.value.problems] == [field]
    assert getattr(services.club.get_settings(visit_club), field) == 0


@pytest.mark.parametrize("key, points", [
    ("anniversary:1403", 71),  # an amount the owner never set
    ("signup", 50),  # no sign-up names it
    ("referred", 200),  # no purchase of a referred member
])
def test_a_bonus_slipped_into_the_ledger_is_found_by_check(visit_club, clock, key, points):
    from loyaltydesk.domain.ledger import Kind
    from loyaltydesk.store import ledger as ledger_store

    services.club.update_settings(visit_club, anniversary_bonus=70)  # no sign-up bonus: none is given
    clock.now = start_of_jalali_day(parse_jalali_date("1403/05/20")) + timedelta(hours=8)
    services.members.sign_up(visit_club, "09121111111")
    other = services.members.sign_up(visit_club, "09122222222").card
    clock.now = start_of_jalali_day(parse_jalali_date("1404/05/20")) + timedelta(hours=8)
    assert services.points.grant_anniversary_bonuses(visit_club).entries == 2
    assert services.check.check_database(visit_club) == []
    member_id = services.members.get_member(visit_club, other).id
    with visit_club.db.transaction():  # by hand: the chain holds, no audited action accounts for it
        ledger_store.append(visit_club.db, member_id, Kind.BONUS, points, visit_club.now_iso(), "owner",
                            bonus_key=key, reason="by hand")
    assert [p.field for p in services.check.check_database(visit_club)] == ["unaudited_entry"]


JALALI_YEAR_VISITS = [
    # (Jalali date of the step, action, amount, expected tier after)
    ("1404/06/01", "buy", M, B),
    ("1404/12/20", "buy", M, S),  # the second visit of 1404
    ("1405/01/02", "review", None, S),  # 1404 had 2 visits: kept
    ("1405/01/03", "buy", M, S),  # 1405's first: 1404's visits do not count in 1405
    ("1406/01/02", "review", None, B),  # 1405 had 1 visit and S was held > 12 months: down
    ("1406/01/03", "buy", M, B),
    ("1406/02/01", "buy", M, S),  # 1406: two visits
]


def test_visits_count_in_the_jalali_year_window(visit_club, clock):
    services.club.update_settings(visit_club, window="jalali-year")
    services.club.edit_tier(visit_club, S, qualify="visits", visits=2, visit_minimum=M)
    card = services.members.sign_up(visit_club, "09123333333").card
    for date, action, amount, tier in JALALI_YEAR_VISITS:
        clock.now = start_of_jalali_day(parse_jalali_date(date)) + timedelta(hours=8)
        if action == "buy":
            services.checkout.register_purchase(visit_club, card, amount)
        else:
            services.points.review_tiers(visit_club)
        assert services.members.get_member(visit_club, card).tier == tier, date
        assert services.check.check_database(visit_club) == [], date


@pytest.mark.parametrize("qualify, to_next_tier, to_next_visits, lines", [
    ("visits", None, 1, ["تا سطح نقره‌ای: ۱ مراجعهٔ دیگر"]),  # no amount: the threshold reaches nothing
    ("either", 50 * M - 2 * M, 1, ["خرید دیگر", "تا سطح نقره‌ای: ۱ مراجعهٔ دیگر"]),
    ("spend", 50 * M - 2 * M, None, ["خرید دیگر"]),
])
def test_the_receipt_shows_the_way_to_a_tier_by_visits(visit_club, qualify, to_next_tier, to_next_visits, lines):
    from loyaltydesk.printing.receipts import layout
    from loyaltydesk.services import documents

    services.club.edit_tier(visit_club, S, qualify=qualify, visits=3, visit_minimum=M)
    card = services.members.sign_up(visit_club, "09121111111").card
    services.checkout.register_purchase(visit_club, card, M)
    last = services.checkout.register_purchase(visit_club, card, M)
    r = documents.receipt_data(visit_club, last.purchase_id)
    assert (r.next_tier, r.to_next_tier, r.to_next_visits) == (S, to_next_tier, to_next_visits)
    text = " / ".join(op[1] for op in layout(r).ops if op[0] == "text")
    assert all(line in text for line in lines), text
    assert "بالاترین سطح" not in text  # a tier above is never called the top
