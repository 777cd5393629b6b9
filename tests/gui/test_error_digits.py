"""Messages in the Persian UI give numbers Persian digits, but a file name or a path keeps its own
(helper-3 saw "pytest-۱۵۰/sqlite۳" in "not a LoyaltyDesk database")."""

from __future__ import annotations

import pytest

from loyaltydesk.domain.checkout import REDEEM_OVER_BALANCE
from loyaltydesk.domain.errors import LoyaltyError, RuleViolation
from loyaltydesk.gui import i18n

NOT_A_CLUB = "{path} is not a LoyaltyDesk database or is damaged."


@pytest.mark.parametrize("error, kept, persian", [
    (LoyaltyError(NOT_A_CLUB, path="/tmp/pytest-150/club2.sqlite3"), "/tmp/pytest-150/club2.sqlite3", ""),
    (LoyaltyError(NOT_A_CLUB, path=r"C:\Users\sara\club 2.sqlite3"), r"C:\Users\sara\club 2.sqlite3", ""),
    (RuleViolation(REDEEM_OVER_BALANCE, balance=1200, points=5000), "", "۱۲۰۰"),
    (LoyaltyError("No member has the card or mobile {key!r}.", key="09121234567"), "", "۰۹۱۲۱۲۳۴۵۶۷"),
])
def test_paths_keep_their_digits_and_numbers_read_in_persian(app, error, kept, persian):
    text = i18n.error_text(error)
    assert kept in text  # as it is on the disk, Latin digits and all
    assert persian in text
