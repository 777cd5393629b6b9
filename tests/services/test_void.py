"""Voiding a sale: the cashier who registered a purchase takes it back within the club's
minutes, exactly as a whole refund would (ledger, referral bonus, tier), audited as its own kind;
refused for another user's sale, after the window, twice, after a refund, or when voiding is off.
And the till's ceiling: an amount above the club's largest purchase is refused by every service.

Club as in tests/conftest.py: 1 point per 10,000 rials, a point pays 100 rials, at most 50%;
tiers برنزی 0 / نقره‌ای 50M (3%, ×1.25) / طلایی 150M (5%, ×1.5); referral bonus 300.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.raw import club_key

from loyaltydesk import services
from loyaltydesk.domain.errors import NotFound, RuleViolation, ValidationError
from loyaltydesk.domain.roles import Role
from loyaltydesk.services.session import Session, User

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

B, S, G = "برنزی", "نقره‌ای", "طلایی"


@pytest.fixture
def reza(db, clock):
    """A second cashier at the same club."""
    return Session(db, User("reza", Role.CASHIER), clock)


def fingerprint(db) -> dict:
    """Everything a void could change."""
    return {
        "ledger": [tuple(r) for r in db.all("SELECT member_id, kind, points, reason FROM ledger ORDER BY id")],
        "members": [tuple(r) for r in db.all("SELECT id, points, tier_id FROM members ORDER BY id")],
        "purchases": [tuple(r) for r in db.all("SELECT id, refunded FROM purchases ORDER BY id")],
        "refunds": db.value("SELECT count(*) FROM refunds"),
    }


def member_state(owner, card) -> tuple:
    m = services.members.get_member(owner, card)
    return m.points, m.tier


# --- what a void puts back: the same as a whole refund ---------------------------------------------

# (purchases before the voided one as (amount, redeem), the voided one as (amount, redeem), expected
#  (points, tier) of the member after the void)
PUT_BACK = [
    ("a plain sale", [], (10_000_000, 0), (0, B)),
    ("a sale with points redeemed: they come back", [(40_000_000, 0)], (10_000_000, 1_000), (4_000, B)),
    ("a sale that upgraded: the upgrade is undone", [(40_000_000, 0)], (20_000_000, 0), (4_000, B)),
    ("a sale that skipped a tier", [], (160_000_000, 0), (0, B)),
    ("a sale at a higher tier keeps that tier", [(60_000_000, 0)], (5_000_000, 500), (6_000, S)),
]


@pytest.mark.parametrize("before, voided, expected", [r[1:] for r in PUT_BACK], ids=[r[0] for r in PUT_BACK])
def test_a_void_puts_back_what_the_sale_changed(club, cashier, clock, before, voided, expected):
    card = services.members.sign_up(cashier, "09121234567", "علی").card
    clock.advance(minutes=1)
    for amount, redeem in before:
        services.checkout.register_purchase(cashier, card, amount, redeem)
    start = member_state(club, card)
    sale = services.checkout.register_purchase(cashier, card, voided[0], voided[1])
    clock.advance(minutes=4, seconds=59)
    result = services.checkout.void_purchase(cashier, sale.purchase_id)
    assert member_state(club, card) == start == expected
    assert result.balance == expected[0]
    assert (result.amount, result.net_refunded) == (sale.lines.gross, sale.lines.net)
    assert (result.points_reversed, result.points_returned) == (sale.lines.points_earned, sale.lines.points_redeemed)
    assert services.check.check_database(club) == []


def test_a_void_leaves_the_same_ledger_and_tier_as_a_whole_refund(club, cashier, clock, db, tmp_path):
    """The same sales in two clubs: one voided by the cashier, one refunded in whole by the owner."""
    def run(void: bool):
        other_db = services.open_club(tmp_path / f"club-{void}.sqlite3", key=club_key(tmp_path / f"club-{void}.sqlite3"))
        try:
            owner = Session(other_db, User("owner", Role.OWNER), clock)
            till = Session(other_db, User("sara", Role.CASHIER), clock)
            services.club.update_settings(owner, expiry_months=6, referral_bonus=300)
            for name, threshold, discount, mult in ((B, 0, 0, 100), (S, 50_000_000, 300, 125)):
                services.club.add_tier(owner, name, threshold, discount, mult)
            referrer = services.members.sign_up(till, "09120000001", "مینا").card
            card = services.members.sign_up(owner, "09120000002", "علی", referrer=referrer).card
            services.points.adjust_points(owner, card, 2_000, "هدیه")
            sale = services.checkout.register_purchase(till, card, 60_000_000, 1_000)
            if void:
                services.checkout.void_purchase(till, sale.purchase_id)
            else:
                services.checkout.refund(owner, sale.purchase_id)
            rows = other_db.all("SELECT member_id, kind, points, expires_at, lot_id, reverses_id, purchase_id "
                                "FROM ledger ORDER BY id")
            members = other_db.all("SELECT id, points, tier_id FROM members ORDER BY id")
            return [tuple(r) for r in rows], [tuple(r) for r in members], services.check.check_database(owner)
        finally:
            other_db.close()

    voided, refunded = run(True), run(False)
    assert voided == refunded
    assert voided[2] == []
    assert [r[2] for r in voided[0] if r[1] == "reverse"] == [-5_990, 1_000, -300]  # earned (59.9M net at ×1), redeemed, referral


def test_a_void_is_audited_as_its_own_kind(club, cashier, clock, db):
    card = services.members.sign_up(cashier, "09121234567", "علی").card
    sale = services.checkout.register_purchase(cashier, card, 10_000_000)
    clock.advance(minutes=2)
    services.checkout.void_purchase(cashier, sale.purchase_id)
    row = db.one("SELECT actor, role, action, entity, entity_id, before, after FROM audit_log ORDER BY id DESC LIMIT 1")
    assert (row["actor"], row["role"], row["action"], row["entity"], str(row["entity_id"])) == (
        "sara", "cashier", "void_purchase", "purchase", str(sale.purchase_id))
    assert '"refunded": 0' in row["before"] and '"points_reversed": 1000' in row["after"]
    assert db.value("SELECT reason FROM refunds") == services.checkout.VOID_REASON
    assert db.value("SELECT count(*) FROM audit_log WHERE action = 'refund'") == 0


# --- what a void refuses (and writes nothing) -------------------------------------------------------

# (case, who registers, who voids, minutes later, void_minutes setting, before the void, error)
REFUSED = [
    ("another cashier's sale", "sara", "reza", 1, 5, None, RuleViolation),
    ("the owner, for a cashier's sale (a refund is theirs)", "sara", "owner", 1, 5, None, RuleViolation),
    ("after the window", "sara", "sara", 5.01, 5, None, RuleViolation),
    ("long after", "sara", "sara", 60 * 24, 5, None, RuleViolation),
    ("voiding switched off", "sara", "sara", 0, 0, None, RuleViolation),
    ("twice", "sara", "sara", 1, 5, "void", RuleViolation),
    ("after the owner's partial refund", "sara", "sara", 1, 5, "partial", RuleViolation),
    ("after the owner's whole refund", "sara", "sara", 1, 5, "refund", RuleViolation),
    ("a purchase that does not exist", "sara", "sara", 1, 5, "missing", NotFound),
]


@pytest.mark.parametrize("seller, voider, minutes, window, before, error",
                         [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_void_is_refused(club, cashier, reza, clock, db, seller, voider, minutes, window, before, error):
    sessions = {"sara": cashier, "reza": reza, "owner": club}
    services.club.update_settings(club, void_minutes=window)
    card = services.members.sign_up(cashier, "09121234567", "علی").card
    sale = services.checkout.register_purchase(sessions[seller], card, 10_000_000)
    purchase_id = sale.purchase_id
    if before == "void":
        services.checkout.void_purchase(sessions[seller], purchase_id)
    elif before == "partial":
        services.checkout.refund(club, purchase_id, 1_000_000)
    elif before == "refund":
        services.checkout.refund(club, purchase_id)
    elif before == "missing":
        purchase_id += 1
    clock.advance(minutes=minutes)
    kept = fingerprint(db)
    with pytest.raises(error):
        services.checkout.void_purchase(sessions[voider], purchase_id)
    assert fingerprint(db) == kept
    assert services.check.check_database(club) == []


def test_the_window_counts_from_when_the_sale_was_recorded(club, clock):
    """An owner's sale from a paper slip (``at`` an hour ago) may still be voided just after."""
    card = services.members.sign_up(club, "09121234567", "علی").card
    clock.advance(hours=2)
    sale = services.checkout.register_purchase(club, card, 10_000_000, at=clock.now - timedelta(hours=1))
    clock.advance(minutes=3)
    assert services.checkout.void_purchase(club, sale.purchase_id).points_reversed == 1_000


