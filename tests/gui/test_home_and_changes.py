"""The change broadcast and the owner's home page.

A job's changes are broadcast once; the page on screen that shows one of its flags refreshes at
once, another such page when next shown, a page that shows none of them not at all. The home page
shows today's figures of ``services.home`` and each opens its report or page.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from loyaltydesk import services
from loyaltydesk.gui.models.report_table import format_value
from loyaltydesk.services import home
from loyaltydesk.services.changes import NONE, Changes

from .conftest import owner_window, wait_idle


class Heard:
    """Each page's refreshes, as the window gives them (the page's own refresh still runs)."""

    def __init__(self, window):
        self.calls: list[tuple[str, Changes]] = []
        for name, page in window.pages.items():
            real = page.refresh

            def spy(changes, name=name, real=real):
                self.calls.append((name, changes))
                real(changes)

            page.refresh = spy

    def of(self, name: str) -> list[Changes]:
        return [c for n, c in self.calls if n == name]


def every_page_seen(qtbot, window, runner, back_to: str) -> None:
    """Show each page once (each reads what it shows the first time), then ``back_to``."""
    for name in window.pages:
        window.show_page(name)
        wait_idle(qtbot, runner)
    window.show_page(back_to)
    wait_idle(qtbot, runner)
    assert not window.stale


def a_card(runner) -> str:
    return runner.call(lambda s: s.db.value("SELECT card FROM members WHERE status = 'active' ORDER BY id LIMIT 1")).result()


def test_a_purchase_refreshes_the_members_and_home_pages_not_the_settings_page(qtbot, runner):
    window, _ = owner_window(qtbot, runner, "home")
    every_page_seen(qtbot, window, runner, "home")
    heard = Heard(window)
    broadcasts = []
    runner.changes.connect(broadcasts.append)
    card = a_card(runner)
    runner.call(lambda s: services.checkout.register_purchase(s, card, 4_000_000))
    wait_idle(qtbot, runner)
    assert len(broadcasts) == 1 and broadcasts[0].purchases and broadcasts[0].points  # once per job
    # the home page is on screen: at once, with the new sale among today's figures
    assert [c.purchases for c in heard.of("home")] == [True]
    today = runner.call(home.today).result()
    assert today.purchases >= 1
    assert window.pages["home"].cards["sales"].value.text().startswith(
        format_value(today.figure("sales").value, "money", window.pages["home"].unit))
    # the members page is not: it reads again when shown, the settings page never
    assert heard.of("members") == [] and window.stale["members"].purchases
    assert "settings" not in window.stale and "users" not in window.stale
    window.show_page("members")
    wait_idle(qtbot, runner)
    assert [c.purchases for c in heard.of("members")] == [True] and "members" not in window.stale
    window.show_page("settings")
    wait_idle(qtbot, runner)
    assert heard.of("settings") == [] and heard.of("users") == []


def test_a_settings_save_refreshes_the_pages_that_show_settings(qtbot, runner):
    window, page = owner_window(qtbot, runner, "settings")
    every_page_seen(qtbot, window, runner, "settings")
    heard = Heard(window)
    page.shop.shop_name.setText("عطاری نسترن")
    page.shop.save()
    wait_idle(qtbot, runner)
    wait_idle(qtbot, runner)  # (the window reads the settings again after the broadcast)
    assert [c.settings for c in heard.of("settings")] == [True]
    assert "عطاری نسترن" in window.windowTitle()
    assert window.stale["messages"].settings and window.stale["home"].settings
    for name in ("members", "cashier", "users", "followup", "campaigns"):
        assert name not in window.stale, name  # they show nothing of the shop's settings
    # a tier saved: the pages that show tiers, not those of the settings alone
    every_page_seen(qtbot, window, runner, "settings")
    runner.call(lambda s: services.club.add_tier(s, "الماس", 900_000_000, 700, 200, 800))
    wait_idle(qtbot, runner)
    assert window.stale["members"] == Changes.of("tiers") and "messages" not in window.stale


def test_a_read_broadcasts_nothing(qtbot, runner):
    window, _ = owner_window(qtbot, runner, "home")
    card = a_card(runner)
    broadcasts = []
    runner.changes.connect(broadcasts.append)
    runner.call(home.today)
    runner.call(lambda s: services.members.get_member(s, card))
    wait_idle(qtbot, runner)
    assert broadcasts == []
    assert runner.session.take_changes() == NONE


def test_every_page_is_a_page(qtbot, runner):
    from loyaltydesk.gui.pages import Page

    window, _ = owner_window(qtbot, runner, "home")
    for name, page in window.pages.items():
        assert isinstance(page, Page), name
        assert isinstance(page.shows, Changes), name


# -- the home page ---------------------------------------------------------------------------------

def test_the_owner_opens_on_the_home_page_a_cashier_on_the_till(qtbot, runner):
    window, _ = owner_window(qtbot, runner, "home")
    assert window.nav.item(0).data(Qt.ItemDataRole.UserRole) == "home"
    window.sign_out()
    window, _ = owner_window(qtbot, runner, "cashier", user="sara")
    assert "home" not in window.pages
    assert window.nav.item(0).data(Qt.ItemDataRole.UserRole) == "cashier"


def test_the_home_page_shows_todays_figures(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "home")
    window.resize(1366, 768)
    wait_idle(qtbot, runner)
    today = runner.call(home.today).result()
    for figure in today.figures:
        text = page.cards[figure.key].value.text()
        assert text.startswith(format_value(figure.value, figure.kind, page.unit)), figure.key
    assert page.days_chart.has_data() and page.months_chart.has_data()
    assert page.days_chart.labels[-1] == page.day.text()[-5:]  # today's bar is the last
    shot(window, "home-1366x768")
    window.resize(1024, 600)
    qtbot.wait(50)
    shot(window, "home-1024x600")


@pytest.mark.parametrize("key, page_name, report", [
    ("at_risk", "analytics", "churn"),
    ("nps", "analytics", "nps"),
    ("liability", "analytics", "liability"),
    ("followups", "followup", None),
    ("served", "members", None),
])
def test_a_figure_is_a_click_away_from_its_report(qtbot, runner, key, page_name, report):
    window, page = owner_window(qtbot, runner, "home")
    qtbot.mouseClick(page.cards[key], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert window.stack.currentWidget() is window.areas[page_name]
    if report:
        reports = window.pages["analytics"]
        assert reports.name() == report
        qtbot.waitUntil(lambda: reports.report is not None and reports.report.name == report, timeout=10_000)
