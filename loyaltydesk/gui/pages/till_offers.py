"""The till's offers and rewards: the member's active offers as soon as they open (F7 applies one:
it fills the coupon and the preview prices it), and the reward catalog's choice (F3) given with
the purchase for its points."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from .. import i18n


class OffersBox(QGroupBox):
    """The member's active offers, the soonest to expire first: what, the minimum purchase, until
    when (Jalali), the code. ``apply_next`` (F7) hands the chosen one's code to the checkout; pressed again,
    the next one."""

    applied = Signal(str)  # an offer's code

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("offersBox")
        self.setTitle(self.tr("Offers (F7 applies)"))
        self.list = QListWidget()
        self.list.setObjectName("offers")
        self.list.setWordWrap(True)  # an offer in two lines: what and from how much; until when and its code
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 6 + 16)
        self.list.itemActivated.connect(lambda _item: self._apply(self.list.currentRow()))
        self.list.itemDoubleClicked.connect(lambda _item: self._apply(self.list.currentRow()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        self.offers: list = []
        self.show_offers([], "toman")

    def describe(self, o, unit: str) -> str:
        off = i18n.percent(o.percent_bp) if o.percent_bp else i18n.money(o.amount, unit)
        text = i18n.arg(self.tr("%1 off (%2)"), off, self.rule_name(o.rule))
        if o.min_purchase:
            text += " — " + i18n.arg(self.tr("from %1"), i18n.money(o.min_purchase, unit))
        return text + "\n" + i18n.arg(self.tr("until %1"), i18n.digits(o.until)) + "   " + i18n.ltr(o.code)

    def rule_name(self, rule: str) -> str:
        return {"welcome": self.tr("welcome"), "birthday": self.tr("birthday"), "winback": self.tr("win-back"),
                "next_order": self.tr("next order")}.get(rule, rule)

    def show_offers(self, offers, unit: str) -> None:
        self.offers = list(offers)
        self.list.clear()
        for o in self.offers:
            self.list.addItem(QListWidgetItem(self.describe(o, unit)))
        if self.offers:
            self.list.setCurrentRow(0)
            self.setTitle(i18n.arg(self.tr("Offers: %1 (F7 applies)"), i18n.number(len(self.offers))))
        else:
            self.setTitle(self.tr("Offers (F7 applies)"))
            self.list.addItem(QListWidgetItem(self.tr("No offers.")))
        self.list.setEnabled(bool(self.offers))

    def apply_next(self, current_code: str) -> None:
        """Apply the chosen offer; when the coupon already holds it, the next one (in a circle)."""
        if not self.offers:
            return
        row = max(self.list.currentRow(), 0)
        if self.offers[row].code == current_code.strip().upper():
            row = (row + 1) % len(self.offers)
        self._apply(row)

    def _apply(self, row: int) -> None:
        if 0 <= row < len(self.offers):
            self.list.setCurrentRow(row)
            self.applied.emit(self.offers[row].code)


class RewardPicker(QComboBox):
    """The catalog's rewards on offer, by points price; the first choice is none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reward")
        self.points_of: dict[str, int] = {}
        self.show_rewards([])

    def show_rewards(self, rewards) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("No reward"), None)
        self.points_of = {}
        for r in rewards:
            if not r.active:
                continue
            self.points_of[r.name] = r.points
            left = "" if r.stock is None else " — " + i18n.arg(self.tr("%1 left"), i18n.number(r.stock))
            self.addItem(i18n.arg(self.tr("%1 (%2 points)"), r.name, i18n.number(r.points)) + left, r.name)
        self.setCurrentIndex(0)
        self.blockSignals(False)

    def chosen(self) -> str | None:
        return self.currentData()

    def chosen_line(self) -> tuple[str, int] | None:
        """The reward chosen and its points, for the bill (None: no reward)."""
        name = self.chosen()
        return (name, self.points_of.get(name, 0)) if name is not None else None
