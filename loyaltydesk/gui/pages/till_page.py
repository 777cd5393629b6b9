"""The cashier page as a ``Page`` of the main window (``pages.Page``), kept apart from the till's
own modules (``cashier``, ``till``): the till follows its member and its sale itself, so it shows
none of the broadcast's flags; the club's settings reach it through ``set_unit``."""

from __future__ import annotations

from loyaltydesk.services.changes import NONE, Changes

from .cashier import CashierPage


class TillPage(CashierPage):
    shows = NONE

    def refresh(self, changes: Changes) -> None:
        """Nothing to read again: the sale on screen is the cashier's own."""

    def activate(self) -> None:
        """Shown: the keyboard stays where the cashier left it (the search, after a sale)."""
