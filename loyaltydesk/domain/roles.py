"""Who may do what. The rule lives here and is enforced by every service, not by hidden buttons."""

from __future__ import annotations

from enum import Enum

from .errors import QT_TRANSLATE_NOOP


class Role(str, Enum):
    OWNER = "owner"
    CASHIER = "cashier"


class Action(str, Enum):
    FIND_MEMBER = "find_member"
    SIGN_UP = "sign_up"
    EDIT_MEMBER = "edit_member"  # names, birthday, consent, notes
    EDIT_IDENTITY = "edit_identity"  # mobile, national code, referrer: who owns the points
    BLOCK_MEMBER = "block_member"
    PURCHASE = "purchase"
    BACKDATE_PURCHASE = "backdate_purchase"
    REFUND = "refund"
    ADJUST_POINTS = "adjust_points"
    RUN_EXPIRY = "run_expiry"
    REVIEW_TIERS = "review_tiers"
    GRANT_BONUSES = "grant_bonuses"
    CHANGE_RULES = "change_rules"
    MANAGE_USERS = "manage_users"
    CHECK_DATABASE = "check_database"
    READ_AUDIT = "read_audit"
    FILL_DEMO = "fill_demo"
    ANSWER_SURVEY = "answer_survey"  # record a customer's survey answers (kiosk or counter)
    LOG_COMPLAINT = "log_complaint"  # note a complaint or a return at the counter
    FOLLOW_UP = "follow_up"  # read, contact and resolve follow-up items
    READ_REPORTS = "read_reports"
    # (trust)
    BACK_UP = "back_up"  # back up now, list and verify backups: the member list leaves on a stick
    AUTO_BACKUP = "auto_backup"  # the automatic backup at start and daily, whoever is signed in
    AUTO_REVIEW = "auto_review"  # the scheduled tier review (monthly, or at Nowruz), whoever is signed in
    RESTORE = "restore"
    IMPORT_MEMBERS = "import_members"
    EXPORT_DATA = "export_data"  # members, purchases, ledger to a file: personal data
    PRINT_CARDS = "print_cards"  # member cards, one or a batch
    VOID_PURCHASE = "void_purchase"  # take back one's own sale within minutes (a refund is the owner's)
    SEND_MESSAGES = "send_messages"  # the text messages' sender and daily warnings, whoever is signed in
    MANAGE_MESSAGES = "manage_messages"  # the SMS settings, the outbox, retry, cancel, a test send


_CASHIER = {Action.FIND_MEMBER, Action.SIGN_UP, Action.EDIT_MEMBER, Action.PURCHASE,
            Action.RUN_EXPIRY, Action.GRANT_BONUSES, Action.ANSWER_SURVEY, Action.LOG_COMPLAINT}
_CASHIER.add(Action.AUTO_BACKUP)  # like expiry, it runs whoever is signed in
_CASHIER.add(Action.PRINT_CARDS)  # cashiers print cards (docs/rules.md)
_CASHIER.add(Action.VOID_PURCHASE)  # only their own sale, only within the club's minutes (the service checks)
_CASHIER.add(Action.SEND_MESSAGES)  # like expiry: the app's sender runs whoever is signed in
_CASHIER.add(Action.AUTO_REVIEW)  # like expiry: the club moves members down on its own when a review is due

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.OWNER: frozenset(Action),
    Role.CASHIER: frozenset(_CASHIER),
}


def may(role: Role | str, action: Action) -> bool:
    return action in ALLOWED[Role(role)]


# Words that fill error templates ("A {role} may not {action}") and that the GUI translates in the
# context "Words" before filling: every role and every action, as DENIED in services/session.py spells it.
WORDS = (
    QT_TRANSLATE_NOOP("Words", "owner"), QT_TRANSLATE_NOOP("Words", "cashier"),
    QT_TRANSLATE_NOOP("Words", "find member"), QT_TRANSLATE_NOOP("Words", "sign up"),
    QT_TRANSLATE_NOOP("Words", "edit member"), QT_TRANSLATE_NOOP("Words", "edit identity"),
    QT_TRANSLATE_NOOP("Words", "block member"), QT_TRANSLATE_NOOP("Words", "purchase"),
    QT_TRANSLATE_NOOP("Words", "backdate purchase"), QT_TRANSLATE_NOOP("Words", "refund"),
    QT_TRANSLATE_NOOP("Words", "adjust points"), QT_TRANSLATE_NOOP("Words", "run expiry"),
    QT_TRANSLATE_NOOP("Words", "review tiers"), QT_TRANSLATE_NOOP("Words", "grant bonuses"),
    QT_TRANSLATE_NOOP("Words", "change rules"), QT_TRANSLATE_NOOP("Words", "manage users"),
    QT_TRANSLATE_NOOP("Words", "check database"), QT_TRANSLATE_NOOP("Words", "read audit"),
    QT_TRANSLATE_NOOP("Words", "fill demo"), QT_TRANSLATE_NOOP("Words", "answer survey"),
    QT_TRANSLATE_NOOP("Words", "log complaint"), QT_TRANSLATE_NOOP("Words", "follow up"),
    QT_TRANSLATE_NOOP("Words", "read reports"), QT_TRANSLATE_NOOP("Words", "back up"),
    QT_TRANSLATE_NOOP("Words", "auto backup"), QT_TRANSLATE_NOOP("Words", "restore"),
    QT_TRANSLATE_NOOP("Words", "import members"), QT_TRANSLATE_NOOP("Words", "export data"),
    QT_TRANSLATE_NOOP("Words", "print cards"), QT_TRANSLATE_NOOP("Words", "auto review"),
    QT_TRANSLATE_NOOP("Words", "void purchase"),
    QT_TRANSLATE_NOOP("Words", "send messages"), QT_TRANSLATE_NOOP("Words", "manage messages"),
)
