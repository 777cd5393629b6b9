"""A member's history names what campaigns gave each purchase (the member dialog's purchases list):
every campaign entry of the purchases listed, by the campaign's name now, oldest first; nothing for
a purchase no campaign gave to; refunds do not change what was given. The club: 1 point per 10,000
rials at ×1 (tests/conftest.py ``club``)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from loyaltydesk import services
from loyaltydesk.services.campaigns import CampaignForm

from .test_campaigns import tehran

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL

CAMPAIGNS = [
    dict(name="Double week", start="1405/03/01", end="1405/03/07", multiplier=200),
    dict(name="Big basket", start="1405/03/01", end="1405/03/31", bonus=50, min_purchase=5_000_000),
]

# (day, amount, refund of it afterwards or 0, what the history says campaigns gave it)
PURCHASES = [
    ("1405/03/02", 6_000_000, 0, (("Double week", 600), ("Big basket", 50))),
    ("1405/03/03", 1_000_000, 0, (("Double week", 100),)),
    ("1405/03/10", 1_000_000, 0, ()),  # after the double week, below the basket's minimum
    ("1405/03/11", 8_000_000, 4_000_000, (("Big basket", 50),)),  # half refunded: given stays given
]


@pytest.mark.parametrize("rename", [False, True])
def test_the_history_names_each_purchases_campaigns(club, clock, rename):
    clock.now = tehran("1405/02/20")
    card = services.members.sign_up(club, "09121111111").card
    other = services.members.sign_up(club, "09122222222").card
    for spec in CAMPAIGNS:
        services.campaigns.add_campaign(club, CampaignForm(**spec))
    ids = []
    for day, amount, refund, _ in PURCHASES:
        clock.now = tehran(day)
        ids.append(services.checkout.register_purchase(club, card, amount).purchase_id)
        services.checkout.register_purchase(club, other, 6_000_000)  # another member's: not in this history
        if refund:
            services.checkout.refund(club, ids[-1], refund)
    expected = {pid: given for pid, (*_, given) in zip(ids, PURCHASES) if given}
    if rename:  # the history shows the campaign's name now
        view = services.campaigns.get_campaign(club, "Big basket")
        services.campaigns.edit_campaign(club, "Big basket", replace(view.form, name="Full basket"))
        expected = {pid: tuple(("Full basket" if n == "Big basket" else n, p) for n, p in given)
                    for pid, given in expected.items()}
    history = services.members.history(club, card)
    assert dict(history.campaigns) == expected
    assert {p.id for p in history.purchases} == set(ids)
    assert list(history.as_dict()) == ["member", "purchases", "ledger", "tiers"]  # the JSON keeps its shape
    limited = services.members.history(club, card, limit=1)  # only the purchases listed
    assert dict(limited.campaigns) == {pid: g for pid, g in expected.items() if pid == ids[-1]}
