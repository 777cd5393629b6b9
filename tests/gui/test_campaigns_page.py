"""The campaigns page through the real widgets: a new campaign refused with every problem beside its
field, then saved; listed with its state; the cashier's preview shows its line; "did it work" shown
for the one chosen; edited while it runs; ended, after a question that Enter and Esc answer "keep it"."""

from __future__ import annotations

from datetime import timedelta

import jdatetime
import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from loyaltydesk import services
from loyaltydesk.domain.jalali import TEHRAN, jalali_day
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.services.campaigns import CampaignForm

from .conftest import owner_window, sign_in, wait_idle
from .test_cashier import cashier_window, pick_member, press_enter, type_text


def today(runner):
    return runner.clock().astimezone(TEHRAN).date()


def test_add_with_every_problem_then_save_list_report_edit_and_end(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "campaigns")
    dialog = page.add()
    wait_idle(qtbot, runner)
    dialog.name.setText("")
    dialog.end.set_day(today(runner) - timedelta(days=3))
    dialog.hours.setText("25-3")
    dialog.multiplier.setText("2000")
    dialog.budget.setText("-5")
    dialog.limit.setText("abc")
    dialog.joined_from.setText("1404/13/01")
    dialog.submit()
    wait_idle(qtbot, runner)
    shown = dialog.problems_shown()
    assert set(shown) >= {"name", "end", "hours", "multiplier", "budget", "per_member_limit", "joined_from"}, shown
    assert dialog.isVisible()
    qtbot.wait(100)  # (laid out with its problem lines: what the owner sees)
    shot(dialog, "campaign-problems")
    assert all(box.width() >= box.sizeHint().width() for box in dialog.days.values())  # each day's name whole
    assert runner.call(lambda s: services.campaigns.list_campaigns(s)).result() == []  # nothing saved

    dialog.name.setText("Double week")
    dialog.end.set_day(today(runner) + timedelta(days=6))
    dialog.hours.setText("")
    dialog.multiplier.setText("۲۰۰")
    dialog.budget.setText("100000")
    dialog.limit.setText("")
    dialog.joined_from.setText("۱۴۰۰/۰۱/۰۱")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert not dialog.isVisible() and dialog.saved.name == "Double week"
    wait_idle(qtbot, runner)
    assert [v.form.name for v in page.views] == ["Double week"]
    assert "Double week" in page.table.item(0, 0).text()
    page.select("Double week")
    wait_idle(qtbot, runner)
    assert page.report.text() and page.end_button.isEnabled()
    shot(window, "campaigns-page")

    edit = page.edit()
    wait_idle(qtbot, runner)
    assert edit.name.text() == "Double week" and edit.effect.currentData() == "multiplier"
    edit.multiplier.setText("300")
    edit.submit()
    wait_idle(qtbot, runner)
    assert not edit.isVisible()
    view = runner.call(lambda s: services.campaigns.get_campaign(s, "Double week")).result()
    assert (view.form.multiplier, view.form.budget, view.state) == (300, 100_000, "running")
    assert (view.form.joined_from, view.form.joined_to) == ("1400/01/01", "")  # kept through the edit

    page.select("Double week")
    box = page.end()
    qtbot.waitUntil(box.isVisible, timeout=3000)
    box.findChild(QPushButton, "confirmYes").click()
    wait_idle(qtbot, runner)
    view = runner.call(lambda s: services.campaigns.get_campaign(s, "Double week")).result()
    assert view.state == "ended" and page.confirm_box is None
    page.select("Double week")
    assert not page.end_button.isEnabled() and not page.edit_button.isEnabled()


def test_the_cashier_sees_the_campaign_line(qtbot, runner, shot):
    sign_in(runner, "owner")
    runner.call(lambda s: services.campaigns.add_campaign(s, CampaignForm(
        name="Yalda", start=jalali_day(s.now_iso()), end=jalali_day(s.now_iso()), multiplier=200))).result()
    window, page = cashier_window(qtbot, runner)
    member = pick_member(runner)
    type_text(page.search, member.card)
    press_enter(qtbot, page.search)
    wait_idle(qtbot, runner)
    type_text(page.amount, "300000")  # tomans: 3,000,000 rials
    qtbot.wait(200)
    wait_idle(qtbot, runner)
    expected = runner.call(lambda s: services.checkout.quote(s, member.card, 3_000_000)).result()
    assert expected.campaigns and expected.campaigns[0][0] == "Yalda"
    shown = page.lines.text_of("campaign_points")
    assert "Yalda" in shown and str(expected.campaign_points) in to_ascii_digits(shown).replace(",", "")
    shot(window, "cashier-campaign")


