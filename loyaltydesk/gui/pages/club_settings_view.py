"""The club settings page's views: layout and showing only (no runner, no service).

Their controllers (``club_settings``) subclass them and hold the behaviour: reading, saving, the
dialogs. The tiers and the coupons tabs are one ``ListTab`` each: a table, its buttons, a line
saying what happened, an optional note.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from loyaltydesk.domain.settings import BONUS_MAX, VOID_MINUTES_MAX, ClubSettings
from loyaltydesk.domain.tiers import Window

from .. import i18n
from ..translating import Translated
from ..widgets import ColorBadge, MoneyEdit, ProblemForm, WholeTabs
from .club_dialogs import decimal_text, percent_edit, percent_text
from .tables import cell, filling, jalali_day, read_only_table, selected_row


def swatch_cell(color: str, name: str = "") -> QWidget:
    """A tier's colour in a table: a small swatch (the label ``swatch``) showing the tier's badge,
    its name on its colour; never the colour's code (a code means nothing to a shop)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(4, 2, 4, 2)
    swatch = ColorBadge(name, color)
    swatch.setObjectName("swatch")
    swatch.setFixedWidth(96)
    row.addWidget(swatch)
    row.addStretch(1)
    return holder


def save_row(button: QPushButton, status: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(button)
    row.addWidget(status, 1)
    return row


class ShopView(Translated, QWidget):
    """Name, display unit, logo and the receipt's thank-you line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings: ClubSettings | None = None
        self.form = form = ProblemForm()
        self.shop_name = form.add(self.tr("Shop name"), "shop_name", QLineEdit())
        self.shop_name.setObjectName("shopName")
        self.unit = form.add(self.tr("Prices shown in"), "display_unit", QComboBox())
        self.unit.setObjectName("displayUnit")
        self.unit.addItem(self.tr("Toman"), "toman")
        self.unit.addItem(self.tr("Rial"), "rial")
        logo_row = QWidget()
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedHeight(64)
        self.logo_preview.setMinimumWidth(64)
        self.choose_logo = QPushButton(self.tr("Choose a logo…"))
        self.remove_logo = QPushButton(self.tr("Remove"))
        row.addWidget(self.logo_preview, 1)
        row.addWidget(self.choose_logo)
        row.addWidget(self.remove_logo)
        form.add(self.tr("Logo"), "logo", logo_row)
        self.thank_you = form.add(self.tr("Receipt thank-you line"), "thank_you", QLineEdit())
        self.thank_you.setObjectName("thankYou")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveShop")
        self.save_button.setProperty("role", "primary")
        self.status = QLabel()
        self.status.setObjectName("shopStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(form.general())
        layout.addLayout(save_row(self.save_button, self.status))
        layout.addStretch(1)
        self.show_logo(None)

    def show_settings(self, settings: ClubSettings) -> None:
        self.settings = settings
        self.shop_name.setText(settings.shop_name)
        self.unit.setCurrentIndex(max(0, self.unit.findData(settings.display_unit)))
        self.thank_you.setText(settings.thank_you)

    def show_logo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(pixmap.scaledToHeight(64, Qt.TransformationMode.SmoothTransformation))
            self.remove_logo.setEnabled(True)
        else:
            self.logo_preview.clear()
            self.logo_preview.setText(self.tr("No logo"))
            self.remove_logo.setEnabled(False)


class RulesView(Translated, QWidget):
    """How points are earned and redeemed, when they expire, which spend qualifies for a tier."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings: ClubSettings | None = None
        self.unit = "toman"
        self.form = form = ProblemForm()
        self.rials_per_point = form.add(self.tr("Spend for one point"), "rials_per_point", MoneyEdit())
        self.rials_per_point.setObjectName("rialsPerPoint")
        self.point_value = form.add(self.tr("One point is worth"), "point_value", MoneyEdit())
        self.point_value.setObjectName("pointValue")
        self.redeem_cap = form.add(self.tr("Points may pay at most (% of what is left)"), "redeem_cap", percent_edit())
        self.redeem_cap.setObjectName("redeemCap")
        self.expiry = form.add(self.tr("Points expire after (months)"), "expiry_months", QSpinBox())
        self.expiry.setObjectName("expiryMonths")
        self.expiry.setRange(0, 120)
        self.expiry.setSpecialValueText(self.tr("Never"))
        self.window = form.add(self.tr("Spend that qualifies for a tier"), "window", QComboBox())
        self.window.setObjectName("window")
        self.window.addItem(self.tr("The last 12 months (reviewed monthly)"), Window.ROLLING12.value)
        self.window.addItem(self.tr("The Jalali year (reviewed at Nowruz)"), Window.JALALI_YEAR.value)
        self.referral = form.add(self.tr("Referral bonus (points)"), "referral_bonus", QSpinBox())
        self.referral.setObjectName("referralBonus")
        self.referral.setRange(0, 10_000_000)
        self.referral.setGroupSeparatorShown(True)
        # the member bonuses (0: off)
        self.referred = self._bonus_box(self.tr("Referred member's own reward at their first purchase (points)"),
                                        "referred_bonus", "referredBonus")
        self.signup = self._bonus_box(self.tr("Sign-up bonus (points)"), "signup_bonus", "signupBonus")
        self.anniversary = self._bonus_box(self.tr("Membership anniversary bonus, each year (points)"),
                                           "anniversary_bonus", "anniversaryBonus")
        # the till's guard rails
        self.confirm_above = form.add(self.tr("The till asks to confirm a purchase above"), "confirm_above", MoneyEdit())
        self.confirm_above.setObjectName("confirmAbove")
        self.max_purchase = form.add(self.tr("The largest purchase the till accepts"), "max_purchase", MoneyEdit())
        self.max_purchase.setObjectName("maxPurchase")
        self.void_minutes = form.add(self.tr("A cashier may void their own sale within (minutes)"), "void_minutes",
                                     QSpinBox())
        self.void_minutes.setObjectName("voidMinutes")
        self.void_minutes.setRange(0, VOID_MINUTES_MAX)
        self.void_minutes.setSpecialValueText(self.tr("Never"))
        self.example = QLabel()
        self.example.setObjectName("rulesExample")
        self.example.setProperty("role", "hint")
        self.example.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveRules")
        self.save_button.setProperty("role", "primary")
        self.status = QLabel()
        self.status.setObjectName("rulesStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(form.general())
        layout.addWidget(self.example)
        layout.addLayout(save_row(self.save_button, self.status))
        layout.addStretch(1)
        self.set_unit(self.unit)

    def _bonus_box(self, label: str, field: str, name: str) -> QSpinBox:
        box = self.form.add(label, field, QSpinBox())
        box.setObjectName(name)
        box.setRange(0, BONUS_MAX)
        box.setGroupSeparatorShown(True)
        box.setSpecialValueText(self.tr("Off"))
        return box

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        name = i18n.unit_name(unit)
        for edit, text in ((self.rials_per_point, self.tr("Spend for one point (%1)")),
                           (self.point_value, self.tr("One point is worth (%1)")),
                           (self.confirm_above, self.tr("The till asks to confirm a purchase above (%1)")),
                           (self.max_purchase, self.tr("The largest purchase the till accepts (%1)"))):
            edit.unit = unit
            self.form.labelForField(edit).setText(i18n.arg(text, name))
        if self.settings is not None:
            self.show_settings(self.settings)

    def show_settings(self, settings: ClubSettings) -> None:
        self.settings = settings
        self.rials_per_point.set_rials(settings.rials_per_point)
        self.point_value.set_rials(settings.point_value)
        self.redeem_cap.setText(percent_text(settings.redeem_cap_bp))
        self.expiry.setValue(settings.expiry_months)
        self.window.setCurrentIndex(max(0, self.window.findData(settings.window)))
        self.referral.setValue(settings.referral_bonus)
        self.referred.setValue(settings.referred_bonus)
        self.signup.setValue(settings.signup_bonus)
        self.anniversary.setValue(settings.anniversary_bonus)
        self.confirm_above.set_rials(settings.confirm_above)
        self.max_purchase.set_rials(settings.max_purchase)
        self.void_minutes.setValue(settings.void_minutes)
        spend = settings.rials_per_point * 100
        self.example.setText(i18n.arg(
            self.tr("For example: a purchase of %1 earns %2 points (before the tier multiplier); "
                    "%3 points pay %4."), i18n.money(spend, self.unit), i18n.number(100),
            i18n.number(100), i18n.money(settings.point_value * 100, self.unit)))


class ListTab(Translated, QWidget):
    """One list of the club's design (the tiers, the coupons): its table, two buttons (add, and one
    for the row chosen), a line saying what happened, an optional note under the table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.unit = "toman"
        self.rows: list = []  # what the table shows, row by row

    def build(self, columns: list[str], table_name: str, add: tuple[str, str], act: tuple[str, str],
              note: str = "") -> None:
        self.table = read_only_table(columns, table_name)
        self.add_button = QPushButton(add[0])
        self.add_button.setObjectName(add[1])
        self.act_button = QPushButton(act[0])
        self.act_button.setObjectName(act[1])
        self.act_button.setEnabled(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.act_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        if note:
            self.note = QLabel(note)
            self.note.setProperty("role", "hint")
            self.note.setWordWrap(True)
            layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self.selection_changed)

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        self.show_rows(self.rows)

    def selected(self):
        row = selected_row(self.table)
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def show_rows(self, rows) -> None:
        chosen = self.selected()
        self.rows = list(rows)
        with filling(self.table):
            self.table.setRowCount(len(self.rows))
            for r, row in enumerate(self.rows):
                self.fill_row(r, row)
                if chosen is not None and self.same(row, chosen):
                    self.table.setCurrentCell(r, 0)
        self.selection_changed()

    # what each list says of its rows
    def fill_row(self, r: int, row) -> None:
        raise NotImplementedError

    def same(self, a, b) -> bool:
        return a == b

    def selection_changed(self) -> None:
        self.act_button.setEnabled(self.selected() is not None)


class TiersList(ListTab):
    """The tiers in threshold order."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.build([self.tr("Name"), self.tr("Qualifying spend"), self.tr("Discount"),
                          self.tr("Points multiplier"), self.tr("Birthday bonus"), self.tr("Colour"),
                          self.tr("Qualifies by")], "tiersTable",
                         (self.tr("New tier…"), "addTier"), (self.tr("Edit tier…"), "editTier"),
                         self.tr("Members move up at their next purchase past a threshold; the tier review "
                                 "catches up everyone else."))
        self.edit_button = self.act_button

    @property
    def tiers(self) -> tuple:
        return tuple(self.rows)

    def show_tiers(self, tiers) -> None:
        self.show_rows(tiers)

    def same(self, a, b) -> bool:
        return a.id == b.id

    def fill_row(self, r: int, t) -> None:
        self.table.setItem(r, 0, cell(t.name))
        self.table.setItem(r, 1, cell(i18n.money(t.threshold, self.unit)))
        self.table.setItem(r, 2, cell(i18n.arg(self.tr("%1%"), percent_text(t.discount_bp))))
        self.table.setItem(r, 3, cell("×" + decimal_text(f"{t.multiplier_pct / 100:g}"), ltr=True))
        self.table.setItem(r, 4, cell(i18n.number(t.birthday_bonus)))
        self.table.setCellWidget(r, 5, swatch_cell(t.color, t.name))
        self.table.setItem(r, 6, cell(self.qualify_text(t)))

    def selection_changed(self) -> None:
        self.act_button.setEnabled(bool(self.rows))  # (a double click or the button edits the row chosen)

    def qualify_text(self, t) -> str:
        """What qualifies for a tier: its spend, its visits (of at least the least amount), or either."""
        visits = i18n.arg(self.tr("%1 visits of %2 or more"), i18n.number(t.visits), i18n.money(t.visit_floor, self.unit))
        if t.qualify == "visits":
            return visits
        if t.qualify == "either":
            return i18n.arg(self.tr("Spend, or %1"), visits)
        return self.tr("Spend")


