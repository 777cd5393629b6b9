"""The checkout arithmetic of the club's rules (docs/rules.md), in its one fixed order.

1. gross  2. − tier discount (percent of gross)  3. − coupon  4. − redeemed points
(points × point value, capped at a percent of what is left)  5. = net (never negative)
6. points earned = floor(net / rials-per-point × tier multiplier) + campaign bonus.
Every division is integer floor division done once, at the end of its line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import QT_TRANSLATE_NOOP, Problem, RuleViolation, Rials, ValidationError, require_valid
from .money import format_percent_bp

REDEEM_NEGATIVE = QT_TRANSLATE_NOOP("LoyaltyError", "Points to redeem cannot be negative.")
REDEEM_WHILE_NEGATIVE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "The points balance is {balance}: nothing can be redeemed until it is positive."
)
REDEEM_OVER_BALANCE = QT_TRANSLATE_NOOP(
    "LoyaltyError", "Only {balance} points are available; {points} were asked for."
)
REDEEM_OVER_CAP = QT_TRANSLATE_NOOP(
    "LoyaltyError",
    "At most {max_points} points can be redeemed on this purchase ({cap}, {cap_percent}% of {base}).",
)
REDEEM_DISABLED = QT_TRANSLATE_NOOP("LoyaltyError", "Points cannot be redeemed: the club gives a point no value.")
GROSS_NOT_POSITIVE = QT_TRANSLATE_NOOP("LoyaltyError", "The purchase amount must be more than zero.")
GROSS_OVER_CEILING = QT_TRANSLATE_NOOP(
    "LoyaltyError", "A purchase cannot be more than {maximum} (the club's ceiling): check the amount."
)


class CheckoutRefused(ValidationError, RuleViolation):
    """A purchase refused, with every problem found, each beside its field: what was typed and what
    the club's rules say no to alike. A ValidationError (all the form's problems at once) and a
    RuleViolation (the rules refuse it), so that either handler takes it."""


@dataclass(frozen=True)
class Coupon:
    """A coupon or reward as checkout sees it: a percent (basis points) or a fixed rial amount."""

    code: str
    percent_bp: int = 0
    amount: int = 0

    def discount_on(self, base: int) -> int:
        if self.percent_bp:
            return min(base, base * self.percent_bp // 10_000)
        return min(base, self.amount)


@dataclass(frozen=True)
class Rules:
    """The numbers of the club and of the member's tier that pricing needs."""

    discount_bp: int = 0
    multiplier_pct: int = 100
    rials_per_point: int = 10_000
    point_value: int = 100
    redeem_cap_bp: int = 5_000
    max_gross: int = 0  # the club's ceiling on one purchase (0: none)


@dataclass(frozen=True)
class CheckoutLines:
    gross: int
    tier_discount: int
    coupon_code: str | None
    coupon_discount: int
    points_redeemed: int
    redeem_value: int
    net: int
    points_earned: int  # step 6 in all: the points of the tier and of the campaigns
    bonus_points: int = 0
    campaign_points: int = 0  # the campaigns' share of ``points_earned`` (their own line)
    campaigns: tuple[tuple[str, int], ...] = ()  # (campaign name, points) of each campaign that gave some

    @property
    def base_points(self) -> int:
        """The points of the tier alone (the purchase's earn entry)."""
        return self.points_earned - self.campaign_points

    @property
    def after_discount(self) -> int:
        return self.gross - self.tier_discount

    @property
    def after_coupon(self) -> int:
        return self.after_discount - self.coupon_discount


def redeem_cap(after_coupon: int, rules: Rules) -> int:
    """The most rials that points may pay on what is left after the coupon."""
    return after_coupon * rules.redeem_cap_bp // 10_000


