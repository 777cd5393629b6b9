"""Fixtures of the trust suites: a club with members and purchases to back up, import, export."""

from __future__ import annotations

import pytest

from loyaltydesk import services


@pytest.fixture
def shop(club, clock):
    """The test club with three members, a few purchases, a refund and an adjustment."""
    cards = [services.members.sign_up(club, mobile, first, last, birthday=birthday).card
             for mobile, first, last, birthday in (("09121234567", "علی", "رضایی", "1370/05/14"),
                                                   ("09351112233", "مریم", "حسینی", None),
                                                   ("09190000001", "کاوه", "عبدالله‌زاده", "1365/12/29"))]
    clock.advance(hours=1)
    services.checkout.register_purchase(club, cards[0], 60_000_000)
    services.checkout.register_purchase(club, cards[1], 2_500_000)
    services.checkout.register_purchase(club, cards[0], 10_000_000, redeem=500)
    services.checkout.refund(club, 2, 1_000_000)
    services.points.adjust_points(club, cards[2], 250, "هدیه افتتاحیه")
    club.cards = cards
    return club


def balances(db) -> dict:
    return {r[0]: (r[1], r[2], r[3]) for r in db.all("SELECT card, points, tier_id, status FROM members")}
