"""The cashier's day through the real widgets: sign in, scan a card, price live, redeem, register,
an upgrade, a double Enter that registers once, a sign-up without leaving the page."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from loyaltydesk import services
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui.main_window import MainWindow

from .conftest import sign_in, wait_idle


def type_text(widget, text: str) -> None:
    """Key events that carry the text (qtbot.keyClicks trips on Persian), as a keyboard or scanner."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def press_enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def plain(label_text: str) -> int:
    digits = "".join(ch for ch in to_ascii_digits(label_text) if ch.isdigit())
    return int(digits) if digits else 0


def cashier_window(qtbot, runner, user="sara"):
    session = sign_in(runner, user)
    window = MainWindow(runner, session)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, runner)
    return window, window.pages["cashier"]


def pick_member(runner, *, min_points=0, below_next=None):
    """A demo member with a balance, optionally one purchase short of the next tier."""
    def job(s):
        cards = [r[0] for r in s.db.all("SELECT card FROM members WHERE status = 'active' ORDER BY points DESC")]
        for m in (services.members.get_member(s, card) for card in cards):
            if m.status == "active" and m.points >= min_points and (below_next is None or (
                    m.to_next_tier is not None and m.to_next_tier <= below_next)):
                return m
        return None

    return runner.call(job).result()


def test_cashier_sees_only_the_cashier_pages(qtbot, runner):
    window, _ = cashier_window(qtbot, runner)
    assert list(window.pages) == ["cashier"] or "settings" not in window.pages and "users" not in window.pages


def test_scan_a_card_then_register_a_purchase_with_redemption(qtbot, runner, shot):
    window, page = cashier_window(qtbot, runner)
    member = pick_member(runner, min_points=200)
    assert member is not None
    qtbot.waitUntil(lambda: page.search.hasFocus() or not window.isActiveWindow(), timeout=2000)
    type_text(page.search, member.card)  # the scanner types the number ...
    press_enter(qtbot, page.search)       # ... and Enter
    wait_idle(qtbot, runner)
    assert page.member is not None and page.member.card == member.card
    assert member.name in page.panel.name.text()

    type_text(page.amount, "2500000")    # in tomans: 25,000,000 rials
    assert to_ascii_digits(page.amount.text()).replace("٬", ",") == "2,500,000"
    qtbot.wait(200)
    wait_idle(qtbot, runner)
    assert page.redeem.maximum() > 0
    page.redeem.setValue(100)
    qtbot.wait(200)
    wait_idle(qtbot, runner)
    expected = runner.call(lambda s: services.checkout.quote(s, member.card, 25_000_000, 100)).result()
    assert plain(page.lines.text_of("net")) * 10 == expected.net
    assert plain(page.lines.text_of("points_earned")) == expected.points_earned
    shot(window, "cashier-checkout")

    press_enter(qtbot, page.amount)
    press_enter(qtbot, page.amount)  # a double Enter: the same checkout, registered once
    wait_idle(qtbot, runner)
    result = page.last_result
    assert result is not None and result.net == expected.net and result.points_redeemed == 100
    count = runner.call(lambda s: services.members.history(s, member.card, 500)).result()
    same = [p for p in count["purchases"] if p["id"] == result.purchase_id]
    assert len(same) == 1
    assert len([p for p in count["purchases"] if p["gross"] == 25_000_000 and p["at"] == result.at]) == 1
    assert page.receipt_button.isEnabled()
    assert page.search.hasFocus() or not window.isActiveWindow()
    shot(window, "cashier-registered")


def test_an_upgrade_is_announced(qtbot, runner, shot):
    window, page = cashier_window(qtbot, runner)
    member = pick_member(runner, below_next=100_000_000)
    assert member is not None and member.next_tier
    page.open_member(member)
    page.amount.set_rials(member.to_next_tier + 10)
    page.register()
    wait_idle(qtbot, runner)
    assert page.last_result.upgraded and page.last_result.tier_after == member.next_tier
    assert member.next_tier in page.banner.text()
    assert page.panel.tier.text() == member.next_tier
    shot(window, "cashier-upgrade")


def test_name_fragment_lists_matches_as_you_type(qtbot, runner):
    _, page = cashier_window(qtbot, runner)
    type_text(page.search, "محم")
    qtbot.waitUntil(lambda: page.results.count() > 0, timeout=3000)
    wait_idle(qtbot, runner)
    assert all("محم" in m.name for m in page.matches)
    page.results.setCurrentRow(0)
    press_enter(qtbot, page.search)
    wait_idle(qtbot, runner)
    assert page.member.card == page.matches[0].card and page.member.points is not None


def test_sign_up_with_just_a_mobile_without_leaving_the_page(qtbot, runner, shot):
    window, page = cashier_window(qtbot, runner)
    type_text(page.search, "۰۹۳۵۱۱۱۲۲۳۳")  # Persian digits, not a member yet
    press_enter(qtbot, page.search)
    wait_idle(qtbot, runner)
    assert page.sign_up_box.isVisible()
    assert to_ascii_digits(page.new_mobile.text()) == "09351112233"
    type_text(page.new_first, "نیلوفر")
    shot(window, "cashier-sign-up")
    press_enter(qtbot, page.new_first)
    wait_idle(qtbot, runner)
    assert page.member is not None and page.member.mobile == "09351112233"
    assert not page.sign_up_box.isVisible()
    assert page.amount.isEnabled() and page.amount.hasFocus() or not window.isActiveWindow()


def test_bad_input_shows_every_problem_and_saves_nothing(qtbot, runner):
    window, page = cashier_window(qtbot, runner)
    page.open_sign_up()
    type_text(page.new_mobile, "0912")
    page.sign_up()
    wait_idle(qtbot, runner)
    shown = page.sign_up_form.problems_shown()
    assert "mobile" in shown and "Traceback" not in str(shown)
    member = pick_member(runner)
    page.open_member(member)
    page.coupon.setText("NOSUCH")
    page.amount.set_rials(1_000_000)
    page.register()
    wait_idle(qtbot, runner)
    assert page.last_result is None
    assert page.form.problems_shown()


def test_receipt_and_card_open_in_the_print_preview(qtbot, runner, shot, tmp_path):
    import subprocess
    import unicodedata

    from loyaltydesk.gui import printing_actions

    window, page = cashier_window(qtbot, runner)
    member = pick_member(runner)
    page.open_member(member)
    page.amount.set_rials(3_000_000)
    page.register()
    wait_idle(qtbot, runner)
    assert page.receipt_button.isEnabled()
    page.receipt_button.click()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: len(printing_actions._open) == 1, timeout=5000)
    preview = printing_actions._open[0]
    assert preview.page_count() == 1
    shot(preview, "receipt-preview")
    preview.save_to(tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True).stdout
    text = to_ascii_digits(unicodedata.normalize("NFKC", text))
    assert member.card[-4:] in text.replace(" ", "")
    assert f"{page.last_result.net // 10:,}".replace(",", "") in text.replace(",", "").replace("٬", "")
    preview.reject()
    page.card_button.click()
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: len(printing_actions._open) == 1, timeout=5000)
    shot(printing_actions._open[0], "card-preview")
    printing_actions._open[0].reject()