def max_redeemable(after_coupon: int, balance: int, rules: Rules) -> int:
    """The most points a member could redeem here: bounded by balance and by the cap."""
    if balance <= 0 or rules.point_value <= 0:
        return 0
    return min(balance, redeem_cap(after_coupon, rules) // rules.point_value)


def problems(
    gross: int,
    rules: Rules,
    coupon: Coupon | None = None,
    redeem_points: int = 0,
    balance: int = 0,
) -> list[Problem]:
    """Everything wrong with this checkout, each with its field (``amount``, ``redeem``): an amount
    that is not positive or above the club's ceiling; a redemption that is negative, of points worth
    nothing, while the balance is not positive, beyond the balance, beyond the cap. The cap is
    judged only on an amount that can be priced (there is nothing to cap otherwise)."""
    found: list[Problem] = []
    if gross <= 0:
        found.append(Problem("amount", GROSS_NOT_POSITIVE))
    elif rules.max_gross and gross > rules.max_gross:
        found.append(Problem("amount", GROSS_OVER_CEILING, {"maximum": Rials(rules.max_gross)}))
    if redeem_points < 0:
        found.append(Problem("redeem", REDEEM_NEGATIVE))
    elif redeem_points:
        after_coupon = None if found else _lines(gross, rules, coupon).after_coupon
        found += _redemption_problems(redeem_points, balance, after_coupon, rules)
    return found


def _redemption_problems(points: int, balance: int, after_coupon: int | None, rules: Rules) -> list[Problem]:
    """Why ``points`` (more than zero) cannot be redeemed; the cap only on a priced amount
    (``after_coupon``: what is left after the coupon, None while the amount cannot be priced)."""
    if rules.point_value <= 0:
        return [Problem("redeem", REDEEM_DISABLED)]
    if balance <= 0:
        return [Problem("redeem", REDEEM_WHILE_NEGATIVE, {"balance": balance})]
    found = []
    if points > balance:
        found.append(Problem("redeem", REDEEM_OVER_BALANCE, {"balance": balance, "points": points}))
    if after_coupon is not None and points * rules.point_value > (cap := redeem_cap(after_coupon, rules)):
        found.append(Problem("redeem", REDEEM_OVER_CAP, {
            "max_points": max_redeemable(after_coupon, balance, rules), "cap": Rials(cap),
            "cap_percent": format_percent_bp(rules.redeem_cap_bp), "base": Rials(after_coupon),
        }))
    return found


# what is wrong with what was typed (a ValidationError); the rest is the club's rules refusing
_INVALID = frozenset({GROSS_NOT_POSITIVE, GROSS_OVER_CEILING, REDEEM_NEGATIVE})


def compute(
    gross: int,
    rules: Rules,
    coupon: Coupon | None = None,
    redeem_points: int = 0,
    balance: int = 0,
    bonus_points: int = 0,
) -> CheckoutLines:
    """Price one purchase that ``problems`` finds nothing wrong with. Refuses (ValidationError,
    every such problem) an amount that is not positive or above the club's ceiling (a card number
    scanned into the amount field) or a negative redemption; (RuleViolation) a redemption beyond
    the balance or the cap, or any redemption while the balance is not positive."""
    found = problems(gross, rules, coupon, redeem_points, balance)
    require_valid(p for p in found if p.template in _INVALID)
    if found:
        raise RuleViolation(found[0].template, **found[0].params)
    return _lines(gross, rules, coupon, redeem_points, bonus_points)


def _lines(gross: int, rules: Rules, coupon: Coupon | None = None, redeem_points: int = 0,
           bonus_points: int = 0) -> CheckoutLines:
    """The arithmetic alone, in the club's rules' order (docs/rules.md) (``compute`` checks first)."""
    tier_discount = gross * rules.discount_bp // 10_000
    after_discount = gross - tier_discount
    coupon_discount = coupon.discount_on(after_discount) if coupon else 0
    redeem_value = redeem_points * rules.point_value
    net = max(0, after_discount - coupon_discount - redeem_value)
    earned = net * rules.multiplier_pct // (rules.rials_per_point * 100) + bonus_points
    return CheckoutLines(
        gross=gross,
        tier_discount=tier_discount,
        coupon_code=coupon.code if coupon else None,
        coupon_discount=coupon_discount,
        points_redeemed=redeem_points,
        redeem_value=redeem_value,
        net=net,
        points_earned=earned,
        bonus_points=bonus_points,
    )


def with_campaigns(lines: CheckoutLines, campaigns: list[tuple[str, int]]) -> CheckoutLines:
    """The lines with the campaigns' points added to step 6 as their own line (those giving 0 left out)."""
    given = tuple((name, points) for name, points in campaigns if points > 0)
    extra = sum(points for _name, points in given)
    return replace(lines, points_earned=lines.base_points + extra, campaign_points=extra, campaigns=given)


@dataclass(frozen=True)
class RefundShare:
    """What one (partial) refund gives back and takes back."""

    amount: int  # gross value of the goods returned
    net_refunded: int  # money paid back
    points_reversed: int  # earned points taken back
    points_returned: int  # redeemed points given back


def refund_share(lines: CheckoutLines, refunded_before: int, amount: int) -> RefundShare:
    """Proportional shares of a refund of ``amount`` (gross value) after ``refunded_before``.

    Shares are computed on the running total and differenced, so that refunds in several parts
    add up exactly to a whole refund (the last part takes whatever floors left behind).
    """
    def share(total: int, refunded: int) -> int:
        return total * refunded // lines.gross

    after = refunded_before + amount
    return RefundShare(
        amount=amount,
        net_refunded=share(lines.net, after) - share(lines.net, refunded_before),
        points_reversed=share(lines.points_earned, after) - share(lines.points_earned, refunded_before),
        points_returned=share(lines.points_redeemed, after) - share(lines.points_redeemed, refunded_before),
    )