# (campaign starts in days from today, key pressed on the question or None: its action clicked, ended)
ENDINGS = [
    (0, Qt.Key.Key_Return, False),  # Enter keeps it: the safe button is the default
    (0, Qt.Key.Key_Escape, False),
    (0, None, True),
    (5, Qt.Key.Key_Return, False),  # an upcoming one: asked too
    (5, None, True),
]


@pytest.mark.parametrize("starts_in, key, ended", ENDINGS)
def test_end_asks_first(qtbot, runner, shot, starts_in, key, ended):
    sign_in(runner, "owner")
    start = today(runner) + timedelta(days=starts_in)
    name = "Nowruz <13>"  # shown as typed, not as markup
    jalali = lambda d: jdatetime.date.fromgregorian(date=d).strftime("%Y/%m/%d")  # noqa: E731
    runner.call(lambda s: services.campaigns.add_campaign(s, CampaignForm(
        name=name, start=jalali(start), end=jalali(start + timedelta(days=12)), multiplier=150))).result()
    window, page = owner_window(qtbot, runner, "campaigns")
    wait_idle(qtbot, runner)
    page.select(name)
    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.confirm_box is not None and page.confirm_box.isVisible(), timeout=3000)
    box = page.confirm_box
    assert box.defaultButton().objectName() == "confirmCancel" and box.escapeButton().objectName() == "confirmCancel"
    assert name in box.text()
    if key is None:
        shot(box, "campaign-end-question")
        box.findChild(QPushButton, "confirmYes").click()
    else:
        qtbot.keyClick(box.focusWidget() or box, key)
    qtbot.waitUntil(lambda: page.confirm_box is None, timeout=3000)
    wait_idle(qtbot, runner)
    view = runner.call(lambda s: services.campaigns.get_campaign(s, name)).result()
    assert (view.state == "ended") is ended
    page.select(name)
    assert page.end_button.isEnabled() is not ended


def test_the_member_dialog_names_the_campaigns_of_each_purchase(qtbot, runner, shot):
    from loyaltydesk.gui.member_dialog import MemberDialog

    sign_in(runner, "owner")
    day = lambda s: jalali_day(s.now_iso())  # noqa: E731
    runner.call(lambda s: services.campaigns.add_campaign(s, CampaignForm(
        name="Yalda", start=day(s), end=day(s), multiplier=200))).result()
    runner.call(lambda s: services.campaigns.add_campaign(s, CampaignForm(
        name="Big basket", start=day(s), end=day(s), bonus=50, min_purchase=5_000_000))).result()
    member = pick_member(runner)
    big = runner.call(lambda s: services.checkout.register_purchase(s, member.card, 6_000_000)).result()
    small = runner.call(lambda s: services.checkout.register_purchase(s, member.card, 1_000_000)).result()
    assert [n for n, _ in big.lines.campaigns] == ["Yalda", "Big basket"] and len(small.lines.campaigns) == 1
    dialog = MemberDialog(runner, member.card)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.history is not None, timeout=10_000)
    wait_idle(qtbot, runner)
    rows = {dialog.purchases.item(r, 0).data(Qt.ItemDataRole.UserRole): r for r in range(dialog.purchases.rowCount())}
    earned = {pid: to_ascii_digits(dialog.purchases.item(r, 4).text()).replace(",", "").replace("٬", "")
              for pid, r in rows.items()}
    yalda_big, basket = (p for _, p in big.lines.campaigns)
    assert f"Yalda: +{yalda_big}" in earned[big.purchase_id] and f"Big basket: +{basket}" in earned[big.purchase_id]
    assert earned[big.purchase_id].startswith(str(big.lines.points_earned))
    assert "Yalda" in earned[small.purchase_id] and "Big basket" not in earned[small.purchase_id]
    reasons = [dialog.ledger.item(r, 4).text() for r in range(dialog.ledger.rowCount())]
    assert reasons.count(dialog.tr("Campaign %1").replace("%1", "Yalda")) == 2
    assert reasons.count(dialog.tr("Campaign %1").replace("%1", "Big basket")) == 1
    dialog.tabs.setCurrentWidget(dialog.purchases.parentWidget())
    shot(dialog, "member-dialog-campaigns")
