"""Offers and rewards through the real widgets: the cashier sees a member's offers as the member
opens, F7 applies one (the coupon filled, the preview priced, a purchase below the minimum told
beside the field), a reward given at the till; the owner's offers page edits rules and rewards with
every problem beside its field and shows whether the offers worked."""

from __future__ import annotations

from PySide6.QtCore import Qt

from loyaltydesk import services
from loyaltydesk.services import offers, rewards

from .conftest import owner_window, sign_in, wait_idle
from .test_cashier import cashier_window, pick_member, plain


def _owner_does(runner, job):
    """Something the owner sets up beforehand, on the database thread (signed in as the owner)."""
    if runner.session is None or runner.session.user.username != "owner":
        sign_in(runner, "owner")
    return runner.call(job).result()


def _welcome_offer(s, card: str) -> str:
    """The welcome rule turned on, and its offer issued to a member who joined before it was."""
    rule = offers.offer_store.rules(s.db)["welcome"]
    return offers._issue(s, rule, services.members.resolve(s.db, card).id, "welcome", s.now())


def test_the_cashier_sees_the_members_offers_and_f7_applies_one(qtbot, runner, shot):
    sign_in(runner, "owner")
    member = pick_member(runner, min_points=0)
    code = _owner_does(runner, lambda s: (
        offers.set_offer_rule(s, "welcome", active=True, percent_bp=1_000, min_purchase=5_000_000, days=30),
        _welcome_offer(s, member.card))[1])
    window, page = cashier_window(qtbot, runner)
    page.open_member(member)
    wait_idle(qtbot, runner)
    assert [o.code for o in page.offers_box.offers] == [code]
    text = page.offers_box.list.item(0).text()
    assert "۱۰" in text and "۵۰۰٬۰۰۰" in text and "۱۴۰۵/۰۴/۱۰" in text  # 10%, from 500,000 toman, until (Jalali)
    page.amount.set_rials(2_000_000)  # below the minimum
    qtbot.keyClick(page.amount, Qt.Key.Key_F7)
    assert page.coupon.text() == code
    qtbot.wait(200)
    wait_idle(qtbot, runner)
    shown = page.form.problems_shown()
    assert set(shown) == {"coupon"} and "۵۰۰٬۰۰۰" in shown["coupon"]
    shot(window, "cashier-offer-below-minimum")
    page.amount.set_rials(10_000_000)
    page._quote()
    wait_idle(qtbot, runner)
    assert page.form.problems_shown() == {}
    expected = runner.call(lambda s: services.checkout.quote(s, member.card, 10_000_000, coupon=code)).result()
    assert expected.coupon_discount > 0 and plain(page.lines.text_of("coupon_discount")) * 10 == expected.coupon_discount
    page.register()
    wait_idle(qtbot, runner)
    assert page.last_result is not None and page.last_result.lines.coupon_code == code
    wait_idle(qtbot, runner)
    assert page.offers_box.offers == []  # used: no longer offered
    assert page.offers_box.list.item(0).text() == page.offers_box.tr("No offers.")


def test_a_reward_is_given_at_the_till_and_refused_beside_its_field_when_out_of_stock(qtbot, runner):
    _owner_does(runner, lambda s: (rewards.add_reward(s, "فنجان قهوه", 100, stock=1),
                                   rewards.add_reward(s, "بلیت", 10, stock=0)))
    window, page = cashier_window(qtbot, runner)
    member = pick_member(runner, min_points=300)
    page.open_member(member)
    wait_idle(qtbot, runner)
    names = [page.reward.itemData(i) for i in range(page.reward.count())]
    assert names[0] is None and {"فنجان قهوه", "بلیت"} <= set(names)
    page.amount.set_rials(1_000_000)
    page.reward.setCurrentIndex(page.reward.findData("بلیت"))
    qtbot.wait(200)
    wait_idle(qtbot, runner)
    shown = page.form.problems_shown()
    assert set(shown) == {"reward"} and "بلیت" in shown["reward"]
    page.reward.setCurrentIndex(page.reward.findData("فنجان قهوه"))
    page._quote()
    wait_idle(qtbot, runner)
    assert page.form.problems_shown() == {}
    page.register()
    wait_idle(qtbot, runner)
    result = page.last_result
    assert result is not None and (result.reward, result.reward_points) == ("فنجان قهوه", 100)
    assert "فنجان قهوه" in page.banner.text()
    assert page.reward.currentIndex() == 0  # the next checkout starts with no reward
    left = runner.call(lambda s: {r.name: r.stock for r in rewards.list_rewards(s)}).result()
    assert left["فنجان قهوه"] == 0


