"""The pages of the main window, in the order of its navigation list.

Each entry names the page, its title (translated when shown), who may see it, and how to build it
from the runner. A page may have ``set_unit(unit)`` (the club's display unit) and ``activate()``
(called each time it is shown, to refresh what it shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QCoreApplication

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class PageSpec:
    name: str
    source_title: str
    owner_only: bool
    build: Callable

    def title(self) -> str:
        return QCoreApplication.translate("Pages", self.source_title)


def _cashier(runner, parent):
    from .cashier import CashierPage

    return CashierPage(runner, parent)


def _members(runner, parent):
    from .members import MembersPage

    return MembersPage(runner, parent)


def _settings(runner, parent):
    from .club_settings import ClubSettingsPage

    return ClubSettingsPage(runner, parent)


def _users(runner, parent):
    from .users import UsersPage

    return UsersPage(runner, parent)


def _analytics(runner, parent):
    from .analytics import AnalyticsPage

    return AnalyticsPage(runner, parent)


def _followup(runner, parent):
    from .followup import FollowUpPage

    return FollowUpPage(runner, parent)


def _campaigns(runner, parent):
    from .campaigns import CampaignsPage

    return CampaignsPage(runner, parent)


def _offers(runner, parent):
    from .offers import OffersPage

    return OffersPage(runner, parent)


def _messages(runner, parent):
    from .messages import MessagesPage

    return MessagesPage(runner, parent)


PAGES: list[PageSpec] = [
    PageSpec("cashier", QT_TRANSLATE_NOOP("Pages", "Cashier"), False, _cashier),
    PageSpec("members", QT_TRANSLATE_NOOP("Pages", "Members"), False, _members),
    PageSpec("settings", QT_TRANSLATE_NOOP("Pages", "Club settings"), True, _settings),
    PageSpec("users", QT_TRANSLATE_NOOP("Pages", "Users"), True, _users),
    PageSpec("analytics", QT_TRANSLATE_NOOP("Pages", "Reports"), True, _analytics),
    PageSpec("followup", QT_TRANSLATE_NOOP("Pages", "Follow-up"), True, _followup),
    PageSpec("campaigns", QT_TRANSLATE_NOOP("Pages", "Campaigns"), True, _campaigns),
    PageSpec("offers", QT_TRANSLATE_NOOP("Pages", "Offers and rewards"), True, _offers),
    PageSpec("messages", QT_TRANSLATE_NOOP("Pages", "Messages"), True, _messages),
]
