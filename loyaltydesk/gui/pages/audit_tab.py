"""The settings page's "changes" tab: the audit log, newest first — who, when, what, before → after.

Read only: the program has no way to edit the log (and the database refuses it). The owner may
narrow it to one kind of thing (settings, tiers, coupons, users…).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.services import audit_log

from .. import i18n
from ..ops import Runner
from .club_dialogs import decimal_text, percent_text
from .tables import cell, filling, message, read_only_table

LIMIT = 300
CONTEXT = "AuditLog"

ACTIONS = {
    "update_settings": QT_TRANSLATE_NOOP("AuditLog", "changed the club settings"),
    "set_logo": QT_TRANSLATE_NOOP("AuditLog", "changed the logo"),
    "set_survey_aspects": QT_TRANSLATE_NOOP("AuditLog", "changed the survey aspects"),
    "set_up_club": QT_TRANSLATE_NOOP("AuditLog", "set up the club"),
    "add_tier": QT_TRANSLATE_NOOP("AuditLog", "added a tier"),
    "edit_tier": QT_TRANSLATE_NOOP("AuditLog", "edited a tier"),
    "review_tiers": QT_TRANSLATE_NOOP("AuditLog", "reviewed the tiers"),
    "add_coupon": QT_TRANSLATE_NOOP("AuditLog", "added a coupon"),
    "set_coupon_active": QT_TRANSLATE_NOOP("AuditLog", "enabled or disabled a coupon"),
    "add_user": QT_TRANSLATE_NOOP("AuditLog", "added a user"),
    "edit_user": QT_TRANSLATE_NOOP("AuditLog", "changed a user"),
    "reset_password": QT_TRANSLATE_NOOP("AuditLog", "reset a password"),
    "change_password": QT_TRANSLATE_NOOP("AuditLog", "changed their password"),
    "sign_in": QT_TRANSLATE_NOOP("AuditLog", "signed in"),
    "sign_in_failed": QT_TRANSLATE_NOOP("AuditLog", "failed to sign in"),
    "sign_up": QT_TRANSLATE_NOOP("AuditLog", "signed up a member"),
    "edit_member": QT_TRANSLATE_NOOP("AuditLog", "edited a member"),
    "set_status": QT_TRANSLATE_NOOP("AuditLog", "blocked or unblocked a member"),
    "adjust_points": QT_TRANSLATE_NOOP("AuditLog", "adjusted points"),
    "refund": QT_TRANSLATE_NOOP("AuditLog", "refunded a purchase"),
    "run_expiry": QT_TRANSLATE_NOOP("AuditLog", "expired old points"),
    "grant_birthday_bonuses": QT_TRANSLATE_NOOP("AuditLog", "granted birthday bonuses"),
    "print_cards": QT_TRANSLATE_NOOP("AuditLog", "printed member cards"),
    "register_purchase": QT_TRANSLATE_NOOP("AuditLog", "registered a purchase"),
    "import_members": QT_TRANSLATE_NOOP("AuditLog", "imported members"),
    "export": QT_TRANSLATE_NOOP("AuditLog", "exported data"),
    "add_survey": QT_TRANSLATE_NOOP("AuditLog", "recorded a survey"),
    "back_up": QT_TRANSLATE_NOOP("AuditLog", "made a backup"),
    "auto_backup": QT_TRANSLATE_NOOP("AuditLog", "made an automatic backup"),
    "restore": QT_TRANSLATE_NOOP("AuditLog", "restored a backup"),
}

FIELDS = {
    "shop_name": QT_TRANSLATE_NOOP("AuditLog", "shop name"),
    "display_unit": QT_TRANSLATE_NOOP("AuditLog", "display unit"),
    "rials_per_point": QT_TRANSLATE_NOOP("AuditLog", "spend for one point"),
    "point_value": QT_TRANSLATE_NOOP("AuditLog", "point value"),
    "redeem_cap_bp": QT_TRANSLATE_NOOP("AuditLog", "redemption cap"),
    "expiry_months": QT_TRANSLATE_NOOP("AuditLog", "expiry (months)"),
    "window": QT_TRANSLATE_NOOP("AuditLog", "qualifying window"),
    "referral_bonus": QT_TRANSLATE_NOOP("AuditLog", "referral bonus"),
    "thank_you": QT_TRANSLATE_NOOP("AuditLog", "thank-you line"),
    "backup_folder": QT_TRANSLATE_NOOP("AuditLog", "backup folder"),
    "backup_keep_daily": QT_TRANSLATE_NOOP("AuditLog", "daily backups kept"),
    "backup_keep_weekly": QT_TRANSLATE_NOOP("AuditLog", "weekly backups kept"),
    "name": QT_TRANSLATE_NOOP("AuditLog", "name"),
    "threshold": QT_TRANSLATE_NOOP("AuditLog", "threshold"),
    "discount_bp": QT_TRANSLATE_NOOP("AuditLog", "discount"),
    "multiplier_pct": QT_TRANSLATE_NOOP("AuditLog", "multiplier"),
    "birthday_bonus": QT_TRANSLATE_NOOP("AuditLog", "birthday bonus"),
    "color": QT_TRANSLATE_NOOP("AuditLog", "colour"),
    "active": QT_TRANSLATE_NOOP("AuditLog", "active"),
    "role": QT_TRANSLATE_NOOP("AuditLog", "role"),
    "display_name": QT_TRANSLATE_NOOP("AuditLog", "display name"),
    "username": QT_TRANSLATE_NOOP("AuditLog", "user name"),
    "code": QT_TRANSLATE_NOOP("AuditLog", "code"),
    "percent_bp": QT_TRANSLATE_NOOP("AuditLog", "percent"),
    "amount": QT_TRANSLATE_NOOP("AuditLog", "amount"),
    "max_uses": QT_TRANSLATE_NOOP("AuditLog", "uses in all"),
}

YES = QT_TRANSLATE_NOOP("AuditLog", "yes")
NO = QT_TRANSLATE_NOOP("AuditLog", "no")
PERCENT = QT_TRANSLATE_NOOP("AuditLog", "%1%")
MAX_LINES = 8  # a purchase or an import lists many fields: the first few say enough
MONEY = {"rials_per_point", "point_value", "threshold", "amount"}
BASIS_POINTS = {"redeem_cap_bp", "discount_bp", "percent_bp"}
SKIP = {"id", "created_at"}

ENTITIES = [
    ("", QT_TRANSLATE_NOOP("AuditLog", "Everything")),
    ("settings", QT_TRANSLATE_NOOP("AuditLog", "Settings")),
    ("tier", QT_TRANSLATE_NOOP("AuditLog", "Tiers")),
    ("coupon", QT_TRANSLATE_NOOP("AuditLog", "Coupons")),
    ("user", QT_TRANSLATE_NOOP("AuditLog", "Users")),
    ("member", QT_TRANSLATE_NOOP("AuditLog", "Members")),
    ("database", QT_TRANSLATE_NOOP("AuditLog", "Backups and restores")),
]


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def value_text(key: str, value, unit: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _t(YES) if value else _t(NO)
    if isinstance(value, int) and key in MONEY:
        return i18n.money(value, unit)
    if isinstance(value, int) and key in BASIS_POINTS:
        return i18n.arg(_t(PERCENT), percent_text(value))
    if isinstance(value, int) and key == "multiplier_pct":
        return i18n.ltr("×" + decimal_text(f"{value / 100:g}"))
    if isinstance(value, int):
        return i18n.number(value)
    text = str(value)
    return i18n.ltr(text) if text.isascii() else text


def change_text(entry: audit_log.AuditEntry, unit: str) -> str:
    """``field: before → after`` for each changed field, one per line."""
    lines = []
    for key, before, after in entry.changes():
        if key in SKIP:
            continue
        name = _t(FIELDS[key]) if key in FIELDS else key
        if before is None and entry.before is None:
            lines.append(f"{name}: {value_text(key, after, unit)}")
        else:
            lines.append(f"{name}: {value_text(key, before, unit)} ← {value_text(key, after, unit)}"
                         if i18n.is_persian() else f"{name}: {value_text(key, before, unit)} → {value_text(key, after, unit)}")
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES - 1] + ["…"]
    return "\n".join(lines)


class AuditTab(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.unit = "toman"
        self.entries: list[audit_log.AuditEntry] = []
        self.filter = QComboBox()
        self.filter.setObjectName("auditFilter")
        for value, title in ENTITIES:
            self.filter.addItem(_t(title), value)
        self.filter.currentIndexChanged.connect(lambda _: self.reload())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        self.table = read_only_table([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Which"),
                                      self.tr("Before → after")], "auditTable")
        self.table.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.filter)
        top.addWidget(refresh)
        top.addWidget(self.status, 1)
        note = QLabel(self.tr("Every change to the club is kept here; the log cannot be edited."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        self.show_entries(self.entries)

    def reload(self) -> None:
        entity = self.filter.currentData() or None
        self.runner.call(lambda s: audit_log.recent(s, LIMIT, entity), self.show_entries,
                         lambda e: message(self.status, i18n.error_text(e), True))

    def show_entries(self, entries) -> None:
        self.entries = list(entries)
        self.status.clear()
        with filling(self.table):
            self.table.setRowCount(len(self.entries))
            for r, e in enumerate(self.entries):
                role = self.tr("owner") if e.role == "owner" else self.tr("cashier") if e.role == "cashier" else e.role
                self.table.setItem(r, 0, cell(i18n.moment(e.at)))
                self.table.setItem(r, 1, cell(f"{i18n.ltr(e.actor)} ({role})"))
                self.table.setItem(r, 2, cell(_t(ACTIONS[e.action]) if e.action in ACTIONS else e.action))
                which = e.entity_id or ""
                self.table.setItem(r, 3, cell(i18n.ltr(i18n.digits(which)) if which else "—"))
                self.table.setItem(r, 4, cell(change_text(e, self.unit)))
        self.table.resizeRowsToContents()  # after the columns' widths: a wrapped change is taller
