"""Screenshots of every page of the main window, and of the sign-in and first-run screens, in the
light and the dark theme at 1366×768 and 1024×600 (issue 22): ``LOYALTYDESK_SCREENSHOTS=DIR`` keeps
them as ``theme-<theme>-<width>x<height>-<page>.png``. Without it they are still drawn, and each
page is checked to be drawn in the theme (its background is the palette's, not Qt's grey)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory, QTabBar, QToolButton

from loyaltydesk.gui import theme
from loyaltydesk.gui.app import CompactStyle, fit_to_screen
from loyaltydesk.gui.main_window import MainWindow
from loyaltydesk.gui.pages import PAGES

from .conftest import sign_in, wait_idle

SCREENS = [(1366, 768), (1024, 600)]


@pytest.fixture(params=theme.THEMES)
def themed(request, qapp, app):
    font, style = qapp.font(), qapp.style().name()
    theme.apply(qapp, request.param)
    yield theme.current()
    theme.apply(qapp, "light", compact=False)
    qapp.setFont(font)
    if isinstance(qapp.style(), CompactStyle):
        qapp.setStyle(QStyleFactory.create(style))


def cut_tabs(bar: QTabBar) -> list[str]:
    """The titles of ``bar`` that are not whole on screen, each selected in turn (the selected one is
    bold): a tab narrower than its title, or one out of the row with no arrows to reach it."""
    arrows = any(b.isVisible() for b in bar.findChildren(QToolButton))
    chosen, cut = bar.currentIndex(), []
    for selected in range(bar.count()):
        bar.setCurrentIndex(selected)
        QApplication.processEvents()  # (the row laid out again: the bold title is wider)
        for i in range(bar.count()):
            font = bar.font()
            font.setBold(i == selected)
            width = QFontMetrics(font).horizontalAdvance(bar.tabText(i))
            if bar.tabRect(i).width() < width or not (arrows or bar.rect().contains(bar.tabRect(i))):
                cut.append(f"{bar.tabText(i)} ({bar.tabRect(i).width()} px for {width})")
        if not bar.rect().contains(bar.tabRect(selected)):  # the arrows bring a chosen tab into sight
            cut.append(f"{bar.tabText(selected)} (chosen, out of sight)")
    bar.setCurrentIndex(chosen)
    return cut


def near(a: QColor, b: QColor, by: int = 12) -> bool:
    return all(abs(x - y) <= by for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_in_each_theme(qtbot, qapp, themed, runner, screen, shot):
    width, height = screen
    fit_to_screen(qapp, available_height=height)
    window = MainWindow(runner, sign_in(runner, "owner"))
    qtbot.addWidget(window)
    window.show()
    window.resize(width, height)
    wait_idle(qtbot, runner)
    for spec in PAGES:
        window.show_page(spec.name)
        wait_idle(qtbot, runner)
        qtbot.wait(20)
        picture = window.grab().toImage()
        shot(window, f"theme-{themed.name}-{width}x{height}-{spec.name}")
        # the page list is in the sidebar's colour, the status bar in the surface's
        below_the_list = window.nav.mapTo(window, QPoint(window.nav.width() // 2, window.nav.height() - 3))
        assert near(picture.pixelColor(below_the_list), QColor(themed.sidebar)), spec.name
        status = window.statusBar().mapTo(window, QPoint(window.statusBar().width() // 3, 3))
        assert near(picture.pixelColor(status), QColor(themed.surface)), spec.name
        bars = [bar for bar in window.findChildren(QTabBar) if bar.isVisible()]
        assert [cut for bar in bars for cut in cut_tabs(bar)] == [], spec.name  # every tab's title whole
        wait_idle(qtbot, runner)
    window.sign_out()


def test_tabs_without_room_scroll_and_stay_whole(qtbot, qapp, themed, runner):
    """The club settings' tabs on a pane narrower than their row: arrows appear, no title is cut,
    each tab chosen is brought into sight."""
    from loyaltydesk.gui.pages.club_settings import ClubSettingsPage

    sign_in(runner, "owner")
    page = ClubSettingsPage(runner)
    qtbot.addWidget(page)
    page.resize(420, 500)
    page.show()
    wait_idle(qtbot, runner)
    bar = page.tabs.tabBar()
    assert bar.sizeHint().width() > bar.width()  # (the row does not fit: what this test is about)
    assert any(b.isVisible() for b in bar.findChildren(QToolButton))
    assert cut_tabs(bar) == []
    wait_idle(qtbot, runner)


def test_the_doors_in_each_theme(qtbot, qapp, themed, demo_path, gui_clock, tmp_path, shot):
    """The sign-in (the shop's name and mark, the demo accounts as a hint, not an error) and the
    first run, in the light and the dark theme."""
    from loyaltydesk.gui.app import Launcher, remember_door
    from loyaltydesk.gui.dialogs import FirstRunDialog

    remember_door(demo_path, "فروشگاه پارس", None)  # (an encrypted club: what its last sign-in saw)
    launcher = Launcher(demo_path, demo=True, clock=gui_clock)
    try:
        dialog = launcher.door()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(20)
        assert dialog.hint.property("role") == "hint" and dialog.hint.isVisible()
        assert dialog.findChild(QLabel, "title").text() == "فروشگاه پارس"
        assert not dialog.findChild(QLabel, "shopMark").pixmap().isNull()  # no logo: the app's icon
        # the hint is drawn on the soft accent, the error line in the danger colour
        hint = dialog.hint.grab().toImage()
        assert near(hint.pixelColor(3, hint.height() // 2), QColor(themed.accent_soft))
        assert dialog.message.palette().windowText().color() == QColor(themed.danger) or not dialog.message.isVisible()
        shot(dialog, f"theme-{themed.name}-sign-in")
        dialog.reject()
    finally:
        launcher.close()
    first = Launcher(tmp_path / "new.sqlite3", clock=gui_clock)
    try:
        dialog = first.door()
        assert isinstance(dialog, FirstRunDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(20)
        assert dialog.ok.property("role") == "primary"
        shot(dialog, f"theme-{themed.name}-first-run")
        dialog.reject()
    finally:
        first.close()


def png(width: int, height: int, color: QColor) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray
    from PySide6.QtGui import QImage

    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(color)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    return bytes(data)


def test_a_locked_club_shows_the_name_and_logo_its_last_sign_in_saw(qtbot, app, demo_path, gui_clock):
    """An encrypted club cannot be read before a sign-in: its door shows the name and the logo
    (made small) that this PC saw at the last one, else the app's name and icon."""
    from loyaltydesk import services
    from loyaltydesk.gui.app import Launcher
    from loyaltydesk.gui.ops import Runner

    red = QColor(200, 30, 30)
    runner = Runner(demo_path, gui_clock)
    try:
        runner.call_db(lambda db: services.users.set_logo(services.users.sign_in(db, "owner", "demo1234", gui_clock),
                                                          png(400, 200, red))).result()
    finally:
        runner.close()
    launcher = Launcher(demo_path, clock=gui_clock)
    try:
        dialog = launcher.door()
        qtbot.addWidget(dialog)
        assert dialog.findChild(QLabel, "title").text() == "LoyaltyDesk"  # encrypted: nothing read before
        dialog.username.setText("owner")
        dialog.password.setText("demo1234")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.session is not None, timeout=10_000)
        window = launcher.open_window(dialog.session)
        qtbot.addWidget(window)
        wait_idle(qtbot, launcher.runner)
        window.close()
    finally:
        launcher.close()
    again = Launcher(demo_path, clock=gui_clock)
    try:
        dialog = again.door()
        qtbot.addWidget(dialog)
        assert dialog.findChild(QLabel, "title").text() == "فروشگاه پارس"
        mark = dialog.findChild(QLabel, "shopMark").pixmap().toImage()
        assert (mark.width(), mark.height()) == (128, 64)  # the logo, in its proportions
        assert near(mark.pixelColor(64, 32), red)
    finally:
        again.close()


