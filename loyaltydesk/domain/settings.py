"""The club's own rules, as the owner sets them."""

from __future__ import annotations

from dataclasses import dataclass, fields

from .checkout import Rules
from .errors import QT_TRANSLATE_NOOP, Problem, Rials
from .money import AMOUNT_TOO_LARGE, MAX_AMOUNT, Unit
from .tiers import Window


@dataclass(frozen=True)
class ClubSettings:
    shop_name: str = "فروشگاه من"
    display_unit: str = Unit.TOMAN.value
    rials_per_point: int = 10_000  # spend this many rials (net, ×1) to earn one point
    point_value: int = 100  # rials one point pays when redeemed
    redeem_cap_bp: int = 5_000  # points may pay at most this share of what is left (50%)
    expiry_months: int = 12  # each earn lot expires this many months later; 0 = never
    window: str = Window.ROLLING12.value
    referral_bonus: int = 0  # points to the referrer at the referred member's first purchase
    referred_bonus: int = 0  # points to the referred member at their own first purchase (0 = off)
    signup_bonus: int = 0  # points to every new member at sign-up, once (0 = off)
    anniversary_bonus: int = 0  # points each year on the day a member joined (daily run; 0 = off)
    thank_you: str = "از خرید شما سپاسگزاریم"
    # backups: "" = the "backups" folder beside the database; automatic ones kept N days / M weeks,
    # and no more than this many MB of them in all (0 = no limit; the newest is always kept): 5 GB holds
    # about 14 automatic backups of a 1 GB club (gzip packs one to ~36%)
    backup_folder: str = ""
    backup_keep_daily: int = 7
    backup_keep_weekly: int = 4
    backup_keep_mb: int = 5_000
    # the till's guard rails: a purchase above ``confirm_above`` asks the cashier first;
    # one above ``max_purchase`` is refused everywhere (a card number typed as an amount is ~6e12 rials)
    confirm_above: int = 1_000_000_000  # rials (100,000,000 toman)
    max_purchase: int = 100_000_000_000  # rials (10,000,000,000 toman)
    void_minutes: int = 5  # the cashier who registered a sale may void it this long after; 0 = never

    def rules(self, discount_bp: int = 0, multiplier_pct: int = 100) -> Rules:
        return Rules(
            discount_bp=discount_bp,
            multiplier_pct=multiplier_pct,
            rials_per_point=self.rials_per_point,
            point_value=self.point_value,
            redeem_cap_bp=self.redeem_cap_bp,
            max_gross=self.max_purchase,
        )

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, values: dict) -> "ClubSettings":
        return cls(**{k: v for k, v in values.items() if k in SETTING_NAMES})


SETTING_NAMES = frozenset(f.name for f in fields(ClubSettings))  # what the settings table holds for the rules


def validate_settings(s: ClubSettings) -> list[Problem]:
    """Every problem of the settings form at once."""
    problems = []
    if not s.shop_name.strip():
        problems.append(Problem("shop_name", QT_TRANSLATE_NOOP("LoyaltyError", "The shop needs a name.")))
    if s.display_unit not in {u.value for u in Unit}:
        problems.append(
            Problem("display_unit", QT_TRANSLATE_NOOP("LoyaltyError", "The display unit is toman or rial."))
        )
    if s.rials_per_point < 1:
        problems.append(
            Problem(
                "rials_per_point",
                QT_TRANSLATE_NOOP("LoyaltyError", "The spend for one point must be at least {minimum}."),
                # one of the unit the form is typed in (its field takes whole tomans in a toman shop)
                {"minimum": Rials(Unit(s.display_unit).rials if s.display_unit in {u.value for u in Unit} else 1)},
            )
        )
    if s.point_value < 0:
        problems.append(
            Problem("point_value", QT_TRANSLATE_NOOP("LoyaltyError", "A point's value cannot be negative."))
        )
    if not 0 <= s.redeem_cap_bp <= 10_000:
        problems.append(
            Problem(
                "redeem_cap",
                QT_TRANSLATE_NOOP("LoyaltyError", "The redemption cap is a percent between 0 and 100."),
            )
        )
    if not 0 <= s.expiry_months <= 120:
        problems.append(
            Problem(
                "expiry_months",
                QT_TRANSLATE_NOOP("LoyaltyError", "Expiry is between 0 (never) and 120 months."),
            )
        )
    if s.window not in {w.value for w in Window}:
        problems.append(
            Problem(
                "window",
                QT_TRANSLATE_NOOP("LoyaltyError", "The qualifying window is rolling12 or jalali-year."),
            )
        )
    if s.referral_bonus < 0:
        problems.append(
            Problem(
                "referral_bonus",
                QT_TRANSLATE_NOOP("LoyaltyError", "The referral bonus cannot be negative."),
            )
        )
    problems += _bonus_problems(s)
    problems += _backup_problems(s)
    problems += _till_problems(s)
    return problems


BONUS_MAX = 10_000_000  # points: far above any bonus a shop gives, far below an overflow


def _bonus_problems(s: ClubSettings) -> list[Problem]:
    problems = []
    for name, value in (("referred_bonus", s.referred_bonus), ("signup_bonus", s.signup_bonus),
                        ("anniversary_bonus", s.anniversary_bonus)):
        if not 0 <= value <= BONUS_MAX:
            problems.append(Problem(name, QT_TRANSLATE_NOOP(
                "LoyaltyError", "A bonus is between 0 (off) and {maximum} points."), {"maximum": BONUS_MAX}))
    return problems


def _backup_problems(s: ClubSettings) -> list[Problem]:
    problems = []
    if len(s.backup_folder) > 400 or any(ord(c) < 32 for c in s.backup_folder):
        problems.append(Problem("backup_folder", QT_TRANSLATE_NOOP("LoyaltyError", "The backup folder is not a usable path.")))
    if not 1 <= s.backup_keep_daily <= 366:
        problems.append(Problem("backup_keep_daily", QT_TRANSLATE_NOOP(
            "LoyaltyError", "Daily backups kept is between 1 and 366.")))
    if not 0 <= s.backup_keep_weekly <= 520:
        problems.append(Problem("backup_keep_weekly", QT_TRANSLATE_NOOP(
            "LoyaltyError", "Weekly backups kept is between 0 and 520.")))
    if not 0 <= s.backup_keep_mb <= BACKUP_KEEP_MB_MAX:
        problems.append(Problem("backup_keep_mb", QT_TRANSLATE_NOOP(
            "LoyaltyError", "The space for automatic backups is between 0 (no limit) and {maximum} MB."),
            {"maximum": BACKUP_KEEP_MB_MAX}))
    return problems


BACKUP_KEEP_MB_MAX = 100_000_000  # 100 TB


VOID_MINUTES_MAX = 60


def _till_problems(s: ClubSettings) -> list[Problem]:
    problems = []
    for field, value in (("confirm_above", s.confirm_above), ("max_purchase", s.max_purchase)):
        if value < 1:
            problems.append(Problem(field, QT_TRANSLATE_NOOP("LoyaltyError", "This amount must be more than zero.")))
        elif value > MAX_AMOUNT:
            problems.append(Problem(field, AMOUNT_TOO_LARGE, {"value": str(value)}))
    if not 0 <= s.void_minutes <= VOID_MINUTES_MAX:
        problems.append(Problem("void_minutes", QT_TRANSLATE_NOOP(
            "LoyaltyError", "A sale can be voided for 0 (never) to {maximum} minutes."), {"maximum": VOID_MINUTES_MAX}))
    return problems