class CouponsList(ListTab):
    """Every coupon with its discount, limits and dates."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.build([self.tr("Code"), self.tr("Discount"), self.tr("Uses in all"),
                          self.tr("Per member"), self.tr("From"), self.tr("Until"), self.tr("State")], "couponsTable",
                         (self.tr("New coupon…"), "addCoupon"), (self.tr("Disable"), "toggleCoupon"))
        self.toggle_button = self.act_button

    @property
    def coupons(self) -> list:
        return self.rows

    def show_coupons(self, coupons) -> None:
        self.show_rows(coupons)

    def same(self, a, b) -> bool:
        return a.code == b.code

    def fill_row(self, r: int, c) -> None:
        off = (i18n.arg(self.tr("%1%"), percent_text(c.percent_bp)) if c.percent_bp
               else i18n.money(c.amount, self.unit))
        self.table.setItem(r, 0, cell(c.code, ltr=True))
        self.table.setItem(r, 1, cell(off))
        self.table.setItem(r, 2, cell(i18n.number(c.max_uses) if c.max_uses else self.tr("No limit")))
        self.table.setItem(r, 3, cell(self.tr("Once") if c.once_per_member else self.tr("Many times")))
        self.table.setItem(r, 4, cell(jalali_day(c.valid_from)))
        self.table.setItem(r, 5, cell(jalali_day(c.valid_to)))
        self.table.setItem(r, 6, cell(self.tr("Active") if c.active else self.tr("Disabled")))

    def selection_changed(self) -> None:
        c = self.selected()
        self.act_button.setEnabled(c is not None)
        self.act_button.setText(self.tr("Enable") if c and not c.active else self.tr("Disable"))


class ClubSettingsView(Translated, QWidget):
    """One tab per part of the club's design, plus backups and the audit log (the controller adds
    the tabs: each is a controller of its own)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clubSettingsPage")
        self.tabs = WholeTabs()
        self.tabs.setObjectName("settingsTabs")
        self.load_error = QLabel()
        self.load_error.setObjectName("settingsLoadError")
        self.load_error.setWordWrap(True)
        self.load_error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.load_error)
        layout.addWidget(self.tabs)
