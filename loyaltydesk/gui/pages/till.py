"""The till's guard rails, apart from the cashier page's layout and flow: a scanned code
kept out of the checkout's fields, and the upgrade announced in the tier's colour (its questions, whose
default answer is the safe one, are ``gui.confirm.ask``)."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from loyaltydesk.domain.ids import card_is_valid
from loyaltydesk.domain.text import to_ascii_digits

from .. import i18n
from ..member_card import tier_color
from ..widgets import Badge, typed_digits

# A USB scanner types a key every few milliseconds and ends with Enter; a person, even a fast one,
# leaves 50 ms and more between keys (the tests from outside type at 40 ms). Six digits or more,
# each within SCAN_GAP_MS of the one before, then Enter within SCAN_ENTER_MS: a scan.
SCAN_GAP_MS = 30
SCAN_MIN_KEYS = 6
SCAN_ENTER_MS = 100


class ScanGuard(QObject):
    """Keeps a scanned code out of the checkout's fields (a card scanned again while the
    focus sat in the amount registered a purchase of 607,789,519,065 toman).

    Watches key presses on the fields it is given. Enter after a burst of digits at scanner speed,
    or Enter on a field whose digits are a card number (``card_is_valid``: its length, its check digit), is
    taken from the field: ``scanned(field, digits)`` is emitted and the field never sees the Enter."""

    scanned = Signal(object, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._keys: list[str] = []
        self._last: int | None = None

    def watch(self, *fields: QWidget) -> None:
        for field in fields:
            field.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress:
            return False
        now = event.timestamp() or int(time.monotonic() * 1000)  # X's own time; a synthetic event has none
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst = "".join(self._keys) if (len(self._keys) >= SCAN_MIN_KEYS and self._last is not None
                                            and 0 <= now - self._last <= SCAN_ENTER_MS) else ""
            self._keys, self._last = [], None
            typed = field_digits(watched)
            if burst or card_is_valid(typed):
                self.scanned.emit(watched, burst or typed)
                return True
            return False
        digit = to_ascii_digits(event.text())
        if len(digit) == 1 and digit.isdigit() and not event.isAutoRepeat():
            if self._last is None or not 0 <= now - self._last < SCAN_GAP_MS:
                self._keys = []
            self._keys.append(digit)
            self._last = now
        elif event.text() or event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._keys, self._last = [], None  # a letter, a space, a correction: a person
        return False


def field_digits(field: QObject) -> str:
    """The digits a field holds, as typed (a grouped amount ``۶۰۷٬۷۸۹`` → ``607789``)."""
    return typed_digits(field.text() if isinstance(field, QLineEdit) else "")


class UpgradeBanner(Badge):
    """An upgrade, announced so that the cashier and the customer both see it: large, on the new
    tier's colour, with a frame a shade darker (``widgets.Badge`` paints it). A label: it never
    takes the keyboard from the search field. The colour is the tier's; the rest is the theme's
    (``#upgradeBanner``)."""

    RADIUS = 12
    FRAME = 3.0

    def __init__(self, parent: QWidget | None = None):
        super().__init__("", parent)
        self.setObjectName("upgradeBanner")
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setContentsMargins(18, 14, 18, 14)
        font = self.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.setFont(font)
        self._color = tier_color(None)
        self.hide()

    def announce(self, tier: str, color: str | None, name: str) -> None:
        self._color = tier_color(color)
        self.setText(i18n.arg(self.tr("Congratulations! %1 moved up to %2."), name or self.tr("The member"), tier))
        self.show()

    def clear(self) -> None:  # noqa: D102 - QLabel's name
        super().clear()
        self.hide()
