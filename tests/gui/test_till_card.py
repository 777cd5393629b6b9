"""The till's redesign through the real widgets: the one member card (name, tier badge in the tier's
colour, balance and its worth, the bar to the next tier) for a tier by spend, one by visits and the
top tier, the same card in the member dialog; a reward chosen with F3 on the bill before F9; a
scanned card shown in Persian digits; the upgrade banner; the page's screenshots at three screen
sizes; and the structure: views that call no service, no inline style in the till's files."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyleFactory

from loyaltydesk import services
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui import i18n
from loyaltydesk.gui.app import fit_to_screen
from loyaltydesk.gui.member_card import PROGRESS_STEPS, MemberCard, card_text
from loyaltydesk.gui.member_dialog import MemberDialog
from loyaltydesk.services import rewards

from .conftest import sign_in, wait_idle
from .test_cashier import cashier_window, pick_member, plain, type_text
from .test_window_fit import TITLE_BAR

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "loyaltydesk" / "gui"


def tiers_now(runner):
    return runner.call(services.club.list_tiers).result()


def spend_member(runner):
    sign_in(runner, "owner")
    return pick_member(runner, below_next=10**12)


def visits_member(runner):
    """A new member two visits into a second tier that counts three visits (and no spend)."""
    sign_in(runner, "owner")
    second = tiers_now(runner)[1]

    def prepare(s):
        member = services.members.sign_up(s, "09129998877", "نگار", "امینی")
        services.club.edit_tier(s, second.name, qualify="visits", visits=3, visit_minimum=500_000)
        for _ in range(2):
            services.checkout.register_purchase(s, member.card, 600_000)
        return services.members.get_member(s, member.card)

    return runner.call(prepare).result()


def top_member(runner):
    """A member moved to the top tier by one large purchase."""
    sign_in(runner, "owner")
    top = tiers_now(runner)[-1]

    def prepare(s):
        member = services.members.sign_up(s, "09129998866", "آرش", "کاوه")
        services.checkout.register_purchase(s, member.card, top.threshold + 10_000_000)
        return services.members.get_member(s, member.card)

    return runner.call(prepare).result()


# kind, how to get the member, the bar's expected value (thousandths) from the member and the next tier
CARDS = [
    ("spend", spend_member,
     lambda m, nxt: m.qualifying_spend * PROGRESS_STEPS // (m.qualifying_spend + m.to_next_tier)),
    ("visits", visits_member, lambda m, nxt: (nxt.visits - m.to_next_visits) * PROGRESS_STEPS // nxt.visits),
    ("top", top_member, lambda m, nxt: PROGRESS_STEPS),
]


@pytest.mark.parametrize(("kind", "member_of", "expected_bar"), CARDS, ids=[c[0] for c in CARDS])
def test_the_member_card_shows_who_and_where_they_stand(qtbot, runner, shot, kind, member_of, expected_bar):
    member = member_of(runner)
    assert member is not None
    window, page = cashier_window(qtbot, runner)
    page.open_member(member)
    wait_idle(qtbot, runner)
    card = page.panel
    assert isinstance(card, MemberCard)
    assert card.name.text() == member.name
    assert card.tier.text() == member.tier and card.tier.isVisible()
    assert card.tier.color() == QColor(member.tier_color)  # the badge on the tier's own colour
    assert card.card.text() == card_text(member.card)
    assert plain(card.points.text()) == member.points and card.worth.text() == i18n.money(member.points_value, "toman")
    nxt = next((t for t in tiers_now(runner) if t.name == member.next_tier), None)
    assert card.bar.isVisible() and card.bar.value() == expected_bar(member, nxt)
    if kind == "top":
        assert member.next_tier is None and card.progress.text() == card.tr("Top tier.")
        assert card.bar.property("tone") == "success"
    else:
        assert member.next_tier in card.progress.text() and 0 <= card.bar.value() < PROGRESS_STEPS
    assert member.tier in card.keep.text()
    shot(window, f"till-card-{kind}")

    # the member dialog's head is the same card, showing the same member the same way
    dialog = MemberDialog(runner, member.card, "toman", window)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, runner)
    head = dialog.head
    assert type(head) is MemberCard and head.compact
    assert (head.name.text(), head.tier.text(), head.tier.color(), head.card.text(), head.bar.value()) == (
        card.name.text(), card.tier.text(), card.tier.color(), card.card.text(), card.bar.value())
    assert not head.mobile.isVisible() and not head.story.isVisible()  # the dialog shows those in its tabs
    shot(dialog, f"till-dialog-{kind}")
    dialog.reject()


def test_a_reward_chosen_with_f3_is_on_the_bill_before_f9(qtbot, runner, shot):
    sign_in(runner, "owner")
    runner.call(lambda s: rewards.add_reward(s, "فنجان قهوه", 100, stock=5)).result()
    member = pick_member(runner, min_points=300)
    assert member is not None
    window, page = cashier_window(qtbot, runner)
    page.open_member(member)
    wait_idle(qtbot, runner)
    assert page.lines.text_of("reward") == "—"
    type_text(page.amount, "100000", every_ms=80)
    qtbot.keyClick(page.amount, Qt.Key.Key_F3)  # the catalog opens ...
    qtbot.waitUntil(lambda: page.reward.view().isVisible(), timeout=2000)
    view = page.reward.view()
    view.setCurrentIndex(view.model().index(page.reward.findData("فنجان قهوه"), 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)  # ... and Enter chooses
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
    qtbot.wait(200)
    wait_idle(qtbot, runner)
    assert page.reward.chosen() == "فنجان قهوه"
    line = page.lines.text_of("reward")  # on the bill, before the purchase is registered
    assert "فنجان قهوه" in line and plain(line) == 100
    assert plain(page.lines.text_of("gross")) == 100_000 and page.last_result is None
    shot(window, "till-reward-on-the-bill")
    page.register()
    wait_idle(qtbot, runner)
    result = page.last_result
    assert (result.reward, result.reward_points) == ("فنجان قهوه", 100)
    assert "فنجان قهوه" in page.lines.text_of("reward")  # the last sale's bill keeps it
    page.reset()
    assert page.lines.text_of("reward") == "—"


def test_a_scanned_card_shows_in_persian_digits_and_still_opens(qtbot, runner):
    window, page = cashier_window(qtbot, runner)
    member = pick_member(runner)
    page.search.setFocus()
    type_text(page.search, member.card)  # a scanner: ASCII digits at once
    shown = page.search.text()
    assert not any(ch in "0123456789" for ch in shown) and to_ascii_digits(shown) == member.card
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert page.member is not None and page.member.card == member.card


def test_an_upgrading_purchase_raises_the_banner_above_the_card(qtbot, runner):
    window, page = cashier_window(qtbot, runner)
    member = pick_member(runner, below_next=100_000_000)
    page.open_member(member)
    assert not page.upgrade_banner.isVisible()
    page.amount.set_rials(member.to_next_tier + 10)
    page.register()
    wait_idle(qtbot, runner)
    banner, after = page.upgrade_banner, page.member
    assert banner.isVisible() and member.next_tier in banner.text() and member.name in banner.text()
    assert banner.color() == QColor(after.tier_color) == page.panel.tier.color()
    assert banner.geometry().bottom() <= page.panel.geometry().top()  # above the card, not in a corner
    assert banner.height() >= 2 * page.banner.fontMetrics().height()  # a banner, not one line of text


SIZES = [(1366, 768), (1920, 1080), (1024, 600)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_cashier_page_at_three_screen_sizes(qtbot, runner, shot, size):
    """The page whole at each size (nothing cut, the bill's values in one column beside their
    titles), with a member open, a checkout priced and an upgrade announced; pictures on request."""
    width, height = size
    app = QApplication.instance()
    font, style = app.font(), app.style().name()
    compact = fit_to_screen(app, available_height=height)  # as the app starts on such a screen
    try:
        page_at(qtbot, runner, shot, width, height)
    finally:
        app.setFont(font)
        if compact:
            app.setStyle(QStyleFactory.create(style))


def page_at(qtbot, runner, shot, width: int, height: int) -> None:
    window, page = cashier_window(qtbot, runner)
    window.resize(width, height - TITLE_BAR)
    area = window.areas["cashier"]
    wait_idle(qtbot, runner)
    shot(window, f"till-{width}x{height}-waiting")  # before the first customer
    member = pick_member(runner, min_points=300, below_next=10**12)
    page.open_member(member)
    wait_idle(qtbot, runner)
    page.amount.set_rials(25_000_000)
    page.redeem.setValue(100)
    page._quote()
    wait_idle(qtbot, runner)
    QApplication.processEvents()
    shot(window, f"till-{width}x{height}-checkout")
    values = [page.lines.values[k] for k in ("gross", "tier_discount", "net", "points_earned")]
    edges = {v.geometry().left() for v in values} | {v.geometry().right() for v in values}
    assert len({v.geometry().left() for v in values}) == 1 and len(edges) == 2  # one column
    titles = page.lines.titles
    gap = min(abs(titles[k].geometry().center().x() - page.lines.values[k].geometry().center().x())
              for k in ("gross", "net"))
    assert gap < page.lines.width() * 0.6  # beside their titles, not across the page
    need, room = page.minimumSizeHint(), area.viewport().size()
    assert need.width() <= room.width() and need.height() <= room.height(), (need, room)
    assert not area.verticalScrollBar().isVisible() and not area.horizontalScrollBar().isVisible()
    page.amount.set_rials(member.to_next_tier + 10)
    page.redeem.setValue(0)
    page.register()
    wait_idle(qtbot, runner)
    assert page.last_result.upgraded and page.upgrade_banner.isVisible()
    QApplication.processEvents()
    qtbot.wait(20)
    need, room = page.minimumSizeHint(), area.viewport().size()
    assert need.height() <= room.height() and not area.verticalScrollBar().isVisible(), (need, room)  # the banner too
    shot(window, f"till-{width}x{height}-upgrade")


# --- structure -------------------------------------------------------------------------------------

VIEWS = ["member_card.py", "member_dialog_view.py", "pages/cashier_view.py", "pages/till.py", "pages/till_offers.py"]
TILL_FILES = VIEWS + ["member_dialog.py", "pages/cashier.py"]


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


@pytest.mark.parametrize("name", VIEWS)
def test_a_view_calls_no_service(name):
    """Layout only: the controllers (pages/cashier.py, member_dialog.py) are the ones that call services."""
    wrong = {m for m in imported(GUI / name) if m.startswith("loyaltydesk.services") or m == "loyaltydesk"
             or m.endswith("ops") or m.endswith("services")}
    assert not wrong, f"{name} imports {wrong}"


@pytest.mark.parametrize("name", TILL_FILES)
def test_no_inline_style_nor_colour_code_in_the_tills_files(name):
    text = (GUI / name).read_text(encoding="utf-8")
    assert "setStyleSheet" not in text
    assert not re.findall(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", text)


def test_the_tills_rules_are_in_its_theme_file_with_tokens():
    qss = (ROOT / "resources" / "theme" / "till.qss").read_text(encoding="utf-8")
    assert "#cashierPage" in qss and "#memberCard" in qss and "@accent" in qss
    assert not re.findall(r"#[0-9a-fA-F]{6}\b", qss)  # colours from the palette only
