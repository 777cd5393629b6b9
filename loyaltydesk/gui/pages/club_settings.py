"""The owner's club settings: the shop, the earn and redeem rules, tiers, coupons, backups and the
audit log of every change.

Everything is read and written through ``services.club`` (and ``services.users`` for the logo);
the services check the role, validate the whole form and audit the change. Their problems appear
beside the fields, all at once. A cashier never gets this page, and a change attempted anyway is
refused by the service with a readable message.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from loyaltydesk import services
from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.jalali import TEHRAN, utc_now
from loyaltydesk.domain.money import parse_percent_bp
from loyaltydesk.domain.settings import BONUS_MAX, VOID_MINUTES_MAX, ClubSettings, validate_settings
from loyaltydesk.domain.tiers import Window

from .. import i18n
from ..ops import Runner
from ..widgets import ColorBadge, MoneyEdit, ProblemForm
from .audit_tab import AuditTab
from .backups_tab import BackupsTab
from .club_dialogs import (
    CouponDialog, TierDialog, decimal_text, money_value, percent_edit, percent_text,
)
from .tables import cell, filling, jalali_day, message, read_only_table, selected_row
from .import_export_tab import ImportExportTab, may_import_export


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


class ShopTab(QWidget):
    """Name, display unit, logo (saved as soon as it is chosen) and the receipt's thank-you line."""

    saved = Signal(object)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
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
        choose = QPushButton(self.tr("Choose a logo…"))
        choose.clicked.connect(self._choose_logo)
        self.remove_logo = QPushButton(self.tr("Remove"))
        self.remove_logo.clicked.connect(lambda: self.save_logo(None))
        row.addWidget(self.logo_preview, 1)
        row.addWidget(choose)
        row.addWidget(self.remove_logo)
        form.add(self.tr("Logo"), "logo", logo_row)
        self.thank_you = form.add(self.tr("Receipt thank-you line"), "thank_you", QLineEdit())
        self.thank_you.setObjectName("thankYou")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveShop")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("shopStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(form.general())
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)
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

    def _choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Shop logo"), "", self.tr("Pictures (*.png *.jpg *.jpeg)"))
        if name:
            self.save_logo(Path(name).read_bytes())

    def save_logo(self, data: bytes | None) -> None:
        def job(s):
            services.users.set_logo(s, data)
            return services.users.logo(s)

        def done(logo):
            self.form.clear_problems()
            self.show_logo(logo)
            message(self.status, self.tr("Logo saved.") if logo else self.tr("Logo removed."))

        self.runner.call(job, done, self._failed)

    def changes(self) -> dict:
        values = dict(shop_name=self.shop_name.text().strip(), display_unit=self.unit.currentData(),
                      thank_you=self.thank_you.text().strip())
        return {k: v for k, v in values.items() if self.settings is None or getattr(self.settings, k) != v}

    def save(self) -> None:
        changes = self.changes()
        self.save_button.setEnabled(False)
        self.runner.call(lambda s: services.club.update_settings(s, **changes), self._saved, self._failed)

    def _saved(self, settings: ClubSettings) -> None:
        self.save_button.setEnabled(True)
        self.form.clear_problems()
        self.show_settings(settings)
        message(self.status, self.tr("Saved."))
        self.saved.emit(settings)

    def _failed(self, error) -> None:
        self.save_button.setEnabled(True)
        self.status.clear()
        self.form.show_error(error)


class RulesTab(QWidget):
    """How points are earned and redeemed, when they expire, which spend qualifies for a tier."""

    saved = Signal(object)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
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
        self.example.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveRules")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("rulesStatus")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(form.general())
        layout.addWidget(self.example)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)
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

    def changes(self) -> tuple[dict, list]:
        """The changed fields as the service's keyword arguments, and the problems of fields that
        cannot be read (a percent like ``abc``)."""
        s = self.settings or ClubSettings()
        values, problems = dict(
            rials_per_point=money_value(self.rials_per_point, s.rials_per_point),
            point_value=money_value(self.point_value, s.point_value),
            expiry_months=self.expiry.value(), window=self.window.currentData(),
            referral_bonus=self.referral.value(), referred_bonus=self.referred.value(),
            signup_bonus=self.signup.value(), anniversary_bonus=self.anniversary.value(),
            confirm_above=money_value(self.confirm_above, s.confirm_above),
            max_purchase=money_value(self.max_purchase, s.max_purchase),
            void_minutes=self.void_minutes.value()), []
        try:
            values["redeem_cap_bp"] = parse_percent_bp(self.redeem_cap.text(), "redeem_cap")
        except ValidationError as e:
            problems += e.problems
        return {k: v for k, v in values.items() if getattr(s, k) != v}, problems

    def save(self) -> None:
        changes, problems = self.changes()
        if problems:  # with what the service would say about the other fields: all at once
            unread = {p.field for p in problems}
            others = validate_settings(replace(self.settings or ClubSettings(), **changes))
            self.status.clear()
            self.form.show_problems(problems + [p for p in others if p.field not in unread])
            return
        self.save_button.setEnabled(False)
        self.runner.call(lambda s: services.club.update_settings(s, **changes), self._saved, self._failed)

    def _saved(self, settings: ClubSettings) -> None:
        self.save_button.setEnabled(True)
        self.form.clear_problems()
        self.show_settings(settings)
        message(self.status, self.tr("Saved."))
        self.saved.emit(settings)

    def _failed(self, error) -> None:
        self.save_button.setEnabled(True)
        self.status.clear()
        self.form.show_error(error)


