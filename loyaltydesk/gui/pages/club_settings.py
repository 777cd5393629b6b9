"""The owner's club settings: the shop, the earn and redeem rules, tiers, coupons, backups and the
audit log of every change. The controllers: the only part of the page that calls services; the
layout is ``club_settings_view``'s.

Everything is read and written through ``services.club`` (and ``services.users`` for the logo);
the services check the role, validate the whole form and audit the change. Their problems appear
beside the fields, all at once. A cashier never gets this page, and a change attempted anyway is
refused by the service with a readable message. What a save changed comes back through the
runner's broadcast (``Page.refresh``): the page, the main window's unit and the audit tab read
again from there, not from signals wired between tabs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from loyaltydesk import services
from loyaltydesk.domain.errors import ValidationError
from loyaltydesk.domain.jalali import TEHRAN, utc_now
from loyaltydesk.domain.money import parse_percent_bp
from loyaltydesk.domain.roles import Action, may
from loyaltydesk.domain.settings import ClubSettings, validate_settings
from loyaltydesk.services.changes import Changes

from .. import i18n
from ..ops import Runner
from ..server_dialog import ClubPlaceTab
from .audit_tab import AuditTab
from .backups_tab import BackupsTab
from .club_dialogs import CouponDialog, TierDialog, money_value
from .club_settings_view import ClubSettingsView, CouponsList, RulesView, ShopView, TiersList, swatch_cell
from .import_export_tab import ImportExportTab, may_import_export
from .tables import message

__all__ = ["ClubSettingsPage", "CouponsTab", "RulesTab", "ShopTab", "TiersTab", "swatch_cell"]


class ShopTab(ShopView):
    """Saves the name, the unit and the thank-you line; the logo as soon as it is chosen."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo.clicked.connect(lambda: self.save_logo(None))
        self.save_button.clicked.connect(self.save)

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

    def _failed(self, error) -> None:
        self.save_button.setEnabled(True)
        self.status.clear()
        self.form.show_error(error)


class RulesTab(RulesView):
    """Reads the rules' form (every field it cannot read said with the service's problems) and saves it."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.save_button.clicked.connect(self.save)

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

    def _failed(self, error) -> None:
        self.save_button.setEnabled(True)
        self.status.clear()
        self.form.show_error(error)


class TiersTab(TiersList):
    """Reads the tiers; adds and edits one in a dialog."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.dialog: TierDialog | None = None
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)

    def reload(self) -> None:
        self.runner.call(services.club.list_tiers, self.show_tiers,
                         lambda e: message(self.status, i18n.error_text(e), True))

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

    def _saved(self) -> None:  # (the list is read again through the broadcast)
        message(self.status, i18n.arg(self.tr("Tier %1 saved."), self.dialog.saved.name))


class CouponsTab(CouponsList):
    """Reads the coupons; adds one in a dialog, enables or disables the one chosen."""

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.dialog: CouponDialog | None = None
        self.add_button.clicked.connect(self.add)
        self.toggle_button.clicked.connect(self.toggle_selected)

    def reload(self) -> None:
        self.runner.call(services.club.list_coupons, self.show_coupons,
                         lambda e: message(self.status, i18n.error_text(e), True))

    def add(self) -> CouponDialog:
        clock = self.runner.clock or utc_now
        self.dialog = CouponDialog(self.runner, self.unit, clock().astimezone(TEHRAN).date(), self)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()
        return self.dialog

    def _added(self) -> None:  # (the list is read again through the broadcast)
        message(self.status, i18n.arg(self.tr("Coupon %1 added."), i18n.ltr(self.dialog.saved.code)))

    def toggle_selected(self) -> None:
        c = self.selected()
        if c is None:
            return
        code, active = c.code, not c.active

        def done(_):
            text = self.tr("Coupon %1 enabled.") if active else self.tr("Coupon %1 disabled.")
            message(self.status, i18n.arg(text, i18n.ltr(code)))

        self.runner.call(lambda s: services.club.set_coupon_active(s, code, active), done,
                         lambda e: message(self.status, i18n.error_text(e), True))


def may_move_club(runner: Runner) -> bool:
    """Whether the one signed in may point this till at another club: the club's setting, the owner's."""
    role = runner.session.user.role if runner.session else None
    return role is not None and may(role, Action.CHANGE_RULES)


class ClubSettingsPage(ClubSettingsView):
    """The owner's page (a ``pages.Page``): each tab reads again on the changes it shows."""

    shows = Changes.of("settings", "tiers", "coupons", "backups")  # (the audit tab reads when looked at)

    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.unit = "toman"
        self.settings: ClubSettings | None = None
        self.shop = ShopTab(runner)
        self.rules = RulesTab(runner)
        self.tiers = TiersTab(runner)
        self.coupons = CouponsTab(runner)
        self.backups = BackupsTab(runner)
        self.audit = AuditTab(runner)
        tabs: list[tuple[QWidget, str]] = [
            (self.shop, self.tr("Shop")), (self.rules, self.tr("Earn and redeem")), (self.tiers, self.tr("Tiers")),
            (self.coupons, self.tr("Coupons")), (self.backups, self.tr("Backups"))]
        # import and export (owner): members in from a file, members/purchases/ledger out
        self.import_export: ImportExportTab | None = None
        if may_import_export(runner):
            self.import_export = ImportExportTab(runner)
            tabs.append((self.import_export, self.tr("Import and export")))
        # the club's file or server, and pointing this till at a server: the owner's setting (a
        # cashier, who has nothing to change here, is not shown the tab)
        self.place: ClubPlaceTab | None = None
        if may_move_club(runner):
            self.place = ClubPlaceTab(runner)
            tabs.append((self.place, self.tr("Where the club is")))
        tabs.append((self.audit, self.tr("Changes")))
        for tab, title in tabs:
            self.tabs.addTab(tab, title)
        self.tabs.currentChanged.connect(self._tab_changed)

    # -- page protocol ---------------------------------------------------------------------------
    def set_unit(self, unit: str) -> None:
        self.unit = unit
        for tab in (self.rules, self.tiers, self.coupons, self.audit):
            tab.set_unit(unit)

    def activate(self) -> None:
        """Shown (what it shows is read by ``refresh``)."""

    def refresh(self, changes: Changes) -> None:
        if changes.settings:
            self.load_settings()
        if changes.tiers:
            self.tiers.reload()
        if changes.coupons:
            self.coupons.reload()
        if changes.backups or changes.settings:
            self.backups.reload()
        if self.tabs.currentWidget() is self.audit:  # the log is long: read when looked at
            self._read_audit()

    def load_settings(self) -> None:
        def loaded(value):
            settings, logo = value
            self.load_error.hide()
            self._show_settings(settings)
            self.shop.show_logo(logo)

        def failed(error):
            message(self.load_error, i18n.error_text(error), True)
            self.load_error.show()

        self.runner.call(lambda s: (services.club.get_settings(s), services.users.logo(s)), loaded, failed)

    def _show_settings(self, settings: ClubSettings) -> None:
        self.settings = settings
        if settings.display_unit != self.unit:
            self.set_unit(settings.display_unit)
        self.shop.show_settings(settings)
        self.rules.show_settings(settings)
        self.backups.show_settings(settings)

    def _read_audit(self) -> None:
        self.audit.reload()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.audit:
            self._read_audit()