# --- the ceiling: nonsense refused by every service ------------------------------------------------

SCANNED_CARD_AS_TOMAN = 607_789_519_065 * 10

CEILING = [
    # (case, amount in rials, ceiling setting or None for the default, refused)
    ("a card number typed as toman", SCANNED_CARD_AS_TOMAN, None, True),
    ("just above the default ceiling", 100_000_000_001, None, True),
    ("the default ceiling itself", 100_000_000_000, None, False),
    ("gold at 300 million toman", 3_000_000_000, None, False),
    ("an owner's lower ceiling", 20_000_001, 20_000_000, True),
    ("under an owner's lower ceiling", 20_000_000, 20_000_000, False),
]


@pytest.mark.parametrize("amount, ceiling, refused", [r[1:] for r in CEILING], ids=[r[0] for r in CEILING])
def test_the_ceiling(club, cashier, db, amount, ceiling, refused):
    if ceiling is not None:
        services.club.update_settings(club, max_purchase=ceiling)
    card = services.members.sign_up(cashier, "09121234567", "علی").card
    preview = services.checkout.price_purchase(cashier, card, amount)
    kept = fingerprint(db)
    if refused:
        for call in (lambda: services.checkout.register_purchase(cashier, card, amount),
                     lambda: services.checkout.quote(cashier, card, amount)):
            with pytest.raises(ValidationError) as e:
                call()
            assert [p.field for p in e.value.problems] == ["amount"]
            assert "ceiling" in e.value.message
        assert preview.lines is None and [p.field for p in preview.problems] == ["amount"]
        assert fingerprint(db) == kept
    else:
        assert preview.lines is not None and preview.problems == ()
        assert services.checkout.register_purchase(cashier, card, amount).lines.gross == amount
