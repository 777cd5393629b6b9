"""Several tills on one PostgreSQL club (issue 23, part 2): purchases for the same member from two
processes at once are serialised by the member's row lock: no lost update of points, spend, tier
or the kept figures, and ``check`` is clean."""

from __future__ import annotations

import multiprocessing

import pytest

from loyaltydesk import services
from loyaltydesk.store import open_database

pytestmark = pytest.mark.pg

PER_TILL = 25
AMOUNT = 3_000_000  # 300 points each at 10,000 rials a point


def till(url: str, card: str, start, done) -> None:
    """One till: signs in nowhere (an owner's session), waits for the other, then registers its purchases."""
    db = open_database(url)
    try:
        session = services.owner_session(db, "till")
        start.wait(30)
        for _ in range(PER_TILL):
            services.checkout.register_purchase(session, card, AMOUNT, redeem=10)
        done.put("ok")
    except BaseException as e:  # noqa: BLE001 - reported to the test, which fails with it
        done.put(repr(e))
    finally:
        db.close()


def test_two_tills_buying_for_one_member_at_once_lose_nothing(pg_url):
    db = open_database(pg_url)
    owner = services.owner_session(db)
    services.club.update_settings(owner, rials_per_point=10_000, point_value=100, redeem_cap_bp=5_000,
                                  expiry_months=6, window="rolling12")
    services.club.add_tier(owner, "برنزی", 0, 0, 100, 0, "#b08d57")
    services.club.add_tier(owner, "نقره‌ای", 100_000_000, 300, 100, 0, "#9ea7b0")
    card = services.members.sign_up(owner, "09121234567", "علی", "رضایی").card
    services.checkout.register_purchase(owner, card, AMOUNT)  # a balance to redeem from
    spawn = multiprocessing.get_context("spawn")
    start, done = spawn.Barrier(2), spawn.Queue()
    tills = [spawn.Process(target=till, args=(pg_url, card, start, done)) for _ in range(2)]
    for p in tills:
        p.start()
    results = [done.get(timeout=240) for _ in tills]
    for p in tills:
        p.join(60)
    assert results == ["ok", "ok"]
    member = db.one("SELECT id, points, win_spend FROM members WHERE card = ?", (card,))
    purchases = db.all("SELECT points_earned, points_redeemed, gross FROM purchases WHERE member_id = ?", (member[0],))
    assert len(purchases) == 1 + 2 * PER_TILL
    assert member[1] == sum(p[0] - p[1] for p in purchases)  # the balance is every purchase's, none lost
    assert db.value("SELECT visits FROM member_stats WHERE member_id = ?", (member[0],)) == len(purchases)
    assert db.value("SELECT purchases FROM club_periods WHERE period >= 100000") == len(purchases)
    assert services.check.check_database(owner) == []
    db.close()