def test_no_empty_tinted_band_or_blank_list(qtbot, qapp, themed, runner):
    """At rest the till's status line keeps its room but shows no tinted box (a hint's box comes
    with its text), and a list with nothing in it says so in its middle (the demo club has no
    campaign) instead of standing as an empty white pane."""
    window = MainWindow(runner, sign_in(runner, "owner"))
    qtbot.addWidget(window)
    window.show()
    window.resize(1366, 768)
    till = window.show_page("cashier")
    wait_idle(qtbot, runner)
    status = till.status
    assert status.text() == "" and status.height() > 10
    middle = status.mapTo(window, QPoint(status.width() // 2, status.height() // 2))
    assert near(window.grab().toImage().pixelColor(middle), QColor(themed.window))
    status.setText("…")
    qtbot.wait(10)
    assert near(window.grab().toImage().pixelColor(middle), QColor(themed.accent_soft))
    status.clear()
    campaigns = window.show_page("campaigns")
    wait_idle(qtbot, runner)
    table = campaigns.table
    assert table.rowCount() == 0 and table.empty_text
    band = table.viewport().grab().toImage()
    y = band.height() // 2
    ground = band.pixelColor(3, y)
    assert any(not near(band.pixelColor(x, y + dy), ground, 40) for x in range(band.width()) for dy in (-3, 0, 3))
    window.sign_out()
