"""What an operation changed: every Action says which flags it touches, and a session collects
the flags of the acts it audited (never of a read, never of a refused act)."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import LoyaltyError
from loyaltydesk.domain.roles import Action
from loyaltydesk.services import changes
from loyaltydesk.services.changes import ALL, NONE, Changes

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL


def test_every_action_has_an_entry():
    assert set(changes.FLAGS) == set(Action)
    assert all(isinstance(flags, Changes) for flags in changes.FLAGS.values())


def test_the_value_combines_and_compares_as_flags():
    a, b = Changes.of("members", "points"), Changes.of("points", "tiers")
    assert (a | b).names() == ("members", "points", "tiers")
    assert (a & b).names() == ("points",)
    assert not NONE and a and ALL & a == a
    assert not (Changes.of("settings") & Changes.of("purchases"))
    with pytest.raises(TypeError):
        Changes.of("no_such_flag")


def _sign_up(s):
    services.members.sign_up(s, "09121110000", "نگار", "کرمانی")


def _purchase(s):
    services.checkout.register_purchase(s, s.cards[0], 2_000_000)


def _refund(s):
    services.checkout.refund(s, 1, 1_000_000)


def _adjust(s):
    services.points.adjust_points(s, s.cards[1], 40, "جبران")


def _settings(s):
    services.club.update_settings(s, thank_you="سپاس")


def _tier(s):
    services.club.add_tier(s, "الماس", 400_000_000, 700, 200, 800, "#3f51b5")


def _coupon(s):
    services.club.add_coupon(s, "NOWRUZ", percent_bp=1_000)


def _find(s):
    services.members.get_member(s, s.cards[0])


# (what the owner does, flags that must be set, flags that must not be)
CASES = [
    (_sign_up, {"members", "audit"}, {"settings", "users", "tiers"}),
    (_purchase, {"purchases", "points", "members", "audit"}, {"settings", "users", "tiers", "backups"}),
    (_refund, {"purchases", "points", "members"}, {"settings", "users"}),
    (_adjust, {"points", "members"}, {"purchases", "settings"}),
    (_settings, {"settings", "audit"}, {"purchases", "members", "points", "tiers", "campaigns"}),
    (_tier, {"tiers", "audit"}, {"settings", "members", "offers"}),
    (_coupon, {"coupons", "audit"}, {"settings", "tiers", "offers"}),
    (_find, set(), {"audit", "members"}),  # a read changes nothing
]


@pytest.mark.parametrize("act, set_, unset", CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_a_session_collects_what_its_audited_acts_changed(shop, act, set_, unset):
    shop.take_changes()  # what the fixture did
    act(shop)
    made = shop.take_changes()
    assert set_ <= set(made.names()), made
    assert not unset & set(made.names()), made
    assert shop.take_changes() == NONE  # taken: the next operation starts from nothing


def test_a_refused_act_reports_nothing(shop, cashier):
    cashier.take_changes()
    with pytest.raises(LoyaltyError):
        services.club.update_settings(cashier, thank_you="نه")
    assert cashier.take_changes() == NONE


def test_a_moved_clock_shares_the_sessions_collection(shop, clock):
    shop.take_changes()
    moved = shop.moved_to(clock)
    services.points.adjust_points(moved, shop.cards[1], 40, "جبران")
    assert shop.take_changes().points
