"""Property: whatever a club does, in whatever order, the ledger, lots, balances and tiers agree
(on a club file and on a club on PostgreSQL)."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.domain.roles import Role
from loyaltydesk.services.session import Session, User
from tests.conftest import START, TEST_TIERS, Clock
from tests.raw import club_key

pytestmark = pytest.mark.engines  # each example on a new club of the engine (club_engine)

ops = st.lists(
    st.one_of(
        st.tuples(st.just("buy"), st.integers(0, 2), st.integers(1, 200_000_000), st.integers(0, 5_000)),
        st.tuples(st.just("refund"), st.integers(0, 30), st.one_of(st.none(), st.integers(1, 100_000_000)), st.just(0)),
        st.tuples(st.just("adjust"), st.integers(0, 2), st.integers(-3_000, 3_000), st.just(0)),
        st.tuples(st.just("days"), st.integers(1, 200), st.just(0), st.just(0)),
        st.tuples(st.just("expire"), st.just(0), st.just(0), st.just(0)),
        st.tuples(st.just("review"), st.just(0), st.just(0), st.just(0)),
    ),
    max_size=25,
)


# Examples per engine: on a server each action is a few round trips and each example a new
# database, so fewer of them there keeps the run short (the suite stays well under its budget).
EXAMPLES = {"sqlite": 80, "postgresql": 25}


def test_any_sequence_leaves_a_consistent_club(request, club_engine, new_club_file):
    def new_club(tmp):
        if club_engine == "postgresql":  # a new database of the run's cluster, dropped after the example
            cluster = request.getfixturevalue("pg_cluster")
            name = cluster.new_database(request.getfixturevalue("pg_template"))
            dropped.append(lambda: cluster.drop_database(name))
            return services.open_club(cluster.url(name))
        path = new_club_file(Path(tmp) / "club.sqlite3")  # a copy of a new club: ms, not every migration again
        return services.open_club(path, key=club_key(path))

    dropped: list = []

    @settings(max_examples=EXAMPLES[club_engine], deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ops)
    def any_sequence(steps):
        try:
            one_sequence(new_club, steps)
        finally:
            while dropped:
                dropped.pop()()

    any_sequence()


def one_sequence(new_club, steps) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = new_club(tmp)
        clock = Clock(START)
        owner = Session(db, User("owner", Role.OWNER), clock)
        services.club.update_settings(owner, expiry_months=3)
        for name, threshold, discount, multiplier, bonus, color in TEST_TIERS:
            services.club.add_tier(owner, name, threshold, discount, multiplier, bonus, color)
        cards = [services.members.sign_up(owner, f"0912000000{i}").card for i in range(3)]
        purchases = []
        for op, a, b, c in steps:
            try:
                if op == "buy":
                    purchases.append(services.checkout.register_purchase(owner, cards[a], b, redeem=c).purchase_id)
                elif op == "refund" and purchases:
                    services.checkout.refund(owner, purchases[a % len(purchases)], b)
                elif op == "adjust":
                    services.points.adjust_points(owner, cards[a], b, "آزمون")
                elif op == "days":
                    clock.now += timedelta(days=a)
                elif op == "expire":
                    services.points.run_expiry(owner)
                elif op == "review":
                    services.points.review_tiers(owner)
            except LoyaltyError:
                pass  # refused actions must leave nothing behind: the check below proves it
            assert services.check.check_database(owner) == []
        for card in cards:
            m = services.members.get_member(owner, card)
            cached = db.value("SELECT points FROM members WHERE id = ?", (m.id,))
            ledger_sum = db.value("SELECT COALESCE(SUM(points), 0) FROM ledger WHERE member_id = ?", (m.id,))
            lots = db.value("SELECT COALESCE(SUM(remaining), 0) FROM point_lots WHERE member_id = ?", (m.id,))
            assert cached == ledger_sum and lots == max(0, cached)
            assert m.points <= max(cached, 0) or m.points == cached  # the panel never shows more than is there
        db.close()
