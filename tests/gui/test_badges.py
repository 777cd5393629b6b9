"""Every badge is painted by one painter (``widgets.Badge``): a tier's badge on the member card, a
colour's swatch in the club's settings and the upgrade banner of the till each fill their box with
the tier's colour, frame it a shade darker and write in the ink that reads on it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from loyaltydesk.gui import theme
from loyaltydesk.gui.member_card import TierBadge
from loyaltydesk.gui.pages.till import UpgradeBanner
from loyaltydesk.gui.widgets import Badge, ColorBadge


def tier_badge(color):
    badge = TierBadge()
    badge.show_tier("x", color)
    return badge


def swatch(color):
    return ColorBadge("x", color)


def banner(color):
    banner = UpgradeBanner()
    banner.announce("x", color, "x")
    return banner


KINDS = [(tier_badge, None), (swatch, 6), (banner, 12)]  # how each is made; its corner (None: a pill)


@pytest.mark.parametrize("make, radius", KINDS, ids=["tier badge", "swatch", "upgrade banner"])
@pytest.mark.parametrize("color", ["#d4af37", "#1f3a5f"], ids=["light colour", "dark colour"])
def test_one_painter_for_every_badge(qtbot, app, make, radius, color):
    badge = make(color)
    qtbot.addWidget(badge)
    badge.resize(max(badge.sizeHint().width(), 400), max(badge.sizeHint().height(), 40))
    assert type(badge).paintEvent is Badge.paintEvent and badge.RADIUS == radius
    assert badge.color() == QColor(color)
    image = badge.grab().toImage()
    frame = int(badge.FRAME)
    inside = image.pixelColor(frame + 2 + (image.height() // 2 if radius is None else radius), frame + 2)
    assert inside == QColor(color)  # filled with the tier's colour, not the theme's
    edge = image.pixelColor(image.width() // 2, 0)
    assert edge.lightness() < QColor(color).lightness()  # framed a shade darker
    ink = theme.on_color(QColor(color))
    painted = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert ink.name() in painted  # the words in the ink that reads on it
