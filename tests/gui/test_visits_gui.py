"""Tiers by visits and the member bonuses through the real widgets: the tier dialog's qualify, visits
and least amount of a visit (every problem beside its field), the tiers table saying what qualifies,
the rules tab's bonuses, and the cashier seeing an upgrade by visits as one by spend."""

from __future__ import annotations

from loyaltydesk import services

from .conftest import owner_window, sign_in, wait_idle
from .test_cashier import cashier_window, type_text
from .test_cashier import plain as digits_of
from .test_settings_users import audit_count, plain, settings_now, settle


def tiers_now(runner):
    return runner.call(services.club.list_tiers).result()


def test_a_tier_qualifies_by_visits_in_the_dialog_and_the_table_says_so(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.tiers)
    tiers = page.tiers
    second = tiers_now(runner)[1]
    tiers.table.setCurrentCell(1, 0)
    dialog = tiers.edit_selected()
    assert dialog.qualify.currentData() == "spend"
    assert not dialog.visits.isEnabled() and not dialog.visit_minimum.isEnabled()  # only when visits qualify
    dialog.qualify.setCurrentIndex(dialog.qualify.findData("either"))
    assert dialog.visits.isEnabled() and dialog.visit_minimum.isEnabled()
    dialog.visits.setValue(12)
    type_text(dialog.visit_minimum, "200000")  # tomans
    shot(dialog, "settings-tier-visits-dialog")
    dialog.submit()
    settle(qtbot, runner)
    assert not dialog.isVisible()
    edited = runner.call(lambda s: services.club.get_tier(s, second.name)).result()
    assert (edited.qualify, edited.visits, edited.visit_minimum, edited.threshold) == \
        ("either", 12, 2_000_000, second.threshold)
    shown = tiers.table.item(1, 6).text()
    assert "12" in plain(shown) and "200,000" in plain(shown)
    assert tiers.table.item(0, 6).text() == tiers.tr("Spend")
    shot(window, "settings-tiers-visits")

    dialog = tiers.edit_selected()  # opens with what was stored
    assert dialog.qualify.currentData() == "either" and dialog.visits.value() == 12
    assert plain(dialog.visit_minimum.text()) == "200,000"
    dialog.reject()


def test_a_bad_tier_by_visits_shows_every_problem_beside_its_field_and_saves_nothing(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    existing, logged = tiers_now(runner), audit_count(runner)
    dialog = page.tiers.add()
    dialog.name.setText(existing[0].name)  # taken
    type_text(dialog.threshold, "777777")
    dialog.qualify.setCurrentIndex(dialog.qualify.findData("visits"))
    dialog.visits.setValue(0)  # a visits tier needs at least one
    dialog.discount.setText("abc")  # unreadable: reported with the rest at once
    dialog.submit()
    settle(qtbot, runner)
    assert {"name", "visits", "discount"} <= set(dialog.form.problems_shown())
    shot(dialog, "settings-tier-visits-problems")
    dialog.discount.setText("2")
    dialog.submit()
    settle(qtbot, runner)
    assert set(dialog.form.problems_shown()) == {"name", "visits"}  # now from the service
    assert tiers_now(runner) == existing and audit_count(runner) == logged
    dialog.reject()


def test_the_rules_tab_sets_the_member_bonuses(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.rules)
    rules = page.rules
    assert rules.signup.text() == rules.tr("Off")  # 0: off
    rules.signup.setValue(50)
    rules.anniversary.setValue(70)
    rules.referred.setValue(200)
    rules.save()
    settle(qtbot, runner)
    after = settings_now(runner)
    assert (after.signup_bonus, after.anniversary_bonus, after.referred_bonus) == (50, 70, 200)
    shot(window, "settings-rules-bonuses")
    rules.signup.setValue(0)
    rules.save()
    settle(qtbot, runner)
    assert settings_now(runner).signup_bonus == 0 and rules.signup.text() == rules.tr("Off")


def test_the_cashier_sees_an_upgrade_by_visits_like_one_by_spend(qtbot, runner, shot):
    sign_in(runner, "owner")  # the owner makes the tier; the cashier registers
    second = tiers_now(runner)[1]

    def prepare(s):
        member = services.members.sign_up(s, "09129998877", "نگار", "امینی")
        services.club.edit_tier(s, second.name, qualify="visits", visits=3, visit_minimum=500_000)
        for _ in range(2):
            services.checkout.register_purchase(s, member.card, 600_000)
        return services.members.get_member(s, member.card)

    member = runner.call(prepare).result()
    assert member.tier != second.name
    assert (member.to_next_tier, member.to_next_visits) == (None, 1)
    window, page = cashier_window(qtbot, runner)
    page.open_member(member)
    wait_idle(qtbot, runner)
    progress = page.panel.progress.text()
    assert second.name in progress and digits_of(progress) == 1  # one more visit, no amount
    page.amount.set_rials(500_000)  # the third visit; far below the threshold
    page.register()
    wait_idle(qtbot, runner)
    result = page.last_result
    assert result.upgraded and result.tier_after == second.name and result.lines.tier_discount == 0
    banner = page.upgrade_banner
    assert banner.isVisible() and second.name in banner.text()
    assert page.panel.tier.text() == second.name
    shot(window, "cashier-upgrade-by-visits")


def test_the_cashier_sees_the_referred_members_own_reward(qtbot, runner):
    sign_in(runner, "owner")

    def prepare(s):
        services.club.update_settings(s, referred_bonus=200)
        referrer = services.members.sign_up(s, "09129998800")
        return services.members.sign_up(s, "09129998801", "سارا", "نیکو", referrer=referrer.card)

    member = runner.call(prepare).result()
    window, page = cashier_window(qtbot, runner)
    page.open_member(member)
    wait_idle(qtbot, runner)
    page.amount.set_rials(1_000_000)
    page.register()
    wait_idle(qtbot, runner)
    result = page.last_result
    assert result.referred_bonus == 200 and result.balance == result.lines.points_earned + 200
    assert "200" in plain(page.banner.text())
    page.reset()
    page.open_member(member)
    wait_idle(qtbot, runner)
    page.amount.set_rials(1_000_000)
    page.register()  # the second purchase: no reward, none said
    wait_idle(qtbot, runner)
    assert page.last_result.referred_bonus == 0 and "200" not in plain(page.banner.text())
