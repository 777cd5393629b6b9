"""The owner's settings and users pages through the real widgets: rules saved, every problem of a bad
form at once with nothing saved, tiers and coupons, the audit tab, backups, users and passwords;
the cashier gets none of it, and the service's refusal reads as a sentence, not a traceback."""

from __future__ import annotations

import time
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QMessageBox

from loyaltydesk import services
from loyaltydesk.domain.errors import PermissionDenied
from loyaltydesk.domain.jalali import TEHRAN, from_iso
from loyaltydesk.domain.roles import Action, Role
from loyaltydesk.domain.text import to_ascii_digits
from loyaltydesk.gui import i18n
from loyaltydesk.gui.main_window import MainWindow
from loyaltydesk.gui.pages.club_settings import ClubSettingsPage
from loyaltydesk.gui.password_dialog import ChangePasswordDialog
from loyaltydesk.gui.server_dialog import ClubPlaceTab
from loyaltydesk.services import audit_log
from loyaltydesk.services.session import DENIED
from loyaltydesk.services.changes import ALL

from .conftest import owner_window, sign_in, wait_idle
from .test_cashier import type_text

PNG = b"\x89PNG\r\n\x1a\n"


def settings_now(runner):
    return runner.call(services.club.get_settings).result()


def audit_count(runner) -> int:
    return runner.call(lambda s: len(audit_log.recent(s, 1000))).result()


def settle(qtbot, runner):
    qtbot.wait(30)
    wait_idle(qtbot, runner)


def plain(text: str) -> str:
    return to_ascii_digits(text).replace("٬", ",").replace("٫", ".")