class TiersTab(QWidget):
    """The tiers in threshold order; add and edit in a dialog."""

    changed = Signal()

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.unit = "toman"
        self.tiers: tuple = ()
        self.dialog: TierDialog | None = None
        self.table = read_only_table([self.tr("Name"), self.tr("Qualifying spend"), self.tr("Discount"),
                                      self.tr("Points multiplier"), self.tr("Birthday bonus"), self.tr("Colour"),
                                      self.tr("Qualifies by")],
                                     "tiersTable")
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        add = QPushButton(self.tr("New tier…"))
        add.setObjectName("addTier")
        add.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Edit tier…"))
        self.edit_button.setObjectName("editTier")
        self.edit_button.clicked.connect(self.edit_selected)
        self.status = QLabel()
        self.status.setWordWrap(True)
        note = QLabel(self.tr("Members move up at their next purchase past a threshold; the tier review "
                              "catches up everyone else."))
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addLayout(buttons)

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        self.show_tiers(self.tiers)

    def reload(self) -> None:
        self.runner.call(services.club.list_tiers, self.show_tiers,
                         lambda e: message(self.status, i18n.error_text(e), True))

    def show_tiers(self, tiers) -> None:
        self.tiers = tuple(tiers)
        with filling(self.table):
            self.table.setRowCount(len(self.tiers))
            for r, t in enumerate(self.tiers):
                self.table.setItem(r, 0, cell(t.name))
                self.table.setItem(r, 1, cell(i18n.money(t.threshold, self.unit)))
                self.table.setItem(r, 2, cell(i18n.arg(self.tr("%1%"), percent_text(t.discount_bp))))
                self.table.setItem(r, 3, cell("×" + decimal_text(f"{t.multiplier_pct / 100:g}"), ltr=True))
                self.table.setItem(r, 4, cell(i18n.number(t.birthday_bonus)))
                self.table.setCellWidget(r, 5, swatch_cell(t.color, t.name))
                self.table.setItem(r, 6, cell(self.qualify_text(t)))
        self.edit_button.setEnabled(bool(self.tiers))

    def qualify_text(self, t) -> str:
        """What qualifies for a tier: its spend, its visits (of at least the least amount), or either."""
        visits = i18n.arg(self.tr("%1 visits of %2 or more"), i18n.number(t.visits), i18n.money(t.visit_floor, self.unit))
        if t.qualify == "visits":
            return visits
        if t.qualify == "either":
            return i18n.arg(self.tr("Spend, or %1"), visits)
        return self.tr("Spend")

    def selected(self):
        row = selected_row(self.table)
        return self.tiers[row] if 0 <= row < len(self.tiers) else None

    def add(self) -> TierDialog:
        return self._open(None)

    def edit_selected(self) -> TierDialog | None:
        tier = self.selected()
        return self._open(tier) if tier else None

    def _open(self, tier) -> TierDialog:
        self.dialog = TierDialog(self.runner, self.unit, tier, self.tiers, self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()
        return self.dialog

    def _saved(self) -> None:
        tier = self.dialog.saved
        message(self.status, i18n.arg(self.tr("Tier %1 saved."), tier.name))
        self.reload()
        self.changed.emit()


class CouponsTab(QWidget):
    """Every coupon with its discount, limits and dates; add one, enable or disable it."""

    changed = Signal()

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.unit = "toman"
        self.coupons: list = []  # as the service lists them
        self.dialog: CouponDialog | None = None
        self.table = read_only_table([self.tr("Code"), self.tr("Discount"), self.tr("Uses in all"),
                                      self.tr("Per member"), self.tr("From"), self.tr("Until"), self.tr("State")],
                                     "couponsTable")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        add = QPushButton(self.tr("New coupon…"))
        add.setObjectName("addCoupon")
        add.clicked.connect(self.add)
        self.toggle_button = QPushButton(self.tr("Disable"))
        self.toggle_button.setObjectName("toggleCoupon")
        self.toggle_button.setEnabled(False)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        self.show_coupons(self.coupons)

    def reload(self) -> None:
        self.runner.call(services.club.list_coupons, self.show_coupons,
                         lambda e: message(self.status, i18n.error_text(e), True))

    def show_coupons(self, coupons) -> None:
        chosen = self.selected()
        self.coupons = list(coupons)
        with filling(self.table):
            self.table.setRowCount(len(self.coupons))
            for r, c in enumerate(self.coupons):
                off = (i18n.arg(self.tr("%1%"), percent_text(c.percent_bp)) if c.percent_bp
                       else i18n.money(c.amount, self.unit))
                self.table.setItem(r, 0, cell(c.code, ltr=True))
                self.table.setItem(r, 1, cell(off))
                self.table.setItem(r, 2, cell(i18n.number(c.max_uses) if c.max_uses else self.tr("No limit")))
                self.table.setItem(r, 3, cell(self.tr("Once") if c.once_per_member else self.tr("Many times")))
                self.table.setItem(r, 4, cell(jalali_day(c.valid_from)))
                self.table.setItem(r, 5, cell(jalali_day(c.valid_to)))
                self.table.setItem(r, 6, cell(self.tr("Active") if c.active else self.tr("Disabled")))
                if chosen and c.code == chosen.code:
                    self.table.setCurrentCell(r, 0)
        self._selection_changed()

    def selected(self):
        row = selected_row(self.table)
        return self.coupons[row] if 0 <= row < len(self.coupons) else None

    def _selection_changed(self) -> None:
        c = self.selected()
        self.toggle_button.setEnabled(c is not None)
        self.toggle_button.setText(self.tr("Enable") if c and not c.active else self.tr("Disable"))

    def add(self) -> CouponDialog:
        clock = self.runner.clock or utc_now
        self.dialog = CouponDialog(self.runner, self.unit, clock().astimezone(TEHRAN).date(), self)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()
        return self.dialog

    def _added(self) -> None:
        message(self.status, i18n.arg(self.tr("Coupon %1 added."), i18n.ltr(self.dialog.saved.code)))
        self.reload()
        self.changed.emit()

    def toggle_selected(self) -> None:
        c = self.selected()
        if c is None:
            return
        code, active = c.code, not c.active

        def done(_):
            text = self.tr("Coupon %1 enabled.") if active else self.tr("Coupon %1 disabled.")
            message(self.status, i18n.arg(text, i18n.ltr(code)))
            self.reload()
            self.changed.emit()

        self.runner.call(lambda s: services.club.set_coupon_active(s, code, active), done,
                         lambda e: message(self.status, i18n.error_text(e), True))


class ClubSettingsPage(QWidget):
    """The owner's page: one tab per part of the club's design, plus backups and the audit log.
    Emits ``settings_changed(ClubSettings)`` after a save (the main window passes the unit on)."""

    settings_changed = Signal(object)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clubSettingsPage")
        self.runner = runner
        self.unit = "toman"
        self.settings: ClubSettings | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.shop = ShopTab(runner)
        self.rules = RulesTab(runner)
        self.tiers = TiersTab(runner)
        self.coupons = CouponsTab(runner)
        self.audit = AuditTab(runner)
        self.tabs.addTab(self.shop, self.tr("Shop"))
        self.tabs.addTab(self.rules, self.tr("Earn and redeem"))
        self.tabs.addTab(self.tiers, self.tr("Tiers"))
        self.tabs.addTab(self.coupons, self.tr("Coupons"))
        self.backups = BackupsTab(runner)
        self.tabs.addTab(self.backups, self.tr("Backups"))
        self.tabs.addTab(self.audit, self.tr("Changes"))
        # import and export (owner): members in from a file, members/purchases/ledger out
        self.import_export: ImportExportTab | None = None
        if may_import_export(runner):
            self.import_export = ImportExportTab(runner)
            self.tabs.insertTab(self.tabs.indexOf(self.audit), self.import_export, self.tr("Import and export"))
            self.import_export.changed.connect(self.audit.reload)
        self.load_error = QLabel()
        self.load_error.setObjectName("settingsLoadError")
        self.load_error.setWordWrap(True)
        self.load_error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.load_error)
        layout.addWidget(self.tabs)

        for tab in (self.shop, self.rules, self.backups):
            tab.saved.connect(self._settings_saved)
        self.backups.restored.connect(lambda _: self.activate())
        for tab in (self.tiers, self.coupons):
            tab.changed.connect(self.audit.reload)
        self.tabs.currentChanged.connect(self._tab_changed)

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        for tab in (self.rules, self.tiers, self.coupons, self.audit):
            tab.set_unit(unit)

    def activate(self) -> None:
        """Fresh from the database each time the page is shown."""
        def loaded(value):
            settings, logo = value
            self.load_error.hide()
            self._show_settings(settings)
            self.shop.show_logo(logo)

        def failed(error):
            message(self.load_error, i18n.error_text(error), True)
            self.load_error.show()

        self.runner.call(lambda s: (services.club.get_settings(s), services.users.logo(s)), loaded, failed)
        self.tiers.reload()
        self.coupons.reload()
        self.backups.reload()
        self.audit.reload()

    def _show_settings(self, settings: ClubSettings) -> None:
        self.settings = settings
        if settings.display_unit != self.unit:
            self.set_unit(settings.display_unit)
        self.shop.show_settings(settings)
        self.rules.show_settings(settings)
        self.backups.show_settings(settings)

    def _settings_saved(self, settings: ClubSettings) -> None:
        self._show_settings(settings)
        self.audit.reload()
        self.settings_changed.emit(settings)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.audit:
            self.audit.reload()

