"""The services that gather cards: by key, by batch, who may, and what is audited."""

from __future__ import annotations


import pytest

from loyaltydesk import services
from loyaltydesk.domain import roles
from loyaltydesk.domain.errors import NotFound, PermissionDenied, ValidationError
from loyaltydesk.domain.roles import Action, Role
from loyaltydesk.services import documents


def test_card_data_is_plain(club, members):
    c = documents.card_data(club, "۰۹۳۵ ۱۱۱ ۲۲۳۳")
    assert (c.card, c.name, c.tier, c.tier_color, c.joined) == (
        members["ali"].card, "علی‌اکبر محمدی", "نقره‌ای", "#9ea7b0", "1404/03/11")


def test_keys_in_the_order_given_and_every_bad_key_reported(club, members):
    cards = documents.cards_for_keys(club, [members["sara"].card, "09121234567"])
    assert [c.name for c in cards] == ["سارا کریمی", "مریم رضایی"]
    with pytest.raises(ValidationError) as e:
        documents.cards_for_keys(club, ["09120000000", "abc", members["ali"].card])
    assert [p.message for p in e.value.problems] == [
        "No member has the card or mobile '09120000000'.", "'abc' is neither a card number nor a mobile number."]
    with pytest.raises(ValidationError):
        documents.cards_for_keys(club, [" "])


@pytest.mark.parametrize("kwargs, expected", [
    (dict(everyone=True), ["مریم رضایی", "علی‌اکبر محمدی", "سارا کریمی", "نرگس احمدی"]),
    (dict(tier="طلایی"), ["سارا کریمی"]),
    (dict(tier="برنزی"), ["مریم رضایی", "نرگس احمدی"]),
    (dict(since="1404/03/20"), ["نرگس احمدی"]),
    (dict(since="۱۴۰۴/۰۳/۱۱"), ["مریم رضایی", "علی‌اکبر محمدی", "سارا کریمی", "نرگس احمدی"]),
    (dict(since="1404/03/20", tier="نقره‌ای"), None),
])
def test_batches(club, members, clock, kwargs, expected):
    clock.advance(days=10)  # 1404/03/21
    services.members.sign_up(club, "09120009999", "نرگس", "احمدی")
    blocked = services.members.sign_up(club, "09120008888", "بهرام", "مسدود")
    services.members.set_status(club, blocked.card, "blocked")
    if expected is None:
        with pytest.raises(NotFound) as e:
            documents.cards_batch(club, **kwargs)
        assert e.value.message == "No active member matches; there is no card to print."
        return
    assert [c.name for c in documents.cards_batch(club, **kwargs)] == expected


def test_batch_refusals(club, members):
    with pytest.raises(ValidationError) as e:
        documents.cards_batch(club)
    assert "Choose whose cards to print" in e.value.message
    with pytest.raises(NotFound) as e:
        documents.cards_batch(club, tier="الماسی")
    assert e.value.message == "There is no tier named الماسی."
    with pytest.raises(ValidationError) as e:
        documents.cards_batch(club, since="1404/12/30")  # 1404 is not a leap year
    assert "does not exist" in e.value.message


def test_batch_is_audited(club, members, db):
    documents.cards_batch(club, tier="طلایی")
    row = db.one("SELECT actor, action, after FROM audit_log WHERE action = 'print_cards'")
    assert (row["actor"], row["action"]) == ("owner", "print_cards")
    assert '"count": 1' in row["after"]


def test_cashiers_print_cards_and_the_service_checks(cashier, members, monkeypatch):
    assert roles.may(Role.CASHIER, Action.PRINT_CARDS) and roles.may(Role.OWNER, Action.PRINT_CARDS)
    assert documents.cards_batch(cashier, everyone=True)
    monkeypatch.setitem(roles.ALLOWED, Role.CASHIER, roles.ALLOWED[Role.CASHIER] - {Action.PRINT_CARDS})
    for call in (lambda: documents.card_data(cashier, members["ali"].card),
                 lambda: documents.cards_for_keys(cashier, [members["ali"].card]),
                 lambda: documents.cards_batch(cashier, everyone=True)):
        with pytest.raises(PermissionDenied):
            call()
