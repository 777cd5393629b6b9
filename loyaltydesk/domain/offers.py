"""Offers addressed to members and the reward catalog, as pure rules.

An offer is a coupon bound to one member (a percent or a fixed rial discount: step 3 of the
checkout), with a minimum purchase and an expiry in days. The owner turns on the rules that issue
them: ``welcome`` (at sign-up), ``birthday`` (the daily run, in the birthday's week),
``winback`` (the daily run, members on the churn-risk list) and ``next_order`` (at a purchase above
an amount). Each member gets one offer per rule and occasion (``occasion_key``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import jdatetime

from .errors import QT_TRANSLATE_NOOP, Problem

RULES = ("welcome", "birthday", "winback", "next_order")
PREFIX = {"welcome": "W", "birthday": "B", "winback": "R", "next_order": "N"}
# letters and digits nobody reads wrong on a receipt (no 0/O, 1/I/L, 2/Z, 5/S, 8/B)
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 7  # after the rule's letter: 25^7 ≈ 6e9 codes
MAX_DAYS = 3650
MAX_AMOUNT = 10**13
MAX_REWARD_POINTS = 10**9
MAX_STOCK = 10**9

RULE_UNKNOWN = QT_TRANSLATE_NOOP("LoyaltyError", "There is no offer rule {rule}: one of welcome, birthday, winback, next-order.")
RULE_ONE_KIND = QT_TRANSLATE_NOOP("LoyaltyError", "An offer takes either a percent or an amount, not both.")
RULE_NO_DISCOUNT = QT_TRANSLATE_NOOP("LoyaltyError", "An offer that is on needs a percent or an amount.")
RULE_PERCENT = QT_TRANSLATE_NOOP("LoyaltyError", "An offer's percent is more than 0 and at most 100.")
RULE_AMOUNT = QT_TRANSLATE_NOOP("LoyaltyError", "An offer's amount cannot be negative or above {maximum}.")
RULE_MIN_PURCHASE = QT_TRANSLATE_NOOP("LoyaltyError", "A minimum purchase cannot be negative or above {maximum}.")
RULE_DAYS = QT_TRANSLATE_NOOP("LoyaltyError", "An offer is valid for 1 to {maximum} days.")
RULE_ABOVE = QT_TRANSLATE_NOOP("LoyaltyError", "A next-order offer needs a purchase amount above 0 that earns it.")
RULE_INACTIVE_DAYS = QT_TRANSLATE_NOOP("LoyaltyError", "A win-back offer needs 1 to {maximum} days without a visit.")
RULE_AMOUNT_OVER_MIN = QT_TRANSLATE_NOOP(
    "LoyaltyError", "An offer of a fixed amount cannot be more than its minimum purchase ({minimum}).")

REWARD_NAME = QT_TRANSLATE_NOOP("LoyaltyError", "A reward needs a name (at most 60 characters).")
REWARD_POINTS = QT_TRANSLATE_NOOP("LoyaltyError", "A reward's price is 1 to {maximum} points.")
REWARD_STOCK = QT_TRANSLATE_NOOP("LoyaltyError", "A reward's stock is 0 to {maximum}, or empty for unlimited.")
REWARD_NAME_MAX = 60


@dataclass(frozen=True)
class OfferRule:
    """One rule of the owner's: on or off, the discount (percent in basis points, or rials), the
    minimum purchase, how many days an offer is valid, and the rule's own trigger (``above``: a
    next-order offer follows a purchase of more than this gross; ``inactive_days``: a win-back
    offer needs at least this many days without a visit)."""

    rule: str
    active: bool = False
    percent_bp: int = 0
    amount: int = 0
    min_purchase: int = 0
    days: int = 30
    above: int = 0
    inactive_days: int = 60


def rule_problems(r: OfferRule) -> list[Problem]:
    """Everything wrong with a rule, each beside its field. A rule that is off may be left without
    a discount (it issues nothing); every number is still checked."""
    found: list[Problem] = []
    if r.rule not in RULES:
        found.append(Problem("rule", RULE_UNKNOWN, {"rule": r.rule}))
    if r.percent_bp and r.amount:
        found.append(Problem("percent", RULE_ONE_KIND))
    if r.percent_bp < 0 or r.percent_bp > 10_000:
        found.append(Problem("percent", RULE_PERCENT))
    if r.amount < 0 or r.amount > MAX_AMOUNT:
        found.append(Problem("amount", RULE_AMOUNT, {"maximum": MAX_AMOUNT}))
    if r.active and not r.percent_bp and not r.amount:
        found.append(Problem("percent", RULE_NO_DISCOUNT))
    if r.min_purchase < 0 or r.min_purchase > MAX_AMOUNT:
        found.append(Problem("min_purchase", RULE_MIN_PURCHASE, {"maximum": MAX_AMOUNT}))
    elif r.amount > 0 and r.min_purchase and r.amount > r.min_purchase:
        found.append(Problem("amount", RULE_AMOUNT_OVER_MIN, {"minimum": r.min_purchase}))
    if not 1 <= r.days <= MAX_DAYS:
        found.append(Problem("days", RULE_DAYS, {"maximum": MAX_DAYS}))
    if r.rule == "next_order" and r.active and r.above <= 0 or r.above < 0 or r.above > MAX_AMOUNT:
        found.append(Problem("above", RULE_ABOVE))
    if not 1 <= r.inactive_days <= MAX_DAYS:
        found.append(Problem("inactive_days", RULE_INACTIVE_DAYS, {"maximum": MAX_DAYS}))
    return found


def occasion_key(rule: str, today: jdatetime.date | None = None, purchase_id: int | None = None) -> str:
    """The key that makes an offer once per member and occasion: ``welcome``, ``birthday:1404``
    (the Jalali year of the birthday), ``winback:1404/09`` (the Jalali month of the run),
    ``next_order:<purchase id>`` (the purchase that earned it)."""
    if rule == "welcome":
        return "welcome"
    if rule == "next_order":
        return f"next_order:{purchase_id}"
    assert today is not None
    if rule == "birthday":
        return f"birthday:{today.year}"
    return f"winback:{today.year}/{today.month:02d}"


def new_offer_code(rule: str, choice=secrets.choice) -> str:
    """A printable code: the rule's letter and seven letters or digits nobody misreads."""
    return PREFIX[rule] + "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def reward_problems(name: str, points: int, stock: int | None) -> list[Problem]:
    found = []
    if not name or len(name) > REWARD_NAME_MAX:
        found.append(Problem("name", REWARD_NAME))
    if not 1 <= points <= MAX_REWARD_POINTS:
        found.append(Problem("points", REWARD_POINTS, {"maximum": MAX_REWARD_POINTS}))
    if stock is not None and not 0 <= stock <= MAX_STOCK:
        found.append(Problem("stock", REWARD_STOCK, {"maximum": MAX_STOCK}))
    return found