def test_the_owner_edits_rules_and_rewards_with_every_problem_beside_its_field(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "offers")
    page.activate()
    wait_idle(qtbot, runner)
    assert page.rules_table.rowCount() == 4
    page.rule_name.setCurrentIndex(page.rule_name.findData("next_order"))
    page.rule_active.setChecked(True)
    page.rule_percent.setText("۱۰")
    page.rule_amount.set_rials(100_000)
    page.rule_days.setValue(0)
    page.submit_rule()
    wait_idle(qtbot, runner)
    shown = page.rule_form.problems_shown()
    assert {"percent", "days", "above"} <= set(shown), shown
    page.rule_amount.clear()
    page.rule_days.setValue(14)
    page.rule_above.set_rials(20_000_000)
    page.submit_rule()
    wait_idle(qtbot, runner)
    assert page.rule_form.problems_shown() == {}
    saved = runner.call(lambda s: offers.offer_rules(s)[3]).result()
    assert (saved.active, saved.percent_bp, saved.days, saved.above) == (True, 1_000, 14, 20_000_000)

    page.tabs.setCurrentIndex(1)
    page.reward_name.setText("")
    page.reward_points.setText("abc")
    page.reward_stock.setText("-1")
    page.submit_reward(edit=False)
    shown = page.reward_form.problems_shown()
    assert {"name", "points", "stock"} <= set(shown), shown
    page.reward_name.setText("کیف پارچه‌ای")
    page.reward_points.setText("۵۰۰")
    page.reward_stock.setText("")
    page.submit_reward(edit=False)
    wait_idle(qtbot, runner)
    assert page.rewards_table.rowCount() == 1 and page.reward_form.problems_shown() == {}
    page.rewards_table.setCurrentCell(0, 0)
    qtbot.waitUntil(page.edit_reward_button.isEnabled, timeout=2000)
    assert page.reward_name.text() == "کیف پارچه‌ای" and page.reward_stock.text() == ""
    page.reward_stock.setText("۳")
    page.submit_reward(edit=True)
    wait_idle(qtbot, runner)
    assert [(r.name, r.points, r.stock) for r in runner.call(rewards.list_rewards).result()] == \
        [("کیف پارچه‌ای", 500, 3)]
    shot(window, "offers-rewards")


def test_the_offers_page_shows_whether_they_worked(qtbot, runner):
    sign_in(runner, "owner")
    card = pick_member(runner).card
    _owner_does(runner, lambda s: services.checkout.register_purchase(s, card, 3_000_000, coupon=(
        offers.set_offer_rule(s, "welcome", active=True, amount=300_000), _welcome_offer(s, card))[1]))
    window, page = owner_window(qtbot, runner, "offers")
    page.activate()
    wait_idle(qtbot, runner)
    model = page.report_model
    assert model is not None and model.rowCount() == 4
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert plain(row[1]) == 1 and plain(row[2]) == 1  # welcome: issued 1, used 1


def test_a_reward_is_given_without_a_purchase_and_a_refusal_shows_beside_the_field(qtbot, runner):
    _owner_does(runner, lambda s: rewards.add_reward(s, "بلیت سینما", 150))
    window, page = cashier_window(qtbot, runner)
    member = pick_member(runner, min_points=200)
    page.open_member(member)
    wait_idle(qtbot, runner)
    assert not page.give_reward.isEnabled()  # no reward chosen
    page.reward.setCurrentIndex(page.reward.findData("بلیت سینما"))
    assert page.give_reward.isEnabled()
    before = len(runner.call(lambda s: services.members.history(s, member.card, 500)).result().purchases)
    page.give_reward.click()
    wait_idle(qtbot, runner)
    after = runner.call(lambda s: services.members.get_member(s, member.card)).result()
    assert after.points == member.points - 150 and page.member.points == after.points
    assert "بلیت سینما" in page.banner.text() and page.reward.currentIndex() == 0 and not page.give_reward.isEnabled()
    assert len(runner.call(lambda s: services.members.history(s, member.card, 500)).result().purchases) == before
    # more than the balance: refused beside the reward, nothing written
    _owner_does(runner, lambda s: rewards.add_reward(s, "سفر", 10**8))
    window, page = cashier_window(qtbot, runner)
    page.open_member(after)
    wait_idle(qtbot, runner)
    page.reward.setCurrentIndex(page.reward.findData("سفر"))
    page.give_reward.click()
    wait_idle(qtbot, runner)
    shown = page.form.problems_shown()
    assert set(shown) == {"reward"} and "سفر" in shown["reward"]
    assert runner.call(lambda s: services.members.get_member(s, member.card)).result().points == after.points
    qtbot.wait(200)  # the preview the choice asked for, before the runner closes
    wait_idle(qtbot, runner)