def logo_bytes() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(96, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#2e7d32"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


# -- the pages and who gets them -------------------------------------------------------------------

def test_owner_gets_settings_and_users_in_order_and_the_cashier_does_not(qtbot, runner):
    window, _ = owner_window(qtbot, runner, "settings")
    names = [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]
    assert [n for n in names if n in ("cashier", "members", "settings", "users")] == \
        [n for n in ("cashier", "members", "settings", "users") if n in names]
    assert {"settings", "users"} <= set(names)
    settings = window.pages["settings"]
    assert settings.place is not None and settings.tabs.indexOf(settings.place) >= 0  # where the club is
    runner.sign_out()
    session = sign_in(runner, "sara")
    cashier = MainWindow(runner, session)
    qtbot.addWidget(cashier)
    assert "settings" not in cashier.pages and "users" not in cashier.pages
    for name in cashier.specs:  # nowhere a cashier goes shows where the club is, nor moves the till
        cashier.show_page(name)
    wait_idle(qtbot, runner)
    assert cashier.findChildren(ClubPlaceTab) == []


def test_a_settings_change_by_the_cashier_is_refused_in_plain_words(qtbot, runner, shot):
    sign_in(runner, "sara")
    page = ClubSettingsPage(runner)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    page.refresh(ALL)  # (a page of its own: the main window would read it when first shown)
    settle(qtbot, runner)
    before = settings_now(runner)
    page.rules.expiry.setValue(3)
    page.rules.save()
    settle(qtbot, runner)
    shown = page.rules.form.problems_shown()
    expected = i18n.error_text(PermissionDenied(DENIED, role="cashier", action=Action.CHANGE_RULES.value.replace("_", " ")))
    assert shown == {"": expected}
    assert "Traceback" not in expected and "cashier" in expected or "صندوق" in expected
    assert settings_now(runner) == before
    page.tabs.setCurrentWidget(page.rules)
    shot(page, "settings-rules-refused-for-cashier")
    # where the club is (and pointing this till at a server) is the owner's: no tab for a cashier
    assert page.place is None and page.findChildren(ClubPlaceTab) == []
    assert page.tr("Where the club is") not in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    # the audit log is the owner's to read: the tab says so instead of listing anything
    page.tabs.setCurrentWidget(page.audit)
    settle(qtbot, runner)
    assert page.audit.table.rowCount() == 0 and page.audit.status.text()
    shot(page, "settings-audit-refused-for-cashier")


# -- the shop and the rules ------------------------------------------------------------------------

def test_shop_tab_saves_name_unit_thank_you_and_logo(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    shop = page.shop
    assert shop.shop_name.text() == settings_now(runner).shop_name
    shop.shop_name.clear()
    type_text(shop.shop_name, "عطاری گلستان")
    shop.unit.setCurrentIndex(shop.unit.findData("rial"))
    shop.thank_you.setText("به امید دیدار دوباره")
    emitted = []
    runner.changes.connect(emitted.append)
    shop.save()
    settle(qtbot, runner)
    after = settings_now(runner)
    assert (after.shop_name, after.display_unit, after.thank_you) == ("عطاری گلستان", "rial", "به امید دیدار دوباره")
    assert emitted and emitted[0].settings  # the save's broadcast: every page hears of the unit
    assert window.settings.display_unit == "rial"
    assert page.rules.rials_per_point.unit == "rial"
    assert plain(page.rules.rials_per_point.text()) == f"{after.rials_per_point:,}"

    shop.save_logo(logo_bytes())
    settle(qtbot, runner)
    assert runner.call(services.users.logo).result().startswith(PNG)
    assert shop.logo_preview.pixmap() is not None and not shop.logo_preview.pixmap().isNull()
    shop.save_logo(b"not a picture")
    settle(qtbot, runner)
    assert "logo" in shop.form.problems_shown()
    assert runner.call(services.users.logo).result().startswith(PNG)
    shop.form.clear_problems()
    shot(window, "settings-shop")


def test_change_the_rules_and_see_them_saved(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.rules)
    rules = page.rules
    before = settings_now(runner)
    assert before.display_unit == "toman"
    assert plain(rules.rials_per_point.text()) == f"{before.rials_per_point // 10:,}"
    rules.rials_per_point.clear()
    type_text(rules.rials_per_point, "۲۰۰۰")  # 2,000 tomans = 20,000 rials
    rules.redeem_cap.setText("۳۵٫۵")
    rules.expiry.setValue(0)
    rules.window.setCurrentIndex(rules.window.findData("jalali-year"))
    rules.referral.setValue(250)
    rules.save()
    settle(qtbot, runner)
    after = settings_now(runner)
    assert (after.rials_per_point, after.redeem_cap_bp, after.expiry_months, after.window, after.referral_bonus) == \
        (20_000, 3_550, 0, "jalali-year", 250)
    assert after.point_value == before.point_value  # untouched fields stay as they were
    assert rules.expiry.text() == rules.tr("Never")
    assert rules.status.text()
    entry = runner.call(lambda s: audit_log.recent(s, 1, "settings")).result()[0]
    assert entry.action == "update_settings" and entry.actor == "owner"
    assert entry.before["rials_per_point"] == before.rials_per_point and entry.after["rials_per_point"] == 20_000
    shot(window, "settings-rules")

    page.tabs.setCurrentWidget(page.audit)
    settle(qtbot, runner)
    assert page.audit.table.rowCount() > 0
    first = page.audit.table.item(0, 4).text()
    assert "20,000" in plain(first) or "2,000" in plain(first)
    shot(window, "settings-audit")


def test_refreshing_the_shown_changes_tab_does_not_freeze_the_window(qtbot, runner):
    """Every cell of a shown table replaced: its columns measured once, not once per cell (the 300
    rows of the log took 17 s, the window frozen for whoever pressed Refresh)."""
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.audit)
    settle(qtbot, runner)
    table = page.audit.table
    assert table.isVisible() and table.rowCount() >= 100
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    started = time.perf_counter()
    page.audit.show_entries(page.audit.entries)
    assert time.perf_counter() - started < 3
    header = table.horizontalHeader()
    assert all(header.sectionResizeMode(c) == QHeaderView.ResizeMode.ResizeToContents for c in range(header.count()))
    assert [table.columnWidth(c) for c in range(table.columnCount())] == widths


def test_a_bad_rules_form_shows_every_problem_at_once_and_saves_nothing(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.rules)
    rules = page.rules
    before, logged = settings_now(runner), audit_count(runner)
    rules.rials_per_point.clear()          # 0: at least 1
    rules.redeem_cap.setText("۱۵۰")        # over 100%
    rules.referral.setValue(10)
    rules.save()
    settle(qtbot, runner)
    shown = rules.form.problems_shown()
    assert {"rials_per_point", "redeem_cap"} <= set(shown)
    assert settings_now(runner) == before and audit_count(runner) == logged
    shot(window, "settings-rules-problems")

    # the service's own checks (no unreadable field): all of them beside their fields too
    rules.redeem_cap.setText("50")
    page.shop.shop_name.clear()
    page.shop.save()
    settle(qtbot, runner)
    assert set(page.shop.form.problems_shown()) == {"shop_name"}
    rules.save()
    settle(qtbot, runner)
    assert set(rules.form.problems_shown()) == {"rials_per_point"}
    assert settings_now(runner) == before and audit_count(runner) == logged


# -- tiers -----------------------------------------------------------------------------------------

def test_add_and_edit_a_tier_with_its_colour(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.tiers)
    tiers = page.tiers
    count = tiers.table.rowCount()
    assert count == len(runner.call(services.club.list_tiers).result()) > 0
    shot(window, "settings-tiers")

    dialog = tiers.add()
    type_text(dialog.name, "پلاتینی")
    type_text(dialog.threshold, "90000000")  # tomans
    dialog.discount.setText("۷٫۵")
    dialog.multiplier.setValue(2.25)
    dialog.bonus.setValue(1000)
    dialog.choose_color()
    color_dialog = dialog.color_dialog
    assert color_dialog.isVisible()
    shot(color_dialog, "settings-tier-colour-dialog")
    color_dialog.setCurrentColor(QColor("#5b2c83"))
    color_dialog.accept()
    assert dialog.color == "#5b2c83"
    shot(dialog, "settings-tier-dialog")
    dialog.submit()
    settle(qtbot, runner)
    assert not dialog.isVisible()
    added = [t for t in runner.call(services.club.list_tiers).result() if t.name == "پلاتینی"][0]
    assert (added.threshold, added.discount_bp, added.multiplier_pct, added.birthday_bonus, added.color) == \
        (900_000_000, 750, 225, 1000, "#5b2c83")
    assert tiers.table.rowCount() == count + 1

    row = [t.name for t in tiers.tiers].index("پلاتینی")
    tiers.table.setCurrentCell(row, 0)
    dialog = tiers.edit_selected()
    assert plain(dialog.threshold.text()) == "90,000,000" and dialog.color == "#5b2c83"
    dialog.set_color("#00897b")
    dialog.bonus.setValue(1500)
    dialog.name.setText("پلاتین")  # a rename keeps the tier (and its members)
    dialog.submit()
    settle(qtbot, runner)
    assert not dialog.isVisible()
    edited = runner.call(lambda s: services.club.get_tier(s, "پلاتین")).result()
    assert edited.id == added.id
    assert (edited.color, edited.birthday_bonus, edited.threshold) == ("#00897b", 1500, 900_000_000)
    swatch = tiers.table.cellWidget(row, 5).findChild(QLabel, "swatch")
    assert swatch.color() == QColor("#00897b") and "#" not in swatch.text()  # the colour, not its code
    shot(window, "settings-tiers-edited")


def test_a_bad_tier_shows_every_problem_at_once_and_saves_nothing(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    existing = runner.call(services.club.list_tiers).result()
    dialog = page.tiers.add()
    dialog.name.setText(existing[0].name)             # taken
    dialog.threshold.set_rials(existing[1].threshold)  # taken
    dialog.discount.setText("abc")                    # not a percent
    dialog.submit()
    settle(qtbot, runner)
    assert {"name", "threshold", "discount"} <= set(dialog.form.problems_shown())
    assert dialog.isVisible()
    shot(dialog, "settings-tier-problems")
    dialog.discount.setText("5")
    dialog.submit()
    settle(qtbot, runner)
    shown = dialog.form.problems_shown()
    assert set(shown) == {"name", "threshold"}  # now from the service
    assert i18n.money(existing[1].threshold, "toman") in shown["threshold"]  # as typed, in tomans
    assert runner.call(services.club.list_tiers).result() == existing
    dialog.reject()


# -- coupons ---------------------------------------------------------------------------------------

def test_add_a_coupon_with_jalali_dates_and_disable_it(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.coupons)
    coupons = page.coupons
    codes = [c.code for c in coupons.coupons]
    assert "NOWRUZ" in codes

    dialog = coupons.add()
    dialog.code.setText("yalda-1405")
    dialog.by_amount.setChecked(True)
    type_text(dialog.amount, "۵۰۰۰۰")  # tomans
    dialog.max_uses.setValue(100)
    dialog.reusable.setChecked(True)
    dialog.has_from.setChecked(True)
    dialog.has_to.setChecked(True)
    dialog.valid_from.set_jalali(1405, 9, 30)  # the field converts with domain.jalali, not Qt's calendar
    dialog.valid_to.set_jalali(1405, 10, 1)
    assert plain(dialog.valid_from.text()) == "1405/09/30"
    shot(dialog, "settings-coupon-dialog")
    dialog.submit()
    settle(qtbot, runner)
    assert not dialog.isVisible()
    saved = [c for c in runner.call(services.club.list_coupons).result() if c.code == "YALDA-1405"][0]
    assert (saved.amount, saved.percent_bp, saved.max_uses, saved.once_per_member, saved.active) == \
        (500_000, 0, 100, 0, 1)
    start, end = (from_iso(saved.valid_from).astimezone(TEHRAN), from_iso(saved.valid_to).astimezone(TEHRAN))
    assert (start.date().isoformat(), start.hour) == ("2026-12-21", 0)  # 1405/09/30 00:00 Tehran
    assert end.date().isoformat() == "2026-12-22" and end + timedelta(seconds=1) == start + timedelta(days=2)

    row = [c.code for c in coupons.coupons].index("YALDA-1405")
    assert plain(coupons.table.item(row, 4).text()) == "1405/09/30"
    coupons.table.setCurrentCell(row, 0)
    assert coupons.toggle_button.text() == coupons.tr("Disable")
    coupons.toggle_selected()
    settle(qtbot, runner)
    assert [c.active for c in runner.call(services.club.list_coupons).result() if c.code == "YALDA-1405"] == [0]
    assert coupons.toggle_button.text() == coupons.tr("Enable")
    assert coupons.table.item(row, 6).text() == coupons.tr("Disabled")
    shot(window, "settings-coupons")


def test_a_bad_coupon_shows_every_problem_at_once(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "settings")
    before = runner.call(services.club.list_coupons).result()
    dialog = page.coupons.add()
    dialog.code.setText("!")
    dialog.percent.setText("۲۰۰")
    dialog.has_from.setChecked(True)
    dialog.has_to.setChecked(True)
    dialog.valid_to.setDate(dialog.valid_from.date().addDays(-3))
    dialog.submit()
    settle(qtbot, runner)
    assert {"code", "percent", "valid_to"} <= set(dialog.form.problems_shown())
    shot(dialog, "settings-coupon-problems")
    dialog.code.setText("NOWRUZ")  # exists: the service refuses it
    dialog.percent.setText("10")
    dialog.has_to.setChecked(False)
    dialog.submit()
    settle(qtbot, runner)
    assert "NOWRUZ" in dialog.form.problems_shown()[""]
    assert runner.call(services.club.list_coupons).result() == before
    dialog.reject()


# -- backups ---------------------------------------------------------------------------------------

def test_backups_tab_backs_up_lists_and_restores_after_asking(qtbot, runner, tmp_path, shot):
    window, page = owner_window(qtbot, runner, "settings")
    page.tabs.setCurrentWidget(page.backups)
    tab = page.backups
    tab.folder.setText(str(tmp_path / "stick"))
    assert tab.keep_mb.value() == 5_000  # the total the automatic backups may take, shown as set
    tab.keep_daily.setValue(10)
    tab.keep_mb.setValue(2_500)
    tab.save()
    settle(qtbot, runner)
    now = settings_now(runner)
    assert (now.backup_folder, now.backup_keep_daily, now.backup_keep_mb) == (str(tmp_path / "stick"), 10, 2_500)

    tab.passphrase.setText("short")
    tab.back_up_now()
    settle(qtbot, runner)
    assert "passphrase" in tab.pass_form.problems_shown() and tab.table.rowCount() == 0
    tab.passphrase.clear()
    tab.back_up_now()
    settle(qtbot, runner)
    assert tab.table.rowCount() == 1 and (tmp_path / "stick").is_dir()
    assert tab.backups[0].path.startswith(str(tmp_path / "stick"))
    assert tab.backups[0].name.endswith(".ldbox")  # the demo club is encrypted: sealed to its owners
    tab.table.setCurrentCell(0, 0)
    tab.owner_password.setText("demo1234")  # which an owner's password opens
    tab.verify_selected()
    settle(qtbot, runner)
    assert not tab.status.property("error")
    shot(window, "settings-backups")

    # a change after the backup, then restore: the change is gone
    runner.call(lambda s: services.club.update_settings(s, referral_bonus=777)).result()
    box = tab.ask_restore()
    assert box.isVisible()
    shot(box, "settings-restore-confirm")
    box.button(QMessageBox.StandardButton.Cancel).click()
    settle(qtbot, runner)
    assert settings_now(runner).referral_bonus == 777
    box = tab.ask_restore()
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, runner)
    assert settings_now(runner).referral_bonus != 777
    assert "restore" in [e.action for e in runner.call(lambda s: audit_log.recent(s, 5)).result()]
    assert not tab.status.property("error") and tab.status.text()


# -- users -----------------------------------------------------------------------------------------

def test_add_a_cashier_reset_their_password_and_deactivate_them(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "users")
    assert [u.username for u in page.users] == ["owner", "sara"]
    shot(window, "users")

    dialog = page.add()
    dialog.username.setText("x")
    dialog.password.setText("abc")
    dialog.repeat.setText("abd")
    dialog.submit()
    settle(qtbot, runner)
    assert {"username", "password", "repeat"} <= set(dialog.form.problems_shown())
    shot(dialog, "users-add-problems")
    dialog.username.setText("Ali")
    type_text(dialog.display_name, "علی کریمی")
    dialog.password.setText("kassa123")
    dialog.repeat.setText("kassa123")
    shot(dialog, "users-add")
    dialog.submit()
    settle(qtbot, runner)
    assert not dialog.isVisible()
    assert [(u.username, u.role, u.display_name) for u in page.users if u.username == "ali"] == \
        [("ali", "cashier", "علی کریمی")]

    page.select("ali")
    reset = page.reset_password()
    reset.password.setText("fresh456")
    reset.repeat.setText("fresh456")
    shot(reset, "users-reset-password")
    reset.submit()
    settle(qtbot, runner)
    assert not reset.isVisible()
    assert runner.call_db(lambda db: services.users.sign_in(db, "ali", "fresh456", runner.clock)).result()

    page.select("ali")
    page.toggle_role()
    settle(qtbot, runner)
    assert [u.role for u in page.users if u.username == "ali"] == [Role.OWNER.value]
    page.select("ali")
    page.toggle_role()
    settle(qtbot, runner)
    page.select("ali")
    assert page.active_button.text() == page.tr("Deactivate")
    page.toggle_active()
    settle(qtbot, runner)
    assert [u.active for u in page.users if u.username == "ali"] == [False]
    assert page.table.item([u.username for u in page.users].index("ali"), 3).text() == page.tr("Deactivated")
    refused = runner.call_db(lambda db: _sign_in_error(db, "ali", "fresh456", runner.clock)).result()
    assert refused is not None
    shot(window, "users-after")


def _sign_in_error(db, username, password, clock):
    try:
        services.users.sign_in(db, username, password, clock)
    except services.users.SignInRefused as e:
        return e
    return None


def test_the_owner_cannot_deactivate_themselves_nor_the_last_owner(qtbot, runner, shot):
    window, page = owner_window(qtbot, runner, "users")
    page.select("owner")
    page.toggle_active()
    settle(qtbot, runner)
    assert page.status.text() == i18n.error_text(services.users.Conflict(services.users.NOT_YOURSELF))
    assert page.status.property("error")
    shot(window, "users-refused-yourself")

    # the command line acts as an owner without a user row: it still cannot remove the last owner
    cli = runner.call_db(lambda db: services.owner_session(db, "cli", runner.clock)).result()
    runner.sign_in(cli)
    page.reload()
    settle(qtbot, runner)
    page.select("owner")
    page.toggle_active()
    settle(qtbot, runner)
    assert page.status.text() == i18n.error_text(services.users.Conflict(services.users.LAST_OWNER))
    users = runner.call(services.users.list_users).result()
    assert [(u.role, u.active) for u in users if u.username == "owner"] == [(Role.OWNER.value, True)]


def test_anyone_changes_their_own_password(qtbot, runner, shot):
    sign_in(runner, "sara")
    dialog = ChangePasswordDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.current.setText("wrong-one")
    dialog.password.setText("new")
    dialog.repeat.setText("other")
    dialog.submit()
    settle(qtbot, runner)
    assert {"password", "repeat"} <= set(dialog.form.problems_shown())
    dialog.password.setText("sara2026")
    dialog.repeat.setText("sara2026")
    dialog.submit()
    settle(qtbot, runner)
    assert "current" in dialog.form.problems_shown()
    shot(dialog, "change-my-password")
    dialog.current.setText("demo1234")
    dialog.submit()
    settle(qtbot, runner)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert runner.call_db(lambda db: services.users.sign_in(db, "sara", "sara2026", runner.clock)).result()
