"""The pages of the main window, in the order of its navigation list.

Each entry names the page, its title (translated when shown), who may see it, and how to build it
from the runner. Every page is a ``Page``: it says which changes it shows (``shows``), refreshes
on them (``refresh(changes)``: the main window passes it the runner's broadcast, at once when the
page is on screen, else when it is next shown; the first time with everything), takes the club's
display unit (``set_unit``) and is told when it is shown (``activate``: the keyboard, nothing read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.services.changes import Changes


@runtime_checkable
class Page(Protocol):
    """What the main window knows of a page (each is also a QWidget)."""

    shows: Changes  # the flags whose changes this page shows

    def refresh(self, changes: Changes) -> None:
        """Read again what ``changes`` touched of what the page shows."""

    def set_unit(self, unit: str) -> None:
        """The club's display unit (toman or rial) changed or was first read."""

    def activate(self) -> None:
        """The page was shown: where the keyboard goes (reading is ``refresh``'s)."""


@dataclass(frozen=True)
class PageSpec:
    name: str
    source_title: str
    owner_only: bool
    build: Callable[..., Page]

    def title(self) -> str:
        return QCoreApplication.translate("Pages", self.source_title)


def _home(runner, parent):
    from .home import HomePage

    return HomePage(runner, parent)


def _cashier(runner, parent):
    from .till_page import TillPage

    return TillPage(runner, parent)


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


PAGES: list[PageSpec] = [  # the first a user may see opens first: the owner's home, a cashier's till
    PageSpec("home", QT_TRANSLATE_NOOP("Pages", "Today"), True, _home),
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
