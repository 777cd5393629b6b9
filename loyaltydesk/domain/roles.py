"""Who may do what. The rule lives here and is enforced by every service, not by hidden buttons."""

from __future__ import annotations

from enum import Enum


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


_CASHIER = {Action.FIND_MEMBER, Action.SIGN_UP, Action.EDIT_MEMBER, Action.PURCHASE,
            Action.RUN_EXPIRY, Action.GRANT_BONUSES}

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.OWNER: frozenset(Action),
    Role.CASHIER: frozenset(_CASHIER),
}


def may(role: Role | str, action: Action) -> bool:
    return action in ALLOWED[Role(role)]
