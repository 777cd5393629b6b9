"""What the cashier page asks between key presses: the live checkout preview."""

from __future__ import annotations

from dataclasses import dataclass

from loyaltydesk.domain import checkout as rules
from loyaltydesk.domain.errors import QT_TRANSLATE_NOOP, LoyaltyError, Problem, Rials
from loyaltydesk.domain.roles import Action
from loyaltydesk.store import club as club_store

from .checkout import BLOCKED, _coupon, _price, balance_now
from .members import resolve
from .session import Session

NO_AMOUNT = QT_TRANSLATE_NOOP("LoyaltyError", "Enter the amount of the purchase.")


@dataclass(frozen=True)
class Preview:
    """The checkout lines as ``register_purchase`` will compute them now (``None`` while the form
    cannot be priced), the most points this purchase may redeem, and what is wrong, per field."""

    lines: rules.CheckoutLines | None
    max_redeem: int
    balance: int
    problems: tuple[Problem, ...] = ()


def preview(session: Session, key: str, gross: int, redeem: int = 0, coupon: str | None = None) -> Preview:
    """Price the purchase being typed. Never raises for the form's own mistakes: they come back as
    problems (an amount above the club's ceiling, an over-cap redemption, an unknown coupon), so the
    page can say so as you type."""
    session.require(Action.PURCHASE)
    db = session.db
    row = resolve(db, key)
    now = session.now_iso()
    balance = balance_now(db, row, now)
    if row["status"] != "active":
        return Preview(None, 0, balance, (Problem("member", BLOCKED, {"card": row["card"]}),))
    if gross <= 0:
        return Preview(None, 0, balance, (Problem("amount", NO_AMOUNT),))
    ceiling = club_store.club_settings(db).max_purchase
    if gross > ceiling:  # a card number scanned into the amount, a slip of the finger: not priced
        return Preview(None, 0, balance, (Problem("amount", rules.GROSS_OVER_CEILING, {"maximum": Rials(ceiling)}),))
    problems: list[Problem] = []
    try:
        settings, tiers, tier, plain = _price(session, row, gross, 0, coupon, now, balance)
    except LoyaltyError as e:
        problems.append(Problem("coupon", e.template, e.params))
        settings, tiers, tier, plain = _price(session, row, gross, 0, None, now, balance)
    tier_rules = settings.rules(tier.discount_bp, tier.multiplier_pct) if tier else settings.rules()
    most = rules.max_redeemable(plain.after_coupon, balance, tier_rules)
    lines = plain
    coupon_rule = _coupon(db, plain.coupon_code, row["id"], now) if plain.coupon_code else None
    if redeem:
        try:
            lines = rules.compute(gross, tier_rules, coupon_rule, redeem, balance)
        except LoyaltyError as e:
            problems.append(Problem("redeem", e.template, e.params))
    return Preview(lines, most, balance, tuple(problems))

