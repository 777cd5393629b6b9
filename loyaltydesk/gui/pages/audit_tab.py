"""The settings page's "changes" tab: the audit log, newest first — who, when, what, before → after.

Readable by the owner, not by the program's author: Persian labels for every stored field, stored
words (active, blocked, owner…) translated, Jalali Tehran times instead of UTC ISO moments,
amounts in the display unit, users by the name the shop knows them by, tier colours as swatches.

Read only: the program has no way to edit the log (and the database refuses it). The owner may
narrow it to one kind of thing (settings, tiers, coupons, users…).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP
from loyaltydesk.domain.jalali import from_iso
from loyaltydesk.domain.surveys import CATEGORIES
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
    "keep_passwords": QT_TRANSLATE_NOOP("AuditLog", "kept today's passwords after a restore"),
    "sign_in": QT_TRANSLATE_NOOP("AuditLog", "signed in"),
    "sign_in_failed": QT_TRANSLATE_NOOP("AuditLog", "failed to sign in"),
    "sign_up": QT_TRANSLATE_NOOP("AuditLog", "signed up a member"),
    "edit_member": QT_TRANSLATE_NOOP("AuditLog", "edited a member"),
    "set_status": QT_TRANSLATE_NOOP("AuditLog", "blocked or unblocked a member"),
    "adjust_points": QT_TRANSLATE_NOOP("AuditLog", "adjusted points"),
    "refund": QT_TRANSLATE_NOOP("AuditLog", "refunded a purchase"),
    "void_purchase": QT_TRANSLATE_NOOP("AuditLog", "voided their sale"),
    "run_expiry": QT_TRANSLATE_NOOP("AuditLog", "expired old points"),
    "grant_birthday_bonuses": QT_TRANSLATE_NOOP("AuditLog", "granted birthday bonuses"),
    "grant_anniversary_bonuses": QT_TRANSLATE_NOOP("AuditLog", "granted membership-anniversary bonuses"),
    "print_cards": QT_TRANSLATE_NOOP("AuditLog", "printed member cards"),
    "register_purchase": QT_TRANSLATE_NOOP("AuditLog", "registered a purchase"),
    "import_members": QT_TRANSLATE_NOOP("AuditLog", "imported members"),
    "export": QT_TRANSLATE_NOOP("AuditLog", "exported data"),
    "add_survey": QT_TRANSLATE_NOOP("AuditLog", "recorded a survey"),
    "back_up": QT_TRANSLATE_NOOP("AuditLog", "made a backup"),
    "auto_backup": QT_TRANSLATE_NOOP("AuditLog", "made an automatic backup"),
    "restore": QT_TRANSLATE_NOOP("AuditLog", "restored a backup"),
    # offers and rewards
    "set_offer_rule": QT_TRANSLATE_NOOP("AuditLog", "changed an offer rule"),
    "issue_offers": QT_TRANSLATE_NOOP("AuditLog", "issued birthday and win-back offers"),
    "winback_pass": QT_TRANSLATE_NOOP("AuditLog", "looked for members to win back"),
    "add_reward": QT_TRANSLATE_NOOP("AuditLog", "added a reward"),
    "edit_reward": QT_TRANSLATE_NOOP("AuditLog", "edited a reward"),
    "redeem_reward": QT_TRANSLATE_NOOP("AuditLog", "gave a reward for points"),
}

# every field the services write into the log, in the order a change lists them (the first
# MAX_LINES say what matters: who and how much before the bookkeeping)
FIELDS = {
    # members
    "name": QT_TRANSLATE_NOOP("AuditLog", "name"),
    "first_name": QT_TRANSLATE_NOOP("AuditLog", "first name"),
    "last_name": QT_TRANSLATE_NOOP("AuditLog", "last name"),
    "card": QT_TRANSLATE_NOOP("AuditLog", "card"),
    "mobile": QT_TRANSLATE_NOOP("AuditLog", "mobile"),
    "status": QT_TRANSLATE_NOOP("AuditLog", "status"),
    # purchases, refunds, voids
    "gross": QT_TRANSLATE_NOOP("AuditLog", "amount of the purchase"),
    "amount": QT_TRANSLATE_NOOP("AuditLog", "amount"),
    "net": QT_TRANSLATE_NOOP("AuditLog", "paid"),
    "net_refunded": QT_TRANSLATE_NOOP("AuditLog", "paid back"),
    "refunded": QT_TRANSLATE_NOOP("AuditLog", "refunded so far"),
    "tier_discount": QT_TRANSLATE_NOOP("AuditLog", "tier discount"),
    "coupon_code": QT_TRANSLATE_NOOP("AuditLog", "coupon"),
    "coupon_discount": QT_TRANSLATE_NOOP("AuditLog", "coupon discount"),
    "points_redeemed": QT_TRANSLATE_NOOP("AuditLog", "points redeemed"),
    "redeem_value": QT_TRANSLATE_NOOP("AuditLog", "paid with points"),
    "points_earned": QT_TRANSLATE_NOOP("AuditLog", "points earned"),
    "points_reversed": QT_TRANSLATE_NOOP("AuditLog", "points taken back"),
    "points_returned": QT_TRANSLATE_NOOP("AuditLog", "points given back"),
    "referrer_bonus": QT_TRANSLATE_NOOP("AuditLog", "referrer's bonus"),
    "referred_bonus": QT_TRANSLATE_NOOP("AuditLog", "referred member's reward"),
    "points": QT_TRANSLATE_NOOP("AuditLog", "points"),
    "change": QT_TRANSLATE_NOOP("AuditLog", "change"),
    "balance": QT_TRANSLATE_NOOP("AuditLog", "balance"),
    "reason": QT_TRANSLATE_NOOP("AuditLog", "reason"),
    "tier": QT_TRANSLATE_NOOP("AuditLog", "tier"),
    "tier_before": QT_TRANSLATE_NOOP("AuditLog", "tier before"),
    "tier_after": QT_TRANSLATE_NOOP("AuditLog", "tier after"),
    "upgraded": QT_TRANSLATE_NOOP("AuditLog", "moved up a tier"),
    "at": QT_TRANSLATE_NOOP("AuditLog", "time"),
    # the rest of a member
    "birthday": QT_TRANSLATE_NOOP("AuditLog", "birthday"),
    "gender": QT_TRANSLATE_NOOP("AuditLog", "gender"),
    "national_code": QT_TRANSLATE_NOOP("AuditLog", "national code"),
    "referrer_card": QT_TRANSLATE_NOOP("AuditLog", "referred by"),
    "referrer": QT_TRANSLATE_NOOP("AuditLog", "referred by"),
    "sms_consent": QT_TRANSLATE_NOOP("AuditLog", "agrees to SMS"),
    "notes": QT_TRANSLATE_NOOP("AuditLog", "notes"),
    "joined_at": QT_TRANSLATE_NOOP("AuditLog", "joined"),
    "tier_since": QT_TRANSLATE_NOOP("AuditLog", "in the tier since"),
    "qualifying_spend": QT_TRANSLATE_NOOP("AuditLog", "qualifying spend"),
    "next_tier": QT_TRANSLATE_NOOP("AuditLog", "next tier"),
    "to_next_tier": QT_TRANSLATE_NOOP("AuditLog", "more to the next tier"),
    "to_keep_tier": QT_TRANSLATE_NOOP("AuditLog", "more to keep the tier"),
    "to_next_visits": QT_TRANSLATE_NOOP("AuditLog", "visits more to the next tier"),
    "points_value": QT_TRANSLATE_NOOP("AuditLog", "points worth"),
    # settings
    "shop_name": QT_TRANSLATE_NOOP("AuditLog", "shop name"),
    "display_unit": QT_TRANSLATE_NOOP("AuditLog", "display unit"),
    "owner": QT_TRANSLATE_NOOP("AuditLog", "owner"),
    "rials_per_point": QT_TRANSLATE_NOOP("AuditLog", "spend for one point"),
    "point_value": QT_TRANSLATE_NOOP("AuditLog", "point value"),
    "redeem_cap_bp": QT_TRANSLATE_NOOP("AuditLog", "redemption cap"),
    "expiry_months": QT_TRANSLATE_NOOP("AuditLog", "expiry (months)"),
    "window": QT_TRANSLATE_NOOP("AuditLog", "qualifying window"),
    "referral_bonus": QT_TRANSLATE_NOOP("AuditLog", "referral bonus"),
    "signup_bonus": QT_TRANSLATE_NOOP("AuditLog", "sign-up bonus"),
    "anniversary_bonus": QT_TRANSLATE_NOOP("AuditLog", "anniversary bonus"),
    "thank_you": QT_TRANSLATE_NOOP("AuditLog", "thank-you line"),
    "confirm_above": QT_TRANSLATE_NOOP("AuditLog", "purchases asked above"),
    "max_purchase": QT_TRANSLATE_NOOP("AuditLog", "largest purchase"),
    "void_minutes": QT_TRANSLATE_NOOP("AuditLog", "minutes to void a sale"),
    "backup_folder": QT_TRANSLATE_NOOP("AuditLog", "backup folder"),
    "backup_keep_daily": QT_TRANSLATE_NOOP("AuditLog", "daily backups kept"),
    "backup_keep_weekly": QT_TRANSLATE_NOOP("AuditLog", "weekly backups kept"),
    # tiers and coupons
    "threshold": QT_TRANSLATE_NOOP("AuditLog", "threshold"),
    "discount_bp": QT_TRANSLATE_NOOP("AuditLog", "discount"),
    "multiplier_pct": QT_TRANSLATE_NOOP("AuditLog", "multiplier"),
    "birthday_bonus": QT_TRANSLATE_NOOP("AuditLog", "birthday bonus"),
    "qualify": QT_TRANSLATE_NOOP("AuditLog", "qualifies by"),
    "visits": QT_TRANSLATE_NOOP("AuditLog", "visits"),
    "visit_minimum": QT_TRANSLATE_NOOP("AuditLog", "least amount of a visit"),
    "color": QT_TRANSLATE_NOOP("AuditLog", "colour"),
    "code": QT_TRANSLATE_NOOP("AuditLog", "code"),
    "percent_bp": QT_TRANSLATE_NOOP("AuditLog", "percent"),
    "max_uses": QT_TRANSLATE_NOOP("AuditLog", "uses in all"),
    "once_per_member": QT_TRANSLATE_NOOP("AuditLog", "once per member"),
    # offers and rewards
    "reward": QT_TRANSLATE_NOOP("AuditLog", "reward"),
    "reward_points": QT_TRANSLATE_NOOP("AuditLog", "reward's points"),
    "offer_issued": QT_TRANSLATE_NOOP("AuditLog", "next-order offer"),
    "welcome_offer": QT_TRANSLATE_NOOP("AuditLog", "welcome offer"),
    "min_purchase": QT_TRANSLATE_NOOP("AuditLog", "minimum purchase"),
    "days": QT_TRANSLATE_NOOP("AuditLog", "days valid"),
    "above": QT_TRANSLATE_NOOP("AuditLog", "next order after a purchase above"),
    "inactive_days": QT_TRANSLATE_NOOP("AuditLog", "days away for a win-back"),
    "stock": QT_TRANSLATE_NOOP("AuditLog", "stock"),
    "stock_left": QT_TRANSLATE_NOOP("AuditLog", "stock left"),
    "rule": QT_TRANSLATE_NOOP("AuditLog", "offer rule"),
    "winback": QT_TRANSLATE_NOOP("AuditLog", "win-back offers"),
    "valid_from": QT_TRANSLATE_NOOP("AuditLog", "valid from"),
    "valid_to": QT_TRANSLATE_NOOP("AuditLog", "valid until"),
    "active": QT_TRANSLATE_NOOP("AuditLog", "active"),
    # users
    "username": QT_TRANSLATE_NOOP("AuditLog", "user name"),
    "display_name": QT_TRANSLATE_NOOP("AuditLog", "display name"),
    "role": QT_TRANSLATE_NOOP("AuditLog", "role"),
    # batches, files, surveys, follow-ups
    "members": QT_TRANSLATE_NOOP("AuditLog", "members"),
    "entries": QT_TRANSLATE_NOOP("AuditLog", "ledger entries"),
    "moves": QT_TRANSLATE_NOOP("AuditLog", "tier moves"),
    "moved": QT_TRANSLATE_NOOP("AuditLog", "members moved"),
    "start": QT_TRANSLATE_NOOP("AuditLog", "from"),
    "end": QT_TRANSLATE_NOOP("AuditLog", "to"),
    "scheduled": QT_TRANSLATE_NOOP("AuditLog", "on schedule"),
    "count": QT_TRANSLATE_NOOP("AuditLog", "count"),
    "since": QT_TRANSLATE_NOOP("AuditLog", "since"),
    "all": QT_TRANSLATE_NOOP("AuditLog", "all"),
    "file": QT_TRANSLATE_NOOP("AuditLog", "file"),
    "what": QT_TRANSLATE_NOOP("AuditLog", "what"),
    "rows": QT_TRANSLATE_NOOP("AuditLog", "rows"),
    "encrypted": QT_TRANSLATE_NOOP("AuditLog", "encrypted"),
    "error": QT_TRANSLATE_NOOP("AuditLog", "error"),
    "kept_aside": QT_TRANSLATE_NOOP("AuditLog", "kept aside"),
    "migrations": QT_TRANSLATE_NOOP("AuditLog", "database version"),
    "migrated": QT_TRANSLATE_NOOP("AuditLog", "upgraded with"),
    "counts": QT_TRANSLATE_NOOP("AuditLog", "counts"),
    "on_duplicate": QT_TRANSLATE_NOOP("AuditLog", "mobile already in the club"),
    "add": QT_TRANSLATE_NOOP("AuditLog", "added"),
    "merge": QT_TRANSLATE_NOOP("AuditLog", "merged"),
    "skip": QT_TRANSLATE_NOOP("AuditLog", "left out"),
    "nps": QT_TRANSLATE_NOOP("AuditLog", "recommend (0-10)"),
    "followup_id": QT_TRANSLATE_NOOP("AuditLog", "follow-up"),
    "category": QT_TRANSLATE_NOOP("AuditLog", "category"),
    "description": QT_TRANSLATE_NOOP("AuditLog", "what happened"),
    "note": QT_TRANSLATE_NOOP("AuditLog", "note"),
    "bytes": QT_TRANSLATE_NOOP("AuditLog", "size (bytes)"),
    "purchases": QT_TRANSLATE_NOOP("AuditLog", "purchases"),
    "ledger": QT_TRANSLATE_NOOP("AuditLog", "points ledger"),
    "users": QT_TRANSLATE_NOOP("AuditLog", "users"),
    "tiers": QT_TRANSLATE_NOOP("AuditLog", "tiers"),
    "coupons": QT_TRANSLATE_NOOP("AuditLog", "coupons"),
    "surveys": QT_TRANSLATE_NOOP("AuditLog", "surveys"),
    "refunds": QT_TRANSLATE_NOOP("AuditLog", "refunds"),
    "audit_log": QT_TRANSLATE_NOOP("AuditLog", "change log"),
}
ORDER = {key: i for i, key in enumerate(FIELDS)}

# stored words shown in the reader's words (a value not listed here is shown as stored)
VALUES = {
    "active": QT_TRANSLATE_NOOP("AuditLog", "active"),
    "blocked": QT_TRANSLATE_NOOP("AuditLog", "blocked"),
    "owner": QT_TRANSLATE_NOOP("AuditLog", "owner"),
    "cashier": QT_TRANSLATE_NOOP("AuditLog", "cashier"),
    "toman": QT_TRANSLATE_NOOP("AuditLog", "toman"),
    "rial": QT_TRANSLATE_NOOP("AuditLog", "rial"),
    "rolling12": QT_TRANSLATE_NOOP("AuditLog", "the last 12 months"),
    "jalali-year": QT_TRANSLATE_NOOP("AuditLog", "the Jalali year"),
    "f": QT_TRANSLATE_NOOP("AuditLog", "female"),
    "m": QT_TRANSLATE_NOOP("AuditLog", "male"),
    "open": QT_TRANSLATE_NOOP("AuditLog", "open"),
    "contacted": QT_TRANSLATE_NOOP("AuditLog", "contacted"),
    "resolved": QT_TRANSLATE_NOOP("AuditLog", "resolved"),
    "skip": QT_TRANSLATE_NOOP("AuditLog", "leave out"),
    "merge": QT_TRANSLATE_NOOP("AuditLog", "merge"),
    "members": QT_TRANSLATE_NOOP("AuditLog", "members"),
    "purchases": QT_TRANSLATE_NOOP("AuditLog", "purchases"),
    "ledger": QT_TRANSLATE_NOOP("AuditLog", "points ledger"),
    "spend": QT_TRANSLATE_NOOP("AuditLog", "spend"),
    "visits": QT_TRANSLATE_NOOP("AuditLog", "visits"),
    "either": QT_TRANSLATE_NOOP("AuditLog", "spend or visits"),
}
WORD_KEYS = {"status", "role", "display_unit", "window", "gender", "on_duplicate", "what", "qualify"}
USER_KEYS = {"owner"}  # a login name: shown as the user's name

YES = QT_TRANSLATE_NOOP("AuditLog", "yes")
NO = QT_TRANSLATE_NOOP("AuditLog", "no")
PERCENT = QT_TRANSLATE_NOOP("AuditLog", "%1%")
MAX_LINES = 8  # a purchase or an import lists many fields: the first few say enough
MONEY = {"rials_per_point", "point_value", "threshold", "amount", "gross", "net", "net_refunded", "refunded",
         "tier_discount", "coupon_discount", "redeem_value", "qualifying_spend", "to_next_tier", "to_keep_tier",
         "points_value", "confirm_above", "max_purchase", "visit_minimum"}
BASIS_POINTS = {"redeem_cap_bp", "discount_bp", "percent_bp"}
CODES = {"card", "mobile", "national_code", "referrer_card", "referrer", "code", "coupon_code", "file",
         "kept_aside", "backup_folder"}
# bookkeeping a person does not need: ids (the "Which" column names the thing), duplicates of a
# shown field, a tier's colour code (the colour itself is shown as a swatch)
SKIP = {"id", "created_at", "member_id", "purchase_id", "refund_id", "entry", "redemption_id", "tier_id", "tier_color",
        "joined_jalali", "birthday_today", "first_name", "last_name", "color", "signup_bonus_entry", "first_entry",
        "last_entry"}

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


def _is_moment(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        from_iso(value)
    except ValueError:
        return False
    return True


def value_text(key: str, value, unit: str, names: dict | None = None) -> str:
    """One stored value as a person reads it: amounts in the display unit, moments as Jalali
    Tehran times, stored words translated, users by name, codes left to right."""
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
    if isinstance(value, int) and key in {"nps", "followup_id", "migrations"}:
        return i18n.digits(str(value))
    if isinstance(value, int):
        return i18n.signed(value)
    if isinstance(value, float):
        return decimal_text(f"{value:g}")
    if isinstance(value, list):  # tier moves, migrations: how many
        return i18n.number(len(value))
    if isinstance(value, dict):  # a restore's counts of rows
        return "، ".join(f"{_t(FIELDS[k]) if k in FIELDS else k}: {value_text(k, v, unit, names)}"
                         for k, v in value.items()) if i18n.is_persian() else \
            ", ".join(f"{_t(FIELDS[k]) if k in FIELDS else k}: {value_text(k, v, unit, names)}"
                      for k, v in value.items())
    text = str(value)
    if _is_moment(text):
        return i18n.moment(text)
    if key in WORD_KEYS and text in VALUES:
        return _t(VALUES[text])
    if key == "category" and text in CATEGORIES:
        return QCoreApplication.translate("Report", CATEGORIES[text])
    if key in USER_KEYS:
        return i18n.person(text, names or {})
    if key in CODES or text.isascii():
        return i18n.ltr(i18n.digits(text) if text.isdigit() or key in {"card", "mobile", "national_code"} else text)
    return i18n.digits(text) if key in {"birthday", "since"} else text


def change_text(entry: audit_log.AuditEntry, unit: str, names: dict | None = None) -> str:
    """``field: before → after`` for each changed field, one per line, the telling ones first."""
    lines = []
    changes = sorted(entry.changes(), key=lambda c: (ORDER.get(c[0], len(ORDER)), c[0]))
    for key, before, after in changes:
        if key in SKIP:
            continue
        name = _t(FIELDS[key]) if key in FIELDS else key
        if before is None and (not isinstance(entry.before, dict) or key not in entry.before):  # a new value
            if after in (None, "", 0, False, []):  # no coupon, nothing redeemed: nothing to read
                continue
            lines.append(f"{name}: {value_text(key, after, unit, names)}")
        else:
            lines.append(f"{name}: {value_text(key, before, unit, names)} ← {value_text(key, after, unit, names)}"
                         if i18n.is_persian() else
                         f"{name}: {value_text(key, before, unit, names)} → {value_text(key, after, unit, names)}")
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES - 1] + ["…"]
    return "\n".join(lines)


def colours(entry: audit_log.AuditEntry) -> tuple[str | None, str | None] | None:
    """A tier's colour before and after, when the entry sets or changes it."""
    b = entry.before.get("color") if isinstance(entry.before, dict) else None
    a = entry.after.get("color") if isinstance(entry.after, dict) else None
    return (b, a) if a and a != b else None


