"""A purchase on a PostgreSQL server in few round trips (issue 23: a purchase p99 < 10 ms over the
network): the till waits for the server only where it reads something, so that the count cannot
creep back. Counted by a proxy between the till and the run's cluster (``tests.pg.RoundTrips``:
the protocol's messages after which a client waits), on a club made as the tests make one.

Before the pipelined transaction (session 7) the same purchases took 29, 36 and 37 round trips."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import TEST_TIERS
from tests.pg import RoundTrips

from loyaltydesk import services
from loyaltydesk.domain.roles import Role
from loyaltydesk.services.session import Session, User

pytestmark = pytest.mark.pg

# the round trips of one purchase (BEGIN to COMMIT) as the cashier page registers it (a checkout key)
EARN = 9  # a member with history, points earned
REDEEM = 11  # the same with points redeemed (one ledger entry more: its lock and chain's head)
FIRST = 12  # a referred member's first purchase (their referrer's bonus and their own)


@pytest.fixture
def till(pg_cluster, pg_template, clock):
    """A till reaching a new club through the counting proxy: (the proxy, an owner's session, a cashier's)."""
    proxy = RoundTrips(pg_cluster.port)
    name = pg_cluster.new_database(pg_template)
    db = services.open_club(proxy.url(name))
    owner = Session(db, User("owner", Role.OWNER), clock)
    services.club.update_settings(owner, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                  expiry_months=6, window="rolling12", referral_bonus=300)
    for tier_name, threshold, discount, multiplier, bonus, color in TEST_TIERS:
        services.club.add_tier(owner, tier_name, threshold, discount, multiplier, bonus, color)
    yield proxy, owner, Session(db, User("sara", Role.CASHIER), clock)
    db.close()
    proxy.close()
    pg_cluster.drop_database(name)


def purchase(session, card, gross, **kw):
    return services.checkout.register_purchase(session, card, gross, checkout_key=uuid.uuid4().hex, **kw)


def counted(proxy, call):
    proxy.count = 0
    result = call()
    return result, proxy.count


def test_a_purchase_waits_for_the_server_only_where_it_reads(till, clock):
    proxy, owner, cashier = till
    card = services.members.sign_up(owner, "09121234567", "علی", "رضایی").card
    clock.advance(hours=1)
    for _ in range(6):  # the connection warm: what it keeps (settings, tiers), psycopg's prepared statements
        purchase(cashier, card, 5_000_000)
        clock.advance(minutes=5)

    earned, trips = counted(proxy, lambda: purchase(cashier, card, 7_000_000))
    assert trips == EARN, f"a purchase took {trips} round trips (pinned: {EARN}; 29 before the pipeline)"
    assert earned.lines.points_earned == 700 and earned.balance == 6 * 500 + 700

    clock.advance(minutes=5)
    redeemed, trips = counted(proxy, lambda: purchase(cashier, card, 7_000_000, redeem=300))
    assert trips == REDEEM, f"a purchase with a redemption took {trips} round trips (pinned: {REDEEM}; 36 before)"
    assert redeemed.lines.points_redeemed == 300 and redeemed.balance == earned.balance - 300 + redeemed.lines.points_earned

    # what the pipelined transactions stored is what the club proves of itself
    member = services.members.get_member(owner, card)
    assert member.points == redeemed.balance
    assert services.check.check_database(owner) == []


def test_a_first_purchase_with_its_referral_bonuses(till, clock):
    proxy, owner, cashier = till
    referrer = services.members.sign_up(owner, "09121234567", "علی", "رضایی").card
    card = services.members.sign_up(owner, "09351112233", "مریم", "حسینی", referrer=referrer).card
    other = services.members.sign_up(owner, "09190000001", "کاوه", "عبدالله‌زاده").card
    clock.advance(hours=1)
    for _ in range(6):
        purchase(cashier, other, 5_000_000)
        clock.advance(minutes=5)

    first, trips = counted(proxy, lambda: purchase(cashier, card, 7_000_000))
    assert trips == FIRST, f"a first purchase took {trips} round trips (pinned: {FIRST}; 37 before)"
    assert first.referrer_bonus == 300
    assert services.members.get_member(owner, referrer).points == 300
    assert services.check.check_database(owner) == []


def test_a_refused_purchase_leaves_nothing_and_the_till_goes_on(till, clock):
    proxy, owner, cashier = till
    card = services.members.sign_up(owner, "09121234567", "علی", "رضایی").card
    clock.advance(hours=1)
    purchase(cashier, card, 5_000_000)
    before = [owner.db.value(f"SELECT count(*) FROM {t}") for t in ("purchases", "ledger", "audit_log")]
    with pytest.raises(services.checkout.rules.CheckoutRefused):
        purchase(cashier, card, 5_000_000, redeem=10_000)  # beyond the balance
    with pytest.raises(services.checkout.rules.CheckoutRefused):
        purchase(cashier, card, 5_000_000, coupon="NOSUCH")
    assert [owner.db.value(f"SELECT count(*) FROM {t}") for t in ("purchases", "ledger", "audit_log")] == before
    clock.advance(minutes=1)
    assert purchase(cashier, card, 5_000_000).balance == 1_000
    assert services.check.check_database(owner) == []
