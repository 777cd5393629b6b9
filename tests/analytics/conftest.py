"""A small club whose every report figure is worked out by hand (see HAND_CLUB below).

Club rules (tests/conftest.py's ``club``, with expiry turned off so balances are plain sums):
1 point per 10,000 rials net at ×1, a point pays 100 rials, tiers برنزی 0 / نقره‌ای 50M at 3%
×1.25 / طلایی 150M. Every purchase is at 12:00 Tehran on its Jalali date; "now" is START,
1404/03/11 11:30 Tehran.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from loyaltydesk import services
from loyaltydesk.services import surveys as survey_service
from loyaltydesk.domain.jalali import TEHRAN, UTC, parse_jalali_date
from tests.conftest import START

MOBILES = {"A": "09120000001", "B": "09120000002", "C": "09120000003", "D": "09120000004",
           "E": "09120000005", "F": "09120000006"}

# (Jalali date, action, arguments). Purchases are numbered 1.. in this order.
HAND_CLUB = [
    ("1403/05/20", "join", ("A", "B", "C", "E")),
    ("1403/06/01", "buy", ("E", 1_000_000)),                     # 1
    ("1403/07/01", "buy", ("E", 1_000_000)),                     # 2
    ("1403/08/01", "buy", ("E", 1_000_000)),                     # 3
    ("1403/10/01", "buy", ("C", 500_000)),                       # 4
    ("1403/11/10", "buy", ("A", 2_000_000)),                     # 5
    ("1403/12/05", "buy", ("B", 55_000_000)),                    # 6: B up to نقره‌ای (priced at برنزی)
    ("1403/12/10", "buy", ("A", 3_000_000)),                     # 7
    ("1404/01/10", "buy", ("A", 1_000_000)),                     # 8
    ("1404/01/20", "buy", ("B", 6_000_000, 0, "NOWRUZ")),        # 9: 3% = 180,000 + coupon 100,000
    ("1404/01/25", "refund", (6, 2_000_000)),                    # 2M of purchase 6 back
    ("1404/02/10", "buy", ("A", 4_000_000, 500)),                # 10: 500 points = 50,000 rials
    ("1404/02/15", "join", ("D",)),
    ("1404/02/20", "survey", ("A", 10, {"service": 5, "price": 3})),
    ("1404/02/20", "survey", ("B", 9, {"service": 4})),
    ("1404/03/01", "buy", ("D", 1_000_000)),                     # 11
    ("1404/03/05", "buy", ("A", 2_000_000)),                     # 12
    ("1404/03/08", "survey", ("C", 8, {})),
    ("1404/03/08", "survey", ("D", 3, {"service": 2, "staff": 1})),
    ("1404/03/08", "survey", ("E", 10, {})),
    ("1404/03/10", "join", ("F",)),
]


def noon(jalali: str) -> datetime:
    d = parse_jalali_date(jalali).togregorian()
    return datetime(d.year, d.month, d.day, 12, 0, tzinfo=TEHRAN).astimezone(UTC)


def play(owner, clock, steps) -> dict:
    """Run ``steps`` through the real services, moving the clock; returns name → card."""
    cards = {}
    for when, action, args in steps:
        clock.now = noon(when)
        if action == "join":
            for who in args:
                cards[who] = services.members.sign_up(owner, MOBILES[who], who, "آزمون").card
        elif action == "buy":
            who, amount, *rest = args
            redeem = rest[0] if rest else 0
            coupon = rest[1] if len(rest) > 1 else None
            services.checkout.register_purchase(owner, cards[who], amount, redeem=redeem, coupon=coupon)
        elif action == "refund":
            services.checkout.refund(owner, *args)
        elif action == "survey":
            who, score, stars = args
            survey_service.add_survey(owner, cards[who], score, stars)
    clock.now = START
    return cards


@pytest.fixture
def hand_club(club, clock):
    """The club above, played through the services; the clock back at START."""
    services.club.update_settings(club, expiry_months=0)
    clock.now = noon("1403/05/01")
    services.club.add_coupon(club, "NOWRUZ", amount=100_000)
    cards = play(club, clock, HAND_CLUB)
    return club, cards