def swatch_html(before: str | None, after: str) -> str:
    """The colour (and the one it replaced) as filled squares: a person sees colours, never a colour's code."""
    def square(color: str) -> str:
        return f'<span style="color:{QColor(color).name()}; font-size:16px;">■</span>'
    arrow = " ← " if i18n.is_persian() else " → "
    return f"{_t(FIELDS['color'])}: " + (square(before) + arrow if before else "") + square(after)


class AuditTab(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.unit = "toman"
        self.entries: list[audit_log.AuditEntry] = []
        self.names: dict[str, str] = {}  # login name → name shown, for the values naming a user
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

        def job(s):
            return audit_log.recent(s, LIMIT, entity), audit_log.display_names(s)

        def done(value):
            entries, self.names = value
            self.show_entries(entries)

        self.runner.call(job, done, lambda e: message(self.status, i18n.error_text(e), True))

    def show_entries(self, entries) -> None:
        self.entries = list(entries)
        self.status.clear()
        with filling(self.table):
            self.table.setRowCount(len(self.entries))
            for r, e in enumerate(self.entries):
                role = _t(VALUES[e.role]) if e.role in VALUES else e.role
                self.table.setItem(r, 0, cell(i18n.moment(e.at)))
                who = i18n.person(e.actor, self.names)
                self.table.setItem(r, 1, cell(f"{who} ({role})"))
                self.table.setItem(r, 2, cell(_t(ACTIONS[e.action]) if e.action in ACTIONS else e.action))
                which = e.entity_id or ""
                self.table.setItem(r, 3, cell(i18n.ltr(i18n.digits(which)) if which else "—"))
                text = change_text(e, self.unit, self.names)
                self.table.setItem(r, 4, cell(text))
                colour = colours(e)
                if colour:  # a rich-text cell: the colour shown, never its code
                    label = QLabel("<br>".join([html.escape(line) for line in text.split("\n") if line]
                                               + [swatch_html(*colour)]))
                    label.setObjectName("auditSwatch")
                    label.setTextFormat(Qt.TextFormat.RichText)
                    label.setContentsMargins(4, 2, 4, 2)
                    self.table.item(r, 4).setText("")
                    self.table.setCellWidget(r, 4, label)
                else:
                    self.table.removeCellWidget(r, 4)
        self.table.resizeRowsToContents()  # after the columns' widths: a wrapped change is taller
