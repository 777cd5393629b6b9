"""A cashier's whole shift through real X input: thirty customers found every way a till finds them
(a card scanned, a mobile typed in Persian digits, its last four digits, a name in Persian, a new
member signed up on the spot), purchases with tier discounts, redemptions and coupons, a void, a
receipt printed and its preview closed. After the shift the club's own check is clean, and every
purchase and every balance is what the sales should give, worked out here from the club's rules
independently of the program's own arithmetic. On both engines: the club in a file, and on a
PostgreSQL server the program reaches by ``--db URL``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from loyaltydesk.domain.text import to_persian_digits

pytestmark = pytest.mark.engines  # the demo club in a file, and on a PostgreSQL server (--db URL)

# how the customer is found, amount in toman, points to redeem, coupon, what else happens
SHIFT = [
    ("scan", 120_000, 0, None, ""),
    ("scan", 2_450_000, 0, None, "print"),
    ("mobile", 860_000, 0, None, ""),
    ("last4", 45_000, 0, None, ""),
    ("name", 1_300_000, 0, None, ""),
    ("signup", 350_000, 0, None, ""),
    ("scan", 5_600_000, 200, None, ""),
    ("scan", 99_000, 0, "WELCOME", ""),
    ("mobile", 3_200_000, 0, "NOWRUZ", ""),
    ("scan", 18_750_000, 0, None, "void"),
    ("last4", 730_000, 50, None, ""),
    ("scan", 64_000_000, 0, None, ""),
    ("signup", 1_000_000, 0, "WELCOME", ""),
    ("name", 215_000, 0, None, "print"),
    ("scan", 4_999_999, 0, None, ""),
    ("mobile", 12_500, 0, None, ""),
    ("scan", 870_000, 100, "NOWRUZ", ""),
    ("last4", 2_222_000, 0, None, ""),
    ("scan", 31_000_000, 0, None, ""),
    ("signup", 75_000, 0, None, ""),
    ("scan", 1_450_000, 300, None, ""),
    ("name", 6_800_000, 0, None, ""),
    ("mobile", 990_000, 0, None, "void"),
    ("scan", 150_000, 0, None, ""),
    ("scan", 8_400_000, 0, "WELCOME", ""),
    ("last4", 560_000, 0, None, ""),
    ("scan", 23_000_000, 500, None, ""),
    ("signup", 2_000_000, 0, None, ""),
    ("mobile", 410_000, 0, None, ""),
    ("scan", 3_300_000, 0, None, "print"),
]


RECEIPT_TITLE = r"(رسید|[Rr]eceipt)"


@dataclass
class Lines:
    gross: int
    tier_discount: int
    coupon_discount: int
    points_redeemed: int
    redeem_value: int
    net: int
    points_earned: int


def expected_lines(gross: int, tier: dict, settings: dict, coupon: dict | None, redeem: int) -> Lines:
    """The club's checkout (docs/rules.md), worked out here on its own: gross, − tier discount, − coupon,
    − points (capped at a percent of what is left), = net; points = floor(net / rials-per-point ×
    multiplier)."""
    discount = gross * tier["discount_bp"] // 10_000
    left = gross - discount
    coupon_discount = 0
    if coupon:
        coupon_discount = min(left, left * coupon["percent_bp"] // 10_000 if coupon["percent_bp"] else coupon["amount"])
    left -= coupon_discount
    value = redeem * settings["point_value"]
    assert value <= left * settings["redeem_cap_bp"] // 10_000, "the shift asks for more points than the cap"
    net = left - value
    earned = net * tier["multiplier_pct"] // (100 * settings["rials_per_point"])
    return Lines(gross, discount, coupon_discount, redeem, value, net, earned)


def person_digits(n: int) -> str:
    return to_persian_digits(str(n))


@pytest.fixture
def desk(engine_desk):
    return engine_desk


def test_a_thirty_customer_shift_ends_with_every_balance_right(desk):
    club = desk.cli("club", "show")
    settings, tiers = club["settings"], {t["name"]: t for t in club["tiers"]}
    coupons = {c["code"]: c for c in desk.cli("coupon", "list")}
    regulars = [m for m in desk.members() if int(m["points"]) >= 600]
    regulars.sort(key=lambda m: m["card"])
    # (card, coupon) of the demo's purchases: a regular is served once, so what it used before the shift is all it used
    used_coupons = {(p[2], p[7]) for p in desk.exported("purchases") if p[7]}
    start_points: dict[str, int] = {}
    sales: list[tuple[str, Lines, bool]] = []  # card, expected lines, voided

    desk.start()
    desk.sign_in("sara")
    used = 0
    new_mobile = 9_350_000_000  # 0935 000 0000 and on: mobiles the demo club does not have
    for number, (how, toman, redeem, coupon, extra) in enumerate(SHIFT, 1):
        if how == "signup":
            new_mobile += 7
            mobile = f"0{new_mobile}"
            desk.key("F2")
            desk.type(person_digits(int(mobile[1:])).rjust(11, "۰"))
            desk.key("Tab")
            desk.type("مشتری")
            desk.key("Tab")
            desk.type(f"شماره {person_digits(number)}")
            desk.key("Return")
            card = desk.wait_until(lambda: _find_one(desk, mobile), what=f"customer {number} to be signed up")["card"]
        else:
            while coupon and (regulars[used]["card"], coupon) in used_coupons:
                used += 1  # the demo's members may have used a coupon that is once per member
            member = regulars[used]
            used += 1
            card = member["card"]
            if how == "scan":
                desk.scan(card)
            else:
                text = {"mobile": person_digits(int(member["mobile"])).rjust(11, "۰"),
                        "last4": member["mobile"][-4:],
                        "name": f"{member['first_name']} {member['last_name']}"}[how]
                found = desk.cli("member", "find", text)
                desk.type(text)
                desk.key(*(["Down"] * [m["card"] for m in found].index(card)), settle=0.15)
                desk.key("Return")
        shown = desk.member(card)
        start_points.setdefault(card, shown["points"])
        lines = expected_lines(toman * 10, tiers[shown["tier"]], settings, coupons.get(coupon), redeem)
        desk.type(person_digits(toman) if number % 2 else str(toman))
        if redeem:
            desk.key("Tab", "ctrl+a")
            desk.type(str(redeem))
        if coupon:  # Tab walks amount, points, coupon
            desk.key(*(["Tab"] if redeem else ["Tab", "Tab"]))
            desk.type(coupon)
        before = _newest(desk, card)["id"]
        desk.key("F9")
        desk.wait_until(lambda: _newest(desk, card)["id"] > before, what=f"customer {number}'s purchase")
        voided = extra == "void"
        if voided:
            desk.key("F6")  # void the last sale: a question whose default answer is no
            desk.key("Tab", "space")
            desk.wait_until(lambda: _newest(desk, card)["refunded"] > 0,
                            what=f"customer {number}'s sale to be voided")
        if extra == "print":
            desk.key("F4")  # the receipt's preview opens; Esc closes it and the till is ready
            desk.wait_window(RECEIPT_TITLE)
            desk.shot(f"receipt-{number}")
            desk.key("Escape")
            desk.wait_gone(RECEIPT_TITLE)
        if number in (1, 10, 30):
            desk.shot(f"customer-{number}")
        desk.key("Escape")
        sales.append((card, lines, voided))

    assert desk.run_cli("check").returncode == 0
    for card in start_points:
        history = _history(desk, card)
        mine = [s for s in sales if s[0] == card]
        registered = sorted(history["purchases"], key=lambda p: p["id"])[-len(mine):]
        for (_, lines, voided), purchase in zip(mine, registered):
            got = Lines(purchase["gross"], purchase["tier_discount"], purchase["coupon_discount"],
                        purchase["points_redeemed"], purchase["redeem_value"], purchase["net"], purchase["points_earned"])
            assert got == lines
            assert (purchase["refunded"] == purchase["gross"]) == voided
        kept = [lines for c, lines, voided in sales if c == card and not voided]
        assert desk.member(card)["points"] == start_points[card] + sum(x.points_earned - x.points_redeemed for x in kept)


def _history(desk, card: str) -> dict:
    return desk.cli("history", card, "--limit", "100000")  # regulars of the demo have dozens


def _newest(desk, card: str) -> dict:
    return max(_history(desk, card)["purchases"], key=lambda p: p["id"], default={"id": 0, "refunded": 0})


def _find_one(desk, mobile: str):
    found = desk.cli("member", "find", mobile)
    return found[0] if len(found) == 1 else None
