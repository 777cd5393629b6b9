"""Screenshots of every page of the main window, and of the sign-in and first-run screens, in the
light and the dark theme at 1366×768 and 1024×600 (issue 22): ``LOYALTYDESK_SCREENSHOTS=DIR`` keeps
them as ``theme-<theme>-<width>x<height>-<page>.png``. Without it they are still drawn, and each
page is checked to be drawn in the theme (its background is the palette's, not Qt's grey)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyleFactory

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
    window.sign_out()
