"""Reading the audit log: the owner only, newest first, narrowed to one kind of thing; before and
after come back as the values that were kept."""

from __future__ import annotations

import pytest

from loyaltydesk import services
from loyaltydesk.domain.errors import PermissionDenied
from loyaltydesk.services import audit_log

pytestmark = pytest.mark.engines  # SQLite and PostgreSQL


def test_the_owner_reads_recent_changes_newest_first(club, clock):
    services.club.update_settings(club, expiry_months=9)
    clock.advance(minutes=5)
    services.club.edit_tier(club, "طلایی", color="#ffd700")
    entries = audit_log.recent(club, 3)
    assert [e.action for e in entries][:2] == ["edit_tier", "update_settings"]
    assert entries[0].at > entries[1].at and entries[0].actor == "owner" and entries[0].role == "owner"
    settings = audit_log.recent(club, 10, "settings")
    assert {e.entity for e in settings} == {"settings"}
    assert settings[0].changes() == [("expiry_months", 6, 9)]
    tier = audit_log.recent(club, 1, "tier")[0]
    assert ("color", "#d4af37", "#ffd700") in tier.changes()
    assert all(k != "threshold" for k, _, _ in tier.changes())  # unchanged fields are left out


@pytest.mark.parametrize("limit, expected", [(0, 1), (2, 2), (5000, None)])
def test_the_limit_is_kept_between_1_and_1000(club, limit, expected):
    total = len(audit_log.recent(club, 1000))
    assert len(audit_log.recent(club, limit)) == (expected if expected is not None else min(total, 1000))


def test_the_cashier_may_not_read_the_audit_log(club, cashier):
    with pytest.raises(PermissionDenied):
        audit_log.recent(cashier, 10)


def test_a_renamed_tier_keeps_its_id(club):
    gold = services.club.get_tier(club, "طلایی")
    renamed = services.club.edit_tier(club, "طلایی", name="زرین")
    assert renamed.id == gold.id and services.club.get_tier(club, "زرین").threshold == gold.threshold
